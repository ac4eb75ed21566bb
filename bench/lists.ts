/**
 * `npm run bench:lists`: the back-office list at scale (issue 13, ADR 0028), on PostgreSQL (a server started for the run)
 * and on PGlite (in memory). Not a test: it prints a Markdown table of p50/p95 per request (see bench/README.md).
 *
 * Per database: one big organisation (BENCH_LISTS_BIG, default 50,000 complaints on PostgreSQL, BENCH_LISTS_PGLITE
 * default 10,000 on PGlite) and BENCH_LISTS_ORGS other organisations sharing BENCH_LISTS_OTHERS complaints (default
 * 20 × 150,000 on PostgreSQL, none on PGlite). Complaints are cloned in SQL from one registered complaint per
 * organisation (statuses, channels, kinds, received dates over ~3 years, due dates, handlers and complainant names
 * spread deterministically), then ANALYZE. As the big organisation's coordinator (a klachtenfunctionaris who sees every
 * unit), BENCH_LISTS_REQUESTS (default 60) requests per line through the HTTP app (app.request, no network):
 * the API list by default, with each filter and each sort, the next page by cursor, a search for a word and for a
 * person's name, and the list page `/klachten` without and with a search.
 * Set BENCH_LISTS_ONLY=pg or =pglite for one database.
 */
import { performance } from 'node:perf_hooks';
import { CompiledQuery, sql } from 'kysely';
import { openDatabase, type Database } from '../src/db/database.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { registerComplaint } from '../src/usecases/complaints/register-complaint.ts';
import { createDatabase, startPostgresServer } from '../test/support/pg-server.ts';
import { makeOrganisationWithRegulation, makeToken } from '../test/support/factories.ts';
import { PageClient, testApp } from '../test/support/http.ts';
import { capturing } from '../test/support/capture.ts';

const REQUESTS = Number(process.env.BENCH_LISTS_REQUESTS ?? 60);
const ONLY = process.env.BENCH_LISTS_ONLY ?? '';

const input = {
  channel: 'web_form',
  description: 'De medewerker kwam drie keer niet opdagen bij de afspraak.',
  complainant: { relation: 'client', name: 'Sjabloon', postalAddress: 'Dorpsstraat 1, 1234 AB Ergens', email: 'sjabloon@example.nl' },
  signed: true,
};

