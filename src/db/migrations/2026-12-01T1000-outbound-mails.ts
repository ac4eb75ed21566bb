import { sql, type Kysely } from 'kysely';

/**
 * Issue 9, the outbox (ADR 0014): every e-mail Klachtwijs sends is stored here as it is sent (the raw message,
 * its Message-ID fixed before the first try), with its state. The `send-mail` job (pg-boss, schema `pgboss`,
 * installed by pg-boss itself) sends it. A mail belongs to a complaint where it concerns one, and goes with it.
 * Runs on PostgreSQL 15 and PGlite.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('outbound_mails')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('organisation_id', 'uuid', (c) => c.notNull().references('organisations.id').onDelete('cascade'))
    .addColumn('complaint_id', 'uuid', (c) => c.references('complaints.id').onDelete('cascade'))
    .addColumn('purpose', 'text', (c) => c.notNull())
    .addColumn('recipient', 'text', (c) => c.notNull())
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('message_id', 'text', (c) => c.notNull().unique())
    .addColumn('envelope_from', 'text', (c) => c.notNull())
    .addColumn('raw', 'bytea', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('queued'))
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('last_error', 'text')
    .addColumn('queued_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('last_attempt_at', 'timestamptz')
    .addColumn('sent_at', 'timestamptz')
    .addColumn('created_by', 'uuid', (c) => c.references('users.id').onDelete('set null'))
    .addCheckConstraint('outbound_mails_status', sql`status in ('queued', 'sent', 'failed')`)
    .addCheckConstraint('outbound_mails_purpose', sql`purpose in ('letter', 'notification', 'link', 'reply', 'acknowledgement')`)
    .execute();
  await db.schema.createIndex('outbound_mails_complaint').on('outbound_mails').columns(['complaint_id', 'queued_at']).execute();
  await sql`create index outbound_mails_failed on outbound_mails (organisation_id, queued_at) where status = 'failed'`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('outbound_mails').execute();
}
