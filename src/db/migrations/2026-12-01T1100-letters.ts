import { sql, type Kysely } from 'kysely';

/**
 * Issue 9, letters (ADR 0010):
 * - `letters`: every letter made in a dossier, stored as it was sent (subject, body and PDF bytes; never
 *   re-rendered). Its status comes from `printed_at` and its outbound mail (`outbound_mail_id`, the core's
 *   `outbound_mails`; no foreign key here so the lanes' migrations stay independent of order).
 * - `letter_templates`: an organisation's (unit_id null) or a unit's own subject and body for a letter kind
 *   (liquidjs); absent: the default text from the regulation.
 * - `letterheads`: per organisation the letterhead (address lines, phone, e-mail, website, logo) and the
 *   setting for the automatic acknowledgement.
 * Runs on PostgreSQL 15 and PGlite.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('letters')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('organisation_id', 'uuid', (c) => c.notNull().references('organisations.id').onDelete('cascade'))
    .addColumn('complaint_id', 'uuid', (c) => c.notNull().references('complaints.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('action_seq', 'integer')
    .addColumn('recipient_role', 'text', (c) => c.notNull())
    .addColumn('recipient_name', 'text', (c) => c.notNull())
    .addColumn('recipient_email', 'text')
    .addColumn('recipient_address', 'text')
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('pdf', 'bytea', (c) => c.notNull())
    .addColumn('outbound_mail_id', 'uuid')
    .addColumn('printed_at', 'timestamptz')
    .addColumn('created_by', 'uuid', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex('letters_complaint').on('letters').columns(['complaint_id', 'created_at']).execute();

  await db.schema
    .createTable('letter_templates')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('organisation_id', 'uuid', (c) => c.notNull().references('organisations.id').onDelete('cascade'))
    .addColumn('unit_id', 'uuid', (c) => c.references('units.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('updated_by', 'uuid', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  // One template per kind for the organisation (unit null) and one per kind per unit.
  await sql`create unique index letter_templates_scope on letter_templates (organisation_id, coalesce(unit_id, '00000000-0000-0000-0000-000000000000'::uuid), kind)`.execute(db);

  await db.schema
    .createTable('letterheads')
    .addColumn('organisation_id', 'uuid', (c) => c.primaryKey().references('organisations.id').onDelete('cascade'))
    .addColumn('address_lines', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('phone', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('email', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('website', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('logo', 'bytea')
    .addColumn('logo_type', 'text')
    .addColumn('auto_acknowledge', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('letterheads').execute();
  await db.schema.dropTable('letter_templates').execute();
  await db.schema.dropTable('letters').execute();
}
