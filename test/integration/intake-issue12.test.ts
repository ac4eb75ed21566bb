import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { committeeFixture } from '../../src/domain/regulation/intake-fixture.ts';
import { activateRegulation } from '../../src/usecases/regulations/regulations.ts';
import { registerComplaint } from '../../src/usecases/complaints/register-complaint.ts';
import { forEachDatabase } from '../support/databases.ts';
import { makeOrganisation, makeUser } from '../support/factories.ts';
import { PageClient, testApp } from '../support/http.ts';

/**
 * Issue 12, lane intake: what the new format elements do on the intake forms. Who may complain for the client
 * (a nabestaande, a zaakwaarnemer …) and for whom, proof of capacity, the subjects that are not a complaint with
 * where to go instead (public form and staff registration), and the public regulation page with the committee,
 * mediation and own milestones. The regulation is the lane's fixture (stadsring51 plus every new element).
 */

const decode = (s: string) => s.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
const textOf = (html: string) => decode(html.replace(/<[^>]+>/g, ' ')).replace(/\s+/g, ' ');
const attr = (tag: string, name: string) => new RegExp(`\\s${name}="([^"]*)"`).exec(tag)?.[1];

/** The fields a browser sends from the page's last form without touching it. */
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

function form(fields: Record<string, string>): FormData {
  const fd = new FormData();
  for (const [k, v] of Object.entries(fields)) fd.append(k, v);
  return fd;
}

const fieldError = (html: string, field: string) => new RegExp(`id="${field.replace('.', '\\.')}-fout"[^>]*>([\\s\\S]*?)</div>`).exec(html)?.[1];

const OK = {
  description: 'Mijn moeder kreeg haar medicijnen steeds te laat.',
  'complainant.name': 'Anna de Vries',
  'complainant.postalAddress': 'Dorpsstraat 1, 1234 AB Ergens',
  signed: 'ja',
};

