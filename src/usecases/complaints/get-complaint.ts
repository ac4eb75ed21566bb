import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { DB } from '../../db/types.ts';
import {
  actionAvailability,
  complaintDeadlines,
  foldFacts,
  handoverCandidates,
  runningDeadline,
  type ComplaintDeadlines,
  type ComplaintFacts,
  type HistoryEvent,
  type WorkflowPolicy,
} from '../../domain/workflow/index.ts';
import type { Regulation } from '../../domain/regulation/index.ts';
import { notFound } from '../../shared/errors.ts';
import { isUuid } from '../../shared/validation.ts';
import type { Actor } from '../actor.ts';
import { audit } from '../audit.ts';
import { complaintScope, NOT_VISIBLE, visibleTo, type ComplaintScope } from './access.ts';
import { phoneDigits, STORED_ADDRESS, STORED_PHONE } from './list-complaints.ts';
import { loadHistory, loadRegulation, today } from './dossier.ts';
import { rolesOnComplaint } from './perform-action.ts';
import { complaintPeople, loadOrganisationRoles, roleHolders, rolesHeld, roleWork } from '../regulation-roles/world.ts';

export interface ComplaintDossier {
  complaint: {
    id: string;
    reference: string;
    kind: string;
    status: string;
    channel: string;
    receivedOn: string;
    subject: string | null;
    description: string;
    complainant: Record<string, unknown>;
    details: Record<string, unknown>;
    unit: { id: string; name: string; /** "Weet ik niet" on the public form: waiting at the triage unit until staff set the unit. */ unknown: boolean };
    handler: { id: string; name: string } | null;
    registeredBy: string | null;
    createdAt: Date;
  };
  regulation: { versionId: string; version: number; regulation: Regulation; policy: WorkflowPolicy };
  facts: ComplaintFacts;
  history: (HistoryEvent & { actorName: string | null })[];
  deadlines: ComplaintDeadlines;
  /** The clock the lists show: the first one that runs (same rule as the cached `next_due`). */
  runningDeadline: ReturnType<typeof runningDeadline>;
  actions: ReturnType<typeof actionAvailability>;
  attachments: { id: string; filename: string; contentType: string; size: number; createdAt: Date }[];
  /**
   * Who read or changed this dossier (newest first, from the audit log) — only for the unit's coordinator,
   * who answers a complainant's question "who has seen my data?" (AVG art. 15). Null for everyone else.
   */
  accessLog: { at: Date; action: string; actorName: string | null }[] | null;
  /** The regulation roles the reader holds for this complaint (regulation-roles.ts). */
  regulationRoles: string[];
  /**
   * The roles the complaint can be handed over to (escalation of kind handover), each with the users who may take it
   * over: the role's holders for this complaint, the person complained about left out where the regulation says so
   * (`escalationHandlers`, the rule the escalate action checks).
   */
  handoverCandidates: { role: string; userIds: string[] }[];
  /**
   * Other complaints of the same complainant that the reader may see (002 art. 5.1a: "al eerder een klacht
   * ingediend"), newest first: the same e-mail address, the same phone number (digits), or the same name and
   * postal code.
   */
  sameComplainant: SameComplainantItem[];
  /** The earlier complaint this one is linked to (a correction); `reference` null when the reader may not see it. */
  linkedComplaint: { id: string; reference: string | null } | null;
}

export interface SameComplainantItem {
  id: string;
  reference: string;
  kind: string;
  status: string;
  receivedOn: string;
  subject: string | null;
}

