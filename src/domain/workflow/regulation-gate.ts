/**
 * The regulation-role gate: who may decide, assign, sign, give advice and work at the first line is what
 * the regulation says (routing.decidedBy, assignedBy, delegation, handling.signOff, escalation of kind
 * `consult`, routing.firstLine), checked against the roles the actor holds for THIS complaint
 * (regulation-roles.ts). Combined with the product-role table (table.ts) so neither invents a rule:
 * - where the regulation names who may do an action, its holders may do it (and only they);
 * - where it names nobody, the product-role table decides as before.
 * A refusal is `forbidden` (403 `not_permitted`) with a Dutch reason naming the article. Pure.
 */
import { cite } from '../regulation/cite.ts';
import type { ActionName } from './actions.ts';
import type { ComplaintFacts } from './facts.ts';
import { roleLabel, theCoordinator, theRole, type WorkflowPolicy } from './policy.ts';
import { escalationKind } from './regulation-roles.ts';
import { procedureGate } from './procedure.ts';
import { escalationTargets } from './guards.ts';
import { capitalise } from '../../shared/text.ts';

export interface GateActor {
  userId: string;
  /** Regulation roles held for this complaint; undefined: not known, the product-role table alone decides. */
  regulationRoles?: readonly string[];
  /** Product roles (a coordinator records a request for a judgement, procedure.ts). */
  roles?: readonly string[];
}

/**
 * Who may take over a complaint handed over to the role `to` (escalation of kind `handover`): the role's holders for
 * this complaint, never the person complained about where the regulation keeps them from handling (independentHandler).
 * The gate accepts only these; the escalation form offers only these (one rule for both).
 */
export function escalationHandlers(policy: WorkflowPolicy, facts: ComplaintFacts, roleHolders: (role: string) => string[], to: string): string[] {
  return roleHolders(to).filter((u) => u !== facts.respondentUserId || !policy.independentHandler);
}

/** The roles a complaint can be handed over to now, each with who may take it over (`escalationHandlers`). */
export function handoverCandidates(policy: WorkflowPolicy, facts: ComplaintFacts, roleHolders: (role: string) => string[]): { role: string; userIds: string[] }[] {
  return escalationTargets(policy)
    .filter((to) => escalationKind(policy, to) === 'handover')
    .map((to) => ({ role: to, userIds: escalationHandlers(policy, facts, roleHolders, to) }));
}

/** allowed: the regulation lets this actor act; refused: it does not (with the reason); null: it says nothing. */
export type GateVerdict = { allowed: true } | { allowed: false; message: string } | null;


function labels(policy: WorkflowPolicy, keys: readonly string[], joiner: 'of' | 'en' = 'of'): string {
  const names = keys.map((k) => theRole(policy, k));
  return names.length <= 1 ? (names[0] ?? '') : `${names.slice(0, -1).join(', ')} ${joiner} ${names.at(-1)}`;
}

/**
 * Why nobody can do it yet, when nobody holds the roles the regulation names for this complaint: the
 * assigned klachtenbehandelaar is not assigned yet, or nobody is bound to the role on "Rollen".
 */
function nobodyHolds(policy: WorkflowPolicy, keys: readonly string[], roleHolders: ((role: string) => string[]) | undefined): string {
  if (!roleHolders || keys.some((k) => roleHolders(k).length > 0)) return '';
  const appointments = keys.map((k) => policy.roles.find((r) => r.key === k)?.appointment ?? 'bound');
  if (appointments.every((a) => a === 'assigned_handler')) return ' Wijs eerst een behandelaar toe.';
  if (appointments.every((a) => a === 'respondent')) return ' Leg eerst vast over wie de klacht gaat.';
  // The role named as the regulation names it (001: "de rol directie"), and who binds someone to it: the regulation's
  // coordinator (001: the directie), not that role itself where it is the one nobody holds.
  const coordinator = theCoordinator(policy);
  const who = keys.some((k) => theRole(policy, k) === coordinator) ? 'Een beheerder' : `Een beheerder of ${coordinator}`;
  const names = keys.map((k) => roleLabel(policy, k));
  const role = names.length <= 1 ? `de rol ${names[0] ?? ''}` : `een van de rollen ${names.slice(0, -1).join(', ')} en ${names.at(-1)}`;
  return ` Niemand heeft ${role} bij deze klacht. ${who} koppelt iemand aan ${names.length <= 1 ? 'die rol' : 'een van die rollen'} op de pagina "Rollen".`;
}


