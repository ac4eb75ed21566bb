import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { openDatabase, type Database } from '../../src/db/database.ts';
import { migrateToLatest } from '../../src/db/migrate.ts';
import { today } from '../../src/usecases/complaints/dossier.ts';
import { registerComplaint } from '../../src/usecases/complaints/register-complaint.ts';
import { recordPgStatements } from '../support/capture.ts';
import { actorOf, makeOrganisationWithRegulation } from '../support/factories.ts';
import { PageClient, testApp } from '../support/http.ts';
import { acquirePostgresServer, createDatabase, type PostgresServer, type TestDatabase } from '../support/pg-server.ts';
import { postgresTemplate } from '../support/templates.ts';

/**
 * The start page reads every section side by side on a PostgreSQL server (issue 13, session 7): the notifications, the
 * reports due, the yearly meeting and the review, and the measures are read beside the work lists, not after them
 * while the page renders (a second wave of round trips after the page's longest statement). PostgreSQL only: on PGlite
 * the page's one connection reads the sections in turn whatever the page asks (read-memo.ts, `sideBySide`).
 *
 * How it is seen without timing: the work lists end by recording the complaints shown (`complaint_list_reads`); with that
 * table locked by another connection, their insert waits. The other sections' reads must still be sent and answered
 * meanwhile; read while rendering, none of them would be sent until the lock is released.
 */
describe('start page: the sections read beside the work lists [postgres]', () => {
  let server: PostgresServer;
  let testDb: TestDatabase;
  let database: Database;
  let org: Awaited<ReturnType<typeof makeOrganisationWithRegulation>>;

  before(async () => {
    server = await acquirePostgresServer();
    testDb = await createDatabase(server.url, { template: await postgresTemplate(server.url) });
    database = await openDatabase({ kind: 'postgres', url: testDb.url });
    await migrateToLatest(database.db);
    org = await makeOrganisationWithRegulation(database.db, 'stadsring51');
    // A new complaint: the coordinator's "Nieuw" list shows it, so the page records a list read.
    await registerComplaint(database.db, {
      organisationId: org.org.id,
      actor: await actorOf(database.db, org.coordinator),
      door: 'staff',
      input: { unitId: org.unit.id, channel: 'letter', documentDate: today(), description: 'Niemand belde terug.', complainant: { relation: 'client', name: 'Jan Jansen', postalAddress: 'Dorpsstraat 1, 1234 AB Ergens' }, signed: true },
    });
  });
  after(async () => {
    await database?.close();
    await testDb?.drop();
    await server?.stop();
  });

  it("sends and answers the notifications', reports', governance's and measures' reads while the work lists' list read waits", async () => {
    const client = new PageClient(await testApp(database));
    await client.logIn(org.coordinator.email, org.coordinator.password);
    // Every statement the application's pool sends from here on: its text, and whether it was answered.
    const { sent, stop } = recordPgStatements();
    const locker = new pg.Client({ connectionString: testDb.url });
    await locker.connect();
    let page: Promise<Awaited<ReturnType<PageClient['get']>>> | undefined;
    try {
      await locker.query('begin');
      await locker.query('lock table complaint_list_reads in exclusive mode');
      page = client.get('/start');
      const answered = (table: string) => sent.some((s) => s.answered && s.text.includes(`from "${table}"`));
      const waiting = () => sent.some((s) => !s.answered && /insert into complaint_list_reads/.test(s.text));
      const tables = ['notifications', 'improvement_measures', 'regulation_reviews', 'reports'];
      const deadline = Date.now() + 5000;
      while (Date.now() < deadline && !(waiting() && tables.every(answered))) await new Promise((r) => setTimeout(r, 10));
      assert.ok(waiting(), "the work lists' list read was sent and waits for the lock");
      for (const table of tables) assert.ok(answered(table), `${table} was read while the list read waited`);
    } finally {
      await locker.query('commit');
      await locker.end();
      stop();
    }
    const { res, html } = await page;
    assert.equal(res.status, 200);
    assert.match(html, /id="nieuw"/);
  });
});
