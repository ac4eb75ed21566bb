import { timingSafeEqual } from 'node:crypto';
import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context } from 'hono';
import { matchedRoutes } from 'hono/route';
import { sql, type Kysely } from 'kysely';
import type { DB } from '../db/types.ts';
import { asSystem } from '../db/tenant.ts';
import { JOB_SCHEMA } from '../jobs/queue.ts';
import { today } from '../usecases/complaints/dossier.ts';

/**
 * `/metrics` in the Prometheus text format (ADR 0030), without a client library: a handful of counters and one
 * histogram kept in this process, and gauges read from the database at scrape time. Nothing personal: HTTP requests
 * are labelled by the ROUTE PATTERN (`/klachten/:id`, never the raw path with an id, an organisation's slug or a
 * link token), jobs by job name, overdue complaints by the organisation's slug (an organisation, not a person) and
 * nothing from a complaint but a count.
 */

/** Latency buckets in seconds (the targets are 25 ms for a list and 50 ms p99 for the intake). */
const BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10] as const;

interface Histogram {
  counts: number[];
  sum: number;
  count: number;
}

/** The process's own request figures (each instance has its own; Prometheus adds them up per instance label). */
export class HttpMetrics {
  private readonly requests = new Map<string, number>();
  private readonly latency = new Map<string, Histogram>();

  observe(method: string, route: string, status: number, seconds: number): void {
    const key = labels({ method, route, status: String(status) });
    this.requests.set(key, (this.requests.get(key) ?? 0) + 1);
    const hKey = labels({ method, route });
    let h = this.latency.get(hKey);
    if (!h) this.latency.set(hKey, (h = { counts: BUCKETS.map(() => 0), sum: 0, count: 0 }));
    for (let i = 0; i < BUCKETS.length; i++) if (seconds <= BUCKETS[i]!) h.counts[i]!++;
    h.sum += seconds;
    h.count++;
  }

  render(): string[] {
    const out = ['# HELP klachtwijs_http_requests_total HTTP requests answered, by method, route pattern and status.', '# TYPE klachtwijs_http_requests_total counter'];
    for (const [key, n] of this.requests) out.push(`klachtwijs_http_requests_total{${key}} ${n}`);
    out.push('# HELP klachtwijs_http_request_duration_seconds Time to answer an HTTP request, by method and route pattern.', '# TYPE klachtwijs_http_request_duration_seconds histogram');
    for (const [key, h] of this.latency) {
      BUCKETS.forEach((b, i) => out.push(`klachtwijs_http_request_duration_seconds_bucket{${key},le="${b}"} ${h.counts[i]}`));
      out.push(`klachtwijs_http_request_duration_seconds_bucket{${key},le="+Inf"} ${h.count}`);
      out.push(`klachtwijs_http_request_duration_seconds_sum{${key}} ${round(h.sum)}`);
      out.push(`klachtwijs_http_request_duration_seconds_count{${key}} ${h.count}`);
    }
    return out;
  }
}

/**
 * The route pattern that answered a request (`/klachten/:id`), never the raw path. A request no route answered
 * (only the catch-all middleware ran) is `unmatched`, so a scan of random paths cannot grow the label set.
 */
export function routePattern(c: Context): string {
  try {
    const route = matchedRoutes(c)[c.req.routeIndex];
    if (!route || route.path === '*' || route.path === '/*') return 'unmatched';
    return route.path;
  } catch {
    return 'unmatched';
  }
}

/**
 * Who may read `/metrics`: with a token configured (KLACHTWIJS_METRICS_TOKEN) only a request with
 * `Authorization: Bearer <token>`; without one only a direct connection from this machine (loopback) that did not
 * come through a reverse proxy (no X-Forwarded-For), so a proxy on the same machine does not publish it.
 */
export function metricsAllowed(c: Context, token: string | undefined): boolean {
  if (token) {
    const given = /^Bearer\s+(.+)$/i.exec(c.req.header('authorization') ?? '')?.[1]?.trim() ?? '';
    const a = Buffer.from(given);
    const b = Buffer.from(token);
    return a.length === b.length && timingSafeEqual(a, b);
  }
  if (c.req.header('x-forwarded-for') || c.req.header('forwarded')) return false;
  let address: string;
  try {
    address = getConnInfo(c).remote.address ?? '';
  } catch {
    return false;
  }
  return address === '127.0.0.1' || address === '::1' || address === '::ffff:127.0.0.1';
}

/**
 * Figures read from the database at scrape time, cheap at a million complaints:
 * - jobs per job name from pg-boss's own queue table (its counts are kept by the worker's supervision, every minute);
 * - open complaints past their running term per organisation, from the partial index `complaints_open_next_due`
 *   (migration 2026-12-02T1830), which holds only open complaints.
 */
