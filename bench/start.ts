/**
 * `npm run bench:start`: how long Klachtwijs takes to start, as a user meets it (issue 13: first start on an
 * empty data folder under 3 s, a restart under 1 s).
 *
 * Each row runs the real launcher (`node bin/klachtwijs.js …`) as a new process, exactly as `npm start` does:
 * - first start: `serve` on an empty data folder (embedded database, with the demo organisation) until
 *   `/health` answers 200, and then until the login page (`/inloggen`, the first page a user meets) answers 200: a server
 *   cannot win by answering `/health` early and the page late;
 * - restart: `serve` again on that same folder (stopped with SIGTERM in between), the same two end points;
 * - `klachtwijs --help` until the process exits;
 * - one command (`migrate`, nothing to do) on the migrated folder until the process exits.
 * Before the runs it does what `npm install` does after installing (scripts/postinstall.js, when the checkout has it): the
 * precompiled code in dist/ and the migrated template in node_modules/.cache/klachtwijs/ (issue 13).
 * Every row is measured BENCH_RUNS times (default 3) on fresh folders; the table shows the median and the worst.
 * A second table breaks the two starts into phases (KLACHTWIJS_START_PHASES=1: the server prints its marks on stderr,
 * src/shared/start-phases.ts): the median wall-clock and CPU milliseconds of each phase, so a busy machine (CPU time is
 * less disturbed by other processes than wall time) still shows where the time goes; the main thread's CPU apart, since
 * what V8 and libuv do on background threads runs beside the start on a free second core.
 * Environment: BENCH_RUNS, BENCH_TIMEOUT_MS (default 120000), BENCH_ROOT (the checkout to measure, default this one: to measure an older commit,
 * point it at a copy of that commit with node_modules linked).
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { START_PHASES_PREFIX, type StartPhase } from '../src/shared/start-phases.ts';

const ROOT = process.env['BENCH_ROOT'] ? path.resolve(process.env['BENCH_ROOT']) : fileURLToPath(new URL('..', import.meta.url));
const BIN = path.join(ROOT, 'bin', 'klachtwijs.js');
const RUNS = Number(process.env['BENCH_RUNS'] ?? 3);
/** How long a start may take before the run fails (a busy machine needs more). */
const TIMEOUT_MS = Number(process.env['BENCH_TIMEOUT_MS'] ?? 120_000);

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

function baseEnv(dataDir: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, KLACHTWIJS_DATA_DIR: dataDir, LOG_LEVEL: 'warn', KLACHTWIJS_START_PHASES: '1' };
  delete env['DATABASE_URL'];
  return env;
}

/** Milliseconds from spawn until the command exits (it must exit 0). */
function timeCommand(args: string[], dataDir: string): Promise<number> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { env: baseEnv(dataDir), stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    child.on('exit', (code) => (code === 0 ? resolve(performance.now() - started) : reject(new Error(`klachtwijs ${args.join(' ')} exited with ${code}:\n${out}`))));
  });
}

/** One start: milliseconds from spawn until /health answered 200 and until /inloggen did, and the phases the server reported. */
interface ServeTiming {
  ms: number;
  loginMs: number;
  phases: StartPhase[];
}

function phasesIn(output: string): StartPhase[] {
  const line = output.split('\n').find((l) => l.startsWith(START_PHASES_PREFIX));
  return line ? (JSON.parse(line.slice(START_PHASES_PREFIX.length)) as StartPhase[]) : [];
}

/** Polls `url` every 10 ms until it answers 200; the milliseconds since `started`, or -1 after the time-out. */
async function until200(url: string, started: number, child: ReturnType<typeof spawn>, out: () => string): Promise<number> {
  while (performance.now() - started < TIMEOUT_MS) {
    if (child.exitCode !== null) throw new Error(`klachtwijs serve exited with ${child.exitCode}:\n${out()}`);
    try {
      const res = await fetch(url, { redirect: 'manual' });
      await res.arrayBuffer();
      if (res.status === 200) return performance.now() - started;
    } catch {
      /* not listening yet */
    }
    await new Promise((r) => setTimeout(r, 10));
  }
  return -1;
}

