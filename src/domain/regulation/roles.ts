/**
 * A regulation's own names for its roles, for every page, letter and report: one place (the dossier, the start page,
 * the retention hold, `orgs create` and the reports each had a copy). Works on a regulation's roles and on a
 * workflow policy's (both carry key, label and product roles).
 */
import { withArticle } from './cite.ts';
import type { PRODUCT_ROLES } from './schema.ts';

type ProductRole = (typeof PRODUCT_ROLES)[number];

/** A role as a regulation or a policy holds it; tolerates the older single `productRole` field. */
export interface NamedRole {
  key: string;
  label: string;
  productRoles?: readonly ProductRole[];
  productRole?: ProductRole;
}

/** The label of the regulation role `key` ("bestuur", "klachtencoördinator"); the key itself when unknown. */
export function roleLabelOf(roles: readonly NamedRole[], key: string): string {
  return roles.find((r) => r.key === key)?.label ?? key;
}

/**
 * The regulation's own name for a product role where a page speaks of that role (003: "klachtencoördinator" for
 * `coordinator`; 001: "directie"; 002: "klachtenfunctionaris"): the first of its roles that maps to the product role
 * first. Else `fallback` (the product's name, or a neutral word where no regulation is in context).
 */
export function regulationRoleName(roles: readonly NamedRole[], productRole: ProductRole, fallback: string): string {
  return roles.find((r) => productRolesOf(r)[0] === productRole)?.label ?? fallback;
}

/**
 * The regulation's name for the role that coordinates complaints (product role `coordinator`): "klachtencoördinator"
 * (003), "directie" (001); without one (or without a regulation in context) the product's "klachtenfunctionaris".
 */
export function coordinatorName(roles: readonly NamedRole[]): string {
  return regulationRoleName(roles, 'coordinator', 'klachtenfunctionaris');
}

/**
 * `coordinatorName` with its article, mid-sentence: "de klachtenfunctionaris" (000, 002, 004), "de klachtencoördinator"
 * (003), "de directie" (001), "de secretaris van de klachtencommissie" (committee model). For every message that names that role.
 */
export function theCoordinator(policy: { roles: readonly NamedRole[] }): string {
  return withArticle(coordinatorName(policy.roles));
}

/** Product roles of a regulation role; tolerates the older single `productRole` field. */
export function productRolesOf(role: NamedRole): readonly ProductRole[] {
  if (Array.isArray(role.productRoles)) return role.productRoles;
  return role.productRole ? [role.productRole] : [];
}
