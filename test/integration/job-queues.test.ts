/**
 * The job queue's start (src/jobs/queue.ts, issue 13): every job's queue is read in one statement; a missing queue is
 * created, one whose options differ from the job's is updated, and the others are left as they are.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Database } from '../../src/db/database.ts';
import { DEFAULT_RETRY } from '../../src/jobs/define.ts';
import { JobQueue } from '../../src/jobs/queue.ts';
import { JOBS } from '../../src/jobs/registry.ts';
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
