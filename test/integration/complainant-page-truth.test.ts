import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { intakeInputFromForm } from '../../src/http/routes/public-complaint.tsx';
import { issueComplainantLink } from '../../src/usecases/complainant-page/links.ts';
import { addComplainantInformation, withdrawByComplainant } from '../../src/usecases/complainant-page/actions.ts';
import { registerComplaint } from '../../src/usecases/complaints/register-complaint.ts';
import { forEachDatabase } from '../support/databases.ts';
import { makeOrganisationWithRegulation } from '../support/factories.ts';
import { PageClient, STADSRING_FORM_OK, testApp } from '../support/http.ts';

/**
 * What Mijn klacht and its link pages tell the complainant must be true: contact details where "neem contact op"
 * stands (the letterhead, else the regulation), or a way that exists; the link request's answer; no "Informatie
 * toevoegen" after withdrawing; the limits of a new complaint (002 art. 5.1b); the external body said once.
 */

const decode = (s: string) => s.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
const textOf = (html: string) => decode(html.replace(/<[^>]+>/g, ' ')).replace(/\s+/g, ' ');

forEachDatabase('complainant page tells only what is true', (ctx) => {
  let s51: Awaited<ReturnType<typeof makeOrganisationWithRegulation>>;
  before(async () => {
    s51 = await makeOrganisationWithRegulation(ctx.database.db, 'stadsring51');
  });
  const client = async () => new PageClient(await testApp(ctx.database));
  let n = 0;
  async function complaint() {
    const input = intakeInputFromForm({ ...STADSRING_FORM_OK, 'complainant.email': 'jan@example.nl', idempotencyKey: `mijn-truth-${++n}` }, 'public');
    const r = await registerComplaint(ctx.database.db, { organisationId: s51.org.id, actor: null, door: 'public', input });
    const link = await ctx.database.db.transaction().execute((tx) => issueComplainantLink(tx, { organisationId: s51.org.id, complaintId: r.id }));
    return { ...r, link };
  }

  describe('contact details', () => {
    it('without contact details nothing points nowhere; with the letterhead set, its e-mail, phone and address are shown', async () => {
      const db = ctx.database.db;
      const c = await complaint();
      const pc = await client();
      const bare = textOf(await (await pc.request(c.link.path)).text());
      assert.doesNotMatch(bare, /Neem contact op met [^.]*en noem uw kenmerk/);
      assert.match(bare, /Stel uw vraag dan hierboven bij 'Informatie toevoegen'/);
      const notFound = textOf(await (await pc.request(`/${s51.org.slug}/mijn-klacht/${'x'.repeat(43)}`)).text());
      assert.doesNotMatch(notFound, /Neem dan contact op met [^.]* en noem uw kenmerk\./);

      await db.insertInto('letterheads').values({ organisation_id: s51.org.id, email: 'klachten@stadsring51.example', phone: '053 123 45 67', address_lines: 'Postbus 1\n7500 AA Enschede', updated_at: new Date() }).execute();
      const page = textOf(await (await pc.request(c.link.path)).text());
      assert.match(page, /via klachten@stadsring51\.example of via 053 123 45 67, of schrijf naar Postbus 1, 7500 AA Enschede\. Noem dan uw kenmerk\./);
      const notFound2 = textOf(await (await pc.request(`/${s51.org.slug}/mijn-klacht/${'x'.repeat(43)}`)).text());
      assert.match(notFound2, /klachten@stadsring51\.example/);
      await db.deleteFrom('letterheads').where('organisation_id', '=', s51.org.id).execute();
    });
  });

  describe('the link request', () => {
    it('the form has novalidate and a real kenmerk example; the answer does not claim an unknown address', async () => {
      const pc = await client();
      const form = await pc.get(`/${s51.org.slug}/mijn-klacht`);
      assert.match(form.html, /<form method="post" action="\/[^"]+\/mijn-klacht" class="kw-form" novalidate/);
      assert.match(textOf(form.html), /Bijvoorbeeld \d{4}-\d{4}\./);
      const sent = await pc.request(`/${s51.org.slug}/mijn-klacht`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ _csrf: form.csrf, email: 'iemand@example.nl', reference: '2026-9999' }).toString() });
      const text = textOf(await sent.text());
      assert.doesNotMatch(text, /Dan kennen wij dit e-mailadres niet/);
      assert.match(text, /Misschien is het e-mailadres of het kenmerk anders dan bij uw klacht, of kon de e-mail niet worden verstuurd\./);
    });
  });

  describe('after withdrawing', () => {
    it('no "Informatie toevoegen" (and the use case refuses it); a new complaint is described with the one-year limit of art. 5.1b', async () => {
      const db = ctx.database.db;
      const c = await complaint();
      const target = { organisationId: s51.org.id, complaintId: c.id, linkId: 'test' };
      const pc = await client();
      const confirm = textOf(await (await pc.request(`${c.link.path}/intrekken`)).text());
      assert.match(confirm, /Dat kan met een nieuwe klacht\. Wij nemen die niet in behandeling als wat er gebeurde langer dan één jaar vóór de nieuwe klacht was \(artikel 5\.1b\)\./);
      await withdrawByComplainant(db, target, {});
      const html = await (await pc.request(c.link.path)).text();
      assert.doesNotMatch(html, /Informatie toevoegen|\/informatie#toevoegen/);
      assert.doesNotMatch(textOf(html), /Dat kan altijd met een nieuwe klacht/);
      assert.match(textOf(html), /artikel 5\.1b/);
      await assert.rejects(addComplainantInformation(db, target, { text: 'Toch nog iets.' }), (e: Error & { code?: string }) => e.code === 'invalid_transition');
    });
  });
});
