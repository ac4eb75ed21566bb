/**
 * Stored-event schemas: how the dossier history is READ (ADR 0006, literal history).
 *
 * The input schemas in actions.ts judge what a user types today and may tighten at any time (a longer
 * reasoning, a required field, a sign-off by a bound user). An event that was accepted once must stay
 * readable forever, so the fold (fold.ts) never re-reads the past with them. It reads with the lenient
 * schemas below instead: per event type only what the fold needs, with the type it was always written
 * with; no minimum lengths, no maximums, no regulation checks; unknown fields are kept (`looseObject`).
 *
 * Every event written since this module also carries `after`: what the event changed, as it was after
 * the event (`status`, and `handlerUserId` when the handler changed). The fold takes the status from
 * `after.status` when present; older events without it get the status from the workflow table, as before.
 *
 * Rule for changes: a stored schema may only get MORE lenient (a new optional field, a wider type).
 * A new action needs a stored schema here (the `satisfies` clause makes that a type error otherwise).
 * Pure.
 */
import { z } from 'zod';
import { isIsoDate, type IsoDate } from '../deadlines/index.ts';
import { HEARING_PARTIES, TERM_UNITS } from '../regulation/schema.ts';
import { ACTION_NAMES, DECISION_FORMS, OUTCOMES, type ActionName } from './actions.ts';
import { isStatus, RECORD_KINDS, type Status } from './states.ts';

/** The event type of stored attachments (written by the attachments use case; not a workflow action). */
export const ATTACHMENTS_ADDED_EVENT = 'attachments-added';
/** The event types of correspondence (written by the mailbox use cases; not workflow actions). */
export const MAIL_RECEIVED_EVENT = 'mail-received';
export const MAIL_SENT_EVENT = 'mail-sent';
/** The complainant added information (text and/or documents) on their own page (Mijn klacht, ADR 0012). */
export const COMPLAINANT_ADDED_INFORMATION_EVENT = 'complainant-added-information';
/**
 * Whether the letter of the acknowledgement, or of a written decision, actually went out (written by the letters use
 * cases and the send-mail job; not a workflow action): `queued` when it is made (e-mail queued or printed for the
 * post), `sent` when the mail server took the e-mail or "Verstuurd per post" was recorded. A written confirmation
 * (002 art. 6.3) is given, and a written decision told (002 art. 6.9), when the letter is sent, not when it is queued
 * or its mail failed. The event names the action by its seq (`actionSeq`).
 */
export const LETTER_DELIVERY_EVENT = 'letter-delivery';
export const LETTER_DELIVERY_STATES = ['queued', 'sent'] as const;

const storedDate = z.string().refine((v) => isIsoDate(v.trim())).transform((v) => v.trim() as IsoDate);
const storedText = z.string();
const optText = z.string().nullish();
const optDate = storedDate.nullish();
const optUserId = z.string().nullish();

/** What an event changed, as it was after the event. Lenient: a field that cannot be read is ignored. */
export const StoredAfterSchema = z.looseObject({
  status: z.string().optional().catch(undefined),
  handlerUserId: z.string().nullable().optional().catch(undefined),
});
export type StoredAfter = z.output<typeof StoredAfterSchema>;

const after = StoredAfterSchema.optional().catch(undefined);

function stored<T extends z.ZodRawShape>(shape: T) {
  return z.looseObject({ ...shape, after });
}

/** The `registered` event (the first event of every record). */
export const StoredRegistrationSchema = stored({
  kind: z.enum(RECORD_KINDS).default('complaint'),
  receivedOn: storedDate,
  respondentUserId: optUserId,
  respondentName: optText,
  handlerUserId: optUserId,
  notComplaintKey: optText,
  note: optText,
  channel: optText,
  unitId: optText,
  door: optText,
});

