/**
 * The deadline engine: terms, suspensions (opschorting) and extensions (verlenging). Pure.
 *
 * Counting (PRODUCT.md "Deadline conventions"):
 * - "within N working days": the N-th working day after day 0 (see calendar.ts for working days).
 * - "within N days / weeks / months": day 0 plus the period; months keep the day of the month,
 *   clamped to the month's last day.
 * - With `settings.atw`, a day/week/month term that ends on a Saturday, Sunday or Atw holiday moves
 *   to the next day that is none of these (Atw art. 1). Decision: the organisation's own closed days
 *   do NOT move such terms, because art. 1 names only Saturday, Sunday and recognised holidays.
 *   Also with `settings.atw`, a term of at least three days is extended, if needed, until it holds at
 *   least two days that are not a Saturday, Sunday or holiday (Atw art. 2); this only matters for
 *   short day terms such as "3 dagen" from a Friday.
 * - Working-day terms are never moved: they always end on a working day.
 */
import { addWorkingDays, countWorkingDays, isAtwRestDay, nextAtwDay } from './calendar.ts';
import { addDays, addMonths, compareDates, daysBetween, fromDayNumber, toDayNumber } from './dates.ts';
import { describeTerm, formatDutchDate } from './format.ts';
import type {
  CalendarSettings,
  DueInput,
  DueResult,
  ExtensionCheck,
  IsoDate,
  Suspension,
  Term,
} from './types.ts';

/** The largest amount a term may have (guards the day-by-day loops against absurd input). */
export const MAX_TERM_AMOUNT = 3650;

const TERM_UNITS = new Set(['workingDays', 'days', 'weeks', 'months']);

/** A term is valid when its amount is a whole number from 1 to MAX_TERM_AMOUNT and its unit is known. */
export function isValidTerm(term: Term): boolean {
  return (
    TERM_UNITS.has(term.unit) &&
    Number.isSafeInteger(term.amount) &&
    term.amount >= 1 &&
    term.amount <= MAX_TERM_AMOUNT
  );
}

function assertValidTerm(term: Term): void {
  if (!isValidTerm(term)) throw new RangeError(`Invalid term: ${JSON.stringify(term)}`);
}

/** Day 0 plus a calendar term, before any Atw moving. */
function calendarEnd(start: IsoDate, term: Term): IsoDate {
  switch (term.unit) {
    case 'days':
      return addDays(start, term.amount);
    case 'weeks':
      return addDays(start, term.amount * 7);
    case 'months':
      return addMonths(start, term.amount);
    case 'workingDays':
      throw new RangeError('A working-day term has no calendar end');
  }
}

/** Atw art. 2 applies to terms of at least three days. */
function isAtLeastThreeDays(term: Term): boolean {
  return term.unit !== 'days' || term.amount >= 3;
}

/**
 * Atw art. 1 (move off a Saturday, Sunday or holiday) and, when `art2`, art. 2 (at least two days
 * in (start, end] that are none of these).
 */
function applyAtw(start: IsoDate, rawEnd: IsoDate, art2: boolean): IsoDate {
  let end = nextAtwDay(rawEnd);
  if (!art2) return end;
  let count = 0;
  for (let day = addDays(start, 1); day <= end && count < 2; day = addDays(day, 1)) {
    if (!isAtwRestDay(day)) count += 1;
  }
  for (; count < 2; count += 1) end = nextAtwDay(addDays(end, 1));
  return end;
}

/**
 * The end of `term` counted from `start`, with the clock paused for `paused` days: working days for
 * a working-day term, calendar days otherwise (added to the raw end before Atw moving).
 */
function termEnd(start: IsoDate, term: Term, settings: CalendarSettings, paused: number): IsoDate {
  if (term.unit === 'workingDays') return addWorkingDays(start, term.amount + paused, settings);
  const raw = addDays(calendarEnd(start, term), paused);
  return (term.atw ?? settings.atw) ? applyAtw(start, raw, isAtLeastThreeDays(term)) : raw;
}

/**
 * The due date of a term from day 0, per PRODUCT.md "Deadline conventions" (see the module comment).
 * Throws RangeError on an invalid date or term.
 */
export function addTerm(day0: IsoDate, term: Term, settings: CalendarSettings): IsoDate {
  assertValidTerm(term);
  return termEnd(day0, term, settings, 0);
}

/** A suspension as a half-open range of day numbers [from, to). */
interface PauseRange {
  from: number;
  to: number;
}

/**
 * Suspensions as sorted, merged, non-empty ranges. An open suspension runs up to and including
 * `asOf` (the clock is still paused today). Throws RangeError when `to` is before `from`.
 */
function pauseRanges(suspensions: readonly Suspension[], asOf: IsoDate): PauseRange[] {
  const asOfEnd = toDayNumber(asOf) + 1;
  const ranges = suspensions
    .map((s) => {
      const from = toDayNumber(s.from);
      const to = s.to === null ? Math.max(from, asOfEnd) : toDayNumber(s.to);
      if (to < from) throw new RangeError(`Suspension ends before it starts: ${s.from} – ${s.to}`);
      return { from, to };
    })
    .filter((r) => r.to > r.from)
    .sort((a, b) => a.from - b.from);
  const merged: PauseRange[] = [];
  for (const range of ranges) {
    const last = merged.at(-1);
    if (last && range.from <= last.to) last.to = Math.max(last.to, range.to);
    else merged.push({ ...range });
  }
  return merged;
}

