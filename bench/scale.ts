/**
 * `npm run bench:scale`: the back office at scale (issue 13). Not a test: it prints figures (see bench/README.md).
 *
 * 1. PostgreSQL: a server started for the run (or kept between runs, BENCH_KEEP=1), seeded by bench/scale-seed.ts
 *    with BENCH_SCALE_COMPLAINTS (default 1,000,000) complaints in BENCH_SCALE_ORGS (default 1,000) organisations,
 *    one of them with BENCH_SCALE_BIG (default 50,000).
 * 2. The real server (startServer, as `npm start`) on it; the application connects as itself with row-level
 *    security on (ADR 0024). As the big organisation's klachtenfunctionaris (coordinator): an API token for the
 *    API and a session cookie for the pages.
 * 3. Per case (the CASES list below: the API list, every filter the list offers, searches, the list page with and
 *    without a search, the start page; and a few as a small organisation's coordinator, to show isolation):
 *    BENCH_WARMUP (default 10) requests, then BENCH_REQUESTS (default 100) one after the other, then as many again over
 *    BENCH_CONNECTIONS (default 4) connections. Every answer must be 200. The client runs in a child process
 *    (bench/scale-client.ts), so this process's CPU is the server's alone.
 * 4. The same on PGlite (the embedded database) with BENCH_PGLITE_COMPLAINTS (default 10,000) complaints in 10
 *    organisations (the big one with all but 900), in a temporary folder.
 *
 * It prints a Markdown table per database: case, p50/p95/p99 one after the other, p95 with several connections, the
 * CPU time (user + system) of this process per request one after the other (the server's Node side; on PGlite the
 * database's work too: a figure a busy shared machine disturbs far less than the wall time), on PostgreSQL the
 * server's CPU per request (/proc) and, when it has pg_stat_statements loaded, the statements per request and their
 * execution time (pg-boss's polling left out),
 * the rows the answer shows, and how many are over the target of 25 ms (p95).
 * BENCH_SCALE_POSTGRES=0 or BENCH_SCALE_PGLITE=0 skips a database; BENCH_CASES=start,list-api runs only those cases.
 */
