import { vacuumEmbeddedJob } from '../db/vacuum.job.ts';
import { sendMailJob } from '../mail/send-mail.job.ts';
import { fetchMailboxesJob } from '../usecases/mailbox/fetch-mailboxes.job.ts';
import { checkMeasuresJob } from '../usecases/measures/check-measures.job.ts';
import { checkRetentionJob } from '../usecases/retention/check-retention.job.ts';
import { checkTermsJob } from '../usecases/notifications/check-terms.job.ts';
import { mailNotificationJob } from '../usecases/notifications/mail-notification.job.ts';
import { sendDigestJob } from '../usecases/notifications/send-digest.job.ts';
import { sweepNotificationsJob } from '../usecases/notifications/sweep-notifications.job.ts';
import { sweepSecurityCountersJob } from '../usecases/security/sweep-security-counters.job.ts';
import type { AnyJob } from './define.ts';

/** Every job the worker runs: one line per job (each job lives in its own file beside the use cases it serves). */
export const JOBS: readonly AnyJob[] = [
  sendMailJob,
  mailNotificationJob,
  checkTermsJob,
  sendDigestJob,
  sweepNotificationsJob,
  fetchMailboxesJob,
  checkMeasuresJob,
  checkRetentionJob,
  sweepSecurityCountersJob,
  vacuumEmbeddedJob,
];
