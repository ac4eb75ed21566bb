/**
 * Which reports the regulation's `reporting` section asks for on a given day (issue 10): per report its
 * Dutch title (from its kind, cadence and audience), the period it is due for, who makes it (`by`), who it
 * is for (`audienceRoles`) and the article that asks for it. One report per organisation, or one per
 * top-level unit where the regulation is made per unit (004: "jaarlijks per werkmaatschappij een
 * klachtenanalyse"). "Periodiek" (000 art. 7.2, 002 art. 7.1) names no length: the organisation chooses
 * it; until it has, the report is not due but asks for that choice. A period that ended before the regulation
 * was in force owes nothing (`periodOwed`). Pure.
 */
import type { Regulation, Report } from '../regulation/schema.ts';
import { cadencePeriodKind, lastEndedPeriod, period, type Period, type PeriodKind } from './periods.ts';

/**
 * The day the organisation's regulation is in force since, for the duties it sets over a period (the analysis and
 * the reports, 000/002 art. 7; the yearly meeting, 000/002 art. 8: both are about the complaints handled under the
 * regulation): the earliest day any of its versions took effect (`effectiveSince`: the version's `effectiveDate`,
 * never before its activation in Klachtwijs), or the organisation's creation day when none was ever activated.
 */
export function inForceSince(versionsEffectiveSince: readonly string[], organisationCreatedOn: string): string {
  return versionsEffectiveSince.reduce((min, d) => (d < min ? d : min), versionsEffectiveSince[0] ?? organisationCreatedOn);
}

/**
 * Whether a period's report is owed: the period must end on or after the day the regulation is in force since. A
 * period in which the regulation came into force is owed whole (in force since 2026-03-01: the 2026 analysis is
 * owed, about the complaints of 2026 it holds); a period that ended before owes nothing (ADR 0015, addendum).
 */
export function periodOwed(p: Pick<Period, 'to'>, since: string): boolean {
  return p.to >= since;
}

/** Whether the yearly meeting about `year` is owed (000/002 art. 8): the year must end on or after `since`. */
export function meetingYearOwed(year: number, since: string): boolean {
  return periodOwed({ to: `${year}-12-31` }, since);
}

export const PERIODIC_LENGTHS: readonly PeriodKind[] = ['quarter', 'half', 'year'];
export const PERIODIC_LENGTH_LABELS: Record<PeriodKind, string> = { quarter: 'per kwartaal', half: 'per halfjaar', year: 'per jaar' };

export function isPeriodKind(value: unknown): value is PeriodKind {
  return typeof value === 'string' && (PERIODIC_LENGTHS as readonly string[]).includes(value);
}

/** The scope of one report: the whole organisation (`unitId` null) or one unit with everything below it. */
export interface ReportScope {
  unitId: string | null;
  unitName: string | null;
}

export interface DueReport {
  key: string;
  /** "Halfjaarrapportage voor het bestuur van Stichting Voorbeeld". */
  title: string;
  kind: Report['kind'];
  period: Period;
  /** The regulation role that makes the report. */
  by: string;
  audience: string;
  audienceRoles: string[];
  /** Where the regulation asks for it ("Rapportage / verantwoording", "7.2"). */
  article: string;
  unitId: string | null;
  unitName: string | null;
}

const KIND_BY_PERIOD: Record<PeriodKind, string> = { quarter: 'Kwartaal', half: 'Halfjaar', year: 'Jaar' };

/** The period length a report covers: from its cadence, or for "periodiek" the organisation's choice (null while unset). */
export function reportPeriodKind(report: Report, periodicLength: PeriodKind | null): PeriodKind | null {
  return cadencePeriodKind(report.cadence) ?? periodicLength;
}

/**
 * The title without its period: the report's kind in the period's words, and who it is for as the
 * regulation says it ("voor de directie"); a parenthesised remark in the audience is left out.
 */
