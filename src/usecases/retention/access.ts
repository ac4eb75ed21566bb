import type { Kysely } from 'kysely';
import type { DB } from '../../db/types.ts';
import { AppError } from '../../shared/errors.ts';
import type { Actor } from '../actor.ts';
import { theCoordinatorFor } from '../regulations/regulations.ts';

/**
 * Who watches the retention periods and destroys dossiers: the organisation-wide klachtencoördinator (004 §3: "Bewaken
 * van bewaartermijnen en zorgen voor vernietiging van klachtdossiers" is the klachtenfunctionaris' task, bound to the
 * coordinator role). A coordinator of one unit only cannot destroy dossiers of the whole organisation.
 */
export function mayManageRetention(actor: Pick<Actor, 'roles'>): boolean {
  return actor.roles.some((g) => g.role === 'coordinator' && g.unitId === null);
}

/** Refuses others, naming the coordinator as the organisation's regulation in force does ("de klachtencoördinator", 003). */
export async function requireRetentionOfficer(db: Kysely<DB>, actor: Pick<Actor, 'roles' | 'organisationId'>): Promise<void> {
  if (!mayManageRetention(actor)) {
    throw new AppError('not_permitted', `Alleen ${await theCoordinatorFor(db, actor.organisationId, { unitId: null })} van de hele organisatie bewaakt de bewaartermijnen en vernietigt dossiers.`);
  }
}
