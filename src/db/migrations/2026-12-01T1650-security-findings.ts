import { sql, type Kysely } from 'kysely';

/**
 * Issue 11, findings of the security review (ADR 0023): the audit log becomes append-only at the database itself,
 * like the complaint history. One exception, for the destruction of a dossier at the end of its retention period
 * (retention lane): the personal parts of its audit lines may be blanked (UPDATE) inside a transaction that set
 * `set_config('klachtwijs.destroying', 'on', true)` (transaction-local; only the destruction code sets it).
 * A DELETE is always refused. Runs on PostgreSQL 15 and PGlite.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create function audit_log_append_only() returns trigger language plpgsql as $$
    begin
      if tg_op = 'UPDATE' and coalesce(current_setting('klachtwijs.destroying', true), '') = 'on' then
        return new;
      end if;
      raise exception 'the audit log is append-only (% refused)', tg_op;
    end $$`.execute(db);
  await sql`create trigger audit_log_append_only before update or delete on audit_log for each row execute function audit_log_append_only()`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop trigger if exists audit_log_append_only on audit_log`.execute(db);
  await sql`drop function if exists audit_log_append_only()`.execute(db);
}
