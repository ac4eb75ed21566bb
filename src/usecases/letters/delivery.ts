/**
 * Whether a letter that meets a term went out. The acknowledgement's letter (002 art. 6.3: a written confirmation)
 * and the letter with a written decision (002 art. 6.9 "stelt de klager schriftelijk … in kennis", Wkkgz art. 17,
 * Awb 9:12) are `queued` when they are made, and `sent` when the mail server took their e-mail (the send-mail job) or
 * "Verstuurd per post" was recorded. Each is a `letter-delivery` event in the complaint's history, in the caller's
 * transaction, with the cached columns and the statistical record folded again: until the letter is sent its term
 * runs on (the dossier, the lists and the reports count it as not met; a failed mail is not a sent letter).
 */
import type { Kysely } from 'kysely';
import type { DB } from '../../db/types.ts';
import { applyEvent, foldFacts, LETTER_DELIVERY_EVENT, type ComplaintFacts } from '../../domain/workflow/index.ts';
import { appendEvent, cachedColumns, loadHistory, loadRegulation, today } from '../complaints/dossier.ts';
import { writeStatistics } from '../reports/statistics.ts';

/** The letter kinds whose delivery meets a term. */
export const DELIVERED_LETTER_KINDS = ['acknowledgement', 'decision'] as const;
export type DeliveredLetterKind = (typeof DELIVERED_LETTER_KINDS)[number];

export function isDeliveredLetterKind(kind: string): kind is DeliveredLetterKind {
  return (DELIVERED_LETTER_KINDS as readonly string[]).includes(kind);
}

/** The letter of the action at `actionSeq` as the facts hold it: undefined when that action is not the one it meets. */
function letterOf(facts: ComplaintFacts, kind: DeliveredLetterKind, actionSeq: number): { sentOn: string | null } | null | undefined {
  if (kind === 'acknowledgement') {
    const ack = facts.acknowledgement;
    return ack && ack.seq === actionSeq ? ack.letter : undefined;
  }
  // Only a written decision is told by its letter; an oral one was told when it was taken (its letter confirms it).
  const d = facts.decision;
  return d && d.seq === actionSeq && d.form === 'written' ? (d.letter ?? null) : undefined;
}

export async function recordLetterDelivery(
  tx: Kysely<DB>,
  args: { organisationId: string; complaintId: string; kind: DeliveredLetterKind; letterId: string; actionSeq: number; state: 'queued' | 'sent'; channel: 'email' | 'post'; now: Date; actorUserId?: string | null },
): Promise<boolean> {
  const complaint = await tx.selectFrom('complaints').select(['id', 'status', 'regulation_version_id']).where('id', '=', args.complaintId).where('organisation_id', '=', args.organisationId).forUpdate().executeTakeFirst();
  if (!complaint) return false;
  const facts = foldFacts(await loadHistory(tx, complaint.id));
  const letter = letterOf(facts, args.kind, args.actionSeq);
  if (letter === undefined || letter?.sentOn) return false;
  if (args.state === 'queued' && letter) return false;
  const day = today(args.now);
  const seq = facts.lastSeq + 1;
  const data = { letterId: args.letterId, actionSeq: args.actionSeq, kind: args.kind, state: args.state, on: day, channel: args.channel, after: { status: facts.status } };
  await appendEvent(tx, { organisationId: args.organisationId, complaintId: complaint.id, seq, type: LETTER_DELIVERY_EVENT, at: args.now, actorUserId: args.actorUserId ?? null, actorRoles: [], data });
  const after = applyEvent(facts, { seq, type: LETTER_DELIVERY_EVENT, at: args.now.toISOString(), actorUserId: args.actorUserId ?? null, actorRoles: [], data });
  const { policy } = await loadRegulation(tx, args.organisationId, complaint.regulation_version_id);
  await tx.updateTable('complaints').set({ ...cachedColumns(policy, after, day), updated_at: args.now }).where('id', '=', complaint.id).execute();
  await writeStatistics(tx, complaint.id, policy, after, day);
  return true;
}

/** After the mail server took a mail: the acknowledgement or decision letter it carried is sent (in the caller's transaction). */
export async function mailDelivered(tx: Kysely<DB>, mail: { mailId: string; complaintId: string }, now: Date): Promise<void> {
  // By the complaint first (its index letters_complaint), then the mail: letters has no index on outbound_mail_id.
  const letter = await tx.selectFrom('letters').select(['id', 'organisation_id', 'complaint_id', 'action_seq', 'kind']).where('complaint_id', '=', mail.complaintId).where('outbound_mail_id', '=', mail.mailId).where('kind', 'in', [...DELIVERED_LETTER_KINDS]).executeTakeFirst();
  if (!letter || letter.action_seq === null || !isDeliveredLetterKind(letter.kind)) return;
  await recordLetterDelivery(tx, { organisationId: letter.organisation_id, complaintId: letter.complaint_id, kind: letter.kind, letterId: letter.id, actionSeq: letter.action_seq, state: 'sent', channel: 'email', now });
}
