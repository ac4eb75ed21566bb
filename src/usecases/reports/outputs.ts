/**
 * What the report outputs need (issue 10, ADR 0016): a stored report as a `ReportDocument` (a final report
 * with its frozen figures, a draft with figures computed now), the stored reports of an organisation, who may
 * read one through the API or a download, and the rendering in one of the four formats with its audit line.
 *
 * Reads only the anonymous statistics (through `buildReportDocument`), the reports tables and users' names
 * (author, and for staff the one who recorded a decision). Who may read a report is the engine's one rule
 * (`reportDocumentOf`, `listReports` in reports.ts).
 */
import type { Kysely, Selectable } from 'kysely';
import { citeSource, regulationRoleName, theCoordinator, withArticle } from '../../domain/regulation/index.ts';
import { asksExceptional, shownAuthor, type ReportAudience, type ReportDocument } from '../../domain/reports/document.ts';
import type { ReportFigures } from '../../domain/reports/figures.ts';
import { parsePeriod } from '../../domain/reports/periods.ts';
import type { DB } from '../../db/types.ts';
import type { ReportsTable } from '../../db/types-reports.ts';
import { reportCsv } from '../../reports/csv.ts';
import { reportHtmlDocument } from '../../reports/html.tsx';
import { reportFileName } from '../../reports/model.ts';
import { reportPdf } from '../../reports/pdf.ts';
import { reportXlsx } from '../../reports/xlsx.ts';
import { AppError } from '../../shared/errors.ts';
import { hasRole, type Actor } from '../actor.ts';
import { audit } from '../audit.ts';
import { activeRegulation } from '../regulations/regulations.ts';
import { buildReportDocument } from './document.ts';
import { listReports, reportDocumentOf } from './reports.ts';

export type StoredReport = Selectable<ReportsTable>;

