/**
 * Performing a step: `applyAction` checks one action against the workflow table (table.ts: who, from which status,
 * the regulation's gate and guards) and folds its event into the facts (fold.ts); `registerComplaint` builds the first
 * event. The use cases store the event these return. Pure.
 */
import type { IsoDate } from '../deadlines/index.ts';
import { cite } from '../regulation/cite.ts';
import { ACTION_SCHEMAS, DATE_DEFAULTS, RegistrationSchema, type ActionInput, type ActionName } from './actions.ts';
import { emptyFacts, type ComplaintFacts } from './facts.ts';
import { applyEvent } from './fold.ts';
import { handlerIndependence, type WorkflowPolicy } from './policy.ts';
import type { FieldProblem, GuardContext, GuardProblem } from './problems.ts';
import { regulationInputGate } from './regulation-gate.ts';
import { initialStatus, type Status } from './states.ts';
import { permission, stateProblem, statusAfter, WORKFLOW, type ActionRule, type Actor } from './table.ts';

export interface ApplyActionRequest {
  facts: ComplaintFacts;
  policy: WorkflowPolicy;
  action: ActionName;
  input: unknown;
  actor: Actor;
  today: IsoDate;
  /** ISO timestamp of the change. */
  now: string;
  /** Users holding a regulation role for this complaint (for a handover); absent: no handler is chosen. */
  roleHolders?: (role: string) => string[];
}

export type ApplyActionResult =
  | {
      ok: true;
      status: Status;
      /** Append this to the history (with seq, at = now, actor); `data` is what the fold reads. */
      event: { type: ActionName; data: Record<string, unknown> };
      /** The facts after the event (same as folding the history plus this event). */
      facts: ComplaintFacts;
    }
  | { ok: false; code: 'invalid_transition' | 'validation_failed' | 'forbidden'; message: string; fields?: FieldProblem[] };

type Failure = Extract<ApplyActionResult, { ok: false }>;

function fail(problem: GuardProblem): Failure {
  return problem.fields && problem.fields.length > 0
    ? { ok: false, code: problem.code, message: problem.message, fields: problem.fields }
    : { ok: false, code: problem.code, message: problem.message };
}

/** Input the action's or the registration's schema refused: one message per field (the path joined with dots). */
function invalidInput(issues: readonly { path: readonly PropertyKey[]; message: string }[]): { ok: false; code: 'validation_failed'; message: string; fields: FieldProblem[] } {
  return { ok: false, code: 'validation_failed', message: 'Niet alle gegevens zijn goed ingevuld.', fields: issues.map((i) => ({ field: i.path.map(String).join('.') || '_', message: i.message })) };
}

/** Check and perform one action. Never throws on bad input. */
export function applyAction(req: ApplyActionRequest): ApplyActionResult {
  const { facts, policy, action, actor, today, now } = req;
  const rule = (WORKFLOW as Record<string, ActionRule | undefined>)[action];
  if (!rule) return { ok: false, code: 'invalid_transition', message: 'Deze actie bestaat niet.' };
  const refused = permission(action, facts, policy, actor, req.roleHolders);
  if (refused) return { ok: false, code: 'forbidden', message: refused };
  const state = stateProblem(rule, facts, policy, today);
  if (state) return fail(state);

  const parsed = ACTION_SCHEMAS[action].safeParse(req.input ?? {});
  if (!parsed.success) {
    return invalidInput(parsed.error.issues);
  }
  const data: Record<string, unknown> = { ...(parsed.data as Record<string, unknown>) };
  for (const [k, v] of Object.entries(data)) if (v === undefined) delete data[k];
  const dateField = DATE_DEFAULTS[action];
  if (dateField && data[dateField] === undefined) data[dateField] = today;

  const byRegulation = regulationInputGate(action, data, facts, policy, actor, req.roleHolders);
  if (byRegulation) return { ok: false, ...byRegulation };

  const ctx: GuardContext = { facts, policy, input: data as ActionInput<ActionName>, actor, today, now };
  const problem = rule.guard?.(ctx) ?? null;
  if (problem) return fail(problem);
  if (rule.derive) Object.assign(data, rule.derive(ctx));

  const event = { type: action, data };
  const folded = applyEvent(facts, {
    seq: facts.lastSeq + 1,
    type: action,
    at: now,
    actorUserId: actor.userId,
    actorRoles: actor.roles,
    data,
  });
  // The status this event leads to (statusAfter); the use case stores it with the event, so the fold reads it back.
  const next = { ...folded, status: statusAfter(action, facts, folded) };
  return { ok: true, status: next.status, event, facts: next };
}

// ---------------------------------------------------------------------------------------------
// Registration (the first event)
// ---------------------------------------------------------------------------------------------

export type RegisterResult =
  | { ok: true; status: Status; event: { type: 'registered'; data: Record<string, unknown> }; facts: ComplaintFacts }
  | { ok: false; code: 'validation_failed'; message: string; fields: FieldProblem[] };

/**
 * Validate a registration (complaint, dissatisfaction, suggestion or not-a-complaint) and build the
 * `registered` event. The date of receipt may lie in the past, not in the future; where the regulation
 * says so and the handler is the one who judges (handlerIndependence, 002 art. 1) the handler is never
 * the respondent. Who may
 * register (intake, coordinator) is the use case's check.
 */
export function registerComplaint(req: { input: unknown; policy: WorkflowPolicy; actor: Actor; today: IsoDate; now: string }): RegisterResult {
  const parsed = RegistrationSchema.safeParse(req.input ?? {});
  if (!parsed.success) {
    return invalidInput(parsed.error.issues);
  }
  const r = parsed.data;
  const fields: FieldProblem[] = [];
  if (r.receivedOn > req.today) {
    fields.push({ field: 'receivedOn', message: 'De datum van ontvangst ligt in de toekomst. Vul een datum in tot en met vandaag.' });
  }
  const independent = handlerIndependence(req.policy);
  if (independent && r.handlerUserId && r.respondentUserId && r.handlerUserId === r.respondentUserId) {
    fields.push({
      field: 'handlerUserId',
      message: `Deze persoon is degene over wie de klacht gaat. Die mag de klacht niet behandelen${cite(independent.article)}. Kies een andere behandelaar.`,
    });
  }
  if (r.kind === 'not_a_complaint') {
    // 001 §3.1: "geen klacht" is one of the regulation's excluded subjects, never a free label.
    const subjects = req.policy.notComplaints;
    if (subjects.length === 0) {
      fields.push({ field: 'kind', message: 'Deze klachtenregeling noemt geen onderwerpen die geen klacht zijn. Registreer het als klacht.' });
    } else if (!subjects.some((n) => n.key === r.notComplaintKey)) {
      const article = subjects[0]!.article;
      fields.push({
        field: 'notComplaintKey',
        message: `Kies het onderwerp dat volgens de klachtenregeling geen klacht is: ${subjects.map((n) => n.label).join('; ')}${cite(article)}.`,
      });
    }
  }
  if (fields.length > 0) return { ok: false, code: 'validation_failed', message: 'Niet alle gegevens zijn goed ingevuld.', fields };
  const data: Record<string, unknown> = { ...r };
  for (const [k, v] of Object.entries(data)) if (v === undefined) delete data[k];
  const facts = applyEvent(emptyFacts(), {
    seq: 1,
    type: 'registered',
    at: req.now,
    actorUserId: req.actor.userId,
    actorRoles: req.actor.roles,
    data,
  });
  return { ok: true, status: initialStatus(r.kind), event: { type: 'registered', data }, facts };
}
