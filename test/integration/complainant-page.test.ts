import assert from 'node:assert/strict';
import { before, after, describe, it } from 'node:test';
import { sql } from 'kysely';
import { sha256 } from '../../src/auth/tokens.ts';
import { intakeInputFromForm } from '../../src/http/routes/public-complaint.tsx';
import { issueComplainantLink, revokeComplainantLinks } from '../../src/usecases/complainant-page/links.ts';
import { RESEND_LIMITS } from '../../src/usecases/complainant-page/resend.ts';
import { performAction } from '../../src/usecases/complaints/perform-action.ts';
import { registerComplaint } from '../../src/usecases/complaints/register-complaint.ts';
import { forEachDatabase } from '../support/databases.ts';
import { actorOf, makeOrganisationWithRegulation, registerLetterComplaint, TEST_PASSWORD, WKKGZ_MODEL_FILLS } from '../support/factories.ts';
import { PageClient, STADSRING_FORM_OK, testApp } from '../support/http.ts';
import { runJobs } from '../support/jobs.ts';
import { startSmtpSink, type SmtpSink } from '../support/smtp.ts';

/**
 * The complainant's own page (Mijn klacht, ADR 0012): a private link (only its hash stored) from the receipt page,
 * the public API and e-mail; status, dates, letters; adding information and documents; withdrawing; re-sending the
 * link without disclosing whether an address is known, throttled per address and per client.
 */

const decode = (s: string) => s.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
const textOf = (html: string) => decode(html.replace(/<[^>]+>/g, ' ')).replace(/\s+/g, ' ');
const pdf = (name: string) => new File([new TextEncoder().encode(`%PDF-1.4 ${name}`)], name, { type: 'application/pdf' });

function form(fields: Record<string, string>, files: File[] = []): FormData {
  const fd = new FormData();
  for (const [k, v] of Object.entries(fields)) fd.append(k, v);
  for (const f of files) fd.append('attachments', f);
  return fd;
}
const hidden = (html: string, name: string) => new RegExp(`name="${name}" value="([^"]*)"`).exec(html)?.[1] ?? '';