export const REPORT_FORMATS = ['html', 'pdf', 'xlsx', 'csv'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

export const FORMAT_TYPES: Record<ReportFormat, string> = {
  html: 'text/html; charset=utf-8',
  pdf: 'application/pdf',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  csv: 'text/csv; charset=utf-8',
};

export function parseFormat(value: string | undefined): ReportFormat {
  const f = (value ?? '').trim().toLowerCase();
  if ((REPORT_FORMATS as readonly string[]).includes(f)) return f as ReportFormat;
  throw new AppError('validation_failed', `Onbekend formaat "${value ?? ''}".`, [{ field: 'format', message: 'Kies html, pdf, xlsx of csv.' }]);
}

export function parseAudience(value: string | undefined, fallback: ReportAudience = 'board'): ReportAudience {
  if (value === undefined || value === '') return fallback;
  const a = value.trim().toLowerCase();
  if (a === 'staff' || a === 'board' || a === 'public') return a;
  throw new AppError('validation_failed', `Onbekende versie "${value}".`, [{ field: 'audience', message: 'Kies board (voor het bestuur, zonder kleine aantallen), public of staff (precieze aantallen).' }]);
}

/** The bytes (or text) of a report document in a format, with its content type and file name. */
export async function renderReport(doc: ReportDocument, format: ReportFormat): Promise<{ body: Buffer; contentType: string; fileName: string }> {
  const body =
    format === 'pdf' ? await reportPdf(doc) : format === 'xlsx' ? await reportXlsx(doc) : Buffer.from(format === 'csv' ? reportCsv(doc) : reportHtmlDocument(doc), 'utf8');
  return { body, contentType: FORMAT_TYPES[format], fileName: reportFileName(doc, format) };
}

/**
 * A stored report as a document for an audience: a final one with its frozen figures (later data never
 * changes it), a draft with the figures computed now. The author is the one who finalised it.
 */
export async function storedReportDocument(db: Kysely<DB>, row: StoredReport, audience: ReportAudience, now = new Date()): Promise<ReportDocument> {
  const period = parsePeriod(row.period);
  if (!period) throw new AppError('internal', `Rapportage ${row.id} heeft een onleesbare periode.`);
  const [org, recs, finaliser] = await Promise.all([
    db.selectFrom('organisations').select('name').where('id', '=', row.organisation_id).executeTakeFirstOrThrow(),
    db
      .selectFrom('report_recommendations as r')
      .leftJoin('users as u', 'u.id', 'r.decided_by')
      .select(['r.id', 'r.position', 'r.text', 'r.decision', 'r.decision_note', 'r.decided_at', 'u.name as decided_by_name'])
      .where('r.report_id', '=', row.id)
      .orderBy('r.position')
      .execute(),
    row.finalised_by ? db.selectFrom('users').select('name').where('id', '=', row.finalised_by).executeTakeFirst() : Promise.resolve(undefined),
  ]);
  // A final report keeps its frozen figures; a draft's are computed now.
  const figures: ReportFigures =
    row.status === 'final' && row.figures
      ? (row.figures as unknown as ReportFigures)
      : (await buildReportDocument(db, { organisationId: row.organisation_id, unitId: row.unit_id, period, audience, now })).figures;
  const active = await activeRegulation(db, row.organisation_id, row.unit_id);
  const spec = active?.regulation.reporting.reports.find((r) => r.key === row.report_key);
  const article = spec?.source.article ?? null;
  const authorRole = spec ? (active!.regulation.roles.find((r) => r.key === spec.by)?.label ?? null) : null;
  const narrative = (row.narrative ?? {}) as Record<string, unknown>;
  const text = (v: unknown) => (typeof v === 'string' && v.trim() ? v : undefined);
  const exceptional = Array.isArray(narrative['exceptional'])
    ? (narrative['exceptional'] as unknown[]).map((e) => text((e as { summary?: unknown } | null)?.summary)).filter((s): s is string => !!s).map((summary) => ({ summary }))
    : [];
  const analysis = text(narrative['analysis']);
  const conclusions = text(narrative['conclusions']);
  const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());
  return {
    id: row.id,
    title: row.title,
    reportKey: row.report_key,
    article,
    status: row.status,
    audience,
    figures,
    narrative: { ...(analysis ? { analysis } : {}), ...(conclusions ? { conclusions } : {}), ...(exceptional.length ? { exceptional } : {}) },
    asksExceptional: asksExceptional(spec?.contents ?? []),
    recommendations: recs.map((r) => ({
      id: r.id,
      position: r.position,
      text: r.text,
      decision: r.decision,
      decisionNote: r.decision_note,
      ...(audience === 'staff' ? { decidedByName: r.decided_by_name } : {}),
      decidedAt: iso(r.decided_at),
    })),
    finalisedAt: iso(row.finalised_at),
    author: row.status === 'final' ? shownAuthor(audience, finaliser?.name ?? null, authorRole) : null,
    organisationName: org.name,
  };
}

/** The stored report for a key (or, without one, any key), period and scope; the final one first. */
export async function findStoredReport(db: Kysely<DB>, organisationId: string, opts: { reportKey?: string | undefined; period: string; unitId: string | null }): Promise<StoredReport | null> {
  let q = db.selectFrom('reports').selectAll().where('organisation_id', '=', organisationId).where('period', '=', opts.period);
  q = opts.unitId === null ? q.where('unit_id', 'is', null) : q.where('unit_id', '=', opts.unitId);
  if (opts.reportKey) q = q.where('report_key', '=', opts.reportKey);
  const rows = await q.orderBy('status', 'desc').orderBy('created_at').execute();
  return rows[0] ?? null;
}

export interface StoredReportItem {
  id: string;
  key: string;
  title: string;
  period: string;
  periodFrom: string;
  periodTo: string;
  unit: { id: string; name: string } | null;
  status: 'draft' | 'final';
  finalisedAt: string | null;
}

