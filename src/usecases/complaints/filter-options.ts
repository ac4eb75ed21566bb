import type { Kysely } from 'kysely';
import type { DB } from '../../db/types.ts';
import { type Actor, HANDLING_ROLES, hasRole, subtreeOf, unitsWithRole } from '../actor.ts';
import { activeHandlers } from '../users/users.ts';
import { organisationUnits } from '../units/units.ts';
import { OPEN_STATUSES } from '../../domain/workflow/index.ts';
import { complaintScope, visibleTo } from './access.ts';

export interface ListFilterOptions {
  /** The units the "Eenheid" filter offers; null: every unit of the organisation. */
  unitIds: Set<string> | null;
  /** The "Behandelaar" filter's options. */
  handlers: { id: string; name: string }[];
}

/**
 * What the complaint list's filters offer (walking the demo: a handler of one team was offered every unit and every
 * colleague of the organisation, most of which filter to nothing he may see). Options follow the actor's need-to-know
 * scope without reading the complaints it covers (issue 13: a distinct over a team's 17,000 complaints took 74 ms at a
 * million; the statements here read roles, units, and at most the complaints the actor handles):
 * - the klachtenfunctionaris of every unit: every unit and every active handler or coordinator, as before;
 * - anyone else: the units whose complaints their scope shows (coordinator of a unit, a regulation role that sees a
 *   unit's complaints or holds a handover there), the units of their own roles (where they register and handle), and
 *   the units of the complaints assigned to them; as handlers themselves (when they handle) and the colleagues whose
 *   handler or coordinator role covers a unit whose complaints they see whole (their names are in the list's rows
 *   there), and for the intake desk the handlers of the open complaints it registered (the rows it sees; walking the
 *   demo the desk's list showed Bram as handler while the filter offered nobody). Nobody else's name. A coordinator of some units keeps every active handler: the same list is the bulk
 *   assignment's ("Toewijzen aan behandelaar"), and any handler of the organisation may be assigned (perform-action.ts).
 */
export async function listFilterOptions(db: Kysely<DB>, actor: Actor): Promise<ListFilterOptions> {
  const scope = await complaintScope(db, actor);
  if (scope.coordinatorOfAll) return { unitIds: null, handlers: await activeHandlers(db, actor.organisationId) };
  const units = await organisationUnits(db, actor.organisationId);
  // Units whose complaints the scope shows whole.
  const whole = new Set([...scope.coordinatorUnits, ...scope.byRegulation.flatMap((r) => r.units)]);
  const unitIds = new Set([...whole, ...scope.byRegulation.flatMap((r) => r.held.flatMap((h) => h.units)), ...unitsWithRole(actor, units, 'handler', 'intake', 'coordinator')]);
  const coordinator = hasRole(actor, 'coordinator');
  const [assigned, staff, registered] = await Promise.all([
    scope.handler
      ? db
          .selectFrom('complaints')
          .select('complaints.unit_id')
          .distinct()
          .where('complaints.organisation_id', '=', actor.organisationId)
          .where('complaints.handler_user_id', '=', actor.userId)
          .execute()
      : Promise.resolve([]),
    coordinator || !(whole.size || scope.handler)
      ? Promise.resolve([])
      : db
          .selectFrom('users')
          .innerJoin('role_assignments as r', 'r.user_id', 'users.id')
          .select(['users.id', 'users.name', 'r.unit_id'])
          .where('users.organisation_id', '=', actor.organisationId)
          .where('users.disabled_at', 'is', null)
          .where('r.role', 'in', HANDLING_ROLES)
          .orderBy('users.name')
          .orderBy('users.id')
          .execute(),
    // The registrar's own open complaints (index complaints_registrar_open_due), within the scope like the list's rows.
    scope.intake && !coordinator
      ? db
          .selectFrom('complaints')
          .innerJoin('users', 'users.id', 'complaints.handler_user_id')
          .select(['users.id', 'users.name'])
          .distinct()
          .where('complaints.organisation_id', '=', actor.organisationId)
          .where('complaints.registered_by', '=', actor.userId)
          .where('complaints.status', 'in', [...OPEN_STATUSES])
          .where(visibleTo(scope))
          .execute()
      : Promise.resolve([]),
  ]);
  for (const a of assigned) unitIds.add(a.unit_id);
  if (coordinator) return { unitIds, handlers: await activeHandlers(db, actor.organisationId) };
  const handlers = new Map<string, string>();
  for (const s of staff) {
    const covers = s.unit_id === null ? whole.size > 0 : [...subtreeOf(units, [s.unit_id])].some((u) => whole.has(u));
    if ((s.id === actor.userId && scope.handler) || covers) handlers.set(s.id, s.name);
  }
  if (!registered.length) return { unitIds, handlers: [...handlers].map(([id, name]) => ({ id, name })) };
  for (const r of registered) handlers.set(r.id, r.name);
  const sorted = [...handlers].sort(([ia, a], [ib, b]) => (a < b ? -1 : a > b ? 1 : ia < ib ? -1 : ia > ib ? 1 : 0));
  return { unitIds, handlers: sorted.map(([id, name]) => ({ id, name })) };
}
