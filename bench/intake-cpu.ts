/**
 * `npm run bench:intake-cpu`: where the CPU of one public submission goes, across ALL processes, on a PostgreSQL server
 * (issue 13, session 11), beside two references measured the same way on this machine:
 *
 *  1. pgbench, 8 clients, 2 threads, a fixed number of single-row INSERTs (`BENCH_PGBENCH_INSERTS`, default 40,000):
 *     CPU of the PostgreSQL server (postmaster, backends, WAL writer, checkpointer: /proc) and of pgbench (a child).
 *  2. a bare `node:http` server in a child process that reads the same JSON body and answers 201 with a small JSON
 *     document: the ceiling of node's HTTP on this machine; its CPU and autocannon's; then again at `BENCH_BARE_RATE`
 *     (default 200) requests per second, about the intake's rate, where each request pays its own wake-ups.
 *  3. the real server (`startServer`, this process, public rate limit lifted) on the same PostgreSQL server: JSON API
 *     and HTML form, `BENCH_CPU_REQUESTS` (default 3000) submissions each after 300 to warm up, at `BENCH_CONNECTIONS`
 *     (default 10) connections, ANALYZE after the warm-up as in a live database (`BENCH_ANALYZE=0`: not), each door on
 *     its own: CPU of this process (`process.cpuUsage`), of the PostgreSQL server and of autocannon.
 *
 * No profiler runs (it would add to node's CPU). A child's CPU is read from /proc/self/stat's cutime + cstime (the
 * children this process has waited for), so autocannon's and pgbench's CPU is exact once they exited. Prints one
 * Markdown table: rate, p50/p99, CPU ms per submission per process, total; and the load average.
 * Exit code 1 when the complaints stored differ from the 2xx answers.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { loadConfig } from '../src/config.ts';
import type { Database } from '../src/db/database.ts';
import { startServer } from '../src/server.ts';
import { createLogger } from '../src/shared/logger.ts';
import { setIntakeGroupCommit } from '../src/usecases/complaints/register-public.ts';
import { createDatabase, freePort, startPostgresServer } from '../test/support/pg-server.ts';
import { cannonInChild, type RequestTemplate } from './cannon.ts';
import { withPgbenchInsert } from './pgbench.ts';
import { postgresCpuByProcess } from './postgres-cpu.ts';
import { analyseAsLive, complaint, makeOrganisation } from './public-form.ts';

const REQUESTS = Number(process.env.BENCH_CPU_REQUESTS ?? 3000);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);
/** `BENCH_BARE_RATE`: the bare server's second run, at about the intake's rate (default 200 requests per second). */
const BARE_RATE = Number(process.env.BENCH_BARE_RATE ?? 200);
const PGBENCH_INSERTS = Number(process.env.BENCH_PGBENCH_INSERTS ?? 40000);
/** `BENCH_ANALYZE=0` measures the fresh database as it is (no ANALYZE after the warm-up; see `analyseAsLive`). */
const ANALYZE = process.env.BENCH_ANALYZE !== '0';
/** `BENCH_IN_FLIGHT=n`: registering statements in flight per group (the product's: 2 on a server; ADR 0033). */
const IN_FLIGHT = process.env.BENCH_IN_FLIGHT ? Number(process.env.BENCH_IN_FLIGHT) : null;
const TICK_MS = 1000 / 100; // USER_HZ

const stat = (pid: number | 'self') => readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /, '').split(' ').map(Number);
/** CPU ms of this process's waited-for children (cutime + cstime). */
const childrenCpuMs = () => {
  const f = stat('self');
  return (f[13]! + f[14]!) * TICK_MS;
};
const ownCpuMs = (pid: number) => {
  const f = stat(pid);
  return (f[11]! + f[12]!) * TICK_MS;
};
const load = () => readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');

interface Line {
  label: string;
  unit: string;
  count: number;
  seconds: number;
  p50: number | null;
  p99: number | null;
  cpu: { node: number | null; postgres: number | null; client: number | null };
  /** The PostgreSQL server's CPU ms by kind of process. */
  byProcess?: Map<string, number>;
  note: string;
}

/** The PostgreSQL server's CPU ms from now until `done()`, in all and by kind of process. */
function postgresMeter(postmaster: number) {
  const before = postgresCpuByProcess(postmaster);
  return () => {
    const after = postgresCpuByProcess(postmaster);
    const by = new Map<string, number>();
    let total = 0;
    for (const k of new Set([...before.keys(), ...after.keys()])) {
      const d = (after.get(k) ?? 0) - (before.get(k) ?? 0);
      by.set(k, d);
      total += d;
    }
    return { total, by };
  };
}

const body = complaint('CPU');

async function measuredCannon(url: string, amount: number, door: RequestTemplate, rate?: number) {
  const c0 = childrenCpuMs();
  const r = await cannonInChild(url, CONNECTIONS, { amount }, door, rate);
  return { r, clientMs: childrenCpuMs() - c0 };
}

