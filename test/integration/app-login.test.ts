import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { sql, type Kysely } from 'kysely';
import pg from 'pg';
import { pino } from 'pino';
import { openDatabase, type Database } from '../../src/db/database.ts';
import { migrateToLatest } from '../../src/db/migrate.ts';
import { APP_ROLE, asOwner, asSystem, withOrganisation } from '../../src/db/tenant.ts';
import type { DB } from '../../src/db/types.ts';
import { registerComplaint } from '../../src/usecases/complaints/register-complaint.ts';
import { makeOrganisationWithRegulation } from '../support/factories.ts';
import { startLiveServer } from '../support/live-server.ts';
import { acquirePostgresServer, createDatabase, type PostgresServer, type TestDatabase } from '../support/pg-server.ts';
import { startSmtpSink } from '../support/smtp.ts';
import { postgresTemplate } from '../support/templates.ts';

/**
 * The application login (KLACHTWIJS_APP_DATABASE_URL; ADR 0024, addendum session 14), PostgreSQL server only: the
 * application's statements connect as a login that is a member of klachtwijs_app only, so a statement slipped into one
 * (SQL injection) that resets or changes the role does not get the tables' owner. The embedded database has one user in
 * the product's own process and no logins.
 */
describe('the application login on PostgreSQL', () => {
  let server: PostgresServer;
  let testDb: TestDatabase;
  let admin: pg.Client;
  /** The superuser on the test's own database (privileges on its schema are that database's). */
  let ownDb: pg.Client;
  let login: string;
  let appUrl: string;
  let database: Database;
  let a: Awaited<ReturnType<typeof makeOrganisationWithRegulation>>;
  let b: Awaited<ReturnType<typeof makeOrganisationWithRegulation>>;

  const complaint = (name: string, email?: string) => ({
    channel: 'web_form',
    description: 'De medewerker kwam drie keer niet opdagen bij de afspraak.',
    complainant: { relation: 'client', name, postalAddress: 'Dorpsstraat 1, 1234 AB Ergens', ...(email ? { email } : {}) },
    signed: true,
  });

  before(async () => {
    server = await acquirePostgresServer();
    testDb = await createDatabase(server.url, { template: await postgresTemplate(server.url) });
    // Roles are the cluster's: a name of this run's own, dropped afterwards. As docs/production.md makes it (no password:
    // the test server trusts loopback).
    login = `kw_web_${randomBytes(4).toString('hex')}`;
    admin = new pg.Client({ connectionString: server.url });
    await admin.connect();
    await admin.query(`create role ${login} login noinherit nosuperuser nobypassrls; grant ${APP_ROLE} to ${login}`);
    // As docs/production.md says: no temporary objects for PUBLIC (the login's own could come first in a search path).
    ownDb = new pg.Client({ connectionString: testDb.url });
    await ownDb.connect();
    await ownDb.query(`revoke temporary on database ${new URL(testDb.url).pathname.slice(1)} from public`);
    const url = new URL(testDb.url);
    url.username = login;
    appUrl = url.toString();
    database = await openDatabase({ kind: 'postgres', url: testDb.url, appUrl });
    await migrateToLatest(database.db);
    a = await makeOrganisationWithRegulation(database.db, 'stadsring51');
    b = await makeOrganisationWithRegulation(database.db, 'stadsring51');
    await registerComplaint(database.db, { organisationId: a.org.id, actor: null, door: 'public', input: complaint('Anna A') });
    await registerComplaint(database.db, { organisationId: b.org.id, actor: null, door: 'public', input: complaint('Bert B') });
  });
  after(async () => {
    await database?.close();
    await ownDb?.end();
    await testDb?.drop();
    await admin?.query(`drop role if exists ${login}`);
    await admin?.end();
    await server?.stop();
  });

  /** `statements` in one transaction of the product's own database handle; the last one's rows. */
  const inTransaction = (db: Kysely<DB>, ...statements: string[]) =>
    db.transaction().execute(async (tx) => {
      let rows: unknown[] = [];
      for (const s of statements) rows = (await sql.raw(s).execute(tx)).rows;
      return rows;
    });
  const refused = (err: { code?: string }) => err.code === '42501'; // insufficient_privilege

  it("runs requests and jobs as the role on the application login; a reset or changed role cannot read another organisation's complaints or create in public", async () => {
    const db = database.db;
    const owner = (await asOwner(() => sql<{ u: string }>`select current_user as u`.execute(db))).rows[0]!.u;
    const other = `select count(*)::int as n from complaints where organisation_id = '${b.org.id}'`;
    for (const [label, run] of [
      ["an actor of A's request", <T>(fn: () => Promise<T>) => withOrganisation(a.org.id, fn)],
      ['system work (a job, the public form)', <T>(fn: () => Promise<T>) => asSystem(fn)],
    ] as const) {
      const { rows } = await run(() => sql<{ who: string; login: string }>`select current_user as who, session_user as login`.execute(db));
      assert.deepEqual(rows, [{ who: APP_ROLE, login }], label);
      await assert.rejects(run(() => inTransaction(db, 'reset role', other)), refused, `${label}: RESET ROLE gives the login, which reads nothing`);
      await assert.rejects(run(() => inTransaction(db, `set role ${owner}`, other)), refused, `${label}: SET ROLE to the owner is refused`);
      await assert.rejects(run(() => inTransaction(db, `select set_config('role', '${owner}', false)`, other)), refused, `${label}: set_config('role') to the owner is refused`);
      await assert.rejects(run(() => inTransaction(db, 'reset role', 'create table public.x (id int)')), refused, `${label}: the login cannot create in public`);
      await assert.rejects(run(() => inTransaction(db, 'create table public.x (id int)')), refused, `${label}: the role cannot create in public`);
    }
    // The owner's pool still serves owner work (migrations): it is the owner there.
    assert.equal((await asOwner(() => sql<{ u: string }>`select session_user as u`.execute(db))).rows[0]!.u, owner);
  });

  it('runs without JIT on both pools, also when the URL or PGOPTIONS brings options of its own (they are kept)', async () => {
    const settings = async (database: Database) => {
      const show = () => sql<{ jit: string; timeout: string }>`select current_setting('jit') as jit, current_setting('statement_timeout') as timeout`.execute(database.db);
      return {
        owner: (await asOwner(show)).rows[0],
        app: (await withOrganisation(a.org.id, show)).rows[0],
      };
    };
    assert.deepEqual(await settings(database), { owner: { jit: 'off', timeout: '0' }, app: { jit: 'off', timeout: '0' } });
    const withOptions = (url: string, options: string) => {
      const u = new URL(url);
      u.searchParams.set('options', options);
      return u.toString();
    };
    // The URL's options: pg lays the parsed URL over its config, so they replaced `-c jit=off` before.
    const viaUrl = await openDatabase({ kind: 'postgres', url: withOptions(testDb.url, '-c statement_timeout=7s'), appUrl: withOptions(appUrl, '-c statement_timeout=8s -c jit=on') });
    try {
      assert.deepEqual(await settings(viaUrl), { owner: { jit: 'off', timeout: '7s' }, app: { jit: 'off', timeout: '8s' } });
    } finally {
      await viaUrl.close();
    }
    // PGOPTIONS (read by pg only when the config has no options of its own): kept, jit still off.
    const before = process.env['PGOPTIONS'];
    process.env['PGOPTIONS'] = '-c statement_timeout=9s';
    const viaEnv = await openDatabase({ kind: 'postgres', url: testDb.url, appUrl });
    try {
      assert.deepEqual(await settings(viaEnv), { owner: { jit: 'off', timeout: '9s' }, app: { jit: 'off', timeout: '9s' } });
    } finally {
      if (before === undefined) delete process.env['PGOPTIONS'];
      else process.env['PGOPTIONS'] = before;
      await viaEnv.close();
    }
  });

  it('refuses to start with the owner itself (here a superuser)', async () => {
    await assert.rejects(openDatabase({ kind: 'postgres', url: testDb.url, appUrl: testDb.url }), /KLACHTWIJS_APP_DATABASE_URL: .*superuser.*eigenaar van de tabellen/);
  });

  // One login per refusal, none a superuser: what it may do itself, and what a role it can SET ROLE to may do (a NOINHERIT
  // login's own privileges say nothing about those; the review of session 14 reproduced each).
  const refusals: { name: string; setup: (l: string, r: string, d: string) => string; expected: RegExp; undo?: (r: string, d: string) => string }[] = [
    { name: 'CREATEROLE (it could grant itself the owner)', setup: (l) => `alter role ${l} createrole`, expected: /kan meer dan de rol klachtwijs_app: CREATEROLE\./ },
    { name: 'CREATEDB', setup: (l) => `alter role ${l} createdb`, expected: /: CREATEDB\./ },
    { name: 'BYPASSRLS', setup: (l) => `alter role ${l} bypassrls`, expected: /: BYPASSRLS\./ },
    { name: 'membership of a NOLOGIN superuser role', setup: (l, r) => `create role ${r} nologin superuser; grant ${r} to ${l}`, expected: /superuser \(via de rol "kw_r_[0-9a-f]+"\)/ },
    {
      name: "membership of the tables' owner",
      setup: (l, r) => `create role ${r} nologin; alter table complaints owner to ${r}; grant ${r} to ${l}`,
      undo: () => 'alter table complaints owner to current_user',
      expected: /: eigenaar van de tabellen \(via de rol "kw_r_[0-9a-f]+"\)\./,
    },
    {
      name: "membership of the database's owner",
      setup: (l, r, d) => `create role ${r} nologin; alter database ${d} owner to ${r}; grant ${r} to ${l}`,
      undo: (_r, d) => `alter database ${d} owner to current_user`,
      expected: /eigenaar van de database \(via de rol "kw_r_[0-9a-f]+"\)/,
    },
    { name: 'CREATE on public', setup: (l) => `grant create on schema public to ${l}`, expected: /: CREATE op het schema public\./ },
    { name: 'membership of a role with CREATE on public', setup: (l, r) => `create role ${r} nologin; grant create on schema public to ${r}; grant ${r} to ${l}`, expected: /: CREATE op het schema public \(via de rol "kw_r_[0-9a-f]+"\)\./ },
    { name: 'CREATE on the database', setup: (l, _r, d) => `grant create on database ${d} to ${l}`, expected: /: CREATE op de database\./ },
    { name: 'TEMPORARY on the database', setup: (l, _r, d) => `grant temporary on database ${d} to ${l}`, expected: /: TEMPORARY op de database\./ },
    { name: 'REPLICATION (a base backup holds every organisation)', setup: (l) => `alter role ${l} replication`, expected: /: REPLICATION\./ },
    {
      name: 'membership of the owner of another table (owners skip row-level security)',
      setup: (l, r) => `create role ${r} nologin; alter table units owner to ${r}; grant ${r} to ${l}`,
      undo: () => 'alter table units owner to current_user',
      expected: /: eigenaar van de tabellen \(via de rol "kw_r_[0-9a-f]+"\)\./,
    },
    { name: 'membership of pg_read_all_data', setup: (l) => `grant pg_read_all_data to ${l}`, expected: /: ingebouwde rol met toegang tot alle gegevens of bestanden \(via de rol "pg_read_all_data"\)\./ },
    { name: 'no membership of klachtwijs_app', setup: (l) => `revoke ${APP_ROLE} from ${l}`, expected: /"kw_l_[0-9a-f]+" is geen lid van de rol klachtwijs_app\./ },
  ];
  for (const { name, setup, expected, undo } of refusals) {
    it(`refuses to start with a login (not a superuser) with: ${name}`, async () => {
      const suffix = randomBytes(4).toString('hex');
      const [l, r, d] = [`kw_l_${suffix}`, `kw_r_${suffix}`, new URL(testDb.url).pathname.slice(1)];
      await ownDb.query(`create role ${l} login noinherit nosuperuser nobypassrls; grant ${APP_ROLE} to ${l}; grant connect on database ${d} to ${l}`);
      try {
        await ownDb.query(setup(l, r, d));
        const url = new URL(testDb.url);
        url.username = l;
        await assert.rejects(openDatabase({ kind: 'postgres', url: testDb.url, appUrl: url.toString() }), (err: Error) => {
          assert.match(err.message, expected);
          return true;
        });
      } finally {
        if (undo) await ownDb.query(undo(r, d));
        await ownDb.query(`drop owned by ${l}; drop role ${l}`);
        if ((await ownDb.query('select 1 from pg_roles where rolname = $1', [r])).rowCount) await ownDb.query(`drop owned by ${r}; drop role ${r}`);
      }
    });
  }

  it('serves a page and takes a public complaint through the application login; the jobs still run', async () => {
    const sink = await startSmtpSink();
    const logged: string[] = [];
    const logger = pino({ level: 'info' }, { write: (line: string) => void logged.push(line) });
    // A probe (the superuser's, on this test's database only): who marks a mail sent, as which role.
    await ownDb.query(`create table kw_probe (login name, role name, status text);
      grant insert on kw_probe to public;
      create function kw_probe() returns trigger language plpgsql set search_path = pg_catalog, public, pg_temp
        as $$ begin insert into kw_probe values (session_user, current_user, new.status); return new; end $$;
      create trigger kw_probe after update on outbound_mails for each row execute function kw_probe()`);
    const live = await startLiveServer({ DATABASE_URL: testDb.url, KLACHTWIJS_APP_DATABASE_URL: appUrl, SMTP_URL: sink.url, KLACHTWIJS_PUBLIC_RATE_LIMIT: '0' }, { logger });
    try {
      assert.equal(live.database.login, 'app');
      // The start log says the mode, without the URL.
      const mode = logged.map((l) => JSON.parse(l) as { databaseLogin?: string }).filter((l) => l.databaseLogin);
      assert.deepEqual(mode.map((l) => l.databaseLogin), ['app']);
      assert.ok(!logged.some((l) => l.includes(login)), 'the log does not name the login or its URL');
      const page = await fetch(`${live.url}/${a.org.slug}/klacht`);
      assert.equal(page.status, 200);
      await page.text();
      const res = await fetch(`${live.url}/api/v1/public/${a.org.slug}/complaints`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(complaint('Carla C', 'carla@example.nl')),
      });
      assert.equal(res.status, 201, await res.clone().text());
      const { reference } = (await res.json()) as { reference: string };
      const stored = await asSystem(() => database.db.selectFrom('complaints').select('organisation_id').where('reference', '=', reference).execute());
      assert.deepEqual(stored, [{ organisation_id: a.org.id }]);
      // The job queue (pg-boss, on the owner's URL) and its workers run: the coordinator's notice of the new complaint goes out.
      await live.workers;
      const deadline = Date.now() + 30_000;
      while (!sink.messages.some((m) => m.subject?.includes(reference)) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
      assert.ok(sink.messages.some((m) => m.subject?.includes(reference)), `a mail about ${reference} went out`);
      // The job's own statement (send-mail marks its mail sent) ran on the application login: the probe's trigger saw it.
      const { rows } = await ownDb.query<{ login: string; role: string }>(`select distinct login, role from kw_probe where status = 'sent'`);
      assert.deepEqual(rows, [{ login, role: APP_ROLE }]);
    } finally {
      await live.dispose();
      await sink.stop();
    }
  });
});
