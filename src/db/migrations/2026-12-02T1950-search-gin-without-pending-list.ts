import { sql, type Kysely } from 'kysely';
import { isEmbedded } from '../database.ts';

/**
 * Issue 13, session 4 (lane search): the GIN indexes of the complaints (the search's words, person text, phone and
 * address, the category) with a small pending list on the embedded database (ADR 0028, addendum 7).
 *
 * A GIN index with `fastupdate` on (PostgreSQL's default) puts new entries in a pending list that VACUUM, normally
 * autovacuum, moves into the index; until then every search reads the whole list. PGlite runs no autovacuum (no
 * launcher), so the list only emptied when it reached gin_pending_list_limit (4 MB): on 10,000 complaints each of
 * these indexes held 50-290 pending pages, and a lookup that should read a few index pages read them all (~20 ms per
 * search term on PGlite; the planner, costing the list, also preferred reading the organisation's every row).
 * Here the limit is 64 kB (8 pages) per index, so an insert moves the list into the index once it holds 64 kB, and
 * the lists there now are moved in once; the nightly vacuum (ADR 0032) empties them too. Measured (2026-12-02, PGlite,
 * 400 public submissions per variant, twice): `fastupdate` off cost ~0.5-0.8 ms more CPU per submission than the
 * pending list (5.7-6.2 against 4.9-5.6 ms), and the searches cost the same CPU with the 64 kB list as with none.
 * The file keeps its first name (a database that ran it knows it by that name). PostgreSQL keeps the default:
 * autovacuum empties its lists.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await forEachGinIndex(db, `execute format('alter index %s set (gin_pending_list_limit = 64)', i); perform gin_clean_pending_list(i);`);
}

export async function down(db: Kysely<any>): Promise<void> {
  await forEachGinIndex(db, `execute format('alter index %s reset (gin_pending_list_limit)', i);`);
}

/** Runs `body` (PL/pgSQL, the index as `i`) for every GIN index of `complaints`, on PGlite only. */
async function forEachGinIndex(db: Kysely<any>, body: string): Promise<void> {
  if (!isEmbedded(db)) return;
  await sql
    .raw(
      `do $$ declare i regclass; begin
        for i in select x.indexrelid::regclass from pg_index x join pg_class c on c.oid = x.indexrelid join pg_am a on a.oid = c.relam
          where x.indrelid = 'complaints'::regclass and a.amname = 'gin' loop
          ${body}
        end loop;
      end $$`,
    )
    .execute(db);
}