export function reportTitle(report: Report, periodKind: PeriodKind | null): string {
  const prefix = periodKind ? KIND_BY_PERIOD[periodKind] : 'Periodieke ';
  let base: string;
  switch (report.kind) {
    case 'analysis':
      base = periodKind === 'year' ? 'Jaarlijkse klachtenanalyse' : `${periodKind ? `${KIND_BY_PERIOD[periodKind]}analyse` : 'Periodieke analyse'} van de klachten`;
      break;
    case 'inventory':
      base = periodKind ? `${prefix}inventarisatie van de klachten` : 'Periodieke inventarisatie van de klachten';
      break;
    case 'annual_report':
      base = 'Jaarverslag klachten';
      break;
    case 'report':
      base = periodKind ? `${prefix}rapportage klachten` : 'Periodieke rapportage klachten';
      break;
  }
  const audience = report.audience.replace(/\s*\([^)]*\)\s*/g, ' ').trim();
  return audience ? `${base} voor ${audience}` : base;
}

/** The whole title, with the period ("…, eerste halfjaar 2026") and the unit when the report is for one. */
export function fullReportTitle(report: Report, p: Period, unitName: string | null): string {
  return `${reportTitle(report, p.kind)}, ${p.label}${unitName ? ` (${unitName})` : ''}`;
}

/**
 * The period a report is due for on `today`: the last period of its length that has ended. A yearly report
 * made in a given month (003: "jaarlijks in januari") is due from that month on for the year before; before
 * that month the year before that is still the one asked for.
 */
export function periodDueFor(report: Report, kind: PeriodKind, today: string): Period {
  const last = lastEndedPeriod(kind, today);
  if (kind === 'year' && report.month !== undefined) {
    const month = Number(today.slice(5, 7));
    if (month < report.month) return period('year', last.year - 1, 1);
  }
  return last;
}

/**
 * The scopes a regulation's reports are made for. A regulation activated for one unit reports on that unit;
 * an organisation-wide regulation whose scope is per unit (004 per werkmaatschappij) reports per top-level
 * unit that has no regulation of its own; otherwise one report for the whole organisation.
 */
export function reportScopes(
  regulation: Regulation,
  regulationUnit: ReportScope | null,
  topUnits: readonly ReportScope[],
): ReportScope[] {
  if (regulationUnit) return [regulationUnit];
  if (regulation.scope.level === 'unit') return [...topUnits];
  return [{ unitId: null, unitName: null }];
}

export interface ReportsDueResult {
  due: DueReport[];
  /** "Periodiek" reports that wait for the organisation to choose their length (000 art. 7.2, 002 art. 7.1). */
  needsPeriodicLength: { key: string; title: string; article: string }[];
}

/**
 * The reports a regulation asks for on `today`, per scope (whether already made or not: the caller checks that); none
 * for a period that ended before the regulation was in force (`inForceSince`).
 */
export function reportsDueOn(
  regulation: Regulation,
  opts: { today: string; periodicLength: PeriodKind | null; scopes: readonly ReportScope[]; inForceSince: string },
): ReportsDueResult {
  const due: DueReport[] = [];
  const needsPeriodicLength: ReportsDueResult['needsPeriodicLength'] = [];
  for (const report of regulation.reporting.reports) {
    const kind = reportPeriodKind(report, opts.periodicLength);
    if (!kind) {
      needsPeriodicLength.push({ key: report.key, title: reportTitle(report, null), article: report.source.article });
      continue;
    }
    const p = periodDueFor(report, kind, opts.today);
    if (!periodOwed(p, opts.inForceSince)) continue;
    for (const scope of opts.scopes) {
      due.push({
        key: report.key,
        title: fullReportTitle(report, p, scope.unitName),
        kind: report.kind,
        period: p,
        by: report.by,
        audience: report.audience,
        audienceRoles: [...report.audienceRoles],
        article: report.source.article,
        unitId: scope.unitId,
        unitName: scope.unitName,
      });
    }
  }
  return { due, needsPeriodicLength };
}

/**
 * May a report of this kind be made for period `p`? Its length must be the report's, or for "periodiek" the
 * length the organisation chose (none chosen yet: no period fits, the page asks for the choice first).
 */
export function periodFitsReport(report: Report, p: Period, periodicLength: PeriodKind | null): boolean {
  return reportPeriodKind(report, periodicLength) === p.kind;
}
