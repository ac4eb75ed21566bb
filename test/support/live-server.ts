import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../src/config.ts';
import { startServer, type RunningServer } from '../../src/server.ts';
import { createLogger } from '../../src/shared/logger.ts';
import { freePort } from './pg-server.ts';

/** A real HTTP server on a loopback port over a fresh embedded database, for browser tests. */
export async function startLiveServer(env: Record<string, string> = {}): Promise<RunningServer & { dispose(): Promise<void> }> {
  const dir = mkdtempSync(path.join(tmpdir(), 'kw-live-'));
  const config = loadConfig({ PORT: String(await freePort()), HOST: '127.0.0.1', KLACHTWIJS_DATA_DIR: dir, KLACHTWIJS_DEMO: 'false', ...env });
  const server = await startServer(config, createLogger('silent'));
  const url = `http://127.0.0.1:${server.port}`;
  return {
    ...server,
    url,
    dispose: async () => {
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
