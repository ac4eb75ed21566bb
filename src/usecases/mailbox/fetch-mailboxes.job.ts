import { z } from 'zod';
import { defineJob } from '../../jobs/define.ts';
import { fetchMailbox } from './fetch.ts';

/**
 * Every minute: fetch every enabled complaints mailbox (004 §3). Each message is taken in its own transaction
 * with the mailbox's UID bookkeeping, so a run that dies halfway is simply continued by the next one; two
 * instances fetching at once are kept apart by the mailbox row lock and the Message-ID. A mailbox that cannot
 * be reached keeps its reason in `last_error` (shown on "Klachtenmailbox"); the others are fetched all the same.
 */
export const fetchMailboxesJob = defineJob({
  name: 'fetch-mailboxes',
  payload: z.object({}).loose(),
  schedule: '*/1 * * * *',
  retry: { limit: 0, delaySeconds: 60, backoff: false },
  expireInSeconds: 10 * 60,
  handler: async (_payload, ctx) => {
    const mailboxes = await ctx.db.selectFrom('mailboxes').select('id').where('enabled', '=', true).orderBy('created_at').execute();
    for (const m of mailboxes) {
      try {
        const r = await fetchMailbox(ctx.db, m.id, { now: () => ctx.now() });
        if (r.fetched) ctx.logger.info({ mailboxId: m.id, ...r }, 'mailbox fetched');
      } catch (err) {
        // Only the mailbox id and the error's code: no addresses, subjects or server answers in the log.
        ctx.logger.warn({ mailboxId: m.id, code: (err as { code?: string }).code ?? 'error' }, 'mailbox fetch failed');
      }
    }
  },
});
