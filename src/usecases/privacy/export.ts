import type { Kysely } from 'kysely';
import type { DB } from '../../db/types.ts';
import { RECORD_KIND_LABELS, STATUS_LABELS, WORKFLOW, type RecordKind, type Status } from '../../domain/workflow/index.ts';
import type { Actor } from '../actor.ts';
import { audit } from '../audit.ts';
import { activeHolds } from '../retention/holds.ts';
import { dossierRetention } from '../retention/retention.ts';
import { serverSecret } from '../settings.ts';
import { findPerson, parsePersonQuery, PERSON_ROLE_LABELS, requirePrivacyRole, subjectHash, type MatchReason, type PersonQuery, type PersonRole } from './find-person.ts';
import { processingRecord, type ProcessingRecord } from './processing-record.ts';

/**
 * The access export (AVG art. 15, inzage; ADR 0020): everything the organisation holds about one person, per
 * dossier: the registration, the history (every event with its data), the letters to the complainant (in full;
 * letters to the person complained about by date and kind only: their text is about a colleague), the e-mails
 * sent to and received from the person, the attachments (name, size, date, checksum; the file itself in the JSON
 * as base64 when at most 256 kB, larger files are listed and sent separately from the dossier), the holds on
 * destruction; then the mails not joined to a dossier and the Mijn-klacht link requests; and the purposes, legal
 * bases, recipients and retention from the record of processing (art. 15(1)(a)–(d)).
 * Every export is audited: one line for the export (a keyed hash of what was searched, never the address or
 * name; the dossiers; the request it answers) and one line per dossier read.
 */
export const EXPORT_FORMAT = 'klachtwijs/privacy-export@1';
export const INLINE_ATTACHMENT_LIMIT = 256 * 1024;

export interface ExportedDossier {
  reference: string;
  unit: string;
  kind: string;
  kindLabel: string;
  status: string;
  statusLabel: string;
  channel: string;
  receivedOn: string;
  closedAt: string | null;
  yourRole: { role: PersonRole; label: string }[];
  matchedBy: MatchReason[];
  subject: string | null;
  description: string;
  complainant: Record<string, unknown>;
  details: Record<string, unknown>;
  classification: Record<string, unknown>;
  history: { seq: number; type: string; label: string; at: string; data: unknown }[];
  letters: { date: string; kind: string; recipient: 'complainant' | 'respondent'; channel: string; subject: string | null; body: string | null }[];
  mailsSent: { queuedAt: string; sentAt: string | null; recipient: string; subject: string; purpose: string }[];
  mailsReceived: { sentAt: string; from: string; fromName: string; subject: string; text: string }[];
  attachments: { filename: string; contentType: string; size: number; addedAt: string; sha256: string; contentBase64?: string; note?: string }[];
  retention: {
    /** The destruction date (src/usecases/retention); null while the dossier is open or kept without an end. */
    destroyAfter: string | null;
    rule: string;
    holds: { kind: string; placedAt: string }[];
  };
}

export interface PrivacyExport {
  format: typeof EXPORT_FORMAT;
  madeAt: string;
  controller: string;
  searchedFor: { email?: string; phone?: string; name?: string };
  processing: Pick<ProcessingRecord, 'regulations' | 'legalBases' | 'recipients' | 'transfers' | 'retention'>;
  dossiers: ExportedDossier[];
  mailsNotJoined: { sentAt: string; from: string; fromName: string; subject: string; text: string }[];
  complainantLinkRequests: { count: number; last: string | null; note: string };
}

const iso = (d: Date | string | null | undefined) => (d == null ? null : d instanceof Date ? d.toISOString() : new Date(d).toISOString());
const dayOf = (d: Date | string) => (d instanceof Date ? d.toISOString().slice(0, 10) : String(d).slice(0, 10));

function eventLabel(type: string): string {
  if (type === 'registered') return 'Geregistreerd';
  return (WORKFLOW as Record<string, { label: string } | undefined>)[type]?.label ?? type;
}

export interface ExportRequest {
  organisationId: string;
  /** null: the command line. */
  actor: Actor | null;
  query: unknown;
  via: 'cli' | 'page' | 'api';
  /** The privacy request this export answers (audit). */
  requestId?: string | null;
  smtpConfigured?: boolean;
  now?: Date;
}

