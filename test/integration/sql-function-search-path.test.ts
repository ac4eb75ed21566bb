import assert from 'node:assert/strict';
import { it } from 'node:test';
import { sql } from 'kysely';
import { APP_ROLE, withOrganisation } from '../../src/db/tenant.ts';
import { forEachDatabase } from '../support/databases.ts';
import { makeOrganisationWithRegulation } from '../support/factories.ts';

/**
 * Every SECURITY DEFINER function of the schema, and every function with its own search path (the immutable helper of
 * an index), searches pg_catalog first and pg_temp last (T1400; PostgreSQL's advice for SECURITY DEFINER functions),
 * and the application role may not create objects in `public` that could come before pg_catalog's (ADR 0024).
 */
forEachDatabase('SQL functions: search path', (ctx) => {
  it('every security-definer or path-setting function in public has search_path = pg_catalog, public, pg_temp', async () => {
    const { rows } = await sql<{ name: string; definer: boolean; config: string[] | null }>`
      select p.oid::regprocedure::text as name, p.prosecdef as definer, p.proconfig as config
      from pg_proc p join pg_namespace n on n.oid = p.pronamespace
      where n.nspname = 'public' and (p.prosecdef or exists (select 1 from unnest(p.proconfig) c where c like 'search_path=%'))
      order by 1`.execute(ctx.database.db);
    const names = rows.map((r) => r.name.replace(/\(.*/, ''));
    for (const expected of ['klachtwijs_match_words', 'klachtwijs_match_person', 'klachtwijs_match_phone', 'klachtwijs_match_address', 'klachtwijs_match_category', 'klachtwijs_category_keys']) {
      assert.ok(names.includes(expected), `${expected} is found (${names.join(', ')})`);
    }
    for (const r of rows) {
      const path = (r.config ?? []).find((c) => c.startsWith('search_path='));
      assert.equal(path, 'search_path=pg_catalog, public, pg_temp', `${r.name} (security definer: ${r.definer})`);
    }
  });

  it('the application role may not create in public (nothing of its own can shadow what the functions call)', async () => {
    const db = ctx.database.db;
    const { org } = await makeOrganisationWithRegulation(db, 'stadsring51');
    const { rows } = await sql<{ create: boolean }>`select has_schema_privilege(${APP_ROLE}, 'public', 'CREATE') as create`.execute(db);
    assert.deepEqual(rows, [{ create: false }]);
    await assert.rejects(
      withOrganisation(org.id, () => sql`create function public.lower(text) returns text language sql as $$ select 'x' $$`.execute(db)),
      /permission denied/,
    );
  });
});
