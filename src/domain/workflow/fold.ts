/**
 * The fold: a complaint's ordered history events into `ComplaintFacts` (facts.ts). The database stores exactly these
 * events (append-only); its status column is a cache of `foldFacts(events).status`.
 *
 * The status is never decided here: an event stores the status it led to (`after.status`, see stored-events.ts); older
 * events without it move the status to `WORKFLOW[type].to` (table.ts), so the one table stays the only place that knows
 * transitions. Event data is read with the lenient STORED schemas (stored-events.ts), never with today's input schemas:
 * reading the past never re-judges it. An event whose data cannot be read is listed in `unreadableEvents` (its status
 * change still counts) so the dossier shows it as such; event types of other modules are left to them. Never throws. Pure.
 */
import type { IsoDate } from '../deadlines/index.ts';
import { isActionName, type ActionName } from './actions.ts';
import { dayOf, emptyFacts, pickProcedure, type ComplaintFacts, type HistoryEvent } from './facts.ts';
import { initialStatus, isStatus } from './states.ts';
import { LETTER_DELIVERY_EVENT, LETTER_DELIVERY_STATES, readStoredEvent, StoredAfterSchema, storedStatus, type StoredAction, type StoredRegistration } from './stored-events.ts';
import { WORKFLOW } from './table.ts';

/** Fold events (any order; sorted by seq) into facts. */
export function foldFacts(events: readonly HistoryEvent[]): ComplaintFacts {
  const sorted = [...events].sort((a, b) => a.seq - b.seq);
  let facts = emptyFacts();
  for (const event of sorted) facts = applyEvent(facts, event);
  return facts;
}

/**
 * A deep copy of plain data (objects with Object's prototype or none, arrays, primitives), as `structuredClone` makes
 * it for such data; anything else (a Date, a Map, …) goes to `structuredClone` itself. Facts are plain data, and
 * `structuredClone` (V8's serialiser and back) was about 3 % of the node process's busy time of a public submission
 * (issue 13, lane intake13), which folds one event.
 */
function copyOf<T>(value: T): T {
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) {
    const out: unknown[] = new Array(value.length);
    for (let i = 0; i < value.length; i++) out[i] = copyOf(value[i] as unknown);
    return out as T;
  }
  const proto = Object.getPrototypeOf(value) as unknown;
  if (proto !== Object.prototype && proto !== null) return structuredClone(value);
  const out: Record<string, unknown> = proto === null ? Object.create(null) : {};
  for (const key of Object.keys(value)) {
    const copy = copyOf((value as Record<string, unknown>)[key]);
    // An own "__proto__" (JSON.parse makes one from stored or posted data) stays a plain property, as structuredClone
    // keeps it: assigned, it would set the copy's prototype instead (lane review13).
    if (key === '__proto__') Object.defineProperty(out, key, { value: copy, enumerable: true, writable: true, configurable: true });
    else out[key] = copy;
  }
  return out as T;
}

/** Fold one more event into facts (returns new facts; `facts` is not changed). */
export function applyEvent(previous: ComplaintFacts, event: HistoryEvent): ComplaintFacts {
  const facts = copyOf(previous);
  facts.lastSeq = Math.max(facts.lastSeq, Number.isFinite(event.seq) ? event.seq : facts.lastSeq);
  const eventDay = dayOf(event.at) ?? facts.receivedOn ?? '1970-01-01';

  const reading = readStoredEvent(event.type, event.data);

  if (event.type === 'registered') {
    if (!reading.readable) {
      facts.unreadableEvents.push(event.seq);
      return facts;
    }
    const r = reading.data as StoredRegistration;
    facts.kind = r.kind;
    facts.status = storedStatus(reading) ?? initialStatus(r.kind);
    facts.receivedOn = r.receivedOn;
    facts.respondentUserId = r.respondentUserId ?? null;
    facts.respondentName = r.respondentName ?? null;
    facts.handlerUserId = r.handlerUserId ?? null;
    facts.notComplaintKey = r.notComplaintKey ?? null;
    facts.unitId = r.unitId ?? null;
    if (facts.status === 'closed') facts.closedOn = r.receivedOn;
    return facts;
  }
  // Other event types (stored attachments, events of other modules) do not change the facts; the
  // dossier history shows them by their type.
  if (event.type === LETTER_DELIVERY_EVENT && reading.readable) {
    foldLetterDelivery(facts, reading.data as StoredLetterDelivery, eventDay);
    return facts;
  }
  if (!isActionName(event.type)) {
    if (!reading.readable && reading.known) facts.unreadableEvents.push(event.seq);
    return facts;
  }

  const action = event.type;
  if (!reading.readable) {
    // The data cannot be read; the status it led to still counts (stored, else from the table).
    facts.unreadableEvents.push(event.seq);
    const after = StoredAfterSchema.safeParse(typeof event.data === 'object' && event.data !== null ? (event.data as Record<string, unknown>)['after'] : undefined);
    const status = after.success && isStatus(after.data.status) ? after.data.status : WORKFLOW[action].to;
    if (status !== null) facts.status = status;
    return facts;
  }
  foldData(facts, action, reading.data, eventDay, event);
  const to = storedStatus(reading) ?? WORKFLOW[action].to;
  if (to !== null) facts.status = to;
  return facts;
}

