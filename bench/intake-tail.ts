/**
 * `node --import tsx bench/intake-tail.ts`: where the public intake's tail latency on PGlite comes from (issue 13,
 * session 4, lane intake). Not a test: it prints figures (bench/README.md).
 *
 * The real server (`startServer`, PGlite in a temporary folder, the public rate limit lifted) in THIS process, an
 * organisation as `npm run bench` makes it (`BENCH_COORDINATOR=1`: with a klachtenfunctionaris told at once, so every
 * submission also makes a mail job that this process's worker runs), autocannon in a child process at
 * `BENCH_CONNECTIONS` (10) sending JSON submissions for about `BENCH_SECONDS` (8) after a 2 s warm-up. It prints the
 * latency, node's CPU per submission, the event loop's delay (`monitorEventLoopDelay`), the garbage collector's pauses
 * (PerformanceObserver 'gc'), how many mail jobs were still waiting when the last answer came and how long they took
 * to be done. `BENCH_INSTRUMENT=1` also times every call into PGlite's WebAssembly by protocol message, every query by
 * who sent it (pg-boss or the application) and the data folder's synchronous file calls (fs.*Sync on the event loop):
 * count per submission, ms per submission, mean, max and how many took over 5 ms. The timing itself costs CPU:
 * compare the latency of runs without it.
 */
import fs, { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Session } from 'node:inspector/promises';
import { monitorEventLoopDelay, PerformanceObserver, type PerformanceEntry } from 'node:perf_hooks';
import { PGlite } from '@electric-sql/pglite';
import { sql } from 'kysely';
import pg from 'pg';
import { loadConfig } from '../src/config.ts';
import { startServer } from '../src/server.ts';
import { createLogger } from '../src/shared/logger.ts';
import { createDatabase, freePort, startPostgresServer } from '../test/support/pg-server.ts';
import { cannonInChild, N } from './cannon.ts';
import { postgresCpuMs } from './postgres-cpu.ts';
import { makeOrganisation } from './public-form.ts';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 8);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);
const COORDINATOR = process.env.BENCH_COORDINATOR === '1';
const INSTRUMENT = process.env.BENCH_INSTRUMENT === '1';
/** `BENCH_DB=postgres`: a PostgreSQL server started for the run instead of PGlite (statements counted per pool). */
const POSTGRES = process.env.BENCH_DB === 'postgres';
/**
 * `BENCH_HEAP=1`: the inspector's sampling heap profiler over the measured part, collected objects included, summed by
 * the allocating function's package or file: KB allocated per submission by who allocates it.
 */
const HEAP = process.env.BENCH_HEAP === '1';

interface Stat {
  n: number;
  ms: number;
  max: number;
  over5: number;
}
const stats = new Map<string, Stat>();
let measuring = false;
function add(key: string, ms: number): void {
  let s = stats.get(key);
  if (!s) stats.set(key, (s = { n: 0, ms: 0, max: 0, over5: 0 }));
  s.n++;
  s.ms += ms;
  s.max = Math.max(s.max, ms);
  if (ms > 5) s.over5++;
}

type Fn = (...args: unknown[]) => unknown;
/** Replaces `obj[name]` by a version that adds its duration to `key(args)` while measuring. */
function timed(obj: object, name: string, key: (args: unknown[]) => string[]): void {
  const target = obj as Record<string, Fn>;
  const original = target[name]!;
  target[name] = function (this: unknown, ...args: unknown[]) {
    if (!measuring) return original.apply(this, args);
    const start = performance.now();
    const result = original.apply(this, args);
    const done = () => {
      for (const k of key(args)) add(k, performance.now() - start);
    };
    if (result instanceof Promise) return result.finally(done);
    done();
    return result;
  };
}

if (INSTRUMENT) {
  for (const name of ['writeSync', 'readSync', 'openSync', 'closeSync', 'fsyncSync', 'fdatasyncSync', 'ftruncateSync', 'fstatSync', 'lstatSync', 'statSync', 'renameSync', 'unlinkSync']) {
    timed(fs, name, () => [`fs.${name}`]);
  }
  const text = (bytes: Uint8Array, from: number, to: number) => Buffer.from(bytes.subarray(from, to)).toString().replace(/\s+/g, ' ').trim();
  timed(PGlite.prototype, 'execProtocolRawSync', ([msg]) => {
    const bytes = msg as Uint8Array;
    const kind = String.fromCharCode(bytes[0] ?? 0);
    // 'Q' (a simple query: pg-boss, BEGIN/COMMIT) names its statement; the extended protocol's P, B, D, E, S do not.
    return ['WebAssembly calls (all)', `WebAssembly '${kind}'`, ...(kind === 'Q' ? [`  'Q' ${text(bytes, 5, 45)}`] : [])];
  });
  timed(PGlite.prototype, 'query', () => [`PGlite.query by ${(new Error().stack ?? '').includes('pg-boss') ? 'pg-boss' : 'the application, outside a transaction'}`]);
  timed(PGlite.prototype, 'transaction', () => ['PGlite.transaction (wall, waiting for the lock included)']);
}

