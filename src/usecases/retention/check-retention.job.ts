import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { DB } from '../../db/types.ts';
import { defineJob } from '../../jobs/define.ts';
import { jobQueue } from '../../jobs/queue.ts';
import { today } from '../complaints/dossier.ts';
import { notify, type Jobs } from '../notifications/notify.ts';
import { runDestruction } from './destroy.ts';
import { dueDossiers } from './retention.ts';
import { retentionSettings } from './settings.ts';

/**
 * The daily retention check (issue 11, ADR 0019): per organisation, what fell due. Without automatic destruction
 * (the default) the organisation-wide coordinators hear it once a day ("retention_due", on the start page and by
 * mail as they chose) and nothing is destroyed; with automatic destruction turned on by the organisation, what is
 * due and not held is destroyed (one transaction per dossier, recorded as "automatic"). Returns what it did.
 */
export async function checkRetention(db: Kysely<DB>, jobs: Jobs | null, now: Date): Promise<{ notified: number; destroyed: number }> {
  const day = today(now);
  const orgs = await db
    .selectFrom('complaints')
    .select('organisation_id')
    .distinct()
    .where('status', 'in', ['decided', 'closed', 'inadmissible', 'withdrawn'])
    .execute();
  let notified = 0;
  let destroyed = 0;
  for (const { organisation_id: organisationId } of orgs) {
    const settings = await retentionSettings(db, organisationId);
    if (settings.autoDestroy) {
      const r = await runDestruction(db, { organisationId, approvedBy: null, approval: 'automatic', today: day });
      destroyed += r.destroyed.length;
      continue;
    }
    const due = (await dueDossiers(db, organisationId, day)).filter((i) => i.holds.length === 0);
    if (!due.length) continue;
    const coordinators = await db
      .selectFrom('role_assignments')
      .select('user_id')
      .where('organisation_id', '=', organisationId)
      .where('role', '=', 'coordinator')
      .where('unit_id', 'is', null)
      .execute();
    const ids = await db.transaction().execute((tx) =>
      notify(tx, jobs, { organisationId, kind: 'retention_due', complaintId: null, userIds: coordinators.map((c) => c.user_id), uniqueKey: `retention_due:${organisationId}:${day}` }),
    );
    notified += ids.length;
  }
  return { notified, destroyed };
}

export const checkRetentionJob = defineJob({
  name: 'check-retention',
  payload: z.object({}),
  // Daily at 03:30 UTC, before the term check and the 07:00 digest.
  schedule: '30 3 * * *',
  handler: async (_payload, ctx) => {
    const done = await checkRetention(ctx.db, await jobQueue(ctx.db), ctx.now());
    ctx.logger.info(done, 'retention check done');
  },
});
