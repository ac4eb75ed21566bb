/**
 * From nothing to a working organisation (issue 8, onboarding): a new organisation has one default unit, so
 * with a regulation active its public form, the public API and the published regulation work at once;
 * where the form cannot take complaints it says why; identical creates at the same moment answer 409
 * `conflict`, never a 500 from the unique index; organisations made before the default unit get one.
 */
import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import { sql } from 'kysely';
import { migrations } from '../../src/db/migrations/index.ts';
import { AppError } from '../../src/shared/errors.ts';
import { createOrganisation } from '../../src/usecases/organisations/create-organisation.ts';
import { bindRole } from '../../src/usecases/regulation-roles/bindings.ts';
import { activateRegulation } from '../../src/usecases/regulations/regulations.ts';
import { createUnit, listUnits } from '../../src/usecases/units/units.ts';
import { addRoleGrant } from '../../src/usecases/users/manage.ts';
import { createUser } from '../../src/usecases/users/users.ts';
import { ApiClient, expectStatus } from '../support/api.ts';
import { forEachDatabase } from '../support/databases.ts';
import { makeOrganisation, makeUser, TEST_PASSWORD } from '../support/factories.ts';
import { PageClient, testApp } from '../support/http.ts';

const textOf = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&').replace(/\s+/g, ' ');

/** Runs `n` copies of `work` at the same moment, each in its own transaction; returns the outcomes. */
async function race<T>(ctx: { database: { db: import('kysely').Kysely<import('../../src/db/types.ts').DB> } }, n: number, work: (tx: import('kysely').Kysely<import('../../src/db/types.ts').DB>) => Promise<T>) {
  return Promise.allSettled(Array.from({ length: n }, () => ctx.database.db.transaction().execute(work)));
}

/** One create succeeded; every other one is a `conflict` AppError with a Dutch message at a field. */
function oneWinnerRestConflict(results: PromiseSettledResult<unknown>[], field: string) {
  const won = results.filter((r) => r.status === 'fulfilled');
  const lost = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
  assert.equal(won.length, 1, `one create wins: ${lost.map((l) => String(l.reason)).join('; ')}`);
  for (const l of lost) {
    assert.ok(l.reason instanceof AppError, `a conflict, not a database error: ${String(l.reason)}`);
    assert.equal(l.reason.code, 'conflict');
    assert.equal(l.reason.fields[0]?.field, field);
    assert.match(l.reason.fields[0]!.message, /al/);
  }
}

const SUBMISSION = { description: 'De medewerker kwam drie keer niet opdagen bij de afspraak.', 'complainant.name': 'Jan Jansen', 'complainant.postalAddress': 'Dorpsstraat 1, 1234 AB Ergens', 'complainant.relation': 'client', forWhom: 'self', signed: 'ja' };

