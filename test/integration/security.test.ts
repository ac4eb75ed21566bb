import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import { AppError } from '../../src/shared/errors.ts';
import { THROTTLE } from '../../src/usecases/auth/throttle.ts';
import { getComplaint } from '../../src/usecases/complaints/get-complaint.ts';
import { registerComplaint } from '../../src/usecases/complaints/register-complaint.ts';
import { createOrganisation } from '../../src/usecases/organisations/create-organisation.ts';
import { forEachDatabase } from '../support/databases.ts';
import { actorOf, makeOrganisationWithRegulation, makeToken, makeUser } from '../support/factories.ts';
import { awayFromMinuteEdge, PageClient, testApp } from '../support/http.ts';

/** Findings of the security review, each held by a test that fails when the hole reopens. */
forEachDatabase('security', (ctx) => {
  let org: Awaited<ReturnType<typeof makeOrganisationWithRegulation>>;
  let complaintId: string;
  const input = { channel: 'web_form', description: 'De behandeling duurde veel te lang.', complainant: { relation: 'client', name: 'Els Smit', postalAddress: 'Plein 3, 1234 AB Ergens' }, signed: true };

  before(async () => {
    org = await makeOrganisationWithRegulation(ctx.database.db, 'stadsring51');
    complaintId = (await registerComplaint(ctx.database.db, { organisationId: org.org.id, actor: null, door: 'public', input })).id;
  });

  it('the JSON API never accepts the page session cookie', async () => {
    const client = new PageClient(await testApp(ctx.database));
    assert.equal((await client.logIn(org.coordinator.email, org.coordinator.password)).status, 303);
    assert.equal((await client.request('/klachten')).status, 200, 'the cookie works for pages');
    const read = await client.request(`/api/v1/complaints/${complaintId}`);
    assert.equal(read.status, 401);
    const act = await client.request(`/api/v1/complaints/${complaintId}/actions/add-note`, { method: 'POST', headers: { 'content-type': 'text/plain; application/json' }, body: JSON.stringify({ text: 'via cookie' }) });
    assert.equal(act.status, 401);
  });

  it('a Bearer header does not switch off CSRF on page forms', async () => {
    const client = new PageClient(await testApp(ctx.database));
    const res = await client.request('/inloggen', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: 'Bearer onzin' },
      body: new URLSearchParams({ email: org.coordinator.email, password: org.coordinator.password }).toString(),
    });
    assert.equal(res.status, 403);
  });

  it('parallel log-in guesses are throttled like sequential ones: at most the free failures are checked, and a known device still gets in', async () => {
    const db = ctx.database.db;
    const victim = await makeUser(db, org.org.id, 'handler');
    const app = await testApp(ctx.database);
    // The victim logged in on this browser before: it carries the signed known-device cookie.
    const right = new PageClient(app);
    assert.equal((await right.logIn(victim.email, victim.password)).status, 303);
    const { csrf: outCsrf } = await right.get('/start');
    assert.equal((await right.postForm('/uitloggen', { _csrf: outCsrf })).status, 303);
    const clients = await Promise.all(Array.from({ length: 12 }, async () => {
      const c = new PageClient(app);
      const { csrf } = await c.get('/inloggen');
      return { c, csrf };
    }));
    const before = await db.selectFrom('security_events').select((eb) => eb.fn.countAll<number>().as('n')).where('kind', '=', 'login_failed').where('user_id', '=', victim.user.id).executeTakeFirstOrThrow();
    const statuses = await Promise.all(clients.map(({ c, csrf }, i) => c.postForm('/inloggen', { _csrf: csrf, email: victim.email, password: `fout-${i}` }).then((r) => r.status)));
    const checked = await db.selectFrom('security_events').select((eb) => eb.fn.countAll<number>().as('n')).where('kind', '=', 'login_failed').where('user_id', '=', victim.user.id).executeTakeFirstOrThrow();
    // Each attempt reserves its row before it reads the count, so a burst cannot have every guess checked at once.
    assert.ok(Number(checked.n) - Number(before.n) <= THROTTLE.maxFailures, `checked ${Number(checked.n) - Number(before.n)} guesses; statuses: ${statuses.join(' ')}`);
    assert.ok(statuses.filter((s) => s === 429).length >= 12 - THROTTLE.maxFailures, `statuses: ${statuses.join(' ')}`);
    // The guesses do not lock the real user out: from the known device the right password passes.
    assert.equal((await right.logIn(victim.email, victim.password)).status, 303);
  });

  it('the person a complaint is about never sees it, not even as coordinator (Awb 9:7)', async () => {
    const db = ctx.database.db;
    const otherCoordinator = await makeUser(db, org.org.id, 'coordinator');
    const intake = await actorOf(db, org.intake);
    const about = await registerComplaint(db, { organisationId: org.org.id, actor: intake, door: 'staff', input: { ...input, channel: 'letter', documentDate: '2026-01-05', respondentUserId: otherCoordinator.user.id } });
    const respondent = await actorOf(db, otherCoordinator);
    await assert.rejects(getComplaint(db, respondent, about.id), (err: unknown) => err instanceof AppError && err.code === 'not_found');
    const coordinator = await actorOf(db, org.coordinator);
    assert.equal((await getComplaint(db, coordinator, about.id)).complaint.id, about.id);
  });

  it("an idempotency key is the sender's own: the same key from the public door is another complaint", async () => {
    const db = ctx.database.db;
    const intake = await actorOf(db, org.intake);
    const staff = await registerComplaint(db, { organisationId: org.org.id, actor: intake, door: 'staff', input: { ...input, channel: 'letter', documentDate: '2026-01-05', idempotencyKey: 'crm-ticket-1001' } });
    const pub = await registerComplaint(db, { organisationId: org.org.id, actor: null, door: 'public', input: { ...input, idempotencyKey: 'crm-ticket-1001' } });
    assert.notEqual(pub.id, staff.id);
    assert.equal(pub.duplicate, false);
  });

  it('refuses a file whose content does not match its declared type', async () => {
    const token = await makeToken(ctx.database.db, org.org.id, org.coordinator.user.id);
    const form = new FormData();
    form.append('attachments', new File(['<html><script>alert(1)</script></html>'], 'evil.pdf', { type: 'application/pdf' }));
    const app = await testApp(ctx.database);
    const res = await app.request(`/api/v1/complaints/${complaintId}/attachments`, { method: 'POST', body: form, headers: { authorization: `Bearer ${token}` } });
    assert.equal(res.status, 422);
  });

  it('answers impossible dates and odd ids with 4xx, never 500', async () => {
    const token = await makeToken(ctx.database.db, org.org.id, org.coordinator.user.id);
    const app = await testApp(ctx.database);
    for (const path of ['/api/v1/complaints?from=2024-99-99', '/api/v1/complaints?to=2025-02-29', '/api/v1/units/%00', '/api/v1/units/a%00b']) {
      const res = await app.request(path, { headers: { authorization: `Bearer ${token}` } });
      assert.ok(res.status >= 400 && res.status < 500, `${path}: ${res.status}`);
    }
    const client = new PageClient(app);
    await client.logIn(org.coordinator.email, org.coordinator.password);
    const page = await client.request('/klachten?from=2024-99-99');
    assert.ok(page.status < 500, `list page: ${page.status}`);
  });

  it('keeps personal pages out of caches', async () => {
    const client = new PageClient(await testApp(ctx.database));
    await client.logIn(org.coordinator.email, org.coordinator.password);
    for (const path of ['/klachten', '/start', `/klachten/${complaintId}`]) {
      assert.match((await client.request(path)).headers.get('cache-control') ?? '', /no-store/, path);
    }
  });

  it('reserves the product paths as organisation slugs', async () => {
    await assert.rejects(
      ctx.database.db.transaction().execute((tx) => createOrganisation(tx, { slug: 'api', name: 'Api BV' })),
      (err: unknown) => err instanceof AppError && err.fields[0]?.field === 'slug',
    );
  });

  it('behind a trusted proxy, limits per forwarded client address', async () => {
    const app = await testApp(ctx.database, { KLACHTWIJS_TRUST_PROXY: 'true', KLACHTWIJS_PUBLIC_RATE_LIMIT: '2' });
    await awayFromMinuteEdge(); // fixed windows aligned to the minute (issue 11)
    const post = (from: string) =>
      app.request(`/api/v1/public/${org.org.slug}/complaints`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-forwarded-for': from }, body: '{}' });
    assert.notEqual((await post('198.51.100.7, 203.0.113.1')).status, 429);
    assert.notEqual((await post('203.0.113.1')).status, 429);
    assert.equal((await post('203.0.113.1')).status, 429, 'the third request of one client is limited');
    assert.notEqual((await post('203.0.113.2')).status, 429, 'another client is not');
  });

  it('records list reads: who saw which complaint, once per day (ADR 0028)', async () => {
    const client = new PageClient(await testApp(ctx.database));
    await client.logIn(org.coordinator.email, org.coordinator.password);
    const html = await (await client.request('/klachten')).text();
    const shown = [...html.matchAll(/href="\/klachten\/([0-9a-f-]{36})"/g)].map((m) => m[1]!);
    assert.ok(shown.length > 0);
    const reads = await ctx.database.db.selectFrom('complaint_list_reads').select('complaint_id').where('user_id', '=', org.coordinator.user.id).execute();
    for (const id of shown) assert.ok(reads.some((r) => r.complaint_id === id), 'each complaint shown is recorded for this user');
  });
  // Last in this suite: it gives the organisation a second unit.
  it('never files a complaint silently with the first unit when there are several', async () => {
    const { createUnit } = await import('../../src/usecases/units/units.ts');
    const db = ctx.database.db;
    const second = await db.transaction().execute((tx) => createUnit(tx, org.org.id, { name: 'Tweede afdeling' }, null));
    await assert.rejects(
      registerComplaint(db, { organisationId: org.org.id, actor: null, door: 'public', input }),
      (err: unknown) => err instanceof AppError && err.fields[0]?.field === 'unitId',
    );
    const filed = await registerComplaint(db, { organisationId: org.org.id, actor: null, door: 'public', input: { ...input, unitId: second.id } });
    const row = await db.selectFrom('complaints').select('unit_id').where('id', '=', filed.id).executeTakeFirstOrThrow();
    assert.equal(row.unit_id, second.id);
  });
});
