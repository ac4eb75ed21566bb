/**
 * Migrate once and copy (issue 13): a migrated embedded database from which a new database starts instead of running
 * initdb and every migration (initdb alone costs several seconds here).
 *
 * - A first start on an empty data folder copies the template *folder* kept in `node_modules/.cache/klachtwijs/` (a PGlite
 *   data folder with every migration and pg-boss's schema, closed cleanly; made by `npm install` through
 *   scripts/prepare-start.ts, or else by that first start itself) and opens it as a restart does, then runs
 *   `migrateToLatest` as always: a no-op on a fresh template, the missing migrations on one that is behind. (Until
 *   2026-12-02 it loaded a tar dump through PGlite's `loadDataDir`: ~500 ms more CPU, and pg-boss made its schema at the
 *   first start.)
 * - The tests load a tar dump per run (`makePgliteTemplate`, test/support/templates.ts): their databases live in memory.
 *
 * A template is keyed by the PGlite version (a folder of another PostgreSQL build may not open), by a hash of the migration
 * files (names and contents) and of the registered migration names, and by pg-boss's version: a template made before a
 * migration was added or changed has another name and is never found. Nothing binary is committed: the cache is made on
 * the machine that runs it.
 */
import { createHash, randomBytes } from 'node:crypto';
import { constants, copyFileSync, cpSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Migrator, type Migration } from 'kysely/migration';
import { isEmptyDataDir, openDatabase, type Database } from './database.ts';
import { LOCK_FILE } from './lock.ts';
import { migrateToLatest } from './migrate.ts';
import { migrations as allMigrations } from './migrations/index.ts';
import { requireRowLevelSecurity } from './rls.ts';
import { asOwner } from './tenant.ts';
import { PACKAGE_CACHE_DIR } from '../shared/package-cache.ts';

const MIGRATIONS_DIR = fileURLToPath(new URL('./migrations/', import.meta.url));

/** Where the package keeps its made-on-this-machine files: `<package>/node_modules/.cache/klachtwijs/`. */
export const DEFAULT_TEMPLATE_CACHE = PACKAGE_CACHE_DIR;

let cachedKey: string | undefined;
/** A short hash of the migrations (every file's name and content, and the registered names) and of pg-boss's version: the templates' key. */
export function migrationsKey(): string {
  if (cachedKey === undefined) {
    const hash = createHash('sha256');
    for (const name of readdirSync(MIGRATIONS_DIR).sort()) {
      hash.update(name).update('\0').update(readFileSync(join(MIGRATIONS_DIR, name))).update('\0');
    }
    // The registered names too: a migration file that exists but is not (yet) registered changes nothing at run time.
    hash.update(Object.keys(allMigrations).join('\n'));
    // pg-boss's version too: the tests' templates also hold its schema (test/support/templates.ts).
    hash.update('\0pg-boss ').update(readFileSync(createRequire(import.meta.url).resolve('pg-boss/package.json')));
    cachedKey = hash.digest('hex').slice(0, 16);
  }
  return cachedKey;
}

let pgliteVersion: string | undefined;
/** The installed PGlite's version (its package.json). */
export function pgliteVersionOf(): string {
  if (pgliteVersion === undefined) {
    const entry = createRequire(import.meta.url).resolve('@electric-sql/pglite');
    let dir = dirname(entry);
    while (!existsSync(join(dir, 'package.json')) && dirname(dir) !== dir) dir = dirname(dir);
    pgliteVersion = (JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { version: string }).version;
  }
  return pgliteVersion;
}

