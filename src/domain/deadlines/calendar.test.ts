import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  addWorkingDays,
  atwHolidayName,
  atwHolidays,
  countWorkingDays,
  easterSunday,
  isAtwHoliday,
  isClosedDay,
  isWorkingDay,
  nextAtwDay,
} from './calendar.ts';
import {
  addDays,
  addMonths,
  dayZero,
  daysBetween,
  fromDayNumber,
  isIsoDate,
  isoWeekday,
  parseIsoDate,
  toDayNumber,
} from './dates.ts';
import type { CalendarSettings } from './types.ts';

const plain: CalendarSettings = { atw: true, closedDays: [] };

describe('plain dates', () => {
  it('validates ISO dates strictly', () => {
    for (const ok of ['2026-01-01', '2028-02-29', '2026-12-31']) assert.equal(isIsoDate(ok), true, ok);
    for (const bad of ['2026-02-29', '2026-2-1', '2026-13-01', '2026-00-10', '2026-04-31', '20260101', '', 20260101]) {
      assert.equal(isIsoDate(bad), false, String(bad));
    }
    assert.throws(() => parseIsoDate('2027-02-29'), RangeError);
  });

  it('round-trips day numbers', () => {
    assert.equal(toDayNumber('1970-01-01'), 0);
    assert.equal(fromDayNumber(-1), '1969-12-31');
    assert.equal(fromDayNumber(toDayNumber('2026-05-14')), '2026-05-14');
  });

  it('adds days across month, year and leap-day boundaries', () => {
    assert.equal(addDays('2026-12-31', 1), '2027-01-01');
    assert.equal(addDays('2028-02-28', 1), '2028-02-29');
    assert.equal(addDays('2026-03-01', -1), '2026-02-28');
    assert.equal(addDays('2026-03-28', 2), '2026-03-30'); // over the DST change: still whole days
    assert.equal(daysBetween('2026-04-13', '2026-05-25'), 42);
  });

  const monthCases = [
    ['2026-01-31', 1, '2026-02-28'],
    ['2028-01-31', 1, '2028-02-29'],
    ['2026-03-31', 1, '2026-04-30'],
    ['2026-12-15', 1, '2027-01-15'],
    ['2026-01-31', 13, '2027-02-28'],
    ['2026-05-31', -1, '2026-04-30'],
  ] as const;
  for (const [from, months, expected] of monthCases) {
    it(`addMonths(${from}, ${months}) = ${expected}`, () => assert.equal(addMonths(from, months), expected));
  }

  it('knows the weekday (1 = Monday … 7 = Sunday)', () => {
    assert.equal(isoWeekday('1970-01-01'), 4);
    assert.equal(isoWeekday('1969-12-31'), 3);
    assert.equal(isoWeekday('2026-04-27'), 1);
    assert.equal(isoWeekday('2025-04-27'), 7);
  });
});

describe('dayZero (Europe/Amsterdam)', () => {
  const cases = [
    ['2026-03-01T23:30:00Z', '2026-03-02', 'winter time, after midnight in Amsterdam'],
    ['2026-03-01T22:59:59Z', '2026-03-01', 'winter time, just before midnight'],
    ['2025-12-31T23:00:00Z', '2026-01-01', 'New Year'],
    ['2026-03-28T22:59:59Z', '2026-03-28', 'night before DST starts, CET'],
    ['2026-03-28T23:00:00Z', '2026-03-29', 'DST start day, CET midnight'],
    ['2026-03-29T21:59:59Z', '2026-03-29', 'DST start day, CEST 23:59:59'],
    ['2026-03-29T22:00:00Z', '2026-03-30', 'first CEST midnight'],
    ['2026-10-24T21:59:59Z', '2026-10-24', 'night before DST ends, CEST'],
    ['2026-10-24T22:00:00Z', '2026-10-25', 'DST end day, CEST midnight'],
    ['2026-10-25T22:59:59Z', '2026-10-25', 'DST end day, CET 23:59:59'],
    ['2026-10-25T23:00:00Z', '2026-10-26', 'first CET midnight'],
    ['2026-07-01T00:30:00+02:00', '2026-07-01', 'summer, local offset given'],
  ] as const;
  for (const [instant, expected, label] of cases) {
    it(`${instant} → ${expected} (${label})`, () => assert.equal(dayZero(new Date(instant)), expected));
  }
  it('rejects an invalid Date', () => assert.throws(() => dayZero(new Date('nonsense')), RangeError));
});

