import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import { forEachDatabase } from '../support/databases.ts';
import { makeOrganisation, makeToken, makeUser } from '../support/factories.ts';
import { PageClient, testApp } from '../support/http.ts';

forEachDatabase('organisations are isolated', (ctx) => {
  let a: Awaited<ReturnType<typeof makeOrganisation>>;
  let b: Awaited<ReturnType<typeof makeOrganisation>>;
  let tokenA: string;
  let adminA: Awaited<ReturnType<typeof makeUser>>;
  let adminB: Awaited<ReturnType<typeof makeUser>>;

  before(async () => {
    const db = ctx.database.db;
    a = await makeOrganisation(db, 'Organisatie A');
    b = await makeOrganisation(db, 'Organisatie B');
    adminA = await makeUser(db, a.org.id, 'admin');
    adminB = await makeUser(db, b.org.id, 'admin');
    tokenA = await makeToken(db, a.org.id, adminA.user.id);
  });

  const api = async (path: string, token: string, init: RequestInit = {}) => {
    const app = await testApp(ctx.database);
    return app.request(path, { ...init, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...(init.headers ?? {}) } });
  };

  it('lists only the own organisation through the API', async () => {
    const res = await api('/api/v1/units', tokenA);
    assert.equal(res.status, 200);
    const body = (await res.json()) as { items: { id: string }[] };
    assert.deepEqual(body.items.map((u) => u.id), [a.unit.id]);
  });

  it("refuses another organisation's unit with 404 and no leak", async () => {
    const res = await api(`/api/v1/units/${b.unit.id}`, tokenA);
    assert.equal(res.status, 404);
    assert.deepEqual(await res.json(), { error: { code: 'not_found', message: 'Eenheid "' + b.unit.id + '" bestaat niet in deze organisatie.' } });
  });

  it("cannot hang a unit under another organisation's unit", async () => {
    const res = await api('/api/v1/units', tokenA, { method: 'POST', body: JSON.stringify({ name: 'Indringer', parentId: b.unit.id }) });
    assert.equal(res.status, 422);
    const body = (await res.json()) as { error: { code: string; fields: { field: string }[] } };
    assert.equal(body.error.code, 'validation_failed');
    assert.equal(body.error.fields[0]?.field, 'parentId');
  });

  it("shows an admin only the own organisation's users and units in the pages", async () => {
    const client = new PageClient(await testApp(ctx.database));
    assert.equal((await client.logIn(adminA.email, adminA.password)).status, 303);
    const users = await client.get('/beheer/gebruikers');
    assert.equal(users.res.status, 200);
    assert.ok(users.html.includes(adminA.email));
    assert.ok(!users.html.includes(adminB.email), 'users of organisation B must not be shown');
    const units = await client.get('/beheer/eenheden');
    assert.ok(units.html.includes(a.unit.name));
    assert.ok(!units.html.includes(b.unit.name));
  });

  it("cannot add a user to another organisation's unit through the pages", async () => {
    const client = new PageClient(await testApp(ctx.database));
    await client.logIn(adminA.email, adminA.password);
    const { csrf } = await client.get('/beheer/gebruikers');
    const res = await client.postForm('/beheer/gebruikers', { _csrf: csrf, name: 'Nieuw', email: 'nieuw-tenancy@test.klachtwijs.nl', password: 'een lang wachtwoord', role: 'handler', unitId: b.unit.id });
    assert.equal(res.status, 422);
    const html = await res.text();
    assert.ok(html.includes('Kies een bestaande eenheid.'));
    assert.ok(html.includes('nieuw-tenancy@test.klachtwijs.nl'), 'what the user typed is kept');
  });

  it('refuses the API without a token, and with a revoked one', async () => {
    const app = await testApp(ctx.database);
    const res = await app.request('/api/v1/units');
    assert.equal(res.status, 401);
    assert.equal(((await res.json()) as { error: { code: string } }).error.code, 'unauthenticated');
    const bad = await api('/api/v1/units', 'kw_not-a-real-token-at-all-000000');
    assert.equal(bad.status, 401);
  });
});
