import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { adopted } from '../regulation/test-support.ts';
import { computeFigures, percentile, type StatisticsRecordInput } from './compute.ts';
import { shownCount } from './document.ts';
import { parsePeriod } from './periods.ts';

const base: StatisticsRecordInput = {
  kind: 'complaint',
  status: 'new',
  channel: 'email',
  relation: 'client',
  unit_id: 'u1',
  received_on: '2026-02-01',
  ended_on: null,
  decided_on: null,
  classification: {},
  severity: null,
  sensitive: false,
  inadmissible_ground: null,
  outcome: null,
  terms: {},
  escalations: [],
  external: [],
  satisfied: null,
};
const rec = (over: Partial<StatisticsRecordInput>): StatisticsRecordInput => ({ ...base, ...over });
const input = (records: StatisticsRecordInput[], period = '2026-H1') => ({
  regulation: adopted('conneqt'),
  period: parsePeriod(period)!,
  scope: { organisationName: 'Test', unitName: null },
  units: [{ id: 'u1', name: 'Eenheid 1' }],
  records,
  dataSince: records.map((r) => r.received_on).sort()[0] ?? null,
  measures: { planned: 1, inProgress: 0, done: 2, dropped: 0, overdue: 1 },
  now: new Date('2026-12-01T10:00:00Z'),
});
const row = (f: ReturnType<typeof computeFigures>['current'], breakdown: string, key: string) => f.breakdowns.find((b) => b.key === breakdown)?.rows.find((r) => r.key === key)?.count;