/** The folder of the template for this PGlite and these migrations in `cacheDir`: a data folder, closed cleanly. */
export function templateDir(cacheDir: string): string {
  return join(cacheDir, `pglite-${pgliteVersionOf()}-${migrationsKey()}`);
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
 * pg-boss's schema and every job's queue, as the first start of a server makes them (then stopped): in every template, so a
 * first start finds them as a restart does (pg-boss's version is part of the key).
 */
export async function makeJobSchema(database: Database): Promise<void> {
  const { JobQueue } = await import('../jobs/queue.ts');
  const queue = await JobQueue.start(database, { maintain: false });
  await queue.stop();
}

/**
 * A migrated in-memory PGlite, dumped (uncompressed tar): schema only, no organisation, no secret. `migrations` is for tests
 * (a template made before a migration was added); everything else uses all of them. `prepare` runs after the migrations
 * (the tests add pg-boss's schema there).
 */
export async function makePgliteTemplate(
  migrations: Record<string, Migration> = allMigrations,
  prepare?: (database: Database) => Promise<void>,
): Promise<Blob> {
  const database = await openDatabase({ kind: 'pglite' });
  try {
    await migrateWith(database, migrations);
    if (prepare) await prepare(database);
    // Everything written is in the dump: checkpoint first so the data files hold it (not only the WAL).
    await database.pglite!.exec('CHECKPOINT');
    return await database.pglite!.dumpDataDir('none');
  } finally {
    await database.close();
  }
}

/**
 * Makes the template folder `dir`: a PGlite data folder with every migration (or the given ones: tests) and pg-boss's schema,
 * closed cleanly. Made beside it under a temporary name and renamed into place, so a reader never sees half a template;
 * when another process put one there first, that one stays. Schema only: no organisation, no secret.
 */
export async function makePgliteTemplateDir(dir: string, migrations: Record<string, Migration> = allMigrations): Promise<void> {
  mkdirSync(dirname(dir), { recursive: true });
  const tmp = `${dir}.${process.pid}.${randomBytes(4).toString('hex')}`;
  try {
    const database = await openDatabase({ kind: 'pglite', dataDir: tmp });
    try {
      await migrateWith(database, migrations);
      await makeJobSchema(database);
    } finally {
      await database.close();
    }
    await rm(join(tmp, LOCK_FILE), { force: true });
    await rename(tmp, dir).catch((err: unknown) => {
      // Another process renamed its template into place first: keep that one.
      if (isEmptyDataDir(dir)) throw err;
    });
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
}

/**
 * The template folder for the current PGlite and migrations in `cacheDir`, made now when it is missing (then older templates
 * in the folder, of other migrations or another PGlite, are removed but the newest few: checkouts of other branches may share
 * the folder). Null when it cannot be made there (e.g. a read-only installation): the caller then runs initdb.
 */
export async function cachedPgliteTemplateDir(cacheDir: string): Promise<string | null> {
  const dir = templateDir(cacheDir);
  if (!isEmptyDataDir(dir)) return dir;
  try {
    await makePgliteTemplateDir(dir);
    await removeOtherTemplates(cacheDir, dir);
    return dir;
  } catch {
    return null;
  }
}

/**
 * A first start (issue 13): copies the template folder into the empty data folder `dataDir`, so PGlite opens it as on a
 * restart (no initdb, no tar to unpack). PG_VERSION goes last: a copy cut off halfway leaves a folder that still counts as
 * empty, and the next start copies again. Synchronous on purpose: Node's cpSync copies in C++, its promise version file by
 * file in JavaScript at twice the CPU (measured: ~400 vs ~1,000 ms for the template's 1,300 files); nothing else is served yet.
 * Copies as reflinks where the file system has them.
 */
export function copyTemplateInto(template: string, dataDir: string): void {
  cpSync(template, dataDir, {
    recursive: true,
    force: true,
    mode: constants.COPYFILE_FICLONE,
    filter: (src) => src !== join(template, 'PG_VERSION') && src !== join(template, LOCK_FILE),
  });
  copyFileSync(join(template, 'PG_VERSION'), join(dataDir, 'PG_VERSION'), constants.COPYFILE_FICLONE);
}

/** How many templates besides the current one a cache folder keeps (each is ~45 MB). */
const KEEP_OTHER_TEMPLATES = 3;

/** Templates of other keys: folders, and the tar files earlier versions kept (`pglite-<version>-<key>[.tar]`). */
const TEMPLATE_NAME = /^pglite-[\d.]+-[0-9a-f]{16}(\.tar)?$/;

async function removeOtherTemplates(cacheDir: string, keep: string): Promise<void> {
  const others = readdirSync(cacheDir)
    .filter((name) => TEMPLATE_NAME.test(name))
    .map((name) => join(cacheDir, name))
    .filter((file) => file !== keep)
    .map((file) => ({ file, mtime: statSync(file, { throwIfNoEntry: false })?.mtimeMs ?? 0 }))
    .sort((a, b) => b.mtime - a.mtime);
  for (const { file } of others.slice(KEEP_OTHER_TEMPLATES)) await rm(file, { recursive: true, force: true });
}