if (POSTGRES) {
  // Every statement sent to the server, by pool (the web's, or pg-boss's own `klachtwijs-jobs`) and its first words.
  const proto = pg.Client.prototype as unknown as { query: Fn; connectionParameters?: { application_name?: string } };
  const original = proto.query;
  proto.query = function (this: { connectionParameters?: { application_name?: string } }, ...args: unknown[]) {
    if (measuring) {
      const q = args[0] as string | { text?: string; name?: string };
      const text = (typeof q === 'string' ? q : (q?.text ?? '')).replace(/\s+/g, ' ').trim().slice(0, 60);
      const pool = this.connectionParameters?.application_name === 'klachtwijs-jobs' ? 'pg-boss pool' : 'app pool';
      add(`statements (all)`, 0);
      add(`${pool}: all`, 0);
      add(`${pool}: ${text}`, 0);
    }
    return original.apply(this, args);
  };
}

const gcs: { kind: number; ms: number }[] = [];
new PerformanceObserver((list) => {
  if (measuring) for (const e of list.getEntries()) gcs.push({ kind: ((e as PerformanceEntry & { detail?: { kind?: number } }).detail)?.kind ?? 0, ms: e.duration });
}).observe({ entryTypes: ['gc'] });
const delay = monitorEventLoopDelay({ resolution: 1 });

