/**
 * THE ONE TABLE: every action, the statuses it is allowed from, the status it leads to, the product
 * roles that may do it and the regulation's guards. `applyAction` (apply.ts), `availableActions`,
 * `actionAvailability` and the fold (fold.ts) all read this table; nothing else decides transitions,
 * and the UI derives its buttons from it. Pure.
 *
 * Order of checks in `applyAction` (first failure wins):
 *   role (forbidden) → registered and a complaint → status in `from` → precondition (invalid_transition)
 *   → input schema (validation_failed) → guard (validation_failed, or invalid_transition when the
 *   state is at fault).
 * Roles: the use case additionally checks need-to-know (a handler only acts on complaints assigned
 * to them, a coordinator only in their units); this table only says which product roles may act.
 */
import type { IsoDate } from '../deadlines/index.ts';
import { ACTION_NAMES, type ActionName } from './actions.ts';
import type { ComplaintFacts } from './facts.ts';
import * as g from './guards.ts';
import * as p from './procedure.ts';
import { notNow, type GuardContext, type GuardProblem, type StateContext } from './problems.ts';
import { decisionWords, type WorkflowPolicy } from './policy.ts';
import { regulationGate } from './regulation-gate.ts';
import {
  RECORD_KIND_LABELS,
  STATUSES,
  STATUS_LABELS,
  type ProductRole,
  type Status,
} from './states.ts';

export interface ActionRule<A extends ActionName = ActionName> {
  /** Dutch button text. */
  label: string;
  from: readonly Status[];
  /** null: the status stays. */
  to: Status | null;
  roles: readonly ProductRole[];
  /** Also allowed on records that run no procedure (dissatisfaction, suggestion, not a complaint). */
  anyKind?: boolean;
  /** State-only check; failing means "not now" (409) and the UI hides or disables the button. */
  precondition?(ctx: StateContext): GuardProblem | null;
  /** Check with the validated input. */
  guard?(ctx: GuardContext<A>): GuardProblem | null;
  /** Facts the workflow adds to the stored event (never taken from the user), e.g. that a notice was late. */
  derive?(ctx: GuardContext<A>): Record<string, unknown>;
}

const OPEN = ['new', 'in_progress', 'suspended'] as const satisfies readonly Status[];
const HANDLING = ['new', 'in_progress'] as const satisfies readonly Status[];
const ENDED = ['decided', 'closed', 'inadmissible', 'withdrawn'] as const satisfies readonly Status[];
const EXTERNAL = ['new', 'in_progress', 'suspended', 'decided', 'closed', 'inadmissible'] as const satisfies readonly Status[];

const C = ['coordinator'] as const satisfies readonly ProductRole[];
const CH = ['coordinator', 'handler'] as const satisfies readonly ProductRole[];
const CHI = ['coordinator', 'handler', 'intake'] as const satisfies readonly ProductRole[];
const CI = ['coordinator', 'intake'] as const satisfies readonly ProductRole[];

