import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import { CompiledQuery, sql, type Kysely } from 'kysely';
import type { DB } from '../../src/db/types.ts';
import { DUE_SQL } from '../../src/db/migrations/2026-12-02T1920-due-order-leakproof.ts';
import { withOrganisation } from '../../src/db/tenant.ts';
import { listComplaints, MATCH_CAP } from '../../src/usecases/complaints/list-complaints.ts';
import { registerComplaint } from '../../src/usecases/complaints/register-complaint.ts';
import { complaintScope } from '../../src/usecases/complaints/access.ts';
import { capturing } from '../support/capture.ts';
import { forEachDatabase } from '../support/databases.ts';
import { actorOf, makeOrganisationWithRegulation, makeUser } from '../support/factories.ts';

type PlanNode = Record<string, unknown> & { Plans?: PlanNode[] };

/**
 * Every node of a statement's plan, replayed as the actor's organisation under EXPLAIN (ANALYZE, FORMAT JSON), with
 * sequential, index and bitmap scans off: the test's tables are a few pages, which any scan of the organisation reads
 * cheaply, and the question is whether the statement allows a TID scan under row-level security at all (the planner
 * falls back to a disabled scan when it does not). At a million complaints it is the planner's own choice (bench/README.md).
 */
async function planNodes(db: Kysely<DB>, organisationId: string, statement: CompiledQuery): Promise<PlanNode[]> {
  const plan = await withOrganisation(organisationId, () =>
    db.transaction().execute(async (tx) => {
      await sql`select set_config('enable_seqscan', 'off', true), set_config('enable_indexscan', 'off', true), set_config('enable_bitmapscan', 'off', true)`.execute(tx);
      return tx.executeQuery<{ 'QUERY PLAN': unknown }>(CompiledQuery.raw(`explain (analyze, format json) ${statement.sql}`, [...statement.parameters]));
    }),
  );
  const raw = plan.rows[0]!['QUERY PLAN'];
  const nodes: PlanNode[] = [];
  const walk = (n: PlanNode) => {
    nodes.push(n);
    for (const c of n.Plans ?? []) walk(c);
  };
  walk(((typeof raw === 'string' ? JSON.parse(raw) : raw) as { Plan: PlanNode }[])[0]!.Plan);
  return nodes;
}

/** The TID scans of `complaints` in a plan that ran (T2200): [rows per loop, loops] of each. */
const tidScans = (nodes: PlanNode[]) =>
  nodes
    .filter((n) => n['Node Type'] === 'Tid Scan' && n['Relation Name'] === 'complaints' && Number(n['Actual Loops']) > 0)
    .map((n) => [Number(n['Actual Rows']), Number(n['Actual Loops'])]);

/**
 * Issue 13, migration T1900: the search's GIN indexes hold the organisation (btree_gin), the category filter and the
 * incomplete filter have their indexes, and the filters that now read them find exactly what they found before: a
 * category in any dimension, never another organisation's complaint.
 */
