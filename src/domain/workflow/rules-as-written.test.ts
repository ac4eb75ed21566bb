/**
 * Issue 7, "Rules as written, no more and no fewer": every missing check fires with a Dutch message that
 * names the article, and no invented rule fires. Walked through `applyAction` per preset, the history
 * re-folded after every step (see test-support.ts).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { renderRegulationText } from '../regulation/render.ts';
import { deadlineDates } from './due-dates.ts';
import { registerComplaint } from './apply.ts';
import { availableActions } from './table.ts';
import { CBF_FILLS, COORDINATOR, Dossier, HANDLER, fieldsOf, presetRegulation } from './test-support.ts';

const REASONING = 'Wij hebben de stukken bekeken en met de betrokkenen gesproken. Daaruit volgt deze beslissing.';


describe('000 conneqt: classification, satisfaction and sign-off as written', () => {
  const reg = presetRegulation('conneqt');

  it('refuses a decision until the required classification is made (art. 5.3)', () => {
    const d = new Dossier(reg, { receivedOn: '2026-02-02' }, '2026-02-02');
    const r = d.refused('decide', { outcome: 'not_upheld', reasoning: REASONING }, 'invalid_transition');
    assert.match(r.message, /ingedeeld/);
    assert.match(r.message, /Wijze van indiening en Aard van de klacht/);
    assert.match(r.message, /\(artikel 5\.3\)/);
    assert.ok(!availableActions(d.facts, d.policy, ['coordinator'], d.today).includes('decide'));
    d.must('classify', { values: { submission: ['written'], nature: ['financial'] } });
    assert.equal(d.must('decide', { outcome: 'decided', reasoning: REASONING }).status, 'decided');
  });

  it('closing asks whether the complainant is satisfied first (art. 5.5), then the sign-offs', () => {
    const d = new Dossier(reg, { receivedOn: '2026-02-02' }, '2026-02-02');
    d.must('classify', { values: { submission: ['oral'], nature: ['conduct'] } });
    d.must('decide', { outcome: 'decided', reasoning: REASONING }, COORDINATOR, '2026-02-10');
    const early = d.refused('close', {}, 'invalid_transition', COORDINATOR, '2026-02-10');
    assert.match(early.message, /tevreden/);
    assert.match(early.message, /\(artikel 5\.5\)/);
    d.must('record-satisfaction', { satisfied: true, on: '2026-02-11' }, HANDLER, '2026-02-11');
    const unsigned = d.refused('close', {}, 'invalid_transition', COORDINATOR, '2026-02-11');
    assert.match(unsigned.message, /getekend/);
  });

  it('records satisfaction once; a correction is its own event with a reason', () => {
    const d = new Dossier(reg, { receivedOn: '2026-02-02' }, '2026-02-02');
    d.must('classify', { values: { submission: ['oral'], nature: ['conduct'] } });
    d.must('decide', { outcome: 'decided', reasoning: REASONING }, COORDINATOR, '2026-02-10');
    assert.ok(!availableActions(d.facts, d.policy, ['coordinator'], d.today).includes('correct-satisfaction'), 'nothing to correct yet');
    d.must('record-satisfaction', { satisfied: false, on: '2026-02-10' }, HANDLER, '2026-02-10');
    const twice = d.refused('record-satisfaction', { satisfied: true }, 'invalid_transition', HANDLER, '2026-02-12');
    assert.match(twice.message, /al vastgelegd/);
    const same = d.refused('correct-satisfaction', { satisfied: false, reason: 'Nog eens.' }, 'validation_failed', HANDLER, '2026-02-12');
    assert.deepEqual(fieldsOf(same), ['satisfied']);
    const noReason = d.refused('correct-satisfaction', { satisfied: true }, 'validation_failed', HANDLER, '2026-02-12');
    assert.deepEqual(fieldsOf(noReason), ['reason']);
    const facts = d.must('correct-satisfaction', { satisfied: true, reason: 'De klager belde terug: toch tevreden.' }, HANDLER, '2026-02-12');
    assert.deepEqual(facts.satisfaction, { satisfied: true, on: '2026-02-12', note: 'De klager belde terug: toch tevreden.' });
    assert.deepEqual(facts.satisfactionCorrections, [{ from: false, to: true, reason: 'De klager belde terug: toch tevreden.', on: '2026-02-12' }]);
    assert.deepEqual(d.events.map((e) => e.type).slice(-2), ['record-satisfaction', 'correct-satisfaction']);
    // Now satisfied: the registration form must be signed before closing (5.5).
    assert.match(d.refused('close', {}, 'invalid_transition', COORDINATOR, '2026-02-12').message, /getekend/);
  });
});

describe('001 hss: no signature, "geen klacht" as written', () => {
  const reg = presetRegulation('hss');

  it('"geen klacht" needs one of the excluded subjects (§3.1)', () => {
    const policy = new Dossier(reg, { receivedOn: '2026-04-02' }, '2026-04-02').policy;
    const r = registerComplaint({ input: { kind: 'not_a_complaint', receivedOn: '2026-04-02' }, policy, actor: COORDINATOR, today: '2026-04-02', now: '' });
    assert.equal(r.ok, false);
    if (r.ok) return;
    assert.deepEqual(r.fields.map((f) => f.field), ['notComplaintKey']);
    assert.match(r.fields[0]!.message, /administratiekosten/);
    assert.match(r.fields[0]!.message, /\(artikel 3\.1\)/);
    const unknown = registerComplaint({ input: { kind: 'not_a_complaint', receivedOn: '2026-04-02', notComplaintKey: 'weather' }, policy, actor: COORDINATOR, today: '2026-04-02', now: '' });
    assert.equal(unknown.ok, false);
  });

  it('turns "geen klacht" into a complaint later, with day 0 the date of conversion (§3.1)', () => {
    const d = new Dossier(reg, { kind: 'not_a_complaint', receivedOn: '2026-04-02', notComplaintKey: 'administration_costs' }, '2026-04-02');
    assert.equal(d.facts.status, 'closed');
    d.refused('convert-to-complaint', { reason: 'Klager is ontevreden over de uitleg.' }, 'forbidden', HANDLER, '2026-04-20');
    const early = d.refused('convert-to-complaint', { reason: 'Klager is ontevreden over de uitleg.', receivedOn: '2026-04-01' }, 'validation_failed', COORDINATOR, '2026-04-20');
    assert.deepEqual(fieldsOf(early), ['receivedOn']);
    const facts = d.must('convert-to-complaint', { reason: 'De klager is ontevreden over hoe wij de vraag over administratiekosten afhandelden.' }, COORDINATOR, '2026-04-20');
    assert.equal(facts.kind, 'complaint');
    assert.equal(facts.status, 'new');
    assert.equal(facts.receivedOn, '2026-04-20');
    assert.equal(facts.closedOn, null);
    assert.deepEqual(facts.convertedFrom, {
      receivedOn: '2026-04-02',
      notComplaintKey: 'administration_costs',
      reason: 'De klager is ontevreden over hoe wij de vraag over administratiekosten afhandelden.',
    });
    // 3.2: confirmation within 7 working days, 3.3: position within 6 weeks, from the new day 0.
    // Koningsdag (27 April) is no working day.
    assert.deepEqual(deadlineDates(reg, facts, '2026-04-20'), { acknowledgement: '2026-04-30', decision: '2026-06-01' });
    assert.ok(availableActions(facts, d.policy, ['coordinator'], d.today).includes('acknowledge'));
    // A complaint cannot be converted again.
    assert.match(d.refused('convert-to-complaint', { reason: 'Nog eens.' }, 'invalid_transition', COORDINATOR, '2026-04-21').message, /status|geen klacht/);
  });

  it('a complaint that is not "geen klacht" cannot be converted', () => {
    const d = new Dossier(reg, { receivedOn: '2026-04-02' }, '2026-04-02');
    d.must('decide', { outcome: 'decided', reasoning: REASONING, externalBodyNamed: true });
    d.must('close');
    const r = d.refused('convert-to-complaint', { reason: 'Waarom niet.' }, 'invalid_transition');
    assert.match(r.message, /geen klacht/);
  });

  it('decides without naming erisietsmisgegaan.nl in the decision: 3.3 puts the link on the website', () => {
    const d = new Dossier(reg, { receivedOn: '2026-04-02' }, '2026-04-02');
    assert.equal(d.must('decide', { outcome: 'decided', reasoning: REASONING }).status, 'decided');
    // Stadsring51 must name the ombudsman, because the law says so (Awb 9:12 lid 2).
    const s51 = new Dossier(presetRegulation('stadsring51'), { receivedOn: '2026-03-02' }, '2026-03-02');
    s51.must('waive-hearing', { party: 'complainant', ground: 'complainant_declined' }, COORDINATOR, '2026-03-03');
    const r = s51.refused('decide', { outcome: 'not_upheld', reasoning: REASONING }, 'validation_failed', COORDINATOR, '2026-03-03');
    assert.deepEqual(fieldsOf(r), ['externalBodyNamed']);
    assert.match(r.fields?.[0]?.message ?? '', /Nationale ombudsman \(Awb 9:12 lid 2\)/);
  });

  it('closes without satisfaction: HSS has no sign-off', () => {
    const d = new Dossier(reg, { receivedOn: '2026-04-02' }, '2026-04-02');
    d.must('decide', { outcome: 'decided', reasoning: REASONING, externalBodyNamed: true });
    assert.equal(d.must('close').status, 'closed');
  });
});

describe('002 stadsring51: hearing waivers fit the party (art. 6.5–6.6)', () => {
  const reg = presetRegulation('stadsring51');
  const registration = { receivedOn: '2026-03-02', respondentName: 'J. de Vries' };
  function ready(): Dossier {
    const d = new Dossier(reg, registration, '2026-03-02');
    d.must('assign', { handlerUserId: HANDLER.userId });
    d.must('acknowledge', { on: '2026-03-03' }, HANDLER, '2026-03-03');
    d.must('send-copy-to-respondent', { on: '2026-03-03', includesDocuments: true }, HANDLER, '2026-03-03');
    return d;
  }

  it('an extension longer than the maximum is refused at the field, citing where the maximum comes from (Awb 9:11 lid 2; walk 9)', () => {
    const d = ready();
    const r = d.refused('extend', { term: { amount: 6, unit: 'weeks' }, noticeOn: '2026-04-20', reason: 'Wij wachten op een getuige.' }, 'validation_failed', HANDLER, '2026-04-20');
    assert.deepEqual(fieldsOf(r), ['term']);
    assert.match(r.fields?.[0]?.message ?? '', /ten hoogste 4 weken worden verlengd \(Awb 9:11 lid 2\), dus tot uiterlijk/);
  });

  it('"the complainant declined" cannot waive the respondent\'s hearing', () => {
    const d = ready();
    const r = d.refused('waive-hearing', { party: 'respondent', ground: 'complainant_declined' }, 'validation_failed', HANDLER, '2026-03-10');
    assert.deepEqual(fieldsOf(r), ['ground']);
    assert.match(r.fields?.[0]?.message ?? '', /geldt niet voor het horen van degene over wie de klacht gaat/);
    assert.match(r.fields?.[0]?.message ?? '', /\(artikel 6\.6\)/);
    const unfounded = d.refused('waive-hearing', { party: 'respondent', ground: 'manifestly_unfounded' }, 'validation_failed', HANDLER, '2026-03-10');
    assert.deepEqual(fieldsOf(unfounded), ['ground']);
    // The respondent may let the opportunity pass (6.5); that is no ground for the complainant.
    d.refused('waive-hearing', { party: 'complainant', ground: 'respondent_declined' }, 'validation_failed', HANDLER, '2026-03-10');
    d.must('waive-hearing', { party: 'respondent', ground: 'respondent_declined', explanation: 'Niet gereageerd op twee uitnodigingen.' }, HANDLER, '2026-03-10');
    d.must('waive-hearing', { party: 'complainant', ground: 'complainant_declined' }, HANDLER, '2026-03-10');
    assert.equal(d.must('decide', { outcome: 'upheld', reasoning: REASONING, externalBodyNamed: true }, HANDLER, '2026-03-20').status, 'decided');
  });

  it('upholding a complaint after waiving the hearing as manifestly unfounded asks an explicit reason', () => {
    const d = ready();
    d.must('waive-hearing', { party: 'complainant', ground: 'manifestly_unfounded', explanation: 'De klacht gaat over een afspraak die nooit is gemaakt.' }, HANDLER, '2026-03-10');
    d.must('record-hearing', { party: 'respondent', on: '2026-03-10', report: 'De medewerker licht de gang van zaken toe.' }, HANDLER, '2026-03-10');
    for (const outcome of ['upheld', 'partly_upheld'] as const) {
      const r = d.refused('decide', { outcome, reasoning: REASONING, externalBodyNamed: true }, 'validation_failed', HANDLER, '2026-03-20');
      assert.deepEqual(fieldsOf(r), ['waiverContradictionReason']);
      assert.match(r.fields?.[0]?.message ?? '', /kennelijk ongegrond was \(artikel 6\.6\)/);
    }
    const facts = d.must(
      'decide',
      { outcome: 'partly_upheld', reasoning: REASONING, externalBodyNamed: true, waiverContradictionReason: 'Uit het horen van de medewerker bleek dat de afspraak wel was gemaakt.' },
      HANDLER,
      '2026-03-20',
    );
    assert.equal(facts.decision?.waiverContradictionReason, 'Uit het horen van de medewerker bleek dat de afspraak wel was gemaakt.');
  });

  it('a decision in line with the waiver needs no extra reason', () => {
    const d = ready();
    d.must('waive-hearing', { party: 'complainant', ground: 'manifestly_unfounded' }, HANDLER, '2026-03-10');
    d.must('record-hearing', { party: 'respondent', on: '2026-03-10', report: 'Verslag.' }, HANDLER, '2026-03-10');
    assert.equal(d.must('decide', { outcome: 'not_upheld', reasoning: REASONING, externalBodyNamed: true }, HANDLER, '2026-03-20').decision?.waiverContradictionReason, null);
  });

  it('publishes the extension as the law\'s and the waivers per party', () => {
    const text = JSON.stringify(renderRegulationText(reg, { name: 'Stadsring51' }));
    assert.match(text, /Volgens de Algemene wet bestuursrecht kan de termijn met ten hoogste 4 weken worden verlengd/);
    assert.doesNotMatch(text, /Is er meer tijd nodig, dan kan de termijn/);
    const hearing = renderRegulationText(reg, { name: 'Stadsring51' }).sections.find((s) => s.heading === 'Hoor en wederhoor');
    assert.deepEqual(hearing?.items, [
      'de klacht is kennelijk ongegrond',
      'de klager heeft verklaard geen gebruik te willen maken van het recht om gehoord te worden',
    ]);
  });
});

describe('003 cbf-template: no invented board consultation', () => {
  const reg = presetRegulation('cbf-template', CBF_FILLS);

  it('a sensitive, not very serious complaint is decided without the bestuur; a very serious one is not', () => {
    const d = new Dossier(reg, { receivedOn: '2026-03-02' }, '2026-03-02');
    d.must('classify', { severity: 'normal', sensitive: true });
    assert.deepEqual(d.facts.escalations, []);
    assert.equal(d.must('decide', { outcome: 'decided', reasoning: REASONING }).status, 'decided');
    const serious = new Dossier(reg, { receivedOn: '2026-03-02' }, '2026-03-02');
    serious.must('classify', { severity: 'very_serious' });
    assert.match(serious.refused('decide', { outcome: 'upheld', reasoning: REASONING }, 'invalid_transition').message, /bestuur/);
  });

  it('publishes the board consultation only for very serious complaints', () => {
    const text = renderRegulationText(reg, { name: 'Stichting Voorbeeld' }).sections.flatMap((s) => [...s.paragraphs, ...(s.items ?? [])]);
    const sensitive = text.find((p) => p.startsWith('Een complexe of gevoelige klacht'));
    assert.ok(sensitive);
    assert.doesNotMatch(sensitive, /bestuur/);
    assert.ok(text.some((p) => /zeer ernstig/.test(p) && /bestuur/.test(p)));
  });

  it('a delay notice that went out late is recorded as late, not refused', () => {
    const d = new Dossier(reg, { receivedOn: '2026-03-02' }, '2026-03-02');
    // 5 working days: due 9 March; the notice went out on 11 March.
    const facts = d.must('extend', { term: { amount: 5, unit: 'workingDays' }, noticeOn: '2026-03-11', reason: 'Wij wachten op informatie.' }, HANDLER, '2026-03-11');
    assert.equal(facts.extension?.late, true);
    assert.equal(deadlineDates(reg, facts, '2026-03-11').decision, '2026-03-09');
  });
});
