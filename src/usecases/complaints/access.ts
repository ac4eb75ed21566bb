import { expressionBuilder, sql, type Expression, type ExpressionBuilder, type Kysely, type SqlBool } from 'kysely';
import { OPEN_STATUSES, respondentTakesPart, seesUnitComplaints } from '../../domain/workflow/index.ts';
import { notFound } from '../../shared/errors.ts';
import type { DB } from '../../db/types.ts';
import { type Actor, HANDLING_ROLES, hasRole, unitsWithRole } from '../actor.ts';
import { organisationFacts, rolesHeld, unitChain } from '../regulation-roles/world.ts';
import { cachedPolicy, policyFor, today } from './dossier.ts';
import { regulationVersion } from '../regulations/regulations.ts';
import { memoised } from '../read-memo.ts';

/**
 * Need-to-know (PRODUCT.md): coordinators see the complaints of their units, handlers those assigned to
 * them, intake users what they registered, board members and admins none (reports only). The people the
 * regulation names see what their role needs (issue 7): holders of the role that decides who handles
 * (routing.assignedBy) see their units' complaints; holders of the role a complaint was handed over to see
 * it, and so do (read only) holders of a consulted role; the person a complaint is about sees it only
 * where the regulation gives them a part (000 art. 4.2 first line, 5.5 sign-off), and never otherwise.
 * One rule, used by every query that reads complaints.
 */
export interface ComplaintScope {
  coordinatorUnits: string[];
  /**
   * Coordinator of every unit of the organisation (the klachtenfunctionaris): every complaint of the organisation is
   * in one of its units, so the unit arm is simply true (issue 13, ADR 0028: a long OR of indexable arms made the
   * planner sort every complaint instead of reading the list's index in order). The other rules still apply.
   */
  coordinatorOfAll?: boolean;
  userId: string;
  handler: boolean;
  intake: boolean;
  /**
   * Per regulation version: units whose complaints the user's regulation roles show (`units`), and per role
   * the units where they hold it (`held`): a complaint there handed over to, or consulted with, that role.
   */
  byRegulation: { versionId: string; units: string[]; held: { role: string; units: string[] }[] }[];
  /** Versions under which the person complained about takes part in the procedure. */
  respondentVersions: string[];
  /** Versions whose regulation says the one who judges is never the person complained about (000, 002 art. 1). */
  independentVersions: string[];
}

/** Policies of the organisation's regulation versions (versions never change). */
async function organisationPolicies(db: Kysely<DB>, organisationId: string, versionIds: string[]) {
  const out = [];
  // A version never changes once activated: its policy is read from the database once per process.
  for (const id of versionIds) {
    const policy = cachedPolicy(id) ?? policyFor(id, (await regulationVersion(db, organisationId, id)).regulation);
    out.push({ versionId: id, policy });
  }
  return out;
}

/** The actor's need-to-know scope (read once per read-only page inside `withReadMemo`, src/usecases/read-memo.ts). */
export function complaintScope(db: Kysely<DB>, actor: Actor, now?: Date): Promise<ComplaintScope> {
  const roles = actor.roles.map((r) => `${r.role}:${r.unitId ?? ''}`).join(',');
  return memoised(`scope|${actor.organisationId}|${actor.userId}|${roles}|${today(now)}`, () => readScope(db, actor, now));
}

async function readScope(db: Kysely<DB>, actor: Actor, now?: Date): Promise<ComplaintScope> {
  // The units, versions, role bindings and absences in one statement (they were five).
  const { units, versionIds, roles: org } = await organisationFacts(db, actor.organisationId, today(now));
  const policies = await organisationPolicies(db, actor.organisationId, versionIds);
  const byRegulation: ComplaintScope['byRegulation'] = [];
  if (org.bindings.some((b) => b.userId === actor.userId)) {
    for (const { versionId, policy } of policies) {
      const entry = { versionId, units: [] as string[], held: [] as { role: string; units: string[] }[] };
      const add = (role: string, unit: string) => {
        const item = entry.held.find((x) => x.role === role) ?? entry.held[entry.held.push({ role, units: [] }) - 1]!;
        item.units.push(unit);
      };
      for (const u of units) {
        const held = rolesHeld(org, policy, actor.userId, { unitChain: unitChain(org, u.id), respondentUserId: null, handlerUserId: null, registeredBy: null });
        for (const role of held) {
          if (seesUnitComplaints(policy, role) && !entry.units.includes(u.id)) entry.units.push(u.id);
          add(role, u.id);
        }
      }
      if (entry.units.length || entry.held.length) byRegulation.push(entry);
    }
  }
  const coordinatorUnits = [...unitsWithRole(actor, units, 'coordinator')];
  return {
    coordinatorUnits,
    coordinatorOfAll: units.length > 0 && units.every((u) => coordinatorUnits.includes(u.id)),
    userId: actor.userId,
    handler: hasRole(actor, ...HANDLING_ROLES),
    intake: hasRole(actor, 'intake', 'coordinator', 'handler'),
    byRegulation,
    respondentVersions: policies.filter((p) => respondentTakesPart(p.policy)).map((p) => p.versionId),
    independentVersions: policies.filter((p) => p.policy.independentHandler !== null).map((p) => p.versionId),
  };
}

