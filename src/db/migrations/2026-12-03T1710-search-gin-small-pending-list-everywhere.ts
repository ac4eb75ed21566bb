import { sql, type Kysely } from 'kysely';

/**
 * Issue 13, session 15 (lane search15): the GIN indexes of the complaints (the search's words, person text, phone and
 * address, the category keys) keep a pending list of at most 64 kB on a PostgreSQL server too, as T1950 did for
 * PGlite (ADR 0028, addendum 24).
 *
 * T1950 left PostgreSQL at the default (4 MB) on the assumption that autovacuum empties the lists. At a million
 * complaints it rarely does: autovacuum visits `complaints` after ~200,000 changed rows (50 + 20 % of the table), so
 * between visits the list grows until an insert finds it over 4 MB (512 pages) and moves it into the index. Every
 * search reads the whole list of each GIN index it uses, whatever the term: on the bench's kept database of a million
 * (after the seed's 75,000 updates) the words index held 306 pending pages and the person text 450, and a lookup of a
 * word no complaint holds read 310 pages for nothing. At 64 kB an insert moves the list in once it holds 8 pages
 * (the work autovacuum would do, in smaller parts), so a lookup reads at most 8 pending pages.
 *
 * Every GIN index of `complaints` that exists (the trigram ones need pg_trgm), then the lists there now are moved in
 * once (`gin_clean_pending_list`). ALTER INDEX … SET (gin_pending_list_limit) takes a SHARE UPDATE EXCLUSIVE lock:
 * inserts and searches go on. On PGlite T1950 did the same already; this repeats it harmlessly.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await forEachGinIndex(db, `execute format('alter index %s set (gin_pending_list_limit = 64)', i); perform gin_clean_pending_list(i);`);
}

/** Back to T1950: the default on a PostgreSQL server, PGlite keeps its 64 kB. */
export async function down(db: Kysely<any>): Promise<void> {
  await forEachGinIndex(db, `if not exists (select 1 from pg_settings where name = 'gin_pending_list_limit' and setting = '64') then execute format('alter index %s reset (gin_pending_list_limit)', i); end if;`);
}

async function forEachGinIndex(db: Kysely<any>, body: string): Promise<void> {
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
