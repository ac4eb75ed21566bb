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
      const dossier = (await client.get(`/klachten/${id}`)).html;
      assert.match(dossier, new RegExp(`Blokkade door de ${name}`));
      assert.doesNotMatch(dossier, new RegExp(`Blokkade door de ${other}`));
      const regulation = (await activeRegulation(db, o.org.id, null))!.regulation;
      const steps = nextSteps({ slug: 'x', base: 'http://localhost', regulation, units: [], hasAdmin: true });
      assert.match(steps, new RegExp(`coordinator \\(${name}\\)`));
    });
  }

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
  });
});