type Where = Expression<SqlBool>;
/**
 * The predicate of the partial index complaints_regulation_roles (migration T2000, which writes it out itself): the
 * roles branch repeats it so the planner can prove the index applies. Change both together.
 */
const REGULATION_ROLES_SQL = `(handed_to_role is not null or consulted_roles <> '[]'::jsonb or procedure_roles <> '[]'::jsonb)`;
/** The branches of need-to-know: each found by its own index (but `all` and `units`, see `visibleBranches`). */
export type BranchName = 'all' | 'units' | 'roles' | 'handler' | 'registrar' | 'respondent';

/**
 * The scope's need-to-know as its arms, grouped by the index that can find them (issue 13, ADR 0028 addendum 10): the
 * one source of both `visibleTo` (one OR of every arm) and `visibleBranches` (a UNION of the groups). Each arm is a
 * complete reason to see a complaint; every arm but the respondent's is also subject to the independence rule.
 */
function needToKnow(scope: ComplaintScope, eb: ExpressionBuilder<DB, 'complaints'>) {
  const groups: { name: BranchName; arms: Where[]; guard?: Where }[] = [];
  if (scope.coordinatorOfAll) groups.push({ name: 'all', arms: [sql<boolean>`true`] });
  // Whole units (coordinator; the role that decides who handles): a range of each unit's rows.
  const units: Where[] = [];
  const unitIds = new Set<string>();
  if (!scope.coordinatorOfAll && scope.coordinatorUnits.length) {
    units.push(eb('complaints.unit_id', 'in', scope.coordinatorUnits));
    for (const u of scope.coordinatorUnits) unitIds.add(u);
  }
  // A complaint handed over to, consulted with or forwarded to a role the user holds in its unit: the few complaints
  // that carry a regulation role at all (index complaints_regulation_roles, migration T2000).
  const roles: Where[] = [];
  const roleUnits = new Set<string>();
  const handler = scope.handler ? eb('complaints.handler_user_id', '=', scope.userId) : null;
  // Who registered a complaint reads it while it is open (the intake desk follows up, e.g. a call back);
  // once the procedure has ended, their part in it has too (need-to-know, ADR 0005).
  const registrar = scope.intake ? eb.and([eb('complaints.registered_by', '=', scope.userId), eb('complaints.status', 'in', [...OPEN_STATUSES])]) : null;
  for (const r of scope.byRegulation) {
    const version = eb('complaints.regulation_version_id', '=', r.versionId);
    if (r.units.length) units.push(eb.and([version, eb('complaints.unit_id', 'in', r.units)]));
    for (const u of r.units) unitIds.add(u);
    for (const h of r.held) {
      const inUnits = eb('complaints.unit_id', 'in', h.units);
      for (const u of h.units) roleUnits.add(u);
      roles.push(eb.and([version, eb('complaints.handed_to_role', '=', h.role), inUnits]));
      roles.push(eb.and([version, eb(sql<string>`complaints.consulted_roles`, '@>', sql<string>`${JSON.stringify([h.role])}::jsonb`), inUnits]));
      // The committee a complaint was forwarded to, the role that writes the response to a judgement (issue 12).
      roles.push(eb.and([version, eb(sql<string>`complaints.procedure_roles`, '@>', sql<string>`${JSON.stringify([h.role])}::jsonb`), inUnits]));
    }
  }
  // Each arm names its units: their union is a condition an index on the unit can serve (implied by the arms), and a
  // role arm implies that the complaint carries a role (the partial index's predicate, repeated for the planner).
  if (units.length) groups.push({ name: 'units', arms: units, guard: eb('complaints.unit_id', 'in', [...unitIds]) });
  if (roles.length) groups.push({ name: 'roles', arms: roles, guard: eb.and([eb('complaints.unit_id', 'in', [...roleUnits]), sql<boolean>`${sql.raw(REGULATION_ROLES_SQL.replace(/(handed_to_role|consulted_roles|procedure_roles)/g, 'complaints.$1'))}`]) });
  if (handler) groups.push({ name: 'handler', arms: [handler] });
  if (registrar) groups.push({ name: 'registrar', arms: [registrar] });
  const asRespondent = scope.respondentVersions.length
    ? eb.and([eb('complaints.respondent_user_id', '=', scope.userId), eb('complaints.regulation_version_id', 'in', scope.respondentVersions)])
    : null;
  // Where the regulation says the one who judges is never the person complained about (000, 002 art. 1),
  // that person does not see the dossier as coordinator, handler or registrar; only where the regulation
  // gives them a part in the procedure (000 art. 4.2, 5.5). Elsewhere their roles decide, as for anyone.
  const notAboutMe = scope.independentVersions.length
    ? eb.or([
        eb('complaints.respondent_user_id', 'is', null),
        eb('complaints.respondent_user_id', '!=', scope.userId),
        eb('complaints.regulation_version_id', 'not in', scope.independentVersions),
      ])
    : null;
  return { groups, asRespondent, notAboutMe };
}

