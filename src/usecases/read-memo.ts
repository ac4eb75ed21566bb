import { AsyncLocalStorage } from 'node:async_hooks';

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
