import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { loadConfig } from '../../src/config.ts';
import { jobQueue } from '../../src/jobs/queue.ts';
import { startWorkers, stopWorkers } from '../../src/jobs/worker.ts';
import { createMailer } from '../../src/mail/mailer.ts';
import { failedMails, queueMail, retryMail, type OutgoingMail } from '../../src/mail/outbox.ts';
import { createLogger } from '../../src/shared/logger.ts';
import { forEachDatabase } from '../support/databases.ts';
import { actorOf, makeOrganisation, makeUser } from '../support/factories.ts';
import { runJobs } from '../support/jobs.ts';
import { startSmtpSink, type SmtpSink } from '../support/smtp.ts';

/** The outbox (ADR 0014): a mail queued in a transaction, sent once by the send-mail job, through real SMTP. */
forEachDatabase('outbox', (ctx) => {
  let sink: SmtpSink;
  let org: Awaited<ReturnType<typeof makeOrganisation>>;
  before(async () => {
    sink = await startSmtpSink();
    org = await makeOrganisation(ctx.database.db, 'Zorg & Welzijn Noord');
  });
  after(() => sink.stop());

  const mail = (subject: string, extra: Partial<OutgoingMail> = {}): OutgoingMail => ({ organisationId: org.org.id, purpose: 'notification', to: 'klager@example.nl', subject, text: `Tekst van ${subject}`, ...extra });
  async function queue(m: OutgoingMail) {
    const db = ctx.database.db;
    const jobs = await jobQueue(db);
    return db.transaction().execute((tx) => queueMail(tx, jobs, m));
  }
  const status = (id: string) => ctx.database.db.selectFrom('outbound_mails').select(['status', 'attempts', 'last_error', 'sent_at']).where('id', '=', id).executeTakeFirstOrThrow();
  const withSubject = (s: string) => sink.messages.filter((m) => m.subject === s);

  test('a committed mail is sent once, as stored, with its Message-ID, sender and attachment', async () => {
    const pdf = Buffer.from('%PDF-1.7\n%test\n');
    const queued = await queue(mail('Ontvangstbevestiging 2026-0001', { attachments: [{ filename: 'brief.pdf', contentType: 'application/pdf', content: pdf }] }));
    assert.equal((await status(queued.id)).status, 'queued');
    await runJobs(ctx.database.db, { smtpUrl: sink.url });
    const got = withSubject('Ontvangstbevestiging 2026-0001');
    assert.equal(got.length, 1);
    assert.equal(got[0]!.messageId, queued.messageId);
    assert.equal(got[0]!.from?.value[0]?.name, 'Zorg & Welzijn Noord');
    assert.equal(got[0]!.from?.value[0]?.address, 'klachten@localhost');
    assert.deepEqual(got[0]!.envelopeTo, ['klager@example.nl']);
    assert.equal(got[0]!.attachments[0]?.filename, 'brief.pdf');
    assert.ok(got[0]!.attachments[0]?.content.equals(pdf));
    const row = await status(queued.id);
    assert.equal(row.status, 'sent');
    assert.equal(row.attempts, 1);
    assert.ok(row.sent_at);
    // Working the queue again sends nothing new.
    await runJobs(ctx.database.db, { smtpUrl: sink.url, dueRetries: true });
    assert.equal(withSubject('Ontvangstbevestiging 2026-0001').length, 1);
  });

  test('a mail queued in a transaction that rolls back is neither stored nor sent', async () => {
    const db = ctx.database.db;
    const jobs = await jobQueue(db);
    await assert.rejects(
      db.transaction().execute(async (tx) => {
        await queueMail(tx, jobs, mail('Teruggedraaid'));
        throw new Error('rollback');
      }),
      /rollback/,
    );
    const result = await runJobs(db, { smtpUrl: sink.url });
    assert.equal(result.done, 0);
    assert.equal(withSubject('Teruggedraaid').length, 0);
    assert.equal((await db.selectFrom('outbound_mails').select('id').where('subject', '=', 'Teruggedraaid').execute()).length, 0);
  });

  test('mail server down: nothing is lost, the reason is kept, and after its return every mail goes out exactly once', async () => {
    await sink.stop();
    const queued = await Promise.all([1, 2, 3].map((i) => queue(mail(`Storing ${i}`))));
    const down = await runJobs(ctx.database.db, { smtpUrl: sink.url });
    assert.equal(down.failed, 3);
    for (const q of queued) {
      const row = await status(q.id);
      assert.equal(row.status, 'queued', 'a transient failure keeps the mail queued for the next try');
      assert.equal(row.attempts, 1);
      assert.match(row.last_error ?? '', /niet bereikbaar/);
    }
    await sink.start();
    await runJobs(ctx.database.db, { smtpUrl: sink.url, dueRetries: true });
    for (const i of [1, 2, 3]) assert.equal(withSubject(`Storing ${i}`).length, 1);
    for (const q of queued) assert.equal((await status(q.id)).status, 'sent');
  });

  test('a refused recipient fails for good with the reason, shows on the coordinator start list, and "opnieuw" sends it', async () => {
    const coordinator = await makeUser(ctx.database.db, org.org.id, 'coordinator');
    const admin = await makeUser(ctx.database.db, org.org.id, 'admin');
    sink.rejectWith(550);
    const queued = await queue(mail('Geweigerd'));
    await runJobs(ctx.database.db, { smtpUrl: sink.url });
    sink.rejectWith(null);
    const row = await status(queued.id);
    assert.equal(row.status, 'failed');
    assert.match(row.last_error ?? '', /weigert dit bericht \(550\)/);
    // No complaint: the admin sees it (invitations, links); a coordinator sees only mails of complaints in their units.
    assert.deepEqual((await failedMails(ctx.database.db, await actorOf(ctx.database.db, admin))).map((m) => m.subject), ['Geweigerd']);
    assert.deepEqual(await failedMails(ctx.database.db, await actorOf(ctx.database.db, coordinator)), []);
    await assert.rejects(retryMail(ctx.database.db, await actorOf(ctx.database.db, coordinator), queued.id), { code: 'not_found' });
    await retryMail(ctx.database.db, await actorOf(ctx.database.db, admin), queued.id);
    await assert.rejects(retryMail(ctx.database.db, await actorOf(ctx.database.db, admin), queued.id), { code: 'invalid_transition' });
    await runJobs(ctx.database.db, { smtpUrl: sink.url });
    assert.equal(withSubject('Geweigerd').length, 1);
    assert.equal((await status(queued.id)).status, 'sent');
  });

  test('without a mail server a mail fails at once with a reason a person understands', async () => {
    const queued = await queue(mail('Geen server'));
    await runJobs(ctx.database.db, {});
    const row = await status(queued.id);
    assert.equal(row.status, 'failed');
    assert.equal(row.last_error, 'Er is geen mailserver ingesteld (SMTP_URL).');
  });

  test('the worker role sends a queued mail by itself, within seconds', async () => {
    const db = ctx.database.db;
    const queue = await jobQueue(db);
    const config = loadConfig({ KLACHTWIJS_DEMO: 'false', SMTP_URL: sink.url });
    const mailer = createMailer(config.smtpUrl);
    await startWorkers(queue, { db, config, logger: createLogger('silent'), mailer, now: () => new Date() });
    try {
      const started = Date.now();
      const before = sink.messages.length;
      await db.transaction().execute((tx) => queueMail(tx, queue, mail('Door de worker')));
      await sink.waitFor(before + 1, 10_000);
      assert.equal(withSubject('Door de worker').length, 1);
      assert.ok(Date.now() - started < 10_000);
    } finally {
      await stopWorkers(queue);
      mailer.close();
    }
  });
});
