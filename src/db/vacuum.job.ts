import { sql, type Kysely } from 'kysely';
import { z } from 'zod';
import { defineJob } from '../jobs/define.ts';
import { isEmbedded } from './database.ts';
import type { DB } from './types.ts';

/**
 * The embedded database's upkeep (issue 13). A PostgreSQL server runs autovacuum: dead rows are cleared and the
 * planner's statistics follow the data. PGlite runs no autovacuum (no launcher, one process), so without this job
 * nothing ever did either on the embedded database: the job queue's and the complaints' updated rows stayed as dead
 * rows every read steps over, and the planner kept the statistics of the day the migrations ran (an empty
 * organisation), choosing plans for tables that are no longer small.
 *
 * `VACUUM (ANALYZE)` of the whole database, as the owner, outside a transaction (it cannot run in one). PGlite runs
 * on Node's main thread: while it vacuums, the whole process waits (pages, /ready, timers); for 10,000 complaints
 * ~0.4-0.6 s on the 2-core machine (ADR 0032), so it runs at night. On a PostgreSQL server it does nothing:
 * autovacuum does this, without taking a connection from the application.
 */
export async function vacuumEmbedded(db: Kysely<DB>): Promise<{ ran: boolean; ms: number }> {
  if (!isEmbedded(db)) return { ran: false, ms: 0 };
  const started = performance.now();
  await sql`vacuum (analyze)`.execute(db);
  return { ran: true, ms: Math.round(performance.now() - started) };
}

export const vacuumEmbeddedJob = defineJob({
  name: 'vacuum-embedded-database',
  payload: z.object({}),
  // Nightly at 03:30 UTC, after the other night jobs (pg-boss schedules, ADR 0014).
  schedule: '30 3 * * *',
  // Generous: a run is not retried (the next night runs again); a lost worker's run may be taken over after this.
  expireInSeconds: 30 * 60,
  retry: { limit: 0, delaySeconds: 60, backoff: false },
  handler: async (_payload, ctx) => {
    const done = await vacuumEmbedded(ctx.db);
    if (done.ran) ctx.logger.info(done, 'embedded database vacuumed and analysed');
  },
});
