import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { adopted } from '../regulation/test-support.ts';
import { fullReportTitle, inForceSince, meetingYearOwed, periodDueFor, periodFitsReport, periodOwed, reportScopes, reportsDueOn, reportTitle } from './due.ts';
import { parsePeriod } from './periods.ts';

/** The reports each seed regulation asks for (issue 10), on a given day, per organisation or per werkmaatschappij. */
const ORG = [{ unitId: null, unitName: null }];
/** A regulation in force for years: every period asked for is owed. */
const LONG_AGO = '2020-01-01';

describe('reports due per preset', () => {
  it('CBF template (003): the half-yearly board report and the annual report in January, by the coordinator', () => {
    const reg = adopted('cbf-template');
    const onDec = reportsDueOn(reg, { today: '2026-12-01', periodicLength: null, scopes: ORG, inForceSince: LONG_AGO });
    assert.deepEqual(onDec.due.map((d) => [d.key, d.period.key, d.by, d.audienceRoles.join()]), [
      ['half_yearly_board_report', '2026-H1', 'coordinator', 'board'],
      ['annual_report', '2025', 'coordinator', 'director'],
    ]);
    assert.equal(onDec.due[0]?.title, 'Halfjaarrapportage klachten voor het bestuur van Stichting Voorbeeldzorg, eerste halfjaar 2026');
    assert.equal(onDec.due[0]?.article, 'Rapportage / verantwoording');
    assert.equal(onDec.due[1]?.title, 'Jaarverslag klachten voor de directie, 2025');
    // In January the year just ended is due (003: "jaarlijks in januari").
    const onJan = reportsDueOn(reg, { today: '2027-01-05', periodicLength: null, scopes: ORG, inForceSince: LONG_AGO });
    assert.deepEqual(onJan.due.map((d) => d.period.key), ['2026-H2', '2026']);
    assert.deepEqual(onJan.needsPeriodicLength, []);
  });

  it('HSS (001 §3.5): the quarterly inventory for the directie by the directie', () => {
    const reg = adopted('hss');
    const r = reportsDueOn(reg, { today: '2026-12-01', periodicLength: null, scopes: ORG, inForceSince: LONG_AGO });
    assert.deepEqual(r.due.map((d) => [d.key, d.period.key, d.by, d.article]), [['quarterly_inventory', '2026-Q3', 'management', '3.5']]);
    assert.equal(r.due[0]?.title, 'Kwartaalinventarisatie van de klachten voor de directie, derde kwartaal 2026');
  });

  it('ConnEQt (000 art. 7): "periodiek" waits for the organisation to choose its length; the yearly analysis is due', () => {
    const reg = adopted('conneqt');
    const unset = reportsDueOn(reg, { today: '2026-12-01', periodicLength: null, scopes: ORG, inForceSince: LONG_AGO });
    assert.deepEqual(unset.due.map((d) => [d.key, d.period.key]), [['yearly_analysis', '2025']]);
    assert.deepEqual(unset.needsPeriodicLength.map((n) => [n.key, n.article]), [['periodic_report', '7.2']]);
    const half = reportsDueOn(reg, { today: '2026-12-01', periodicLength: 'half', scopes: ORG, inForceSince: LONG_AGO });
    assert.deepEqual(half.due.map((d) => [d.key, d.period.key]), [['periodic_report', '2026-H1'], ['yearly_analysis', '2025']]);
    assert.equal(half.needsPeriodicLength.length, 0);
    assert.equal(half.due[1]?.title, 'Jaarlijkse klachtenanalyse voor Stichting Voorbeeldzorg, 2025');
  });

  it('Stadsring51 (002 art. 7): the same, with the organisation choosing quarters', () => {
    const reg = adopted('stadsring51');
    const r = reportsDueOn(reg, { today: '2026-05-20', periodicLength: 'quarter', scopes: ORG, inForceSince: LONG_AGO });
    assert.deepEqual(r.due.map((d) => [d.key, d.period.key, d.by]), [['periodic_report', '2026-Q1', 'complaints_officer'], ['yearly_analysis', '2025', 'complaints_officer']]);
    assert.equal(r.due[0]?.title, 'Kwartaalrapportage klachten voor de organisatie, eerste kwartaal 2026');
  });

  it('Lentl (004 §2, §3, §6): the yearly analysis per werkmaatschappij', () => {
    const reg = adopted('lentl');
    const tops = [{ unitId: 'u1', unitName: 'Zorg Noord' }, { unitId: 'u2', unitName: 'Zorg Zuid' }];
    const scopes = reportScopes(reg, null, tops);
    assert.deepEqual(scopes, tops);
    const r = reportsDueOn(reg, { today: '2026-12-01', periodicLength: null, scopes, inForceSince: LONG_AGO });
    assert.deepEqual(r.due.map((d) => [d.key, d.period.key, d.unitId, d.by, d.audienceRoles.join()]), [
      ['yearly_analysis', '2025', 'u1', 'complaints_officer', 'management,quality_officer'],
      ['yearly_analysis', '2025', 'u2', 'complaints_officer', 'management,quality_officer'],
    ]);
    assert.match(r.due[0]!.title, /^Jaarlijkse klachtenanalyse voor de directie en\/of de kwaliteitsfunctionaris van de werkmaatschappij, 2025 \(Zorg Noord\)$/);
    // A regulation activated for one werkmaatschappij reports on that werkmaatschappij only.
    assert.deepEqual(reportScopes(reg, { unitId: 'u2', unitName: 'Zorg Zuid' }, tops), [{ unitId: 'u2', unitName: 'Zorg Zuid' }]);
  });

  it('an organisation-wide regulation reports for the whole organisation', () => {
    assert.deepEqual(reportScopes(adopted('hss'), null, [{ unitId: 'u1', unitName: 'A' }]), ORG);
  });
});

