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
import { closeReusableTestPglite, reusableTestPglite } from '../support/templates.ts';

// The PGlite is the process's reusable one (issue 13: an open costs 0.5–0.8 s of CPU); the one kept for the next suite is
// closed after it, once every test of the process has run (see test/support/databases.ts).
let database: Database;
before(async () => {
  database = await reusableTestPglite();
});
after(async () => {
  await database.close();
  await closeReusableTestPglite();
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

test('on PGlite a job runs right after the transaction that enqueued it commits, none after a rollback, and an idle worker does not poll every second (issue 13)', async () => {
  // Every job on the embedded database is enqueued in this process: enqueue wakes the job's worker, so its poll can be
  // slow (one poll of every queue each second cost an idle server ~5 % of a core). The worker's fetch waits for the
  // enqueueing transaction to end (PGlite runs one at a time), so a rolled-back job is never seen.
  const seen: number[] = [];
  let ran: () => void = () => undefined;
  const running = new Promise<void>((resolve) => (ran = resolve));
  const probe = defineJob({
    name: 'wake-probe',
    payload: z.object({ n: z.number() }),
    handler: async ({ n }) => {
      seen.push(n);
      ran();
    },
  });
  const queue = await JobQueue.start(database, { maintain: false, jobs: [probe] });
  try {
    const config = loadConfig({ KLACHTWIJS_DEMO: 'false' });
    await startWorkers(queue, { db: database.db, config, logger: createLogger('silent'), mailer: createMailer(config.smtpUrl), now: () => new Date() });
    const lastFetch = () => queue.boss.getWipData().find((w) => w.name === probe.name)?.lastFetchedOn ?? null;
    const until = Date.now() + 10_000;
    while (lastFetch() === null && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
    const first = lastFetch();
    const firstSeen = Date.now(); // within ~20 ms of that fetch (pg-boss's own clock may differ from Date.now())
    assert.notEqual(first, null, 'the worker fetched once when it started');
    // Idle: no fetch for 2 s (the poll on PGlite is 5 s; a 1 s poll fetched again in that time).
    await new Promise((r) => setTimeout(r, 2_000));
    assert.equal(lastFetch(), first, 'the idle worker did not poll again within 2 s');

    await assert.rejects(
      database.db.transaction().execute(async (tx) => {
        await queue.enqueue(tx, probe, { n: 1 });
        throw new Error('rolled back');
      }),
      /rolled back/,
    );
    await database.db.transaction().execute((tx) => queue.enqueue(tx, probe, { n: 2 }));
    // Before the next poll was due (5 s after the first fetch, ~3 s from here; 0.5 s of margin): the enqueue woke the worker.
    const due = firstSeen + 4_500;
    await Promise.race([running, new Promise((_, reject) => setTimeout(() => reject(new Error('the job did not run before the next poll was due')), Math.max(0, due - Date.now())))]);
    await new Promise((r) => setTimeout(r, 200));
    assert.deepEqual(seen, [2], 'only the committed job ran');
  } finally {
    await queue.stop();
  }
});
