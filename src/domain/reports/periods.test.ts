import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { lastEndedPeriod, parsePeriod, precedingPeriods, previousPeriod, sameLastYear } from './periods.ts';

describe('report periods', () => {
  it('reads a year, a half year and a quarter with their first and last day', () => {
    assert.deepEqual(parsePeriod('2026'), { key: '2026', kind: 'year', year: 2026, index: 1, from: '2026-01-01', to: '2026-12-31', label: '2026' });
    assert.equal(parsePeriod('2026-H1')?.to, '2026-06-30');
    assert.equal(parsePeriod('2026-h2')?.from, '2026-07-01');
    assert.equal(parsePeriod('2024-Q1')?.to, '2024-03-31');
    assert.equal(parsePeriod('2026-Q3')?.label, 'derde kwartaal 2026');
    assert.equal(parsePeriod('2026-H1')?.label, 'eerste halfjaar 2026');
  });

  it('refuses what is not a period', () => {
    for (const bad of ['', '26', '2026-H3', '2026-Q5', '2026-Q0', '2026-01', 'jaar']) assert.equal(parsePeriod(bad), null, bad);
  });

  it('knows the period before, the same period a year earlier and the four before', () => {
    assert.equal(previousPeriod(parsePeriod('2026-Q1')!).key, '2025-Q4');
    assert.equal(previousPeriod(parsePeriod('2026-H1')!).key, '2025-H2');
    assert.equal(previousPeriod(parsePeriod('2026')!).key, '2025');
    assert.equal(sameLastYear(parsePeriod('2026-Q3')!).key, '2025-Q3');
    assert.deepEqual(precedingPeriods(parsePeriod('2026-Q2')!, 4).map((p) => p.key), ['2026-Q1', '2025-Q4', '2025-Q3', '2025-Q2']);
  });

  it('gives the last period that has ended', () => {
    assert.equal(lastEndedPeriod('quarter', '2026-12-01').key, '2026-Q3');
    assert.equal(lastEndedPeriod('half', '2026-12-01').key, '2026-H1');
    assert.equal(lastEndedPeriod('year', '2026-01-15').key, '2025');
  });
});
