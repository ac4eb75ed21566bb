import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import { Hono } from 'hono';
import { CompiledQuery, sql, type Kysely } from 'kysely';
import { withOrganisation } from '../../src/db/tenant.ts';
import { readOnlyPage, type AppDeps, type AppEnv } from '../../src/http/context.ts';
import type { DB } from '../../src/db/types.ts';
import type { Actor } from '../../src/usecases/actor.ts';
import { today } from '../../src/usecases/complaints/dossier.ts';
import { registerComplaint } from '../../src/usecases/complaints/register-complaint.ts';
import { inIndexOrder, listComplaints } from '../../src/usecases/complaints/list-complaints.ts';
import { COUNT_CAP, startWorklists } from '../../src/usecases/complaints/start-worklists.ts';
import { embeddedInOneTransaction, withReadMemo } from '../../src/usecases/read-memo.ts';
import { regulationHeads } from '../../src/usecases/regulations/regulations.ts';
import { reportsDue } from '../../src/usecases/reports/reports.ts';
import { createUnit, organisationUnits } from '../../src/usecases/units/units.ts';
import { forEachDatabase } from '../support/databases.ts';
import { capturing } from '../support/capture.ts';
import { actorOf, makeOrganisationWithRegulation } from '../support/factories.ts';

/**
 * The start page's work lists (issue 13, scale lane): counted up to a cap instead of the whole organisation,
 * need-to-know as in the complaint list, the read recorded once per complaint, user and day.
 */
const input = (i: number, receivedOn?: string) => ({
  channel: 'letter',
  documentDate: receivedOn ?? today(),
  description: `Klacht ${i}: de medewerker kwam niet opdagen bij de afspraak.`,
  complainant: { relation: 'client', name: `Klager ${i}`, postalAddress: 'Dorpsstraat 1, 1234 AB Ergens', email: `k${i}@example.nl` },
  signed: true,
  ...(receivedOn ? { receivedOn } : {}),
});

