/**
 * The yearly review of the regulation itself (ADR 0018): when it is due, and what changed between two
 * versions. 003 "Bekendmaking": "Elk jaar wordt de klachtenregeling geëvalueerd … De bijgestelde regeling
 * wordt na goedkeuring van het bestuur … openbaar gemaakt." 004 kop: "Herzieningsdatum: jaarlijks in juni".
 * Pure: no I/O.
 */
import { addDays, addMonths, isRecordDate } from '../deadlines/dates.ts';
import { formatDutchDate } from '../deadlines/format.ts';
import type { IsoDate } from '../deadlines/types.ts';
import type { RenderedRegulation } from './render.ts';
import { isOpenPoint, type Regulation, type Source } from './schema.ts';

export interface ReviewDue {
  /** The last day the review is due on. */
  dueOn: IsoDate;
  /** From this day on the start page reminds (a month before the due date). */
  remindFrom: IsoDate;
  /** Dutch: "jaarlijks in juni (uiterlijk 30 juni 2027)" / "jaarlijks (uiterlijk 1 december 2027)". */
  rule: string;
  source: Source;
  /** The regulation names a role that approves an adjusted version (003: het bestuur). */
  approvedByRole: string | null;
  /** The regulation names an approver (as text or as role): an adjusted version needs a recorded approval. */
  approvalRequired: boolean;
}

const MONTH_NAMES = ['januari', 'februari', 'maart', 'april', 'mei', 'juni', 'juli', 'augustus', 'september', 'oktober', 'november', 'december'] as const;

function lastDayOfMonth(year: number, month: number): IsoDate {
  const next = month === 12 ? `${year + 1}-01-01` : `${year}-${String(month + 1).padStart(2, '0')}-01`;
  return addDays(next, -1);
}

/**
 * When the next review of `regulation` is due, counted from `since`: the later of the day the version took
 * effect (its `effectiveDate` when that is a date, else its activation day) and the day the last review was
 * completed. With a month (004: June) the review is due by the end of the first such month after `since`;
 * without a month (003: "Elk jaar") a year after `since`. Null when the regulation prescribes no review.
 */
export function reviewDue(regulation: Regulation, since: IsoDate): ReviewDue | null {
  const review = regulation.metadata.review;
  if (!review) return null;
  let dueOn: IsoDate;
  let rule: string;
  if (review.month !== undefined) {
    const year = Number(since.slice(0, 4));
    const thisYear = lastDayOfMonth(year, review.month);
    // A review in the month the version took effect would review nothing yet: the first month after `since`.
    dueOn = thisYear.slice(0, 7) > since.slice(0, 7) ? thisYear : lastDayOfMonth(year + 1, review.month);
    rule = `jaarlijks in ${MONTH_NAMES[review.month - 1]}`;
  } else {
    dueOn = addMonths(since, 12);
    rule = 'elk jaar';
  }
  return {
    dueOn,
    remindFrom: addMonths(dueOn, -1),
    rule: `${rule} (uiterlijk ${formatDutchDate(dueOn)})`,
    source: review.source,
    approvedByRole: review.approvedByRole ?? null,
    approvalRequired: review.approvedByRole !== undefined || review.approvedBy !== undefined,
  };
}

/** The day a version took effect: its `effectiveDate` when filled with a date, else the activation day. */
export function effectiveSince(regulation: Regulation, activatedOn: IsoDate): IsoDate {
  return effectiveSinceOf(regulation.metadata.effectiveDate, activatedOn);
}

/** `effectiveSince` from the version's `metadata.effectiveDate` as stored (a date, an open point, or nothing). */
export function effectiveSinceOf(eff: unknown, activatedOn: IsoDate): IsoDate {
  const date = eff !== undefined && !isOpenPoint(eff) && isRecordDate(eff) ? eff : null;
  return date !== null && date > activatedOn ? date : activatedOn;
}

/** One changed section of the rendered regulation text: the lines removed and added, in order. */
export interface SectionDiff {
  heading: string;
  change: 'added' | 'removed' | 'changed';
  lines: { op: 'same' | 'removed' | 'added'; text: string }[];
}

function sectionLines(s: RenderedRegulation['sections'][number]): string[] {
  return [...s.paragraphs, ...(s.items ?? []).map((i) => `• ${i}`)];
}

/** A line diff (longest common subsequence) of two lists of lines. */
export function diffLines(before: string[], after: string[]): SectionDiff['lines'] {
  const n = before.length;
  const m = after.length;
  const lcs: number[][] = Array.from({ length: n + 1 }, () => new Array<number>(m + 1).fill(0));
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      lcs[i]![j] = before[i] === after[j] ? lcs[i + 1]![j + 1]! + 1 : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!);
    }
  }
  const out: SectionDiff['lines'] = [];
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && before[i] === after[j]) {
      out.push({ op: 'same', text: before[i]! });
      i++;
      j++;
    } else if (j < m && (i >= n || lcs[i]![j + 1]! >= lcs[i + 1]![j]!)) {
      out.push({ op: 'added', text: after[j]! });
      j++;
    } else {
      out.push({ op: 'removed', text: before[i]! });
      i++;
    }
  }
  return out;
}

/**
 * The difference between two versions as a reader sees it: per section of the rendered (published) text,
 * the lines removed and added. Sections that did not change are left out; so is the title when equal.
 */
export function regulationTextDiff(before: RenderedRegulation, after: RenderedRegulation): SectionDiff[] {
  const out: SectionDiff[] = [];
  if (before.title !== after.title) {
    out.push({ heading: 'Titel', change: 'changed', lines: [{ op: 'removed', text: before.title }, { op: 'added', text: after.title }] });
  }
  const afterByHeading = new Map(after.sections.map((s) => [s.heading, s]));
  const beforeHeadings = new Set(before.sections.map((s) => s.heading));
  for (const s of before.sections) {
    const next = afterByHeading.get(s.heading);
    if (!next) {
      out.push({ heading: s.heading, change: 'removed', lines: sectionLines(s).map((text) => ({ op: 'removed', text })) });
      continue;
    }
    const lines = diffLines(sectionLines(s), sectionLines(next));
    if (lines.some((l) => l.op !== 'same')) out.push({ heading: s.heading, change: 'changed', lines });
  }
  for (const s of after.sections) {
    if (!beforeHeadings.has(s.heading)) out.push({ heading: s.heading, change: 'added', lines: sectionLines(s).map((text) => ({ op: 'added', text })) });
  }
  return out;
}
