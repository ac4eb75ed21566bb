import { Hono } from 'hono';
import { sql, type Kysely } from 'kysely';
import { migrations } from '../db/migrations/index.ts';
import type { DB } from '../db/types.ts';
import { asSystem } from '../db/tenant.ts';
import { cachedOverdue, metricsAllowed, renderMetrics, type HttpMetrics } from './metrics.ts';

/** What `/ready` looks at in this process (ADR 0030). */
export interface ReadinessState {
  /** Set when the process got SIGTERM (or close()): it finishes what it serves, but takes no new work. */
  draining: boolean;
  /** This process runs the worker service: its workers start with the job queue. */
  readonly worker: boolean;
  /** The job queue (and, in a worker process, its workers) started: it starts after the server listens (issue 13). */
  jobQueueStarted: boolean;
}

/**
 * Operations endpoints, the same in a web and a worker-only process:
 * - `/ready` (readiness): 200 when the database answers, every migration this code knows has run, the job queue runs
 *   (with its workers in a worker process) and the process is not draining; otherwise 503 with the reasons (no personal
 *   data).
 * - `/metrics` (Prometheus): only with the bearer token, or from loopback without a proxy (src/http/metrics.ts).
 * `/health` (liveness + database) stays where it was.
 */
export function opsRoutes(opts: { db: Kysely<DB>; state: ReadinessState; metricsToken: string | undefined; http: HttpMetrics | null; processLabel?: string }): Hono {
  const routes = new Hono();
  let migrationsCurrent = false;
  const overdue = cachedOverdue(opts.db);
  routes.get('/ready', async (c) => {
    const problems: string[] = [];
    if (opts.state.draining) problems.push('draining');
    if (!opts.state.jobQueueStarted) problems.push('job_queue_not_started');
    try {
      if (!migrationsCurrent) {
        const names = Object.keys(migrations);
        const done = await asSystem(() => sql<{ n: number }>`select count(*)::int as n from kysely_migration where name in (${sql.join(names)})`.execute(opts.db));
        migrationsCurrent = done.rows[0]?.n === names.length;
        if (!migrationsCurrent) problems.push('migrations_pending');
      } else await asSystem(() => sql`select 1`.execute(opts.db));
    } catch {
      problems.push('database_unavailable');
    }
    c.header('Cache-Control', 'no-store');
    return problems.length ? c.json({ status: 'not_ready', problems }, 503) : c.json({ status: 'ready' });
  });
  routes.get('/metrics', async (c) => {
    if (!metricsAllowed(c, opts.metricsToken)) return c.json({ error: { code: 'forbidden', message: 'Geen toegang tot de meetgegevens.' } }, 403);
    const extra = [
      '# HELP klachtwijs_draining 1 while this process is shutting down (SIGTERM).',
      '# TYPE klachtwijs_draining gauge',
      `klachtwijs_draining ${opts.state.draining ? 1 : 0}`,
    ];
    const body = await renderMetrics(opts.db, opts.http, extra, overdue);
    return c.body(body, 200, { 'Content-Type': 'text/plain; version=0.0.4; charset=utf-8', 'Cache-Control': 'no-store' });
  });
  return routes;
}