/** Clones the organisation's one complaint `n` times, spread over statuses, channels, dates, handlers and names. */
async function seed(db: Database['db'], organisationId: string, handlerId: string, n: number, prefix: string): Promise<void> {
  const batch = 25_000;
  for (let start = 0; start < n; start += batch) {
    const end = Math.min(n, start + batch) - 1;
    await sql`
      insert into complaints (organisation_id, unit_id, regulation_version_id, reference, kind, status, channel, received_on, subject,
        description, complainant, details, handler_user_id, registered_by, classification, deadlines, decision_due, next_due, next_due_key,
        decided_late, created_at, updated_at, consulted_roles, procedure_roles, unit_unknown)
      select t.organisation_id, t.unit_id, t.regulation_version_id, ${prefix} || '-' || lpad(g::text, 7, '0'),
        (array['complaint','complaint','complaint','dissatisfaction','suggestion'])[1 + g % 5],
        s.status,
        (array['web_form','letter','email','phone','in_person'])[1 + (g / 3) % 5],
        date '2024-01-01' + (g % 1060),
        'Klacht over ' || (array['parkeren','afvalinzameling','wachttijd','bejegening','factuur','bouwvergunning','geluidsoverlast'])[1 + g % 7],
        'Ik ben ontevreden over de ' || (array['wachttijd','bejegening','afhandeling','bereikbaarheid','communicatie'])[1 + (g / 7) % 5] || ' bij melding ' || g || '.',
        jsonb_build_object('relation', 'client',
          'name', (array['Jan','Fatima','Pieter','Sanne','Mohammed','Emma','Daan','Julia','Ahmed','Lotte'])[1 + g % 10] || ' ' ||
                  case when g % 5000 = 17 then 'Zwanenburg' else (array['de Vries','Jansen','Bakker','Visser','Smit','Meijer','de Boer','Mulder','de Groot','Bos','Vos','Peters','Hendriks','van Leeuwen','Dekker'])[1 + (g / 10) % 15] end,
          'email', 'klager' || g || '@example.nl', 'phone', '06' || lpad((g * 7919 % 100000000)::text, 8, '0')),
        t.details, case when g % 3 = 0 then ${handlerId}::uuid else null end, t.registered_by, t.classification, t.deadlines,
        case when s.status in ('new','in_progress') then date '2026-11-15' + (g % 90) else null end,
        case when s.status in ('new','in_progress') then date '2026-11-15' + (g % 90) else null end,
        case when s.status in ('new','in_progress') then 'decision' else null end,
        s.status in ('decided','closed') and g % 9 = 0, now(), now(), '[]'::jsonb, '[]'::jsonb, g % 97 = 0
      from generate_series(${start}::int, ${end}::int) g
      cross join lateral (select (array['new','in_progress','in_progress','suspended','decided','closed','closed','closed','closed','withdrawn'])[1 + (g * 7) % 10] as status) s
      cross join (select * from complaints where organisation_id = ${organisationId} limit 1) t`.execute(db);
  }
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

async function bench(label: string, database: Database, big: number, orgs: number, others: number): Promise<string[]> {
  const db = database.db;
  await migrateToLatest(db);
  const t0 = performance.now();
  const a = await makeOrganisationWithRegulation(db, 'stadsring51');
  await registerComplaint(db, { organisationId: a.org.id, actor: null, door: 'public', input });
  await seed(db, a.org.id, a.handler.user.id, big, 'A');
  for (let o = 0; o < orgs; o++) {
    const b = await makeOrganisationWithRegulation(db, 'stadsring51');
    await registerComplaint(db, { organisationId: b.org.id, actor: null, door: 'public', input });
    await seed(db, b.org.id, b.handler.user.id, Math.floor(others / orgs), 'B');
  }
  await sql`analyze`.execute(db);
  const seeded = Math.round((performance.now() - t0) / 1000);
  const total = await sql<{ n: number }>`select count(*)::int as n from complaints`.execute(db);
  if (process.env.BENCH_LISTS_EXPLAIN) {
    // EXPLAIN ANALYZE of the list's own queries (captured as compiled), for the filters named in BENCH_LISTS_EXPLAIN.
    const { actorOf } = await import('../test/support/factories.ts');
    const { listComplaints } = await import('../src/usecases/complaints/list-complaints.ts');
    const actor = await actorOf(db, a.coordinator);
    for (const query of process.env.BENCH_LISTS_EXPLAIN.split(';')) {
      const { db: spy, statements: captured } = capturing(db);
      await listComplaints(spy, actor, Object.fromEntries(new URLSearchParams(query)));
      for (const c of captured.filter((c) => /from "complaints"/.test(c.sql))) {
        // As the list runs it: without a search term, sorting is the last resort (list-complaints.ts).
        const plan = await db.transaction().execute(async (tx) => {
          if (!new URLSearchParams(query).get('q')) await sql`set local enable_sort = off`.execute(tx);
          return tx.executeQuery<{ 'QUERY PLAN': string }>(CompiledQuery.raw(`explain (analyze, costs off) ${c.sql}`, [...c.parameters]));
        });
        console.log(`\n### ${label} ?${query}\n${plan.rows.map((r) => r['QUERY PLAN']).join('\n')}`);
      }
    }
    return [];
  }
  const token = await makeToken(db, a.org.id, a.coordinator.user.id);
  const app = await testApp(database);
  const headers = { authorization: `Bearer ${token}` };
  const pages = new PageClient(app);
  await pages.logIn(a.coordinator.email, a.coordinator.password);

  const first = (await (await app.request('/api/v1/complaints?sort=received', { headers })).json()) as { nextCursor?: string | null };
  const api = (q: string) => () => app.request(`/api/v1/complaints${q}`, { headers });
  const lines: [string, () => Response | Promise<Response>][] = [
    ['API list (default sort: due)', api('')],
    ['API status=open', api('?status=open')],
    ['API status=closed', api('?status=closed')],
    ['API kind=other', api('?kind=other')],
    ['API channel=letter', api('?channel=letter')],
    ['API handler', api(`?handlerUserId=${a.handler.user.id}`)],
    ['API unit', api(`?unitId=${a.unit.id}`)],
    ['API overdue=true', api('?overdue=true')],
    ['API dueWithinDays=14', api('?dueWithinDays=14')],
    ['API decidedLate=true', api('?decidedLate=true')],
    ['API unitUnknown=true', api('?unitUnknown=true')],
    ['API incomplete=true', api('?incomplete=true')],
    ['API received range (one month)', api('?from=2025-03-01&to=2025-03-31')],
    ['API sort=-received', api('?sort=-received')],
    ['API sort=reference', api('?sort=reference')],
    ['API sort=status', api('?sort=status')],
    ['API sort=received, next page', first.nextCursor ? api(`?sort=received&cursor=${encodeURIComponent(first.nextCursor)}`) : api('?sort=received&offset=50')],
    ['API search word (wachttijd)', api('?q=wachttijd')],
    ['API search name (Jansen)', api('?q=Jansen')],
    ['API search rare name (Zwanenburg)', api('?q=Zwanenburg')],
    ['API search reference part (A-0012345)', api('?q=A-0012345')],
    ['Page /klachten', () => pages.request('/klachten')],
    ['Page /klachten?q=wachttijd', () => pages.request('/klachten?q=wachttijd')],
    ['Page /klachten?q=Jansen', () => pages.request('/klachten?q=Jansen')],
  ];
  // Which indexes of `complaints` each line used (pg_stat_user_indexes before and after the line's requests; the
  // server's statistics are flushed at most once a second, hence the pause).
  const indexScans = async () => {
    await sql`select pg_stat_force_next_flush()`.execute(db);
    await new Promise((r) => setTimeout(r, 1100));
    const { rows } = await sql<{ name: string; scans: string }>`select indexrelname as name, idx_scan::text as scans from pg_stat_user_indexes where relname = 'complaints'`.execute(db);
    return new Map(rows.map((r) => [r.name, Number(r.scans)]));
  };
  const out: string[] = [];
  for (const [name, request] of lines) {
    const scansBefore = await indexScans();
    const warm = await request();
    if (warm.status !== 200) throw new Error(`${name}: HTTP ${warm.status} ${(await warm.text()).slice(0, 300)}`);
    await warm.arrayBuffer().catch(() => undefined);
    const times: number[] = [];
    for (let i = 0; i < REQUESTS; i++) {
      const s = performance.now();
      const res = await request();
      await res.arrayBuffer();
      times.push(performance.now() - s);
    }
    times.sort((x, y) => x - y);
    const scansAfter = await indexScans();
    const used = [...scansAfter].filter(([k, v]) => v - (scansBefore.get(k) ?? 0) >= REQUESTS).map(([k]) => k).sort().join(', ');
    out.push(`| ${label} | ${name} | ${percentile(times, 50).toFixed(1)} | ${percentile(times, 95).toFixed(1)} | ${used || '–'} |`);
    console.error(out.at(-1));
  }
  const audit = await sql<{ n: number }>`select count(*)::int as n from audit_log where action = 'complaint.listed'`.execute(db);
  const reads = await sql<{ n: number }>`select count(*)::int as n from complaint_list_reads`.execute(db).catch(() => ({ rows: [{ n: -1 }] }));
  out.push(`| ${label} | (${total.rows[0]!.n} complaints, big org ${big + 1}; seeded in ${seeded} s; audit rows after the run: complaint.listed ${audit.rows[0]!.n}, complaint_list_reads ${reads.rows[0]!.n}) | | | |`);
  return out;
}

const rows: string[] = [];
if (ONLY !== 'pglite') {
  const server = await startPostgresServer();
  const created = await createDatabase(server.url);
  const database = await openDatabase({ kind: 'postgres', url: created.url });
  try {
    rows.push(...(await bench('PostgreSQL', database, Number(process.env.BENCH_LISTS_BIG ?? 50_000), Number(process.env.BENCH_LISTS_ORGS ?? 20), Number(process.env.BENCH_LISTS_OTHERS ?? 150_000))));
  } finally {
    await database.close();
    await created.drop();
    await server.stop();
  }
}
if (ONLY !== 'pg') {
  const database = await openDatabase({ kind: 'pglite' });
  try {
    rows.push(...(await bench('PGlite', database, Number(process.env.BENCH_LISTS_PGLITE ?? 10_000), 0, 0)));
  } finally {
    await database.close();
  }
}
console.log(`\nLoad average at the end: ${(await import('node:os')).loadavg().map((x) => x.toFixed(2)).join(' ')}\n`);
console.log('| Database | Request (as the big organisation\'s coordinator) | p50 ms | p95 ms | indexes of complaints used (≥ 1 scan per request) |');
console.log('|---|---|---:|---:|---|');
for (const r of rows) console.log(r);