export const STORED_ACTION_SCHEMAS = {
  acknowledge: stored({ on: optDate, note: optText, contents: z.array(storedText).nullish().catch(undefined) }),
  assign: stored({ handlerUserId: z.string(), note: optText }),
  classify: stored({
    values: z.record(z.string(), z.array(z.string())).default({}),
    severity: optText,
    sensitive: z.boolean().default(false),
    respondentUserId: optUserId,
    respondentName: optText,
  }),
  'send-copy-to-respondent': stored({ on: optDate, includesDocuments: z.boolean().nullish(), note: optText }),
  'record-contact': stored({
    on: storedDate,
    with: storedText,
    summary: optText,
    agreements: optText,
    actions: optText,
    firstLine: z.boolean().default(false),
  }),
  'plan-hearing': stored({ party: z.enum(HEARING_PARTIES), on: storedDate, time: optText, place: optText, note: optText }),
  'record-hearing': stored({ party: z.enum(HEARING_PARTIES), on: storedDate, report: optText }),
  'waive-hearing': stored({ party: z.enum(HEARING_PARTIES), ground: storedText, explanation: optText }),
  escalate: stored({ to: storedText, reason: storedText.default(''), kind: z.enum(['handover', 'consult']).nullish().catch(undefined), handlerUserId: optUserId }),
  suspend: stored({ reason: storedText.default(''), from: storedDate }),
  resume: stored({ on: optDate, note: optText }),
  extend: stored({
    term: z.object({ amount: z.number().int().positive(), unit: z.enum(TERM_UNITS) }),
    noticeOn: storedDate,
    reason: storedText.default(''),
    late: z.boolean().nullish(),
  }),
  'declare-inadmissible': stored({ ground: storedText, explanation: storedText.default(''), conductOn: optDate, on: optDate }),
  withdraw: stored({ reason: optText, on: optDate, byComplainant: z.boolean().nullish().catch(undefined) }),
  decide: stored({
    outcome: z.enum(OUTCOMES),
    reasoning: storedText.default(''),
    measures: z.array(storedText).default([]),
    externalBodyNamed: z.union([z.boolean(), storedText]).nullish(),
    form: z.enum(DECISION_FORMS).default('written'),
    decidedOn: optDate,
    waiverContradictionReason: optText,
    recommendations: z.array(storedText).nullish().catch(undefined),
  }),
  'record-satisfaction': stored({ satisfied: z.boolean(), on: optDate, note: optText }),
  'correct-satisfaction': stored({ satisfied: z.boolean(), reason: storedText.default(''), on: optDate }),
  'sign-off': stored({ role: storedText, signedBy: optText, on: optDate }),
  close: stored({ note: optText, on: optDate }),
  reopen: stored({ reason: storedText.default(''), on: optDate }),
  'record-external-procedure': stored({ bodyName: storedText, bodyKind: storedText, submittedOn: storedDate, reference: optText }),
  'record-external-ruling': stored({ procedure: z.number().int().nullish(), on: storedDate, outcome: storedText }),
  'record-organisation-reaction': stored({ procedure: z.number().int().nullish(), on: storedDate, text: storedText, by: storedText }),
  'add-note': stored({ text: storedText }),
  'inform-respondent': stored({ on: optDate, note: optText }),
  'record-advice': stored({ role: optText, advice: storedText.default(''), on: optDate }),
  'convert-to-complaint': stored({
    receivedOn: optDate,
    reason: storedText.default(''),
    /** The version in force for the unit on the new day of receipt, when it is another than the record's (ADR 0003). */
    regulationVersionId: optText.catch(undefined),
  }),
  'correct-registration': stored({
    reason: storedText.default(''),
    unitId: optText.catch(undefined),
    kind: z.enum(RECORD_KINDS).nullish().catch(undefined),
    notComplaintKey: optText.catch(undefined),
    /** The complainant as it is after the correction (all fields). */
    complainant: z.record(z.string(), z.unknown()).nullish().catch(undefined),
    /** Absent: unchanged; null: the link was removed. */
    linkedComplaintId: optText.catch(undefined),
    /** Moved to a unit with another regulation in force on the day of receipt, before anything happened under the old: the new version (ADR 0003). */
    regulationVersionId: optText.catch(undefined),
    /** What changed, before and after, as shown then (display only; the fold does not read it). */
    changes: z.array(z.looseObject({ field: z.string(), from: z.string().nullish(), to: z.string().nullish() })).default([]).catch([]),
  }),
  'request-judgement': stored({ on: optDate, via: optText, note: optText }),
  'forward-to-committee': stored({ on: optDate, note: optText }),
  'record-response': stored({
    on: optDate,
    text: storedText.default(''),
    measures: z.array(z.looseObject({ text: storedText, due: optDate.catch(undefined) })).default([]).catch([]),
  }),
  'request-proof-of-capacity': stored({ asked: storedText.default(''), on: optDate }),
  'record-proof-of-capacity': stored({ result: storedText, note: optText, on: optDate }),
} as const satisfies Record<ActionName, z.ZodType>;

