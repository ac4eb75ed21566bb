/**
 * Plain-date arithmetic on ISO `YYYY-MM-DD` strings. Pure.
 *
 * Dates are converted to integer day numbers (days since 1970-01-01) with UTC-based Date math only;
 * local-time Date math is never used, so the host's time zone and DST cannot shift a date.
 */
import type { IsoDate } from './types.ts';

const MS_PER_DAY = 86_400_000;
const MIN_YEAR = 1583; // first full Gregorian year
const MAX_YEAR = 9999;

/** The time zone that decides day 0. */
export const AMSTERDAM_TIME_ZONE = 'Europe/Amsterdam';

const amsterdamDate = new Intl.DateTimeFormat('en-CA', {
  timeZone: AMSTERDAM_TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

/** A plain date split into parts (month 1–12). */
export interface DateParts {
  year: number;
  month: number;
  day: number;
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31] as const;

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/** Number of days in a month (month 1–12). */
export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return DAYS_IN_MONTH[month - 1] ?? new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** The number written by the decimal digits of `value` from `start` up to `end`, or -1 when one is not a digit. */
function digits(value: string, start: number, end: number): number {
  let n = 0;
  for (let i = start; i < end; i += 1) {
    const d = value.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return -1;
    n = n * 10 + d;
  }
  return n;
}

/**
 * The day number of a real `YYYY-MM-DD` date (years 1583–9999), or NaN. Read character by character: the deadline
 * engine runs this for every day it walks, and a regular expression's match allocated ~20 KB per public submission
 * (issue 13, session 6).
 */
function dayNumberOrNaN(value: string): number {
  if (value.length !== 10 || value.charCodeAt(4) !== 45 || value.charCodeAt(7) !== 45) return NaN;
  const year = digits(value, 0, 4);
  const month = digits(value, 5, 7);
  const day = digits(value, 8, 10);
  if (year < MIN_YEAR || year > MAX_YEAR || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return NaN;
  return Date.UTC(year, month - 1, day) / MS_PER_DAY;
}

function partsOrNull(value: string): DateParts | null {
  if (Number.isNaN(dayNumberOrNaN(value))) return null;
  return { year: digits(value, 0, 4), month: digits(value, 5, 7), day: digits(value, 8, 10) };
}

/** True for a real calendar date written as `YYYY-MM-DD` (years 1583–9999). */
export function isIsoDate(value: unknown): value is IsoDate {
  return typeof value === 'string' && partsOrNull(value) !== null;
}

/**
 * The one rule for a date a person enters or filters on (a date of receipt, of the conduct, of a step, a list
 * filter, an absence): a real `YYYY-MM-DD` date in the years 1900–2999. Older or later dates are typing errors
 * (`0000-01-01` is not even a date PostgreSQL stores).
 */
export const RECORD_DATE_YEARS = { min: 1900, max: 2999 } as const;
export const RECORD_DATE_MESSAGE = 'Vul een bestaande datum in als JJJJ-MM-DD, tussen het jaar 1900 en 2999, bijvoorbeeld 2026-03-02.';

export function isRecordDate(value: unknown): value is IsoDate {
  if (typeof value !== 'string') return false;
  const parts = partsOrNull(value);
  return parts !== null && parts.year >= RECORD_DATE_YEARS.min && parts.year <= RECORD_DATE_YEARS.max;
}

/** Splits an ISO date; throws RangeError on anything that is not a real `YYYY-MM-DD` date. */
export function parseIsoDate(date: IsoDate): DateParts {
  const parts = partsOrNull(date);
  if (!parts) throw new RangeError(`Not an ISO date (YYYY-MM-DD): ${JSON.stringify(date)}`);
  return parts;
}

function pad(value: number, width: number): string {
  return String(value).padStart(width, '0');
}

/** Builds an ISO date from parts; throws RangeError when the parts are not a real date. */
export function formatIsoDate(parts: DateParts): IsoDate {
  const date = `${pad(parts.year, 4)}-${pad(parts.month, 2)}-${pad(parts.day, 2)}`;
  parseIsoDate(date);
  return date;
}

/** Days since 1970-01-01 (negative before). */
export function toDayNumber(date: IsoDate): number {
  const n = dayNumberOrNaN(date);
  if (Number.isNaN(n)) parseIsoDate(date); // throws the RangeError
  return n;
}

/** The ISO date of a day number; throws RangeError outside years 1583–9999. */
export function fromDayNumber(dayNumber: number): IsoDate {
  if (!Number.isSafeInteger(dayNumber)) throw new RangeError(`Not a day number: ${dayNumber}`);
  const utc = new Date(dayNumber * MS_PER_DAY);
  const year = utc.getUTCFullYear();
  if (!(year >= MIN_YEAR && year <= MAX_YEAR)) throw new RangeError(`Not an ISO date (YYYY-MM-DD): day number ${dayNumber}`);
  // A Date's parts are a real date: written directly, not parsed again.
  const month = utc.getUTCMonth() + 1;
  const day = utc.getUTCDate();
  return `${year}-${month < 10 ? '0' : ''}${month}-${day < 10 ? '0' : ''}${day}`;
}

/** `date` plus `days` calendar days (may be negative). */
export function addDays(date: IsoDate, days: number): IsoDate {
  return fromDayNumber(toDayNumber(date) + days);
}

/** Calendar days from `from` to `to` (positive when `to` is later). */
export function daysBetween(from: IsoDate, to: IsoDate): number {
  return toDayNumber(to) - toDayNumber(from);
}

/**
 * `date` plus `months` months on the same day of the month, clamped to the last day of the
 * target month (31 January + 1 month = 28 or 29 February).
 */
export function addMonths(date: IsoDate, months: number): IsoDate {
  const { year, month, day } = parseIsoDate(date);
  const index = year * 12 + (month - 1) + months;
  const targetYear = Math.floor(index / 12);
  const targetMonth = index - targetYear * 12 + 1;
  return formatIsoDate({ year: targetYear, month: targetMonth, day: Math.min(day, daysInMonth(targetYear, targetMonth)) });
}

/** ISO weekday: 1 = Monday … 7 = Sunday. */
export function isoWeekday(date: IsoDate): number {
  // 1970-01-01 (day 0) was a Thursday (ISO 4).
  return ((((toDayNumber(date) + 3) % 7) + 7) % 7) + 1;
}

/** Saturday or Sunday. */
export function isWeekend(date: IsoDate): boolean {
  return isoWeekday(date) >= 6;
}

/** -1, 0 or 1 (ISO dates with four-digit years sort as strings). */
export function compareDates(a: IsoDate, b: IsoDate): -1 | 0 | 1 {
  parseIsoDate(a);
  parseIsoDate(b);
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The later of two dates. */
export function maxDate(a: IsoDate, b: IsoDate): IsoDate {
  return compareDates(a, b) >= 0 ? a : b;
}

/**
 * Day 0 of a complaint: the calendar date of the moment of receipt in Europe/Amsterdam
 * (2026-03-01T23:30:00Z is 2026-03-02 in Amsterdam). Throws RangeError on an invalid Date.
 */
export function dayZero(receivedAt: Date): IsoDate {
  const t = receivedAt.getTime();
  if (Number.isNaN(t)) throw new RangeError('Invalid receipt moment');
  // Amsterdam's offset from UTC has been whole hours since 1940 and changes on a whole UTC hour, so every moment of one
  // UTC hour has the same date there: asked once per hour (issue 13: a start page asked Intl ~40 times, ~1 ms of CPU).
  const hour = t >= 0 ? Math.floor(t / 3_600_000) : null;
  const known = hour === null ? undefined : dayOfHour.get(hour);
  if (known) return known;
  const day = amsterdamDay(receivedAt);
  if (hour !== null) {
    if (dayOfHour.size >= 4096) dayOfHour.clear();
    dayOfHour.set(hour, day);
  }
  return day;
}

/** The Amsterdam date of each UTC hour asked for (from 1970 on), a bounded memo of `dayZero`. */
const dayOfHour = new Map<number, IsoDate>();

function amsterdamDay(receivedAt: Date): IsoDate {
  const parts = amsterdamDate.formatToParts(receivedAt);
  const part = (type: Intl.DateTimeFormatPartTypes): number =>
    Number(parts.find((p) => p.type === type)?.value);
  return formatIsoDate({ year: part('year'), month: part('month'), day: part('day') });
}
