import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { ParsedMail } from 'mailparser';
import { simpleParser } from '../../shared/mailparser.ts';
import type { DB } from '../../db/types.ts';
import { MAIL_RECEIVED_EVENT } from '../../domain/workflow/index.ts';
import { audit } from '../audit.ts';
import { connectionProblem, imapClient, mailboxConnection } from './mailboxes.ts';
import { clean, mailFiles } from './mail-files.ts';
import { triageUnit } from '../complaints/register-complaint.ts';
import { queueFor } from '../../jobs/queue.ts';
import { notifyAboutComplaint } from '../notifications/notify.ts';
import { appendEvent } from '../complaints/dossier.ts';

/**
 * Fetching a complaints mailbox (004 §3, ADR 0011). New messages since `last_uid` (a changed UIDVALIDITY starts
 * again at 0) are taken one by one; each is stored in `inbound_messages` in ONE transaction together with the
 * mailbox's new `last_uid`, so a crash between two messages loses nothing and takes nothing twice. The Message-ID
 * is unique per organisation: the same message in two mailboxes, or after a UIDVALIDITY change, is taken once.
 * A message naming a complaint's reference joins that dossier (history event `mail-received`, its attachments and
 * the original .eml as documents); any other lands in the triage list "Nieuw via e-mail".
 */
export interface FetchResult {
  fetched: number;
  joined: number;
  triage: number;
  duplicates: number;
}

export interface FetchOptions {
  now?: () => Date;
  /** Test hook: runs inside a message's transaction just before it commits (throwing rolls that message back). */
  beforeCommit?: (uid: number) => void | Promise<void>;
}

/** Reference numbers as Klachtwijs makes them (`2026-0042`, see references.ts), anywhere in a text. */
const REFERENCE = /(?<![\d-])(\d{4}-\d{4,})(?![\d-])/g;

export function referencesIn(...texts: string[]): string[] {
  const out: string[] = [];
  for (const t of texts) for (const m of t.matchAll(REFERENCE)) if (!out.includes(m[1]!)) out.push(m[1]!);
  return out;
}

export function messageIdOf(parsed: ParsedMail, raw: Buffer): string {
  const id = parsed.messageId?.trim();
  return id ? id.slice(0, 998) : `<sha256-${createHash('sha256').update(raw).digest('hex')}@klachtwijs.invalid>`;
}

export async function fetchMailbox(db: Kysely<DB>, mailboxId: string, opts: FetchOptions = {}): Promise<FetchResult> {
  const now = opts.now ?? (() => new Date());
  const conn = await mailboxConnection(db, mailboxId);
  const result: FetchResult = { fetched: 0, joined: 0, triage: 0, duplicates: 0 };
  const client = imapClient(conn);
  client.on('error', () => undefined);
  try {
    await client.connect();
    const lock = await client.getMailboxLock(conn.folder);
    try {
      const opened = client.mailbox;
      if (!opened) throw new Error('folder not open');
      const uidValidity = String(opened.uidValidity);
      const row = await db.selectFrom('mailboxes').select(['uidvalidity', 'last_uid']).where('id', '=', mailboxId).executeTakeFirstOrThrow();
      const lastUid = row.uidvalidity !== null && String(row.uidvalidity) === uidValidity ? Number(row.last_uid) : 0;
      const found = (await client.search({ uid: `${lastUid + 1}:*` }, { uid: true })) || [];
      const uids = found.filter((u) => u > lastUid).sort((a, b) => a - b);
      for (const uid of uids) {
        const msg = await client.fetchOne(String(uid), { source: true, uid: true }, { uid: true });
        if (!msg || !msg.source) continue;
        const raw = msg.source;
        const parsed = await simpleParser(raw);
        const outcome = await db.transaction().execute(async (tx) => {
          const mb = await tx.selectFrom('mailboxes').select(['uidvalidity', 'last_uid']).where('id', '=', mailboxId).forUpdate().executeTakeFirstOrThrow();
          // Another worker took this UID meanwhile.
          if (mb.uidvalidity !== null && String(mb.uidvalidity) === uidValidity && Number(mb.last_uid) >= uid) return 'skipped' as const;
          const taken = await storeMessage(tx, { organisationId: conn.organisationId, unitId: conn.unitId, mailboxId, uid, raw, parsed, now: now() });
          await tx.updateTable('mailboxes').set({ uidvalidity: uidValidity, last_uid: uid }).where('id', '=', mailboxId).execute();
          await opts.beforeCommit?.(uid);
          return taken;
        });
        if (outcome === 'skipped') continue;
        result.fetched++;
        if (outcome === 'duplicate') result.duplicates++;
        else if (outcome === 'joined') result.joined++;
        else result.triage++;
      }
      if (!uids.length) await db.updateTable('mailboxes').set({ uidvalidity: uidValidity }).where('id', '=', mailboxId).where('uidvalidity', 'is', null).execute();
    } finally {
      lock.release();
    }
    await db.updateTable('mailboxes').set({ last_fetch_at: now(), last_error: null }).where('id', '=', mailboxId).execute();
    return result;
  } catch (err) {
    await db.updateTable('mailboxes').set({ last_fetch_at: now(), last_error: connectionProblem(err) }).where('id', '=', mailboxId).execute();
    throw err;
  } finally {
    await client.logout().catch(() => client.close());
  }
}

