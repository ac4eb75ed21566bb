import { sql, type Kysely } from 'kysely';
import { addressSql, personTextSql, phoneSql } from './2026-12-02T1840-list-indexes.ts';

/**
 * Issue 13, session 2 (lane lists): the searches and the last slow filters at a million complaints, with fewer
 * indexes for the intake to maintain.
 *
 * Found with EXPLAIN as the application role: under row-level security (ADR 0024) PostgreSQL may use a condition as an
 * index condition only when its operator is leakproof (it must not see rows the policy hides first). `@@` (full text),
 * `LIKE` (trigrams) and jsonb `@>` are not, so the search's GIN indexes of T1840 were never used by the application:
 * every search read the organisation's whole range and filtered it (a rare word or a name: p95 ~450 ms at a million).
 *
 * - Lookup functions (`klachtwijs_match_*`): SECURITY DEFINER, so the lookup runs as the tables' owner, for whom the
 *   GIN condition is an index condition; each applies the organisation given AND the policy's own predicate
 *   (`klachtwijs.organisation`), and returns at most `p_cap` complaint ids. The list then reads those ids as the role,
 *   under row-level security, with need-to-know and every filter as before (list-complaints.ts). `= ANY` on uuids is
 *   leakproof, so that read is an index lookup.
 * - The GIN indexes hold the organisation first (btree_gin, a trusted contrib extension, in PGlite too): the words and
 *   the person text, so a lookup intersects the term with the organisation in the index. They replace the two indexes
 *   without the organisation (same number of indexes).
 * - Category: every dimension's values as one jsonb array (an immutable expression) in a partial GIN index, only
 *   classified complaints (a new registration has none, so the public intake never writes it).
 * - Incomplete (registration gaps, 003 bijlage 2): a partial index in the default order, like "decided late".
 * - Dropped: complaints_org_decided_late (organisation, decided_late), replaced by the partial
 *   complaints_list_decided_late of T1840 (decided_late = true reads that one; false reads the default order).
 * Without btree_gin (a database user that may not create it) the search indexes stay without the organisation.
 */
export const CATEGORY_VALUES_SQL = (t = '') => `jsonb_path_query_array(${t}classification, '$.values.*[*]')`;
export const GAPS_SQL = (t = '') =>
  `jsonb_array_length(case when jsonb_typeof(${t}details->'registrationGaps') = 'array' then ${t}details->'registrationGaps' else '[]'::jsonb end) > 0`;

const POLICY = `(coalesce(current_setting('klachtwijs.organisation', true), '') = '' or c.organisation_id = nullif(current_setting('klachtwijs.organisation', true), '')::uuid)`;

/** A lookup function: the ids of the organisation's complaints that match `condition` (on `c`), at most p_cap. */
const matchFunction = (name: string, param: string, condition: string) => `
  create or replace function ${name}(p_org uuid, ${param}, p_cap int) returns setof uuid
  language sql stable security definer set search_path = public, pg_catalog as $f$
    select c.id from complaints c where c.organisation_id = p_org and ${condition} and ${POLICY} limit p_cap
  $f$`;

export async function up(db: Kysely<any>): Promise<void> {
  const due = `coalesce(next_due, 'infinity'::date)`;
  await sql.raw(`create index complaints_list_incomplete on complaints (organisation_id, ${due}, received_on desc, reference desc) where ${GAPS_SQL()}`).execute(db);
  await sql`drop index if exists complaints_org_decided_late`.execute(db);
  await sql
    .raw(
      `do $$ begin
        create extension if not exists btree_gin;
      exception when others then
        raise notice 'klachtwijs: btree_gin is not available (%); the search indexes stay without the organisation', sqlerrm;
      end $$`,
    )
    .execute(db);
  await sql
    .raw(
      `do $$ begin
        if exists (select 1 from pg_extension where extname = 'btree_gin') then
          execute $i$drop index if exists complaints_search$i$;
          execute $i$create index complaints_search on complaints using gin (organisation_id, search)$i$;
          execute $i$create index complaints_list_category on complaints using gin (organisation_id, (${CATEGORY_VALUES_SQL()}) jsonb_path_ops) where ${CATEGORY_VALUES_SQL()} <> '[]'::jsonb$i$;
          if exists (select 1 from pg_extension where extname = 'pg_trgm') then
            execute $i$drop index if exists complaints_search_person$i$;
            execute $i$create index complaints_search_person on complaints using gin (organisation_id, (${personTextSql()}) gin_trgm_ops)$i$;
          end if;
        else
          execute $i$create index complaints_list_category on complaints using gin ((${CATEGORY_VALUES_SQL()}) jsonb_path_ops) where ${CATEGORY_VALUES_SQL()} <> '[]'::jsonb$i$;
        end if;
      end $$`,
    )
    .execute(db);
  const functions = [
    matchFunction('klachtwijs_match_words', 'p_query tsquery', 'c.search @@ p_query'),
    matchFunction('klachtwijs_match_person', 'p_like text', `${personTextSql('c.')} like p_like`),
    matchFunction('klachtwijs_match_phone', 'p_like text', `${phoneSql('c.')} like p_like`),
    matchFunction('klachtwijs_match_address', 'p_like text', `${addressSql('c.')} like p_like`),
    matchFunction('klachtwijs_match_category', 'p_values jsonb', `${CATEGORY_VALUES_SQL('c.')} @> p_values and ${CATEGORY_VALUES_SQL('c.')} <> '[]'::jsonb`),
  ];
  for (const f of functions) await sql.raw(f).execute(db);
  // As in T1840: the planner knows the new expressions' values only after ANALYZE.
  await sql`analyze complaints`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const f of ['words', 'person', 'phone', 'address', 'category']) await sql.raw(`drop function if exists klachtwijs_match_${f}`).execute(db);
  await sql`drop index if exists complaints_list_incomplete`.execute(db);
  await sql`drop index if exists complaints_list_category`.execute(db);
  await sql`create index if not exists complaints_org_decided_late on complaints (organisation_id, decided_late)`.execute(db);
  await sql`drop index if exists complaints_search`.execute(db);
  await sql`create index complaints_search on complaints using gin (search)`.execute(db);
  await sql
    .raw(
      `do $$ begin
        if exists (select 1 from pg_extension where extname = 'pg_trgm') then
          execute $i$drop index if exists complaints_search_person$i$;
          execute $i$create index complaints_search_person on complaints using gin ((${personTextSql()}) gin_trgm_ops)$i$;
        end if;
      end $$`,
    )
    .execute(db);
}
