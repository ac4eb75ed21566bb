/**
 * `npm run bench:intake-profile`: where one public submission's CPU time goes (issue 13, lane intake).
 *
 * Per database (PGlite in a temporary folder, then a PostgreSQL server started for the run; `BENCH_DB=pglite|postgres`
 * for one) and per door (JSON API, HTML form): the real server (`startServer`) in THIS process with the public rate
 * limit lifted, an organisation on the stadsring51 preset with two units, and autocannon in a CHILD process (so the
 * client's CPU is not in the profile) sending `BENCH_PROFILE_REQUESTS` (default 1500) valid submissions at
 * `BENCH_CONNECTIONS` (default 10) connections after 200 to warm up. During the measured part it records:
 *
 * - node's CPU profile of this process (the inspector's Profiler, 200 µs sampling), summed by what the time is spent
 *   in (PGlite's WebAssembly, zod, Kysely, pg, Hono, hono/jsx, pg-boss, the use case, node's HTTP, GC, …): self time;
 * - the inclusive time of the steps of a submission (parse and validate, the registration, the HTML answer, …);
 * - CPU ms per submission of this process (`process.cpuUsage`) and, on PostgreSQL, of the PostgreSQL server's
 *   processes (from /proc), and the request rate.
 *
 * It prints Markdown tables. `BENCH_PROFILE_OUT=dir` also writes each `.cpuprofile` (open in Chrome DevTools).
 * Figures depend on the load: compare runs made back to back.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { Session, type Profiler } from 'node:inspector/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { loadConfig } from '../src/config.ts';
import type { Database } from '../src/db/database.ts';
import { asOwner } from '../src/db/tenant.ts';
import { startServer } from '../src/server.ts';
import { createLogger } from '../src/shared/logger.ts';
import { createDatabase, freePort, startPostgresServer } from '../test/support/pg-server.ts';
import { cannonInChild, type RequestTemplate } from './cannon.ts';
import { postgresCpuMs } from './postgres-cpu.ts';
import { analyseAsLive, complaint, makeOrganisation } from './public-form.ts';

const REQUESTS = Number(process.env.BENCH_PROFILE_REQUESTS ?? 1500);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);
const ONLY = process.env.BENCH_DB;
const OUT = process.env.BENCH_PROFILE_OUT;
/**
 * `BENCH_RATE=n`: the measured part at n submissions per second in all (autocannon's `overallRate`) instead of as fast as
 * answered. CPU per submission depends on how many submissions share a statement (group commit, ADR 0033), and that on
 * the rate: at a fixed rate two runs (before/after) group alike, so their CPU per submission compares.
 */
const RATE = process.env.BENCH_RATE ? Number(process.env.BENCH_RATE) : undefined;
/**
 * `BENCH_DROP_INDEXES=trigram,t1840,t1810` drops those groups of complaints' indexes in the bench's own database
 * before measuring, to see what each group costs a submission (never done by a migration: lane lists owns the set).
 */
const DROP = (process.env.BENCH_DROP_INDEXES ?? '').split(',').map((s) => s.trim()).filter(Boolean);
export const INDEX_GROUPS: Record<string, string[]> = {
  trigram: ['complaints_search_person', 'complaints_search_phone', 'complaints_search_address'],
  t1840: ['complaints_list_due', 'complaints_list_due_desc', 'complaints_list_received', 'complaints_list_status_sort', 'complaints_list_status', 'complaints_list_handler', 'complaints_list_decided_late', 'complaints_list_unit_unknown', 'complaints_list_respondent'],
  t1810: ['complaints_open_due', 'complaints_handler_open_due', 'complaints_other_received', 'complaints_regulation_work', 'complaints_open_next_due'],
};

