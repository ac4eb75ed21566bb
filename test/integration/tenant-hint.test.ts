import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import { sha256 } from '../../src/auth/tokens.ts';
import { currentOrganisation, HINTS_MAX, hintsKept, lookUpWithHint, tenantSwitch } from '../../src/db/tenant.ts';
import { actorFromApiToken, revokeApiToken } from '../../src/usecases/auth/api-tokens.ts';
import { actorFromSession, logOut, startSession } from '../../src/usecases/auth/sessions.ts';
import { forEachDatabase } from '../support/databases.ts';
import { makeOrganisationWithRegulation, makeToken } from '../support/factories.ts';

/**
 * The edge cases of `lookUpWithHint` (src/db/tenant.ts, session 14): a credential's look-up runs in the organisation an
 * earlier look-up found. Whatever the hint says, the answer is the plain look-up's. On a PostgreSQL server with
 * row-level security the hint is kept and used; on PGlite the look-up is the plain one and no hint is kept.
 */
forEachDatabase('lookUpWithHint: a wrong or stale hint never changes the answer', (ctx) => {
  let a: Awaited<ReturnType<typeof makeOrganisationWithRegulation>>;
  let b: Awaited<ReturnType<typeof makeOrganisationWithRegulation>>;
  let hinted: boolean;

  before(async () => {
    a = await makeOrganisationWithRegulation(ctx.database.db, 'stadsring51');
    b = await makeOrganisationWithRegulation(ctx.database.db, 'stadsring51');
    hinted = ctx.kind === 'postgres';
    assert.equal(tenantSwitch(ctx.database.db)?.active, true, 'row-level security is on');
  });

  const sessionOf = async (who: typeof a.coordinator) =>
    (await startSession(ctx.database.db, { user: { id: who.user.id, organisation_id: who.user.organisation_id, name: who.user.name, email: who.user.email }, via: 'password' })).sessionToken;

  /** The plain look-up of a session's row, recording the organisation each run saw (null: system work). */
  const sessionRow = (token: string, scopes: (string | null)[] = []) => async () => {
    scopes.push(currentOrganisation());
    return ctx.database.db.selectFrom('sessions').select(['id_hash', 'organisation_id', 'user_id']).where('id_hash', '=', sha256(token)).executeTakeFirst();
  };

  it("a hint that names another organisation: the answer is the plain look-up's, and the hint is corrected", async () => {
    const key = `test-wrong:${crypto.randomUUID()}`;
    const inA = await sessionOf(a.coordinator);
    const inB = await sessionOf(b.coordinator);
    // The key's first look-up finds a row of organisation A: A is hinted.
    assert.equal((await lookUpWithHint(ctx.database.db, key, sessionRow(inA)))?.organisation_id, a.org.id);
    assert.equal(hintsKept.of(key), hinted ? a.org.id : undefined);
    // The same key now looks up a credential of organisation B (moved, or a forged hint): the hinted run sees nothing, the
    // plain one finds B's row.
    const scopes: (string | null)[] = [];
    const got = await lookUpWithHint(ctx.database.db, key, sessionRow(inB, scopes));
    assert.deepEqual(got, await sessionRow(inB)());
    assert.equal(got?.organisation_id, b.org.id);
    assert.deepEqual(scopes, hinted ? [a.org.id, null] : [null], 'hinted: first in A, then as system work');
    assert.equal(hintsKept.of(key), hinted ? b.org.id : undefined, 'the hint now names B');
    // And the next look-up runs in B at once.
    const again: (string | null)[] = [];
    assert.deepEqual(await lookUpWithHint(ctx.database.db, key, sessionRow(inB, again)), got);
    assert.deepEqual(again, hinted ? [b.org.id] : [null]);
  });

  it('a credential found in no organisation after a hint: undefined, and the hint is forgotten', async () => {
    const key = `test-gone:${crypto.randomUUID()}`;
    const inA = await sessionOf(a.coordinator);
    await lookUpWithHint(ctx.database.db, key, sessionRow(inA));
    const scopes: (string | null)[] = [];
    assert.equal(await lookUpWithHint(ctx.database.db, key, sessionRow('no-such-session', scopes)), undefined);
    assert.deepEqual(scopes, hinted ? [a.org.id, null] : [null]);
    assert.equal(hintsKept.of(key), undefined);
  });

  it('a session logged out after a hit is refused, and its hint forgotten', async () => {
    const token = await sessionOf(a.coordinator);
    const key = `session:${sha256(token)}`;
    assert.equal((await actorFromSession(ctx.database.db, token))?.organisationId, a.org.id);
    assert.equal((await actorFromSession(ctx.database.db, token))?.organisationId, a.org.id, 'a hit on the hint');
    assert.equal(hintsKept.of(key), hinted ? a.org.id : undefined);
    await logOut(ctx.database.db, token);
    assert.equal(await actorFromSession(ctx.database.db, token), null);
    assert.equal(hintsKept.of(key), undefined);
  });

  it('an API token revoked after a hit is refused, and its hint forgotten', async () => {
    const token = await makeToken(ctx.database.db, b.org.id, b.coordinator.user.id);
    const key = `token:${sha256(token)}`;
    const actor = await actorFromApiToken(ctx.database.db, token);
    assert.equal(actor?.organisationId, b.org.id);
    assert.equal((await actorFromApiToken(ctx.database.db, token))?.organisationId, b.org.id, 'a hit on the hint');
    assert.equal(hintsKept.of(key), hinted ? b.org.id : undefined);
    const { id } = await ctx.database.db.selectFrom('api_tokens').select('id').where('token_hash', '=', sha256(token)).executeTakeFirstOrThrow();
    await ctx.database.db.transaction().execute((tx) => revokeApiToken(tx, actor!, id));
    assert.equal(await actorFromApiToken(ctx.database.db, token), null);
    assert.equal(hintsKept.of(key), undefined);
  });

  it(`the hints are capped at ${HINTS_MAX}: a new one evicts the oldest, the map never grows past the cap`, async () => {
    const run = crypto.randomUUID();
    const row = { organisation_id: a.org.id };
    const first = `test-cap:${run}:0`;
    const before = hintsKept.size;
    await lookUpWithHint(ctx.database.db, first, async () => row);
    for (let i = 1; i <= HINTS_MAX; i++) {
      await lookUpWithHint(ctx.database.db, `test-cap:${run}:${i}`, async () => row);
      if (hintsKept.size > HINTS_MAX) assert.fail(`${hintsKept.size} hints after ${i + 1} look-ups`);
    }
    if (!hinted) return assert.equal(hintsKept.size, before, 'PGlite keeps no hints');
    assert.equal(hintsKept.size, HINTS_MAX);
    assert.equal(hintsKept.of(first), undefined, 'the oldest went');
    assert.equal(hintsKept.of(`test-cap:${run}:${HINTS_MAX}`), a.org.id, 'the newest is kept');
    assert.equal(hintsKept.of(`test-cap:${run}:1`), a.org.id, 'the next oldest stays');
  });
});
