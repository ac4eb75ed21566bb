import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Hono } from 'hono';
import { sql } from 'kysely';
import { AppError } from '../shared/errors.ts';
import type { AppDeps, AppEnv } from './context.ts';
import { STATUS_OF } from './errors.ts';
import { clientAddress } from './client-address.ts';
import { routePattern } from './metrics.ts';
import { loggedPath, securityHeaders } from './middleware/security-headers.ts';
import { bodyLimit } from './middleware/body-limit.ts';
import { loadActor, requireLogin, verifyCsrf } from './middleware/session.ts';
import { complaintApiPaths } from './openapi-complaints.ts';
import { mailboxApiPaths } from './openapi-mailbox.ts';
import { reportApiPaths } from './openapi-reports.ts';
import { retentionApiPaths } from './openapi-retention.ts';
import { openApiDocument } from './openapi.ts';
import { recordRefusal } from './refusals.ts';
import { page } from './render.tsx';
import { accountRoutes } from './routes/account.tsx';
import { adminRoutes } from './routes/admin.tsx';
import { complaintApiRoutes } from './routes/api-complaints.ts';
import { apiRoutes } from './routes/api.ts';
import { reportApiRoutes } from './routes/api-reports.ts';
import { retentionApiRoutes } from './routes/api-retention.ts';
import { retentionRoutes } from './routes/retention.tsx';
import { reportDownloadRoutes } from './routes/report-downloads.tsx';
import { authRoutes } from './routes/auth.tsx';
import { loginSecurityRoutes } from './routes/login-security.tsx';
import { legalFrameworkRoutes } from './routes/legal-frameworks.tsx';
import { notificationRoutes } from './routes/notifications.tsx';
import { publicRegulationRoutes } from './routes/public-regulation.tsx';
import { regulationAdminRoutes } from './routes/regulations.tsx';
import { complaintRoutes } from './routes/complaints.tsx';
import { complainantPageHeaders, complainantPageRoutes } from './routes/complainant-page.tsx';
import { publicComplaintRoutes } from './routes/public-complaint.tsx';
import { regulationRoleRoutes } from './routes/regulation-roles.tsx';
import { reportRoutes } from './routes/reports.tsx';
import { securityLogRoutes } from './routes/security-log.tsx';
import { startRoutes } from './routes/start.tsx';
import { letterRoutes } from './routes/letters.tsx';
import { mailRoutes } from './routes/mail.tsx';
import { mailboxRoutes } from './routes/mailbox.tsx';
import { measureRoutes } from './routes/measures.tsx';
import { measureApiPaths } from './openapi-measures.ts';
import { privacyApiPaths } from './openapi-privacy.ts';
import { meetingRoutes } from './routes/meetings.tsx';
import { regulationReviewRoutes } from './routes/regulation-review.tsx';
import { ssoRoutes } from './routes/sso.tsx';
import { privacyRoutes } from './routes/privacy.tsx';
import { Alert } from './views/forms.tsx';

const require = createRequire(import.meta.url);
/** Static assets, read once at start and served from memory. */
const STATIC: Record<string, { body: string; type: string }> = {
  'utrecht.css': { body: readFileSync(require.resolve('@utrecht/component-library-css/dist/index.css'), 'utf8'), type: 'text/css; charset=utf-8' },
  'klachtwijs.css': { body: readFileSync(new URL('./static/klachtwijs.css', import.meta.url), 'utf8'), type: 'text/css; charset=utf-8' },
  'klachtwijs.js': { body: readFileSync(new URL('./static/klachtwijs.js', import.meta.url), 'utf8'), type: 'text/javascript; charset=utf-8' },
};

const ERROR_TITLES: Partial<Record<number, string>> = { 403: 'Niet toegestaan', 404: 'Pagina niet gevonden', 409: 'Niet mogelijk', 413: 'Te groot', 422: 'Gegevens niet goed', 429: 'Even geduld', 500: 'Er ging iets mis' };

