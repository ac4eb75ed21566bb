import type { Kysely } from 'kysely';
import { countMeasures } from '../../domain/measures/measures.ts';
import { computeFigures, earliestCompared } from '../../domain/reports/compute.ts';
import { asksExceptional, type ReportAudience, type ReportDocument } from '../../domain/reports/document.ts';
import type { MeasuresStatus } from '../../domain/reports/figures.ts';
import type { Period } from '../../domain/reports/periods.ts';
import type { Report } from '../../domain/regulation/schema.ts';
import type { DB } from '../../db/types.ts';
import { AppError } from '../../shared/errors.ts';
import { subtreeOf } from '../actor.ts';
import { activeRegulation, regulationInForceSince } from '../regulations/regulations.ts';
import { listUnits } from '../units/units.ts';
import { loadStatistics } from './statistics.ts';

const REPORT_KIND_TITLES: Record<Report['kind'], string> = {
  report: 'Klachtenrapportage',
  analysis: 'Klachtenanalyse',
  inventory: 'Inventarisatie van klachten',
  annual_report: 'Jaarverslag klachten',
};

/** The Dutch title of a report the regulation prescribes, for a period: "Klachtenanalyse 2026". */
export function reportTitle(report: Report | undefined, period: Period): string {
  return `${report ? REPORT_KIND_TITLES[report.kind] : 'Klachtenrapportage'} ${period.label}`;
}

/** The unit and the units below it; null for the whole organisation. */
export async function unitScope(db: Kysely<DB>, organisationId: string, unitId: string | null) {
  const units = await listUnits(db, organisationId);
  if (unitId === null) return { unitIds: null, unitName: null, units };
  const unit = units.find((u) => u.id === unitId);
  if (!unit) throw new AppError('not_found', 'Deze eenheid bestaat niet in deze organisatie.');
  const ids = subtreeOf(units, [unitId]);
  return { unitIds: [...ids], unitName: unit.name, units: units.filter((u) => ids.has(u.id)) };
}

/** Counts of the register's measures per status on `asOf` (for a unit scope: the measures of those units). */
export async function measuresStatus(db: Kysely<DB>, organisationId: string, unitIds: readonly string[] | null, asOf: string): Promise<MeasuresStatus> {
  let q = db.selectFrom('improvement_measures').select(['status', 'due_on']).where('organisation_id', '=', organisationId);
  if (unitIds) q = unitIds.length ? q.where('unit_id', 'in', unitIds) : q.where('unit_id', 'is', null).where('unit_id', 'is not', null);
  const rows = await q.execute();
  return countMeasures(rows.map((r) => ({ status: r.status, dueOn: r.due_on })), asOf);
}

/**
 * A report document computed now, for a period and scope, without a stored report (the CLI's `reports generate`
 * when nothing is stored; a draft's live figures). Labels come from the regulation active for the scope.
 * Reads only the anonymous statistics and the register's counts.
 */
export async function buildReportDocument(
  db: Kysely<DB>,
  opts: { organisationId: string; unitId: string | null; period: Period; reportKey?: string; audience: ReportAudience; now?: Date },
): Promise<ReportDocument> {
  const now = opts.now ?? new Date();
  const org = await db.selectFrom('organisations').select('name').where('id', '=', opts.organisationId).executeTakeFirst();
  if (!org) throw new AppError('not_found', 'Deze organisatie bestaat niet.');
  const scope = await unitScope(db, opts.organisationId, opts.unitId);
  const active = await activeRegulation(db, opts.organisationId, opts.unitId);
  if (!active) throw new AppError('report_unavailable', 'Er is nog geen klachtenregeling actief voor deze organisatie of eenheid.');
  const report = opts.reportKey ? active.regulation.reporting.reports.find((r) => r.key === opts.reportKey) : undefined;
  if (opts.reportKey && !report) throw new AppError('not_found', `De regeling kent geen rapportage "${opts.reportKey}".`);
  const [records, first, measures, inForceSince] = await Promise.all([
    loadStatistics(db, opts.organisationId, { unitIds: scope.unitIds, from: earliestCompared(opts.period), to: opts.period.to }),
    firstReceived(db, opts.organisationId, scope.unitIds),
    measuresStatus(db, opts.organisationId, scope.unitIds, opts.period.to),
    regulationInForceSince(db, opts.organisationId, opts.unitId),
  ]);
  const figures = computeFigures({
    regulation: active.regulation,
    period: opts.period,
    scope: { organisationName: org.name, unitName: scope.unitName },
    units: scope.units.map((u) => ({ id: u.id, name: u.name })),
    records,
    dataSince: first,
    inForceSince,
    measures,
    now,
  });
  return {
    id: null,
    title: reportTitle(report, opts.period),
    reportKey: report?.key ?? 'adhoc',
    article: report?.source.article ?? null,
    status: 'draft',
    audience: opts.audience,
    figures,
    narrative: {},
    asksExceptional: asksExceptional(report?.contents ?? []),
    recommendations: [],
    finalisedAt: null,
    author: null,
    organisationName: org.name,
  };
}

async function firstReceived(db: Kysely<DB>, organisationId: string, unitIds: readonly string[] | null): Promise<string | null> {
  let q = db.selectFrom('complaint_statistics').select((eb) => eb.fn.min('received_on').as('first')).where('organisation_id', '=', organisationId);
  if (unitIds) q = unitIds.length ? q.where('unit_id', 'in', unitIds) : q.where('unit_id', 'is', null).where('unit_id', 'is not', null);
  const row = await q.executeTakeFirst();
  return (row?.first as string | null | undefined) ?? null;
}