describe('computeFigures', () => {
  it('the outcome table follows how the regulation decides: no gegrond rows under 003 (it answers), all of them under 002', () => {
    const records = [
      rec({ outcome: 'decided', decided_on: '2026-03-01', ended_on: '2026-03-01', status: 'decided' }),
      rec({ outcome: 'resolved_by_agreement', decided_on: '2026-03-02', ended_on: '2026-03-02', status: 'decided' }),
    ];
    const rows = (key: string) => computeFigures({ ...input(records), regulation: adopted(key) }).current.breakdowns.find((b) => b.key === 'outcome')!.rows.map((r) => [r.key, r.label, r.count]);
    assert.deepEqual(rows('cbf-template'), [['decided', 'Antwoord gegeven', 1], ['resolved_by_agreement', 'Opgelost in overleg', 1]]);
    assert.deepEqual(rows('stadsring51').map(([k]) => k), ['upheld', 'partly_upheld', 'not_upheld', 'resolved_by_agreement', 'no_judgement', 'decided']);
    // An outcome recorded before (under an earlier version) is still counted, only where there is one.
    const older = computeFigures({ ...input([...records, rec({ outcome: 'upheld', decided_on: '2026-03-03', status: 'decided' })]), regulation: adopted('cbf-template') });
    assert.deepEqual(older.current.breakdowns.find((b) => b.key === 'outcome')!.rows.map((r) => r.key), ['decided', 'resolved_by_agreement', 'upheld']);
  });

  it('counts a consultation (003: het bestuur "bij wijze van de-escalatie") as overleg, not as an escalation; a handover stays one (walk14)', () => {
    const f = computeFigures({
      ...input([rec({ escalations: ['board'] }), rec({ escalations: ['director'] }), rec({ escalations: ['board', 'director'] })]),
      regulation: adopted('cbf-template'),
    });
    assert.equal(f.current.escalated, 2);
    assert.deepEqual(f.current.escalations.map((r) => [r.key, r.count]), [['director', 2]]);
    assert.equal(f.current.consulted, 2);
    assert.deepEqual(f.current.consultations?.map((r) => [r.key, r.count]), [['board', 2]]);
    assert.deepEqual(f.steps, { escalation: true, consultation: true, externalBody: false, satisfaction: false, decision: 'het antwoord' });
    assert.equal(computeFigures({ ...input([]), regulation: adopted('hss') }).steps?.decision, 'het standpunt van de directie');
  });

  it("counts an escalation by the kind the record kept when the step happened, not by today's regulation (ADR 0015, session 15)", () => {
    // Under cbf-template today the board is consulted and the director takes over; these records kept the other way round.
    const f = computeFigures({
      ...input([rec({ escalations: ['board'], escalation_kinds: { board: 'handover' } }), rec({ escalations: ['director'], escalation_kinds: { director: 'consult' } })]),
      regulation: adopted('cbf-template'),
    });
    assert.deepEqual(f.current.escalations.map((r) => [r.key, r.count]), [['board', 1]]);
    assert.deepEqual(f.current.consultations?.map((r) => [r.key, r.count]), [['director', 1]]);
  });

  it('counts the period by kind, channel, classification and outcome, and the same period a year earlier', () => {
    const f = computeFigures(
      input([
        rec({ classification: { nature: ['conduct'], submission: ['written'] }, outcome: 'upheld', decided_on: '2026-03-01', ended_on: '2026-03-01', status: 'decided' }),
        rec({ classification: { nature: ['conduct', 'financial'] }, channel: 'letter' }),
        rec({ kind: 'suggestion', status: 'closed', ended_on: '2026-02-01' }),
        rec({ received_on: '2026-07-01' }),
        rec({ received_on: '2025-03-01', outcome: 'not_upheld', decided_on: '2025-04-01', ended_on: '2025-04-01', status: 'decided' }),
      ]),
    );
    assert.equal(f.current.received, 3);
    assert.equal(f.current.complaints, 2);
    assert.equal(row(f.current, 'kind', 'suggestion'), 1);
    assert.equal(row(f.current, 'channel', 'letter'), 1);
    assert.equal(row(f.current, 'class:nature', 'conduct'), 2);
    assert.equal(row(f.current, 'class:nature', 'financial'), 1);
    assert.equal(row(f.current, 'class:submission', '_none'), 1);
    assert.equal(row(f.current, 'outcome', 'upheld'), 1);
    assert.equal(f.lastYear.period.key, '2025-H1');
    assert.equal(row(f.lastYear, 'outcome', 'not_upheld'), 1);
    assert.equal(f.previous.period.key, '2025-H2');
    assert.equal(f.current.openAtEnd, 1);
    assert.equal(f.measures.overdue, 1);
  });

  it("names the decision term as the regulation does (001 art. 3.3, 003 'Behandeling van de klacht'; walkthrough 3 Dec 2026)", () => {
    const terms = { decision: { due: '2026-03-15', metOn: '2026-03-05', late: false } };
    const label = (key: string) => computeFigures({ ...input([rec({ received_on: '2026-03-01', terms })]), regulation: adopted(key) }).current.terms.find((t) => t.key === 'decision')!.label;
    assert.equal(label('hss'), 'Standpunt van de directie');
    assert.equal(label('cbf-template'), 'Antwoord');
    assert.equal(label('stadsring51'), 'Beslissing');
  });

  it('measures timeliness by the terms met in the period, with median and 90th percentile of days', () => {
    const terms = (days: number, late: boolean) => ({ decision: { due: '2026-03-15', metOn: `2026-03-${String(days).padStart(2, '0')}`, late } });
    const f = computeFigures(
      input([
        rec({ received_on: '2026-03-01', terms: terms(5, false) }),
        rec({ received_on: '2026-03-01', terms: terms(11, false) }),
        rec({ received_on: '2026-03-01', terms: terms(21, true) }),
        rec({ received_on: '2026-01-10', terms: { decision: { due: '2026-02-20', metOn: null, late: false } } }),
      ]),
    );
    const decision = f.current.terms.find((t) => t.key === 'decision')!;
    assert.deepEqual([decision.onTime, decision.late, decision.overdueOpen], [2, 1, 1]);
    assert.equal(decision.medianDays, 10);
    assert.equal(decision.p90Days, 20);
    assert.equal(f.current.overdueAtEnd, 1);
  });

  it('counts a decision whose letter had not gone out by the end as "open en termijn voorbij" (ADR 0010, addendum 2)', () => {
    const decided = (metOn: string | null) => rec({ received_on: '2026-03-01', ended_on: '2026-04-20', decided_on: '2026-04-20', outcome: 'not_upheld', terms: { decision: { due: '2026-04-28', metOn, late: metOn !== null && metOn > '2026-04-28' } } });
    // Period 2026-H1 ends 30 June: one letter still unsent then, one sent late in July, one sent in time.
    const f = computeFigures(input([decided(null), decided('2026-07-06'), decided('2026-04-21')], '2026-H1'));
    const decision = f.current.terms.find((t) => t.key === 'decision')!;
    assert.deepEqual([decision.onTime, decision.late, decision.overdueOpen], [1, 0, 2]);
    assert.equal(f.current.openAtEnd, 0, 'the procedures themselves had ended');
  });

  it('counts a period still running as of today: a term whose due day has not come is not passed (walkthrough 2 Dec 2026)', () => {
    const open = (due: string) => rec({ received_on: '2026-11-20', terms: { decision: { due, metOn: null, late: false }, acknowledgement: { due, metOn: null, late: false } } });
    // 2026 on 1 December 2026 (the input's now): one deadline passed, one in the future (before the year's end).
    const f = computeFigures(input([open('2026-11-25'), open('2026-12-18')], '2026'));
    assert.equal(f.current.asOf, '2026-12-01', 'an interim count, as of today');
    assert.equal(f.current.openAtEnd, 2);
    assert.equal(f.current.overdueAtEnd, 1, 'only the deadline that has passed');
    assert.equal(f.current.terms.find((t) => t.key === 'decision')?.overdueOpen, 1);
    assert.equal(f.current.terms.find((t) => t.key === 'acknowledgement')?.overdueOpen, 1);
    // A period that has ended is counted at its end, as before, and is no interim.
    const ended = computeFigures(input([open('2026-11-25'), open('2026-12-18')], '2026-H1'));
    assert.equal(ended.current.asOf, undefined);
    assert.equal(ended.previous.asOf, undefined);
  });

  it('has no "Ontvankelijkheid" table where the regulation has no grounds of inadmissibility (000, 001, 003, 004)', () => {
    for (const key of ['conneqt', 'hss', 'cbf-template', 'lentl']) {
      const f = computeFigures({ ...input([rec({})]), regulation: adopted(key) });
      assert.equal(f.current.breakdowns.find((b) => b.key === 'admissibility'), undefined, key);
    }
  });

  it('names who complained in the regulation\'s words (001 "iedereen die contact heeft gehad met HSS"; 003 "een andere relatie van ons")', () => {
    const labels = (key: string) => computeFigures({ ...input([rec({ relation: 'any_relation' })]), regulation: adopted(key) }).current.breakdowns.find((b) => b.key === 'relation')!.rows.map((r) => r.label);
    assert.ok(labels('hss').some((l) => /^Iedereen die contact heeft gehad met /.test(l)), labels('hss').join(', '));
    assert.ok(labels('cbf-template').includes('Een andere relatie van ons'), labels('cbf-template').join(', '));
    assert.ok(!labels('cbf-template').some((l) => /contact hebben/.test(l)));
  });

  it('cites the admissibility grounds as a range and states each term as the regulation sets it (002: 5.1a–5.2; 1, 4, 8 weeks)', () => {
    const terms = { acknowledgement: { due: '2026-02-08', metOn: '2026-02-03', late: false }, inadmissibilityNotice: { due: '2026-03-01', metOn: '2026-02-20', late: false }, decision: { due: '2026-03-29', metOn: '2026-03-20', late: false } };
    const f = computeFigures({ ...input([rec({ terms })]), regulation: adopted('stadsring51') });
    assert.equal(f.current.breakdowns.find((b) => b.key === 'admissibility')?.article, '5.1a–5.2');
    assert.deepEqual(
      f.current.terms.map((t) => [t.key, t.term]),
      [
        ['acknowledgement', '1 week'],
        ['inadmissibilityNotice', '4 weken'],
        ['decision', '8 weken'],
      ],
    );
  });

  it('marks a trend by the stated rule only against periods with registrations', () => {
    const many = (n: number, received_on: string, nature: string) => Array.from({ length: n }, () => rec({ received_on, classification: { nature: [nature] } }));
    const records = [...many(2, '2025-02-01', 'conduct'), ...many(2, '2025-05-01', 'conduct'), ...many(2, '2025-08-01', 'conduct'), ...many(2, '2025-11-01', 'conduct'), ...many(9, '2026-02-01', 'conduct')];
    const f = computeFigures(input(records, '2026-Q1'));
    const t = f.trends.find((x) => x.breakdown === 'class:nature' && x.key === 'conduct');
    assert.ok(t, JSON.stringify(f.trends));
    assert.equal(t.average, 2);
    assert.equal(t.direction, 'up');
    assert.match(t.sentence, /steeg van gemiddeld 2 naar 9/);
    // Four more would not be a trend: at least five more than the average is the rule.
    const g = computeFigures(input([...records.slice(0, 8), ...many(6, '2026-02-01', 'conduct')], '2026-Q1'));
    assert.equal(g.trends.filter((x) => x.breakdown === 'class:nature').length, 0);
    // No earlier registrations: nothing to compare with.
    assert.deepEqual(computeFigures(input(many(9, '2026-02-01', 'conduct'), '2026-Q1')).trends, []);
  });

  it('shows small cells as "< 5" outside the staff view', () => {
    assert.equal(shownCount(3, 'board'), '< 5');
    assert.equal(shownCount(0, 'board'), '0');
    assert.equal(shownCount(5, 'public'), '5');
    assert.equal(shownCount(3, 'staff'), '3');
    assert.equal(shownCount(1234, 'staff'), '1.234');
    assert.equal(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.9), 9);
  });
});
