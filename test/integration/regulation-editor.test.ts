import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { adoptPreset, isTermRule } from '../../src/domain/regulation/index.ts';
import { getPreset } from '../../src/regulations/library.ts';
import { editorValues, termAmountField } from '../../src/domain/regulation/edit.ts';
import { activateRegulation, activeRegulation, listRegulationVersions } from '../../src/usecases/regulations/regulations.ts';
import { forEachDatabase } from '../support/databases.ts';
import { actorOf, makeOrganisation, makeUser } from '../support/factories.ts';
import { CBF_FILLS } from '../../src/domain/workflow/test-support.ts';
import { startReview } from '../../src/usecases/regulations/review.ts';
import { PageClient, testApp } from '../support/http.ts';

/** The editor for a non-technical admin (issue 12): fields per part, fills carried over, the difference, the text file. */

const EDITOR = '/beheer/klachtenregeling/nieuw';

/** The fills the lentl voorbeeldregeling (004) needs. */
const LENTL_FILLS = {
  channels: 'web_form,email,phone',
  acknowledgement_term: '5 werkdagen',
  inadmissibility_term: 'geen',
  decision_term: '6 weken',
  complaint_mailbox: 'klachten@werkmaatschappij.nl',
  okc_contact: 'Onafhankelijke Klachtencommissie, Postbus 1, 1000 AA Amsterdam',
  client_file_retention: '15 jaar',
  adopted_by: 'de directie van de werkmaatschappij',
  adopted_date: '2024-06-01',
};

function post(client: PageClient, fields: [string, string][]) {
  return client.request(EDITOR, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(fields).toString() });
}

function fieldError(html: string, name: string): string | undefined {
  const m = new RegExp(`id="${name.replace(/\./g, '\\.')}-fout"[^>]*>([\\s\\S]*?)</div>`).exec(html);
  return m?.[1]?.replace(/<[^>]+>/g, '');
}

/** The form's field values as a browser posts them. */
function asFields(values: Record<string, string | string[] | undefined>): [string, string][] {
  const out: [string, string][] = [];
  for (const [k, v] of Object.entries(values)) for (const one of Array.isArray(v) ? v : v === undefined || v === '' ? [] : [v]) out.push([k, one]);
  return out;
}

