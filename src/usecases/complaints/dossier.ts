import type { Kysely } from 'kysely';
import type { DB } from '../../db/types.ts';
import { dayZero, type IsoDate } from '../../domain/deadlines/index.ts';
import type { Regulation } from '../../domain/regulation/index.ts';
import {
  complaintDeadlines,
  deadlineKeys,
  DEADLINE_LABELS,
  foldFacts,
  procedureRoles,
  runningDeadline,
  policyFromRegulation,
  type ComplaintFacts,
  type HistoryEvent,
  type WorkflowPolicy,
} from '../../domain/workflow/index.ts';
import { regulationVersion } from '../regulations/regulations.ts';

/** Shared pieces of the complaint use cases: the policy per regulation version, the fold, the cached columns. */
const policies = new Map<string, WorkflowPolicy>();

export interface LoadedRegulation {
  versionId: string;
  version: number;
  regulation: Regulation;
  policy: WorkflowPolicy;
}

export async function loadRegulation(db: Kysely<DB>, organisationId: string, versionId: string): Promise<LoadedRegulation> {
  const v = await regulationVersion(db, organisationId, versionId);
  let policy = policies.get(versionId);
  if (!policy) {
    policy = policyFromRegulation(v.regulation);
    policies.set(versionId, policy);
  }
  return { versionId, version: v.version, regulation: v.regulation, policy };
}

/** The policy of a regulation version already read in this process (versions never change once activated). */
export function cachedPolicy(versionId: string): WorkflowPolicy | undefined {
  return policies.get(versionId);
}

export function policyFor(versionId: string, regulation: Regulation): WorkflowPolicy {
  let policy = policies.get(versionId);
  if (!policy) {
    policy = policyFromRegulation(regulation);
    policies.set(versionId, policy);
  }
  return policy;
}

/**
 * Runs `fn` in a new transaction, or inside the caller's when `db` already is one, so a route can put
 * several use cases in one transaction (register + classify in one API call: all or nothing).
 */
export function inTransaction<T>(db: Kysely<DB>, fn: (tx: Kysely<DB>) => Promise<T>): Promise<T> {
  return db.isTransaction ? fn(db) : db.transaction().execute(fn);
}

/** Today in Europe/Amsterdam (day numbers of the deadline engine). */
export function today(now = new Date()): IsoDate {
  return dayZero(now);
}

/** One event appended to a dossier's history, literally as it happened (ADR 0006): the one way every use case writes it. */
export interface NewEvent {
  organisationId: string;
  complaintId: string;
  seq: number;
  type: string;
  at: Date;
  actorUserId: string | null;
  actorRoles: readonly string[];
  data: Record<string, unknown>;
}

export async function appendEvent(tx: Kysely<DB>, e: NewEvent): Promise<void> {
  await tx
    .insertInto('complaint_events')
    .values({
      organisation_id: e.organisationId,
      complaint_id: e.complaintId,
      seq: e.seq,
      type: e.type,
      at: e.at,
      actor_user_id: e.actorUserId,
      actor_roles: JSON.stringify(e.actorRoles),
      data: JSON.stringify(e.data),
    })
    .execute();
}

export async function loadHistory(db: Kysely<DB>, complaintId: string): Promise<HistoryEvent[]> {
  const rows = await db
    .selectFrom('complaint_events')
    .select(['seq', 'type', 'at', 'actor_user_id', 'actor_roles', 'data'])
    .where('complaint_id', '=', complaintId)
    .orderBy('seq')
    .execute();
  return rows.map((r) => ({ seq: r.seq, type: r.type, at: r.at.toISOString(), actorUserId: r.actor_user_id, actorRoles: r.actor_roles, data: r.data }));
}

export async function loadFacts(db: Kysely<DB>, complaintId: string): Promise<ComplaintFacts> {
  return foldFacts(await loadHistory(db, complaintId));
}

/**
 * The columns that cache what the history says (status, handler, classification, due dates), so lists and
 * start pages can filter and sort without folding every dossier. Always recomputed from the facts, and
 * rebuilt for every complaint by `klachtwijs refold` (refold.ts).
 *
 * `next_due` / `next_due_key`: the earliest clock that is RUNNING (not met, still relevant, not suspended),
 * so a complaint in handling is never late on the intake clock and a suspended complaint shows no date
 * (its clock stands still; the list says "opgeschort"). Running clocks do not move while nothing happens,
 * so the cached date stays true until the next event. `decided_late`: the decision was taken after its
 * due date (stays findable after closing). `closed_at`: the day it was closed (the close event's date,
 * or the day of receipt of a record that starts closed), never the time of a later note.
 */
export function cachedColumns(policy: WorkflowPolicy, facts: ComplaintFacts, on: IsoDate) {
  const full = complaintDeadlines(policy, facts, on);
  const dates: Record<string, string> = {};
  for (const key of deadlineKeys(full)) {
    const d = full[key];
    if (d) dates[key] = d.due;
  }
  // Only running clocks count (a standard clock stops when the procedure ends); an own milestone after the judgement
  // (the organisation's response) runs on after the decision, so the lists, start pages and term check show it.
  const next = runningDeadline(full, policy);
  return {
    status: facts.status,
    // "Geen klacht" turned into a complaint (001 §3.1) is a complaint from its new day 0.
    kind: facts.kind,
    ...(facts.receivedOn ? { received_on: facts.receivedOn } : {}),
    handler_user_id: facts.handlerUserId,
    respondent_user_id: facts.respondentUserId,
    classification: JSON.stringify(facts.classification ?? {}),
    deadlines: JSON.stringify(dates),
    decision_due: full.decision?.due ?? null,
    next_due: next ? next.due : null,
    next_due_key: next ? next.key : null,
    // An own milestone's label, or the regulation's own name for a standard term (003 "Antwoord"); null: the standard label.
    next_due_label: next && next.label !== next.key && next.label !== (DEADLINE_LABELS as Record<string, string>)[next.key] ? next.label : null,
    decided_late: full.decision?.met === true && full.decision.late,
    closed_at: facts.status === 'closed' && facts.closedOn ? startOfDay(facts.closedOn) : null,
    // A correction of the registration (unit, complainant) is in the history; the row follows it. Before
    // any correction the complainant stays as registered (the registration event does not hold it).
    // A unit set by a correction also ends the triage of a "Weet ik niet" complaint (even at the same unit).
    ...(facts.unitId ? { unit_id: facts.unitId, ...(facts.corrections.some((c) => c.fields.includes('unit')) ? { unit_unknown: false } : {}) } : {}),
    ...(facts.complainant ? { complainant: JSON.stringify(facts.complainant) } : {}),
    handed_to_role: facts.handedOverTo,
    consulted_roles: JSON.stringify([...new Set(facts.consultations.map((c) => c.role))]),
    procedure_roles: JSON.stringify(procedureRoles(policy, facts)),
    last_seq: facts.lastSeq,
  };
}

/** Midnight in Europe/Amsterdam at the start of `day`. */
export function startOfDay(day: IsoDate): Date {
  const utcMidnight = Date.parse(`${day}T00:00:00Z`);
  for (const hours of [-2, -1, 0]) {
    const t = new Date(utcMidnight + hours * 3_600_000);
    if (dayZero(t) === day && dayZero(new Date(t.getTime() - 1)) !== day) return t;
  }
  return new Date(utcMidnight);
}
