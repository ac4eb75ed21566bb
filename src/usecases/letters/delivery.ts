/**
 * Whether the acknowledgement's letter went out (002 art. 6.3: a written confirmation). The letter is `queued` when
 * it is made, and `sent` when the mail server took its e-mail (the send-mail job) or "Verstuurd per post" was
 * recorded. Each is a `letter-delivery` event in the complaint's history, in the caller's transaction, with the
 * cached columns and the statistical record folded again: until the letter is sent the acknowledgement's term runs
 * on (the dossier, the lists and the reports count it as not met; a failed mail is not a sent letter).
 */
import type { Kysely } from 'kysely';
import type { DB } from '../../db/types.ts';
import { applyEvent, foldFacts, LETTER_DELIVERY_EVENT } from '../../domain/workflow/index.ts';
import { appendEvent, cachedColumns, loadHistory, loadRegulation, today } from '../complaints/dossier.ts';
import { writeStatistics } from '../reports/statistics.ts';

export async function recordAcknowledgementDelivery(
  tx: Kysely<DB>,
  args: { organisationId: string; complaintId: string; letterId: string; actionSeq: number; state: 'queued' | 'sent'; channel: 'email' | 'post'; now: Date; actorUserId?: string | null },
): Promise<boolean> {
  const complaint = await tx.selectFrom('complaints').select(['id', 'status', 'regulation_version_id']).where('id', '=', args.complaintId).where('organisation_id', '=', args.organisationId).forUpdate().executeTakeFirst();
  if (!complaint) return false;
  const facts = foldFacts(await loadHistory(tx, complaint.id));
  const ack = facts.acknowledgement;
  if (!ack || ack.seq !== args.actionSeq || ack.letter?.sentOn) return false;
  if (args.state === 'queued' && ack.letter) return false;
  const day = today(args.now);
  const seq = facts.lastSeq + 1;
  const data = { letterId: args.letterId, actionSeq: args.actionSeq, state: args.state, on: day, channel: args.channel, after: { status: facts.status } };
  await appendEvent(tx, { organisationId: args.organisationId, complaintId: complaint.id, seq, type: LETTER_DELIVERY_EVENT, at: args.now, actorUserId: args.actorUserId ?? null, actorRoles: [], data });
  const after = applyEvent(facts, { seq, type: LETTER_DELIVERY_EVENT, at: args.now.toISOString(), actorUserId: args.actorUserId ?? null, actorRoles: [], data });
  const { policy } = await loadRegulation(tx, args.organisationId, complaint.regulation_version_id);
  await tx.updateTable('complaints').set({ ...cachedColumns(policy, after, day), updated_at: args.now }).where('id', '=', complaint.id).execute();
  await writeStatistics(tx, complaint.id, policy, after, day);
  return true;
}

/** After the mail server took a mail: the acknowledgement letter it carried is sent (in the caller's transaction). */
export async function mailDelivered(tx: Kysely<DB>, mail: { mailId: string; complaintId: string }, now: Date): Promise<void> {
  // By the complaint first (its index), then the mail: letters has no index on outbound_mail_id.
  const letter = await tx.selectFrom('letters').select(['id', 'organisation_id', 'complaint_id', 'action_seq', 'kind']).where('complaint_id', '=', mail.complaintId).where('outbound_mail_id', '=', mail.mailId).where('kind', '=', 'acknowledgement').executeTakeFirst();
  if (!letter || letter.action_seq === null) return;
  await recordAcknowledgementDelivery(tx, { organisationId: letter.organisation_id, complaintId: letter.complaint_id, letterId: letter.id, actionSeq: letter.action_seq, state: 'sent', channel: 'email', now });
}
