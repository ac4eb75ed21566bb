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
 * `VACUUM (ANALYZE)` of the whole database, as the owner, outside a transaction (it cannot run in one). On PGlite
 * it has the one connection for as long as it runs (for 10,000 complaints about a second), so it runs at night. On
 * a PostgreSQL server it does nothing: autovacuum does this, without taking a connection from the application.
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
  // A large embedded database may take minutes; a second run at once would only wait for the first.
  expireInSeconds: 30 * 60,
  retry: { limit: 0, delaySeconds: 60, backoff: false },
  handler: async (_payload, ctx) => {
    const done = await vacuumEmbedded(ctx.db);
    if (done.ran) ctx.logger.info(done, 'embedded database vacuumed and analysed');
  },
});
