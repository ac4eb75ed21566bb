/**
 * The Algemene termijnenwet (Atw) holiday calendar and the organisation's working days. Pure.
 *
 * Decision (working days vs. the `atw` flag): a working day is Monday–Friday that is neither an Atw
 * holiday nor one of the organisation's own closed days, whatever `settings.atw` says. A recognised
 * holiday is never a working day. The `atw` flag only governs whether day/week/month terms that end on
 * a Saturday, Sunday or holiday are moved (Atw art. 1 and 2, see engine.ts).
 */
import { addDays, formatIsoDate, fromDayNumber, isWeekend, isoWeekday, parseIsoDate, toDayNumber } from './dates.ts';
import type { AtwHoliday, CalendarSettings, IsoDate } from './types.ts';

/** Easter Sunday of a year by the Gregorian computus (anonymous Gregorian algorithm). */
export function easterSunday(year: number): IsoDate {
  const golden = year % 19;
  const century = Math.floor(year / 100);
  const yearInCentury = year % 100;
  const leapCenturies = Math.floor(century / 4);
  const centuryRest = century % 4;
  const moonCorrection = Math.floor((century + 8) / 25);
  const solarCorrection = Math.floor((century - moonCorrection + 1) / 3);
  const epact = (19 * golden + century - leapCenturies - solarCorrection + 15) % 30;
  const leapYears = Math.floor(yearInCentury / 4);
  const yearRest = yearInCentury % 4;
  const weekdayOffset = (32 + 2 * centuryRest + 2 * leapYears - epact - yearRest) % 7;
  const lateCorrection = Math.floor((golden + 11 * epact + 22 * weekdayOffset) / 451);
  const monthDay = epact + weekdayOffset - 7 * lateCorrection + 114;
  return formatIsoDate({ year, month: Math.floor(monthDay / 31), day: (monthDay % 31) + 1 });
}

/**
 * The King's (Queen's) day as Atw art. 3 means it: "de dag waarop de verjaardag van de Koning wordt
 * gevierd". From 2014: 27 April, or 26 April when 27 April is a Sunday. 1980–2013: Koninginnedag,
 * 30 April, or 29 April when 30 April is a Sunday. Earlier years are not modelled separately.
 */
function kingsDay(year: number): AtwHoliday {
  const isKing = year >= 2014;
  const day = isKing ? 27 : 30;
  const date = formatIsoDate({ year, month: 4, day });
  const onSunday = isoWeekday(date) === 7;
  return { date: onSunday ? addDays(date, -1) : date, name: isKing ? 'Koningsdag' : 'Koninginnedag' };
}

/**
 * The recognised holidays of Atw art. 3 in a year, sorted by date, with Dutch names: Nieuwjaarsdag,
 * Goede Vrijdag (art. 3 lid 2), Eerste en Tweede Paasdag, Koningsdag, Bevrijdingsdag (5 mei, every
 * year), Hemelvaartsdag, Eerste en Tweede Pinksterdag, Eerste en Tweede Kerstdag. Eerste Paas- en
 * Pinksterdag are Sundays anyway; they are listed for display.
 */
export function atwHolidays(year: number): AtwHoliday[] {
  const easter = easterSunday(year);
  const fixed = (month: number, day: number, name: string): AtwHoliday => ({
    date: formatIsoDate({ year, month, day }),
    name,
  });
  const afterEaster = (days: number, name: string): AtwHoliday => ({ date: addDays(easter, days), name });
  return [
    fixed(1, 1, 'Nieuwjaarsdag'),
    afterEaster(-2, 'Goede Vrijdag'),
    afterEaster(0, 'Eerste Paasdag'),
    afterEaster(1, 'Tweede Paasdag'),
    kingsDay(year),
    fixed(5, 5, 'Bevrijdingsdag'),
    afterEaster(39, 'Hemelvaartsdag'),
    afterEaster(49, 'Eerste Pinksterdag'),
    afterEaster(50, 'Tweede Pinksterdag'),
    fixed(12, 25, 'Eerste Kerstdag'),
    fixed(12, 26, 'Tweede Kerstdag'),
  ].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
}

// Memo of holiday dates per year; a pure function of the year, so caching does not affect results.
const holidayDatesByYear = new Map<number, ReadonlySet<IsoDate>>();

