import { AppError } from '../../shared/errors.ts';
import type { Actor } from '../actor.ts';

/**
 * Who watches the retention periods and destroys dossiers: the organisation-wide klachtencoördinator (004 §3: "Bewaken
 * van bewaartermijnen en zorgen voor vernietiging van klachtdossiers" is the klachtenfunctionaris' task, bound to the
 * coordinator role). A coordinator of one unit only cannot destroy dossiers of the whole organisation.
 */
export function mayManageRetention(actor: Pick<Actor, 'roles'>): boolean {
  return actor.roles.some((g) => g.role === 'coordinator' && g.unitId === null);
}

export function requireRetentionOfficer(actor: Pick<Actor, 'roles'>): void {
  if (!mayManageRetention(actor)) {
    throw new AppError('not_permitted', 'Alleen de klachtenfunctionaris van de hele organisatie bewaakt de bewaartermijnen en vernietigt dossiers.');
  }
}
