import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { listSecurityEvents } from '../../src/usecases/security/events.ts';
import { SSO_RATE_LIMIT } from '../../src/usecases/sso/login.ts';
import { forEachDatabase } from '../support/databases.ts';
import { makeOrganisation, makeUser } from '../support/factories.ts';
import { PageClient, testApp } from '../support/http.ts';
import { freePort } from '../support/pg-server.ts';
import { startOidcProvider, type OidcTestProvider, type TestIdentity } from '../support/oidc-provider.ts';

/**
 * Single sign-on per organisation (issue 11, ADR 0022) against a real OpenID provider (oidc-provider) started here:
 * the admin's configuration page (errors at the field, the secret stored encrypted, "Verbinding testen"), and the
 * whole authorization code flow for: a matching user (another case) gets a session; an e-mail address of another
 * organisation, an unverified address, a blocked user, a refusal by the provider, a wrong state and a missing state
 * cookie get none, each with a Dutch page and a security event without the e-mail address.
 */
forEachDatabase('single sign-on with OpenID Connect', (ctx) => {
  let idp: OidcTestProvider;
  let orgA: Awaited<ReturnType<typeof makeOrganisation>>;
  let orgB: Awaited<ReturnType<typeof makeOrganisation>>;
  let admin: Awaited<ReturnType<typeof makeUser>>;
  let handler: Awaited<ReturnType<typeof makeUser>>;
  let otherOrgUser: Awaited<ReturnType<typeof makeUser>>;
  let app: Awaited<ReturnType<typeof testApp>>;
  const BASE = 'http://localhost:3000'; // testApp's base URL

  const identity = (sub: string, email: string, verified = true): TestIdentity => ({ sub, email, email_verified: verified, name: 'Iemand' });

  /** Start at Klachtwijs, sign in at the provider as `who`, come back to the callback. */
  async function ssoFlow(client: PageClient, slug: string, who: TestIdentity | 'deny', tamper?: (u: URL) => void): Promise<Response> {
    if (who === 'deny') idp.denyNext();
    else idp.loginAs(who);
    const start = await client.request(`/${slug}/inloggen/sso/start`);
    assert.equal(start.status, 303, 'the start redirects to the provider');
    const toProvider = start.headers.get('location') ?? '';
    assert.ok(toProvider.startsWith(idp.issuer), `goes to the provider: ${toProvider}`);
    const q = new URL(toProvider).searchParams;
    assert.equal(q.get('code_challenge_method'), 'S256', 'PKCE');
    assert.ok(q.get('state') && q.get('nonce'), 'state and nonce');
    const back = new URL(await idp.follow(toProvider));
    assert.equal(`${back.origin}${back.pathname}`, `${BASE}/${slug}/inloggen/sso/terug`);
    tamper?.(back);
    return client.request(back.pathname + back.search);
  }

  async function loggedIn(client: PageClient): Promise<boolean> {
    const res = await client.request('/start');
    return res.status === 200;
  }

  before(async () => {
    const db = ctx.database.db;
    orgA = await makeOrganisation(db, 'Zorggroep Aa');
    orgB = await makeOrganisation(db, 'Zorggroep Bee');
    admin = await makeUser(db, orgA.org.id, 'admin');
    handler = await makeUser(db, orgA.org.id, 'handler', { unitId: orgA.unit.id });
    otherOrgUser = await makeUser(db, orgB.org.id, 'coordinator');
    idp = await startOidcProvider({ redirectUris: [`${BASE}/${orgA.org.slug}/inloggen/sso/terug`] });
    app = await testApp(ctx.database);
  });
  after(async () => {
    await idp?.stop();
  });

  it('the start page does not exist while single sign-on is not set or switched off, nor for an unknown organisation', async () => {
    const client = new PageClient(app);
    assert.equal((await client.request(`/${orgA.org.slug}/inloggen/sso`)).status, 404);
    assert.equal((await client.request(`/${orgA.org.slug}/inloggen/sso/start`)).status, 404);
    assert.equal((await client.request('/bestaat-niet/inloggen/sso')).status, 404);
  });

  it('the admin sets the provider: errors at the field, the secret encrypted, Verbinding testen against the provider', async () => {
    const client = new PageClient(app);
    await client.logIn(admin.email, admin.password);
    const first = await client.get('/beheer/eenmalig-inloggen');
    assert.equal(first.res.status, 200);
    let { html, csrf } = first;
    assert.ok(html.includes(`${BASE}/${orgA.org.slug}/inloggen/sso/terug`), 'shows the redirect URI to register');
    assert.ok(html.includes('tweede stap'), 'says the provider is responsible for the second factor');

    // Plain http for a host that is not this machine is refused; what was typed stays (the secret does not).
    let post = await client.postForm('/beheer/eenmalig-inloggen', { _csrf: csrf, displayName: 'Testprovider', issuerUrl: 'http://idp.example.org', clientId: idp.clientId, clientSecret: idp.clientSecret, scopes: 'openid email profile', enabled: 'ja' });
    assert.equal(post.status, 422);
    html = await post.text();
    assert.ok(html.includes('moet met https:// beginnen'));
    assert.ok(html.includes('value="http://idp.example.org"'));
    assert.ok(!html.includes(idp.clientSecret), 'the secret is never sent back');

    // A provider that does not answer: a Dutch message.
    post = await client.postForm('/beheer/eenmalig-inloggen', { _csrf: csrf, displayName: 'Testprovider', issuerUrl: `http://127.0.0.1:${await freePort()}`, clientId: idp.clientId, clientSecret: idp.clientSecret, scopes: 'openid email profile' });
    assert.equal(post.status, 303);
    ({ csrf } = await client.get('/beheer/eenmalig-inloggen'));
    post = await client.postForm('/beheer/eenmalig-inloggen/testen', { _csrf: csrf });
    html = await post.text();
    assert.ok(html.includes('De verbinding werkt niet. De identiteitsprovider weigert de verbinding.'), html.slice(html.indexOf('utrecht-alert'), html.indexOf('utrecht-alert') + 300));

    // The right issuer, switched on; an empty secret keeps the stored one.
    post = await client.postForm('/beheer/eenmalig-inloggen', { _csrf: csrf, displayName: 'Testprovider', issuerUrl: idp.issuer, clientId: idp.clientId, clientSecret: '', scopes: 'openid email profile', enabled: 'ja' });
    assert.equal(post.status, 303);
    post = await client.postForm('/beheer/eenmalig-inloggen/testen', { _csrf: csrf });
    html = await post.text();
    assert.ok(html.includes('De verbinding werkt.'), 'discovery against the real provider works');
    assert.ok(html.includes('Eenmalig inloggen staat aan.'));

    const row = await ctx.database.db.selectFrom('sso_providers').selectAll().where('organisation_id', '=', orgA.org.id).executeTakeFirstOrThrow();
    assert.ok(row.client_secret_enc.startsWith('v1:') && !row.client_secret_enc.includes(idp.clientSecret), 'the secret is stored encrypted');

    // Only the admin: a handler gets no configuration page.
    const staff = new PageClient(app);
    await staff.logIn(handler.email, handler.password);
    assert.notEqual((await staff.request('/beheer/eenmalig-inloggen')).status, 200);
  });

  it('the start page offers "Inloggen met <naam>"', async () => {
    const { res, html } = await new PageClient(app).get(`/${orgA.org.slug}/inloggen/sso`);
    assert.equal(res.status, 200);
    assert.ok(html.includes('Inloggen met Testprovider'));
    assert.ok(html.includes(`href="/${orgA.org.slug}/inloggen/sso/start"`));
  });

  it('a user of the organisation (e-mail in another case) gets a session, recorded as sso_login and audited', async () => {
    const client = new PageClient(app);
    const res = await ssoFlow(client, orgA.org.slug, identity('handler-sub', handler.email.toUpperCase()));
    assert.equal(res.status, 303, await res.clone().text());
    assert.equal(res.headers.get('location'), '/start');
    const cookie = res.headers.getSetCookie().find((c) => c.startsWith('kw_session='));
    assert.ok(cookie && /HttpOnly/i.test(cookie), 'a session cookie');
    const start = await client.get('/start');
    assert.equal(start.res.status, 200);
    assert.ok(start.html.includes(orgA.org.name));
    const events = await listSecurityEvents(ctx.database.db, orgA.org.id, { kinds: ['sso_login'] });
    assert.equal(events[0]?.user_id, handler.user.id);
    const audited = await ctx.database.db.selectFrom('audit_log').select('details').where('action', '=', 'session.logged_in').where('actor_user_id', '=', handler.user.id).execute();
    assert.ok(audited.some((a) => (a.details as { via?: string }).via === 'sso'), 'the session start is audited as via sso');
  });

  it('an e-mail address of another organisation gets no session (users are matched within the organisation only)', async () => {
    const client = new PageClient(app);
    const res = await ssoFlow(client, orgA.org.slug, identity('other-sub', otherOrgUser.email));
    assert.equal(res.status, 403);
    const html = await res.text();
    assert.ok(html.includes(`Er is geen account met dit e-mailadres bij ${orgA.org.name}. Vraag de beheerder om een account.`));
    assert.ok(!res.headers.getSetCookie().some((c) => c.startsWith('kw_session=')));
    assert.equal(await loggedIn(client), false);
    const [event] = await listSecurityEvents(ctx.database.db, orgA.org.id, { kinds: ['sso_failed'], limit: 1 });
    assert.deepEqual(event?.detail, { reason: 'no_account' });
    assert.ok(!JSON.stringify(event).includes(otherOrgUser.email), 'no e-mail address in the security event');
  });

  it('an unverified e-mail address is refused', async () => {
    const client = new PageClient(app);
    const res = await ssoFlow(client, orgA.org.slug, identity('unverified-sub', handler.email, false));
    assert.equal(res.status, 403);
    assert.ok((await res.text()).includes('niet bevestigd'));
    assert.equal(await loggedIn(client), false);
    const [event] = await listSecurityEvents(ctx.database.db, orgA.org.id, { kinds: ['sso_failed'], limit: 1 });
    assert.deepEqual(event?.detail, { reason: 'email_not_verified' });
  });

  it('a blocked user gets no session', async () => {
    const blocked = await makeUser(ctx.database.db, orgA.org.id, 'handler', { unitId: orgA.unit.id });
    await ctx.database.db.updateTable('users').set({ disabled_at: new Date() }).where('id', '=', blocked.user.id).execute();
    const client = new PageClient(app);
    const res = await ssoFlow(client, orgA.org.slug, identity('blocked-sub', blocked.email));
    assert.equal(res.status, 403);
    assert.equal(await loggedIn(client), false);
    const [event] = await listSecurityEvents(ctx.database.db, orgA.org.id, { kinds: ['sso_failed'], limit: 1 });
    assert.deepEqual(event?.detail, { reason: 'account_blocked' });
  });

  it('a wrong state is refused, and so is a callback without the state cookie (another browser)', async () => {
    const client = new PageClient(app);
    const res = await ssoFlow(client, orgA.org.slug, identity('handler-sub', handler.email), (u) => u.searchParams.set('state', 'vervalst'));
    assert.equal(res.status, 400);
    assert.ok((await res.text()).includes('Het inloggen is verlopen of niet in deze browser begonnen.'));
    assert.equal(await loggedIn(client), false);

    // The code and state are right, but the callback arrives in a browser that did not start the log-in.
    const starter = new PageClient(app);
    idp.loginAs(identity('handler-sub', handler.email));
    const start = await starter.request(`/${orgA.org.slug}/inloggen/sso/start`);
    const back = new URL(await idp.follow(start.headers.get('location')!));
    const stranger = new PageClient(app);
    const res2 = await stranger.request(back.pathname + back.search);
    assert.equal(res2.status, 400);
    assert.equal(await loggedIn(stranger), false);
    const events = await listSecurityEvents(ctx.database.db, orgA.org.id, { kinds: ['sso_failed'], limit: 2 });
    assert.deepEqual(events.map((e) => e.detail), [{ reason: 'state_invalid' }, { reason: 'state_invalid' }]);
  });

  it('a refusal by the provider is shown and recorded', async () => {
    const client = new PageClient(app);
    const res = await ssoFlow(client, orgA.org.slug, 'deny');
    assert.equal(res.status, 403);
    assert.ok((await res.text()).includes('Testprovider heeft het inloggen niet toegestaan.'));
    assert.equal(await loggedIn(client), false);
    const [event] = await listSecurityEvents(ctx.database.db, orgA.org.id, { kinds: ['sso_failed'], limit: 1 });
    assert.deepEqual(event?.detail, { reason: 'provider_refused', error: 'access_denied' });
  });

  it('the same e-mail address with another subject (given to someone else at the provider) is refused until the admin removes the binding', async () => {
    const db = ctx.database.db;
    const client = new PageClient(app);
    const res = await ssoFlow(client, orgA.org.slug, identity('someone-else-sub', handler.email));
    assert.equal(res.status, 403);
    assert.ok((await res.text()).includes('gekoppeld aan een ander account van Testprovider'));
    assert.equal(await loggedIn(client), false);
    const [event] = await listSecurityEvents(db, orgA.org.id, { kinds: ['sso_failed'], limit: 1 });
    assert.deepEqual(event?.detail, { reason: 'subject_mismatch' });

    const adminClient = new PageClient(app);
    await adminClient.logIn(admin.email, admin.password);
    const { html, csrf } = await adminClient.get('/beheer/eenmalig-inloggen');
    const action = /action="(\/beheer\/eenmalig-inloggen\/koppelingen\/[0-9a-f-]{36}\/verwijderen)"/.exec(html)?.[1];
    assert.ok(action, 'the binding is listed with a button');
    assert.ok(html.includes(handler.email));
    assert.equal((await adminClient.postForm(action, { _csrf: csrf })).status, 303);
    assert.ok(await db.selectFrom('audit_log').select('id').where('action', '=', 'sso.link_removed').where('subject_id', '=', handler.user.id).executeTakeFirst(), 'audited');

    const again = await ssoFlow(new PageClient(app), orgA.org.slug, identity('someone-else-sub', handler.email));
    assert.equal(again.status, 303, 'after the binding is removed the next log-in binds again');
    const links = await db.selectFrom('sso_links').select(['subject', 'issuer']).where('user_id', '=', handler.user.id).execute();
    assert.deepEqual(links, [{ subject: 'someone-else-sub', issuer: idp.issuer }]);
  });

  it('under an https base URL an http issuer is never used, not even on this machine', async () => {
    const httpsApp = await testApp(ctx.database, { KLACHTWIJS_BASE_URL: 'https://klachten.example.nl' });
    const res = await new PageClient(httpsApp).request(`/${orgA.org.slug}/inloggen/sso/start`);
    assert.equal(res.status, 409);
    assert.equal(res.headers.get('location'), null, 'no redirect to the http provider');
    assert.ok((await res.text()).includes('niet bereikbaar'));
  });

  it('starts per client address are limited (in the database), with one rate_limited event per window', async () => {
    const client = new PageClient(app);
    let refused: Response | undefined;
    for (let i = 0; i < 2 * SSO_RATE_LIMIT.limit + 2 && !refused; i++) {
      const res = await client.request(`/${orgA.org.slug}/inloggen/sso/start`);
      if (res.status !== 303) refused = res;
    }
    assert.equal(refused?.status, 429);
    assert.ok((await refused!.text()).includes('Te veel pogingen om in te loggen vanaf dit adres.'));
    const events = await listSecurityEvents(ctx.database.db, orgA.org.id, { kinds: ['rate_limited'] });
    assert.equal(events.length, 1);
    assert.deepEqual(events[0]?.detail, { scope: 'sso' });
  });

  it('single sign-on of one organisation does not open another: its start page does not exist there', async () => {
    assert.equal((await new PageClient(app).request(`/${orgB.org.slug}/inloggen/sso/start`)).status, 404);
  });
});
