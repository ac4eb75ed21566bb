import { sql, type Kysely } from 'kysely';

/**
 * Issue 12, lane models (ADR 0027): the organisation states once which legal frameworks apply to it (Awb hoofdstuk 9,
 * Wkkgz, Wmo 2015, Jeugdwet). NULL: not stated yet (the set-up checklist asks); `[]`: stated that none applies.
 * The legal check and the rules marked as law follow it.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table organisations add column legal_frameworks jsonb`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`alter table organisations drop column if exists legal_frameworks`.execute(db);
}
