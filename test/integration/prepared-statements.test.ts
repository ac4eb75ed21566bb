import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { CompiledQuery, sql, type Kysely } from 'kysely';
import { openDatabase, type Database } from '../../src/db/database.ts';
import { migrateToLatest } from '../../src/db/migrate.ts';
import pg from 'pg';
import { KEPT_PER_CONNECTION, PreparingClient, withValuesInlined } from '../../src/db/prepared.ts';
import type { DB } from '../../src/db/types.ts';
import { listComplaints } from '../../src/usecases/complaints/list-complaints.ts';
import { recordPgStatements } from '../support/capture.ts';
import { actorOf, makeOrganisationWithRegulation, registerLetterComplaint } from '../support/factories.ts';
import { acquirePostgresServer, createDatabase, type PostgresServer, type TestDatabase } from '../support/pg-server.ts';
import { postgresTemplate } from '../support/templates.ts';

/**
 * Named statements on the PostgreSQL server (src/db/prepared.ts, issue 13 lane pages11): a statement with parameters is
 * named from its second use on a connection (parsed once, its plan kept as PostgreSQL chooses), not one whose result has
 * a `*` from a table; at most KEPT_PER_CONNECTION per connection; a statement with its values inlined is named too.
 * PostgreSQL only: PGlite has no named statements through its API.
 */
