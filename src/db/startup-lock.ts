import { sql } from 'kysely';
import type { Database } from './database.ts';

/** The PostgreSQL advisory lock key of start-up work (migrations, refold, demo seed): "klachtwijs" as a number. */
export const STARTUP_LOCK_KEY = 0x6b6c6163_6874; // "klacht"

/**
 * Runs start-up work (migrate, refold, seed the demo) under one PostgreSQL advisory lock, so two instances
 * starting together on an empty database take turns instead of racing: the second waits, then finds the
 * schema migrated and the demo organisation made, and does nothing. The lock lives on one pinned connection
 * while `work` uses the pool. The embedded database needs no lock: its data folder admits one process.
 */
export async function withStartupLock<T>(database: Database, work: () => Promise<T>): Promise<T> {
  if (database.kind !== 'postgres') return work();
  return database.db.connection().execute(async (conn) => {
    await sql`select pg_advisory_lock(${STARTUP_LOCK_KEY}::bigint)`.execute(conn);
    try {
      return await work();
    } finally {
      await sql`select pg_advisory_unlock(${STARTUP_LOCK_KEY}::bigint)`.execute(conn);
    }
  });
}
