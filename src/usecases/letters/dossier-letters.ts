/**
 * Letters from the dossier page: the proposed letter after an action (editable), its preview as PDF, sending
 * it (e-mail through the outbox, post for printing, or both), and "Verstuurd per post". Each letter belongs
 * to the action (history event) that owed it; one letter per action.
 */
import type { Kysely } from 'kysely';
import type { DB } from '../../db/types.ts';
import { letterOwed, type OwedLetter } from '../../domain/letters/kinds.ts';
import { isActionName } from '../../domain/workflow/index.ts';
import { jobQueue } from '../../jobs/queue.ts';
import { letterPdf } from '../../letters/pdf.ts';
import { AppError, notFound } from '../../shared/errors.ts';
import { isUuid } from '../../shared/validation.ts';
import type { Actor } from '../actor.ts';
import { audit } from '../audit.ts';
import { complaintScope, isCoordinatorFor, NOT_VISIBLE, visibleTo } from '../complaints/access.ts';
import { today } from '../complaints/dossier.ts';
import { theCoordinatorFor } from '../regulations/regulations.ts';
import { outboxQueue } from './action-letter.ts';
import { draftLetter, loadLetterContext, storeLetter, type LetterContext, type LetterDraft, type LetterRequest, type StoredLetter } from './compose.ts';
import { letterheadOf } from './letterhead.ts';
import { isDeliveredLetterKind, recordLetterDelivery } from './delivery.ts';
import { issueComplainantLink } from '../complainant-page/links.ts';

export interface ProposedLetter {
  ctx: LetterContext;
  owed: OwedLetter;
  draft: LetterDraft;
  seq: number;
  action: string;
  /** A letter already made for this action (then nothing is proposed again). */
  existingLetterId: string | null;
}

/**
 * In a letter composed in the dossier, where the complainant's private link goes: a new link is a new token, so it
 * is issued only when the letter is sent, and put in place of this text (which the user sees, and may remove).
 */
export const MIJN_KLACHT_PLACEHOLDER = '[uw persoonlijke link naar Mijn klacht]';

/**
 * The letter the action at `seq` owes, filled in, for someone who may see the dossier and did that action or
 * coordinates the unit. Null when the action owes no letter.
 */
export async function proposedLetter(db: Kysely<DB>, actor: Actor, complaintId: string, seq: number, opts: { now?: Date } = {}): Promise<ProposedLetter | null> {
  if (!isUuid(complaintId) || !Number.isInteger(seq) || seq < 1) throw notFound(NOT_VISIBLE);
  const scope = await complaintScope(db, actor);
  const complaint = await db.selectFrom('complaints').select(['id', 'unit_id', 'regulation_version_id']).where('id', '=', complaintId).where('organisation_id', '=', actor.organisationId).where(visibleTo(scope)).executeTakeFirst();
  if (!complaint) throw notFound(NOT_VISIBLE);
  const event = await db.selectFrom('complaint_events').select(['type', 'data', 'actor_user_id']).where('complaint_id', '=', complaintId).where('seq', '=', seq).executeTakeFirst();
  if (!event) throw notFound('Deze stap bestaat niet in het dossier.');
  if (event.actor_user_id !== actor.userId && !isCoordinatorFor(scope, complaint.unit_id)) {
    throw new AppError('not_permitted', `Alleen wie deze stap deed of ${await theCoordinatorFor(db, actor.organisationId, { versionId: complaint.regulation_version_id })} kan de brief erbij versturen.`);
  }
  // An event's type is the action's name (stored-events.ts).
  const action = event.type;
  if (!isActionName(action)) return null;
  const ctx = await loadLetterContext(db, actor.organisationId, complaintId);
  const owed = letterOwed(ctx.regulation.regulation, action, event.data);
  if (!owed) return null;
  const existing = await db.selectFrom('letters').select('id').where('complaint_id', '=', complaintId).where('action_seq', '=', seq).executeTakeFirst();
  const withLink = owed.kind === 'acknowledgement' && owed.recipientRole === 'complainant';
  const draft = await draftLetter(db, ctx, owed, { senderName: actor.name, now: opts.now ?? new Date(), ...(withLink ? { mijnKlachtUrl: MIJN_KLACHT_PLACEHOLDER } : {}) });
  return { ctx, owed, draft, seq, action, existingLetterId: existing?.id ?? null };
}

/** The PDF of the letter as it would go out now (not stored). */
export async function previewLetterPdf(db: Kysely<DB>, actor: Actor, complaintId: string, seq: number, edit: { subject?: string | undefined; body?: string | undefined }): Promise<Buffer> {
  const p = await proposedLetter(db, actor, complaintId, seq);
  if (!p) throw notFound('Bij deze stap hoort geen brief.');
  return letterPdf({
    letterhead: await letterheadOf(db, actor.organisationId),
    recipient: { name: p.draft.recipient.name, addressLines: p.draft.recipient.address.split(/\n|,\s*(?=\d{4}\s?[A-Z]{2}\b)/).map((l) => l.trim()).filter(Boolean) },
    reference: p.ctx.complaint.reference,
    date: today(),
    subject: edit.subject?.trim() || p.draft.subject,
    body: edit.body?.replace(/\r\n?/g, '\n').trim() || p.draft.body,
  });
}

