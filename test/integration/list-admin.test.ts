import assert from 'node:assert/strict';
import { it } from 'node:test';
import { forEachDatabase } from '../support/databases.ts';
import { makeOrganisationWithRegulation, makeUser } from '../support/factories.ts';
import { PageClient, testApp } from '../support/http.ts';

/**
 * Found walking the demo: the admin's /klachten showed the role notice before the h1, and tabs and a filter form on a
 * page that can show him nothing. The h1 comes first, then the notice; no tabs, no form. A coordinator keeps them.
 */
forEachDatabase('complaint list for a role that sees no dossiers', (ctx) => {
  it('the admin: h1 first, then the notice, no filter form; the coordinator keeps the form', async () => {
    const db = ctx.database.db;
    const org = await makeOrganisationWithRegulation(db, 'stadsring51');
    const admin = await makeUser(db, org.org.id, 'admin');
    const client = new PageClient(await testApp(ctx.database));
    await client.logIn(admin.email, admin.password);
    const { res, html } = await client.get('/klachten');
    assert.equal(res.status, 200);
    const h1 = html.indexOf('<h1');
    const notice = html.indexOf('Met uw rol ziet u geen klachtdossiers');
    assert.ok(h1 >= 0 && notice > h1, 'the h1 before the notice');
    assert.ok(!html.includes('role="search"'), 'no filter form');
    assert.ok(!html.includes('aria-label="Soort registratie"'), 'no tabs');
    const coordinator = new PageClient(await testApp(ctx.database));
    await coordinator.logIn(org.coordinator.email, org.coordinator.password);
    const list = (await coordinator.get('/klachten')).html;
    assert.ok(list.includes('role="search"'));
    assert.ok(!list.includes('Met uw rol ziet u geen klachtdossiers'));
  });
});