import { execFileSync, fork } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { appendFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import pg from 'pg';
import { loadConfig } from '../src/config.ts';
import { openDatabase, type Database } from '../src/db/database.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { startServer } from '../src/server.ts';
import { createLogger } from '../src/shared/logger.ts';
import { startSession } from '../src/usecases/auth/sessions.ts';
import { createDatabase, findPostgresBinDir, freePort, startPostgresServer } from '../test/support/pg-server.ts';
import { makeToken } from '../test/support/factories.ts';
import { postgresCpuMs } from './postgres-cpu.ts';
import type { Phase, PhaseResult } from './scale-client.ts';
import { findSeed, seed, seedExtras, type Exec, type Seeded, type SeedSize } from './scale-seed.ts';

const env = process.env;
const num = (name: string, fallback: number) => Number(env[name] ?? fallback);
const PG_SIZE: SeedSize = { orgs: num('BENCH_SCALE_ORGS', 1000), complaints: num('BENCH_SCALE_COMPLAINTS', 1_000_000), big: num('BENCH_SCALE_BIG', 50_000), handlers: 5, bigHandlers: 40 };
const PGLITE_SIZE: SeedSize = { orgs: 10, complaints: num('BENCH_PGLITE_COMPLAINTS', 10_000), big: num('BENCH_PGLITE_COMPLAINTS', 10_000) - 900, handlers: 5, bigHandlers: 20 };
const WARMUP = num('BENCH_WARMUP', 10);
const REQUESTS = num('BENCH_REQUESTS', 100);
const CONNECTIONS = num('BENCH_CONNECTIONS', 4);
const TARGET_MS = 25;
const ONLY = env['BENCH_CASES']?.split(',').map((s) => s.trim());

interface Case {
  key: string;
  label: string;
  /** Who asks: the big organisation's coordinator (default), its handler, or a small organisation's coordinator. */
  as?: 'big' | 'handler' | 'small';
  /** 'api': JSON with `items`; 'page': HTML. */
  kind: 'api' | 'page';
  path: (s: Seeded) => string;
}

const dayOffset = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

/**
 * The cases. Lane `lists` may change the list's parameters (keyset paging): every case asks for the first page
 * only, so only a renamed filter needs an edit here.
 */
export const CASES: Case[] = [
  { key: 'list-api', label: 'API list (default)', kind: 'api', path: () => '/api/v1/complaints' },
  { key: 'filter-status-open', label: 'API filter status=open', kind: 'api', path: () => '/api/v1/complaints?status=open' },
  { key: 'filter-status-closed', label: 'API filter status=closed', kind: 'api', path: () => '/api/v1/complaints?status=closed' },
  { key: 'filter-status-new', label: 'API filter status=new', kind: 'api', path: () => '/api/v1/complaints?status=new' },
  { key: 'filter-kind-other', label: 'API filter kind=other', kind: 'api', path: () => '/api/v1/complaints?kind=other' },
  { key: 'filter-unit', label: 'API filter unit', kind: 'api', path: (s) => `/api/v1/complaints?unitId=${s.bigUnitId}` },
  { key: 'filter-handler', label: 'API filter handler', kind: 'api', path: (s) => `/api/v1/complaints?handlerUserId=${s.bigHandlerId}` },
  { key: 'filter-overdue', label: 'API filter overdue', kind: 'api', path: () => '/api/v1/complaints?status=open&overdue=true' },
  { key: 'filter-due-soon', label: 'API filter due within 7 days', kind: 'api', path: () => '/api/v1/complaints?status=open&overdue=false&dueWithinDays=7' },
  { key: 'filter-decided-late', label: 'API filter decidedLate', kind: 'api', path: () => '/api/v1/complaints?decidedLate=true' },
  { key: 'filter-incomplete', label: 'API filter incomplete', kind: 'api', path: () => '/api/v1/complaints?incomplete=true' },
  { key: 'filter-unit-unknown', label: 'API filter unitUnknown', kind: 'api', path: () => '/api/v1/complaints?unitUnknown=true' },
  { key: 'filter-channel', label: 'API filter channel=phone', kind: 'api', path: () => '/api/v1/complaints?channel=phone' },
  { key: 'filter-received', label: 'API filter received last 30 days', kind: 'api', path: () => `/api/v1/complaints?from=${dayOffset(-30)}&to=${dayOffset(0)}` },
  { key: 'filter-category', label: 'API filter category', kind: 'api', path: () => '/api/v1/complaints?category=bejegening' },
  { key: 'sort-received', label: 'API sort -received', kind: 'api', path: () => '/api/v1/complaints?sort=-received' },
  { key: 'search-common', label: 'API search common word (afspraak)', kind: 'api', path: () => '/api/v1/complaints?q=afspraak' },
  { key: 'search-rare', label: 'API search rare word (curator)', kind: 'api', path: () => '/api/v1/complaints?q=curator' },
  { key: 'search-name', label: 'API search a name (Jansen)', kind: 'api', path: () => '/api/v1/complaints?q=Jansen' },
  { key: 'search-full-name', label: 'API search full name (Fatima El Amrani)', kind: 'api', path: () => `/api/v1/complaints?q=${encodeURIComponent('Fatima El Amrani')}` },
  { key: 'search-reference', label: 'API search reference part', kind: 'api', path: () => '/api/v1/complaints?q=B0001234' },
  { key: 'handler-mine', label: 'API as handler: mijn klachten', as: 'handler', kind: 'api', path: (s) => `/api/v1/complaints?status=open&handlerUserId=${s.bigHandlerId}` },
  { key: 'list-page', label: 'List page /klachten', kind: 'page', path: () => '/klachten' },
  { key: 'list-page-filter', label: 'List page status=open, overdue', kind: 'page', path: () => '/klachten?status=open&overdue=ja' },
  { key: 'list-page-search', label: 'List page + search (afspraak)', kind: 'page', path: () => '/klachten?q=afspraak' },
  { key: 'list-page-name', label: 'List page + name (Jansen)', kind: 'page', path: () => '/klachten?q=Jansen' },
  { key: 'start', label: 'Start page (coordinator)', kind: 'page', path: () => '/start' },
  { key: 'start-handler', label: 'Start page (handler)', as: 'handler', kind: 'page', path: () => '/start' },
  { key: 'small-list-api', label: 'Small org: API list', as: 'small', kind: 'api', path: () => '/api/v1/complaints' },
  { key: 'small-search', label: 'Small org: API search (afspraak)', as: 'small', kind: 'api', path: () => '/api/v1/complaints?q=afspraak' },
  { key: 'small-start', label: 'Small org: start page', as: 'small', kind: 'page', path: () => '/start' },
];

interface Measured {
  label: string;
  seq: number[];
  par: number[];
  rows: string;
  /** CPU time (user + system) of the server's process per sequential request (the client runs in a child process). */
  cpuMs: number;
  /** PostgreSQL server only: its CPU per sequential request (postmaster and children, /proc; 10 ms ticks). */
  pgCpuMs: number | null;
  /** With pg_stat_statements loaded: statements executed per sequential request, and their execution time. */
  statements: number | null;
  dbMs: number | null;
}

/** What the database side can tell about a phase; each read is taken before and after it. */
interface DatabaseMeter {
  /** CPU ms of the PostgreSQL server so far (null: not known, e.g. PGlite in this process). */
  cpuMs(): number | null;
  /** pg_stat_statements' calls and execution ms in the bench's database so far (null: not loaded). */
  statements(): Promise<{ calls: number; ms: number } | null>;
}

const NO_METER: DatabaseMeter = { cpuMs: () => null, statements: async () => null };

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)] ?? NaN;
};

