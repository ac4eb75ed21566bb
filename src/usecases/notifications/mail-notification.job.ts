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
    // Without a mail server (no SMTP_URL) a notification stays on the start page only, instead of piling up as
    // failed mails; it counts as handled, so it is not mailed late once a server is set. One statement (issue 13,
    // session 5: was a transaction of four round trips per notification, the worker's share of every public
    // submission whose klachtenfunctionaris is told at once).
    if (!ctx.config.smtpUrl) {
      await ctx.db.updateTable('notifications').set({ mailed_at: ctx.now() }).where('id', '=', notificationId).where('mailed_at', 'is', null).where('delivery', '=', 'now').execute();
      return;
    }
    const jobs = await jobQueue(ctx.db);
    await ctx.db.transaction().execute(async (tx) => {
      // The notification (locked), its user, organisation, complaint and the complaint's unit in one statement (was four).
      const n = await tx
        .selectFrom('notifications as n')
        .innerJoin('organisations as o', 'o.id', 'n.organisation_id')
        .leftJoin('users as u', 'u.id', 'n.user_id')
        .leftJoin('complaints as c', 'c.id', 'n.complaint_id')
        .leftJoin('units as un', 'un.id', 'c.unit_id')
        .select(['n.id', 'n.organisation_id', 'n.kind', 'n.complaint_id', 'n.mailed_at', 'n.delivery', 'u.email', 'u.disabled_at', 'o.name as organisation_name', 'c.reference', 'c.next_due', 'un.name as unit_name'])
        .where('n.id', '=', notificationId)
        .forUpdate('n')
        .executeTakeFirst();
      if (!n || n.mailed_at !== null || n.delivery !== 'now') return;
      if (!n.email || n.disabled_at !== null) {
        await tx.updateTable('notifications').set({ mailed_at: ctx.now() }).where('id', '=', n.id).execute();
        return;
      }
      const due = n.kind === 'term_ending' || n.kind === 'overdue' ? (n.next_due ?? null) : null;
      const mail = singleMail({ kind: n.kind, reference: n.reference ?? null, complaintId: n.complaint_id, due, unitName: n.unit_name ?? null }, n.organisation_name, ctx.config.baseUrl);
      const sent = await queueMail(tx, jobs, {
        organisationId: n.organisation_id,
        organisationName: n.organisation_name,
        // Not the dossier's correspondence: a note to a colleague, kept apart from what the complainant got.
        complaintId: null,
        purpose: 'notification',
        to: n.email,
        subject: mail.subject,
        text: mail.text,
      });
      await tx.updateTable('notifications').set({ mailed_at: ctx.now(), outbound_mail_id: sent.id }).where('id', '=', n.id).execute();
    });
  },
});