/** Reads one dossier the actor may see (need-to-know), and records the read in the audit log. */
export async function getComplaint(db: Kysely<DB>, actor: Actor, complaintId: string, opts: { now?: Date; audit?: boolean } = {}): Promise<ComplaintDossier> {
  if (!isUuid(complaintId)) throw notFound(NOT_VISIBLE);
  const scope = await complaintScope(db, actor, opts.now);
  const row = await db
    .selectFrom('complaints')
    .innerJoin('units', 'units.id', 'complaints.unit_id')
    .leftJoin('users as h', 'h.id', 'complaints.handler_user_id')
    .selectAll('complaints')
    .select(['units.name as unit_name', 'h.name as handler_name'])
    .where('complaints.id', '=', complaintId)
    .where('complaints.organisation_id', '=', actor.organisationId)
    .where(visibleTo(scope))
    .executeTakeFirst();
  if (!row) throw notFound(NOT_VISIBLE);
  const history = await loadHistory(db, row.id);
  const facts = foldFacts(history);
  const regulation = await loadRegulation(db, actor.organisationId, row.regulation_version_id);
  const actorIds = [...new Set(history.map((h) => h.actorUserId).filter((x): x is string => !!x))];
  const names = actorIds.length ? await db.selectFrom('users').select(['id', 'name']).where('id', 'in', actorIds).execute() : [];
  const nameOf = new Map(names.map((n) => [n.id, n.name]));
  const attachments = await db
    .selectFrom('complaint_attachments')
    .select(['id', 'filename', 'content_type', 'size', 'created_at'])
    .where('complaint_id', '=', row.id)
    .orderBy('created_at')
    .execute();
  if (opts.audit !== false) {
    await audit(db, { organisationId: actor.organisationId, actorUserId: actor.userId, action: 'complaint.viewed', subjectType: 'complaint', subjectId: row.id });
  }
  const sameComplainant = await sameComplainantComplaints(db, actor.organisationId, scope, row.id, row.complainant);
  const linkedComplaint = facts.linkedComplaintId
    ? {
        id: facts.linkedComplaintId,
        reference:
          (await db.selectFrom('complaints').select('reference').where('id', '=', facts.linkedComplaintId).where('organisation_id', '=', actor.organisationId).where(visibleTo(scope)).executeTakeFirst())?.reference ?? null,
      }
    : null;
  const deadlines = complaintDeadlines(regulation.policy, facts, today(opts.now));
  const org = await loadOrganisationRoles(db, actor.organisationId, today(opts.now));
  const people = complaintPeople(org, row);
  const regulationRoles = rolesHeld(org, regulation.policy, actor.userId, people);
  const roles = rolesOnComplaint(actor, scope, row, roleWork(org, regulation.policy, actor.userId, people, facts.handedOverTo));
  const accessLog = roles.includes('coordinator')
    ? (
        await db
          .selectFrom('audit_log as a')
          .leftJoin('users as u', 'u.id', 'a.actor_user_id')
          .select(['a.at', 'a.action', 'u.name as actor_name'])
          .where('a.organisation_id', '=', actor.organisationId)
          .where('a.subject_type', '=', 'complaint')
          .where('a.subject_id', '=', row.id)
          .orderBy('a.id', 'desc')
          .limit(100)
          .execute()
      )
        .map((a) => ({ at: a.at, action: a.action, actorName: a.actor_name }))
        // Shown in a list: once per user and day (ADR 0028), beside the audit lines of opening the dossier.
        .concat(
          (
            await db
              .selectFrom('complaint_list_reads as r')
              .leftJoin('users as u', 'u.id', 'r.user_id')
              .select(['r.first_at', 'u.name as actor_name'])
              .where('r.organisation_id', '=', actor.organisationId)
              .where('r.complaint_id', '=', row.id)
              .orderBy('r.day', 'desc')
              .limit(100)
              .execute()
          ).map((r) => ({ at: r.first_at, action: 'complaint.listed', actorName: r.actor_name })),
        )
        .sort((x, y) => new Date(y.at).getTime() - new Date(x.at).getTime())
        .slice(0, 100)
    : null;
  return {
    complaint: {
      id: row.id,
      reference: row.reference,
      kind: row.kind,
      status: row.status,
      channel: row.channel,
      receivedOn: row.received_on,
      subject: row.subject,
      description: row.description,
      complainant: row.complainant,
      details: row.details,
      unit: { id: row.unit_id, name: row.unit_name, unknown: row.unit_unknown },
      handler: row.handler_user_id ? { id: row.handler_user_id, name: row.handler_name ?? '' } : null,
      registeredBy: row.registered_by,
      createdAt: row.created_at,
    },
    regulation,
    facts,
    history: history.map((h) => ({ ...h, actorName: h.actorUserId ? (nameOf.get(h.actorUserId) ?? null) : null })),
    deadlines,
    // Same rule as the cached `next_due`: a clock runs only while it is relevant (a decided complaint whose letter has
    // not gone out still runs its decision term, 002 art. 6.9; an own milestone after the judgement runs on).
    runningDeadline: runningDeadline(deadlines, regulation.policy),
    actions: actionAvailability(facts, regulation.policy, roles, today(opts.now), { userId: actor.userId, regulationRoles }),
    regulationRoles,
    handoverCandidates: handoverCandidates(regulation.policy, facts, roleHolders(org, regulation.policy, people)),
    sameComplainant,
    linkedComplaint,
    attachments: attachments.map((a) => ({ id: a.id, filename: a.filename, contentType: a.content_type, size: a.size, createdAt: a.created_at })),
    accessLog,
  };
}

