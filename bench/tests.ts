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
 * BENCH_ROOT measures another checkout (e.g. a copy of an older commit with node_modules linked), BENCH_SHARDS passes
 * `--shards=<n>` (test processes side by side, scripts/test.ts), BENCH_CONCURRENCY `--test-concurrency=<n>` (with
 * `--test-isolation=process` among the arguments).
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = process.env['BENCH_ROOT'] ? path.resolve(process.env['BENCH_ROOT']) : fileURLToPath(new URL('..', import.meta.url));
const RUNS = Number(process.env['BENCH_RUNS'] ?? 1);
const CONCURRENCY = process.env['BENCH_CONCURRENCY'];
const SHARDS = process.env['BENCH_SHARDS'];
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

interface Run {
  files: Map<string, number>;
  wall: number;
  nodeTest: number | undefined;
  cpu: number;
  code: number;
  load: [string, string];
}

function once(): Promise<Run> {
  const load0 = loadavg()[0]!.toFixed(1);
  const cpu0 = childrenCpuSeconds();
  const t0 = performance.now();
  const runnerArgs = ['--import', 'tsx', path.join(ROOT, 'scripts/test.ts'), '--skip-checks', ...(SHARDS ? [`--shards=${SHARDS}`] : []), ...(CONCURRENCY ? [`--test-concurrency=${CONCURRENCY}`] : []), ...args];
  return new Promise((resolve) => {
    const proc = spawn(process.execPath, runnerArgs, { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    proc.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    proc.on('exit', (code) => {
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
const how = [SHARDS ? `--shards=${SHARDS}` : '', CONCURRENCY ? `--test-concurrency=${CONCURRENCY}` : ''].filter(Boolean).join(' ') || "the runner's defaults";
console.log(`\nTest files (${ROOT}, ${RUNS} run(s), ${how}):\n`);
console.log('| test file (top-level suite) | duration, s (median) |');
console.log('|---|---:|');
for (const name of names) console.log(`| ${name} | ${fmt(median(runs.flatMap((r) => (r.files.has(name) ? [r.files.get(name)!] : []))))} |`);
console.log('\n| run | exit | wall, s | node --test, s | CPU user+sys, s | load before → after |');
console.log('|---:|---:|---:|---:|---:|---|');
runs.forEach((r, i) => console.log(`| ${i + 1} | ${r.code} | ${fmt(r.wall)} | ${fmt(r.nodeTest)} | ${fmt(r.cpu)} | ${r.load[0]} → ${r.load[1]} |`));
process.exit(runs.some((r) => r.code !== 0) ? 1 : 0);
