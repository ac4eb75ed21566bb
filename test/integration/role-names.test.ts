/**
 * Walk 12 of 003: staff pages called the role "klachtenfunctionaris" where 003 names it "klachtencoördinator"
 * ("Klachtencoördinator: De functionaris die overzicht en controle houdt op de ontvangen klachten"). Where a page
 * speaks of that role, it uses the regulation's own name; under 002 it stays "klachtenfunctionaris".
 */
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { forEachDatabase } from '../support/databases.ts';
import { PageClient, testApp } from '../support/http.ts';
import { CBF_FILLS } from '../support/api.ts';
import { actorOf, makeOrganisationWithRegulation, registerLetterComplaint } from '../support/factories.ts';
import { placeHold } from '../../src/usecases/retention/holds.ts';
import { nextSteps } from '../../src/cli/orgs.ts';
import { activateRegulation, activeRegulation } from '../../src/usecases/regulations/regulations.ts';
import { today } from '../../src/usecases/complaints/dossier.ts';
import { performAction } from '../../src/usecases/complaints/perform-action.ts';
import { addAttachments } from '../../src/usecases/complaints/add-attachments.ts';
import { makeUser } from '../support/factories.ts';
import { createMeasure } from '../../src/usecases/measures/measures.ts';
import { placeDossierHold } from '../../src/usecases/retention/dossier-actions.ts';
import { saveTemplate } from '../../src/usecases/letters/templates.ts';
import { audienceFor } from '../../src/usecases/reports/outputs.ts';
import { processingRecord } from '../../src/usecases/privacy/processing-record.ts';