describe('report periods and titles', () => {
  it('a yearly report with a month is due from that month on, before it the year before', () => {
    const report = { ...adopted('cbf-template').reporting.reports[1]!, month: 3 };
    assert.equal(periodDueFor(report, 'year', '2027-02-28').key, '2025');
    assert.equal(periodDueFor(report, 'year', '2027-03-01').key, '2026');
  });

  it('a period fits a report only when its length is the report\'s (or the chosen "periodiek" length)', () => {
    const [periodic] = adopted('conneqt').reporting.reports;
    const [half] = adopted('cbf-template').reporting.reports;
    assert.equal(periodFitsReport(half!, parsePeriod('2026-H1')!, null), true);
    assert.equal(periodFitsReport(half!, parsePeriod('2026-Q1')!, null), false);
    assert.equal(periodFitsReport(periodic!, parsePeriod('2026-Q1')!, null), false);
    assert.equal(periodFitsReport(periodic!, parsePeriod('2026-Q1')!, 'quarter'), true);
  });

  it('titles read as Dutch', () => {
    const [periodic] = adopted('conneqt').reporting.reports;
    assert.equal(reportTitle(periodic!, null), 'Periodieke rapportage klachten voor Stichting Voorbeeldzorg');
    assert.equal(fullReportTitle(periodic!, parsePeriod('2026')!, null), 'Jaarrapportage klachten voor Stichting Voorbeeldzorg, 2026');
  });
});

describe('no duty for a period before the regulation was in force (000/002 art. 7 and 8)', () => {
  it('a regulation in force since this year owes no report about last year; the periods since are owed', () => {
    const reg = adopted('conneqt');
    const r = reportsDueOn(reg, { today: '2026-12-01', periodicLength: 'half', scopes: ORG, inForceSince: '2026-03-01' });
    // The first half of 2026 (in force from 1 March) is owed; the analysis of 2025 is not.
    assert.deepEqual(r.due.map((d) => [d.key, d.period.key]), [['periodic_report', '2026-H1']]);
    const made = reportsDueOn(reg, { today: '2026-12-01', periodicLength: 'half', scopes: ORG, inForceSince: '2026-12-01' });
    assert.deepEqual(made.due, []);
    // The choice of length is still asked: it is a choice, not a report owed.
    assert.deepEqual(reportsDueOn(reg, { today: '2026-12-01', periodicLength: null, scopes: ORG, inForceSince: '2026-12-01' }).needsPeriodicLength.map((n) => n.key), ['periodic_report']);
  });

  it('the partial first period is owed: in force since 2026-03-01, the 2026 analysis is due in 2027', () => {
    const reg = adopted('conneqt');
    const r = reportsDueOn(reg, { today: '2027-02-01', periodicLength: 'year', scopes: ORG, inForceSince: '2026-03-01' });
    assert.deepEqual(r.due.map((d) => [d.key, d.period.key]), [['periodic_report', '2026'], ['yearly_analysis', '2026']]);
    assert.equal(periodOwed(parsePeriod('2026-Q1')!, '2026-03-31'), true);
    assert.equal(periodOwed(parsePeriod('2026-Q1')!, '2026-04-01'), false);
  });

  it('the yearly meeting: owed for a year the regulation was in force in, also partly', () => {
    assert.equal(meetingYearOwed(2025, '2026-03-01'), false);
    assert.equal(meetingYearOwed(2026, '2026-03-01'), true);
    assert.equal(meetingYearOwed(2025, '2025-12-31'), true);
  });

  it('in force since: the earliest day a version took effect, else the organisation’s creation', () => {
    assert.equal(inForceSince(['2026-05-01', '2024-02-01', '2025-01-01'], '2023-01-01'), '2024-02-01');
    assert.equal(inForceSince([], '2026-12-03'), '2026-12-03');
  });
});
