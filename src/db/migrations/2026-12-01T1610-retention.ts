import { sql, type Kysely } from 'kysely';

/**
 * Issue 11, retention and destruction (ADR 0019):
 * - `complaints.legal_framework` / `complaints.client_relation_ended_on`: recorded by the coordinator on the dossier,
 *   so a regulation's period per legal framework and "as the client file" (004 §3 footnote 1) can be applied.
 * - `destruction_records`: what was destroyed, without personal data: the reference, the kind, the unit, the months of
 *   receipt and closing, the date it fell due and its basis, who approved (a staff user, or the organisation's automatic
 *   destruction), when. One per reference: destroying is idempotent.
 * The dossier itself is deleted (its history, attachments, letters, mails, links and notifications cascade); the
 * anonymous `complaint_statistics` row stays (complaint_id set null).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('complaints').addColumn('legal_framework', 'text').execute();
  await db.schema.alterTable('complaints').addColumn('client_relation_ended_on', 'date').execute();
  await db.schema
    .createTable('destruction_records')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('organisation_id', 'uuid', (c) => c.notNull().references('organisations.id').onDelete('cascade'))
    .addColumn('reference', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('unit_id', 'uuid', (c) => c.references('units.id').onDelete('set null'))
    .addColumn('received_month', 'text', (c) => c.notNull())
    .addColumn('closed_month', 'text')
    .addColumn('destroy_after', 'date', (c) => c.notNull())
    .addColumn('basis', 'text', (c) => c.notNull())
    .addColumn('approved_by', 'uuid', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('approval', 'text', (c) => c.notNull().check(sql`approval in ('page', 'cli', 'automatic')`))
    .addColumn('destroyed_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint('destruction_records_org_reference', ['organisation_id', 'reference'])
    .execute();
  await db.schema.createIndex('destruction_records_org_at').on('destruction_records').columns(['organisation_id', 'destroyed_at']).execute();
  // Destroying a dossier deletes (or cascades to) these rows by complaint: without an index each would scan its table.
  await db.schema.createIndex('notifications_complaint').on('notifications').column('complaint_id').execute();
  await db.schema.createIndex('inbound_messages_complaint').on('inbound_messages').column('complaint_id').execute();
  await db.schema.createIndex('retention_holds_complaint').on('retention_holds').column('complaint_id').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('retention_holds_complaint').execute();
  await db.schema.dropIndex('inbound_messages_complaint').execute();
  await db.schema.dropIndex('notifications_complaint').execute();
  await db.schema.dropTable('destruction_records').execute();
  await db.schema.alterTable('complaints').dropColumn('client_relation_ended_on').execute();
  await db.schema.alterTable('complaints').dropColumn('legal_framework').execute();
}