forEachDatabase('list indexes per organisation', (ctx) => {
  let a: Awaited<ReturnType<typeof makeOrganisationWithRegulation>>;
  let b: Awaited<ReturnType<typeof makeOrganisationWithRegulation>>;
  const ids: Record<string, string> = {};

  const register = async (org: typeof a, name: string, description: string) =>
    (
      await registerComplaint(ctx.database.db, {
        organisationId: org.org.id,
        actor: null,
        door: 'public',
        input: { channel: 'web_form', description, complainant: { relation: 'client', name, email: `${name.split(' ')[0]!.toLowerCase()}@example.nl`, postalAddress: 'Dorpsstraat 1, 1234 AB Ergens' }, signed: true },
      })
    ).id;

  before(async () => {
    const db = ctx.database.db;
    a = await makeOrganisationWithRegulation(db, 'stadsring51');
    b = await makeOrganisationWithRegulation(db, 'stadsring51');
    ids['a1'] = await register(a, 'Ria Keizer', 'De curator kwam niet.');
    ids['a2'] = await register(a, 'Piet Zwanenburg', 'De bus reed door.');
    ids['a3'] = await register(a, 'Sanne Bos', 'De lift was kapot.');
    ids['b1'] = await register(b, 'Kees Zwanenburg', 'De curator kwam ook hier niet.');
    // The cached classification and registration gaps, as the history would set them (dossier.ts refreshes them).
    const classify = (id: string, values: Record<string, string[]>) =>
      sql`update complaints set classification = ${JSON.stringify({ values, severity: null, sensitive: false })}::jsonb where id = ${id}`.execute(db);
    await classify(ids['a1']!, { onderwerp: ['bejegening'], locatie: ['noord'] });
    await classify(ids['a2']!, { onderwerp: ['communicatie'], locatie: ['noord', 'zuid'] });
    await classify(ids['b1']!, { onderwerp: ['bejegening'] });
    await sql`update complaints set details = details || '{"registrationGaps": ["phone"]}'::jsonb where id = ${ids['a3']!}`.execute(db);
  });

  it('puts the organisation in the GIN indexes of the search and the category (the category: in its keys), and indexes the incomplete filter', async () => {
    const defs = Object.fromEntries(
      (await sql<{ indexname: string; indexdef: string }>`select indexname, indexdef from pg_indexes where tablename = 'complaints'`.execute(ctx.database.db)).rows.map((r) => [r.indexname, r.indexdef]),
    );
    assert.match(defs['complaints_search'] ?? '', /USING gin \(organisation_id, search\)/);
    assert.match(defs['complaints_search_person'] ?? '', /USING gin \(organisation_id, lower\(/);
    // T1300 (session 12): one key per organisation and value, `<organisation id>:<value>`, instead of two keys intersected.
    assert.match(defs['complaints_list_category_keys'] ?? '', /USING gin \(klachtwijs_category_keys\(organisation_id, classification\)\)( WITH \(gin_pending_list_limit='64'\))? WHERE/);
    assert.equal(defs['complaints_list_category'], undefined, 'replaced by complaints_list_category_keys');
    assert.match(defs['complaints_list_incomplete'] ?? '', /WHERE \(jsonb_array_length\(/);
    assert.equal(defs['complaints_org_decided_late'], undefined, 'replaced by the partial complaints_list_decided_late');
  });

  // PGlite has no JIT: the check exists on the PostgreSQL server only (not a skip: it is not registered there).
  if (ctx.kind === 'postgres') it('compiles no statement with JIT on PostgreSQL (a capped list read was costed above jit_above_cost: ~10 ms to compile)', async () => {
    // Every pooled connection: ask on several at once, so more than the first is checked.
    const shows = await Promise.all([1, 2, 3].map(() => sql<{ jit: string }>`show jit`.execute(ctx.database.db)));
    assert.deepEqual(shows.map((r) => r.rows[0]?.jit), ['off', 'off', 'off']);
  });

  it('orders by due date on an expression that row-level security lets be an index condition (T1920: LEAST, not COALESCE)', async () => {
    const db = ctx.database.db;
    const defs = Object.fromEntries(
      (await sql<{ indexname: string; indexdef: string }>`select indexname, indexdef from pg_indexes where tablename = 'complaints'`.execute(db)).rows.map((r) => [r.indexname, r.indexdef]),
    );
    for (const name of ['complaints_list_due', 'complaints_list_status', 'complaints_list_handler', 'complaints_list_decided_late', 'complaints_list_incomplete']) {
      assert.match(defs[name] ?? '', /LEAST\(next_due, 'infinity'::date\)/, name);
    }
    assert.match(defs['complaints_list_due_desc'] ?? '', /GREATEST\(next_due, '-infinity'::date\) DESC/);
    // The plan as the application role under the policy: on the PostgreSQL server only (the index definitions above are
    // checked on both databases).
    if (ctx.kind !== 'postgres') return;
    // As the application role, under the policy: "overdue" is a range of the index, not a filter on the organisation's range.
    const plan = await withOrganisation(a.org.id, () =>
      db.transaction().execute(async (tx) => {
        await sql`set local enable_seqscan = off`.execute(tx);
        await sql`set local enable_bitmapscan = off`.execute(tx);
        const due = sql.raw(DUE_SQL('complaints.'));
        const rows = await sql<{ 'QUERY PLAN': string }>`explain (costs off) select id from complaints where organisation_id = ${a.org.id}::uuid and ${due} < ${'2026-12-02'}::date order by ${due} limit 5`.execute(tx);
        return rows.rows.map((r) => r['QUERY PLAN']).join('\n');
      }),
    );
    assert.match(plan, /Index Cond: \(\(organisation_id = '[0-9a-f-]+'::uuid\) AND \(LEAST\(next_due, 'infinity'::date\) < '2026-12-02'::date\)\)/, plan);
  });

  it('keeps the GIN pending lists small on both databases: PGlite runs no autovacuum (T1950), PostgreSQL\'s runs too seldom at scale (T1710)', async () => {
    const { rows } = await sql<{ name: string; options: string[] | null }>`select c.relname as name, c.reloptions as options
      from pg_index x join pg_class c on c.oid = x.indexrelid join pg_am a on a.oid = c.relam
      where x.indrelid = 'complaints'::regclass and a.amname = 'gin' order by 1`.execute(ctx.database.db);
    assert.ok(rows.some((r) => r.name === 'complaints_search'), JSON.stringify(rows));
    // Every search reads the whole pending list of each GIN index it uses; at 4 MB (PostgreSQL's default) a lookup read
    // up to 512 pages before its first match (issue 13, session 15: 306-450 pages at a million complaints).
    for (const r of rows) assert.ok((r.options ?? []).includes('gin_pending_list_limit=64'), JSON.stringify(r));
    // On PGlite any other GIN index, also one a later migration makes, gets the small list from PGlite's start parameter;
    // a PostgreSQL server keeps its own setting (the indexes above carry theirs).
    const { rows: limit } = await sql<{ v: string }>`select current_setting('gin_pending_list_limit') as v`.execute(ctx.database.db);
    assert.equal(limit[0]?.v, ctx.kind === 'pglite' ? '64kB' : '4MB');
  });

  it('finds a category in any dimension, in the own organisation only', async () => {
    const db = ctx.database.db;
    const coordinator = await actorOf(db, a.coordinator);
    const found = async (filters: Record<string, string>) => (await listComplaints(db, coordinator, filters)).items.map((i) => i.id).sort();
    assert.deepEqual(await found({ category: 'bejegening' }), [ids['a1']]);
    assert.deepEqual(await found({ category: 'noord' }), [ids['a1'], ids['a2']].sort());
    assert.deepEqual(await found({ category: 'zuid' }), [ids['a2']]);
    assert.deepEqual(await found({ category: 'onbekend' }), []);
    assert.deepEqual(await found({ category: 'noord', q: 'curator' }), [ids['a1']]);
    assert.deepEqual(await found({ incomplete: 'true' }), [ids['a3']]);
    assert.deepEqual(await found({ incomplete: 'false' }), [ids['a1'], ids['a2']].sort());
    // A word and a name that the other organisation's complaint holds as well.
    assert.deepEqual(await found({ q: 'curator' }), [ids['a1']]);
    assert.deepEqual(await found({ q: 'Zwanenburg' }), [ids['a2']]);
    const other = await actorOf(db, b.coordinator);
    assert.deepEqual((await listComplaints(db, other, { q: 'Zwanenburg' })).items.map((i) => i.id), [ids['b1']]);
    assert.deepEqual((await listComplaints(db, other, { category: 'noord' })).items, []);
  });

  it('looks a search term up first on both databases (T1950: PGlite\'s GIN indexes without a pending list)', async () => {
    const db = ctx.database.db;
    const coordinator = await actorOf(db, a.coordinator);
    const { db: spy, statements } = capturing(db);
    const found = async (q: string) => (await withOrganisation(a.org.id, () => listComplaints(spy, coordinator, { q }))).items.map((i) => i.id).sort();
    // The same complaints on both databases (a word, a name, another organisation's namesake left out; finding-and-working
    // tests every kind of term on both).
    assert.deepEqual(await found('curator'), [ids['a1']]);
    assert.deepEqual(await found('zwanenburg'), [ids['a2']]);
    assert.deepEqual(await found('kapot'), [ids['a3']]);
    assert.ok(statements.some((c) => /klachtwijs_match_words/.test(c.sql)), statements.map((c) => c.sql).join('\n'));
    // A category is looked up on both.
    statements.length = 0;
    await withOrganisation(a.org.id, () => listComplaints(spy, coordinator, { category: 'noord' }));
    assert.ok(statements.some((c) => /klachtwijs_match_category/.test(c.sql)));
  });

  it('reads the need-to-know scope in one statement, and counts a looked-up list in the lookup\'s own statement', async () => {
    const db = ctx.database.db;
    const coordinator = await actorOf(db, a.coordinator);
    const { db: spy, sent } = capturing(db);
    // Two complaints carry "noord", the page shows one: the count is needed, and comes with the lookup.
    const r = await withOrganisation(a.org.id, () => listComplaints(spy, coordinator, { category: 'noord', limit: '1' }));
    assert.equal(r.items.length, 1);
    assert.deepEqual([r.total, r.totalExact], [2, true]);
    const sql = sent.statements.map((c) => c.sql);
    // The organisation's facts, the lookup with its count and page (every lookup complete), the list read.
    assert.equal(sent.statements.length, 3, sql.join('\n'));
    assert.ok(!sql.some((s) => /from "(units|regulation_versions|regulation_role_bindings|absences)"/.test(s)), sql.join('\n'));
    assert.ok(sql.some((s) => /^\s*with looked_category as materialized/.test(s) && /count\(\*\)/.test(s)), sql.join('\n'));
  });

  it('a search term that matches few: its page by the looked-up ids, the same page, count and order for every sort', async () => {
    const db = ctx.database.db;
    const coordinator = await actorOf(db, a.coordinator);
    const { db: spy, sent } = capturing(db);
    const list = (filters: Record<string, unknown>) => withOrganisation(a.org.id, () => listComplaints(spy, coordinator, filters));
    for (const sort of ['due', 'received', '-received', 'reference', '-reference', 'status', '-status']) {
      const all = (await list({ sort })).items.map((i) => i.id);
      assert.equal(all.length, 3);
      // Every complaint of `a` holds "example" (the e-mail address): one per page, in the list's own order.
      sent.statements.length = 0;
      const first = await list({ sort, q: 'example', limit: 1 });
      assert.deepEqual([first.total, first.totalExact, first.prevCursor], [3, true, null], sort);
      const collected = sent.statements.filter((c) => /with m as materialized/.test(c.sql));
      assert.ok(sent.statements.length > 0, 'the capture saw the statements (or the absence below proves nothing)');
      assert.equal(collected.length, 0, sent.statements.map((c) => c.sql).join('\n'));
      const seen = first.items.map((i) => i.id);
      let cursor = first.nextCursor;
      while (cursor) {
        const next = await list({ sort, q: 'example', limit: 1, cursor });
        seen.push(...next.items.map((i) => i.id));
        cursor = next.nextCursor;
      }
      assert.deepEqual(seen, all, sort);
      // A page that is not full: its rows are its count.
      const few = await list({ sort, q: 'curator', limit: 5 });
      assert.deepEqual([few.items.map((i) => i.id), few.total, few.nextCursor], [[ids['a1']], 1, null]);
    }
  });

  it('a complete lookup\'s page, read with its count in one statement, keeps need-to-know: a handler sees only their own', async () => {
    const db = ctx.database.db;
    const handlerUser = await makeUser(db, a.org.id, 'handler');
    await sql`update complaints set handler_user_id = ${handlerUser.user.id} where id = ${ids['a1']!}`.execute(db);
    try {
      const handler = await actorOf(db, handlerUser);
      const coordinator = await actorOf(db, a.coordinator);
      const { db: spy, sent } = capturing(db);
      const list = (actor: typeof handler, filters: Record<string, unknown>) => withOrganisation(a.org.id, () => listComplaints(spy, actor, filters));
      // The coordinator's control: the same lookups find more, so a handler who got them would fail below.
      assert.deepEqual((await list(coordinator, { category: 'noord' })).items.map((i) => i.id).sort(), [ids['a1'], ids['a2']].sort());
      assert.equal((await list(coordinator, { q: 'example' })).total, 3);
      for (const filters of [{ category: 'noord' }, { q: 'example' }, { q: 'example', category: 'noord' }, { q: 'example', sort: '-received', limit: 1 }]) {
        sent.statements.length = 0;
        const r = await list(handler, filters);
        assert.deepEqual([r.items.map((i) => i.id), r.total, r.totalExact, r.nextCursor], [[ids['a1']], 1, true, null], JSON.stringify(filters));
        // The page came with the lookup: no statement reads the list again by the ids.
        const sqls = sent.statements.map((c) => c.sql);
        assert.ok(sqls.some((s) => /looked_matched/.test(s)), sqls.join('\n'));
        assert.equal(sqls.filter((s) => /from "complaints"/.test(s) && !/looked_/.test(s) && !/^\s*insert/i.test(s)).length, 0, sqls.join('\n'));
      }
      // Paged one by one, the coordinator's complete lookup walks every match once, in the list's order, both ways.
      const all = (await list(coordinator, { q: 'example', sort: 'reference' })).items.map((i) => i.id);
      const seen: string[] = [];
      let page = await list(coordinator, { q: 'example', sort: 'reference', limit: 1 });
      seen.push(...page.items.map((i) => i.id));
      while (page.nextCursor) {
        page = await list(coordinator, { q: 'example', sort: 'reference', limit: 1, cursor: page.nextCursor });
        seen.push(...page.items.map((i) => i.id));
      }
      assert.deepEqual(seen, all);
      const back = await list(coordinator, { q: 'example', sort: 'reference', limit: 1, cursor: page.prevCursor! });
      assert.deepEqual(back.items.map((i) => i.id), [all[1]]);
    } finally {
      await sql`update complaints set handler_user_id = null where id = ${ids['a1']!}`.execute(db);
    }
  });

  it('the lookup functions keep the row-level-security predicate: another organisation than the setting finds nothing', async () => {
    const db = ctx.database.db;
    const lookup = (setting: string, org: string) =>
      db.transaction().execute(async (tx) => {
        await sql`select set_config('klachtwijs.organisation', ${setting}, true)`.execute(tx);
        const person = await sql<{ id: string }>`select id from klachtwijs_match_person(${org}::uuid, '%zwanenburg%', 10) as m(id)`.execute(tx);
        const words = await sql<{ id: string }>`select id from klachtwijs_match_words(${org}::uuid, websearch_to_tsquery('dutch', 'curator'), 10) as m(id)`.execute(tx);
        const category = await sql<{ id: string }>`select id from klachtwijs_match_category(${org}::uuid, '["bejegening"]'::jsonb, 10) as m(id)`.execute(tx);
        return [...person.rows, ...words.rows, ...category.rows].map((r) => r.id);
      });
    assert.deepEqual(await lookup(b.org.id, b.org.id), [ids['b1'], ids['b1'], ids['b1']]);
    assert.deepEqual(await lookup(a.org.id, b.org.id), []);
    // System work (no organisation set) sees the organisation asked for, as the policy allows.
    assert.deepEqual((await lookup('', a.org.id)).sort(), [ids['a1'], ids['a1'], ids['a2']].sort());
  });

  it('the lookup functions return each match\'s tuple id, and the lookup\'s statement reads its matches and its page by TID scans (T2200)', async () => {
    const db = ctx.database.db;
    // Each function's row_tid is the ctid of the complaint it returns (read in the same transaction).
    const pairs = await db.transaction().execute(async (tx) => {
      await sql`select set_config('klachtwijs.organisation', ${a.org.id}, true)`.execute(tx);
      const org = a.org.id;
      const found = async (call: ReturnType<typeof sql>) => (await sql<{ id: string; t: string }>`select id, row_tid::text as t from ${call}`.execute(tx)).rows;
      const byFunction = {
        words: await found(sql`klachtwijs_match_words(${org}::uuid, websearch_to_tsquery('dutch', 'curator'), 10)`),
        person: await found(sql`klachtwijs_match_person(${org}::uuid, '%zwanenburg%', 10)`),
        category: await found(sql`klachtwijs_match_category(${org}::uuid, '["zuid"]'::jsonb, 10)`),
        address: await found(sql`klachtwijs_match_address(${org}::uuid, '%1234AB%', 10)`),
        phone: await found(sql`klachtwijs_match_phone(${org}::uuid, '%0612%', 10)`),
      };
      const rows = Object.values(byFunction).flat();
      const actual = (await sql<{ id: string; t: string }>`select id, ctid::text as t from complaints where id = any(${rows.map((r) => r.id)}::uuid[])`.execute(tx)).rows;
      return { byFunction, rows, ctids: Object.fromEntries(actual.map((r) => [r.id, r.t])) };
    });
    const idsOf = (rows: { id: string }[]) => rows.map((r) => r.id).sort();
    assert.deepEqual(
      Object.fromEntries(Object.entries(pairs.byFunction).map(([k, v]) => [k, idsOf(v)])),
      { words: [ids['a1']], person: [ids['a2']], category: [ids['a2']], address: [ids['a1'], ids['a2'], ids['a3']].sort(), phone: [] },
    );
    for (const r of pairs.rows) assert.equal(r.t, pairs.ctids[r.id], JSON.stringify(r));
    // The list's statement that looks up reads the matches it counts and pages by those tuple ids, with the same result.
    const coordinator = await actorOf(db, a.coordinator);
    const { db: spy, sent } = capturing(db);
    // Per case: the matches read once by their tuple ids (rows = the count, one loop), and the page's rows (at most
    // limit + 1) joined back by tuple id (one row per loop).
    const cases: [Record<string, unknown>, string[], number, number][] = [
      [{ category: 'noord', sort: 'reference', limit: 1 }, [ids['a1']!], 2, 2],
      [{ q: 'example', sort: 'reference', limit: 2 }, [ids['a1']!, ids['a2']!], 3, 3],
      [{ q: 'curator', category: 'noord' }, [ids['a1']!], 1, 1],
    ];
    for (const [filters, expected, total, pageRows] of cases) {
      sent.statements.length = 0;
      const r = await withOrganisation(a.org.id, () => listComplaints(spy, coordinator, filters));
      assert.deepEqual([r.items.map((i) => i.id), r.total, r.totalExact], [expected, total, true], JSON.stringify(filters));
      const lookup = sent.statements.find((c) => /^\s*with looked_/.test(c.sql));
      assert.ok(lookup, sent.statements.map((c) => c.sql).join('\n'));
      const scans = tidScans(await planNodes(db, a.org.id, lookup));
      assert.deepEqual(scans.sort(), [[total, 1], [1, pageRows]].sort(), JSON.stringify(filters));
    }
    // A term that names an employee (the person complained about) is one arm of an OR with the looked-up matches: those
    // are read by id there (a TID scan cannot join the OR), and the list still finds both.
    const employee = await makeUser(db, a.org.id, 'handler');
    await sql`update users set name = 'Joop Zwanenburg' where id = ${employee.user.id}`.execute(db);
    await sql`update complaints set respondent_user_id = ${employee.user.id} where id = ${ids['a3']!}`.execute(db);
    try {
      const r = await withOrganisation(a.org.id, () => listComplaints(db, coordinator, { q: 'zwanenburg', sort: 'reference' }));
      assert.deepEqual([r.items.map((i) => i.id).sort(), r.total], [[ids['a2'], ids['a3']].sort(), 2]);
    } finally {
      await sql`update complaints set respondent_user_id = null where id = ${ids['a3']!}`.execute(db);
      await sql`update users set name = 'Test handler' where id = ${employee.user.id}`.execute(db);
    }
  });

  it('counts a filtered list exactly, in the order of its index', async () => {
    const db = ctx.database.db;
    const coordinator = await actorOf(db, a.coordinator);
    const r = await listComplaints(db, coordinator, { limit: 1, channel: 'web_form' });
    assert.equal(r.items.length, 1);
    assert.equal(r.total, 3);
    assert.equal(r.totalExact, true);
    const c = await listComplaints(db, coordinator, { limit: 1, category: 'noord' });
    assert.equal(c.total, 2);
  });
});

/**
 * A dense search term (the lookup reached MATCH_CAP) whose looked-up ids do not decide the count (at most COUNT_CAP of
 * them pass the filters): on PGlite the first page and the count come from one read of the matches (ADR 0028,
 * addendum 5); the same page, count and cursors on both databases, and another organisation's namesakes never.
 */
forEachDatabase('list: a dense search term', (ctx) => {
  let a: Awaited<ReturnType<typeof makeOrganisationWithRegulation>>;
  let b: Awaited<ReturnType<typeof makeOrganisationWithRegulation>>;

  before(async () => {
    const db = ctx.database.db;
    a = await makeOrganisationWithRegulation(db, 'stadsring51');
    b = await makeOrganisationWithRegulation(db, 'stadsring51');
    for (const org of [a, b]) {
      const id = (
        await registerComplaint(db, {
          organisationId: org.org.id,
          actor: null,
          door: 'public',
          input: { channel: 'web_form', description: 'De curator kwam niet.', complainant: { relation: 'client', name: 'Ria Keizer', email: 'ria@example.nl', postalAddress: 'Dorpsstraat 1, 1234 AB Ergens' }, signed: true },
        })
      ).id;
      // MATCH_CAP + 100 copies in `a` (as the owner, like a bulk import), 120 of them closed; 200 in `b`.
      const columns = (
        await sql<{ c: string }>`select column_name as c from information_schema.columns
          where table_name = 'complaints' and is_generated = 'NEVER' and column_name not in ('id', 'reference', 'status', 'idempotency_key')`.execute(db)
      ).rows.map((r) => `"${r.c}"`);
      await sql
        .raw(
          `insert into complaints (${columns.join(', ')}, reference, status)
           select ${columns.map((c) => `c.${c}`).join(', ')}, c.reference || '-' || g, case when g <= 120 then 'closed' else 'new' end
           from complaints c, generate_series(1, ${org === a ? MATCH_CAP + 100 : 200}) g where c.id = '${id}'`,
        )
        .execute(db);
    }
  });

  it('counts and pages a dense term under a filter exactly; on PGlite the first page and count from one read', async () => {
    const db = ctx.database.db;
    const coordinator = await actorOf(db, a.coordinator);
    const { db: spy, sent } = capturing(db);
    const list = (filters: Record<string, unknown>) => withOrganisation(a.org.id, () => listComplaints(spy, coordinator, filters));
    sent.statements.length = 0;
    const first = await list({ q: 'curator', status: 'closed', limit: 50 });
    assert.deepEqual([first.items.length, first.total, first.totalExact], [50, 120, true]);
    const collected = sent.statements.filter((c) => /with m as materialized/.test(c.sql));
    assert.ok(sent.statements.length > 0, 'the capture saw the statements (or the absence below proves nothing)');
    assert.equal(collected.length, ctx.kind === 'pglite' ? 1 : 0, sent.statements.map((c) => c.sql).join('\n'));
    const seen = first.items.map((i) => i.id);
    let cursor = first.nextCursor;
    while (cursor) {
      const next = await list({ q: 'curator', status: 'closed', limit: 50, cursor });
      seen.push(...next.items.map((i) => i.id));
      cursor = next.nextCursor;
    }
    assert.equal(new Set(seen).size, 120);
    // The same rows in the same order as the list without the search (every closed complaint holds the word).
    const all: string[] = [];
    let page = await list({ status: 'closed', limit: 50 });
    all.push(...page.items.map((i) => i.id));
    while (page.nextCursor) {
      page = await list({ status: 'closed', limit: 50, cursor: page.nextCursor });
      all.push(...page.items.map((i) => i.id));
    }
    assert.deepEqual(seen, all);
    // Unfiltered: more than COUNT_CAP match, known from the lookup's own count.
    const dense = await list({ q: 'curator' });
    assert.deepEqual([dense.items.length, dense.total, dense.totalExact], [50, 1001, false]);
    // Need-to-know through the same path: a handler with no complaint of their own finds none of the matches, and the
    // other organisation's coordinator only its own 200.
    const handler = await actorOf(db, await makeUser(db, a.org.id, 'handler'));
    const none = await withOrganisation(a.org.id, () => listComplaints(db, handler, { q: 'curator' }));
    assert.deepEqual([none.items.length, none.total], [0, 0]);
    const other = await actorOf(db, b.coordinator);
    const theirs = await withOrganisation(b.org.id, () => listComplaints(db, other, { q: 'curator', limit: 1 }));
    assert.deepEqual([theirs.total, theirs.totalExact], [201, true]);
  });

  it('a category looked up completely beside a dense term: the category\'s ids and the term\'s condition, never more', async () => {
    const db = ctx.database.db;
    const coordinator = await actorOf(db, a.coordinator);
    // Three of `a`'s copies and one of `b`'s carry a category; every copy holds the dense word.
    const classified = (
      await sql<{ id: string }>`update complaints set classification = '{"values": {"onderwerp": ["wachttijd"]}, "severity": null, "sensitive": false}'::jsonb
        where id in (select id from complaints where organisation_id = ${a.org.id} and status = 'closed' order by reference limit 3)
        returning id`.execute(db)
    ).rows.map((r) => r.id);
    await sql`update complaints set classification = '{"values": {"onderwerp": ["wachttijd"]}, "severity": null, "sensitive": false}'::jsonb
      where id = (select id from complaints where organisation_id = ${b.org.id} order by reference limit 1)`.execute(db);
    const r = await withOrganisation(a.org.id, () => listComplaints(db, coordinator, { q: 'curator', category: 'wachttijd' }));
    assert.deepEqual([r.items.map((i) => i.id).sort(), r.total, r.totalExact], [classified.sort(), 3, true]);
    const handler = await actorOf(db, await makeUser(db, a.org.id, 'handler'));
    const none = await withOrganisation(a.org.id, () => listComplaints(db, handler, { q: 'curator', category: 'wachttijd' }));
    assert.deepEqual([none.items.length, none.total], [0, 0]);
  });

  it('counts a dense term by the tuple ids its lookup found, in the lookup\'s statement (T2200)', async () => {
    const db = ctx.database.db;
    const coordinator = await actorOf(db, a.coordinator);
    const { db: spy, sent } = capturing(db);
    const r = await withOrganisation(a.org.id, () => listComplaints(spy, coordinator, { q: 'curator', kind: 'complaint' }));
    assert.deepEqual([r.items.length, r.total, r.totalExact], [50, 1001, false]);
    const lookup = sent.statements.find((c) => /^\s*with looked_/.test(c.sql));
    assert.ok(lookup, sent.statements.map((c) => c.sql).join('\n'));
    // The count stops at COUNT_CAP + 1 (1,001) rows of the 1,500 looked up, each read by its tuple id.
    assert.deepEqual(tidScans(await planNodes(db, a.org.id, lookup)), [[1001, 1]]);
  });

  it('skips the lookup arms after a dense one, and still finds what only those arms match', async () => {
    const db = ctx.database.db;
    const coordinator = await actorOf(db, a.coordinator);
    // "curator" is dense in the words (MATCH_CAP + 101 descriptions hold it); this complaint holds it only in the
    // complainant's name, and is the only letter: found by the list's own condition, never by the skipped person lookup.
    const named = (
      await registerComplaint(db, {
        organisationId: a.org.id,
        actor: null,
        door: 'public',
        input: { channel: 'web_form', description: 'Niemand belde terug.', complainant: { relation: 'client', name: 'Piet Curatorsma', email: 'piet@example.nl', postalAddress: 'Kerkstraat 2, 1234 AB Ergens' }, signed: true },
      })
    ).id;
    await sql`update complaints set channel = 'letter' where id = ${named}`.execute(db);
    const { db: spy, sent } = capturing(db);
    const found = await withOrganisation(a.org.id, () => listComplaints(spy, coordinator, { q: 'curator', channel: 'letter' }));
    assert.deepEqual([found.items.map((i) => i.id), found.total, found.totalExact], [[named], 1, true]);
    // The lookup statement, replayed under EXPLAIN ANALYZE: the words arm ran, the person arm behind it never did.
    const lookup = sent.statements.find((c) => /^\s*with looked_search_0 as materialized/.test(c.sql));
    assert.ok(lookup, sent.statements.map((c) => c.sql).join('\n'));
    const plan = await withOrganisation(a.org.id, () => db.executeQuery<{ 'QUERY PLAN': unknown }>(CompiledQuery.raw(`explain (analyze, format json) ${lookup.sql}`, [...lookup.parameters])));
    const raw = plan.rows[0]!['QUERY PLAN'];
    type Node = Record<string, unknown> & { Plans?: Node[] };
    const nodes: Node[] = [];
    const walk = (n: Node) => {
      nodes.push(n);
      for (const c of n.Plans ?? []) walk(c);
    };
    walk(((typeof raw === 'string' ? JSON.parse(raw) : raw) as { Plan: Node }[])[0]!.Plan);
    const loops = (fn: string) => nodes.filter((n) => n['Function Name'] === fn).map((n) => n['Actual Loops']);
    assert.deepEqual(loops('klachtwijs_match_words'), [1]);
    assert.deepEqual(loops('klachtwijs_match_person'), [0]);
    // A term that is not dense runs every arm: the name alone finds the complaint, by the person lookup.
    const byName = await withOrganisation(a.org.id, () => listComplaints(db, coordinator, { q: 'Curatorsma' }));
    assert.deepEqual([byName.items.map((i) => i.id), byName.total], [[named], 1]);
  });

  // Last: it makes the klachtenfunctionaris the person complained about in most of the matches.
  it('a dense term alone proves "more than 1,000" to the klachtenfunctionaris without counting its matches, unless complaints about them may hide them', async () => {
    const db = ctx.database.db;
    const coordinator = await actorOf(db, a.coordinator);
    const searched = async () => {
      const { db: spy, sent } = capturing(db);
      const r = await withOrganisation(a.org.id, () => listComplaints(spy, coordinator, { q: 'curator', limit: 5 }));
      const lookup = sent.statements.find((c) => /^\s*with looked_/.test(c.sql));
      assert.ok(lookup, sent.statements.map((c) => c.sql).join('\n'));
      return { r, scans: tidScans(await planNodes(db, a.org.id, lookup)) };
    };
    // No filter and no complaint about them: the lookup's MATCH_CAP matches are the organisation's, all visible.
    const plain = await searched();
    assert.deepEqual([plain.r.items.length, plain.r.total, plain.r.totalExact], [5, 1001, false]);
    assert.deepEqual(plain.scans, [], 'no match is read to count the matches');
    // The independence rule (stadsring51) hides the complaints about them: all but 900 of the word's matches (Piet
    // Curatorsma's complaint, found by its name, stays visible: 901).
    const scope = await complaintScope(db, coordinator);
    assert.ok(scope.coordinatorOfAll && scope.independentVersions.length > 0, 'the klachtenfunctionaris under the independence rule');
    await sql`update complaints set respondent_user_id = ${coordinator.userId} where id in (
      select id from complaints where organisation_id = ${a.org.id} and search @@ to_tsquery('dutch', 'curator') order by reference offset 900)`.execute(db);
    const hidden = await searched();
    assert.deepEqual([hidden.r.items.length, hidden.r.total, hidden.r.totalExact], [5, 901, true]);
    assert.equal(hidden.scans.length, 1, 'counted by the tuple ids the lookup found');
    const about = await db.selectFrom('complaints').select('id').where('respondent_user_id', '=', coordinator.userId).execute();
    assert.ok(!hidden.r.items.some((i) => about.some((x) => x.id === i.id)), 'never a complaint about them');
  });
});
