import type { AppError } from '../shared/errors.ts';
import { canSee } from '../usecases/complaints/access.ts';
import { recordSecurityEvent } from '../usecases/security/events.ts';
import { clientAddress } from './client-address.ts';
import type { AppContext } from './context.ts';

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;
/** The dossier a path is about: `/klachten/{id}…` (pages) or `/api/v1/complaints/{id}…` (API). */
const DOSSIER_PATH = /^\/(?:klachten|api\/v1\/complaints)\/([0-9a-f-]{36})(?:\/|$)/i;
const ACTION_PATH = /\/actions\/([a-z-]+)$/;

/**
 * Leaves a trace of a refusal (security review, issue 11), after the answer is decided and without changing it:
 * - a dossier the actor may not see answers 404 like a missing one, and is recorded as `access_refused` (only when
 *   the dossier exists in the actor's organisation and need-to-know hides it: a mistyped id is not a refusal);
 * - a page or list the actor's roles do not open (`forbidden`) is `access_refused` too;
 * - a refused action on a visible dossier (403 `not_permitted`) is `action_refused`, with the action's name.
 * The detail holds ids and codes only. A failure to record never changes the answer.
 */
export async function recordRefusal(c: AppContext, err: AppError): Promise<void> {
  const actor = c.get('actor');
  if (!actor) return;
  const { db, logger } = c.get('deps');
  const path = c.req.path;
  const dossier = DOSSIER_PATH.exec(path)?.[1];
  const base = { organisationId: actor.organisationId, userId: actor.userId, clientAddress: clientAddress(c) };
  try {
    if (err.code === 'not_permitted') {
      const action = ACTION_PATH.exec(path)?.[1] ?? c.req.param('action');
      await recordSecurityEvent(db, { ...base, kind: 'action_refused', detail: { method: c.req.method, route: c.req.routePath, ...(dossier ? { complaintId: dossier } : {}), ...(action ? { action } : {}) } });
    } else if (err.code === 'forbidden') {
      await recordSecurityEvent(db, { ...base, kind: 'access_refused', detail: { method: c.req.method, route: c.req.routePath, ...(dossier ? { complaintId: dossier } : {}) } });
    } else if (err.code === 'not_found' && dossier && UUID.test(dossier)) {
      const exists = await db.selectFrom('complaints').select('id').where('id', '=', dossier).where('organisation_id', '=', actor.organisationId).executeTakeFirst();
      if (exists && !(await canSee(db, actor, dossier))) await recordSecurityEvent(db, { ...base, kind: 'access_refused', detail: { method: c.req.method, route: c.req.routePath, complaintId: dossier } });
    }
  } catch (e) {
    logger.warn({ err: { name: (e as Error).name, message: (e as Error).message } }, 'could not record a security event');
  }
}
