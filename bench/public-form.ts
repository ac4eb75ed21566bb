/**
 * `npm run bench`: submit throughput and latency of the public complaint doors, on the embedded database
 * (PGlite in a temporary folder) and on a PostgreSQL server started for the run. Not a test: it prints
 * figures (see bench/README.md).
 *
 * Per database: the real server (startServer) with the public rate limit lifted, an organisation running
 * the stadsring51 preset, a short warm-up, then autocannon (in a child process, bench/cannon.ts, so it does not share
 * the server's event loop) for BENCH_SECONDS (default 10) with
 * BENCH_CONNECTIONS (default 10) connections POSTing valid complaints, each with its own idempotency key:
 *   1. JSON:  POST /api/v1/public/{slug}/complaints   (201 expected)
 *   2. HTML:  POST /{slug}/klacht  (the public form, urlencoded with its CSRF token; 303 expected),
 *             skipped with a note when the form is not mounted.
 * The measured run sends a fixed number of requests (the warm-up's rate × BENCH_SECONDS, so it lasts about
 * that long) and waits for every answer, so afterwards the complaints stored must equal the 2xx (303)
 * answers exactly.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Result } from 'autocannon';
import { sql } from 'kysely';
import { loadConfig } from '../src/config.ts';
import type { Database } from '../src/db/database.ts';
import { asOwner } from '../src/db/tenant.ts';
import { startServer } from '../src/server.ts';
import { createLogger } from '../src/shared/logger.ts';
import { createOrganisation } from '../src/usecases/organisations/create-organisation.ts';
import { activateRegulation } from '../src/usecases/regulations/regulations.ts';
import { createUnit } from '../src/usecases/units/units.ts';
import { createUser } from '../src/usecases/users/users.ts';
import { createDatabase, freePort, startPostgresServer } from '../test/support/pg-server.ts';
import { cannonInChild, N, type RequestTemplate } from './cannon.ts';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);
const PRESET = 'stadsring51';

export interface Row {
  database: string;
  door: string;
  /** The status of a stored submission. */
  ok: string;
  result: Result;
  stored: number;
}

export const answered = (r: Row) => r.result.statusCodeStats[r.ok]?.count ?? 0;

/** One submission as the intake benches send it (bench/intake.ts, bench/intake-cpu.ts, bench/intake-profile.ts). */
export const complaint = (n: number | string) => ({
  channel: 'web_form',
  subject: `Benchmark ${n}`,
  description: `Klacht nummer ${n}: de medewerker kwam niet opdagen bij de afspraak en belde ook niet af.`,
  complainant: { name: 'Bea Benchmark', email: `bea${n}@example.nl`, postalAddress: 'Proefstraat 1, 1234 AB Ergens', relation: 'client' },
  respondentName: 'J. de Vries',
  signed: true,
});

/**
 * The bench's organisation. With `coordinator`, it has a klachtenfunctionaris (invited, the default notification
 * preferences) who is told of every new complaint at once, as in a real organisation: each submission then also makes a
 * mail job after its statement. Without, nobody must be told (the fewest writes a submission can have).
 */
export async function makeOrganisation(db: Database['db'], options: { coordinator?: boolean } = {}) {
  const slug = `bench-${Date.now().toString(36)}`;
  const org = await db.transaction().execute((tx) => createOrganisation(tx, { slug, name: 'Benchmark Zorg' }));
  const unit = await db.transaction().execute((tx) => createUnit(tx, org.id, { name: 'Wijkteam' }, null));
  await db.transaction().execute((tx) => activateRegulation(tx, { organisationId: org.id, unitId: null, source: { preset: PRESET }, fills: {}, actorUserId: null }));
  if (options.coordinator) {
    await db.transaction().execute((tx) => createUser(tx, org.id, { email: 'klachtenfunctionaris@bench.example', name: 'Cora Coördinator', role: 'coordinator', invite: true }, null));
  }
  return { ...org, unitId: unit.id };
}

