import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import { Hono } from 'hono';
import { sql, type Kysely } from 'kysely';
import pg from 'pg';
import { openDatabase } from '../../src/db/database.ts';
import { migrateToLatest } from '../../src/db/migrate.ts';
import { prepareRowLevelSecurity } from '../../src/db/rls.ts';
import { APP_ROLE, asSystem, tenantSwitch, withOrganisation } from '../../src/db/tenant.ts';
import type { DB } from '../../src/db/types.ts';
import type { AppEnv } from '../../src/http/context.ts';
import { loadActor } from '../../src/http/middleware/session.ts';
import { registerComplaint } from '../../src/usecases/complaints/register-complaint.ts';
import { forEachDatabase } from '../support/databases.ts';
import { makeOrganisationWithRegulation, makeToken } from '../support/factories.ts';
import { createDatabase } from '../support/pg-server.ts';

/**
 * The second line in the database (ADR 0024): a query that forgets the organisation filter still returns nothing of
 * another organisation, on both databases; system work (no actor) sees everything.
 */
forEachDatabase('row-level security', (ctx) => {
  let a: Awaited<ReturnType<typeof makeOrganisationWithRegulation>>;
  let b: Awaited<ReturnType<typeof makeOrganisationWithRegulation>>;
  let tokenA: string;

  const input = (name: string) => ({
    channel: 'web_form',
    description: 'De medewerker kwam drie keer niet opdagen bij de afspraak.',
    complainant: { relation: 'client', name, postalAddress: 'Dorpsstraat 1, 1234 AB Ergens', email: 'jan@example.nl' },
    signed: true,
  });

  before(async () => {
    const db = ctx.database.db;
    a = await makeOrganisationWithRegulation(db, 'stadsring51');
    b = await makeOrganisationWithRegulation(db, 'stadsring51');
    await registerComplaint(db, { organisationId: a.org.id, actor: null, door: 'public', input: input('Anna A') });
    await registerComplaint(db, { organisationId: b.org.id, actor: null, door: 'public', input: input('Bert B') });
    tokenA = await makeToken(db, a.org.id, a.coordinator.user.id);
  });

  /** Organisations of the rows of `table`, read with NO organisation filter. */
  const orgsIn = async (db: Kysely<DB>, table: string, column = 'organisation_id') => {
    const { rows } = await sql<{ o: string }>`select distinct ${sql.id(column)}::text as o from ${sql.id(table)}`.execute(db);
    return new Set(rows.map((r) => r.o));
  };
  const TABLES = ['complaints', 'complaint_events', 'users', 'units', 'audit_log', 'regulation_versions', 'role_assignments', 'complaint_statistics'];

  it('runs on the role without BYPASSRLS, and the switch is on after the migrations', async () => {
    const db = ctx.database.db;
    assert.equal(tenantSwitch(db)?.active, true);
    const { rows } = await withOrganisation(a.org.id, () =>
      sql<{ who: string; bypass: boolean; superuser: boolean }>`select current_user as who, rolbypassrls as bypass, rolsuper as superuser from pg_roles where rolname = current_user`.execute(db),
    );
    assert.deepEqual(rows, [{ who: APP_ROLE, bypass: false, superuser: false }]);
  });

  it("a query without the organisation filter sees only the actor's organisation, outside and inside a transaction", async () => {
    const db = ctx.database.db;
    for (const table of TABLES) {
      const system = await orgsIn(db, table);
      assert.ok(system.has(a.org.id) && system.has(b.org.id), `${table}: system work sees both organisations`);
      assert.deepEqual(await withOrganisation(a.org.id, () => orgsIn(db, table)), new Set([a.org.id]), `${table}: only A in A's scope`);
      assert.deepEqual(
        await withOrganisation(b.org.id, () => db.transaction().execute((tx) => orgsIn(tx, table))),
        new Set([b.org.id]),
        `${table}: only B in B's transaction`,
      );
    }
    assert.deepEqual(await withOrganisation(a.org.id, () => orgsIn(db, 'organisations', 'id')), new Set([a.org.id]));
    const names = await withOrganisation(a.org.id, () => sql<{ n: string }>`select complainant->>'name' as n from complaints`.execute(db));
    assert.ok(!names.rows.some((r) => r.n === 'Bert B'), "B's complainant is not found from A");
  });

  it("refuses writing a row of another organisation from an actor's scope", async () => {
    const db = ctx.database.db;
    await assert.rejects(
      withOrganisation(a.org.id, () => sql`insert into units (organisation_id, name) values (${b.org.id}, 'Indringer')`.execute(db)),
      (err: { code?: string }) => err.code === '42501',
    );
    const changed = await withOrganisation(a.org.id, () => db.updateTable('units').set({ name: 'Overgenomen' }).where('organisation_id', '=', b.org.id).executeTakeFirst());
    assert.equal(changed.numUpdatedRows, 0n);
  });

  it('keeps concurrent actors of different organisations apart, and leaves nothing behind on the connection', async () => {
    const db = ctx.database.db;
    const seen = await Promise.all(
      Array.from({ length: 24 }, (_, i) => {
        const org = i % 2 ? a.org.id : b.org.id;
        return withOrganisation(org, async () => ({ org, got: await (i % 3 ? orgsIn(db, 'complaints') : db.transaction().execute((tx) => orgsIn(tx, 'complaints'))) }));
      }),
    );
    for (const { org, got } of seen) assert.deepEqual(got, new Set([org]));
    const after = await orgsIn(db, 'complaints');
    assert.ok(after.has(a.org.id) && after.has(b.org.id), 'system work after scoped work sees both again');
    if (ctx.kind === 'pglite') {
      // pg-boss talks to the same PGlite session directly: it must find the owner and no organisation there.
      const { rows } = await ctx.database.pglite!.query<{ who: string; org: string | null }>(`select current_user as who, current_setting('klachtwijs.organisation', true) as org`);
      assert.equal(rows[0]!.who, 'postgres');
      assert.ok(!rows[0]!.org, 'no organisation left on the shared session');
    }
  });

  it('a job leaves the scope of the request that started it', async () => {
    const db = ctx.database.db;
    assert.ok((await withOrganisation(a.org.id, () => asSystem(() => orgsIn(db, 'complaints')))).has(b.org.id));
  });

  it("enters the actor's organisation in the HTTP middleware", async () => {
    const app = new Hono<AppEnv>();
    app.use('*', async (c, next) => {
      c.set('deps', { db: ctx.database.db, csrfSecret: 'test-secret' } as AppEnv['Variables']['deps']);
      await next();
    });
    app.use('*', loadActor);
    app.get('/api/v1/probe', async (c) => c.json([...(await orgsIn(ctx.database.db, 'users'))]));
    app.get('/api/v1/public/probe', async (c) => c.json([...(await orgsIn(ctx.database.db, 'users'))]));
    const withToken = await app.request('/api/v1/probe', { headers: { authorization: `Bearer ${tokenA}` } });
    assert.deepEqual(await withToken.json(), [a.org.id]);
    // The public doors of an organisation (found by slug) are not the actor's work: system work even with a token.
    const door = await app.request('/api/v1/public/probe', { headers: { authorization: `Bearer ${tokenA}` } });
    assert.ok(((await door.json()) as string[]).includes(b.org.id));
    const anonymous = await app.request('/api/v1/probe');
    assert.equal(((await anonymous.json()) as string[]).length >= 2, true, 'no actor: system work (log-in, public form)');
  });

  it('protects EVERY table with organisation_id (a new table without a policy fails here)', async () => {
    const db = ctx.database.db;
    const { rows } = await sql<{ table_name: string; rls: boolean; policies: number }>`
      select c.table_name, k.relrowsecurity as rls,
             (select count(*)::int from pg_policies p where p.schemaname = 'public' and p.tablename = c.table_name) as policies
      from information_schema.columns c
      join pg_class k on k.relname = c.table_name and k.relnamespace = 'public'::regnamespace and k.relkind in ('r', 'p')
      where c.table_schema = 'public' and c.column_name = 'organisation_id'`.execute(db);
    assert.ok(rows.length >= 30, `found ${rows.length} tables`);
    const unprotected = rows.filter((r) => !r.rls || r.policies < 1).map((r) => r.table_name);
    assert.deepEqual(unprotected, []);
  });

  it('the role may read and write rows only: no TRUNCATE (past every policy), TRIGGER (its code run as the owner) or REFERENCES (T1600)', async () => {
    const db = ctx.database.db;
    const { rows } = await sql<{ t: string; p: string }>`
      select c.oid::regclass::text as t, p.p from pg_class c join pg_namespace n on n.oid = c.relnamespace
      cross join unnest(array['TRUNCATE', 'TRIGGER', 'REFERENCES']) p(p)
      where n.nspname in ('public', 'pgboss') and c.relkind in ('r', 'p') and has_table_privilege(${APP_ROLE}, c.oid, p.p)`.execute(db);
    assert.deepEqual(rows, []);
    // What the owner makes later gets no more either (its default privileges).
    const defaults = await sql<{ p: string }>`
      select distinct a.privilege_type as p from pg_default_acl d cross join aclexplode(d.defaclacl) a
      where d.defaclobjtype = 'r' and a.grantee = (select oid from pg_roles where rolname = ${APP_ROLE}) order by 1`.execute(db);
    assert.deepEqual(defaults.rows.map((r) => r.p), ['DELETE', 'INSERT', 'SELECT', 'UPDATE']);
    // As the role in an actor's scope (a statement slipped into a query): refused, and nothing emptied.
    const rollback = new Error('rollback');
    for (const statement of ['truncate complaints', 'create trigger kw_probe before insert on complaints for each row execute function suppress_redundant_updates_trigger()']) {
      await assert.rejects(
        withOrganisation(a.org.id, () =>
          db.transaction().execute(async (tx) => {
            await sql.raw(statement).execute(tx);
            throw rollback;
          }),
        ),
        (err: Error) => err !== rollback && /permission denied|must be owner/.test(err.message),
        statement,
      );
    }
    assert.equal((await asSystem(() => orgsIn(db, 'complaints'))).size >= 2, true);
  });

  it('KLACHTWIJS_RLS=off switches the second line off (and back on)', async () => {
    const db = ctx.database.db;
    assert.equal(await prepareRowLevelSecurity(db, { KLACHTWIJS_RLS: 'off' }), 'off');
    try {
      assert.ok((await withOrganisation(a.org.id, () => orgsIn(db, 'complaints'))).has(b.org.id));
    } finally {
      assert.equal(await prepareRowLevelSecurity(db, {}), 'on');
    }
    assert.deepEqual(await withOrganisation(a.org.id, () => orgsIn(db, 'complaints')), new Set([a.org.id]));
  });

  if (ctx.kind === 'postgres') {
    it('a server user that may not make roles gets a clear message at start, naming the fix', async () => {
      const admin = new pg.Client({ connectionString: ctx.url! });
      await admin.connect();
      const user = `kw_norole_${process.pid}_${Date.now().toString(36)}`;
      const serverUrl = new URL(ctx.url!);
      serverUrl.pathname = '/postgres';
      const own = await createDatabase(serverUrl.toString());
      try {
        await admin.query(`create role ${user} login nocreaterole`);
        const url = new URL(own.url);
        const ownAdmin = new pg.Client({ connectionString: own.url });
        await ownAdmin.connect();
        await ownAdmin.query(`alter database "${url.pathname.slice(1)}" owner to ${user}; alter schema public owner to ${user}`);
        await ownAdmin.end();
        url.username = user;
        const database = await openDatabase({ kind: 'postgres', url: url.toString() });
        try {
          await assert.rejects(migrateToLatest(database.db), (err: Error) => err.message.includes('CREATEROLE') && err.message.includes('KLACHTWIJS_RLS=off') && err.message.includes(`GRANT ${APP_ROLE} TO "${user}"`));
          await prepareRowLevelSecurity(database.db, { KLACHTWIJS_RLS: 'off' });
          assert.equal(tenantSwitch(database.db)?.active, false);
        } finally {
          await database.close();
        }
      } finally {
        await own.drop();
        await admin.query(`drop role if exists ${user}`).catch(() => undefined);
        await admin.end();
      }
    });
  }
});