export const WORKFLOW: { readonly [A in ActionName]: ActionRule<A> } = {
  acknowledge: {
    label: 'Ontvangstbevestiging vastleggen',
    from: OPEN,
    to: null,
    roles: CH,
    precondition: g.notYetAcknowledged,
    guard: g.guardAcknowledge,
  },
  assign: { label: 'Behandelaar toewijzen', from: HANDLING, to: 'in_progress', roles: C, guard: g.guardAssign },
  classify: { label: 'Indelen', from: STATUSES, to: null, roles: C, anyKind: true, guard: g.guardClassify },
  'send-copy-to-respondent': {
    label: 'Verzending afschrift vastleggen',
    from: HANDLING,
    to: 'in_progress',
    roles: CH,
    precondition: g.copyInRegulation,
    guard: g.guardSendCopy,
  },
  'record-contact': {
    label: 'Contact vastleggen',
    from: ['new', 'in_progress', 'suspended', 'decided'],
    to: null,
    roles: CHI,
    guard: g.guardRecordContact,
  },
  'plan-hearing': { label: 'Horen plannen', from: HANDLING, to: 'in_progress', roles: CH, precondition: g.hearingInRegulation, guard: g.guardPlanHearing },
  'record-hearing': { label: 'Horen vastleggen', from: HANDLING, to: 'in_progress', roles: CH, precondition: g.hearingRecordable, guard: g.guardRecordHearing },
  'waive-hearing': {
    label: 'Afzien van horen',
    from: HANDLING,
    to: 'in_progress',
    roles: CH,
    precondition: g.hearingPrescribed,
    guard: g.guardWaiveHearing,
  },
  escalate: {
    label: 'Escaleren',
    from: HANDLING,
    to: 'in_progress',
    roles: CH,
    precondition: g.escalationPossible,
    guard: g.guardEscalate,
  },
  suspend: {
    label: 'Opschorten',
    from: HANDLING,
    to: 'suspended',
    roles: CH,
    precondition: g.suspensionAllowed,
    guard: g.guardSuspend,
  },
  resume: { label: 'Hervatten', from: ['suspended'], to: 'in_progress', roles: CH, guard: g.guardResume },
  extend: {
    label: 'Termijn verlengen',
    from: OPEN,
    to: null,
    roles: CH,
    precondition: g.extensionPossible,
    guard: g.guardExtend,
    derive: g.deriveExtend,
  },
  'declare-inadmissible': {
    label: 'Niet-ontvankelijk verklaren',
    from: OPEN,
    to: 'inadmissible',
    roles: CH,
    precondition: g.hasAdmissibilityGrounds,
    guard: g.guardDeclareInadmissible,
  },
  withdraw: { label: 'Intrekking vastleggen', from: OPEN, to: 'withdrawn', roles: CH, guard: g.guardWithdraw },
  decide: {
    label: 'Beslissing vastleggen',
    from: HANDLING,
    to: 'decided',
    roles: CH,
    precondition: g.readyToDecide,
    guard: g.guardDecide,
  },
  'record-satisfaction': {
    label: 'Tevredenheid vastleggen',
    from: ['decided', 'closed'],
    to: null,
    roles: CH,
    guard: g.guardRecordSatisfaction,
  },
  'correct-satisfaction': {
    label: 'Tevredenheid corrigeren',
    from: ['decided', 'closed'],
    to: null,
    roles: CH,
    precondition: g.satisfactionRecorded,
    guard: g.guardCorrectSatisfaction,
  },
  'sign-off': {
    label: 'Aftekenen',
    from: ['decided'],
    to: null,
    roles: CH,
    precondition: g.signOffApplies,
    guard: g.guardSignOff,
  },
  'record-advice': {
    label: 'Uitkomst overleg vastleggen',
    from: OPEN,
    to: null,
    roles: C,
    precondition: g.adviceAwaited,
  },
  close: {
    label: 'Afsluiten',
    from: ['decided'],
    to: 'closed',
    roles: C,
    precondition: g.readyToClose,
    guard: g.guardClose,
  },
  reopen: { label: 'Heropenen', from: ENDED, to: 'in_progress', roles: C, guard: g.guardReopen },
  'record-external-procedure': {
    label: 'Externe procedure vastleggen',
    from: EXTERNAL,
    to: null,
    roles: C,
    precondition: g.externalBodyInRegulation,
    guard: g.guardExternalProcedure,
  },
  'record-external-ruling': {
    label: 'Uitspraak vastleggen',
    from: EXTERNAL,
    to: null,
    roles: C,
    precondition: g.hasExternalProcedure,
    guard: g.guardExternalRuling,
  },
  'record-organisation-reaction': {
    label: 'Reactie op uitspraak vastleggen',
    from: EXTERNAL,
    to: null,
    roles: C,
    precondition: g.hasExternalRuling,
    guard: g.guardOrganisationReaction,
  },
  'inform-respondent': {
    label: 'Uitkomst aan betrokkene vastleggen',
    from: ['decided', 'closed'],
    to: null,
    roles: CH,
    precondition: g.respondentToBeInformed,
    guard: g.guardInformRespondent,
  },
  'add-note': { label: 'Notitie toevoegen', from: STATUSES, to: null, roles: CHI, anyKind: true },
  // 001 §3.1: "Wel geldt dat het handelen of nalaten rondom dit punt in een klacht kan resulteren."
  'convert-to-complaint': {
    label: 'Toch als klacht behandelen',
    from: ['closed'],
    to: 'new',
    roles: C,
    anyKind: true,
    precondition: g.isNotAComplaint,
    guard: g.guardConvertToComplaint,
  },
  // A registration error put right (unit, kind, complainant, linked complaint); each correction is an event.
  // The coordinator corrects any registration; the intake user who registered it, while it is open.
  'correct-registration': { label: 'Registratie corrigeren', from: STATUSES, to: null, roles: CI, anyKind: true, guard: g.guardCorrectRegistration },
  // issue 12 (procedure.ts, ADR 0026). During mediation the complaint ends the existing ways (withdraw, decide).
  'request-judgement': {
    label: 'Klager vraagt om een oordeel',
    from: OPEN,
    to: null,
    roles: CH,
    precondition: p.judgementRequestable,
    guard: p.guardRequestJudgement,
  },
  'forward-to-committee': {
    label: 'Doorsturen naar de klachtencommissie',
    from: HANDLING,
    to: 'in_progress',
    roles: C,
    precondition: p.forwardable,
    guard: p.guardForward,
  },
  'record-response': {
    label: 'Reactie van de organisatie op het oordeel',
    from: ['decided', 'closed'],
    to: null,
    roles: C,
    precondition: p.responseExpected,
    guard: p.guardRecordResponse,
  },
  'request-proof-of-capacity': {
    label: 'Bewijs van vertegenwoordiging vragen',
    from: OPEN,
    to: null,
    roles: CHI,
    precondition: p.proofOfCapacityAsked,
    guard: p.guardRequestProof,
  },
  'record-proof-of-capacity': {
    label: 'Bewijs van vertegenwoordiging vastleggen',
    from: OPEN,
    to: null,
    roles: CHI,
    precondition: p.proofOfCapacityAwaited,
    guard: p.guardRecordProof,
  },
};

