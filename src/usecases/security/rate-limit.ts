import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/types.ts';

export interface RateLimitResult {
  allowed: boolean;
  /** Hits in the current window, this one included. */
  count: number;
  /** Seconds until the window ends (for Retry-After). */
  retryAfterSeconds: number;
}

/**
 * Counts one hit against `key` in a fixed window kept in the database, so the limit holds across several instances
 * (issue 11). One statement: the window is the current multiple of `windowSeconds`; a hit in a newer window starts
 * the count again. `limit` hits are allowed per window; the hit after that is refused (and still counted).
 */
export async function hitRateLimit(
  db: Kysely<DB>,
  input: { key: string; limit: number; windowSeconds: number; now?: Date },
): Promise<RateLimitResult> {
  const nowMs = (input.now ?? new Date()).getTime();
  const windowMs = input.windowSeconds * 1000;
  const windowStart = new Date(Math.floor(nowMs / windowMs) * windowMs);
  const row = await db
    .insertInto('rate_limit_counters')
    .values({ key: input.key, window_start: windowStart, count: 1 })
    .onConflict((oc) =>
      oc.column('key').doUpdateSet({
        count: sql<number>`case when rate_limit_counters.window_start = excluded.window_start then rate_limit_counters.count + 1 else 1 end`,
        window_start: sql<Date>`excluded.window_start`,
      }),
    )
    .returning(['count'])
    .executeTakeFirstOrThrow();
  const retryAfterSeconds = Math.max(1, Math.ceil((windowStart.getTime() + windowMs - nowMs) / 1000));
  return { allowed: row.count <= input.limit, count: row.count, retryAfterSeconds };
}
