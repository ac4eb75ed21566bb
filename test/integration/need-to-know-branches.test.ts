import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import { sql, type Kysely } from 'kysely';
import type { DB } from '../../src/db/types.ts';
import type { Actor } from '../../src/usecases/actor.ts';
import { complaintScope, visibleBranches, visibleTo, type ComplaintScope } from '../../src/usecases/complaints/access.ts';
import { today } from '../../src/usecases/complaints/dossier.ts';
import { registerComplaint } from '../../src/usecases/complaints/register-complaint.ts';
import { startWorklists } from '../../src/usecases/complaints/start-worklists.ts';
import { createUnit } from '../../src/usecases/units/units.ts';
import { forEachDatabase } from '../support/databases.ts';
import { actorOf, makeOrganisationWithRegulation } from '../support/factories.ts';

/**
 * Need-to-know as branches (issue 13, ADR 0028 addendum 10): the UNION of `visibleBranches(scope)` keeps exactly what
 * `visibleTo(scope)` keeps, for every kind of reason to see a complaint (handler, registrar while open, a unit's
 * coordinator, the role that assigns, a role a complaint was handed over to / consulted with / forwarded to, the
 * respondent with a part, the independence rule), on complaints whose columns take every combination that matters;
 * and the start page's lists read by branches are the lists `visibleTo` gives.
 */
const ROLE = 'complaints_officer';
const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

