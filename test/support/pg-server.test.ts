import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import pg from 'pg';
import { createDatabase, startPostgresServer } from './pg-server.ts';
import type { PostgresServer } from './pg-server.ts';

async function query<T>(url: string, sql: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql)).rows as T[];
  } finally {
    await client.end();
  }
}

describe('startPostgresServer', () => {
  let server: PostgresServer;
  before(async () => {
    server = await startPostgresServer();
  });
  after(async () => {
    await server.stop();
  });

  test('listens on 127.0.0.1 and answers queries as PostgreSQL 15', async () => {
    const url = new URL(server.url);
    assert.equal(url.hostname, '127.0.0.1');
    assert.equal(url.password, '');
    const [row] = await query<{ version: string }>(server.url, 'SELECT version()');
    assert.match(row?.version ?? '', /^PostgreSQL 15\./, 'Debian 12 ships PostgreSQL 15, the version we support');
    const [settings] = await query<{ fsync: string; encoding: string }>(
      server.url,
      "SELECT current_setting('fsync') AS fsync, current_setting('server_encoding') AS encoding",
    );
    assert.deepEqual(settings, { fsync: 'off', encoding: 'UTF8' });
  });

  test('createDatabase gives isolated databases and drops them, even with open connections', async () => {
    const a = await createDatabase(server.url);
    const b = await createDatabase(server.url);
    try {
      assert.notEqual(a.url, b.url);
      await query(a.url, 'CREATE TABLE only_in_a (id int)');
      const inA = await query<{ t: string | null }>(a.url, "SELECT to_regclass('only_in_a')::text AS t");
      const inB = await query<{ t: string | null }>(b.url, "SELECT to_regclass('only_in_a')::text AS t");
      assert.equal(inA[0]?.t, 'only_in_a');
      assert.equal(inB[0]?.t, null);

      const leftOpen = new pg.Client({ connectionString: a.url });
      leftOpen.on('error', () => {}); // terminated by DROP ... WITH (FORCE)
      await leftOpen.connect();
      await a.drop();
      await a.drop(); // twice is fine
      const name = new URL(a.url).pathname.slice(1);
      const left = await query(server.url, `SELECT 1 FROM pg_database WHERE datname = '${name}'`);
      assert.equal(left.length, 0);
      await leftOpen.end().catch(() => {});
    } finally {
      await a.drop();
      await b.drop();
    }
  });
});

test('stop() shuts the server down and removes its folder', async () => {
  const server = await startPostgresServer();
  const [row] = await query<{ dir: string }>(server.url, "SELECT current_setting('data_directory') AS dir");
  const dataDir = row?.dir ?? '';
  assert.ok(existsSync(dataDir));
  await server.stop();
  await server.stop(); // twice is fine
  assert.equal(existsSync(dataDir), false);
  await assert.rejects(query(server.url, 'SELECT 1'), /ECONNREFUSED/);
});
