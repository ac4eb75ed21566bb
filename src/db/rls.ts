import { sql, type Kysely } from 'kysely';
import { grantAppRole } from './migrations/2026-12-01T1690-row-level-security.ts';
import { APP_ROLE, asOwner, tenantSwitch } from './tenant.ts';

/** The migration that makes the role, the grants and the policies (ADR 0024). */
export const RLS_MIGRATION = '2026-12-01T1690-row-level-security';

/** `KLACHTWIJS_RLS=off` turns the second line off (a server user that may not create roles, until the role exists). */
export function rlsSwitchedOff(env: NodeJS.ProcessEnv = process.env): boolean {
  return env['KLACHTWIJS_RLS'] === 'off';
}

export type RlsState = 'on' | 'off' | 'no-role' | 'not-migrated';

/**
 * Switches row-level security on for this database when it can be: the role exists, the connecting user may SET ROLE
 * to it, and the migration that grants it and makes the policies has run. Never throws (called at open, before the
 * migrations); `requireRowLevelSecurity` is the strict one, after them.
 */
export async function prepareRowLevelSecurity<T>(db: Kysely<T>, env: NodeJS.ProcessEnv = process.env): Promise<RlsState> {
  const sw = tenantSwitch(db);
  if (!sw) return 'off';
  if (rlsSwitchedOff(env)) {
    sw.active = false;
    return 'off';
  }
  const state = await asOwner(async () => {
    const { rows } = await sql<{ member: boolean | null; migrations: string | null }>`
      select (select pg_has_role(current_user, r.oid, 'MEMBER') from pg_roles r where r.rolname = ${APP_ROLE}) as member,
             to_regclass('kysely_migration')::text as migrations`.execute(db);
    const row = rows[0]!;
    if (!row.member) return 'no-role' as const;
    if (!row.migrations) return 'not-migrated' as const;
    const done = await sql<{ n: number }>`select count(*)::int as n from kysely_migration where name = ${RLS_MIGRATION}`.execute(db);
    return done.rows[0]!.n > 0 ? ('on' as const) : ('not-migrated' as const);
  });
  sw.active = state === 'on';
  return state;
}

/** After the migrations: on, or switched off on purpose; otherwise a clear error that says how to fix it. */
export async function requireRowLevelSecurity<T>(db: Kysely<T>, env: NodeJS.ProcessEnv = process.env): Promise<RlsState> {
  let state = await prepareRowLevelSecurity(db, env);
  if (state === 'on') {
    // The role was made by hand after the migration ran without it: grant it what it needs now.
    const granted = await asOwner(() => sql<{ ok: boolean }>`select has_table_privilege(${APP_ROLE}, 'public.complaints', 'SELECT') as ok`.execute(db));
    if (!granted.rows[0]!.ok) {
      await asOwner(() => grantAppRole(db));
      state = await prepareRowLevelSecurity(db, env);
    }
  }
  // pg-boss's tables, when its schema was made before the role existed (the queue starts beside the migrations).
  if (state === 'on') await asOwner(() => grantJobSchema((text) => sql.raw<{ needed: boolean }>(text).execute(db)));
  if (state === 'on' || state === 'off') return state;
  const { rows } = await asOwner(() => sql<{ user: string }>`select current_user as user`.execute(db));
  throw new Error(noRoleMessage(rows[0]!.user));
}

/** What to tell the operator when the database user may not create the role (docs/production.md says the same). */
export function noRoleMessage(user: string): string {
  const who = `"${user.replace(/"/g, '""')}"`;
  return [
    `De database-gebruiker ${who} kan de rol ${APP_ROLE} voor row-level security niet maken of gebruiken (ADR 0024).`,
    'Los het op met één van deze drie:',
    `1. geef de gebruiker één keer het recht om rollen te maken:  ALTER ROLE ${who} CREATEROLE;`,
    `2. of maak de rol als beheerder zelf:  CREATE ROLE ${APP_ROLE} NOLOGIN NOBYPASSRLS; GRANT ${APP_ROLE} TO ${who};`,
    `   (start daarna opnieuw: de migratie geeft de rol de rechten op de tabellen);`,
    '3. of zet de tweede verdedigingslinie bewust uit: KLACHTWIJS_RLS=off (het log waarschuwt dan bij elke start).',
  ].join('\n');
}

/**
 * Whether pg-boss's tables still need granting to the role: the DO block's own condition as a plain SELECT. Asked first
 * because a DO block is PL/pgSQL, and the embedded database loads that language's library (a WebAssembly side module) at
 * its first use: ~130-200 ms of CPU and 0.4-0.8 s of wall time on every restart and every `klachtwijs` command, only to
 * find the grant already made (issue 13). No statement on the start path needs PL/pgSQL otherwise.
 */
export const GRANT_JOB_SCHEMA_NEEDED_SQL = `select exists (select 1 from pg_roles where rolname = '${APP_ROLE}') and to_regclass('pgboss.job') is not null
  and not has_table_privilege('${APP_ROLE}', 'pgboss.job', 'INSERT') as needed`;

/** Grants pg-boss's tables to the role when they are not yet ({@link GRANT_JOB_SCHEMA_SQL}); `run` sends one statement as the owner. */
export async function grantJobSchema(run: (text: string) => Promise<{ rows: { needed?: boolean }[] }>): Promise<void> {
  const { rows } = await run(GRANT_JOB_SCHEMA_NEEDED_SQL);
  if (rows[0]?.needed) await run(GRANT_JOB_SCHEMA_SQL);
}

/**
 * A use case enqueues inside its own transaction, so as the role: it needs pg-boss's tables. pg-boss makes its schema
 * as the owner when the queue starts, which may be while the migration that set the default privileges still runs;
 * the queue runs this after starting (as the owner). Does nothing without the role or when already granted.
 */
export const GRANT_JOB_SCHEMA_SQL = `do $$
begin
  if exists (select 1 from pg_roles where rolname = '${APP_ROLE}') and to_regclass('pgboss.job') is not null
     and not has_table_privilege('${APP_ROLE}', 'pgboss.job', 'INSERT') then
    grant usage on schema pgboss to ${APP_ROLE};
    grant select, insert, update, delete on all tables in schema pgboss to ${APP_ROLE};
    grant usage, select, update on all sequences in schema pgboss to ${APP_ROLE};
    grant execute on all functions in schema pgboss to ${APP_ROLE};
  end if;
exception
  when insufficient_privilege then raise notice 'klachtwijs: cannot grant pgboss to ${APP_ROLE}';
  -- Two instances starting together grant at the same moment ("tuple concurrently updated"): the other one did it.
  when others then raise notice 'klachtwijs: pgboss grant skipped (%)', sqlstate;
end $$`;
