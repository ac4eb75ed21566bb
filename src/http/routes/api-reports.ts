import { Hono } from 'hono';
import { parsePeriod } from '../../domain/reports/periods.ts';
import { documentJson } from '../../reports/model.ts';
import { AppError, notFound, validationFailed } from '../../shared/errors.ts';
import { isUuid } from '../../shared/validation.ts';
import { subtreeOf } from '../../usecases/actor.ts';
import { audit } from '../../usecases/audit.ts';
import { buildReportDocument } from '../../usecases/reports/document.ts';
import { audienceFor, downloadReport, parseFormat, readableReport, readableReports, renderReport, storedReportDocument } from '../../usecases/reports/outputs.ts';
import { findUnit, listUnits } from '../../usecases/units/units.ts';
import { requireActor, type AppContext, type AppEnv } from '../context.ts';

/**
 * JSON API v1 for reports (issue 10, ADR 0016; documented in /api/openapi.json via openapi-reports.ts):
 * the stored reports the token's user may read, one as JSON, PDF, XLSX or CSV, and an ad-hoc report for a
 * period and scope. The board's token always gets the board version (counts of 1–4 as "< 5"); others choose
 * with ?audience=staff|board|public (default board). Every answer with figures is audited.
 */
export const reportApiRoutes = new Hono<AppEnv>();

const links = (id: string) => ({ self: `/api/v1/reports/${id}`, pdf: `/api/v1/reports/${id}.pdf`, xlsx: `/api/v1/reports/${id}.xlsx`, csv: `/api/v1/reports/${id}.csv` });

function send(c: AppContext, r: { body: Buffer; contentType: string; fileName: string }, inline = false) {
  return c.body(new Uint8Array(r.body), 200, {
    'Content-Type': r.contentType,
    'Content-Disposition': `${inline ? 'inline' : 'attachment'}; filename="${r.fileName}"`,
    'X-Content-Type-Options': 'nosniff',
  });
}

reportApiRoutes.get('/api/v1/reports', async (c) => {
  const actor = requireActor(c);
  const items = await readableReports(c.get('deps').db, actor);
  return c.json({ items: items.map((r) => ({ ...r, links: links(r.id) })) });
});

/** An ad-hoc report (no stored report): `?period=2026-H1&unit=<slug|id>&report=<key>&format=json|html|pdf|xlsx|csv&audience=…`. */
reportApiRoutes.get('/api/v1/reports/adhoc', async (c) => {
  const actor = requireActor(c);
  const db = c.get('deps').db;
  const q = c.req.query();
  const period = parsePeriod(q['period'] ?? '');
  if (!period) throw validationFailed([{ field: 'period', message: 'Geef een jaar (2026), een halfjaar (2026-H1) of een kwartaal (2026-Q3).' }]);
  const format = q['format'] === undefined || q['format'] === 'json' ? 'json' : parseFormat(q['format']);
  const unit = q['unit'] ? await findUnit(db, actor.organisationId, q['unit']).catch(() => {
    throw validationFailed([{ field: 'unit', message: 'Deze eenheid bestaat niet in uw organisatie. Geef de korte naam of het id.' }]);
  }) : null;
  // Who may: a coordinator, admin or board member of the scope (an organisation-wide grant for the whole organisation).
  const grants = actor.roles.filter((g) => g.role === 'coordinator' || g.role === 'admin' || g.role === 'board');
  const covered = grants.some((g) => g.unitId === null) || (unit !== null && subtreeOf(await listUnits(db, actor.organisationId), grants.map((g) => g.unitId!).filter(Boolean)).has(unit.id));
  if (!covered) throw new AppError('not_permitted', 'Rapportages over deze eenheid of de hele organisatie zijn voor de klachtenfunctionaris en het bestuur daarvan (Rapportage / verantwoording).');
  const audience = audienceFor(actor, q['audience']);
  const doc = await buildReportDocument(db, { organisationId: actor.organisationId, unitId: unit?.id ?? null, period, audience, ...(q['report'] ? { reportKey: q['report'] } : {}) });
  await audit(db, { organisationId: actor.organisationId, actorUserId: actor.userId, action: 'report.adhoc', subjectType: 'report', details: { period: period.key, unitId: unit?.id ?? null, format, audience } });
  if (format === 'json') return c.json(documentJson(doc));
  return send(c, await renderReport(doc, format));
});

/** `/api/v1/reports/{id}` (JSON) and `/api/v1/reports/{id}.pdf|.xlsx|.csv|.html`. */
reportApiRoutes.get('/api/v1/reports/:file', async (c) => {
  const actor = requireActor(c);
  const db = c.get('deps').db;
  const m = /^([0-9a-fA-F-]{36})(?:\.(json|pdf|xlsx|csv|html))?$/.exec(c.req.param('file'));
  if (!m || !isUuid(m[1]!)) throw notFound('Deze rapportage bestaat niet.');
  const [, id, ext = 'json'] = m;
  if (ext === 'json') {
    const row = await readableReport(db, actor, id!);
    const audience = audienceFor(actor, c.req.query('audience'));
    const doc = await storedReportDocument(db, row, audience);
    await audit(db, { organisationId: actor.organisationId, actorUserId: actor.userId, action: 'report.read', subjectType: 'report', subjectId: row.id, details: { format: 'json', audience } });
    return c.json({ ...(documentJson(doc) as object), links: links(row.id) });
  }
  return send(c, await downloadReport(db, actor, id!, parseFormat(ext), c.req.query('audience')));
});