forEachDatabase('need-to-know as branches', (ctx) => {
  let db: Kysely<DB>;
  let org: Awaited<ReturnType<typeof makeOrganisationWithRegulation>>;
  let me: string;
  let other: string;
  let unitA: string;
  let unitB: string;
  let version: string;
  let handler: Actor;
  const ids: string[] = [];
  before(async () => {
    db = ctx.database.db;
    org = await makeOrganisationWithRegulation(db, 'stadsring51');
    const noise = await makeOrganisationWithRegulation(db, 'stadsring51');
    me = org.handler.user.id;
    other = org.intake.user.id;
    unitA = org.unit.id;
    unitB = (await db.transaction().execute((tx) => createUnit(tx, org.org.id, { name: 'Afdeling Oost', parentId: unitA }, null))).id;
    const coordinator = await actorOf(db, org.coordinator);
    handler = await actorOf(db, org.handler);
    const input = (i: number) => ({
      channel: 'letter',
      documentDate: today(),
      description: `Klacht ${i}: de medewerker kwam niet opdagen.`,
      complainant: { relation: 'client', name: `Klager ${i}`, postalAddress: 'Dorpsstraat 1, 1234 AB Ergens', email: `k${i}@example.nl` },
      signed: true,
      unitId: unitA,
    });
    for (let i = 0; i < 90; i++) ids.push((await registerComplaint(db, { organisationId: org.org.id, actor: coordinator, door: 'staff', input: input(i) })).id);
    // A complaint of another organisation with every column pointing at "me": never visible.
    const stranger = await registerComplaint(db, { organisationId: noise.org.id, actor: await actorOf(db, noise.coordinator), door: 'staff', input: { ...input(99), unitId: noise.unit.id } });
    version = (await db.selectFrom('complaints').select('regulation_version_id').where('id', '=', ids[0]!).executeTakeFirstOrThrow()).regulation_version_id!;
    // Every column need-to-know reads takes its values by its own pseudo-random pick, so their combinations vary.
    const mix = (x: number) => {
      let h = Math.imul(x ^ (x >>> 16), 0x45d9f3b);
      h = Math.imul(h ^ (h >>> 16), 0x45d9f3b);
      return (h ^ (h >>> 16)) >>> 0;
    };
    const pick = <T,>(i: number, salt: number, values: T[]): T => values[mix(i * 31 + salt) % values.length]!;
    for (const [i, id] of ids.entries()) {
      await db
        .updateTable('complaints')
        .set({
          handler_user_id: pick(i, 1, [null, me, other]),
          registered_by: pick(i, 2, [null, me, other]),
          status: pick(i, 3, ['new', 'in_progress', 'suspended', 'decided', 'closed']),
          unit_id: pick(i, 4, [unitA, unitB]),
          handed_to_role: pick(i, 5, [null, null, ROLE, 'board']),
          consulted_roles: sql`${pick(i, 6, ['[]', '[]', `["${ROLE}"]`, '["board"]'])}::jsonb`,
          procedure_roles: sql`${pick(i, 7, ['[]', '[]', `["${ROLE}"]`])}::jsonb`,
          respondent_user_id: pick(i, 8, [null, null, me, other]),
          next_due: pick(i, 9, [day(-30), day(-1), day(0), day(3), day(30), null]),
        })
        .where('id', '=', id)
        .execute();
    }
    await db
      .updateTable('complaints')
      .set({ handler_user_id: me, registered_by: me, handed_to_role: ROLE, respondent_user_id: me, unit_id: unitA, next_due: day(-2) })
      .where('id', '=', stranger.id)
      .execute();
  });

  const visible = async (where: ReturnType<typeof visibleTo>) =>
    new Set((await db.selectFrom('complaints').select('id').where('organisation_id', '=', org.org.id).where(where).execute()).map((r) => r.id));

  const base = (): ComplaintScope => ({ coordinatorUnits: [], userId: me, handler: false, intake: false, byRegulation: [], respondentVersions: [], independentVersions: [] });
  const scopes: [string, () => ComplaintScope, string[]][] = [
    ['handler', () => ({ ...base(), handler: true }), ['handler']],
    ['registrar (while open)', () => ({ ...base(), intake: true }), ['registrar']],
    ["a unit's coordinator", () => ({ ...base(), coordinatorUnits: [unitB] }), ['units']],
    ['the role that assigns (whole units)', () => ({ ...base(), byRegulation: [{ versionId: version, units: [unitA], held: [] }] }), ['units']],
    ['a role handed over to, consulted with or forwarded to', () => ({ ...base(), byRegulation: [{ versionId: version, units: [], held: [{ role: ROLE, units: [unitA] }] }] }), ['roles']],
    ['the respondent with a part', () => ({ ...base(), respondentVersions: [version] }), ['respondent']],
    [
      'every reason, under the independence rule',
      () => ({
        ...base(),
        handler: true,
        intake: true,
        coordinatorUnits: [unitB],
        byRegulation: [{ versionId: version, units: [], held: [{ role: ROLE, units: [unitA, unitB] }] }],
        respondentVersions: [version],
        independentVersions: [version],
      }),
      ['units', 'roles', 'handler', 'registrar', 'respondent'],
    ],
    [
      'a handler under the independence rule without a part',
      () => ({ ...base(), handler: true, intake: true, byRegulation: [{ versionId: version, units: [], held: [{ role: ROLE, units: [unitA] }] }], independentVersions: [version] }),
      ['roles', 'handler', 'registrar'],
    ],
    ['the rule of another version', () => ({ ...base(), handler: true, byRegulation: [{ versionId: crypto.randomUUID(), units: [unitA], held: [{ role: ROLE, units: [unitA] }] }], independentVersions: [crypto.randomUUID()] }), ['units', 'roles', 'handler']],
    ['the klachtenfunctionaris under the independence rule', () => ({ ...base(), coordinatorUnits: [unitA, unitB], coordinatorOfAll: true, handler: true, intake: true, independentVersions: [version] }), ['all', 'handler', 'registrar']],
    ['no reason at all', () => base(), []],
  ];

  for (const [what, scopeOf, names] of scopes) {
    it(`${what}: the branches' union is exactly what visibleTo keeps, and no branch keeps more`, async () => {
      const scope = scopeOf();
      const branches = visibleBranches(scope);
      assert.deepEqual(branches.map((b) => b.name).sort(), [...names].sort());
      const expected = await visible(visibleTo(scope));
      const union = new Set<string>();
      for (const b of branches) {
        const found = await visible(b.where);
        for (const id of found) assert.ok(expected.has(id), `${b.name} keeps ${id}, which visibleTo does not: a leak`);
        for (const id of found) union.add(id);
      }
      assert.deepEqual([...union].sort(), [...expected].sort(), 'the union drops or adds a complaint');
      // The data gives every scope but "nothing" something to see, and never everything (the test could fail).
      if (names.length) assert.ok(expected.size > 0 && expected.size < ids.length, `${what}: ${expected.size} of ${ids.length}`);
      else assert.equal(expected.size, 0);
    });
  }

  it('the independence rule holds in every branch but the respondent\'s', async () => {
    const scope = scopes.find(([w]) => w === 'a handler under the independence rule without a part')![1]();
    const aboutMe = new Set((await db.selectFrom('complaints').select('id').where('organisation_id', '=', org.org.id).where('respondent_user_id', '=', me).execute()).map((r) => r.id));
    assert.ok(aboutMe.size > 0);
    for (const b of visibleBranches(scope)) for (const id of await visible(b.where)) assert.ok(!aboutMe.has(id), `${b.name} shows a complaint about me`);
  });

  it("a handler's start page read by branches: the lists visibleTo gives, in their order, counted and capped", async () => {
    const scope = await complaintScope(db, handler);
    const names = visibleBranches(scope).map((b) => b.name);
    assert.ok(!names.includes('units') && !names.includes('all'), `the handler's lists are read by branches (${names.join(', ')})`);
    const order = sql`next_due asc nulls last, received_on desc, reference desc, id`;
    const expect = async (extra: (q: ReturnType<typeof open>) => ReturnType<typeof open>) =>
      (await extra(open()).select('id').orderBy(order).execute()).map((r) => r.id);
    const open = () => db.selectFrom('complaints').where('organisation_id', '=', org.org.id).where(visibleTo(scope)).where('status', 'in', ['new', 'in_progress', 'suspended']);
    const lists = await startWorklists(db, handler, { soonDays: 7, limit: 100 });
    const overdue = await expect((q) => q.where('next_due', '<', today()));
    const soon = await expect((q) => q.where('next_due', '>=', today()).where('next_due', '<=', day(7)));
    const mine = await expect((q) => q.where('handler_user_id', '=', me));
    assert.ok(overdue.length > 2 && soon.length > 2 && mine.length > 2, `${overdue.length} ${soon.length} ${mine.length}`);
    assert.deepEqual(lists.overdue?.items.map((i) => i.id), overdue);
    assert.deepEqual(lists.soon?.items.map((i) => i.id), soon);
    assert.deepEqual(lists.mine?.items.map((i) => i.id), mine);
    assert.deepEqual([lists.overdue?.total, lists.soon?.total, lists.mine?.total], [overdue.length, soon.length, mine.length]);
    // Capped below the lists' size: each branch's first cap + 1, merged, still gives the list's first rows.
    const capped = await startWorklists(db, handler, { soonDays: 7, limit: 2, cap: 2 });
    assert.deepEqual(capped.overdue?.items.map((i) => i.id), overdue.slice(0, 2));
    assert.deepEqual({ total: capped.overdue?.total, capped: capped.overdue?.capped }, { total: 2, capped: true });
    assert.deepEqual(capped.soon?.items.map((i) => i.id), soon.slice(0, 2));
  });

  // Last: it makes the klachtenfunctionaris the person complained about in a third of the complaints.
  it("the klachtenfunctionaris's start page counts without need-to-know and subtracts what it hides: exact, capped, never a complaint about them", async () => {
    const coordinator = await actorOf(db, org.coordinator);
    for (const [i, id] of ids.entries()) if (i % 3 === 0) await db.updateTable('complaints').set({ respondent_user_id: coordinator.userId }).where('id', '=', id).execute();
    const scope = await complaintScope(db, coordinator);
    assert.ok(scope.coordinatorOfAll && scope.independentVersions.includes(version), 'the klachtenfunctionaris under the independence rule');
    const seen = () => db.selectFrom('complaints').select('id').where('organisation_id', '=', org.org.id).where(visibleTo(scope));
    const openOnes = () => seen().where('status', 'in', ['new', 'in_progress', 'suspended']);
    const expected = {
      overdue: (await openOnes().where('next_due', '<', today()).execute()).length,
      soon: (await openOnes().where('next_due', '>=', today()).where('next_due', '<=', day(7)).execute()).length,
      triage: (await seen().where('status', '=', 'new').where('kind', '=', 'complaint').execute()).length,
    };
    const hidden = (await db.selectFrom('complaints').select('id').where('organisation_id', '=', org.org.id).where('respondent_user_id', '=', coordinator.userId).where('status', 'in', ['new', 'in_progress', 'suspended']).where('next_due', '<', today()).execute()).length;
    assert.ok(expected.overdue > 2 && expected.soon > 2 && expected.triage > 2 && hidden > 0, JSON.stringify({ ...expected, hidden }));
    const totals = (l: Awaited<ReturnType<typeof startWorklists>>) => ({ overdue: l.overdue?.total, soon: l.soon?.total, triage: l.triage?.total });
    const lists = await startWorklists(db, coordinator, { soonDays: 7, limit: 100 });
    assert.deepEqual(totals(lists), expected);
    assert.ok(!Object.values(lists).some((l) => l?.items.some((i: { id: string }) => ids.indexOf(i.id) % 3 === 0)), 'a complaint about the klachtenfunctionaris is shown');
    // At the cap: exactly as many as the cap is exact; one fewer is "more than".
    for (const name of ['overdue', 'soon', 'triage'] as const) {
      const at = await startWorklists(db, coordinator, { soonDays: 7, cap: expected[name] });
      assert.deepEqual({ total: at[name]?.total, capped: at[name]?.capped }, { total: expected[name], capped: false }, `${name} at its cap`);
      const below = await startWorklists(db, coordinator, { soonDays: 7, cap: expected[name] - 1 });
      assert.deepEqual({ total: below[name]?.total, capped: below[name]?.capped }, { total: expected[name] - 1, capped: true }, `${name} above its cap`);
    }
  });
});
