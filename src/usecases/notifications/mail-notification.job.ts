import { z } from 'zod';
import { defineJob } from '../../jobs/define.ts';
import { jobQueue } from '../../jobs/queue.ts';
import { queueMail } from '../../mail/outbox.ts';
import { singleMail } from './kinds.ts';

/**
 * Mails one notification that its user wants at once (ADR 0013). Made by `notify` in the transaction that made
 * the notification; the mail is built here because the dossier link needs the server's base URL. Idempotent:
 * the row is locked and `mailed_at` set in the transaction that queues the mail, so a second run finds it done.
 */
export const mailNotificationJob = defineJob({
  name: 'mail-notification',
  payload: z.object({ notificationId: z.uuid() }),
  retry: { limit: 5, delaySeconds: 30, backoff: true, maxDelaySeconds: 600 },
  handler: async ({ notificationId }, ctx) => {
    const jobs = await jobQueue(ctx.db);
    await ctx.db.transaction().execute(async (tx) => {
      const n = await tx
        .selectFrom('notifications')
        .select(['id', 'organisation_id', 'user_id', 'kind', 'complaint_id', 'mailed_at', 'delivery'])
        .where('id', '=', notificationId)
        .forUpdate()
        .executeTakeFirst();
      if (!n || n.mailed_at !== null || n.delivery !== 'now') return;
      // Without a mail server (no SMTP_URL) a notification stays on the start page only, instead of piling up as
      // failed mails; it counts as handled, so it is not mailed late once a server is set. Checked before anything else
      // is read (issue 13: three statements less per notification on a server without mail).
      const user = ctx.config.smtpUrl ? await tx.selectFrom('users').select(['email', 'disabled_at']).where('id', '=', n.user_id).executeTakeFirst() : undefined;
      if (!user || user.disabled_at !== null) {
        await tx.updateTable('notifications').set({ mailed_at: ctx.now() }).where('id', '=', n.id).execute();
        return;
      }
      const org = await tx.selectFrom('organisations').select('name').where('id', '=', n.organisation_id).executeTakeFirstOrThrow();
      const complaint = n.complaint_id
        ? await tx.selectFrom('complaints as c').leftJoin('units as u', 'u.id', 'c.unit_id').select(['c.reference', 'c.next_due', 'u.name as unit_name']).where('c.id', '=', n.complaint_id).executeTakeFirst()
        : undefined;
      const due = n.kind === 'term_ending' || n.kind === 'overdue' ? (complaint?.next_due ?? null) : null;
      const mail = singleMail({ kind: n.kind, reference: complaint?.reference ?? null, complaintId: n.complaint_id, due, unitName: complaint?.unit_name ?? null }, org.name, ctx.config.baseUrl);
      const sent = await queueMail(tx, jobs, {
        organisationId: n.organisation_id,
        // Not the dossier's correspondence: a note to a colleague, kept apart from what the complainant got.
        complaintId: null,
        purpose: 'notification',
        to: user.email,
        subject: mail.subject,
        text: mail.text,
      });
      await tx.updateTable('notifications').set({ mailed_at: ctx.now(), outbound_mail_id: sent.id }).where('id', '=', n.id).execute();
    });
  },
});
