import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/types.ts';
import { hasRole, type Actor } from '../actor.ts';
import { complaintScope, visibleTo } from './access.ts';

/**
 * Whether the coordinator may see at least one complaint that was decided after its term (`decided_late`): the start
 * page links to "Klachten die te laat zijn afgehandeld" only then, and says so when there are none (a bare link over an
 * empty list read as a heading without content). Need-to-know as in the list (`visibleTo`). One statement that stops at
 * the first match, read from the partial index of the list's filter (complaints_list_decided_late, T1840); the scope is
 * the page's one read of it (read-memo.ts). Null for who is no coordinator (the page shows nothing then).
 */
export async function anyDecidedLate(db: Kysely<DB>, actor: Actor): Promise<boolean | null> {
  if (!hasRole(actor, 'coordinator')) return null;
  const scope = await complaintScope(db, actor);
  const row = await db
    .selectFrom('complaints')
    .select(sql<number>`1`.as('one'))
    .where('complaints.organisation_id', '=', actor.organisationId)
    .where('complaints.decided_late', '=', true)
    .where(visibleTo(scope))
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}
