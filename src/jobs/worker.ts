import { setImmediate as turn } from 'node:timers/promises';
import type { JobResult, JobWithMetadata } from 'pg-boss';
import { asSystem } from '../db/tenant.ts';
import type { AnyJob, JobContext } from './define.ts';
import { JOB_SCHEMA, type JobQueue } from './queue.ts';

/** How often an idle worker asks for new jobs (pg-boss polls; 1 s keeps "action → mail sent" around a second). */
const POLLING_SECONDS = 1;
/**
 * The same on the embedded PGlite, where every job is enqueued in this process and wakes its worker at once
 * (`JobQueue.enqueue`): the poll only finds what became due by itself (a retry, a later start, a schedule's run), so
 * it can wait longer. One poll of the 10 queues each second cost an idle server ~5 % of a core (issue 13, ADR 0014
 * addendum); 5 s is the shortest retry delay (send-mail's first).
 */
const PGLITE_POLLING_SECONDS = 5;
/** Jobs fetched at once by a worker. */
const BATCH = 10;

/**
 * Runs one job: the payload is checked against the job's schema, the handler gets the attempt it is on. A job is system
 * work (every organisation), also when its worker was started from inside a request (row-level security, ADR 0024).
 */
export async function runJob(job: AnyJob, run: Pick<JobWithMetadata<unknown>, 'data' | 'retryCount' | 'retryLimit'>, ctx: JobContext): Promise<void> {
  const payload = job.payload.parse(run.data ?? {});
  await asSystem(() => job.handler(payload, { ...ctx, attempt: { number: run.retryCount + 1, last: run.retryCount >= run.retryLimit } }));
}

/**
 * The worker role: every registered job gets a pg-boss worker; scheduled jobs get their schedule (once across
 * instances, written only when it changed). A worker fetches up to 10 jobs at a time and fetches again at once while batches come back full
 * (otherwise it polls: every second, on PGlite every 5 s and woken by an enqueue); it runs `job.concurrency` of them at a time and reports each job's own
 * result, so one failing mail does not fail the others in its batch.
 */
export async function startWorkers(queue: JobQueue, ctx: JobContext): Promise<void> {
  for (const job of queue.jobs.values()) {
    const pollingIntervalSeconds = queue.kind === 'pglite' ? PGLITE_POLLING_SECONDS : POLLING_SECONDS;
    const options = { pollingIntervalSeconds, batchSize: BATCH, burstWhenBatchFull: true, perJobResults: true, includeMetadata: true } as const;
    const workerId = await queue.boss.work<unknown>(job.name, options, async (batch) => {
      const runs = batch as JobWithMetadata<unknown>[];
      const results: JobResult[] = [];
      const width = Math.max(1, job.concurrency ?? 1);
      // Let the event loop turn before each batch: on PGlite a statement never waits for I/O, so a worker draining a
      // backlog (fetching again at once while batches come back full) ran batch after batch in microtasks and no
      // request was read meanwhile (issue 13: 0.5 s stalls of the public intake while a busy second's mails were made).
      // Once per batch, not per job: per job the requests always came first and the mails fell behind under load.
      await turn();
      for (let i = 0; i < runs.length; i += width) {
        await Promise.all(
          runs.slice(i, i + width).map(async (run) => {
            try {
              await runJob(job, run, ctx);
              results.push({ id: run.id, status: 'completed' });
            } catch (err) {
              // The message may quote an address the mail server refused: log the kind of error only.
              ctx.logger.warn({ job: job.name, jobId: run.id, attempt: run.retryCount + 1, error: err instanceof Error ? err.name : 'unknown' }, 'job failed');
              results.push({ id: run.id, status: 'failed', output: { message: errorMessage(err) } });
            }
          }),
        );
      }
      return results;
    });
    queue.wakeOnEnqueue(job.name, workerId);
  }
  await syncSchedules(queue);
}

/** What every schedule is stored with: no payload, the cron expression read in UTC. */
const SCHEDULE_DATA = {};
const SCHEDULE_OPTIONS = { tz: 'UTC' } as const;

/**
 * Gives every scheduled job its schedule and takes it from a job that has none. The schedules are read in one statement
 * and only what differs is written (issue 13: a restart wrote or deleted every job's schedule, one statement per job).
 */
async function syncSchedules(queue: JobQueue): Promise<void> {
  const stored = new Map((await queue.boss.getSchedules()).filter((s) => (s.key ?? '') === '').map((s) => [s.name, s]));
  const same = (a: unknown, b: object) => JSON.stringify(a ?? {}) === JSON.stringify(b);
  for (const job of queue.jobs.values()) {
    const row = stored.get(job.name);
    if (job.schedule) {
      const unchanged = row && row.cron === job.schedule && row.timezone === SCHEDULE_OPTIONS.tz && same(row.data, SCHEDULE_DATA) && same(row.options, SCHEDULE_OPTIONS);
      if (!unchanged) await queue.boss.schedule(job.name, job.schedule, SCHEDULE_DATA, SCHEDULE_OPTIONS);
    } else if (row) await queue.boss.unschedule(job.name).catch(() => undefined);
  }
}

/**
 * Works every job that is due until none is left, in this process (tests, and a command that drains the
 * queue): act → workUntilIdle → assert. A failed run is handed back to pg-boss, which retries it later by
 * the job's policy; `dueRetries` makes such retries due at once.
 */
export async function workUntilIdle(queue: JobQueue, ctx: JobContext, opts: { dueRetries?: boolean; maxRounds?: number } = {}): Promise<{ done: number; failed: number }> {
  let done = 0;
  let failed = 0;
  for (let round = 0; round < (opts.maxRounds ?? 50); round++) {
    if (opts.dueRetries) await queue.boss.getDb().executeSql(`update ${JOB_SCHEMA}.job set start_after = now() where state = 'retry'`, []);
    let worked = 0;
    for (const job of queue.jobs.values()) {
      const runs = await queue.boss.fetch<unknown>(job.name, { batchSize: 20, includeMetadata: true });
      for (const run of runs) {
        worked++;
        try {
          await runJob(job, run, ctx);
          await queue.boss.complete(job.name, run.id);
          done++;
        } catch (err) {
          await queue.boss.fail(job.name, run.id, { message: errorMessage(err) });
          failed++;
        }
      }
    }
    if (worked === 0) break;
    if (opts.dueRetries && failed > 0) break; // a job that keeps failing must not spin here
  }
  return { done, failed };
}

function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** Stops this process's workers (the queue stays usable for enqueueing): a server closed on a database it did not open. */
export async function stopWorkers(queue: JobQueue): Promise<void> {
  queue.forgetWorkers();
  for (const job of queue.jobs.values()) await queue.boss.offWork(job.name).catch(() => undefined);
}
