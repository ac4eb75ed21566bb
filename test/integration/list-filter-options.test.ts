import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import type { Kysely } from 'kysely';
import type { DB } from '../../src/db/types.ts';
import { today } from '../../src/usecases/complaints/dossier.ts';
import { listFilterOptions } from '../../src/usecases/complaints/filter-options.ts';
import { performAction } from '../../src/usecases/complaints/perform-action.ts';
import { registerComplaint } from '../../src/usecases/complaints/register-complaint.ts';
import { createUnit } from '../../src/usecases/units/units.ts';
import { forEachDatabase } from '../support/databases.ts';
import { actorOf, makeOrganisationWithRegulation, makeUser } from '../support/factories.ts';
import { PageClient, testApp } from '../support/http.ts';

/**
 * The complaint list's filter options follow need-to-know (walking the demo: a handler of one team was offered every
 * unit and every colleague): a handler is offered the units he has something in and no colleague whose complaints he
 * cannot see; the klachtenfunctionaris of the whole organisation everything, as before.
 */
forEachDatabase('complaint list: filter options', (ctx) => {
  let db: Kysely<DB>;
  let org: Awaited<ReturnType<typeof makeOrganisationWithRegulation>>;
  let unitB: { id: string; name: string };
  let colleague: Awaited<ReturnType<typeof makeUser>>;
  const optionsOf = (html: string, name: string) => {
    const select = new RegExp(`<select[^>]*name="${name}"[^>]*>([\\s\\S]*?)</select>`).exec(html)?.[1] ?? assert.fail(`no select ${name}`);
    return [...select.matchAll(/<option value="([^"]*)"[^>]*>([^<]*)<\/option>/g)].filter((m) => m[1]).map((m) => m[2]!.replace(/^(– )+/, ''));
  };
  const listOf = async (user: { email: string; password: string }) => {
    const client = new PageClient(await testApp(ctx.database));
    await client.logIn(user.email, user.password);
    const { res, html } = await client.get('/klachten');
    assert.equal(res.status, 200);
    return html;
  };

  before(async () => {
    db = ctx.database.db;
    org = await makeOrganisationWithRegulation(db, 'stadsring51');
    unitB = await db.transaction().execute((tx) => createUnit(tx, org.org.id, { name: 'Afdeling Zuid', kind: 'afdeling', parentId: null }, null));
    colleague = await makeUser(db, org.org.id, 'handler', { unitId: unitB.id });
    await db.updateTable('users').set({ name: 'Collega Zuid' }).where('id', '=', colleague.user.id).execute();
    const coordinator = await actorOf(db, org.coordinator);
    const c = await registerComplaint(db, {
      organisationId: org.org.id,
      actor: coordinator,
      door: 'staff',
      input: { unitId: unitB.id, channel: 'letter', documentDate: today(), description: 'De medewerker kwam niet opdagen.', complainant: { relation: 'client', name: 'Jan Jansen', postalAddress: 'Dorpsstraat 1, 1234 AB Ergens' }, signed: true },
    });
    await performAction(db, coordinator, c.id, 'acknowledge', { on: today() });
    await performAction(db, coordinator, c.id, 'assign', { handlerUserId: colleague.user.id });
  });

  it('a handler of one unit: his unit and himself; not the other unit nor the colleague whose complaints he cannot see', async () => {
    const handler = await actorOf(db, org.handler);
    const options = await listFilterOptions(db, handler);
    assert.deepEqual([...(options.unitIds ?? [])], [org.unit.id]);
    assert.deepEqual(options.handlers.map((h) => h.id), [handler.userId]);
    const html = await listOf(org.handler);
    assert.deepEqual(optionsOf(html, 'unitId'), [org.unit.name]);
    assert.deepEqual(optionsOf(html, 'handlerUserId'), [handler.name]);
    assert.ok(!html.includes('Collega Zuid'), 'the colleague\'s name is nowhere on the page');
  });

  it('a unit or handler chosen in a link but not among his options stays shown as chosen (no "Alle eenheden" over a filtered list), without the colleague\'s name', async () => {
    const client = new PageClient(await testApp(ctx.database));
    await client.logIn(org.handler.email, org.handler.password);
    const { res, html } = await client.get(`/klachten?unitId=${unitB.id}&handlerUserId=${colleague.user.id}`);
    assert.equal(res.status, 200);
    assert.match(html, new RegExp(`<option value="${unitB.id}"[^>]*selected[^>]*>${unitB.name}</option>`));
    assert.match(html, new RegExp(`<option value="${colleague.user.id}"[^>]*selected[^>]*>Een andere behandelaar \\(gekozen in de link\\)</option>`));
    assert.ok(!html.includes('Collega Zuid'), 'still no colleague\'s name');
    assert.ok(!html.includes('Jan Jansen'), 'and still none of the complaints he may not see');
  });

  it('a complaint in another unit assigned to him adds that unit, still without the colleague', async () => {
    const coordinator = await actorOf(db, org.coordinator);
    const c = await registerComplaint(db, {
      organisationId: org.org.id,
      actor: coordinator,
      door: 'staff',
      input: { unitId: unitB.id, channel: 'letter', documentDate: today(), description: 'Nog een klacht.', complainant: { relation: 'client', name: 'Piet Pietersen', postalAddress: 'Dorpsstraat 2, 1234 AB Ergens' }, signed: true },
    });
    await performAction(db, coordinator, c.id, 'acknowledge', { on: today() });
    await performAction(db, coordinator, c.id, 'assign', { handlerUserId: org.handler.user.id });
    const html = await listOf(org.handler);
    assert.deepEqual(new Set(optionsOf(html, 'unitId')), new Set([org.unit.name, unitB.name]));
    assert.ok(!html.includes('Collega Zuid'));
  });

  it('the klachtenfunctionaris of the whole organisation: every unit and every handler, as before', async () => {
    const options = await listFilterOptions(db, await actorOf(db, org.coordinator));
    assert.equal(options.unitIds, null);
    const html = await listOf(org.coordinator);
    assert.deepEqual(new Set(optionsOf(html, 'unitId')), new Set([org.unit.name, unitB.name]));
    assert.ok(optionsOf(html, 'handlerUserId').includes('Collega Zuid'));
  });
});
