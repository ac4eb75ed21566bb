import { sql, type Kysely } from 'kysely';

/**
 * Issue 13 (lane start13): the planner's statistics know that a complaint's handler belongs to the complaint's
 * organisation (a user is in one organisation), so "the organisation's complaints of this handler" is estimated as the
 * handler's complaints, not as their share of the organisation's (the two taken as independent). At a million complaints
 * it estimated 39-53 of the big organisation's handler's 1,022, so the handler's start page ("Mijn klachten") read all of
 * them through `complaints_list_handler`, closed ones too (957 buffers, 12-47 ms); with the dependency it reads the
 * handler's open ones (219 buffers, 2.5-7.5 ms; ADR 0028 addendum 22). A fact of every data set, not of the bench's.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create statistics complaints_organisation_handler (dependencies) on organisation_id, handler_user_id from complaints`.execute(db);
  await sql`analyze complaints`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop statistics if exists complaints_organisation_handler`.execute(db);
}
