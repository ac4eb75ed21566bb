import type { Kysely } from 'kysely';
import type { DB } from '../../db/types.ts';
import { ATTACHMENTS_ADDED_EVENT, isOpenStatus, type Status } from '../../domain/workflow/index.ts';
import { AppError, notFound, validationFailed } from '../../shared/errors.ts';
import { isUuid } from '../../shared/validation.ts';
import type { Actor } from '../actor.ts';
import { audit } from '../audit.ts';
import { complaintScope, lockVisibleComplaint, NOT_VISIBLE } from './access.ts';
import { attachmentProblems, storeAttachments, type AttachmentInput } from './attachments.ts';
import { appendEvent, inTransaction } from './dossier.ts';
import { theCoordinatorFor } from '../regulations/regulations.ts';
import { rolesOnComplaint } from './perform-action.ts';

/** The history event type of documents added to a dossier after registration (correspondence, a hearing report, an OKC ruling …). */
export const ATTACHMENTS_ADDED = ATTACHMENTS_ADDED_EVENT;

/**
 * Adds documents to a dossier (004 §5: the complaint, correspondence, the external body's documents all join
 * the dossier) and appends one history event naming them, in one transaction with the audit line. Anyone who
 * holds a role on the complaint may add documents, also after it was closed.
 */
export async function addAttachments(db: Kysely<DB>, actor: Actor, complaintId: string, files: AttachmentInput[], note?: string, opts: { now?: Date } = {}): Promise<{ seq: number; count: number }> {
  if (!isUuid(complaintId)) throw notFound(NOT_VISIBLE);
  if (!files.length) throw validationFailed([{ field: 'attachments', message: 'Kies een of meer bestanden.' }]);
  const problems = attachmentProblems(files);
  if (problems.length) throw validationFailed(problems);
  const now = opts.now ?? new Date();
  const scope = await complaintScope(db, actor);
  return inTransaction(db, async (tx) => {
    const complaint = await lockVisibleComplaint(tx, actor.organisationId, scope, complaintId);
    const roles = rolesOnComplaint(actor, scope, complaint);
    if (!roles.length) throw new AppError('not_permitted', 'U kunt aan deze klacht geen stukken toevoegen.');
    if (!isOpenStatus(complaint.status as Status) && !roles.includes('coordinator')) {
      throw new AppError('not_permitted', `Deze klacht is afgehandeld. Alleen ${await theCoordinatorFor(tx, actor.organisationId, { versionId: complaint.regulation_version_id })} voegt nog stukken toe.`);
    }
    const before = await tx.selectFrom('complaint_attachments').select('id').where('complaint_id', '=', complaint.id).execute();
    await storeAttachments(tx, actor.organisationId, complaint.id, files, actor.userId);
    const added = await tx
      .selectFrom('complaint_attachments')
      .select(['id', 'filename'])
      .where('complaint_id', '=', complaint.id)
      .where('id', 'not in', before.length ? before.map((b) => b.id) : ['00000000-0000-0000-0000-000000000000'])
      .execute();
    const seq = complaint.last_seq + 1;
    await appendEvent(tx, { organisationId: actor.organisationId, complaintId: complaint.id, seq, type: ATTACHMENTS_ADDED, at: now, actorUserId: actor.userId, actorRoles: roles, data: { files: added.map((a) => ({ id: a.id, filename: a.filename })), ...(note ? { note } : {}), after: { status: complaint.status } } });
    await tx.updateTable('complaints').set({ last_seq: seq, updated_at: now }).where('id', '=', complaint.id).execute();
    await audit(tx, { organisationId: actor.organisationId, actorUserId: actor.userId, action: 'complaint.attachments_added', subjectType: 'complaint', subjectId: complaint.id, details: { seq, count: added.length } });
    return { seq, count: added.length };
  });
}