/** Milliseconds from spawn until /health answers 200, then until /inloggen does; then stops the server with SIGTERM and waits for it. */
async function timeServe(dataDir: string): Promise<ServeTiming> {
  const port = await freePort();
  const started = performance.now();
  const child = spawn(process.execPath, [BIN, 'serve'], { env: { ...baseEnv(dataDir), PORT: String(port) }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (out += d));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const ms = await until200(`http://127.0.0.1:${port}/health`, started, child, () => out);
  const loginMs = ms < 0 ? -1 : await until200(`http://127.0.0.1:${port}/inloggen`, started, child, () => out);
  child.kill('SIGTERM');
  await exited;
  if (ms < 0 || loginMs < 0) throw new Error(`klachtwijs serve did not answer within ${TIMEOUT_MS} ms:\n${out}`);
  return { ms, loginMs, phases: phasesIn(out) };
}

const rows: Record<string, number[]> = {
  'first start (empty data folder, demo organisation)': [],
  'first start: login page answered': [],
  'restart (same folder)': [],
  'restart: login page answered': [],
  'klachtwijs --help': [],
  'klachtwijs migrate (up to date)': [],
};
const names = Object.keys(rows);
/** Per start kind, per phase: the wall and CPU milliseconds of each run. */
const phaseRows: Record<'first' | 'restart', Map<string, { wall: number[]; cpu: number[]; main: number[] }>> = { first: new Map(), restart: new Map() };
function addPhases(kind: 'first' | 'restart', t: ServeTiming): void {
  let prev = { ms: 0, cpuMs: 0, mainCpuMs: 0 };
  const add = (name: string, wall: number, cpu: number, main: number) => {
    const row = phaseRows[kind].get(name) ?? { wall: [], cpu: [], main: [] };
    row.wall.push(wall);
    row.cpu.push(cpu);
    row.main.push(main);
    phaseRows[kind].set(name, row);
  };
  for (const p of t.phases) {
    // mainCpuMs: marks of a checkout before session 12 have none (NaN: left empty).
    add(p.name === 'code loaded' ? 'node, launcher, code loaded' : p.name, p.ms - prev.ms, p.cpuMs - prev.cpuMs, (p.mainCpuMs ?? Number.NaN) - prev.mainCpuMs);
    prev = { ms: p.ms, cpuMs: p.cpuMs, mainCpuMs: p.mainCpuMs ?? Number.NaN };
  }
  // From the last mark until the bench saw /health answer (includes spawning the process before node's time origin).
  if (t.phases.length) add('until /health answered (bench)', t.ms - prev.ms, Number.NaN, Number.NaN);
  add('total', t.ms, prev.cpuMs, prev.mainCpuMs);
  add('then until /inloggen answered (bench)', t.loginMs - t.ms, Number.NaN, Number.NaN);
}
// What `npm install` prepares (scripts/postinstall.js: the precompiled code and the template), as a user has it before the
// first start; a checkout without that step (an older commit) is measured as it is.
const POSTINSTALL = path.join(ROOT, 'scripts', 'postinstall.js');
if (existsSync(POSTINSTALL)) spawnSync(process.execPath, [POSTINSTALL], { cwd: ROOT, stdio: 'inherit' });
for (let run = 0; run < RUNS; run++) {
  const dir = mkdtempSync(path.join(tmpdir(), 'kw-bench-start-'));
  try {
    const dataDir = path.join(dir, 'data');
    const first = await timeServe(dataDir);
    rows[names[0]!]!.push(first.ms);
    rows[names[1]!]!.push(first.loginMs);
    addPhases('first', first);
    const again = await timeServe(dataDir);
    rows[names[2]!]!.push(again.ms);
    rows[names[3]!]!.push(again.loginMs);
    addPhases('restart', again);
    rows[names[4]!]!.push(await timeCommand(['--help'], dataDir));
    rows[names[5]!]!.push(await timeCommand(['migrate'], dataDir));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const f = (ms: number) => `${Math.round(ms)}`;
console.log(`\nKlachtwijs start times (${RUNS} runs, ${ROOT}; load average ${loadavg().map((l) => l.toFixed(2)).join(' ')})\n`);
console.log('| what | median ms | worst ms | runs ms |');
console.log('|---|---:|---:|---|');
for (const name of names) {
  const xs = rows[name]!;
  console.log(`| ${name} | ${f(median(xs))} | ${f(Math.max(...xs))} | ${xs.map(f).join(', ')} |`);
}
console.log(`\nPhases of a start (median of ${RUNS} runs; wall ms / CPU ms of all threads / CPU ms of the main thread; KLACHTWIJS_START_PHASES)\n`);
console.log('| phase | first start wall | first start CPU | first start main-thread CPU | restart wall | restart CPU | restart main-thread CPU |');
console.log('|---|---:|---:|---:|---:|---:|---:|');
const cell = (xs: number[] | undefined) => (xs && xs.length && !xs.some(Number.isNaN) ? f(median(xs)) : '');
for (const phase of new Set([...phaseRows.first.keys(), ...phaseRows.restart.keys()])) {
  const a = phaseRows.first.get(phase);
  const b = phaseRows.restart.get(phase);
  console.log(`| ${phase} | ${cell(a?.wall)} | ${cell(a?.cpu)} | ${cell(a?.main)} | ${cell(b?.wall)} | ${cell(b?.cpu)} | ${cell(b?.main)} |`);
}
