import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { addDays, addTerm, dayZero } from '../../src/domain/deadlines/index.ts';
import { createUnit } from '../../src/usecases/units/units.ts';
import { forEachDatabase } from '../support/databases.ts';
import { actorOf, makeOrganisationWithRegulation, makeUser } from '../support/factories.ts';
import { PageClient, STADSRING_FORM_OK, testApp } from '../support/http.ts';
import { idempotencyKeyFor, registerComplaint } from '../../src/usecases/complaints/register-complaint.ts';

/** The complaint pages through app.request(): the public form, the registration form, the list, the dossier and its actions. */

const CBF_FILLS = {
  org_name: 'Stichting Voorbeeld',
  org_email: 'klachten@voorbeeld.nl',
  org_phone: '030 123 45 67',
  org_postal_address: 'Stichting Voorbeeld, Postbus 1, 3500 AA Utrecht',
  complaint_form_url: 'https://voorbeeld.nl/klacht',
  privacy_statement: 'Wij gebruiken uw gegevens alleen voor uw klacht en bewaren ze twee jaar.',
  adopted_date: '2024-03-01',
};

/** The text of a page without tags (for reading assertions). */
const textOf = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&').replace(/\s+/g, ' ');
const keyOf = (html: string) => /name="idempotencyKey" value="([^"]*)"/.exec(html)?.[1] ?? '';
/** The error message at one field (by element id), or undefined. */
const fieldError = (html: string, id: string) => {
  const m = new RegExp(`id="${id.replace(/\./g, '\\.')}-fout"[^>]*>([\\s\\S]*?)</div>`).exec(html);
  return m ? textOf(m[1]!).replace('Fout: ', '').trim() : undefined;
};
/** Is the label of a field marked "(niet verplicht)"? */
const optionalMarked = (html: string, id: string) => new RegExp(`for="${id.replace(/\./g, '\\.')}"[^>]*>[^<]*<span class="kw-optional">`).test(html);

function form(fields: Record<string, string>, files: File[] = []): FormData {
  const fd = new FormData();
  for (const [k, v] of Object.entries(fields)) fd.append(k, v);
  for (const f of files) fd.append('attachments', f);
  return fd;
}

const STADSRING_OK = STADSRING_FORM_OK;

