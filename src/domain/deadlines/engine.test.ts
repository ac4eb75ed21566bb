import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { addTerm, checkExtension, computeDue, daysLeft, isValidTerm, maxExtendedDue } from './engine.ts';
import { describeTerm, formatDutchDate } from './format.ts';
import type { CalendarSettings, DueInput, Term } from './types.ts';

const atw: CalendarSettings = { atw: true, closedDays: [] };
const noAtw: CalendarSettings = { atw: false, closedDays: [] };
const bridge: CalendarSettings = { atw: true, closedDays: ['2026-05-15'] };

const wd = (amount: number): Term => ({ amount, unit: 'workingDays' });
const days = (amount: number): Term => ({ amount, unit: 'days' });
const weeks = (amount: number): Term => ({ amount, unit: 'weeks' });
const months = (amount: number): Term => ({ amount, unit: 'months' });

describe('addTerm', () => {
  // [label, day 0, term, settings, expected]; every date checked by hand against a calendar.
  const cases: [string, string, Term, CalendarSettings, string][] = [
    ['7 working days from the Thursday before Easter 2026 (001: bevestiging)', '2026-04-02', wd(7), atw, '2026-04-15'],
    ['2 working days from Christmas Eve 2026 (003: ontvangstbevestiging)', '2026-12-24', wd(2), atw, '2026-12-29'],
    ['2 working days from Christmas Eve 2025 (Kerst on Thu/Fri)', '2025-12-24', wd(2), atw, '2025-12-30'],
    ['5 working days across New Year (003: antwoord)', '2025-12-24', wd(5), atw, '2026-01-05'],
    ['5 working days across 5 mei', '2026-04-30', wd(5), atw, '2026-05-08'],
    ['working days ignore the atw flag', '2026-04-02', wd(7), noAtw, '2026-04-15'],
    ['2 working days over Hemelvaart', '2026-05-13', wd(2), atw, '2026-05-18'],
    ['2 working days over Hemelvaart with a bridge day', '2026-05-13', wd(2), bridge, '2026-05-19'],
    ['1 week landing on Koningsdag 2026 (Monday)', '2026-04-20', weeks(1), atw, '2026-04-28'],
    ['1 week landing on Koningsdag 2026, no Atw', '2026-04-20', weeks(1), noAtw, '2026-04-27'],
    ['1 week landing on Koningsdag 2025 (Saturday 26 April)', '2025-04-19', weeks(1), atw, '2025-04-28'],
    ['1 week landing on 5 mei 2026', '2026-04-28', weeks(1), atw, '2026-05-06'],
    ['1 week landing on Eerste Kerstdag', '2026-12-18', weeks(1), atw, '2026-12-28'],
    ['1 week landing on Nieuwjaarsdag 2027', '2026-12-25', weeks(1), atw, '2027-01-04'],
    ['2 weeks landing on Tweede Paasdag 2027', '2027-03-15', weeks(2), atw, '2027-03-30'],
    ['2 weeks landing on Goede Vrijdag 2027', '2027-03-12', weeks(2), atw, '2027-03-30'],
    ['6 weeks landing on Tweede Pinksterdag 2026 (001: standpunt)', '2026-04-13', weeks(6), atw, '2026-05-26'],
    ['6 weeks landing on Tweede Pinksterdag 2026, no Atw', '2026-04-13', weeks(6), noAtw, '2026-05-25'],
    ['4 weeks, an ordinary Wednesday (000)', '2026-04-08', weeks(4), atw, '2026-05-06'],
    ['4 weeks landing on 5 mei', '2026-04-07', weeks(4), atw, '2026-05-06'],
    ['4 weeks landing on 5 mei, no Atw', '2026-04-07', weeks(4), noAtw, '2026-05-05'],
    ['8 weeks landing on Hemelvaart (002)', '2026-03-19', weeks(8), atw, '2026-05-15'],
    ['closed days do not move calendar terms', '2026-03-19', weeks(8), bridge, '2026-05-15'],
    ['1 month from 31 January clamps to 28 February', '2026-01-31', months(1), noAtw, '2026-02-28'],
    ['1 month from 31 January, Saturday 28 February moves', '2026-01-31', months(1), atw, '2026-03-02'],
    ['1 month from 31 January in a leap year', '2028-01-31', months(1), atw, '2028-02-29'],
    ['3 months from 31 August clamps to 30 November', '2026-08-31', months(3), atw, '2026-11-30'],
    ['3 days from a Friday: Atw art. 2 (two non-weekend days)', '2026-12-18', days(3), atw, '2026-12-22'],
    ['3 days from a Friday, no Atw', '2026-12-18', days(3), noAtw, '2026-12-21'],
    ['3 days over Easter: art. 1 then art. 2', '2026-04-02', days(3), atw, '2026-04-08'],
    ['2 days: art. 2 does not apply below three days', '2026-12-18', days(2), atw, '2026-12-21'],
  ];
  for (const [label, day0, term, settings, expected] of cases) {
    it(`${label}: ${day0} + ${describeTerm(term)} = ${expected}`, () => {
      assert.equal(addTerm(day0, term, settings), expected);
    });
  }

  it('rejects terms that are not a whole number of at least 1', () => {
    for (const amount of [0, -1, 1.5, Number.NaN, 100_000]) {
      assert.equal(isValidTerm(weeks(amount)), false, String(amount));
      assert.throws(() => addTerm('2026-04-08', weeks(amount), atw), RangeError);
    }
    assert.throws(() => addTerm('2026-04-31', weeks(1), atw), RangeError);
  });
});

