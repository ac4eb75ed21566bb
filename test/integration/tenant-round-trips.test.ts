import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Hono } from 'hono';
import { openDatabase, type Database } from '../../src/db/database.ts';
import { migrateToLatest } from '../../src/db/migrate.ts';
import { tenantSwitch } from '../../src/db/tenant.ts';
import type { AppEnv } from '../../src/http/context.ts';
import { logOut, startSession } from '../../src/usecases/auth/sessions.ts';
import { recordPgStatements } from '../support/capture.ts';
import { actorOf, makeOrganisationWithRegulation, makeToken, registerLetterComplaint } from '../support/factories.ts';
import { testApp } from '../support/http.ts';
import { acquirePostgresServer, createDatabase, type PostgresServer, type TestDatabase } from '../support/pg-server.ts';
import { postgresTemplate } from '../support/templates.ts';

/**
 * The statements one back-office request sends to a PostgreSQL server (issue 13, session 14, lane scale14). The session's
 * or API token's look-up ran as system work (no organisation), so every request flipped its pooled connection's
 * organisation to none and back to the actor's: two `set_config` round trips. A credential's look-up now runs in the
 * organisation an earlier look-up found (src/db/tenant.ts, `lookUpWithHint`), and the token's roles come with its row.
 * PostgreSQL only: PGlite sets the organisation per transaction and has no pooled connections.
 */
describe('round trips of a back-office request on the PostgreSQL server [postgres]', () => {
  let server: PostgresServer;
  let testDb: TestDatabase;
  let database: Database;
  let app: Hono<AppEnv>;
  let org: Awaited<ReturnType<typeof makeOrganisationWithRegulation>>;
  let other: Awaited<ReturnType<typeof makeOrganisationWithRegulation>>;

  before(async () => {
    server = await acquirePostgresServer();
    testDb = await createDatabase(server.url, { template: await postgresTemplate(server.url) });
    database = await openDatabase({ kind: 'postgres', url: testDb.url });
    await migrateToLatest(database.db);
    assert.equal(tenantSwitch(database.db)?.active, true, 'row-level security is on: the organisation is set on the connections');
    org = await makeOrganisationWithRegulation(database.db, 'stadsring51');
    other = await makeOrganisationWithRegulation(database.db, 'stadsring51');
    const day = new Date().toISOString().slice(0, 10);
    for (let i = 0; i < 3; i++) await registerLetterComplaint(database.db, org, await actorOf(database.db, org.coordinator), day);
    await registerLetterComplaint(database.db, other, await actorOf(database.db, other.coordinator), day);
    app = await testApp(database);
  });
  after(async () => {
    await database?.close();
    await testDb?.drop();
    await server?.stop();
  });

  const sessionOf = async (who: typeof org.coordinator) => (await startSession(database.db, { user: { id: who.user.id, organisation_id: who.user.organisation_id, name: who.user.name, email: who.user.email }, via: 'password' })).sessionToken;

  const flips = (texts: string[]) => texts.filter((t) => t.includes("set_config('role'")).length;

  /**
   * What one request sends, after two requests of the same credential (so the pool and the named statements are warm).
   * A page that reads in parallel may take a pooled connection that last served another organisation (or none), which
   * must flip: that is right, and depends on the pool's order. So up to three requests are recorded and the first without
   * a flip is returned (else the last): the old look-up flipped twice on every request, so it still fails.
   */
  async function sentBy(path: string, headers: Record<string, string>) {
    for (let i = 0; i < 2; i++) assert.equal((await app.request(path, { headers })).status, 200);
    let last: { texts: string[]; body: string } | undefined;
    for (let attempt = 0; attempt < 3; attempt++) {
      const recording = recordPgStatements();
      try {
        const res = await app.request(path, { headers });
        const body = await res.text();
        assert.equal(res.status, 200, body.slice(0, 300));
        last = { texts: recording.sent.map((s) => s.text), body };
      } finally {
        recording.stop();
      }
      if (flips(last.texts) === 0) break;
    }
    return last!;
  }

  it('the list page: no set_config of the organisation once the session is known, 7 statements in all', async () => {
    const { texts, body } = await sentBy('/klachten', { cookie: `kw_session=${await sessionOf(org.coordinator)}` });
    assert.match(body, /Klachten/);
    assert.equal(flips(texts), 0, texts.join('\n'));
    // The session (with its roles), BEGIN + the index-order settings, the list, COMMIT, the organisation's facts, the
    // regulation version, the filter's handlers.
    assert.equal(texts.length, 7, texts.join('\n'));
  });

  it('the coordinator start page: no set_config of the organisation once the session is known, the creation day with the versions', async () => {
    const { texts } = await sentBy('/start', { cookie: `kw_session=${await sessionOf(org.coordinator)}` });
    assert.equal(flips(texts), 0, texts.join('\n'));
    // The organisation's creation day comes with its regulation versions (regulations.ts, scopedVersions).
    assert.ok(!texts.some((t) => /^select "created_at" from "organisations"/.test(t)), texts.join('\n'));
    // Every section's reads (the work lists' transaction sends BEGIN with its settings as one text): 20 before.
    assert.equal(texts.length, 17, texts.join('\n'));
  });

  it('the API list: no set_config, and the token with its roles in one statement (5 in all with the list)', async () => {
    const token = await makeToken(database.db, org.org.id, org.coordinator.user.id);
    const { texts, body } = await sentBy('/api/v1/complaints', { authorization: `Bearer ${token}`, accept: 'application/json' });
    assert.equal((JSON.parse(body) as { items: unknown[] }).items.length, 3);
    assert.equal(flips(texts), 0, texts.join('\n'));
    assert.ok(!texts.some((t) => /from "role_assignments" where "user_id"/.test(t)), 'the roles are not read apart');
    // The token (with its roles), BEGIN + the index-order settings, the list, COMMIT.
    assert.equal(texts.length, 5, texts.join('\n'));
  });

  it("alternating organisations, each request sees its own organisation's rows only; a logged-out session is refused", async () => {
    const a = await makeToken(database.db, org.org.id, org.coordinator.user.id);
    const b = await makeToken(database.db, other.org.id, other.coordinator.user.id);
    const round = async () => {
      for (const [token, n] of [[a, 3], [b, 1]] as const) {
        const res = await app.request('/api/v1/complaints', { headers: { authorization: `Bearer ${token}`, accept: 'application/json' } });
        assert.equal(((await res.json()) as { items: unknown[] }).items.length, n);
      }
    };
    await round();
    const recording = recordPgStatements();
    try {
      for (let i = 0; i < 3; i++) await round();
    } finally {
      recording.stop();
    }
    // One flip per request at most (the organisation changes each time), no longer two (to none and back).
    assert.ok(flips(recording.sent.map((s) => s.text)) <= 6, recording.sent.map((s) => s.text).join('\n'));
    const session = await sessionOf(org.coordinator);
    assert.equal((await app.request('/start', { headers: { cookie: `kw_session=${session}` } })).status, 200);
    await logOut(database.db, session);
    const res = await app.request('/start', { headers: { cookie: `kw_session=${session}` } });
    assert.equal(res.status, 303, 'the session ended: to the log-in page');
  });
});
