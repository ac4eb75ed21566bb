/**
 * No step the regulation does not contain (walk of 003): hearing, the copy to the person complained about and the
 * external procedure are offered only where the regulation has them; the presets that have them keep them.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MERITS_OUTCOMES, MIN_REASONING, type ActionName } from './actions.ts';
import { decisionChecklist } from './guards.ts';
import { complaintDeadlines, deadlineLabel, runningDeadline } from './due-dates.ts';
import { decisionText, decisionWords, outcomeLabel } from './policy.ts';
import { actionAvailability, availableActions } from './table.ts';
import { CBF_FILLS, COORDINATOR, Dossier, fieldsOf, HANDLER, LENTL_FILLS, presetRegulation } from './test-support.ts';

const STEPS = ['plan-hearing', 'record-hearing', 'send-copy-to-respondent', 'record-external-procedure'] as const satisfies readonly ActionName[];

function offered(preset: string, fills: Record<string, string> = {}): { offered: Set<string>; absent: Set<string> } {
  const d = new Dossier(presetRegulation(preset, fills), { receivedOn: '2026-03-02', respondentName: 'P. Pietersen' }, '2026-03-02');
  const all = actionAvailability(d.facts, d.policy, COORDINATOR.roles, '2026-03-02');
  return {
    offered: new Set(availableActions(d.facts, d.policy, COORDINATOR.roles, '2026-03-02')),
    absent: new Set(all.filter((a) => a.absent).map((a) => a.action)),
  };
}

describe('steps the regulation has', () => {
  it('003 (cbf-template) has no hearing, no copy to the person complained about, no external body: none is offered, each is absent', () => {
    const { offered: o, absent } = offered('cbf-template', CBF_FILLS);
    for (const step of STEPS) {
      assert.ok(!o.has(step), `${step} offered under 003`);
      assert.ok(absent.has(step), `${step} not marked absent under 003`);
    }
    // 003 Bijlage 2: "Contacten met de klant over de afwikkeling": contacts are still recorded.
    assert.ok(o.has('record-contact'));
  });

  it('002 (stadsring51) keeps hearing (art. 6.5-6.7), the copy (art. 6.4) and the external procedure (Nationale ombudsman)', () => {
    const { offered: o } = offered('stadsring51');
    for (const step of STEPS) assert.ok(o.has(step), `${step} missing under 002`);
  });

  it('004 (lentl) and 001 (hss) keep the external procedure (OKC, Erisietsmisgegaan.nl); neither has a hearing', () => {
    for (const [preset, fills] of [['lentl', LENTL_FILLS], ['hss', {}]] as const) {
      const { offered: o } = offered(preset, fills);
      assert.ok(o.has('record-external-procedure'), preset);
      assert.ok(!o.has('plan-hearing') && !o.has('record-hearing'), preset);
    }
  });

  it('the ruling steps are absent where the external procedure is (003), and "Uitkomst overleg vastleggen" where nobody is consulted (001) (walkthrough 3 Dec 2026)', () => {
    const cbf = offered('cbf-template', CBF_FILLS).absent;
    for (const step of ['record-external-ruling', 'record-organisation-reaction']) assert.ok(cbf.has(step), `${step} listed as "nu niet mogelijk" under 003`);
    // 003 has a consultation (het bestuur, "bij wijze van de-escalatie"): not now, but not absent.
    assert.ok(!cbf.has('record-advice'), 'record-advice absent under 003');
    const hss = offered('hss').absent;
    assert.ok(hss.has('record-advice'), 'record-advice listed as "nu niet mogelijk" under 001');
    // 001 names Erisietsmisgegaan.nl: the ruling steps are "not now" (record the procedure first), not absent.
    for (const step of ['record-external-ruling', 'record-organisation-reaction']) assert.ok(!hss.has(step), `${step} absent under 001`);
  });

  it('000 (conneqt) names no external body and no hearing: neither is offered', () => {
    const { offered: o } = offered('conneqt');
    for (const step of STEPS) assert.ok(!o.has(step), step);
  });

  it('a hearing planned before the step left a regulation without one (001, hss) can still be recorded, for its party only', () => {
    const d = new Dossier(presetRegulation('hss'), { receivedOn: '2026-03-02' }, '2026-03-02');
    d.must('assign', { handlerUserId: HANDLER.userId });
    // As such a history holds it: "Horen plannen" was offered under every regulation until session 12.
    d.events.push({ seq: d.facts.lastSeq + 1, type: 'plan-hearing', at: '2026-03-03T10:00:00Z', actorUserId: HANDLER.userId, actorRoles: HANDLER.roles, data: { party: 'complainant', on: '2026-03-10', after: { status: 'in_progress' } } });
    const steps = () => new Set(availableActions(d.facts, d.policy, HANDLER.roles, '2026-03-10'));
    assert.ok(steps().has('record-hearing'), 'the planned hearing cannot be recorded');
    assert.ok(!steps().has('plan-hearing'), 'a new hearing is offered under 001');
    const other = d.refused('record-hearing', { party: 'respondent', on: '2026-03-10' }, 'validation_failed', HANDLER, '2026-03-10');
    assert.deepEqual(fieldsOf(other), ['party']);
    assert.equal(d.must('record-hearing', { party: 'complainant', on: '2026-03-10' }, HANDLER, '2026-03-10').hearings.complainant.heard.length, 1);
    // Recorded: nothing planned is left, so the step is absent again.
    assert.ok(!steps().has('record-hearing'));
  });

  it('the regulation-model presets with a hearing keep it', () => {
    for (const preset of ['wkkgz-model', 'klachtencommissie-model']) {
      const { offered: o } = offered(preset);
      assert.ok(o.has('plan-hearing') && o.has('record-hearing') && o.has('send-copy-to-respondent'), preset);
    }
  });
});

describe('the text with a decision follows the regulation', () => {
  function ready(preset: string, fills: Record<string, string> = {}): Dossier {
    const d = new Dossier(presetRegulation(preset, fills), { receivedOn: '2026-03-02' }, '2026-03-02');
    d.must('assign', { handlerUserId: HANDLER.userId });
    return d;
  }

  it('names the decision term as the regulation does in the dossier, the lists and the checklist (001 art. 3.3, 003; walkthrough 3 Dec 2026: "Beslissing")', () => {
    for (const [preset, fills, heading] of [
      ['hss', {}, 'Standpunt van de directie'],
      ['cbf-template', CBF_FILLS, 'Antwoord'],
      ['stadsring51', {}, 'Beslissing'],
    ] as const) {
      const d = ready(preset, fills);
      d.must('acknowledge', { on: '2026-03-02' });
      const deadlines = complaintDeadlines(d.policy, d.facts, '2026-03-03');
      assert.equal(deadlineLabel('decision', deadlines, d.policy), heading, preset);
      assert.deepEqual(runningDeadline(deadlines, d.policy)?.label, heading, preset);
      assert.ok(decisionChecklist(d.facts, d.policy).some((i) => i.label === `${heading} vastgelegd`), preset);
      // The complainant's pages already said it: "U krijgt het standpunt van de directie uiterlijk op …".
      assert.equal(decisionWords(d.policy).heading, heading, preset);
    }
  });

  it('003 (reasoned: false) asks how the complaint was resolved (Bijlage 2 "hoe opgelost"), no motivering of 20 characters', () => {
    const d = ready('cbf-template', CBF_FILLS);
    assert.deepEqual(
      { label: decisionText(d.policy).label, required: decisionText(d.policy).required, article: decisionText(d.policy).article },
      { label: 'Hoe is de klacht opgelost?', required: true, article: 'Bijlage 2' },
    );
    const missing = d.refused('decide', { outcome: 'resolved_by_agreement' }, 'validation_failed', HANDLER);
    assert.deepEqual(fieldsOf(missing), ['reasoning']);
    assert.match(missing.fields?.[0]?.message ?? '', /^Schrijf op hoe de klacht is opgelost \(.*Bijlage 2.*\)\.$/);
    assert.equal(d.must('decide', { outcome: 'resolved_by_agreement', reasoning: 'Excuses.' }, HANDLER).decision?.reasoning, 'Excuses.');
  });

  it('004 (lentl, reasoned: false, no resolution field) takes a decision without a text', () => {
    const d = ready('lentl', LENTL_FILLS);
    assert.equal(decisionText(d.policy).required, false);
    assert.equal(d.must('decide', { outcome: 'no_judgement' }, HANDLER).status, 'decided');
  });

  it('002 (reasoned) still asks a motivering of at least 20 characters', () => {
    const d = new Dossier(presetRegulation('stadsring51'), { receivedOn: '2026-03-02' }, '2026-03-02');
    const policy = d.policy;
    assert.equal(decisionText(policy).label, 'Motivering');
    assert.equal(decisionText(policy).min, MIN_REASONING);
  });
});

describe('the outcomes follow how the regulation decides (handling.decision.outcomes)', () => {
  function ready(preset: string, fills: Record<string, string> = {}): Dossier {
    const d = new Dossier(presetRegulation(preset, fills), { receivedOn: '2026-03-02' }, '2026-03-02');
    d.must('assign', { handlerUserId: HANDLER.userId });
    return d;
  }
  const REASON = 'Wij hebben de klacht onderzocht en besproken.';

  it('001 (standpunt) and 003 (antwoord) offer no gegrond / ongegrond and refuse one at the field, citing the article', () => {
    const cases = [
      ['hss', {}, ['decided'], 'Standpunt van de directie gegeven', /oordeelt niet of een klacht gegrond of ongegrond is \(artikel 3\.3\)\. Kies: standpunt van de directie gegeven\.$/],
      ['cbf-template', CBF_FILLS, ['decided', 'resolved_by_agreement'], 'Antwoord gegeven', /oordeelt niet of een klacht gegrond of ongegrond is .*Kies: antwoord gegeven of opgelost in overleg\.$/],
    ] as const;
    for (const [preset, fills, expected, label, message] of cases) {
      const d = ready(preset, fills);
      assert.deepEqual(d.policy.decision.outcomes.offered, expected, preset);
      assert.equal(outcomeLabel(d.policy.decision.outcomes, 'decided'), label);
      for (const outcome of MERITS_OUTCOMES) {
        const r = d.refused('decide', { outcome, reasoning: REASON }, 'validation_failed', HANDLER);
        assert.deepEqual(fieldsOf(r), ['outcome'], `${preset} ${outcome}`);
        assert.match(r.fields?.[0]?.message ?? '', message, preset);
      }
      assert.equal(d.must('decide', { outcome: 'decided', reasoning: REASON }, HANDLER).decision?.outcome, 'decided');
    }
  });

  it('000 offers its decision and "opgelost in overleg" (art. 4.2, 4.5); 004, silent on it (§3), leaves every outcome open', () => {
    assert.deepEqual(ready('conneqt').policy.decision.outcomes.offered, ['decided', 'resolved_by_agreement']);
    assert.deepEqual(ready('lentl', LENTL_FILLS).policy.decision.outcomes.offered, ['upheld', 'partly_upheld', 'not_upheld', 'resolved_by_agreement', 'no_judgement']);
  });

  it('002 and the committee models judge the merits: gegrond, deels gegrond, ongegrond, opgelost in overleg, geen oordeel', () => {
    for (const preset of ['stadsring51', 'klachtencommissie-model', 'wkkgz-model']) {
      const d = ready(preset);
      assert.deepEqual(d.policy.decision.outcomes.offered, ['upheld', 'partly_upheld', 'not_upheld', 'resolved_by_agreement', 'no_judgement'], preset);
      assert.equal(d.policy.decision.outcomes.judgesMerits, true);
    }
    // 002 hears both sides first (art. 6.5): both waived here, so the decision itself is what is checked.
    const d = new Dossier(presetRegulation('stadsring51'), { receivedOn: '2026-03-02', respondentName: 'J. de Vries' }, '2026-03-02');
    d.must('assign', { handlerUserId: HANDLER.userId });
    d.must('acknowledge', { on: '2026-03-03' }, HANDLER, '2026-03-03');
    d.must('send-copy-to-respondent', { on: '2026-03-03', includesDocuments: true }, HANDLER, '2026-03-03');
    d.must('waive-hearing', { party: 'respondent', ground: 'respondent_declined', explanation: 'Niet gereageerd op twee uitnodigingen.' }, HANDLER, '2026-03-10');
    d.must('waive-hearing', { party: 'complainant', ground: 'complainant_declined' }, HANDLER, '2026-03-10');
    const input = { reasoning: 'x'.repeat(MIN_REASONING), externalBodyNamed: true };
    const r = d.refused('decide', { outcome: 'decided', ...input }, 'validation_failed', HANDLER, '2026-03-20');
    assert.deepEqual(fieldsOf(r), ['outcome']);
    assert.match(r.fields?.[0]?.message ?? '', /Kies: gegrond, deels gegrond, ongegrond, opgelost in overleg of geen oordeel\.$/);
    assert.equal(d.must('decide', { outcome: 'upheld', ...input }, HANDLER, '2026-03-20').decision?.outcome, 'upheld');
  });

  it('a version stored before the field keeps every outcome it had (ADR 0003, addendum): an activated version does not change meaning', () => {
    const reg = presetRegulation('hss');
    delete (reg.handling.decision as { outcomes?: unknown }).outcomes;
    const d = new Dossier(reg, { receivedOn: '2026-03-02' }, '2026-03-02');
    assert.deepEqual(d.policy.decision.outcomes, { offered: ['upheld', 'partly_upheld', 'not_upheld', 'resolved_by_agreement', 'no_judgement'], judgesMerits: true, stated: false, article: '', decidedLabel: 'Standpunt van de directie gegeven' });
  });
});
