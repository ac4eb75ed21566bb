import { sql, type Kysely } from 'kysely';
import { isEmbedded } from '../database.ts';
import { CATEGORY_VALUES_SQL } from './2026-12-02T1900-list-indexes-per-organisation.ts';

/**
 * Issue 13, session 12 (lane pages12): the category's lookup (`klachtwijs_match_category`) by keys that hold the
 * organisation, `<organisation id>:<value>`, in a GIN index of a text array (ADR 0028 addendum 20).
 *
 * The GIN index of T1900 held the organisation and the values as two keys (btree_gin): a look-up intersected the
 * organisation's posting list (every complaint of the organisation: 50,000 in the bench's big one) with the value's,
 * ~6.6 ms for 858 matches at a million complaints, and every row found was rechecked with the JSON path expression
 * (jsonb_path_ops hashes its keys, so each match is rechecked: ~10 ms for those 858). One key per organisation and value
 * reads only that key's matches, and an array's `@>` needs no recheck. The matches are the same: the string values of
 * the dimensions (a category is a string; `@>` on the JSON array matched only string elements too).
 *
 * The function is IMMUTABLE (it reads only its arguments), as an index expression must be. The old index goes.
 */
export const CATEGORY_KEYS_SQL = (t = '') => `klachtwijs_category_keys(${t}organisation_id, ${t}classification)`;

const POLICY = `(coalesce(current_setting('klachtwijs.organisation', true), '') = '' or c.organisation_id = nullif(current_setting('klachtwijs.organisation', true), '')::uuid)`;

/**
 * `org`: the organisation's condition (T2200's `c.organisation_id = p_org`, or one no index serves: see `up`); `settings`:
 * more SET clauses of the function.
 */
const matchCategory = (org: string, condition: string, settings = '') => `
  create or replace function klachtwijs_match_category(p_org uuid, p_values jsonb, p_cap int) returns table (id uuid, row_tid tid)
  language sql stable security definer set search_path = public, pg_catalog${settings} as $f$
    select c.id, c.ctid from complaints c where ${org} and ${condition} and ${POLICY} limit p_cap
  $f$`;

export async function up(db: Kysely<any>): Promise<void> {
  await sql
    .raw(
      `create or replace function klachtwijs_category_keys(p_org uuid, p_classification jsonb) returns text[]
      language sql immutable parallel safe set search_path = public, pg_catalog as $f$
        select coalesce(array_agg(p_org::text || ':' || v), '{}') from jsonb_array_elements_text(jsonb_path_query_array(p_classification, '$.values.*[*] ? (@.type() == "string")')) as v
      $f$`,
    )
    .execute(db);
  // On PGlite with the small pending list of every GIN index there (T1950: no autovacuum empties it).
  const options = isEmbedded(db) ? ' with (gin_pending_list_limit = 64)' : '';
  await sql.raw(`create index complaints_list_category_keys on complaints using gin (${CATEGORY_KEYS_SQL()})${options} where ${CATEGORY_VALUES_SQL()} <> '[]'::jsonb`).execute(db);
  // The values asked for as keys of the organisation (the list asks for one: jsonb_build_array(category)).
  const wanted = `klachtwijs_category_keys(p_org, jsonb_build_object('values', jsonb_build_object('asked', p_values)))`;
  // The keys hold the organisation, so its condition stays a filter: as an index condition the planner intersected the
  // keys' few matches with the organisation's entry in another GIN index (complaints_search_person: 50,000 rows, 13 ms).
  // Planned without the values (a SQL function's parameters), the keys' condition is guessed to keep 0.5 % of the table
  // (5,000 rows), each costed with the keys function as a recheck: the plan went parallel, and starting two workers took
  // 7-40 ms for 17 matches. A look-up of at most p_cap rows by one key gains nothing from workers.
  await sql
    .raw(
      matchCategory(
        `c.organisation_id::text = p_org::text`,
        `${CATEGORY_KEYS_SQL('c.')} @> ${wanted} and ${CATEGORY_VALUES_SQL('c.')} <> '[]'::jsonb`,
        ' set max_parallel_workers_per_gather = 0',
      ),
    )
    .execute(db);
  await sql`drop index if exists complaints_list_category`.execute(db);
  await sql`analyze complaints`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  const options = isEmbedded(db) ? ' with (gin_pending_list_limit = 64)' : '';
  await sql
    .raw(
      `do $$ begin
        if exists (select 1 from pg_extension where extname = 'btree_gin') then
          execute $i$create index complaints_list_category on complaints using gin (organisation_id, (${CATEGORY_VALUES_SQL()}) jsonb_path_ops)${options} where ${CATEGORY_VALUES_SQL()} <> '[]'::jsonb$i$;
        else
          execute $i$create index complaints_list_category on complaints using gin ((${CATEGORY_VALUES_SQL()}) jsonb_path_ops)${options} where ${CATEGORY_VALUES_SQL()} <> '[]'::jsonb$i$;
        end if;
      end $$`,
    )
    .execute(db);
  await sql.raw(matchCategory('c.organisation_id = p_org', `${CATEGORY_VALUES_SQL('c.')} @> p_values and ${CATEGORY_VALUES_SQL('c.')} <> '[]'::jsonb`)).execute(db);
  await sql`drop index if exists complaints_list_category_keys`.execute(db);
  await sql`drop function if exists klachtwijs_category_keys(uuid, jsonb)`.execute(db);
}
