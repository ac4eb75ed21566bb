/**
 * Issue 12 (ADR 0026): mediation first, the request for a judgement, the klachtencommissie, the organisation's
 * response, proof of capacity and the regulation's own milestones, through the workflow table and the clocks.
 * Every expected date is worked out by hand in a comment (PRODUCT.md "Deadline conventions"; 2026: Easter
 * 5 April, Ascension 14 May, Whit Monday 25 May).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { complaintDeadlines, deadlineDates, runningDeadline } from './due-dates.ts';
import { readyToDecide } from './guards.ts';
import { forwardable, procedurePhase } from './procedure.ts';
import { procedureRegulation } from './procedure-fixture.ts';
import { actionAvailability, availableActions } from './table.ts';
import { COORDINATOR, Dossier, fieldsOf, HANDLER, presetRegulation } from './test-support.ts';
import type { Regulation } from './../regulation/schema.ts';

const OFFICER = { ...COORDINATOR, userId: 'u-officer', regulationRoles: ['complaints_officer'] };
const MEMBER = { ...HANDLER, userId: 'u-member', regulationRoles: ['committee_member'] };
const BOARD = { ...COORDINATOR, userId: 'u-board', regulationRoles: ['board'] };
const CONFIRMED = ['de datum van de gebeurtenis', 'een korte samenvatting van de feiten'];

function withSuspension(reg: Regulation): Regulation {
  return { ...reg, deadlines: { ...reg.deadlines, suspension: { allowed: true, source: { article: 'K7.4' } } } };
}

describe('own milestones and a decision term that runs from forwarding (committee on request)', () => {
  it('dates each clock from its own event, keeps a term without Atw, and meets it by its own event', () => {
    const reg = procedureRegulation();
    // Received Monday 2 March 2026.
    const d = new Dossier(reg, { receivedOn: '2026-03-02' }, '2026-03-02');
    // acknowledgement 1 week → Mon 9 March; inadmissibility 4 weeks → Mon 30 March;
    // written_confirmation 5 working days from Mon 2 March: Tue 3, Wed 4, Thu 5, Fri 6, Mon 9 → 9 March.
    // No decision dates: the decision term runs from forwarding (K7.2). The later own milestones have no date yet.
    assert.deepEqual(deadlineDates(d.policy, d.facts, '2026-03-02'), {
      acknowledgement: '2026-03-09',
      inadmissibilityNotice: '2026-03-30',
      written_confirmation: '2026-03-09',
    });
    assert.deepEqual(runningDeadline(complaintDeadlines(d.policy, d.facts, '2026-03-02')), {
      key: 'acknowledgement',
      label: 'Ontvangstbevestiging',
      due: '2026-03-09',
      overdue: false,
    });
    const phase = procedurePhase(d.facts, d.policy);
    assert.equal(phase?.label, 'Bemiddeling door de klachtenfunctionaris');
    assert.match(phase?.waitingFor ?? '', /doorgestuurd naar de klachtencommissie \(onderdeel "K7\.2"\)/);

    // The written confirmation must contain the data K4.2 names: refused until each is confirmed.
    const missing = d.refused('acknowledge', { on: '2026-03-04', contents: [CONFIRMED[0]] }, 'validation_failed', OFFICER, '2026-03-04');
    assert.deepEqual(fieldsOf(missing), ['contents']);
    assert.match(missing.ok ? '' : (missing.fields?.[0]?.message ?? ''), /een korte samenvatting van de feiten/);
    d.must('acknowledge', { on: '2026-03-04', contents: CONFIRMED }, OFFICER, '2026-03-04');
    const met = complaintDeadlines(d.policy, d.facts, '2026-03-04')['written_confirmation'];
    assert.equal(met?.met, true);
    assert.equal(met?.metOn, '2026-03-04');
    assert.equal(met?.own?.byLabel, 'klachtenfunctionaris');
    assert.deepEqual(met?.own?.contents, CONFIRMED);

    // Route on_request: forwarding waits for the complainant's request (K6).
    d.must('assign', { handlerUserId: 'u-officer' }, OFFICER, '2026-03-04');
    const early = d.refused('forward-to-committee', { on: '2026-03-05' }, 'invalid_transition', OFFICER, '2026-03-05');
    assert.match(early.ok ? '' : early.message, /als de klager daarom vraagt \(onderdeel "K6"\)/);

    // Request on Monday 16 March; it cannot lie in the future or before receipt.
    d.refused('request-judgement', { on: '2026-03-17', via: 'per brief' }, 'validation_failed', OFFICER, '2026-03-16');
    d.refused('request-judgement', { on: '2026-03-01', via: 'per brief' }, 'validation_failed', OFFICER, '2026-03-16');
    d.must('request-judgement', { on: '2026-03-16', via: 'per brief' }, OFFICER, '2026-03-16');
    // forward_to_committee: 5 working days from Mon 16 March: Tue 17 … Mon 23 March.
    assert.equal(deadlineDates(d.policy, d.facts, '2026-03-16')['forward_to_committee'], '2026-03-23');
    assert.equal(deadlineDates(d.policy, d.facts, '2026-03-16').decision, undefined);
    d.refused('request-judgement', { on: '2026-03-16', via: 'per brief' }, 'invalid_transition', OFFICER, '2026-03-16');

    // Forwarded Friday 20 March: the decision term (8 weeks, K7.2 from forwarding) → Friday 15 May;
    // the latest date after the Awb 9:11 extension of 4 weeks → Friday 12 June.
    d.must('forward-to-committee', { on: '2026-03-20' }, OFFICER, '2026-03-20');
    const dates = deadlineDates(d.policy, d.facts, '2026-03-20');
    assert.equal(dates.decision, '2026-05-15');
    assert.equal(dates.decisionMaxExtended, '2026-06-12');
    assert.equal(complaintDeadlines(d.policy, d.facts, '2026-03-20')['forward_to_committee']?.met, true);
    assert.equal(procedurePhase(d.facts, d.policy)?.label, 'Bij de Klachtencommissie Zorg Test');
    assert.equal(procedurePhase(d.facts, d.policy)?.waitingFor, null);

    // The committee judges (decidedBy committee_member, K7.1): the klachtenfunctionaris may not.
    const judgement = { outcome: 'partly_upheld', reasoning: 'De commissie heeft beide partijen gehoord en oordeelt zo.', decidedOn: '2026-04-30', recommendations: ['Leg afspraken schriftelijk vast.'], externalBodyNamed: true };
    // The committee hears both sides (002 art. 6.5, kept in this regulation).
    for (const party of d.policy.hearing?.parties ?? []) d.must('record-hearing', { party, on: '2026-04-14', report: 'Gehoord door de commissie.' }, MEMBER, '2026-04-14');
    d.refused('decide', judgement, 'forbidden', OFFICER, '2026-04-30');
    d.must('decide', judgement, MEMBER, '2026-04-30');
    assert.deepEqual(d.facts.decision?.recommendations, ['Leg afspraken schriftelijk vast.']);

    // response_to_judgement: 1 month from Thu 30 April → Sat 30 May; the term says atw: false (K8.1), so it stays on
    // the Saturday (with the Atw it would move to Monday 1 June).
    assert.equal(deadlineDates(d.policy, d.facts, '2026-04-30')['response_to_judgement'], '2026-05-30');
    const running = runningDeadline(complaintDeadlines(d.policy, d.facts, '2026-05-01'));
    assert.deepEqual(running, { key: 'response_to_judgement', label: 'Reactie van de bestuurder op het oordeel', due: '2026-05-30', overdue: false });
    assert.equal(complaintDeadlines(d.policy, d.facts, '2026-06-01')['response_to_judgement']?.overdue, true);

    // The response is the bestuurder's (the milestone's `by`, K8.1), not before the judgement.
    const notMine = d.refused('record-response', { on: '2026-05-29', text: 'Wij nemen de aanbeveling over.' }, 'forbidden', OFFICER, '2026-05-29');
    assert.match(notMine.ok ? '' : notMine.message, /Alleen de bestuurder .*\(onderdeel "K8\.1"\)/);
    d.refused('record-response', { on: '2026-04-29', text: 'Te vroeg.' }, 'validation_failed', BOARD, '2026-05-29');
    d.must('record-response', { on: '2026-05-29', text: 'Wij nemen de aanbeveling over.', measures: [{ text: 'Afspraken schriftelijk vastleggen', due: '2026-07-01' }] }, BOARD, '2026-05-29');
    const response = complaintDeadlines(d.policy, d.facts, '2026-06-01')['response_to_judgement'];
    assert.equal(response?.met, true);
    assert.equal(response?.late, false);
    assert.deepEqual(d.facts.response?.measures, [{ text: 'Afspraken schriftelijk vastleggen', due: '2026-07-01' }]);
    d.refused('record-response', { text: 'Nog eens.' }, 'invalid_transition', BOARD, '2026-05-29');
  });

  it('an own milestone from the request pauses with a suspension; one after the judgement does not run before it', () => {
    const reg = withSuspension(procedureRegulation());
    const d = new Dossier(reg, { receivedOn: '2026-03-02' }, '2026-03-02');
    d.must('assign', { handlerUserId: 'u-officer' }, OFFICER, '2026-03-02');
    d.must('request-judgement', { on: '2026-03-16', via: 'telefonisch' }, OFFICER, '2026-03-16');
    // Suspended Wed 18 March, resumed Fri 20 March: the pause [18, 20) holds 2 working days (Wed 18, Thu 19), so
    // forward_to_committee moves from Mon 23 March to Wed 25 March.
    d.must('suspend', { from: '2026-03-18', reason: 'Wacht op stukken van de klager.' }, OFFICER, '2026-03-18');
    assert.equal(complaintDeadlines(d.policy, d.facts, '2026-03-19')['forward_to_committee']?.running, false);
    d.must('resume', { on: '2026-03-20' }, OFFICER, '2026-03-20');
    assert.equal(deadlineDates(d.policy, d.facts, '2026-03-20')['forward_to_committee'], '2026-03-25');
    assert.equal(deadlineDates(d.policy, d.facts, '2026-03-20')['response_to_judgement'], undefined);
  });

  it('a reopened complaint runs the decision term from the day of reopening, as before', () => {
    const reg = procedureRegulation();
    const d = new Dossier(reg, { receivedOn: '2026-03-02' }, '2026-03-02');
    d.must('assign', { handlerUserId: 'u-officer' }, OFFICER, '2026-03-02');
    d.must('withdraw', { on: '2026-03-05' }, OFFICER, '2026-03-05');
    d.must('reopen', { reason: 'De klager wil toch verder.', on: '2026-03-09' }, COORDINATOR, '2026-03-09');
    // 8 weeks from Mon 9 March → Mon 4 May.
    assert.equal(deadlineDates(d.policy, d.facts, '2026-03-09').decision, '2026-05-04');
  });
});

describe('mediation first, the decision term from the request for a judgement (Wkkgz-style, no committee)', () => {
  it('no decision clock until the complainant asks; then the term runs from the request', () => {
    const reg = procedureRegulation({ withoutCommittee: true });
    const d = new Dossier(reg, { receivedOn: '2026-03-02' }, '2026-03-02');
    assert.equal(deadlineDates(d.policy, d.facts, '2026-03-02').decision, undefined);
    assert.match(procedurePhase(d.facts, d.policy)?.waitingFor ?? '', /De termijn voor het oordeel begint als de klager om een oordeel vraagt/);
    // No committee: no forwarding and no committee recommendations.
    assert.equal(availableActions(d.facts, d.policy, ['coordinator'], d.today).includes('forward-to-committee'), false);
    // The one who mediates (K5) or a coordinator records the request; a plain handler who holds no such role may not.
    const refused = d.refused('request-judgement', { via: 'per e-mail' }, 'forbidden', { ...HANDLER, regulationRoles: [] }, '2026-03-10');
    assert.match(refused.ok ? '' : refused.message, /Alleen de klachtenfunctionaris legt .*\(onderdeel "K5"\)/);
    d.must('request-judgement', { on: '2026-03-10', via: 'per e-mail' }, { ...HANDLER, regulationRoles: ['complaints_officer'] }, '2026-03-10');
    // 8 weeks from Tue 10 March → Tue 5 May, Bevrijdingsdag (an Atw holiday) → Wed 6 May.
    assert.equal(deadlineDates(d.policy, d.facts, '2026-03-10').decision, '2026-05-06');
    d.must('assign', { handlerUserId: 'u-officer' }, OFFICER, '2026-03-10');
    for (const party of d.policy.hearing?.parties ?? []) d.must('record-hearing', { party, on: '2026-03-12', report: 'Gehoord.' }, OFFICER, '2026-03-12');
    const noRecs = d.refused(
      'decide',
      { outcome: 'not_upheld', reasoning: 'Na onderzoek is de klacht niet gegrond gebleken.', recommendations: ['x'], externalBodyNamed: true },
      'validation_failed',
      OFFICER,
      '2026-03-20',
    );
    assert.deepEqual(fieldsOf(noRecs), ['recommendations']);
  });

  it('during mediation the complaint ends the existing ways (withdrawn)', () => {
    const d = new Dossier(procedureRegulation({ withoutCommittee: true }), { receivedOn: '2026-03-02' }, '2026-03-02');
    d.must('withdraw', { on: '2026-03-04', reason: 'Opgelost in het gesprek.' }, OFFICER, '2026-03-04');
    assert.equal(d.facts.status, 'withdrawn');
    assert.equal(runningDeadline(complaintDeadlines(d.policy, d.facts, '2026-03-04')), null);
  });
});

describe('proof of capacity (K3.2)', () => {
  it('asked and recorded by the role the regulation names, shown in the facts; no consequence invented', () => {
    const d = new Dossier(procedureRegulation(), { receivedOn: '2026-03-02' }, '2026-03-02');
    assert.equal(
      actionAvailability(d.facts, d.policy, ['coordinator'], d.today, { userId: 'u-officer', regulationRoles: ['complaints_officer'] }).find((a) => a.action === 'record-proof-of-capacity')?.allowed,
      false,
      'nothing asked yet',
    );
    const refused = d.refused('request-proof-of-capacity', { asked: 'Een machtiging' }, 'forbidden', BOARD, '2026-03-03');
    assert.match(refused.ok ? '' : refused.message, /Alleen de klachtenfunctionaris .*\(onderdeel "K3\.2"\)/);
    d.must('request-proof-of-capacity', { asked: 'Een schriftelijke machtiging van de cliënt', on: '2026-03-03' }, OFFICER, '2026-03-03');
    d.refused('record-proof-of-capacity', { result: 'received', on: '2026-03-02' }, 'validation_failed', OFFICER, '2026-03-05');
    d.must('record-proof-of-capacity', { result: 'refused', note: 'Geen machtiging gekregen.', on: '2026-03-05' }, OFFICER, '2026-03-05');
    assert.deepEqual(d.facts.proofOfCapacity.results.map((r) => r.result), ['refused']);
    // The regulation states no consequence: the complaint stays as it was.
    assert.equal(d.facts.status, 'new');
  });

  it('not offered where the regulation names no proof of capacity (the seeds)', () => {
    const d = new Dossier(presetRegulation('stadsring51'), { receivedOn: '2026-03-02' }, '2026-03-02');
    for (const a of ['request-proof-of-capacity', 'request-judgement', 'forward-to-committee', 'record-response'] as const) {
      assert.equal(availableActions(d.facts, d.policy, ['coordinator'], d.today).includes(a), false, a);
    }
    // The seed's decision still runs from receipt: 8 weeks from Mon 2 March → Mon 27 April, Koningsdag (Atw) → Tue 28 April.
    assert.equal(deadlineDates(d.policy, d.facts, '2026-03-02').decision, '2026-04-28');
  });
});

describe('own milestones from the handling events real regulations time (first contact, the hearing)', () => {
  it('a term from the first contact and one met by the hearing: dated from their own events', () => {
    const base = presetRegulation('stadsring51');
    const src = { article: 'H3' };
    const reg: Regulation = {
      ...base,
      deadlines: {
        ...base.deadlines,
        milestones: [
          // "Binnen een week nemen wij contact met u op" (from receipt, met by the first contact).
          { key: 'first_contact', label: 'Eerste contact', term: { amount: 1, unit: 'weeks', source: src }, from: 'received', metBy: 'contacted', source: src },
          // "Binnen 3 weken na het gesprek wordt u gehoord" (from the first contact, met by the first hearing).
          { key: 'hearing', label: 'Horen', term: { amount: 3, unit: 'weeks', source: src }, from: 'contacted', metBy: 'heard', source: src },
        ],
      },
    };
    // Received Monday 2 March 2026: first contact due Mon 9 March; the hearing term has no date yet.
    const d = new Dossier(reg, { receivedOn: '2026-03-02' }, '2026-03-02');
    const dates = deadlineDates(d.policy, d.facts, '2026-03-02');
    assert.equal(dates['first_contact'], '2026-03-09');
    assert.equal(dates['hearing'], undefined);
    // Contact on Thu 5 March: first_contact met; hearing due Thu 5 March + 21 days = Thu 26 March.
    d.must('record-contact', { on: '2026-03-05', with: 'de klager' }, COORDINATOR, '2026-03-05');
    const states = complaintDeadlines(d.policy, d.facts, '2026-03-05');
    assert.equal(states['first_contact']?.met, true);
    assert.equal(states['hearing']?.due, '2026-03-26');
    assert.equal(states['hearing']?.met, false);
    // The complainant heard on Tue 24 March: met, not late.
    d.must('assign', { handlerUserId: HANDLER.userId }, COORDINATOR, '2026-03-05');
    d.must('plan-hearing', { party: 'complainant', on: '2026-03-24' }, HANDLER, '2026-03-06');
    d.must('record-hearing', { party: 'complainant', on: '2026-03-24', report: 'Verslag.' }, HANDLER, '2026-03-24');
    const hearing = complaintDeadlines(d.policy, d.facts, '2026-03-24')['hearing'];
    assert.equal(hearing?.met, true);
    assert.equal(hearing?.late, false);
  });
});

describe('a committee whose regulation writes its name with "De"', () => {
  it('a new complaint forwarded to the committee without a behandelaar is in handling (the committee handles it), not left in the queue for assignment', () => {
    const d = new Dossier(procedureRegulation({ route: 'every_complaint' }), { receivedOn: '2026-03-02' }, '2026-03-02');
    assert.equal(d.facts.status, 'new');
    d.must('forward-to-committee', { on: '2026-03-02' }, OFFICER, '2026-03-02');
    assert.equal(d.facts.handlerUserId, null);
    assert.equal(d.facts.status, 'in_progress');
  });

  it('is named with one article in the refusals and the phase ("naar de Klachtencommissie …", never "de De …")', () => {
    const named = (route: 'on_request' | 'every_complaint') => {
      const reg = procedureRegulation({ route });
      reg.committee = { ...reg.committee!, name: 'De Klachtencommissie Zorg Test' };
      return new Dossier(reg, { receivedOn: '2026-03-02' }, '2026-03-02');
    };
    const onRequest = named('on_request');
    const ctx = { facts: onRequest.facts, policy: onRequest.policy, today: '2026-03-02' };
    assert.match(forwardable(ctx)?.message ?? '', /^De klacht gaat naar de Klachtencommissie Zorg Test als de klager daarom vraagt/);
    onRequest.must('request-judgement', { on: '2026-03-02', via: 'per brief' }, OFFICER, '2026-03-02');
    onRequest.must('forward-to-committee', { on: '2026-03-02' }, OFFICER, '2026-03-02');
    const forwarded = { facts: onRequest.facts, policy: onRequest.policy, today: '2026-03-02' };
    assert.match(forwardable(forwarded)?.message ?? '', /al doorgestuurd naar de Klachtencommissie Zorg Test op/);
    assert.equal(procedurePhase(onRequest.facts, onRequest.policy)?.label, 'Bij de Klachtencommissie Zorg Test');

    // Every complaint goes to the committee: deciding first asks to forward it (no hearing in the way here).
    const every = named('every_complaint');
    const decide = readyToDecide({ facts: every.facts, policy: { ...every.policy, hearing: null }, today: '2026-03-02' });
    assert.match(decide?.message ?? '', /^Stuur de klacht eerst door naar de Klachtencommissie Zorg Test; die geeft het oordeel/);
  });
});
