import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { verifyPassword } from '../../src/auth/password.ts';
import { THROTTLE } from '../../src/usecases/auth/throttle.ts';
import { removeRoleGrant } from '../../src/usecases/users/manage.ts';
import { forEachDatabase } from '../support/databases.ts';
import { actorOf, makeOrganisation, makeToken, makeUser } from '../support/factories.ts';
import { PageClient, testApp } from '../support/http.ts';
import { runCli } from '../support/cli.ts';

const NEW_PASSWORD = 'een heel nieuw wachtwoord';

forEachDatabase('account management by admins and users', (ctx) => {
  let org: Awaited<ReturnType<typeof makeOrganisation>>;
  let other: Awaited<ReturnType<typeof makeOrganisation>>;
  let admin: Awaited<ReturnType<typeof makeUser>>;

  before(async () => {
    org = await makeOrganisation(ctx.database.db);
    other = await makeOrganisation(ctx.database.db, 'Andere organisatie');
    admin = await makeUser(ctx.database.db, org.org.id, 'admin');
  });

  const signedIn = async (who: { email: string; password: string }) => {
    const client = new PageClient(await testApp(ctx.database));
    const res = await client.logIn(who.email, who.password);
    assert.equal(res.status, 303, `log-in of ${who.email}`);
    return client;
  };
  /** True when the client's session still opens a signed-in page. */
  const stillSignedIn = async (client: PageClient) => (await client.request('/start')).status === 200;
  const auditActions = async (subjectId: string) =>
    (await ctx.database.db.selectFrom('audit_log').select('action').where('subject_id', '=', subjectId).execute()).map((r) => r.action);
  const grantsOf = (userId: string) => ctx.database.db.selectFrom('role_assignments').select(['id', 'role', 'unit_id']).where('user_id', '=', userId).execute();

  it('lists users with a link to each detail page', async () => {
    const client = await signedIn(admin);
    const { res, html } = await client.get('/beheer/gebruikers');
    assert.equal(res.status, 200);
    assert.ok(html.includes(`href="/beheer/gebruikers/${admin.user.id}"`));
    const detail = await client.get(`/beheer/gebruikers/${admin.user.id}`);
    assert.equal(detail.res.status, 200);
    assert.ok(detail.html.includes('U kunt uzelf niet blokkeren.'));
    assert.ok(!detail.html.includes('Account blokkeren'), 'no block button on the own account');
  });

  it('blocks a user: their sessions end at once, log-in is refused and API tokens are revoked; unblocking lets them log in again', async () => {
    const victim = await makeUser(ctx.database.db, org.org.id, 'handler', { unitId: org.unit.id });
    const token = await makeToken(ctx.database.db, org.org.id, victim.user.id);
    const app = await testApp(ctx.database);
    const victimSession = await signedIn(victim);
    assert.equal((await app.request('/api/v1/me', { headers: { authorization: `Bearer ${token}` } })).status, 200);

    const client = await signedIn(admin);
    const { csrf } = await client.get(`/beheer/gebruikers/${victim.user.id}`);
    const res = await client.postForm(`/beheer/gebruikers/${victim.user.id}/blokkeren`, { _csrf: csrf });
    assert.equal(res.status, 303);
    assert.equal(res.headers.get('location'), `/beheer/gebruikers/${victim.user.id}?gedaan=geblokkeerd`);
    const shown = await client.get(res.headers.get('location')!);
    assert.ok(shown.html.includes('Het account is geblokkeerd.'));
    assert.ok(shown.html.includes('Account deblokkeren'));
    assert.ok((await client.get('/beheer/gebruikers')).html.includes('(geblokkeerd)'));

    const row = await ctx.database.db.selectFrom('users').select('disabled_at').where('id', '=', victim.user.id).executeTakeFirstOrThrow();
    assert.ok(row.disabled_at);
    const sessions = await ctx.database.db.selectFrom('sessions').select('id_hash').where('user_id', '=', victim.user.id).execute();
    assert.equal(sessions.length, 0, 'sessions deleted');
    assert.equal(await stillSignedIn(victimSession), false);
    assert.equal((await app.request('/api/v1/me', { headers: { authorization: `Bearer ${token}` } })).status, 401, 'API token refused while blocked');
    assert.equal((await new PageClient(app).logIn(victim.email, victim.password)).status, 401);

    const again = await client.get(`/beheer/gebruikers/${victim.user.id}`);
    const unblock = await client.postForm(`/beheer/gebruikers/${victim.user.id}/deblokkeren`, { _csrf: again.csrf });
    assert.equal(unblock.status, 303);
    assert.ok((await client.get(unblock.headers.get('location')!)).html.includes('Het account is weer actief.'));
    assert.equal((await new PageClient(app).logIn(victim.email, victim.password)).status, 303);
    // Issue 11: a block revokes the account's API tokens for good; unblocking does not bring them back.
    assert.equal((await app.request('/api/v1/me', { headers: { authorization: `Bearer ${token}` } })).status, 401, 'tokens stay revoked after unblocking');
    assert.deepEqual((await auditActions(victim.user.id)).filter((a) => a.startsWith('user.')).sort(), ['user.blocked', 'user.created', 'user.unblocked']);
  });

  it('refuses an admin blocking themselves, with a message; they stay logged in', async () => {
    const client = await signedIn(admin);
    const { csrf } = await client.get(`/beheer/gebruikers/${admin.user.id}`);
    const res = await client.postForm(`/beheer/gebruikers/${admin.user.id}/blokkeren`, { _csrf: csrf });
    assert.equal(res.status, 422);
    const html = await res.text();
    assert.ok(html.includes('U kunt uw eigen account niet blokkeren.'));
    assert.ok(html.includes('id="status-fout"'));
    const row = await ctx.database.db.selectFrom('users').select('disabled_at').where('id', '=', admin.user.id).executeTakeFirstOrThrow();
    assert.equal(row.disabled_at, null);
    assert.ok(await stillSignedIn(client));
  });

  it('sets a new password for a user: errors at the field without echo, then all their sessions end', async () => {
    const target = await makeUser(ctx.database.db, org.org.id, 'intake');
    const targetSession = await signedIn(target);
    const client = await signedIn(admin);
    const { csrf } = await client.get(`/beheer/gebruikers/${target.user.id}`);

    const short = await client.postForm(`/beheer/gebruikers/${target.user.id}/wachtwoord`, { _csrf: csrf, password: 'te-kort-pw' });
    assert.equal(short.status, 422);
    const html = await short.text();
    assert.ok(html.includes('id="password-fout"'));
    assert.ok(html.includes('Het wachtwoord moet minstens 12 tekens lang zijn.'));
    assert.ok(!html.includes('te-kort-pw'), 'the password is never echoed');
    assert.ok(await stillSignedIn(targetSession));

    const res = await client.postForm(`/beheer/gebruikers/${target.user.id}/wachtwoord`, { _csrf: csrf, password: NEW_PASSWORD });
    assert.equal(res.status, 303);
    assert.ok((await client.get(res.headers.get('location')!)).html.includes('Het nieuwe wachtwoord is ingesteld'));
    assert.equal(await stillSignedIn(targetSession), false, 'their sessions ended');
    const app = await testApp(ctx.database);
    assert.equal((await new PageClient(app).logIn(target.email, target.password)).status, 401, 'old password refused');
    assert.equal((await new PageClient(app).logIn(target.email, NEW_PASSWORD)).status, 303, 'new password works');
    const row = await ctx.database.db.selectFrom('users').select('password_hash').where('id', '=', target.user.id).executeTakeFirstOrThrow();
    assert.match(row.password_hash ?? '', /^\$argon2id\$/);
    assert.ok((await auditActions(target.user.id)).includes('user.password_set'));
    assert.ok(await stillSignedIn(client), 'the admin stays logged in');
  });

  it('refuses setting the own password on the admin page (it needs the current one)', async () => {
    const client = await signedIn(admin);
    const { csrf } = await client.get(`/beheer/gebruikers/${admin.user.id}`);
    const res = await client.postForm(`/beheer/gebruikers/${admin.user.id}/wachtwoord`, { _csrf: csrf, password: NEW_PASSWORD });
    assert.equal(res.status, 422);
    assert.ok((await res.text()).includes('Uw eigen wachtwoord wijzigt u op de pagina Wachtwoord wijzigen.'));
    assert.ok(await stillSignedIn(client));
  });

  it('adds and removes role grants, per organisation or unit; a change counts on the next request', async () => {
    const target = await makeUser(ctx.database.db, org.org.id, 'intake');
    const targetSession = await signedIn(target);
    assert.equal((await targetSession.request('/beheer/gebruikers')).status, 404);
    const client = await signedIn(admin);
    const { csrf } = await client.get(`/beheer/gebruikers/${target.user.id}`);

    const add = await client.postForm(`/beheer/gebruikers/${target.user.id}/rollen`, { _csrf: csrf, role: 'admin', unitId: '' });
    assert.equal(add.status, 303);
    assert.ok((await client.get(add.headers.get('location')!)).html.includes('De rol is toegevoegd.'));
    assert.equal((await targetSession.request('/beheer/gebruikers')).status, 200, 'the new role counts at once');

    const unit = await client.postForm(`/beheer/gebruikers/${target.user.id}/rollen`, { _csrf: csrf, role: 'handler', unitId: org.unit.id });
    assert.equal(unit.status, 303);
    const grants = await grantsOf(target.user.id);
    assert.ok(grants.some((g) => g.role === 'handler' && g.unit_id === org.unit.id));

    const duplicate = await client.postForm(`/beheer/gebruikers/${target.user.id}/rollen`, { _csrf: csrf, role: 'handler', unitId: org.unit.id });
    assert.equal(duplicate.status, 422);
    const dupHtml = await duplicate.text();
    assert.ok(dupHtml.includes('Deze gebruiker heeft deze rol al voor deze eenheid.'));
    assert.ok(dupHtml.includes('id="role-fout"'));
    assert.match(dupHtml, new RegExp(`<option value="${org.unit.id}" selected`), 'the chosen unit is kept');

    const noRole = await client.postForm(`/beheer/gebruikers/${target.user.id}/rollen`, { _csrf: csrf, role: 'koning', unitId: '' });
    assert.equal(noRole.status, 422);
    assert.ok((await noRole.text()).includes('Kies een rol.'));
    const foreignUnit = await client.postForm(`/beheer/gebruikers/${target.user.id}/rollen`, { _csrf: csrf, role: 'handler', unitId: other.unit.id });
    assert.equal(foreignUnit.status, 422);
    assert.ok((await foreignUnit.text()).includes('id="unitId-fout"'));

    const adminGrant = grants.find((g) => g.role === 'admin')!;
    const remove = await client.postForm(`/beheer/gebruikers/${target.user.id}/rollen/${adminGrant.id}/verwijderen`, { _csrf: csrf });
    assert.equal(remove.status, 303);
    assert.ok((await client.get(remove.headers.get('location')!)).html.includes('De rol is verwijderd.'));
    assert.equal((await targetSession.request('/beheer/gebruikers')).status, 404, 'the removed role no longer counts');
    const actions = await auditActions(target.user.id);
    assert.equal(actions.filter((a) => a === 'user.role_granted').length, 2);
    assert.ok(actions.includes('user.role_removed'));
  });

  it('refuses removing the own last admin role, but allows removing one of two', async () => {
    const me = await makeUser(ctx.database.db, org.org.id, 'admin');
    const client = await signedIn(me);
    const page = await client.get(`/beheer/gebruikers/${me.user.id}`);
    assert.ok(page.html.includes('Uw laatste beheerdersrol kunt u niet zelf verwijderen.'));
    const [only] = await grantsOf(me.user.id);
    const refused = await client.postForm(`/beheer/gebruikers/${me.user.id}/rollen/${only!.id}/verwijderen`, { _csrf: page.csrf });
    assert.equal(refused.status, 422);
    const html = await refused.text();
    assert.ok(html.includes('U kunt uw eigen laatste beheerdersrol niet verwijderen'));
    assert.ok(html.includes('id="rollen-fout"'));
    assert.equal((await grantsOf(me.user.id)).length, 1);

    const add = await client.postForm(`/beheer/gebruikers/${me.user.id}/rollen`, { _csrf: page.csrf, role: 'admin', unitId: org.unit.id });
    assert.equal(add.status, 303);
    const removeOne = await client.postForm(`/beheer/gebruikers/${me.user.id}/rollen/${only!.id}/verwijderen`, { _csrf: page.csrf });
    assert.equal(removeOne.status, 303);
    const left = await grantsOf(me.user.id);
    assert.deepEqual(left.map((g) => [g.role, g.unit_id]), [['admin', org.unit.id]]);
    const last = await client.postForm(`/beheer/gebruikers/${me.user.id}/rollen/${left[0]!.id}/verwijderen`, { _csrf: page.csrf });
    assert.equal(last.status, 422);
  });

  it('refuses a change by an admin who lost the admin role in the meantime (two admins cannot lock each other out)', async () => {
    const a = await makeUser(ctx.database.db, org.org.id, 'admin');
    const b = await makeUser(ctx.database.db, org.org.id, 'admin');
    const actorA = await actorOf(ctx.database.db, a);
    const actorB = await actorOf(ctx.database.db, b); // loaded before A's change, as a request in flight would be
    const [grantOfA] = await grantsOf(a.user.id);
    const [grantOfB] = await grantsOf(b.user.id);
    await ctx.database.db.transaction().execute((tx) => removeRoleGrant(tx, actorA, b.user.id, grantOfB!.id));
    await assert.rejects(
      ctx.database.db.transaction().execute((tx) => removeRoleGrant(tx, actorB, a.user.id, grantOfA!.id)),
      (err: Error & { code?: string }) => err.code === 'forbidden',
    );
    assert.equal((await grantsOf(a.user.id)).length, 1);
  });

  it('lets only one of two admins removing each other at the same moment succeed', async () => {
    const a = await makeUser(ctx.database.db, org.org.id, 'admin');
    const b = await makeUser(ctx.database.db, org.org.id, 'admin');
    const [actorA, actorB] = [await actorOf(ctx.database.db, a), await actorOf(ctx.database.db, b)];
    const [grantOfA] = await grantsOf(a.user.id);
    const [grantOfB] = await grantsOf(b.user.id);
    const results = await Promise.allSettled([
      ctx.database.db.transaction().execute((tx) => removeRoleGrant(tx, actorA, b.user.id, grantOfB!.id)),
      ctx.database.db.transaction().execute((tx) => removeRoleGrant(tx, actorB, a.user.id, grantOfA!.id)),
    ]);
    assert.deepEqual(results.map((r) => r.status).sort(), ['fulfilled', 'rejected']);
    const left = (await grantsOf(a.user.id)).length + (await grantsOf(b.user.id)).length;
    assert.equal(left, 1, 'one admin is left');
  });

  it('answers 404 for a user or grant of another organisation, and changes nothing', async () => {
    const stranger = await makeUser(ctx.database.db, other.org.id, 'admin');
    const strangerGrant = (await grantsOf(stranger.user.id))[0]!;
    const client = await signedIn(admin);
    const { csrf } = await client.get('/beheer/gebruikers');
    assert.equal((await client.request(`/beheer/gebruikers/${stranger.user.id}`)).status, 404);
    assert.equal((await client.request('/beheer/gebruikers/geen-id')).status, 404);
    assert.equal((await client.postForm(`/beheer/gebruikers/${stranger.user.id}/blokkeren`, { _csrf: csrf })).status, 404);
    assert.equal((await client.postForm(`/beheer/gebruikers/${stranger.user.id}/wachtwoord`, { _csrf: csrf, password: NEW_PASSWORD })).status, 404);
    assert.equal((await client.postForm(`/beheer/gebruikers/${stranger.user.id}/rollen`, { _csrf: csrf, role: 'handler', unitId: '' })).status, 404);
    assert.equal((await client.postForm(`/beheer/gebruikers/${stranger.user.id}/rollen/${strangerGrant.id}/verwijderen`, { _csrf: csrf })).status, 404);
    // A grant of another user, reached through a user of the own organisation.
    const mine = await makeUser(ctx.database.db, org.org.id, 'handler');
    assert.equal((await client.postForm(`/beheer/gebruikers/${mine.user.id}/rollen/${strangerGrant.id}/verwijderen`, { _csrf: csrf })).status, 404);
    const row = await ctx.database.db.selectFrom('users').select(['disabled_at', 'password_hash']).where('id', '=', stranger.user.id).executeTakeFirstOrThrow();
    assert.equal(row.disabled_at, null);
    assert.equal((await grantsOf(stranger.user.id)).length, 1);
    assert.equal((await new PageClient(await testApp(ctx.database)).logIn(stranger.email, stranger.password)).status, 303, 'password unchanged');
  });

  it('keeps the pages and actions for admins only', async () => {
    const coordinator = await makeUser(ctx.database.db, org.org.id, 'coordinator');
    const client = await signedIn(coordinator);
    const { csrf } = await client.get('/start');
    assert.equal((await client.request(`/beheer/gebruikers/${admin.user.id}`)).status, 404);
    assert.equal((await client.postForm(`/beheer/gebruikers/${admin.user.id}/blokkeren`, { _csrf: csrf })).status, 404);
    const row = await ctx.database.db.selectFrom('users').select('disabled_at').where('id', '=', admin.user.id).executeTakeFirstOrThrow();
    assert.equal(row.disabled_at, null);
  });

  it('refuses every account change without a valid CSRF token', async () => {
    const target = await makeUser(ctx.database.db, org.org.id, 'handler');
    const client = await signedIn(admin);
    for (const [pathname, fields] of [
      [`/beheer/gebruikers/${target.user.id}/blokkeren`, {}],
      [`/beheer/gebruikers/${target.user.id}/deblokkeren`, {}],
      [`/beheer/gebruikers/${target.user.id}/wachtwoord`, { password: NEW_PASSWORD }],
      [`/beheer/gebruikers/${target.user.id}/rollen`, { role: 'admin', unitId: '' }],
      ['/account/wachtwoord', { currentPassword: admin.password, newPassword: NEW_PASSWORD, newPasswordAgain: NEW_PASSWORD }],
    ] as const) {
      assert.equal((await client.postForm(pathname, fields)).status, 403, `${pathname} without token`);
      assert.equal((await client.postForm(pathname, { ...fields, _csrf: 'x'.repeat(43) })).status, 403, `${pathname} with a forged token`);
    }
    const row = await ctx.database.db.selectFrom('users').select('disabled_at').where('id', '=', target.user.id).executeTakeFirstOrThrow();
    assert.equal(row.disabled_at, null);
    assert.deepEqual((await grantsOf(target.user.id)).map((g) => g.role), ['handler']);
    assert.equal((await new PageClient(await testApp(ctx.database)).logIn(admin.email, admin.password)).status, 303, 'own password unchanged');
  });

  it('changes the own password: errors at the field, then other sessions end and this one stays', async () => {
    const user = await makeUser(ctx.database.db, org.org.id, 'handler');
    const here = await signedIn(user);
    const elsewhere = await signedIn(user);
    const { res: pageRes, csrf, html: pageHtml } = await here.get('/account/wachtwoord');
    assert.equal(pageRes.status, 200);
    assert.ok(pageHtml.includes('href="/account/wachtwoord"'), 'the link is in the menu');

    const wrong = await here.postForm('/account/wachtwoord', { _csrf: csrf, currentPassword: 'niet mijn wachtwoord', newPassword: NEW_PASSWORD, newPasswordAgain: NEW_PASSWORD });
    assert.equal(wrong.status, 422);
    const wrongHtml = await wrong.text();
    assert.ok(wrongHtml.includes('id="currentPassword-fout"'));
    assert.ok(!wrongHtml.includes('niet mijn wachtwoord') && !wrongHtml.includes(NEW_PASSWORD), 'passwords are never echoed');

    const mismatch = await here.postForm('/account/wachtwoord', { _csrf: csrf, currentPassword: user.password, newPassword: NEW_PASSWORD, newPasswordAgain: `${NEW_PASSWORD}!` });
    assert.equal(mismatch.status, 422);
    assert.ok((await mismatch.text()).includes('De twee nieuwe wachtwoorden zijn niet gelijk.'));
    const short = await here.postForm('/account/wachtwoord', { _csrf: csrf, currentPassword: user.password, newPassword: 'kort', newPasswordAgain: 'kort' });
    assert.equal(short.status, 422);
    assert.ok((await short.text()).includes('id="newPassword-fout"'));
    const same = await here.postForm('/account/wachtwoord', { _csrf: csrf, currentPassword: user.password, newPassword: user.password, newPasswordAgain: user.password });
    assert.equal(same.status, 422);
    assert.ok((await same.text()).includes('anders is dan uw huidige wachtwoord'));
    assert.ok(await stillSignedIn(elsewhere), 'nothing ended yet');

    const ok = await here.postForm('/account/wachtwoord', { _csrf: csrf, currentPassword: user.password, newPassword: NEW_PASSWORD, newPasswordAgain: NEW_PASSWORD });
    assert.equal(ok.status, 303);
    assert.equal(ok.headers.get('location'), '/account/wachtwoord?gewijzigd=1');
    assert.ok((await here.get('/account/wachtwoord?gewijzigd=1')).html.includes('Uw wachtwoord is gewijzigd.'));
    assert.ok(await stillSignedIn(here), 'this session stays');
    assert.equal(await stillSignedIn(elsewhere), false, 'the other session ended');
    const app = await testApp(ctx.database);
    assert.equal((await new PageClient(app).logIn(user.email, user.password)).status, 401);
    assert.equal((await new PageClient(app).logIn(user.email, NEW_PASSWORD)).status, 303);
    assert.ok((await auditActions(user.user.id)).includes('user.password_changed'));
  });

  it('throttles guessing the current password with a stolen session', async () => {
    const user = await makeUser(ctx.database.db, org.org.id, 'handler');
    const client = await signedIn(user);
    const { csrf } = await client.get('/account/wachtwoord');
    for (let i = 0; i < THROTTLE.maxFailures; i++) {
      const res = await client.postForm('/account/wachtwoord', { _csrf: csrf, currentPassword: `gok ${i}`, newPassword: NEW_PASSWORD, newPasswordAgain: NEW_PASSWORD });
      assert.equal(res.status, 422);
    }
    const blocked = await client.postForm('/account/wachtwoord', { _csrf: csrf, currentPassword: user.password, newPassword: NEW_PASSWORD, newPasswordAgain: NEW_PASSWORD });
    assert.equal(blocked.status, 429);
    assert.ok((await blocked.text()).includes('Te veel mislukte pogingen'));
    const row = await ctx.database.db.selectFrom('users').select('password_hash').where('id', '=', user.user.id).executeTakeFirstOrThrow();
    assert.ok(await verifyPassword(user.password, row.password_hash ?? ''), 'password unchanged');
  });
});

