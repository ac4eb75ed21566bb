/**
 * Letters (issue 9, ADR 0010): an action that owes a letter makes it in the same API call, stored as sent and
 * queued through the outbox; the e-mail carries the reference in its subject and a valid PDF (read back with
 * pdftotext: reference and address); a refused action makes no letter; a letter for an action that owes none
 * is refused with a stable code; a post letter is stored for printing. Real SMTP (smtp-server in the process),
 * real pg-boss, real poppler.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, it } from 'node:test';
import { ApiClient, expectStatus, fieldsOf } from '../support/api.ts';
import { forEachDatabase } from '../support/databases.ts';
import { makeOrganisationWithRegulation, makeToken } from '../support/factories.ts';
import { runJobs } from '../support/jobs.ts';
import { startSmtpSink, type SmtpSink } from '../support/smtp.ts';

/** The text of a PDF as poppler reads it; fails clearly when poppler-utils is missing. */
export function pdfText(pdf: Buffer): string {
  const dir = mkdtempSync(join(tmpdir(), 'klachtwijs-pdf-'));
  const file = join(dir, 'letter.pdf');
  writeFileSync(file, pdf);
  try {
    return execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') throw new Error('pdftotext is not installed: install poppler-utils (apt-get install poppler-utils) to run the letter tests', { cause: err });
    throw err;
  }
}

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
      await api.action(t.hss, c.id, 'decide', { outcome: 'partly_upheld', reasoning: 'Het advies was onvolledig; wij vullen het aan.', measures: ['Wij sturen u een volledig advies.'], externalBodyNamed: true, letter: { channel: 'email' } }),
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
    // 001 §3.3: a reasoned position; the outcome, reasoning and measures are in the letter, with the article.
    assert.match(decision.text ?? '', /deels gegrond/);
    assert.match(decision.text ?? '', /Het advies was onvolledig/);
    assert.match(decision.text ?? '', /- Wij sturen u een volledig advies\./);
    assert.match(decision.text ?? '', /\(artikel 3\.3\)/);
    const ackMail = mails.find((m) => m.subject?.startsWith('Wij hebben uw klacht ontvangen'))!;
    assert.match(ackMail.text ?? '', /\(artikel 3\.2\)/, 'the acknowledgement cites the article that owes it');

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

  it('the PDF of a letter is not there for another organisation', async () => {
    const c = await register(t.hss, { name: 'Piet Post', email: 'piet@example.nl' });
    const ack = expectStatus(await api.action(t.hss, c.id, 'acknowledge', { letter: { channel: 'post' } }), 200);
    const res = await api.app.request(ack.body.letter.pdf, { headers: { authorization: `Bearer ${t.stad}` } });
    assert.equal(res.status, 404);
  });
});
