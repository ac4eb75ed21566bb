import type { Kysely } from 'kysely';
import type { z } from 'zod';
import type { Config } from '../config.ts';
import type { DB } from '../db/types.ts';
import type { Mailer } from '../mail/mailer.ts';
import type { Logger } from '../shared/logger.ts';

/** What a job's handler gets: the database (not a transaction: it opens its own), configuration, a logger, the mailer. */
export interface JobContext {
  readonly db: Kysely<DB>;
  readonly config: Config;
  readonly logger: Logger;
  readonly mailer: Mailer;
  now(): Date;
  /** This run: its number (1 = first try) and whether it is the last try the retry policy allows. */
  readonly attempt?: { readonly number: number; readonly last: boolean };
}

export interface RetryPolicy {
  /** Tries after the first one before the job is failed for good. */
  readonly limit: number;
  readonly delaySeconds: number;
  /** Exponential backoff from delaySeconds, up to maxDelaySeconds. */
  readonly backoff: boolean;
  readonly maxDelaySeconds?: number;
}

/**
 * One kind of job: a name (its pg-boss queue), a zod schema for its payload, an idempotent handler (a job can
 * run twice after a crash) and how it is retried. A job with a schedule runs on that cron expression (UTC)
 * with an empty payload, once per tick across every instance.
 */
export interface JobDefinition<P> {
  readonly name: string;
  readonly payload: z.ZodType<P>;
  readonly handler: (payload: P, ctx: JobContext) => Promise<void>;
  readonly retry?: RetryPolicy;
  readonly schedule?: string;
  /** Runs of this job at once in one worker process (default 1). */
  readonly concurrency?: number;
  /** Longest a single run may take before pg-boss takes it as lost and retries it (default 5 minutes). */
  readonly expireInSeconds?: number;
}

export const DEFAULT_RETRY: RetryPolicy = { limit: 3, delaySeconds: 10, backoff: true, maxDelaySeconds: 600 };

export function defineJob<P>(definition: JobDefinition<P>): JobDefinition<P> {
  if (!/^[a-z][a-z0-9-]*$/.test(definition.name)) throw new Error(`job name "${definition.name}" must be kebab-case`);
  return definition;
}

/** A job of any payload, as the registry and the worker hold them. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyJob = JobDefinition<any>;
