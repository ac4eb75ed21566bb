/**
 * Two instances starting together on one empty PostgreSQL database never fail (issue 8): migrations, refold
 * and the demo seed run under one advisory lock, so the second instance waits, finds everything done, and
 * starts. With DATABASE_URL the demo is made only when KLACHTWIJS_DEMO=true is set explicitly.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { loadConfig } from '../../src/config.ts';
import { openDatabase } from '../../src/db/database.ts';
import { startServer, type RunningServer } from '../../src/server.ts';
import { createLogger } from '../../src/shared/logger.ts';
import { DEMO_SLUG } from '../../src/usecases/demo/seed-demo.ts';
import { acquirePostgresServer, createDatabase, freePort, type PostgresServer } from '../support/pg-server.ts';

describe('two instances starting together on an empty PostgreSQL database', () => {
  let server: PostgresServer;
  before(async () => {
    server = await acquirePostgresServer();
  });
  after(async () => {
    await server?.stop();
  });

  async function startTogether(url: string, env: Record<string, string>, n: number) {
    const configs = await Promise.all(Array.from({ length: n }, async () => loadConfig({ PORT: String(await freePort()), HOST: '127.0.0.1', DATABASE_URL: url, ...env })));
    return Promise.allSettled(configs.map((config) => startServer(config, createLogger('silent'))));
  }

  async function organisations(url: string) {
    const database = await openDatabase({ kind: 'postgres', url });
    try {
      return await database.db.selectFrom('organisations').select('slug').execute();
    } finally {
      await database.close();
    }
  }

  it('both start, the schema is migrated once and there is exactly one demo organisation (KLACHTWIJS_DEMO=true)', async () => {
    const db = await createDatabase(server.url);
    const started: RunningServer[] = [];
    try {
      const results = await startTogether(db.url, { KLACHTWIJS_DEMO: 'true' }, 3);
      for (const r of results) if (r.status === 'fulfilled') started.push(r.value);
      assert.deepEqual(
        results.map((r) => (r.status === 'fulfilled' ? 'started' : String(r.reason))),
        ['started', 'started', 'started'],
      );
      assert.equal(started.filter((s) => s.demoLogins !== null).length, 1, 'one instance made the demo and printed its log-ins');
      assert.deepEqual(await organisations(db.url), [{ slug: DEMO_SLUG }]);
      for (const s of started) assert.equal((await fetch(`${s.url}/health`)).status, 200);
    } finally {
      await Promise.all(started.map((s) => s.close()));
      await db.drop();
    }
  });

  it('makes no demo organisation on a production database unless asked (DATABASE_URL without KLACHTWIJS_DEMO)', async () => {
    const db = await createDatabase(server.url);
    const started: RunningServer[] = [];
    try {
      const results = await startTogether(db.url, {}, 2);
      for (const r of results) if (r.status === 'fulfilled') started.push(r.value);
      assert.equal(started.length, 2, results.map((r) => (r.status === 'rejected' ? String(r.reason) : 'ok')).join('; '));
      assert.ok(started.every((s) => s.demoLogins === null));
      assert.deepEqual(await organisations(db.url), []);
    } finally {
      await Promise.all(started.map((s) => s.close()));
      await db.drop();
    }
  });
});
