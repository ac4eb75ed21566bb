import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before } from 'node:test';
import type { Browser } from 'playwright-core';
import { loadConfig } from '../../src/config.ts';
import { startServer, type RunningServer } from '../../src/server.ts';
import { createLogger, type Logger } from '../../src/shared/logger.ts';
import { launchBrowser } from './browser.ts';
import { freePort } from './pg-server.ts';
import { closeReusableTestPglite, reusableTestPglite } from './templates.ts';

// The PGlite the live servers reused is closed once every test of the process has run (see test/support/databases.ts).
after(closeReusableTestPglite);

/** A running live server (`startLiveServer`). */
export type LiveServer = RunningServer & { url: string; dispose(): Promise<void> };

/**
 * A real HTTP server on a loopback port over a fresh embedded database, for browser tests. The database is an in-memory
 * PGlite as the migrated template left it (test/support/templates.ts: reused from the suite before when it can be) and handed to `startServer`, which still runs the
 * migrations (a no-op) and everything else a start does; with DATABASE_URL in `env` the server opens that itself.
 */
export async function startLiveServer(env: Record<string, string> = {}, opts: { logger?: Logger } = {}): Promise<LiveServer> {
  const dir = mkdtempSync(path.join(tmpdir(), 'kw-live-'));
  const config = loadConfig({ PORT: String(await freePort()), HOST: '127.0.0.1', KLACHTWIJS_DATA_DIR: dir, KLACHTWIJS_DEMO: 'false', ...env });
  const database = config.databaseUrl ? undefined : await reusableTestPglite();
  let server: RunningServer;
  try {
    server = await startServer(config, opts.logger ?? createLogger('silent'), database ? { database } : {});
  } catch (error) {
    await database?.close();
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  const url = `http://127.0.0.1:${server.port}`;
  return {
    ...server,
    url,
    dispose: async () => {
      await server.close();
      await database?.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * One live server and one browser for a browser test suite: registers `before` and `after` hooks in the suite being
 * defined that start the server and connect the browser, and close both. Read `.server` and `.browser` in the suite's
 * hooks and tests. A suite that walks its pages at several screen widths shares them (each page has its own viewport; an
 * organisation per width keeps the walks apart): a live server costs ~0.65 s of CPU to start (issue 13).
 */
export function liveServerAndBrowser(env: Record<string, string> = {}): { readonly server: LiveServer; readonly browser: Browser } {
  const live = {} as { server: LiveServer; browser: Browser };
  before(async () => {
    live.server = await startLiveServer(env);
    live.browser = await launchBrowser();
  });
  after(async () => {
    await live.browser?.close();
    await live.server?.dispose();
  });
  return live;
}
