import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import type { Kysely } from 'kysely';
import type { DB } from '../../src/db/types.ts';
import { notificationKindsOf, preferencesOf, savePreferences } from '../../src/usecases/notifications/inbox.ts';
import { KIND_LABELS, NOTIFICATION_KINDS, receivableKinds } from '../../src/usecases/notifications/kinds.ts';
import { forEachDatabase } from '../support/databases.ts';
import { actorOf, makeOrganisationWithRegulation, makeUser, TEST_PASSWORD } from '../support/factories.ts';
import { PageClient, testApp } from '../support/http.ts';

/**
 * /account/meldingen offers only the kinds of notification a user can receive (found walking the demo: every role
 * was offered all ten, the intake desk "nieuwe klacht wacht op indeling" which only coordinators get). A saved
 * choice of a kind not offered stays as it was.
 */
const offered = (html: string) => NOTIFICATION_KINDS.filter((k) => html.includes(`name="deliveries.${k}"`));

it('who can receive what: handling roles the complaint kinds, coordinators intake and mail, the whole organisation retention', () => {
  assert.deepEqual(receivableKinds({ roles: [{ role: 'intake', unitId: 'u' }] }, false), ['measure_overdue']);
  assert.deepEqual(receivableKinds({ roles: [{ role: 'admin', unitId: null }] }, false), ['measure_overdue']);
  assert.deepEqual(receivableKinds({ roles: [{ role: 'board', unitId: null }] }, true), ['escalated', 'measure_overdue'], 'bound to a regulation role: can be escalated to');
  assert.deepEqual(receivableKinds({ roles: [{ role: 'handler', unitId: 'u' }] }, false), ['assigned', 'escalated', 'term_ending', 'overdue', 'complainant_added', 'complainant_withdrew', 'complainant_requested_judgement', 'measure_overdue']);
  assert.deepEqual(receivableKinds({ roles: [{ role: 'coordinator', unitId: 'u' }] }, false), NOTIFICATION_KINDS.filter((k) => k !== 'retention_due'), 'a unit coordinator hears no retention (org-wide only)');
  assert.deepEqual(receivableKinds({ roles: [{ role: 'coordinator', unitId: null }] }, false), [...NOTIFICATION_KINDS]);
});

forEachDatabase('notification kinds per role', (ctx) => {
  let db: Kysely<DB>;
  let org: Awaited<ReturnType<typeof makeOrganisationWithRegulation>>;
  before(async () => {
    db = ctx.database.db;
    org = await makeOrganisationWithRegulation(db, 'stadsring51');
  });

  it('the intake desk is offered only what it can receive; saving keeps a saved choice of another kind', async () => {
    const intake = await actorOf(db, org.intake);
    // Saved before (all kinds, as the old page saved them): "nieuw binnengekomen" off, 5 days before a term ends.
    await savePreferences(db, intake, { deliveries: { ...Object.fromEntries(NOTIFICATION_KINDS.map((k) => [k, 'now'])), new_in_unit: 'off' }, termDays: '5' });
    assert.deepEqual(await notificationKindsOf(db, intake), ['measure_overdue']);
    const client = new PageClient(await testApp(ctx.database));
    await client.logIn(org.intake.email, TEST_PASSWORD);
    const page = await client.get('/account/meldingen');
    assert.equal(page.res.status, 200);
    assert.deepEqual(offered(page.html), ['measure_overdue']);
    assert.ok(!page.html.includes(KIND_LABELS.new_in_unit), 'no "nieuwe klacht wacht op indeling" for the intake desk');
    assert.ok(!page.html.includes('name="termDays"'), 'no days before a term ends: the intake desk hears no terms');
    const res = await client.postForm('/account/meldingen', { _csrf: page.csrf, 'deliveries.measure_overdue': 'digest' });
    assert.equal(res.status, 303);
    const prefs = await preferencesOf(db, intake);
    assert.equal(prefs.deliveries.measure_overdue, 'digest');
    assert.equal(prefs.deliveries.new_in_unit, 'off', 'the saved choice of a kind not offered stays');
    assert.equal(prefs.termDays, 5, 'the saved number of days stays');
  });

  it('a handler is offered the kinds of his complaints, a coordinator of the whole organisation all of them', async () => {
    const handlerClient = new PageClient(await testApp(ctx.database));
    await handlerClient.logIn(org.handler.email, TEST_PASSWORD);
    const handlerPage = await handlerClient.get('/account/meldingen');
    assert.deepEqual(offered(handlerPage.html), ['assigned', 'escalated', 'term_ending', 'overdue', 'complainant_added', 'complainant_withdrew', 'complainant_requested_judgement', 'measure_overdue']);
    assert.ok(handlerPage.html.includes('name="termDays"'));
    const coordinatorClient = new PageClient(await testApp(ctx.database));
    await coordinatorClient.logIn(org.coordinator.email, TEST_PASSWORD);
    assert.deepEqual(offered((await coordinatorClient.get('/account/meldingen')).html), [...NOTIFICATION_KINDS]);
    const admin = await makeUser(db, org.org.id, 'admin');
    const adminClient = new PageClient(await testApp(ctx.database));
    await adminClient.logIn(admin.email, TEST_PASSWORD);
    assert.deepEqual(offered((await adminClient.get('/account/meldingen')).html), ['measure_overdue']);
  });
});
