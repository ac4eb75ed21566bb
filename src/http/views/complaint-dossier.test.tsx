import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { adopted } from '../../domain/regulation/test-support.ts';
import { policyFromRegulation } from '../../domain/workflow/index.ts';
import { describeEvent } from './complaint-dossier.tsx';

describe('the dossier history names a regulation role with its own article', () => {
  const policy = policyFromRegulation(adopted('cbf-template'));
  const names = new Map<string, string>();

  it('003: "Voorgelegd aan het bestuur voor overleg" (an overleg, not advice: walk 12b), "Overleg met het bestuur" with its outcome, "Overgedragen aan de directeur" (walk 12: "aan bestuur")', () => {
    assert.match(describeEvent('escalate', { to: 'board', kind: 'consult', reason: 'Zeer ernstig.' }, policy, names).details, /^Voorgelegd aan het bestuur voor overleg\./);
    assert.match(describeEvent('escalate', { to: 'director', kind: 'handover', reason: 'Geen oplossing.' }, policy, names).details, /^Overgedragen aan de directeur\./);
    assert.match(describeEvent('record-advice', { role: 'board', on: '2026-03-03', advice: 'Bel de leverancier.' }, policy, names).details, /^Overleg met het bestuur op 3 maart 2026\. Uitkomst: Bel de leverancier\.$/);
  });
});
