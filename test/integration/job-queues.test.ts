/**
 * The job queue's start (src/jobs/queue.ts, issue 13): every job's queue is read in one statement; a missing queue is
 * created, one whose options differ from the job's is updated, and the others are left as they are. The same for the
 * schedules the workers set (src/jobs/worker.ts).
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Database } from '../../src/db/database.ts';
import { z } from 'zod';
import { DEFAULT_RETRY, defineJob } from '../../src/jobs/define.ts';
import { JobQueue } from '../../src/jobs/queue.ts';
import { JOBS } from '../../src/jobs/registry.ts';
import { startWorkers } from '../../src/jobs/worker.ts';
import { loadConfig } from '../../src/config.ts';
import { createMailer } from '../../src/mail/mailer.ts';
import { createLogger } from '../../src/shared/logger.ts';
import { openTestPglite } from '../support/templates.ts';

let database: Database;
before(async () => {
  database = await openTestPglite();
});
after(async () => {
  await database.close();
});

test('a start creates a missing queue and puts back the options of a changed one', async () => {
  const [changed, missing] = [JOBS[0]!, JOBS[1]!];
  const first = await JobQueue.start(database, { maintain: false });
  await first.boss.updateQueue(changed.name, { retryLimit: 99, expireInSeconds: 7 });
  await first.boss.deleteQueue(missing.name);
  assert.equal(await first.boss.getQueue(missing.name), null);
  await first.stop();

  const again = await JobQueue.start(database, { maintain: false });
  try {
    const queues = new Map((await again.boss.getQueues()).map((q) => [q.name, q]));
    assert.deepEqual([...queues.keys()].sort(), JOBS.map((j) => j.name).sort());
    for (const job of [changed, missing]) {
      const q = queues.get(job.name)!;
      assert.equal(q.retryLimit, (job.retry ?? DEFAULT_RETRY).limit, job.name);
      assert.equal(q.expireInSeconds, job.expireInSeconds ?? 300, job.name);
    }
  } finally {
    await again.stop();
  }
});

test('the workers write a schedule only when it is missing or changed, and take it from a job without one', async () => {
  const config = loadConfig({ KLACHTWIJS_DEMO: 'false' });
  const ctx = { db: database.db, config, logger: createLogger('silent'), mailer: createMailer(config.smtpUrl), now: () => new Date() };
  const scheduled = JOBS.filter((j) => j.schedule);
  const [changed, kept] = [scheduled[0]!, scheduled[1]!];
  const unscheduled = JOBS.find((j) => !j.schedule)!;
  const schedules = async (queue: JobQueue) => new Map((await queue.boss.getSchedules()).map((s) => [s.name, s]));

  const first = await JobQueue.start(database, { maintain: true });
  await startWorkers(first, ctx);
  const before = await schedules(first);
  assert.deepEqual([...before.keys()].sort(), scheduled.map((j) => j.name).sort());
  await first.boss.schedule(changed.name, '7 7 * * *', {}, { tz: 'UTC' });
  await first.boss.schedule(unscheduled.name, '7 7 * * *', {}, { tz: 'UTC' });
  await first.stop();

  const again = await JobQueue.start(database, { maintain: true });
  try {
    await startWorkers(again, ctx);
    const now = await schedules(again);
    assert.deepEqual([...now.keys()].sort(), scheduled.map((j) => j.name).sort(), 'the stray schedule is gone');
    assert.equal(now.get(changed.name)!.cron, changed.schedule, 'the changed schedule is put back');
    assert.deepEqual(now.get(kept.name)!.updatedOn, before.get(kept.name)!.updatedOn, 'an unchanged schedule is not written again');
    assert.deepEqual(now.get(kept.name)!.options, { tz: 'UTC' });
  } finally {
    await again.stop();
  }
});

test('a worker draining a backlog on PGlite lets the event loop turn between its batches (issue 13)', async () => {
  // On PGlite a statement never waits for I/O: without a turn, pg-boss fetching again at once while batches come back
  // full ran every batch in microtasks, and no HTTP request was read until the backlog was gone.
  let turns = 0;
  let ticking = true;
  const tick = () => {
    turns++;
    if (ticking) setImmediate(tick);
  };
  const seen: number[] = [];
  const probe = defineJob({ name: 'loop-probe', payload: z.object({ n: z.number() }), handler: async () => void seen.push(turns) });
  const queue = await JobQueue.start(database, { maintain: false, jobs: [probe] });
  try {
    const jobs = 35; // four batches of at most 10
    await queue.boss.insert(probe.name, Array.from({ length: jobs }, (_, n) => ({ data: { n } })));
    const config = loadConfig({ KLACHTWIJS_DEMO: 'false' });
    setImmediate(tick);
    await startWorkers(queue, { db: database.db, config, logger: createLogger('silent'), mailer: createMailer(config.smtpUrl), now: () => new Date() });
    const until = Date.now() + 20_000;
    while (seen.length < jobs && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
    assert.equal(seen.length, jobs, 'every job ran');
    // The turns seen by the jobs: the same within a batch, a later one for every next batch.
    assert.ok(new Set(seen).size >= 4, `the event loop turned between the batches (turns seen: ${[...new Set(seen)].join(', ')})`);
  } finally {
    ticking = false;
    await queue.stop();
  }
});
