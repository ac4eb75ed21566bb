import { sql, type Kysely } from 'kysely';

/**
 * Issue 13, several instances (ADR 0030):
 * - `complaints_open_next_due`: a partial index holding only OPEN complaints by their running term, so `/metrics`
 *   counts the overdue complaints per organisation without reading the closed ones (most of a million).
 * - `login_failures_at`: the daily sweep deletes old log-in failures by time (the existing index starts with the key).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create index if not exists complaints_open_next_due on complaints (next_due, organisation_id) where status in ('new', 'in_progress', 'suspended')`.execute(db);
  await sql`create index if not exists login_failures_at on login_failures (at)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index if exists login_failures_at`.execute(db);
  await sql`drop index if exists complaints_open_next_due`.execute(db);
}
