import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { DB } from '../../db/types.ts';
import { defineJob } from '../../jobs/define.ts';
import { jobQueue } from '../../jobs/queue.ts';
import { mailNotificationJob } from './mail-notification.job.ts';
import type { Jobs } from './notify.ts';

/**
 * Safety net for notifications wanted at once that have no mail job: made inside a caller's transaction
 * where the queue could not be reached (`queueFor` in src/jobs/queue.ts). Rows older than a minute that are not yet mailed get their
 * job; the singleton key and the mail job's own check (`mailed_at`, row lock) keep it to one mail. Returns how
 * many were enqueued.
 */
export async function sweepNotifications(db: Kysely<DB>, jobs: Jobs, now: Date): Promise<number> {
  const rows = await db
    .selectFrom('notifications')
    .select('id')
    .where('delivery', '=', 'now')
    .where('mailed_at', 'is', null)
    .where('created_at', '<', new Date(now.getTime() - 60_000))
    .limit(500)
    .execute();
  for (const r of rows) await db.transaction().execute((tx) => jobs.enqueue(tx, mailNotificationJob, { notificationId: r.id }, { singletonKey: r.id }));
  return rows.length;
}

export const sweepNotificationsJob = defineJob({
  name: 'sweep-notifications',
  payload: z.object({}),
  schedule: '*/5 * * * *',
  handler: async (_payload, ctx) => {
    await sweepNotifications(ctx.db, await jobQueue(ctx.db), ctx.now());
  },
});
