/**
 * The facts of one complaint (`ComplaintFacts`), as the fold (fold.ts) builds them from its history events, and the
 * questions the guards ask of them. This module knows neither the workflow table nor the guards: they build on it, so
 * the workflow's modules form no import cycle (ADR 0004, addendum). Pure.
 */
import type { IsoDate, Term } from '../deadlines/index.ts';
import { dayZero, isIsoDate } from '../deadlines/index.ts';
import type { HearingParty, Outcome } from './actions.ts';
import type { ProductRole, RecordKind, Status } from './states.ts';

/** One history row. `type` is an action name or `registered`. */
export interface HistoryEvent {
  seq: number;
  type: string;
  /** ISO timestamp. */
  at: string;
  actorUserId: string | null;
  actorRoles: readonly ProductRole[] | readonly string[];
  data: unknown;
}

export interface HearingFacts {
  planned: { on: IsoDate; note: string | null; time?: string | null; place?: string | null }[];
  heard: { on: IsoDate; report: string | null }[];
  waived: { ground: string; explanation: string | null; on: IsoDate } | null;
}

export interface DecisionFacts {
  outcome: Outcome;
  reasoning: string;
  measures: string[];
  externalBodyNamed: boolean | string;
  form: 'written' | 'oral';
  decidedOn: IsoDate;
  byUserId: string | null;
  /** Why it is upheld although hearing was waived as manifestly unfounded (002 art. 6.6). */
  waiverContradictionReason: string | null;
  /** The committee's recommendations (aanbevelingen) with its judgement (issue 12); absent: none. */
  recommendations?: string[];
  /** The seq of the `decide` event (a letter's delivery names it); absent in facts made by hand. */
  seq?: number;
  /**
   * The letter that tells the complainant the decision in writing, when the product made one for a written decision
   * (002 art. 6.9, Wkkgz art. 17, Awb 9:12): `sentOn` null while it is queued or its mail failed. Absent or null: no
   * such letter (older histories, a letter sent some other way, an oral decision); the decision date counts.
   */
  letter?: { letterId: string; sentOn: IsoDate | null; channel: string | null } | null;
}

/**
 * The day the complainant was told the decision, which meets the decision term: the day its letter was sent when the
 * product made one (never before the decision's date), else the decision's date. Null: not decided, or its letter
 * has not gone out yet (queued, or its mail failed), so the term runs on.
 */
export function decisionToldOn(decision: DecisionFacts | null): IsoDate | null {
  if (!decision) return null;
  if (!decision.letter) return decision.decidedOn;
  const sent = decision.letter.sentOn;
  if (!sent) return null;
  return sent < decision.decidedOn ? decision.decidedOn : sent;
}

/** The decision is taken but its letter to the complainant has not gone out (the decision term still runs). */
export function decisionLetterPending(facts: ComplaintFacts): boolean {
  return facts.decision?.letter != null && facts.decision.letter.sentOn === null;
}

export interface ExternalProcedureFacts {
  bodyName: string;
  bodyKind: string;
  submittedOn: IsoDate;
  reference: string | null;
  ruling: { on: IsoDate; outcome: string } | null;
  reactions: { on: IsoDate; text: string; by: string }[];
}

