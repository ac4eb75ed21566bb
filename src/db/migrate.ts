import type { Kysely } from 'kysely';
import { Migrator, type MigrationResult } from 'kysely/migration';
import { migrations } from './migrations/index.ts';
import { requireRowLevelSecurity } from './rls.ts';
import { asOwner } from './tenant.ts';

/**
 * Runs every pending migration (Kysely takes a lock, so concurrent starts are safe) as the tables' owner; throws naming
 * the failing migration. Then switches row-level security on, or says how to make its role (ADR 0024).
 */
export async function migrateToLatest<T>(db: Kysely<T>): Promise<MigrationResult[]> {
  const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations } });
  const { error, results = [] } = await asOwner(() => migrator.migrateToLatest());
  if (error) {
    const failed = results.find((r) => r.status === 'Error');
    throw new Error(`Migratie ${failed?.migrationName ?? '?'} mislukt: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
  await requireRowLevelSecurity(db);
  return results;
}