describe('named statements on the PostgreSQL server [postgres]', () => {
  let server: PostgresServer;
  let testDb: TestDatabase;
  let database: Database;

  before(async () => {
    server = await acquirePostgresServer();
    testDb = await createDatabase(server.url, { template: await postgresTemplate(server.url) });
    database = await openDatabase({ kind: 'postgres', url: testDb.url });
    await migrateToLatest(database.db);
  });
  after(async () => {
    await database?.close();
    await testDb?.drop();
    await server?.stop();
  });

  /** The texts of the statements prepared on this connection by the application (named kw_…). */
  const preparedOn = async (conn: Kysely<DB>) =>
    (await sql<{ statement: string }>`select statement from pg_prepared_statements where name like 'kw\_%'`.execute(conn)).rows.map((r) => r.statement);

  it('names a statement with parameters from its second use on a connection, and not a select of a whole row', async () => {
    await database.db.connection().execute(async (conn) => {
      const once = await sql<{ n_once: number }>`select ${41}::int + 1 as n_once`.execute(conn);
      assert.equal(once.rows[0]!.n_once, 42);
      assert.ok(!(await preparedOn(conn)).some((s) => s.includes('n_once')), 'used once: not named');
      for (let i = 0; i < 3; i++) assert.equal((await sql<{ n_twice: number }>`select ${i}::int + 1 as n_twice`.execute(conn)).rows[0]!.n_twice, i + 1);
      assert.equal((await preparedOn(conn)).filter((s) => s.includes('n_twice')).length, 1, 'used again: named once');
      for (let i = 0; i < 3; i++) await sql`select * from settings where key = ${`star-${i}`}`.execute(conn);
      for (let i = 0; i < 3; i++) await sql`select s.* from settings s where s.key = ${`star-${i}`}`.execute(conn);
      assert.ok(!(await preparedOn(conn)).some((s) => s.includes('from settings')), 'a result with * from a table is never named');
    });
  });

  it(`keeps at most ${KEPT_PER_CONNECTION} named statements on a connection, and a statement deallocated runs again`, async () => {
    await database.db.connection().execute(async (conn) => {
      const many = KEPT_PER_CONNECTION + 30;
      for (let round = 0; round < 2; round++) {
        for (let i = 0; i < many; i++) {
          const { rows } = await sql<{ n: number }>`select ${i}::int as ${sql.raw(`n_${i}`)}`.execute(conn);
          assert.equal((rows[0] as Record<string, number>)[`n_${i}`], i);
        }
      }
      const kept = await preparedOn(conn);
      assert.ok(kept.length <= KEPT_PER_CONNECTION, `${kept.length} named statements kept`);
      assert.ok(kept.some((s) => s.includes(`as n_${many - 1}`)), 'the most recent is kept');
      assert.ok(!kept.some((s) => s.endsWith('as n_0')), 'the least recently used was deallocated');
      // The first one again: parsed anew under its name (pg forgot it), answers.
      for (let i = 0; i < 2; i++) assert.equal(((await sql`select ${7}::int as n_0`.execute(conn)).rows[0] as { n_0: number }).n_0, 7);
    });
  });

  it('a statement with its values inlined answers as with parameters, without parameters, named from its second use', async () => {
    const when = new Date('2026-12-03T10:00:00.000Z');
    const odd = "O'Brien \\ $1 '' \"x\"";
    const query = sql<{ s: string; n: number; z: string | null; d: Date; b: boolean }>`select ${odd}::text as s, ${7}::int as n, ${null}::text as z, ${when}::timestamptz as d, ${true}::boolean as b_inlined`.compile(database.db);
    const inlined = withValuesInlined(query);
    assert.deepEqual(inlined.parameters, []);
    const { sent, stop } = recordPgStatements();
    try {
      await database.db.connection().execute(async (conn) => {
        const plain = (await conn.executeQuery(query)).rows[0];
        for (let i = 0; i < 2; i++) assert.deepEqual((await conn.executeQuery(inlined)).rows[0], plain);
        assert.equal((await preparedOn(conn)).filter((s) => s.includes('b_inlined') && !s.includes('$1::text')).length, 1);
      });
    } finally {
      stop();
    }
    const mine = sent.filter((s) => s.text.includes('b_inlined') && !s.text.includes('$1::text'));
    assert.deepEqual(mine.map((s) => Boolean(s.name)), [false, true], 'unnamed at its first use, named at its second');
    // A value that is not a plain one (an array) keeps its parameters.
    const listed = CompiledQuery.raw('select $1::text[] as a', [['x', 'y']]);
    assert.equal(withValuesInlined(listed), listed);
  });
  it('a statement deallocated while its transaction failed runs again afterwards (the deallocate was refused)', async () => {
    await database.db.connection().execute(async (conn) => {
      // Fill the connection with named statements: n_0 is the least recently used.
      for (let i = 0; i < KEPT_PER_CONNECTION; i++) for (let round = 0; round < 2; round++) await sql`select ${i}::int as ${sql.raw(`n_${i}`)}`.execute(conn);
      await sql`begin`.execute(conn);
      await assert.rejects(sql`select ${'x'}::int as broken`.execute(conn));
      // A new statement named in the failed transaction: n_0 is deallocated, which PostgreSQL refuses there (25P02).
      for (let round = 0; round < 2; round++) await assert.rejects(sql`select ${1}::int as in_failed`.execute(conn), /current transaction is aborted/);
      await sql`rollback`.execute(conn);
      for (let round = 0; round < 3; round++) assert.equal(((await sql`select ${round}::int as n_0`.execute(conn)).rows[0] as { n_0: number }).n_0, round);
    });
  });

  it('inlines no value into a `$n` that is not its placeholder (in a literal of the text): the values stay parameters', async () => {
    const value = ' as x, 1 as injected --';
    const query = sql<Record<string, unknown>>`select ${sql.lit('a $1 b')} as x, ${value}::text as y`.compile(database.db);
    const inlined = withValuesInlined(query);
    assert.equal(inlined, query, 'kept as it is');
    assert.deepEqual((await database.db.executeQuery(inlined)).rows, [{ x: 'a $1 b', y: value }]);
  });
  it("names a search's lookup from its second use (no `*` in its result), and never the list's own page statement (its generic plans were slow for some filters), with the same answers", async () => {
    const org = await makeOrganisationWithRegulation(database.db, 'stadsring51');
    const coordinator = await actorOf(database.db, org.coordinator);
    for (let i = 0; i < 3; i++) await registerLetterComplaint(database.db, org, coordinator, `2026-11-0${i + 1}`);
    await database.db.connection().execute(async (conn) => {
      const list = (filters: Record<string, unknown>) => listComplaints(conn, coordinator, filters);
      const runs = [];
      for (let round = 0; round < 3; round++) runs.push(await Promise.all([list({}), list({ q: 'afspraak' }), list({ q: 'niemand' })]));
      assert.deepEqual(runs[1], runs[0], 'the same answers when named');
      assert.deepEqual(runs[2], runs[0]);
      assert.equal(runs[0]![0].items.length, 3);
      assert.equal(runs[0]![1].items.length, 3, 'the search finds every complaint with the word');
      assert.equal(runs[0]![2].items.length, 0);
      const named = await preparedOn(conn);
      assert.ok(!named.some((s) => s.includes('insert into complaint_list_reads') && s.includes('with p as materialized')), "the list's page, count and read audit: planned for its values at every call, never named");
      assert.ok(named.some((s) => s.includes('looked_matched')), "a search's lookup named");
    });
  });

  it("a named statement whose result's type a migration changed fails once on its connection, then is parsed anew", async () => {
    const owner = new pg.Client({ connectionString: testDb.url });
    const client = new PreparingClient({ connectionString: testDb.url });
    await owner.connect();
    await client.connect();
    try {
      await owner.query(`create table retyped (id int primary key, v varchar(10)); insert into retyped values (1, 'een')`);
      const read = () => client.query('select v from retyped where id = $1', [1]);
      for (let round = 0; round < 2; round++) assert.equal((await read()).rows[0].v, 'een');
      // Another instance's migration: the named statement's result column is now of another type.
      await owner.query('alter table retyped alter column v type text');
      await assert.rejects(read(), /cached plan must not change result type/);
      for (let round = 0; round < 3; round++) assert.equal((await read()).rows[0].v, 'een');
    } finally {
      await client.end();
      await owner.end();
    }
  });
});
