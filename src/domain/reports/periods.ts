/**
 * Report periods: a year (`2026`), a half year (`2026-H1`) or a quarter (`2026-Q3`), with their first and last
 * day, a Dutch label, the period before and the same period a year earlier, and which period a report of a
 * given cadence is due for. Pure; dates are ISO days.
 */
import type { ReportCadence } from '../regulation/schema.ts';
import { addDays } from '../deadlines/dates.ts';
import { formatDutchDate } from '../deadlines/format.ts';

export type PeriodKind = 'year' | 'half' | 'quarter';

export interface Period {
  /** `2026`, `2026-H1`, `2026-Q3`. */
  key: string;
  kind: PeriodKind;
  year: number;
  /** 1 for a year; 1–2 for a half year; 1–4 for a quarter. */
  index: number;
  /** First day (inclusive). */
  from: string;
  /** Last day (inclusive). */
  to: string;
  /** Dutch: "2026", "eerste halfjaar 2026", "derde kwartaal 2026". */
  label: string;
}

const MONTHS_PER: Record<PeriodKind, number> = { year: 12, half: 6, quarter: 3 };
const ORDINALS = ['eerste', 'tweede', 'derde', 'vierde'];

const pad = (n: number) => String(n).padStart(2, '0');
const lastDayOfMonth = (year: number, month: number) => new Date(Date.UTC(year, month, 0)).getUTCDate();

export function period(kind: PeriodKind, year: number, index: number): Period {
  const months = MONTHS_PER[kind];
  const firstMonth = (index - 1) * months + 1;
  const lastMonth = firstMonth + months - 1;
  const key = kind === 'year' ? String(year) : `${year}-${kind === 'half' ? 'H' : 'Q'}${index}`;
  const label = kind === 'year' ? String(year) : `${ORDINALS[index - 1]} ${kind === 'half' ? 'halfjaar' : 'kwartaal'} ${year}`;
  return { key, kind, year, index, from: `${year}-${pad(firstMonth)}-01`, to: `${year}-${pad(lastMonth)}-${pad(lastDayOfMonth(year, lastMonth))}`, label };
}

/** `2026`, `2026-H1`/`2026-h1`, `2026-Q3`/`2026-q3`; null for anything else. */
export function parsePeriod(text: string): Period | null {
  const m = /^(\d{4})(?:-([HhQq])([1-4]))?$/.exec(text.trim());
  if (!m) return null;
  const year = Number(m[1]);
  if (year < 1900 || year > 2999) return null;
  if (!m[2]) return period('year', year, 1);
  const kind: PeriodKind = m[2].toUpperCase() === 'H' ? 'half' : 'quarter';
  const index = Number(m[3]);
  if (kind === 'half' && index > 2) return null;
  return period(kind, year, index);
}

/** The period of `kind` that contains `day`. */
export function periodContaining(kind: PeriodKind, day: string): Period {
  const year = Number(day.slice(0, 4));
  const month = Number(day.slice(5, 7));
  return period(kind, year, Math.floor((month - 1) / MONTHS_PER[kind]) + 1);
}

export function previousPeriod(p: Period): Period {
  const count = 12 / MONTHS_PER[p.kind];
  return p.index > 1 ? period(p.kind, p.year, p.index - 1) : period(p.kind, p.year - 1, count);
}

export function sameLastYear(p: Period): Period {
  return period(p.kind, p.year - 1, p.index);
}

/** The `n` periods before `p`, most recent first. */
export function precedingPeriods(p: Period, n: number): Period[] {
  const out: Period[] = [];
  let at = p;
  for (let i = 0; i < n; i++) {
    at = previousPeriod(at);
    out.push(at);
  }
  return out;
}

/**
 * The period kind a cadence reports on; `periodic` ("periodiek", 000 and 002) names no length: the
 * organisation chooses it (null here).
 */
export function cadencePeriodKind(cadence: ReportCadence): PeriodKind | null {
  switch (cadence) {
    case 'quarterly':
      return 'quarter';
    case 'half_yearly':
      return 'half';
    case 'yearly':
      return 'year';
    case 'periodic':
      return null;
  }
}

/**
 * The period a report of `kind` is due for on `today`: the last period that has ended. A yearly report made
 * in a given month (003: January) is due from that month on for the year before.
 */
export function lastEndedPeriod(kind: PeriodKind, today: string): Period {
  return previousPeriod(periodContaining(kind, today));
}

/**
 * Why a report about `period` cannot be made final on `day`, or null when it can: its period must have ended
 * (the day after its last day), else its figures are an interim count and "open at the end" would be today's.
 */
export function periodNotEnded(period: Period, day: string): string | null {
  if (day > period.to) return null;
  const about = /^\d{4}$/.test(period.key) ? period.label : `het ${period.label}`;
  return `Deze rapportage gaat over ${about}. Die periode loopt tot en met ${formatDutchDate(period.to)}: u kunt haar definitief maken vanaf ${formatDutchDate(addDays(period.to, 1))}. Tot dan zijn de cijfers een tussenstand.`;
}
