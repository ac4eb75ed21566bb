import { sql, type Kysely } from 'kysely';
import { dayZero, type IsoDate } from '../../domain/deadlines/index.ts';
import {
  holdersOf,
  regulationRolesOf,
  type ComplaintPeople,
  type RoleBinding,
  type WorkflowPolicy,
} from '../../domain/workflow/index.ts';
import type { DB, Unit } from '../../db/types.ts';
import { inReadMemo, memoised } from '../read-memo.ts';

/**
 * What the role resolution (src/domain/workflow/regulation-roles.ts) needs from the database for one
 * organisation: its bindings, who is absent today and the unit tree.
 */
export interface OrganisationRoles {
  bindings: RoleBinding[];
  absent: Set<string>;
  parentOf: Map<string, string | null>;
}

/**
 * What the need-to-know scope (src/usecases/complaints/access.ts) and the role resolution read of one organisation: its
 * unit tree, its regulation versions, the role bindings and who is absent today; and its name (the start page's first line).
 */
export interface OrganisationFacts {
  /** The organisation's name and slug (null: not visible, or no such organisation). */
  organisation: { name: string; slug: string } | null;
  units: { id: string; parent_id: string | null }[];
  /** The units as stored (every column), by name: what organisationUnits (units.ts) reads, inside a read-only page. */
  unitRows: Unit[];
  versionIds: string[];
  /** The newest version per scope (regulations.ts, regulationHeads), in the scope's order (the organisation's own first). */
  heads: { id: string; unit_id: string | null }[];
  roles: OrganisationRoles;
}

/**
 * The organisation's facts in ONE statement (issue 13: they were five, on every list, search and page), read once per
 * read-only page inside `withReadMemo` (the start page's sections each ask). Each table is read under its own
 * row-level-security policy, as the separate statements did.
 */
export function organisationFacts(db: Kysely<DB>, organisationId: string, today: IsoDate): Promise<OrganisationFacts> {
  return memoised(`facts|${organisationId}|${today}`, () => readOrganisationFacts(db, organisationId, today));
}

/**
 * Inside a read-only page (`withReadMemo`) a part of the organisation's facts, read once with the need-to-know scope's
 * (issue 13); outside one, `read()`: a read of its own, as before.
 */
export function fromFactsInPage<T>(db: Kysely<DB>, organisationId: string, pick: (facts: OrganisationFacts) => T, read: () => Promise<T>): Promise<T> {
  return inReadMemo() ? organisationFacts(db, organisationId, dayZero(new Date())).then(pick) : read();
}

export async function loadOrganisationRoles(db: Kysely<DB>, organisationId: string, today: IsoDate): Promise<OrganisationRoles> {
  return (await organisationFacts(db, organisationId, today)).roles;
}

async function readOrganisationFacts(db: Kysely<DB>, organisationId: string, today: IsoDate): Promise<OrganisationFacts> {
  const org = sql`${organisationId}::uuid`;
  const zero = sql.raw(`'00000000-0000-0000-0000-000000000000'::uuid`);
  const { rows } = await sql<{ organisation: { name: string; slug: string } | null; unit_rows: (Omit<Unit, 'created_at'> & { created_at: string })[]; versions: string[]; heads: [string, string | null][]; bindings: [string, string | null, string][]; absent: string[] }>`
    select
      (select json_build_object('name', o.name, 'slug', o.slug) from organisations o where o.id = ${org}) as organisation,
      (select coalesce(json_agg(u order by u.name), '[]'::json) from units u where u.organisation_id = ${org}) as unit_rows,
      (select coalesce(json_agg(v.id), '[]'::json) from regulation_versions v where v.organisation_id = ${org}) as versions,
      (select coalesce(json_agg(json_build_array(h.id, h.unit_id) order by coalesce(h.unit_id, ${zero})), '[]'::json)
         from (select distinct on (coalesce(v.unit_id, ${zero})) v.id, v.unit_id from regulation_versions v
               where v.organisation_id = ${org} order by coalesce(v.unit_id, ${zero}), v.version desc) h) as heads,
      (select coalesce(json_agg(json_build_array(b.role_key, b.unit_id, b.user_id)), '[]'::json)
         from regulation_role_bindings b where b.organisation_id = ${org}) as bindings,
      (select coalesce(json_agg(a.user_id), '[]'::json) from absences a
         where a.organisation_id = ${org} and a.starts_on <= ${today}::date and (a.ends_on is null or a.ends_on >= ${today}::date)) as absent`.execute(db);
  const r = rows[0]!;
  // Every column of a unit row as JSON: the one timestamp back to a Date, as the driver gives it.
  const unitRows = r.unit_rows.map((u) => ({ ...u, created_at: new Date(u.created_at) }));
  const units = unitRows.map((u) => ({ id: u.id, parent_id: u.parent_id }));
  return {
    organisation: r.organisation,
    units,
    unitRows,
    versionIds: r.versions,
    heads: r.heads.map(([id, unit_id]) => ({ id, unit_id })),
    roles: {
      bindings: r.bindings.map(([roleKey, unitId, userId]) => ({ roleKey, unitId, userId })),
      absent: new Set(r.absent),
      parentOf: new Map(units.map((u) => [u.id, u.parent_id])),
    },
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
