/**
 * The migrated templates (issue 13): a copy is a complete, migrated, isolated database, and a template made before a
 * migration was added can never hide it (the copy's `migrateToLatest` runs what the template lacks). Both hold pg-boss's
 * schema and queues, so a test's job queue does not make them again.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { openDatabase } from '../../src/db/database.ts';
import { migrateToLatest } from '../../src/db/migrate.ts';
import { migrations } from '../../src/db/migrations/index.ts';
import { prepareRowLevelSecurity } from '../../src/db/rls.ts';
import { JobQueue } from '../../src/jobs/queue.ts';
import { JOBS } from '../../src/jobs/registry.ts';
import { acquirePostgresServer, createDatabase, type PostgresServer } from './pg-server.ts';
import { makePgliteTemplate, migrationsKey, openTestPglite, parseDataDirDump, pgliteTemplateBlob, postgresTemplate, postgresTemplateName, writePgliteTemplate } from './templates.ts';

const names = Object.keys(migrations);
const last = names.at(-1)!;

describe('PGlite template', () => {
  test('a copy of the template is migrated: migrateToLatest has nothing left to do, and row-level security is on', async () => {
    const database = await openTestPglite();
    try {
      assert.deepEqual(await migrateToLatest(database.db), []);
      const done = await database.db.selectFrom('kysely_migration' as never).select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow();
      assert.equal((done as { n: number }).n, names.length);
      assert.equal(await prepareRowLevelSecurity(database.db), 'on');
    } finally {
      await database.close();
    }
  });

  test('a copy holds pg-boss\'s schema and every job\'s queue (and no database but postgres), and the job queue starts on it and can enqueue', async () => {
    const database = await openTestPglite();
    try {
      const databases = await database.pglite!.query<{ datname: string }>('select datname from pg_database order by datname');
      assert.deepEqual(databases.rows.map((r) => r.datname), ['postgres'], 'only the one database PGlite serves');
      const queues = await database.pglite!.query<{ name: string }>('select name from pgboss.queue order by name');
      assert.deepEqual(queues.rows.map((r) => r.name), JOBS.map((j) => j.name).sort());
      const queue = await JobQueue.start(database, { maintain: false });
      try {
        const job = JOBS[0]!;
        assert.ok(await queue.boss.send(job.name, {}), 'a job is queued');
      } finally {
        await queue.stop();
      }
    } finally {
      await database.close();
    }
  });

  test('copies are isolated from each other', async () => {
    const a = await openTestPglite();
    const b = await openTestPglite();
    try {
      await a.pglite!.exec(`insert into settings (key, value) values ('templates-test', 'a')`);
      const inB = await b.pglite!.query<{ n: number }>(`select count(*)::int as n from settings where key = 'templates-test'`);
      assert.equal(inB.rows[0]!.n, 0);
    } finally {
      await a.close();
      await b.close();
    }
  });

  test('a copy starts from the template alone: what an earlier copy wrote and checkpointed is not in it', async () => {
    // The template's files are parsed once per process and copied into each copy's file system: a copy that wrote into
    // the template's own bytes would hand its rows to every later copy.
    const a = await openTestPglite();
    try {
      // a new row (a new page) and a change in a page the template holds (its migration lock row, 0 there)
      await a.pglite!.exec(`insert into settings (key, value) values ('templates-test-after', 'a'); update kysely_migration_lock set is_locked = 1; checkpoint`);
    } finally {
      await a.close();
    }
    const b = await openTestPglite();
    try {
      const inB = await b.pglite!.query<{ n: number; locked: number }>(
        `select (select count(*)::int from settings where key = 'templates-test-after') as n, (select max(is_locked) from kysely_migration_lock) as locked`,
      );
      assert.deepEqual(inB.rows[0], { n: 0, locked: 0 });
    } finally {
      await b.close();
    }
  });

  test('the template dump is read as PGlite wrote it: its PG_VERSION, folders and files, and a copy equals PGlite\'s own load', async () => {
    const blob = await pgliteTemplateBlob();
    const entries = parseDataDirDump(new Uint8Array(await blob.arrayBuffer()));
    const version = entries.find((e) => e.path === 'PG_VERSION');
    assert.ok(version?.data, 'PG_VERSION is a file of the dump');
    const copy = await openTestPglite();
    const own = await openDatabase({ kind: 'pglite', loadDataDir: blob });
    try {
      const major = await copy.pglite!.query<{ v: string }>(`select current_setting('server_version_num') as v`);
      assert.equal(new TextDecoder().decode(version.data).trim(), String(Math.floor(Number(major.rows[0]!.v) / 10000)));
      assert.ok(entries.some((e) => e.path === 'base' && e.data === null), 'folders are entries of their own');
      assert.ok(entries.every((e) => !e.path.startsWith('/') && e.path !== ''), 'paths are relative to the data folder');
      const shape = `select (select count(*)::int from pg_class where relnamespace not in ('pg_catalog'::regnamespace, 'information_schema'::regnamespace)) as relations,
        (select count(*)::int from kysely_migration) as migrations, (select count(*)::int from pgboss.queue) as queues`;
      assert.deepEqual((await copy.pglite!.query(shape)).rows, (await own.pglite!.query(shape)).rows);
    } finally {
      await copy.close();
      await own.close();
    }
  });

  test('a stale template (made before the last migration) still gets that migration when a copy is opened', async () => {
    const stale = await makePgliteTemplate(Object.fromEntries(Object.entries(migrations).slice(0, -1)));
    const database = await openDatabase({ kind: 'pglite', loadDataDir: stale });
    try {
      const results = await migrateToLatest(database.db);
      assert.deepEqual(results.map((r) => [r.migrationName, r.status]), [[last, 'Success']]);
    } finally {
      await database.close();
    }
  });

  test('the template file is named by the migrations, so a changed migration makes a new one', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kw-templates-test-'));
    try {
      // What is written is what `make` gives: the run's template here (the tests above check what it holds), not a second one.
      let made = 0;
      const make = async () => {
        made++;
        return pgliteTemplateBlob();
      };
      const file = await writePgliteTemplate(dir, make);
      assert.match(migrationsKey(), /^[0-9a-f]{16}$/);
      assert.equal(file, join(dir, `pglite-${migrationsKey()}.tar`));
      // (Buffer.equals: a deepEqual of two 30 MB dumps that differ spends minutes writing the difference.)
      assert.ok(readFileSync(file).equals(Buffer.from(await (await pgliteTemplateBlob()).arrayBuffer())), 'the file holds the dump `make` gave');
      assert.deepEqual(readdirSync(dir), [`pglite-${migrationsKey()}.tar`], 'no temporary file left behind');
      assert.equal(await writePgliteTemplate(dir, make), file, 'made once, then reused');
      assert.equal(made, 1, 'made once, then reused');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('PostgreSQL template database', () => {
  let server: PostgresServer;
  before(async () => {
    server = await acquirePostgresServer();
  });
  after(async () => {
    await server?.stop();
  });

  test('is made once per server, marked as a template that refuses connections, and named by the migrations', async () => {
    const name = await postgresTemplate(server.url);
    assert.equal(name, postgresTemplateName());
    assert.equal(await postgresTemplate(server.url), name);
    const admin = await openDatabase({ kind: 'postgres', url: server.url });
    try {
      const row = await sql<{ datistemplate: boolean; datallowconn: boolean }>`
        select datistemplate, datallowconn from pg_database where datname = ${name}`.execute(admin.db);
      assert.deepEqual(row.rows, [{ datistemplate: true, datallowconn: false }]);
    } finally {
      await admin.close();
    }
  });

  test('a copy is migrated, with the row-level-security grants copied, and isolated from the next copy', async () => {
    const template = await postgresTemplate(server.url);
    const a = await createDatabase(server.url, { template });
    const b = await createDatabase(server.url, { template });
    const da = await openDatabase({ kind: 'postgres', url: a.url });
    const dbb = await openDatabase({ kind: 'postgres', url: b.url });
    try {
      assert.equal(await prepareRowLevelSecurity(da.db), 'on', 'the role may use the copied tables');
      assert.deepEqual(await migrateToLatest(da.db), []);
      const queues = await sql<{ name: string }>`select name from pgboss.queue order by name`.execute(da.db);
      assert.deepEqual(queues.rows.map((r) => r.name), JOBS.map((j) => j.name).sort(), 'pg-boss\'s schema and queues are copied');
      await sql`insert into settings (key, value) values ('templates-test', 'a')`.execute(da.db);
      const inB = await sql<{ n: number }>`select count(*)::int as n from settings where key = 'templates-test'`.execute(dbb.db);
      assert.equal(inB.rows[0]!.n, 0);
    } finally {
      await da.close();
      await dbb.close();
      await a.drop();
      await b.drop();
    }
  });
});