type StoredLetterDelivery = { letterId: string; actionSeq: number; state: (typeof LETTER_DELIVERY_STATES)[number]; on?: IsoDate | null; channel?: string | null };

/**
 * A letter's delivery: the acknowledgement's (given on the day it went out, 002 art. 6.3) or the decision's (the
 * complainant is told on the day it went out, 002 art. 6.9). Matched by the action's seq; a queued letter after a
 * sent one changes nothing.
 */
function foldLetterDelivery(facts: ComplaintFacts, d: StoredLetterDelivery, day: IsoDate): void {
  const decision = facts.decision;
  if (decision && decision.seq === d.actionSeq && decision.form === 'written') {
    if (decision.letter?.sentOn) return;
    decision.letter = d.state === 'queued'
      ? { letterId: d.letterId, sentOn: null, channel: d.channel ?? null }
      : { letterId: d.letterId, sentOn: d.on ?? day, channel: d.channel ?? decision.letter?.channel ?? null };
    return;
  }
  const ack = facts.acknowledgement;
  if (!ack || d.actionSeq !== ack.seq) return;
  if (d.state === 'queued') {
    if (ack.letter?.sentOn) return;
    ack.letter = { letterId: d.letterId, sentOn: null, channel: d.channel ?? null };
    facts.acknowledgedOn = null;
    return;
  }
  if (ack.letter?.sentOn) return;
  const sentOn = d.on ?? day;
  ack.letter = { letterId: d.letterId, sentOn, channel: d.channel ?? ack.letter?.channel ?? null };
  facts.acknowledgedOn = sentOn < ack.recordedOn ? ack.recordedOn : sentOn;
}

