/**
 * The people the regulation names: which regulation roles a user holds for ONE complaint, and who holds a
 * role for it. A role is held by appointment (policy.roles[].appointment):
 * - `bound`: bound to the role by an admin or coordinator, for the complaint's unit, one of its ancestors or
 *   the whole organisation; when every holder of a role is absent today, the holders of its deputy role hold
 *   it too (003 Definities: "bij afwezigheid … vervangen door de directeur");
 * - `respondent`: the person the complaint is about (000 art. 4.1, 004 §3);
 * - `assigned_handler`: whoever is assigned to handle the complaint (003 Definities: klachtenbehandelaar);
 * - `receiver`: the user who received and registered it (001 §2).
 * Pure.
 */
import type { WorkflowPolicy } from './policy.ts';

export interface RoleBinding {
  roleKey: string;
  /** null: the whole organisation. */
  unitId: string | null;
  userId: string;
}

/** What the resolution needs to know about one complaint. */
export interface ComplaintPeople {
  /** The complaint's unit first, then its ancestors up to the top. */
  unitChain: readonly string[];
  respondentUserId: string | null;
  handlerUserId: string | null;
  registeredBy: string | null;
}

export interface RoleWorld {
  policy: WorkflowPolicy;
  bindings: readonly RoleBinding[];
  /** Users absent today. */
  absent: ReadonlySet<string>;
}

/** Users bound to `roleKey` for a complaint in this unit chain (an ancestor or organisation binding counts). */
function boundHolders(world: RoleWorld, roleKey: string, unitChain: readonly string[]): string[] {
  const out: string[] = [];
  for (const b of world.bindings) {
    if (b.roleKey !== roleKey) continue;
    if (b.unitId !== null && !unitChain.includes(b.unitId)) continue;
    if (!out.includes(b.userId)) out.push(b.userId);
  }
  return out;
}

/**
 * The users who hold `roleKey` for this complaint, deputies included (an unknown role: nobody). Absent
 * bound holders stay holders; their deputies join them while all of them are away.
 */
export function holdersOf(world: RoleWorld, roleKey: string, c: ComplaintPeople): string[] {
  const role = world.policy.roles.find((r) => r.key === roleKey);
  if (!role) return [];
  switch (role.appointment) {
    case 'respondent':
      return c.respondentUserId ? [c.respondentUserId] : [];
    case 'assigned_handler':
      return c.handlerUserId ? [c.handlerUserId] : [];
    case 'receiver':
      return c.registeredBy ? [c.registeredBy] : [];
    case 'bound': {
      const holders = boundHolders(world, roleKey, c.unitChain);
      if (role.deputy && holders.length > 0 && holders.every((u) => world.absent.has(u))) {
        for (const u of boundHolders(world, role.deputy.role, c.unitChain)) if (!holders.includes(u)) holders.push(u);
      }
      return holders;
    }
  }
}

/** The regulation roles `userId` holds for this complaint, in the regulation's order. */
export function regulationRolesOf(world: RoleWorld, userId: string, c: ComplaintPeople): string[] {
  return world.policy.roles.filter((r) => holdersOf(world, r.key, c).includes(userId)).map((r) => r.key);
}

/**
 * Whether a role held as `bound` lets its holders see every complaint of their units: the role that decides
 * who handles (routing.assignedBy, 003 klachtencoördinator, 004 leidinggevende) must see the complaints
 * nobody handles yet. Other roles see a complaint through their product role (coordinator of the unit,
 * assigned handler), a handover to their role or a consultation.
 */
export function seesUnitComplaints(policy: WorkflowPolicy, roleKey: string): boolean {
  return policy.assignedBy?.role === roleKey;
}

/** Does the regulation give the person complained about a part in the procedure (000 art. 4.2, 5.5)? */
export function respondentTakesPart(policy: WorkflowPolicy): boolean {
  const respondentRoles = policy.roles.filter((r) => r.appointment === 'respondent').map((r) => r.key);
  if (respondentRoles.length === 0) return false;
  if (policy.firstLine && respondentRoles.includes(policy.firstLine.role)) return true;
  return policy.signOff?.roles.some((r) => respondentRoles.includes(r.key)) ?? false;
}

/** The kind of an escalation to `to`: the chain's step, else what the classification trigger asks. */
export function escalationKind(policy: WorkflowPolicy, to: string): 'handover' | 'consult' {
  const step = policy.escalation.steps.find((s) => s.to === to);
  if (step) return step.kind;
  const triggers = [
    ...policy.classification.severityLevels.flatMap((l) => l.triggers),
    ...(policy.classification.sensitive?.triggers ?? []),
  ];
  return triggers.some((t) => t.role === to && t.action === 'escalate') ? 'handover' : 'consult';
}
