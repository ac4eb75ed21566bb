import { sql, type Kysely } from 'kysely';

/**
 * Lane periods (found walking the demo): the report's row "Beslissing, uiterlijk na verlenging" counted a complaint
 * never extended as decided "op tijd" when it was decided after its term but before the latest day a maximum extension
 * could have reached. That day is a bound, not a term (Awb 9:11 lid 2; after an extension the decision term itself is
 * the extended day), so the anonymous statistical record no longer keeps it (STATISTICS_TERM_KEYS, ADR 0015 addendum).
 * The stored records lose exactly that one key: what a refold would write for them, without reading a million
 * histories (the other terms do not change). A report already made final keeps its frozen figures.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`update complaint_statistics set terms = terms - 'decisionMaxExtended' where terms ? 'decisionMaxExtended'`.execute(db);
}

export async function down(_db: Kysely<any>): Promise<void> {
  // Nothing to undo: a refold on the older code would write the key again.
}
