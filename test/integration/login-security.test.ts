import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import { generate } from 'otplib';
import { runProgram } from '../../src/cli/program.ts';
import type { CliContext } from '../../src/cli/context.ts';
import { loadConfig } from '../../src/config.ts';
import { jobQueue } from '../../src/jobs/queue.ts';
import { AppError } from '../../src/shared/errors.ts';
import { createApiToken } from '../../src/usecases/auth/api-tokens.ts';
import { logIn } from '../../src/usecases/auth/sessions.ts';
import { THROTTLE } from '../../src/usecases/auth/throttle.ts';
import { hitRateLimit } from '../../src/usecases/security/rate-limit.ts';
import { blockUser } from '../../src/usecases/users/manage.ts';
import { issueUserLink, useLink } from '../../src/usecases/users/password-links.ts';
import { changeOwnPassword } from '../../src/usecases/users/own-password.ts';
import { createUser } from '../../src/usecases/users/users.ts';
import { forEachDatabase } from '../support/databases.ts';
import { makeOrganisation, makeUser } from '../support/factories.ts';
import { PageClient, testApp } from '../support/http.ts';


/** The secret shown on the set-up page, without the spaces that group it. */
const secretOn = (html: string) => /class="kw-token">([A-Z2-7 ]+)</.exec(html)?.[1]?.replace(/\s/g, '') ?? '';
/** A code for the next 30-second step: newer than one just used, still inside the accepted window. */
const codeFor = (secret: string, offsetSeconds = 0) => generate({ secret, epoch: Math.floor(Date.now() / 1000) + offsetSeconds });