/** A where-clause that keeps only the complaints the scope may see (always combined with the organisation). */
export function visibleTo(scope: ComplaintScope) {
  return (eb: ExpressionBuilder<DB, 'complaints'>): Where => {
    const { groups, asRespondent, notAboutMe } = needToKnow(scope, eb);
    const ors = groups.flatMap((g) => g.arms);
    if (!ors.length) return asRespondent ?? eb.val(false);
    const anyOf = scope.coordinatorOfAll ? sql<boolean>`true` : eb.or(ors);
    const others = notAboutMe ? (scope.coordinatorOfAll ? notAboutMe : eb.and([anyOf, notAboutMe])) : anyOf;
    return asRespondent ? eb.or([others, asRespondent]) : others;
  };
}

/**
 * The same need-to-know as `visibleTo`, as branches whose UNION is exactly what `visibleTo` keeps (issue 13): each
 * branch is one group of arms with a condition one index serves (the handler's, the registrar's, the units', the
 * respondent's), so a list can read each branch by its own index instead of testing the whole OR on every row of the
 * organisation. Built from the same arms as `visibleTo` (`needToKnow`); a complaint may be in more than one branch.
 */
export function visibleBranches(scope: ComplaintScope): { name: BranchName; where: (eb: ExpressionBuilder<DB, 'complaints'>) => Where }[] {
  // The names only depend on the scope; the conditions are built per query (an expression belongs to its builder).
  const names = needToKnow(scope, expressionBuilder<DB, 'complaints'>()).groups.map((g) => g.name);
  const out: { name: BranchName; where: (eb: ExpressionBuilder<DB, 'complaints'>) => Where }[] = names.map((name) => ({
    name,
    where: (eb) => {
      const { groups, notAboutMe } = needToKnow(scope, eb);
      const g = groups.find((x) => x.name === name)!;
      const any = g.arms.length === 1 ? g.arms[0]! : eb.or(g.arms);
      return eb.and([...(g.guard ? [g.guard] : []), any, ...(notAboutMe ? [notAboutMe] : [])]);
    },
  }));
  if (scope.respondentVersions.length) out.push({ name: 'respondent', where: (eb) => needToKnow(scope, eb).asRespondent! });
  return out;
}

/** May the actor act as coordinator on a complaint of this unit (the table decides which actions)? */
export function isCoordinatorFor(scope: ComplaintScope, unitId: string): boolean {
  return scope.coordinatorUnits.includes(unitId);
}

export const NOT_VISIBLE = 'Deze klacht bestaat niet of u heeft er geen toegang toe.';

/**
 * Locks one complaint the actor may see (`FOR UPDATE`, inside the caller's transaction) and returns the
 * columns a change needs; a complaint outside need-to-know is a 404, like a missing one.
 */
export async function lockVisibleComplaint(tx: Kysely<DB>, organisationId: string, scope: ComplaintScope, complaintId: string) {
  const complaint = await tx
    .selectFrom('complaints')
    .select(['id', 'reference', 'unit_id', 'handler_user_id', 'respondent_user_id', 'registered_by', 'regulation_version_id', 'last_seq', 'status', 'complainant', 'unit_unknown'])
    .where('id', '=', complaintId)
    .where('organisation_id', '=', organisationId)
    .where(visibleTo(scope))
    .forUpdate()
    .executeTakeFirst();
  if (!complaint) throw notFound(NOT_VISIBLE);
  return complaint;
}

/** Can the actor see this complaint (need-to-know)? Reads nothing else and writes no audit line. */
export async function canSee(db: Kysely<DB>, actor: Actor, complaintId: string): Promise<boolean> {
  const scope = await complaintScope(db, actor);
  const row = await db.selectFrom('complaints').select('id').where('id', '=', complaintId).where('organisation_id', '=', actor.organisationId).where(visibleTo(scope)).executeTakeFirst();
  return row !== undefined;
}

/**
 * The units a staff member registers complaints for: where they hold a registering role (intake,
 * coordinator, handler). An organisation-wide grant covers every unit, a unit grant that unit and the
 * units below it. A complaint is registered for one of these only (an intake desk works for its own units).
 */
export function registrationUnits(actor: Actor, units: { id: string; parent_id: string | null }[]): Set<string> {
  return unitsWithRole(actor, units, 'intake', 'coordinator', 'handler');
}
