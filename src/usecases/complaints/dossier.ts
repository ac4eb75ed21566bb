import type { Kysely } from 'kysely';
import type { DB } from '../../db/types.ts';
import { dayZero, type IsoDate } from '../../domain/deadlines/index.ts';
import type { Regulation } from '../../domain/regulation/index.ts';
import {
  complaintDeadlines,
  DEADLINE_KEYS,
  foldFacts,
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
 * start pages can filter and sort without folding every dossier. Always recomputed from the facts.
 */
export function cachedColumns(policy: WorkflowPolicy, facts: ComplaintFacts, on: IsoDate) {
  const full = complaintDeadlines(policy, facts, on);
  const dates: Record<string, string> = {};
  let next: string | null = null;
  for (const key of DEADLINE_KEYS) {
    const d = full[key];
    if (!d) continue;
    dates[key] = d.due;
    if (!d.met && (!next || d.due < next)) next = d.due;
  }
  const open = ['new', 'in_progress', 'suspended'].includes(facts.status);
  return {
    status: facts.status,
    handler_user_id: facts.handlerUserId,
    respondent_user_id: facts.respondentUserId,
    classification: JSON.stringify(facts.classification ?? {}),
    deadlines: JSON.stringify(dates),
    decision_due: full.decision?.due ?? null,
    next_due: open ? next : null,
    handed_to_role: facts.handedOverTo,
    consulted_roles: JSON.stringify([...new Set(facts.consultations.map((c) => c.role))]),
    last_seq: facts.lastSeq,
  };
}
