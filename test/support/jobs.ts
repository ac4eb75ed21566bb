import type { Kysely } from 'kysely';
import { loadConfig } from '../../src/config.ts';
import type { DB } from '../../src/db/types.ts';
import type { JobContext } from '../../src/jobs/define.ts';
import { jobQueue } from '../../src/jobs/queue.ts';
import { workUntilIdle } from '../../src/jobs/worker.ts';
import { createMailer, type Mailer } from '../../src/mail/mailer.ts';
import { createLogger } from '../../src/shared/logger.ts';

export interface RunJobsOptions {
  /** Where mail goes: an SMTP URL (the sink's `url`), or a mailer; default: no mail server (every mail fails). */
  smtpUrl?: string;
  mailer?: Mailer;
  /** Jobs waiting for a retry are made due at once. */
  dueRetries?: boolean;
  now?: () => Date;
  env?: Record<string, string>;
}

/**
 * Works every job that is due, in the test process, until the queue is idle: act → runJobs → assert.
 * Real pg-boss on the test's database, real SMTP when `smtpUrl` is given.
 */
export async function runJobs(db: Kysely<DB>, opts: RunJobsOptions = {}): Promise<{ done: number; failed: number }> {
  const queue = await jobQueue(db);
  const config = loadConfig({ KLACHTWIJS_DEMO: 'false', ...(opts.smtpUrl ? { SMTP_URL: opts.smtpUrl } : {}), ...opts.env });
  const mailer = opts.mailer ?? createMailer(config.smtpUrl);
  const ctx: JobContext = { db, config, logger: createLogger('silent'), mailer, now: opts.now ?? (() => new Date()) };
  try {
    return await workUntilIdle(queue, ctx, { ...(opts.dueRetries ? { dueRetries: true } : {}) });
  } finally {
    if (!opts.mailer) mailer.close();
  }
}
