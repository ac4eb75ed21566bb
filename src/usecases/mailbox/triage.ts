import type { Kysely } from 'kysely';
import { simpleParser } from '../../shared/mailparser.ts';
import type { DB } from '../../db/types.ts';
import { AppError, notFound, validationFailed } from '../../shared/errors.ts';
import { isUuid } from '../../shared/validation.ts';
import { unitsWithRole, type Actor } from '../actor.ts';
import { audit } from '../audit.ts';
import type { AttachmentInput } from '../complaints/attachments.ts';
import { inTransaction, today } from '../complaints/dossier.ts';
import { registerComplaint, triageUnit, type RegisteredComplaint } from '../complaints/register-complaint.ts';
import { listUnits } from '../units/units.ts';
import { mailFiles } from './mail-files.ts';

/**
 * "Nieuw via e-mail": messages from a complaints mailbox that name no complaint wait here for the coordinators of
 * the mailbox's unit (an organisation's mailbox: the coordinators of its triage unit). They turn one into a
 * complaint (received on the mail's date, channel e-mail, its files carried over) or file it as no complaint.
 */
const NOT_VISIBLE = 'Dit bericht bestaat niet of u heeft er geen toegang toe.';

export interface TriageItem {
  id: string;
  sentAt: Date;
  fromName: string;
  fromAddress: string;
  subject: string;
  text: string;
  unitId: string | null;
  attachments: string[];
}

async function triageUnits(db: Kysely<DB>, actor: Actor): Promise<{ units: Set<string>; orgUnit: string | null }> {
  const units = await listUnits(db, actor.organisationId);
  const mine = unitsWithRole(actor, units, 'coordinator');
  const orgUnit = units.length ? triageUnit(units).id : null;
  return { units: mine, orgUnit };
}

const mayTriage = (scope: { units: Set<string>; orgUnit: string | null }, unitId: string | null) => scope.units.has(unitId ?? scope.orgUnit ?? '');

export async function listTriage(db: Kysely<DB>, actor: Actor): Promise<TriageItem[]> {
  const scope = await triageUnits(db, actor);
  if (!scope.units.size) return [];
  const rows = await db
    .selectFrom('inbound_messages')
    .select(['id', 'sent_at', 'from_name', 'from_address', 'subject', 'text', 'unit_id'])
    .where('organisation_id', '=', actor.organisationId)
    .where('status', '=', 'triage')
    .orderBy('sent_at')
    .limit(500)
    .execute();
  return rows.filter((r) => mayTriage(scope, r.unit_id)).map((r) => ({ id: r.id, sentAt: r.sent_at, fromName: r.from_name, fromAddress: r.from_address, subject: r.subject, text: r.text, unitId: r.unit_id, attachments: [] }));
}

/** One message in triage, with the names of its attachments (for the registration form prefilled from it). */
export async function triageItem(db: Kysely<DB>, actor: Actor, id: string): Promise<TriageItem> {
  const row = await visibleMessage(db, actor, id);
  const parsed = await simpleParser(Buffer.from(row.raw));
  return { id: row.id, sentAt: row.sent_at, fromName: row.from_name, fromAddress: row.from_address, subject: row.subject, text: row.text, unitId: row.unit_id, attachments: parsed.attachments.map((a) => a.filename || 'bijlage') };
}

async function visibleMessage(db: Kysely<DB>, actor: Actor, id: string, lock = false) {
  if (!isUuid(id)) throw notFound(NOT_VISIBLE);
  let q = db.selectFrom('inbound_messages').selectAll().where('id', '=', id).where('organisation_id', '=', actor.organisationId);
  if (lock) q = q.forUpdate();
  const row = await q.executeTakeFirst();
  if (!row || !mayTriage(await triageUnits(db, actor), row.unit_id)) throw notFound(NOT_VISIBLE);
  if (row.status !== 'triage') throw new AppError('conflict', row.status === 'converted' ? 'Van dit bericht is al een klacht gemaakt.' : 'Dit bericht is al afgehandeld.');
  return row;
}

/** What the registration form starts with for a message: received on the mail's date, by e-mail, from its sender. */
export function prefillFromMail(item: TriageItem) {
  return {
    channel: 'email',
    receivedOn: today(item.sentAt),
    subject: item.subject.slice(0, 200),
    description: item.text.trim().slice(0, 20000),
    'complainant.name': item.fromName,
    'complainant.email': item.fromAddress,
    ...(item.unitId ? { unitId: item.unitId } : {}),
  };
}

/**
 * "Klacht van maken": registers the complaint (staff door, the form's input; the date of receipt defaults to the
 * mail's date and the channel to e-mail), carries the mail's files and the original .eml over, and marks the
 * message converted, all in one transaction.
 */
export async function convertInboundMessage(db: Kysely<DB>, actor: Actor, id: string, input: Record<string, unknown>, opts: { now?: Date; attachments?: AttachmentInput[] } = {}): Promise<RegisteredComplaint> {
  const now = opts.now ?? new Date();
  return inTransaction(db, async (tx) => {
    const row = await visibleMessage(tx, actor, id, true);
    const registered = await registerComplaint(tx, {
      organisationId: actor.organisationId,
      actor,
      door: 'staff',
      input: { channel: 'email', receivedOn: today(row.sent_at), ...Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined && v !== '')) },
      ...(opts.attachments?.length ? { attachments: opts.attachments } : {}),
      now,
    });
    const files = mailFiles(await simpleParser(Buffer.from(row.raw)), Buffer.from(row.raw), row.sent_at);
    for (const f of files.accepted) {
      await tx.insertInto('complaint_attachments').values({ organisation_id: actor.organisationId, complaint_id: registered.id, ...f, uploaded_by: actor.userId }).execute();
    }
    await tx.updateTable('inbound_messages').set({ status: 'converted', complaint_id: registered.id, handled_by: actor.userId, handled_at: now }).where('id', '=', row.id).execute();
    await audit(tx, { organisationId: actor.organisationId, actorUserId: actor.userId, action: 'mail.converted', subjectType: 'inbound_message', subjectId: row.id, details: { complaintId: registered.id, files: files.accepted.length } });
    return registered;
  });
}

/** "Geen klacht": the message leaves the list with a note saying why. */
export async function fileAsNoComplaint(db: Kysely<DB>, actor: Actor, id: string, note: string, opts: { now?: Date } = {}): Promise<void> {
  const text = note.trim();
  if (text.length < 3) throw validationFailed([{ field: 'note', message: 'Schrijf kort op waarom dit geen klacht is.' }]);
  if (text.length > 2000) throw validationFailed([{ field: 'note', message: 'De toelichting mag hoogstens 2.000 tekens lang zijn.' }]);
  await inTransaction(db, async (tx) => {
    const row = await visibleMessage(tx, actor, id, true);
    await tx.updateTable('inbound_messages').set({ status: 'no_complaint', note: text, handled_by: actor.userId, handled_at: opts.now ?? new Date() }).where('id', '=', row.id).execute();
    await audit(tx, { organisationId: actor.organisationId, actorUserId: actor.userId, action: 'mail.no_complaint', subjectType: 'inbound_message', subjectId: row.id });
  });
}
