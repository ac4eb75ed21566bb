import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decisionChecklist } from './guards.ts';
import { Dossier, presetRegulation } from './test-support.ts';

describe('decisionChecklist', () => {
  it('lists everything stadsring51 asks before a decision, and ticks it off as it happens (002 art. 6.3–6.7)', () => {
    const d = new Dossier(presetRegulation('stadsring51'), { receivedOn: '2026-03-02', respondentName: 'P. Pietersen' }, '2026-03-02');
    const open = decisionChecklist(d.facts, d.policy);
    assert.deepEqual(
      open.map((i) => [i.label, i.done]),
      [
        ['Ontvangst bevestigd', false],
        ['Afschrift naar degene over wie de klacht gaat', false],
        ['De klager gehoord (of afgezien, met reden)', false],
        ['Degene over wie de klacht gaat gehoord (of afgezien, met reden)', false],
        ['Beslissing vastgelegd', false],
      ],
    );
    d.must('acknowledge');
    d.must('send-copy-to-respondent');
    d.must('waive-hearing', { party: 'complainant', ground: 'manifestly_unfounded', explanation: 'De klacht is kennelijk ongegrond.' });
    const after = decisionChecklist(d.facts, d.policy);
    assert.deepEqual(after.filter((i) => !i.done).map((i) => i.label), ['Degene over wie de klacht gaat gehoord (of afgezien, met reden)', 'Beslissing vastgelegd']);
  });

  it('asks the required classification (000 art. 5.2–5.3) and the decision, nothing else', () => {
    const d = new Dossier(presetRegulation('conneqt'), { receivedOn: '2026-03-02' }, '2026-03-02');
    const before = decisionChecklist(d.facts, d.policy);
    assert.deepEqual(before.map((i) => i.label), ['Ingedeeld: Wijze van indiening', 'Ingedeeld: Aard van de klacht', 'Beslissing vastgelegd']);
    assert.ok(before.slice(0, 2).every((i) => !i.done && /^5\./.test(i.article ?? '')));
    d.must('classify', { values: { submission: ['written'], nature: ['general'] } });
    assert.deepEqual(decisionChecklist(d.facts, d.policy).filter((i) => !i.done).map((i) => i.label), ['Beslissing vastgelegd']);
  });
});
