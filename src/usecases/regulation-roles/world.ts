import type { Kysely } from 'kysely';
import type { IsoDate } from '../../domain/deadlines/index.ts';
import {
  holdersOf,
  regulationRolesOf,
  type ComplaintPeople,
  type RoleBinding,
  type WorkflowPolicy,
} from '../../domain/workflow/index.ts';
import type { DB } from '../../db/types.ts';
import { memoised } from '../read-memo.ts';

/**
 * What the role resolution (src/domain/workflow/regulation-roles.ts) needs from the database for one
 * organisation: its bindings, who is absent today and the unit tree.
 */
export interface OrganisationRoles {
  bindings: RoleBinding[];
  absent: Set<string>;
  parentOf: Map<string, string | null>;
}

export function loadOrganisationRoles(db: Kysely<DB>, organisationId: string, today: IsoDate): Promise<OrganisationRoles> {
  // Read once per read-only page inside `withReadMemo` (the start page's sections each ask).
  return memoised(`roles|${organisationId}|${today}`, () => readOrganisationRoles(db, organisationId, today));
}

async function readOrganisationRoles(db: Kysely<DB>, organisationId: string, today: IsoDate): Promise<OrganisationRoles> {
  const [bindings, absences, units] = await Promise.all([
    db.selectFrom('regulation_role_bindings').select(['role_key', 'unit_id', 'user_id']).where('organisation_id', '=', organisationId).execute(),
    db
      .selectFrom('absences')
      .select('user_id')
      .where('organisation_id', '=', organisationId)
      .where('starts_on', '<=', today)
      .where((eb) => eb.or([eb('ends_on', 'is', null), eb('ends_on', '>=', today)]))
      .execute(),
    db.selectFrom('units').select(['id', 'parent_id']).where('organisation_id', '=', organisationId).execute(),
  ]);
  return {
    bindings: bindings.map((b) => ({ roleKey: b.role_key, unitId: b.unit_id, userId: b.user_id })),
    absent: new Set(absences.map((a) => a.user_id)),
    parentOf: new Map(units.map((u) => [u.id, u.parent_id])),
  };
}

/** The unit and its ancestors, nearest first. */
export function unitChain(org: OrganisationRoles, unitId: string): string[] {
  const chain: string[] = [];
  for (let u: string | null | undefined = unitId; u && !chain.includes(u); u = org.parentOf.get(u)) chain.push(u);
  return chain;
}

export function complaintPeople(
  org: OrganisationRoles,
  c: { unit_id: string; respondent_user_id: string | null; handler_user_id: string | null; registered_by: string | null },
): ComplaintPeople {
  return { unitChain: unitChain(org, c.unit_id), respondentUserId: c.respondent_user_id, handlerUserId: c.handler_user_id, registeredBy: c.registered_by };
}

/** The regulation roles `userId` holds for a complaint. */
export function rolesHeld(org: OrganisationRoles, policy: WorkflowPolicy, userId: string, people: ComplaintPeople): string[] {
  return regulationRolesOf({ policy, bindings: org.bindings, absent: org.absent }, userId, people);
}

/**
 * What the regulation's roles add to a user's product roles on ONE complaint (ADR 0007): a role held only
 * as deputy while its holders are absent (003 Definities) brings that role's work, and the role a
 * complaint was handed over to makes its holder who is now the handler its handler. A user's own bindings
 * add nothing: what their account may do is set by their product roles.
 */
export function roleWork(org: OrganisationRoles, policy: WorkflowPolicy, userId: string, people: ComplaintPeople, handedOverTo: string | null): { policy: WorkflowPolicy; deputyFor: string[]; handedOver: boolean } {
  const held = rolesHeld(org, policy, userId, people);
  const own = rolesHeld({ ...org, absent: new Set() }, policy, userId, people);
  return { policy, deputyFor: held.filter((r) => !own.includes(r)), handedOver: handedOverTo !== null && held.includes(handedOverTo) };
}

/** Who holds a regulation role for a complaint. */
export function roleHolders(org: OrganisationRoles, policy: WorkflowPolicy, people: ComplaintPeople): (role: string) => string[] {
  return (role) => holdersOf({ policy, bindings: org.bindings, absent: org.absent }, role, people);
}
