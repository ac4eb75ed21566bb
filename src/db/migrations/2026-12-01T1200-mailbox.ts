import { sql, type Kysely } from 'kysely';

/**
 * Issue 9, the complaints mailbox (004 §3, ADR 0011):
 * - `mailboxes`: an IMAP mailbox per organisation or unit; the password encrypted at rest (AES-256-GCM with a
 *   server secret), and the UID bookkeeping (`uidvalidity`, `last_uid`) advanced in the same transaction as the
 *   message it covers.
 * - `inbound_messages`: every message taken from a mailbox, once (Message-ID unique per organisation), with its
 *   original bytes; `status` triage | joined | converted | no_complaint.
 * Runs on PostgreSQL 15 and PGlite.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('mailboxes')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('organisation_id', 'uuid', (c) => c.notNull().references('organisations.id').onDelete('cascade'))
    .addColumn('unit_id', 'uuid', (c) => c.references('units.id').onDelete('cascade'))
    .addColumn('address', 'text', (c) => c.notNull())
    .addColumn('host', 'text', (c) => c.notNull())
    .addColumn('port', 'integer', (c) => c.notNull())
    .addColumn('tls', 'boolean', (c) => c.notNull().defaultTo(true))
    .addColumn('username', 'text', (c) => c.notNull())
    .addColumn('password_enc', 'text', (c) => c.notNull())
    .addColumn('folder', 'text', (c) => c.notNull().defaultTo('INBOX'))
    .addColumn('uidvalidity', 'bigint')
    .addColumn('last_uid', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('enabled', 'boolean', (c) => c.notNull().defaultTo(true))
    .addColumn('last_fetch_at', 'timestamptz')
    .addColumn('last_error', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex('mailboxes_organisation').on('mailboxes').column('organisation_id').execute();

  await db.schema
    .createTable('inbound_messages')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('organisation_id', 'uuid', (c) => c.notNull().references('organisations.id').onDelete('cascade'))
    .addColumn('mailbox_id', 'uuid', (c) => c.references('mailboxes.id').onDelete('set null'))
    .addColumn('unit_id', 'uuid', (c) => c.references('units.id').onDelete('set null'))
    .addColumn('message_id', 'text', (c) => c.notNull())
    .addColumn('uid', 'bigint')
    .addColumn('sent_at', 'timestamptz', (c) => c.notNull())
    .addColumn('from_address', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('from_name', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('subject', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('text', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('raw', 'bytea', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('complaint_id', 'uuid', (c) => c.references('complaints.id').onDelete('set null'))
    .addColumn('note', 'text')
    .addColumn('handled_by', 'uuid', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('handled_at', 'timestamptz')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint('inbound_messages_message_id', ['organisation_id', 'message_id'])
    .execute();
  await db.schema.createIndex('inbound_messages_status').on('inbound_messages').columns(['organisation_id', 'status']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('inbound_messages').execute();
  await db.schema.dropTable('mailboxes').execute();
}
