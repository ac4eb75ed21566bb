import { sql, type Kysely } from 'kysely';

/**
 * Issue 8, the public form never loses what was given:
 * - `pending_uploads`: files chosen on the public complaint form, held server-side against the form's one-time
 *   key (stored only as a hash) until the complaint is sent or the upload expires (ADR 0009).
 * - `complaints.unit_unknown`: the complainant answered "Weet ik niet" to the unit question; the complaint waits
 *   at the organisation's triage unit until staff set the unit. Any change of `unit_id` clears the mark (trigger),
 *   so every way of setting the unit (a correction, a refold) keeps it true.
 * Runs on PostgreSQL 15 and PGlite.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('pending_uploads')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('organisation_id', 'uuid', (c) => c.notNull().references('organisations.id').onDelete('cascade'))
    .addColumn('form_key_hash', 'text', (c) => c.notNull())
    .addColumn('filename', 'text', (c) => c.notNull())
    .addColumn('content_type', 'text', (c) => c.notNull())
    .addColumn('size', 'integer', (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('data', 'bytea', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('pending_uploads_form').on('pending_uploads').columns(['organisation_id', 'form_key_hash']).execute();
  await db.schema.createIndex('pending_uploads_expiry').on('pending_uploads').column('expires_at').execute();

  await db.schema.alterTable('complaints').addColumn('unit_unknown', 'boolean', (c) => c.notNull().defaultTo(false)).execute();
  await sql`
    create function complaints_unit_known() returns trigger language plpgsql as $$
    begin
      if new.unit_id is distinct from old.unit_id then new.unit_unknown := false; end if;
      return new;
    end $$`.execute(db);
  await sql`create trigger complaints_unit_known before update of unit_id on complaints for each row execute function complaints_unit_known()`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop trigger if exists complaints_unit_known on complaints`.execute(db);
  await sql`drop function if exists complaints_unit_known()`.execute(db);
  await db.schema.alterTable('complaints').dropColumn('unit_unknown').execute();
  await db.schema.dropTable('pending_uploads').execute();
}
