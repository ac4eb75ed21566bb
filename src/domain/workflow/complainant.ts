/**
 * What the complainant does on their own page (Mijn klacht, ADR 0012). Pure.
 *
 * The complainant is not a user and holds no product role. The one workflow action they take themselves is
 * `withdraw`: it is their complaint, so it is theirs to withdraw. None of the five seed regulations sets a
 * condition on that (no article names a withdrawal), so Klachtwijs adds none: the workflow table's own rule
 * holds (only while the procedure runs: new, in behandeling, opgeschort; never after a decision, a close or
 * an inadmissibility), with its schema and guard. The staff's `withdraw` ("Intrekking vastleggen") records a
 * withdrawal the complainant made elsewhere; this one is the complainant's own and says so in the event.
 */
import { applyAction, type ApplyActionRequest, type ApplyActionResult } from './apply.ts';
import { WORKFLOW } from './table.ts';

/** Actions the complainant may take on their own page. */
export const COMPLAINANT_ACTIONS = ['withdraw'] as const;
export type ComplainantAction = (typeof COMPLAINANT_ACTIONS)[number];

/** The actor roles stored with an event the complainant made (no user id). */
export const COMPLAINANT_ROLE = 'complainant';

/**
 * Checks and performs the complainant's own action. The product-role check does not apply (the complainant is
 * not staff); status, input schema and guard do, exactly as for staff. The event data says `byComplainant`.
 */
export function applyComplainantAction(req: Omit<ApplyActionRequest, 'actor' | 'action' | 'roleHolders'> & { action: ComplainantAction }): ApplyActionResult {
  const result = applyAction({ ...req, actor: { userId: '', roles: WORKFLOW[req.action].roles } });
  if (!result.ok) return result;
  return { ...result, event: { ...result.event, data: { ...result.event.data, byComplainant: true } } };
}

/** Whether the complainant may take the action now (for showing the button). */
export function complainantMay(req: Omit<ApplyActionRequest, 'actor' | 'action' | 'roleHolders' | 'input'> & { action: ComplainantAction }): boolean {
  const r = applyComplainantAction({ ...req, input: {} });
  return r.ok;
}
