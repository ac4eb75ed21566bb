import { sendMailJob } from '../mail/send-mail.job.ts';
import type { AnyJob } from './define.ts';

/** Every job the worker runs: one line per job (each job lives in its own file beside the use cases it serves). */
export const JOBS: readonly AnyJob[] = [
  sendMailJob,
];
