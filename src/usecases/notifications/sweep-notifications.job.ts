import { z } from 'zod';
import { defineJob } from '../../jobs/define.ts';
import { jobQueue } from '../../jobs/queue.ts';
import { mailNotificationJob } from './mail-notification.job.ts';

/**
 * Safety net for notifications wanted at once that have no mail job: made inside a caller's transaction
 * where the queue could not be reached (`jobsFor`). Every five minutes, rows older than a minute that are
 * not yet mailed get their job; the singleton key and the mail job's own check keep it to one mail.
 */
export const sweepNotificationsJob = defineJob({
  name: 'sweep-notifications',
  payload: z.object({}),
  schedule: '*/5 * * * *',
  handler: async (_payload, ctx) => {
    const jobs = await jobQueue(ctx.db);
    const rows = await ctx.db
      .selectFrom('notifications')
      .select('id')
      .where('delivery', '=', 'now')
      .where('mailed_at', 'is', null)
      .where('created_at', '<', new Date(ctx.now().getTime() - 60_000))
      .limit(500)
      .execute();
    for (const r of rows) await ctx.db.transaction().execute((tx) => jobs.enqueue(tx, mailNotificationJob, { notificationId: r.id }, { singletonKey: r.id }));
  },
});