forEachDatabase('intake forms: who may complain for the client, and what is not a complaint (issue 12)', (ctx) => {
  let org: Awaited<ReturnType<typeof makeOrganisation>>;
  let open: Awaited<ReturnType<typeof makeOrganisation>>;
  let intake: Awaited<ReturnType<typeof makeUser>>;

  before(async () => {
    const db = ctx.database.db;
    org = await makeOrganisation(db, 'Stichting Voorbeeldzorg');
    open = await makeOrganisation(db, 'Stichting Openzorg');
    await db.transaction().execute((tx) => activateRegulation(tx, { organisationId: org.org.id, unitId: null, source: { document: committeeFixture() }, fills: {}, actorUserId: null }));
    await db.transaction().execute((tx) => activateRegulation(tx, { organisationId: open.org.id, unitId: null, source: { document: committeeFixture({ limited: false }) }, fills: {}, actorUserId: null }));
    intake = await makeUser(db, org.org.id, 'intake', { unitId: org.unit.id });
  });

  const client = async () => new PageClient(await testApp(ctx.database));
  const post = (pc: PageClient, slug: string, fields: Record<string, string>) => pc.request(`/${slug}/klacht`, { method: 'POST', body: form(fields) });

  describe('the public form', () => {
    it('shows, before the fields, what is not a complaint and where to go instead (a link)', async () => {
      const pc = await client();
      const { html } = await pc.get(`/${org.org.slug}/klacht`);
      const text = textOf(html);
      assert.match(text, /Waarvoor is dit formulier niet\? Deze onderwerpen behandelen wij niet als klacht \(artikel 2\.3\): Vragen over facturen en tarieven\. Neem contact op met de afdeling Financiën: Afdeling Financiën ?\./);
      assert.match(html, /<a class="utrecht-link" href="https:\/\/voorbeeldzorg\.nl\/facturen">Afdeling Financiën<\/a>/);
      assert.ok(html.indexOf('Waarvoor is dit formulier niet?') < html.indexOf('<form'), 'before the form');
    });

    it('asks "Ik dien de klacht in als …" with the new kinds, for whom, and tells that proof may be asked', async () => {
      const pc = await client();
      const { html } = await pc.get(`/${org.org.slug}/klacht`);
      const text = textOf(html);
      assert.match(text, /Ik dien de klacht in als …/);
      for (const label of ['Nabestaande van een overleden cliënt', 'Iemand die voor de cliënt optreedt zonder opdracht (zaakwaarnemer)', 'Wettelijk vertegenwoordiger', 'Iemand die de cliënt schriftelijk heeft gemachtigd']) {
        assert.ok(text.includes(label), label);
      }
      assert.match(html, /value="bereaved"/);
      assert.match(text, /Voor wie dient u de klacht in\?/);
      assert.match(text, /Bent u nabestaande\? Vul dan de naam van de overleden cliënt in\./);
      assert.match(text, /De klachtenfunctionaris kan vragen om een bewijs dat u namens die persoon optreedt, bijvoorbeeld een schriftelijke machtiging \(artikel 4\.5\)\./);
      assert.match(html, /value="other"/, 'limited: "Iets anders" is offered, and refused');
      const openForm = textOf((await pc.get(`/${open.org.slug}/klacht`)).html);
      assert.match(openForm, /Ik dien de klacht in als …/);
    });

    it('a nabestaande must name the deceased client (artikel 4.1d); the name is stored on the complaint and shown', async () => {
      const pc = await client();
      const start = fieldsOf((await pc.get(`/${org.org.slug}/klacht`)).html);
      const key = start['idempotencyKey']!;
      const missing = await post(pc, org.org.slug, { ...start, ...OK, 'complainant.relation': 'bereaved' });
      assert.equal(missing.status, 422);
      const missingHtml = await missing.text();
      assert.match(textOf(fieldError(missingHtml, 'complainant.onBehalfOf') ?? ''), /Vul de naam van de overleden cliënt in voor wie u de klacht indient \(artikel 4\.1d\)\./);
      assert.match(missingHtml, /value="Anna de Vries"/, 'keeps what was typed');

      const check = await post(pc, org.org.slug, { ...fieldsOf(missingHtml), 'complainant.onBehalfOf': 'Maria de Vries' });
      assert.equal(check.status, 200);
      const checkHtml = await check.text();
      assert.match(textOf(checkHtml), /Namens Maria de Vries/);
      assert.match(textOf(checkHtml), /Wie u bent Nabestaande van een overleden cliënt/);
      assert.equal((await post(pc, org.org.slug, fieldsOf(checkHtml))).status, 303);
      const row = await ctx.database.db.selectFrom('complaints').select(['id', 'complainant']).where('idempotency_key', 'like', `public:anonymous:${key}:%`).executeTakeFirstOrThrow();
      const who = (typeof row.complainant === 'string' ? JSON.parse(row.complainant) : row.complainant) as Record<string, unknown>;
      assert.equal(who['relation'], 'bereaved');
      assert.equal(who['onBehalfOf'], 'Maria de Vries');

      const coordinator = await makeUser(ctx.database.db, org.org.id, 'coordinator');
      const coord = new PageClient(await testApp(ctx.database));
      await coord.logIn(coordinator.email, coordinator.password);
      const dossier = textOf((await coord.get(`/klachten/${row.id}`)).html);
      assert.match(dossier, /Relatie Nabestaande van een overleden cliënt/i);
      assert.match(dossier, /Namens \(overleden cliënt\) Maria de Vries/);
    });

    it('where the regulation limits who may complain, anyone else is refused at the field (artikel 4.1); where not, no "Iets anders"', async () => {
      const pc = await client();
      const start = fieldsOf((await pc.get(`/${org.org.slug}/klacht`)).html);
      const other = await post(pc, org.org.slug, { ...start, ...OK, 'complainant.relation': 'other' });
      assert.equal(other.status, 422);
      const otherHtml = await other.text();
      assert.match(textOf(fieldError(otherHtml, 'complainant.relation') ?? ''), /alleen worden ingediend door .*een nabestaande van een overleden cliënt.* \(artikel 4\.1\)/);
      // The question's own text names them the same way (walkthrough: "door cliënt van …, ex-cliënt van …").
      const page = textOf(otherHtml);
      const said = /Volgens de klachtenregeling kan een klacht worden ingediend door (.*?) \(artikel 4\.1\)\./.exec(page)?.[1] ?? page.slice(page.indexOf('ingediend door'), page.indexOf('ingediend door') + 300);
      assert.match(said, /^een .* of (een|iemand|degene) /, said);
      assert.ok(textOf(otherHtml).includes(`alleen worden ingediend door ${said} (artikel 4.1)`), said);
      // The refusal names how to reach the organisation as its letters do: the letterhead first (walkthrough: the
      // demo's regulation has no contact of its own, so the refusal named nothing).
      await ctx.database.db.insertInto('letterheads').values({ organisation_id: org.org.id, email: 'klachten@voorbeeld.example', address_lines: 'Postbus 1\n7500 AA Enschede', updated_at: new Date() }).execute();
      try {
        const named = await post(pc, org.org.slug, { ...start, ...OK, 'complainant.relation': 'other' });
        assert.match(textOf(fieldError(await named.text(), 'complainant.relation') ?? ''), /Neem gerust contact met ons op via klachten@voorbeeld\.example of per post \(Postbus 1, 7500 AA Enschede\), dan kijken we samen wat we wel kunnen doen\./);
        await assert.rejects(
          registerComplaint(ctx.database.db, { organisationId: org.org.id, actor: null, door: 'public', input: { channel: 'web_form', subject: 'x', description: 'Een klacht van iemand anders.', signed: true, complainant: { name: 'A', email: 'a@example.nl', postalAddress: 'Straat 1, 1234 AB Plaats', relation: 'other' } } }),
          (e: Error & { fields?: { field: string; message: string }[] }) => {
            assert.match(JSON.stringify(e.fields ?? e.message), /contact met ons op via klachten@voorbeeld\.example/);
            return true;
          },
        );
      } finally {
        await ctx.database.db.deleteFrom('letterheads').where('organisation_id', '=', org.org.id).execute();
      }
      const openHtml = (await pc.get(`/${open.org.slug}/klacht`)).html;
      assert.doesNotMatch(openHtml, /name="complainant\.relation" value="other"|value="other"[^>]*name="complainant\.relation"/);
      // A zaakwaarnemer without limits still names the client.
      const zw = await post(pc, open.org.slug, { ...fieldsOf(openHtml), ...OK, 'complainant.relation': 'voluntary_agent' });
      assert.equal(zw.status, 422);
      assert.match(textOf(fieldError(await zw.text(), 'complainant.onBehalfOf') ?? ''), /Vul de naam van de cliënt in voor wie u de klacht indient \(artikel 4\.1e\)\./);
    });
  });

  describe('the staff registration form', () => {
    it('asks the same for whom and tells about proof; "geen klacht" lets staff pick the subject and shows where the person was sent', async () => {
      const pc = await client();
      await pc.logIn(intake.email, intake.password);
      const { html, csrf } = await pc.get('/klachten/nieuw');
      const text = textOf(html);
      assert.match(text, /De klager dient de klacht in als …/);
      assert.match(text, /Waar de persoon terecht kan: Vragen over facturen en tarieven: Neem contact op met de afdeling Financiën: Afdeling Financiën ?\./);
      assert.match(text, /Klaagt de klager voor iemand anders, dan kan de klachtenfunctionaris vragen om een bewijs/);
      const key = /name="idempotencyKey" value="([^"]+)"/.exec(html)![1]!;
      const made = await pc.request('/klachten/nieuw', {
        method: 'POST',
        body: form({ _csrf: csrf, idempotencyKey: key, kind: 'not_a_complaint', notComplaintKey: 'invoices', channel: 'phone', description: 'Belt over een factuur die te hoog lijkt.', 'complainant.name': 'Piet Bakker', 'complainant.phone': '06 12345678' }),
      });
      assert.equal(made.status, 303, textOf(await made.clone().text()).slice(0, 600));
      // The intake user may not see the dossier (need-to-know); the coordinator does.
      const reference = decodeURIComponent(/geregistreerd=([^&]+)/.exec(made.headers.get('location')!)![1]!);
      const row = await ctx.database.db.selectFrom('complaints').select(['id']).where('organisation_id', '=', org.org.id).where('reference', '=', reference).executeTakeFirstOrThrow();
      const coordinator = await makeUser(ctx.database.db, org.org.id, 'coordinator');
      const coord = new PageClient(await testApp(ctx.database));
      await coord.logIn(coordinator.email, coordinator.password);
      const dossier = textOf((await coord.get(`/klachten/${row.id}`)).html);
      assert.match(dossier, /Onderwerp dat geen klacht is vragen over facturen en tarieven/i);
      assert.match(dossier, /Doorverwezen naar Neem contact op met de afdeling Financiën – Afdeling Financiën – https:\/\/voorbeeldzorg\.nl\/facturen/);
    });
  });

  describe('the public regulation page', () => {
    it('publishes the committee, mediation first, where the decision term starts and the own milestones', async () => {
      const pc = await client();
      const { res, html } = await pc.get(`/${org.org.slug}/klachtenregeling`);
      assert.equal(res.status, 200);
      const text = textOf(html);
      for (const expected of [
        'De klachtencommissie',
        'De commissie heeft ten minste 3 leden.',
        'Eerst probeert de klachtenfunctionaris samen met u een oplossing te vinden (artikel 6.1).',
        'De termijn van 6 weken begint op de dag dat u om een oordeel vraagt',
        'Binnen 5 werkdagen nadat u om een oordeel hebt gevraagd, stuurt de klachtenfunctionaris uw klacht door naar de Klachtencommissie Voorbeeldzorg (artikel 7.2).',
        'Binnen 14 kalenderdagen na ontvangst van uw klacht',
        'We bewaren het klachtdossier ten minste 2 jaar',
      ]) {
        assert.ok(text.includes(expected), `missing: ${expected}`);
      }
    });
  });
});