/** Length of a pause in the clock's unit. */
function pauseLength(range: PauseRange, term: Term, settings: CalendarSettings): number {
  if (term.unit !== 'workingDays') return range.to - range.from;
  return countWorkingDays(fromDayNumber(range.from), fromDayNumber(range.to), settings);
}

/**
 * Runs one term from `start` through the pauses. Only days after `start` can be paused, and a pause
 * counts only when it starts on or before the running due date (a term that has ended cannot be
 * suspended). Each pause shifts the raw end; Atw moving is reapplied afterwards.
 */
function runClock(
  start: IsoDate,
  term: Term,
  settings: CalendarSettings,
  ranges: readonly PauseRange[],
): { due: IsoDate; paused: number } {
  const firstDay = toDayNumber(start) + 1;
  let paused = 0;
  let due = termEnd(start, term, settings, 0);
  for (const range of ranges) {
    const clipped = { from: Math.max(range.from, firstDay), to: range.to };
    if (clipped.from >= clipped.to) continue;
    if (clipped.from > toDayNumber(due)) break;
    paused += pauseLength(clipped, term, settings);
    due = termEnd(start, term, settings, paused);
  }
  return { due, paused };
}

/** True when `date` falls in a pause that started on or before the due date (later ones do not count). */
function isPausedOn(ranges: readonly PauseRange[], date: IsoDate, due: IsoDate): boolean {
  const day = toDayNumber(date);
  const dueDay = toDayNumber(due);
  return ranges.some((r) => r.from <= day && day < r.to && r.from <= dueDay);
}

/** The latest date an extension of at most `max` can reach, counted from the end of the original term. */
export function maxExtendedDue(originalDue: IsoDate, max: Term, settings: CalendarSettings): IsoDate {
  return addTerm(originalDue, max, settings);
}

/** What `checkExtension` needs. `max` null: the regulation allows no extension. */
export interface ExtensionCheckInput {
  originalDue: IsoDate;
  noticeOn: IsoDate;
  term: Term;
  max: Term | null;
  settings: CalendarSettings;
  /** Where the maximum comes from, as cited in a message (" (Awb 9:11 lid 2)"); empty when not given. */
  citation?: string;
}

/**
 * Checks an extension: the regulation must allow one, the notice must be given on or before the
 * (suspension-adjusted) original due date, and the extended date may not pass the date the maximum
 * gives from the same start (Awb 9:11 lid 2: "ten hoogste vier weken", counted from the original end).
 */
export function checkExtension(input: ExtensionCheckInput): ExtensionCheck {
  const { originalDue, noticeOn, term, max, settings } = input;
  if (max !== null) assertValidTerm(max); // a configuration error, not user input
  if (max === null) {
    return { ok: false, code: 'not_allowed', message: 'Deze klachtenregeling staat geen verlenging van de termijn toe.' };
  }
  if (!isValidTerm(term)) {
    return {
      ok: false,
      code: 'invalid_term',
      message: 'Vul voor de verlenging een heel aantal van minstens 1 in (werkdagen, dagen, weken of maanden).',
    };
  }
  if (compareDates(noticeOn, originalDue) > 0) {
    return {
      ok: false,
      code: 'notice_too_late',
      message:
        `De verlenging is te laat gemeld. De klager moet het bericht uiterlijk op ${formatDutchDate(originalDue)} ` +
        `krijgen, het einde van de oorspronkelijke termijn. Het bericht is van ${formatDutchDate(noticeOn)}.`,
    };
  }
  const latest = maxExtendedDue(originalDue, max, settings);
  if (compareDates(addTerm(originalDue, term, settings), latest) > 0) {
    return {
      ok: false,
      code: 'exceeds_maximum',
      message:
        `De verlenging is te lang. De termijn mag met ten hoogste ${describeTerm(max)} worden verlengd${input.citation ?? ''}, ` +
        `dus tot uiterlijk ${formatDutchDate(latest)}.`,
    };
  }
  return { ok: true };
}

/**
 * Computes one clock (the regulation's term or an internal service norm) from the complaint's events:
 * day 0, suspensions and an optional extension. Suspensions during the extension period shift the
 * extended due date as well (so it can then pass `maxExtendedDue`). An invalid extension is ignored
 * for `due` and reported in `extension`. Throws RangeError on invalid dates, terms or suspensions.
 */
export function computeDue(input: DueInput): DueResult {
  const { day0, term, settings, asOf } = input;
  const baseDue = addTerm(day0, term, settings);
  const ranges = pauseRanges(input.suspensions, asOf);
  const original = runClock(day0, term, settings, ranges);
  const max = input.maxExtension ?? null;
  const result: DueResult = {
    due: original.due,
    baseDue,
    originalDue: original.due,
    suspendedDays: original.paused,
    running: true,
    maxExtendedDue: max ? maxExtendedDue(original.due, max, settings) : null,
  };
  const extension = input.extension ?? null;
  if (extension) {
    result.extension = checkExtension({ originalDue: original.due, noticeOn: extension.noticeOn, term: extension.term, max, settings });
    if (result.extension.ok) {
      const extended = runClock(original.due, extension.term, settings, ranges);
      result.extendedDue = extended.due;
      result.due = extended.due;
    }
  }
  result.running = !isPausedOn(ranges, asOf, result.due);
  return result;
}

/** Calendar days from `asOf` to the due date (negative when overdue). */
export function daysLeft(due: IsoDate, asOf: IsoDate): number {
  return daysBetween(asOf, due);
}
