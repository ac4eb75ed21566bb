/**
 * What one test's set-up costs, the old way and the new way (issue 13, lane tests), measured side by side:
 *
 *   npm run bench:test-setup             3 rounds
 *   npm run bench:test-setup -- 5        5 rounds
 *
 * Each round runs the old and the new way of each set-up right after each other (old, new, old, new, ...), so both see
 * the same machine load; the table shows the median wall time and the median CPU time of this process (PGlite runs in it;
 * PostgreSQL's and Chromium's own CPU are not in it). Rows:
 *   - an empty migrated PGlite: `openDatabase` (initdb) + `migrateToLatest`, vs a copy of the template dump (`openTestPglite`);
 *   - an empty migrated PostgreSQL database: CREATE DATABASE … TEMPLATE template0 + migrations, vs TEMPLATE the migrated
 *     template database (+ `migrateToLatest`, a no-op);
 *   - a live server for browser tests: `startServer` on a fresh data folder, vs on a copy of the template (startLiveServer);
 *   - a browser for one test file: launch Chromium, vs connect to the run's shared Chromium (+ one page, then close).
 * The one-off costs (making the templates, starting the shared browser) are printed below the table.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { loadConfig } from '../src/config.ts';
import { openDatabase } from '../src/db/database.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { startServer } from '../src/server.ts';
import { createLogger } from '../src/shared/logger.ts';
import { BROWSER_ENV, launchBrowser, launchBrowserServer } from '../test/support/browser.ts';
import { startLiveServer } from '../test/support/live-server.ts';
import { createDatabase, freePort, startPostgresServer } from '../test/support/pg-server.ts';
import { openTestPglite, postgresTemplate, TEMPLATES_ENV, writePgliteTemplate } from '../test/support/templates.ts';

const rounds = Number(process.argv[2] ?? 3);
interface Sample {
  wall: number;
  cpu: number;
}
const samples = new Map<string, Sample[]>();

async function measure(name: string, work: () => Promise<void>): Promise<void> {
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  await work();
  const wall = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  const list = samples.get(name) ?? [];
  list.push({ wall, cpu: (cpu.user + cpu.system) / 1000 });
  samples.set(name, list);
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

async function oneOff(label: string, work: () => Promise<unknown>): Promise<string> {
  const t0 = performance.now();
  await work();
  return `${label}: ${Math.round(performance.now() - t0)} ms`;
}

const load0 = (await import('node:fs')).readFileSync('/proc/loadavg', 'utf8').trim();
const runDir = mkdtempSync(join(tmpdir(), 'kw-bench-test-setup-'));
const pgServer = await startPostgresServer();
const oneOffs: string[] = [];
try {
  oneOffs.push(await oneOff('PGlite template (initdb, migrate, dump)', () => writePgliteTemplate(runDir)));
  process.env[TEMPLATES_ENV] = runDir;
  let template = '';
  oneOffs.push(await oneOff('PostgreSQL template database (create, migrate, mark)', async () => (template = await postgresTemplate(pgServer.url))));
  let wsEndpoint = '';
  let browserServer: Awaited<ReturnType<typeof launchBrowserServer>> | undefined;
  oneOffs.push(await oneOff('shared Chromium (launchServer)', async () => {
    browserServer = await launchBrowserServer();
    wsEndpoint = browserServer.wsEndpoint();
  }));
  // warm-up: the first PGlite of a process compiles the WebAssembly; not part of either way
  await (await openTestPglite()).close();

  for (let round = 0; round < rounds; round++) {
    await measure('PGlite: initdb + migrate (old)', async () => {
      const d = await openDatabase({ kind: 'pglite' });
      await migrateToLatest(d.db);
      await d.close();
    });
    await measure('PGlite: template copy (new)', async () => {
      const d = await openTestPglite();
      await d.close();
    });
    await measure('PostgreSQL: TEMPLATE template0 + migrate (old)', async () => {
      const t = await createDatabase(pgServer.url);
      const d = await openDatabase({ kind: 'postgres', url: t.url });
      await migrateToLatest(d.db);
      await d.close();
      await t.drop();
    });
    await measure('PostgreSQL: TEMPLATE migrated (new)', async () => {
      const t = await createDatabase(pgServer.url, { template });
      const d = await openDatabase({ kind: 'postgres', url: t.url });
      await migrateToLatest(d.db);
      await d.close();
      await t.drop();
    });
    await measure('live server: data folder, initdb (old)', async () => {
      const dir = mkdtempSync(join(tmpdir(), 'kw-live-'));
      const config = loadConfig({ PORT: String(await freePort()), HOST: '127.0.0.1', KLACHTWIJS_DATA_DIR: dir, KLACHTWIJS_DEMO: 'false' });
      const s = await startServer(config, createLogger('silent'));
      await s.close();
      rmSync(dir, { recursive: true, force: true });
    });
    await measure('live server: template copy (new)', async () => {
      const s = await startLiveServer();
      await s.dispose();
    });
    await measure('browser: launch Chromium (old)', async () => {
      delete process.env[BROWSER_ENV];
      const b = await launchBrowser();
      await (await b.newPage()).goto('about:blank');
      await b.close();
    });
    await measure('browser: connect to the shared one (new)', async () => {
      const b = await chromium.connect(wsEndpoint);
      await (await b.newPage()).goto('about:blank');
      await b.close();
    });
  }
  await browserServer?.close();
} finally {
  await pgServer.stop();
  rmSync(runDir, { recursive: true, force: true });
}

const load1 = (await import('node:fs')).readFileSync('/proc/loadavg', 'utf8').trim();
console.log(`\n### Test set-up, old vs new (${rounds} rounds, median)\n`);
console.log('| set-up | wall ms | CPU ms (this process) |');
console.log('|---|---:|---:|');
for (const [name, list] of samples) {
  console.log(`| ${name} | ${Math.round(median(list.map((s) => s.wall)))} | ${Math.round(median(list.map((s) => s.cpu)))} |`);
}
console.log(`\nOne-off per run: ${oneOffs.join('; ')}.`);
console.log(`Load (/proc/loadavg) before: ${load0}; after: ${load1}.`);