forEachDatabase('complainant page (Mijn klacht)', (ctx) => {
  let s51: Awaited<ReturnType<typeof makeOrganisationWithRegulation>>;
  let sink: SmtpSink;
  const BASE = 'https://klachten.example.nl';
  before(async () => {
    s51 = await makeOrganisationWithRegulation(ctx.database.db, 'stadsring51');
    sink = await startSmtpSink();
  });
  after(() => sink.stop());

  const client = async () => new PageClient(await testApp(ctx.database, { KLACHTWIJS_BASE_URL: BASE, KLACHTWIJS_TRUST_PROXY: 'true' }));
  const local = (url: string) => url.slice(BASE.length);
  let n = 0;
  async function complaint(extra: Record<string, string> = {}) {
    const input = intakeInputFromForm({ ...STADSRING_FORM_OK, 'complainant.email': 'jan@example.nl', ...extra, idempotencyKey: `mijn-test-${++n}` }, 'public');
    const r = await registerComplaint(ctx.database.db, { organisationId: s51.org.id, actor: null, door: 'public', input });
    const link = await ctx.database.db.transaction().execute((tx) => issueComplainantLink(tx, { organisationId: s51.org.id, complaintId: r.id, baseUrl: BASE }));
    return { ...r, link };
  }
  const eventsOf = (id: string) => ctx.database.db.selectFrom('complaint_events').select(['type', 'data', 'actor_user_id', 'actor_roles']).where('complaint_id', '=', id).orderBy('seq').execute();

  describe('the link', () => {
    it('the public API answers with a private link; only its hash is stored; the page shows where the complaint stands', async () => {
      const pc = await client();
      const body = { description: STADSRING_FORM_OK.description, complainant: { name: 'Jan Jansen', postalAddress: 'Dorpsstraat 1, 1234 AB Ergens', relation: 'client', email: 'api@example.nl' }, signed: true };
      const res = await pc.request(`/api/v1/public/${s51.org.slug}/complaints`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
      assert.equal(res.status, 201, await res.clone().text());
      const json = (await res.json()) as { reference: string; complainantPageUrl: string };
      const m = new RegExp(`^${BASE}/${s51.org.slug}/mijn-klacht/([A-Za-z0-9_-]{43})$`).exec(json.complainantPageUrl);
      assert.ok(m, json.complainantPageUrl);
      const token = m[1]!;
      const rows = await ctx.database.db.selectFrom('complainant_links').select(['token_hash']).execute();
      assert.ok(rows.some((r) => r.token_hash === sha256(token)), 'the hash is stored');
      assert.ok(!rows.some((r) => r.token_hash.includes(token)), 'the token itself is not');
      const dump = await sql<{ t: string }>`select string_agg(row_to_json(l)::text, ' ') as t from complainant_links l`.execute(ctx.database.db);
      assert.ok(!dump.rows[0]!.t.includes(token));

      const page = await pc.request(local(json.complainantPageUrl));
      assert.equal(page.status, 200);
      assert.equal(page.headers.get('referrer-policy'), 'no-referrer');
      assert.match(page.headers.get('x-robots-tag') ?? '', /noindex/);
      assert.match(page.headers.get('cache-control') ?? '', /no-store/);
      const text = textOf(await page.text());
      assert.match(text, new RegExp(`Uw kenmerk is ${json.reference}`));
      assert.match(text, /Nieuw\. Wij hebben uw klacht ontvangen/);
      assert.match(text, /Ontvangstbevestiging nog niet verstuurd\. U krijgt die uiterlijk op/);
      assert.match(text, /Beslissing uiterlijk op/);
      assert.match(text, /Klacht intrekken/);
      const audits = await ctx.database.db.selectFrom('audit_log').select(['details']).where('action', '=', 'complainant_page.viewed').execute();
      assert.ok(audits.length >= 1);
      assert.ok(!JSON.stringify(audits).includes('api@example.nl'), 'no personal data in the audit line');
    });

    it('the receipt page after the public form carries a link that opens the page', async () => {
      const pc = await client();
      const start = await pc.get(`/${s51.org.slug}/klacht`);
      const key = hidden(start.html, 'idempotencyKey');
      const sent = await pc.request(`/${s51.org.slug}/klacht`, { method: 'POST', body: form({ ...STADSRING_FORM_OK, _csrf: start.csrf, idempotencyKey: key, stap: 'versturen' }) });
      assert.equal(sent.status, 303);
      const receipt = await pc.request(sent.headers.get('location')!);
      const html = await receipt.text();
      const url = /class="utrecht-link kw-complainant-page-link" href="([^"]+)"/.exec(html)?.[1];
      assert.ok(url, 'the receipt page links to the complainant page');
      const page = await pc.request(local(decode(url)));
      assert.equal(page.status, 200);
      assert.match(textOf(await page.text()), /Waar staat uw klacht\?/);
    });

    it('an unknown, malformed, revoked or other organisation\'s token answers a friendly 404 that says how to get a new link', async () => {
      const pc = await client();
      const c = await complaint();
      for (const path of [`/${s51.org.slug}/mijn-klacht/${'A'.repeat(43)}`, `/${s51.org.slug}/mijn-klacht/kort`, `/andere-org/mijn-klacht/${c.link.token}`]) {
        const res = await pc.request(path);
        assert.equal(res.status, 404, path);
        const html = await res.text();
        if (path.includes(s51.org.slug)) {
          assert.match(textOf(html), /Deze link werkt niet/);
          assert.match(html, new RegExp(`href="/${s51.org.slug}/mijn-klacht"`));
        }
      }
      assert.equal((await pc.request(c.link.path)).status, 200);
      await ctx.database.db.transaction().execute((tx) => revokeComplainantLinks(tx, c.id));
      assert.equal((await pc.request(c.link.path)).status, 404);
    });
  });

  describe('the dates that matter', () => {
    it('an extension shows with its new date and when we said so; a withdrawal with its date', async () => {
      const pc = await client();
      const c = await complaint();
      const coordinator = await actorOf(ctx.database.db, s51.coordinator);
      const before = textOf(await (await pc.request(c.link.path)).text());
      const first = /Beslissing uiterlijk op (\d+ \w+ \d{4})/.exec(before)?.[1];
      assert.ok(first, before);
      const r = await performAction(ctx.database.db, coordinator, c.id, 'extend', { term: { amount: 4, unit: 'weeks' }, noticeOn: c.receivedOn, reason: 'Wij willen beide kanten eerst horen.' });
      const page = textOf(await (await pc.request(c.link.path)).text());
      const extended = /Beslissing uiterlijk op (\d+ \w+ \d{4})\. De termijn is verlengd met 4 weken, zoals de Algemene wet bestuursrecht toestaat; dat hebben wij u op .* laten weten\./.exec(page);
      assert.ok(extended, page);
      assert.notEqual(extended[1], first, 'the new date');
      assert.ok(r.deadlines.decision);
      assert.doesNotMatch(page, /Wij willen beide kanten eerst horen/, 'internal reasons stay internal');
    });
  });

  describe('adding information', () => {
    it('text and a file join the dossier as one history event; staff see it in plain words', async () => {
      const pc = await client();
      const c = await complaint();
      const page = await pc.get(c.link.path);
      const res = await pc.request(`${c.link.path}/informatie`, { method: 'POST', body: form({ _csrf: page.csrf, formKey: hidden(page.html, 'formKey'), text: 'Hier is de brief die ik noemde.' }, [pdf('brief.pdf')]) });
      assert.equal(res.status, 303);
      assert.equal(res.headers.get('location'), `${c.link.path}?klaar=informatie`);
      const events = await eventsOf(c.id);
      const added = events.at(-1)!;
      assert.equal(added.type, 'complainant-added-information');
      assert.equal(added.actor_user_id, null);
      assert.deepEqual(added.actor_roles, ['complainant']);
      const data = added.data as { text: string; files: { filename: string }[] };
      assert.equal(data.text, 'Hier is de brief die ik noemde.');
      assert.deepEqual(data.files.map((f) => f.filename), ['brief.pdf']);
      const files = await ctx.database.db.selectFrom('complaint_attachments').select(['filename', 'uploaded_by']).where('complaint_id', '=', c.id).execute();
      assert.deepEqual(files.map((f) => [f.filename, f.uploaded_by]), [['brief.pdf', null]]);
      const after = textOf(await (await pc.request(`${c.link.path}?klaar=informatie`)).text());
      assert.match(after, /Wij hebben uw informatie aan het dossier toegevoegd/);
      assert.match(after, /"Hier is de brief die ik noemde\." en het bestand brief\.pdf/);

      const staff = new PageClient(await testApp(ctx.database));
      await staff.logIn(s51.coordinator.user.email, TEST_PASSWORD);
      const dossier = textOf(await (await staff.request(`/klachten/${c.id}`)).text());
      assert.match(dossier, /Informatie van de klager \(via Mijn klacht\)/);
      assert.match(dossier, /Hier is de brief die ik noemde\. Bestanden: brief\.pdf\./);
      assert.match(dossier, /Klager \(Mijn klacht\)/);
    });

    it('nothing to add: the message is at the field; an expired form keeps the typed text and the chosen file, and stores nothing', async () => {
      const pc = await client();
      const c = await complaint();
      const page = await pc.get(c.link.path);
      const key = hidden(page.html, 'formKey');
      const empty = await pc.request(`${c.link.path}/informatie`, { method: 'POST', body: form({ _csrf: page.csrf, formKey: key, text: '  ' }) });
      assert.equal(empty.status, 422);
      assert.match(textOf(await empty.text()), /Schrijf wat u wilt toevoegen, of kies een bestand\./);

      const before = (await eventsOf(c.id)).length;
      const expired = await pc.request(`${c.link.path}/informatie`, { method: 'POST', body: form({ _csrf: 'verlopen', formKey: key, text: 'Mijn aanvulling.' }, [pdf('foto.pdf')]) });
      assert.equal(expired.status, 200);
      const html = await expired.text();
      assert.match(textOf(html), /Uw formulier was verlopen\. Er is nog niets opgeslagen/);
      assert.match(html, /<textarea[^>]*name="text"[^>]*>Mijn aanvulling\.<\/textarea>/);
      assert.match(textOf(html), /Al toegevoegd .*foto\.pdf/);
      assert.equal((await eventsOf(c.id)).length, before, 'nothing stored');

      // Sent again with a fresh token: the held file comes along without choosing it again.
      const again = await pc.request(`${c.link.path}/informatie`, { method: 'POST', body: form({ _csrf: hidden(html, '_csrf'), formKey: hidden(html, 'formKey'), text: 'Mijn aanvulling.' }) });
      assert.equal(again.status, 303);
      const data = (await eventsOf(c.id)).at(-1)!.data as { files: { filename: string }[] };
      assert.deepEqual(data.files.map((f) => f.filename), ['foto.pdf']);
    });
  });

  describe('asking for a judgement (Wkkgz model art. 5.2)', () => {
    it('offered where the regulation has it, asked once, the staff hear of it; not offered under 002', async () => {
      const wk = await makeOrganisationWithRegulation(ctx.database.db, 'wkkgz-model', WKKGZ_MODEL_FILLS);
      const coordinator = await actorOf(ctx.database.db, wk.coordinator);
      const r = await registerLetterComplaint(ctx.database.db, wk, coordinator, new Date().toISOString().slice(0, 10));
      const link = await ctx.database.db.transaction().execute((tx) => issueComplainantLink(tx, { organisationId: wk.org.id, complaintId: r.id, baseUrl: BASE }));
      const pc = await client();
      const page = await pc.get(link.path);
      assert.match(textOf(page.html), /Om een oordeel vragen Wilt u een oordeel over uw klacht, ook als er nog geen oplossing is\? Dan kunt u daarom vragen \(artikel 5\.2\)\. Wij beoordelen dan uw klacht\./);
      // An expired form asks nothing and keeps what was typed.
      const expired = await pc.request(`${link.path}/oordeel`, { method: 'POST', body: form({ _csrf: 'verlopen', note: 'Ik wil een uitspraak.' }) });
      const expiredHtml = await expired.text();
      assert.match(textOf(expiredHtml), /U heeft nog niet om een oordeel gevraagd/);
      assert.match(expiredHtml, />Ik wil een uitspraak\.<\/textarea>/);
      assert.equal((await eventsOf(r.id)).length, 1);

      const done = await pc.request(`${link.path}/oordeel`, { method: 'POST', body: form({ _csrf: page.csrf, note: 'Ik wil een uitspraak.' }) });
      assert.equal(done.status, 303);
      assert.equal(done.headers.get('location'), `${link.path}?klaar=oordeel`);
      const ev = (await eventsOf(r.id)).at(-1)!;
      assert.equal(ev.type, 'request-judgement');
      assert.deepEqual(ev.actor_roles, ['complainant']);
      assert.equal(ev.actor_user_id, null);
      assert.deepEqual({ ...(ev.data as Record<string, unknown>), after: undefined, on: undefined }, { via: 'Mijn klacht (door de klager zelf)', note: 'Ik wil een uitspraak.', byComplainant: true, after: undefined, on: undefined });
      const after = textOf(await (await pc.request(`${link.path}?klaar=oordeel`)).text());
      assert.match(after, /Wij hebben uw vraag om een oordeel ontvangen\./);
      assert.match(after, /Om een oordeel gevraagd op \d+ \w+ \d{4}/);
      assert.doesNotMatch(after, /Om een oordeel vragen/);
      const twice = await pc.request(`${link.path}/oordeel`, { method: 'POST', body: form({ _csrf: page.csrf }) });
      assert.equal(twice.status, 409);
      assert.match(textOf(await twice.text()), /U heeft al om een oordeel gevraagd\./);
      const told = await ctx.database.db.selectFrom('notifications').select(['kind', 'user_id']).where('complaint_id', '=', r.id).where('kind', '=', 'complainant_requested_judgement').execute();
      assert.ok(told.length > 0, 'the staff hear of it');
      const audited = await ctx.database.db.selectFrom('audit_log').select('action').where('subject_id', '=', r.id).where('action', '=', 'complainant_page.judgement_requested').execute();
      assert.equal(audited.length, 1);

      // 002 has no request for a judgement: neither the section nor the route does anything.
      const c = await complaint();
      const s51page = await pc.get(c.link.path);
      assert.doesNotMatch(textOf(s51page.html), /Om een oordeel vragen/);
      const refused = await pc.request(`${c.link.path}/oordeel`, { method: 'POST', body: form({ _csrf: s51page.csrf }) });
      assert.equal(refused.status, 409);
      assert.equal((await eventsOf(c.id)).length, 1);
    });
  });

  describe('withdrawing', () => {
    it('asks for confirmation, then withdraws on the complainant\'s behalf; the staff history says so', async () => {
      const pc = await client();
      const c = await complaint();
      const confirm = await pc.get(`${c.link.path}/intrekken`);
      assert.match(textOf(confirm.html), /Weet u zeker dat u uw klacht wilt intrekken\?/);
      // Without the confirming button nothing happens.
      const notYet = await pc.request(`${c.link.path}/intrekken`, { method: 'POST', body: form({ _csrf: confirm.csrf, reason: 'Opgelost.' }) });
      assert.equal(notYet.status, 200);
      assert.equal((await ctx.database.db.selectFrom('complaints').select('status').where('id', '=', c.id).executeTakeFirstOrThrow()).status, 'new');
      // An expired form keeps the reason and withdraws nothing.
      const expired = await pc.request(`${c.link.path}/intrekken`, { method: 'POST', body: form({ _csrf: 'verlopen', reason: 'Het is opgelost.', bevestig: 'ja' }) });
      const expiredHtml = await expired.text();
      assert.match(textOf(expiredHtml), /Uw klacht is nog niet ingetrokken/);
      assert.match(expiredHtml, />Het is opgelost\.<\/textarea>/);
      assert.equal((await ctx.database.db.selectFrom('complaints').select('status').where('id', '=', c.id).executeTakeFirstOrThrow()).status, 'new');

      const done = await pc.request(`${c.link.path}/intrekken`, { method: 'POST', body: form({ _csrf: confirm.csrf, reason: 'Het is opgelost.', bevestig: 'ja' }) });
      assert.equal(done.status, 303);
      const row = await ctx.database.db.selectFrom('complaints').select(['status', 'next_due']).where('id', '=', c.id).executeTakeFirstOrThrow();
      assert.equal(row.status, 'withdrawn');
      assert.equal(row.next_due, null, 'no clock runs for a withdrawn complaint');
      const ev = (await eventsOf(c.id)).at(-1)!;
      assert.equal(ev.type, 'withdraw');
      assert.deepEqual(ev.actor_roles, ['complainant']);
      assert.equal((ev.data as { byComplainant: boolean; reason: string }).byComplainant, true);
      assert.equal((ev.data as { reason: string }).reason, 'Het is opgelost.');

      const page = textOf(await (await pc.request(c.link.path)).text());
      assert.match(page, /Ingetrokken\. U heeft uw klacht ingetrokken/);
      assert.doesNotMatch(page, /Klacht intrekken/);
      const twice = await pc.request(`${c.link.path}/intrekken`, { method: 'POST', body: form({ _csrf: confirm.csrf, bevestig: 'ja' }) });
      assert.match(textOf(await twice.text()), /U heeft deze klacht al ingetrokken\./);

      const staff = new PageClient(await testApp(ctx.database));
      await staff.logIn(s51.coordinator.user.email, TEST_PASSWORD);
      const dossier = textOf(await (await staff.request(`/klachten/${c.id}`)).text());
      assert.match(dossier, /Ingetrokken door de klager \(via Mijn klacht\)/);
      assert.match(dossier, /Reden: Het is opgelost\./);
    });

    it('a complaint whose procedure has ended cannot be withdrawn', async () => {
      const pc = await client();
      const c = await complaint();
      const coordinator = await actorOf(ctx.database.db, s51.coordinator);
      await performAction(ctx.database.db, coordinator, c.id, 'withdraw', { reason: 'Telefonisch ingetrokken.' });
      const suggestion = await complaint({ kind: 'suggestion' });
      for (const x of [c, suggestion]) {
        const page = await pc.get(x.link.path);
        assert.doesNotMatch(textOf(page.html), /Klacht intrekken/);
        // A withdrawn complaint's page has no form any more (nothing to add): the session's token from another page.
        const csrf = page.csrf || (await pc.get(`/${s51.org.slug}/mijn-klacht`)).csrf;
        const res = await pc.request(`${x.link.path}/intrekken`, { method: 'POST', body: form({ _csrf: csrf, bevestig: 'ja' }) });
        assert.equal(res.status, 200);
        assert.match(textOf(await res.text()), /al ingetrokken|al afgehandeld/);
      }
      assert.equal((await ctx.database.db.selectFrom('complaints').select('status').where('id', '=', suggestion.id).executeTakeFirstOrThrow()).status, 'closed');
    });
  });

  describe('letters', () => {
    it('lists the letters sent to the complainant and serves each PDF under the token, none of another complaint', async () => {
      const db = ctx.database.db;
      const c = await complaint();
      const other = await complaint();
      const exists = await sql<{ t: string | null }>`select to_regclass('letters')::text as t`.execute(db);
      if (!exists.rows[0]!.t) {
        // The letters lane's table, as its contract describes it (common.md), until that branch is merged.
        await sql`create table letters (id uuid primary key default gen_random_uuid(), organisation_id uuid not null, complaint_id uuid not null, kind text not null,
          recipient_role text not null, recipient_name text not null, recipient_email text, channel text not null, subject text not null, body text not null,
          pdf bytea not null, outbound_mail_id uuid, printed_at timestamptz, created_by uuid, created_at timestamptz not null default now())`.execute(db);
      }
      const letter = async (complaintId: string, subject: string, role: string, printed: boolean) =>
        (await sql<{ id: string }>`insert into letters (organisation_id, complaint_id, kind, recipient_role, recipient_name, channel, subject, body, pdf, printed_at)
          values (${s51.org.id}, ${complaintId}, 'acknowledgement', ${role}, 'Jan Jansen', 'post', ${subject}, 'tekst', ${Buffer.from(`%PDF-1.7 ${subject}`)}, ${printed ? new Date() : null}) returning id`.execute(db)).rows[0]!.id;
      const mine = await letter(c.id, 'Ontvangstbevestiging', 'complainant', true);
      const toRespondent = await letter(c.id, 'Afschrift van de klacht', 'respondent', true);
      const notSent = await letter(c.id, 'Concept', 'complainant', false);
      const theirs = await letter(other.id, 'Andermans brief', 'complainant', true);
      const pc = await client();
      const html = await (await pc.request(c.link.path)).text();
      assert.match(textOf(html), /Ontvangstbevestiging \(PDF\) , verstuurd op/);
      assert.doesNotMatch(html, /Afschrift van de klacht|Concept|Andermans brief/);
      const got = await pc.request(`${c.link.path}/brieven/${mine}.pdf`);
      assert.equal(got.status, 200);
      assert.equal(got.headers.get('content-type'), 'application/pdf');
      assert.equal(got.headers.get('referrer-policy'), 'no-referrer');
      assert.match(Buffer.from(await got.arrayBuffer()).toString(), /^%PDF-1\.7 Ontvangstbevestiging/);
      for (const id of [toRespondent, notSent, theirs]) assert.equal((await pc.request(`${c.link.path}/brieven/${id}.pdf`)).status, 404);
      const seen = await db.selectFrom('audit_log').select('subject_id').where('action', '=', 'complainant_page.letter_viewed').execute();
      assert.deepEqual(seen.map((s) => s.subject_id), [c.id], 'the PDF view is audited, the refused ones are not');
    });
  });

  describe('re-sending the link', () => {
    it('a known address gets a NEW working link by e-mail; an unknown one gets the same answer and no mail', async () => {
      const c = await complaint({ 'complainant.email': 'Marie@Example.nl', 'complainant.name': 'Marie de Vries' });
      const pc = await client();
      const ask = async (email: string, ip: string, reference = '') => {
        const page = await pc.get(`/${s51.org.slug}/mijn-klacht`);
        return pc.request(`/${s51.org.slug}/mijn-klacht`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-forwarded-for': ip }, body: new URLSearchParams({ _csrf: page.csrf, email, reference }).toString() });
      };
      const known = await ask('marie@example.nl', '192.0.2.1', c.reference);
      const unknown = await ask('niemand@example.nl', '192.0.2.2');
      assert.equal(known.status, 200);
      assert.equal(unknown.status, 200);
      const answer = (html: string) => /<div class="utrecht-alert utrecht-alert--ok"[\s\S]*?<\/div>/.exec(html)?.[0];
      const [a, b] = [answer(await known.text()), answer(await unknown.text())];
      assert.ok(a);
      assert.equal(a, b, 'the same answer whether or not the address is known');

      await runJobs(ctx.database.db, { smtpUrl: sink.url });
      const mails = sink.messages.filter((m) => m.subject === `Link naar uw klacht ${c.reference}`);
      assert.equal(mails.length, 1);
      assert.deepEqual(mails[0]!.to && 'value' in mails[0]!.to ? mails[0]!.to.value.map((v) => v.address) : [], ['marie@example.nl']);
      assert.match(mails[0]!.text ?? '', /Beste Marie de Vries,/);
      assert.ok(!sink.messages.some((m) => JSON.stringify(m.to).includes('niemand@example.nl')));
      const url = new RegExp(`${BASE}/${s51.org.slug}/mijn-klacht/[A-Za-z0-9_-]{43}`).exec(mails[0]!.text ?? '')?.[0];
      assert.ok(url);
      assert.notEqual(local(url), c.link.path, 'a new link');
      const opened = await pc.request(local(url));
      assert.equal(opened.status, 200);
      assert.match(textOf(await opened.text()), new RegExp(`Uw kenmerk is ${c.reference}`));
      const outbound = await ctx.database.db.selectFrom('outbound_mails').select(['purpose', 'complaint_id', 'status']).where('complaint_id', '=', c.id).execute();
      assert.deepEqual(outbound, [{ purpose: 'link', complaint_id: c.id, status: 'sent' }]);
    });

    it('a wrong address or reference is named at the field and kept', async () => {
      const pc = await client();
      const page = await pc.get(`/${s51.org.slug}/mijn-klacht`);
      const res = await pc.postForm(`/${s51.org.slug}/mijn-klacht`, { _csrf: page.csrf, email: 'geen-adres', reference: 'abc' });
      assert.equal(res.status, 422);
      const html = await res.text();
      assert.match(textOf(html), /Vul een geldig e-mailadres in/);
      assert.match(textOf(html), /Een kenmerk ziet er zo uit/);
      assert.match(html, /value="geen-adres"/);
    });

    it('requests are throttled per e-mail address and per client address', async () => {
      const pc = await client();
      const ask = async (email: string, ip: string) => {
        const page = await pc.get(`/${s51.org.slug}/mijn-klacht`);
        return pc.request(`/${s51.org.slug}/mijn-klacht`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-forwarded-for': ip }, body: new URLSearchParams({ _csrf: page.csrf, email }).toString() });
      };
      for (let i = 0; i < RESEND_LIMITS.perAddress; i++) assert.equal((await ask('veel@example.nl', `198.51.100.${i + 1}`)).status, 200);
      const tooMany = await ask('veel@example.nl', '198.51.100.99');
      assert.equal(tooMany.status, 429);
      assert.match(textOf(await tooMany.text()), /Wacht een uur/);
      for (let i = 0; i < RESEND_LIMITS.perClient; i++) assert.equal((await ask(`iemand${i}@example.nl`, '203.0.113.7')).status, 200);
      assert.equal((await ask('nog-iemand@example.nl', '203.0.113.7')).status, 429);
      assert.equal((await ask('nog-iemand@example.nl', '203.0.113.8')).status, 200, 'another client is not held back');
    });
  });
});