async function countComplaints(db: Database['db'], organisationId: string): Promise<number> {
  const row = await db.selectFrom('complaints').select((eb) => eb.fn.countAll<number>().as('n')).where('organisation_id', '=', organisationId).executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Warm up for 2 s, then send as many requests as the warm-up rate gives in SECONDS; count what was stored. */
async function measure(url: string, db: Database['db'], organisationId: string, request: (tag: string) => RequestTemplate): Promise<{ result: Result; stored: number }> {
  const warm = await cannonInChild(url, CONNECTIONS, { seconds: 2 }, request('warm')); // JIT, caches, the database's first pages
  // Requests cut off at the warm-up's stop still finish on the server: wait until the count stands still.
  let before = await countComplaints(db, organisationId);
  for (;;) {
    await new Promise((r) => setTimeout(r, 500));
    const now = await countComplaints(db, organisationId);
    if (now === before) break;
    before = now;
  }
  await analyseAsLive(db);
  const amount = Math.max(200, Math.round(warm.requests.average * SECONDS));
  const result = await cannonInChild(url, CONNECTIONS, { amount }, request('run'));
  return { result, stored: (await countComplaints(db, organisationId)) - before };
}

/**
 * ANALYZE, as autovacuum has long done in a live database. Without it the bench measured an artefact of its fresh
 * database: each connection plans the foreign-key checks on `complaints` (of the history event, statistical record
 * and complainant's link) when the table is nearly empty, as a sequential scan, and keeps that plan while the table
 * grows: three scans of the whole table per submission (issue 13, session 11; bench/README.md).
 */
export async function analyseAsLive(db: Database['db']): Promise<void> {
  await asOwner(() => sql`analyze`.execute(db));
}

export interface BenchOptions {
  /** Runs before the doors are measured (bench/intake.ts counts round trips). */
  probe?: (url: string, db: Database['db'], slug: string, unitId: string) => Promise<void>;
  /** A coordinator who is told at once (`makeOrganisation`). */
  coordinator?: boolean;
  /** Measure the JSON door only. */
  jsonOnly?: boolean;
}

export async function benchServer(label: string, env: Record<string, string>, options: BenchOptions = {}): Promise<Row[]> {
  const { probe } = options;
  const dir = mkdtempSync(path.join(tmpdir(), 'kw-bench-'));
  const config = loadConfig({
    PORT: String(await freePort()),
    HOST: '127.0.0.1',
    KLACHTWIJS_DATA_DIR: dir,
    KLACHTWIJS_DEMO: 'false',
    KLACHTWIJS_PUBLIC_RATE_LIMIT: '0',
    LOG_LEVEL: 'silent',
    ...env,
  });
  const server = await startServer(config, createLogger('silent'));
  const url = `http://127.0.0.1:${server.port}`;
  const rows: Row[] = [];
  try {
    const db = server.database.db;
    const org = await makeOrganisation(db, { coordinator: options.coordinator ?? false });
    const run = Date.now().toString(36);
    if (probe) await probe(url, db, org.slug, org.unitId);

    // 1. The JSON twin.
    const jsonRequest = (tag: string): RequestTemplate => ({
      path: `/api/v1/public/${org.slug}/complaints`,
      headers: { 'content-type': 'application/json', 'idempotency-key': `bench-${run}-json-${tag}-${N}` },
      body: JSON.stringify(complaint(N)),
    });
    const json = await measure(url, db, org.id, jsonRequest);
    rows.push({ database: label, door: 'JSON API', ok: '201', result: json.result, stored: json.stored });
    if (options.jsonOnly) return rows;

    // 2. The HTML form, when it is mounted and its rate limit is lifted too. The organisation has two units (the
    //    default one and Wijkteam): the form is asked for Wijkteam's, as after answering the unit question.
    const form = await fetch(`${url}/${org.slug}/klacht?eenheid=${org.unitId}`);
    const html = await form.text();
    const csrf = /name="_csrf" value="([^"]*)"/.exec(html)?.[1];
    const cookie = form.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
    const formRequest = (tag: string, n: number | string = N): RequestTemplate => {
      const c = complaint(n);
      return {
        path: `/${org.slug}/klacht`,
        headers: { 'content-type': 'application/x-www-form-urlencoded', cookie },
        body: new URLSearchParams({
          _csrf: csrf ?? '',
          unitId: org.unitId,
          idempotencyKey: `bench-${run}-form-${tag}-${n}`,
          subject: c.subject,
          description: c.description,
          'complainant.name': c.complainant.name,
          'complainant.email': c.complainant.email,
          'complainant.postalAddress': c.complainant.postalAddress,
          'complainant.relation': c.complainant.relation,
          forWhom: 'self',
          respondentName: c.respondentName,
          signed: 'ja',
        }).toString(),
      };
    };
    if (form.status !== 200 || !csrf) {
      console.log(`[${label}] public HTML form /${org.slug}/klacht not available (HTTP ${form.status}): skipped.`);
    } else {
      // Probe the limit: 25 quick posts (more than the form's default limit per minute).
      const statuses = new Set<number>();
      for (let i = 0; i < 25; i++) {
        const r = formRequest('probe', i);
        statuses.add((await fetch(`${url}${r.path}`, { method: 'POST', headers: r.headers, body: r.body, redirect: 'manual' })).status);
      }
      if (statuses.has(429)) {
        console.log(`[${label}] public HTML form: its rate limit is not lifted by KLACHTWIJS_PUBLIC_RATE_LIMIT=0 (answers 429): skipped.`);
      } else {
        const measured = await measure(url, db, org.id, formRequest);
        rows.push({ database: label, door: 'HTML form', ok: '303', result: measured.result, stored: measured.stored });
      }
    }
  } finally {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  }
  return rows;
}