/** The HTTP application: thin routes over the use cases. */
export function createApp(deps: AppDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.use('*', async (c, next) => {
    c.set('deps', deps);
    const started = performance.now();
    await next();
    // One line per request at the default level (issue 11): no query string (it may hold a name), secret link tokens masked.
    deps.logger.info({ method: c.req.method, path: loggedPath(c.req.path), status: c.res.status, ms: Math.round(performance.now() - started), clientAddress: clientAddress(c) }, 'request');
    deps.httpMetrics?.observe(c.req.method, routePattern(c), c.res.status, (performance.now() - started) / 1000); // route pattern, never the path (ADR 0030)
  });
  app.use('/:orgSlug/mijn-klacht', complainantPageHeaders); // outside secureHeaders: its no-referrer wins
  app.use('/:orgSlug/mijn-klacht/*', complainantPageHeaders);
  app.use('*', securityHeaders(deps.config)); // strict CSP; a download keeps its sandbox policy (issue 11)
  app.use('*', bodyLimit({ maxSize: 12 * 1024 * 1024, onError: () => { throw new AppError('payload_too_large', 'Het verzoek is te groot (maximaal 12 MB; bijlagen samen hoogstens 10 MB).'); } }));

  app.get('/health', async (c) => {
    try {
      await sql`select 1`.execute(deps.db);
      return c.json({ status: 'ok' });
    } catch {
      return c.json({ status: 'unavailable' }, 503);
    }
  });
  if (deps.ops) app.route('/', deps.ops); // /ready and /metrics (ADR 0030)
  app.get('/static/:file', (c) => {
    const asset = STATIC[c.req.param('file')];
    if (!asset) return c.notFound();
    return c.body(asset.body, 200, { 'Content-Type': asset.type, 'Cache-Control': 'public, max-age=3600' });
  });
  app.get('/api/openapi.json', (c) => c.json(openApiDocument(deps.config.baseUrl, { ...complaintApiPaths(), ...mailboxApiPaths, ...measureApiPaths, ...reportApiPaths, ...privacyApiPaths, ...retentionApiPaths })));

  app.use('*', loadActor);
  // Pages and API answers for a signed-in user hold personal data: never stored by browsers or proxies. Set on the
  // answer's own headers, as secureHeaders does: `c.header` after the handler made the answer anew from its body as a
  // stream (issue 13: @hono/node-server then converted and streamed each page instead of writing its string at once).
  app.use('*', async (c, next) => {
    await next();
    if (c.get('actor') && !c.res.headers.get('Cache-Control')) c.res.headers.set('Cache-Control', 'private, no-store');
  });
  app.use('*', verifyCsrf);
  app.route('/', apiRoutes);
  app.route('/', complaintApiRoutes(deps.config));
  app.route('/', reportApiRoutes);
  app.route('/', retentionApiRoutes);
  app.route('/', authRoutes);
  app.get('/', (c) => c.redirect(c.get('actor') ? '/start' : '/inloggen', 303));
  app.use('/start', requireLogin);
  app.use('/beheer/*', requireLogin);
  app.use('/account/*', requireLogin);
  app.use('/klachten', requireLogin);
  app.use('/klachten/*', requireLogin);
  app.use('/verbetermaatregelen', requireLogin);
  app.use('/verbetermaatregelen/*', requireLogin);
  app.use('/rapportages', requireLogin);
  app.use('/rapportages/*', requireLogin);
  app.route('/', startRoutes);
  app.route('/', reportDownloadRoutes);
  app.route('/', mailRoutes);
  app.route('/', mailboxRoutes);
  app.route('/', regulationRoleRoutes);
  app.route('/', reportRoutes);
  app.route('/', retentionRoutes);
  app.route('/', complaintRoutes);
  app.route('/', measureRoutes);
  app.route('/', letterRoutes); // before adminRoutes: coordinators edit letter templates under /beheer
  app.route('/', meetingRoutes);
  app.route('/', regulationReviewRoutes);
  app.route('/', privacyRoutes);
  app.route('/', regulationAdminRoutes); // before adminRoutes: its admin-only guard on /beheer/* would shut out coordinators
  app.route('/', securityLogRoutes); // the admin's security log (issue 11)
  app.route('/', adminRoutes);
  app.route('/', accountRoutes);
  app.route('/', loginSecurityRoutes); // issue 11: second log-in step, own two-factor and sessions, the admin's requirement
  app.route('/', legalFrameworkRoutes); // issue 12: the laws that apply to the organisation (/beheer/wetten)
  app.route('/', complainantPageRoutes());
  app.route('/', notificationRoutes);
  app.route('/', ssoRoutes); // single sign-on: /beheer/eenmalig-inloggen and /:orgSlug/inloggen/sso… (ADR 0022)
  app.route('/', publicComplaintRoutes({ maxPerWindow: deps.config.publicRateLimit }));
  app.route('/', publicRegulationRoutes); // last: /:orgSlug/klachtenregeling must not shadow other routes

  app.notFound((c) => {
    if (c.req.path.startsWith('/api/')) return c.json({ error: { code: 'not_found', message: 'Niet gevonden.' } }, 404);
    return page(c, 'Pagina niet gevonden', <NotFound />, { status: 404 });
  });

  app.onError(async (err, c) => {
    const appErr = err instanceof AppError ? err : null;
    const code = appErr?.code ?? 'internal';
    const status = STATUS_OF[code];
    // A client that aborts its upload is not a server error: nobody is left to answer.
    if (!appErr && clientGone(c.req.raw, c.env)) deps.logger.debug({ err: { name: err.name, message: err.message }, path: c.req.routePath }, 'client closed the connection before the answer');
    else if (!appErr) deps.logger.error({ err: { name: err.name, message: err.message, stack: err.stack }, path: c.req.routePath }, 'unhandled error');
    if (appErr && (code === 'forbidden' || code === 'not_found' || code === 'not_permitted')) await recordRefusal(c, appErr); // security events (issue 11)
    const message = appErr ? appErr.message : 'Er ging iets mis aan onze kant. Probeer het later opnieuw.';
    if (c.req.path.startsWith('/api/') || c.req.header('accept')?.includes('application/json')) {
      // Need-to-know: "forbidden" answers exactly like "not found".
      const shown = code === 'forbidden' ? { code: 'not_found', message: 'Niet gevonden.' } : { code, message, ...(appErr?.fields.length ? { fields: appErr.fields } : {}) };
      return c.json({ error: shown }, status);
    }
    if (code === 'forbidden' || code === 'not_found') return page(c, 'Pagina niet gevonden', <NotFound />, { status: 404 });
    if (code === 'unauthenticated') return c.redirect('/inloggen', 303);
    return page(
      c,
      ERROR_TITLES[status] ?? 'Fout',
      <>
        <h1 class="utrecht-heading-1">{ERROR_TITLES[status] ?? 'Fout'}</h1>
        <Alert kind="error">{message}</Alert>
        <p class="utrecht-paragraph"><a class="utrecht-link" href="/">Naar de startpagina</a></p>
      </>,
      { status },
    );
  });
  return app;
}

/** The client closed the connection (its request's signal aborted) before the answer was sent. */
function clientGone(req: Request, env: unknown): boolean {
  const incoming = (env as { incoming?: { aborted?: boolean; complete?: boolean; destroyed?: boolean } } | undefined)?.incoming;
  if (incoming && !incoming.complete && (incoming.aborted || incoming.destroyed)) return true;
  try {
    return req.signal.aborted;
  } catch {
    return false;
  }
}

const NotFound = () => (
  <>
    <h1 class="utrecht-heading-1">Pagina niet gevonden</h1>
    <p class="utrecht-paragraph">Deze pagina bestaat niet, of u heeft er geen toegang toe.</p>
    <p class="utrecht-paragraph"><a class="utrecht-link" href="/">Naar de startpagina</a></p>
  </>
);