async function pgbench(url: string, postmaster: number): Promise<Line> {
  return withPgbenchInsert(url, async (pgbenchRun) => {
    const perClient = Math.ceil(PGBENCH_INSERTS / 8);
    await pgbenchRun(['-n', '-c', '8', '-j', '2', '-t', String(Math.ceil(perClient / 10))]); // warm
    const c0 = childrenCpuMs();
    const pgDone = postgresMeter(postmaster);
    const t0 = performance.now();
    const stdout = await pgbenchRun(['-n', '-c', '8', '-j', '2', '-t', String(perClient)]);
    const seconds = (performance.now() - t0) / 1000;
    const pgMs = pgDone();
    const lat = Number(/latency average = ([\d.]+) ms/.exec(stdout)?.[1] ?? NaN);
    return { label: 'pgbench, 8 clients: single-row INSERT', unit: 'insert', count: perClient * 8, seconds, p50: null, p99: null, cpu: { node: null, postgres: pgMs.total, client: childrenCpuMs() - c0 }, byProcess: pgMs.by, note: `latency average ${lat} ms` };
  });
}

const BARE = `
const http = require('node:http');
http.createServer((req, res) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    const input = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    const out = JSON.stringify({ id: '00000000-0000-4000-8000-000000000000', reference: 'KL-2026-00001', subject: input.subject });
    res.writeHead(201, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(out) });
    res.end(out);
  });
}).listen(Number(process.argv[1]), '127.0.0.1', () => process.stdout.write('ready\\n'));
`;

/** The bare server at full speed, and at `rate` requests per second (about the intake's: node's floor per request there). */
async function bareNode(rate?: number): Promise<Line> {
  const port = await freePort();
  const child = spawn(process.execPath, ['-e', BARE, String(port)], { stdio: ['ignore', 'pipe', 'inherit'] });
  try {
    await new Promise<void>((resolve, reject) => {
      child.stdout.once('data', () => resolve());
      child.once('exit', () => reject(new Error('bare node server exited')));
    });
    const door: RequestTemplate = { path: '/complaints', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) };
    const url = `http://127.0.0.1:${port}`;
    await measuredCannon(url, 2000, door);
    const s0 = ownCpuMs(child.pid!);
    const { r, clientMs } = await measuredCannon(url, rate ? REQUESTS : REQUESTS * 3, door, rate);
    const serverMs = ownCpuMs(child.pid!) - s0;
    const ok = r.statusCodeStats?.['201']?.count ?? 0;
    return { label: `bare node:http, 201 to the same JSON POST${rate ? ` at ${rate}/s` : ''}`, unit: 'request', count: ok, seconds: r.duration, p50: r.latency.p50, p99: r.latency.p99, cpu: { node: serverMs, postgres: null, client: clientMs }, note: `${ok} × 201` };
  } finally {
    child.kill();
  }
}

async function intake(databaseUrl: string, postmaster: number): Promise<Line[]> {
  const dir = mkdtempSync(path.join(tmpdir(), 'kw-cpu-'));
  const config = loadConfig({ PORT: String(await freePort()), HOST: '127.0.0.1', KLACHTWIJS_DATA_DIR: dir, KLACHTWIJS_DEMO: 'false', KLACHTWIJS_PUBLIC_RATE_LIMIT: '0', LOG_LEVEL: 'silent', DATABASE_URL: databaseUrl });
  const server = await startServer(config, createLogger('silent'));
  if (IN_FLIGHT !== null) setIntakeGroupCommit({ inFlight: IN_FLIGHT });
  const url = `http://127.0.0.1:${server.port}`;
  const lines: Line[] = [];
  try {
    const db: Database['db'] = server.database.db;
    const org = await makeOrganisation(db);
    const form = await fetch(`${url}/${org.slug}/klacht?eenheid=${org.unitId}`);
    const csrf = /name="_csrf" value="([^"]*)"/.exec(await form.text())?.[1] ?? '';
    const cookie = form.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
    const doors: (RequestTemplate & { door: string; ok: string })[] = [
      { door: 'JSON API', ok: '201', path: `/api/v1/public/${org.slug}/complaints`, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) },
      {
        door: 'HTML form',
        ok: '303',
        path: `/${org.slug}/klacht`,
        headers: { 'content-type': 'application/x-www-form-urlencoded', cookie },
        body: new URLSearchParams({ _csrf: csrf, unitId: org.unitId, subject: body.subject, description: body.description, 'complainant.name': body.complainant.name, 'complainant.email': body.complainant.email, 'complainant.postalAddress': body.complainant.postalAddress, 'complainant.relation': 'client', forWhom: 'self', respondentName: body.respondentName, signed: 'ja' }).toString(),
      },
    ];
    const stored = async () => Number((await db.selectFrom('complaints').select((eb) => eb.fn.countAll<number>().as('n')).where('organisation_id', '=', org.id).executeTakeFirstOrThrow()).n);
    for (const door of doors) {
      await measuredCannon(url, 300, door);
      if (ANALYZE) await analyseAsLive(db);
      const before = await stored();
      const n0 = process.cpuUsage();
      const pgDone = postgresMeter(postmaster);
      const proto = pg.Client.prototype as unknown as { query: (...args: unknown[]) => unknown };
      const original = proto.query;
      let statements = 0;
      let registering = 0;
      proto.query = function (this: unknown, ...args: unknown[]) {
        statements++;
        const q = args[0] as { text?: string } | string;
        if ((typeof q === 'string' ? q : (q.text ?? '')).includes('insert into "complaints"')) registering++;
        return original.apply(this, args);
      };
      const { r, clientMs } = await measuredCannon(url, REQUESTS, door);
      const n = process.cpuUsage(n0);
      proto.query = original;
      const pgMs = pgDone();
      const ok = r.statusCodeStats?.[door.ok]?.count ?? 0;
      const count = (await stored()) - before;
      if (count !== ok) {
        console.error(`${door.door}: ${count} complaints stored, ${ok} × ${door.ok} answered`);
        process.exitCode = 1;
      }
      const other = Object.entries(r.statusCodeStats ?? {}).filter(([k]) => k !== door.ok).map(([k, v]) => `${v.count} × ${k}`);
      lines.push({ label: `Klachtwijs ${door.door}`, unit: 'submission', count, seconds: r.duration, p50: r.latency.p50, p99: r.latency.p99, cpu: { node: (n.user + n.system) / 1000, postgres: pgMs.total, client: clientMs }, byProcess: pgMs.by, note: [`${count} stored = ${ok} × ${door.ok}`, `${(statements / Math.max(count, 1)).toFixed(2)} statements (${(registering / Math.max(count, 1)).toFixed(2)} registering) per submission`, ...other, r.errors ? `${r.errors} errors` : ''].filter(Boolean).join(', ') });
    }
  } finally {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  }
  return lines;
}

