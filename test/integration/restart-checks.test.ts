/**
 * A restart's checks after opening the database (issue 13: restart < 1 s): on an up-to-date database whose row-level
 * security is complete, `migrateToLatest` asks everything in two statements (before: six, each a turn of PGlite's one
 * connection) and leaves row-level security on.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Database } from '../../src/db/database.ts';
import { migrateToLatest } from '../../src/db/migrate.ts';
import { tenantSwitch } from '../../src/db/tenant.ts';
import { closeReusableTestPglite, reusableTestPglite } from '../support/templates.ts';

// The PGlite is the process's reusable one (issue 13: an open costs 0.5–0.8 s of CPU); the one kept for the next suite is
// closed once every test of the process has run (see test/support/databases.ts).
after(closeReusableTestPglite);

describe('restart: the checks after opening an up-to-date embedded database', () => {
  let database: Database;
  before(async () => {
    database = await reusableTestPglite();
  });
  after(async () => {
    await database?.close();
  });

  it('migrateToLatest sends two statements and keeps row-level security on', async () => {
    const pglite = database.pglite!;
    const sent: string[] = [];
    const query = pglite.query.bind(pglite);
    pglite.query = ((text: string, ...rest: unknown[]) => {
      sent.push(text);
      return (query as (...a: unknown[]) => unknown)(text, ...rest);
    }) as typeof pglite.query;
    try {
      assert.deepEqual(await migrateToLatest(database.db), []);
    } finally {
      pglite.query = query;
    }
    const statements = sent.filter((s) => !/^\s*(set|reset|select set_config)\b/i.test(s));
    assert.ok(statements.length <= 2, `statements: ${statements.length}\n${statements.join('\n---\n')}`);
    assert.equal(tenantSwitch(database.db)?.active, true);
  });
});
