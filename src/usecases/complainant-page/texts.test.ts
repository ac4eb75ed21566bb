import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { emptyFacts, policyFromRegulation, type ComplaintFacts } from '../../domain/workflow/index.ts';
import { presetRegulation } from '../../domain/workflow/test-support.ts';
import { nextStepsForComplainant } from './next-steps.ts';
import { statusText } from './page.ts';

/** Mijn klacht's sentences say only what happened, and each thing once. */
describe('complainant page texts', () => {
  const reg = presetRegulation('stadsring51');
  const policy = policyFromRegulation(reg);
  const decided = { ...emptyFacts(), receivedOn: '2026-12-01', status: 'decided', decision: { outcome: 'upheld', decidedOn: '2026-12-02' } } as unknown as ComplaintFacts;

  it('points to the decision letter only when it was sent', () => {
    assert.doesNotMatch(statusText(decided, policy), /die u van ons kreeg|staat in de brief/);
    assert.match(statusText(decided, policy), /U krijgt de beslissing met de uitleg nog in een brief van ons\./);
    assert.match(statusText(decided, policy, { decisionLetterSent: true }), /De uitleg staat in de brief met de beslissing/);
  });

  it('names the external body without asking the same question twice (002 art. 6.11)', () => {
    const [line] = nextStepsForComplainant(decided, policy, reg, '2026-12-02');
    assert.equal(line, 'Als u het niet eens bent met de afhandeling van uw klacht, kunt u terecht bij de Nationale ombudsman (Postbus 93122, 2509 AC Den Haag, https://www.nationaleombudsman.nl/klacht-indienen/uw-klacht).');
  });
});
