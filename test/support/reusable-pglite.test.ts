/**
 * One PGlite serves suite after suite in a test process (`reusableTestPglite`, issue 13): what a suite leaves behind is gone
 * for the next, and a PGlite that cannot be made the template again is closed instead of handed on.
 */
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { closeReusableTestPglite, reusableTestPglite } from './templates.ts';

after(closeReusableTestPglite);

test('the next caller gets the same PGlite back as the template left it', async () => {
  const first = await reusableTestPglite();
  const pglite = first.pglite!;
  const count = async (text: string) => Number((await pglite.query<{ n: number }>(text)).rows[0]!.n);
  const migrations = await count('select count(*)::int as n from kysely_migration');
  assert.ok(migrations > 0, 'the template holds its migrations');
  await pglite.exec(`
    insert into organisations (slug, name) values ('left-behind', 'Left behind');
    delete from kysely_migration where name = (select min(name) from kysely_migration);
    set klachtwijs.organisation = '00000000-0000-0000-0000-000000000000';
    prepare kw_left_behind as select 1;
    select pg_advisory_lock(42);
    create temporary table scratch (x int);`);
  const sequence = (await pglite.query<{ name: string }>(`select format('%I.%I', schemaname, sequencename) as name from pg_sequences limit 1`)).rows[0]?.name;
  const before = sequence ? (await pglite.query<{ v: string }>(`select last_value::text as v from ${sequence}`)).rows[0]!.v : undefined;
  if (sequence) await pglite.query(`select nextval('${sequence}'), nextval('${sequence}')`);
  await first.close();
  assert.equal(pglite.closed, false, 'kept open for the next suite');

  const second = await reusableTestPglite();
  try {
    assert.equal(second.pglite, pglite, 'the same PGlite');
    assert.equal(await count(`select count(*)::int as n from organisations`), 0, 'no row of the suite before');
    assert.equal(await count('select count(*)::int as n from kysely_migration'), migrations, "the template's own rows are back");
    assert.equal((await pglite.query<{ s: string }>(`select current_setting('klachtwijs.organisation', true) as s`)).rows[0]!.s ?? '', '', 'no setting of the session before');
    assert.equal(await count(`select count(*)::int as n from pg_prepared_statements`), 0, 'no prepared statement');
    assert.equal(await count(`select count(*)::int as n from pg_locks where locktype = 'advisory'`), 0, 'no advisory lock');
    assert.equal(await count(`select count(*)::int as n from pg_class where relname = 'scratch'`), 0, 'no temporary table');
    if (sequence) assert.equal((await pglite.query<{ v: string }>(`select last_value::text as v from ${sequence}`)).rows[0]!.v, before, 'the sequence where it was');
  } finally {
    await second.close();
  }
});

test('a PGlite whose schema a suite changed, or that it left in a transaction, is closed, not handed on', async () => {
  const first = await reusableTestPglite();
  const changed = first.pglite!;
  await changed.exec('create table public.left_behind (x int)');
  await first.close();
  assert.equal(changed.closed, true, 'closed');

  const second = await reusableTestPglite();
  const open = second.pglite!;
  assert.notEqual(open, changed, 'a fresh PGlite');
  assert.equal((await open.query<{ n: number }>(`select count(*)::int as n from pg_class where relname = 'left_behind'`)).rows[0]!.n, 0);
  await open.exec('begin');
  await second.close();
  assert.equal(open.closed, true, 'closed: a transaction was left open');

  const third = await reusableTestPglite();
  assert.notEqual(third.pglite, open);
  await third.close();
});