/** The visible text of a page: no tags, no attribute values, no script. */
function visibleText(html: string): string {
  return html
    .replace(/<script[\s\S]*?<\/script>/g, ' ')
    .replace(/<textarea[\s\S]*?<\/textarea>/g, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&[a-z]+;|&#\d+;/g, ' ');
}

/** Internal words no page may show (issue 12). "API-sleutels" names the API-key page (a thing users make and hold), not an internal word. */
const INTERNAL = /\b(seed|seeds|preset|presets|sleutel|sleutels|web_form|in_person|workingDays|notPrescribed)\b|\b(deadlines|intake|metadata)\.[a-z]/i;

function assertNoInternalWords(html: string, page: string): void {
  const text = visibleText(html).replace(/API-sleutels?/g, '');
  const m = INTERNAL.exec(text);
  assert.equal(m, null, `${page} shows an internal word: "${m?.[0]}" in "…${m ? text.slice(Math.max(0, m.index - 60), m.index + 60) : ''}…"`);
}

forEachDatabase('regulation editor', (ctx) => {
  let org: Awaited<ReturnType<typeof makeOrganisation>>;
  let admin: Awaited<ReturnType<typeof makeUser>>;

  before(async () => {
    org = await makeOrganisation(ctx.database.db, 'Stichting Editortest');
    admin = await makeUser(ctx.database.db, org.org.id, 'admin');
  });

  async function adminClient() {
    const client = new PageClient(await testApp(ctx.database));
    assert.equal((await client.logIn(admin.email, admin.password)).status, 303);
    return client;
  }

  describe('fields per part', () => {
    it('chooses a voorbeeldregeling, saves from the fields with errors at the fields, and activates it without typing a text file', async () => {
      const client = await adminClient();
      const editor = await client.get(EDITOR);
      assert.equal(editor.res.status, 200);
      assertNoInternalWords(editor.html, 'the editor');
      assert.ok(editor.html.includes('Geavanceerd: de regeling als tekstbestand (YAML)'));
      assert.ok(editor.html.includes('Klachtenregeling voor cliënten Stadsring51'), 'the list names each voorbeeldregeling');
      assert.ok(editor.html.includes('beslistermijn: 8 weken'), 'with its main terms in Dutch');

      const chosen = await post(client, [['_csrf', editor.csrf], ['unitId', ''], ['bron', 'preset'], ['preset', 'stadsring51'], ['actie', 'kies']]);
      assert.equal(chosen.status, 200);
      const chosenHtml = await chosen.text();
      assert.match(chosenHtml, /name="veldenVan" value="preset:stadsring51"/);
      // 002 art. 6.8: eight weeks, shown as a number and a unit.
      assert.match(chosenHtml, /id="veld\.termijn\.decision\.aantal"[^>]*value="8"/);
      assert.match(chosenHtml, /<option value="weeks" selected/);
      assert.match(chosenHtml, /id="veld\.kanalen[^"]*"[^>]*value="letter"[^>]*checked/, 'channels as checkboxes');
      assert.ok(chosenHtml.includes('per e-mail'), 'with their Dutch labels');

      const reg = adoptPreset(getPreset('stadsring51')!.build(), getPreset('stadsring51')!.organisationNames, 'Stichting Editortest');
      const values = editorValues(reg);
      const common: [string, string][] = [['_csrf', editor.csrf], ['unitId', ''], ['bron', 'preset'], ['preset', 'stadsring51'], ['veldenVan', 'preset:stadsring51'], ['voorbeelddatum', '2026-03-30']];

      // A term typed as a word: the message at the field, what was typed kept, nothing activated.
      const bad = await post(client, [...common, ...asFields({ ...values, [termAmountField('decision')]: 'acht', 'veld.kanalen': [] }), ['actie', 'activeren']]);
      assert.equal(bad.status, 422);
      const badHtml = await bad.text();
      assert.match(fieldError(badHtml, termAmountField('decision')) ?? '', /heel getal/);
      assert.match(fieldError(badHtml, 'veld.kanalen') ?? '', /ten minste één manier/);
      assert.match(badHtml, /id="veld\.termijn\.decision\.aantal"[^>]*value="acht"/, 'what was typed is kept');
      assertNoInternalWords(badHtml, 'the editor with errors');
      assert.equal((await listRegulationVersions(ctx.database.db, org.org.id)).length, 0);

      // Six weeks and e-mail as a new channel: the preview shows the text with the new term.
      const edited = { ...values, [termAmountField('decision')]: '6', 'veld.kanalen': [...(values['veld.kanalen'] as string[]), 'email'] };
      const preview = await post(client, [...common, ...asFields(edited), ['actie', 'voorbeeld']]);
      assert.equal(preview.status, 200);
      const previewHtml = await preview.text();
      assert.ok(previewHtml.includes('Er geldt nog geen versie: dit wordt de eerste.'));
      // Received Monday 30 March 2026 + 6 weeks = Monday 11 May 2026 (no holiday on it).
      assert.ok(previewHtml.includes('<time datetime="2026-05-11">'), 'the due date follows the six weeks');
      assertNoInternalWords(previewHtml, 'the preview');

      const activated = await post(client, [...common, ...asFields(edited), ['actie', 'activeren']]);
      assert.equal(activated.status, 303);
      const active = (await activeRegulation(ctx.database.db, org.org.id, null))!;
      const decision = active.regulation.deadlines.decision;
      assert.ok(isTermRule(decision) && decision.amount === 6 && decision.unit === 'weeks');
      assert.equal(decision.source.article, '6.8', 'the term keeps its article');
      assert.ok(Array.isArray(active.regulation.intake.channels) && active.regulation.intake.channels.some((c) => c.channel === 'email'));
      assert.equal(active.preset, 'stadsring51', 'still based on the voorbeeldregeling');
      const overview = await client.get('/beheer/klachtenregeling');
      assert.ok(overview.html.includes('gebaseerd op de voorbeeldregeling van Stadsring51'));
      assertNoInternalWords(overview.html, 'the overview');
    });

    it('a new version starts from the one in force and shows the difference in Dutch before activation; the text file downloads', async () => {
      const client = await adminClient();
      const editor = await client.get(EDITOR);
      assert.match(editor.html, /<input[^>]*name="bron"[^>]*value="actief"[^>]*checked/, 'the version in force is the start');
      const active = (await activeRegulation(ctx.database.db, org.org.id, null))!;
      assert.match(editor.html, new RegExp(`name="veldenVan" value="actief:${active.versionId}"`));
      assert.match(editor.html, /id="veld\.termijn\.decision\.aantal"[^>]*value="6"/, 'its own changed value is carried over');
      const values = editorValues(active.regulation);
      const common: [string, string][] = [['_csrf', editor.csrf], ['unitId', ''], ['bron', 'actief'], ['preset', 'stadsring51'], ['veldenVan', `actief:${active.versionId}`], ['voorbeelddatum', '2026-03-30']];
      const changed = { ...values, [termAmountField('decision')]: '4', 'veld.kanalen': (values['veld.kanalen'] as string[]).filter((c) => c !== 'email'), 'veld.klagers': [...(values['veld.klagers'] as string[]), 'bereaved'] };
      const preview = await post(client, [...common, ...asFields(changed), ['actie', 'voorbeeld']]);
      assert.equal(preview.status, 200);
      const html = await preview.text();
      assert.ok(html.includes('Wat verandert er ten opzichte van de versie die nu geldt?'));
      assert.ok(html.includes('Beslistermijn: 6 weken → 4 weken'));
      assert.ok(html.includes('Kanaal vervalt: per e-mail'));
      assert.ok(html.includes('Mag nu ook klagen: nabestaande van een overleden cliënt'));

      const download = await post(client, [...common, ...asFields(changed), ['actie', 'downloaden']]);
      assert.equal(download.status, 200);
      assert.match(download.headers.get('content-disposition') ?? '', /attachment; filename="klachtenregeling.yaml"/);
      const yaml = await download.text();
      assert.ok(yaml.includes('format: klachtwijs/regulation@1'));
      assert.match(yaml, /decision:\n\s+amount: 4\n\s+unit: weeks/, 'the draft as it stands in the form');

      const activated = await post(client, [...common, ...asFields(changed), ['actie', 'activeren']]);
      assert.equal(activated.status, 303);
      const next = (await activeRegulation(ctx.database.db, org.org.id, null))!;
      assert.equal(next.version, active.version + 1);
      assert.ok(next.regulation.intake.complainants.kinds.some((k) => k.kind === 'bereaved'));
    });
  });

  describe('fills carried over', () => {
    it("a new version from the voorbeeldregeling again asks nothing the organisation answered before", async () => {
      const db = ctx.database.db;
      await db.transaction().execute((tx) =>
        activateRegulation(tx, { organisationId: org.org.id, unitId: org.unit.id, source: { preset: 'lentl' }, fills: LENTL_FILLS, frameworks: [], actorUserId: null }),
      );
      const client = await adminClient();
      const page = await client.get(`${EDITOR}?eenheid=${org.unit.id}&preset=lentl`);
      assert.equal(page.res.status, 200);
      assert.match(page.html, /<input[^>]*name="bron"[^>]*value="preset"[^>]*checked/);
      assert.match(page.html, /id="fill\.okc_contact"[^>]*value="Onafhankelijke Klachtencommissie, Postbus 1, 1000 AA Amsterdam"/, 'the answer given before is filled in');
      assert.match(page.html, /id="fill\.decision_term"[^>]*value="6 weken"/);
      assert.match(page.html, /name="fill\.channels" value="email" checked/, 'the channels as checkboxes, the ones chosen before ticked');
      assert.doesNotMatch(page.html, /name="fill\.channels" value="letter" checked/);
      assertNoInternalWords(page.html, 'the editor with open questions');

      // Choosing it with "Begin hiermee" carries them too; activating then needs no typing at all.
      const chosen = await post(client, [['_csrf', page.csrf], ['unitId', org.unit.id], ['bron', 'preset'], ['preset', 'lentl'], ['actie', 'kies']]);
      const html = await chosen.text();
      assert.match(html, /id="fill\.client_file_retention"[^>]*value="15 jaar"/);
      const fills = Object.entries(LENTL_FILLS).map(([k, v]) => [`fill.${k}`, v] as [string, string]);
      const ok = await post(client, [['_csrf', page.csrf], ['unitId', org.unit.id], ['bron', 'preset'], ['preset', 'lentl'], ...fills, ['actie', 'activeren']]);
      assert.equal(ok.status, 303);
      assert.equal((await activeRegulation(db, org.org.id, org.unit.id))?.version, 2);
    });
  });

  describe("the organisation's name in a template's title (lane words15)", () => {
    it('003 "Klachtenregeling [naam organisatie]": the editor\'s title field holds the organisation\'s name, as the published title does', async () => {
      const db = ctx.database.db;
      const o = await makeOrganisation(db, 'Stichting Titel');
      const a = await makeUser(db, o.org.id, 'admin');
      const client = new PageClient(await testApp(ctx.database));
      assert.equal((await client.logIn(a.email, a.password)).status, 303);
      const editor = await client.get(`${EDITOR}?preset=cbf-template`);
      assert.equal(editor.res.status, 200);
      assert.match(editor.html, /name="veld\.titel"[^>]*value="Klachtenregeling Stichting Titel"/);
      assert.doesNotMatch(editor.html, /value="[^"]*\[naam organisatie\]/, 'no field holds the template\'s place');
    });
  });

  describe('how the regulation decides (handling.decision.outcomes, ADR 0003)', () => {
    it('a 001 version adopted before the field keeps every outcome and gets a notice that the newer model text judges no merits (art. 3.3); the preview shows the field and what changes', async () => {
      const db = ctx.database.db;
      const o = await makeOrganisation(db, 'Stichting Oude Versie');
      const a = await makeUser(db, o.org.id, 'admin');
      const old = structuredClone(getPreset('hss')!.build());
      delete old.handling.decision.outcomes;
      await db.transaction().execute((tx) => activateRegulation(tx, { organisationId: o.org.id, unitId: null, source: { document: old }, fills: {}, actorUserId: null }));
      const stored = (await activeRegulation(db, o.org.id, null))!;
      assert.equal(stored.preset, 'hss');
      assert.equal(stored.regulation.handling.decision.outcomes, undefined);
      const client = new PageClient(await testApp(ctx.database));
      assert.equal((await client.logIn(a.email, a.password)).status, 303);
      const editor = await client.get(EDITOR);
      assert.match(editor.html, /Deze versie is gemaakt voordat Klachtwijs vastlegde hoe de regeling beslist\. Zij biedt daarom nog alle uitkomsten, ook gegrond en ongegrond\./);
      assert.match(editor.html, /oordeelt niet of een klacht gegrond of ongegrond is \(artikel 3\.3\)\. Dat verandert niet vanzelf/);
      // The overview says it too, also to a klachtenfunctionaris who never opens the editor (lane words15).
      const k = await makeUser(db, o.org.id, 'coordinator');
      const staff = new PageClient(await testApp(ctx.database));
      assert.equal((await staff.logIn(k.email, k.password)).status, 303);
      const overview = await staff.get('/beheer/klachtenregeling');
      assert.equal(overview.res.status, 200);
      assert.match(overview.html, /Deze versie is gemaakt voordat Klachtwijs vastlegde hoe de regeling beslist\. Zij biedt daarom nog alle uitkomsten, ook gegrond en ongegrond\./);
      assert.match(overview.html, /oordeelt niet of een klacht gegrond of ongegrond is \(artikel 3\.3\)\./);
      // Only a beheerder makes a version: the klachtenfunctionaris is told who can, not to do it (lane walk15).
      assert.match(overview.html, /Dat verandert niet vanzelf: een beheerder kan een nieuwe versie maken als uw organisatie dat wil overnemen\./);
      assert.doesNotMatch(overview.html, /maak een nieuwe versie/);
      assert.match((await client.get('/beheer/klachtenregeling')).html, /Dat verandert niet vanzelf: maak een nieuwe versie als u dat wilt overnemen\./, 'the beheerder makes it');
      // The preview from the voorbeeldregeling states it: in "wat verandert er" and in the published text, with the article.
      const fromPreset = await post(client, [['_csrf', editor.csrf], ['unitId', ''], ['bron', 'preset'], ['preset', 'hss'], ['voorbeelddatum', '2026-03-30'], ['actie', 'voorbeeld']]);
      const html = await fromPreset.text();
      assert.ok(html.includes('Hoe de regeling beslist: niet vastgelegd (alle uitkomsten, ook gegrond en ongegrond) → oordeelt niet of de klacht gegrond of ongegrond is; opgelost in overleg: nee (artikel 3.3)'), html.slice(html.indexOf('Wat verandert'), html.indexOf('Wat verandert') + 1500));
      assert.ok(html.includes('In de reactie staat het standpunt van de directie (artikel 3.3).'));
      // A version that states it gets no notice.
      const ok = await post(client, [['_csrf', editor.csrf], ['unitId', ''], ['bron', 'preset'], ['preset', 'hss'], ['actie', 'activeren']]);
      assert.equal(ok.status, 303);
      assert.doesNotMatch((await client.get(EDITOR)).html, /Deze versie is gemaakt voordat/);
      assert.doesNotMatch((await staff.get('/beheer/klachtenregeling')).html, /Deze versie is gemaakt voordat/);
    });
    it('003 (answers, no merits; Bijlage 1) adopted before the field: an open evaluation says so too', async () => {
      const db = ctx.database.db;
      const o = await makeOrganisation(db, 'Stichting Oud Goed Doel');
      const a = await makeUser(db, o.org.id, 'admin');
      const old = structuredClone(getPreset('cbf-template')!.build());
      delete old.handling.decision.outcomes;
      await db.transaction().execute((tx) => activateRegulation(tx, { organisationId: o.org.id, unitId: null, source: { document: old }, fills: CBF_FILLS, actorUserId: null }));
      const actor = await actorOf(db, a);
      const { id } = await db.transaction().execute((tx) => startReview(tx, actor, { unitId: null }, '2027-01-01'));
      const client = new PageClient(await testApp(ctx.database));
      assert.equal((await client.logIn(a.email, a.password)).status, 303);
      const review = await client.get(`/regeling/evaluatie/${id}`);
      assert.equal(review.res.status, 200);
      assert.match(review.html, /Deze versie is gemaakt voordat Klachtwijs vastlegde hoe de regeling beslist\./);
      assert.match(review.html, /het model &quot;Klachtenregeling voor goede doelen \(CBF-sjabloon\)&quot; oordeelt niet of een klacht gegrond of ongegrond is \(onderdeel &quot;Behandeling van de klacht; Bijlage 1; Bijlage 2&quot;\)\. Dat verandert niet vanzelf/);
      assert.doesNotMatch(review.html, /\[naam organisatie\]&quot; oordeelt/);
    });
  });

  describe('no internal words', () => {
    it('the admin pages around the regulation speak B1 Dutch without internal words', async () => {
      const client = await adminClient();
      const paths = [
        '/start', '/beheer/klachtenregeling', EDITOR, `${EDITOR}?bron=tekst`, `${EDITOR}?voorbeeld=lentl`, '/regeling/evaluatie', '/rollen',
        `/${org.org.slug}/klachtenregeling`, `/${org.org.slug}/klacht`,
        '/klachten', '/beheer/eenheden', '/beheer/gebruikers', '/beheer/briefsjablonen', '/beheer/briefpapier', '/beheer/klachtenmailbox',
        '/beheer/eenmalig-inloggen', '/beheer/beveiliging', '/beheer/beveiligingslog', '/rapportages', '/verbetermaatregelen',
        '/account/meldingen', '/account/wachtwoord', '/account/beveiliging',
      ];
      const problems: string[] = [];
      for (const path of paths) {
        const { res, html } = await client.get(path);
        if (res.status !== 200) problems.push(`${path}: status ${res.status}`);
        else {
          try {
            assertNoInternalWords(html, path);
          } catch (err) {
            problems.push((err as Error).message);
          }
        }
      }
      assert.deepEqual(problems, [], 'every page reads without internal words');
    });
  });
});
