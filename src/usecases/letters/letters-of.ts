import type { Kysely } from 'kysely';
import type { DB } from '../../db/types.ts';
import type { LetterChannel, LetterKind, RecipientRole } from '../../domain/letters/kinds.ts';
import { notFound } from '../../shared/errors.ts';
import { isUuid } from '../../shared/validation.ts';
import type { Actor } from '../actor.ts';
import { canSee } from '../complaints/access.ts';

export type LetterStatus = 'queued' | 'sent' | 'failed' | 'printed' | 'draft';

export interface LetterSummary {
  id: string;
  kind: LetterKind;
  channel: LetterChannel;
  /**
   * printed: sent by post ("Verstuurd per post"; its e-mail, if any, may have gone out, failed or still wait); sent: the
   * e-mail went out; failed: the e-mail could not be sent (it can still go by post); queued: the e-mail waits in the
   * outbox; draft: a post letter not yet marked printed.
   */
  status: LetterStatus;
  recipientRole: RecipientRole;
  recipient: string;
  recipientEmail: string | null;
  subject: string;
  createdAt: Date;
  /** The date the e-mail went out (meets the term). */
  sentAt: Date | null;
  /** The date it was marked "verstuurd per post" (meets the term). */
  printedAt: Date | null;
  mailId: string | null;
  mailError: string | null;
}

/**
 * The letters of a complaint, oldest first, with their status from `printed_at` and their outbound mail.
 * Need-to-know is the caller's (the dossier read).
 */
export async function lettersOf(db: Kysely<DB>, complaintId: string): Promise<LetterSummary[]> {
  const rows = await db
    .selectFrom('letters as l')
    .leftJoin('outbound_mails as m', 'm.id', 'l.outbound_mail_id')
    .select(['l.id', 'l.kind', 'l.channel', 'l.recipient_role', 'l.recipient_name', 'l.recipient_email', 'l.subject', 'l.created_at', 'l.printed_at', 'l.outbound_mail_id', 'm.status as mail_status', 'm.sent_at', 'm.last_error'])
    .where('l.complaint_id', '=', complaintId)
    .orderBy('l.created_at')
    .orderBy('l.id')
    .execute();
  return rows.map((r) => {
    const mail = r.mail_status as 'queued' | 'sent' | 'failed' | null;
    let status: LetterStatus;
    // A letter posted went out, also when its e-mail failed or still waits (mailError still tells why the mail failed).
    if (r.printed_at) status = 'printed';
    else if (mail === 'failed') status = 'failed';
    else if (mail === 'queued') status = 'queued';
    else if (mail === 'sent') status = 'sent';
    else status = 'draft';
    return {
      id: r.id,
      kind: r.kind as LetterKind,
      channel: r.channel,
      status,
      recipientRole: r.recipient_role,
      recipient: r.recipient_name,
      recipientEmail: r.recipient_email,
      subject: r.subject,
      createdAt: r.created_at,
      sentAt: r.sent_at ?? null,
      printedAt: r.printed_at,
      mailId: r.outbound_mail_id,
      mailError: mail === 'failed' ? r.last_error : null,
    };
  });
}

/** One letter's PDF as it was sent, for someone who may see its dossier (else it looks missing). */
export async function letterPdfOf(db: Kysely<DB>, actor: Actor, complaintId: string, letterId: string): Promise<{ pdf: Uint8Array; filename: string }> {
  const missing = 'Deze brief bestaat niet of u heeft er geen toegang toe.';
  if (!isUuid(complaintId) || !isUuid(letterId) || !(await canSee(db, actor, complaintId))) throw notFound(missing);
  const row = await db
    .selectFrom('letters as l')
    .innerJoin('complaints as c', 'c.id', 'l.complaint_id')
    .select(['l.pdf', 'l.kind', 'c.reference'])
    .where('l.id', '=', letterId)
    .where('l.complaint_id', '=', complaintId)
    .where('l.organisation_id', '=', actor.organisationId)
    .executeTakeFirst();
  if (!row) throw notFound(missing);
  return { pdf: row.pdf, filename: `${row.reference}-${row.kind}.pdf` };
}
