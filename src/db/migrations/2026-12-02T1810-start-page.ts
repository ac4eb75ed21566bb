import { sql, type Kysely } from 'kysely';

/**
 * Issue 13 (scale lane): indexes for the start page's work lists, so it stays fast in an organisation with 50,000
 * complaints in a database of a million (bench/scale.ts). Partial indexes: only the complaints a list can show.
 * - open complaints by their running clock (te laat, binnenkort, and the list of open complaints by due date);
 * - a handler's open complaints by due date (mijn klachten);
 * - registrations that are not a complaint, newest first (onvrede, suggesties en geen klacht);
 * - open complaints handed over to a regulation role or put to one for advice (bij u neergelegd, uw advies gevraagd).
 * The predicates repeat the queries' conditions literally, so the planner can prove them.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create index complaints_open_due on complaints (organisation_id, next_due) where status in ('new', 'in_progress', 'suspended')`.execute(db);
  await sql`create index complaints_handler_open_due on complaints (handler_user_id, next_due) where status in ('new', 'in_progress', 'suspended')`.execute(db);
  await sql`create index complaints_other_received on complaints (organisation_id, received_on desc) where kind <> 'complaint'`.execute(db);
  await sql`create index complaints_regulation_work on complaints (organisation_id, received_on)
              where status in ('new', 'in_progress', 'suspended') and (handed_to_role is not null or jsonb_array_length(consulted_roles) > 0)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const name of ['complaints_open_due', 'complaints_handler_open_due', 'complaints_other_received', 'complaints_regulation_work']) {
    await sql`drop index if exists ${sql.ref(name)}`.execute(db);
  }
}