const base = (overrides: Partial<DueInput>): DueInput => ({
  day0: '2026-04-13',
  term: weeks(6),
  settings: atw,
  suspensions: [],
  asOf: '2026-05-01',
  ...overrides,
});

describe('computeDue: suspension', () => {
  it('returns the plain term without events', () => {
    const result = computeDue(base({}));
    assert.deepEqual(result, {
      due: '2026-05-26',
      baseDue: '2026-05-26',
      originalDue: '2026-05-26',
      suspendedDays: 0,
      running: true,
      maxExtendedDue: null,
    });
  });

  it('shifts a calendar term by the paused calendar days', () => {
    const result = computeDue(base({ suspensions: [{ from: '2026-04-20', to: '2026-04-27' }] }));
    // raw end 25 May + 7 days = Monday 1 June
    assert.equal(result.due, '2026-06-01');
    assert.equal(result.baseDue, '2026-05-26');
    assert.equal(result.suspendedDays, 7);
    assert.equal(result.running, true);
  });

  it('reapplies Atw moving after the shift', () => {
    // 8 weeks from 19 March: raw 14 May; +10 days = Sunday 24 May (Pinksteren) → Tweede Pinksterdag → 26 May
    const result = computeDue(base({ day0: '2026-03-19', term: weeks(8), suspensions: [{ from: '2026-04-01', to: '2026-04-11' }] }));
    assert.equal(result.due, '2026-05-26');
    assert.equal(result.suspendedDays, 10);
  });

  it('shifts a working-day term by the paused working days', () => {
    const result = computeDue(base({ day0: '2026-04-02', term: wd(7), suspensions: [{ from: '2026-04-07', to: '2026-04-09' }] }));
    assert.equal(result.due, '2026-04-17');
    assert.equal(result.suspendedDays, 2);
  });

  it('counts a suspension that starts on the due date, ignores one that starts after it', () => {
    const onDue = computeDue(base({ day0: '2026-04-08', term: weeks(4), suspensions: [{ from: '2026-05-06', to: '2026-05-08' }] }));
    assert.equal(onDue.due, '2026-05-08');
    const after = computeDue(base({ day0: '2026-04-08', term: weeks(4), suspensions: [{ from: '2026-05-07', to: '2026-05-20' }], asOf: '2026-05-10' }));
    assert.equal(after.due, '2026-05-06');
    assert.equal(after.suspendedDays, 0);
    assert.equal(after.running, true);
  });

  it('runs an open suspension up to and including asOf, and reports the clock as paused', () => {
    const result = computeDue(base({ suspensions: [{ from: '2026-05-01', to: null }], asOf: '2026-05-04' }));
    assert.equal(result.suspendedDays, 4); // 1–4 May
    assert.equal(result.due, '2026-05-29');
    assert.equal(result.running, false);
  });

  it('runs an open working-day suspension up to asOf', () => {
    // 5 working days from 30 April = 8 May; paused 4–6 May (5 mei is no working day) = 2 working days
    const result = computeDue(base({ day0: '2026-04-30', term: wd(5), suspensions: [{ from: '2026-05-04', to: null }], asOf: '2026-05-06' }));
    assert.equal(result.suspendedDays, 2);
    assert.equal(result.due, '2026-05-12');
    assert.equal(result.running, false);
  });

  it('reports paused while asOf falls inside a closed suspension', () => {
    const suspensions = [{ from: '2026-04-20', to: '2026-04-27' }];
    assert.equal(computeDue(base({ suspensions, asOf: '2026-04-26' })).running, false);
    assert.equal(computeDue(base({ suspensions, asOf: '2026-04-27' })).running, true);
  });

  it('merges overlapping suspensions instead of counting days twice', () => {
    const result = computeDue(base({ suspensions: [{ from: '2026-04-24', to: '2026-04-29' }, { from: '2026-04-20', to: '2026-04-27' }] }));
    assert.equal(result.suspendedDays, 9);
    assert.equal(result.due, '2026-06-03');
  });

  it('cannot pause day 0 itself', () => {
    const result = computeDue(base({ day0: '2026-04-08', term: weeks(4), suspensions: [{ from: '2026-04-08', to: '2026-04-10' }] }));
    assert.equal(result.suspendedDays, 1);
    assert.equal(result.due, '2026-05-07');
    const open = computeDue(base({ day0: '2026-04-08', term: weeks(4), suspensions: [{ from: '2026-04-08', to: null }], asOf: '2026-04-08' }));
    assert.equal(open.suspendedDays, 0);
    assert.equal(open.running, false);
  });

  it('rejects a suspension that ends before it starts', () => {
    assert.throws(() => computeDue(base({ suspensions: [{ from: '2026-04-20', to: '2026-04-19' }] })), RangeError);
  });
});

