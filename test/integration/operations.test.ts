import assert from 'node:assert/strict';
import { it } from 'node:test';
import { Hono } from 'hono';
import { sql } from 'kysely';
import { loadConfig } from '../../src/config.ts';
import { asOwner, asSystem } from '../../src/db/tenant.ts';
import { vacuumEmbedded, vacuumEmbeddedJob } from '../../src/db/vacuum.job.ts';
import { createApp } from '../../src/http/app.tsx';
import { HttpMetrics, overdueByOrganisation } from '../../src/http/metrics.ts';
import { opsRoutes, type ReadinessState } from '../../src/http/ops.ts';
import { JOBS } from '../../src/jobs/registry.ts';
import { createLogger } from '../../src/shared/logger.ts';
import { registerComplaint } from '../../src/usecases/complaints/register-complaint.ts';
import { sweepSecurityCounters } from '../../src/usecases/security/sweep-security-counters.job.ts';
import { serverSecret } from '../../src/usecases/settings.ts';
import { forEachDatabase } from '../support/databases.ts';
import { makeOrganisationWithRegulation, makeToken } from '../support/factories.ts';

/** Operations (issue 13, ADR 0030): /ready, /metrics (Prometheus, no personal data, protected), the daily counter sweep. */
const TOKEN = 'meet-token-0123456789abcdef';
const loopback = { incoming: { socket: { remoteAddress: '127.0.0.1' } } };
const remote = { incoming: { socket: { remoteAddress: '198.51.100.7' } } };

