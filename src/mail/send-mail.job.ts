import { z } from 'zod';
import { defineJob } from '../jobs/define.ts';
import { PermanentMailError } from './mailer.ts';
import { mailDelivered } from '../usecases/letters/delivery.ts';

/**
 * Sends one queued e-mail: the bytes stored when it was queued, never re-rendered (ADR 0014). Idempotent: a mail
 * already sent is not sent again. A transient failure (server down) is recorded on the mail and thrown, so
 * pg-boss tries again with backoff; a permanent one (no mail server, address refused) or the last try marks
 * the mail failed, which the dossier and the coordinator's start page show with "Opnieuw proberen".
 */
export const sendMailJob = defineJob({
  name: 'send-mail',
  payload: z.object({ mailId: z.uuid() }),
  // 5 s, 10 s, 20 s … at most a minute apart, for about a day: an outage of the mail server loses nothing, and
  // mail goes out within a minute of its return.
  retry: { limit: 1500, delaySeconds: 5, backoff: true, maxDelaySeconds: 60 },
  expireInSeconds: 120,
  // Two at once: the mailer keeps a pool of two SMTP connections.
  concurrency: 2,
  async handler({ mailId }, ctx) {
    const mail = await ctx.db.selectFrom('outbound_mails').select(['id', 'status', 'recipient', 'envelope_from', 'raw', 'attempts', 'purpose', 'complaint_id']).where('id', '=', mailId).executeTakeFirst();
    if (!mail || mail.status === 'sent') return;
    const attempts = mail.attempts + 1;
    try {
      await ctx.mailer.send({ from: mail.envelope_from, to: mail.recipient, raw: Buffer.from(mail.raw) });
    } catch (err) {
      const permanent = err instanceof PermanentMailError || ctx.attempt?.last === true;
      const reason = err instanceof Error ? err.message : String(err);
      await ctx.db
        .updateTable('outbound_mails')
        .set({ attempts, last_attempt_at: ctx.now(), last_error: reason.slice(0, 500), ...(permanent ? { status: 'failed' } : {}) })
        .where('id', '=', mail.id)
        .where('status', '!=', 'sent')
        .execute();
      if (permanent) return;
      throw err;
    }
    // The mail and, for the letter of an acknowledgement or a written decision, the complaint's history (the written
    // confirmation is given, the decision told, now: 002 art. 6.3 and 6.9) in one transaction. Other mails of a
    // complaint cost one look-up by complaint (index letters_complaint).
    const now = ctx.now();
    await ctx.db.transaction().execute(async (tx) => {
      await tx.updateTable('outbound_mails').set({ status: 'sent', sent_at: now, attempts, last_attempt_at: now, last_error: null }).where('id', '=', mail.id).execute();
      if ((mail.purpose === 'acknowledgement' || mail.purpose === 'letter') && mail.complaint_id) await mailDelivered(tx, { mailId: mail.id, complaintId: mail.complaint_id }, now);
    });
  },
});
