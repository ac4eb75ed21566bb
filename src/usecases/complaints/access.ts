import type { ExpressionBuilder, Kysely } from 'kysely';
import type { DB } from '../../db/types.ts';
import { hasRole, unitsWithRole, type Actor } from '../actor.ts';

/**
 * Need-to-know (PRODUCT.md): coordinators see the complaints of their units, handlers those assigned to
 * them, intake users what they registered, board members and admins none (reports only); the person a
 * complaint is about never sees it. One rule, used by every query that reads complaints.
 */
export interface ComplaintScope {
  coordinatorUnits: string[];
  userId: string;
  handler: boolean;
  intake: boolean;
}

export async function complaintScope(db: Kysely<DB>, actor: Actor): Promise<ComplaintScope> {
  const units = await db.selectFrom('units').select(['id', 'parent_id']).where('organisation_id', '=', actor.organisationId).execute();
  return {
    coordinatorUnits: [...unitsWithRole(actor, units, 'coordinator')],
    userId: actor.userId,
    handler: hasRole(actor, 'handler', 'coordinator'),
    intake: hasRole(actor, 'intake', 'coordinator', 'handler'),
  };
}

/** A where-clause that keeps only the complaints the scope may see (always combined with the organisation). */
export function visibleTo(scope: ComplaintScope) {
  return (eb: ExpressionBuilder<DB, 'complaints'>) => {
    const ors = [];
    if (scope.coordinatorUnits.length) ors.push(eb('complaints.unit_id', 'in', scope.coordinatorUnits));
    if (scope.handler) ors.push(eb('complaints.handler_user_id', '=', scope.userId));
    if (scope.intake) ors.push(eb('complaints.registered_by', '=', scope.userId));
    if (!ors.length) return eb.val(false);
    // Nobody sees a dossier about themselves (Awb 9:7): not as coordinator, handler or registrar.
    return eb.and([eb.or(ors), eb.or([eb('complaints.respondent_user_id', 'is', null), eb('complaints.respondent_user_id', '!=', scope.userId)])]);
  };
}

/** May the actor act as coordinator on a complaint of this unit (the table decides which actions)? */
export function isCoordinatorFor(scope: ComplaintScope, unitId: string): boolean {
  return scope.coordinatorUnits.includes(unitId);
}