/** One attachment's bytes, for a user who may see its dossier (the read is audited). */
export async function getAttachment(db: Kysely<DB>, actor: Actor, complaintId: string, attachmentId: string) {
  if (!isUuid(attachmentId) || !isUuid(complaintId)) throw notFound();
  const scope = await complaintScope(db, actor);
  const row = await db
    .selectFrom('complaint_attachments as a')
    .innerJoin('complaints', 'complaints.id', 'a.complaint_id')
    .select(['a.id', 'a.filename', 'a.content_type', 'a.data', 'a.size'])
    .where('a.id', '=', attachmentId)
    .where('complaints.id', '=', complaintId)
    .where('complaints.organisation_id', '=', actor.organisationId)
    .where(visibleTo(scope))
    .executeTakeFirst();
  if (!row) throw notFound();
  await audit(db, { organisationId: actor.organisationId, actorUserId: actor.userId, action: 'complaint.attachment_viewed', subjectType: 'complaint', subjectId: complaintId, details: { attachmentId } });
  return row;
}

/** The complainant's postal code in an address ("1234 AB" anywhere in it), as "1234AB"; null when none. */
export function postalCodeIn(address: string): string | null {
  const m = /\b(\d{4})\s?([A-Za-z]{2})\b/.exec(address);
  return m ? `${m[1]}${m[2]!.toUpperCase()}` : null;
}

/**
 * Other complaints of the same person, among those the reader may see: the same e-mail address
 * (case-insensitive), the same phone number (digits only, +31 as 0; at least 6 digits), or the same name
 * together with the same postal code. Never a name alone: namesakes are not the same complainant.
 */
export async function sameComplainantComplaints(db: Kysely<DB>, organisationId: string, scope: ComplaintScope, complaintId: string, complainant: Record<string, unknown>): Promise<SameComplainantItem[]> {
  const text = (k: string) => (typeof complainant[k] === 'string' ? (complainant[k] as string).trim() : '');
  const email = text('email').toLowerCase();
  const phone = phoneDigits(text('phone'));
  const name = text('name').toLowerCase().replace(/\s+/g, ' ');
  const postal = postalCodeIn(text('postalAddress'));
  const ors: RawBuilder<boolean>[] = [];
  if (email) ors.push(sql<boolean>`lower(trim(complaints.complainant->>'email')) = ${email}`);
  if (phone.length >= 6) ors.push(sql<boolean>`${STORED_PHONE} = ${phone}`);
  if (name && postal) ors.push(sql<boolean>`regexp_replace(lower(trim(complaints.complainant->>'name')), '\\s+', ' ', 'g') = ${name} and ${STORED_ADDRESS} like ${`%${postal}%`}`);
  if (!ors.length) return [];
  const rows = await db
    .selectFrom('complaints')
    .select(['id', 'reference', 'kind', 'status', 'received_on', 'subject'])
    .where('organisation_id', '=', organisationId)
    .where('id', '!=', complaintId)
    .where(visibleTo(scope))
    .where((eb) => eb.or(ors))
    .orderBy('received_on', 'desc')
    .orderBy('reference', 'desc')
    .limit(50)
    .execute();
  return rows.map((r) => ({ id: r.id, reference: r.reference, kind: r.kind, status: r.status, receivedOn: r.received_on, subject: r.subject }));
}
