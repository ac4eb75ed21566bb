import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import type { DB } from '../../db/types.ts';

/**
 * Reference numbers per organisation and year: `2026-0042`. One atomic upsert, so concurrent intakes
 * never share a number; a rolled-back intake leaves a gap, which is allowed.
 */
export async function nextReference(tx: Kysely<DB>, organisationId: string, year: number): Promise<string> {
  const row = await tx
    .insertInto('reference_counters')
    .values({ organisation_id: organisationId, year, last: 1 })
    .onConflict((oc) => oc.columns(['organisation_id', 'year']).doUpdateSet({ last: sql`reference_counters.last + 1` }))
    .returning('last')
    .executeTakeFirstOrThrow();
  return `${year}-${String(row.last).padStart(4, '0')}`;
}
