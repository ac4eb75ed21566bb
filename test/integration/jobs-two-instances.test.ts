import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { loadConfig } from '../../src/config.ts';
import { openDatabase, type Database } from '../../src/db/database.ts';
import { migrateToLatest } from '../../src/db/migrate.ts';
import { startJobQueue } from '../../src/jobs/queue.ts';
import { startWorkers } from '../../src/jobs/worker.ts';
import { createMailer } from '../../src/mail/mailer.ts';
import { queueMail } from '../../src/mail/outbox.ts';
import { createLogger } from '../../src/shared/logger.ts';
import { makeOrganisation } from '../support/factories.ts';
import { acquirePostgresServer, createDatabase, type PostgresServer, type TestDatabase } from '../support/pg-server.ts';
import { startSmtpSink, type SmtpSink } from '../support/smtp.ts';

/**
 * Two instances on one PostgreSQL server (ADR 0014), each with its own connection pool, job queue and workers,
 * as two processes with KLACHTWIJS_SERVICES=worker would run: every mail queued on either goes out exactly once.
 * (In a describe, so the servers stop when this file's test is done: npm test runs several files in one process.)
 */
describe('two instances on one PostgreSQL server', () => {
  let server: PostgresServer;
  let testDb: TestDatabase;
  let sink: SmtpSink;
  const instances: Database[] = [];
  before(async () => {
    server = await acquirePostgresServer();
    testDb = await createDatabase(server.url);
    sink = await startSmtpSink();
    for (let i = 0; i < 2; i++) instances.push(await openDatabase({ kind: 'postgres', url: testDb.url }));
    await migrateToLatest(instances[0]!.db);
  });
  after(async () => {
    for (const d of instances) await d.close();
    await sink.stop();
    await testDb?.drop();
    await server?.stop();
  });

  test('two worker instances on one PostgreSQL send every mail exactly once', async () => {
    const config = loadConfig({ KLACHTWIJS_DEMO: 'false', SMTP_URL: sink.url });
    const mailers = instances.map(() => createMailer(config.smtpUrl));
    const queues = await Promise.all(instances.map((d) => startJobQueue(d, { maintain: true })));
    const { org } = await makeOrganisation(instances[0]!.db);
    try {
      await Promise.all(queues.map((q, i) => startWorkers(q, { db: instances[i]!.db, config, logger: createLogger('silent'), mailer: mailers[i]!, now: () => new Date() })));
      const ids: string[] = [];
      for (let n = 0; n < 40; n++) {
        const i = n % 2;
        const { messageId } = await instances[i]!.db.transaction().execute((tx) => queueMail(tx, queues[i]!, { organisationId: org.id, purpose: 'notification', to: `medewerker${n}@example.nl`, subject: `Melding ${n}`, text: 'Er is een klacht aan u toegewezen.' }));
        ids.push(messageId);
      }
      await sink.waitFor(40, 30_000);
      await new Promise((r) => setTimeout(r, 2_500)); // two more polling rounds: nothing may come twice
      assert.equal(sink.messages.length, 40);
      assert.deepEqual(new Set(sink.messages.map((m) => m.messageId)), new Set(ids));
      const sent = await instances[1]!.db.selectFrom('outbound_mails').select('id').where('status', '=', 'sent').execute();
      assert.equal(sent.length, 40);
    } finally {
      for (const m of mailers) m.close();
    }
  });
});
