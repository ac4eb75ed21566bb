import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { DB } from '../../db/types.ts';
import { MAIL_SENT_EVENT } from '../../domain/workflow/index.ts';
import { jobQueue } from '../../jobs/queue.ts';
import { queueMail } from '../../mail/outbox.ts';
import { AppError, notFound, validationFailed } from '../../shared/errors.ts';
import { isUuid, parseInput } from '../../shared/validation.ts';
import type { Actor } from '../actor.ts';
import { audit } from '../audit.ts';
import { complaintScope, lockVisibleComplaint, NOT_VISIBLE } from '../complaints/access.ts';
import { appendEvent, inTransaction } from '../complaints/dossier.ts';
import { rolesOnComplaint } from '../complaints/perform-action.ts';

/**
 * "Beantwoorden": an e-mail from the dossier to the complainant, as an answer to a received message or a new one.
 * The subject carries the complaint's reference (`[2026-0042]`) so the answer to it joins this dossier again;
 * an answer sets In-Reply-To and References; Reply-To is the complaints mailbox of the complaint's unit (or of the
 * organisation). The mail goes through the outbox in the same transaction as its history event `mail-sent`.
 */
export const replySchema = z.object({
  inboundMessageId: z.string().trim().optional().transform((v) => (v ? v : undefined)),
  to: z.string().trim().optional().transform((v) => (v ? v : undefined)).pipe(z.email({ error: 'Vul een geldig e-mailadres in, bijvoorbeeld naam@voorbeeld.nl.' }).optional()),
  subject: z.string().trim().max(200, { error: 'Het onderwerp mag hoogstens 200 tekens lang zijn.' }).optional().default(''),
  text: z.string({ error: 'Schrijf uw bericht.' }).trim().min(1, { error: 'Schrijf uw bericht.' }).max(50_000, { error: 'Het bericht mag hoogstens 50.000 tekens lang zijn.' }),
});

/** The subject with the reference in it, once. */
export function subjectWithReference(subject: string, reference: string): string {
  const s = subject.trim() || 'Uw klacht';
  return s.includes(reference) ? s : `${s} [${reference}]`;
}

export async function replyFromDossier(db: Kysely<DB>, actor: Actor, complaintId: string, raw: unknown, opts: { now?: Date } = {}): Promise<{ outboundMailId: string; seq: number; subject: string }> {
  if (!isUuid(complaintId)) throw notFound(NOT_VISIBLE);
  const input = parseInput(replySchema, raw);
  const now = opts.now ?? new Date();
  const scope = await complaintScope(db, actor);
  const jobs = await jobQueue(db);
  return inTransaction(db, async (tx) => {
    const complaint = await lockVisibleComplaint(tx, actor.organisationId, scope, complaintId);
    const roles = rolesOnComplaint(actor, scope, complaint);
    if (!roles.length) throw new AppError('not_permitted', 'U kunt vanuit deze klacht geen e-mail sturen.');
    let inbound: { id: string; message_id: string; from_address: string; subject: string; mailbox_id: string | null } | undefined;
    if (input.inboundMessageId) {
      if (!isUuid(input.inboundMessageId)) throw validationFailed([{ field: 'inboundMessageId', message: 'Dit bericht hoort niet bij deze klacht.' }]);
      inbound = await tx
        .selectFrom('inbound_messages')
        .select(['id', 'message_id', 'from_address', 'subject', 'mailbox_id'])
        .where('id', '=', input.inboundMessageId)
        .where('complaint_id', '=', complaint.id)
        .executeTakeFirst();
      if (!inbound) throw validationFailed([{ field: 'inboundMessageId', message: 'Dit bericht hoort niet bij deze klacht.' }]);
    }
    const complainantEmail = ((complaint.complainant ?? {}) as { email?: string }).email;
    const to = input.to ?? (inbound?.from_address || undefined) ?? complainantEmail;
    if (!to) throw validationFailed([{ field: 'to', message: 'Van de klager is geen e-mailadres bekend. Vul het adres in.' }]);
    const subject = subjectWithReference(input.subject || (inbound ? (/^re:/i.test(inbound.subject) ? inbound.subject : `Re: ${inbound.subject}`) : 'Uw klacht'), complaint.reference);
    const replyTo = await mailboxAddress(tx, actor.organisationId, complaint.unit_id, inbound?.mailbox_id ?? null);
    const mail = await queueMail(tx, jobs, {
      organisationId: actor.organisationId,
      complaintId: complaint.id,
      purpose: 'reply',
      to,
      subject,
      text: input.text,
      ...(inbound ? { inReplyTo: inbound.message_id, references: [inbound.message_id] } : {}),
      ...(replyTo ? { replyTo } : {}),
      createdBy: actor.userId,
    });
    const seq = complaint.last_seq + 1;
    await appendEvent(tx, { organisationId: actor.organisationId, complaintId: complaint.id, seq, type: MAIL_SENT_EVENT, at: now, actorUserId: actor.userId, actorRoles: roles, data: { to, subject, text: input.text, outboundMailId: mail.id, ...(inbound ? { inReplyTo: inbound.id } : {}), after: { status: complaint.status } } });
    await tx.updateTable('complaints').set({ last_seq: seq, updated_at: now }).where('id', '=', complaint.id).execute();
    await audit(tx, { organisationId: actor.organisationId, actorUserId: actor.userId, action: 'complaint.mail_sent', subjectType: 'complaint', subjectId: complaint.id, details: { seq, outboundMailId: mail.id } });
    return { outboundMailId: mail.id, seq, subject };
  });
}

/** The complaints mailbox answers go back to: the message's own mailbox, else the unit's, else the organisation's. */
async function mailboxAddress(tx: Kysely<DB>, organisationId: string, unitId: string, mailboxId: string | null): Promise<string | null> {
  const rows = await tx.selectFrom('mailboxes').select(['id', 'unit_id', 'address']).where('organisation_id', '=', organisationId).where('enabled', '=', true).orderBy('created_at').execute();
  return (rows.find((r) => r.id === mailboxId) ?? rows.find((r) => r.unit_id === unitId) ?? rows.find((r) => r.unit_id === null))?.address ?? null;
}