describe('extension', () => {
  // 002: 8 weeks from Thursday 19 March 2026 ends on Hemelvaart → Friday 15 May.
  const decision = (overrides: Partial<DueInput>): DueInput =>
    base({ day0: '2026-03-19', term: weeks(8), maxExtension: weeks(4), asOf: '2026-05-11', ...overrides });

  it('extends from the end of the original term (Awb 9:11 lid 2)', () => {
    const result = computeDue(decision({ extension: { term: weeks(4), noticeOn: '2026-05-11' } }));
    assert.deepEqual(result.extension, { ok: true });
    assert.equal(result.originalDue, '2026-05-15');
    assert.equal(result.extendedDue, '2026-06-12');
    assert.equal(result.due, '2026-06-12');
    assert.equal(result.maxExtendedDue, '2026-06-12');
  });

  it('accepts a notice on the last day of the original term', () => {
    assert.equal(computeDue(decision({ extension: { term: weeks(2), noticeOn: '2026-05-15' } })).due, '2026-05-29');
  });

  it('refuses a late notice and keeps the original due date', () => {
    const result = computeDue(decision({ extension: { term: weeks(4), noticeOn: '2026-05-16' } }));
    assert.equal(result.extension?.ok, false);
    assert.equal(result.extension?.ok === false && result.extension.code, 'notice_too_late');
    assert.match(result.extension?.ok === false ? result.extension.message : '', /15 mei 2026/);
    assert.equal(result.due, '2026-05-15');
    assert.equal(result.extendedDue, undefined);
  });

  it('refuses more than the maximum, also when stated in another unit', () => {
    const tooLong = checkExtension({ originalDue: '2026-05-15', noticeOn: '2026-05-11', term: weeks(5), max: weeks(4), settings: atw });
    assert.equal(tooLong.ok === false && tooLong.code, 'exceeds_maximum');
    assert.match(tooLong.ok === false ? tooLong.message : '', /ten hoogste 4 weken.*12 juni 2026/);
    // 20 working days from 15 May pass Tweede Pinksterdag and end on 15 June, after 12 June
    const workingDays = checkExtension({ originalDue: '2026-05-15', noticeOn: '2026-05-11', term: wd(20), max: weeks(4), settings: atw });
    assert.equal(workingDays.ok === false && workingDays.code, 'exceeds_maximum');
    const sameDate = checkExtension({ originalDue: '2026-05-15', noticeOn: '2026-05-11', term: days(28), max: weeks(4), settings: atw });
    assert.deepEqual(sameDate, { ok: true });
  });

  it('refuses any extension when the regulation allows none', () => {
    const result = computeDue(decision({ maxExtension: null, extension: { term: weeks(1), noticeOn: '2026-05-11' } }));
    assert.equal(result.extension?.ok === false && result.extension.code, 'not_allowed');
    assert.equal(result.maxExtendedDue, null);
    assert.equal(result.due, '2026-05-15');
  });

  it('refuses an extension term that is not a whole number of at least 1', () => {
    const check = checkExtension({ originalDue: '2026-05-15', noticeOn: '2026-05-11', term: weeks(0), max: weeks(4), settings: atw });
    assert.equal(check.ok === false && check.code, 'invalid_term');
  });

  it('measures the notice against the suspension-adjusted original due date', () => {
    const result = computeDue(decision({
      suspensions: [{ from: '2026-04-01', to: '2026-04-11' }],
      extension: { term: weeks(4), noticeOn: '2026-05-20' },
    }));
    assert.equal(result.baseDue, '2026-05-15');
    assert.equal(result.originalDue, '2026-05-26');
    assert.equal(result.extendedDue, '2026-06-23');
  });

  it('lets a suspension during the extension shift the extended due date', () => {
    const result = computeDue(decision({
      suspensions: [{ from: '2026-06-01', to: '2026-06-03' }],
      extension: { term: weeks(4), noticeOn: '2026-05-11' },
      asOf: '2026-06-05',
    }));
    assert.equal(result.originalDue, '2026-05-15');
    assert.equal(result.suspendedDays, 0);
    assert.equal(result.due, '2026-06-15'); // 12 June + 2 = Sunday 14 June → Monday
  });

  it('gives the latest possible extended date', () => {
    assert.equal(maxExtendedDue('2026-05-15', weeks(4), atw), '2026-06-12');
    assert.equal(maxExtendedDue('2026-04-29', weeks(4), atw), '2026-05-27'); // plain Wednesday
  });

  it('throws on an invalid maximum (a configuration error)', () => {
    assert.throws(() => checkExtension({ originalDue: '2026-05-15', noticeOn: '2026-05-11', term: weeks(1), max: weeks(0), settings: atw }), RangeError);
  });
});

