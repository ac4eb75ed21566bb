import { sql, type Kysely } from 'kysely';
import { APP_ROLE } from './2026-12-01T1690-row-level-security.ts';

/**
 * Session 14 review (lane sec14b): the application role `klachtwijs_app` may read and write rows, nothing more.
 *
 * T1690 also granted it TRUNCATE, REFERENCES and TRIGGER on every table (and as default privileges on the tables made
 * later). Each undid the second line of row-level security (ADR 0024), also without the application login:
 * - TRUNCATE ignores the policies: `truncate complaints` as the role emptied every organisation's complaints;
 * - TRIGGER let the role put a trigger on a table that calls its own function (`pg_temp.t()`): the next insert by the
 *   owner (a migration, the job queue) ran that function as the owner;
 * - REFERENCES let it make a foreign key to a table (in a schema it could create in) that probes rows it cannot see.
 * No statement of the product needs them as the role (TRUNCATE only in the tests' reset of the embedded database, as its
 * owner). The grant itself (grantAppRole) now names select, insert, update, delete only; this revokes the rest where
 * T1690 granted it: the tables of `public` and of pg-boss's schema, and the owner's default privileges.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const { rows } = await sql<{ n: number }>`select count(*)::int as n from pg_roles where rolname = ${APP_ROLE}`.execute(db);
  if (!rows[0]!.n) return;
  for (const s of [
    `revoke truncate, references, trigger on all tables in schema public from ${APP_ROLE}`,
    `alter default privileges revoke truncate, references, trigger on tables from ${APP_ROLE}`,
  ])
    await sql.raw(s).execute(db);
  // pg-boss's tables got them through the default privileges when the owner's queue made its schema.
  const boss = await sql<{ n: number }>`select count(*)::int as n from pg_namespace where nspname = 'pgboss'`.execute(db);
  if (boss.rows[0]!.n) await sql.raw(`revoke truncate, references, trigger on all tables in schema pgboss from ${APP_ROLE}`).execute(db);
}

export async function down(): Promise<void> {
  // Nothing to give back: the rights were never needed.
}
