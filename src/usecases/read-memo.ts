import { AsyncLocalStorage } from 'node:async_hooks';
import type { Kysely } from 'kysely';
import { isEmbedded } from '../db/database.ts';
import type { DB } from '../db/types.ts';

/**
 * Reads shared by the sections of one read-only page (issue 13). The start page's sections each ask for the actor's
 * need-to-know scope and the organisation's regulation roles (the work lists, the regulation's work, unsent mail,
 * mail to triage, measures, governance): five times the same five small statements, a third of the page's round
 * trips. Inside `withReadMemo` such a read runs once and its answer is shared; outside it (every use case that
 * writes, every test) nothing is kept. Only for a request that changes nothing the memoised reads depend on.
 */
const store = new AsyncLocalStorage<Map<string, Promise<unknown>>>();

/** Runs `fn` (a read-only page) with reads memoised by key until it ends. */
export function withReadMemo<T>(fn: () => T): T {
  return store.run(new Map(), fn);
}

/** Whether the caller runs inside `withReadMemo` (a read-only page): reads may then come from a shared, larger read. */
export function inReadMemo(): boolean {
  return store.getStore() !== undefined;
}

/** `read()` once per key inside `withReadMemo`; outside it, every call reads. */
export function memoised<T>(key: string, read: () => Promise<T>): Promise<T> {
  const memo = store.getStore();
  if (!memo) return read();
  let found = memo.get(key) as Promise<T> | undefined;
  if (!found) {
    found = read();
    memo.set(key, found);
    // A failed read is not kept: the next asks again.
    found.catch(() => memo.delete(key));
  }
  return found;
}

/**
 * A read-only page's statements on the embedded database in one transaction (issue 13). On PGlite a statement outside
 * a transaction is a transaction of its own (BEGIN, the organisation's settings, the statement, COMMIT:
 * src/db/tenant.ts): four calls into the database for each of the start page's ~27 statements. On a PostgreSQL server
 * `fn` gets `db` itself (the sections read side by side on several connections). Every read inside must use the `db`
 * given to `fn`: on PGlite another statement waits until the transaction has ended.
 */
export function embeddedInOneTransaction<T>(db: Kysely<DB>, fn: (db: Kysely<DB>) => Promise<T>): Promise<T> {
  return isEmbedded(db) && !db.isTransaction ? db.transaction().execute(fn) : fn(db);
}

/**
 * A read-only page's independent sections: side by side on a PostgreSQL server (each statement on a connection of its
 * own, so the longest no longer waits for the others in turn), one after the other on PGlite, whose one connection
 * would queue them anyway and which measured dearer with them interleaved (issue 13, session 5: the start page's CPU per
 * request rose by a fifth). The sections' shared reads are read once either way (`memoised` keeps the promise).
 */
export async function sideBySide<T extends readonly (() => Promise<unknown>)[]>(db: Kysely<DB>, sections: T): Promise<Answers<T>> {
  if (!isEmbedded(db)) return (await Promise.all(sections.map((s) => s()))) as Answers<T>;
  const out: unknown[] = [];
  for (const s of sections) out.push(await s());
  return out as Answers<T>;
}

/** The answers of `sideBySide`'s sections, in their order. */
type Answers<T extends readonly (() => Promise<unknown>)[]> = { -readonly [K in keyof T]: Awaited<ReturnType<T[K]>> };