export interface ComplaintFacts {
  kind: RecordKind;
  status: Status;
  /** Day 0; null only before the `registered` event. */
  receivedOn: IsoDate | null;
  /**
   * The day the acknowledgement was given: the day of the `acknowledge` action, or, when the product made its letter,
   * the day that letter was sent (mail taken by the mail server, or posted). Null while the letter is queued or its
   * mail failed: a written confirmation (002 art. 6.3) is not given by a letter that did not go out.
   */
  acknowledgedOn: IsoDate | null;
  /** The `acknowledge` action (the first one) and its letter, when the product made one; null: not recorded. */
  acknowledgement: { seq: number; recordedOn: IsoDate; letter: { letterId: string; sentOn: IsoDate | null; channel: string | null } | null } | null;
  handlerUserId: string | null;
  /** Who the complaint is about, when known (never the handler, Awb 9:7). */
  respondentUserId: string | null;
  respondentName: string | null;
  notComplaintKey: string | null;
  classification: { values: Record<string, string[]>; severity: string | null; sensitive: boolean } | null;
  copySentOn: IsoDate | null;
  /** The person complained about was told the outcome (002 art. 6.9); null: not (yet). */
  respondentInformedOn: IsoDate | null;
  /** The copy was sent with the documents (002 art. 6.4); null: not recorded. */
  copyIncludesDocuments: boolean | null;
  hearings: Record<HearingParty, HearingFacts>;
  contacts: { on: IsoDate; with: string; summary: string | null; agreements: string | null; actions: string | null; firstLine: boolean }[];
  /** `to` is the first day the clock ran again (exclusive), null while suspended. */
  suspensions: { from: IsoDate; to: IsoDate | null; reason: string }[];
  /** `late`: the notice went out after the original term ended; it does not move the term. */
  extension: { term: Term; noticeOn: IsoDate; reason: string; late: boolean } | null;
  /** Current escalation level (a regulation role key); null: not escalated. */
  escalationLevel: string | null;
  escalations: { to: string; reason: string; on: IsoDate; kind: 'handover' | 'consult' | null }[];
  /** The role the complaint was last handed over to (an escalation of kind `handover`); null: none. */
  handedOverTo: string | null;
  /** Roles consulted (an escalation of kind `consult`) and their advice once recorded. */
  consultations: { role: string; on: IsoDate; advice: string | null; adviceOn: IsoDate | null; adviceByUserId: string | null }[];
  decision: DecisionFacts | null;
  /** Decisions replaced after a reopen, oldest first. */
  previousDecisions: DecisionFacts[];
  satisfaction: { satisfied: boolean; on: IsoDate; note: string | null } | null;
  /** Corrections of the recorded satisfaction, oldest first (each its own event). */
  satisfactionCorrections: { from: boolean; to: boolean; reason: string; on: IsoDate }[];
  /** Registered as "geen klacht" first, then turned into a complaint (001 §3.1). */
  convertedFrom: { receivedOn: IsoDate; notComplaintKey: string | null; reason: string } | null;
  /** Who signed for each role: the user holding that role for this complaint (000 art. 5.5). */
  signOffs: { role: string; on: IsoDate; byUserId: string | null }[];
  externalProcedures: ExternalProcedureFacts[];
  withdrawn: { on: IsoDate; reason: string | null } | null;
  inadmissible: { ground: string; explanation: string; conductOn: IsoDate | null; on: IsoDate } | null;
  closedOn: IsoDate | null;
  reopenCount: number;
  /** The day of the last reopening: the decision clock runs again from here (null: never reopened). */
  reopenedOn: IsoDate | null;
  notes: { text: string; at: string; byUserId: string | null }[];
  /** The unit the complaint belongs to: as registered, or as last corrected (null: not recorded). */
  unitId: string | null;
  /** The complainant as last corrected (all fields); null: as registered (kept on the complaint row). */
  complainant: Record<string, unknown> | null;
  /** The earlier complaint of the same complainant this one is linked to (a correction); null: none. */
  linkedComplaintId: string | null;
  /** Corrections of the registration, oldest first (each its own event; the history shows before and after). */
  corrections: { on: IsoDate; reason: string; fields: string[] }[];
  /** The complainant asked for a judgement (after mediation; issue 12); null: not (yet). */
  judgementRequested: { on: IsoDate; via: string | null; note: string | null } | null;
  /** The complaint was forwarded to the klachtencommissie; null: not (yet). */
  forwarded: { on: IsoDate; note: string | null } | null;
  /** The organisation's written response to the judgement; null: not (yet). */
  response: { on: IsoDate; text: string; measures: { text: string; due: IsoDate | null }[]; byUserId: string | null } | null;
  /** Proof of capacity asked and what came of it, oldest first. */
  proofOfCapacity: {
    requests: { on: IsoDate; asked: string; byUserId: string | null }[];
    results: { on: IsoDate; result: string; note: string | null; byUserId: string | null }[];
  };
  /** Highest seq folded (0: none). */
  lastSeq: number;
  /** Seqs of events whose data could not be read with their stored schema: shown as such, never dropped. */
  unreadableEvents: number[];
}

export function emptyFacts(): ComplaintFacts {
  return {
    kind: 'complaint',
    status: 'new',
    receivedOn: null,
    acknowledgedOn: null,
    acknowledgement: null,
    handlerUserId: null,
    respondentUserId: null,
    respondentName: null,
    notComplaintKey: null,
    classification: null,
    copySentOn: null,
    respondentInformedOn: null,
    copyIncludesDocuments: null,
    hearings: { complainant: emptyHearing(), respondent: emptyHearing() },
    contacts: [],
    suspensions: [],
    extension: null,
    escalationLevel: null,
    escalations: [],
    handedOverTo: null,
    consultations: [],
    decision: null,
    previousDecisions: [],
    satisfaction: null,
    satisfactionCorrections: [],
    convertedFrom: null,
    signOffs: [],
    externalProcedures: [],
    withdrawn: null,
    inadmissible: null,
    closedOn: null,
    reopenCount: 0,
    reopenedOn: null,
    notes: [],
    unitId: null,
    complainant: null,
    linkedComplaintId: null,
    corrections: [],
    judgementRequested: null,
    forwarded: null,
    response: null,
    proofOfCapacity: { requests: [], results: [] },
    lastSeq: 0,
    unreadableEvents: [],
  };
}

function emptyHearing(): HearingFacts {
  return { planned: [], heard: [], waived: null };
}

/** The external procedure an input refers to (1-based), default the latest. */
export function pickProcedure(facts: ComplaintFacts, procedure: number | undefined): ExternalProcedureFacts | undefined {
  if (procedure === undefined) return facts.externalProcedures.at(-1);
  return facts.externalProcedures[procedure - 1];
}

/** The open suspension, if any. */
export function openSuspension(facts: ComplaintFacts): ComplaintFacts['suspensions'][number] | undefined {
  return facts.suspensions.find((s) => s.to === null);
}

/** The complaint was resolved to the complainant's satisfaction (000 art. 5.5). */
export function resolvedToSatisfaction(facts: ComplaintFacts): boolean {
  return facts.satisfaction?.satisfied === true || facts.decision?.outcome === 'resolved_by_agreement';
}

/** Calendar date (Europe/Amsterdam) of an ISO timestamp, or null when it is not one. */
export function dayOf(at: string): IsoDate | null {
  if (isIsoDate(at)) return at;
  const ms = Date.parse(at);
  if (!Number.isFinite(ms)) return null;
  try {
    return dayZero(new Date(ms));
  } catch {
    return null;
  }
}
