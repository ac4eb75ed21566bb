import { sql, type Kysely } from 'kysely';
import { Migrator, type MigrationResult } from 'kysely/migration';
import { migrations } from './migrations/index.ts';
import { requireRowLevelSecurity } from './rls.ts';
import { asOwner } from './tenant.ts';

/**
 * Runs every pending migration (Kysely takes a lock, so concurrent starts are safe) as the tables' owner; throws naming
 * the failing migration. Then switches row-level security on, or says how to make its role (ADR 0024).
 */
export async function migrateToLatest<T>(db: Kysely<T>): Promise<MigrationResult[]> {
  // A restart on an up-to-date database (the usual case) reads the migration table once instead of Kysely's set-up, lock
  // and checks (issue 13: restart < 1 s). Exactly the registered names, no more and no fewer; anything else goes through
  // the Migrator, which applies what is missing or refuses a database with unknown or out-of-order migrations.
  if (await asOwner(() => upToDate(db))) {
    await requireRowLevelSecurity(db);
    return [];
  }
  const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations } });
  const { error, results = [] } = await asOwner(() => migrator.migrateToLatest());
  if (error) {
    const failed = results.find((r) => r.status === 'Error');
    throw new Error(`Migratie ${failed?.migrationName ?? '?'} mislukt: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
  await requireRowLevelSecurity(db);
  return results;
}

/** Whether the database has applied exactly the registered migrations (false when it has no migration table yet). */
async function upToDate<T>(db: Kysely<T>): Promise<boolean> {
  const present = await sql<{ present: boolean }>`select to_regclass('kysely_migration') is not null as present`.execute(db);
  if (!present.rows[0]?.present) return false;
  const applied = await sql<{ name: string }>`select name from kysely_migration`.execute(db);
  const names = new Set(applied.rows.map((r) => r.name));
  const registered = Object.keys(migrations);
  return names.size === registered.length && registered.every((name) => names.has(name));
}