/** Self time by what it is spent in: the first rule whose test matches the frame wins. */
const CATEGORIES: [string, (url: string, fn: string) => boolean][] = [
  ['(garbage collector)', (_u, f) => f === '(garbage collector)'],
  ['(idle: waiting for I/O)', (_u, f) => f === '(idle)'],
  ['(program: native, outside JS)', (_u, f) => f === '(program)' || f === '(root)'],
  ['PGlite (WebAssembly PostgreSQL + its JS)', (u) => u.startsWith('wasm://') || u.includes('@electric-sql/pglite')],
  ['zod', (u) => u.includes('/node_modules/zod/')],
  ['Kysely (query building, compiling)', (u) => u.includes('/node_modules/kysely/')],
  ['pg driver (protocol, parsing rows)', (u) => /\/node_modules\/(pg|pg-protocol|pg-types|pg-pool|postgres-[a-z]+)\//.test(u)],
  ['pg-boss', (u) => u.includes('/node_modules/pg-boss/')],
  ['hono/jsx (rendering)', (u) => /\/node_modules\/hono\/dist\/(jsx|helper\/html|utils\/html)/.test(u)],
  ['Hono + @hono/node-server (routing, request/response)', (u) => u.includes('/node_modules/hono/') || u.includes('/node_modules/@hono/')],
  ['tsx loader', (u) => u.includes('/node_modules/tsx/') || u.includes('/node_modules/esbuild/')],
  ['other node_modules', (u) => u.includes('/node_modules/')],
  ['Klachtwijs: src/http (routes, views, middleware)', (u) => u.includes('/src/http/')],
  ['Klachtwijs: src/domain (workflow, deadlines, regulation)', (u) => u.includes('/src/domain/')],
  ['Klachtwijs: src/usecases', (u) => u.includes('/src/usecases/')],
  ['Klachtwijs: src/db, src/shared, other src', (u) => u.includes('/src/')],
  ['node internals (HTTP parser, streams, crypto, timers)', (u) => u.startsWith('node:') || u === ''],
  ['other', () => true],
];

/** Inclusive time of named steps: a sample counts for a step when the step's function is on its stack. */
const STEPS: [string, RegExp][] = [
  ['HTTP: reading the body (readJson / readForm)', /^(readJson|readForm|parseBody)$/],
  ['public JSON schema (parsePublicIntake)', /^parsePublicIntake$/],
  ['form: intakeInputFromForm + dryRunProblems + formProblems', /^(intakeInputFromForm|dryRunProblems|formProblems)$/],
  ['form: holdUploads / formContext / findOrganisation', /^(holdUploads|formContext|findOrganisation)$/],
  ['registerPublicComplaint (all of it)', /^registerPublicComplaint$/],
  ['  parseInput (zod intake schema)', /^parseInput$/],
  ['  registerInDomain / cachedColumns / statisticsOf / policyFor', /^(registerComplaint|cachedColumns|statisticsOf|policyFor)$/],
  ['  requiredIntakeProblems', /^requiredIntakeProblems$/],
  ['  queueFor / mail jobs (pg-boss enqueue)', /^(queueFor|enqueue)$/],
  ['rate limit (hitRateLimit)', /^hitRateLimit$/],
  ['session / CSRF middleware', /^(csrf|session|loadSession|csrfMiddleware|verifyCsrf)$/i],
  ['logging / metrics middleware', /^(logRequests|requestLogger|metricsMiddleware|observe|recordRequest)$/],
  ['hono/jsx render (toString of a page)', /^(renderToString|toStringToBuffer|jsxFn)$/],
];

interface Summary {
  label: string;
  requests: number;
  seconds: number;
  status: Record<string, number>;
  nodeCpuMs: number;
  pgCpuMs: number | null;
  self: Map<string, number>;
  steps: Map<string, number>;
  totalMs: number;
}

function summarise(profile: Profiler.Profile): { self: Map<string, number>; steps: Map<string, number>; totalMs: number } {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const category = new Map<number, string>();
  for (const n of profile.nodes) {
    const { url, functionName } = n.callFrame;
    category.set(n.id, CATEGORIES.find(([, test]) => test(url, functionName))![0]);
  }
  const stepsOf = new Map<number, string[]>();
  const stepsFor = (id: number): string[] => {
    let s = stepsOf.get(id);
    if (s) return s;
    const names = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const fn = byId.get(at)!.callFrame.functionName;
      for (const [label, re] of STEPS) if (re.test(fn)) names.add(label);
    }
    s = [...names];
    stepsOf.set(id, s);
    return s;
  };
  const self = new Map<string, number>();
  const steps = new Map<string, number>();
  let totalMs = 0;
  const samples = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  for (let i = 0; i < samples.length; i++) {
    const ms = (deltas[i + 1] ?? deltas[i] ?? 0) / 1000;
    const id = samples[i]!;
    totalMs += ms;
    const cat = category.get(id)!;
    self.set(cat, (self.get(cat) ?? 0) + ms);
    for (const s of stepsFor(id)) steps.set(s, (steps.get(s) ?? 0) + ms);
  }
  return { self, steps, totalMs };
}

