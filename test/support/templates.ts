/**
 * Migrate once and copy (issue 13): every test database starts from a migrated template instead of initdb + migrations.
 *
 * - PGlite: one migrated in-memory PGlite, dumped with `dumpDataDir('none')`; each test PGlite starts from that dump
 *   (`openDatabase({ kind: 'pglite', loadDataDir })`: ~1 s instead of initdb ~3-4 s plus the migrations).
 * - PostgreSQL: one migrated database per server, marked IS_TEMPLATE; each test database is `CREATE DATABASE … TEMPLATE` it.
 *
 * Both are keyed by the migrations (a hash of every file in src/db/migrations/, names and contents): a template made before a
 * migration was added or changed is never used, and callers still run `migrateToLatest` on the copy (a no-op on a fresh
 * template, the missing migrations on a stale one).
 *
 * `npm test` (scripts/test.ts) makes both once before the test processes start and passes the folder of the PGlite dump in
 * KLACHTWIJS_TEST_TEMPLATES; the PostgreSQL template lives on the shared server. A test file run on its own (no env) makes
 * the PGlite template itself, once per process, and the PostgreSQL template on its private server: still correct, slower.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, openAsBlob } from 'node:fs';
import { rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import pg from 'pg';
import { openDatabase, type Database } from '../../src/db/database.ts';
import { migrateToLatest } from '../../src/db/migrate.ts';
import { makePgliteTemplate, migrationsKey } from '../../src/db/template.ts';
import { migrations as allMigrations } from '../../src/db/migrations/index.ts';

// The key and the dump are made by the same code as the first start's template (src/db/template.ts).
export { makePgliteTemplate, migrationsKey };

/** pg-boss's schema and every job's queue, as the first start of a server makes them (then stopped). */
async function makeJobSchema(database: Database): Promise<void> {
  const { JobQueue } = await import('../../src/jobs/queue.ts');
  const queue = await JobQueue.start(database, { maintain: false });
  await queue.stop();
}

/** The tests' PGlite template: every migration and pg-boss's schema with one queue per job. */
function makeTestPgliteTemplate(): Promise<Blob> {
  return makePgliteTemplate(allMigrations, makeJobSchema);
}

/** The env variable with the folder that holds the PGlite template dump of this test run. */
export const TEMPLATES_ENV = 'KLACHTWIJS_TEST_TEMPLATES';

function pgliteTemplateFile(dir: string): string {
  return join(dir, `pglite-${migrationsKey()}.tar`);
}

/** Makes the PGlite template file in `dir` unless it is there (scripts/test.ts, before the test processes start). */
export async function writePgliteTemplate(dir: string): Promise<string> {
  const file = pgliteTemplateFile(dir);
  if (existsSync(file)) return file;
  const blob = await makeTestPgliteTemplate();
  const tmp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}`;
  await writeFile(tmp, new Uint8Array(await blob.arrayBuffer()));
  await rename(tmp, file); // atomic: a reader never sees half a dump
  return file;
}

let pgliteTemplate: Promise<Blob> | undefined;
/** This process's PGlite template: the run's file when `npm test` made one, else made here once. */
export function pgliteTemplateBlob(): Promise<Blob> {
  pgliteTemplate ??= (async () => {
    const dir = process.env[TEMPLATES_ENV];
    if (dir !== undefined && dir !== '') {
      const file = pgliteTemplateFile(dir);
      if (existsSync(file)) return openAsBlob(file);
    }
    return makeTestPgliteTemplate();
  })();
  pgliteTemplate.catch(() => (pgliteTemplate = undefined));
  return pgliteTemplate;
}

/**
 * A fresh in-memory PGlite with the schema migrated: loaded from the template, then `migrateToLatest` (a no-op unless the
 * template is stale). What every test that needs an empty embedded database should use.
 */
export async function openTestPglite(): Promise<Database> {
  const database = await openDatabase({ kind: 'pglite', loadDataDir: await pgliteTemplateBlob() });
  try {
    await migrateToLatest(database.db);
    return database;
  } catch (error) {
    await database.close();
    throw error;
  }
}

function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/** The name of the PostgreSQL template database for the current migrations. */
export function postgresTemplateName(): string {
  return `klachtwijs_template_${migrationsKey()}`;
}

const postgresTemplates = new Map<string, Promise<string>>();
/**
 * The migrated template database on the server at `adminUrl` (a superuser URL), made once per server: migrated as a
 * normal database under an advisory lock (two processes never make it twice), then renamed and marked IS_TEMPLATE with
 * connections refused (CREATE DATABASE … TEMPLATE needs a template nobody is connected to). The row-level-security role
 * is cluster-wide (made by the migration); its grants are per database and are copied with it.
 */
export function postgresTemplate(adminUrl: string): Promise<string> {
  let made = postgresTemplates.get(adminUrl);
  if (!made) {
    made = makePostgresTemplate(adminUrl);
    made.catch(() => postgresTemplates.delete(adminUrl));
    postgresTemplates.set(adminUrl, made);
  }
  return made;
}

async function makePostgresTemplate(adminUrl: string): Promise<string> {
  const name = postgresTemplateName();
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    const exists = async (): Promise<boolean> =>
      (await admin.query('select 1 from pg_database where datname = $1 and datistemplate', [name])).rowCount === 1;
    if (await exists()) return name;
    await admin.query('select pg_advisory_lock(hashtext($1))', [name]);
    try {
      if (await exists()) return name;
      const building = `${name}_building`;
      await admin.query(`DROP DATABASE IF EXISTS ${quoteIdent(building)} WITH (FORCE)`);
      await admin.query(`CREATE DATABASE ${quoteIdent(building)} TEMPLATE template0 ENCODING 'UTF8'`);
      const url = new URL(adminUrl);
      url.pathname = `/${building}`;
      const database = await openDatabase({ kind: 'postgres', url: url.toString() });
      try {
        await migrateToLatest(database.db);
        await makeJobSchema(database);
      } finally {
        await database.close();
      }
      await admin.query(`ALTER DATABASE ${quoteIdent(building)} RENAME TO ${quoteIdent(name)}`);
      await admin.query(`ALTER DATABASE ${quoteIdent(name)} WITH IS_TEMPLATE true ALLOW_CONNECTIONS false`);
      return name;
    } finally {
      await admin.query('select pg_advisory_unlock(hashtext($1))', [name]);
    }
  } finally {
    await admin.end();
  }
}