/** The client in a child process (bench/scale-client.ts): one phase at a time. */
function startClient() {
  const child = fork(fileURLToPath(new URL('./scale-client.ts', import.meta.url)), [], { execArgv: process.execArgv, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const phase = (p: Phase) =>
    new Promise<{ ms: number[]; rows: string }>((resolve, reject) => {
      child.once('message', (r: PhaseResult) => (r.ok ? resolve(r) : reject(new Error(r.error))));
      child.send(p);
    });
  return { phase, stop: () => void child.kill() };
}

async function measure(client: ReturnType<typeof startClient>, meter: DatabaseMeter, url: string, headers: Record<Required<Case>['as'], Record<string, string>>, s: Seeded, c: Case): Promise<Measured> {
  const h = { ...headers[c.as ?? 'big'], ...(c.kind === 'api' ? { accept: 'application/json' } : {}) };
  const p = { url: `${url}${c.path(s)}`, headers: h, kind: c.kind, label: c.label };
  await client.phase({ ...p, requests: WARMUP, connections: 1 });
  const st0 = await meter.statements();
  const pg0 = meter.cpuMs();
  const cpu = process.cpuUsage();
  const { ms: seq, rows } = await client.phase({ ...p, requests: REQUESTS, connections: 1 });
  const used = process.cpuUsage(cpu);
  const pg1 = meter.cpuMs();
  const st1 = await meter.statements();
  const { ms: par } = await client.phase({ ...p, requests: REQUESTS, connections: CONNECTIONS });
  return {
    label: c.label,
    seq,
    par,
    rows,
    cpuMs: (used.user + used.system) / 1000 / REQUESTS,
    pgCpuMs: pg0 !== null && pg1 !== null ? (pg1 - pg0) / REQUESTS : null,
    statements: st0 && st1 ? (st1.calls - st0.calls) / REQUESTS : null,
    dbMs: st0 && st1 ? (st1.ms - st0.ms) / REQUESTS : null,
  };
}

function table(title: string, results: Measured[]): string {
  const f = (x: number) => x.toFixed(1);
  const lines = [
    `### ${title}`,
    '',
    `| case | p50 ms | p95 ms | p99 ms | p95 ms at ${CONNECTIONS} conn. | server CPU ms/req. | PostgreSQL CPU ms/req. | statements/req. | statement ms/req. | rows shown | p95 < ${TARGET_MS} ms |`,
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|---|---|',
  ];
  const o = (x: number | null, digits = 1) => (x === null ? '–' : x.toFixed(digits));
  for (const r of results) {
    const p95 = pct(r.seq, 95);
    lines.push(`| ${r.label} | ${f(pct(r.seq, 50))} | ${f(p95)} | ${f(pct(r.seq, 99))} | ${f(pct(r.par, 95))} | ${f(r.cpuMs)} | ${o(r.pgCpuMs)} | ${o(r.statements)} | ${o(r.dbMs, 2)} | ${r.rows} | ${p95 < TARGET_MS ? 'yes' : '**no**'} |`);
  }
  return lines.join('\n');
}

/** Logs in the three actors the cases use (before the server starts: straight into the database as its owner). */
async function credentials(db: Database['db'], s: Seeded) {
  const user = (id: string) => db.selectFrom('users').select(['id', 'organisation_id', 'name', 'email']).where('id', '=', id).executeTakeFirstOrThrow();
  const session = async (id: string) => `kw_session=${(await startSession(db, { user: await user(id), via: 'password' })).sessionToken}`;
  const bearer = async (id: string) => `Bearer ${await makeToken(db, (await user(id)).organisation_id, id)}`;
  const both = async (id: string) => ({ cookie: await session(id), authorization: await bearer(id) });
  return { big: await both(s.bigCoordinatorId), handler: await both(s.bigHandlerId), small: await both(s.smallCoordinatorId) };
}

async function run(label: string, dbEnv: Record<string, string>, prepare: (db: Database) => Promise<{ seeded: Seeded; size: SeedSize }>, dataDir: string, meter: DatabaseMeter = NO_METER): Promise<string> {
  const log = (line: string) => console.error(`[${label}] ${line}`);
  const target = dbEnv['DATABASE_URL'] ? ({ kind: 'postgres', url: dbEnv['DATABASE_URL'] } as const) : ({ kind: 'pglite', dataDir } as const);
  // Seed and log in as the owner, before the server starts (PGlite has one user at a time).
  const owner = await openDatabase(target);
  let seeded: Seeded;
  let size: SeedSize;
  let headers: Awaited<ReturnType<typeof credentials>>;
  try {
    await migrateToLatest(owner.db);
    ({ seeded, size } = await prepare(owner));
    headers = await credentials(owner.db, seeded);
  } finally {
    await owner.close();
  }
  log(seeded.reused ? 'reusing the kept, seeded database' : `seeded in ${(seeded.seedMs / 1000).toFixed(1)} s`);
  const config = loadConfig({ PORT: String(await freePort()), HOST: '127.0.0.1', KLACHTWIJS_DATA_DIR: dataDir, KLACHTWIJS_DEMO: 'false', LOG_LEVEL: 'silent', ...dbEnv });
  const server = await startServer(config, createLogger('silent'));
  const url = `http://127.0.0.1:${server.port}`;
  const results: Measured[] = [];
  const client = startClient();
  try {
    for (const c of CASES) {
      if (ONLY && !ONLY.includes(c.key)) continue;
      const m = await measure(client, meter, url, headers, seeded, c);
      const db = m.statements === null ? '' : `, ${m.statements.toFixed(1)} statements/req.`;
      log(`${c.label}: p95 ${pct(m.seq, 95).toFixed(1)} ms, server CPU ${m.cpuMs.toFixed(2)} ms/req.${db} (${m.rows})`);
      results.push(m);
    }
  } finally {
    client.stop();
    await server.close();
  }
  const seedNote = seeded.reused ? 'kept database reused' : `seeded in ${(seeded.seedMs / 1000).toFixed(1)} s`;
  return table(`${label}: ${size.complaints.toLocaleString('en')} complaints in ${size.orgs.toLocaleString('en')} organisations, the big one ${size.big.toLocaleString('en')} (${seedNote})`, results);
}

/** Seeds unless the database holds this seed already. */
function prepareWith(size: SeedSize, exec: (db: Database) => Exec, log: (line: string) => void) {
  return async (database: Database) => {
    const e = exec(database);
    let seeded = await findSeed(e, size);
    if (!seeded) {
      log(`seeding ${size.complaints.toLocaleString('en')} complaints…`);
      seeded = await seed(database.db, e, size, log);
    }
    await seedExtras(e, log);
    return { seeded, size };
  };
}

/** A PostgreSQL server whose data folder stays (BENCH_KEEP=1): initdb once, start, stop at the end. */
async function keptPostgres(dir: string): Promise<{ url: string; stop: () => Promise<void> }> {
  const bin = findPostgresBinDir();
  const asPostgres = process.getuid?.() === 0;
  const run = (file: string, args: string[]) => execFileSync(asPostgres ? 'runuser' : file, asPostgres ? ['-u', 'postgres', '--', file, ...args] : args, { stdio: 'pipe', env: { ...env, LC_ALL: 'C' } });
  const data = path.join(dir, 'data');
  // Already running (started by hand, or by another run on a shared machine): use it and leave it running.
  const pidFile = path.join(data, 'postmaster.pid');
  const running = existsSync(pidFile) ? Number(readFileSync(pidFile, 'utf8').split('\n')[3]) : 0;
  if (running) {
    console.error(`[PostgreSQL] using the kept server already running on port ${running} (left running)`);
    return { url: `postgres://postgres@127.0.0.1:${running}/klachtwijs_bench`, stop: async () => undefined };
  }
  const port = await freePort();
  if (!existsSync(data)) {
    mkdirSync(dir, { recursive: true });
    if (asPostgres) execFileSync('chown', ['postgres:postgres', dir]);
    run(path.join(bin, 'initdb'), ['-D', data, '-U', 'postgres', '--auth=trust', '--encoding=UTF8', '--locale=C.UTF-8', '--no-sync', '--no-instructions']);
    await appendFile(path.join(data, 'postgresql.conf'), "\nlisten_addresses = '127.0.0.1'\nfsync = off\nfull_page_writes = off\nsynchronous_commit = off\nmax_connections = 100\nshared_buffers = 256MB\nunix_socket_directories = ''\n");
  }
  run(path.join(bin, 'pg_ctl'), ['-D', data, '-l', path.join(dir, 'server.log'), '-o', `-p ${port}`, '-w', '-t', '60', 'start']);
  const admin = `postgres://postgres@127.0.0.1:${port}/postgres`;
  const client = new pg.Client(admin);
  await client.connect();
  const has = await client.query(`select 1 from pg_database where datname = 'klachtwijs_bench'`);
  if (!has.rowCount) await client.query('create database klachtwijs_bench');
  await client.end();
  return { url: `postgres://postgres@127.0.0.1:${port}/klachtwijs_bench`, stop: async () => void run(path.join(bin, 'pg_ctl'), ['-D', data, '-m', 'fast', '-w', 'stop']) };
}

/**
 * The PostgreSQL server's CPU (its data folder's postmaster.pid, /proc) and, when the server has pg_stat_statements
 * loaded (`shared_preload_libraries`), the statements executed in the bench's database and their time. The bench
 * creates the extension in its database when the library is loaded; it never restarts a server to load it.
 */
async function postgresMeter(admin: pg.Client, log: (line: string) => void): Promise<DatabaseMeter> {
  const dataDir = (await admin.query<{ data_directory: string }>('show data_directory')).rows[0]!.data_directory;
  let postmaster = 0;
  try {
    postmaster = Number(readFileSync(path.join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
    postgresCpuMs(postmaster);
  } catch {
    postmaster = 0; // another machine's or user's server: no CPU figure
  }
  const loaded = (await admin.query<{ on: boolean }>(`select 'pg_stat_statements' = any(string_to_array(current_setting('shared_preload_libraries'), ', ')) as on`)).rows[0]?.on;
  if (loaded) await admin.query('create extension if not exists pg_stat_statements');
  else log('pg_stat_statements is not loaded: no statement counts (start the server with -c shared_preload_libraries=pg_stat_statements)');
  // The bench's own reads are left out by their marker, and pg-boss's polling (the job queue in the server's process).
  const read = async () => {
    const r = await admin.query<{ calls: string; ms: number }>(
      `/* bench:scale */ select coalesce(sum(calls), 0) as calls, coalesce(sum(total_exec_time), 0)::float8 as ms from pg_stat_statements where dbid = (select oid from pg_database where datname = current_database()) and query not like '/* bench:scale */%' and query not like '%pgboss.%'`,
    );
    return { calls: Number(r.rows[0]!.calls), ms: r.rows[0]!.ms };
  };
  return { cpuMs: () => (postmaster ? postgresCpuMs(postmaster) : null), statements: loaded ? read : async () => null };
}

async function postgres(): Promise<string> {
  const keep = env['BENCH_KEEP'] === '1';
  let url: string;
  let cleanup: () => Promise<void>;
  if (keep) {
    const dir = env['BENCH_SCALE_DIR'] ?? path.join(tmpdir(), 'klachtwijs-bench-scale');
    const server = await keptPostgres(dir);
    console.error(`[PostgreSQL] kept server in ${dir}`);
    url = server.url;
    cleanup = server.stop;
  } else {
    const server = await startPostgresServer();
    const database = await createDatabase(server.url);
    url = database.url;
    cleanup = async () => {
      await database.drop();
      await server.stop();
    };
  }
  const log = (line: string) => console.error(`[PostgreSQL] ${line}`);
  // Seeding runs as the superuser on its own connection (no row-level security, no application role).
  const client = new pg.Client(url);
  await client.connect();
  const exec: Exec = async (text) => (await client.query(text)).rows as Record<string, unknown>[];
  const dir = mkdtempSync(path.join(tmpdir(), 'kw-bench-scale-'));
  try {
    return await run('PostgreSQL', { DATABASE_URL: url }, prepareWith(PG_SIZE, () => exec, log), dir, await postgresMeter(client, log));
  } finally {
    await client.end();
    rmSync(dir, { recursive: true, force: true });
    await cleanup();
  }
}

async function pglite(): Promise<string> {
  const dir = mkdtempSync(path.join(tmpdir(), 'kw-bench-scale-pglite-'));
  const log = (line: string) => console.error(`[PGlite] ${line}`);
  const exec = (database: Database): Exec => async (text) => (await sql.raw(text).execute(database.db)).rows as Record<string, unknown>[];
  try {
    return await run('PGlite', {}, prepareWith(PGLITE_SIZE, exec, log), dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const load = (await import('node:fs')).readFileSync('/proc/loadavg', 'utf8').trim().split(' ').slice(0, 3).join(' ');
  console.log(`Klachtwijs scale benchmark, Node ${process.version}, ${new Date().toISOString()}, load average before: ${load}`);
  console.log(`${REQUESTS} requests per case one after the other and ${REQUESTS} over ${CONNECTIONS} connections, after ${WARMUP} to warm up. Target: p95 < ${TARGET_MS} ms.\n`);
  const out: string[] = [];
  if (env['BENCH_SCALE_POSTGRES'] !== '0') out.push(await postgres());
  if (env['BENCH_SCALE_PGLITE'] !== '0') out.push(await pglite());
  console.log(out.join('\n\n'));
}

await main();
