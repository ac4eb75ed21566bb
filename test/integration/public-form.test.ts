import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { listComplaints } from '../../src/usecases/complaints/list-complaints.ts';
import { deleteExpiredUploads, formKeyHash, holdUploads, pendingUploadContents, pendingUploads } from '../../src/usecases/complaints/pending-uploads.ts';
import { activateRegulation } from '../../src/usecases/regulations/regulations.ts';
import { createUnit } from '../../src/usecases/units/units.ts';
import { ADOPTION_FILLS } from '../../src/domain/regulation/test-support.ts';
import { forEachDatabase } from '../support/databases.ts';
import { actorOf, makeOrganisationWithRegulation } from '../support/factories.ts';
import { PageClient, STADSRING_FORM_OK, testApp } from '../support/http.ts';

/**
 * The public form never loses what was given (issue 8): files are held against the form's key across an
 * error and attached once; an expired token brings the form back filled in and sends nothing; the unit comes
 * first (its regulation decides the questions), "Weet ik niet" files the complaint for triage; and every
 * complaint is checked by the complainant before it is sent.
 */

const decode = (s: string) => s.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
const textOf = (html: string) => decode(html.replace(/<[^>]+>/g, ' ')).replace(/\s+/g, ' ');
const attr = (tag: string, name: string) => new RegExp(`\\s${name}="([^"]*)"`).exec(tag)?.[1];

/** The fields a browser would send from the page's (last) form without touching it: hidden inputs, checked boxes, filled fields. */
function fieldsOf(html: string): Record<string, string> {
  const formHtml = html.slice(html.lastIndexOf('<form'));
  const out: Record<string, string> = {};
  for (const [tag] of formHtml.matchAll(/<input\b[^>]*>/g)) {
    const name = attr(tag, 'name');
    const type = attr(tag, 'type') ?? 'text';
    if (!name || type === 'file') continue;
    if ((type === 'checkbox' || type === 'radio') && !/\schecked(=|\s|>|\/)/.test(tag)) continue;
    out[name] = decode(attr(tag, 'value') ?? '');
  }
  for (const m of formHtml.matchAll(/<textarea\b[^>]*name="([^"]+)"[^>]*>([\s\S]*?)<\/textarea>/g)) out[m[1]!] = decode(m[2]!);
  return out;
}

function form(fields: Record<string, string | string[]>, files: File[] = []): FormData {
  const fd = new FormData();
  for (const [k, v] of Object.entries(fields)) for (const one of Array.isArray(v) ? v : [v]) fd.append(k, one);
  for (const f of files) fd.append('attachments', f);
  return fd;
}

const pdf = (name: string) => new File([new TextEncoder().encode(`%PDF-1.4 ${name}`)], name, { type: 'application/pdf' });
const txt = (name: string, body = 'Mijn brief aan u.') => new File([body], name, { type: 'text/plain' });

const S51_OK = STADSRING_FORM_OK;

