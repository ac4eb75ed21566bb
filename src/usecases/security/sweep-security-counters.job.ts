import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { DB } from '../../db/types.ts';
import { defineJob } from '../../jobs/define.ts';
import { THROTTLE } from '../auth/throttle.ts';
import { RESET_THROTTLE } from '../users/password-links.ts';

/**
 * Rate-limit counters and log-in failures are kept in the database so several instances agree (ADR 0021/0023),
 * but nothing removed them: one row per client address, one per failed log-in, without bound. This daily sweep
 * deletes what no limit looks at any more:
 * - a rate-limit counter whose window started more than a day ago (the longest window is 15 minutes; a counter
 *   of an older window is reset on its next hit anyway);
 * - a log-in failure (also the "wachtwoord vergeten" requests) older than the longest look-back that reads them
 *   (the account's failures count over 24 hours). Security events are the lasting record and stay.
 */
export const COUNTER_KEEP_MS = 24 * 60 * 60 * 1000;
/** Read when the sweep runs, not at import (the job registry and the use cases import each other). */
export const failureKeepMs = (): number => Math.max(THROTTLE.windowMs, RESET_THROTTLE.windowMs);

export async function sweepSecurityCounters(db: Kysely<DB>, now: Date): Promise<{ counters: number; failures: number }> {
  const counters = await db.deleteFrom('rate_limit_counters').where('window_start', '<', new Date(now.getTime() - COUNTER_KEEP_MS)).executeTakeFirst();
  const failures = await db.deleteFrom('login_failures').where('at', '<', new Date(now.getTime() - failureKeepMs())).executeTakeFirst();
  return { counters: Number(counters.numDeletedRows), failures: Number(failures.numDeletedRows) };
}

export const sweepSecurityCountersJob = defineJob({
  name: 'sweep-security-counters',
  payload: z.object({}),
  // Daily at 02:45 UTC, once across every instance (pg-boss schedules, ADR 0014).
  schedule: '45 2 * * *',
  handler: async (_payload, ctx) => {
    const done = await sweepSecurityCounters(ctx.db, ctx.now());
    ctx.logger.info(done, 'old rate-limit counters and log-in failures removed');
  },
});