describe('klachtwijs users block/unblock/password', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'kw-cli-users-'));
  const env = { KLACHTWIJS_DATA_DIR: dir, KLACHTWIJS_DEMO: 'false' };
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('blocks, unblocks and sets a password, refusing an unknown user or a short password', async () => {
    const run = async (args: string[]) => runCli(args, env);
    assert.equal((await run(['orgs', 'create', '--slug', 'cli-gebruikers', '--name', 'CLI Gebruikers'])).code, 0);
    const created = await run(['users', 'create', '--org', 'cli-gebruikers', '--email', 'piet@cli.nl', '--role', 'handler', '--password', 'een eerste wachtwoord']);
    assert.equal(created.code, 0, created.stderr);
    const block = await run(['users', 'block', '--org', 'cli-gebruikers', '--email', 'Piet@cli.nl']);
    assert.equal(block.code, 0, block.stderr);
    assert.match(block.stdout, /geblokkeerd/);
    const unblock = await run(['users', 'unblock', '--org', 'cli-gebruikers', '--email', 'piet@cli.nl']);
    assert.equal(unblock.code, 0, unblock.stderr);
    assert.match(unblock.stdout, /gedeblokkeerd/);
    const short = await run(['users', 'password', '--org', 'cli-gebruikers', '--email', 'piet@cli.nl', '--password', 'kort']);
    assert.equal(short.code, 1);
    assert.match(short.stderr, /minstens 12 tekens/);
    const set = await run(['users', 'password', '--org', 'cli-gebruikers', '--email', 'piet@cli.nl', '--password', 'een tweede wachtwoord']);
    assert.equal(set.code, 0, set.stderr);
    const unknown = await run(['users', 'block', '--org', 'cli-gebruikers', '--email', 'niemand@cli.nl']);
    assert.equal(unknown.code, 1);
    assert.match(unknown.stderr, /bestaat niet/);
  });
});
