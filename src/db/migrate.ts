import type { Kysely } from 'kysely';
import { Migrator, type MigrationResult } from 'kysely/migration';
import { migrations } from './migrations/index.ts';

/** Runs every pending migration; throws with the failing migration's name. Safe to run concurrently? No: run at start, once. */
export async function migrateToLatest(db: Kysely<any>): Promise<MigrationResult[]> {
  const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations } });
  const { error, results = [] } = await migrator.migrateToLatest();
  if (error) {
    const failed = results.find((r) => r.status === 'Error');
    throw new Error(`Migratie ${failed?.migrationName ?? '?'} mislukt: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
  return results;
}