export async function databaseMetrics(db: Kysely<DB>, overdueCounts: () => Promise<{ slug: string; overdue: number }[]> = () => overdueByOrganisation(db)): Promise<string[]> {
  const out: string[] = [];
  const queues = await asSystem(() =>
    sql<{ name: string; queued: number; active: number; failed: number }>`
      select name, queued_count as queued, active_count as active, failed_count as failed
      from ${sql.id(JOB_SCHEMA)}.queue order by name`.execute(db),
  ).catch(() => null);
  if (queues) {
    out.push('# HELP klachtwijs_jobs_queued Jobs waiting to run, per job name (pg-boss, refreshed by the worker every minute).', '# TYPE klachtwijs_jobs_queued gauge');
    for (const q of queues.rows) out.push(`klachtwijs_jobs_queued{${labels({ job: q.name })}} ${Number(q.queued)}`);
    out.push('# HELP klachtwijs_jobs_active Jobs running now, per job name.', '# TYPE klachtwijs_jobs_active gauge');
    for (const q of queues.rows) out.push(`klachtwijs_jobs_active{${labels({ job: q.name })}} ${Number(q.active)}`);
    out.push('# HELP klachtwijs_jobs_failed Jobs failed for good and kept by pg-boss, per job name.', '# TYPE klachtwijs_jobs_failed gauge');
    for (const q of queues.rows) out.push(`klachtwijs_jobs_failed{${labels({ job: q.name })}} ${Number(q.failed)}`);
  }
  const overdue = await overdueCounts();
  out.push('# HELP klachtwijs_complaints_overdue Open complaints whose running term has passed, per organisation.', '# TYPE klachtwijs_complaints_overdue gauge');
  for (const o of overdue) out.push(`klachtwijs_complaints_overdue{${labels({ organisation: o.slug })}} ${o.overdue}`);
  return out;
}

/**
 * The overdue counts change with the day and with actions, not per second: an ops router reuses the counts of the last
 * minute, so several Prometheus servers or a short scrape interval do not repeat the count (ADR 0030).
 */
export function cachedOverdue(db: Kysely<DB>, ttlMs = 60_000): () => Promise<{ slug: string; overdue: number }[]> {
  let hit: { at: number; value: Promise<{ slug: string; overdue: number }[]> } | null = null;
  return () => {
    if (hit && Date.now() - hit.at < ttlMs) return hit.value;
    const value = overdueByOrganisation(db);
    hit = { at: Date.now(), value };
    value.catch(() => (hit = null));
    return value;
  };
}

/** Open complaints past their running term (next_due before today, Europe/Amsterdam) per organisation. */
export async function overdueByOrganisation(db: Kysely<DB>, now = new Date()): Promise<{ slug: string; overdue: number }[]> {
  const day = today(now);
  return asSystem(() =>
    db
      .selectFrom('organisations as o')
      .innerJoin(
        (eb) =>
          eb
            .selectFrom('complaints')
            .select(['organisation_id', sql<number>`count(*)::int`.as('overdue')])
            .where('status', 'in', ['new', 'in_progress', 'suspended'])
            .where('next_due', '<', day)
            .groupBy('organisation_id')
            .as('c'),
        (j) => j.onRef('c.organisation_id', '=', 'o.id'),
      )
      .select(['o.slug', 'c.overdue'])
      .orderBy('o.slug')
      .execute(),
  );
}

/** Process figures (Prometheus's usual names): CPU, memory, start time, event-loop lag is left to a profiler. */
export function processMetrics(): string[] {
  const mem = process.memoryUsage();
  const cpu = process.cpuUsage();
  return [
    '# HELP process_cpu_seconds_total User and system CPU time spent.',
    '# TYPE process_cpu_seconds_total counter',
    `process_cpu_seconds_total ${round((cpu.user + cpu.system) / 1e6)}`,
    '# HELP process_resident_memory_bytes Resident memory size.',
    '# TYPE process_resident_memory_bytes gauge',
    `process_resident_memory_bytes ${mem.rss}`,
    '# HELP nodejs_heap_used_bytes V8 heap in use.',
    '# TYPE nodejs_heap_used_bytes gauge',
    `nodejs_heap_used_bytes ${mem.heapUsed}`,
    '# HELP process_start_time_seconds Start time of the process since the Unix epoch.',
    '# TYPE process_start_time_seconds gauge',
    `process_start_time_seconds ${Math.round(Date.now() / 1000 - process.uptime())}`,
  ];
}

/** The whole exposition: this process's requests, the database's figures and the process's own. */
export async function renderMetrics(db: Kysely<DB>, http: HttpMetrics | null, extra: string[] = [], overdueCounts?: () => Promise<{ slug: string; overdue: number }[]>): Promise<string> {
  const lines = [...(http?.render() ?? []), ...(await databaseMetrics(db, overdueCounts)), ...processMetrics(), ...extra];
  return lines.join('\n') + '\n';
}

function labels(values: Record<string, string>): string {
  return Object.entries(values)
    .map(([k, v]) => `${k}="${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`)
    .join(',');
}

function round(n: number): number {
  return Math.round(n * 1e6) / 1e6;
}
