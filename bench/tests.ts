/**
 * `npm run bench:tests -- <file or substring> …`: what test files cost, per file and in CPU (issue 13, lane tests: `npm test`
 * under 120 s).
 *
 * Runs `node --import tsx scripts/test.ts --skip-checks <args>` (the same runner as `npm test`: its PostgreSQL server, templates
 * and shared Chromium) BENCH_RUNS times (default 1) and prints a Markdown table:
 * - per test file (its top-level suite) the duration node --test reports, median over the runs;
 * - the runner's wall time, the time of the `node --test` phase, and the CPU time (user + system) of the whole process tree,
 *   Chromium and PostgreSQL included (read from /proc/self/stat: the children's times once they have exited);
 * - the load average before and after each run.
 * On a shared machine the wall times follow the load; the CPU time much less so: compare CPU times of runs taken back to back.
 * - per category, the CPU seconds of the processes it belongs to (BENCH_SAMPLE_MS, default 200: /proc is read that often;
 *   each process counts with its last reading): tsc and eslint, the runner, the PGlite template maker, the test processes, the processes
 *   the tests spawn (live servers, the CLI), tsx's esbuild, PostgreSQL (the run's server: found by its data folder in
 *   initdb's or pg_ctl's command line; its backends by their parent), Chromium; "not seen" is what exited between two
 *   readings (the tree's total from /proc/self/stat, minus what was seen); and during the `node --test` phase the CPU the
 *   run left unused (cores × wall − the run's CPU), and how busy the whole machine was (/proc/stat, other work included);
 * - with BENCH_CPU_PROF=<folder>, every Node process of the run writes a V8 CPU profile there (NODE_OPTIONS=--cpu-prof) and
 *   the table splits each category's profiled time by where it went (PGlite's WebAssembly, PGlite's JavaScript, the
 *   application's src/, the tests' own code, node's test runner, module loading, tsx, GC, the libraries by package).
 * BENCH_CHECKS=beside (or first) runs tsc and eslint too, beside the tests (or before them, `--checks-first`), from cold caches
 * (.tmp/tsc7.tsbuildinfo and .tmp/eslintcache removed before each run, as in CI's fresh clone).
 * BENCH_ROOT measures another checkout (e.g. a copy of an older commit with node_modules linked), BENCH_SHARDS passes
 * `--shards=<n>` (test processes side by side, scripts/test.ts), BENCH_CONCURRENCY `--test-concurrency=<n>` (with
 * `--test-isolation=process` among the arguments).
 */
import { spawn } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = process.env['BENCH_ROOT'] ? path.resolve(process.env['BENCH_ROOT']) : fileURLToPath(new URL('..', import.meta.url));
const RUNS = Number(process.env['BENCH_RUNS'] ?? 1);
const CONCURRENCY = process.env['BENCH_CONCURRENCY'];
const SHARDS = process.env['BENCH_SHARDS'];
const CHECKS = process.env['BENCH_CHECKS'];
if (CHECKS !== undefined && CHECKS !== 'beside' && CHECKS !== 'first') {
  process.stderr.write('BENCH_CHECKS is beside or first\n');
  process.exit(2);
}
const SAMPLE_MS = Number(process.env['BENCH_SAMPLE_MS'] ?? 200);
const CPU_PROF = process.env['BENCH_CPU_PROF'] ? path.resolve(process.env['BENCH_CPU_PROF']) : undefined;
const TICKS = 100; // USER_HZ: /proc's clock ticks per second on Linux
const args = process.argv.slice(2);
if (args.length === 0) {
  process.stderr.write('usage: npm run bench:tests -- <test file or path substring> …\n');
  process.exit(2);
}