function foldData(facts: ComplaintFacts, action: ActionName, raw: unknown, day: IsoDate, event: HistoryEvent): void {
  const by = event.actorUserId ?? null;
  switch (action) {
    case 'acknowledge': {
      const d = raw as StoredAction<'acknowledge'>;
      if (facts.acknowledgement) return;
      facts.acknowledgement = { seq: event.seq, recordedOn: d.on ?? day, letter: null };
      facts.acknowledgedOn = d.on ?? day;
      return;
    }
    case 'assign': {
      const d = raw as StoredAction<'assign'>;
      facts.handlerUserId = d.handlerUserId;
      return;
    }
    case 'classify': {
      const d = raw as StoredAction<'classify'>;
      facts.classification = { values: { ...d.values }, severity: d.severity ?? null, sensitive: d.sensitive };
      if (d.respondentUserId !== undefined) facts.respondentUserId = d.respondentUserId;
      if (d.respondentName !== undefined) facts.respondentName = d.respondentName ?? null;
      return;
    }
    case 'send-copy-to-respondent': {
      const d = raw as StoredAction<'send-copy-to-respondent'>;
      facts.copySentOn ??= d.on ?? day;
      if (typeof d.includesDocuments === 'boolean') facts.copyIncludesDocuments = d.includesDocuments;
      return;
    }
    case 'record-contact': {
      const d = raw as StoredAction<'record-contact'>;
      facts.contacts.push({
        on: d.on,
        with: d.with,
        summary: d.summary ?? null,
        agreements: d.agreements ?? null,
        actions: d.actions ?? null,
        firstLine: d.firstLine,
      });
      return;
    }
    case 'plan-hearing': {
      const d = raw as StoredAction<'plan-hearing'>;
      facts.hearings[d.party].planned.push({ on: d.on, note: d.note ?? null, time: d.time ?? null, place: d.place ?? null });
      return;
    }
    case 'record-hearing': {
      const d = raw as StoredAction<'record-hearing'>;
      facts.hearings[d.party].heard.push({ on: d.on, report: d.report ?? null });
      return;
    }
    case 'waive-hearing': {
      const d = raw as StoredAction<'waive-hearing'>;
      facts.hearings[d.party].waived = { ground: d.ground, explanation: d.explanation ?? null, on: day };
      return;
    }
    case 'escalate': {
      const d = raw as StoredAction<'escalate'>;
      facts.escalationLevel = d.to;
      facts.escalations.push({ to: d.to, reason: d.reason, on: day, kind: d.kind ?? null });
      if (d.kind === 'handover') {
        facts.handedOverTo = d.to;
        if (d.handlerUserId) facts.handlerUserId = d.handlerUserId;
      }
      if (d.kind === 'consult' && !facts.consultations.some((c) => c.role === d.to && c.advice === null)) {
        facts.consultations.push({ role: d.to, on: day, advice: null, adviceOn: null, adviceByUserId: null });
      }
      return;
    }
    case 'suspend': {
      const d = raw as StoredAction<'suspend'>;
      facts.suspensions.push({ from: d.from, to: null, reason: d.reason });
      return;
    }
    case 'resume': {
      const d = raw as StoredAction<'resume'>;
      endOpenSuspension(facts, d.on ?? day);
      return;
    }
    case 'extend': {
      const d = raw as StoredAction<'extend'>;
      facts.extension ??= { term: { amount: d.term.amount, unit: d.term.unit }, noticeOn: d.noticeOn, reason: d.reason, late: d.late ?? false };
      return;
    }
    case 'declare-inadmissible': {
      const d = raw as StoredAction<'declare-inadmissible'>;
      const on = d.on ?? day;
      endOpenSuspension(facts, on);
      facts.inadmissible = { ground: d.ground, explanation: d.explanation, conductOn: d.conductOn ?? null, on };
      return;
    }
    case 'withdraw': {
      const d = raw as StoredAction<'withdraw'>;
      const on = d.on ?? day;
      endOpenSuspension(facts, on);
      facts.withdrawn = { on, reason: d.reason ?? null };
      return;
    }
    case 'decide': {
      const d = raw as StoredAction<'decide'>;
      facts.decision = {
        outcome: d.outcome,
        reasoning: d.reasoning,
        measures: [...d.measures],
        externalBodyNamed: d.externalBodyNamed ?? false,
        form: d.form,
        decidedOn: d.decidedOn ?? day,
        byUserId: by,
        waiverContradictionReason: d.waiverContradictionReason ?? null,
        ...(d.recommendations?.length ? { recommendations: [...d.recommendations] } : {}),
        seq: event.seq,
        letter: null,
      };
      return;
    }
    case 'request-judgement': {
      const d = raw as StoredAction<'request-judgement'>;
      facts.judgementRequested ??= { on: d.on ?? day, via: d.via ?? null, note: d.note ?? null };
      return;
    }
    case 'forward-to-committee': {
      const d = raw as StoredAction<'forward-to-committee'>;
      facts.forwarded ??= { on: d.on ?? day, note: d.note ?? null };
      return;
    }
    case 'record-response': {
      const d = raw as StoredAction<'record-response'>;
      facts.response ??= { on: d.on ?? day, text: d.text, measures: d.measures.map((m) => ({ text: m.text, due: m.due ?? null })), byUserId: by };
      return;
    }
    case 'request-proof-of-capacity': {
      const d = raw as StoredAction<'request-proof-of-capacity'>;
      facts.proofOfCapacity.requests.push({ on: d.on ?? day, asked: d.asked, byUserId: by });
      return;
    }
    case 'record-proof-of-capacity': {
      const d = raw as StoredAction<'record-proof-of-capacity'>;
      facts.proofOfCapacity.results.push({ on: d.on ?? day, result: d.result, note: d.note ?? null, byUserId: by });
      return;
    }
    case 'record-satisfaction': {
      const d = raw as StoredAction<'record-satisfaction'>;
      facts.satisfaction = { satisfied: d.satisfied, on: d.on ?? day, note: d.note ?? null };
      return;
    }
    case 'correct-satisfaction': {
      const d = raw as StoredAction<'correct-satisfaction'>;
      const on = d.on ?? day;
      facts.satisfactionCorrections.push({ from: facts.satisfaction?.satisfied ?? !d.satisfied, to: d.satisfied, reason: d.reason, on });
      facts.satisfaction = { satisfied: d.satisfied, on, note: d.reason };
      return;
    }
    case 'convert-to-complaint': {
      const d = raw as StoredAction<'convert-to-complaint'>;
      facts.convertedFrom = { receivedOn: facts.receivedOn ?? day, notComplaintKey: facts.notComplaintKey, reason: d.reason };
      facts.kind = 'complaint';
      facts.receivedOn = d.receivedOn ?? day;
      facts.notComplaintKey = null;
      facts.closedOn = null;
      return;
    }
    case 'sign-off': {
      const d = raw as StoredAction<'sign-off'>;
      if (!facts.signOffs.some((s) => s.role === d.role)) {
        facts.signOffs.push({ role: d.role, on: d.on ?? day, byUserId: by });
      }
      return;
    }
    case 'record-advice': {
      const d = raw as StoredAction<'record-advice'>;
      const open = facts.consultations.find((c) => c.advice === null && (d.role === undefined || c.role === d.role));
      if (open) {
        open.advice = d.advice;
        open.adviceOn = d.on ?? day;
        open.adviceByUserId = by;
      }
      return;
    }
    case 'close': {
      const d = raw as StoredAction<'close'>;
      facts.closedOn = d.on ?? day;
      return;
    }
    case 'reopen': {
      const d = raw as StoredAction<'reopen'>;
      facts.reopenCount += 1;
      // A reopened complaint is handled anew: a new decision term from the day of reopening, without the
      // earlier suspensions and extension (a new extension needs a new notice).
      facts.reopenedOn = d.on ?? day;
      facts.suspensions = [];
      facts.extension = null;
      if (facts.decision) facts.previousDecisions.push(facts.decision);
      facts.decision = null;
      facts.respondentInformedOn = null;
      facts.satisfaction = null;
      facts.signOffs = [];
      // The organisation's response answered the replaced judgement; a new judgement gets a new response.
      facts.response = null;
      facts.closedOn = null;
      facts.withdrawn = null;
      facts.inadmissible = null;
      return;
    }
    case 'record-external-procedure': {
      const d = raw as StoredAction<'record-external-procedure'>;
      facts.externalProcedures.push({
        bodyName: d.bodyName,
        bodyKind: d.bodyKind,
        submittedOn: d.submittedOn,
        reference: d.reference ?? null,
        ruling: null,
        reactions: [],
      });
      return;
    }
    case 'record-external-ruling': {
      const d = raw as StoredAction<'record-external-ruling'>;
      const proc = pickProcedure(facts, d.procedure ?? undefined);
      if (proc) proc.ruling = { on: d.on, outcome: d.outcome };
      return;
    }
    case 'record-organisation-reaction': {
      const d = raw as StoredAction<'record-organisation-reaction'>;
      const proc = pickProcedure(facts, d.procedure ?? undefined);
      if (proc) proc.reactions.push({ on: d.on, text: d.text, by: d.by });
      return;
    }
    case 'inform-respondent': {
      const d = raw as StoredAction<'inform-respondent'>;
      facts.respondentInformedOn ??= d.on ?? day;
      return;
    }
    case 'add-note': {
      const d = raw as StoredAction<'add-note'>;
      facts.notes.push({ text: d.text, at: event.at, byUserId: by });
      return;
    }
    case 'correct-registration': {
      const d = raw as StoredAction<'correct-registration'>;
      const fields: string[] = [];
      if (d.unitId) {
        facts.unitId = d.unitId;
        fields.push('unit');
      }
      if (d.complainant) {
        facts.complainant = { ...d.complainant };
        fields.push('complainant');
      }
      if (d.linkedComplaintId !== undefined) {
        facts.linkedComplaintId = d.linkedComplaintId ?? null;
        fields.push('linkedComplaint');
      }
      if (d.kind && d.kind !== facts.kind) {
        const wasComplaint = facts.kind === 'complaint';
        facts.kind = d.kind;
        facts.notComplaintKey = d.kind === 'not_a_complaint' ? (d.notComplaintKey ?? null) : null;
        // A registration error: a complaint all along runs its procedure from its day of receipt; a record
        // that is not a complaint is closed, as it would have been at registration.
        if (d.kind === 'complaint') {
          facts.status = 'new';
          facts.closedOn = null;
        } else if (wasComplaint) {
          facts.status = 'closed';
          facts.closedOn = day;
        }
        fields.push('kind');
      }
      facts.corrections.push({ on: day, reason: d.reason, fields });
      return;
    }
  }
}

function endOpenSuspension(facts: ComplaintFacts, on: IsoDate): void {
  const open = facts.suspensions.find((s) => s.to === null);
  if (open) open.to = on < open.from ? open.from : on;
}
