/**
 * The job queue starts after the server listens (issue 13: restart < 1 s; ADR 0030 addendum 2). On the embedded database
 * pg-boss's start shares PGlite's one connection with the requests, so these hold that nothing waits on the other for
 * ever: requests made while the queue starts are answered (a page, /health, a complaint whose transaction enqueues a job),
 * `/ready` says job_queue_not_started until the queue runs, and a transaction that asks for a queue still starting gets
 * an error instead of a wait that would never end.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { loadConfig } from '../../src/config.ts';
import type { Database } from '../../src/db/database.ts';
import { asOwner } from '../../src/db/tenant.ts';
import { jobQueue, queueFor, startedJobQueue, startJobQueue } from '../../src/jobs/queue.ts';
import { startServer } from '../../src/server.ts';
import { createLogger } from '../../src/shared/logger.ts';
import { registerComplaint } from '../../src/usecases/complaints/register-complaint.ts';
import { makeOrganisationWithRegulation } from '../support/factories.ts';
import { freePort } from '../support/pg-server.ts';
import { closeReusableTestPglite, reusableTestPglite } from '../support/templates.ts';

// The PGlite is the process's reusable one (issue 13: an open costs 0.5–0.8 s of CPU); the one kept for the next suite is
// closed once every test of the process has run (see test/support/databases.ts).
after(closeReusableTestPglite);

/** `promise`, or a failure naming `what` after `ms` (a wait on PGlite's one connection never ends by itself). */
function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: no answer within ${ms} ms (a deadlock on the one connection?)`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

describe('start: the job queue starts after the server listens (embedded database)', () => {
  let database: Database;
  before(async () => {
    database = await reusableTestPglite();
  });
  after(async () => {
    await database?.close();
  });

  it('serves requests while pg-boss starts, a complaint that enqueues included; /ready is 503 job_queue_not_started until it runs', async () => {
    const org = await makeOrganisationWithRegulation(database.db, 'stadsring51');
    const config = loadConfig({ PORT: String(await freePort()), HOST: '127.0.0.1', KLACHTWIJS_DEMO: 'false' });
    const server = await startServer(config, createLogger('silent'), { database });
    try {
      // A queue started before the server listened has settled before the next turn of the event loop; this one has not.
      let queueUp = false;
      const queue = startedJobQueue(database.db).then((q) => (queueUp = q !== null));
      await new Promise((resolve) => setImmediate(resolve));
      assert.equal(queueUp, false, 'startServer returned after the job queue had started');
      const input = { channel: 'web_form', description: 'Niemand belde terug over de trapleuning.', complainant: { relation: 'client', name: 'Ottoline Vlasblom', email: 'ottoline@example.nl', postalAddress: 'Dorpsstraat 8, 1234 AB Ergens' }, signed: true };
      const [health, login, ready, complaint] = await within(
        Promise.all([
          fetch(`${server.url}/health`),
          fetch(`${server.url}/inloggen`),
          fetch(`${server.url}/ready`),
          registerComplaint(database.db, { organisationId: org.org.id, actor: null, door: 'public', input }),
        ]),
        30_000,
        'requests while the job queue starts',
      );
      assert.equal(health.status, 200);
      assert.equal(login.status, 200);
      assert.match(await login.text(), /Inloggen/);
      assert.equal(ready.status, 503);
      assert.deepEqual(await ready.json(), { status: 'not_ready', problems: ['job_queue_not_started'] });
      // The complaint's transaction enqueued the e-mail of its notification (new in the unit): the job exists, committed with it.
      const jobs = await asOwner(() =>
        sql<{ n: number }>`select count(*)::int as n from pgboss.job j join notifications n on j.data->>'notificationId' = n.id::text
          where n.complaint_id = ${complaint.id} and n.delivery = 'now'`.execute(database.db),
      );
      assert.ok(jobs.rows[0]!.n > 0, 'the complaint registered while the queue started has its job');
      await within(server.workers, 30_000, 'the job queue and workers');
      await queue;
      assert.notEqual(await startedJobQueue(database.db), null, 'the queue runs once the workers started');
      const readyAfter = await fetch(`${server.url}/ready`);
      assert.equal(readyAfter.status, 200, await readyAfter.clone().text());
    } finally {
      await server.close();
    }
  });

  it('pg-boss does not start while the first requests are served; a use case that needs the queue sooner starts the server\'s own', async () => {
    const config = loadConfig({ PORT: String(await freePort()), HOST: '127.0.0.1', KLACHTWIJS_DEMO: 'false' });
    const own = await reusableTestPglite();
    const server = await startServer(config, createLogger('silent'), { database: own });
    try {
      // Not begun at all when the server listens (before: begun at once, holding PGlite's one connection from the first request).
      assert.equal(await startedJobQueue(own.db), null, 'pg-boss began to start before the first requests were answered');
      const health = await fetch(`${server.url}/health`);
      assert.equal(health.status, 200);
      // A use case asking for the queue (before its transaction) starts the server's queue, with its workers: not an enqueue-only one.
      const asked = await within(jobQueue(own.db), 30_000, 'jobQueue(db) before the quiet start');
      await within(server.workers, 30_000, 'the job queue and workers');
      assert.equal(await startedJobQueue(own.db), asked);
      const ready = await fetch(`${server.url}/ready`);
      assert.equal(ready.status, 200, await ready.clone().text());
    } finally {
      await server.close();
      await own.close();
    }
  });

  it('a server closed before its first quiet moment does not start pg-boss only to stop it', async () => {
    const config = loadConfig({ PORT: String(await freePort()), HOST: '127.0.0.1', KLACHTWIJS_DEMO: 'false' });
    const own = await reusableTestPglite();
    try {
      const server = await startServer(config, createLogger('silent'), { database: own });
      await server.close();
      assert.equal(await startedJobQueue(own.db), null, 'pg-boss started for a server that had already closed');
      // Its deferred start is withdrawn: a later use case on this database gets a queue of its own, not the closed server's.
      const queue = await within(jobQueue(own.db), 30_000, 'jobQueue(db) after the server closed');
      assert.equal(await startedJobQueue(own.db), queue);
    } finally {
      await own.close();
    }
  });

  it('a transaction that asks for a queue still starting gets an error at once, not a wait on its own connection', async () => {
    const other = await reusableTestPglite();
    try {
      const starting = startJobQueue(other, { maintain: false });
      const asked = other.db.transaction().execute(async (tx) => queueFor(tx));
      await assert.rejects(within(asked, 15_000, 'queueFor(tx) while the queue starts'), /job queue is still starting/);
      await within(starting, 30_000, 'the queue start after the transaction ended');
      // Once started, a transaction finds it.
      const found = await other.db.transaction().execute(async (tx) => queueFor(tx));
      assert.equal(found, await starting);
    } finally {
      await other.close();
    }
  });
});
