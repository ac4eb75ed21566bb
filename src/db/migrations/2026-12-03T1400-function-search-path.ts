import { sql, type Kysely } from 'kysely';

/**
 * Session 13 (lane fixes13): the search path of the SECURITY DEFINER lookup functions (`klachtwijs_match_*`, T1900,
 * T2200, T1300) and of the immutable helper `klachtwijs_category_keys` (T1300) is `pg_catalog, public, pg_temp`.
 *
 * They had `public, pg_catalog`: an object in `public` named like one of pg_catalog's (a function, an operator) came
 * before it, and `pg_temp`, not named, was searched first of all (PostgreSQL puts it in front unless it is named), so a
 * temporary table `complaints` of the caller would be read by a function that runs as the tables' owner. PostgreSQL's
 * advice for SECURITY DEFINER functions ("Writing SECURITY DEFINER Functions Safely"): trusted schemas only, pg_temp last.
 * The application role may not create in `public` (ADR 0024, addendum), so this is depth, not a hole that was open.
 *
 * ALTER FUNCTION … SET keeps the body, the owner and the grants; the index on `klachtwijs_category_keys` stays valid
 * (the function's result does not change: it names no object outside pg_catalog).
 */
export const SAFE_SEARCH_PATH = 'pg_catalog, public, pg_temp';

const FUNCTIONS = [
  'klachtwijs_match_words(uuid, tsquery, int)',
  'klachtwijs_match_person(uuid, text, int)',
  'klachtwijs_match_phone(uuid, text, int)',
  'klachtwijs_match_address(uuid, text, int)',
  'klachtwijs_match_category(uuid, jsonb, int)',
  'klachtwijs_category_keys(uuid, jsonb)',
];

async function setPath(db: Kysely<any>, path: string): Promise<void> {
  for (const f of FUNCTIONS) await sql.raw(`alter function ${f} set search_path = ${path}`).execute(db);
}

export async function up(db: Kysely<any>): Promise<void> {
  await setPath(db, SAFE_SEARCH_PATH);
}

export async function down(db: Kysely<any>): Promise<void> {
  await setPath(db, 'public, pg_catalog');
}
