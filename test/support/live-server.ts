import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../src/config.ts';
import { startServer, type RunningServer } from '../../src/server.ts';
import { createLogger } from '../../src/shared/logger.ts';
import { freePort } from './pg-server.ts';
import { openTestPglite } from './templates.ts';

/**
 * A real HTTP server on a loopback port over a fresh embedded database, for browser tests. The database is an in-memory
 * PGlite loaded from the migrated template (test/support/templates.ts) and handed to `startServer`, which still runs the
 * migrations (a no-op) and everything else a start does; with DATABASE_URL in `env` the server opens that itself.
 */
export async function startLiveServer(env: Record<string, string> = {}): Promise<RunningServer & { dispose(): Promise<void> }> {
  const dir = mkdtempSync(path.join(tmpdir(), 'kw-live-'));
  const config = loadConfig({ PORT: String(await freePort()), HOST: '127.0.0.1', KLACHTWIJS_DATA_DIR: dir, KLACHTWIJS_DEMO: 'false', ...env });
  const database = config.databaseUrl ? undefined : await openTestPglite();
  let server: RunningServer;
  try {
    server = await startServer(config, createLogger('silent'), database ? { database } : {});
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
