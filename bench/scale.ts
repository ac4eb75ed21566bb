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
 *    BENCH_WARMUP (default 3) requests, then BENCH_REQUESTS (default 40) one after the other, then as many again over
 *    BENCH_CONNECTIONS (default 4) connections. Every answer must be 200.
 * 4. The same on PGlite (the embedded database) with BENCH_PGLITE_COMPLAINTS (default 10,000) complaints in 10
 *    organisations (the big one with all but 900), in a temporary folder.
 *
 * It prints a Markdown table per database: case, p50/p95/p99 one after the other, p95 with several connections, the
 * CPU time (user + system) of this process per request one after the other (the server's Node side; on PGlite the
 * database's work too: a figure a busy shared machine disturbs far less than the wall time),
 * the rows the answer shows, and how many are over the target of 25 ms (p95).
 * BENCH_SCALE_POSTGRES=0 or BENCH_SCALE_PGLITE=0 skips a database; BENCH_CASES=start,list-api runs only those cases.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { appendFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
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
import { findSeed, seed, seedExtras, type Exec, type Seeded, type SeedSize } from './scale-seed.ts';

const env = process.env;
const num = (name: string, fallback: number) => Number(env[name] ?? fallback);
const PG_SIZE: SeedSize = { orgs: num('BENCH_SCALE_ORGS', 1000), complaints: num('BENCH_SCALE_COMPLAINTS', 1_000_000), big: num('BENCH_SCALE_BIG', 50_000), handlers: 5, bigHandlers: 40 };
const PGLITE_SIZE: SeedSize = { orgs: 10, complaints: num('BENCH_PGLITE_COMPLAINTS', 10_000), big: num('BENCH_PGLITE_COMPLAINTS', 10_000) - 900, handlers: 5, bigHandlers: 20 };
const WARMUP = num('BENCH_WARMUP', 3);
const REQUESTS = num('BENCH_REQUESTS', 40);
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
  /** CPU time (user + system) of this process per sequential request: the server's Node side, and PGlite's work too. */
  cpuMs: number;
}

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)] ?? NaN;
};

/** What an answer shows: the API's `items` (and `total` when given), or the complaint links in a page's tables. */
function rowsOf(kind: Case['kind'], body: string): string {
  if (kind === 'api') {
    const json = JSON.parse(body) as { items?: unknown[]; total?: unknown };
    return `${json.items?.length ?? '?'}${json.total !== undefined ? ` of ${String(json.total)}` : ''}`;
  }
  return `${(body.match(/<tr[ >]/g) ?? []).length} tr`;
}

async function measure(url: string, headers: Record<Required<Case>['as'], Record<string, string>>, s: Seeded, c: Case): Promise<Measured> {
  const h = { ...headers[c.as ?? 'big'], ...(c.kind === 'api' ? { accept: 'application/json' } : {}) };
  const target = `${url}${c.path(s)}`;
  let rows = '';
  const once = async () => {
    const t = performance.now();
    const res = await fetch(target, { headers: h, redirect: 'manual' });
    const body = await res.text();
    const ms = performance.now() - t;
    if (res.status !== 200) throw new Error(`${c.label}: GET ${c.path(s)} answered ${res.status}: ${body.slice(0, 300)}`);
    rows = rowsOf(c.kind, body);
    return ms;
  };
  for (let i = 0; i < WARMUP; i++) await once();
  const seq: number[] = [];
  const cpu = process.cpuUsage();
  for (let i = 0; i < REQUESTS; i++) seq.push(await once());
  const used = process.cpuUsage(cpu);
  const cpuMs = (used.user + used.system) / 1000 / REQUESTS;
  const par: number[] = [];
  let left = REQUESTS;
  await Promise.all(
    Array.from({ length: CONNECTIONS }, async () => {
      while (left-- > 0) par.push(await once());
    }),
  );
  return { label: c.label, seq, par, rows, cpuMs };
}

function table(title: string, results: Measured[]): string {
  const f = (x: number) => x.toFixed(1);
  const lines = [
    `### ${title}`,
    '',
    `| case | p50 ms | p95 ms | p99 ms | p95 ms at ${CONNECTIONS} conn. | CPU ms/req. | rows shown | p95 < ${TARGET_MS} ms |`,
    '|---|---:|---:|---:|---:|---:|---|---|',
  ];
  for (const r of results) {
    const p95 = pct(r.seq, 95);
    lines.push(`| ${r.label} | ${f(pct(r.seq, 50))} | ${f(p95)} | ${f(pct(r.seq, 99))} | ${f(pct(r.par, 95))} | ${f(r.cpuMs)} | ${r.rows} | ${p95 < TARGET_MS ? 'yes' : '**no**'} |`);
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

async function run(label: string, dbEnv: Record<string, string>, prepare: (db: Database) => Promise<{ seeded: Seeded; size: SeedSize }>, dataDir: string): Promise<string> {
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
  try {
    for (const c of CASES) {
      if (ONLY && !ONLY.includes(c.key)) continue;
      const m = await measure(url, headers, seeded, c);
      log(`${c.label}: p95 ${pct(m.seq, 95).toFixed(1)} ms, CPU ${m.cpuMs.toFixed(1)} ms/req. (${m.rows})`);
      results.push(m);
    }
  } finally {
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
    return await run('PostgreSQL', { DATABASE_URL: url }, prepareWith(PG_SIZE, () => exec, log), dir);
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