// ---------------------------------------------------------------------------------------------

export interface Actor {
  userId: string;
  roles: readonly ProductRole[];
  /**
   * Regulation roles the actor holds for this complaint (regulation-roles.ts). Given: the regulation's
   * gate (regulation-gate.ts) decides the actions it names. Undefined: the product roles alone decide.
   */
  regulationRoles?: readonly string[];
}

/** Why an action is not possible now for a complaint, ignoring input (null: possible). */
export function stateProblem(rule: ActionRule, facts: ComplaintFacts, policy: WorkflowPolicy, today: IsoDate): GuardProblem | null {
  if (facts.receivedOn === null) return notNow('De klacht is nog niet geregistreerd.');
  if (facts.kind !== 'complaint' && !rule.anyKind) {
    return notNow(`Dit is geregistreerd als "${RECORD_KIND_LABELS[facts.kind]}". Daarvoor loopt geen klachtprocedure.`);
  }
  if (!rule.from.includes(facts.status)) {
    const action = ACTION_NAMES.find((a) => WORKFLOW[a] === rule);
    return notNow(`"${action ? actionLabel(action, policy) : rule.label}" kan niet bij een klacht met de status "${STATUS_LABELS[facts.status]}".`);
  }
  return rule.precondition?.({ facts, policy, today }) ?? null;
}

function mayActByRole(rule: ActionRule, roles: readonly string[]): boolean {
  return rule.roles.some((r) => roles.includes(r));
}

/** The regulation's gate where it names who acts, else the product-role table; null: allowed. */
export function permission(action: ActionName, facts: ComplaintFacts, policy: WorkflowPolicy, actor: Actor, roleHolders?: (role: string) => string[]): string | null {
  const verdict = regulationGate(action, facts, policy, actor, roleHolders);
  if (verdict) return verdict.allowed ? null : verdict.message;
  return mayActByRole(WORKFLOW[action], actor.roles) ? null : 'U heeft geen rechten voor deze actie.';
}

/** The actions the UI offers this user on `today` (role, status and preconditions pass). */
export function availableActions(
  facts: ComplaintFacts,
  policy: WorkflowPolicy,
  actorRoles: readonly string[],
  today: IsoDate,
  regulation?: { userId: string; regulationRoles: readonly string[] },
): ActionName[] {
  const actor = { userId: regulation?.userId ?? '', roles: actorRoles as readonly ProductRole[], regulationRoles: regulation?.regulationRoles };
  return ACTION_NAMES.filter((action) => {
    const rule: ActionRule = WORKFLOW[action];
    return permission(action, facts, policy, actor) === null && stateProblem(rule, facts, policy, today) === null;
  });
}

export interface ActionAvailability {
  action: ActionName;
  label: string;
  allowed: boolean;
  /** Dutch: why the action is not possible now (null when allowed). */
  reason: string | null;
  /** The regulation does not have this step at all (`GuardProblem.absent`): never possible, not "not now". */
  absent: boolean;
}

