/**
 * `npm run bench:metrics` (issue 13, ADR 0030): what one `/metrics` scrape costs at scale, BEFORE and AFTER the
 * partial index `complaints_open_next_due` (migration 2026-12-02T1830), on the same data in the same run.
 *
 * On a PostgreSQL server started for the run (or BENCH_METRICS_PG=off: PGlite in memory): one organisation running
 * stadsring51 with a few registered complaints, copied with generate_series to BENCH_METRICS_COMPLAINTS (default
 * 1,000,000 on PostgreSQL, 10,000 on PGlite) spread over BENCH_METRICS_ORGS organisations (default 1,000): 90 %
 * closed, 10 % open, a third of the open ones past their term. Then BENCH_METRICS_SCRAPES (default 50) calls of the
 * overdue-per-organisation query and of the whole database part of a scrape (`databaseMetrics`), without the index
 * (dropped) and with it, and prints p50/p95 in a Markdown table.
 */
import { performance } from 'node:perf_hooks';
import { sql } from 'kysely';
import { openDatabase, type Database } from '../src/db/database.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { asOwner } from '../src/db/tenant.ts';
import { cachedOverdue, databaseMetrics, overdueByOrganisation } from '../src/http/metrics.ts';
import { startJobQueue } from '../src/jobs/queue.ts';
import { registerComplaint } from '../src/usecases/complaints/register-complaint.ts';
import { makeOrganisationWithRegulation } from '../test/support/factories.ts';
import { createDatabase, startPostgresServer } from '../test/support/pg-server.ts';

const ON_PG = process.env.BENCH_METRICS_PG !== 'off';
const COMPLAINTS = Number(process.env.BENCH_METRICS_COMPLAINTS ?? (ON_PG ? 1_000_000 : 10_000));
const ORGS = Number(process.env.BENCH_METRICS_ORGS ?? 1_000);
const SCRAPES = Number(process.env.BENCH_METRICS_SCRAPES ?? 50);

function pct(ms: number[], p: number): number {
  const s = [...ms].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]!;
}

async function time(n: number, fn: () => Promise<unknown>): Promise<number[]> {
  await fn(); // warm
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await fn();
    out.push(performance.now() - t);
  }
  return out;
}

async function seed(database: Database): Promise<void> {
  const db = database.db;
  await migrateToLatest(db);
  await startJobQueue(database, { maintain: false });
  const org = await makeOrganisationWithRegulation(db, 'stadsring51');
  const template = await registerComplaint(db, { organisationId: org.org.id, actor: null, door: 'public', input: { channel: 'web_form', description: 'Niemand belde terug.', complainant: { relation: 'client', name: 'Bench', postalAddress: 'Plein 1, 1234 AB Ergens' }, signed: true } });
  await asOwner(async () => {
    // Organisations to spread the copies over (slugs only; the copies keep the template's unit and regulation).
    await sql`insert into organisations (id, name, slug) select gen_random_uuid(), 'Bench ' || g, 'bench-' || g from generate_series(1, ${ORGS - 1}) g`.execute(db);
    const cols = (await sql<{ column_name: string }>`select column_name from information_schema.columns where table_schema = 'public' and table_name = 'complaints' and is_generated = 'NEVER' and identity_generation is null order by ordinal_position`.execute(db)).rows.map((r) => r.column_name);
    const set: Record<string, string> = {
      id: 'gen_random_uuid()',
      reference: `'B-' || g`,
      idempotency_key: 'null',
      organisation_id: `case when g % 20 = 0 then c.organisation_id else (select id from organisations o where o.slug = 'bench-' || (1 + g % ${Math.max(1, ORGS - 1)})) end`,
      status: `case when g % 10 = 0 then 'in_progress' else 'closed' end`,
      next_due: `(date '2026-12-01' + ((g % 90) - 30))`,
    };
    const select = cols.map((c) => (c in set ? `${set[c]} as ${c}` : `c.${c}`)).join(', ');
    const chunk = 100_000;
    for (let from = 1; from <= COMPLAINTS; from += chunk) {
      const to = Math.min(COMPLAINTS, from + chunk - 1);
      await sql.raw(`insert into complaints (${cols.join(', ')}) select ${select} from complaints c, generate_series(${from}, ${to}) g where c.id = '${template.id}'`).execute(db);
    }
    await sql`analyze complaints`.execute(db);
  });
}

async function run(label: string, database: Database): Promise<string[]> {
  const t0 = performance.now();
  await seed(database);
  const seeded = Math.round((performance.now() - t0) / 1000);
  const db = database.db;
  const rows: string[] = [];
  const overdue = await overdueByOrganisation(db);
  const total = overdue.reduce((n, o) => n + o.overdue, 0);
  for (const withIndex of [false, true]) {
    await asOwner(() => (withIndex ? sql`create index if not exists complaints_open_next_due on complaints (next_due, organisation_id) where status in ('new', 'in_progress', 'suspended')` : sql`drop index if exists complaints_open_next_due`).execute(db));
    await asOwner(() => sql`vacuum analyze complaints`.execute(db)); // autovacuum's visibility map, as in production
    const plan = await asOwner(() => sql<{ 'QUERY PLAN': string }>`explain select organisation_id, count(*) from complaints where status in ('new', 'in_progress', 'suspended') and next_due < ${'2026-12-01'} group by organisation_id`.execute(db));
    console.error(`${withIndex ? 'after' : 'before'}: ${plan.rows.map((r) => r['QUERY PLAN'].trim()).join(' | ')}`);
    const q = await time(SCRAPES, () => overdueByOrganisation(db));
    const scrapeOverdue = cachedOverdue(db);
    const all = await time(SCRAPES, () => databaseMetrics(db, scrapeOverdue));
    rows.push(`| ${label} | ${COMPLAINTS.toLocaleString('en')} | ${withIndex ? 'after (partial index)' : 'before (no index)'} | ${pct(q, 50).toFixed(1)} | ${pct(q, 95).toFixed(1)} | ${pct(all, 95).toFixed(1)} | ${overdue.length} orgs, ${total.toLocaleString('en')} overdue |`);
  }
  console.error(`${label}: seeded in ${seeded} s`);
  return rows;
}

const out = ['| database | complaints | index | overdue query p50 (ms) | overdue query p95 (ms) | scrape DB part p95 (ms, overdue cached 60 s) | result |', '|---|---|---|---|---|---|---|'];
if (ON_PG) {
  const server = await startPostgresServer();
  const testDb = await createDatabase(server.url);
  const database = await openDatabase({ kind: 'postgres', url: testDb.url });
  try {
    out.push(...(await run('PostgreSQL', database)));
  } finally {
    await database.close();
    await testDb.drop();
    await server.stop();
  }
} else {
  const database = await openDatabase({ kind: 'pglite' });
  try {
    out.push(...(await run('PGlite', database)));
  } finally {
    await database.close();
  }
}
console.log(out.join('\n'));
console.log(`\nload: ${(await import('node:fs')).readFileSync('/proc/loadavg', 'utf8').trim()}`);
