import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { attachmentProblems } from '../../src/usecases/complaints/attachments.ts';
import { registerComplaint } from '../../src/usecases/complaints/register-complaint.ts';
import { fetchMailbox } from '../../src/usecases/mailbox/fetch.ts';
import { saveMailbox, testMailbox } from '../../src/usecases/mailbox/mailboxes.ts';
import { convertInboundMessage, fileAsNoComplaint, listTriage, triageItem } from '../../src/usecases/mailbox/triage.ts';
import { LENTL_FILLS } from '../support/api.ts';
import { replyFromDossier } from '../../src/usecases/mailbox/reply.ts';
import { fetchMailboxesJob } from '../../src/usecases/mailbox/fetch-mailboxes.job.ts';
import { loadConfig } from '../../src/config.ts';
import { createMailer } from '../../src/mail/mailer.ts';
import { createLogger } from '../../src/shared/logger.ts';
import { forEachDatabase } from '../support/databases.ts';
import { runJobs } from '../support/jobs.ts';
import { startSmtpSink, type SmtpSink } from '../support/smtp.ts';
import { startDovecot, type DovecotServer } from '../support/dovecot.ts';
import { actorOf, makeOrganisationWithRegulation } from '../support/factories.ts';
import { PageClient, testApp } from '../support/http.ts';
import { rawMail } from '../support/mail.ts';

const PDF = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');
let seq = 0;
const mid = () => `<test-${process.pid}-${Date.now()}-${++seq}@example.nl>`;

