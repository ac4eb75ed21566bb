import { Hono } from 'hono';
import { downloadReport, parseFormat } from '../../usecases/reports/outputs.ts';
import { requireActor, type AppEnv } from '../context.ts';
import { requireLogin } from '../middleware/session.ts';

/**
 * Downloads of a stored report from the pages (issue 10, ADR 0016): `/rapportages/{id}/download.pdf|.xlsx|.csv|.html`
 * with `?versie=medewerkers` for the version with exact counts (coordinator or admin only); by default the
 * board's version (counts of 1–4 as "< 5"). Need-to-know as the API (`readableReport`); audited.
 */
export const reportDownloadRoutes = new Hono<AppEnv>();

reportDownloadRoutes.get('/rapportages/:id/:file{download\\.(?:pdf|xlsx|csv|html)}', requireLogin, async (c) => {
  const actor = requireActor(c);
  const format = parseFormat(c.req.param('file').slice('download.'.length));
  const audience = c.req.query('versie') === 'medewerkers' ? 'staff' : 'board';
  const r = await downloadReport(c.get('deps').db, actor, c.req.param('id'), format, audience);
  return c.body(new Uint8Array(r.body), 200, {
    'Content-Type': r.contentType,
    'Content-Disposition': `${format === 'html' ? 'inline' : 'attachment'}; filename="${r.fileName}"`,
    'X-Content-Type-Options': 'nosniff',
    // Sandboxed like every download; the HTML report keeps its own inline styles (no script runs in a sandbox).
    'Content-Security-Policy': format === 'html' ? "sandbox; default-src 'none'; style-src 'unsafe-inline'; img-src data:" : "sandbox; default-src 'none'",
  });
});
