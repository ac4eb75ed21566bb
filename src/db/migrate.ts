import type { Kysely } from 'kysely';
import { Migrator, type MigrationResult } from 'kysely/migration';
import { migrations } from './migrations/index.ts';

/** Runs every pending migration (Kysely takes a lock, so concurrent starts are safe); throws naming the failing migration. */
export async function migrateToLatest<T>(db: Kysely<T>): Promise<MigrationResult[]> {
  const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations } });
  const { error, results = [] } = await migrator.migrateToLatest();
  if (error) {
    const failed = results.find((r) => r.status === 'Error');
    throw new Error(`Migratie ${failed?.migrationName ?? '?'} mislukt: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
  return results;
}
