/**
 * Migrate once and copy (issue 13): a migrated embedded database, dumped with PGlite's `dumpDataDir`, from which a new
 * database starts instead of running initdb and every migration (initdb alone costs several seconds here).
 *
 * - A first start on an empty data folder loads the template kept in `node_modules/.cache/klachtwijs/` (made by
 *   `npm install`, scripts/pglite-template-cache.ts, or else by that first start itself) and then runs `migrateToLatest`
 *   as always: a no-op on a fresh template, the missing migrations on one that is behind.
 * - The tests load one per run (test/support/templates.ts).
 *
 * A template is keyed by the PGlite version (a dump of another PostgreSQL build may not load) and by a hash of the migration
 * files (names and contents) and of the registered migration names: a template made before a migration was added or changed
 * has another file name and is never found. Nothing binary is committed: the cache is made on the machine that runs it.
 */
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, openAsBlob, readdirSync, readFileSync, statSync } from 'node:fs';
import { rename, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Migrator, type Migration } from 'kysely/migration';
import { openDatabase, type Database } from './database.ts';
import { migrateToLatest } from './migrate.ts';
import { migrations as allMigrations } from './migrations/index.ts';
import { requireRowLevelSecurity } from './rls.ts';
import { asOwner } from './tenant.ts';

const MIGRATIONS_DIR = fileURLToPath(new URL('./migrations/', import.meta.url));

/** Where the package keeps its made-on-this-machine files: `<package>/node_modules/.cache/klachtwijs/`. */
export const DEFAULT_TEMPLATE_CACHE = fileURLToPath(new URL('../../node_modules/.cache/klachtwijs/', import.meta.url));

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

/** The file of the template for this PGlite and these migrations in `cacheDir`. */
export function templateFile(cacheDir: string): string {
  return join(cacheDir, `pglite-${pgliteVersionOf()}-${migrationsKey()}.tar`);
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

/** Writes `blob` to `file` atomically (a reader never sees half a dump; two writers leave one whole file). */
export async function writeTemplateFile(file: string, blob: Blob): Promise<void> {
  mkdirSync(dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}`;
  try {
    await writeFile(tmp, new Uint8Array(await blob.arrayBuffer()));
    await rename(tmp, file);
  } catch (err) {
    await rm(tmp, { force: true });
    throw err;
  }
}

/**
 * The template for the current PGlite and migrations in `cacheDir`: read when it is there, else made now and written there
 * (when the folder cannot be written, e.g. a read-only installation, it is used without being kept). Once a new one is
 * written, older templates in the folder (other migrations or PGlite) are removed but the newest few (checkouts of other
 * branches may share the folder).
 */
export async function cachedPgliteTemplate(cacheDir: string): Promise<Blob> {
  const file = templateFile(cacheDir);
  if (existsSync(file)) return openAsBlob(file);
  const blob = await makePgliteTemplate();
  try {
    await writeTemplateFile(file, blob);
    await removeOtherTemplates(cacheDir, file);
  } catch {
    /* not writable: this start uses the template it made; the next one makes it again */
  }
  return blob;
}

/** How many templates besides the current one a cache folder keeps (each is ~45 MB). */
const KEEP_OTHER_TEMPLATES = 3;

async function removeOtherTemplates(cacheDir: string, keep: string): Promise<void> {
  const others = readdirSync(cacheDir)
    .filter((name) => /^pglite-.*\.tar$/.test(name))
    .map((name) => join(cacheDir, name))
    .filter((file) => file !== keep)
    .map((file) => ({ file, mtime: statSync(file, { throwIfNoEntry: false })?.mtimeMs ?? 0 }))
    .sort((a, b) => b.mtime - a.mtime);
  for (const { file } of others.slice(KEEP_OTHER_TEMPLATES)) await rm(file, { force: true });
}

/** Whether `dataDir` holds no embedded database yet (PostgreSQL writes PG_VERSION first thing). */
export function isEmptyDataDir(dataDir: string): boolean {
  return !existsSync(join(dataDir, 'PG_VERSION'));
}
