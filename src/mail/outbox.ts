import { randomUUID } from 'node:crypto';
import type { ExpressionBuilder, Kysely } from 'kysely';
import { createRequire } from 'node:module';
import type MailComposer from 'nodemailer/lib/mail-composer/index.js';
import type { DB } from '../db/types.ts';
import { jobQueue, type JobQueue } from '../jobs/queue.ts';
import { AppError, notFound } from '../shared/errors.ts';
import { isUuid } from '../shared/validation.ts';
import { hasRole, type Actor } from '../usecases/actor.ts';
import { audit } from '../usecases/audit.ts';
import { complaintScope, isCoordinatorFor, visibleTo } from '../usecases/complaints/access.ts';
import { theCoordinatorFor } from '../usecases/regulations/regulations.ts';
import { sendMailJob } from './send-mail.job.ts';

export const MAIL_PURPOSES = ['letter', 'notification', 'link', 'reply', 'acknowledgement'] as const;
export type MailPurpose = (typeof MAIL_PURPOSES)[number];

export interface OutgoingMail {
  readonly organisationId: string;
  /** The organisation's name (the sender's display name) when the caller has read it already; otherwise read here. */
  readonly organisationName?: string;
  readonly complaintId?: string | null;
  readonly purpose: MailPurpose;
  readonly to: string;
  readonly subject: string;
  readonly text: string;
  readonly html?: string;
  readonly attachments?: readonly { filename: string; contentType: string; content: Buffer }[];
  readonly inReplyTo?: string;
  readonly references?: readonly string[];
  readonly replyTo?: string;
  /** Who made it (null: the system, e.g. an automatic acknowledgement). */
  readonly createdBy?: string | null;
}


/**
 * Queues one e-mail inside the caller's transaction (ADR 0014): the message is built ONCE here, with a
 * Message-ID fixed before the first try, stored as it will be sent (`outbound_mails.raw`), and a `send-mail`
 * job is enqueued in the same transaction. It comes from KLACHTWIJS_MAIL_FROM with the organisation's name. The job sends those bytes, never a re-rendered message, so a retry
 * after a crash sends the same message, which receivers recognise by its Message-ID.
 */
export async function queueMail(tx: Kysely<DB>, jobs: JobQueue, mail: OutgoingMail): Promise<{ id: string; messageId: string }> {
  const mailFrom = jobs.mailFrom;
  const org = mail.organisationName !== undefined ? { name: mail.organisationName } : await tx.selectFrom('organisations').select('name').where('id', '=', mail.organisationId).executeTakeFirstOrThrow();
  const id = randomUUID();
  const messageId = `<${id}@${domainOf(mailFrom)}>`;
  const raw = await buildMessage({
    from: { name: org.name, address: mailFrom },
    to: mail.to,
    subject: mail.subject,
    text: mail.text,
    ...(mail.html ? { html: mail.html } : {}),
    messageId,
    date: new Date(),
    ...(mail.replyTo ? { replyTo: mail.replyTo } : {}),
    ...(mail.inReplyTo ? { inReplyTo: mail.inReplyTo } : {}),
    ...(mail.references?.length ? { references: [...mail.references] } : {}),
    attachments: (mail.attachments ?? []).map((a) => ({ filename: a.filename, contentType: a.contentType, content: a.content })),
    headers: { 'Auto-Submitted': mail.purpose === 'reply' ? 'no' : 'auto-generated' },
  });
  await tx
    .insertInto('outbound_mails')
    .values({
      id,
      organisation_id: mail.organisationId,
      complaint_id: mail.complaintId ?? null,
      purpose: mail.purpose,
      recipient: mail.to,
      subject: mail.subject,
      message_id: messageId,
      envelope_from: mailFrom,
      raw,
      status: 'queued',
      created_by: mail.createdBy ?? null,
    })
    .execute();
  await jobs.enqueue(tx, sendMailJob, { mailId: id });
  return { id, messageId };
}

function buildMessage(options: ConstructorParameters<typeof MailComposer>[0]): Promise<Buffer> {
  // nodemailer's composer is loaded at the first message, not at start (issue 13).
  const Composer = createRequire(import.meta.url)('nodemailer/lib/mail-composer/index.js') as typeof MailComposer;
  return new Promise((resolve, reject) => new Composer(options).compile().build((err, message) => (err ? reject(err) : resolve(message))));
}

function domainOf(address: string): string {
  return address.slice(address.lastIndexOf('@') + 1) || 'localhost';
}

/** A mail's state as the dossier and the start page show it. */
export interface MailStatus {
  id: string;
  complaintId: string | null;
  reference: string | null;
  purpose: MailPurpose;
  recipient: string;
  subject: string;
  status: 'queued' | 'sent' | 'failed';
  attempts: number;
  lastError: string | null;
  queuedAt: Date;
  sentAt: Date | null;
}

/**
 * Mails that could not be sent, for the coordinator's start page: those of complaints the actor coordinates,
 * plus mails without a complaint for an admin (invitations, links). Not a letter's mail when the letter went by post.
 */
