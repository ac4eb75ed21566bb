import { sql, type Kysely } from 'kysely';

/**
 * Issue 11, privacy (ADR 0020): `privacy_requests`, the register of the complainant's AVG requests.
 * - kind: access (art. 15) | correction (art. 16) | erasure (art. 17) | restriction (art. 18) | objection (art. 21)
 * - the requester as typed (name, e-mail, phone): personal data of a live request, kept with it
 * - the dossiers concerned (complaint ids, jsonb array), the answer's due date (AVG art. 12(3): one month,
 *   extendable by two months: `extended_to`), status open | granted | partly_granted | refused | answered,
 *   the decision's reasoning, per dossier for an erasure request (`dossier_outcomes`: erase or keep, weighed
 *   against the retention duty, art. 17(3)(b)/(e)), the letter text to the requester, who decided and when
 * - `hold_ids`: the `avg_request` retention holds the open request placed (lifted when it is answered).
 * Runs on PostgreSQL 15 and PGlite.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('privacy_requests')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('organisation_id', 'uuid', (c) => c.notNull().references('organisations.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('access', 'correction', 'erasure', 'restriction', 'objection')`))
    .addColumn('received_on', 'date', (c) => c.notNull())
    .addColumn('due_on', 'date', (c) => c.notNull())
    .addColumn('extended_to', 'date')
    .addColumn('requester_name', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('requester_email', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('requester_phone', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('complaint_ids', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn('hold_ids', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn('status', 'text', (c) =>
      c.notNull().defaultTo('open').check(sql`status in ('open', 'granted', 'partly_granted', 'refused', 'answered')`),
    )
    .addColumn('dossier_outcomes', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn('decision_reason', 'text')
    .addColumn('letter_text', 'text')
    .addColumn('created_by', 'uuid', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('decided_by', 'uuid', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('decided_at', 'timestamptz')
    .execute();
  await db.schema.createIndex('privacy_requests_org').on('privacy_requests').columns(['organisation_id', 'received_on']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('privacy_requests').execute();
}
