/**
 * Migrate once and copy (issue 13): every test database starts from a migrated template instead of initdb + migrations.
 *
 * - PGlite: one migrated in-memory PGlite, dumped with `dumpDataDir('none')`; each test PGlite starts from that dump
 *   (`openDatabase({ kind: 'pglite', loadDataDir })`: ~1 s instead of initdb ~3-4 s plus the migrations).
 * - PostgreSQL: one migrated database per server, marked IS_TEMPLATE; each test database is `CREATE DATABASE … TEMPLATE` it.
 *
 * Both are keyed by the migrations (a hash of every file in src/db/migrations/, names and contents) and pg-boss's version: a
 * template made before a migration was added or changed is never used, and callers still run `migrateToLatest` on the copy
 * (a no-op on a fresh template, the missing migrations on a stale one).
 *
 * Both also hold pg-boss's schema and one queue per job (src/jobs/registry.ts): the job queue started once on the template
 * (as a web process, no supervision, no schedules) and stopped. Making that schema cost ~2 s per test database on PGlite,
 * paid by every test that starts a server or enqueues a job; `JobQueue.start` on a copy still runs pg-boss's own migration
 * check and creates or updates each job's queue, as it does on any restart. The first start on an empty database, which
 * makes the schema, stays covered by the tests that start on an empty data folder or database (test/e2e).
 *
 * `npm test` (scripts/test.ts) makes both once before the test processes start and passes the folder of the PGlite dump in
 * KLACHTWIJS_TEST_TEMPLATES; the PostgreSQL template lives on the shared server. A test file run on its own (no env) makes
 * the PGlite template itself, once per process, and the PostgreSQL template on its private server: still correct, slower.
 */
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, openAsBlob, readdirSync, readFileSync } from 'node:fs';
import { rename, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Migration } from 'kysely/migration';
import { Migrator } from 'kysely/migration';
import pg from 'pg';
import { openDatabase, type Database } from '../../src/db/database.ts';
import { migrateToLatest } from '../../src/db/migrate.ts';
import { migrations as allMigrations } from '../../src/db/migrations/index.ts';
import { requireRowLevelSecurity } from '../../src/db/rls.ts';
import { asOwner } from '../../src/db/tenant.ts';

/** The env variable with the folder that holds the PGlite template dump of this test run. */
export const TEMPLATES_ENV = 'KLACHTWIJS_TEST_TEMPLATES';

const MIGRATIONS_DIR = join(dirname(fileURLToPath(import.meta.url)), '../../src/db/migrations');
const PG_BOSS_PACKAGE = createRequire(import.meta.url).resolve('pg-boss/package.json');

/** pg-boss's schema and every job's queue, as the first start of a server makes them (then stopped). */
async function makeJobSchema(database: Database): Promise<void> {
  const { JobQueue } = await import('../../src/jobs/queue.ts');
  const queue = await JobQueue.start(database, { maintain: false });
  await queue.stop();
}

let cachedKey: string | undefined;
/** A short hash of the migrations (every file's name and content): the templates' key. */
export function migrationsKey(): string {
  if (cachedKey === undefined) {
    const hash = createHash('sha256');
    for (const name of readdirSync(MIGRATIONS_DIR).sort()) {
      hash.update(name).update('\0').update(readFileSync(join(MIGRATIONS_DIR, name))).update('\0');
    }
    // The registered names too: a migration file that exists but is not (yet) registered changes nothing at run time.
    hash.update(Object.keys(allMigrations).join('\n'));
    // pg-boss's schema is in the templates too (see above).
    hash.update('\0pg-boss ').update(readFileSync(PG_BOSS_PACKAGE));
    cachedKey = hash.digest('hex').slice(0, 16);
  }
  return cachedKey;
}

/** Runs the given migrations (all by default) as the owner, then switches row-level security on, as `migrateToLatest` does. */
async function migrateWith(database: Database, migrations: Record<string, Migration>): Promise<void> {
  if (migrations === allMigrations) {
    await migrateToLatest(database.db);
    return;
  }
  const migrator = new Migrator({ db: database.db, provider: { getMigrations: async () => migrations } });
  const { error } = await asOwner(() => migrator.migrateToLatest());
  if (error) throw error instanceof Error ? error : new Error(String(error));
  await requireRowLevelSecurity(database.db);
}

/**
 * A migrated PGlite, dumped (uncompressed tar). `migrations` is for the test of this module (a template made before a
 * migration was added); everything else uses all of them.
 */
export async function makePgliteTemplate(migrations: Record<string, Migration> = allMigrations): Promise<Blob> {
  const database = await openDatabase({ kind: 'pglite' });
  try {
    await migrateWith(database, migrations);
    if (migrations === allMigrations) await makeJobSchema(database);
    // Everything written is in the dump: checkpoint first so the data files hold it (not only the WAL).
    await database.pglite!.exec('CHECKPOINT');
    return await database.pglite!.dumpDataDir('none');
  } finally {
    await database.close();
  }
}

function pgliteTemplateFile(dir: string): string {
  return join(dir, `pglite-${migrationsKey()}.tar`);
}

/** Makes the PGlite template file in `dir` unless it is there (scripts/test.ts, before the test processes start). */
export async function writePgliteTemplate(dir: string): Promise<string> {
  const file = pgliteTemplateFile(dir);
  if (existsSync(file)) return file;
  const blob = await makePgliteTemplate();
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
    return makePgliteTemplate();
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
