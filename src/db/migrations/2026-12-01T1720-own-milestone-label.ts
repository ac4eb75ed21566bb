import type { Kysely } from 'kysely';

/**
 * Issue 12 (ADR 0026): the running deadline can be one of the regulation's own milestones
 * (`deadlines.milestones`), whose Dutch label lives in the regulation version, not in the code. The label is
 * cached beside `next_due_key` so lists and start pages show it without loading the regulation. Derived from
 * the events like every cached column; `klachtwijs refold` fills it for existing complaints (null there means:
 * the label of the standard key).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('complaints').addColumn('next_due_label', 'text').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('complaints').dropColumn('next_due_label').execute();
}
