import { sql, type Kysely } from 'kysely';
import { isEmbedded } from '../database.ts';

/**
 * Issue 13, session 4 (lane search): the GIN indexes of the complaints (the search's words, person text, phone and
 * address, the category) without a pending list on the embedded database (ADR 0028, addendum 7).
 *
 * A GIN index with `fastupdate` on (PostgreSQL's default) puts new entries in a pending list that VACUUM, normally
 * autovacuum, moves into the index; until then every search reads the whole list. PGlite runs no autovacuum (no
 * launcher), so the list only empties when it reaches gin_pending_list_limit (4 MB): on 10,000 complaints each of
 * these indexes held 50-290 pending pages, and a lookup that should read a few index pages read them all (~20 ms per
 * search term on PGlite; the planner, costing the list, also preferred reading the organisation's every row). With
 * `fastupdate` off every insert goes into the index itself, and the lists there now are moved in once. PostgreSQL keeps
 * the default: autovacuum empties its lists and the intake keeps its cheaper inserts.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await forEachGinIndex(db, `execute format('alter index %s set (fastupdate = off)', i); perform gin_clean_pending_list(i);`);
}

export async function down(db: Kysely<any>): Promise<void> {
  await forEachGinIndex(db, `execute format('alter index %s reset (fastupdate)', i);`);
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
