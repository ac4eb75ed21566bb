import { sql, type Kysely } from 'kysely';
import { GAPS_SQL } from './2026-12-02T1900-list-indexes-per-organisation.ts';

/**
 * Issue 13, session 2 (lane lists, round 2): the list's due-date order as an expression row-level security lets the
 * index use.
 *
 * Found with EXPLAIN as the application role: under row-level security (ADR 0024) a condition can be an index
 * condition only when nothing in it can leak (PostgreSQL's contain_leaked_vars). `coalesce(next_due, 'infinity')`,
 * the expression of the due-ordered indexes of T1840/T1900, never is: PostgreSQL treats every COALESCE as leaky. So
 * "overdue" (due < today), "due within 7 days" (a range) and the keyset cursor of every later page in the due order
 * read the organisation's index range from its start and filtered (at a million complaints: the 4,800 overdue
 * complaints skipped to find the first due this week, 7-15 ms per statement).
 *
 * `least(next_due, 'infinity')` is the same value (LEAST skips a null: a missing due date is 'infinity'), and
 * `greatest(next_due, '-infinity')` likewise for the descending sort; LEAST and GREATEST compare with date_cmp, which
 * is leakproof, so a range on them is an index condition. The indexes are rebuilt on the new expressions under their
 * own names: the same number of indexes, so the public intake maintains no more than before.
 */
export const DUE_SQL = (t = '') => `least(${t}next_due, 'infinity'::date)`;
export const DUE_DESC_SQL = (t = '') => `greatest(${t}next_due, '-infinity'::date)`;

const RANK = `(case status when 'new' then 0 when 'in_progress' then 1 when 'suspended' then 2 when 'decided' then 3 when 'closed' then 4 when 'inadmissible' then 5 when 'withdrawn' then 6 else 7 end)`;

const indexes = (due: string, dueDesc: string) => ({
  complaints_list_due: `(organisation_id, ${due}, received_on desc, reference desc)`,
  complaints_list_due_desc: `(organisation_id, ${dueDesc} desc, received_on desc, reference desc)`,
  complaints_list_status_sort: `(organisation_id, ${RANK}, ${due}, reference desc)`,
  complaints_list_status: `(organisation_id, status, ${due}, received_on desc, reference desc)`,
  complaints_list_handler: `(organisation_id, handler_user_id, ${due}, received_on desc, reference desc)`,
  complaints_list_decided_late: `(organisation_id, ${due}, received_on desc, reference desc) where decided_late`,
  complaints_list_unit_unknown: `(organisation_id, ${due}, received_on desc, reference desc) where unit_unknown`,
  complaints_list_incomplete: `(organisation_id, ${due}, received_on desc, reference desc) where ${GAPS_SQL()}`,
});

async function rebuild(db: Kysely<any>, defs: Record<string, string>): Promise<void> {
  for (const [name, def] of Object.entries(defs)) {
    await sql.raw(`drop index if exists ${name}`).execute(db);
    await sql.raw(`create index ${name} on complaints ${def}`).execute(db);
  }
  // The planner knows the new expressions' values only after ANALYZE.
  await sql`analyze complaints`.execute(db);
}

export async function up(db: Kysely<any>): Promise<void> {
  await rebuild(db, indexes(DUE_SQL(), DUE_DESC_SQL()));
}

export async function down(db: Kysely<any>): Promise<void> {
  await rebuild(db, indexes(`coalesce(next_due, 'infinity'::date)`, `coalesce(next_due, '-infinity'::date)`));
}