/** Events that are not workflow actions but are part of the history. */
export const STORED_OTHER_SCHEMAS = {
  registered: StoredRegistrationSchema,
  [ATTACHMENTS_ADDED_EVENT]: stored({ files: z.array(z.looseObject({ filename: z.string() })).default([]), note: optText }),
  [MAIL_RECEIVED_EVENT]: stored({ from: optText, subject: optText, date: optText, files: z.array(z.looseObject({ filename: z.string() })).default([]).catch([]) }),
  [MAIL_SENT_EVENT]: stored({ to: optText, subject: optText, text: optText }),
  [COMPLAINANT_ADDED_INFORMATION_EVENT]: stored({ text: optText, files: z.array(z.looseObject({ filename: z.string() })).default([]) }),
  // `kind`: the letter's kind (acknowledgement, decision); absent in events written before it was stored (all acknowledgements).
  [LETTER_DELIVERY_EVENT]: stored({ letterId: z.string(), actionSeq: z.number().int(), kind: optText, state: z.enum(LETTER_DELIVERY_STATES), on: optDate, channel: optText }),
} as const;

export type StoredAction<A extends ActionName> = z.output<(typeof STORED_ACTION_SCHEMAS)[A]>;
export type StoredRegistration = z.output<typeof StoredRegistrationSchema>;

/** The result of reading one stored event. */
export type StoredReading =
  | { readable: true; known: true; data: Record<string, unknown>; after: StoredAfter | undefined }
  | { readable: false; known: boolean; reason: string };

/** Whether this event type has a stored schema (a workflow action, `registered` or stored attachments). */
export function isKnownEventType(type: string): boolean {
  return (ACTION_NAMES as readonly string[]).includes(type) || Object.hasOwn(STORED_OTHER_SCHEMAS, type);
}

/** Read one stored event with the stored schema of its type. Never throws. */
export function readStoredEvent(type: string, data: unknown): StoredReading {
  const schema: z.ZodType | undefined = (ACTION_NAMES as readonly string[]).includes(type)
    ? STORED_ACTION_SCHEMAS[type as ActionName]
    : Object.hasOwn(STORED_OTHER_SCHEMAS, type)
      ? STORED_OTHER_SCHEMAS[type as keyof typeof STORED_OTHER_SCHEMAS]
      : undefined;
  if (!schema) return { readable: false, known: false, reason: `onbekend soort gebeurtenis "${type}"` };
  const parsed = schema.safeParse(data);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    return { readable: false, known: true, reason: first ? `${first.path.map(String).join('.') || 'gegevens'}: ${first.code}` : 'onleesbaar' };
  }
  const out = parsed.data as Record<string, unknown>;
  return { readable: true, known: true, data: out, after: out['after'] as StoredAfter | undefined };
}

/** The status an event stored as its result, when it stored a valid one. */
export function storedStatus(reading: StoredReading): Status | null {
  if (!reading.readable) return null;
  const s = reading.after?.status;
  return isStatus(s) ? s : null;
}

/**
 * The `after` block a use case stores with a new event: the status after it, and the handler when the
 * event changed it.
 */
export function afterOf(before: { status: Status; handlerUserId: string | null } | null, next: { status: Status; handlerUserId: string | null }): StoredAfter {
  const out: StoredAfter = { status: next.status };
  if (before === null ? next.handlerUserId !== null : before.handlerUserId !== next.handlerUserId) out.handlerUserId = next.handlerUserId;
  return out;
}