describe('Dutch wording', () => {
  it('describes terms', () => {
    assert.equal(describeTerm(weeks(1)), '1 week');
    assert.equal(describeTerm(weeks(4)), '4 weken');
    assert.equal(describeTerm(wd(1)), '1 werkdag');
    assert.equal(describeTerm(wd(7)), '7 werkdagen');
    assert.equal(describeTerm(months(2)), '2 maanden');
    assert.equal(describeTerm(days(1)), '1 dag');
  });

  it('formats dates', () => {
    assert.equal(formatDutchDate('2026-05-14'), '14 mei 2026');
    assert.equal(formatDutchDate('2027-01-01'), '1 januari 2027');
  });

  it('counts days left', () => {
    assert.equal(daysLeft('2026-05-15', '2026-05-11'), 4);
    assert.equal(daysLeft('2026-05-15', '2026-05-18'), -3);
  });
});

describe('a term with its own Atw choice (issue 12)', () => {
  it('"14 kalenderdagen" counted strictly ends on the Sunday even where the calendar applies the Atw', () => {
    // Sun 2026-03-01 + 14 days = Sun 2026-03-15; with the Atw it would move to Mon 2026-03-16.
    assert.equal(addTerm('2026-03-01', days(14), atw), '2026-03-16');
    assert.equal(addTerm('2026-03-01', { ...days(14), atw: false }, atw), '2026-03-15');
  });
  it('a term that applies the Atw moves even where the calendar does not', () => {
    assert.equal(addTerm('2026-03-01', days(14), noAtw), '2026-03-15');
    assert.equal(addTerm('2026-03-01', { ...days(14), atw: true }, noAtw), '2026-03-16');
  });
});