forEachDatabase('onboarding', (ctx) => {
  let seq = 0;
  const slug = () => `nieuw-${ctx.kind}-${process.pid}-${++seq}`;

  it('gives a new organisation one default unit: a werkmaatschappij named after it, at the root', async () => {
    const s = slug();
    const org = await ctx.database.db.transaction().execute((tx) => createOrganisation(tx, { slug: s, name: 'Zorg Noord' }));
    const units = await listUnits(ctx.database.db, org.id);
    assert.deepEqual(units.map((u) => ({ name: u.name, slug: u.slug, kind: u.kind, parent: u.parent_id })), [{ name: 'Zorg Noord', slug: s, kind: 'werkmaatschappij', parent: null }]);
    assert.equal(org.defaultUnit.id, units[0]!.id);
  });

  it('takes complaints at once through the form and the public API once a regulation is active; published regulation too', async () => {
    const s = slug();
    const org = await ctx.database.db.transaction().execute(async (tx) => {
      const o = await createOrganisation(tx, { slug: s, name: 'Zorg Noord' });
      await activateRegulation(tx, { organisationId: o.id, unitId: null, source: { preset: 'stadsring51' }, fills: {}, actorUserId: null });
      return o;
    });
    const app = await testApp(ctx.database);
    const page = new PageClient(app);
    const { res, html, csrf } = await page.get(`/${s}/klacht`);
    assert.equal(res.status, 200);
    assert.ok(!html.includes('name="unitId"') || html.includes('type="hidden" name="unitId"'), 'one unit: nothing to choose');
    const key = /name="idempotencyKey" value="([^"]*)"/.exec(html)![1]!;
    const fd = new FormData();
    for (const [k, v] of Object.entries({ ...SUBMISSION, _csrf: csrf, idempotencyKey: key })) fd.append(k, v);
    const sent = await page.request(`/${s}/klacht`, { method: 'POST', body: fd });
    assert.equal(sent.status, 303, textOf(await sent.clone().text()).slice(0, 400));
    assert.match(sent.headers.get('location') ?? '', new RegExp(`^/${s}/klacht/ontvangen/`));

    const api = new ApiClient(app);
    const body = { channel: 'web_form', description: 'Ik kreeg geen antwoord op mijn brief van vorige maand.', complainant: { relation: 'client', name: 'Els de Boer', postalAddress: 'Kerkstraat 2, 1234 AB Ergens' }, signed: true };
    expectStatus(await api.post(`/api/v1/public/${s}/complaints`, undefined, body), 201);
    const stored = await ctx.database.db.selectFrom('complaints').select(['unit_id']).where('organisation_id', '=', org.id).execute();
    assert.deepEqual(stored.map((c) => c.unit_id), [org.defaultUnit.id, org.defaultUnit.id]);
    assert.equal((await page.get(`/${s}/klachtenregeling`)).res.status, 200);

    // Units added later: the form lets the complainant choose.
    await ctx.database.db.transaction().execute((tx) => createUnit(tx, org.id, { name: 'Wijkteam Oost', kind: 'afdeling', parentId: org.defaultUnit.id }, null));
    const chooser = await page.get(`/${s}/klacht`);
    assert.equal(chooser.res.status, 200);
    assert.ok(chooser.html.includes('Wijkteam Oost'), 'the new unit is offered');
  });

  it('without an active regulation the form says why and how else to complain (B1), the API answers 409 intake_unavailable with the reason', async () => {
    const s = slug();
    await ctx.database.db.transaction().execute((tx) => createOrganisation(tx, { slug: s, name: 'Zorg Zuid' }));
    const app = await testApp(ctx.database);
    const res = await app.request(`/${s}/klacht`);
    assert.equal(res.status, 503);
    const text = textOf(await res.text());
    assert.match(text, /U kunt hier nog geen klacht indienen\. Zorg Zuid heeft de klachtenregeling nog niet ingesteld\./);
    assert.match(text, /Neem dan contact op met Zorg Zuid zelf/);
    assert.doesNotMatch(text, /telefonisch/, 'no promise of a phone number the product does not have');
    const api = new ApiClient(app);
    const refused = expectStatus(await api.post(`/api/v1/public/${s}/complaints`, undefined, { channel: 'web_form', description: 'Een klacht over de wachttijd van zes weken.', complainant: { name: 'Els', email: 'els@example.nl' } }), 409);
    assert.equal(refused.body.error.code, 'intake_unavailable');
    assert.match(refused.body.error.message, /nog geen klachtenregeling actief/);
  });

  it('gives organisations made before the default unit one (migration), and leaves organisations with units alone', async () => {
    const bare = slug();
    await sql`insert into organisations (slug, name) values (${bare}, 'Oud BV')`.execute(ctx.database.db);
    const { org: withUnits } = await makeOrganisation(ctx.database.db);
    const before = (await listUnits(ctx.database.db, withUnits.id)).length;
    await migrations['2026-12-01T0700-default-units']!.up(ctx.database.db);
    const old = await ctx.database.db.selectFrom('organisations').select('id').where('slug', '=', bare).executeTakeFirstOrThrow();
    assert.deepEqual((await listUnits(ctx.database.db, old.id)).map((u) => [u.name, u.slug, u.kind]), [['Oud BV', bare, 'werkmaatschappij']]);
    assert.equal((await listUnits(ctx.database.db, withUnits.id)).length, before);
  });

  it('answers 409 conflict, never a 500, to identical creates at the same moment (organisations, units, users, role grants, role bindings)', async () => {
    const s = slug();
    oneWinnerRestConflict(await race(ctx, 4, (tx) => createOrganisation(tx, { slug: s, name: 'Dubbel BV' })), 'slug');

    const { org, unit } = await makeOrganisation(ctx.database.db);
    oneWinnerRestConflict(await race(ctx, 4, (tx) => createUnit(tx, org.id, { name: 'Team Dubbel', kind: 'team', parentId: unit.id }, null)), 'name');
    const email = `dubbel-${ctx.kind}-${process.pid}@test.klachtwijs.nl`;
    oneWinnerRestConflict(await race(ctx, 4, (tx) => createUser(tx, org.id, { email, name: 'Dubbel', password: TEST_PASSWORD, role: 'handler', unitId: null }, null)), 'email');

    const admin = await makeUser(ctx.database.db, org.id, 'admin');
    const handler = await makeUser(ctx.database.db, org.id, 'handler');
    const manager = { userId: admin.user.id, organisationId: org.id };
    oneWinnerRestConflict(await race(ctx, 4, (tx) => addRoleGrant(tx, manager, handler.user.id, { role: 'coordinator', unitId: unit.id })), 'role');

    await ctx.database.db.transaction().execute((tx) => activateRegulation(tx, { organisationId: org.id, unitId: null, source: { preset: 'stadsring51' }, fills: {}, actorUserId: null }));
    oneWinnerRestConflict(
      await race(ctx, 4, (tx) => bindRole(tx, { organisationId: org.id, actor: null }, { roleKey: 'complaints_officer', userId: handler.user.id, unitId: null })),
      'userId',
    );
  });
});

forEachDatabase('onboarding over HTTP', (ctx) => {
  let admin: { email: string; password: string };
  let orgId: string;
  before(async () => {
    const { org } = await makeOrganisation(ctx.database.db);
    orgId = org.id;
    admin = await makeUser(ctx.database.db, org.id, 'admin');
  });

  it('answers 409 with the Dutch message at the field when two admins add the same unit at the same moment', async () => {
    const app = await testApp(ctx.database);
    const page = new PageClient(app);
    await page.logIn(admin.email, admin.password);
    const { csrf } = await page.get('/beheer/eenheden');
    const sent = await Promise.all(Array.from({ length: 3 }, () => page.postForm('/beheer/eenheden', { _csrf: csrf, name: 'Afdeling Gelijktijdig', kind: 'afdeling' })));
    const statuses = sent.map((r) => r.status).sort();
    assert.ok(!statuses.some((s) => s >= 500), `no 500: ${statuses.join(', ')}`);
    assert.equal((await listUnits(ctx.database.db, orgId)).filter((u) => u.name === 'Afdeling Gelijktijdig').length, 1);
  });
});