const ALLOWED = { allowed: true } as const;

/** Is the actor the person the complaint is about, where the regulation keeps them from judging it? */
export function judgeIsRespondent(policy: WorkflowPolicy, facts: ComplaintFacts, userId: string): string | null {
  if (!policy.independentHandler || facts.respondentUserId === null || facts.respondentUserId !== userId) return null;
  return `De klacht gaat over u. U mag er niet zelf over oordelen${cite(policy.independentHandler.article)}.`;
}

/** The regulation's verdict on an action for this actor, before its input is read. */
export function regulationGate(
  action: ActionName,
  facts: ComplaintFacts,
  policy: WorkflowPolicy,
  actor: GateActor,
  roleHolders?: (role: string) => string[],
): GateVerdict {
  const held = actor.regulationRoles;
  if (held === undefined) return null;
  const holds = (keys: readonly string[]) => keys.some((k) => held.includes(k));
  switch (action) {
    case 'decide': {
      const { roles, article } = policy.decidedBy;
      if (!holds(roles)) return { allowed: false, message: `Alleen ${labels(policy, roles)} mag over deze klacht beslissen${cite(article)}.${nobodyHolds(policy, roles, roleHolders)}` };
      const self = judgeIsRespondent(policy, facts, actor.userId);
      return self ? { allowed: false, message: self } : ALLOWED;
    }
    case 'assign': {
      const by = policy.assignedBy;
      if (!by) return null;
      if (held.includes(by.role)) return ALLOWED;
      const delegation = policy.delegation;
      if (delegation && holds(delegation.roles)) {
        const withThem = facts.handlerUserId === actor.userId || (facts.handedOverTo !== null && delegation.roles.includes(facts.handedOverTo));
        if (withThem) return ALLOWED;
      }
      const delegates = delegation
        ? ` ${capitalise(labels(policy, delegation.roles))} mag een klacht die bij hem of haar ligt doorgeven${cite(delegation.article)}.`
        : '';
      return { allowed: false, message: `Alleen ${labels(policy, [by.role])} bepaalt wie de klacht behandelt${cite(by.article)}.${delegates}${nobodyHolds(policy, [by.role], roleHolders)}` };
    }
    case 'sign-off': {
      const s = policy.signOff;
      if (!s) return null;
      if (holds(s.roles.map((r) => r.key))) return ALLOWED;
      return {
        allowed: false,
        message: `Het ${s.document} wordt getekend door ${labels(policy, s.roles.map((r) => r.key), 'en')}, ieder voor zich${cite(s.article)}. U heeft geen van die rollen bij deze klacht.`,
      };
    }
    case 'record-advice': {
      const waiting = facts.consultations.filter((c) => c.advice === null).map((c) => c.role);
      return holds(waiting) ? ALLOWED : null;
    }
    case 'record-contact': {
      const fl = policy.firstLine;
      if (!fl || !held.includes(fl.role)) return null;
      const role = policy.roles.find((r) => r.key === fl.role);
      return role?.appointment === 'respondent' ? ALLOWED : null;
    }
    default:
      return procedureGate(action, policy, { roles: actor.roles ?? [], regulationRoles: held });
  }
}

export type InputRefusal = { code: 'forbidden' | 'validation_failed' | 'invalid_transition'; message: string; fields?: { field: string; message: string }[] };

