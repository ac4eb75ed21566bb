/**
 * Whole procedures per preset (issue 4, "How it will be checked"), walked through `applyAction` with
 * the history re-folded after every step.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { dayZero } from '../deadlines/index.ts';
import { milestones } from '../regulation/milestones.ts';
import { PRESET_KEYS } from '../../regulations/library.ts';
import { complaintDeadlines, deadlineDates, runningDeadline } from './due-dates.ts';
import { actionAvailability, availableActions } from './table.ts';
import { decisionChecklist } from './guards.ts';
import { CBF_FILLS, COORDINATOR, Dossier, HANDLER, INTAKE, fieldsOf, presetRegulation } from './test-support.ts';

const REASONING = 'Wij hebben beide kanten gehoord en de stukken bekeken. Daaruit volgt deze beslissing.';


const LENTL_FILLS = {
  channels: 'web_form,email,phone,letter,in_person',
  acknowledgement_term: '5 werkdagen',
  inadmissibility_term: 'geen',
  decision_term: '6 weken',
  complaint_mailbox: 'klachten@lentl.example',
  okc_contact: 'Onafhankelijke klachtencommissie, Postbus 2, 5000 AA Tilburg',
  client_file_retention: '15 jaar',
  adopted_by: 'de directie van de werkmaatschappij',
  adopted_date: '2024-06-01',
};

describe('002 stadsring51', () => {
  const reg = presetRegulation('stadsring51');
  const registration = { receivedOn: '2026-03-02', respondentName: 'J. de Vries' };

  it('gives the due dates of its articles (6.3: 1 week, 5.3: 4 weeks, 6.8: 8 weeks; Koningsdag moves the decision)', () => {
    const d = new Dossier(reg, registration, '2026-03-02');
    assert.deepEqual(deadlineDates(d.policy, d.facts, '2026-03-02'), {
      acknowledgement: '2026-03-09',
      inadmissibilityNotice: '2026-03-30',
      decision: '2026-04-28', // 27 April 2026 is Koningsdag (Atw)
      decisionMaxExtended: '2026-05-26', // Awb 9:11 lid 2: at most 4 weeks more
    });
  });

  it('declares a complaint about conduct older than one year inadmissible within 4 weeks (5.1b, 5.3)', () => {
    const d = new Dossier(reg, registration, '2026-03-02');
    d.must('acknowledge', { on: '2026-03-04' }, COORDINATOR, '2026-03-04');
    // Without the date of the conduct the ground cannot be checked.
    const missing = d.refused('declare-inadmissible', { ground: 'older_than_limit', explanation: 'Het gaat om een gesprek in 2024.' }, 'validation_failed', COORDINATOR, '2026-03-20');
    assert.deepEqual(fieldsOf(missing), ['conductOn']);
    // Conduct less than a year ago: the ground does not apply.
    const recent = d.refused(
      'declare-inadmissible',
      { ground: 'older_than_limit', explanation: 'Oud gesprek.', conductOn: '2025-06-01' },
      'validation_failed',
      COORDINATOR,
      '2026-03-20',
    );
    assert.deepEqual(fieldsOf(recent), ['conductOn']);
    // A ground the regulation does not have.
    const unknown = d.refused('declare-inadmissible', { ground: 'too_busy', explanation: 'Geen tijd.' }, 'validation_failed', COORDINATOR, '2026-03-20');
    assert.deepEqual(fieldsOf(unknown), ['ground']);
    assert.match(unknown.fields?.[0]?.message ?? '', /langer dan één jaar/);

    const facts = d.must(
      'declare-inadmissible',
      { ground: 'older_than_limit', explanation: 'Het gesprek waar de klacht over gaat was op 15 januari 2025.', conductOn: '2025-01-15' },
      COORDINATOR,
      '2026-03-20',
    );
    assert.equal(facts.status, 'inadmissible');
    assert.deepEqual(facts.inadmissible, {
      ground: 'older_than_limit',
      explanation: 'Het gesprek waar de klacht over gaat was op 15 januari 2025.',
      conductOn: '2025-01-15',
      on: '2026-03-20',
    });
    const dl = complaintDeadlines(reg, facts, '2026-03-20');
    assert.equal(dl.inadmissibilityNotice?.met, true);
    assert.equal(dl.inadmissibilityNotice?.late, false);
    assert.equal(dl.decision?.overdue, false);
    assert.equal(dl.decision?.running, false);
    // The procedure has ended: no more handling, but it can be reopened.
    d.refused('decide', { outcome: 'not_upheld', reasoning: REASONING, externalBodyNamed: true }, 'invalid_transition');
    assert.ok(availableActions(facts, d.policy, ['coordinator'], d.today).includes('reopen'));
  });

  it('the inadmissibility notice is a window, not a duty: once passed the complaint counts as admissible and the decision term runs (5.3, 6.8)', () => {
    const d = new Dossier(reg, registration, '2026-03-02');
    d.must('acknowledge', { on: '2026-03-03' }, COORDINATOR, '2026-03-03');
    // Within the 4 weeks: the window is open, but the running deadline is the decision (the window is no duty).
    const within = complaintDeadlines(d.policy, d.facts, '2026-03-20');
    assert.equal(within.inadmissibilityNotice?.running, true);
    assert.equal(within.inadmissibilityNotice?.window?.lapsed, false);
    assert.deepEqual(runningDeadline(within), { key: 'decision', label: 'Beslissing', due: '2026-04-28', overdue: false });
    // Still new after 30 March: nobody declared it inadmissible in time, so it counts as admissible; not late on that.
    const after = complaintDeadlines(d.policy, d.facts, '2026-04-02');
    assert.equal(after.inadmissibilityNotice?.overdue, false);
    assert.equal(after.inadmissibilityNotice?.running, false);
    assert.equal(after.inadmissibilityNotice?.window?.lapsed, true);
    assert.deepEqual(runningDeadline(after), { key: 'decision', label: 'Beslissing', due: '2026-04-28', overdue: false });
    // The decision term is the one that can be late.
    assert.deepEqual(runningDeadline(complaintDeadlines(d.policy, d.facts, '2026-05-12')), { key: 'decision', label: 'Beslissing', due: '2026-04-28', overdue: true });
    // Taken into handling after the term: still passed unused (the same truth as while new), and never late.
    d.must('assign', { handlerUserId: HANDLER.userId }, COORDINATOR, '2026-04-02');
    const handled = complaintDeadlines(d.policy, d.facts, '2026-04-02');
    assert.equal(handled.inadmissibilityNotice?.overdue, false, 'taken into handling: no longer a warning');
    assert.equal(handled.inadmissibilityNotice?.window?.lapsed, true);
    assert.equal(handled.inadmissibilityNotice?.running, false);
  });

  it('the inadmissibility window depends on its date, not on assignment: open in handling, passed after, moot once the procedure ended (5.1c, 5.3)', () => {
    const d = new Dossier(reg, registration, '2026-03-02');
    d.must('assign', { handlerUserId: HANDLER.userId }, COORDINATOR, '2026-03-03');
    const inHandling = complaintDeadlines(d.policy, d.facts, '2026-03-20').inadmissibilityNotice;
    assert.equal(inHandling?.running, true, 'a ground can arise during handling: the window is still open');
    assert.equal(inHandling?.window?.lapsed, false);
    assert.equal(inHandling?.overdue, false);
    assert.equal(complaintDeadlines(d.policy, d.facts, '2026-04-02').inadmissibilityNotice?.window?.lapsed, true);
    // The procedure ended within the window (here: withdrawn): neither open nor passed unused.
    const ended = new Dossier(reg, registration, '2026-03-02');
    ended.must('withdraw', { on: '2026-03-10' }, COORDINATOR, '2026-03-10');
    const moot = complaintDeadlines(ended.policy, ended.facts, '2026-04-02').inadmissibilityNotice;
    assert.equal(moot?.running, false);
    assert.equal(moot?.window?.lapsed, false);
  });

  it('an unacknowledged new complaint runs on its acknowledgement, never on the inadmissibility window (6.3, 5.3)', () => {
    const d = new Dossier(reg, registration, '2026-03-02');
    assert.equal(runningDeadline(complaintDeadlines(d.policy, d.facts, '2026-03-05'))?.key, 'acknowledgement');
    // Acknowledged late, after the window: the running deadline is the decision, not "Bericht niet-ontvankelijk".
    d.must('acknowledge', { on: '2026-04-01' }, COORDINATOR, '2026-04-01');
    assert.equal(runningDeadline(complaintDeadlines(d.policy, d.facts, '2026-04-01'))?.key, 'decision');
  });

  it('waives hearing the complainant as manifestly unfounded, hears the respondent with a report, then decides (6.4–6.9)', () => {
    const d = new Dossier(reg, registration, '2026-03-02');
    d.must('acknowledge', {}, COORDINATOR, '2026-03-03');
    d.must('assign', { handlerUserId: HANDLER.userId });
    // Nobody heard yet.
    const early = d.refused('decide', { outcome: 'not_upheld', reasoning: REASONING, externalBodyNamed: true }, 'invalid_transition', HANDLER);
    assert.match(early.message, /gehoord/);
    assert.match(early.message, /6\.5/);

    const badGround = d.refused('waive-hearing', { party: 'complainant', ground: 'no_time' }, 'validation_failed', HANDLER);
    assert.deepEqual(fieldsOf(badGround), ['ground']);
    d.must('waive-hearing', { party: 'complainant', ground: 'manifestly_unfounded', explanation: 'De klacht gaat over een afspraak die aantoonbaar is nagekomen.' }, HANDLER);
    assert.equal(d.facts.hearings.complainant.waived?.ground, 'manifestly_unfounded');

    // The respondent still has to be heard, with a report (6.7).
    const stillRespondent = d.refused('decide', { outcome: 'not_upheld', reasoning: REASONING, externalBodyNamed: true }, 'invalid_transition', HANDLER);
    assert.match(stillRespondent.message, /degene over wie de klacht gaat/);
    const noReport = d.refused('record-hearing', { party: 'respondent', on: '2026-03-10' }, 'validation_failed', HANDLER, '2026-03-10');
    assert.deepEqual(fieldsOf(noReport), ['report']);
    assert.match(noReport.fields?.[0]?.message ?? '', /6\.7/);
    d.must('record-hearing', { party: 'respondent', on: '2026-03-10', report: 'Mevrouw De Vries legt uit hoe de afspraak is gemaakt.' }, HANDLER, '2026-03-10');

    // The copy to the respondent (6.4) is still missing.
    const noCopy = d.refused('decide', { outcome: 'not_upheld', reasoning: REASONING, externalBodyNamed: true }, 'invalid_transition', HANDLER);
    assert.match(noCopy.message, /afschrift/);
    d.must('send-copy-to-respondent', { on: '2026-03-05', includesDocuments: true }, HANDLER, '2026-03-10');

    // The decision must name the Nationale ombudsman (6.11) and be written (6.9).
    const unnamed = d.refused('decide', { outcome: 'not_upheld', reasoning: REASONING, form: 'oral' }, 'validation_failed', HANDLER, '2026-03-20');
    assert.deepEqual(fieldsOf(unnamed).sort(), ['externalBodyNamed', 'form']);
    const tooShort = d.refused('decide', { outcome: 'not_upheld', reasoning: 'Ongegrond.', externalBodyNamed: true }, 'validation_failed', HANDLER, '2026-03-20');
    assert.deepEqual(fieldsOf(tooShort), ['reasoning']);

    const facts = d.must('decide', { outcome: 'not_upheld', reasoning: REASONING, measures: [], externalBodyNamed: 'Nationale ombudsman' }, HANDLER, '2026-03-20');
    assert.equal(facts.status, 'decided');
    assert.equal(facts.decision?.decidedOn, '2026-03-20');
    const dl = complaintDeadlines(reg, facts, '2026-03-20');
    assert.equal(dl.decision?.met, true);
    assert.equal(dl.decision?.late, false);
    assert.equal(dl.acknowledgement?.met, true);

    // No sign-off in this regulation; the one complained about hears the outcome before closing (6.9).
    assert.ok(!availableActions(facts, d.policy, ['coordinator'], d.today).includes('sign-off'));
    const uninformed = d.refused('close', {}, 'invalid_transition', COORDINATOR, '2026-03-21');
    assert.match(uninformed.message, /op de hoogte .* uitkomst \(artikel 6\.9\)/);
    const informedEarly = d.refused('inform-respondent', { on: '2026-03-19' }, 'validation_failed', HANDLER, '2026-03-21');
    assert.match(informedEarly.fields?.[0]?.message ?? '', /vóór de beslissing/);
    assert.equal(d.must('inform-respondent', { on: '2026-03-21' }, HANDLER, '2026-03-21').respondentInformedOn, '2026-03-21');
    d.refused('inform-respondent', {}, 'invalid_transition', HANDLER, '2026-03-22');
    assert.equal(d.must('close', {}, COORDINATOR, '2026-03-21').status, 'closed');
  });

  it('allows one extension noticed before the term ends (Awb 9:11 lid 2) and refuses a late notice or a too long one', () => {
    // The seed names no extension; the preset applies Awb 9:11 lid 2 (max 4 weeks, with notice).
    assert.equal(reg.deadlines.extension.allowed, true);
    const d = new Dossier(reg, registration, '2026-03-02');
    d.must('assign', { handlerUserId: HANDLER.userId });

    const tooLong = d.refused('extend', { term: { amount: 6, unit: 'weeks' }, noticeOn: '2026-04-20', reason: 'Wacht op stukken.' }, 'validation_failed', HANDLER, '2026-04-20');
    assert.deepEqual(fieldsOf(tooLong), ['term']);
    const future = d.refused('extend', { term: { amount: 4, unit: 'weeks' }, noticeOn: '2026-04-25', reason: 'Wacht op stukken.' }, 'validation_failed', HANDLER, '2026-04-20');
    assert.deepEqual(fieldsOf(future), ['noticeOn']);

    const facts = d.must('extend', { term: { amount: 4, unit: 'weeks' }, noticeOn: '2026-04-20', reason: 'Wij wachten op stukken van de klager.' }, HANDLER, '2026-04-20');
    assert.equal(facts.status, 'in_progress');
    assert.equal(deadlineDates(reg, facts, '2026-04-20').decision, '2026-05-26');
    assert.equal(complaintDeadlines(reg, facts, '2026-05-01').decision?.overdue, false);

    const again = d.refused('extend', { term: { amount: 1, unit: 'weeks' }, noticeOn: '2026-04-21', reason: 'Nog meer tijd.' }, 'invalid_transition', HANDLER, '2026-04-21');
    assert.match(again.message, /al een keer verlengd/);
  });

  it('keeps offering an extension after the term: a notice sent in time and entered late is recorded; a notice after the term is refused at its date (Awb 9:11 lid 2)', () => {
    const d = new Dossier(reg, registration, '2026-03-02');
    d.must('assign', { handlerUserId: HANDLER.userId });
    assert.equal(complaintDeadlines(reg, d.facts, '2026-04-28').decision?.due, '2026-04-28');
    // Offered on the last day of the term and after it, while the decision is not taken: the notice's date decides.
    assert.ok(availableActions(d.facts, d.policy, ['handler'], '2026-04-28').includes('extend'));
    assert.ok(availableActions(d.facts, d.policy, ['handler'], '2026-04-30').includes('extend'));
    assert.equal(actionAvailability(d.facts, d.policy, ['handler'], '2026-04-30').find((a) => a.action === 'extend')?.allowed, true);
    // A notice sent after the term: refused at its date, with the last day and the article.
    const late = d.refused('extend', { term: { amount: 2, unit: 'weeks' }, noticeOn: '2026-04-29', reason: 'Te druk.' }, 'validation_failed', HANDLER, '2026-04-30');
    assert.deepEqual(fieldsOf(late), ['noticeOn']);
    assert.match(late.fields?.[0]?.message ?? '', /na het einde van de termijn voor de beslissing \(tot en met 28 april 2026\)\..*\(Awb 9:11 lid 2\)/);
    assert.equal(d.facts.extension, null);
    // A notice dated within the term, entered two days after it ended: recorded, not late; the term runs from the notice.
    const facts = d.must('extend', { term: { amount: 2, unit: 'weeks' }, noticeOn: '2026-04-28', reason: 'Wij wachten op een verklaring.' }, HANDLER, '2026-04-30');
    assert.equal(facts.extension?.late, false);
    assert.equal(complaintDeadlines(reg, facts, '2026-04-30').decision?.due, '2026-05-12');
    assert.equal(complaintDeadlines(reg, facts, '2026-04-30').decision?.overdue, false);
    // Within the term, on its last day: recorded, not late.
    const inTime = new Dossier(reg, registration, '2026-03-02');
    assert.equal(inTime.must('extend', { term: { amount: 2, unit: 'weeks' }, noticeOn: '2026-04-28', reason: 'Meer tijd.' }, HANDLER, '2026-04-28').extension?.late, false);
  });

  it('does not allow suspension (the regulation is silent)', () => {
    const d = new Dossier(reg, registration, '2026-03-02');
    const r = d.refused('suspend', { reason: 'Wachten op stukken', from: '2026-03-05' }, 'invalid_transition', COORDINATOR, '2026-03-05');
    assert.match(r.message, /opschorting/);
  });

  it('never assigns the respondent as handler: the regulation says so (art. 1, klachtenfunctionaris)', () => {
    const d = new Dossier(reg, { receivedOn: '2026-03-02', respondentUserId: 'u-respondent' }, '2026-03-02');
    const r = d.refused('assign', { handlerUserId: 'u-respondent' }, 'validation_failed');
    assert.deepEqual(fieldsOf(r), ['handlerUserId']);
    assert.match(r.fields?.[0]?.message ?? '', /artikel 1/);
  });
});

describe('000 conneqt', () => {
  const reg = presetRegulation('conneqt');

  function resolvedByAgreement(): Dossier {
    const d = new Dossier(reg, { receivedOn: '2026-02-02', respondentName: 'P. Jansen', respondentUserId: 'u-employee' }, '2026-02-02');
    d.must('classify', { values: { submission: ['oral'], nature: ['conduct', 'financial'] } });
    d.must(
      'record-contact',
      { on: '2026-02-03', with: 'de cliënt en P. Jansen', agreements: 'De factuur wordt gecorrigeerd.', actions: 'P. Jansen stuurt de nieuwe factuur.', firstLine: true },
      INTAKE,
      '2026-02-03',
    );
    d.must('decide', { outcome: 'resolved_by_agreement', reasoning: 'In overleg opgelost: de factuur wordt gecorrigeerd en de cliënt is akkoord.' }, HANDLER, '2026-02-05');
    d.must('record-satisfaction', { satisfied: true, on: '2026-02-05' }, HANDLER, '2026-02-05');
    return d;
  }

  it('classifies in several classes (5.3–5.4) and requires both dimensions', () => {
    const d = new Dossier(reg, { receivedOn: '2026-02-02' }, '2026-02-02');
    const r = d.refused('classify', { values: { submission: ['oral'] } }, 'validation_failed');
    assert.deepEqual(fieldsOf(r), ['values.nature']);
    const bad = d.refused('classify', { values: { submission: ['oral'], nature: ['weather'] } }, 'validation_failed');
    assert.deepEqual(fieldsOf(bad), ['values.nature']);
    const facts = d.must('classify', { values: { submission: ['written'], nature: ['legal', 'general'] } });
    assert.deepEqual(facts.classification?.values.nature, ['legal', 'general']);
  });

  it('resolves at the first line by agreement, with both sign-offs, then closes (4.2, 5.5)', () => {
    const d = resolvedByAgreement();
    assert.equal(d.facts.contacts[0]?.firstLine, true);
    const none = d.refused('close', {}, 'invalid_transition');
    assert.match(none.message, /betrokken medewerker, klachtenfunctionaris/);
    assert.match(none.message, /5\.5/);

    const badRole = d.refused('sign-off', { role: 'director' }, 'validation_failed', HANDLER);
    assert.deepEqual(fieldsOf(badRole), ['role']);
    d.must('sign-off', { role: 'employee', signedBy: 'P. Jansen' }, HANDLER, '2026-02-06');
    const twice = d.refused('sign-off', { role: 'employee' }, 'validation_failed', HANDLER);
    assert.deepEqual(fieldsOf(twice), ['role']);

    const oneMissing = d.refused('close', {}, 'invalid_transition');
    assert.match(oneMissing.message, /klachtenfunctionaris/);
    assert.doesNotMatch(oneMissing.message, /betrokken medewerker/);

    d.must('sign-off', { role: 'complaints_officer' }, COORDINATOR, '2026-02-06');
    const facts = d.must('close', {}, COORDINATOR, '2026-02-06');
    assert.equal(facts.status, 'closed');
    assert.deepEqual(facts.signOffs.map((s) => s.role), ['employee', 'complaints_officer']);
    const dl = complaintDeadlines(reg, facts, '2026-02-06');
    assert.equal(dl.decision?.due, '2026-03-02'); // 6.4: 4 weeks
    assert.equal(dl.decision?.met, true);
  });

  it('asks no signature of the employee concerned when the complaint names no employee who uses Klachtwijs (5.5)', () => {
    const d = new Dossier(reg, { receivedOn: '2026-02-02', respondentName: 'P. Jansen' }, '2026-02-02');
    d.must('classify', { values: { submission: ['oral'], nature: ['conduct'] } });
    d.must('decide', { outcome: 'resolved_by_agreement', reasoning: 'In overleg opgelost: de factuur wordt gecorrigeerd en de cliënt is akkoord.' }, HANDLER, '2026-02-05');
    d.must('record-satisfaction', { satisfied: true, on: '2026-02-05' }, HANDLER, '2026-02-05');
    const missing = d.refused('close', {}, 'invalid_transition');
    assert.doesNotMatch(missing.message, /betrokken medewerker/);
    d.must('sign-off', { role: 'complaints_officer' }, COORDINATOR, '2026-02-06');
    assert.equal(d.must('close', {}, COORDINATOR, '2026-02-06').status, 'closed');
  });

  it('needs no sign-off when the complaint was not resolved to satisfaction', () => {
    const d = new Dossier(reg, { receivedOn: '2026-02-02' }, '2026-02-02');
    d.must('classify', { values: { submission: ['written'], nature: ['general'] } });
    d.must('decide', { outcome: 'decided', reasoning: 'De medewerker heeft volgens de afspraken gehandeld.' });
    d.must('record-satisfaction', { satisfied: false });
    d.refused('sign-off', { role: 'employee' }, 'invalid_transition', HANDLER);
    assert.equal(d.must('close').status, 'closed');
  });

  it('has no extension, suspension or admissibility grounds', () => {
    const d = new Dossier(reg, { receivedOn: '2026-02-02' }, '2026-02-02');
    const actions = availableActions(d.facts, d.policy, ['coordinator'], d.today);
    for (const a of ['extend', 'suspend', 'declare-inadmissible', 'waive-hearing', 'sign-off'] as const) assert.ok(!actions.includes(a), a);
    assert.ok(!actions.includes('decide'), 'the classification comes first (5.2–5.3)');
    d.must('classify', { values: { submission: ['oral'], nature: ['conduct'] } });
    assert.ok(availableActions(d.facts, d.policy, ['coordinator'], d.today).includes('decide'), 'no hearing prescribed: can decide once classified');
  });
});

describe('003 cbf-template', () => {
  const reg = presetRegulation('cbf-template', CBF_FILLS);

  it('answers within 5 working days and acknowledges within 2', () => {
    const d = new Dossier(reg, { receivedOn: '2026-03-06' }, '2026-03-06'); // Friday
    assert.deepEqual(deadlineDates(d.policy, d.facts, '2026-03-06'), { acknowledgement: '2026-03-10', decision: '2026-03-13' });
  });

  it('escalates to the directeur when no solution is found', () => {
    const d = new Dossier(reg, { receivedOn: '2026-03-02' }, '2026-03-02');
    d.must('assign', { handlerUserId: HANDLER.userId });
    const bad = d.refused('escalate', { to: 'ceo', reason: 'Geen oplossing.' }, 'validation_failed', HANDLER);
    assert.deepEqual(fieldsOf(bad), ['to']);
    assert.match(bad.fields?.[0]?.message ?? '', /directeur/);
    const facts = d.must('escalate', { to: 'director', reason: 'Klager en behandelaar komen er samen niet uit.' }, HANDLER);
    assert.equal(facts.escalationLevel, 'director');
    assert.equal(facts.status, 'in_progress');
    d.refused('escalate', { to: 'director', reason: 'Nog eens.' }, 'validation_failed', HANDLER);
    assert.equal(d.must('decide', { outcome: 'decided', reasoning: 'De directeur erkent dat de reactie te laat was.', measures: ['Termijnen bewaken'] }, HANDLER).status, 'decided');
  });

  it('a sensitive but not very serious complaint can be decided without consulting the bestuur (invented rule gone)', () => {
    const d = new Dossier(reg, { receivedOn: '2026-03-02' }, '2026-03-02');
    d.must('classify', { values: {}, severity: 'normal', sensitive: true });
    assert.equal(d.must('decide', { outcome: 'decided', reasoning: 'De klacht is terecht; wij bieden excuses aan.' }, HANDLER).status, 'decided');
  });

  it('a very serious complaint asks consulting the bestuur first; unknown severities are refused', () => {
    const d = new Dossier(reg, { receivedOn: '2026-03-02' }, '2026-03-02');
    const bad = d.refused('classify', { severity: 'catastrophic' }, 'validation_failed');
    assert.deepEqual(fieldsOf(bad), ['severity']);
    d.must('classify', { severity: 'very_serious', sensitive: true });
    const r = d.refused('decide', { outcome: 'decided', reasoning: 'De klacht is terecht; wij bieden excuses aan.' }, 'invalid_transition');
    // 003 names the role "het bestuur": with its own article, never "overleg met bestuur" (walk 12).
    // 003 "Behandeling van de klacht": "Bij zeer ernstige klachten, overlegt de klachtencoördinator bij wijze van
    // de-escalatie met het bestuur": the overleg is asked, with that article; no advice of the bestuur (walk 12b).
    assert.equal(r.message, 'Deze klacht vraagt eerst overleg met het bestuur (onderdeel "Behandeling van de klacht"). Leg dat vast met "Escaleren" naar het bestuur.');
    assert.ok(decisionChecklist(d.facts, d.policy).some((i) => i.label === 'Overleg met het bestuur' && !i.done && i.article === 'Behandeling van de klacht'));
    d.must('escalate', { to: 'board', reason: 'Zeer ernstige klacht: overleg ter de-escalatie.' }, COORDINATOR);
    const again = d.refused('escalate', { to: 'board', reason: 'Nog eens.' }, 'validation_failed', COORDINATOR);
    assert.equal(again.fields?.[0]?.message, 'De klacht ligt al bij het bestuur.');
    assert.equal(d.must('decide', { outcome: 'decided', reasoning: 'De klacht is terecht; wij bieden excuses aan.' }).status, 'decided');
  });

  it('may send a delay notice: extension without maximum, so no latest date', () => {
    const d = new Dossier(reg, { receivedOn: '2026-03-02' }, '2026-03-02');
    const facts = d.must('extend', { term: { amount: 10, unit: 'workingDays' }, noticeOn: '2026-03-06', reason: 'Wij hebben meer tijd nodig voor onderzoek.' }, HANDLER, '2026-03-06');
    const dates = deadlineDates(reg, facts, '2026-03-06');
    assert.equal(dates.decision, '2026-03-23');
    assert.equal(dates.decisionMaxExtended, undefined);
  });
});

describe('004 lentl', () => {
  it('runs the OKC route: decision, external procedure, ruling, the organisation’s reaction, close (§5)', () => {
    const reg = presetRegulation('lentl', LENTL_FILLS);
    const d = new Dossier(reg, { receivedOn: '2026-05-04', respondentName: 'A. Bakker' }, '2026-05-04');
    d.must('assign', { handlerUserId: HANDLER.userId });
    d.must('decide', { outcome: 'not_upheld', reasoning: 'De leidinggevende ziet geen fout in de planning van de zorg.', externalBodyNamed: true }, HANDLER, '2026-05-20');
    d.refused('record-external-ruling', { on: '2026-07-01', outcome: 'Gegrond' }, 'invalid_transition', COORDINATOR, '2026-07-01');
    d.must('record-external-procedure', { bodyName: 'Onafhankelijke klachtencommissie (OKC)', bodyKind: 'complaints_committee', submittedOn: '2026-06-01', reference: 'OKC-2026-17' }, COORDINATOR, '2026-06-02');
    d.refused('record-organisation-reaction', { on: '2026-07-10', text: 'Wij nemen de uitspraak over.', by: 'directie' }, 'invalid_transition', COORDINATOR, '2026-07-10');
    const early = d.refused('record-external-ruling', { on: '2026-05-30', outcome: 'Gegrond' }, 'validation_failed', COORDINATOR, '2026-07-01');
    assert.deepEqual(fieldsOf(early), ['on']);
    d.must('record-external-ruling', { on: '2026-07-01', outcome: 'De OKC verklaart de klacht gegrond.' }, COORDINATOR, '2026-07-02');
    d.must('record-organisation-reaction', { on: '2026-07-10', text: 'De directie neemt de uitspraak over en past de planning aan.', by: 'directie' }, COORDINATOR, '2026-07-10');
    const facts = d.must('close', {}, COORDINATOR, '2026-07-11');
    assert.equal(facts.status, 'closed');
    assert.deepEqual(facts.externalProcedures, [
      {
        bodyName: 'Onafhankelijke klachtencommissie (OKC)',
        bodyKind: 'complaints_committee',
        submittedOn: '2026-06-01',
        reference: 'OKC-2026-17',
        ruling: { on: '2026-07-01', outcome: 'De OKC verklaart de klacht gegrond.' },
        reactions: [{ on: '2026-07-10', text: 'De directie neemt de uitspraak over en past de planning aan.', by: 'directie' }],
      },
    ]);
    // Facts can still be added after closing (the ruling may come later).
    assert.ok(availableActions(facts, d.policy, ['coordinator'], d.today).includes('record-external-procedure'));
  });

  it('with open points the policy does not crash: no decision clock, no extension', () => {
    const reg = presetRegulation('lentl');
    const d = new Dossier(reg, { receivedOn: '2026-05-04' }, '2026-05-04');
    assert.ok(d.policy.openPoints.includes('decision_term'));
    assert.deepEqual(deadlineDates(d.policy, d.facts, '2026-05-04'), {});
    d.refused('extend', { term: { amount: 1, unit: 'weeks' }, noticeOn: '2026-05-05', reason: 'x' }, 'invalid_transition');
    assert.equal(d.must('assign', { handlerUserId: HANDLER.userId }).status, 'in_progress');
  });
});

describe('001 hss', () => {
  const reg = presetRegulation('hss');

  it('acknowledges within 7 working days and decides within 6 weeks, across Easter and Ascension Day (3.2, 3.3)', () => {
    // Thursday 2 April 2026: Goede Vrijdag 3 April and Tweede Paasdag 6 April are no working days;
    // 6 weeks end on Hemelvaartsdag 14 May, which the Atw moves to Friday 15 May.
    const d = new Dossier(reg, { receivedOn: '2026-04-02' }, '2026-04-02');
    assert.deepEqual(deadlineDates(reg, d.facts, '2026-04-02'), { acknowledgement: '2026-04-15', decision: '2026-05-15' });
    const dl = complaintDeadlines(reg, d.facts, '2026-04-16');
    assert.equal(dl.acknowledgement?.overdue, true);
    assert.equal(dl.acknowledgement?.daysLeft, -1);
    d.must('acknowledge', { on: '2026-04-14' }, COORDINATOR, '2026-04-16');
    const after = complaintDeadlines(reg, d.facts, '2026-04-16');
    assert.equal(after.acknowledgement?.met, true);
    assert.equal(after.acknowledgement?.overdue, false);
    assert.equal(after.decision?.running, true);
    assert.equal(after.decision?.daysLeft, 29);
    // A reasoned position, orally or in writing (3.3); the external route is named.
    d.must('decide', { outcome: 'decided', reasoning: 'Het advies was onvolledig; wij vullen het aan.', form: 'oral', externalBodyNamed: true }, COORDINATOR, '2026-05-15');
    const done = complaintDeadlines(reg, d.facts, '2026-05-20');
    assert.equal(done.decision?.met, true);
    assert.equal(done.decision?.late, false);
  });

  it('records a subject that is not a complaint (3.1) without a procedure', () => {
    const d = new Dossier(reg, { kind: 'not_a_complaint', receivedOn: '2026-04-02', notComplaintKey: 'administration_costs' }, '2026-04-02');
    assert.equal(d.facts.status, 'closed');
    assert.deepEqual(deadlineDates(reg, d.facts, '2026-04-02'), {});
    assert.deepEqual(availableActions(d.facts, d.policy, ['coordinator'], d.today), ['classify', 'add-note', 'convert-to-complaint', 'correct-registration']);
    const r = d.refused('acknowledge', {}, 'invalid_transition');
    assert.match(r.message, /Geen klacht/);
  });
});

describe('every preset', () => {
  for (const key of PRESET_KEYS) {
    it(`${key}: deadlines at registration equal the regulation's milestones`, () => {
      const fills = key === 'cbf-template' ? CBF_FILLS : key === 'lentl' ? LENTL_FILLS : {};
      const reg = presetRegulation(key, fills);
      const receivedAt = new Date('2026-04-02T10:00:00+02:00');
      const d = new Dossier(reg, { receivedOn: dayZero(receivedAt) }, '2026-04-02');
      assert.deepEqual(deadlineDates(reg, d.facts, '2026-04-02'), milestones(reg, receivedAt));
    });
  }
});
