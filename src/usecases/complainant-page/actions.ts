import { writeStatistics } from '../reports/statistics.ts';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/types.ts';
import { afterOf, COMPLAINANT_ADDED_INFORMATION_EVENT, foldFacts, type ComplaintFacts } from '../../domain/workflow/index.ts';
import { applyComplainantAction, COMPLAINANT_ROLE, VIA_COMPLAINANT_PAGE, type ComplainantAction } from '../../domain/workflow/complainant.ts';
import { AppError, validationFailed, type FieldIssue } from '../../shared/errors.ts';
import { audit } from '../audit.ts';
import { attachmentProblems, storeAttachments, type AttachmentInput } from '../complaints/attachments.ts';
import { appendEvent, cachedColumns, inTransaction, loadHistory, loadRegulation, today } from '../complaints/dossier.ts';
import { dropPendingUploads, pendingUploadContents } from '../complaints/pending-uploads.ts';
import { queueFor } from '../../jobs/queue.ts';
import type { NotificationKind } from '../notifications/kinds.ts';
import { notifyAboutComplaint } from '../notifications/notify.ts';

/**
 * What the complainant does on their own page (Mijn klacht, ADR 0012), each in one transaction: lock the
 * complaint, append a literal history event (actor: the complainant, no user id), refresh the cached columns,
 * audit (ids only). The staff hear of it through the notifications of the notify lane.
 */

export const MAX_INFORMATION_LENGTH = 10_000;

interface LinkTarget {
  organisationId: string;
  complaintId: string;
  linkId: string;
}

async function lockComplaint(tx: Kysely<DB>, t: LinkTarget) {
  const row = await tx
    .selectFrom('complaints')
    .selectAll()
    .where('id', '=', t.complaintId)
    .where('organisation_id', '=', t.organisationId)
    .forUpdate()
    .executeTakeFirst();
  if (!row) throw new AppError('not_found', 'Niet gevonden.');
  return row;
}

/** Problems with what the complainant typed (`hasFiles`: files were chosen or are held for the form). */
export function textProblems(text: string, hasFiles: boolean): FieldIssue[] {
  const problems: FieldIssue[] = [];
  if (!text.trim() && !hasFiles) problems.push({ field: 'text', message: 'Schrijf wat u wilt toevoegen, of kies een bestand.' });
  if (text.length > MAX_INFORMATION_LENGTH) problems.push({ field: 'text', message: `Uw tekst is te lang. Gebruik hoogstens ${MAX_INFORMATION_LENGTH} tekens, of voeg een bestand toe.` });
  return problems;
}

/**
 * The complainant adds information and/or documents. Files chosen before on the same form are held against the
 * form's key (pending uploads, ADR 0009) and join here. Allowed in every status but withdrawn: what the complainant
 * sends is part of the dossier (004 §5); what it means for the procedure is for the organisation to judge.
 */
export async function addComplainantInformation(
  db: Kysely<DB>,
  t: LinkTarget,
  req: { text: string; files?: AttachmentInput[]; pendingFormKey?: string },
  opts: { now?: Date } = {},
): Promise<{ seq: number; files: number }> {
  const now = opts.now ?? new Date();
  const text = req.text.trim();
  const jobs = await queueFor(db);
  return inTransaction(db, async (tx) => {
    const complaint = await lockComplaint(tx, t);
    // Withdrawn: the procedure ended at the complainant's own wish; nothing is handled any more.
    if (complaint.status === 'withdrawn') throw new AppError('invalid_transition', 'U heeft deze klacht ingetrokken. U kunt er geen informatie meer aan toevoegen.');
    const pending = req.pendingFormKey ? await pendingUploadContents(tx, t.organisationId, req.pendingFormKey, now) : [];
    const files = [...pending, ...(req.files ?? [])];
    const problems = [...textProblems(text, files.length > 0), ...attachmentProblems(files)];
    if (problems.length) throw validationFailed(problems);
    const before = await tx.selectFrom('complaint_attachments').select('id').where('complaint_id', '=', complaint.id).execute();
    if (files.length) await storeAttachments(tx, t.organisationId, complaint.id, files, null);
    if (req.pendingFormKey) await dropPendingUploads(tx, t.organisationId, req.pendingFormKey);
    const added = files.length
      ? await tx
          .selectFrom('complaint_attachments')
          .select(['id', 'filename'])
          .where('complaint_id', '=', complaint.id)
          .where('id', 'not in', before.length ? before.map((b) => b.id) : ['00000000-0000-0000-0000-000000000000'])
          .orderBy('created_at')
          .execute()
      : [];
    const seq = complaint.last_seq + 1;
    await appendEvent(tx, { organisationId: t.organisationId, complaintId: complaint.id, seq, type: COMPLAINANT_ADDED_INFORMATION_EVENT, at: now, actorUserId: null, actorRoles: [COMPLAINANT_ROLE], data: { ...(text ? { text } : {}), files: added.map((a) => ({ id: a.id, filename: a.filename })), after: { status: complaint.status } } });
    await tx.updateTable('complaints').set({ last_seq: seq, updated_at: now }).where('id', '=', complaint.id).execute();
    await audit(tx, { organisationId: t.organisationId, actorUserId: null, action: 'complainant_page.information_added', subjectType: 'complaint', subjectId: complaint.id, details: { seq, files: added.length, link: t.linkId } });
    await notifyAboutComplaint(tx, jobs, { organisationId: t.organisationId, kind: 'complainant_added', complaintId: complaint.id });
    return { seq, files: added.length };
  });
}

