import { sql, type Kysely } from 'kysely';
import { addressSql, personTextSql, phoneSql } from './2026-12-02T1840-list-indexes.ts';
import { CATEGORY_VALUES_SQL } from './2026-12-02T1900-list-indexes-per-organisation.ts';

/**
 * Issue 13, session 7 (lane search3): the lookup functions (`klachtwijs_match_*`, T1900) return each match's tuple id
 * (`row_tid`, its ctid) beside its id, so the list reads the matches it counts and pages in the lookup's own statement
 * by a TID scan instead of a primary-key look-up each (ADR 0028, addendum 15). `tideq` is leakproof, so under
 * row-level security `ctid = any(…)` is allowed as the scan's condition; the policy and need-to-know are still applied
 * to every row it reads. A tuple id holds only within the statement that looked it up (the functions are STABLE: they
 * read with the calling statement's snapshot, under which the tuple they found stays where it is); the list never
 * sends one to another statement.
 *
 * The functions are otherwise as T1900 made them (the organisation given AND the policy's own predicate, at most p_cap
 * rows, SECURITY DEFINER so the GIN condition is an index condition for the tables' owner). A new result type needs a
 * DROP first (CREATE OR REPLACE cannot change it). A caller that reads only the first column (`as m(id)`) still works.
 */
const POLICY = `(coalesce(current_setting('klachtwijs.organisation', true), '') = '' or c.organisation_id = nullif(current_setting('klachtwijs.organisation', true), '')::uuid)`;

const FUNCTIONS: [name: string, param: string, paramType: string, condition: string][] = [
  ['klachtwijs_match_words', 'p_query tsquery', 'tsquery', 'c.search @@ p_query'],
  ['klachtwijs_match_person', 'p_like text', 'text', `${personTextSql('c.')} like p_like`],
  ['klachtwijs_match_phone', 'p_like text', 'text', `${phoneSql('c.')} like p_like`],
  ['klachtwijs_match_address', 'p_like text', 'text', `${addressSql('c.')} like p_like`],
  ['klachtwijs_match_category', 'p_values jsonb', 'jsonb', `${CATEGORY_VALUES_SQL('c.')} @> p_values and ${CATEGORY_VALUES_SQL('c.')} <> '[]'::jsonb`],
];

const create = (name: string, param: string, condition: string, withTid: boolean) => `
  create function ${name}(p_org uuid, ${param}, p_cap int) returns ${withTid ? 'table (id uuid, row_tid tid)' : 'setof uuid'}
  language sql stable security definer set search_path = public, pg_catalog as $f$
    select c.id${withTid ? ', c.ctid' : ''} from complaints c where c.organisation_id = p_org and ${condition} and ${POLICY} limit p_cap
  $f$`;

async function recreate(db: Kysely<any>, withTid: boolean): Promise<void> {
  for (const [name, param, paramType, condition] of FUNCTIONS) {
    await sql.raw(`drop function if exists ${name}(uuid, ${paramType}, int)`).execute(db);
    await sql.raw(create(name, param, condition, withTid)).execute(db);
  }
}

export async function up(db: Kysely<any>): Promise<void> {
  await recreate(db, true);
}

export async function down(db: Kysely<any>): Promise<void> {
  await recreate(db, false);
}