describe('Atw holidays', () => {
  const easter = [
    [1943, '1943-04-25'],
    [2000, '2000-04-23'],
    [2008, '2008-03-23'],
    [2019, '2019-04-21'],
    [2024, '2024-03-31'],
    [2025, '2025-04-20'],
    [2026, '2026-04-05'],
    [2027, '2027-03-28'],
    [2038, '2038-04-25'],
    [2285, '2285-03-22'],
  ] as const;
  for (const [year, date] of easter) {
    it(`Easter ${year} is ${date}`, () => assert.equal(easterSunday(year), date));
  }

  it('lists 2026 in date order with Dutch names', () => {
    assert.deepEqual(atwHolidays(2026), [
      { date: '2026-01-01', name: 'Nieuwjaarsdag' },
      { date: '2026-04-03', name: 'Goede Vrijdag' },
      { date: '2026-04-05', name: 'Eerste Paasdag' },
      { date: '2026-04-06', name: 'Tweede Paasdag' },
      { date: '2026-04-27', name: 'Koningsdag' },
      { date: '2026-05-05', name: 'Bevrijdingsdag' },
      { date: '2026-05-14', name: 'Hemelvaartsdag' },
      { date: '2026-05-24', name: 'Eerste Pinksterdag' },
      { date: '2026-05-25', name: 'Tweede Pinksterdag' },
      { date: '2026-12-25', name: 'Eerste Kerstdag' },
      { date: '2026-12-26', name: 'Tweede Kerstdag' },
    ]);
  });

  it('puts Easter 2027 on 26–29 March and Hemelvaart/Pinksteren after it', () => {
    const names = new Map(atwHolidays(2027).map((h) => [h.name, h.date]));
    assert.equal(names.get('Goede Vrijdag'), '2027-03-26');
    assert.equal(names.get('Tweede Paasdag'), '2027-03-29');
    assert.equal(names.get('Hemelvaartsdag'), '2027-05-06');
    assert.equal(names.get('Tweede Pinksterdag'), '2027-05-17');
  });

  const kingsDays = [
    [2025, '2025-04-26', 'Koningsdag'], // 27 April 2025 is a Sunday
    [2026, '2026-04-27', 'Koningsdag'],
    [2014, '2014-04-26', 'Koningsdag'], // 27 April 2014 was a Sunday
    [2031, '2031-04-26', 'Koningsdag'], // 27 April 2031 is a Sunday
    [2013, '2013-04-30', 'Koninginnedag'],
    [2006, '2006-04-29', 'Koninginnedag'], // 30 April 2006 was a Sunday
  ] as const;
  for (const [year, date, name] of kingsDays) {
    it(`${name} ${year} is ${date}`, () => {
      assert.equal(atwHolidayName(date), name);
      assert.equal(atwHolidays(year).filter((h) => h.name === name).length, 1);
    });
  }

  it('keeps Bevrijdingsdag every year, also when not a lustrum year', () => {
    for (const year of [2026, 2027, 2028, 2030]) assert.equal(isAtwHoliday(`${year}-05-05`), true);
  });

  it('lists both holidays when they share a date', () => {
    assert.equal(atwHolidayName('2016-05-05'), 'Bevrijdingsdag en Hemelvaartsdag'); // Easter 2016: 27 March
    assert.equal(atwHolidays(2016).length, 11);
  });

  it('does not treat ordinary days as holidays', () => {
    for (const date of ['2026-04-02', '2026-04-04', '2026-05-15', '2026-12-24', '2026-12-31']) {
      assert.equal(isAtwHoliday(date), false, date);
    }
    assert.equal(atwHolidayName('2026-04-02'), null);
  });

  it('moves to the next day that is no Saturday, Sunday or holiday (Atw art. 1)', () => {
    assert.equal(nextAtwDay('2026-04-03'), '2026-04-07'); // Goede Vrijdag → after Tweede Paasdag
    assert.equal(nextAtwDay('2025-04-26'), '2025-04-28'); // Koningsdag on a Saturday
    assert.equal(nextAtwDay('2026-12-25'), '2026-12-28');
    assert.equal(nextAtwDay('2026-05-13'), '2026-05-13');
  });
});

describe('working days', () => {
  const bridge: CalendarSettings = { atw: true, closedDays: ['2026-05-15'] };

  it('excludes weekends, Atw holidays and closed days', () => {
    assert.equal(isWorkingDay('2026-04-07', plain), true);
    assert.equal(isWorkingDay('2026-04-03', plain), false); // Goede Vrijdag
    assert.equal(isWorkingDay('2026-04-04', plain), false); // Saturday
    assert.equal(isWorkingDay('2026-05-15', plain), true);
    assert.equal(isWorkingDay('2026-05-15', bridge), false); // bridge day after Hemelvaart
    assert.equal(isClosedDay('2026-05-15', bridge), true);
  });

  it('never counts a holiday as a working day, even without the Atw', () => {
    assert.equal(isClosedDay('2026-04-06', { atw: false, closedDays: [] }), true);
  });

  it('counts the N-th working day after a date', () => {
    assert.equal(addWorkingDays('2026-04-02', 7, plain), '2026-04-15');
    assert.equal(addWorkingDays('2026-05-13', 2, plain), '2026-05-18');
    assert.equal(addWorkingDays('2026-05-13', 2, bridge), '2026-05-19');
    assert.equal(addWorkingDays('2026-05-13', 0, plain), '2026-05-13');
    assert.throws(() => addWorkingDays('2026-05-13', -1, plain), RangeError);
  });

  it('counts working days in a half-open range', () => {
    assert.equal(countWorkingDays('2026-04-02', '2026-04-09', plain), 3); // 2, 7 and 8 April
    assert.equal(countWorkingDays('2026-05-11', '2026-05-18', bridge), 3); // Mon–Wed; Hemelvaart and bridge day out
    assert.equal(countWorkingDays('2026-05-18', '2026-05-11', plain), 0);
  });
});