/**
 * The regulation's check once the input is read (and the stored facts it adds): a sign-off is for a role
 * the signer holds; an escalation records its kind and, when it is a handover, who handles from now on.
 * `roleHolders` (users holding a role for this complaint) is given by the use case; without it no new
 * handler is chosen.
 */
export function regulationInputGate(
  action: ActionName,
  data: Record<string, unknown>,
  facts: ComplaintFacts,
  policy: WorkflowPolicy,
  actor: GateActor,
  roleHolders?: (role: string) => string[],
): InputRefusal | null {
  if (action === 'sign-off' && policy.signOff && actor.regulationRoles !== undefined) {
    const role = String(data['role']);
    if (policy.signOff.roles.some((r) => r.key === role) && !actor.regulationRoles.includes(role)) {
      return {
        code: 'forbidden',
        message: `U tekent alleen voor uzelf. U bent niet ${labels(policy, [role])} bij deze klacht${cite(policy.signOff.article)}.`,
      };
    }
    const mine = facts.signOffs.find((x) => x.byUserId === actor.userId);
    if (mine && policy.signOff.roles.length > 1) {
      return {
        code: 'forbidden',
        message: `U heeft al getekend als ${roleLabel(policy, mine.role)}. Het ${policy.signOff.document} wordt getekend door ${labels(policy, policy.signOff.roles.map((r) => r.key), 'en')}, ieder voor zich${cite(policy.signOff.article)}.`,
      };
    }
  }
  if (action === 'record-advice') {
    const waiting = facts.consultations.filter((c) => c.advice === null);
    if (waiting.length === 0) return { code: 'invalid_transition', message: 'Er staat geen overleg open: de klacht is aan niemand voorgelegd voor overleg.' };
    let role = data['role'] as string | undefined;
    if (role === undefined) {
      const mine = actor.regulationRoles ? waiting.filter((c) => actor.regulationRoles!.includes(c.role)) : [];
      const pick = mine.length === 1 ? mine : waiting;
      if (pick.length > 1) {
        return { code: 'validation_failed', message: 'Niet alle gegevens zijn goed ingevuld.', fields: [{ field: 'role', message: `Kies met wie het overleg was: ${pick.map((c) => roleLabel(policy, c.role)).join('; ')}.` }] };
      }
      role = pick[0]!.role;
      data['role'] = role;
    }
    if (!waiting.some((c) => c.role === role)) {
      return { code: 'validation_failed', message: 'Niet alle gegevens zijn goed ingevuld.', fields: [{ field: 'role', message: `Kies met wie het overleg was: ${waiting.map((c) => roleLabel(policy, c.role)).join('; ')}.` }] };
    }
  }
  if (action === 'escalate' && typeof data['to'] === 'string') {
    const to = data['to'];
    const kind = escalationKind(policy, to);
    data['kind'] = kind;
    if (kind === 'consult') {
      delete data['handlerUserId'];
      return null;
    }
    if (!roleHolders) return null;
    const holders = escalationHandlers(policy, facts, roleHolders, to);
    const chosen = data['handlerUserId'] as string | undefined;
    if (holders.length === 0) {
      return {
        code: 'invalid_transition',
        message: `Niemand heeft de rol ${roleLabel(policy, to)} voor deze klacht. Koppel eerst iemand aan die rol bij "Rollen uit de klachtenregeling".`,
      };
    }
    if (chosen === undefined) {
      if (holders.length > 1) {
        return { code: 'validation_failed', message: 'Niet alle gegevens zijn goed ingevuld.', fields: [{ field: 'handlerUserId', message: `Kies wie als ${roleLabel(policy, to)} de klacht gaat behandelen.` }] };
      }
      data['handlerUserId'] = holders[0];
    } else if (!holders.includes(chosen)) {
      return { code: 'validation_failed', message: 'Niet alle gegevens zijn goed ingevuld.', fields: [{ field: 'handlerUserId', message: `Kies iemand die de rol ${roleLabel(policy, to)} heeft voor deze klacht.` }] };
    }
  }
  return null;
}
