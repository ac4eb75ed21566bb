import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import { sha256 } from '../../auth/tokens.ts';
import type { DB } from '../../db/types.ts';

/**
 * Log-in throttling (issue 11, the lock-out finding; ADR 0021), kept in the database so several instances agree:
 * - per client address: at most `perAddress` attempts per window, counted (rate_limit_counters) BEFORE anything else;
 * - per account (the typed address): only attempts whose password was actually checked and wrong are counted
 *   (login_failures); after `freeFailures` of them the account asks for a growing wait of 2^n seconds (n = the
 *   failures) after the last one, capped at `maxDelaySeconds`. A refused attempt is not checked and not counted.
 *   A correct password from a known device (a signed cookie set after an earlier log-in) passes that wait.
 */
export const THROTTLE = { maxFailures: 5, windowMs: 24 * 60 * 60 * 1000, maxDelaySeconds: 15 * 60, perAddress: 30, addressWindowSeconds: 15 * 60 } as const;

export const accountKey = (email: string) => `login:acct:${sha256(email.trim().toLowerCase())}`;

/**
 * Reserves the attempt's row BEFORE it reads the account's count, so parallel guesses see each other and cannot all
 * pass together; returns the wait the account needs (0 when none, from the failures counted before this attempt: a
 * growing 2^n seconds after the last one) and how to take the row back: a refused or successful attempt was not a
 * checked failure and does not count; a wrong password keeps it.
 */
export async function reserveAttempt(db: Kysely<DB>, key: string, now: Date): Promise<{ wait: number; takeBack: () => Promise<void> }> {
  const own = await db.insertInto('login_failures').values({ key, at: now }).returning('id').executeTakeFirstOrThrow();
  const takeBack = async () => void (await db.deleteFrom('login_failures').where('id', '=', own.id).execute());
  const row = await db
    .selectFrom('login_failures')
    .select([sql<number>`count(*)::int`.as('n'), sql<Date | null>`max(at)`.as('last')])
    .where('key', '=', key)
    .where('id', '!=', own.id)
    .where('at', '>', new Date(now.getTime() - THROTTLE.windowMs))
    .executeTakeFirst();
  const n = row?.n ?? 0;
  if (n < THROTTLE.maxFailures || !row?.last) return { wait: 0, takeBack };
  const until = new Date(row.last).getTime() + Math.min(2 ** n, THROTTLE.maxDelaySeconds) * 1000;
  return { wait: Math.max(0, Math.ceil((until - now.getTime()) / 1000)), takeBack };
}

/**
 * A password check outside log-in (the own password when changing it, turning off two-factor), under the same
 * per-account wait as log-in: only a checked, wrong password counts; while the account must wait nothing is checked.
 * Pass the database, not a transaction: a failure must stay counted.
 */
export async function throttledPasswordCheck(db: Kysely<DB>, email: string, check: () => Promise<boolean>): Promise<'ok' | 'invalid' | 'throttled'> {
  const key = accountKey(email);
  const now = new Date();
  const { wait, takeBack } = await reserveAttempt(db, key, now);
  if (wait > 0) return takeBack().then(() => 'throttled' as const);
  if (await check()) return takeBack().then(() => 'ok' as const);
  return 'invalid'; // a checked, wrong password: its row stays counted
}
