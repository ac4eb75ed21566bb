import type { Role } from '../db/types.ts';

/**
 * Who is acting: a signed-in user (page session or API token), always inside exactly one organisation.
 * Use cases receive the actor and the transaction, never the HTTP context.
 */
export interface RoleGrant {
  role: Role;
  /** null: the role holds for the whole organisation. */
  unitId: string | null;
}

export interface Actor {
  userId: string;
  organisationId: string;
  name: string;
  email: string;
  roles: RoleGrant[];
}

/** Who may be a complaint's handler (be assigned one, act as its handler): a behandelaar or a klachtenfunctionaris. */
export const HANDLING_ROLES = ['handler', 'coordinator'] as const satisfies readonly Role[];

export function hasRole(actor: Pick<Actor, 'roles'>, ...roles: Role[]): boolean {
  return actor.roles.some((g) => roles.includes(g.role));
}

/**
 * The unit ids in which the actor holds one of `roles`: an organisation-wide grant gives all units;
 * a unit grant gives that unit and everything below it in the tree.
 */
export function unitsWithRole(actor: Actor, units: { id: string; parent_id: string | null }[], ...roles: Role[]): Set<string> {
  const grants = actor.roles.filter((g) => roles.includes(g.role));
  if (grants.some((g) => g.unitId === null)) return new Set(units.map((u) => u.id));
  return subtreeOf(units, grants.map((g) => g.unitId!));
}

/** The given units and every unit below them in the tree (a werkmaatschappij with its afdelingen and teams); unknown ids are left out. */
export function subtreeOf(units: { id: string; parent_id: string | null }[], roots: string[]): Set<string> {
  const children = new Map<string, string[]>();
  for (const u of units) if (u.parent_id) children.set(u.parent_id, [...(children.get(u.parent_id) ?? []), u.id]);
  const out = new Set<string>();
  const stack = roots.filter((id) => units.some((u) => u.id === id));
  while (stack.length) {
    const id = stack.pop()!;
    if (out.has(id)) continue;
    out.add(id);
    stack.push(...(children.get(id) ?? []));
  }
  return out;
}
