import { sql, type Kysely } from 'kysely';

/**
 * Issue 12 (ADR 0026): the regulation roles that see a complaint because the procedure reached them: the
 * klachtencommissie's members once the complaint is forwarded to it (`committee.role`), and the role that writes the
 * organisation's response once the judgement is recorded (the `by` of the own milestone met by `responded`). Derived
 * from the events like every cached column; need-to-know (access.ts) lets their holders in the complaint's units read it.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('complaints').addColumn('procedure_roles', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`)).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('complaints').dropColumn('procedure_roles').execute();
}