forEachDatabase('the regulation\'s name for the coordinator role', (ctx) => {
  for (const [preset, fills, name, other] of [
    ['cbf-template', CBF_FILLS, 'klachtencoördinator', 'klachtenfunctionaris'],
    ['stadsring51', {}, 'klachtenfunctionaris', 'klachtencoördinator'],
  ] as const) {
    it(`${preset}: start page, the dossier's retention hold and the CLI's next steps say "${name}"`, async () => {
      const db = ctx.database.db;
      const o = await makeOrganisationWithRegulation(db, preset, fills);
      const coordinator = await actorOf(db, o.coordinator);
      const { id } = await registerLetterComplaint(db, o, coordinator, '2026-03-02', { input: { complainant: { relation: preset === 'cbf-template' ? 'customer' : 'client' } } });
      await db.transaction().execute((tx) => placeHold(tx, { organisationId: o.org.id, complaintId: id, kind: 'coordinator', reason: 'Lopend gesprek met de klager.', placedBy: coordinator.userId }));
      const client = new PageClient(await testApp(ctx.database));
      await client.logIn(o.coordinator.email, o.coordinator.password);
      const start = (await client.get('/start')).html;
      assert.match(start, new RegExp(`als ${name}[.,]`));
      // The organisation's one top unit is the organisation, not a werkmaatschappij (only 004 has those).
      assert.match(start, /\(hele organisatie\)/);
      assert.doesNotMatch(start, /\(werkmaatschappij\)/);
      const dossier = (await client.get(`/klachten/${id}`)).html;
      assert.match(dossier, new RegExp(`Blokkade door de ${name}`));
      assert.doesNotMatch(dossier, new RegExp(`Blokkade door de ${other}`));
      const regulation = (await activeRegulation(db, o.org.id, null))!.regulation;
      const steps = nextSteps({ slug: 'x', base: 'http://localhost', regulation, units: [], hasAdmin: true });
      assert.match(steps, new RegExp(`coordinator \\(${name}\\)`));
    });
  }

  it('the start page names the board as the regulation does (003: "bestuur"), not the product\'s "bestuur / directie" (walk14)', async () => {
    const db = ctx.database.db;
    const o = await makeOrganisationWithRegulation(db, 'cbf-template', CBF_FILLS);
    const board = await makeUser(db, o.org.id, 'board');
    const client = new PageClient(await testApp(ctx.database));
    await client.logIn(board.email, board.password);
    const start = (await client.get('/start')).html;
    assert.match(start, /als bestuur[.,]/);
    assert.doesNotMatch(start, /bestuur \/ directie/);
  });

  it('the start page names the role as the version in force does, not a newer one that takes effect later', async () => {
    const db = ctx.database.db;
    const o = await makeOrganisationWithRegulation(db, 'stadsring51');
    // 003's "klachtencoördinator", activated today but in force only in 30 days: until then 002's name holds.
    const cbf = await makeOrganisationWithRegulation(db, 'cbf-template', CBF_FILLS);
    const document = structuredClone((await activeRegulation(db, cbf.org.id, null))!.regulation);
    document.metadata.effectiveDate = new Date(Date.parse(today()) + 30 * 86_400_000).toISOString().slice(0, 10);
    await db.transaction().execute((tx) => activateRegulation(tx, { organisationId: o.org.id, unitId: null, source: { document }, fills: {}, actorUserId: null }));
    const client = new PageClient(await testApp(ctx.database));
    await client.logIn(o.coordinator.email, o.coordinator.password);
    const start = (await client.get('/start')).html;
    assert.match(start, /als klachtenfunctionaris[.,]/);
    assert.doesNotMatch(start, /klachtencoördinator/);
    // The refusals about the organisation or a unit name it as the start page does (lane review13: they read the newest
    // activated version, and said "klachtencoördinator" 30 days early).
    const unitCoordinator = await makeUser(db, o.org.id, 'coordinator', { unitId: o.unit.id });
    const unitClient = new PageClient(await testApp(ctx.database));
    await unitClient.logIn(unitCoordinator.email, unitCoordinator.password);
    assert.match((await unitClient.get('/bewaartermijnen')).html, /Alleen de klachtenfunctionaris van de hele organisatie bewaakt de bewaartermijnen/);
    const handler = await actorOf(db, o.handler);
    await assert.rejects(db.transaction().execute((tx) => createMeasure(tx, handler, { title: 'Terugbellen binnen twee dagen' })), {
      message: 'Alleen de klachtenfunctionaris of een beheerder zet maatregelen in het verbeterregister.',
    });
  });

  for (const [preset, fills, name] of [
    ['cbf-template', CBF_FILLS, 'klachtencoördinator'],
    ['hss', {}, 'directie'],
    ['stadsring51', {}, 'klachtenfunctionaris'],
  ] as const) {
    it(`${preset}: refusals on a complaint name "${name}" (lane words13)`, async () => {
      const db = ctx.database.db;
      const o = await makeOrganisationWithRegulation(db, preset, fills);
      const coordinator = await actorOf(db, o.coordinator);
      const { id } = await registerLetterComplaint(db, o, coordinator, '2026-03-02', { input: { complainant: { relation: preset === 'cbf-template' ? 'customer' : 'client' } } });
      const outsider = await makeUser(db, o.org.id, 'intake', { unitId: o.unit.id });
      await assert.rejects(performAction(db, coordinator, id, 'assign', { handlerUserId: outsider.user.id }), (e: { fields?: { message: string }[] }) => {
        assert.equal(e.fields?.[0]?.message, `Deze medewerker heeft geen rol als behandelaar of als ${name}.`);
        return true;
      });
      await performAction(db, coordinator, id, 'assign', { handlerUserId: o.handler.user.id });
      await performAction(db, coordinator, id, 'withdraw', { reason: 'Klager trekt in.' });
      // A coordinator of one unit only is told who watches the retention periods, in the regulation's words.
      const unitCoordinator = await makeUser(db, o.org.id, 'coordinator', { unitId: o.unit.id });
      const client = new PageClient(await testApp(ctx.database));
      await client.logIn(unitCoordinator.email, unitCoordinator.password);
      assert.match((await client.get('/bewaartermijnen')).html, new RegExp(`Alleen de ${name} van de hele organisatie bewaakt de bewaartermijnen`));
      // The dossier's retention actions (and the API) say the same (lane review13: they kept "klachtenfunctionaris").
      const unitCoordinatorActor = await actorOf(db, unitCoordinator);
      await assert.rejects(db.transaction().execute((tx) => placeDossierHold(tx, unitCoordinatorActor, id, { kind: 'coordinator', reason: 'Er loopt een geschil.' })), {
        message: `Alleen de ${name} van de hele organisatie bewaakt de bewaartermijnen en vernietigt dossiers.`,
      });
      const handler = await actorOf(db, o.handler);
      await assert.rejects(db.transaction().execute((tx) => createMeasure(tx, handler, { title: 'Terugbellen binnen twee dagen' })), { message: `Alleen de ${name} of een beheerder zet maatregelen in het verbeterregister.` });
      const pdf = [{ filename: 'na-afloop.pdf', contentType: 'application/pdf', data: new TextEncoder().encode('%PDF-1.4\n%%EOF\n') }];
      await assert.rejects(addAttachments(db, await actorOf(db, o.handler), id, pdf), { message: `Deze klacht is afgehandeld. Alleen de ${name} voegt nog stukken toe.` });
    });
  }

  for (const [preset, fills, name] of [
    ['cbf-template', CBF_FILLS, 'klachtencoördinator'],
    ['hss', {}, 'directie'],
    ['stadsring51', {}, 'klachtenfunctionaris'],
  ] as const) {
    it(`${preset}: the organisation's admin pages and their refusals name "de ${name}" (lane words13b)`, async () => {
      const db = ctx.database.db;
      const o = await makeOrganisationWithRegulation(db, preset, fills);
      const client = new PageClient(await testApp(ctx.database));
      await client.logIn(o.handler.email, o.handler.password);
      // The refusals a user reads (403; a 'forbidden' page answers 404 and says nothing).
      for (const path of ['/privacy', '/privacy/verwerkingsregister']) {
        const { res, html } = await client.get(path);
        assert.equal(res.status, 403, path);
        assert.match(html, new RegExp(`Alleen de ${name} voor de hele organisatie handelt verzoeken over persoonsgegevens af`), path);
        assert.doesNotMatch(html, /klachtenfunctionaris \(coördinator\)/, path);
      }
      const handler = await actorOf(db, o.handler);
      await assert.rejects(saveTemplate(db, handler, { kind: 'acknowledgement', unitId: null, subject: 'x', body: 'y' }), { message: `Alleen een beheerder of de ${name} kan briefsjablonen aanpassen.` });
      await assert.rejects(audienceFor(db, handler, 'staff', { unitId: null }), (e: Error) => {
        assert.match(e.message, new RegExp(`^De versie met precieze aantallen is alleen voor de ${name}[ .]`));
        if (preset !== 'cbf-template') assert.doesNotMatch(e.message, /Rapportage \/ verantwoording/, "003's article is not another regulation's");
        return true;
      });
      await db.updateTable('organisations').set({ two_factor_required: 'admin_coordinator' }).where('id', '=', o.org.id).execute();
      const record = await processingRecord(db, o.org.id, { smtpConfigured: false });
      assert.ok(record.security.includes(`Beheerders en de ${name} loggen in met tweestapsverificatie (een code na het wachtwoord).`), record.security.join(' | '));
    });
  }
});
