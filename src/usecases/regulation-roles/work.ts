import { sql, type Kysely } from 'kysely';
import { foldFacts, roleLabel } from '../../domain/workflow/index.ts';
import type { DB } from '../../db/types.ts';
import type { Actor } from '../actor.ts';
import { complaintScope, visibleTo } from '../complaints/access.ts';
import { loadHistory, loadRegulation, today } from '../complaints/dossier.ts';
import { complaintPeople, loadOrganisationRoles, rolesHeld } from './world.ts';

export interface RegulationWorkItem {
  id: string;
  reference: string;
  subject: string | null;
  /** Dutch name of the role the complaint was handed over to / put to. */
  roleLabel: string;
}

/**
 * The start page's work from the regulation's roles: open complaints handed over to a role the user holds
 * ("Bij u neergelegd") and complaints put to a role the user holds for advice that is not given yet
 * ("Aan u voorgelegd voor overleg": a consult step is an overleg, 003 "Behandeling van de klacht"). Need-to-know holds: only complaints the user may see.
 */
export async function regulationWork(db: Kysely<DB>, actor: Actor, now?: Date): Promise<{ handedOver: RegulationWorkItem[]; advice: RegulationWorkItem[] }> {
  const scope = await complaintScope(db, actor, now);
  if (scope.byRegulation.length === 0) return { handedOver: [], advice: [] };
  const rows = await db
    .selectFrom('complaints')
    .select(['id', 'reference', 'subject', 'unit_id', 'respondent_user_id', 'handler_user_id', 'registered_by', 'regulation_version_id', 'handed_to_role', 'consulted_roles'])
    .where('organisation_id', '=', actor.organisationId)
    .where('status', 'in', ['new', 'in_progress', 'suspended'])
    .where((eb) => eb.or([eb('handed_to_role', 'is not', null), eb(eb.fn('jsonb_array_length', ['consulted_roles']), '>', 0)]))
    // The same condition again in the words of the partial index `complaints_regulation_roles` (T2000; `consulted_roles`
    // is never null and always an array, so `<> '[]'` is `jsonb_array_length(…) > 0`): the planner proves that index
    // from it and estimates the condition from the column's statistics. With the length alone (no statistics: a guess
    // of a third of the rows) it read a handler's need-to-know arms instead, at a million complaints 17,000 rows of the
    // unit and 5,800 buffers for none shown (~40 ms), against one index page now (issue 13, lane startpage).
    .where(sql<boolean>`(handed_to_role is not null or consulted_roles <> '[]'::jsonb)`)
    .where(visibleTo(scope))
    .orderBy('received_on')
    .limit(100)
    .execute();
  const org = await loadOrganisationRoles(db, actor.organisationId, today(now));
  const handedOver: RegulationWorkItem[] = [];
  const advice: RegulationWorkItem[] = [];
  for (const row of rows) {
    const { policy } = await loadRegulation(db, actor.organisationId, row.regulation_version_id);
    const held = rolesHeld(org, policy, actor.userId, complaintPeople(org, row));
    if (row.handed_to_role && held.includes(row.handed_to_role)) {
      handedOver.push({ id: row.id, reference: row.reference, subject: row.subject, roleLabel: roleLabel(policy, row.handed_to_role) });
    }
    if (row.consulted_roles.some((r) => held.includes(r))) {
      const facts = foldFacts(await loadHistory(db, row.id));
      const waiting = facts.consultations.find((c) => c.advice === null && held.includes(c.role));
      if (waiting) advice.push({ id: row.id, reference: row.reference, subject: row.subject, roleLabel: roleLabel(policy, waiting.role) });
    }
  }
  return { handedOver, advice };
}