/** The complaints mailbox (004 §3) against a real Dovecot: joining by reference, triage, exactly once. */
forEachDatabase('complaints mailbox', (ctx) => {
  let dovecot: DovecotServer;
  let sink: SmtpSink;
  let org: Awaited<ReturnType<typeof makeOrganisationWithRegulation>>;
  let mailboxId: string;

  before(async () => {
    dovecot = await startDovecot();
    sink = await startSmtpSink();
    org = await makeOrganisationWithRegulation(ctx.database.db, 'lentl', LENTL_FILLS);
  });
  after(async () => {
    await dovecot?.stop();
    await sink?.stop();
  });

  const admin = async () => {
    const { makeUser } = await import('../support/factories.ts');
    return actorOf(ctx.database.db, await makeUser(ctx.database.db, org.org.id, 'admin'));
  };
  const messagesWith = (subject: string) => ctx.database.db.selectFrom('inbound_messages').selectAll().where('organisation_id', '=', org.org.id).where('subject', '=', subject).execute();

  it('connects a mailbox with its password encrypted, and tests the connection', async () => {
    const db = ctx.database.db;
    const actor = await admin();
    const saved = await saveMailbox(db, actor, { address: 'klachten@organisatie.nl', host: dovecot.host, port: String(dovecot.port), tls: '', username: dovecot.user, password: dovecot.password });
    mailboxId = saved.id;
    const row = await db.selectFrom('mailboxes').selectAll().where('id', '=', mailboxId).executeTakeFirstOrThrow();
    assert.ok(!row.password_enc.includes(dovecot.password), 'the password is not stored as typed');
    assert.deepEqual(await testMailbox(db, actor, mailboxId), { ok: true, problem: null, messages: 0 });

    const wrong = await saveMailbox(db, actor, { address: 'fout@organisatie.nl', host: dovecot.host, port: dovecot.port, username: dovecot.user, password: 'niet-goed' });
    const bad = await testMailbox(db, actor, wrong.id);
    assert.equal(bad.ok, false);
    assert.equal(bad.problem, 'De gebruikersnaam of het wachtwoord klopt niet.');
    await db.deleteFrom('mailboxes').where('id', '=', wrong.id).execute();

    const coordinator = await actorOf(db, org.coordinator);
    await assert.rejects(saveMailbox(db, coordinator, { address: 'x@y.nl', host: 'h', port: 993, username: 'u', password: 'p' }), { code: 'not_permitted' });
  });

  it('joins a mail that names a reference to that dossier, with its attachment and the original .eml, once', async () => {
    const db = ctx.database.db;
    const c = await registerComplaint(db, { organisationId: org.org.id, actor: null, door: 'public', input: { channel: 'web_form', description: 'De bus reed door zonder te stoppen.', complainant: { relation: 'client', name: 'Kees de Boer', email: 'kees@example.nl' }, signed: true } });
    const subject = `Re: uw klacht [${c.reference}]`;
    await dovecot.deliver(rawMail({ subject, text: 'Hierbij de foto van de bushalte.', messageId: mid(), attachment: { filename: 'bewijs.pdf', type: 'application/pdf', content: PDF } }));
    const first = await fetchMailbox(db, mailboxId);
    assert.deepEqual(first, { fetched: 1, joined: 1, triage: 0, duplicates: 0 });

    const events = await db.selectFrom('complaint_events').select(['type', 'data']).where('complaint_id', '=', c.id).orderBy('seq').execute();
    const received = events.at(-1)!;
    assert.equal(received.type, 'mail-received');
    const data = received.data as { from: string; subject: string; files: { filename: string }[] };
    assert.equal(data.from, 'kees@example.nl');
    assert.equal(data.subject, subject);
    const files = await db.selectFrom('complaint_attachments').select(['filename', 'content_type', 'data']).where('complaint_id', '=', c.id).orderBy('filename').execute();
    assert.deepEqual(files.map((f) => [f.filename, f.content_type]), [['bewijs.pdf', 'application/pdf'], ['e-mail 2026-11-20.eml', 'message/rfc822']]);
    assert.match(Buffer.from(files[1]!.data).toString('utf8'), /Hierbij de foto van de bushalte/);
    assert.deepEqual(data.files.map((f) => f.filename).sort(), ['bewijs.pdf', 'e-mail 2026-11-20.eml']);

    // "Beantwoorden": the answer goes out with the reference, as a reply to that message, Reply-To the mailbox.
    const inbound = (await messagesWith(subject))[0]!;
    const coordinator = await actorOf(db, org.coordinator);
    const reply = await replyFromDossier(db, coordinator, c.id, { inboundMessageId: inbound.id, text: 'Dank u wel, we hebben de foto ontvangen.' });
    assert.equal(reply.subject, subject, 'the subject already carries the reference');
    await runJobs(db, { smtpUrl: sink.url });
    const sent = (await sink.waitFor(1, 10_000)).find((m) => m.subject === subject);
    assert.ok(sent, 'the reply reached the SMTP server');
    assert.equal(sent.inReplyTo, inbound.message_id);
    assert.equal(sent.replyTo?.value[0]?.address, 'klachten@organisatie.nl');
    assert.equal(sent.to && !Array.isArray(sent.to) ? sent.to.value[0]?.address : '', 'kees@example.nl');
    assert.match(sent.text ?? '', /foto ontvangen/);
    const last = await db.selectFrom('complaint_events').select(['type', 'data']).where('complaint_id', '=', c.id).orderBy('seq', 'desc').executeTakeFirstOrThrow();
    assert.equal(last.type, 'mail-sent');
    const fresh = await replyFromDossier(db, coordinator, c.id, { subject: 'Uitnodiging gesprek', text: 'Wij nodigen u uit.' });
    assert.equal(fresh.subject, `Uitnodiging gesprek [${c.reference}]`);
    await assert.rejects(replyFromDossier(db, await actorOf(db, org.intake), c.id, { text: 'x' }), (err: { code?: string }) => err.code === 'not_found' || err.code === 'not_permitted');

    const again = await fetchMailbox(db, mailboxId);
    assert.deepEqual(again, { fetched: 0, joined: 0, triage: 0, duplicates: 0 });
    assert.equal((await messagesWith(subject)).length, 1);
  });

  it('puts a mail without a reference in triage; "Klacht van maken" registers it on the mail\'s date with its files', async () => {
    const db = ctx.database.db;
    const subject = 'Klacht over de buschauffeur';
    await dovecot.deliver(rawMail({ from: 'Anna Jansen <anna@example.nl>', subject, text: 'De chauffeur was onvriendelijk tegen mij op lijn 5.', messageId: mid(), date: 'Tue, 17 Nov 2026 23:30:00 +0100', attachment: { filename: 'kaartje.pdf', type: 'application/octet-stream', content: PDF } }));
    const fetched = await fetchMailbox(db, mailboxId);
    assert.deepEqual(fetched, { fetched: 1, joined: 0, triage: 1, duplicates: 0 });

    const coordinator = await actorOf(db, org.coordinator);
    const list = await listTriage(db, coordinator);
    const item = list.find((i) => i.subject === subject);
    assert.ok(item, 'the message is in "Nieuw via e-mail"');
    assert.equal(item.fromAddress, 'anna@example.nl');
    assert.deepEqual((await triageItem(db, coordinator, item.id)).attachments, ['kaartje.pdf']);
    const handler = await actorOf(db, org.handler);
    assert.equal((await listTriage(db, handler)).length, 0, 'a handler does not triage');

    const registered = await convertInboundMessage(db, coordinator, item.id, { description: item.text, complainant: { name: 'Anna Jansen', email: 'anna@example.nl', relation: 'client' }, signed: true });
    assert.equal(registered.receivedOn, '2026-11-17', 'the date of receipt is the day the mail was sent (Amsterdam time)');
    const complaint = await db.selectFrom('complaints').select(['channel', 'received_on']).where('id', '=', registered.id).executeTakeFirstOrThrow();
    assert.equal(complaint.channel, 'email');
    const files = await db.selectFrom('complaint_attachments').select('filename').where('complaint_id', '=', registered.id).orderBy('filename').execute();
    assert.deepEqual(files.map((f) => f.filename), ['e-mail 2026-11-17.eml', 'kaartje.pdf']);
    assert.equal((await listTriage(db, coordinator)).some((i) => i.id === item.id), false, 'a converted message leaves the list');
    await assert.rejects(convertInboundMessage(db, coordinator, item.id, { description: item.text }), { code: 'conflict' });
  });

  it('"Geen klacht" files a message with a note; it leaves the list', async () => {
    const db = ctx.database.db;
    const subject = 'Nieuwsbrief december';
    await dovecot.deliver(rawMail({ from: 'nieuws@example.nl', subject, text: 'Onze aanbiedingen.', messageId: mid() }));
    await fetchMailbox(db, mailboxId);
    const coordinator = await actorOf(db, org.coordinator);
    const item = (await listTriage(db, coordinator)).find((i) => i.subject === subject)!;
    await assert.rejects(fileAsNoComplaint(db, coordinator, item.id, ''), { code: 'validation_failed' });
    await fileAsNoComplaint(db, coordinator, item.id, 'Reclame, geen klacht.');
    const row = (await messagesWith(subject))[0]!;
    assert.equal(row.status, 'no_complaint');
    assert.equal(row.note, 'Reclame, geen klacht.');
    assert.equal((await listTriage(db, coordinator)).some((i) => i.id === item.id), false);
  });

  it('takes every message exactly once when a fetch dies halfway, and after the UID bookkeeping is lost', async () => {
    const db = ctx.database.db;
    const subjects = ['Eerste', 'Tweede', 'Derde'].map((s) => `${s} bericht ${seq}`);
    for (const s of subjects) await dovecot.deliver(rawMail({ subject: s, text: 'Tekst van het bericht.', messageId: mid() }));
    let calls = 0;
    await assert.rejects(
      fetchMailbox(db, mailboxId, {
        beforeCommit: () => {
          if (++calls === 2) throw new Error('server killed mid-fetch');
        },
      }),
      /killed mid-fetch/,
    );
    assert.deepEqual(await Promise.all(subjects.map(async (s) => (await messagesWith(s)).length)), [1, 0, 0], 'the first is stored with its UID, the second rolled back');
    const resumed = await fetchMailbox(db, mailboxId);
    assert.equal(resumed.fetched, 2);
    assert.deepEqual(await Promise.all(subjects.map(async (s) => (await messagesWith(s)).length)), [1, 1, 1]);

    // A new UIDVALIDITY (or a restored backup) starts at UID 0 again: the Message-ID keeps every message single.
    await db.updateTable('mailboxes').set({ last_uid: 0, uidvalidity: null }).where('id', '=', mailboxId).execute();
    const refetched = await fetchMailbox(db, mailboxId);
    assert.equal(refetched.fetched, refetched.duplicates);
    assert.ok(refetched.duplicates >= 3);
    assert.deepEqual(await Promise.all(subjects.map(async (s) => (await messagesWith(s)).length)), [1, 1, 1]);
  });

  it('a mail with NUL characters does not block the mailbox', async () => {
    const db = ctx.database.db;
    const subject = `Met nul ${seq}`;
    const raw = rawMail({ subject, text: 'Tekst=00met een nul-teken', messageId: mid() }).replace('Content-Type: text/plain; charset=utf-8', 'Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable');
    await dovecot.deliver(raw);
    const r = await fetchMailbox(db, mailboxId);
    assert.equal(r.fetched, 1);
    assert.equal((await messagesWith(subject))[0]?.text.trim(), 'Tekstmet een nul-teken');
  });

  it('the scheduled job fetches every enabled mailbox', async () => {
    const db = ctx.database.db;
    const subject = `Via de planning ${seq}`;
    await dovecot.deliver(rawMail({ subject, text: 'Tekst.', messageId: mid() }));
    const config = loadConfig({ KLACHTWIJS_DEMO: 'false' });
    const mailer = createMailer(undefined);
    try {
      await fetchMailboxesJob.handler({}, { db, config, logger: createLogger('silent'), mailer, now: () => new Date() });
    } finally {
      mailer.close();
    }
    assert.equal((await messagesWith(subject)).length, 1);
    assert.equal(fetchMailboxesJob.schedule, '*/1 * * * *');
  });

  it('pages: Klachtenmailbox, Nieuw via e-mail → Klacht van maken (form filled from the mail), the .eml read as text, E-mail sturen', async () => {
    const db = ctx.database.db;
    const { makeUser } = await import('../support/factories.ts');
    const adminUser = await makeUser(db, org.org.id, 'admin');
    const adminClient = new PageClient(await testApp(ctx.database));
    await adminClient.logIn(adminUser.email, adminUser.password);
    const page = await adminClient.get('/beheer/klachtenmailbox');
    assert.equal(page.res.status, 200);
    assert.ok(page.html.includes('klachten@organisatie.nl'), 'the connected mailbox is listed');
    assert.ok(!page.html.includes(dovecot.password), 'the password is never shown');
    const bad = await adminClient.postForm('/beheer/klachtenmailbox', { _csrf: page.csrf, address: 'geen-adres', host: '', port: '993', username: 'u', password: 'geheim-wachtwoord' });
    assert.equal(bad.status, 422);
    const badHtml = await bad.text();
    assert.ok(badHtml.includes('Vul het e-mailadres van de mailbox in'));
    assert.ok(!badHtml.includes('geheim-wachtwoord'), 'a typed password is not sent back');
    const tested = await adminClient.postForm(`/beheer/klachtenmailbox/${mailboxId}/testen`, { _csrf: page.csrf });
    assert.match(await tested.text(), /De verbinding werkt\./);

    const subject = `Lekkage in mijn woning ${seq}`;
    await dovecot.deliver(rawMail({ from: 'Piet Klaas <piet@example.nl>', subject, text: 'Al drie weken lekt het dak en niemand komt kijken.', messageId: mid(), date: 'Mon, 23 Nov 2026 10:00:00 +0100' }));
    await fetchMailbox(db, mailboxId);
    const coordinator = new PageClient(await testApp(ctx.database));
    await coordinator.logIn(org.coordinator.email, org.coordinator.password);
    assert.match((await coordinator.get('/start')).html, /Nieuw via e-mail: \d+ bericht/);
    const triage = await coordinator.get('/nieuw-via-e-mail');
    assert.ok(triage.html.includes(subject));
    const id = (await messagesWith(subject))[0]!.id;
    const form = await coordinator.get(`/klachten/nieuw?uitMail=${id}`);
    assert.equal(form.res.status, 200);
    assert.ok(form.html.includes(`name="inboundMessageId" value="${id}"`));
    assert.ok(form.html.includes('value="2026-11-23"'), 'the date of receipt is the mail\'s date');
    assert.ok(form.html.includes('Al drie weken lekt het dak'));
    assert.ok(form.html.includes('piet@example.nl'));

    const body = new FormData();
    for (const [k, v] of Object.entries({ _csrf: form.csrf, idempotencyKey: `mail-${seq}-abcdefgh`, inboundMessageId: id, kind: 'complaint', channel: 'email', receivedOn: '2026-11-23', subject, description: 'Al drie weken lekt het dak en niemand komt kijken.', 'complainant.name': 'Piet Klaas', 'complainant.email': 'piet@example.nl', 'complainant.relation': 'client', 'complainant.postalAddress': 'Dakstraat 1, 1234 AB Ergens', receivedBy: 'Test coordinator' })) body.append(k, v);
    const made = await coordinator.request('/klachten/nieuw', { method: 'POST', body });
    assert.equal(made.status, 303, await made.clone().text().then((t) => /kw-field-error[^>]*>([\s\S]{0,300})/.exec(t)?.[1] ?? ''));
    const location = made.headers.get('location') ?? '';
    const complaintId = /\/klachten\/([0-9a-f-]{36})/.exec(location)?.[1] ?? '';
    assert.equal((await messagesWith(subject))[0]!.status, 'converted');
    assert.equal((await coordinator.get('/nieuw-via-e-mail')).html.includes(subject), false);

    const dossier = await coordinator.get(`/klachten/${complaintId}`);
    const eml = /href="(\/klachten\/[^"]+\/lezen)"/.exec(dossier.html)?.[1];
    assert.ok(eml, 'the .eml can be read');
    const read = await coordinator.get(eml);
    assert.ok(read.html.includes(subject) && read.html.includes('Al drie weken lekt het dak'));

    const replyForm = await coordinator.get(`/klachten/${complaintId}/e-mail`);
    assert.ok(replyForm.html.includes('value="piet@example.nl"'), 'a new mail goes to the complainant by default');
    const empty = await coordinator.postForm(`/klachten/${complaintId}/e-mail`, { _csrf: replyForm.csrf, to: 'piet@example.nl', subject: 'Uw klacht', text: '' });
    assert.equal(empty.status, 422);
    const sent = await coordinator.postForm(`/klachten/${complaintId}/e-mail`, { _csrf: replyForm.csrf, to: 'piet@example.nl', subject: 'Uw klacht', text: 'Wij komen morgen kijken.' });
    assert.equal(sent.status, 303);
    const after = await coordinator.get(`/klachten/${complaintId}`);
    assert.ok(after.html.includes('E-mail verstuurd'));
    assert.match(after.html, /Uw klacht \[\d{4}-\d{4}\]/);
  });

  it('klachtwijs mailbox fetch --org fetches now and says what it took', async () => {
    const { runProgram } = await import('../../src/cli/program.ts');
    const subject = `Via de opdrachtregel ${seq}`;
    await dovecot.deliver(rawMail({ subject, text: 'Tekst.', messageId: mid() }));
    const c = { out: '', err: '' };
    const code = await runProgram(['mailbox', 'fetch', '--org', org.org.slug], {
      io: { stdout: (s) => void (c.out += s), stderr: (s) => void (c.err += s) },
      cwd: process.cwd(),
      config: () => loadConfig({}),
      withDatabase: (fn) => fn(ctx.database),
      server: null,
      exitCode: 0,
    });
    assert.equal(code, 0, c.err);
    assert.match(c.out, /klachten@organisatie\.nl: 1 nieuw \(0 bij een klacht, 1 in "Nieuw via e-mail"\)/);
    assert.equal((await messagesWith(subject)).length, 1);
  });

  it('API: fetch now, the triage item, make a complaint of it, mail from the dossier', async () => {
    const db = ctx.database.db;
    const { makeToken, makeUser } = await import('../support/factories.ts');
    const adminUser = await makeUser(db, org.org.id, 'admin');
    const adminToken = await makeToken(db, org.org.id, adminUser.user.id);
    const coordinatorToken = await makeToken(db, org.org.id, org.coordinator.user.id);
    const app = await testApp(ctx.database);
    const call = (token: string, method: string, path: string, body?: unknown) =>
      app.request(path, { method, headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });

    const subject = `Via de API ${seq}`;
    await dovecot.deliver(rawMail({ from: 'Sara de Wit <sara@example.nl>', subject, text: 'Mijn zorgverlener kwam niet opdagen.', messageId: mid(), date: 'Wed, 25 Nov 2026 08:00:00 +0100' }));
    const fetched = await call(adminToken, 'POST', `/api/v1/mailboxes/${mailboxId}/fetch`);
    assert.equal(fetched.status, 200);
    assert.equal(((await fetched.json()) as { triage: number }).triage, 1);
    assert.equal((await call(coordinatorToken, 'POST', `/api/v1/mailboxes/${mailboxId}/fetch`)).status, 403);

    const list = (await (await call(coordinatorToken, 'GET', '/api/v1/inbound-messages')).json()) as { items: { id: string; subject: string; from: { address: string } }[] };
    const item = list.items.find((i) => i.subject === subject)!;
    assert.equal(item.from.address, 'sara@example.nl');
    const made = await call(coordinatorToken, 'POST', `/api/v1/inbound-messages/${item.id}/complaint`, { description: 'Mijn zorgverlener kwam niet opdagen.', complainant: { name: 'Sara de Wit', email: 'sara@example.nl', relation: 'client' } });
    assert.equal(made.status, 201, await made.clone().text());
    const complaint = (await made.json()) as { id: string; reference: string; receivedOn: string };
    assert.equal(complaint.receivedOn, '2026-11-25');

    const mail = await call(coordinatorToken, 'POST', `/api/v1/complaints/${complaint.id}/mail`, { subject: 'Uw klacht', text: 'Wij nemen contact met u op.' });
    assert.equal(mail.status, 201);
    assert.equal(((await mail.json()) as { subject: string }).subject, `Uw klacht [${complaint.reference}]`);
    const empty = await call(coordinatorToken, 'POST', `/api/v1/complaints/${complaint.id}/mail`, { text: '' });
    assert.equal(empty.status, 422);
    const doc = (await (await app.request('/api/openapi.json')).json()) as { paths: Record<string, unknown> };
    for (const path of ['/api/v1/mailboxes', '/api/v1/mailboxes/{id}/fetch', '/api/v1/inbound-messages', '/api/v1/inbound-messages/{id}/complaint', '/api/v1/complaints/{id}/mail']) assert.ok(doc.paths[path], `OpenAPI documents ${path}`);
    const sinkBefore = sink.messages.length;
    await runJobs(db, { smtpUrl: sink.url });
    await sink.waitFor(sinkBefore + 1, 10_000);
    assert.ok(sink.messages.some((m) => m.subject === `Uw klacht [${complaint.reference}]`));
  });

  it('accepts .eml and .msg files as documents, checking their content', () => {
    const eml = Buffer.from(rawMail({ subject: 'Doorgestuurd', text: 'Tekst', messageId: '<x@y>' }));
    const ole = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0, 0, 0]);
    assert.deepEqual(attachmentProblems([{ filename: 'mail.eml', contentType: 'message/rfc822', data: eml }]), []);
    assert.deepEqual(attachmentProblems([{ filename: 'mail.eml', contentType: 'application/octet-stream', data: eml }]), []);
    assert.deepEqual(attachmentProblems([{ filename: 'bericht.msg', contentType: '', data: ole }]), []);
    assert.equal(attachmentProblems([{ filename: 'bericht.msg', contentType: 'application/vnd.ms-outlook', data: Buffer.from('MZ not a msg') }]).length, 1);
    assert.equal(attachmentProblems([{ filename: 'nep.eml', contentType: 'message/rfc822', data: Buffer.from('<html><script>') }]).length, 1);
  });
});
