/**
 * Issue 13: a first start on an empty data folder loads the migrated template kept in the cache folder (src/db/template.ts)
 * instead of running initdb; a template that is behind never gives a wrong database, and a restart never loads one.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { openDatabase } from '../../src/db/database.ts';
import { migrateToLatest } from '../../src/db/migrate.ts';
import { migrations } from '../../src/db/migrations/index.ts';
import { makePgliteTemplate, pgliteVersionOf, templateFile, writeTemplateFile } from '../../src/db/template.ts';

const names = Object.keys(migrations);
/** A template as an older version of Klachtwijs made it: without the last two migrations. */
const olderMigrations = Object.fromEntries(Object.entries(migrations).slice(0, -2));

describe('first start from the cached template', () => {
  let root: string;
  let older: Blob;
  before(async () => {
    root = mkdtempSync(join(tmpdir(), 'kw-first-start-'));
    older = await makePgliteTemplate(olderMigrations);
  });
  after(() => rmSync(root, { recursive: true, force: true }));

  test('a template under the current key that lacks migrations is loaded, and migrateToLatest adds exactly those', async () => {
    const cache = join(root, 'cache-behind');
    // Under the current key's file name, as if it were current: only migrateToLatest stands between it and a wrong database.
    await writeTemplateFile(templateFile(cache), older);
    const dataDir = join(root, 'data-behind');
    const database = await openDatabase({ kind: 'pglite', dataDir, templateCache: cache });
    try {
      const ran = (await migrateToLatest(database.db)).map((r) => r.migrationName);
      // Loaded from the template: initdb would have run every migration here.
      assert.deepEqual(ran, names.slice(-2));
      const { rows } = await database.pglite!.query<{ n: number }>('select count(*)::int as n from kysely_migration');
      assert.equal(rows[0]!.n, names.length);
    } finally {
      await database.close();
    }
    // A restart finds the database and loads nothing (loading into a folder with a database would throw).
    const again = await openDatabase({ kind: 'pglite', dataDir, templateCache: cache });
    try {
      assert.deepEqual(await migrateToLatest(again.db), []);
    } finally {
      await again.close();
    }
  });

  test('a template of other migrations (another key) is not used: the current one is made, kept and loaded', async () => {
    const cache = join(root, 'cache-other');
    const other = join(cache, `pglite-${pgliteVersionOf()}-0000000000000000.tar`);
    await writeTemplateFile(other, older);
    const dataDir = join(root, 'data-other');
    const database = await openDatabase({ kind: 'pglite', dataDir, templateCache: cache });
    try {
      assert.deepEqual(await migrateToLatest(database.db), [], 'started from a template of the current migrations');
    } finally {
      await database.close();
    }
    assert.ok(existsSync(templateFile(cache)), 'the current template is kept for the next first start');
    assert.deepEqual(readdirSync(cache).sort(), [other, templateFile(cache)].map((f) => f.slice(cache.length + 1)).sort());
  });
});
