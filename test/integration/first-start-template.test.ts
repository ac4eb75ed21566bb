/**
 * Issue 13: a first start on an empty data folder copies the migrated template folder kept in the cache folder
 * (src/db/template.ts) instead of running initdb; a template that is behind never gives a wrong database, a template of
 * other migrations is never used, a copy cut off halfway is made again, and a restart never copies one.
 */
import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { openDatabase } from '../../src/db/database.ts';
import { migrateToLatest } from '../../src/db/migrate.ts';
import { migrations } from '../../src/db/migrations/index.ts';
import { copyTemplateInto, makePgliteTemplateDir, pgliteVersionOf, templateDir } from '../../src/db/template.ts';
import { JOBS } from '../../src/jobs/registry.ts';

const names = Object.keys(migrations);
/** A template as an older version of Klachtwijs made it: without the last two migrations. */
const olderMigrations = Object.fromEntries(Object.entries(migrations).slice(0, -2));

describe('first start from the cached template', () => {
  let root: string;
  let older: string;
  before(async () => {
    root = mkdtempSync(join(tmpdir(), 'kw-first-start-'));
    older = join(root, 'older-template');
    await makePgliteTemplateDir(older, olderMigrations);
  });
  after(() => rmSync(root, { recursive: true, force: true }));

  test('a template under the current key that lacks migrations is copied, and migrateToLatest adds exactly those', async () => {
    const cache = join(root, 'cache-behind');
    // Under the current key's name, as if it were current: only migrateToLatest stands between it and a wrong database.
    copyTemplateInto(older, templateDir(cache));
    const dataDir = join(root, 'data-behind');
    const database = await openDatabase({ kind: 'pglite', dataDir, templateCache: cache });
    try {
      const ran = (await migrateToLatest(database.db)).map((r) => r.migrationName);
      // Copied from the template: initdb would have run every migration here.
      assert.deepEqual(ran, names.slice(-2));
      const { rows } = await database.pglite!.query<{ n: number }>('select count(*)::int as n from kysely_migration');
      assert.equal(rows[0]!.n, names.length);
    } finally {
      await database.close();
    }
    // A restart finds the database and copies nothing: a row written now is still there.
    const again = await openDatabase({ kind: 'pglite', dataDir, templateCache: cache });
    try {
      assert.deepEqual(await migrateToLatest(again.db), []);
      await again.pglite!.exec(`create table restart_marker (x int); insert into restart_marker values (1)`);
    } finally {
      await again.close();
    }
    const third = await openDatabase({ kind: 'pglite', dataDir, templateCache: cache });
    try {
      assert.deepEqual((await third.pglite!.query<{ x: number }>('select x from restart_marker')).rows, [{ x: 1 }]);
    } finally {
      await third.close();
    }
  });

  test('a template of other migrations (another key) is not used: the current one is made, kept and copied, with the job schema', async () => {
    const cache = join(root, 'cache-other');
    const other = join(cache, `pglite-${pgliteVersionOf()}-0000000000000000`);
    copyTemplateInto(older, other);
    const dataDir = join(root, 'data-other');
    const database = await openDatabase({ kind: 'pglite', dataDir, templateCache: cache });
    try {
      assert.deepEqual(await migrateToLatest(database.db), [], 'started from a template of the current migrations');
      // pg-boss's schema and every job's queue come with the template, so the first start's job queue starts as on a restart.
      const { rows } = await database.pglite!.query<{ name: string }>('select name from pgboss.queue order by name');
      assert.deepEqual(rows.map((r) => r.name), JOBS.map((j) => j.name).sort());
    } finally {
      await database.close();
    }
    assert.ok(existsSync(join(templateDir(cache), 'PG_VERSION')), 'the current template is kept for the next first start');
    assert.deepEqual(readdirSync(cache).sort(), [other, templateDir(cache)].map((f) => f.slice(cache.length + 1)).sort());
  });

  test('a copy cut off before PG_VERSION counts as empty and is copied again', async () => {
    const cache = join(root, 'cache-cut');
    copyTemplateInto(older, templateDir(cache));
    const dataDir = join(root, 'data-cut');
    // What a first start killed halfway leaves: some files, never PG_VERSION (it is copied last).
    cpSync(templateDir(cache), dataDir, { recursive: true, filter: (src) => !src.endsWith('PG_VERSION') && !src.includes(`${join('base', '')}`) });
    assert.ok(!existsSync(join(dataDir, 'PG_VERSION')));
    const database = await openDatabase({ kind: 'pglite', dataDir, templateCache: cache });
    try {
      assert.deepEqual((await migrateToLatest(database.db)).map((r) => r.migrationName), names.slice(-2), 'the template was copied again');
    } finally {
      await database.close();
    }
  });
});