function print(lines: Line[]): void {
  const per = (ms: number | null, l: Line) => (ms === null ? '—' : (ms / l.count).toFixed(3));
  console.log('\n| run | per | count | per second | p50 / p99 ms | node server CPU ms | PostgreSQL CPU ms | load generator CPU ms | total CPU ms | notes |');
  console.log('|---|---|---:|---:|---:|---:|---:|---:|---:|---|');
  for (const l of lines) {
    const total = (l.cpu.node ?? 0) + (l.cpu.postgres ?? 0) + (l.cpu.client ?? 0);
    const lat = l.p50 === null ? '—' : `${l.p50} / ${l.p99}`;
    console.log(`| ${l.label} | ${l.unit} | ${l.count} | ${(l.count / l.seconds).toFixed(0)} | ${lat} | ${per(l.cpu.node, l)} | ${per(l.cpu.postgres, l)} | ${per(l.cpu.client, l)} | ${per(total, l)} | ${l.note} |`);
  }
  const withPg = lines.filter((l) => l.byProcess);
  const kinds = [...new Set(withPg.flatMap((l) => [...l.byProcess!.keys()]))];
  console.log('\nThe PostgreSQL server\'s CPU ms per insert / submission, by process:\n');
  console.log(`| process | ${withPg.map((l) => l.label).join(' | ')} |`);
  console.log(`|---|${withPg.map(() => '---:').join('|')}|`);
  for (const k of kinds) console.log(`| ${k} | ${withPg.map((l) => per(l.byProcess!.get(k) ?? 0, l)).join(' | ')} |`);
}

async function main(): Promise<void> {
  console.log(`Klachtwijs intake CPU across processes: ${REQUESTS} submissions per door at ${CONNECTIONS} connections, Node ${process.version}`);
  console.log(`load average at start: ${load()}; ANALYZE after the warm-up: ${ANALYZE ? 'yes' : 'no (BENCH_ANALYZE=0)'}${IN_FLIGHT === null ? '' : `; statements in flight per group: ${IN_FLIGHT}`}`);
  const lines: Line[] = [];
  const server = await startPostgresServer();
  try {
    const admin = new pg.Client({ connectionString: server.url });
    await admin.connect();
    const dataDir = (await admin.query<{ data_directory: string }>('show data_directory')).rows[0]!.data_directory;
    await admin.end();
    const postmaster = Number(readFileSync(path.join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
    const database = await createDatabase(server.url);
    try {
      lines.push(await pgbench(server.url, postmaster));
      console.log(`  pgbench done (load ${load()})`);
      lines.push(await bareNode());
      lines.push(await bareNode(BARE_RATE));
      console.log(`  bare node done (load ${load()})`);
      lines.push(...(await intake(database.url, postmaster)));
      console.log(`  intake done (load ${load()})`);
    } finally {
      await database.drop();
    }
  } finally {
    await server.stop();
  }
  print(lines);
  console.log(`\nload average at end: ${load()}`);
}

await main();
