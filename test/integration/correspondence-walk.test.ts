/**
 * Issue 9 as a whole, against the running server (startServer with its web and worker services, as
 * `npm start` runs it) and real peers: an SMTP server in this process and Dovecot. No runJobs here: the
 * server's own workers send and the timing is real.
 * - acknowledge and decide through the API with "letter": {"channel": "email"}: the mails arrive with the
 *   reference and a valid PDF, and the acknowledgement's link opens Mijn klacht;
 * - the mail server is down for a while: the letter goes out exactly once after it returns;
 * - mail delivered to the complaints mailbox: with a reference it joins the dossier, without one it waits in
 *   triage; a reply from the dossier goes out with the reference.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { sendMailJob } from '../../src/mail/send-mail.job.ts';
import { startDovecot, type DovecotServer } from '../support/dovecot.ts';
import { makeOrganisationWithRegulation, makeToken, makeUser } from '../support/factories.ts';
import { startLiveServer } from '../support/live-server.ts';
import { rawMail } from '../support/mail.ts';
import { startSmtpSink, type SmtpSink } from '../support/smtp.ts';
import { pdfText } from '../support/pdf.ts';
import { today } from '../../src/usecases/complaints/dossier.ts';

describe('correspondence through the running server', () => {
  let sink: SmtpSink;
  let dovecot: DovecotServer;
  let server: Awaited<ReturnType<typeof startLiveServer>>;
  const token = { coordinator: '', admin: '' };
  let complaint: { id: string; reference: string };

  const call = async (method: string, path: string, who: keyof typeof token, body?: unknown) => {
    const res = await fetch(`${server.url}${path}`, { method, headers: { authorization: `Bearer ${token[who]}`, ...(body ? { 'content-type': 'application/json' } : {}) }, ...(body ? { body: JSON.stringify(body) } : {}) });
    const text = await res.text();
    return { status: res.status, body: text && res.headers.get('content-type')?.includes('json') ? JSON.parse(text) : text };
  };
  const to = (address: string) => sink.messages.filter((m) => m.envelopeTo.includes(address));
  const db = () => server.database.db;
  /** Polls `check` every 50 ms until it gives a value (what the worker did is in the database), at most 30 s. */
  const until = async <T>(check: () => Promise<T | undefined>, what: string): Promise<T> => {
    const deadline = Date.now() + 30_000;
    for (;;) {
      const found = await check();
      if (found !== undefined) return found;
      if (Date.now() > deadline) throw new Error(`waited 30 s for ${what}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  };

  before(async () => {
    sink = await startSmtpSink();
    dovecot = await startDovecot();
    server = await startLiveServer({ SMTP_URL: sink.url });
    const db = server.database.db;
    const org = await makeOrganisationWithRegulation(db, 'hss');
    const admin = await makeUser(db, org.org.id, 'admin');
    token.coordinator = await makeToken(db, org.org.id, org.coordinator.user.id);
    token.admin = await makeToken(db, org.org.id, admin.user.id);
    const created = await call('POST', '/api/v1/complaints', 'coordinator', {
      channel: 'email',
      receivedOn: today(),
      subject: 'Wachttijd',
      description: 'Ik wacht al drie maanden op een afspraak.',
      complainant: { relation: 'client', name: 'Ans Ophof', email: 'ans@example.nl', postalAddress: 'Dorpsstraat 3\n1234 AB Ergens' },
    });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    complaint = created.body;
  });
  after(async () => {
    await server?.dispose();
    await dovecot?.stop();
    await sink?.stop();
  });

  it('acknowledge with a letter by e-mail: the worker mails it within seconds, with the reference and a PDF, and its link opens Mijn klacht', async () => {
    const started = Date.now();
    const ack = await call('POST', `/api/v1/complaints/${complaint.id}/actions/acknowledge`, 'coordinator', { letter: { channel: 'email' } });
    assert.equal(ack.status, 200, JSON.stringify(ack.body));
    await sink.waitFor(1, 20_000);
    console.log(`# acknowledge → mail at the SMTP server: ${Date.now() - started} ms`);
    const mail = to('ans@example.nl')[0]!;
    assert.ok(mail.subject?.includes(complaint.reference));
    const pdf = mail.attachments.find((a) => a.contentType === 'application/pdf');
    assert.ok(pdf);
    assert.match(pdfText(pdf.content), new RegExp(`Kenmerk: ${complaint.reference}`));
    const link = /(https?:\/\/\S+\/mijn-klacht\/[A-Za-z0-9_-]{43})/.exec(mail.text ?? '')?.[1];
    assert.ok(link, 'the acknowledgement carries the Mijn klacht link');
    const page = await fetch(`${server.url}${new URL(link).pathname}`);
    assert.equal(page.status, 200);
    assert.match(await page.text(), new RegExp(complaint.reference));
  });

  it('the mail server is down for a while: the decision letter waits, then goes out exactly once', async () => {
    await sink.stop();
    const decided = await call('POST', `/api/v1/complaints/${complaint.id}/actions/decide`, 'coordinator', {
      outcome: 'decided',
      reasoning: 'U heeft te lang moeten wachten.',
      measures: ['U krijgt deze week een afspraak.'],
      externalBodyNamed: true,
      letter: { channel: 'email' },
    });
    assert.equal(decided.status, 200, JSON.stringify(decided.body));
    // The worker tried while the server was down: the attempt failed and is recorded on the mail, which stays queued.
    const decisionMail = await until(async () => {
      const queued = await db().selectFrom('outbound_mails').select(['id', 'status', 'attempts', 'last_error']).where('complaint_id', '=', complaint.id).where('status', '!=', 'sent').execute();
      return queued.length === 1 && queued[0]!.attempts >= 1 ? queued[0]! : undefined;
    }, 'a failed attempt at the decision letter');
    assert.equal(decisionMail.status, 'queued');
    assert.ok(decisionMail.last_error, 'the failed attempt says why');
    const waiting = await call('GET', `/api/v1/complaints/${complaint.id}`, 'coordinator');
    assert.equal(waiting.body.letters.find((l: { kind: string }) => l.kind === 'decision').status, 'queued');
    assert.equal(to('ans@example.nl').length, 1, 'only the acknowledgement so far');
    await sink.start();
    const started = Date.now();
    await sink.waitFor(2, 90_000);
    console.log(`# mail server back → decision letter delivered: ${Date.now() - started} ms`);
    // No second copy can come: every send-mail job of the mail has finished (none waits to be tried again, none runs).
    const states = await until(async () => {
      const jobs = (await sql<{ state: string }>`select state from pgboss.job where name = ${sendMailJob.name} and data->>'mailId' = ${decisionMail.id}`.execute(db())).rows;
      return jobs.length > 0 && jobs.every((j) => j.state === 'completed') ? jobs.map((j) => j.state) : undefined;
    }, 'the send-mail job of the decision letter finished');
    assert.deepEqual(states, ['completed'], 'one job sent the letter (it was tried again, not queued twice)');
    const decisions = to('ans@example.nl').filter((m) => m.subject?.startsWith('Onze beslissing'));
    assert.equal(decisions.length, 1);
    const done = await call('GET', `/api/v1/complaints/${complaint.id}`, 'coordinator');
    assert.deepEqual(done.body.letters.map((l: { status: string }) => l.status), ['sent', 'sent']);
  });

  it('mail to the complaints mailbox: with the reference it joins the dossier, without one it waits in triage; a reply goes out with the reference', async () => {
    const connected = await call('POST', '/api/v1/mailboxes', 'admin', { address: 'klachten@organisatie.nl', host: dovecot.host, port: dovecot.port, tls: false, username: dovecot.user, password: dovecot.password });
    assert.equal(connected.status, 201, JSON.stringify(connected.body));
    await dovecot.deliver(rawMail({ subject: `Re: uw klacht ${complaint.reference}`, text: 'Dank u, ik kom graag.', messageId: '<walk-1@example.nl>', from: 'Ans Ophof <ans@example.nl>' }));
    await dovecot.deliver(rawMail({ subject: 'Klacht over de receptie', text: 'De receptie was onvriendelijk.', messageId: '<walk-2@example.nl>' }));
    const fetched = await call('POST', `/api/v1/mailboxes/${connected.body.id}/fetch`, 'admin');
    assert.equal(fetched.status, 200, JSON.stringify(fetched.body));
    assert.equal(fetched.body.joined, 1);
    assert.equal(fetched.body.triage, 1);
    const triage = await call('GET', '/api/v1/inbound-messages', 'coordinator');
    assert.deepEqual(triage.body.items.map((i: { subject: string }) => i.subject), ['Klacht over de receptie']);
    const events = await server.database.db.selectFrom('complaint_events').select('type').where('complaint_id', '=', complaint.id).execute();
    assert.ok(events.some((e) => e.type === 'mail-received'), 'the mail with the reference is in the dossier');

    // The worker also mails the staff notifications these mails caused: look for the reply by its recipient.
    const before = to('ans@example.nl').length;
    const reply = await call('POST', `/api/v1/complaints/${complaint.id}/mail`, 'coordinator', { text: 'Tot donderdag.' });
    assert.equal(reply.status, 201, JSON.stringify(reply.body));
    const until = Date.now() + 20_000;
    while (to('ans@example.nl').length <= before && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
    const replies = to('ans@example.nl').slice(before);
    assert.equal(replies.length, 1, 'the reply reached the complainant');
    assert.ok(replies[0]!.subject?.includes(complaint.reference));
    assert.match(replies[0]!.text ?? '', /Tot donderdag\./);
  });
});
