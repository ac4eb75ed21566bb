import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import type { Kysely } from 'kysely';
import type { DB } from '../../src/db/types.ts';
import { today } from '../../src/usecases/complaints/dossier.ts';
import { anyDecidedLate } from '../../src/usecases/complaints/decided-late.ts';
import { registerComplaint } from '../../src/usecases/complaints/register-complaint.ts';
import { createUnit } from '../../src/usecases/units/units.ts';
import { forEachDatabase } from '../support/databases.ts';
import { actorOf, makeOrganisationWithRegulation, makeUser } from '../support/factories.ts';
import { PageClient, testApp } from '../support/http.ts';

/**
 * The start page's "Te laat afgehandeld" (walking the demo: a bare link "Klachten die te laat zijn afgehandeld" sat on
 * the coordinator's page like a heading with nothing under it): a section with the link only when the coordinator may
 * see such a complaint, else its empty state; need-to-know as in the list; nothing for who is no coordinator.
 */
forEachDatabase('start page: complaints decided late', (ctx) => {
  let db: Kysely<DB>;
  let org: Awaited<ReturnType<typeof makeOrganisationWithRegulation>>;
  let otherUnitCoordinator: Awaited<ReturnType<typeof makeUser>>;
  let complaintId: string;
  const startOf = async (user: { email: string; password: string }) => {
    const client = new PageClient(await testApp(ctx.database));
    await client.logIn(user.email, user.password);
    const { res, html } = await client.get('/start');
    assert.equal(res.status, 200);
    return html;
  };
  const LINK = /<a class="utrecht-link" href="\/klachten\?decidedLate=ja">Klachten die te laat zijn afgehandeld bekijken<\/a>/;
  const EMPTY = /Er zijn geen klachten die te laat zijn afgehandeld\./;

  before(async () => {
    db = ctx.database.db;
    org = await makeOrganisationWithRegulation(db, 'stadsring51');
    const other = await db.transaction().execute((tx) => createUnit(tx, org.org.id, { name: 'Andere afdeling', kind: 'afdeling', parentId: null }, null));
    otherUnitCoordinator = await makeUser(db, org.org.id, 'coordinator', { unitId: other.id });
    const coordinator = await actorOf(db, org.coordinator);
    complaintId = (
      await registerComplaint(db, {
        organisationId: org.org.id,
        actor: coordinator,
        door: 'staff',
        input: { unitId: org.unit.id, channel: 'letter', documentDate: today(), description: 'De medewerker kwam niet opdagen.', complainant: { relation: 'client', name: 'Jan Jansen', postalAddress: 'Dorpsstraat 1, 1234 AB Ergens' }, signed: true },
      })
    ).id;
  });

  it('none decided late: the section says so, with no link to an empty list', async () => {
    assert.equal(await anyDecidedLate(db, await actorOf(db, org.coordinator)), false);
    const html = await startOf(org.coordinator);
    assert.match(html, /<h2 class="utrecht-heading-2" id="te-laat-afgehandeld">\s*Te laat afgehandeld/);
    assert.match(html, EMPTY);
    assert.doesNotMatch(html, /href="\/klachten\?decidedLate=ja"/);
  });

  it('one decided late: the link for who may see it; the empty state for a coordinator of another unit; nothing for a handler', async () => {
    // The projection a late decision writes (as running-deadlines.test.ts does): closed, decided after its term.
    await db.updateTable('complaints').set({ status: 'closed', closed_at: new Date(), decided_late: true }).where('id', '=', complaintId).execute();
    assert.equal(await anyDecidedLate(db, await actorOf(db, org.coordinator)), true);
    const html = await startOf(org.coordinator);
    assert.match(html, LINK);
    assert.doesNotMatch(html, EMPTY);
    // Need-to-know: the late complaint is in a unit this coordinator does not coordinate.
    assert.equal(await anyDecidedLate(db, await actorOf(db, otherUnitCoordinator)), false);
    const other = await startOf(otherUnitCoordinator);
    assert.doesNotMatch(other, LINK);
    assert.match(other, EMPTY);
    const handler = await startOf(org.handler);
    assert.doesNotMatch(handler, /te-laat-afgehandeld|decidedLate=ja/);
    assert.equal(await anyDecidedLate(db, await actorOf(db, org.handler)), null);
  });
});
