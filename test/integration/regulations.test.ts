import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { parse as parseYaml, stringify as toYaml } from 'yaml';
import { isTermRule } from '../../src/domain/regulation/index.ts';
import { getPreset } from '../../src/regulations/library.ts';
import { AppError } from '../../src/shared/errors.ts';
import { activateRegulation, activeRegulation, listRegulationVersions } from '../../src/usecases/regulations/regulations.ts';
import { createUnit } from '../../src/usecases/units/units.ts';
import { forEachDatabase } from '../support/databases.ts';
import { makeOrganisation, makeUser } from '../support/factories.ts';
import { PageClient, testApp } from '../support/http.ts';

/** The fills the lentl preset (seed 004) needs before it can be activated. */
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

/** Posts a form with repeated fields (checkboxes), as a browser does. */
function post(client: PageClient, path: string, fields: [string, string][]) {
  return client.request(path, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(fields).toString() });
}

/** The text of the error message at a field (FieldFrame renders it with id `<name>-fout`). */
function fieldError(html: string, name: string): string | undefined {
  const m = new RegExp(`id="${name.replace(/\./g, '\\.')}-fout"[^>]*>([\\s\\S]*?)</div>`).exec(html);
  return m?.[1]?.replace(/<[^>]+>/g, '');
}

const unescape = (html: string) => html.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');

