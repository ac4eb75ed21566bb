import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { adopted } from '../../domain/regulation/test-support.ts';
import { policyFromRegulation } from '../../domain/workflow/index.ts';
import { CBF_FILLS, COORDINATOR, Dossier, presetRegulation } from '../../domain/workflow/test-support.ts';
import { accessActionLabel, consultedWith, describeEvent, dossierStatusSentence, escalatedTo } from './complaint-dossier.tsx';

describe('the dossier history names a regulation role with its own article', () => {
  const policy = policyFromRegulation(adopted('cbf-template'));
  const names = new Map<string, string>();

  it('003: "Voorgelegd aan het bestuur voor overleg" (an overleg, not advice: walk 12b), "Overleg met het bestuur" with its outcome, "Overgedragen aan de directeur" (walk 12: "aan bestuur")', () => {
    assert.match(describeEvent('escalate', { to: 'board', kind: 'consult', reason: 'Zeer ernstig.' }, policy, names).details, /^Voorgelegd aan het bestuur voor overleg\./);
    assert.match(describeEvent('escalate', { to: 'director', kind: 'handover', reason: 'Geen oplossing.' }, policy, names).details, /^Overgedragen aan de directeur\./);
    assert.match(describeEvent('record-advice', { role: 'board', on: '2026-03-03', advice: 'Bel de leverancier.' }, policy, names).details, /^Overleg met het bestuur op 3 maart 2026\. Uitkomst: Bel de leverancier\.$/);
  });
});

describe("the dossier's state tells a consultation from an escalation", () => {
  it('003: het bestuur consulted "bij wijze van de-escalatie" is under "Overleg", not "Geëscaleerd naar"; a handover to the directeur is (walkthrough 3 Dec 2026)', () => {
    const d = new Dossier(presetRegulation('cbf-template', CBF_FILLS), { receivedOn: '2026-03-02' }, '2026-03-02');
    d.must('escalate', { to: 'board', reason: 'Zeer ernstige klacht.' }, COORDINATOR);
    assert.equal(escalatedTo(d.facts, d.policy), undefined);
    assert.equal(consultedWith(d.facts, d.policy), 'bestuur, voorgelegd op 2 maart 2026: uitkomst nog niet vastgelegd');
    d.must('escalate', { to: 'director', reason: 'Geen oplossing.' }, COORDINATOR);
    assert.equal(escalatedTo(d.facts, d.policy), 'directeur op 2 maart 2026 (Geen oplossing.)');
  });
});

describe("the access log names the decision in the regulation's own word (actionLabel)", () => {
  it('001 art. 3.3 ("neemt de directie een standpunt in"): "standpunt vastleggen"; 003 ("De klacht wordt … beantwoord"): "antwoord vastleggen"; 002 names none: "beslissing vastleggen"', () => {
    assert.equal(accessActionLabel('complaint.decide', policyFromRegulation(adopted('hss'))), 'standpunt vastleggen');
    assert.equal(accessActionLabel('complaint.decide', policyFromRegulation(adopted('cbf-template'))), 'antwoord vastleggen');
    assert.equal(accessActionLabel('complaint.decide', policyFromRegulation(adopted('stadsring51'))), 'beslissing vastleggen');
    assert.equal(accessActionLabel('complaint.acknowledge', policyFromRegulation(adopted('hss'))), 'ontvangstbevestiging vastleggen');
  });
});

describe("the dossier's status sentence names the decision in the regulation's own word (decisionWords)", () => {
  it('001 art. 3.3: "Het standpunt van de directie is vastgelegd."; 003: "Het antwoord is vastgelegd."; 002 names none: "De beslissing op de klacht is vastgelegd." (lane walk15)', () => {
    const d = new Dossier(presetRegulation('cbf-template', CBF_FILLS), { receivedOn: '2026-03-02' }, '2026-03-02');
    const sentence = (name: string) => dossierStatusSentence('decided', 'complaint', d.facts, policyFromRegulation(adopted(name)));
    assert.equal(sentence('hss'), 'Het standpunt van de directie is vastgelegd.');
    assert.equal(sentence('cbf-template'), 'Het antwoord is vastgelegd.');
    assert.equal(sentence('stadsring51'), 'De beslissing op de klacht is vastgelegd.');
    assert.equal(dossierStatusSentence('in_progress', 'complaint', d.facts, policyFromRegulation(adopted('hss'))), 'De klacht wordt behandeld.');
  });
});
