/**
 * Letters (issue 9, ADR 0010): an action that owes a letter makes it in the same API call, stored as sent and
 * queued through the outbox; the e-mail carries the reference in its subject and a valid PDF (read back with
 * pdftotext: reference and address); a refused action makes no letter; a letter for an action that owes none
 * is refused with a stable code; a post letter is stored for printing. Real SMTP (smtp-server in the process),
 * real pg-boss, real poppler.
 */
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { addAttachments } from '../../src/usecases/complaints/add-attachments.ts';
import { createUnit } from '../../src/usecases/units/units.ts';
import { ApiClient, expectStatus, fieldsOf } from '../support/api.ts';
import { forEachDatabase } from '../support/databases.ts';
import { actorOf, makeOrganisationWithRegulation, makeToken, makeUser } from '../support/factories.ts';
import { PageClient } from '../support/http.ts';
import { saveLetterhead } from '../../src/usecases/letters/letterhead.ts';
import { resetTemplate, saveTemplate } from '../../src/usecases/letters/templates.ts';
import { runJobs } from '../support/jobs.ts';
import { pdfText } from '../support/pdf.ts';
import { startSmtpSink, type SmtpSink } from '../support/smtp.ts';

forEachDatabase('letters through the API', (ctx) => {
  let api: ApiClient;
  let sink: SmtpSink;
  let hss: Awaited<ReturnType<typeof makeOrganisationWithRegulation>>;
  let stad: Awaited<ReturnType<typeof makeOrganisationWithRegulation>>;
  const t = {} as Record<'hss' | 'stad' | 'stadHandler', string>;

  before(async () => {
    const db = ctx.database.db;
    sink = await startSmtpSink();
    api = await ApiClient.create(ctx.database);
    hss = await makeOrganisationWithRegulation(db, 'hss');
    stad = await makeOrganisationWithRegulation(db, 'stadsring51');
    t.hss = await makeToken(db, hss.org.id, hss.coordinator.user.id);
    t.stad = await makeToken(db, stad.org.id, stad.coordinator.user.id);
    t.stadHandler = await makeToken(db, stad.org.id, stad.handler.user.id);
  });
  after(() => sink.stop());

  const register = async (token: string, complainant: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
    expectStatus(
      await api.post('/api/v1/complaints', token, {
        channel: 'email',
        receivedOn: '2026-04-02',
        subject: 'Advies over schuldregeling',
        description: 'Het advies over mijn schuldregeling was onvolledig en te laat.',
        complainant: { relation: 'client', ...complainant },
        ...extra,
      }),
      201,
    ).body as { id: string; reference: string };
  const lettersRows = (complaintId: string) => ctx.database.db.selectFrom('letters').selectAll().where('complaint_id', '=', complaintId).execute();

  it('acknowledge and decide with "letter": {"channel": "email"}: the mails arrive with the reference and a PDF that names reference and address', async () => {
    const c = await register(t.hss, { name: 'Piet Post', email: 'piet@example.nl', postalAddress: 'Kerkstraat 12\n9999 ZZ Ergenshuizen' });
    const ack = expectStatus(await api.action(t.hss, c.id, 'acknowledge', { letter: { channel: 'email' } }), 200);
    assert.equal(ack.body.letter.kind, 'acknowledgement');
    const decided = expectStatus(
      await api.action(t.hss, c.id, 'decide', { outcome: 'decided', reasoning: 'Het advies was onvolledig; wij vullen het aan.', measures: ['Wij sturen u een volledig advies.'], externalBodyNamed: true, letter: { channel: 'email' } }),
      200,
    );
    assert.equal(decided.body.letter.kind, 'decision');
    // Queued, not yet sent: the dossier says so.
    const before = expectStatus(await api.get(`/api/v1/complaints/${c.id}`, t.hss), 200).body;
    assert.deepEqual(before.letters.map((l: { kind: string; status: string }) => [l.kind, l.status]), [['acknowledgement', 'queued'], ['decision', 'queued']]);

    await runJobs(ctx.database.db, { smtpUrl: sink.url });
    const mails = sink.messages.filter((m) => m.envelopeTo.includes('piet@example.nl'));
    assert.equal(mails.length, 2);
    for (const m of mails) {
      assert.ok(m.subject?.includes(c.reference), `subject "${m.subject}" carries the reference`);
      const pdf = m.attachments.find((a) => a.contentType === 'application/pdf');
      assert.ok(pdf, 'the letter is attached as PDF');
      assert.equal(pdf.content.subarray(0, 5).toString(), '%PDF-');
      const text = pdfText(pdf.content);
      assert.match(text, new RegExp(`Kenmerk: ${c.reference}`));
      assert.match(text, /Piet Post/);
      assert.match(text, /Kerkstraat 12/);
      assert.match(text, /9999 ZZ Ergenshuizen/);
      assert.match(text, /Pagina 1 van \d/);
    }
    const decision = mails.find((m) => m.subject?.startsWith('Onze beslissing'))!;
    // 001 §3.3: a reasoned position; the outcome, reasoning and measures are in the letter, with the article. 001 takes
    // "een standpunt" and judges no merits (handling.decision.outcomes): the letter says so, never "gegrond".
    assert.match(decision.text ?? '', /In deze brief leest u het standpunt van de directie over uw klacht \(artikel 3\.3\)\./);
    assert.doesNotMatch(decision.text ?? '', /gegrond|Ons oordeel/);
    assert.match(decision.text ?? '', /Het advies was onvolledig/);
    assert.match(decision.text ?? '', /- Wij sturen u een volledig advies\./);
    assert.match(decision.text ?? '', /\(artikel 3\.3\)/);
    const ackMail = mails.find((m) => m.subject?.startsWith('Wij hebben uw klacht ontvangen'))!;
    assert.match(ackMail.text ?? '', /\(artikel 3\.2\)/, 'the acknowledgement cites the article that owes it');
    // The acknowledgement carries the private link to the complainant's page, and it opens (ADR 0012).
    const link = /(https?:\/\/\S+\/mijn-klacht\/[A-Za-z0-9_-]{43})/.exec(ackMail.text ?? '')?.[1];
    assert.ok(link, 'a Mijn klacht link in the acknowledgement');
    const pageRes = await api.app.request(new URL(link).pathname);
    assert.equal(pageRes.status, 200);
    assert.match(await pageRes.text(), new RegExp(c.reference));

    const after = expectStatus(await api.get(`/api/v1/complaints/${c.id}`, t.hss), 200).body;
    assert.deepEqual(after.letters.map((l: { status: string }) => l.status), ['sent', 'sent']);
    assert.ok(after.letters.every((l: { sentAt: string | null }) => l.sentAt));
    assert.equal(after.letters[0].recipient.email, 'piet@example.nl');
    // The PDF as sent is in the dossier, byte for byte.
    const res = await api.app.request(after.letters[1].pdf, { headers: { authorization: `Bearer ${t.hss}` } });
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('content-type'), 'application/pdf');
    const stored = Buffer.from(await res.arrayBuffer());
    assert.ok(stored.equals(mails.find((m) => m.subject === decision.subject)!.attachments[0]!.content));
  });

  it('001 takes a position and judges no merits (art. 3.3): the API refuses "gegrond" at the field, with a stable code', async () => {
    const c = await register(t.hss, { name: 'Gert Grond', email: 'gert@example.nl', postalAddress: 'Dorpsstraat 1, 1234 AB Dorp' });
    for (const outcome of ['upheld', 'partly_upheld', 'not_upheld', 'no_judgement']) {
      const refused = expectStatus(await api.action(t.hss, c.id, 'decide', { outcome, reasoning: 'Het advies was onvolledig; wij vullen het aan.', externalBodyNamed: true }), 422);
      assert.equal(refused.body.error.code, 'validation_failed');
      assert.deepEqual(fieldsOf(refused), ['outcome']);
      assert.match(refused.body.error.fields[0].message, /oordeelt niet .*\(artikel 3\.3\)\. Kies: standpunt van de directie gegeven\.$|kent de klachtenregeling niet/);
    }
    const unknown = expectStatus(await api.action(t.hss, c.id, 'decide', { outcome: 'maybe', reasoning: 'Het advies was onvolledig; wij vullen het aan.' }), 422);
    assert.deepEqual(fieldsOf(unknown), ['outcome']);
    const decided = expectStatus(await api.action(t.hss, c.id, 'decide', { outcome: 'decided', reasoning: 'Het advies was onvolledig; wij vullen het aan.', externalBodyNamed: true }), 200);
    assert.equal(decided.body.status, 'decided');
  });

  it('a refused action makes no letter; a letter for an action that owes none is refused with letter_not_owed', async () => {
    const c = await register(t.stad, { name: 'Els Eerst', email: 'els@example.nl', postalAddress: 'Laan 1, 1234 AB Stad' }, { channel: 'letter', signed: true, documentDate: '2026-04-01', respondentName: 'P. Pietersen' });
    // 002: hearing comes first, so deciding now is refused, and no letter is made.
    expectStatus(await api.action(t.stad, c.id, 'decide', { outcome: 'not_upheld', reasoning: 'Wij vinden geen bewijs voor de klacht.', externalBodyNamed: true, letter: { channel: 'email' } }), 409);
    const note = expectStatus(await api.action(t.stad, c.id, 'add-note', { text: 'Gebeld.', letter: { channel: 'post' } }), 422);
    assert.equal(note.body.error.code, 'letter_not_owed');
    const badChannel = expectStatus(await api.action(t.stad, c.id, 'acknowledge', { letter: { channel: 'fax' } }), 422);
    assert.deepEqual(fieldsOf(badChannel), ['letter.channel']);
    assert.equal((await lettersRows(c.id)).length, 0);
    const d = expectStatus(await api.get(`/api/v1/complaints/${c.id}`, t.stad), 200).body;
    assert.equal(d.history.filter((h: { type: string }) => h.type === 'note_added').length, 0, 'the refused letter undid the note too');
  });

  it('no e-mail address on file and channel email: 422 with a Dutch message; by post the letter is stored for printing with the edited text', async () => {
    const c = await register(t.stad, { name: 'Bas Brief', postalAddress: 'Postweg 3\n4321 BA Dorp' }, { channel: 'letter', signed: true, documentDate: '2026-04-01' });
    const noMail = expectStatus(await api.action(t.stad, c.id, 'acknowledge', { letter: { channel: 'email' } }), 422);
    assert.deepEqual(fieldsOf(noMail), ['letter.channel']);
    assert.match(noMail.body.error.fields[0].message, /geen e-mailadres/);
    const d0 = expectStatus(await api.get(`/api/v1/complaints/${c.id}`, t.stad), 200).body;
    assert.equal(d0.facts?.acknowledgedOn ?? null, null);
    assert.ok(!d0.history.some((h: { type: string }) => h.type === 'acknowledged'), 'the acknowledgement was not recorded without its letter');

    const body = 'Geachte heer Brief,\n\nWij hebben uw brief ontvangen. Dit is de aangepaste tekst.\n\nMet vriendelijke groet,\nDe klachtenfunctionaris';
    const ok = expectStatus(await api.action(t.stad, c.id, 'acknowledge', { letter: { channel: 'post', body } }), 200);
    const [row] = await lettersRows(c.id);
    assert.ok(row);
    assert.equal(row.id, ok.body.letter.id);
    assert.equal(row.channel, 'post');
    assert.equal(row.outbound_mail_id, null);
    assert.equal(row.body, body);
    const text = pdfText(Buffer.from(row.pdf));
    assert.match(text, /Dit is de aangepaste tekst/);
    assert.match(text, /Postweg 3/);
    assert.match(text, /4321 BA Dorp/);
    const d = expectStatus(await api.get(`/api/v1/complaints/${c.id}`, t.stad), 200).body;
    assert.equal(d.letters[0].status, 'draft', 'not yet marked as posted');
    assert.equal(d.letters[0].printedAt, null);
  });

  it('no postal address: the proposed letter warns before printing, and the page to print does not promise a window envelope (found walking the demo)', async () => {
    const c = await register(t.hss, { name: 'Els Zonderadres', email: 'els.z@example.nl' });
    const pc = new PageClient(api.app);
    await pc.logIn(hss.coordinator.email, hss.coordinator.password);
    const d = await pc.get(`/klachten/${c.id}`);
    const ack = await pc.postForm(`/klachten/${c.id}/acties/acknowledge`, { _csrf: d.csrf });
    assert.equal(ack.status, 303);
    const compose = await pc.get(ack.headers.get('location')!);
    assert.match(compose.html, /Er is geen postadres bekend/);
    const seq = /\/brief\/(\d+)/.exec(ack.headers.get('location')!)![1]!;
    const sent = await pc.postForm(`/klachten/${c.id}/brief/${seq}`, { _csrf: compose.csrf, subject: 'Ontvangen', body: 'Wij hebben uw klacht ontvangen.', channel: 'post' });
    assert.equal(sent.status, 303);
    const print = await pc.get(sent.headers.get('location')!);
    assert.match(print.html, /Er staat geen postadres op de brief/);
    assert.doesNotMatch(print.html, /vensterenvelop/);
  });

  it('the copy to the respondent names the documents that go with it (002 art. 6.4), and the page to print says to enclose them', async () => {
    const db = ctx.database.db;
    const c = await register(t.stad, { name: 'Gerda Gestuurd', postalAddress: 'Stuklaan 2\n2222 BB Stad' }, { channel: 'letter', signed: true, documentDate: '2026-04-01', respondentName: 'P. Pietersen' });
    await addAttachments(db, await actorOf(db, stad.coordinator), c.id, [{ filename: 'verslag-gesprek.pdf', contentType: 'application/pdf', data: new TextEncoder().encode('%PDF-1.4\n%%EOF\n') }]);
    expectStatus(await api.action(t.stad, c.id, 'assign', { handlerUserId: stad.handler.user.id }), 200);
    const copy = expectStatus(await api.action(t.stadHandler, c.id, 'send-copy-to-respondent', { on: '2026-04-03', includesDocuments: true, letter: { channel: 'post' } }), 200);
    const letter = (await lettersRows(c.id)).find((l) => l.kind === 'copy_to_respondent');
    assert.ok(letter, JSON.stringify(copy.body).slice(0, 300));
    assert.match(letter.body, /Bij deze brief zitten de stukken die bij de klacht horen:\s*- verslag-gesprek\.pdf/);
    const pc = new PageClient(api.app);
    await pc.logIn(stad.handler.email, stad.handler.password);
    const print = await pc.get(`/klachten/${c.id}/brieven/${letter.id}/afdrukken`);
    assert.equal(print.res.status, 200);
    assert.match(print.html, /Doe de stukken bij de klacht in dezelfde envelop/);
    assert.match(print.html, /verslag-gesprek\.pdf/);
  });

  it('the PDF of a letter is not there for another organisation', async () => {
    const c = await register(t.hss, { name: 'Piet Post', email: 'piet@example.nl' });
    const ack = expectStatus(await api.action(t.hss, c.id, 'acknowledge', { letter: { channel: 'post' } }), 200);
    const res = await api.app.request(ack.body.letter.pdf, { headers: { authorization: `Bearer ${t.stad}` } });
    assert.equal(res.status, 404);
  });

  it('automatic acknowledgement: a complaint with an e-mail address through the public API is acknowledged by the system and the letter goes out', async () => {
    const db = ctx.database.db;
    const admin = await makeUser(db, hss.org.id, 'admin');
    await saveLetterhead(db, await actorOf(db, admin), { addressLines: 'Postbus 7\n7000 AA Doetinchem', phone: '0314 123 456', email: 'klachten@hss.example', website: '', autoAcknowledge: true });
    const res = expectStatus(
      await api.post(`/api/v1/public/${hss.org.slug}/complaints`, undefined, {
        description: 'Ik kreeg geen antwoord op mijn vraag over de schuldhulp.',
        complainant: { relation: 'client', name: 'Anna Auto', email: 'anna@example.nl' },
        signed: true,
      }),
      201,
    );
    const c = await db.selectFrom('complaints').select(['id', 'status']).where('organisation_id', '=', hss.org.id).where('reference', '=', res.body.reference).executeTakeFirstOrThrow();
    const events = await db.selectFrom('complaint_events').select(['type', 'actor_user_id', 'data']).where('complaint_id', '=', c.id).orderBy('seq').execute();
    // The letter is queued: the written confirmation is given when it goes out (002 art. 6.3, letter-delivery).
    assert.deepEqual(events.map((e) => e.type), ['registered', 'acknowledge', 'letter-delivery']);
    assert.equal(events[1]!.actor_user_id, null, 'recorded by the system');
    assert.equal((events[1]!.data as { automatic?: boolean }).automatic, true);
    const pc = new PageClient(api.app);
    await pc.logIn(hss.coordinator.email, hss.coordinator.password);
    assert.match((await pc.get(`/klachten/${c.id}`)).html, /Klachtwijs \(automatisch\)/, 'the history names the system, not the complainant');
    const [letter] = await lettersRows(c.id);
    assert.equal(letter?.kind, 'acknowledgement');
    await runJobs(db, { smtpUrl: sink.url });
    const mail = sink.messages.find((m) => m.envelopeTo.includes('anna@example.nl'));
    assert.ok(mail, 'the acknowledgement arrived');
    assert.ok(mail.subject?.includes(res.body.reference));
    assert.match(mail.text ?? '', /0314 123 456/, 'the letterhead phone is the contact');
    const text = pdfText(mail.attachments[0]!.content);
    assert.match(text, /Postbus 7/);
    // Turned off: no acknowledgement.
    await saveLetterhead(db, await actorOf(db, admin), { addressLines: '', phone: '', email: '', website: '', autoAcknowledge: false });
    const off = expectStatus(await api.post(`/api/v1/public/${hss.org.slug}/complaints`, undefined, { description: 'Nog een klacht zonder automatische bevestiging.', complainant: { relation: 'client', name: 'Bert', email: 'bert@example.nl' }, signed: true }), 201);
    assert.equal(off.body.status, 'new');
  });

  it('in the dossier, the acknowledgement sent by e-mail carries a new private link to Mijn klacht in place of the placeholder', async () => {
    const c = await register(t.hss, { name: 'Els Link', email: 'els@example.nl', postalAddress: 'Laan 1\n2222 BB Stad' });
    const pc = new PageClient(api.app);
    await pc.logIn(hss.coordinator.email, hss.coordinator.password);
    const d = await pc.get(`/klachten/${c.id}`);
    const ack = await pc.postForm(`/klachten/${c.id}/acties/acknowledge`, { _csrf: d.csrf });
    const compose = await pc.get(ack.headers.get('location')!);
    assert.match(compose.html, /\[uw persoonlijke link naar Mijn klacht\]/, 'the user sees where the link goes');
    const body = /<textarea[^>]*name="body"[^>]*>([^<]*)<\/textarea>/.exec(compose.html)![1]!.replaceAll('&#39;', "'").replaceAll('&quot;', '"').replaceAll('&amp;', '&');
    const sent = await pc.postForm(ack.headers.get('location')!.split('?')[0]!, { _csrf: compose.csrf, subject: 'Ontvangen', body, channel: 'email' });
    assert.equal(sent.status, 303);
    const [letter] = await lettersRows(c.id);
    assert.doesNotMatch(letter!.body, /persoonlijke link naar Mijn klacht\]/);
    const link = /(https?:\/\/\S+\/mijn-klacht\/[A-Za-z0-9_-]{43})/.exec(letter!.body)?.[1];
    assert.ok(link, 'the stored letter holds the link');
    const page = await api.app.request(new URL(link).pathname);
    assert.equal(page.status, 200);
    await runJobs(ctx.database.db, { smtpUrl: sink.url });
    assert.ok(sink.messages.some((m) => m.envelopeTo.includes('els@example.nl') && m.text?.includes(link)), 'the e-mail carries the same link');
  });

  it('in the dossier: after the action the proposed letter (edited), printed for the post, then "Verstuurd per post"; a unit template wins over the organisation one', async () => {
    const db = ctx.database.db;
    const coordinator = await actorOf(db, stad.coordinator);
    const team = await db.transaction().execute((tx) => createUnit(tx, stad.org.id, { name: 'Team Noord', kind: 'team', parentId: stad.unit.id }, null));
    await saveTemplate(db, coordinator, { kind: 'acknowledgement', unitId: null, subject: 'Organisatie: ontvangen ({{ kenmerk }})', body: 'Tekst van de organisatie.' });
    await saveTemplate(db, coordinator, { kind: 'acknowledgement', unitId: team.id, subject: 'Team: ontvangen ({{ kenmerk }})', body: 'Beste {{ ontvanger.naam }}, tekst van het team.' });
    const c = await register(t.stad, { name: 'Dirk Dossier', postalAddress: 'Brinkweg 4\n1111 AA Brink' }, { channel: 'letter', signed: true, documentDate: '2026-04-01', unitId: team.id });
    const pc = new PageClient(api.app);
    await pc.logIn(stad.coordinator.email, stad.coordinator.password);
    const d = await pc.get(`/klachten/${c.id}`);
    const ack = await pc.postForm(`/klachten/${c.id}/acties/acknowledge`, { _csrf: d.csrf });
    assert.equal(ack.status, 303);
    const compose = await pc.get(ack.headers.get('location')!);
    assert.match(compose.html, /value="Team: ontvangen \(/, 'the unit template wins');
    assert.match(compose.html, /Beste Dirk Dossier, tekst van het team\./);
    assert.doesNotMatch(compose.html, /value="email"/, 'no e-mail address: no e-mail button');
    assert.doesNotMatch(compose.html, /geen postadres bekend/i, 'the address is known');
    const seq = /\/brief\/(\d+)/.exec(ack.headers.get('location')!)![1]!;
    // An empty text is refused at the field, the subject typed is kept.
    const bad = await pc.postForm(`/klachten/${c.id}/brief/${seq}`, { _csrf: compose.csrf, subject: 'Mijn onderwerp', body: '  ', channel: 'post' });
    assert.equal(bad.status, 422);
    const badHtml = await bad.text();
    assert.match(badHtml, /Vul de tekst van de brief in/);
    assert.match(badHtml, /value="Mijn onderwerp"/);
    const preview = await pc.postForm(`/klachten/${c.id}/brief/${seq}`, { _csrf: compose.csrf, subject: 'Mijn onderwerp', body: 'Voorbeeldtekst.', channel: 'voorbeeld' });
    assert.equal(preview.headers.get('content-type'), 'application/pdf');
    assert.match(pdfText(Buffer.from(await preview.arrayBuffer())), /Voorbeeldtekst/);
    assert.equal((await lettersRows(c.id)).length, 0, 'a preview stores nothing');
    const sent = await pc.postForm(`/klachten/${c.id}/brief/${seq}`, { _csrf: compose.csrf, subject: 'Mijn onderwerp', body: 'Beste Dirk, de aangepaste tekst.', channel: 'post' });
    assert.equal(sent.status, 303);
    const print = await pc.get(sent.headers.get('location')!);
    assert.match(print.html, /Verstuurd per post/);
    assert.match(print.html, /vensterenvelop/);
    const [letter] = await lettersRows(c.id);
    assert.equal(letter?.body, 'Beste Dirk, de aangepaste tekst.');
    assert.equal(letter?.printed_at, null);
    const again = await pc.postForm(`/klachten/${c.id}/brief/${seq}`, { _csrf: compose.csrf, subject: 'x', body: 'y', channel: 'post' });
    assert.equal(again.status, 409, 'one letter per action');
    const posted = await pc.postForm(`/klachten/${c.id}/brieven/${letter!.id}/verstuurd`, { _csrf: print.csrf });
    assert.equal(posted.status, 303);
    const dossier = await pc.get(posted.headers.get('location')!);
    assert.match(dossier.html, /per post\. <strong>Afgedrukt en verstuurd op /);
    const json = expectStatus(await api.get(`/api/v1/complaints/${c.id}`, t.stad), 200).body;
    assert.equal(json.letters[0].status, 'printed');
    assert.ok(json.letters[0].printedAt);
  });

  it('Briefsjablonen: bad template syntax gives a Dutch message at the field and keeps the text; the preview uses a real dossier', async () => {
    const pc = new PageClient(api.app);
    await pc.logIn(stad.coordinator.email, stad.coordinator.password);
    const pageRes = await pc.get('/beheer/briefsjablonen/decision');
    assert.equal(pageRes.res.status, 200);
    assert.match(pageRes.html, /mijn_klacht_url/);
    const broken = '{% if beslissing.uitkomst %}Uw klacht is {{ beslissing.uitkomst }}';
    const bad = await pc.postForm('/beheer/briefsjablonen/decision', { _csrf: pageRes.csrf, unitId: '', subject: 'Beslissing {{ kenmerk }}', body: broken, reference: '', do: 'opslaan' });
    assert.equal(bad.status, 422);
    const html = await bad.text();
    assert.match(html, /niet goed is afgesloten/);
    assert.ok(html.includes('{% if beslissing.uitkomst %}Uw klacht is {{ beslissing.uitkomst }}'), 'the text is kept');
    const c = await register(t.stad, { name: 'Voor Beeld', postalAddress: 'Straat 1, 1234 AB Stad' }, { channel: 'letter', signed: true, documentDate: '2026-04-01', unitId: stad.unit.id });
    const preview = await pc.postForm('/beheer/briefsjablonen/decision', { _csrf: pageRes.csrf, unitId: '', subject: 'Beslissing {{ kenmerk }}', body: 'Geachte {{ ontvanger.naam }}, over {{ klacht.onderwerp }}.', reference: c.reference, do: 'voorbeeld' });
    assert.equal(preview.status, 200);
    const previewHtml = await preview.text();
    assert.match(previewHtml, new RegExp(`Beslissing ${c.reference}`));
    assert.match(previewHtml, /Geachte Voor Beeld, over Advies over schuldregeling\./);
    const handler = new PageClient(api.app);
    await handler.logIn(stad.handler.email, stad.handler.password);
    assert.equal((await handler.get('/beheer/briefsjablonen')).res.status, 404, 'a handler does not edit templates');
  });
  it('Briefsjablonen: a saved text "Ons oordeel: uw klacht is {{ beslissing.uitkomst }}" under 001 (no merits, art. 3.3) gets a notice and the default is offered; 002 warns for "geen oordeel"', async () => {
    const db = ctx.database.db;
    const oldText = 'Geachte {{ ontvanger.naam }},\n\nOns oordeel: uw klacht is {{ beslissing.uitkomst }}.\n';
    await saveTemplate(db, await actorOf(db, hss.coordinator), { kind: 'decision', unitId: null, subject: 'Beslissing {{ kenmerk }}', body: oldText });
    const pc = new PageClient(api.app);
    await pc.logIn(hss.coordinator.email, hss.coordinator.password);
    assert.match((await pc.get('/beheer/briefsjablonen')).html, /Past niet meer bij de klachtenregeling/);
    const edit = await pc.get('/beheer/briefsjablonen/decision');
    assert.match(edit.html, /oordeelt niet of een klacht gegrond is \(artikel 3\.3\)\. Deze tekst zegt &quot;… is \{\{ beslissing\.uitkomst \}\}&quot;; de brief wordt dan &quot;… is standpunt van de directie gegeven&quot;/);
    assert.match(edit.html, /Gebruik \{\{ beslissing\.uitkomst_zin \}\}.*Eigen tekst weghalen/);
    // The default is offered: "Eigen tekst weghalen" brings it back, and the notice goes.
    const reset = await pc.postForm('/beheer/briefsjablonen/decision', { _csrf: edit.csrf, unitId: '', subject: '', body: '', reference: '', do: 'standaard' });
    assert.equal(reset.status, 303);
    const after = await pc.get('/beheer/briefsjablonen/decision');
    assert.doesNotMatch(after.html, /oordeelt niet of een klacht gegrond is|Past niet meer/);
    assert.doesNotMatch((await pc.get('/beheer/briefsjablonen')).html, /Past niet meer/);

    // 002 judges the merits (6.6, 6.9) but "geen oordeel" stays an outcome: the respondent's old sentence read "… is geen oordeel".
    await saveTemplate(db, await actorOf(db, stad.coordinator), { kind: 'outcome_to_respondent', unitId: null, subject: 'Uitkomst {{ kenmerk }}', body: 'Ons oordeel: de klacht is {{beslissing.uitkomst}}.' });
    const sc = new PageClient(api.app);
    await sc.logIn(stad.coordinator.email, stad.coordinator.password);
    const stadEdit = await sc.get('/beheer/briefsjablonen/outcome_to_respondent');
    assert.match(stadEdit.html, /Bij de uitkomst &quot;geen oordeel&quot; wordt de brief dan &quot;… is geen oordeel&quot;/);
    await sc.postForm('/beheer/briefsjablonen/outcome_to_respondent', { _csrf: stadEdit.csrf, unitId: '', subject: '', body: '', reference: '', do: 'standaard' });
    assert.doesNotMatch((await sc.get('/beheer/briefsjablonen/outcome_to_respondent')).html, /geen oordeel&quot;/);
  });
  it('Briefsjablonen: a unit that uses the organisation\'s old outcome sentence (001 art. 3.3) is told whose text it is and where to change it; "Eigen tekst weghalen" is not offered where it removes nothing (lane walk15)', async () => {
    const db = ctx.database.db;
    const noord = await db.transaction().execute((tx) => createUnit(tx, hss.org.id, { name: 'Afdeling Noord', kind: 'afdeling', parentId: hss.unit.id }, null));
    const team = await db.transaction().execute((tx) => createUnit(tx, hss.org.id, { name: 'Team Noord-Oost', kind: 'team', parentId: noord.id }, null));
    const oldText = 'Geachte {{ ontvanger.naam }},\n\nOns oordeel: uw klacht is {{ beslissing.uitkomst }}.\n';
    const kf = await actorOf(db, hss.coordinator);
    await saveTemplate(db, kf, { kind: 'decision', unitId: null, subject: 'Beslissing {{ kenmerk }}', body: oldText });
    const pc = new PageClient(api.app);
    await pc.logIn(hss.coordinator.email, hss.coordinator.password);
    const unitPage = await pc.get(`/beheer/briefsjablonen/decision?eenheid=${noord.id}`);
    assert.match(unitPage.html, /oordeelt niet of een klacht gegrond is \(artikel 3\.3\)/);
    assert.match(unitPage.html, /Deze tekst is van de organisatie; Afdeling Noord heeft geen eigen tekst\. Pas de tekst aan bij de organisatie\./);
    assert.match(unitPage.html, /<a class="utrecht-link" href="\/beheer\/briefsjablonen\/decision">De tekst van de organisatie openen<\/a>/);
    assert.doesNotMatch(unitPage.html, /Eigen tekst weghalen/, 'the unit has no text of its own to remove');
    // A team under a unit with its own (old) text: that unit's text, and its page.
    await saveTemplate(db, kf, { kind: 'decision', unitId: noord.id, subject: 'Beslissing {{ kenmerk }}', body: oldText });
    const teamPage = await pc.get(`/beheer/briefsjablonen/decision?eenheid=${team.id}`);
    assert.match(teamPage.html, /Deze tekst is van Afdeling Noord; Team Noord-Oost heeft geen eigen tekst\./);
    assert.ok(teamPage.html.includes(`href="/beheer/briefsjablonen/decision?eenheid=${noord.id}">De tekst van Afdeling Noord openen</a>`));
    // The unit's own page keeps the notice with "Eigen tekst weghalen", which brings back the organisation's text.
    const own = await pc.get(`/beheer/briefsjablonen/decision?eenheid=${noord.id}`);
    assert.match(own.html, /Of haal de eigen tekst van Afdeling Noord weg met de knop &quot;Eigen tekst weghalen&quot;: dan geldt de tekst van de organisatie of van de eenheid erboven\./);
    assert.doesNotMatch(own.html, /zet de standaardtekst terug/, 'removing the unit\'s text brings back the organisation\'s, not the default');
    assert.match(own.html, /value="standaard"[^>]*>\s*Eigen tekst weghalen/);
    for (const unitId of [noord.id, '']) await pc.postForm('/beheer/briefsjablonen/decision', { _csrf: own.csrf, unitId, subject: '', body: '', reference: '', do: 'standaard' });
    assert.doesNotMatch((await pc.get(`/beheer/briefsjablonen/decision?eenheid=${team.id}`)).html, /Past niet|oordeelt niet/);
  });
  it('Briefsjablonen: "Tekst voor" lists the organisation once: its single top unit, the same place, is left out until it has a text of its own, then named as a unit (lane walk15)', async () => {
    const db = ctx.database.db;
    await db.transaction().execute((tx) => createUnit(tx, hss.org.id, { name: 'Afdeling Zuid', kind: 'afdeling', parentId: hss.unit.id }, null));
    const pc = new PageClient(api.app);
    await pc.logIn(hss.coordinator.email, hss.coordinator.password);
    const choices = async (query = '') => {
      const html = (await pc.get(`/beheer/briefsjablonen/acknowledgement${query}`)).html;
      const select = /<select[^>]*id="eenheid-kiezen"[^>]*>([\s\S]*?)<\/select>/.exec(html)![1]!;
      return [...select.matchAll(/<option value="([^"]*)"[^>]*>\s*([^<]*?)\s*<\/option>/g)].map((m) => [m[1], m[2]]);
    };
    const first = await choices();
    assert.deepEqual(first[0], ['', 'De hele organisatie']);
    assert.ok(!first.some(([v]) => v === hss.unit.id), JSON.stringify(first));
    assert.ok(first.some(([, l]) => l === '– Afdeling Zuid'), JSON.stringify(first));
    const kf = await actorOf(db, hss.coordinator);
    await saveTemplate(db, kf, { kind: 'acknowledgement', unitId: hss.unit.id, subject: 'Ontvangen {{ kenmerk }}', body: 'Geachte {{ ontvanger.naam }},\n\nWij hebben uw klacht ontvangen.\n' });
    const withOwn = await choices();
    const top = withOwn.find(([v]) => v === hss.unit.id);
    assert.ok(top && top[1]!.endsWith(' (eenheid)') && top[1] !== 'De hele organisatie', JSON.stringify(withOwn));
    assert.ok(withOwn.some(([, l]) => l === '– Afdeling Zuid'), JSON.stringify(withOwn));
    await resetTemplate(db, kf, 'acknowledgement', hss.unit.id);
  });
});
