import { Hono } from 'hono';
import { parsePeriod } from '../../domain/reports/periods.ts';
import { documentJson } from '../../reports/model.ts';
import { AppError, notFound, validationFailed } from '../../shared/errors.ts';
import { isUuid } from '../../shared/validation.ts';
import { subtreeOf } from '../../usecases/actor.ts';
import { audit } from '../../usecases/audit.ts';
import { buildReportDocument } from '../../usecases/reports/document.ts';
import { finaliseReport, startReport } from '../../usecases/reports/reports.ts';
import { audienceFor, reportReaders, documentForActor, downloadReport, parseFormat, readableReports, renderReport } from '../../usecases/reports/outputs.ts';
import { findUnit, listUnits } from '../../usecases/units/units.ts';
import { requireActor, type AppContext, type AppEnv } from '../context.ts';
import { readJson } from '../json-body.ts';

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

/**
 * An ad-hoc report computed now (no stored report), for a period and scope: `GET /api/v1/reports/adhoc?period=2026-H1
 * &unit=<slug|id>&report=<key>&format=json|html|pdf|xlsx|csv&audience=…`, or the same fields as the JSON body of
 * `POST /api/v1/reports/generate`.
 */
async function adhoc(c: AppContext, q: Record<string, unknown>) {
  const actor = requireActor(c);
  const db = c.get('deps').db;
  const text = (k: string) => (typeof q[k] === 'string' && q[k] !== '' ? (q[k] as string) : undefined);
  const period = parsePeriod(text('period') ?? '');
  if (!period) throw validationFailed([{ field: 'period', message: 'Geef een jaar (2026), een halfjaar (2026-H1) of een kwartaal (2026-Q3).' }]);
  const format = text('format') === undefined || text('format') === 'json' ? 'json' : parseFormat(text('format'));
  const unitRef = text('unit');
  const unit = unitRef
    ? await findUnit(db, actor.organisationId, unitRef).catch(() => {
        throw validationFailed([{ field: 'unit', message: 'Deze eenheid bestaat niet in uw organisatie. Geef de korte naam of het id.' }]);
      })
    : null;
  // Who may: a coordinator, admin or board member of the scope (an organisation-wide grant for the whole organisation).
  const grants = actor.roles.filter((g) => g.role === 'coordinator' || g.role === 'admin' || g.role === 'board');
  const covered = grants.some((g) => g.unitId === null) || (unit !== null && subtreeOf(await listUnits(db, actor.organisationId), grants.map((g) => g.unitId!).filter(Boolean)).has(unit.id));
  const reportKey = text('report');
  if (!covered) {
    const { coordinator, board, cite } = await reportReaders(db, actor.organisationId, { unitId: unit?.id ?? null, reportKey });
    throw new AppError('not_permitted', `Rapportages over deze eenheid of de hele organisatie zijn voor ${coordinator} en ${board} daarvan${cite}.`);
  }
  const audience = await audienceFor(db, actor, text('audience'), { unitId: unit?.id ?? null, reportKey });
  const doc = await buildReportDocument(db, { organisationId: actor.organisationId, unitId: unit?.id ?? null, period, audience, ...(reportKey ? { reportKey } : {}) });
  await audit(db, { organisationId: actor.organisationId, actorUserId: actor.userId, action: 'report.adhoc', subjectType: 'report', details: { period: period.key, unitId: unit?.id ?? null, format, audience } });
  if (format === 'json') return c.json(documentJson(doc));
  return send(c, await renderReport(doc, format));
}

/** Start (store) a report the regulation prescribes as a draft: `{ reportKey, period, unit? }` (the engine's rules, ADR 0015). */
reportApiRoutes.post('/api/v1/reports', async (c) => {
  const actor = requireActor(c);
  const db = c.get('deps').db;
  const body = (await readJson(c)) as Record<string, unknown>;
  const unitRef = typeof body.unit === 'string' && body.unit !== '' ? body.unit : typeof body.unitId === 'string' && body.unitId !== '' ? body.unitId : null;
  const unit = unitRef
    ? await findUnit(db, actor.organisationId, unitRef).catch(() => {
        throw validationFailed([{ field: 'unit', message: 'Deze eenheid bestaat niet in uw organisatie. Geef de korte naam of het id.' }]);
      })
    : null;
  const started = await startReport(db, actor, { reportKey: body.reportKey as string, period: body.period as string, unitId: unit?.id ?? null });
  return c.json({ id: started.id, links: links(started.id) }, started.created ? 201 : 200);
});

reportApiRoutes.post('/api/v1/reports/:id/finalise', async (c) => {
  const actor = requireActor(c);
  const id = c.req.param('id');
  if (!isUuid(id)) throw notFound('Deze rapportage bestaat niet.');
  await finaliseReport(c.get('deps').db, actor, id);
  return c.json({ id, status: 'final', links: links(id) });
});

reportApiRoutes.get('/api/v1/reports/adhoc', (c) => adhoc(c, c.req.query()));
reportApiRoutes.post('/api/v1/reports/generate', async (c) => adhoc(c, await readJson(c)));

/** `/api/v1/reports/{id}` (JSON) and `/api/v1/reports/{id}.pdf|.xlsx|.csv|.html`. */
reportApiRoutes.get('/api/v1/reports/:file', async (c) => {
  const actor = requireActor(c);
  const db = c.get('deps').db;
  const m = /^([0-9a-fA-F-]{36})(?:\.(json|pdf|xlsx|csv|html))?$/.exec(c.req.param('file'));
  if (!m || !isUuid(m[1]!)) throw notFound('Deze rapportage bestaat niet.');
  const [, id, ext = 'json'] = m;
  if (ext === 'json') {
    const doc = await documentForActor(db, actor, id!, c.req.query('audience'));
    await audit(db, { organisationId: actor.organisationId, actorUserId: actor.userId, action: 'report.read', subjectType: 'report', subjectId: id!, details: { format: 'json', audience: doc.audience } });
    return c.json({ ...(documentJson(doc) as object), links: links(id!) });
  }
  return send(c, await downloadReport(db, actor, id!, parseFormat(ext), c.req.query('audience')));
});
