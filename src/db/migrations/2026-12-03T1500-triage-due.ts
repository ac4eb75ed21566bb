import { sql, type Kysely } from 'kysely';

/**
 * Issue 13 (lane start13): the start page's "Nieuw: wacht op indeling en toewijzing" (new complaints, not the other
 * registrations) by due date, per organisation. Its capped count read `complaints_org_status` and fetched every new
 * registration from the table to test its kind and need-to-know (at a million complaints: 1,340 buffers, 7-14 ms of the
 * work lists' statement). With this partial index the klachtenfunctionaris's count is an index-only scan as the other
 * lists' (ADR 0028 addendum 14 and 21): ~100 buffers. Only the new complaints: a small index that a complaint leaves when
 * it is assigned. The predicate repeats the query's conditions literally, so the planner can prove it.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create index complaints_triage_due on complaints (organisation_id, next_due) where status = 'new' and kind = 'complaint'`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index if exists complaints_triage_due`.execute(db);
}