interface IncomingMessage {
  organisationId: string;
  unitId: string | null;
  mailboxId: string | null;
  uid: number | null;
  raw: Buffer;
  parsed: ParsedMail;
  now: Date;
}

/** Stores one message (once per Message-ID) and files it: joined to the dossier it names, or into triage. */
export async function storeMessage(tx: Kysely<DB>, m: IncomingMessage): Promise<'joined' | 'triage' | 'duplicate'> {
  const sender = m.parsed.from?.value[0];
  const from = sender ? { address: clean(sender.address ?? '').slice(0, 254), name: clean(sender.name ?? '').slice(0, 200) } : undefined;
  const subject = clean(m.parsed.subject ?? '').slice(0, 998);
  const text = clean(m.parsed.text ?? '').slice(0, 200_000);
  const sentAt = m.parsed.date && !Number.isNaN(m.parsed.date.getTime()) ? m.parsed.date : m.now;
  const complaint = await complaintNamedIn(tx, m.organisationId, subject, text);
  const inserted = await tx
    .insertInto('inbound_messages')
    .values({
      organisation_id: m.organisationId,
      mailbox_id: m.mailboxId,
      unit_id: m.unitId,
      message_id: clean(messageIdOf(m.parsed, m.raw)),
      uid: m.uid,
      sent_at: sentAt,
      from_address: from?.address ?? '',
      from_name: from?.name ?? '',
      subject,
      text,
      raw: m.raw,
      status: complaint ? 'joined' : 'triage',
      complaint_id: complaint?.id ?? null,
    })
    .onConflict((oc) => oc.columns(['organisation_id', 'message_id']).doNothing())
    .returning('id')
    .executeTakeFirst();
  if (!inserted) return 'duplicate';
  if (!complaint) {
    await audit(tx, { organisationId: m.organisationId, actorUserId: null, action: 'mail.triage', subjectType: 'inbound_message', subjectId: inserted.id });
    // The coordinators of the mailbox's unit (an organisation-wide mailbox: of the triage unit) hear of it.
    const unitId = m.unitId ?? triageUnit(await tx.selectFrom('units').selectAll().where('organisation_id', '=', m.organisationId).execute()).id;
    await notifyAboutComplaint(tx, await queueFor(tx), { organisationId: m.organisationId, kind: 'new_mail_in_triage', unitId });
    return 'triage';
  }
  await joinDossier(tx, { organisationId: m.organisationId, complaintId: complaint.id, inboundId: inserted.id, parsed: m.parsed, raw: m.raw, from: from?.address ?? '', subject, sentAt, now: m.now });
  // A mail about a complaint reaches its handler (or the unit's coordinators), as information added on Mijn klacht does.
  await notifyAboutComplaint(tx, await queueFor(tx), { organisationId: m.organisationId, kind: 'complainant_added', complaintId: complaint.id });
  return 'joined';
}

async function complaintNamedIn(tx: Kysely<DB>, organisationId: string, subject: string, text: string): Promise<{ id: string } | null> {
  const refs = referencesIn(subject, text.slice(0, 20_000)).slice(0, 20);
  if (!refs.length) return null;
  const rows = await tx.selectFrom('complaints').select(['id', 'reference']).where('organisation_id', '=', organisationId).where('reference', 'in', refs).execute();
  for (const ref of refs) {
    const row = rows.find((r) => r.reference === ref);
    if (row) return { id: row.id };
  }
  return null;
}

/** The message joins the dossier as correspondence: its files and the original .eml as documents, one history event. */
async function joinDossier(
  tx: Kysely<DB>,
  j: { organisationId: string; complaintId: string; inboundId: string; parsed: ParsedMail; raw: Buffer; from: string; subject: string; sentAt: Date; now: Date },
): Promise<void> {
  const complaint = await tx.selectFrom('complaints').select(['id', 'last_seq', 'status']).where('id', '=', j.complaintId).forUpdate().executeTakeFirstOrThrow();
  const files = mailFiles(j.parsed, j.raw, j.sentAt);
  const stored: { id: string; filename: string }[] = [];
  for (const f of files.accepted) {
    const row = await tx
      .insertInto('complaint_attachments')
      .values({ organisation_id: j.organisationId, complaint_id: complaint.id, ...f, uploaded_by: null })
      .returning(['id', 'filename'])
      .executeTakeFirstOrThrow();
    stored.push(row);
  }
  const seq = complaint.last_seq + 1;
  await appendEvent(tx, { organisationId: j.organisationId, complaintId: complaint.id, seq, type: MAIL_RECEIVED_EVENT, at: j.now, actorUserId: null, actorRoles: [], data: { inboundMessageId: j.inboundId, from: j.from, subject: j.subject, date: j.sentAt.toISOString(), files: stored, ...(files.refused.length ? { refused: files.refused } : {}), after: { status: complaint.status } } });
  await tx.updateTable('complaints').set({ last_seq: seq, updated_at: j.now }).where('id', '=', complaint.id).execute();
  await audit(tx, { organisationId: j.organisationId, actorUserId: null, action: 'complaint.mail_received', subjectType: 'complaint', subjectId: complaint.id, details: { seq, files: stored.length, refused: files.refused.length } });
}
