/**
 * What the complainant does on their own page (Mijn klacht, ADR 0012). Pure.
 *
 * The complainant is not a user and holds no product role. The one workflow action they take themselves is
 * `withdraw`: it is their complaint, so it is theirs to withdraw. None of the five seed regulations sets a
 * condition on that (no article names a withdrawal), so Klachtwijs adds none: the workflow table's own rule
 * holds (only while the procedure runs: new, in behandeling, opgeschort; never after a decision, a close or
 * an inadmissibility), with its schema and guard. The staff's `withdraw` ("Intrekking vastleggen") records a
 * withdrawal the complainant made elsewhere; this one is the complainant's own and says so in the event.
 *
 * The second is `request-judgement` where the regulation lets the complainant ask for a judgement (the Wkkgz model
 * art. 5.2: "wil de klager een oordeel, dan geeft de zorgaanbieder dat oordeel"; a committee that judges on request):
 * the request is the complainant's to make, so the page offers it (walkthrough: the page did not say it could be asked
 * at all). The table's precondition decides (judgementRequestable: the regulation has it, not asked yet), and the
 * event says it came through Mijn klacht.
 */
import { applyAction, type ApplyActionRequest, type ApplyActionResult } from './apply.ts';
import { WORKFLOW } from './table.ts';

/** Actions the complainant may take on their own page. */
export const COMPLAINANT_ACTIONS = ['withdraw', 'request-judgement'] as const;
export type ComplainantAction = (typeof COMPLAINANT_ACTIONS)[number];

/** How a request the complainant made on their own page came in (the `via` of `request-judgement`). */
export const VIA_COMPLAINANT_PAGE = 'Mijn klacht (door de klager zelf)';

/** The input the complainant's action takes at least (for `complainantMay`). */
const MINIMAL_INPUT: Record<ComplainantAction, Record<string, unknown>> = { withdraw: {}, 'request-judgement': { via: VIA_COMPLAINANT_PAGE } };

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
  const r = applyComplainantAction({ ...req, input: MINIMAL_INPUT[req.action] });
  return r.ok;
}
