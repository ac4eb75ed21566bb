import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import { ROLES } from '../../src/db/types.ts';
import { AppError } from '../../src/shared/errors.ts';
import { createApiToken } from '../../src/usecases/auth/api-tokens.ts';
import { THROTTLE } from '../../src/usecases/auth/throttle.ts';
import { blockUser } from '../../src/usecases/users/manage.ts';
import { forEachDatabase } from '../support/databases.ts';
import { makeOrganisation, makeToken, makeUser } from '../support/factories.ts';
import { PageClient, testApp } from '../support/http.ts';

forEachDatabase('log-in, sessions, CSRF and API tokens', (ctx) => {
  let org: Awaited<ReturnType<typeof makeOrganisation>>;
  let coordinator: Awaited<ReturnType<typeof makeUser>>;

  before(async () => {
    org = await makeOrganisation(ctx.database.db);
    coordinator = await makeUser(ctx.database.db, org.org.id, 'coordinator');
  });

  it('logs in with e-mail and password, shows the start page, logs out', async () => {
    const client = new PageClient(await testApp(ctx.database));
    const login = await client.logIn(coordinator.email.toUpperCase(), coordinator.password);
    assert.equal(login.status, 303);
    assert.equal(login.headers.get('location'), '/start');
    const cookie = login.headers.getSetCookie().find((c) => c.startsWith('kw_session='));
    assert.ok(cookie && /HttpOnly/i.test(cookie) && /SameSite=Lax/i.test(cookie), 'session cookie is HttpOnly and SameSite');
    const start = await client.get('/start');
    assert.equal(start.res.status, 200);
    assert.ok(start.html.includes(org.org.name));
    assert.ok(start.html.includes(org.unit.name));
    const out = await client.postForm('/uitloggen', { _csrf: start.csrf });
    assert.equal(out.status, 303);
    const after = await client.request('/start');
    assert.equal(after.status, 303);
    assert.match(after.headers.get('location') ?? '', /^\/inloggen/);
  });

  it('refuses a wrong password with a message and keeps the e-mail address typed', async () => {
    const client = new PageClient(await testApp(ctx.database));
    const res = await client.logIn(coordinator.email, 'helemaal verkeerd!');
    assert.equal(res.status, 401);
    const html = await res.text();
    assert.ok(html.includes('Het e-mailadres of het wachtwoord klopt niet.'));
    assert.ok(html.includes(`value="${coordinator.email}"`));
  });

  it('throttles repeated failed log-ins, even with the right password afterwards', async () => {
    const victim = await makeUser(ctx.database.db, org.org.id, 'handler');
    const client = new PageClient(await testApp(ctx.database));
    for (let i = 0; i < THROTTLE.maxFailures; i++) assert.equal((await client.logIn(victim.email, 'fout wachtwoord ' + i)).status, 401);
    const blocked = await client.logIn(victim.email, victim.password);
    assert.equal(blocked.status, 429);
    assert.ok((await blocked.text()).includes('Te veel mislukte pogingen'));
  });

  it('refuses a form post without the CSRF token', async () => {
    const client = new PageClient(await testApp(ctx.database));
    await client.logIn(coordinator.email, coordinator.password);
    const res = await client.postForm('/account/sleutels', { name: 'zonder token' });
    assert.equal(res.status, 403);
    const forged = await client.postForm('/account/sleutels', { name: 'vervalst', _csrf: 'x'.repeat(43) });
    assert.equal(forged.status, 403);
  });

  it('creates an API token once, uses it, and revokes it', async () => {
    const client = new PageClient(await testApp(ctx.database));
    await client.logIn(coordinator.email, coordinator.password);
    const { csrf } = await client.get('/account/sleutels');
    const created = await client.postForm('/account/sleutels', { _csrf: csrf, name: 'koppeling' });
    assert.equal(created.status, 200);
    const html = await created.text();
    const token = /class="kw-token">(kw_[\w-]+)</.exec(html)?.[1];
    assert.ok(token, 'the new token is shown once');
    const app = await testApp(ctx.database);
    const me = await app.request('/api/v1/me', { headers: { authorization: `Bearer ${token}` } });
    assert.equal(me.status, 200);
    assert.equal(((await me.json()) as { email: string }).email, coordinator.email);
    const row = await ctx.database.db.selectFrom('api_tokens').select(['id', 'token_hash']).where('name', '=', 'koppeling').executeTakeFirstOrThrow();
    assert.notEqual(row.token_hash, token, 'only a hash is stored');
    const page = await client.get('/account/sleutels');
    const revoke = await client.postForm(`/account/sleutels/${row.id}/intrekken`, { _csrf: page.csrf });
    assert.equal(revoke.status, 303);
    const after = await app.request('/api/v1/me', { headers: { authorization: `Bearer ${token}` } });
    assert.equal(after.status, 401);
  });

  it('who may make API keys is one rule: every role sees the menu item and the page; an account without a role or a blocked one cannot', async () => {
    const db = ctx.database.db;
    for (const role of ROLES) {
      const user = await makeUser(db, org.org.id, role);
      const client = new PageClient(await testApp(ctx.database));
      assert.equal((await client.logIn(user.email, user.password)).status, 303, role);
      assert.ok((await client.get('/start')).html.includes('href="/account/sleutels"'), `menu for ${role}`);
      assert.equal((await client.get('/account/sleutels')).res.status, 200, `page for ${role}`);
    }
    const roleless = await makeUser(db, org.org.id, 'handler');
    await db.deleteFrom('role_assignments').where('user_id', '=', roleless.user.id).execute();
    const client = new PageClient(await testApp(ctx.database));
    await client.logIn(roleless.email, roleless.password);
    assert.ok(!(await client.get('/start')).html.includes('href="/account/sleutels"'), 'no menu item without a role');
    assert.equal((await client.get('/account/sleutels')).res.status, 403);
    const refused = (reason: RegExp) => (err: unknown) => err instanceof AppError && err.code === 'not_permitted' && reason.test(err.message);
    await assert.rejects(db.transaction().execute((tx) => createApiToken(tx, { userId: roleless.user.id, organisationId: org.org.id }, { name: 'x' })), refused(/geen rol/));
    const blocked = await makeUser(db, org.org.id, 'coordinator');
    await db.transaction().execute((tx) => blockUser(tx, { organisationId: org.org.id, userId: null }, blocked.user.id));
    await assert.rejects(db.transaction().execute((tx) => createApiToken(tx, { userId: blocked.user.id, organisationId: org.org.id }, { name: 'x' })), refused(/geblokkeerd/));
  });

  it('keeps what an admin typed when a new user is invalid, and never echoes the password', async () => {
    const admin = await makeUser(ctx.database.db, org.org.id, 'admin');
    const client = new PageClient(await testApp(ctx.database));
    await client.logIn(admin.email, admin.password);
    const { csrf } = await client.get('/beheer/gebruikers');
    const res = await client.postForm('/beheer/gebruikers', { _csrf: csrf, name: 'Piet Nieuw', email: 'geen-email', password: 'geheim-maar-kort', role: 'handler' });
    assert.equal(res.status, 422);
    const html = await res.text();
    assert.ok(html.includes('Vul een geldig e-mailadres in'));
    assert.ok(html.includes('value="Piet Nieuw"'));
    assert.ok(!html.includes('geheim-maar-kort'));
  });

  it('records log-ins and token creation in the audit log', async () => {
    const rows = await ctx.database.db.selectFrom('audit_log').select('action').where('organisation_id', '=', org.org.id).execute();
    const actions = new Set(rows.map((r) => r.action));
    assert.ok(actions.has('session.logged_in'));
    assert.ok(actions.has('api_token.created'));
    await makeToken(ctx.database.db, org.org.id, coordinator.user.id);
  });
});
