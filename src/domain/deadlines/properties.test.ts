import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { addWorkingDays, atwHolidays, countWorkingDays, easterSunday, isAtwRestDay, isWorkingDay } from './calendar.ts';
import { addDays, compareDates, dayZero, fromDayNumber, isoWeekday, toDayNumber } from './dates.ts';
import { addTerm, checkExtension, computeDue, maxExtendedDue } from './engine.ts';
import type { CalendarSettings, Suspension, Term } from './types.ts';

const date = fc
  .integer({ min: toDayNumber('2000-01-01'), max: toDayNumber('2099-12-31') })
  .map(fromDayNumber);

const calendarTerm: fc.Arbitrary<Term> = fc.oneof(
  fc.record({ amount: fc.integer({ min: 1, max: 120 }), unit: fc.constant('days' as const) }),
  fc.record({ amount: fc.integer({ min: 1, max: 26 }), unit: fc.constant('weeks' as const) }),
  fc.record({ amount: fc.integer({ min: 1, max: 24 }), unit: fc.constant('months' as const) }),
);
const workingDayTerm: fc.Arbitrary<Term> = fc.record({
  amount: fc.integer({ min: 1, max: 60 }),
  unit: fc.constant('workingDays' as const),
});
const term = fc.oneof(calendarTerm, workingDayTerm);

/** Day 0 with settings whose closed days lie near it, so they actually matter. */
const day0AndSettings = fc
  .tuple(date, fc.boolean(), fc.array(fc.integer({ min: 0, max: 120 }), { maxLength: 15 }))
  .map(([day0, atw, offsets]): [string, CalendarSettings] => [
    day0,
    { atw, closedDays: offsets.map((n) => addDays(day0, n)) },
  ]);

const suspensions = (day0: string): fc.Arbitrary<Suspension[]> =>
  fc.array(
    fc.tuple(fc.integer({ min: 0, max: 150 }), fc.option(fc.integer({ min: 0, max: 30 }))).map(([start, length]) => ({
      from: addDays(day0, start),
      to: length === null ? null : addDays(day0, start + length),
    })),
    { maxLength: 4 },
  );

describe('properties', () => {
  it('with the Atw, a calendar term never ends on a Saturday, Sunday or Atw holiday', () => {
    fc.assert(
      fc.property(day0AndSettings, calendarTerm, ([day0, settings], t) => {
        const due = addTerm(day0, t, { ...settings, atw: true });
        assert.equal(isAtwRestDay(due), false, due);
      }),
    );
  });

  it('a working-day term always ends on a working day, after day 0', () => {
    fc.assert(
      fc.property(day0AndSettings, workingDayTerm, ([day0, settings], t) => {
        const due = addTerm(day0, t, settings);
        assert.equal(isWorkingDay(due, settings), true, due);
        assert.equal(countWorkingDays(addDays(day0, 1), addDays(due, 1), settings), t.amount);
      }),
    );
  });

  it('without the Atw, a week term is exactly 7 days per week', () => {
    fc.assert(
      fc.property(date, fc.integer({ min: 1, max: 52 }), (day0, n) => {
        const due = addTerm(day0, { amount: n, unit: 'weeks' }, { atw: false, closedDays: [] });
        assert.equal(toDayNumber(due) - toDayNumber(day0), 7 * n);
      }),
    );
  });

  it('a later receipt never gives an earlier due date', () => {
    fc.assert(
      fc.property(day0AndSettings, fc.integer({ min: 0, max: 40 }), term, ([day0, settings], later, t) => {
        const first = addTerm(day0, t, settings);
        const second = addTerm(addDays(day0, later), t, settings);
        assert.ok(compareDates(first, second) <= 0, `${first} > ${second}`);
      }),
    );
  });

  it('a suspension never makes the due date earlier', () => {
    fc.assert(
      fc.property(
        day0AndSettings.chain(([day0, settings]) =>
          fc.tuple(fc.constant(day0), fc.constant(settings), suspensions(day0), fc.integer({ min: 0, max: 200 }), term),
        ),
        ([day0, settings, list, asOfOffset, t]) => {
          const result = computeDue({ day0, term: t, settings, suspensions: list, asOf: addDays(day0, asOfOffset) });
          assert.ok(compareDates(result.baseDue, result.due) <= 0);
          assert.equal(result.suspendedDays >= 0, true);
          // adding one more suspension never brings the date forward either
          const more = computeDue({
            day0, term: t, settings, asOf: addDays(day0, asOfOffset),
            suspensions: [...list, { from: addDays(day0, 1), to: addDays(day0, 3) }],
          });
          assert.ok(compareDates(result.due, more.due) <= 0, `${result.due} > ${more.due}`);
        },
      ),
    );
  });

  it('an accepted extension never passes maxExtendedDue', () => {
    fc.assert(
      fc.property(day0AndSettings, term, term, term, fc.integer({ min: -10, max: 5 }), ([day0, settings], t, ext, max, noticeShift) => {
        const originalDue = addTerm(day0, t, settings);
        const noticeOn = addDays(originalDue, noticeShift);
        const check = checkExtension({ originalDue, noticeOn, term: ext, max, settings });
        const result = computeDue({ day0, term: t, settings, suspensions: [], extension: { term: ext, noticeOn }, maxExtension: max, asOf: day0 });
        assert.equal(result.extension?.ok, check.ok);
        if (check.ok) {
          assert.ok(compareDates(result.due, maxExtendedDue(originalDue, max, settings)) <= 0);
          assert.ok(compareDates(originalDue, result.due) < 0);
        } else {
          assert.equal(result.due, originalDue);
        }
      }),
    );
  });

  it('addWorkingDays and countWorkingDays agree', () => {
    fc.assert(
      fc.property(day0AndSettings, fc.integer({ min: 0, max: 40 }), ([day0, settings], n) => {
        const end = addWorkingDays(day0, n, settings);
        assert.equal(countWorkingDays(addDays(day0, 1), addDays(end, 1), settings), n);
      }),
    );
  });

  it('every year lists eleven Atw holidays and Easter is a Sunday between 22 March and 25 April', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1600, max: 9999 }), (year) => {
        const easter = easterSunday(year);
        assert.equal(isoWeekday(easter), 7);
        assert.ok(easter >= `${year}-03-22` && easter <= `${year}-04-25`, easter);
        const holidays = atwHolidays(year);
        assert.equal(holidays.length, 11);
        // two holidays can share a date (Hemelvaart on 5 May, Tweede Paasdag on Koningsdag), never three
        assert.ok(new Set(holidays.map((h) => h.date)).size >= 10);
        assert.ok(holidays.every((h) => h.date.startsWith(`${year}-`)));
      }),
    );
  });

  it('dayZero is the UTC date one or two hours later (CET/CEST)', () => {
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2099, 11, 31) }), (ms) => {
        const local = dayZero(new Date(ms));
        const plusOne = new Date(ms + 3_600_000).toISOString().slice(0, 10);
        const plusTwo = new Date(ms + 7_200_000).toISOString().slice(0, 10);
        assert.ok(local === plusOne || local === plusTwo, `${new Date(ms).toISOString()} → ${local}`);
      }),
    );
  });
});