/**
 * For the UI: every action this user's roles allow from the current status, with the reason when a
 * precondition blocks it (so a disabled button can say why, e.g. "hoor eerst de klager"); a step the regulation does
 * not have at all is marked `absent` (the dossier leaves it out of "Nu niet mogelijk").
 */
/**
 * An action's label under a regulation: the decision in the regulation's own word ("Antwoord vastleggen" under 003,
 * "Standpunt vastleggen" under 001 art. 3.3: "een standpunt"), else the rule's label. The stored action name stays
 * `decide`; the API's summaries keep the product's label.
 */
export function actionLabel(action: ActionName, policy: WorkflowPolicy | null | undefined): string {
  const rule = WORKFLOW[action];
  if (action !== 'decide' || !policy) return rule.label;
  const words = decisionWords(policy);
  // "Standpunt van de directie" (001): who gives it is no part of the button.
  return words.named ? `${words.heading.replace(/ van .*$/, '')} vastleggen` : rule.label;
}

export function actionAvailability(
  facts: ComplaintFacts,
  policy: WorkflowPolicy,
  actorRoles: readonly string[],
  today: IsoDate,
  regulation?: { userId: string; regulationRoles: readonly string[] },
): ActionAvailability[] {
  const actor = { userId: regulation?.userId ?? '', roles: actorRoles as readonly ProductRole[], regulationRoles: regulation?.regulationRoles };
  const out: ActionAvailability[] = [];
  for (const action of ACTION_NAMES) {
    const rule: ActionRule = WORKFLOW[action];
    if (permission(action, facts, policy, actor) !== null || facts.receivedOn === null || !rule.from.includes(facts.status)) continue;
    if (facts.kind !== 'complaint' && !rule.anyKind) continue;
    const problem = rule.precondition?.({ facts, policy, today }) ?? null;
    // A step the regulation does not have is not "not possible now": it is never possible (`absent`; the dossier does not
    // list it, the API keeps it with its reason).
    out.push({ action, label: actionLabel(action, policy), allowed: problem === null, reason: problem?.message ?? null, absent: problem?.absent === true });
  }
  return out;
}

/**
 * The status a new event leads to: what the fold made of it (the rule's `to`, or a change of kind), except that "In
 * behandeling" needs someone who handles it. A step of the handler's own work (a hearing recorded or planned, a copy
 * sent, a waiver) on a new complaint that has no handler afterwards leaves it `new`: the queue of complaints that wait for
 * assignment (PRODUCT.md, the life of a complaint: assignment opens step 5; 002 art. 6.1-6.2 routes every complaint to the
 * one responsible for its handling). It read "In behandeling" with no behandelaar and left that queue. A complaint
 * resumed or reopened without a handler, and not handed to a body that handles it (an escalation, a forward to the
 * committee), is `new` too: back in that queue, where assigning a handler puts it in handling. Only for new events: the
 * fold reads the status an event stored (history is literal).
 */
export function statusAfter(
  action: ActionName,
  before: Pick<ComplaintFacts, 'status'>,
  after: Pick<ComplaintFacts, 'status' | 'handlerUserId' | 'escalationLevel' | 'forwarded'>,
): Status {
  if (after.status !== 'in_progress' || after.handlerUserId !== null) return after.status;
  if (before.status === 'new' && HANDLERS_STEPS.has(action)) return 'new';
  if (BACK_TO_HANDLING.has(action) && after.escalationLevel === null && after.forwarded === null) return 'new';
  return after.status;
}

/**
 * The steps of the handler's own work, which {@link statusAfter} judges. Not an escalation or a forward to the
 * committee: those hand the complaint to the body that then handles it (the directeur, the bestuur, the klachtencommissie,
 * as the regulation names them), so it is in handling without a behandelaar of the organisation and does not belong in
 * the queue of complaints that wait for one.
 */
const HANDLERS_STEPS: ReadonlySet<ActionName> = new Set(['plan-hearing', 'record-hearing', 'send-copy-to-respondent', 'waive-hearing']);

/** The steps that take an ended or suspended complaint back into handling ({@link statusAfter}: only with someone handling it). */
const BACK_TO_HANDLING: ReadonlySet<ActionName> = new Set(['resume', 'reopen']);

/** Statuses reachable from `status` in one action (for diagrams and tests). */
export function transitionsFrom(status: Status): { action: ActionName; to: Status }[] {
  return ACTION_NAMES.filter((a) => WORKFLOW[a].from.includes(status)).map((a) => ({ action: a, to: WORKFLOW[a].to ?? status }));
}