/** The CPU seconds (user + system) of this process's children that have exited. */
function childrenCpuSeconds(): number {
  const stat = readFileSync('/proc/self/stat', 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // After the command: state is field 3, cutime 16 and cstime 17 (1-based in proc(5)), in clock ticks (100 per second).
  return (Number(fields[13]) + Number(fields[14])) / 100;
}


/** What a process of the run is, from its command line and its ancestors. */
type Category = 'tsc, eslint' | 'runner' | 'PGlite template' | 'test processes' | 'spawned by tests' | 'esbuild (tsx)' | 'PostgreSQL' | 'Chromium' | 'other';
const CATEGORIES: Category[] = ['tsc, eslint', 'runner', 'PGlite template', 'test processes', 'spawned by tests', 'esbuild (tsx)', 'PostgreSQL', 'Chromium', 'other'];

interface ProcStat {
  ppid: number;
  ticks: number; // utime + stime
  start: string; // starttime: with the pid, one process (pids are reused)
}

function readStat(pid: number): ProcStat | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return { ppid: Number(f[1]), ticks: Number(f[11]) + Number(f[12]), start: f[19]! };
  } catch {
    return undefined; // exited
  }
}

function readCmdline(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ').trim();
  } catch {
    return '';
  }
}

/** The whole machine's busy and total clock ticks (/proc/stat; other lanes' work included). */
function machineTicks(): { busy: number; total: number } {
  const f = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.split(/\s+/).slice(1).map(Number);
  const total = f.slice(0, 8).reduce((a, b) => a + b, 0);
  return { busy: total - f[3]! - f[4]!, total };
}

/**
 * Reads /proc every SAMPLE_MS: the CPU of every process below `root` (this bench's runner), and of the run's PostgreSQL
 * server, which pg_ctl starts outside that tree. Each process counts with its last reading.
 */
class Sampler {
  readonly seen = new Map<string, { pid: number; category: Category; ticks: number; inTree: boolean }>();
  private readonly kinds = new Map<string, { cmd: string }>();
  private readonly pgDirs = new Set<string>();
  private timer: NodeJS.Timeout | undefined;
  constructor(private readonly root: number) {}

  start(): void {
    this.timer = setInterval(() => this.sample(), SAMPLE_MS);
    this.sample();
  }

  stop(): void {
    clearInterval(this.timer);
    this.sample();
  }

  sample(): void {
    const stats = new Map<number, ProcStat>();
    for (const name of readdirSync('/proc')) {
      if (!/^\d+$/.test(name)) continue;
      const st = readStat(Number(name));
      if (st) stats.set(Number(name), st);
    }
    const cmdOf = (pid: number, st: ProcStat): string => {
      const key = `${pid}:${st.start}`;
      let k = this.kinds.get(key);
      if (!k) this.kinds.set(key, (k = { cmd: readCmdline(pid) }));
      return k.cmd;
    };
    const classify = (pid: number): Category | undefined => {
      // Walk up to the root: the first recognised ancestor (a test process) decides for what it spawned.
      const chain: string[] = [];
      for (let p = pid; p > 1; ) {
        const st = stats.get(p);
        if (!st) return undefined;
        if (p === this.root) break;
        chain.push(cmdOf(p, st));
        p = st.ppid;
        if (p <= 1) return undefined; // not ours
      }
      if (chain.length === 0) return undefined; // the root itself
      const cmd = chain[0]!;
      const underTest = chain.slice(1).some((c) => / --test\b/.test(c));
      for (const m of cmd.matchAll(/(\S*klachtwijs-pg-[^/\s]+)/g)) this.pgDirs.add(m[1]!);
      if (/esbuild/.test(cmd)) return 'esbuild (tsx)';
      if (/typescript\/bin\/tsc|eslint\/bin\/eslint\.js/.test(cmd) && !underTest) return 'tsc, eslint';
      if (/chrom|headless_shell/i.test(cmd)) return 'Chromium';
      if (/\b(initdb|pg_ctl|postgres|runuser)\b/.test(cmd) && !underTest) return 'PostgreSQL';
      if (underTest) return 'spawned by tests';
      if (/ --test\b/.test(cmd)) return 'test processes';
      if (/scripts\/pglite-template\.ts/.test(cmd)) return 'PGlite template';
      if (/scripts\/test\.ts/.test(cmd)) return 'runner';
      return 'other';
    };
    const postmasters = new Set<number>();
    for (const [pid, st] of stats) {
      let category = classify(pid);
      if (!category && this.pgDirs.size > 0) {
        const cmd = cmdOf(pid, st);
        if (/postgres/.test(cmd) && [...this.pgDirs].some((d) => cmd.includes(d))) {
          category = 'PostgreSQL';
          postmasters.add(pid);
        }
      }
      if (category) this.seen.set(`${pid}:${st.start}`, { pid, category, ticks: st.ticks, inTree: !postmasters.has(pid) });
    }
    // The server's backends (their command lines name no folder): children of the run's postmaster.
    for (const [pid, st] of stats) {
      if (postmasters.has(st.ppid)) this.seen.set(`${pid}:${st.start}`, { pid, category: 'PostgreSQL', ticks: st.ticks, inTree: false });
    }
  }