forEachDatabase('public form: nothing given is lost', (ctx) => {
  let s51: Awaited<ReturnType<typeof makeOrganisationWithRegulation>>;
  let cbf: Awaited<ReturnType<typeof makeOrganisationWithRegulation>>;
  let west: { id: string; name: string };
  let zorg: { id: string; name: string };

  before(async () => {
    const db = ctx.database.db;
    s51 = await makeOrganisationWithRegulation(db, 'stadsring51');
    cbf = await makeOrganisationWithRegulation(db, 'cbf-template', ADOPTION_FILLS['cbf-template']);
    // cbf: three units; "Zorg" runs a regulation of its own (stadsring51: signed, postal address required).
    west = await db.transaction().execute((tx) => createUnit(tx, cbf.org.id, { name: 'Werkmaatschappij West' }, null));
    zorg = await db.transaction().execute((tx) => createUnit(tx, cbf.org.id, { name: 'Afdeling Zorg' }, null));
    await db.transaction().execute((tx) => activateRegulation(tx, { organisationId: cbf.org.id, unitId: zorg.id, source: { preset: 'stadsring51' }, fills: {}, actorUserId: null }));
  });

  const client = async () => new PageClient(await testApp(ctx.database));
  const post = (pc: PageClient, slug: string, fields: Record<string, string | string[]>, files: File[] = []) => pc.request(`/${slug}/klacht`, { method: 'POST', body: form(fields, files) });
  const complaintsWithKey = async (key: string) =>
    ctx.database.db.selectFrom('complaints').select(['id', 'unit_id', 'unit_unknown', 'reference']).where('idempotency_key', 'like', `public:anonymous:${key}:%`).execute(); // scoped by the submission (issue 11)
  const attachmentsOf = async (complaintId: string) =>
    ctx.database.db.selectFrom('complaint_attachments').select(['filename', 'content_type', 'size']).where('complaint_id', '=', complaintId).orderBy('filename').execute();
  const pendingCount = async (orgId: string, key: string) =>
    Number((await ctx.database.db.selectFrom('pending_uploads').select((eb) => eb.fn.countAll<number>().as('n')).where('form_key_hash', '=', formKeyHash(orgId, key)).executeTakeFirstOrThrow()).n);

  describe('attachments are kept across a form error', () => {
    it('holds the files at the first error, shows them as "al toegevoegd", and attaches them once on sending', async () => {
      const pc = await client();
      const first = await pc.get(`/${s51.org.slug}/klacht`);
      const start = fieldsOf(first.html);
      assert.equal(start['stap'], 'controleren');
      const key = start['idempotencyKey']!;
      const { 'complainant.name': _name, ...noName } = S51_OK;
      const error = await post(pc, s51.org.slug, { ...start, ...noName }, [pdf('scan.pdf'), txt('brief.txt')]);
      assert.equal(error.status, 422);
      const errorHtml = await error.text();
      assert.match(textOf(errorHtml), /Vul uw naam in/);
      assert.match(textOf(errorHtml), /Al toegevoegd/);
      assert.match(textOf(errorHtml), /Verwijderen: scan\.pdf/);
      assert.match(textOf(errorHtml), /Verwijderen: brief\.txt/);
      assert.doesNotMatch(textOf(errorHtml), /Kies de bijlagen opnieuw/);
      assert.equal(await pendingCount(s51.org.id, key), 2);
      assert.equal((await complaintsWithKey(key)).length, 0, 'nothing stored as a complaint');

      // The corrected form, without choosing the files again: the check step lists them.
      const check = await post(pc, s51.org.slug, { ...fieldsOf(errorHtml), 'complainant.name': 'Jan Jansen' });
      assert.equal(check.status, 200);
      const checkHtml = await check.text();
      assert.match(textOf(checkHtml), /Controleer uw klacht/);
      assert.match(textOf(checkHtml), /scan\.pdf/);
      assert.match(textOf(checkHtml), /brief\.txt/);
      assert.equal((await complaintsWithKey(key)).length, 0, 'the check step stores nothing');

      const sendFields = fieldsOf(checkHtml);
      assert.equal(sendFields['stap'], 'versturen');
      const [a, b] = await Promise.all([post(pc, s51.org.slug, sendFields), post(pc, s51.org.slug, sendFields)]);
      const again = await post(pc, s51.org.slug, sendFields);
      for (const r of [a, b, again]) assert.equal(r.status, 303);
      assert.equal(a.headers.get('location'), again.headers.get('location'));
      const rows = await complaintsWithKey(key);
      assert.equal(rows.length, 1, 'one complaint');
      assert.deepEqual((await attachmentsOf(rows[0]!.id)).map((x) => x.filename), ['brief.txt', 'scan.pdf'], 'each file attached once');
      assert.equal(await pendingCount(s51.org.id, key), 0, 'the held files became attachments');
      const receipt = await pc.get(a.headers.get('location')!);
      assert.equal(receipt.res.status, 200);
      assert.match(textOf(receipt.html), new RegExp(`Uw kenmerk is ${rows[0]!.reference}`));
    });

    it('removes a held file on request (a checkbox, no JavaScript), and only that one', async () => {
      const pc = await client();
      const start = fieldsOf((await pc.get(`/${s51.org.slug}/klacht`)).html);
      const key = start['idempotencyKey']!;
      const held = await post(pc, s51.org.slug, { ...start, description: 'kort' }, [txt('een.txt'), txt('twee.txt')]);
      assert.equal(held.status, 422);
      const pending = await pendingUploads(ctx.database.db, s51.org.id, key);
      assert.deepEqual(pending.map((p) => p.filename), ['een.txt', 'twee.txt']);
      const removed = await post(pc, s51.org.slug, { ...fieldsOf(await held.text()), ...S51_OK, verwijderBijlage: pending[0]!.id });
      assert.equal(removed.status, 200);
      const html = await removed.text();
      assert.doesNotMatch(textOf(html), /een\.txt/);
      assert.match(textOf(html), /twee\.txt/);
      const done = await post(pc, s51.org.slug, fieldsOf(html));
      assert.equal(done.status, 303);
      assert.deepEqual((await attachmentsOf((await complaintsWithKey(key))[0]!.id)).map((x) => x.filename), ['twee.txt']);
    });

    it('applies the limits to the held files and the new ones together', async () => {
      const pc = await client();
      const start = fieldsOf((await pc.get(`/${s51.org.slug}/klacht`)).html);
      const key = start['idempotencyKey']!;
      await post(pc, s51.org.slug, { ...start, description: 'kort' }, [txt('1.txt'), txt('2.txt'), txt('3.txt')]);
      const tooMany = await post(pc, s51.org.slug, { ...start, ...S51_OK }, [txt('4.txt'), txt('5.txt'), txt('6.txt')]);
      assert.equal(tooMany.status, 422);
      assert.match(textOf(await tooMany.text()), /hoogstens 5 bestanden/);
      assert.equal(await pendingCount(s51.org.id, key), 3, 'the new files are refused, the held ones stay');
      const wrong = await post(pc, s51.org.slug, { ...start, ...S51_OK }, [new File(['MZ'], 'virus.exe', { type: 'application/x-msdownload' })]);
      assert.equal(wrong.status, 422);
      assert.match(textOf(await wrong.text()), /"virus\.exe" heeft een soort die we niet aannemen/);
      assert.equal(await pendingCount(s51.org.id, key), 3);
    });

    it('expired files are not attached (and are cleaned up); another form key or organisation cannot read them', async () => {
      const db = ctx.database.db;
      const pc = await client();
      const start = fieldsOf((await pc.get(`/${s51.org.slug}/klacht`)).html);
      const key = start['idempotencyKey']!;
      assert.deepEqual(await holdUploads(db, s51.org.id, key, [{ filename: 'oud.txt', contentType: 'text/plain', data: new TextEncoder().encode('oud') }]), []);
      assert.equal((await pendingUploads(db, s51.org.id, key)).length, 1);
      assert.deepEqual(await pendingUploads(db, s51.org.id, 'een-andere-sleutel-12345'), [], 'another key sees nothing');
      assert.deepEqual(await pendingUploads(db, cbf.org.id, key), [], 'the same key in another organisation sees nothing');
      assert.deepEqual(await pendingUploadContents(db, cbf.org.id, key), []);
      const stored = await db.selectFrom('pending_uploads').select(['form_key_hash']).where('form_key_hash', '=', formKeyHash(s51.org.id, key)).execute();
      assert.ok(stored.every((r) => !r.form_key_hash.includes(key)), 'the key itself is not stored');

      // Another browser with another form key does not see or send them.
      const other = await client();
      const otherStart = fieldsOf((await other.get(`/${s51.org.slug}/klacht`)).html);
      const otherCheck = await post(other, s51.org.slug, { ...otherStart, ...S51_OK });
      assert.doesNotMatch(textOf(await otherCheck.text()), /oud\.txt/);

      // 25 hours later: expired, not shown, not attached, deleted by the next post.
      const later = new Date(Date.now() + 25 * 3600_000);
      assert.deepEqual(await pendingUploads(db, s51.org.id, key, later), []);
      await db.updateTable('pending_uploads').set({ expires_at: new Date(Date.now() - 1000) }).where('form_key_hash', '=', formKeyHash(s51.org.id, key)).execute();
      const check = await post(pc, s51.org.slug, { ...start, ...S51_OK });
      const checkHtml = await check.text();
      assert.doesNotMatch(textOf(checkHtml), /oud\.txt/);
      assert.equal(await pendingCount(s51.org.id, key), 0, 'expired uploads are deleted on the next post');
      assert.equal((await post(pc, s51.org.slug, fieldsOf(checkHtml))).status, 303);
      assert.deepEqual(await attachmentsOf((await complaintsWithKey(key))[0]!.id), []);
      assert.equal(await deleteExpiredUploads(db), 0);
    });
  });

  describe('an expired or missing form cookie', () => {
    it('brings the form back filled in with the held files, stores nothing, and sends with one click', async () => {
      const pc = await client();
      const start = fieldsOf((await pc.get(`/${s51.org.slug}/klacht`)).html);
      const key = start['idempotencyKey']!;
      // The browser lost its cookie (closed, expired): a new browser posts the old page's token.
      const fresh = await client();
      const back = await post(fresh, s51.org.slug, { ...start, ...S51_OK, 'complainant.email': 'jan@example.nl', stap: 'versturen' }, [pdf('bewijs.pdf')]);
      assert.equal(back.status, 200);
      const html = await back.text();
      assert.match(textOf(html), /Uw formulier was verlopen\. Er is nog niets verstuurd\. Controleer uw gegevens en klik op Klacht versturen\./);
      assert.equal((await complaintsWithKey(key)).length, 0, 'nothing stored from a post without a valid token');
      const fields = fieldsOf(html);
      assert.equal(fields['complainant.name'], 'Jan Jansen', 'all fields come back');
      assert.equal(fields['complainant.postalAddress'], S51_OK['complainant.postalAddress']);
      assert.equal(fields['complainant.email'], 'jan@example.nl');
      assert.equal(fields['description'], S51_OK.description);
      assert.equal(fields['signed'], 'ja');
      assert.equal(fields['idempotencyKey'], key, 'the same form key');
      assert.notEqual(fields['_csrf'], start['_csrf'], 'a fresh token');
      assert.match(textOf(html), /bewijs\.pdf/, 'the file of that request is held');

      const sent = await post(fresh, s51.org.slug, fields);
      assert.equal(sent.status, 303, 'one click sends');
      assert.equal((await post(fresh, s51.org.slug, fields)).status, 303);
      const rows = await complaintsWithKey(key);
      assert.equal(rows.length, 1, 'exactly one complaint');
      assert.deepEqual((await attachmentsOf(rows[0]!.id)).map((a) => a.filename), ['bewijs.pdf']);
    });

    it('without any token, the form comes back with its errors and the notice; a wrong token never stores', async () => {
      const pc = await client();
      const start = fieldsOf((await pc.get(`/${s51.org.slug}/klacht`)).html);
      const { _csrf: _t, ...noToken } = start;
      const res = await post(pc, s51.org.slug, { ...noToken, description: 'kort', 'complainant.name': 'Piet' }, [txt('notitie.txt')]);
      assert.equal(res.status, 422);
      const html = await res.text();
      assert.match(textOf(html), /Uw formulier was verlopen/);
      assert.match(textOf(html), /minstens 10 tekens/);
      assert.match(html, /value="Piet"/);
      assert.match(textOf(html), /Al toegevoegd.*notitie\.txt/);
      // A forged send (valid data, wrong token) is never stored, even with the last step's name.
      const forged = await post(pc, s51.org.slug, { ...noToken, ...S51_OK, _csrf: 'vals', stap: 'versturen' });
      assert.equal(forged.status, 200);
      assert.equal((await complaintsWithKey(start['idempotencyKey']!)).length, 0);
      // Other forms still refuse a post without a token.
      assert.equal((await pc.request('/inloggen', { method: 'POST', body: form({ email: 'a@b.nl', password: 'x' }) })).status, 403);
    });
  });

  describe('the unit first, and "Weet ik niet"', () => {
    it('asks the unit first where there are several, then the questions of that unit\'s regulation', async () => {
      const pc = await client();
      const first = await pc.get(`/${cbf.org.slug}/klacht`);
      assert.equal(first.res.status, 200);
      const text = textOf(first.html);
      assert.match(text, /Over welke .* gaat uw klacht\?/);
      for (const name of [cbf.unit.name, west.name, zorg.name, 'Weet ik niet']) assert.ok(text.includes(name), name);
      assert.match(first.html, /name="eenheid"/);
      assert.doesNotMatch(first.html, /name="description"/, 'no questions before the unit is known');

      // cbf-template (003 bijlage 1): name, e-mail and phone asked, none required (one way to reach), no signature; stadsring51 for Zorg: signature and postal address.
      const westForm = await pc.get(`/${cbf.org.slug}/klacht?eenheid=${west.id}`);
      assert.doesNotMatch(westForm.html, /name="signed"/);
      assert.match(textOf(westForm.html), /Uw klacht gaat over: Werkmaatschappij West/);
      const zorgForm = await pc.get(`/${cbf.org.slug}/klacht?eenheid=${zorg.id}`);
      assert.match(zorgForm.html, /name="signed"/);
      assert.match(zorgForm.html, /for="complainant\.postalAddress"[^>]*>[^<]*<\/label>/, 'the postal address is required (no "niet verplicht")');

      const refused = await pc.get(`/${cbf.org.slug}/klacht?eenheid=`);
      assert.equal(refused.res.status, 422);
      assert.match(textOf(refused.html), /of kies "Weet ik niet"/);
      // "Verder" with nothing chosen: a browser sends only the form's hidden field (found walking the demo: the page
      // came back without a message).
      assert.match(first.html, /<input type="hidden" name="stap" value="eenheid"/);
      const nothingChosen = await pc.get(`/${cbf.org.slug}/klacht?stap=eenheid`);
      assert.equal(nothingChosen.res.status, 422);
      assert.match(textOf(nothingChosen.html), /Kies een .*, of kies "Weet ik niet"/);
    });

    it('"Andere keuze" keeps everything typed and the held files, and the form then follows the new unit', async () => {
      const pc = await client();
      const start = fieldsOf((await pc.get(`/${cbf.org.slug}/klacht?eenheid=${west.id}`)).html);
      const key = start['idempotencyKey']!;
      const toUnit = await post(pc, cbf.org.slug, { ...start, description: 'Niemand belt terug over mijn rekening.', wijzig: 'eenheid' }, [txt('rekening.txt')]);
      assert.equal(toUnit.status, 200);
      const unitHtml = await toUnit.text();
      const carried = fieldsOf(unitHtml);
      assert.equal(carried['description'], 'Niemand belt terug over mijn rekening.');
      assert.equal(carried['unitId'], west.id, 'the current answer is checked');
      const zorgForm = await post(pc, cbf.org.slug, { ...carried, unitId: zorg.id });
      assert.equal(zorgForm.status, 200);
      const html = await zorgForm.text();
      assert.match(html, /name="signed"/, "now the Zorg unit's regulation asks for a signature");
      assert.match(html, />Niemand belt terug over mijn rekening\.<\/textarea>/);
      assert.match(textOf(html), /rekening\.txt/);
      assert.equal(await pendingCount(cbf.org.id, key), 1);
    });

    it('"Weet ik niet" files the complaint at the triage unit, marked; the coordinator sees "Nog geen eenheid"; setting the unit clears it', async () => {
      const db = ctx.database.db;
      const pc = await client();
      const formPage = await pc.get(`/${cbf.org.slug}/klacht?eenheid=onbekend`);
      assert.equal(formPage.res.status, 200);
      assert.match(textOf(formPage.html), /Uw klacht gaat over: Weet ik niet/);
      const start = fieldsOf(formPage.html);
      assert.equal(start['unitId'], 'onbekend');
      const key = start['idempotencyKey']!;
      const check = await post(pc, cbf.org.slug, { ...start, description: 'Ik weet niet bij wie ik moet zijn, maar het ging mis.', 'complainant.name': 'An', 'complainant.email': 'an@example.nl', 'complainant.phone': '06 12345678' });
      assert.equal(check.status, 200);
      const checkHtml = await check.text();
      assert.match(textOf(checkHtml), /Weet ik niet/);
      assert.equal((await post(pc, cbf.org.slug, fieldsOf(checkHtml))).status, 303);
      const [row] = await complaintsWithKey(key);
      assert.ok(row);
      assert.equal(row.unit_unknown, true);
      assert.equal(row.unit_id, cbf.unit.id, 'the first top-level unit is the triage unit');
      const event = await db.selectFrom('complaint_events').select(['data']).where('complaint_id', '=', row.id).where('seq', '=', 1).executeTakeFirstOrThrow();
      assert.equal((event.data as Record<string, unknown>)['unitUnknown'], true, 'the history says the unit was not known');

      const coordinator = await actorOf(db, cbf.coordinator);
      const list = await listComplaints(db, coordinator, {});
      assert.equal(list.items.find((i) => i.id === row.id)?.unitUnknown, true);
      const staff = await client();
      await staff.logIn(cbf.coordinator.email, cbf.coordinator.password);
      const listPage = await staff.get('/klachten');
      assert.match(textOf(listPage.html), new RegExp(`${row.reference}.*Nog geen eenheid`));
      const dossier = await staff.get(`/klachten/${row.id}`);
      assert.match(textOf(dossier.html), /Nog geen eenheid: de klager wist het niet/);
      // The coordinator finds the complaints waiting for a unit with one filter.
      const waiting = await listComplaints(db, coordinator, { unitUnknown: 'true' });
      assert.deepEqual(waiting.items.map((i) => i.id), [row.id]);
      assert.ok(!(await listComplaints(db, coordinator, { unitUnknown: 'false' })).items.some((i) => i.id === row.id));
      const filtered = await staff.get('/klachten?unitUnknown=ja');
      assert.match(textOf(filtered.html), new RegExp(row.reference));

      await db.updateTable('complaints').set({ unit_id: west.id }).where('id', '=', row.id).execute();
      const after = await db.selectFrom('complaints').select(['unit_unknown']).where('id', '=', row.id).executeTakeFirstOrThrow();
      assert.equal(after.unit_unknown, false, 'setting the unit clears the mark');
    });

    it('with one unit no unit question is asked, and "onbekend" means nothing there', async () => {
      const pc = await client();
      const { html } = await pc.get(`/${s51.org.slug}/klacht?eenheid=onbekend`);
      assert.doesNotMatch(html, /Uw klacht gaat over/);
      assert.doesNotMatch(html, /name="unitId"/);
    });
  });

  describe('check your answers', () => {
    it('shows every answer with "Wijzigen"; changing one keeps everything; only "Klacht versturen" stores', async () => {
      const pc = await client();
      const start = fieldsOf((await pc.get(`/${s51.org.slug}/klacht`)).html);
      const key = start['idempotencyKey']!;
      const check = await post(pc, s51.org.slug, { ...start, ...S51_OK, subject: 'Gemiste afspraak' }, [txt('brief.txt')]);
      assert.equal(check.status, 200);
      const html = await check.text();
      const text = textOf(html);
      for (const shown of ['Gemiste afspraak', 'Jan Jansen', 'Dorpsstraat 1, 1234 AB Ergens', 'brief.txt', 'Ondertekend Ja', 'Klacht versturen']) assert.ok(text.includes(shown), shown);
      assert.match(text, /E-mailadres Niet ingevuld/);
      assert.match(html, /name="wijzig" value="complainant\.email" formaction="\/[^"]+\/klacht#complainant\.email"/);
      assert.equal((await complaintsWithKey(key)).length, 0);

      const change = await post(pc, s51.org.slug, { ...fieldsOf(html), wijzig: 'complainant.email' });
      assert.equal(change.status, 200);
      const formHtml = await change.text();
      assert.doesNotMatch(formHtml, /id="foutmeldingen"/, 'no errors shown when coming back to change');
      assert.match(formHtml, /value="Jan Jansen"/);
      assert.match(formHtml, />Gemiste afspraak|value="Gemiste afspraak"/);
      assert.match(textOf(formHtml), /Al toegevoegd.*brief\.txt/);
      const again = await post(pc, s51.org.slug, { ...fieldsOf(formHtml), 'complainant.email': 'jan@example.nl' });
      const againHtml = await again.text();
      assert.match(textOf(againHtml), /jan@example\.nl/);
      assert.equal((await post(pc, s51.org.slug, fieldsOf(againHtml))).status, 303);
      const rows = await complaintsWithKey(key);
      assert.equal(rows.length, 1);
      assert.deepEqual((await attachmentsOf(rows[0]!.id)).map((a) => a.filename), ['brief.txt']);
    });
  });
});
