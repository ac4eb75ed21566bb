import { sql, type Kysely } from 'kysely';

/**
 * Issue 13, session 5 (lane handler): indexes for the branches of need-to-know (ADR 0028, addendum 10).
 *
 * The start page reads a handler's lists as the UNION of need-to-know's branches (`visibleBranches`,
 * src/usecases/complaints/access.ts), each by its own index, instead of testing the whole OR on every open complaint of
 * the organisation. Two branches had no index:
 * - the registrar's (who registered a complaint reads it while it is open): `(registered_by, next_due)` over open
 *   complaints with a registrar. A complaint from the public door has none, so the public intake does not write it.
 * - the regulation's roles (a complaint handed over to, consulted with, or forwarded to a role in a unit):
 *   `(unit_id, next_due)` over the complaints that carry such a role at all (`REGULATION_ROLES_SQL`; the branch repeats
 *   that condition so the planner can prove the index's predicate). Few complaints carry one; a new one carries none.
 */
// The same condition as REGULATION_ROLES_SQL in src/usecases/complaints/access.ts (written out here: a migration stays as it ran).
const REGULATION_ROLES_SQL = `(handed_to_role is not null or consulted_roles <> '[]'::jsonb or procedure_roles <> '[]'::jsonb)`;

export async function up(db: Kysely<any>): Promise<void> {
  await sql`create index complaints_registrar_open_due on complaints (registered_by, next_due)
              where registered_by is not null and status in ('new', 'in_progress', 'suspended')`.execute(db);
  await sql.raw(`create index complaints_regulation_roles on complaints (unit_id, next_due) where ${REGULATION_ROLES_SQL}`).execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index if exists complaints_regulation_roles`.execute(db);
  await sql`drop index if exists complaints_registrar_open_due`.execute(db);
}
