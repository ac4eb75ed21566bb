import type { ExpressionBuilder, Kysely } from 'kysely';
import { notFound } from '../../shared/errors.ts';
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

export const NOT_VISIBLE = 'Deze klacht bestaat niet of u heeft er geen toegang toe.';

/**
 * Locks one complaint the actor may see (`FOR UPDATE`, inside the caller's transaction) and returns the
 * columns a change needs; a complaint outside need-to-know is a 404, like a missing one.
 */
export async function lockVisibleComplaint(tx: Kysely<DB>, organisationId: string, scope: ComplaintScope, complaintId: string) {
  const complaint = await tx
    .selectFrom('complaints')
    .select(['id', 'reference', 'unit_id', 'handler_user_id', 'registered_by', 'regulation_version_id', 'last_seq', 'status'])
    .where('id', '=', complaintId)
    .where('organisation_id', '=', organisationId)
    .where(visibleTo(scope))
    .forUpdate()
    .executeTakeFirst();
  if (!complaint) throw notFound(NOT_VISIBLE);
  return complaint;
}