async function cannon(url: string, amount: number, door: RequestTemplate, rate?: number): Promise<{ seconds: number; status: Record<string, number> }> {
  const r = await cannonInChild(url, CONNECTIONS, { amount }, door, rate);
  const status = Object.fromEntries(Object.entries(r.statusCodeStats ?? {}).map(([k, v]) => [k, v.count]));
  if (r.errors) status['errors'] = r.errors;
  return { seconds: r.duration, status };
}

async function profileServer(label: string, env: Record<string, string>, postmasterPid: number | null): Promise<Summary[]> {
  const dir = mkdtempSync(path.join(tmpdir(), 'kw-profile-'));
  const config = loadConfig({ PORT: String(await freePort()), HOST: '127.0.0.1', KLACHTWIJS_DATA_DIR: dir, KLACHTWIJS_DEMO: 'false', KLACHTWIJS_PUBLIC_RATE_LIMIT: '0', LOG_LEVEL: 'silent', ...env });
  const server = await startServer(config, createLogger('silent'));
  const url = `http://127.0.0.1:${server.port}`;
  const out: Summary[] = [];
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 200 });
  try {
    const db: Database['db'] = server.database.db;
    const org = await makeOrganisation(db);
    for (const group of DROP) {
      const names = INDEX_GROUPS[group];
      if (!names) throw new Error(`BENCH_DROP_INDEXES: unknown group ${group} (${Object.keys(INDEX_GROUPS).join(', ')})`);
      for (const name of names) await asOwner(() => sql`drop index if exists ${sql.id(name)}`.execute(db)); // the app's role owns no index
    }
    const indexes = await sql<{ n: number }>`select count(*)::int as n from pg_indexes where tablename = 'complaints'`.execute(db);
    console.log(`[${label}] complaints has ${indexes.rows[0]?.n} indexes${DROP.length ? ` (dropped: ${DROP.join(', ')})` : ''}`);
    const body = complaint('Profiel');
    const form = await fetch(`${url}/${org.slug}/klacht?eenheid=${org.unitId}`);
    const csrf = /name="_csrf" value="([^"]*)"/.exec(await form.text())?.[1] ?? '';
    const cookie = form.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
    const doors: { door: string; path: string; headers: Record<string, string>; body: string }[] = [
      // No idempotency key: every request is a new complaint.
      { door: 'JSON API', path: `/api/v1/public/${org.slug}/complaints`, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) },
      {
        door: 'HTML form',
        path: `/${org.slug}/klacht`,
        headers: { 'content-type': 'application/x-www-form-urlencoded', cookie },
        body: new URLSearchParams({ _csrf: csrf, unitId: org.unitId, subject: body.subject, description: body.description, 'complainant.name': body.complainant.name, 'complainant.email': body.complainant.email, 'complainant.postalAddress': body.complainant.postalAddress, 'complainant.relation': 'client', forWhom: 'self', respondentName: body.respondentName, signed: 'ja' }).toString(),
      },
    ];
    for (const door of doors) {
      await cannon(url, 200, door); // warm: JIT, caches
      await analyseAsLive(db);
      const cpu0 = process.cpuUsage();
      const pg0 = postmasterPid ? postgresCpuMs(postmasterPid) : 0;
      await session.post('Profiler.start');
      const r = await cannon(url, REQUESTS, door, RATE);
      const { profile } = await session.post('Profiler.stop');
      const cpu = process.cpuUsage(cpu0);
      const pgMs = postmasterPid ? postgresCpuMs(postmasterPid) - pg0 : null;
      if (OUT) writeFileSync(path.join(OUT, `${label}-${door.door}.cpuprofile`.replace(/[^\w.-]+/g, '_')), JSON.stringify(profile));
      out.push({ label: `${label}, ${door.door}`, requests: REQUESTS, seconds: r.seconds, status: r.status, nodeCpuMs: (cpu.user + cpu.system) / 1000, pgCpuMs: pgMs, ...summarise(profile) });
    }
  } finally {
    session.disconnect();
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  }
  return out;
}