function holidayDates(year: number): ReadonlySet<IsoDate> {
  let dates = holidayDatesByYear.get(year);
  if (!dates) {
    dates = new Set(atwHolidays(year).map((h) => h.date));
    holidayDatesByYear.set(year, dates);
  }
  return dates;
}

/**
 * The Dutch name of the Atw holiday on this date, or null. Two holidays can share a date
 * (Hemelvaartsdag on 5 May in 2016): then both names, "Bevrijdingsdag en Hemelvaartsdag".
 */
export function atwHolidayName(date: IsoDate): string | null {
  const { year } = parseIsoDate(date);
  const names = atwHolidays(year).filter((h) => h.date === date).map((h) => h.name);
  return names.length > 0 ? names.join(' en ') : null;
}

/** True when the date is a recognised holiday of Atw art. 3. */
export function isAtwHoliday(date: IsoDate): boolean {
  return holidayDates(parseIsoDate(date).year).has(date);
}

/** A day Atw art. 1 skips: Saturday, Sunday or a recognised holiday (not the organisation's closed days). */
export function isAtwRestDay(date: IsoDate): boolean {
  return isWeekend(date) || isAtwHoliday(date);
}

/** The first day on or after `date` that is not a Saturday, Sunday or recognised holiday (Atw art. 1). */
export function nextAtwDay(date: IsoDate): IsoDate {
  let day = date;
  while (isAtwRestDay(day)) day = addDays(day, 1);
  return day;
}

/**
 * The organisation does not work on this date: Saturday, Sunday, an Atw holiday (regardless of
 * `settings.atw`) or one of `settings.closedDays`.
 */
export function isClosedDay(date: IsoDate, settings: CalendarSettings): boolean {
  return !isWorkingDay(date, settings);
}

/** Monday–Friday, not an Atw holiday and not one of the organisation's closed days (the one rule: isWorkingDayNumber). */
export function isWorkingDay(date: IsoDate, settings: CalendarSettings): boolean {
  return isWorkingDayNumber(toDayNumber(date), settings);
}

/** The `count`-th working day after `date` (`date` itself never counts); `count` 0 gives `date`. */
export function addWorkingDays(date: IsoDate, count: number, settings: CalendarSettings): IsoDate {
  if (!Number.isSafeInteger(count) || count < 0) throw new RangeError(`Not a working-day count: ${count}`);
  if (count === 0) return date;
  // Walked as day numbers, a date string made only for the answer (issue 13, session 6: a string per day walked was
  // most of what a public submission allocated in the deadline engine).
  let day = toDayNumber(date);
  for (let found = 0; found < count; ) {
    day += 1;
    if (isWorkingDayNumber(day, settings)) found += 1;
  }
  return fromDayNumber(day);
}

/** Working days in the half-open range [`from`, `to`); 0 when `to` is not after `from`. */
export function countWorkingDays(from: IsoDate, to: IsoDate, settings: CalendarSettings): number {
  let count = 0;
  for (let n = toDayNumber(from), end = toDayNumber(to); n < end; n += 1) {
    if (isWorkingDayNumber(n, settings)) count += 1;
  }
  return count;
}

// Memo of holiday day numbers per year; a pure function of the year, so caching does not affect results.
const holidayNumbersByYear = new Map<number, ReadonlySet<number>>();

/** {@link isWorkingDay} of a day number (days since 1970-01-01); a date string is made only to look up closed days. */
function isWorkingDayNumber(dayNumber: number, settings: CalendarSettings): boolean {
  // 1970-01-01 (day 0) was a Thursday: weekday 5 and 6 after Monday 0 are Saturday and Sunday.
  if ((((dayNumber + 3) % 7) + 7) % 7 >= 5) return false;
  const year = new Date(dayNumber * 86_400_000).getUTCFullYear();
  let holidays = holidayNumbersByYear.get(year);
  if (!holidays) {
    holidays = new Set([...holidayDates(year)].map(toDayNumber));
    holidayNumbersByYear.set(year, holidays);
  }
  if (holidays.has(dayNumber)) return false;
  return settings.closedDays.length === 0 || !settings.closedDays.includes(fromDayNumber(dayNumber));
}
