import { sql, type Kysely } from 'kysely';
import { Migrator, type MigrationResult } from 'kysely/migration';
import { migrations } from './migrations/index.ts';
import { GRANT_JOB_SCHEMA_NEEDED_SQL, requireRowLevelSecurity, RLS_MIGRATION, rlsSwitchedOff } from './rls.ts';
import { APP_ROLE, asOwner, tenantSwitch } from './tenant.ts';

/**
 * Runs every pending migration (Kysely takes a lock, so concurrent starts are safe) as the tables' owner; throws naming
 * the failing migration. Then switches row-level security on, or says how to make its role (ADR 0024).
 */
export async function migrateToLatest<T>(db: Kysely<T>): Promise<MigrationResult[]> {
  // A restart on an up-to-date database (the usual case) reads the migration table once instead of Kysely's set-up, lock
  // and checks (issue 13: restart < 1 s). Exactly the registered names, no more and no fewer; anything else goes through
  // the Migrator, which applies what is missing or refuses a database with unknown or out-of-order migrations.
  const current = await asOwner(() => upToDate(db));
  if (current === 'settled') return [];
  if (current) {
    await requireRowLevelSecurity(db);
    return [];
  }
  const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations } });
  const { error, results = [] } = await asOwner(() => migrator.migrateToLatest());
  if (error) {
    const failed = results.find((r) => r.status === 'Error');
    throw new Error(`Migratie ${failed?.migrationName ?? '?'} mislukt: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
  await requireRowLevelSecurity(db);
  return results;
}

/**
 * Whether the database has applied exactly the registered migrations (false when it has no migration table yet), in one
 * statement with everything {@link requireRowLevelSecurity} checks after them (issue 13: a restart sent six statements,
 * now two). `settled`: up to date, and row-level security is on and complete (role usable, its migration run, the tables
 * and pg-boss's granted) or switched off on purpose; the switch is set here. `true`: up to date, but row-level security
 * needs {@link requireRowLevelSecurity} (a grant to make, or the error that says how to make the role).
 */
async function upToDate<T>(db: Kysely<T>, env: NodeJS.ProcessEnv = process.env): Promise<boolean | 'settled'> {
  const present = await sql<{ present: boolean }>`select to_regclass('kysely_migration') is not null as present`.execute(db);
  if (!present.rows[0]?.present) return false;
  const { rows } = await sql<{ names: string[] | null; member: boolean | null; rls_done: boolean | null; granted: boolean | null; job_schema_needed: boolean | null }>`
    select (select array_agg(name) from kysely_migration) as names,
           (select pg_has_role(current_user, r.oid, 'MEMBER') from pg_roles r where r.rolname = ${APP_ROLE}) as member,
           exists (select 1 from kysely_migration where name = ${RLS_MIGRATION}) as rls_done,
           case when exists (select 1 from pg_roles where rolname = ${APP_ROLE})
                then has_table_privilege(${APP_ROLE}, 'public.complaints', 'SELECT') end as granted,
           (${sql.raw(GRANT_JOB_SCHEMA_NEEDED_SQL)}) as job_schema_needed`.execute(db);
  const row = rows[0]!;
  const names = new Set(row.names ?? []);
  const registered = Object.keys(migrations);
  if (!(names.size === registered.length && registered.every((name) => names.has(name)))) return false;
  const sw = tenantSwitch(db);
  if (!sw) return true;
  if (rlsSwitchedOff(env)) {
    sw.active = false;
    return 'settled';
  }
  if (row.member && row.rls_done && row.granted && row.job_schema_needed === false) {
    sw.active = true;
    return 'settled';
  }
  return true;
}
