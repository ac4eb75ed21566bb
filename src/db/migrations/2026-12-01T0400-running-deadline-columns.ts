import { sql, type Kysely } from 'kysely';

/**
 * Cached columns for the running deadline (issue 7): which clock `next_due` is (`next_due_key`, a milestone
 * key such as `decision`), and whether the decision was taken late (`decided_late`, for the filter "te laat
 * afgehandeld"). Like every cached column they are derived from the events; `klachtwijs refold` fills them
 * for complaints registered before this migration.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('complaints').addColumn('next_due_key', 'text').execute();
  await db.schema
    .alterTable('complaints')
    .addColumn('decided_late', 'boolean', (c) => c.notNull().defaultTo(sql`false`))
    .execute();
  await db.schema.createIndex('complaints_org_decided_late').on('complaints').columns(['organisation_id', 'decided_late']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('complaints_org_decided_late').execute();
  await db.schema.alterTable('complaints').dropColumn('decided_late').execute();
  await db.schema.alterTable('complaints').dropColumn('next_due_key').execute();
}