/**
 * The complainant withdraws the complaint: the workflow's `withdraw`, taken by the complainant themselves
 * (domain/workflow/complainant.ts). Only while the procedure runs; afterwards a 409 with a plain reason.
 */
export async function withdrawByComplainant(db: Kysely<DB>, t: LinkTarget, req: { reason?: string }, opts: { now?: Date } = {}): Promise<{ seq: number }> {
  const reason = req.reason?.trim() ?? '';
  return takeComplainantAction(db, t, {
    action: 'withdraw',
    input: reason ? { reason } : {},
    refused: (facts) => (facts.status === 'withdrawn' ? 'U heeft deze klacht al ingetrokken.' : 'Deze klacht is al afgehandeld. U kunt hem niet meer intrekken.'),
    audit: 'complainant_page.withdrawn',
    notify: 'complainant_withdrew',
  }, opts.now);
}

export const MAX_JUDGEMENT_NOTE_LENGTH = 2000;

/**
 * The complainant asks for a judgement (the workflow's `request-judgement`, domain/workflow/complainant.ts), where the
 * regulation lets them (Wkkgz model art. 5.2). Only once and while the procedure runs; otherwise a 409 with a plain
 * reason. The handler (or the coordinators) hear of it.
 */
export async function requestJudgementByComplainant(db: Kysely<DB>, t: LinkTarget, req: { note?: string }, opts: { now?: Date } = {}): Promise<{ seq: number }> {
  const note = req.note?.trim() ?? '';
  if (note.length > MAX_JUDGEMENT_NOTE_LENGTH) throw validationFailed([{ field: 'note', message: `Uw tekst is te lang. Gebruik hoogstens ${MAX_JUDGEMENT_NOTE_LENGTH} tekens.` }]);
  return takeComplainantAction(db, t, {
    action: 'request-judgement',
    input: { via: VIA_COMPLAINANT_PAGE, ...(note ? { note } : {}) },
    refused: (facts) => (facts.judgementRequested ? 'U heeft al om een oordeel gevraagd.' : 'Om een oordeel vragen kan bij deze klacht niet (meer).'),
    audit: 'complainant_page.judgement_requested',
    notify: 'complainant_requested_judgement',
  }, opts.now);
}

/**
 * One of the workflow's actions taken by the complainant (COMPLAINANT_ACTIONS), as the staff's perform-action takes one:
 * the table decides, the event is appended with the status it leads to, the cached columns and the statistics follow the
 * new facts; then the audit row (ids only) and the staff's notification. A refusal by the table is a 409 with `refused`'s
 * plain reason.
 */
async function takeComplainantAction(
  db: Kysely<DB>,
  t: LinkTarget,
  step: { action: ComplainantAction; input: Record<string, unknown>; refused: (facts: ComplaintFacts) => string; audit: string; notify: NotificationKind },
  at?: Date,
): Promise<{ seq: number }> {
  const now = at ?? new Date();
  const day = today(now);
  const jobs = await queueFor(db);
  return inTransaction(db, async (tx) => {
    const complaint = await lockComplaint(tx, t);
    const facts = foldFacts(await loadHistory(tx, complaint.id));
    const { policy } = await loadRegulation(tx, t.organisationId, complaint.regulation_version_id);
    const result = applyComplainantAction({ facts, policy, action: step.action, input: step.input, today: day, now: now.toISOString() });
    if (!result.ok) {
      if (result.code === 'validation_failed') throw validationFailed(result.fields ?? [], result.message);
      throw new AppError('invalid_transition', step.refused(facts));
    }
    const seq = facts.lastSeq + 1;
    await appendEvent(tx, { organisationId: t.organisationId, complaintId: complaint.id, seq, type: result.event.type, at: now, actorUserId: null, actorRoles: [COMPLAINANT_ROLE], data: { ...result.event.data, after: afterOf(facts, result.facts) } });
    await tx.updateTable('complaints').set({ ...cachedColumns(policy, result.facts, day), updated_at: now }).where('id', '=', complaint.id).execute();
    await writeStatistics(tx, complaint.id, policy, result.facts, day);
    await audit(tx, { organisationId: t.organisationId, actorUserId: null, action: step.audit, subjectType: 'complaint', subjectId: complaint.id, details: { seq, link: t.linkId } });
    await notifyAboutComplaint(tx, jobs, { organisationId: t.organisationId, kind: step.notify, complaintId: complaint.id });
    return { seq };
  });
}