forEachDatabase('regulation versions', (ctx) => {
  describe('activate through the use case', () => {
    it('numbers versions per scope and lets units inherit from the nearest scope with its own', async () => {
      const db = ctx.database.db;
      const { org, unit } = await makeOrganisation(db, 'Holding Erfenis');
      const child = await db.transaction().execute((tx) => createUnit(tx, org.id, { name: 'Team onder afdeling', parentId: unit.id, kind: 'team' }, null));
      const other = await db.transaction().execute((tx) => createUnit(tx, org.id, { name: 'Andere afdeling' }, null));

      assert.equal(await activeRegulation(db, org.id, null), null, 'nothing active before the first activation');
      const v1 = await db.transaction().execute((tx) =>
        activateRegulation(tx, { organisationId: org.id, unitId: null, source: { preset: 'stadsring51' }, fills: {}, frameworks: ['awb9'], actorUserId: null }),
      );
      assert.equal(v1.version, 1);
      assert.deepEqual(v1.frameworks, ['awb9']);
      const v2 = await db.transaction().execute((tx) =>
        activateRegulation(tx, { organisationId: org.id, unitId: unit.id, source: { preset: 'lentl' }, fills: LENTL_FILLS, frameworks: ['wmo2015', 'jeugdwet'], actorUserId: null }),
      );
      assert.equal(v2.version, 1, "a unit's first regulation is its version 1, not the organisation's next number");

      assert.equal((await activeRegulation(db, org.id, null))?.versionId, v1.versionId, 'organisation keeps its own');
      assert.equal((await activeRegulation(db, org.id, unit.id))?.versionId, v2.versionId, 'unit runs its own');
      assert.equal((await activeRegulation(db, org.id, child.id))?.versionId, v2.versionId, 'a team inherits from its unit');
      assert.equal((await activeRegulation(db, org.id, other.id))?.versionId, v1.versionId, 'another unit inherits from the organisation');

      const v3 = await db.transaction().execute((tx) =>
        activateRegulation(tx, { organisationId: org.id, unitId: null, source: { preset: 'hss' }, fills: {}, actorUserId: null }),
      );
      assert.equal(v3.version, 2, "the organisation's second version");
      assert.equal((await activeRegulation(db, org.id, other.id))?.preset, 'hss', 'the newest organisation version applies');
      assert.equal((await activeRegulation(db, org.id, child.id))?.preset, 'lentl', 'the unit version still wins below it');
      const old = await db.selectFrom('regulation_versions').select('preset').where('id', '=', v1.versionId).executeTakeFirstOrThrow();
      assert.equal(old.preset, 'stadsring51', 'an older version stays as it was');
      const versions = await listRegulationVersions(db, org.id);
      assert.deepEqual(versions.map((v) => `${v.unit_id ?? 'org'}:${v.version}`).sort(), [`${unit.id}:1`, 'org:1', 'org:2'].sort());
      const v4 = await db.transaction().execute((tx) =>
        activateRegulation(tx, { organisationId: org.id, unitId: unit.id, source: { preset: 'lentl' }, fills: { ...LENTL_FILLS, decision_term: '8 weken' }, actorUserId: null }),
      );
      assert.equal(v4.version, 2, "the unit's second version");
      const v5 = await db.transaction().execute((tx) =>
        activateRegulation(tx, { organisationId: org.id, unitId: other.id, source: { preset: 'conneqt' }, fills: {}, actorUserId: null }),
      );
      assert.equal(v5.version, 1, 'another unit starts at 1 too');
      assert.equal((await activeRegulation(db, org.id, unit.id))?.versionId, v4.versionId, "the unit's newest version applies");
      assert.equal((await activeRegulation(db, org.id, null))?.versionId, v3.versionId, "the organisation's newest is still its own");
      const decision = (await activeRegulation(db, org.id, unit.id))!.regulation.deadlines.decision;
      assert.ok(isTermRule(decision) && decision.amount === 8 && decision.unit === 'weeks', 'the fill is stored in the document');
    });

    it('renumbers versions stored under one counter per organisation into numbers per scope (migration)', async () => {
      const { up } = await import('../../src/db/migrations/2026-12-01T0500-regulation-versions-per-scope.ts');
      const db = ctx.database.db;
      const { org, unit } = await makeOrganisation(db, 'Holding Oude Nummers');
      const document = JSON.stringify(getPreset('hss')!.build());
      // As the old counter numbered them: organisation 1, unit 2, organisation 3, unit 4.
      for (const [unitId, version] of [[null, 1], [unit.id, 2], [null, 3], [unit.id, 4]] as const) {
        await db.insertInto('regulation_versions').values({ organisation_id: org.id, unit_id: unitId, version, preset: 'hss', document }).execute();
      }
      await up(db);
      const rows = await db.selectFrom('regulation_versions').select(['unit_id', 'version']).where('organisation_id', '=', org.id).orderBy('activated_at').orderBy('version').execute();
      assert.deepEqual(rows.map((r) => `${r.unit_id ? 'unit' : 'org'}:${r.version}`).sort(), ['org:1', 'org:2', 'unit:1', 'unit:2']);
      const next = await db.transaction().execute((tx) => activateRegulation(tx, { organisationId: org.id, unitId: unit.id, source: { preset: 'hss' }, fills: {}, actorUserId: null }));
      assert.equal(next.version, 3, 'the next unit version follows its own numbers');
    });

    it('refuses a preset with open points, naming each, and stores nothing', async () => {
      const db = ctx.database.db;
      const { org } = await makeOrganisation(db, 'Lentl zonder invulling');
      await assert.rejects(
        db.transaction().execute((tx) => activateRegulation(tx, { organisationId: org.id, unitId: null, source: { preset: 'lentl' }, fills: { decision_term: '6 weken' }, actorUserId: null })),
        (err: unknown) => {
          assert.ok(err instanceof AppError);
          assert.equal(err.code, 'validation_failed');
          const fields = err.fields.map((f) => f.field);
          assert.ok(fields.includes('fill.acknowledgement_term'));
          assert.ok(!fields.includes('fill.decision_term'), 'a filled point is not reported');
          assert.match(err.message, /open punten/);
          return true;
        },
      );
      assert.equal((await listRegulationVersions(db, org.id)).length, 0);
    });
  });

  describe('admin pages', () => {
    let org: Awaited<ReturnType<typeof makeOrganisation>>;
    let admin: Awaited<ReturnType<typeof makeUser>>;
    let coordinator: Awaited<ReturnType<typeof makeUser>>;
    let handler: Awaited<ReturnType<typeof makeUser>>;

    before(async () => {
      const db = ctx.database.db;
      org = await makeOrganisation(db, 'Stichting Regelingtest');
      admin = await makeUser(db, org.org.id, 'admin');
      coordinator = await makeUser(db, org.org.id, 'coordinator');
      handler = await makeUser(db, org.org.id, 'handler');
    });

    async function adminClient() {
      const client = new PageClient(await testApp(ctx.database));
      assert.equal((await client.logIn(admin.email, admin.password)).status, 303);
      return client;
    }

    it('previews a preset without activating, then activates it as version 1', async () => {
      const client = await adminClient();
      const empty = await client.get('/beheer/klachtenregeling');
      assert.equal(empty.res.status, 200);
      assert.ok(empty.html.includes('Er is nog geen klachtenregeling actief.'));

      const editor = await client.get('/beheer/klachtenregeling/nieuw');
      assert.equal(editor.res.status, 200);
      assert.ok(editor.html.includes('name="_csrf"'));
      const fields: [string, string][] = [
        ['_csrf', editor.csrf],
        ['unitId', ''],
        ['bron', 'preset'],
        ['preset', 'stadsring51'],
        ['document', ''],
        ['frameworks', 'awb9'],
        ['frameworks', 'wkkgz'],
        ['voorbeelddatum', '2026-03-30'],
      ];
      const preview = await post(client, '/beheer/klachtenregeling/nieuw', [...fields, ['actie', 'voorbeeld']]);
      assert.equal(preview.status, 200);
      const html = await preview.text();
      assert.ok(html.includes('Voorbeeld: Klachtenregeling voor cliënten Stichting Regelingtest'), 'the preset carries the organisation\'s own name');
      assert.ok(html.includes('Wkkgz: beslistermijn 8 weken is langer dan 6 weken (art. 17)'), 'legal findings for both chosen frameworks');
      assert.ok(html.includes('Awb 9:11'));
      // Received Monday 30 March 2026: 1 week ends on Tweede Paasdag, 4 weeks on Koningsdag, 8 weeks on Tweede Pinksterdag.
      assert.ok(html.includes('<time datetime="2026-04-07">dinsdag 7 april 2026</time>'));
      assert.ok(html.includes('<time datetime="2026-04-28">'));
      assert.ok(html.includes('<time datetime="2026-05-26">'));
      assert.ok(html.includes('<time datetime="2026-06-23">'), 'latest date with the 4-week extension');
      assert.ok(html.includes('Hoor en wederhoor'), 'the rendered text');
      assert.match(html, /<input[^>]*id="framework-wkkgz"[^>]*checked/, 'checked frameworks are kept');
      assert.equal((await listRegulationVersions(ctx.database.db, org.org.id)).length, 0, 'a preview activates nothing');

      // The legal check found errors (Wkkgz art. 17, Awb 9:11): activating needs an explicit "toch activeren".
      const refused = await post(client, '/beheer/klachtenregeling/nieuw', [...fields, ['actie', 'activeren']]);
      assert.equal(refused.status, 422);
      assert.ok((await refused.text()).includes('De wettelijke toets vond fouten in deze versie.'));
      assert.equal((await listRegulationVersions(ctx.database.db, org.org.id)).length, 0, 'nothing activated without the confirmation');
      const activate = await post(client, '/beheer/klachtenregeling/nieuw', [...fields, ['ondanksFouten', 'ja'], ['actie', 'activeren']]);
      assert.equal(activate.status, 303);
      assert.equal(activate.headers.get('location'), '/beheer/klachtenregeling?geactiveerd=1#inhoud');
      const active = await activeRegulation(ctx.database.db, org.org.id, null);
      assert.equal(active?.version, 1);
      assert.equal(active?.preset, 'stadsring51');
      assert.deepEqual(active?.frameworks, ['awb9', 'wkkgz']);

      const overview = await client.get('/beheer/klachtenregeling?geactiveerd=1#inhoud');
      assert.ok(overview.html.includes('Versie 1 van de klachtenregeling is geactiveerd.'));
      assert.ok(overview.html.includes('Wkkgz: beslistermijn 8 weken is langer dan 6 weken (art. 17)'), 'the overview shows the legal check');
      assert.ok(overview.html.includes(`/${org.org.slug}/klachtenregeling`));
    });

    it('refuses to activate a preset with open points, with the message at each field and the values kept', async () => {
      const client = await adminClient();
      const { csrf } = await client.get('/beheer/klachtenregeling/nieuw');
      const res = await post(client, '/beheer/klachtenregeling/nieuw', [
        ['_csrf', csrf],
        ['unitId', org.unit.id],
        ['bron', 'preset'],
        ['preset', 'lentl'],
        ['document', ''],
        ['fill.decision_term', '6 weken'],
        ['fill.complaint_mailbox', 'klachten@voorbeeld.nl'],
        ['fill.acknowledgement_term', 'morgen'],
        ['voorbeelddatum', '2026-04-02'],
        ['actie', 'activeren'],
      ]);
      assert.equal(res.status, 422);
      const html = await res.text();
      assert.match(fieldError(html, 'fill.okc_contact') ?? '', /Vul dit antwoord in/);
      assert.match(fieldError(html, 'fill.client_file_retention') ?? '', /Vul dit antwoord in/);
      assert.match(unescape(fieldError(html, 'fill.acknowledgement_term') ?? ''), /"morgen" is geen termijn/, 'a wrong value gets its own message');
      assert.equal(fieldError(html, 'fill.decision_term'), undefined, 'a good value gets no message');
      assert.match(html, /<input[^>]*id="fill\.decision_term"[^>]*value="6 weken"/, 'what was typed is kept');
      assert.match(html, /<input[^>]*id="fill\.complaint_mailbox"[^>]*value="klachten@voorbeeld.nl"/);
      assert.ok(html.includes('Termijn voor de afhandeling'), 'each open point has a labelled field');
      assert.ok(unescape(html).includes('Binnen welke termijn wordt een klacht afgehandeld'), 'with its question as description');
      assert.match(html, /<input[^>]*name="preset"[^>]*value="lentl"[^>]*checked/);
      assert.equal((await activeRegulation(ctx.database.db, org.org.id, org.unit.id))?.preset, 'stadsring51', 'nothing was activated for the unit');

      const fills = Object.entries(LENTL_FILLS).map(([k, v]) => [`fill.${k}`, v] as [string, string]);
      const ok = await post(client, '/beheer/klachtenregeling/nieuw', [['_csrf', csrf], ['unitId', org.unit.id], ['bron', 'preset'], ['preset', 'lentl'], ['document', ''], ...fills, ['actie', 'activeren']]);
      assert.equal(ok.status, 303);
      assert.equal(ok.headers.get('location'), `/beheer/klachtenregeling?geactiveerd=1&eenheid=${org.unit.id}#inhoud`, "the unit's first version");
      const notice = await client.get(ok.headers.get('location')!);
      assert.ok(notice.html.includes(`Versie 1 van de klachtenregeling voor ${org.unit.name} is geactiveerd.`));
      const unitActive = await activeRegulation(ctx.database.db, org.org.id, org.unit.id);
      assert.equal(unitActive?.preset, 'lentl');
      assert.equal(unitActive?.unitId, org.unit.id);
      assert.equal((await activeRegulation(ctx.database.db, org.org.id, null))?.preset, 'stadsring51', 'the organisation keeps its regulation');
      const overview = await client.get('/beheer/klachtenregeling');
      assert.ok(overview.html.includes(org.unit.name));
      assert.ok(overview.html.includes(`/${org.org.slug}/klachtenregeling/${org.unit.slug}`));
    });

    it('edits the current document as YAML: a wrong field is named at the text box, a good edit becomes a new version', async () => {
      const client = await adminClient();
      const editor = await client.get('/beheer/klachtenregeling/nieuw');
      assert.ok(unescape(editor.html).includes('format: klachtwijs/regulation@1'), 'the text box holds the current document');
      const current = (await activeRegulation(ctx.database.db, org.org.id, null))!;
      const doc = parseYaml(toYaml(current.regulation)) as { deadlines: { decision: { amount: number } }; metadata: { title: string } };

      doc.deadlines.decision.amount = 0;
      const broken = toYaml(doc);
      const bad = await post(client, '/beheer/klachtenregeling/nieuw', [['_csrf', editor.csrf], ['unitId', ''], ['bron', 'tekst'], ['preset', 'stadsring51'], ['document', broken], ['actie', 'activeren']]);
      assert.equal(bad.status, 422);
      const badHtml = await bad.text();
      assert.match(fieldError(badHtml, 'document') ?? '', /Termijnen \(deadlines\.decision\.amount\): /, 'the part in Dutch, then the place in the text');
      assert.ok(unescape(badHtml).includes(broken), 'the typed text is kept');

      const badPreview = await post(client, '/beheer/klachtenregeling/nieuw', [['_csrf', editor.csrf], ['unitId', ''], ['bron', 'tekst'], ['preset', 'stadsring51'], ['document', 'metadata: [niet af'], ['actie', 'voorbeeld']]);
      assert.equal(badPreview.status, 422);
      assert.match(fieldError(await badPreview.text(), 'document') ?? '', /geen geldige YAML of JSON/);

      doc.deadlines.decision.amount = 6;
      doc.metadata.title = 'Klachtenregeling Regelingtest (aangepast)';
      const good = await post(client, '/beheer/klachtenregeling/nieuw', [
        ['_csrf', editor.csrf],
        ['unitId', ''],
        ['bron', 'tekst'],
        ['preset', 'stadsring51'],
        ['document', toYaml(doc)],
        ['frameworks', 'wkkgz'],
        ['actie', 'activeren'],
      ]);
      assert.equal(good.status, 303);
      const active = (await activeRegulation(ctx.database.db, org.org.id, null))!;
      assert.ok(active.version > current.version);
      assert.equal(active.regulation.metadata.title, 'Klachtenregeling Regelingtest (aangepast)');
      const decision = active.regulation.deadlines.decision;
      assert.ok(isTermRule(decision) && decision.amount === 6);
      const overview = await client.get('/beheer/klachtenregeling');
      assert.ok(!overview.html.includes('beslistermijn 6 weken is langer'), 'six weeks passes the Wkkgz check');
    });

    it('lets a coordinator look but not change; a handler sees nothing; a post needs the CSRF token', async () => {
      const coord = new PageClient(await testApp(ctx.database));
      await coord.logIn(coordinator.email, coordinator.password);
      const view = await coord.get('/beheer/klachtenregeling');
      assert.equal(view.res.status, 200);
      assert.ok(!view.html.includes('Nieuwe versie maken'), 'no edit link for a coordinator');
      assert.equal((await coord.get('/beheer/klachtenregeling/nieuw')).res.status, 404);
      assert.equal((await coord.postForm('/beheer/klachtenregeling/nieuw', { _csrf: view.csrf, bron: 'preset', preset: 'hss', actie: 'activeren' })).status, 404);

      const hand = new PageClient(await testApp(ctx.database));
      await hand.logIn(handler.email, handler.password);
      assert.equal((await hand.get('/beheer/klachtenregeling')).res.status, 404);

      const client = await adminClient();
      assert.equal((await client.postForm('/beheer/klachtenregeling/nieuw', { bron: 'preset', preset: 'hss', actie: 'activeren' })).status, 403);

      const anonymous = new PageClient(await testApp(ctx.database));
      const res = await anonymous.request('/beheer/klachtenregeling');
      assert.equal(res.status, 303);
      assert.match(res.headers.get('location') ?? '', /^\/inloggen/);
    });
  });

  describe('public page', () => {
    it('publishes the active regulation as text with version and date, per unit too; 404 otherwise', async () => {
      const db = ctx.database.db;
      const { org, unit } = await makeOrganisation(db, 'Stichting Openbaar');
      const app = await testApp(ctx.database);
      assert.equal((await app.request(`/${org.slug}/klachtenregeling`)).status, 404, 'no regulation yet');
      assert.equal((await app.request('/bestaat-niet-org/klachtenregeling')).status, 404);

      await db.transaction().execute((tx) => activateRegulation(tx, { organisationId: org.id, unitId: null, source: { preset: 'stadsring51' }, fills: {}, actorUserId: null }));
      const res = await app.request(`/${org.slug}/klachtenregeling`);
      assert.equal(res.status, 200);
      const html = unescape(await res.text());
      assert.match(html, /<html lang="nl"/);
      assert.match(html, /<h1 class="utrecht-heading-1" id="regeling-titel">Klachtenregeling voor cliënten Stichting Openbaar<\/h1>/);
      assert.match(html, /Versie 1/);
      assert.match(html, /geldt sinds <time datetime="\d{4}-\d{2}-\d{2}">/);
      assert.ok(html.includes('<h2 class="utrecht-heading-2" id="deel-0">'), 'sections under h2');
      assert.ok(html.includes('uiterlijk binnen 4 weken na ontvangst van uw klacht'), 'the terms come from the configuration');
      assert.ok(html.includes('binnen 8 weken na ontvangst van uw klacht'));
      assert.ok(html.includes('<a class="utrecht-link" href="https://www.nationaleombudsman.nl/klacht-indienen/uw-klacht">'), 'web addresses are links');
      assert.ok(!/Stadsring\s?51/.test(html), "the published text speaks of the organisation itself, not of the seed's");
      assert.ok(html.includes('Zo spoedig mogelijk na het indienen gaat de klacht naar de klachtenfunctionaris.'));

      const preset = getPreset('hss')!;
      await db.transaction().execute((tx) => activateRegulation(tx, { organisationId: org.id, unitId: unit.id, source: { preset: preset.key }, fills: {}, actorUserId: null }));
      const withUnits = unescape(await (await app.request(`/${org.slug}/klachtenregeling`)).text());
      assert.ok(withUnits.includes(`href="/${org.slug}/klachtenregeling/${unit.slug}"`), 'lists the units with their own regulation');
      const unitPage = await app.request(`/${org.slug}/klachtenregeling/${unit.slug}`);
      assert.equal(unitPage.status, 200);
      const unitHtml = unescape(await unitPage.text());
      assert.ok(unitHtml.includes('Klachtenprocedure Stichting Openbaar'), 'the unit runs hss, adopted with the organisation\'s name');
      assert.ok(unitHtml.includes('Versie 1,'), "the unit's first version is its version 1 (versions are numbered per scope)");
      assert.ok(unitHtml.includes('binnen 6 weken'));
      assert.equal((await app.request(`/${org.slug}/klachtenregeling/geen-eenheid`)).status, 404);

      const other = await db.transaction().execute((tx) => createUnit(tx, org.id, { name: 'Zonder eigen regeling' }, null));
      const inherited = unescape(await (await app.request(`/${org.slug}/klachtenregeling/${other.slug}`)).text());
      assert.ok(inherited.includes('heeft geen eigen klachtenregeling. Daarom geldt de regeling van Stichting Openbaar.'));
    });
  });
});
