import { sql, type Kysely } from 'kysely';
import { protect } from './2026-12-01T1690-row-level-security.ts';

/**
 * Issue 13 (ADR 0028): the back-office list at a million complaints.
 *
 * - One index per sort the list offers, organisation first, in the sort's exact order, so a page is an index range
 *   (keyset paging) and never a sort of every complaint the actor may see. The expressions are the ones
 *   list-complaints.ts orders by (SORT_KEYS); they must stay equal character for character.
 * - Indexes for the selective filters with the default sort behind them (status, handler), partial indexes for the
 *   rare yes/no filters (decided late, unit unknown, incomplete), the received range on the received index.
 * - Search: trigram indexes (pg_trgm) on the complainant's name/e-mail/represented/respondent text with the
 *   reference, on the phone digits and on the postal address, and one on the person complained about; the words
 *   keep the Dutch full-text GIN index. Without pg_trgm (a database user that may not create it) the search still
 *   works, by scanning.
 * - The read audit of list views: one row per (organisation, complaint, user, day), written once (ON CONFLICT DO
 *   NOTHING), instead of an audit_log line naming every id shown on every view.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const due = `coalesce(next_due, 'infinity'::date)`;
  const rank = `(case status when 'new' then 0 when 'in_progress' then 1 when 'suspended' then 2 when 'decided' then 3 when 'closed' then 4 when 'inadmissible' then 5 when 'withdrawn' then 6 else 7 end)`;
  const statements = [
    // Sorts (every sort has its index; received and reference also serve their descending sort backwards).
    `create index complaints_list_due on complaints (organisation_id, ${due}, received_on desc, reference desc)`,
    `create index complaints_list_due_desc on complaints (organisation_id, coalesce(next_due, '-infinity'::date) desc, received_on desc, reference desc)`,
    `create index complaints_list_received on complaints (organisation_id, received_on, reference)`,
    `create index complaints_list_status_sort on complaints (organisation_id, ${rank}, ${due}, reference desc)`,
    // Filters, with the default sort behind the equality so a filtered page is an index range too.
    `create index complaints_list_status on complaints (organisation_id, status, ${due}, received_on desc, reference desc)`,
    `create index complaints_list_handler on complaints (organisation_id, handler_user_id, ${due}, received_on desc, reference desc)`,
    `create index complaints_list_decided_late on complaints (organisation_id, ${due}, received_on desc, reference desc) where decided_late`,
    `create index complaints_list_unit_unknown on complaints (organisation_id, ${due}, received_on desc, reference desc) where unit_unknown`,
    `create index complaints_list_respondent on complaints (organisation_id, respondent_user_id) where respondent_user_id is not null`,
  ];
  for (const s of statements) await sql.raw(s).execute(db);

  // pg_trgm is a trusted extension (PostgreSQL 13+): the database's owner may create it. PGlite loads it in openDatabase.
  await sql
    .raw(
      `do $$ begin
        create extension if not exists pg_trgm;
      exception when others then
        raise notice 'klachtwijs: pg_trgm is not available (%); the search works without its indexes (ADR 0028)', sqlerrm;
      end $$`,
    )
    .execute(db);
  await sql
    .raw(
      `do $$ begin
        if exists (select 1 from pg_extension where extname = 'pg_trgm') then
          execute $i$create index complaints_search_person on complaints using gin ((${personTextSql()}) gin_trgm_ops)$i$;
          execute $i$create index complaints_search_phone on complaints using gin ((${phoneSql()}) gin_trgm_ops)$i$;
          execute $i$create index complaints_search_address on complaints using gin ((${addressSql()}) gin_trgm_ops)$i$;
        end if;
      end $$`,
    )
    .execute(db);

  await db.schema
    .createTable('complaint_list_reads')
    .addColumn('organisation_id', 'uuid', (c) => c.notNull().references('organisations.id').onDelete('cascade'))
    .addColumn('complaint_id', 'uuid', (c) => c.notNull())
    .addColumn('user_id', 'uuid', (c) => c.notNull())
    .addColumn('day', 'date', (c) => c.notNull())
    .addColumn('first_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('complaint_list_reads_pk', ['organisation_id', 'complaint_id', 'day', 'user_id'])
    .execute();
  await protect(db, 'complaint_list_reads', `(coalesce(current_setting('klachtwijs.organisation', true), '') = '' or organisation_id = nullif(current_setting('klachtwijs.organisation', true), '')::uuid)`);
  // The planner knows an expression index's values only after ANALYZE, and autovacuum does not analyse a table because an
  // index was added: without it, a big existing database got "collect and sort" plans for the new sort indexes until
  // the next analyse (measured on 1,000,000 complaints: the default list p95 184 ms right after this migration).
  await sql`analyze complaints`.execute(db);
}

/**
 * The person fields a search term matches as one lower-case text, fields apart by a unit separator (a search term
 * never holds one, so a match never spans two fields). list-complaints.ts searches this very expression.
 */
export const personTextSql = (t = '') =>
  `lower(coalesce(${t}complainant->>'name', '') || chr(31) || coalesce(${t}complainant->>'email', '') || chr(31) || coalesce(${t}complainant->>'onBehalfOf', '') || chr(31) || coalesce(${t}details->>'respondentName', '') || chr(31) || ${t}reference)`;
export const phoneSql = (t = '') => `regexp_replace(regexp_replace(coalesce(${t}complainant->>'phone', ''), '[^0-9]', '', 'g'), '^(0031|31)([0-9]{9})$', '0\\2')`;
export const addressSql = (t = '') => `upper(regexp_replace(coalesce(${t}complainant->>'postalAddress', ''), '\\s', '', 'g'))`;

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('complaint_list_reads').ifExists().execute();
  for (const i of ['due', 'due_desc', 'received', 'status_sort', 'status', 'handler', 'decided_late', 'unit_unknown', 'respondent']) {
    await sql.raw(`drop index if exists complaints_list_${i}`).execute(db);
  }
  for (const i of ['person', 'phone', 'address']) await sql.raw(`drop index if exists complaints_search_${i}`).execute(db);
}