  /** CPU seconds per category so far. */
  byCategory(): Map<Category, number> {
    const out = new Map<Category, number>(CATEGORIES.map((c) => [c, 0]));
    for (const p of this.seen.values()) out.set(p.category, out.get(p.category)! + p.ticks / TICKS);
    return out;
  }

  total(): number {
    return [...this.byCategory().values()].reduce((a, b) => a + b, 0);
  }

  /** CPU seconds seen of the processes below the root (the rest of the tree's total exited unseen). */
  inTree(): number {
    return [...this.seen.values()].filter((p) => p.inTree).reduce((a, p) => a + p.ticks / TICKS, 0);
  }

  categoryOf(pid: number): Category | undefined {
    return [...this.seen.values()].find((p) => p.pid === pid)?.category;
  }
}

/** Where a V8 CPU profile's time went, in ms, by the frame's script (a frame without one counts with its caller). */
function profileSplit(file: string): Map<string, number> {
  const prof = JSON.parse(readFileSync(file, 'utf8')) as {
    nodes: { id: number; callFrame: { functionName: string; url: string }; children?: number[] }[];
    samples: number[];
    timeDeltas: number[];
  };
  const parent = new Map<number, number>();
  for (const n of prof.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const byId = new Map(prof.nodes.map((n) => [n.id, n]));
  const srcDir = `${ROOT}/src/`.replaceAll('//', '/');
  const own = (fn: string, url: string): string | undefined => {
    if (fn === '(idle)') return 'idle';
    if (fn === '(garbage collector)') return 'GC';
    if (fn === '(program)') return 'V8 (program: compiling, runtime)';
    if (fn === '(root)') return 'V8 (program: compiling, runtime)';
    if (url.startsWith('wasm://')) return 'PGlite WebAssembly';
    if (url.includes('/@electric-sql/pglite/')) return 'PGlite JavaScript';
    if (url.includes('/node_modules/tsx/') || url.includes('/node_modules/esbuild/')) return 'tsx';
    const pkg = /\/node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(url)?.[1];
    if (pkg) return ['kysely', 'hono', 'pg', 'pg-protocol', 'playwright-core', 'pg-boss', 'fast-check', 'argon2', '@node-rs/argon2'].includes(pkg) ? `lib ${pkg}` : 'lib (other)';
    if (url.startsWith('node:internal/test_runner') || url.startsWith('node:test')) return 'node test runner';
    if (url.startsWith('node:internal/modules') || url.startsWith('node:internal/vm')) return 'module loading';
    if (url.startsWith('node:')) return 'node (other internals)';
    if (url.includes(srcDir) || url.includes('/src/')) return 'application (src/)';
    if (url.includes('/test/') || url.includes('/scripts/') || url.includes('/bench/')) return 'tests and test support';
    if (url === '') return undefined;
    return 'other';
  };
  const memo = new Map<number, string>();
  const categoryOf = (id: number): string => {
    const hit = memo.get(id);
    if (hit) return hit;
    const n = byId.get(id)!;
    const c = own(n.callFrame.functionName, n.callFrame.url) ?? (parent.has(id) ? categoryOf(parent.get(id)!) : 'other');
    memo.set(id, c);
    return c;
  };
  const out = new Map<string, number>();
  prof.samples.forEach((id, i) => {
    const c = categoryOf(id);
    out.set(c, (out.get(c) ?? 0) + (prof.timeDeltas[i + 1] ?? 0) / 1000);
  });
  return out;
}

interface Run {
  files: Map<string, number>;
  wall: number;
  nodeTest: number | undefined;
  cpu: number;
  code: number;
  load: [string, string];
  categories: Map<Category, number>;
  notSeen: number;
  /** The `node --test` phase: its wall time, the run's CPU in it, and the whole machine's busy share in it. */
  window: { wall: number; cpu: number; machineBusy: number } | undefined;
  /** With BENCH_CPU_PROF: per category of process, the profiled ms by where they went. */
  profiles: Map<Category, Map<string, number>>;
  samplerCpu: number;
}

function once(): Promise<Run> {
  const load0 = loadavg()[0]!.toFixed(1);
  const cpu0 = childrenCpuSeconds();
  const t0 = performance.now();
  if (CHECKS) for (const cache of ['tsc7.tsbuildinfo', 'eslintcache']) rmSync(path.join(ROOT, '.tmp', cache), { force: true });
  const checkArgs = CHECKS === undefined ? ['--skip-checks'] : CHECKS === 'first' ? ['--checks-first'] : [];
  const runnerArgs = ['--import', 'tsx', path.join(ROOT, 'scripts/test.ts'), ...checkArgs, ...(SHARDS ? [`--shards=${SHARDS}`] : []), ...(CONCURRENCY ? [`--test-concurrency=${CONCURRENCY}`] : []), ...args];
  const sampler = new Sampler(process.pid);
  const samplerCpu0 = process.cpuUsage();
  let profDir: string | undefined;
  const env = { ...process.env };
  if (CPU_PROF) {
    profDir = path.join(CPU_PROF, `run-${Date.now()}`);
    mkdirSync(profDir, { recursive: true });
    env['NODE_OPTIONS'] = `${env['NODE_OPTIONS'] ?? ''} --cpu-prof --cpu-prof-dir=${profDir}`.trim();
  }
  let windowStart: { t: number; cpu: number; machine: ReturnType<typeof machineTicks> } | undefined;
  let window: Run['window'];
  const mark = () => {
    sampler.sample();
    return { t: performance.now(), cpu: sampler.total(), machine: machineTicks() };
  };
  return new Promise((resolve) => {
    const proc = spawn(process.execPath, runnerArgs, { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'], env });
    sampler.start();
    let out = '';
    proc.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (!windowStart && out.includes('▶ node --test')) windowStart = mark();
      if (windowStart && !window && /[✔✖] node --test/.test(out)) {
        const end = mark();
        window = {
          wall: (end.t - windowStart.t) / 1000,
          cpu: end.cpu - windowStart.cpu,
          machineBusy: (end.machine.busy - windowStart.machine.busy) / Math.max(1, end.machine.total - windowStart.machine.total),
        };
      }
    });
    proc.on('exit', (code) => {
      sampler.stop();
      const profiles = new Map<Category, Map<string, number>>();
      if (profDir) {
        for (const f of readdirSync(profDir)) {
          const pid = Number(/^CPU\.\d+\.\d+\.(\d+)\./.exec(f)?.[1]);
          const category = sampler.categoryOf(pid) ?? 'other';
          const split = profiles.get(category) ?? new Map<string, number>();
          profiles.set(category, split);
          for (const [where, ms] of profileSplit(path.join(profDir, f))) split.set(where, (split.get(where) ?? 0) + ms);
        }
      }
      const files = new Map<string, number>();
      // The spec reporter's top-level lines: "✔ suite name (12345.6ms)" (a file's top-level suite, not indented).
      for (const m of out.matchAll(/^[✔✖] (.+) \((\d+(?:\.\d+)?)ms\)$/gmu)) files.set(m[1]!, Number(m[2]) / 1000);
      const phase = /✔ node --test \((\d+(?:\.\d+)?) s\)/.exec(out);
      if (code !== 0) process.stderr.write(out.slice(-4000));
      resolve({
        files,
        wall: (performance.now() - t0) / 1000,
        nodeTest: phase ? Number(phase[1]) : undefined,
        cpu: childrenCpuSeconds() - cpu0,
        code: code ?? 1,
        load: [load0, loadavg()[0]!.toFixed(1)],
        categories: sampler.byCategory(),
        notSeen: Math.max(0, childrenCpuSeconds() - cpu0 - sampler.inTree()),
        window,
        profiles,
        samplerCpu: (process.cpuUsage(samplerCpu0).user + process.cpuUsage(samplerCpu0).system) / 1e6,
      });
    });
  });
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

const runs: Run[] = [];
for (let i = 0; i < RUNS; i++) runs.push(await once());

const names = [...new Set(runs.flatMap((r) => [...r.files.keys()]))];
const fmt = (s: number | undefined) => (s === undefined ? '–' : s.toFixed(1));
const how = [SHARDS ? `--shards=${SHARDS}` : '', CONCURRENCY ? `--test-concurrency=${CONCURRENCY}` : '', CHECKS ? `tsc and eslint ${CHECKS === 'first' ? 'before' : 'beside'} the tests` : ''].filter(Boolean).join(' ') || "the runner's defaults";
console.log(`\nTest files (${ROOT}, ${RUNS} run(s), ${how}):\n`);
console.log('| test file (top-level suite) | duration, s (median) |');
console.log('|---|---:|');
for (const name of names) console.log(`| ${name} | ${fmt(median(runs.flatMap((r) => (r.files.has(name) ? [r.files.get(name)!] : []))))} |`);
console.log('\n| run | exit | wall, s | node --test, s | CPU user+sys, s | load before → after |');
console.log('|---:|---:|---:|---:|---:|---|');
runs.forEach((r, i) => console.log(`| ${i + 1} | ${r.code} | ${fmt(r.wall)} | ${fmt(r.nodeTest)} | ${fmt(r.cpu)} | ${r.load[0]} → ${r.load[1]} |`));

console.log(`\nCPU by process category, s (every ${SAMPLE_MS} ms from /proc; PostgreSQL is the run's server and its backends):\n`);
console.log(`| run | ${CATEGORIES.join(' | ')} | not seen | all |`);
console.log(`|---:|${CATEGORIES.map(() => '---:').join('|')}|---:|---:|`);
runs.forEach((r, i) => console.log(`| ${i + 1} | ${CATEGORIES.map((c) => fmt(r.categories.get(c))).join(' | ')} | ${fmt(r.notSeen)} | ${fmt([...r.categories.values()].reduce((a, b) => a + b, r.notSeen))} |`));
const cores = availableParallelism();
console.log(`\n| run | node --test wall, s | the run's CPU in it, s | of ${cores} cores × wall, unused | whole machine busy (other work too) | this bench's own CPU, s |`);
console.log('|---:|---:|---:|---:|---:|---:|');
runs.forEach((r, i) => {
  const w = r.window;
  console.log(`| ${i + 1} | ${fmt(w?.wall)} | ${fmt(w?.cpu)} | ${w ? `${fmt(cores * w.wall - w.cpu)} s (${Math.round((100 * (cores * w.wall - w.cpu)) / (cores * w.wall))} %)` : '–'} | ${w ? `${Math.round(100 * w.machineBusy)} %` : '–'} | ${fmt(r.samplerCpu)} |`);
});
if (runs.some((r) => r.profiles.size > 0)) {
  console.log(`\nWhere the profiled Node time went (BENCH_CPU_PROF, all runs together; s, and share of the category's busy time):\n`);
  const merged = new Map<Category, Map<string, number>>();
  for (const r of runs) for (const [c, split] of r.profiles) {
    const m = merged.get(c) ?? new Map<string, number>();
    merged.set(c, m);
    for (const [k, ms] of split) m.set(k, (m.get(k) ?? 0) + ms);
  }
  for (const [c, split] of merged) {
    const busy = [...split].filter(([k]) => k !== 'idle').reduce((a, [, ms]) => a + ms, 0);
    console.log(`- ${c} (${fmt(busy / 1000)} s busy, ${fmt((split.get('idle') ?? 0) / 1000)} s idle): ${[...split].filter(([k]) => k !== 'idle').sort((a, b) => b[1] - a[1]).map(([k, ms]) => `${k} ${fmt(ms / 1000)} (${Math.round((100 * ms) / busy)} %)`).join(', ')}`);
  }
}
process.exit(runs.some((r) => r.code !== 0) ? 1 : 0);
