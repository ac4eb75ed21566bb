import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import type { Kysely } from 'kysely';
import type { DB } from '../../src/db/types.ts';
import type { Actor } from '../../src/usecases/actor.ts';
import { performAction } from '../../src/usecases/complaints/perform-action.ts';
import { registerComplaint } from '../../src/usecases/complaints/register-complaint.ts';
import { today } from '../../src/usecases/complaints/dossier.ts';
import { inboxOf } from '../../src/usecases/notifications/inbox.ts';
import { forEachDatabase } from '../support/databases.ts';
import { actorOf, makeOrganisationWithRegulation, makeUser } from '../support/factories.ts';

/**
 * Found walking the demo: a coordinator's "Klacht X is nieuw binnengekomen" stayed new (unread, bold on the start page)
 * after the complaint was assigned and handled. For a klachtenfunctionaris it is done once someone took the complaint
 * up: it got a handler or left "nieuw". Then it is read for every coordinator who was told, also the one who acted.
 */
forEachDatabase('"nieuw binnengekomen" is done once the complaint is taken up', (ctx) => {
  let db: Kysely<DB>;
  let org: Awaited<ReturnType<typeof makeOrganisationWithRegulation>>;
  let intake: Actor;
  let coordinator: Actor;
  let other: Actor;
  before(async () => {
    db = ctx.database.db;
    org = await makeOrganisationWithRegulation(db, 'stadsring51');
    intake = await actorOf(db, org.intake);
    coordinator = await actorOf(db, org.coordinator);
    other = await actorOf(db, await makeUser(db, org.org.id, 'coordinator'));
  });

  const register = () =>
    registerComplaint(db, {
      organisationId: org.org.id,
      actor: intake,
      door: 'staff',
      input: {
        channel: 'letter',
        receivedOn: today(),
        description: 'De medewerker kwam drie keer niet opdagen bij de afspraak.',
        complainant: { relation: 'client', name: 'Jan Jansen', postalAddress: 'Dorpsstraat 1, 1234 AB Ergens' },
        signed: true,
        documentDate: today(),
      },
    });
  const newInUnit = async (actor: Actor, complaintId: string) => {
    const rows = await db.selectFrom('notifications').select('read_at').where('user_id', '=', actor.userId).where('complaint_id', '=', complaintId).where('kind', '=', 'new_in_unit').execute();
    assert.equal(rows.length, 1, 'the coordinator was told');
    return rows[0]!.read_at === null ? 'unread' : 'read';
  };

  it('an acknowledgement does not take it up; assigning does, for every coordinator', async () => {
    const c = await register();
    assert.equal(await newInUnit(coordinator, c.id), 'unread');
    assert.equal(await newInUnit(other, c.id), 'unread');
    await performAction(db, coordinator, c.id, 'acknowledge', {});
    assert.equal(await newInUnit(coordinator, c.id), 'unread', 'acknowledged, still waiting for someone to take it up');
    await performAction(db, coordinator, c.id, 'assign', { handlerUserId: org.handler.user.id });
    assert.equal(await newInUnit(coordinator, c.id), 'read', 'the coordinator who assigned it');
    assert.equal(await newInUnit(other, c.id), 'read', 'the other coordinator');
    const inbox = await inboxOf(db, other);
    assert.equal(inbox.items.find((i) => i.kind === 'new_in_unit' && i.href === `/klachten/${c.id}`)?.read, true);
  });

  it('a complaint that leaves "nieuw" without a handler (withdrawn) is done too; another new complaint stays new', async () => {
    const a = await register();
    const b = await register();
    await performAction(db, coordinator, a.id, 'withdraw', { reason: 'De klager is tevreden.', on: today() });
    assert.equal(await newInUnit(other, a.id), 'read');
    assert.equal(await newInUnit(other, b.id), 'unread', 'only the complaint taken up');
  });
});