forEachDatabase('start page work lists', (ctx) => {
  let db: Kysely<DB>;
  let coordinator: Actor;
  let stranger: Actor;
  let org: Awaited<ReturnType<typeof makeOrganisationWithRegulation>>;
  const old: string[] = [];
  let fresh: string;
  before(async () => {
    db = ctx.database.db;
    org = await makeOrganisationWithRegulation(db, 'stadsring51');
    const other = await makeOrganisationWithRegulation(db, 'stadsring51');
    coordinator = await actorOf(db, org.coordinator);
    stranger = await actorOf(db, other.coordinator);
    // Received two months ago and never acknowledged: the acknowledgement term has passed.
    const longAgo = new Date(Date.now() - 60 * 86_400_000).toISOString().slice(0, 10);
    for (let i = 0; i < 3; i++) old.push((await registerComplaint(db, { organisationId: org.org.id, actor: coordinator, door: 'staff', input: input(i, longAgo) })).id);
    fresh = (await registerComplaint(db, { organisationId: org.org.id, actor: coordinator, door: 'staff', input: input(9) })).id;
  });

  it('counts every overdue complaint below the cap, and says "more than" above it without counting further', async () => {
    const all = await startWorklists(db, coordinator, { soonDays: 7 });
    assert.equal(COUNT_CAP, 1000);
    assert.deepEqual({ total: all.overdue?.total, capped: all.overdue?.capped }, { total: 3, capped: false });
    assert.deepEqual(new Set(all.overdue?.items.map((i) => i.id)), new Set(old));
    assert.ok(!all.overdue?.items.some((i) => i.id === fresh), 'a complaint received today is not overdue');
    assert.deepEqual({ total: all.triage?.total, capped: all.triage?.capped }, { total: 4, capped: false });
    const capped = await startWorklists(db, coordinator, { soonDays: 7, cap: 2 });
    assert.deepEqual({ total: capped.overdue?.total, capped: capped.overdue?.capped }, { total: 2, capped: true });
    assert.deepEqual({ total: capped.triage?.total, capped: capped.triage?.capped }, { total: 2, capped: true });
  });

  it("a handler's lists (need-to-know an OR, the matches collected once per list): exactly their own complaints, counted and capped", async () => {
    const handler = await actorOf(db, org.handler);
    // Two of the overdue complaints are the handler's; the other overdue one and today's are not theirs to see.
    await sql`update complaints set handler_user_id = ${org.handler.user.id} where id in (${old[0]!}, ${old[2]!})`.execute(db);
    try {
      const lists = await startWorklists(db, handler, { soonDays: 7 });
      const mine = [old[0]!, old[2]!].sort();
      assert.deepEqual(lists.mine?.items.map((i) => i.id).sort(), mine);
      assert.deepEqual(lists.overdue?.items.map((i) => i.id).sort(), mine);
      assert.deepEqual({ total: lists.overdue?.total, capped: lists.overdue?.capped }, { total: 2, capped: false });
      assert.deepEqual({ total: lists.soon?.total, items: lists.soon?.items.length }, { total: 0, items: 0 });
      assert.equal(lists.triage, null);
      // The same complaints as the complaint list shows this handler, in the same order (due first, then received, reference).
      const listed = (await listComplaints(db, handler, { status: 'open', overdue: 'true' })).items.map((i) => i.id);
      assert.deepEqual(lists.overdue?.items.map((i) => i.id), listed);
      const one = await startWorklists(db, handler, { soonDays: 7, limit: 1, cap: 1 });
      assert.deepEqual({ shown: one.overdue?.items.length, total: one.overdue?.total, capped: one.overdue?.capped }, { shown: 1, total: 1, capped: true });
      assert.equal(one.overdue?.items[0]?.id, listed[0]);
    } finally {
      await sql`update complaints set handler_user_id = null where id in (${old[0]!}, ${old[2]!})`.execute(db);
    }
  });

  it('shows each list in its order, at most `limit` rows, with what a row shows (names looked up per row)', async () => {
    const lists = await startWorklists(db, coordinator, { soonDays: 7, limit: 2 });
    const triage = lists.triage!;
    assert.deepEqual({ shown: triage.items.length, total: triage.total }, { shown: 2, total: 4 });
    // Due first: the two-month-old complaints (their acknowledgement term has passed) before today's.
    assert.ok(triage.items.every((i) => old.includes(i.id)), 'the earliest due first');
    const dues = triage.items.map((i) => i.nextDue ?? '9999-12-31');
    assert.deepEqual(dues, [...dues].sort());
    for (const i of triage.items) {
      assert.match(i.receivedOn, /^\d{4}-\d{2}-\d{2}$/);
      assert.ok(i.unitName.length > 0, 'the unit name is looked up');
      assert.equal(typeof i.deadlines, 'object');
    }
    assert.equal(lists.mine?.items.length, 0, 'the coordinator handles none of them');
  });

  it('shows another organisation nothing of these complaints', async () => {
    const lists = await startWorklists(db, stranger, { soonDays: 7 });
    const shown = Object.values(lists).flatMap((l) => (l as { items: { id: string }[] } | null)?.items.map((i) => i.id) ?? []);
    assert.deepEqual(shown, []);
    assert.equal(lists.overdue?.total, 0);
  });

  it('records who saw which complaint as a list read, once per complaint, user and day', async () => {
    const readsOf = () => db.selectFrom('complaint_list_reads').select('complaint_id').where('user_id', '=', coordinator.userId!).execute();
    await db.deleteFrom('complaint_list_reads').where('user_id', '=', coordinator.userId!).execute();
    await startWorklists(db, coordinator, { soonDays: 7 });
    const ids = (await readsOf()).map((r) => r.complaint_id);
    for (const id of [...old, fresh]) assert.ok(ids.includes(id), `recorded ${id}`);
    await startWorklists(db, coordinator, { soonDays: 7 });
    assert.equal((await readsOf()).length, ids.length, 'a second visit the same day writes nothing new');
    const lines = await db.selectFrom('audit_log').select('id').where('action', '=', 'complaint.listed').where('actor_user_id', '=', coordinator.userId).execute();
    assert.equal(lines.length, 0, 'no audit_log line per page');
  });

  it("records the list read once per complaint shown, on a PostgreSQL server in the lists' own statement (no round trip of its own), for the klachtenfunctionaris and a handler whose complaints are in two lists", async () => {
    const handler = await actorOf(db, org.handler);
    await sql`update complaints set handler_user_id = ${org.handler.user.id} where id in (${old[0]!}, ${old[2]!})`.execute(db);
    try {
      for (const actor of [coordinator, handler]) {
        await db.deleteFrom('complaint_list_reads').where('user_id', '=', actor.userId!).execute();
        const { db: spy, sent } = capturing(db);
        const lists = await startWorklists(spy, actor, { soonDays: 7 });
        const writing = sent.statements.filter((s) => /complaint_list_reads/.test(s.sql));
        assert.equal(writing.length, 1, 'one statement writes the list read');
        // On PGlite (no round trip to save) an insert of its own: with the lists it measured dearer.
        if (ctx.kind === 'postgres') assert.match(writing[0]!.sql, /from "complaints"/, "the lists' own statement");
        else assert.match(writing[0]!.sql, /^\s*insert into complaint_list_reads/);
        const shown = [...new Set(Object.values(lists).flatMap((l: { items: { id: string }[] } | null) => l?.items.map((i) => i.id) ?? []))].sort();
        const recorded = await db.selectFrom('complaint_list_reads').select(['complaint_id', 'organisation_id', sql<string>`day::text`.as('day')]).where('user_id', '=', actor.userId!).execute();
        assert.deepEqual(recorded.map((r) => r.complaint_id).sort(), shown, 'every complaint shown, once');
        assert.ok(recorded.every((r) => r.organisation_id === org.org.id && r.day === today()));
        if (actor === handler) assert.deepEqual(shown, [old[0]!, old[2]!].sort(), "the handler's complaints, each in 'mine' and 'overdue'");
      }
    } finally {
      await sql`update complaints set handler_user_id = null where id in (${old[0]!}, ${old[2]!})`.execute(db);
    }
  });

  if (ctx.kind === 'postgres') it("the klachtenfunctionaris's count of new complaints reads T1500's index alone (index-only), as overdue, due soon and the other registrations do", async () => {
    const { db: spy, sent } = capturing(db);
    await startWorklists(spy, coordinator, { soonDays: 7, cap: 3 });
    const statement = sent.statements.find((q) => q.sql.includes('"triage_n"'))!;
    // The visibility map set, as on a server that autovacuums: an index-only scan is then what it costs.
    await sql`vacuum (analyze) complaints`.execute(db);
    const plan = await withOrganisation(org.org.id, () =>
      db.transaction().execute(async (tx) => {
        await sql`select set_config('enable_seqscan', 'off', true), set_config('enable_bitmapscan', 'off', true), set_config('enable_sort', 'off', true)`.execute(tx);
        const rows = await tx.executeQuery<{ 'QUERY PLAN': string }>(CompiledQuery.raw(`explain (costs off) ${statement.sql}`, [...statement.parameters]));
        return rows.rows.map((r) => r['QUERY PLAN']).join('\n');
      }),
    );
    assert.match(plan, /Index Only Scan using complaints_triage_due/, plan);
    // What it shows is the same: four new complaints, none hidden (the cap above them, and at one below).
    assert.deepEqual((await startWorklists(db, coordinator, { soonDays: 7, cap: 4 })).triage?.total, 4);
    assert.deepEqual((await startWorklists(db, coordinator, { soonDays: 7, cap: 3 })).triage?.capped, true);
  });

  it("the planner knows a handler's complaints are of the handler's organisation (T1510): a handler's \"mine\" is estimated as their own, not as their share of the organisation", async () => {
    const { rows } = await sql<{ kinds: string; columns: string }>`
      select s.stxkind::text as kinds, (select string_agg(a.attname, ',' order by a.attname) from pg_attribute a where a.attrelid = s.stxrelid and a.attnum = any (s.stxkeys)) as columns
      from pg_statistic_ext s where s.stxrelid = 'complaints'::regclass and s.stxname = 'complaints_organisation_handler'`.execute(db);
    assert.deepEqual(rows.map((r) => ({ columns: r.columns, dependencies: r.kinds.includes('f') })), [{ columns: 'handler_user_id,organisation_id', dependencies: true }]);
  });

  it("builds and compiles the work lists' statement once per actor, scope, day and options, and sends that statement again on the next visit", async () => {
    const { db: spy, statements, sent } = capturing(db);
    // The work lists' one statement: the only one that names the lists' counts.
    const lists = (qs: CompiledQuery[]) => qs.filter((q) => q.sql.includes('"overdue_n"'));
    const first = await startWorklists(spy, coordinator, { soonDays: 7 });
    const compiled = lists(statements).length;
    assert.ok(compiled >= 1, 'compiled on the first visit');
    const second = await startWorklists(spy, coordinator, { soonDays: 7 });
    assert.deepEqual(second, first, 'the same lists');
    assert.equal(lists(statements).length, compiled, 'nothing built or compiled on the second visit');
    const [a, b] = lists(sent.statements);
    assert.equal(lists(sent.statements).length, 2);
    assert.equal(b, a, 'the same compiled statement sent again');
    // Whatever the statement depends on is in its key: another day, other options, another actor each get their own.
    const tomorrow = new Date(Date.now() + 86_400_000);
    await startWorklists(spy, coordinator, { soonDays: 7, now: tomorrow });
    await startWorklists(spy, coordinator, { soonDays: 3 });
    await startWorklists(spy, await actorOf(db, org.handler), { soonDays: 7 });
    const sentNow = lists(sent.statements);
    assert.equal(sentNow.length, 5);
    assert.equal(new Set(sentNow).size, 4, 'the second visit alone reused a statement');
    // On a PostgreSQL server its values are in its text (withValuesInlined, src/db/prepared.ts); on PGlite parameters.
    const holds = (q: CompiledQuery, day: string) => q.parameters.includes(day) || q.sql.includes(`'${day}'`);
    assert.ok(holds(sentNow[2]!, today(tomorrow)), "tomorrow's statement compares with tomorrow");
    assert.ok(!holds(sentNow[0]!, today(tomorrow)));
    // On the server every statement's values are inlined (none kept as a parameter: withValuesInlined's own check passed).
    if (ctx.kind === 'postgres') assert.deepEqual(sentNow.map((q) => q.parameters.length), [0, 0, 0, 0, 0]);
  });

  it("inside a read-only page's one transaction (the start page on PGlite): the same lists, and the index-order settings end with them", async () => {
    const plain = await startWorklists(db, coordinator, { soonDays: 7 });
    const within = await db.transaction().execute(async (tx) => {
      const lists = await startWorklists(tx, coordinator, { soonDays: 7 });
      const { rows } = await sql<{ sort: string; bitmap: string }>`select current_setting('enable_sort') as sort, current_setting('enable_bitmapscan') as bitmap`.execute(tx);
      return { lists, settings: rows[0] };
    });
    assert.deepEqual(within.lists, plain);
    assert.deepEqual(within.settings, { sort: 'on', bitmap: 'on' });
    // Back to what they were before, not to the defaults: a caller's own setting stays.
    const kept = await db.transaction().execute(async (tx) => {
      await sql`select set_config('enable_bitmapscan', 'off', true)`.execute(tx);
      const inside = await inIndexOrder(tx, async (t) => (await sql<{ sort: string }>`select current_setting('enable_sort') as sort`.execute(t)).rows[0]?.sort);
      const { rows } = await sql<{ sort: string; bitmap: string }>`select current_setting('enable_sort') as sort, current_setting('enable_bitmapscan') as bitmap`.execute(tx);
      return { inside, after: rows[0] };
    });
    assert.deepEqual(kept, { inside: 'off', after: { sort: 'on', bitmap: 'off' } });
    // Only the embedded database gets the one transaction; a PostgreSQL server reads side by side on its connections.
    assert.equal(await embeddedInOneTransaction(db, (d) => Promise.resolve(d.isTransaction)), ctx.database.kind === 'pglite');
  });

  it("a read-only page's code that takes the request's db gets the page's transaction on PGlite (another handle would wait for ever), and the request's db back afterwards", async () => {
    const app = new Hono<AppEnv>();
    const seen: { inside?: boolean; after?: boolean } = {};
    app.use(async (c, next) => {
      c.set('deps', { db } as AppDeps);
      await next();
      seen.after = c.get('deps').db === db;
    });
    app.get('/page', (c) =>
      readOnlyPage(c, async (pageDb) => {
        seen.inside = c.get('deps').db === pageDb && pageDb.isTransaction === (ctx.database.kind === 'pglite');
        // Only through the page's own handle: a statement through another handle would hang this test's database.
        if (!seen.inside) return c.text('0');
        const rows = await c.get('deps').db.selectFrom('organisations').select('id').execute();
        return c.text(String(rows.length));
      }),
    );
    const res = await app.request('/page');
    assert.equal(res.status, 200);
    assert.ok(Number(await res.text()) >= 1);
    assert.deepEqual(seen, { inside: true, after: true });
  });

  it("inside a read-only page the units, the regulation heads and the reports due come from the organisation's facts: the same as read alone", async () => {
    await createUnit(db, org.org.id, { name: 'Afdeling Zuid', kind: 'afdeling', parentId: null }, coordinator.userId);
    const alone = { units: await organisationUnits(db, org.org.id), heads: await regulationHeads(db, org.org.id), due: await reportsDue(db, coordinator) };
    const inPage = await withReadMemo(async () => ({ units: await organisationUnits(db, org.org.id), heads: await regulationHeads(db, org.org.id), due: await reportsDue(db, coordinator) }));
    assert.ok(alone.units.length >= 2 && alone.heads.length >= 1);
    assert.ok(alone.units.every((u) => u.created_at instanceof Date));
    assert.deepEqual(inPage, alone);
  });

  it('in index order (on a PostgreSQL server BEGIN and the settings in one round trip): the settings hold inside only, a failure rolls back', async () => {
    const settings = async (d: Kysely<DB>) => (await sql<{ sort: string; bitmap: string }>`select current_setting('enable_sort') as sort, current_setting('enable_bitmapscan') as bitmap`.execute(d)).rows[0];
    assert.deepEqual(await inIndexOrder(db, settings), { sort: 'off', bitmap: 'off' });
    assert.deepEqual(await settings(db), { sort: 'on', bitmap: 'on' });
    const key = `test.inIndexOrder.${Date.now()}`;
    await assert.rejects(
      inIndexOrder(db, async (tx) => {
        await tx.insertInto('settings').values({ key, value: '"1"' }).execute();
        throw new Error('failed inside');
      }),
      /failed inside/,
    );
    assert.equal(await db.selectFrom('settings').select('key').where('key', '=', key).executeTakeFirst(), undefined, 'what ran inside is rolled back');
    assert.deepEqual(await settings(db), { sort: 'on', bitmap: 'on' });
    // A failing statement (not only a failing caller): the transaction is rolled back and the connection serves on.
    await assert.rejects(inIndexOrder(db, (tx) => sql`select 1 / 0`.execute(tx)), /division by zero/);
    assert.deepEqual(await settings(db), { sort: 'on', bitmap: 'on' });
  });
});
