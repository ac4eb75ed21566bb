import type { Kysely } from 'kysely';
import { addWorkingDays, compareDates, type IsoDate } from '../../domain/deadlines/index.ts';
import type { DB } from '../../db/types.ts';
import { defineJob } from '../../jobs/define.ts';
import { jobQueue } from '../../jobs/queue.ts';
import { z } from 'zod';
import { loadRegulation, today } from '../complaints/dossier.ts';
import { coordinatorsOfUnit, deliveriesOf, notify, type Jobs } from './notify.ts';
import { DEFAULT_TERM_DAYS, MAX_TERM_DAYS } from './kinds.ts';
import { organisationTermDays } from './inbox.ts';

/**
 * The daily term check (ADR 0013): for every complaint whose running term (`next_due`, the regulation's clock)
 * ends within the user's N working days (their own choice, else the organisation's, else 3; the regulation's calendar) its handler hears "termijn loopt
 * bijna af"; once the date has passed, "termijn verlopen". A complaint without a handler goes to the
 * coordinators who see it. Said once per complaint per term per day: a unique key, so a second run the same day
 * (a crash, two servers) adds nothing. Returns how many notifications were made.
 */
export async function checkTerms(db: Kysely<DB>, jobs: Jobs, now: Date): Promise<number> {
  const day = today(now);
  const horizon = addWorkingDays(day, MAX_TERM_DAYS + 10, { atw: true, closedDays: [] });
  const complaints = await db
    .selectFrom('complaints')
    .select(['id', 'organisation_id', 'unit_id', 'regulation_version_id', 'handler_user_id', 'respondent_user_id', 'next_due', 'next_due_key'])
    .where('next_due', 'is not', null)
    .where('next_due', '<=', horizon)
    .where('closed_at', 'is', null)
    .orderBy('organisation_id')
    .execute();
  let made = 0;
  const orgDays = new Map<string, number>();
  for (const c of complaints) {
    const due = c.next_due as IsoDate;
    const { policy } = await loadRegulation(db, c.organisation_id, c.regulation_version_id);
    const people = c.handler_user_id ? [c.handler_user_id] : await coordinatorsOfUnit(db, c.organisation_id, c.unit_id);
    const recipients = people.filter((u) => u !== c.respondent_user_id);
    if (!recipients.length) continue;
    const prefs = await deliveriesOf(db, recipients);
    if (!orgDays.has(c.organisation_id)) orgDays.set(c.organisation_id, (await organisationTermDays(db, c.organisation_id)) ?? DEFAULT_TERM_DAYS);
    const overdue = compareDates(due, day) < 0;
    const userIds = overdue ? recipients : recipients.filter((u) => compareDates(due, addWorkingDays(day, prefs.get(u)?.termDays ?? orgDays.get(c.organisation_id)!, policy.calendar)) <= 0);
    if (!userIds.length) continue;
    const kind = overdue ? 'overdue' : 'term_ending';
    const ids = await db.transaction().execute((tx) =>
      notify(tx, jobs, { organisationId: c.organisation_id, kind, complaintId: c.id, userIds, uniqueKey: `${kind}:${c.id}:${c.next_due_key ?? 'term'}:${due}:${day}` }),
    );
    made += ids.length;
  }
  return made;
}

export const checkTermsJob = defineJob({
  name: 'check-terms',
  payload: z.object({}),
  // Daily at 04:00 UTC: 05:00 or 06:00 in Amsterdam, before the 07:00 digest in winter and in summer.
  schedule: '0 4 * * *',
  handler: async (_payload, ctx) => {
    const made = await checkTerms(ctx.db, await jobQueue(ctx.db), ctx.now());
    ctx.logger.info({ made }, 'term check done');
  },
});
