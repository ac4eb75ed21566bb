import assert from 'node:assert/strict';
import { it } from 'node:test';
import { today } from '../../src/usecases/complaints/dossier.ts';
import { listFilterOptions } from '../../src/usecases/complaints/filter-options.ts';
import { performAction } from '../../src/usecases/complaints/perform-action.ts';
import { registerComplaint } from '../../src/usecases/complaints/register-complaint.ts';
import { forEachDatabase } from '../support/databases.ts';
import { actorOf, makeOrganisationWithRegulation, makeUser } from '../support/factories.ts';
import { PageClient, testApp } from '../support/http.ts';

/**
 * Found walking the demo: the intake desk's list showed Bram as handler of a complaint it registered, but its
 * "Behandelaar" filter offered nobody. It is offered the handlers of the open complaints it registered (the rows it
 * sees), and nobody else: not the handler of a complaint someone else registered, nor of one it registered that ended.
 */
forEachDatabase('complaint list: the intake desk\'s handler filter', (ctx) => {
  it('offers the handlers of the open complaints the desk registered, and no other name', async () => {
    const db = ctx.database.db;
    const org = await makeOrganisationWithRegulation(db, 'stadsring51');
    const intake = await actorOf(db, org.intake);
    const coordinator = await actorOf(db, org.coordinator);
    const named = async (role: 'handler', name: string) => {
      const u = await makeUser(db, org.org.id, role, { unitId: org.unit.id });
      await db.updateTable('users').set({ name }).where('id', '=', u.user.id).execute();
      return u.user.id;
    };
    const bram = await named('handler', 'Bram Behandelaar');
    const ended = await named('handler', 'Eva Afgesloten');
    const other = await named('handler', 'Olaf Ander');
    const register = (actor: typeof intake) =>
      registerComplaint(db, {
        organisationId: org.org.id,
        actor,
        door: 'staff',
        input: { channel: 'letter', documentDate: today(), description: 'De medewerker kwam niet opdagen.', complainant: { relation: 'client', name: 'Jan Jansen', postalAddress: 'Dorpsstraat 1, 1234 AB Ergens' }, signed: true },
      });
    const mine = await register(intake);
    await performAction(db, coordinator, mine.id, 'assign', { handlerUserId: bram });
    const mineEnded = await register(intake);
    await performAction(db, coordinator, mineEnded.id, 'assign', { handlerUserId: ended });
    await performAction(db, coordinator, mineEnded.id, 'withdraw', { reason: 'De klager is tevreden.', on: today() });
    const notMine = await register(coordinator);
    await performAction(db, coordinator, notMine.id, 'assign', { handlerUserId: other });

    const options = await listFilterOptions(db, intake);
    assert.deepEqual(options.handlers, [{ id: bram, name: 'Bram Behandelaar' }]);
    const client = new PageClient(await testApp(ctx.database));
    await client.logIn(org.intake.email, org.intake.password);
    const { html } = await client.get('/klachten');
    const select = /<select[^>]*name="handlerUserId"[^>]*>([\s\S]*?)<\/select>/.exec(html)?.[1] ?? assert.fail('no handler filter');
    assert.match(select, /Bram Behandelaar/);
    assert.doesNotMatch(select, /Eva Afgesloten|Olaf Ander/);
    // Filtering on him shows the complaint.
    const filtered = await client.get(`/klachten?handlerUserId=${bram}`);
    assert.ok(filtered.html.includes(mine.reference));
  });
});