/** Builds the export and writes the audit lines (in one transaction). */
export async function exportPersonalData(db: Kysely<DB>, req: ExportRequest): Promise<PrivacyExport> {
  await requirePrivacyRole(db, req.actor);
  const q: PersonQuery = parsePersonQuery(req.query);
  const now = req.now ?? new Date();
  return db.transaction().execute(async (tx) => {
    const org = await tx.selectFrom('organisations').select(['id', 'name']).where('id', '=', req.organisationId).executeTakeFirstOrThrow();
    const found = await findPerson(tx, org.id, q);
    const record = await processingRecord(tx, org.id, { smtpConfigured: req.smtpConfigured ?? false });
    const ids = found.dossiers.map((d) => d.id);
    const holds = await activeHolds(tx, org.id, ids);
    const ruleByScope = new Map(record.retention.map((r) => [r.scope, r.text]));

    const dossiers: ExportedDossier[] = [];
    for (const f of found.dossiers) {
      const c = await tx.selectFrom('complaints').selectAll().where('id', '=', f.id).where('organisation_id', '=', org.id).executeTakeFirstOrThrow();
      const kept = await dossierRetention(tx, org.id, f.id);
      const events = await tx.selectFrom('complaint_events').select(['seq', 'type', 'at', 'data']).where('complaint_id', '=', f.id).orderBy('seq').execute();
      const letters = await tx
        .selectFrom('letters')
        .select(['kind', 'recipient_role', 'channel', 'subject', 'body', 'created_at'])
        .where('complaint_id', '=', f.id)
        .where('organisation_id', '=', org.id)
        .orderBy('created_at')
        .execute();
      const addresses = new Set([typeof c.complainant['email'] === 'string' ? c.complainant['email'].trim().toLowerCase() : '', q.email ?? ''].filter(Boolean));
      const sent = (
        await tx
          .selectFrom('outbound_mails')
          .select(['queued_at', 'sent_at', 'recipient', 'subject', 'purpose'])
          .where('complaint_id', '=', f.id)
          .where('organisation_id', '=', org.id)
          .orderBy('queued_at')
          .execute()
      ).filter((m) => addresses.has(m.recipient.trim().toLowerCase()));
      const received = await tx
        .selectFrom('inbound_messages')
        .select(['sent_at', 'from_address', 'from_name', 'subject', 'text'])
        .where('complaint_id', '=', f.id)
        .where('organisation_id', '=', org.id)
        .orderBy('sent_at')
        .execute();
      const files = await tx
        .selectFrom('complaint_attachments')
        .select(['filename', 'content_type', 'size', 'created_at', 'sha256', 'data'])
        .where('complaint_id', '=', f.id)
        .where('organisation_id', '=', org.id)
        .orderBy('created_at')
        .execute();
      dossiers.push({
        reference: c.reference,
        unit: f.unitName,
        kind: c.kind,
        kindLabel: RECORD_KIND_LABELS[c.kind as RecordKind] ?? c.kind,
        status: c.status,
        statusLabel: STATUS_LABELS[c.status as Status] ?? c.status,
        channel: c.channel,
        receivedOn: dayOf(c.received_on),
        closedAt: iso(c.closed_at),
        yourRole: f.roles.map((role) => ({ role, label: PERSON_ROLE_LABELS[role] })),
        matchedBy: f.matchedBy,
        subject: c.subject,
        description: c.description,
        complainant: c.complainant,
        details: c.details,
        classification: c.classification,
        history: events.map((e) => ({ seq: e.seq, type: e.type, label: eventLabel(e.type), at: iso(e.at)!, data: e.data })),
        letters: letters.map((l) => ({
          date: dayOf(l.created_at),
          kind: l.kind,
          recipient: l.recipient_role,
          channel: l.channel,
          subject: l.recipient_role === 'complainant' ? l.subject : null,
          body: l.recipient_role === 'complainant' ? l.body : null,
        })),
        mailsSent: sent.map((m) => ({ queuedAt: iso(m.queued_at)!, sentAt: iso(m.sent_at), recipient: m.recipient, subject: m.subject, purpose: m.purpose })),
        mailsReceived: received.map((m) => ({ sentAt: iso(m.sent_at)!, from: m.from_address, fromName: m.from_name, subject: m.subject, text: m.text })),
        attachments: files.map((a) => ({
          filename: a.filename,
          contentType: a.content_type,
          size: a.size,
          addedAt: iso(a.created_at)!,
          sha256: a.sha256,
          ...(a.size <= INLINE_ATTACHMENT_LIMIT
            ? { contentBase64: Buffer.from(a.data).toString('base64') }
            : { note: 'Groter dan 256 kB: dit bestand wordt apart meegestuurd (te downloaden uit het dossier).' }),
        })),
        retention: {
          destroyAfter: kept?.destroyAfter ?? null,
          rule: kept?.basis ?? ruleByScope.get(f.unitName) ?? record.retention[0]?.text ?? '',
          holds: (holds.get(f.id) ?? []).map((h) => ({ kind: h.kind, placedAt: iso(h.placed_at)! })),
        },
      });
      await audit(tx, {
        organisationId: org.id,
        actorUserId: req.actor?.userId ?? null,
        action: 'complaint.exported_for_access',
        subjectType: 'complaint',
        subjectId: f.id,
        details: { via: req.via, ...(req.requestId ? { requestId: req.requestId } : {}) },
      });
    }
    const loose = found.unjoinedMailIds.length
      ? await tx.selectFrom('inbound_messages').select(['sent_at', 'from_address', 'from_name', 'subject', 'text']).where('id', 'in', found.unjoinedMailIds).orderBy('sent_at').execute()
      : [];
    await audit(tx, {
      organisationId: org.id,
      actorUserId: req.actor?.userId ?? null,
      action: 'privacy.exported',
      subjectType: 'privacy_subject',
      subjectId: req.requestId ?? null,
      details: {
        subject: subjectHash(await serverSecret(tx, 'privacy_subject_key'), q),
        searchedBy: [q.email && 'email', q.phone && 'phone', q.name && 'name'].filter(Boolean),
        complaintIds: ids,
        mailsNotJoined: found.unjoinedMailIds.length,
        via: req.via,
        ...(req.requestId ? { requestId: req.requestId } : {}),
      },
    });
    return {
      format: EXPORT_FORMAT,
      madeAt: now.toISOString(),
      controller: org.name,
      searchedFor: { ...(q.email ? { email: q.email } : {}), ...(q.phone ? { phone: q.phone } : {}), ...(q.name ? { name: q.name } : {}) },
      processing: { regulations: record.regulations, legalBases: record.legalBases, recipients: record.recipients, transfers: record.transfers, retention: record.retention },
      dossiers,
      mailsNotJoined: loose.map((m) => ({ sentAt: iso(m.sent_at)!, from: m.from_address, fromName: m.from_name, subject: m.subject, text: m.text })),
      complainantLinkRequests: {
        count: found.linkRequests.count,
        last: iso(found.linkRequests.last),
        note: 'Van een verzoek om de link naar Mijn klacht bewaren we alleen een hash van het e-mailadres en het moment.',
      },
    };
  });
}
