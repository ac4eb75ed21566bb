import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { Config } from '../../config.ts';
import { AMSTERDAM_TIME_ZONE, isWorkingDay } from '../../domain/deadlines/index.ts';
import type { DB } from '../../db/types.ts';
import { defineJob } from '../../jobs/define.ts';
import { jobQueue } from '../../jobs/queue.ts';
import { queueMail } from '../../mail/outbox.ts';
import { today } from '../complaints/dossier.ts';
import { digestMail } from './kinds.ts';
import type { Jobs } from './notify.ts';

/** The digest goes out at this hour, Amsterdam time, on working days. */
export const DIGEST_HOUR = 7;

const hourIn = new Intl.DateTimeFormat('en-GB', { hour: '2-digit', hourCycle: 'h23', timeZone: AMSTERDAM_TIME_ZONE });

/** True at 07:xx Amsterdam time on a working day (Monday to Friday, not an Atw holiday). */
export function isDigestTime(now: Date): boolean {
  return Number(hourIn.format(now)) === DIGEST_HOUR && isWorkingDay(today(now), { atw: true, closedDays: [] });
}

/**
 * One mail per user with every digest notification not yet mailed (ADR 0013). Per user one transaction that
 * locks the rows, queues the mail and marks them mailed: a second run finds nothing left, so nobody gets the
 * digest twice. Returns how many digests were queued.
 */
export async function sendDigests(db: Kysely<DB>, jobs: Jobs, config: Config, now: Date): Promise<number> {
  const users = await db
    .selectFrom('notifications')
    .select('user_id')
    .distinct()
    .where('delivery', '=', 'digest')
    .where('mailed_at', 'is', null)
    .execute();
  let sent = 0;
  for (const { user_id } of users) {
    const done = await db.transaction().execute(async (tx) => {
      const rows = await tx
        .selectFrom('notifications')
        .select(['id', 'organisation_id', 'kind', 'complaint_id'])
        .where('user_id', '=', user_id)
        .where('delivery', '=', 'digest')
        .where('mailed_at', 'is', null)
        .orderBy('created_at')
        .forUpdate()
        .execute();
      if (!rows.length) return false;
      const user = await tx.selectFrom('users').select(['email', 'organisation_id', 'disabled_at']).where('id', '=', user_id).executeTakeFirstOrThrow();
      const ids = rows.map((r) => r.id);
      if (user.disabled_at === null) {
        const org = await tx.selectFrom('organisations').select('name').where('id', '=', user.organisation_id).executeTakeFirstOrThrow();
        const complaintIds = [...new Set(rows.map((r) => r.complaint_id).filter((id): id is string => !!id))];
        const complaints = complaintIds.length ? await tx.selectFrom('complaints as c').leftJoin('units as u', 'u.id', 'c.unit_id').select(['c.id', 'c.reference', 'c.next_due', 'u.name as unit_name']).where('c.id', 'in', complaintIds).execute() : [];
        const byId = new Map(complaints.map((c) => [c.id, c]));
        const mail = digestMail(
          rows.map((r) => {
            const c = r.complaint_id ? byId.get(r.complaint_id) : undefined;
            return { kind: r.kind, reference: c?.reference ?? null, complaintId: r.complaint_id, due: r.kind === 'term_ending' || r.kind === 'overdue' ? (c?.next_due ?? null) : null, unitName: c?.unit_name ?? null };
          }),
          org.name,
          config.baseUrl,
        );
        const out = await queueMail(tx, jobs, { organisationId: user.organisation_id, complaintId: null, purpose: 'notification', to: user.email, subject: mail.subject, text: mail.text });
        await tx.updateTable('notifications').set({ mailed_at: now, outbound_mail_id: out.id }).where('id', 'in', ids).execute();
      } else {
        await tx.updateTable('notifications').set({ mailed_at: now }).where('id', 'in', ids).execute();
      }
      return user.disabled_at === null;
    });
    if (done) sent += 1;
  }
  return sent;
}

export const sendDigestJob = defineJob({
  name: 'send-digest',
  payload: z.object({}),
  // 05:00 and 06:00 UTC: one of the two is 07:00 in Amsterdam (summer or winter time); the handler checks which.
  schedule: '0 5,6 * * *',
  handler: async (_payload, ctx) => {
    const now = ctx.now();
    // Without a mail server the notifications stay on the start page only: no digest to fail.
    if (!isDigestTime(now) || !ctx.config.smtpUrl) return;
    const sent = await sendDigests(ctx.db, await jobQueue(ctx.db), ctx.config, now);
    ctx.logger.info({ sent }, 'digest sent');
  },
});