function print(all: Summary[]): void {
  console.log('\n| run | req/s | statuses | node CPU ms / submission | PostgreSQL server CPU ms / submission |');
  console.log('|---|---:|---|---:|---:|');
  for (const s of all) {
    console.log(`| ${s.label} | ${(s.requests / s.seconds).toFixed(0)} | ${Object.entries(s.status).map(([k, v]) => `${k}: ${v}`).join(', ')} | ${(s.nodeCpuMs / s.requests).toFixed(2)} | ${s.pgCpuMs === null ? '—' : (s.pgCpuMs / s.requests).toFixed(2)} |`);
  }
  const pct = (s: Summary, ms: number | undefined) => `${(((ms ?? 0) / (s.totalMs - (s.self.get('(idle: waiting for I/O)') ?? 0))) * 100).toFixed(1)} %`;
  console.log('\nSelf time in the node process, % of its busy (non-idle) samples:\n');
  console.log(`| spent in | ${all.map((s) => s.label).join(' | ')} |`);
  console.log(`|---|${all.map(() => '---:').join('|')}|`);
  for (const [cat] of CATEGORIES) {
    if (cat.startsWith('(idle')) continue;
    if (all.every((s) => !s.self.get(cat))) continue;
    console.log(`| ${cat} | ${all.map((s) => pct(s, s.self.get(cat))).join(' | ')} |`);
  }
  console.log(`| (idle, ms per submission) | ${all.map((s) => ((s.self.get('(idle: waiting for I/O)') ?? 0) / s.requests).toFixed(2)).join(' | ')} |`);
  console.log('\nInclusive time of the steps (a step counts while it is on the stack; steps nest), % of busy samples:\n');
  console.log(`| step | ${all.map((s) => s.label).join(' | ')} |`);
  console.log(`|---|${all.map(() => '---:').join('|')}|`);
  for (const [step] of STEPS) {
    if (all.every((s) => !s.steps.get(step))) continue;
    console.log(`| ${step} | ${all.map((s) => pct(s, s.steps.get(step))).join(' | ')} |`);
  }
}

async function main(): Promise<void> {
  console.log(`Klachtwijs intake CPU profile: ${REQUESTS} submissions per door at ${CONNECTIONS} connections${RATE ? `, ${RATE}/s` : ''}, Node ${process.version}`);
  console.log(`load average at start: ${readFileSync('/proc/loadavg', 'utf8').trim()}`);
  const all: Summary[] = [];
  if (ONLY !== 'postgres') all.push(...(await profileServer('PGlite', {}, null)));
  if (ONLY !== 'pglite') {
    const server = await startPostgresServer();
    try {
      const database = await createDatabase(server.url);
      try {
        const admin = new (await import('pg')).default.Client({ connectionString: server.url });
        await admin.connect();
        const dataDir = (await admin.query<{ data_directory: string }>('show data_directory')).rows[0]!.data_directory;
        await admin.end();
        const postmaster = Number(readFileSync(path.join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
        all.push(...(await profileServer('PostgreSQL', { DATABASE_URL: database.url }, postmaster)));
      } finally {
        await database.drop();
      }
    } finally {
      await server.stop();
    }
  }
  print(all);
  console.log(`\nload average at end: ${readFileSync('/proc/loadavg', 'utf8').trim()}`);
}

await main();