/** The stored reports of an organisation, newest period first (all of them: for the CLI, an operator's tool). */
export async function storedReports(db: Kysely<DB>, organisationId: string): Promise<StoredReportItem[]> {
  const rows = await db
    .selectFrom('reports as r')
    .leftJoin('units as u', 'u.id', 'r.unit_id')
    .select(['r.id', 'r.report_key', 'r.title', 'r.period', 'r.period_from', 'r.period_to', 'r.unit_id', 'u.name as unit_name', 'r.status', 'r.finalised_at'])
    .where('r.organisation_id', '=', organisationId)
    .orderBy('r.period_to', 'desc')
    .orderBy('r.title')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    key: r.report_key,
    title: r.title,
    period: r.period,
    periodFrom: r.period_from,
    periodTo: r.period_to,
    unit: r.unit_id ? { id: r.unit_id, name: r.unit_name ?? '' } : null,
    status: r.status,
    finalisedAt: r.finalised_at ? new Date(r.finalised_at).toISOString() : null,
  }));
}

/**
 * Who reports of a scope are for, as the regulation in force there names them: its coordinator and its board ("de
 * klachtencoördinator", "het bestuur", 003), with the article that asks the report (the one asked for, else its first).
 * For refusals; read on the error path.
 */
export async function reportReaders(db: Kysely<DB>, organisationId: string, scope: { unitId: string | null; reportKey?: string | undefined }): Promise<{ coordinator: string; board: string; cite: string }> {
  const active = await activeRegulation(db, organisationId, scope.unitId);
  const roles = active?.regulation.roles ?? [];
  const reports = active?.regulation.reporting.reports ?? [];
  const report = reports.find((r) => r.key === scope.reportKey) ?? reports[0];
  return {
    coordinator: theCoordinator({ roles }),
    board: withArticle(regulationRoleName(roles, 'board', 'bestuur')),
    cite: citeSource(report?.source),
  };
}

/** The audience an actor gets: the board only ever the board version; others choose (default board). */
export async function audienceFor(db: Kysely<DB>, actor: Actor, asked: string | undefined, scope: { unitId: string | null; reportKey?: string | undefined }): Promise<ReportAudience> {
  const audience = parseAudience(asked);
  if (audience === 'staff' && !hasRole(actor, 'coordinator', 'admin')) {
    const { coordinator, cite } = await reportReaders(db, actor.organisationId, scope);
    throw new AppError('not_permitted', `De versie met precieze aantallen is alleen voor ${coordinator}${cite}.`);
  }
  return audience;
}

/**
 * A stored report as a document for the actor, with the reports' one need-to-know rule (`reportDocumentOf`: the
 * author role or a coordinator of the scope, drafts too; the audience roles and the board, final reports; else
 * 404). Default the board's version; the staff version only for those who write the report (403 otherwise).
 */
export async function documentForActor(db: Kysely<DB>, actor: Actor, id: string, askedAudience: string | undefined): Promise<ReportDocument> {
  const audience = parseAudience(askedAudience);
  const doc = await reportDocumentOf(db, actor, id, audience);
  if (audience === 'staff' && doc.audience !== 'staff') {
    throw new AppError('not_permitted', 'De versie met precieze aantallen is alleen voor wie de rapportage maakt (Rapportage / verantwoording).');
  }
  return doc;
}

/** The stored reports the actor may read (`listReports`: the same rule), as the API lists them. */
export async function readableReports(db: Kysely<DB>, actor: Actor): Promise<StoredReportItem[]> {
  return (await listReports(db, actor)).map((r) => ({
    id: r.id,
    key: r.reportKey,
    title: r.title,
    period: r.period,
    periodFrom: r.periodFrom,
    periodTo: r.periodTo,
    unit: r.unitId ? { id: r.unitId, name: r.unitName ?? '' } : null,
    status: r.status,
    finalisedAt: r.finalisedAt ? new Date(r.finalisedAt).toISOString() : null,
  }));
}

/** Renders a stored report for the actor in a format and writes the audit line. */
export async function downloadReport(db: Kysely<DB>, actor: Actor, id: string, format: ReportFormat, askedAudience: string | undefined) {
  const doc = await documentForActor(db, actor, id, askedAudience);
  const out = await renderReport(doc, format);
  await audit(db, { organisationId: actor.organisationId, actorUserId: actor.userId, action: 'report.download', subjectType: 'report', subjectId: id, details: { format, audience: doc.audience, status: doc.status } });
  return out;
}
