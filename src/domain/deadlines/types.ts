/**
 * Shared vocabulary of the deadline engine. Pure types, no I/O.
 * Dates are plain calendar dates as ISO strings `YYYY-MM-DD` (Europe/Amsterdam local dates).
 */

/** The unit a regulation states a term in. */
export type TermUnit = 'workingDays' | 'days' | 'weeks' | 'months';

/** "Within N working days / days / weeks / months". */
export interface Term {
  amount: number;
  unit: TermUnit;
  /**
   * This term's own choice about the Algemene termijnenwet, where the regulation states one for this term
   * ("binnen 14 kalenderdagen", issue 12). Absent: the calendar's `atw` setting applies.
   */
  atw?: boolean;
}

/** An ISO calendar date, `YYYY-MM-DD`. */
export type IsoDate = string;

/** How an organisation's calendar counts. */
export interface CalendarSettings {
  /** Apply the Algemene termijnenwet: week/day/month terms ending on a weekend or holiday move (Atw art. 1). */
  atw: boolean;
  /** The organisation's own closed days (bridge days, collective days off). */
  closedDays: IsoDate[];
}

/** A recognised holiday of the Algemene termijnenwet (art. 3), with its Dutch name. */
export interface AtwHoliday {
  date: IsoDate;
  name: string;
}

/**
 * A period in which the clock was paused (opschorting). `from` is the first paused day;
 * `to` is the day the clock resumed (exclusive), or null while the suspension is still open.
 */
export interface Suspension {
  from: IsoDate;
  to: IsoDate | null;
}

/** An extension (verlenging/verdaging) of a term, announced to the complainant on `noticeOn`. */
export interface Extension {
  term: Term;
  noticeOn: IsoDate;
}

/** Why an extension is refused. */
export type ExtensionErrorCode = 'not_allowed' | 'invalid_term' | 'notice_too_late' | 'exceeds_maximum';

/** Outcome of checking an extension; `message` is Dutch, for the user. */
export type ExtensionCheck = { ok: true } | { ok: false; code: ExtensionErrorCode; message: string };

/** Everything one clock needs; deadlines are derived from the complaint's events, so this can be recomputed at any time. */
export interface DueInput {
  /** Day 0: the date of receipt in Europe/Amsterdam (see `dayZero`). */
  day0: IsoDate;
  term: Term;
  settings: CalendarSettings;
  suspensions: readonly Suspension[];
  extension?: Extension | null;
  /** The most the regulation allows a term to be extended; null or absent: no extension allowed. */
  maxExtension?: Term | null;
  /** "Today": an open suspension counts as running up to and including this date. */
  asOf: IsoDate;
}

/** The computed state of one clock. */
export interface DueResult {
  /** The date the clock ends: `extendedDue` when a valid extension is in place, otherwise `originalDue`. */
  due: IsoDate;
  /** Day 0 plus the term, ignoring suspensions and extension. */
  baseDue: IsoDate;
  /** The end of the original term after suspensions (an extension notice must come on or before it). */
  originalDue: IsoDate;
  /** How long the original term was paused: working days for a working-day term, calendar days otherwise. */
  suspendedDays: number;
  /** False while the clock is paused on `asOf` (a suspension is open or covers that day). */
  running: boolean;
  /** The latest date an allowed extension can reach from `originalDue`; null when no extension is allowed. */
  maxExtendedDue: IsoDate | null;
  /** The end of the extended term; only present when the extension is valid. */
  extendedDue?: IsoDate;
  /** The result of checking the extension; only present when an extension was given. */
  extension?: ExtensionCheck;
}
