import { sql, type Kysely } from 'kysely';

/**
 * Issue 11, the second line in the database (ADR 0024): row-level security on every table with `organisation_id`.
 * Runs LAST of the issue-11 migrations, so the tables the other lanes added (T1600–T1650) are covered: the tables are
 * found in information_schema now, not listed by hand.
 * - The role `klachtwijs_app` (NOLOGIN, NOBYPASSRLS; cluster-wide, so made only when missing) is granted to the
 *   connecting user, which SETs ROLE to it for the application's queries (src/db/tenant.ts). A user that may not make
 *   roles does not fail here: the start then says what to do (src/db/rls.ts), unless KLACHTWIJS_RLS=off.
 * - The role may read and write the tables, sequences and functions (and those made later by this user: default
 *   privileges, which also covers pg-boss's schema), but owns nothing and may not create tables.
 * - Every table with `organisation_id` (and `organisations` itself, and `notification_preferences` through its user):
 *   ROW LEVEL SECURITY with one policy: visible and writable when `klachtwijs.organisation` is unset (system work) or
 *   equals the row's organisation. A row without organisation (a security event before log-in) is system work only.
 * Runs on PostgreSQL 15+ and PGlite.
 */
export const APP_ROLE = 'klachtwijs_app';
const SETTING = `current_setting('klachtwijs.organisation', true)`;
/** Unset (or empty) means system work: every organisation. The nullif keeps the cast from failing on ''. */
const UNSET = `coalesce(${SETTING}, '') = ''`;
const policyFor = (column: string) => `(${UNSET} or ${column} = nullif(${SETTING}, '')::uuid)`;

export async function up(db: Kysely<any>): Promise<void> {
  await sql
    .raw(
      `do $$
begin
  if not exists (select 1 from pg_roles where rolname = '${APP_ROLE}') then
    begin
      create role ${APP_ROLE} nologin nobypassrls;
    exception
      when duplicate_object or unique_violation then null; -- another database on this server made it just now
      when insufficient_privilege then
        raise notice 'klachtwijs: cannot create role ${APP_ROLE} (no CREATEROLE); see ADR 0024';
    end;
  end if;
  if exists (select 1 from pg_roles where rolname = '${APP_ROLE}') and not pg_has_role(current_user, '${APP_ROLE}', 'MEMBER') then
    begin
      execute format('grant ${APP_ROLE} to %I', current_user);
    exception when insufficient_privilege then
      raise notice 'klachtwijs: cannot grant role ${APP_ROLE} to %; see ADR 0024', current_user;
    end;
  end if;
end $$`,
    )
    .execute(db);
  await grantAppRole(db);

  const { rows } = await sql<{ table_name: string }>`
    select c.table_name from information_schema.columns c
    join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name
    where c.table_schema = 'public' and c.column_name = 'organisation_id' and t.table_type = 'BASE TABLE'
    order by c.table_name`.execute(db);
  for (const { table_name } of rows) await protect(db, table_name, policyFor('organisation_id'));
  await protect(db, 'organisations', policyFor('id'));
  // No organisation column, but each row belongs to a user of one organisation (the subquery itself sees only those).
  await protect(db, 'notification_preferences', `(${UNSET} or user_id in (select id from users))`);
}

/** Row-level security on one table with the one policy (idempotent: a later migration may call it for a new table). */
export async function protect(db: Kysely<any>, table: string, predicate: string): Promise<void> {
  const t = sql.id(table);
  await sql`alter table ${t} enable row level security`.execute(db);
  await sql`drop policy if exists organisation_isolation on ${t}`.execute(db);
  await sql`create policy organisation_isolation on ${t} using ${sql.raw(predicate)} with check ${sql.raw(predicate)}`.execute(db);
}

/**
 * What the role may do: read and write rows (never TRUNCATE, TRIGGER or REFERENCES, which get past the policies or run
 * its code as the owner: T1600 of session 14 revoked them; never the schema), now and on what this user creates later.
 * Skipped while the role does not exist (see above). Also run at start when the role was made by hand afterwards.
 */
export async function grantAppRole(db: Kysely<any>): Promise<void> {
  const { rows } = await sql<{ n: number }>`select count(*)::int as n from pg_roles where rolname = ${APP_ROLE}`.execute(db);
  if (!rows[0]!.n) return;
  const stmts = [
    `grant usage on schema public to ${APP_ROLE}`,
    `grant select, insert, update, delete on all tables in schema public to ${APP_ROLE}`,
    `grant usage, select, update on all sequences in schema public to ${APP_ROLE}`,
    `grant execute on all functions in schema public to ${APP_ROLE}`,
    `alter default privileges grant select, insert, update, delete on tables to ${APP_ROLE}`,
    `alter default privileges grant usage, select, update on sequences to ${APP_ROLE}`,
    `alter default privileges grant execute on functions to ${APP_ROLE}`,
    `alter default privileges grant usage on schemas to ${APP_ROLE}`,
  ];
  for (const s of stmts) await sql.raw(s).execute(db);
  // pg-boss's schema (a use case enqueues inside its own transaction, so as the role), when it already exists. Another
  // instance's job queue may grant the same at this moment ("tuple concurrently updated"): then that one did it.
  await sql
    .raw(
      `do $$
begin
  if to_regclass('pgboss.job') is not null then
    grant usage on schema pgboss to ${APP_ROLE};
    grant select, insert, update, delete on all tables in schema pgboss to ${APP_ROLE};
    grant usage, select, update on all sequences in schema pgboss to ${APP_ROLE};
    grant execute on all functions in schema pgboss to ${APP_ROLE};
  end if;
exception when others then
  raise notice 'klachtwijs: pgboss grant skipped (%)', sqlstate;
end $$`,
    )
    .execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  const { rows } = await sql<{ tablename: string }>`
    select tablename from pg_policies where schemaname = 'public' and policyname = 'organisation_isolation'`.execute(db);
  for (const { tablename } of rows) {
    await sql`drop policy organisation_isolation on ${sql.id(tablename)}`.execute(db);
    await sql`alter table ${sql.id(tablename)} disable row level security`.execute(db);
  }
  // The role is cluster-wide (other databases may use it): it stays.
}