export async function failedMails(db: Kysely<DB>, actor: Actor): Promise<MailStatus[]> {
  const scope = await complaintScope(db, actor);
  const rows = await db
    .selectFrom('outbound_mails as m')
    .leftJoin('complaints as c', 'c.id', 'm.complaint_id')
    .select(['m.id', 'm.complaint_id', 'c.reference', 'c.unit_id', 'm.purpose', 'm.recipient', 'm.subject', 'm.status', 'm.attempts', 'm.last_error', 'm.queued_at', 'm.sent_at'])
    .where('m.organisation_id', '=', actor.organisationId)
    .where('m.status', '=', 'failed')
    // A letter whose e-mail failed but that went by post instead ("Verstuurd per post") needs nothing more (walk 9).
    .where((eb) => eb.not(letterPostedInstead(eb)))
    .orderBy('m.queued_at', 'desc')
    .limit(200)
    .execute();
  const admin = hasRole(actor, 'admin');
  return rows.filter((r) => (r.unit_id ? isCoordinatorFor(scope, r.unit_id) : admin)).map(toStatus);
}

/** The mails of one complaint (the dossier shows their state); need-to-know is the caller's (the dossier read). */
export async function mailsOfComplaint(db: Kysely<DB>, organisationId: string, complaintId: string): Promise<MailStatus[]> {
  const rows = await db
    .selectFrom('outbound_mails as m')
    .leftJoin('complaints as c', 'c.id', 'm.complaint_id')
    .select(['m.id', 'm.complaint_id', 'c.reference', 'm.purpose', 'm.recipient', 'm.subject', 'm.status', 'm.attempts', 'm.last_error', 'm.queued_at', 'm.sent_at'])
    .where('m.organisation_id', '=', organisationId)
    .where('m.complaint_id', '=', complaintId)
    .orderBy('m.queued_at')
    .execute();
  return rows.map(toStatus);
}

/**
 * The mail `m` is a letter's whose e-mail failed and that went by post instead ("Verstuurd per post"): the complainant
 * has it, so the mail asks nothing more (failed list, retry). By the complaint first: letters has an index on
 * complaint_id, none on outbound_mail_id.
 */
function letterPostedInstead({ exists, selectFrom }: ExpressionBuilder<DB & { m: DB['outbound_mails'] }, 'm'>) {
  return exists(selectFrom('letters as l').select('l.id').whereRef('l.complaint_id', '=', 'm.complaint_id').whereRef('l.outbound_mail_id', '=', 'm.id').where('l.printed_at', 'is not', null));
}

function toStatus(r: { id: string; complaint_id: string | null; reference: string | null; purpose: string; recipient: string; subject: string; status: string; attempts: number; last_error: string | null; queued_at: Date; sent_at: Date | null }): MailStatus {
  return {
    id: r.id,
    complaintId: r.complaint_id,
    reference: r.reference,
    purpose: r.purpose as MailPurpose,
    recipient: r.recipient,
    subject: r.subject,
    status: r.status as MailStatus['status'],
    attempts: r.attempts,
    lastError: r.last_error,
    queuedAt: r.queued_at,
    sentAt: r.sent_at,
  };
}

/**
 * "Opnieuw proberen" on a mail that failed: the same stored message (same Message-ID) is queued again. Who
 * may: a coordinator of its complaint's unit, the complaint's handler, or an admin for a mail without a
 * complaint. A mail the actor may not see looks missing.
 */
export async function retryMail(db: Kysely<DB>, actor: Actor, mailId: string): Promise<MailStatus> {
  if (!isUuid(mailId)) throw notFound('Dit bericht bestaat niet.');
  const jobs = await jobQueue(db);
  const scope = await complaintScope(db, actor);
  return db.transaction().execute(async (tx) => {
    const mail = await tx
      .selectFrom('outbound_mails as m')
      .selectAll('m')
      .select((eb) => letterPostedInstead(eb).as('posted_instead'))
      .where('m.id', '=', mailId)
      .where('m.organisation_id', '=', actor.organisationId)
      .forUpdate()
      .executeTakeFirst();
    if (!mail) throw notFound('Dit bericht bestaat niet.');
    if (mail.complaint_id) {
      const visible = await tx.selectFrom('complaints').select(['id', 'unit_id', 'handler_user_id', 'regulation_version_id']).where('id', '=', mail.complaint_id).where(visibleTo(scope)).executeTakeFirst();
      if (!visible) throw notFound('Dit bericht bestaat niet.');
      if (!isCoordinatorFor(scope, visible.unit_id) && visible.handler_user_id !== actor.userId) throw new AppError('not_permitted', `Alleen ${await theCoordinatorFor(tx, actor.organisationId, { versionId: visible.regulation_version_id })} of de behandelaar kan een bericht opnieuw versturen.`);
    } else if (!hasRole(actor, 'admin')) {
      throw notFound('Dit bericht bestaat niet.');
    }
    if (mail.status !== 'failed') throw new AppError('invalid_transition', mail.status === 'sent' ? 'Dit bericht is al verstuurd.' : 'Dit bericht staat al in de wachtrij.');
    // The letter reached the complainant by post: sending its mail again would send the same letter twice.
    if (mail.posted_instead) throw new AppError('invalid_transition', 'Deze brief is al per post verstuurd. De e-mail wordt niet nog eens verstuurd.');
    await tx.updateTable('outbound_mails').set({ status: 'queued', last_error: null }).where('id', '=', mail.id).execute();
    await jobs.enqueue(tx, sendMailJob, { mailId: mail.id });
    await audit(tx, { organisationId: actor.organisationId, actorUserId: actor.userId, action: 'mail.retry', subjectType: mail.complaint_id ? 'complaint' : 'mail', subjectId: mail.complaint_id ?? mail.id, details: { mailId: mail.id } });
    return toStatus({ ...mail, reference: null, status: 'queued', last_error: null });
  });
}