forEachDatabase('log-in security (issue 11)', (ctx) => {
  let org: Awaited<ReturnType<typeof makeOrganisation>>;

  before(async () => {
    org = await makeOrganisation(ctx.database.db);
  });

  it('hitRateLimit counts in a fixed window kept in the database, per key, and starts again in the next window', async () => {
    const db = ctx.database.db;
    const now = new Date('2026-12-01T10:00:05Z');
    const key = `test:${ctx.kind}:${Date.now()}`;
    const hits = [];
    for (let i = 0; i < 4; i++) hits.push(await hitRateLimit(db, { key, limit: 3, windowSeconds: 60, now }));
    assert.deepEqual(hits.map((h) => [h.allowed, h.count]), [[true, 1], [true, 2], [true, 3], [false, 4]]);
    assert.equal(hits[3]!.retryAfterSeconds, 55);
    assert.equal((await hitRateLimit(db, { key: `${key}:other`, limit: 3, windowSeconds: 60, now })).count, 1, 'another key has its own count');
    const next = await hitRateLimit(db, { key, limit: 3, windowSeconds: 60, now: new Date('2026-12-01T10:01:00Z') });
    assert.deepEqual([next.allowed, next.count], [true, 1]);
  });

  it('lock-out finding: wrong passwords sent from elsewhere do not lock out the real user on a known device, refused attempts are not counted, and the wait ends', async () => {
    const db = ctx.database.db;
    const victim = await makeUser(db, org.org.id, 'admin');
    const own = new PageClient(await testApp(ctx.database));
    assert.equal((await own.logIn(victim.email, victim.password)).status, 303, 'the user logged in here before (known device)');
    await own.postForm('/uitloggen', { _csrf: (await own.get('/start')).csrf });

    // Someone else sends six wrong passwords from another address.
    const results = [];
    for (let i = 0; i < 6; i++) results.push(await logIn(db, { email: victim.email, password: `fout wachtwoord ${i}`, ip: '203.0.113.9' }));
    assert.deepEqual(results.map((r) => (r.ok ? 'ok' : r.reason)), ['invalid', 'invalid', 'invalid', 'invalid', 'invalid', 'throttled']);
    const failures = await db.selectFrom('login_failures').select('id').where('key', 'like', 'login:acct:%').execute();
    // The real user, on the browser they used before, still gets in with the right password.
    const back = await own.logIn(victim.email, victim.password);
    assert.equal(back.status, 303, 'the real user is not locked out');
    assert.equal(back.headers.get('location'), '/start');
    assert.equal(failures.length, THROTTLE.maxFailures, 'the refused sixth attempt was not checked and not counted');

    // A browser that never logged in as this user waits (a growing delay, not a 15-minute lock) ...
    const stranger = new PageClient(await testApp(ctx.database));
    for (let i = 0; i < 5; i++) await logIn(db, { email: victim.email, password: `nog eens fout ${i}`, ip: '198.51.100.7' });
    const waiting = await stranger.logIn(victim.email, victim.password);
    assert.equal(waiting.status, 429);
    assert.match(await waiting.text(), /Probeer het over \d+ (minuut|minuten) opnieuw/);
    assert.ok(Number(waiting.headers.get('retry-after')) > 0);
    // ... and after the wait the right password works again.
    const later = await logIn(db, { email: victim.email, password: victim.password, ip: '198.51.100.8', now: new Date(Date.now() + THROTTLE.maxDelaySeconds * 1000 + 1000) });
    assert.equal(later.ok, true);

    const events = await db.selectFrom('security_events').select(['kind', 'user_id', 'client_address', 'detail']).where('user_id', '=', victim.user.id).execute();
    const kinds = new Set(events.map((e) => e.kind));
    for (const k of ['login_failed', 'login_throttled', 'login_succeeded', 'logout'] as const) assert.ok(kinds.has(k), `security event ${k}`);
    assert.ok(events.some((e) => e.kind === 'login_failed' && e.client_address === '203.0.113.9'));
    assert.ok(!JSON.stringify(events).includes(victim.email), 'no typed e-mail address in security events');
  });

  it('limits attempts per client address before anything is checked or counted', async () => {
    const db = ctx.database.db;
    const user = await makeUser(db, org.org.id, 'handler');
    const ip = `192.0.2.${ctx.kind === 'pglite' ? 1 : 2}`;
    for (let i = 0; i < THROTTLE.perAddress; i++) await logIn(db, { email: `niemand-${i}@example.org`, password: 'wat dan ook 123', ip });
    const before = await db.selectFrom('login_failures').select('id').execute();
    const refused = await logIn(db, { email: user.email, password: user.password, ip });
    assert.equal(refused.ok, false);
    assert.equal(!refused.ok && refused.reason, 'throttled');
    assert.equal((await db.selectFrom('login_failures').select('id').execute()).length, before.length, 'nothing counted against the account');
    assert.ok((await logIn(db, { email: user.email, password: user.password, ip: '192.0.2.200' })).ok, 'the account itself is not affected');
  });

  it('two-factor required: after the password alone nothing is reachable; set up, then the code, a recovery code once, a replayed code refused', async () => {
    const db = ctx.database.db;
    const admin = await makeUser(db, org.org.id, 'admin');
    const handler = await makeUser(db, org.org.id, 'handler');
    const setter = new PageClient(await testApp(ctx.database));
    await setter.logIn(admin.email, admin.password);
    const adminPage = await setter.get('/beheer/beveiliging');
    assert.equal(adminPage.res.status, 200);
    assert.equal((await setter.postForm('/beheer/beveiliging', { _csrf: adminPage.csrf, twoFactorRequired: 'admin_coordinator' })).status, 200);

    // A handler is not required: logs in with the password alone.
    assert.equal((await new PageClient(await testApp(ctx.database)).logIn(handler.email, handler.password)).headers.get('location'), '/start');

    // The admin without two-factor: sent to set it up, and nothing else is reachable.
    const client = new PageClient(await testApp(ctx.database));
    const login = await client.logIn(admin.email, admin.password);
    assert.equal(login.status, 303);
    assert.match(login.headers.get('location') ?? '', /^\/inloggen\/tweestap-instellen/);
    for (const path of ['/start', '/klachten', '/beheer/gebruikers', '/account/sleutels', '/account/beveiliging']) {
      const res = await client.request(path);
      assert.equal(res.status, 303, path);
      assert.match(res.headers.get('location') ?? '', /^\/inloggen/, path);
    }
    const setupPage = await client.get('/inloggen/tweestap-instellen');
    assert.equal(setupPage.res.status, 200);
    assert.ok(setupPage.html.includes('<svg'), 'QR code rendered on the server');
    const post = await client.postForm('/account/sleutels', { _csrf: setupPage.csrf, name: 'via half ingelogd' });
    assert.notEqual(post.status, 200, 'a form post with only the password does nothing');
    assert.equal((await db.selectFrom('api_tokens').select('id').where('name', '=', 'via half ingelogd').execute()).length, 0);
    const wrong = await client.postForm('/inloggen/tweestap-instellen', { _csrf: setupPage.csrf, code: '000000' });
    assert.equal(wrong.status, 422);
    const secret = secretOn(setupPage.html);
    assert.ok(secret.length >= 26, 'secret shown as text');
    const done = await client.postForm('/inloggen/tweestap-instellen', { _csrf: setupPage.csrf, code: await codeFor(secret) });
    assert.equal(done.status, 200);
    const recovery = [...(await done.text()).matchAll(/<code>([a-z2-9]{5}-[a-z2-9]{5})<\/code>/g)].map((m) => m[1]!);
    assert.equal(recovery.length, 10);
    assert.equal((await client.get('/start')).res.status, 200, 'a full session after the set-up');
    const stored = await db.selectFrom('users').select(['totp_secret_enc']).where('id', '=', admin.user.id).executeTakeFirstOrThrow();
    assert.ok(stored.totp_secret_enc && !stored.totp_secret_enc.includes(secret), 'the secret is stored encrypted');

    // Next log-in: the code is asked; without it nothing is reachable.
    const second = new PageClient(await testApp(ctx.database));
    const step1 = await second.logIn(admin.email, admin.password);
    assert.match(step1.headers.get('location') ?? '', /^\/inloggen\/code/);
    assert.match((await second.request('/start')).headers.get('location') ?? '', /^\/inloggen/);
    const codePage = await second.get('/inloggen/code');
    assert.equal((await second.postForm('/inloggen/code', { _csrf: codePage.csrf, code: '123456' })).status, 401);
    const code = await codeFor(secret, 30);
    const ok = await second.postForm('/inloggen/code', { _csrf: codePage.csrf, code });
    assert.equal(ok.status, 303);
    assert.equal((await second.get('/start')).res.status, 200);

    // The same code again (a replay inside its window) is refused.
    const third = new PageClient(await testApp(ctx.database));
    await third.logIn(admin.email, admin.password);
    const thirdPage = await third.get('/inloggen/code');
    assert.equal((await third.postForm('/inloggen/code', { _csrf: thirdPage.csrf, code })).status, 401, 'replayed code refused');
    // A recovery code works once.
    assert.equal((await third.postForm('/inloggen/code', { _csrf: thirdPage.csrf, code: recovery[0]!.toUpperCase() })).status, 303);
    const fourth = new PageClient(await testApp(ctx.database));
    await fourth.logIn(admin.email, admin.password);
    const fourthPage = await fourth.get('/inloggen/code');
    assert.equal((await fourth.postForm('/inloggen/code', { _csrf: fourthPage.csrf, code: recovery[0]! })).status, 401, 'a recovery code works once');

    const kinds = new Set((await db.selectFrom('security_events').select('kind').where('user_id', '=', admin.user.id).execute()).map((e) => e.kind));
    for (const k of ['second_factor_changed', 'second_factor_failed', 'recovery_code_used'] as const) assert.ok(kinds.has(k), k);
    await db.updateTable('organisations').set({ two_factor_required: 'none' }).where('id', '=', org.org.id).execute();
  });

  it('the own security page lists sessions; one is ended by its user', async () => {
    const db = ctx.database.db;
    const user = await makeUser(db, org.org.id, 'coordinator');
    const a = new PageClient(await testApp(ctx.database));
    const b = new PageClient(await testApp(ctx.database));
    await a.request('/inloggen');
    await a.logIn(user.email, user.password);
    await b.logIn(user.email, user.password);
    const page = await a.get('/account/beveiliging');
    assert.equal(page.res.status, 200);
    assert.ok(page.html.includes('Deze browser'));
    const other = /action="\/account\/beveiliging\/sessies\/([0-9a-f-]{36})\/beeindigen"/.exec(page.html)?.[1];
    assert.ok(other);
    assert.equal((await a.postForm(`/account/beveiliging/sessies/${other}/beeindigen`, { _csrf: page.csrf })).status, 303);
    assert.equal((await b.request('/start')).status, 303, 'the other session has ended');
    assert.equal((await a.get('/start')).res.status, 200, 'this one stays');
    assert.ok((await db.selectFrom('security_events').select('kind').where('user_id', '=', user.user.id).where('kind', '=', 'session_revoked').execute()).length > 0);
  });

  it('API tokens expire (stable code), and a password reset or a block revokes them', async () => {
    const db = ctx.database.db;
    const app = await testApp(ctx.database);
    const user = await makeUser(db, org.org.id, 'coordinator');
    const me = (token: string) => app.request('/api/v1/me', { headers: { authorization: `Bearer ${token}` } });
    const old = await db.transaction().execute((tx) => createApiToken(tx, { userId: user.user.id, organisationId: org.org.id }, { name: 'oud', expiresInDays: 30 }, new Date(Date.now() - 31 * 86_400_000)));
    const expired = await me(old.token);
    assert.equal(expired.status, 401);
    assert.equal(((await expired.json()) as { error: { code: string } }).error.code, 'token_expired');
    await assert.rejects(db.transaction().execute((tx) => createApiToken(tx, { userId: user.user.id, organisationId: org.org.id }, { name: 'x', expiresInDays: 7 })), (e: unknown) => e instanceof AppError && e.code === 'validation_failed');
    const fresh = await db.transaction().execute((tx) => createApiToken(tx, { userId: user.user.id, organisationId: org.org.id }, { name: 'nieuw' }));
    assert.ok(Math.abs(fresh.expiresAt.getTime() - Date.now() - 90 * 86_400_000) < 60_000, '90 days by default');
    assert.equal((await me(fresh.token)).status, 200);

    const jobs = await jobQueue(db);
    const link = await db.transaction().execute((tx) => issueUserLink(tx, jobs, { baseUrl: 'http://localhost:3000' }, { userId: user.user.id, purpose: 'password_reset', createdBy: null }));
    await useLink(db, link.url.split('/').at(-1)!, { password: 'paars-fiets-regen-lamp', passwordAgain: 'paars-fiets-regen-lamp' });
    assert.equal((await me(fresh.token)).status, 401, 'the reset revoked the token');

    const other = await makeUser(db, org.org.id, 'handler');
    const t = await db.transaction().execute((tx) => createApiToken(tx, { userId: other.user.id, organisationId: org.org.id }, { name: 'voor blok' }));
    await db.transaction().execute((tx) => blockUser(tx, { organisationId: org.org.id, userId: null }, other.user.id));
    const row = await db.selectFrom('api_tokens').select('revoked_at').where('id', '=', t.id).executeTakeFirstOrThrow();
    assert.ok(row.revoked_at, 'the block revoked the token');
    const revoked = await db.selectFrom('security_events').select('detail').where('kind', '=', 'token_revoked').where('user_id', 'in', [user.user.id, other.user.id]).execute();
    assert.equal(revoked.length, 2);
  });

  it('password policy finding: common passwords, the product name and the e-mail address are refused', async () => {
    const db = ctx.database.db;
    const create = (password: string, email = `nieuw-${ctx.kind}-${Math.random().toString(36).slice(2)}@zorg.nl`) =>
      db.transaction().execute((tx) => createUser(tx, org.org.id, { email, name: 'Nieuw', password, role: 'handler' }, null));
    const refused = (re: RegExp) => (e: unknown) => e instanceof AppError && e.code === 'validation_failed' && e.fields.some((f) => f.field === 'password' && re.test(f.message));
    await assert.rejects(create('password1234'), refused(/te bekend/));
    await assert.rejects(create('welkom123456'), refused(/te bekend/));
    await assert.rejects(create('Klachtwijs-2026!'), refused(/Klachtwijs/));
    await assert.rejects(create('marieke.devries-77', 'marieke.devries@zorg.nl'), refused(/e-mailadres/));
    const user = await makeUser(db, org.org.id, 'handler');
    await assert.rejects(
      changeOwnPassword(db, { userId: user.user.id, organisationId: org.org.id, email: user.email }, null, { currentPassword: user.password, newPassword: 'qwertyuiop123', newPasswordAgain: 'qwertyuiop123' }),
      (e: unknown) => e instanceof AppError && e.fields.some((f) => f.field === 'newPassword'),
    );
  });

  it('e-mail addresses are unique per organisation: the same address in two organisations, each logs in to its own; the same password asks which', async () => {
    const db = ctx.database.db;
    const other = await makeOrganisation(db, 'Andere organisatie');
    const a = await makeUser(db, org.org.id, 'handler');
    const twin = await db.transaction().execute((tx) => createUser(tx, other.org.id, { email: a.email.toUpperCase(), name: 'Tweeling', password: 'een-ander-geheim-pad', role: 'handler' }, null));
    assert.equal(twin.organisation_id, other.org.id, 'an address used elsewhere is no clash (and not revealed)');
    await assert.rejects(db.transaction().execute((tx) => createUser(tx, org.org.id, { email: a.email, name: 'Dubbel', password: 'een-ander-geheim-pad', role: 'handler' }, null)), (e: unknown) => e instanceof AppError && e.code === 'conflict');
    const first = await logIn(db, { email: a.email, password: a.password, ip: '10.0.0.1' });
    assert.ok(first.ok && first.actor.organisationId === org.org.id);
    const second = await logIn(db, { email: a.email, password: 'een-ander-geheim-pad', ip: '10.0.0.1' });
    assert.ok(second.ok && second.actor.organisationId === other.org.id);

    await db.updateTable('users').set({ password_hash: (await db.selectFrom('users').select('password_hash').where('id', '=', a.user.id).executeTakeFirstOrThrow()).password_hash }).where('id', '=', twin.id).execute();
    const client = new PageClient(await testApp(ctx.database));
    const choose = await client.logIn(a.email, a.password);
    assert.equal(choose.status, 200);
    const html = await choose.text();
    assert.ok(html.includes('Andere organisatie') && html.includes('name="organisatie"'));
    const { csrf } = await client.get('/inloggen');
    const chosen = await client.postForm('/inloggen', { _csrf: csrf, email: a.email, password: a.password, organisatie: other.org.slug });
    assert.equal(chosen.status, 303);
    assert.ok((await client.get('/start')).html.includes('Andere organisatie'));
  });

  it('uses __Host- prefixed, Secure cookies under an https base URL', async () => {
    const user = await makeUser(ctx.database.db, org.org.id, 'handler');
    const client = new PageClient(await testApp(ctx.database, { KLACHTWIJS_BASE_URL: 'https://klachten.example.nl' }));
    const res = await client.logIn(user.email, user.password);
    assert.equal(res.status, 303);
    const cookies = res.headers.getSetCookie();
    const session = cookies.find((c) => c.startsWith('__Host-kw_session='));
    assert.ok(session && /;\s*Secure/i.test(session) && /Path=\//.test(session) && !/Domain=/i.test(session), session);
    assert.ok(cookies.some((c) => c.startsWith('__Host-kw_device=')));
    assert.ok(!cookies.some((c) => c.startsWith('kw_session=')));
    assert.equal((await client.get('/start')).res.status, 200, 'the prefixed cookie is read back');
  });

  it('the command line sets the requirement: an admin of that organisation with only the password reaches nothing', async () => {
    const db = ctx.database.db;
    const other = await makeOrganisation(db);
    const admin = await makeUser(db, other.org.id, 'admin');
    const io = { out: '', err: '' };
    const cliCtx: CliContext = {
      io: { stdout: (s) => void (io.out += s), stderr: (s) => void (io.err += s) },
      cwd: process.cwd(),
      config: () => loadConfig({}),
      withDatabase: (fn) => fn(ctx.database),
      server: null,
      exitCode: 0,
    };
    assert.equal(await runProgram(['orgs', 'two-factor', '--org', other.org.slug, '--require', 'nobody'], cliCtx), 1, 'an unknown value is refused');
    assert.equal(await runProgram(['orgs', 'two-factor', '--org', other.org.slug, '--require', 'admin_coordinator'], cliCtx), 0, io.err);
    assert.match(io.out, /Verplicht voor beheerders en klachtenfunctionarissen/);
    const client = new PageClient(await testApp(ctx.database));
    const res = await client.logIn(admin.email, admin.password);
    assert.equal(res.status, 303);
    assert.match(res.headers.get('location') ?? '', /^\/inloggen\/tweestap-instellen/);
    for (const path of ['/start', '/klachten', '/beheer/gebruikers']) {
      const page = await client.request(path);
      assert.equal(page.status, 303, path);
      assert.match(page.headers.get('location') ?? '', /^\/inloggen/, path);
    }
  });
});
