import assert from 'node:assert/strict';
import { it } from 'node:test';
import { sql, type Kysely } from 'kysely';
import { GRANT_JOB_SCHEMA_NEEDED_SQL, grantJobSchema, requireRowLevelSecurity } from '../../src/db/rls.ts';
import { APP_ROLE, asOwner } from '../../src/db/tenant.ts';
import type { DB } from '../../src/db/types.ts';
import { jobQueue } from '../../src/jobs/queue.ts';
import { forEachDatabase } from '../support/databases.ts';

/**
 * pg-boss's tables are granted to the application role (ADR 0024) by a PL/pgSQL block, sent only when a plain SELECT
 * says the grant is missing (issue 13: the embedded database loads PL/pgSQL's library at its first use, on every restart
 * and every command). The grant must still be made when it is missing, and be a single SELECT when it is not.
 */
forEachDatabase('pg-boss tables granted to the application role', (ctx) => {
  const mayInsert = async (db: Kysely<DB>) =>
    (await asOwner(() => sql<{ ok: boolean }>`select has_table_privilege(${APP_ROLE}, 'pgboss.job', 'INSERT') as ok`.execute(db))).rows[0]!.ok;
  /** Runs grantJobSchema and returns the statements it sent. */
  const grantCounting = async (db: Kysely<DB>) => {
    const sent: string[] = [];
    await asOwner(() =>
      grantJobSchema((text) => {
        sent.push(text);
        return sql.raw<{ needed: boolean }>(text).execute(db);
      }),
    );
    return sent;
  };

  it('the migrated database has the grant, and checking it sends one SELECT and no PL/pgSQL', async () => {
    const db = ctx.database.db;
    await jobQueue(db); // pg-boss's schema, as a start makes it
    assert.equal(await mayInsert(db), true);
    assert.deepEqual(await grantCounting(db), [GRANT_JOB_SCHEMA_NEEDED_SQL]);
  });

  it('a missing grant (pg-boss made its schema before the role had it) is made, by grantJobSchema and at the start', async () => {
    const db = ctx.database.db;
    await jobQueue(db);
    const revoke = () => asOwner(() => sql.raw(`revoke insert on all tables in schema pgboss from ${APP_ROLE}`).execute(db));
    await revoke();
    assert.equal(await mayInsert(db), false, 'the revoke took');
    const sent = await grantCounting(db);
    assert.equal(sent.length, 2, 'the check, then the grant');
    assert.match(sent[1]!, /^do \$\$/);
    assert.equal(await mayInsert(db), true, 'granted again');
    // The start's own path (after the migrations) grants it too.
    await revoke();
    assert.equal(await requireRowLevelSecurity(db), 'on');
    assert.equal(await mayInsert(db), true, 'granted by requireRowLevelSecurity');
  });
});