forEachDatabase('complaint pages', (ctx) => {
  let s51: Awaited<ReturnType<typeof makeOrganisationWithRegulation>>;
  let cbf: Awaited<ReturnType<typeof makeOrganisationWithRegulation>>;
  const today = dayZero(new Date());

  before(async () => {
    s51 = await makeOrganisationWithRegulation(ctx.database.db, 'stadsring51');
    cbf = await makeOrganisationWithRegulation(ctx.database.db, 'cbf-template', CBF_FILLS);
  });

  async function client() {
    return new PageClient(await testApp(ctx.database));
  }
  async function submitPublic(pc: PageClient, slug: string, fields: Record<string, string>, files: File[] = [], key?: string) {
    const { html, csrf } = await pc.get(`/${slug}/klacht`);
    return pc.request(`/${slug}/klacht`, { method: 'POST', body: form({ _csrf: csrf, idempotencyKey: key ?? keyOf(html), ...fields }, files) });
  }

  describe('public form', () => {
    it('asks what stadsring51 (002 art. 4.3) requires: name, postal address, signature; the phone only if possible', async () => {
      const pc = await client();
      const { res, html } = await pc.get(`/${s51.org.slug}/klacht`);
      assert.equal(res.status, 200);
      assert.match(html, /enctype="multipart\/form-data"/);
      assert.match(html, /name="_csrf" value="[^"]+"/);
      assert.ok(keyOf(html).length >= 16, 'a one-time idempotency key');
      assert.equal(optionalMarked(html, 'complainant.name'), false);
      assert.equal(optionalMarked(html, 'complainant.postalAddress'), false);
      assert.equal(optionalMarked(html, 'complainant.phone'), true);
      assert.equal(optionalMarked(html, 'complainant.email'), true);
      assert.match(html, /name="signed"/);
      assert.match(html, new RegExp(`href="/${s51.org.slug}/klachtenregeling"`));
      assert.match(textOf(html), /Wat doen wij met uw gegevens\?/);
      assert.ok(textOf(html).includes(`Cliënt van ${s51.org.name}`), 'the preset speaks of the adopting organisation, not of Stadsring51');
      assert.doesNotMatch(textOf(html), /Stadsring51/);
      assert.doesNotMatch(html, /name="unitId"/, 'one unit: no choice');
      assert.doesNotMatch(html, /value="suggestion"/, '002 takes no suggestions');
    });

    it('asks what the cbf-template (003 bijlage 1) lists: name, e-mail and phone, none required (lane words15); offers a suggestion; shows its privacy statement', async () => {
      const pc = await client();
      const { html } = await pc.get(`/${cbf.org.slug}/klacht`);
      // "Klachtenformulier: · Contactgegevens (naam, e-mail, telefoonnummer)": listed, not required; one way to reach is asked.
      for (const f of ['complainant.name', 'complainant.email', 'complainant.phone']) assert.equal(optionalMarked(html, f), true, f);
      assert.match(textOf(html), /Vul minstens één manier in waarop wij u kunnen bereiken/);
      assert.equal(optionalMarked(html, 'complainant.postalAddress'), true);
      assert.doesNotMatch(html, /name="signed"/);
      assert.match(html, /value="suggestion"/);
      assert.match(textOf(html), /bewaren ze twee jaar/);
      assert.match(textOf(html), /Een klacht indienen is eenvoudig en kost u niets\./);
    });

    it('shows every missing field at the top and at the field, keeps what was typed, and stores nothing', async () => {
      const pc = await client();
      const res = await submitPublic(pc, cbf.org.slug, { description: 'Te kort', 'complainant.name': 'Piet <Puk>', 'complainant.email': 'geen-adres' });
      assert.equal(res.status, 422);
      const html = await res.text();
      assert.match(html, /id="foutmeldingen"/);
      assert.doesNotMatch(html, /href="#complainant\.phone"/, '003 does not require a phone number');
      assert.equal(fieldError(html, 'complainant.phone'), undefined);
      assert.match(fieldError(html, 'complainant.email') ?? '', /geldig e-mailadres/);
      assert.match(fieldError(html, 'description') ?? '', /minstens 10 tekens/);
      assert.match(html, /value="Piet &lt;Puk&gt;"/, 'typed value kept (escaped)');
      assert.match(html, />Te kort<\/textarea>/);
      const count = await ctx.database.db.selectFrom('complaints').select((eb) => eb.fn.countAll<number>().as('n')).where('organisation_id', '=', cbf.org.id).executeTakeFirstOrThrow();
      assert.equal(Number(count.n), 0);
    });

    it('requires the signature where the regulation does, at the field', async () => {
      const pc = await client();
      const { signed: _signed, ...unsigned } = STADSRING_OK;
      const res = await submitPublic(pc, s51.org.slug, unsigned);
      assert.equal(res.status, 422);
      assert.match(fieldError(await res.text(), 'signed') ?? '', /ondertekende klacht/);
    });

    it('a double submit with the same key is one complaint; the confirmation shows the reference and the terms only with the key', async () => {
      const pc = await client();
      const { html, csrf } = await pc.get(`/${s51.org.slug}/klacht`);
      const key = keyOf(html);
      const post = () => pc.request(`/${s51.org.slug}/klacht`, { method: 'POST', body: form({ _csrf: csrf, idempotencyKey: key, ...STADSRING_OK }) });
      const [a, b] = await Promise.all([post(), post()]);
      const c = await post();
      for (const r of [a, b, c]) assert.equal(r.status, 303);
      assert.equal(a.headers.get('location'), b.headers.get('location'));
      assert.equal(a.headers.get('location'), c.headers.get('location'));
      const rows = await ctx.database.db.selectFrom('complaints').select(['reference', 'channel', 'received_on']).where('idempotency_key', 'like', `${idempotencyKeyFor('public', null, key)}:%`).execute(); // scoped by the submission (issue 11)
      assert.equal(rows.length, 1);
      assert.equal(rows[0]!.channel, 'web_form');
      const location = a.headers.get('location')!;
      assert.match(location, new RegExp(`^/${s51.org.slug}/klacht/ontvangen/${rows[0]!.reference}\\?k=`));

      const confirmation = await pc.get(location);
      assert.equal(confirmation.res.status, 200);
      const text = textOf(confirmation.html);
      assert.match(text, new RegExp(`Uw kenmerk is ${rows[0]!.reference}`));
      assert.match(text, /U krijgt binnen 1 week een ontvangstbevestiging, uiterlijk op/);
      assert.match(text, /Wij beslissen uiterlijk op .* \(binnen 8 weken\)/);
      assert.match(text, /ten hoogste 4 weken/);
      assert.match(text, /Nationale ombudsman/);

      const other = new PageClient(await testApp(ctx.database));
      assert.equal((await other.request(`/${s51.org.slug}/klacht/ontvangen/${rows[0]!.reference}`)).status, 404, 'no key, no confirmation');
      assert.equal((await other.request(`/${s51.org.slug}/klacht/ontvangen/${rows[0]!.reference}?k=verkeerde-sleutel-123`)).status, 404);
      assert.equal((await other.request(`/${cbf.org.slug}/klacht/ontvangen/${rows[0]!.reference}?k=${key}`)).status, 404, 'not under another organisation');
    });

    it('refuses an attachment that is too big or of a wrong type with a clear message and keeps the typed values', async () => {
      const pc = await client();
      const big = new File([new Uint8Array(10 * 1024 * 1024 + 1)], 'scan.pdf', { type: 'application/pdf' });
      const tooBig = await submitPublic(pc, s51.org.slug, STADSRING_OK, [big]);
      assert.equal(tooBig.status, 422);
      const html = await tooBig.text();
      assert.match(fieldError(html, 'attachments') ?? '', /groter dan 10 MB/);
      assert.doesNotMatch(textOf(html), /Al toegevoegd/, 'a refused file is not held');
      assert.match(html, /value="Jan Jansen"/);

      const wrong = await submitPublic(pc, s51.org.slug, { ...STADSRING_OK, 'complainant.name': '' }, [new File(['MZ'], 'virus.exe', { type: 'application/x-msdownload' })]);
      assert.equal(wrong.status, 422);
      const html2 = await wrong.text();
      assert.match(fieldError(html2, 'attachments') ?? '', /"virus\.exe" heeft een soort die we niet aannemen/);
      assert.equal(fieldError(html2, 'complainant.name'), 'Vul uw naam in.', 'the other problems are shown in the same round');

      const ok = await submitPublic(pc, s51.org.slug, STADSRING_OK, [new File(['Mijn brief'], 'brief.txt', { type: 'text/plain' })]);
      assert.equal(ok.status, 303);
    });

    it('lets the complainant act for someone else, and asks for whom', async () => {
      const pc = await client();
      const missing = await submitPublic(pc, s51.org.slug, { ...STADSRING_OK, forWhom: 'other' });
      assert.equal(missing.status, 422);
      assert.match(fieldError(await missing.text(), 'complainant.onBehalfOf') ?? '', /namens wie/);
      const ok = await submitPublic(pc, s51.org.slug, { ...STADSRING_OK, forWhom: 'other', 'complainant.onBehalfOf': 'Mijn moeder', 'complainant.representativeRelation': 'zoon' });
      assert.equal(ok.status, 303);
    });

    it('offers a choice of unit when the organisation has several, and files the complaint there', async () => {
      const unit2 = await ctx.database.db.transaction().execute((tx) => createUnit(tx, cbf.org.id, { name: 'Werkmaatschappij West' }, null));
      const pc = await client();
      const { html } = await pc.get(`/${cbf.org.slug}/klacht`);
      assert.match(html, /name="eenheid"/, 'the unit is the first question');
      const chosen = await pc.get(`/${cbf.org.slug}/klacht?eenheid=${unit2.id}`);
      const res = await pc.request(`/${cbf.org.slug}/klacht`, { method: 'POST', body: form({ _csrf: chosen.csrf, idempotencyKey: keyOf(chosen.html), unitId: unit2.id, description: 'De rekening klopt niet en niemand belt terug.', 'complainant.name': 'An', 'complainant.email': 'an@example.nl', 'complainant.phone': '06 12345678' }) });
      assert.equal(res.status, 303);
      const row = await ctx.database.db.selectFrom('complaints').select(['unit_id']).where('organisation_id', '=', cbf.org.id).where('unit_id', '=', unit2.id).executeTakeFirst();
      assert.ok(row);
    });

    it('stores nothing from a post without the CSRF field (the form comes back filled in), and rate-limits the form', async () => {
      const pc = await client();
      await pc.get(`/${s51.org.slug}/klacht`);
      const before = await ctx.database.db.selectFrom('complaints').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
      const noCsrf = await pc.request(`/${s51.org.slug}/klacht`, { method: 'POST', body: form(STADSRING_OK) });
      assert.equal(noCsrf.status, 200);
      const noCsrfHtml = await noCsrf.text();
      assert.match(textOf(noCsrfHtml), /Uw formulier was verlopen/);
      assert.match(noCsrfHtml, /name="complainant\.name" value="Jan Jansen"/);
      const after = await ctx.database.db.selectFrom('complaints').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
      assert.equal(Number(after.n), Number(before.n));
      const statuses: number[] = [];
      const limit = (await import('../../src/config.ts')).loadConfig({ KLACHTWIJS_DEMO: 'false' }).publicRateLimit;
      // The window is fixed and kept in the database (issue 11): aligned to the clock, so a run that straddles its end
      // gets a fresh budget once; a 429 comes after at most twice the limit.
      for (let i = 0; i <= 2 * limit && statuses.at(-1) !== 429; i++) statuses.push((await submitPublic(pc, s51.org.slug, { description: 'x' })).status);
      assert.ok(statuses.includes(422));
      assert.equal(statuses.at(-1), 429);
      assert.ok(statuses.filter((s) => s !== 429).length >= limit - 1, 'the limit itself is allowed (the post without a token above counted too)');
    });

    it('answers 404 for an unknown organisation', async () => {
      const pc = await client();
      assert.equal((await pc.request('/bestaat-niet-org/klacht')).status, 404);
    });
  });

  describe('staff pages', () => {
    it('registers a letter received in the past; the terms run from that day; a future date is refused at the field', async () => {
      const pc = await client();
      await pc.logIn(s51.intake.email, s51.intake.password);
      const { html, csrf, res } = await pc.get('/klachten/nieuw');
      assert.equal(res.status, 200);
      assert.match(html, new RegExp(`name="receivedOn"[^>]*value="${today}"`), 'default today');
      assert.match(html, /<option value="letter"/);
      assert.match(html, /De klachtenregeling noemt: per brief/, 'staff are told which channels 002 names (letters and the web form)');
      const past = addDays(today, -3);
      const base = { _csrf: csrf, idempotencyKey: keyOf(html), channel: 'letter', description: 'Brief van mevrouw over een gemiste afspraak.', 'complainant.name': 'Mevrouw A', 'complainant.postalAddress': 'Laan 2, Ergens', 'complainant.relation': 'client', signed: 'ja', documentDate: addDays(today, -4), subject: 'Gemiste afspraak', receivedBy: 'Balie' };

      const future = await pc.request('/klachten/nieuw', { method: 'POST', body: form({ ...base, receivedOn: addDays(today, 2) }) });
      assert.equal(future.status, 422);
      assert.match(fieldError(await future.text(), 'receivedOn') ?? '', /toekomst/);

      const created = await pc.request('/klachten/nieuw', { method: 'POST', body: form({ ...base, receivedOn: past }) });
      assert.equal(created.status, 303);
      const location = created.headers.get('location')!;
      assert.match(location, /^\/klachten\/[0-9a-f-]{36}\?geregistreerd=1$/);
      const dossier = await pc.get(location);
      assert.equal(dossier.res.status, 200);
      const text = textOf(dossier.html);
      assert.match(text, /De klacht is geregistreerd/);
      const row = await ctx.database.db.selectFrom('complaints').select(['received_on', 'deadlines', 'channel', 'registered_by']).where('id', '=', location.slice(10, 46)).executeTakeFirstOrThrow();
      assert.equal(row.received_on, past);
      assert.equal(row.channel, 'letter');
      assert.equal(row.registered_by, s51.intake.user.id);
      assert.equal(row.deadlines['acknowledgement'], addTerm(past, { amount: 1, unit: 'weeks' }, { atw: true, closedDays: [] }), 'the term runs from the date of receipt');
      assert.equal(row.deadlines['decision'], addTerm(past, { amount: 8, unit: 'weeks' }, { atw: true, closedDays: [] }));
      assert.match(text, /Aangenomen door Balie/);
    });

    it('takes a phone complaint where the regulation wants it written and signed only once it was put on paper and signed (002 art. 4.3)', async () => {
      const pc = await client();
      await pc.logIn(s51.coordinator.email, s51.coordinator.password);
      const { html, csrf } = await pc.get('/klachten/nieuw');
      assert.match(html, /<option value="phone"/, 'every channel is offered to staff');
      const fields = { _csrf: csrf, idempotencyKey: keyOf(html), channel: 'phone', receivedOn: today, description: 'Telefonische klacht over de bejegening.', 'complainant.name': 'B', 'complainant.postalAddress': 'Straat 3', 'complainant.relation': 'client' };
      const res = await pc.request('/klachten/nieuw', { method: 'POST', body: form(fields) });
      assert.equal(res.status, 422);
      assert.match(fieldError(await res.text(), 'writtenDownAndSigned') ?? '', /op papier/);
      const ok = await pc.request('/klachten/nieuw', { method: 'POST', body: form({ ...fields, writtenDownAndSigned: 'ja' }) });
      assert.equal(ok.status, 303);
    });

    it('lists with filters and Dutch full-text search; the start page shows what is new, due soon and overdue', async () => {
      const pc = await client();
      await pc.logIn(cbf.coordinator.email, cbf.coordinator.password);
      const reg = async (fields: Record<string, string>) => {
        const { html, csrf } = await pc.get('/klachten/nieuw');
        // cbf has two units by now (an earlier test added one): the unit must be chosen.
        const res = await pc.request('/klachten/nieuw', { method: 'POST', body: form({ _csrf: csrf, idempotencyKey: keyOf(html), unitId: cbf.unit.id, 'complainant.name': 'C', 'complainant.email': 'c@example.nl', 'complainant.phone': '0612345678', ...fields }) });
        assert.equal(res.status, 303, await res.clone().text().then((t) => textOf(t).slice(0, 400)));
        return res.headers.get('location')!.slice(10, 46);
      };
      const old = await reg({ channel: 'phone', receivedOn: addDays(today, -30), subject: 'Fietsenstalling', description: 'De fietsenstalling was wekenlang afgesloten voor bezoekers.' });
      const recent = await reg({ channel: 'email', receivedOn: today, subject: 'Wachttijd', description: 'Ik heb drie maanden op een wachtlijst gestaan zonder bericht.' });

      const all = await pc.get('/klachten');
      assert.equal(all.res.status, 200);
      assert.ok(all.html.includes(old) && all.html.includes(recent));
      assert.match(textOf(all.html), /Te laat \(/, 'traffic light with text');

      const byChannel = await pc.get('/klachten?channel=phone');
      assert.ok(byChannel.html.includes(old) && !byChannel.html.includes(recent));
      const search = await pc.get('/klachten?q=wachtlijsten');
      assert.ok(search.html.includes(recent) && !search.html.includes(old), 'Dutch stemming: wachtlijsten finds wachtlijst');
      const overdue = await pc.get('/klachten?overdue=ja&status=open');
      assert.ok(overdue.html.includes(old) && !overdue.html.includes(recent));
      const period = await pc.get(`/klachten?from=${today}&to=${today}`);
      assert.ok(period.html.includes(recent) && !period.html.includes(old));
      const bad = await pc.get('/klachten?from=gisteren');
      assert.equal(bad.res.status, 422);
      assert.match(fieldError(bad.html, 'from') ?? '', /JJJJ-MM-DD/);

      const start = await pc.get('/start');
      const text = textOf(start.html);
      assert.match(text, /Te laat \(1\)/);
      assert.match(text, /Nieuw: wacht op indeling en toewijzing \(\d+\)/);
      assert.ok(start.html.includes(`/klachten/${old}`));
    });

    it('a dossier outside need-to-know is a 404, for a handler not assigned and for another organisation', async () => {
      const db = ctx.database.db;
      const complaint = await db.selectFrom('complaints').select(['id']).where('organisation_id', '=', s51.org.id).executeTakeFirstOrThrow();
      const handler = await client();
      await handler.logIn(s51.handler.email, s51.handler.password);
      assert.equal((await handler.get(`/klachten/${complaint.id}`)).res.status, 404);
      const stranger = await client();
      await stranger.logIn(cbf.coordinator.email, cbf.coordinator.password);
      assert.equal((await stranger.get(`/klachten/${complaint.id}`)).res.status, 404);
      const board = await makeUser(db, s51.org.id, 'board');
      const boardClient = await client();
      await boardClient.logIn(board.email, board.password);
      assert.equal((await boardClient.get(`/klachten/${complaint.id}`)).res.status, 404);
      assert.equal((await boardClient.get('/klachten/nieuw')).res.status, 404);
      assert.match(textOf((await boardClient.get('/start')).html), /voorgelegd of overgedragen/);
      const anonymous = await client();
      assert.equal((await anonymous.request(`/klachten/${complaint.id}`)).status, 303, 'log in first');
    });

    it('performs actions from the dossier: success redirects with a confirmation; a guard failure shows the message at the field and keeps the input', async () => {
      const pc = await client();
      await pc.logIn(s51.coordinator.email, s51.coordinator.password);
      const res = await submitPublic(new PageClient(await testApp(ctx.database)), s51.org.slug, { ...STADSRING_OK, description: 'Een klacht om acties op te doen in de pagina-test.' });
      const reference = /ontvangen\/([\d-]+)/.exec(res.headers.get('location')!)![1]!;
      const { id } = await ctx.database.db.selectFrom('complaints').select('id').where('organisation_id', '=', s51.org.id).where('reference', '=', reference).executeTakeFirstOrThrow();

      let d = await pc.get(`/klachten/${id}`);
      assert.match(d.html, /action="\/klachten\/[^"]+\/acties\/acknowledge"/);
      assert.match(textOf(d.html), /Nu niet mogelijk/);
      assert.match(textOf(d.html), /Beslissing vastleggen\s*: Een beslissing kan pas als de klager gehoord is/);

      const ack = await pc.postForm(`/klachten/${id}/acties/acknowledge`, { _csrf: d.csrf, on: today });
      assert.equal(ack.status, 303);
      // The acknowledgement owes a letter (002 art. 6.3): the user goes on to the proposed letter (issue 9).
      assert.match(ack.headers.get('location')!, new RegExp(`^/klachten/${id}/brief/\\d+\\?gedaan=acknowledge$`));
      const compose = await pc.get(ack.headers.get('location')!);
      assert.match(textOf(compose.html), /Brief: Ontvangstbevestiging/);
      d = await pc.get(`/klachten/${id}?gedaan=acknowledge`);
      assert.match(textOf(d.html), /Gelukt: Ontvangstbevestiging vastleggen/);
      assert.doesNotMatch(d.html, /acties\/acknowledge"/, 'acknowledged once: the form is gone');

      const assign = await pc.postForm(`/klachten/${id}/acties/assign`, { _csrf: d.csrf, handlerUserId: s51.handler.user.id });
      assert.equal(assign.status, 303);

      const hearing = await pc.postForm(`/klachten/${id}/acties/record-hearing`, { _csrf: d.csrf, party: 'complainant', on: today, report: '' });
      assert.equal(hearing.status, 422);
      const html = await hearing.text();
      assert.match(fieldError(html, 'record-hearing-report') ?? '', /Schrijf een verslag van het horen/);
      assert.match(html, /href="#record-hearing-report"/, 'the summary links to the field');
      assert.match(html, /<details class="kw-action" id="actie-record-hearing" open/);
      assert.match(html, new RegExp(`id="record-hearing-on"[^>]*value="${today}"`));

      const decide = await pc.postForm(`/klachten/${id}/acties/decide`, { _csrf: d.csrf, outcome: 'not_upheld', reasoning: 'Er is geen bewijs gevonden voor de klacht.', externalBodyNamed: 'ja' });
      assert.equal(decide.status, 409);
      assert.match(textOf(await decide.text()), /gehoord/);

      const waive = await pc.postForm(`/klachten/${id}/acties/waive-hearing`, { _csrf: d.csrf, party: 'complainant', ground: 'manifestly_unfounded' });
      assert.equal(waive.status, 303);
      const decided = await pc.postForm(`/klachten/${id}/acties/decide`, { _csrf: d.csrf, outcome: 'not_upheld', reasoning: 'Er is geen bewijs gevonden voor de klacht.', measures: 'Afspraken beter vastleggen\nTeam informeren', externalBodyNamed: 'ja', form: 'written' });
      assert.equal(decided.status, 303);
      d = await pc.get(`/klachten/${id}`);
      const text = textOf(d.html);
      assert.match(text, /Afgehandeld/);
      assert.match(text, /Ongegrond/);
      assert.match(text, /Afspraken beter vastleggen; Team informeren/);
      assert.match(text, /Afzien van horen — De klager: de klacht is kennelijk ongegrond/);
      assert.match(text, /Test coordinator/, 'the history names who did it');
    });

    it('offers a delay notice in the unit of the decision term where the regulation sets no maximum (003: 5 werkdagen, not weeks)', async () => {
      const c = await registerComplaint(ctx.database.db, {
        organisationId: cbf.org.id,
        actor: await actorOf(ctx.database.db, cbf.coordinator),
        door: 'staff',
        input: { channel: 'phone', receivedOn: today, unitId: cbf.unit.id, description: 'De vrijwilligersvergoeding is niet betaald.', complainant: { relation: 'volunteer', name: 'Vera Vrijwilliger', email: 'vera@example.nl', phone: '06 12345678' } },
      });
      const pc = await client();
      await pc.logIn(cbf.coordinator.email, cbf.coordinator.password);
      const d = await pc.get(`/klachten/${c.id}`);
      const select = /<select[^>]*name="term\.unit"[^>]*>([\s\S]*?)<\/select>/.exec(d.html)?.[1] ?? '';
      assert.match(select, /<option value="workingDays" selected[^>]*>werkdagen<\/option>/);
    });

    it('downloads an attachment of a dossier the user may see, and not otherwise', async () => {
      const pub = new PageClient(await testApp(ctx.database));
      const res = await submitPublic(pub, s51.org.slug, STADSRING_OK, [new File(['Inhoud van de brief'], 'brief van mij.txt', { type: 'text/plain' })]);
      const reference = /ontvangen\/([\d-]+)/.exec(res.headers.get('location')!)![1]!;
      const { id } = await ctx.database.db.selectFrom('complaints').select('id').where('organisation_id', '=', s51.org.id).where('reference', '=', reference).executeTakeFirstOrThrow();
      const pc = await client();
      await pc.logIn(s51.coordinator.email, s51.coordinator.password);
      const d = await pc.get(`/klachten/${id}`);
      const href = /href="(\/klachten\/[^"]+\/bijlagen\/[^"]+)"/.exec(d.html)![1]!;
      const file = await pc.request(href);
      assert.equal(file.status, 200);
      assert.equal(await file.text(), 'Inhoud van de brief');
      assert.match(file.headers.get('content-disposition') ?? '', /^attachment;/);
      const other = await client();
      await other.logIn(s51.handler.email, s51.handler.password);
      assert.equal((await other.request(href)).status, 404);
    });
  });
});