const dir = mkdtempSync(path.join(tmpdir(), 'kw-tail-'));
const pgServer = POSTGRES ? await startPostgresServer() : null;
const pgDatabase = pgServer ? await createDatabase(pgServer.url) : null;
let postmaster: number | null = null;
if (pgServer) {
  const admin = new pg.Client({ connectionString: pgServer.url });
  await admin.connect();
  const dataDir = (await admin.query<{ data_directory: string }>('show data_directory')).rows[0]!.data_directory;
  await admin.end();
  postmaster = Number(readFileSync(path.join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
}
const config = loadConfig({
  PORT: String(await freePort()),
  HOST: '127.0.0.1',
  KLACHTWIJS_DATA_DIR: dir,
  KLACHTWIJS_DEMO: 'false',
  KLACHTWIJS_PUBLIC_RATE_LIMIT: '0',
  LOG_LEVEL: 'silent',
  ...(pgDatabase ? { DATABASE_URL: pgDatabase.url } : {}),
  // `BENCH_SERVICES=web`: no worker in this process (the mail jobs wait), to see what the worker adds to the tail.
  ...(process.env.BENCH_SERVICES ? { KLACHTWIJS_SERVICES: process.env.BENCH_SERVICES } : {}),
});
const server = await startServer(config, createLogger('silent'));
try {
  const db = server.database.db;
  const org = await makeOrganisation(db, { coordinator: COORDINATOR });
  const body = JSON.stringify({
    subject: `Staart nummer ${N}`,
    description: 'De medewerker kwam niet opdagen bij de afspraak en belde ook niet af.',
    complainant: { name: 'Bea Benchmark', email: `bea${N}@example.nl`, postalAddress: 'Proefstraat 1, 1234 AB Ergens', relation: 'client' },
    respondentName: 'J. de Vries',
    signed: true,
  });
  const request = (tag: string) => ({ path: `/api/v1/public/${org.slug}/complaints`, headers: { 'content-type': 'application/json', 'idempotency-key': `tail-${tag}-${N}` }, body });
  const url = `http://127.0.0.1:${server.port}`;
  const warm = await cannonInChild(url, CONNECTIONS, { seconds: 2 }, request('warm'));
  await new Promise((r) => setTimeout(r, 1500));
  const load = fs.readFileSync('/proc/loadavg', 'utf8').trim();
  const cpu0 = process.cpuUsage();
  const server0 = postmaster ? postgresCpuMs(postmaster) : 0;
  const inspector = HEAP ? new Session() : null;
  if (inspector) {
    inspector.connect();
    await inspector.post('HeapProfiler.startSampling', { samplingInterval: 4096, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true });
  }
  measuring = true;
  delay.enable();
  const r = await cannonInChild(url, CONNECTIONS, { amount: Number(process.env.BENCH_AMOUNT ?? 0) || Math.round(warm.requests.average * SECONDS) }, request('run'));
  measuring = false;
  delay.disable();
  const cpu = process.cpuUsage(cpu0);
  const serverCpu = postmaster ? postgresCpuMs(postmaster) - server0 : 0;
  const heap = inspector ? ((await inspector.post('HeapProfiler.stopSampling')) as unknown as { profile: HeapProfile }).profile : null;
  const waiting = async () =>
    (await sql<{ n: number }>`select count(*)::int as n from pgboss.job where name = 'mail-notification' and state in ('created', 'retry', 'active')`.execute(db)).rows[0]?.n ?? 0;
  const atEnd = await waiting();
  const drain = performance.now();
  while ((await waiting()) > 0 && performance.now() - drain < 30_000) await new Promise((res) => setTimeout(res, 100));

  const n = r.requests.total;
  const ms = (ns: number) => (ns / 1e6).toFixed(1);
  console.log(`${POSTGRES ? 'PostgreSQL' : 'PGlite'}, JSON API, ${CONNECTIONS} connections${COORDINATOR ? ', a coordinator told at once' : ''}; load average at start ${load}`);
  console.log(`${n} requests in ${r.duration} s = ${(n / r.duration).toFixed(0)}/s, statuses ${JSON.stringify(Object.fromEntries(Object.entries(r.statusCodeStats).map(([k, v]) => [k, v.count])))}`);
  console.log(`latency ms: p50 ${r.latency.p50}, p90 ${r.latency.p90}, p99 ${r.latency.p99}, max ${r.latency.max}`);
  console.log(`node CPU per submission: ${((cpu.user + cpu.system) / 1000 / n).toFixed(2)} ms (the worker's mail jobs included)${postmaster ? `; PostgreSQL server CPU per submission: ${(serverCpu / n).toFixed(2)} ms` : ''}`);
  console.log(`event loop delay ms: p50 ${ms(delay.percentile(50))}, p99 ${ms(delay.percentile(99))}, max ${ms(delay.max)}`);
  const kinds = new Map<number, Stat>();
  for (const g of gcs) {
    const s = kinds.get(g.kind) ?? { n: 0, ms: 0, max: 0, over5: 0 };
    kinds.set(g.kind, { n: s.n + 1, ms: s.ms + g.ms, max: Math.max(s.max, g.ms), over5: s.over5 + (g.ms > 5 ? 1 : 0) });
  }
  const kindName: Record<number, string> = { 1: 'minor', 2: 'major', 4: 'incremental', 8: 'weak callbacks' };
  console.log(`garbage collector: ${[...kinds].map(([k, s]) => `${kindName[k] ?? k} ${s.n}× (total ${s.ms.toFixed(0)} ms, max ${s.max.toFixed(1)} ms)`).join('; ') || 'none'}`);
  if (COORDINATOR) console.log(`mail jobs not yet done when the last answer came: ${atEnd}; all done ${((performance.now() - drain) / 1000).toFixed(1)} s later`);
  if (heap) printHeap(heap, n);
  if (INSTRUMENT || POSTGRES) {
    console.log('\n| what | per submission | ms per submission | mean ms | max ms | over 5 ms |\n|---|---:|---:|---:|---:|---:|');
    for (const [k, s] of [...stats].sort((a, b) => b[1].ms - a[1].ms || b[1].n - a[1].n).slice(0, 30)) {
      console.log(`| ${k} | ${(s.n / n).toFixed(2)} | ${(s.ms / n).toFixed(3)} | ${(s.ms / s.n).toFixed(3)} | ${s.max.toFixed(1)} | ${s.over5} |`);
    }
  }
} finally {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
  await pgDatabase?.drop();
  await pgServer?.stop();
}

interface HeapNode {
  id: number;
  callFrame: { functionName: string; url: string };
  children: HeapNode[];
}

/** KB allocated per submission by the allocating (innermost) frame, grouped by package or source file, and by function. */
interface HeapProfile {
  head: HeapNode;
  samples: { size: number; nodeId: number }[];
}

function printHeap(profile: HeapProfile, n: number): void {
  const frames = new Map<number, HeapNode['callFrame']>();
  const walk = (node: HeapNode) => {
    frames.set(node.id, node.callFrame);
    node.children.forEach(walk);
  };
  walk(profile.head);
  const where = (url: string) => {
    const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url)?.[1];
    if (pkg) return pkg;
    const src = /\/((?:src|bench)\/.*)$/.exec(url)?.[1];
    return src ?? (url ? url.replace(/^.*\//, '') : '(node or V8 internal)');
  };
  const byPlace = new Map<string, number>();
  const byFunction = new Map<string, number>();
  let total = 0;
  for (const s of profile.samples) {
    const f = frames.get(s.nodeId);
    const place = where(f?.url ?? '');
    byPlace.set(place, (byPlace.get(place) ?? 0) + s.size);
    const fn = `${place} ${f?.functionName || '(anonymous)'}`;
    byFunction.set(fn, (byFunction.get(fn) ?? 0) + s.size);
    total += s.size;
  }
  const kb = (b: number) => (b / 1024 / n).toFixed(1);
  console.log(`\nallocated (sampled, collected objects included): ${kb(total)} KB per submission`);
  console.log('\n| allocated in | KB per submission |\n|---|---:|');
  for (const [k, v] of [...byPlace].sort((a, b) => b[1] - a[1]).slice(0, 15)) console.log(`| ${k} | ${kb(v)} |`);
  console.log('\n| allocating function | KB per submission |\n|---|---:|');
  for (const [k, v] of [...byFunction].sort((a, b) => b[1] - a[1]).slice(0, 25)) console.log(`| ${k} | ${kb(v)} |`);
}
