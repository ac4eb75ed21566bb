import { PGlite } from '@electric-sql/pglite';
import { Kysely, PGliteDialect, PostgresDialect } from 'kysely';
import pg from 'pg';
import { lockDataDir, type DirLock } from './lock.ts';
import type { DB } from './types.ts';

/**
 * The one way into the database. PostgreSQL everywhere: embedded PGlite by default, a PostgreSQL server
 * when a URL is given (ADR 0001). Kysely's own PGliteDialect serialises transactions (STACK.md gotcha).
 */
export type DatabaseTarget =
  | { kind: 'pglite'; dataDir?: string | undefined } // no dataDir: in memory (tests)
  | { kind: 'postgres'; url: string; onIdleError?: (err: Error) => void };

export interface Database {
  readonly db: Kysely<DB>;
  readonly kind: 'pglite' | 'postgres';
  close(): Promise<void>;
}

// Return timestamps as JS Dates, bigint counts as numbers, dates as strings (both drivers alike).
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number.parseInt(v, 10));
pg.types.setTypeParser(pg.types.builtins.DATE, (v) => v);

export async function openDatabase(target: DatabaseTarget): Promise<Database> {
  if (target.kind === 'postgres') {
    const pool = new pg.Pool({ connectionString: target.url, max: 10 });
    // An idle client can be cut off by the server (restart, admin command): pg then emits 'error' on the
    // pool, which would crash the process without a listener. The pool replaces the client by itself.
    pool.on('error', (err) => target.onIdleError?.(err));
    const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
    return { db, kind: 'postgres', close: () => db.destroy() };
  }
  let lock: DirLock | undefined;
  if (target.dataDir) lock = lockDataDir(target.dataDir);
  try {
    const pglite = new PGlite({
      ...(target.dataDir ? { dataDir: target.dataDir } : {}),
      parsers: { [pg.types.builtins.DATE]: (v: string) => v },
    });
    await pglite.waitReady;
    const db = new Kysely<DB>({ dialect: new PGliteDialect({ pglite }) });
    return {
      db,
      kind: 'pglite',
      close: async () => {
        await db.destroy();
        if (!pglite.closed) await pglite.close();
        lock?.release();
      },
    };
  } catch (err) {
    lock?.release();
    throw err;
  }
}
