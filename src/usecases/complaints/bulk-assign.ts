import type { Kysely } from 'kysely';
import type { DB } from '../../db/types.ts';
import { AppError, validationFailed } from '../../shared/errors.ts';
import { isUuid } from '../../shared/validation.ts';
import type { Actor } from '../actor.ts';
import { complaintScope, NOT_VISIBLE, visibleTo } from './access.ts';
import { performAction } from './perform-action.ts';

export interface BulkAssignResult {
  id: string;
  /** null: a complaint the actor may not see (or that does not exist); it is named by nothing. */
  reference: string | null;
  ok: boolean;
  /** Dutch: why it was refused (null when it succeeded). */
  message: string | null;
}

/** The most complaints one bulk assignment takes. */
export const BULK_MAX = 200;

/**
 * Assigns one handler to several complaints. Each assignment is the normal `assign` action (performAction):
 * its own transaction, its gates (role, status, the regulation), its event and audit line. One refusal
 * does not stop the others; the result says per complaint what happened and why.
 */
export async function assignMany(db: Kysely<DB>, actor: Actor, rawIds: unknown, handlerUserId: unknown, opts: { now?: Date } = {}): Promise<BulkAssignResult[]> {
  const ids = [...new Set((Array.isArray(rawIds) ? rawIds : rawIds === undefined ? [] : [rawIds]).filter((x): x is string => typeof x === 'string' && x !== ''))];
  const problems = [];
  if (!ids.length) problems.push({ field: 'ids', message: 'Kies eerst een of meer klachten in de lijst.' });
  if (ids.length > BULK_MAX) problems.push({ field: 'ids', message: `Kies hoogstens ${BULK_MAX} klachten tegelijk.` });
  if (typeof handlerUserId !== 'string' || !handlerUserId) problems.push({ field: 'handlerUserId', message: 'Kies een behandelaar.' });
  if (problems.length) throw validationFailed(problems);
  const scope = await complaintScope(db, actor, opts.now);
  const valid = ids.filter(isUuid);
  const refs = valid.length
    ? await db.selectFrom('complaints').select(['id', 'reference']).where('organisation_id', '=', actor.organisationId).where('id', 'in', valid).where(visibleTo(scope)).execute()
    : [];
  const referenceOf = new Map(refs.map((r) => [r.id, r.reference]));
  const out: BulkAssignResult[] = [];
  for (const id of ids) {
    try {
      const done = await performAction(db, actor, id, 'assign', { handlerUserId }, opts);
      out.push({ id, reference: done.reference, ok: true, message: null });
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      const fieldMessages = err.fields?.map((f) => f.message).join(' ') ?? '';
      out.push({ id, reference: referenceOf.get(id) ?? null, ok: false, message: err.code === 'not_found' ? NOT_VISIBLE : fieldMessages || err.message });
    }
  }
  return out;
}