export function print(rows: Row[]): void {
  const lines = [
    '| database | door | requests | requests/s | p50 ms | p99 ms | max ms | stored OK | other statuses | errors | complaints stored |',
    '|---|---|---:|---:|---:|---:|---:|---:|---|---:|---:|',
  ];
  for (const r of rows) {
    const others = Object.entries(r.result.statusCodeStats)
      .filter(([code]) => code !== r.ok)
      .map(([code, s]) => `${code}: ${s.count}`)
      .join(', ');
    const rate = r.result.requests.total / (r.result.duration || 1);
    lines.push(
      `| ${r.database} | ${r.door} | ${r.result.requests.total} | ${rate.toFixed(0)} | ${r.result.latency.p50} | ${r.result.latency.p99} | ${r.result.latency.max} | ${answered(r)} (${r.ok}) | ${others || '—'} | ${r.result.errors + r.result.timeouts} | ${r.stored} |`,
    );
  }
  console.log(lines.join('\n'));
}

async function main(): Promise<void> {
  console.log(`Klachtwijs public submit benchmark: ${CONNECTIONS} connections, ${SECONDS} s per door, preset ${PRESET}, Node ${process.version}`);
  const rows: Row[] = [];
  rows.push(...(await benchServer('PGlite (embedded)', {})));
  const pg = await startPostgresServer();
  try {
    const database = await createDatabase(pg.url);
    try {
      rows.push(...(await benchServer('PostgreSQL server', { DATABASE_URL: database.url })));
    } finally {
      await database.drop();
    }
  } finally {
    await pg.stop();
  }
  print(rows);
  const bad = rows.filter((r) => r.stored !== answered(r));
  if (bad.length) {
    console.error(`MISMATCH: complaints stored differ from the ${bad.map((r) => r.ok).join('/')} answers (${bad.map((r) => `${r.database} ${r.door}`).join('; ')}).`);
    process.exitCode = 1;
  } else {
    console.log('Complaints stored = successful answers, for every run.');
  }
}

// Run when started as `npm run bench`; bench/intake.ts imports the pieces.
if (import.meta.main) await main();
