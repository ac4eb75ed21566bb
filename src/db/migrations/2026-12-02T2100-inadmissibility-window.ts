import type { Kysely } from 'kysely';

/**
 * Lane pages2 (found walking the demo): the inadmissibility notice is a window, not a duty (002 art. 5.3, Awb 9:8).
 * A complaint nobody declared inadmissible in time counts as admissible, so that clock is no longer the running
 * deadline (`next_due`, `next_due_key`): the decision term is. The schema does not change; this migration is listed
 * in REFOLD_AFTER_MIGRATIONS (refold.ts) with the one clock it changes, so the server refolds, once after running it,
 * only the complaints whose cached running deadline is the inadmissibility notice (ADR 0006), and a new complaint
 * still waiting for intake leaves the "Te laat" lists.
 */
export async function up(_db: Kysely<any>): Promise<void> {
  // Nothing in the schema: the refold after this migration rewrites next_due / next_due_key.
}

export async function down(_db: Kysely<any>): Promise<void> {
  // Nothing to undo.
}
