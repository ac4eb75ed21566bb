import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { DB } from '../../db/types.ts';
import { defineJob } from '../../jobs/define.ts';
import { jobQueue } from '../../jobs/queue.ts';
import { today } from '../complaints/dossier.ts';
import { notify, type Jobs } from '../notifications/notify.ts';

/**
 * The daily check of the improvement register (ADR 0017): the owner of every measure that is still planned or
 * in progress after its due date hears it once ("measure_overdue"; the unique key holds the measure and its due
 * date, so a second run adds nothing and a new due date is a new reminder). Measures without an owner show on
 * the coordinator's start page only. Returns how many notifications were made.
 */
export async function checkMeasures(db: Kysely<DB>, jobs: Jobs | null, now: Date): Promise<number> {
  const day = today(now);
  const overdue = await db
    .selectFrom('improvement_measures')
    .select(['id', 'organisation_id', 'owner_user_id', 'due_on'])
    .where('status', 'in', ['planned', 'in_progress'])
    .where('due_on', '<', day)
    .where('owner_user_id', 'is not', null)
    .orderBy('organisation_id')
    .execute();
  let made = 0;
  for (const m of overdue) {
    const ids = await db.transaction().execute((tx) =>
      notify(tx, jobs, { organisationId: m.organisation_id, kind: 'measure_overdue', complaintId: null, userIds: [m.owner_user_id], uniqueKey: `measure_overdue:${m.id}:${m.due_on}` }),
    );
    made += ids.length;
  }
  return made;
}

export const checkMeasuresJob = defineJob({
  name: 'check-measures',
  payload: z.object({}),
  // Daily at 04:15 UTC, after the term check and before the 07:00 digest.
  schedule: '15 4 * * *',
  handler: async (_payload, ctx) => {
    const made = await checkMeasures(ctx.db, await jobQueue(ctx.db), ctx.now());
    ctx.logger.info({ made }, 'measure check done');
  },
});