forEachDatabase('operations', (ctx) => {
  async function appWith(env: Record<string, string>, state: ReadinessState = { draining: false, worker: false, jobQueueStarted: true }) {
    const config = loadConfig({ KLACHTWIJS_DEMO: 'false', PORT: '3000', ...env });
    const httpMetrics = new HttpMetrics();
    const ops = opsRoutes({ db: ctx.database.db, state, metricsToken: config.metricsToken, http: httpMetrics });
    const app = createApp({ db: ctx.database.db, config, logger: createLogger('silent'), csrfSecret: await serverSecret(ctx.database.db, 'csrf_secret'), httpMetrics, ops });
    return { app, state };
  }

  it('/ready is 200 when the database answers and every migration ran; 503 while draining or before a worker\'s queue started', async () => {
    const { app, state } = await appWith({});
    const ok = await app.request('/ready', {}, remote);
    assert.equal(ok.status, 200, await ok.clone().text());
    assert.deepEqual(await ok.json(), { status: 'ready' });
    state.draining = true;
    const draining = await app.request('/ready', {}, remote);
    assert.equal(draining.status, 503);
    assert.deepEqual(await draining.json(), { status: 'not_ready', problems: ['draining'] });
    const worker = new Hono().route('/', opsRoutes({ db: ctx.database.db, state: { draining: false, worker: true, jobQueueStarted: false }, metricsToken: undefined, http: null }));
    assert.deepEqual(await (await worker.request('/ready')).json(), { status: 'not_ready', problems: ['job_queue_not_started'] });
  });

  it('/metrics: without a token only from loopback and not through a proxy; with a token only with that bearer token', async () => {
    const { app } = await appWith({});
    assert.equal((await app.request('/metrics', {}, loopback)).status, 200, 'loopback may read it');
    assert.equal((await app.request('/metrics', {}, remote)).status, 403, 'another machine may not');
    assert.equal((await app.request('/metrics', { headers: { 'x-forwarded-for': '203.0.113.9' } }, loopback)).status, 403, 'a request through a reverse proxy on this machine may not');
    const { app: withToken } = await appWith({ KLACHTWIJS_METRICS_TOKEN: TOKEN });
    assert.equal((await withToken.request('/metrics', {}, loopback)).status, 403, 'with a token, loopback needs it too');
    assert.equal((await withToken.request('/metrics', { headers: { authorization: 'Bearer verkeerd-token-0123456789' } }, remote)).status, 403);
    const res = await withToken.request('/metrics', { headers: { authorization: `Bearer ${TOKEN}` } }, remote);
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') ?? '', /^text\/plain; version=0\.0\.4/);
  });

  it('/metrics counts requests by route pattern (never an id or slug), jobs per name and overdue complaints per organisation, without personal data', async () => {
    const org = await makeOrganisationWithRegulation(ctx.database.db, 'stadsring51');
    const input = { channel: 'web_form', description: 'Niemand belde terug over mijn vader.', complainant: { relation: 'client', name: 'Jozefien Quakkelaar', email: 'jozefien@example.nl', postalAddress: 'Plein 3, 1234 AB Ergens' }, signed: true };
    const late = await registerComplaint(ctx.database.db, { organisationId: org.org.id, actor: null, door: 'public', input });
    await registerComplaint(ctx.database.db, { organisationId: org.org.id, actor: null, door: 'public', input });
    // One open complaint past its term (as if the days went by), one closed complaint past it (not overdue).
    await asOwner(() => sql`update complaints set next_due = '2020-01-01' where id = ${late.id}`.execute(ctx.database.db));
    const closed = await registerComplaint(ctx.database.db, { organisationId: org.org.id, actor: null, door: 'public', input });
    await asOwner(() => sql`update complaints set next_due = '2020-01-01', status = 'closed' where id = ${closed.id}`.execute(ctx.database.db));
    assert.deepEqual(await overdueByOrganisation(ctx.database.db), [{ slug: org.org.slug, overdue: 1 }]);

    const { app } = await appWith({ KLACHTWIJS_METRICS_TOKEN: TOKEN });
    const token = await makeToken(ctx.database.db, org.org.id, org.coordinator.user.id);
    const read = await app.request(`/api/v1/complaints/${late.id}`, { headers: { authorization: `Bearer ${token}` } }, remote);
    assert.equal(read.status, 200);
    assert.equal((await app.request('/bestaat/niet/12345', {}, remote)).status, 404);
    const text = await (await app.request('/metrics', { headers: { authorization: `Bearer ${TOKEN}` } }, remote)).text();
    assert.match(text, /^klachtwijs_http_requests_total\{method="GET",route="\/api\/v1\/complaints\/:id",status="200"\} 1$/m);
    assert.match(text, /^klachtwijs_http_requests_total\{method="GET",route="unmatched",status="404"\} 1$/m);
    assert.match(text, /^klachtwijs_http_request_duration_seconds_bucket\{method="GET",route="\/api\/v1\/complaints\/:id",le="\+Inf"\} 1$/m);
    assert.match(text, new RegExp(`^klachtwijs_complaints_overdue\\{organisation="${org.org.slug}"\\} 1$`, 'm'));
    for (const job of JOBS) assert.match(text, new RegExp(`^klachtwijs_jobs_failed\\{job="${job.name}"\\} \\d+$`, 'm'), `job ${job.name} has its line`);
    assert.match(text, /^process_resident_memory_bytes \d+$/m);
    for (const secret of [late.id, 'Jozefien', 'Quakkelaar', 'jozefien@example.nl', '12345', token, late.reference]) assert.ok(!text.includes(secret), `no ${secret} in /metrics`);
  });

  it('the daily sweep removes rate-limit counters of old windows and old log-in failures, and keeps what a limit still reads', async () => {
    const now = new Date('2026-12-02T03:00:00Z');
    const hoursAgo = (h: number) => new Date(now.getTime() - h * 3_600_000);
    await ctx.database.db.insertInto('rate_limit_counters').values([
      { key: 'sweep:old', window_start: hoursAgo(30), count: 4 },
      { key: 'sweep:new', window_start: hoursAgo(0.1), count: 4 },
    ]).execute();
    await ctx.database.db.insertInto('login_failures').values([
      { key: 'sweep:old', at: hoursAgo(25) },
      { key: 'sweep:new', at: hoursAgo(23) },
    ]).execute();
    const done = await asOwner(() => sweepSecurityCounters(ctx.database.db, now));
    assert.ok(done.counters >= 1 && done.failures >= 1, JSON.stringify(done));
    assert.deepEqual((await ctx.database.db.selectFrom('rate_limit_counters').select('key').where('key', 'like', 'sweep:%').execute()).map((r) => r.key), ['sweep:new']);
    assert.deepEqual((await ctx.database.db.selectFrom('login_failures').select('key').where('key', 'like', 'sweep:%').execute()).map((r) => r.key), ['sweep:new']);
    assert.ok(JOBS.find((j) => j.name === 'sweep-security-counters')?.schedule, 'the sweep is a scheduled job (once across instances)');
  });

  it('the nightly vacuum of the embedded database: dead rows cleared and statistics renewed on PGlite (no autovacuum), nothing on a PostgreSQL server', async () => {
    const db = ctx.database.db;
    await db.insertInto('rate_limit_counters').values(Array.from({ length: 40 }, (_, i) => ({ key: `vacuum:${i}`, window_start: new Date(), count: 1 }))).execute();
    await db.deleteFrom('rate_limit_counters').where('key', 'like', 'vacuum:1%').execute();
    const rows = Number((await db.selectFrom('rate_limit_counters').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
    const stats = async () =>
      (await sql<{ reltuples: number; dead: number }>`select c.reltuples::int as reltuples, coalesce(s.n_dead_tup, 0)::int as dead from pg_class c left join pg_stat_user_tables s on s.relid = c.oid where c.relname = 'rate_limit_counters'`.execute(db)).rows[0]!;
    const before = await stats();
    const logged: unknown[] = [];
    const logger = { ...createLogger('silent'), info: (o: unknown) => void logged.push(o) } as unknown as ReturnType<typeof createLogger>;
    await asSystem(() => vacuumEmbeddedJob.handler({}, { db, config: loadConfig({ KLACHTWIJS_DEMO: 'false' }), logger, mailer: undefined as never, now: () => new Date() }));
    const after = await stats();
    if (ctx.kind === 'pglite') {
      assert.notEqual(before.reltuples, rows, 'the statistics were behind before the vacuum (or this test proves nothing)');
      assert.equal(after.reltuples, rows, 'ANALYZE counted the table as it is now');
      assert.equal(logged.length, 1, 'the run is logged');
    } else {
      assert.equal(logged.length, 0, 'on a PostgreSQL server autovacuum does this: the job does nothing');
      assert.deepEqual(await asSystem(() => vacuumEmbedded(db)), { ran: false, ms: 0 });
    }
    assert.equal(vacuumEmbeddedJob.schedule, '30 3 * * *');
    assert.ok(JOBS.includes(vacuumEmbeddedJob), 'the job is registered (a schedule, once across instances)');
  });
});