/** Sends the letter of the action at `seq` as the user reviewed it; one letter per action. */
export async function sendDossierLetter(db: Kysely<DB>, actor: Actor, complaintId: string, seq: number, request: LetterRequest, opts: { now?: Date } = {}): Promise<StoredLetter> {
  const now = opts.now ?? new Date();
  const p = await proposedLetter(db, actor, complaintId, seq, { now });
  if (!p) throw notFound('Bij deze stap hoort geen brief.');
  if (p.existingLetterId) throw new AppError('conflict', 'De brief bij deze stap is al gemaakt. U vindt hem in het dossier onder "Brieven".');
  const jobs = await jobQueue(db);
  return db.transaction().execute(async (tx) => {
    // Lock the complaint: two clicks on "Versturen" make one letter.
    await tx.selectFrom('complaints').select('id').where('id', '=', complaintId).forUpdate().executeTakeFirstOrThrow();
    const again = await tx.selectFrom('letters').select('id').where('complaint_id', '=', complaintId).where('action_seq', '=', seq).executeTakeFirst();
    if (again) throw new AppError('conflict', 'De brief bij deze stap is al gemaakt. U vindt hem in het dossier onder "Brieven".');
    // The acknowledgement's link to Mijn klacht (ADR 0012) is made now, as the letter goes out, where the text still asks for it.
    const body = request.body ?? p.draft.body;
    if (body.includes(MIJN_KLACHT_PLACEHOLDER)) {
      const { url } = await issueComplainantLink(tx, { organisationId: actor.organisationId, complaintId, now });
      request = { ...request, body: body.replaceAll(MIJN_KLACHT_PLACEHOLDER, url) };
    }
    const stored = await storeLetter(tx, p.ctx, p.draft, request, {
      actionSeq: seq,
      createdBy: actor.userId,
      now,
      queue: outboxQueue(jobs, actor.userId),
      purpose: p.owed.kind === 'acknowledgement' ? 'acknowledgement' : 'letter',
    });
    await audit(tx, { organisationId: actor.organisationId, actorUserId: actor.userId, action: 'letter.send', subjectType: 'complaint', subjectId: complaintId, details: { letterId: stored.id, kind: stored.kind, channel: stored.channel } });
    return stored;
  });
}

/**
 * "Verstuurd per post": the date it went out by post, which meets the term. Once. A letter for the post, or an e-mail
 * letter whose mail could not be sent (failed): the coordinator prints its PDF and posts it instead (walk 9: without
 * this, a failed decision letter could only go out once a mail server worked, and the complaint could not close).
 */
export async function markLetterPosted(db: Kysely<DB>, actor: Actor, complaintId: string, letterId: string, opts: { now?: Date } = {}): Promise<void> {
  if (!isUuid(complaintId) || !isUuid(letterId)) throw notFound(NOT_VISIBLE);
  const scope = await complaintScope(db, actor);
  await db.transaction().execute(async (tx) => {
    const complaint = await tx.selectFrom('complaints').select(['id', 'unit_id', 'handler_user_id', 'regulation_version_id']).where('id', '=', complaintId).where('organisation_id', '=', actor.organisationId).where(visibleTo(scope)).executeTakeFirst();
    const letter = complaint
      ? await tx
          .selectFrom('letters as l')
          .leftJoin('outbound_mails as m', 'm.id', 'l.outbound_mail_id')
          .select(['l.id', 'l.channel', 'l.printed_at', 'l.created_by', 'l.kind', 'l.action_seq', 'm.status as mail_status'])
          .where('l.id', '=', letterId)
          .where('l.complaint_id', '=', complaintId)
          .forUpdate('l')
          .executeTakeFirst()
      : undefined;
    const row = complaint && letter ? { ...letter, unit_id: complaint.unit_id, handler_user_id: complaint.handler_user_id, regulation_version_id: complaint.regulation_version_id } : undefined;
    if (!row) throw notFound('Deze brief bestaat niet of u heeft er geen toegang toe.');
    if (row.created_by !== actor.userId && row.handler_user_id !== actor.userId && !isCoordinatorFor(scope, row.unit_id)) throw new AppError('not_permitted', `Alleen wie de brief maakte, de behandelaar of ${await theCoordinatorFor(tx, actor.organisationId, { versionId: row.regulation_version_id })} kan dit vastleggen.`);
    if (row.channel === 'email' && row.mail_status !== 'failed') {
      throw new AppError('invalid_transition', row.mail_status === 'sent' ? 'Deze brief is al per e-mail verstuurd.' : 'Deze brief staat klaar om per e-mail te versturen. Lukt dat niet, dan kunt u hem daarna per post versturen.');
    }
    if (row.printed_at) return;
    const now = opts.now ?? new Date();
    await tx.updateTable('letters').set({ printed_at: now }).where('id', '=', row.id).execute();
    // Posted: the written confirmation is given (002 art. 6.3), or the written decision told (002 art. 6.9), today,
    // unless its e-mail went out earlier.
    if (isDeliveredLetterKind(row.kind) && row.action_seq !== null) {
      await recordLetterDelivery(tx, { organisationId: actor.organisationId, complaintId, kind: row.kind, letterId: row.id, actionSeq: row.action_seq, state: 'sent', channel: 'post', now, actorUserId: actor.userId });
    }
    await audit(tx, { organisationId: actor.organisationId, actorUserId: actor.userId, action: 'letter.posted', subjectType: 'complaint', subjectId: complaintId, details: { letterId } });
  });
}
