/**
 * The server serves before its job workers run (issue 13: ready = serving). A start no longer waits for the workers and
 * their schedules: `startServer` returns and `/health` answers while they are still starting, and `/ready` tells the
 * truth meanwhile (503 `job_queue_not_started`, ADR 0030) and turns 200 once they run. PostgreSQL only: another
 * connection holds a lock on pg-boss's schedule table, which only the workers' start reads, so the workers are held at a
 * known point (PGlite has one connection, so nothing can be held there without holding the whole server).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { loadConfig } from '../../src/config.ts';
import { startServer, type RunningServer } from '../../src/server.ts';
import { createLogger } from '../../src/shared/logger.ts';
import { acquirePostgresServer, createDatabase, freePort, type PostgresServer } from '../support/pg-server.ts';

describe('start: the workers start after the server listens', () => {
  let server: PostgresServer;
  before(async () => {
    server = await acquirePostgresServer();
  });
  after(async () => {
    await server?.stop();
  });

  it('serves /health while the workers are held, /ready is 503 job_queue_not_started until they run, then 200', async () => {
    const db = await createDatabase(server.url);
    const config = async () => loadConfig({ PORT: String(await freePort()), HOST: '127.0.0.1', DATABASE_URL: db.url, KLACHTWIJS_DEMO: 'false' });
    const first = await startServer(await config(), createLogger('silent'));
    await first.workers;
    await first.close();
    const holder = new pg.Client({ connectionString: db.url });
    await holder.connect();
    let running: RunningServer | undefined;
    let released = false;
    try {
      await holder.query('begin');
      await holder.query('lock table pgboss.schedule in access exclusive mode');
      const started = startServer(await config(), createLogger('silent'));
      const timeout = new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), 20_000).unref());
      const result = await Promise.race([started, timeout]);
      if (result === 'timeout') {
        await holder.query('rollback');
        released = true;
        running = await started;
        assert.fail('startServer waited for the workers (held on pgboss.schedule) before it listened');
      }
      running = result;
      assert.equal((await fetch(`${running.url}/health`)).status, 200);
      const held = await fetch(`${running.url}/ready`);
      assert.equal(held.status, 503);
      assert.deepEqual(await held.json(), { status: 'not_ready', problems: ['job_queue_not_started'] });
      await holder.query('rollback');
      released = true;
      await running.workers;
      const ready = await fetch(`${running.url}/ready`);
      assert.equal(ready.status, 200, await ready.clone().text());
    } finally {
      if (!released) await holder.query('rollback').catch(() => undefined);
      await holder.end();
      await running?.close();
      await db.drop();
    }
  });
});
