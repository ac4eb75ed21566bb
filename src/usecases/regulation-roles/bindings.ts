import { sql, type Kysely } from 'kysely';
import { z } from 'zod';
import { isRecordDate } from '../../domain/deadlines/index.ts';
import { policyFromRegulation, type WorkflowPolicy } from '../../domain/workflow/index.ts';
import type { DB } from '../../db/types.ts';
import { AppError, notFound, validationFailed } from '../../shared/errors.ts';
import { isUuid, parseInput } from '../../shared/validation.ts';
import { hasRole, unitsWithRole, type Actor } from '../actor.ts';
import { audit } from '../audit.ts';
import { activeRegulation, theCoordinatorFor } from '../regulations/regulations.ts';
import { onUniqueViolation } from '../../shared/unique-violation.ts';

/**
 * Binding the regulation's roles (`roles[].key`: klachtenfunctionaris, directie, leidinggevende …) to users,
 * per unit or for the whole organisation, and recording absences (a deputy stands in while every holder of
 * a role is away, 003 Definities). Admins manage the whole organisation, coordinators their own units. The
 * command line acts for the whole organisation (`manager` null). Every change is audited.
 */
export interface RoleManager {
  organisationId: string;
  /** null: the command line. */
  actor: Actor | null;
}


/** The units the manager may bind roles in; `all` also allows bindings for the whole organisation. */
async function managedScope(db: Kysely<DB>, m: RoleManager): Promise<{ all: boolean; units: Set<string> }> {
  const units = await db.selectFrom('units').select(['id', 'parent_id']).where('organisation_id', '=', m.organisationId).execute();
  if (m.actor === null || hasRole(m.actor, 'admin')) return { all: true, units: new Set(units.map((u) => u.id)) };
  if (!hasRole(m.actor, 'coordinator')) throw new AppError('not_permitted', `Alleen een beheerder of ${await theCoordinatorFor(db, m.organisationId, { unitId: null })} kan rollen uit de klachtenregeling toewijzen.`);
  const all = m.actor.roles.some((g) => g.role === 'coordinator' && g.unitId === null);
  return { all, units: unitsWithRole(m.actor, units, 'coordinator') };
}

/**
 * A coordinator of some units records absences only of people who work in those units alone: an absence
 * switches deputies on (003 Definities), so marking someone absent who also holds a role elsewhere would
 * change who acts there. Admins and organisation-wide coordinators may record anyone's.
 */
async function checkUserManaged(db: Kysely<DB>, m: RoleManager, scope: { all: boolean; units: Set<string> }, userId: string): Promise<void> {
  if (scope.all) return;
  const [bindings, grants] = await Promise.all([
    db.selectFrom('regulation_role_bindings').select('unit_id').where('organisation_id', '=', m.organisationId).where('user_id', '=', userId).execute(),
    db.selectFrom('role_assignments').select('unit_id').where('organisation_id', '=', m.organisationId).where('user_id', '=', userId).execute(),
  ]);
  const unitIds = [...bindings, ...grants].map((r) => r.unit_id);
  if (unitIds.length === 0 || unitIds.some((u) => u === null || !scope.units.has(u))) {
    throw new AppError('not_permitted', 'U kunt alleen de afwezigheid vastleggen van medewerkers die alleen in uw eenheden werken. Vraag dit aan een beheerder.');
  }
}

function checkScope(scope: { all: boolean; units: Set<string> }, unitId: string | null): void {
  if (unitId === null ? !scope.all : !scope.units.has(unitId)) {
    throw new AppError('not_permitted', unitId === null ? 'Alleen een beheerder kan een rol voor de hele organisatie toewijzen.' : 'U beheert deze eenheid niet.');
  }
}

/** The policy of the regulation that applies to a unit (the organisation's for null), or null when none. */
export async function policyForUnit(db: Kysely<DB>, organisationId: string, unitId: string | null): Promise<{ policy: WorkflowPolicy; title: string } | null> {
  const reg = await activeRegulation(db, organisationId, unitId);
  return reg ? { policy: policyFromRegulation(reg.regulation), title: reg.regulation.metadata.title } : null;
}

export const bindRoleInput = z.object({
  unitId: z
    .string()
    .trim()
    .optional()
    .nullable()
    .transform((v) => (v ? v : null)),
  roleKey: z.string({ error: 'Kies een rol uit de klachtenregeling.' }).trim().min(1, { error: 'Kies een rol uit de klachtenregeling.' }),
  userId: z.string({ error: 'Kies een medewerker.' }).trim().min(1, { error: 'Kies een medewerker.' }),
});

export async function bindRole(tx: Kysely<DB>, m: RoleManager, input: z.input<typeof bindRoleInput>): Promise<{ id: string }> {
  const data = parseInput(bindRoleInput, input);
  const scope = await managedScope(tx, m);
  if (data.unitId !== null) {
    const unit = isUuid(data.unitId)
      ? await tx.selectFrom('units').select('id').where('id', '=', data.unitId).where('organisation_id', '=', m.organisationId).executeTakeFirst()
      : undefined;
    if (!unit) throw validationFailed([{ field: 'unitId', message: 'Kies een bestaande eenheid.' }]);
  }
  checkScope(scope, data.unitId);
  const applicable = await policyForUnit(tx, m.organisationId, data.unitId);
  if (!applicable) throw validationFailed([{ field: 'roleKey', message: 'Voor deze eenheid geldt nog geen klachtenregeling.' }]);
  const role = applicable.policy.roles.find((r) => r.key === data.roleKey);
  if (!role) {
    throw validationFailed([{ field: 'roleKey', message: `Kies een rol uit de klachtenregeling: ${applicable.policy.roles.filter((r) => r.appointment === 'bound').map((r) => r.label).join('; ')}.` }]);
  }
  if (role.appointment !== 'bound') {
    throw validationFailed([{ field: 'roleKey', message: `De rol ${role.label} heeft iemand vanzelf bij een klacht; die hoeft u niet toe te wijzen.` }]);
  }
  const user = isUuid(data.userId)
    ? await tx.selectFrom('users').select('id').where('id', '=', data.userId).where('organisation_id', '=', m.organisationId).where('disabled_at', 'is', null).executeTakeFirst()
    : undefined;
  if (!user) throw validationFailed([{ field: 'userId', message: 'Kies een bestaande medewerker van deze organisatie.' }]);
  const existing = await tx
    .selectFrom('regulation_role_bindings')
    .select('id')
    .where('organisation_id', '=', m.organisationId)
    .where('role_key', '=', role.key)
    .where('user_id', '=', user.id)
    .where(data.unitId === null ? sql<boolean>`unit_id is null` : sql<boolean>`unit_id = ${data.unitId}`)
    .executeTakeFirst();
  const bound = () => new AppError('conflict', 'Deze medewerker heeft deze rol hier al.', [{ field: 'userId', message: 'Deze medewerker heeft deze rol hier al.' }]);
  if (existing) throw bound();
  const row = await onUniqueViolation(
    () =>
      tx
        .insertInto('regulation_role_bindings')
        .values({ organisation_id: m.organisationId, unit_id: data.unitId, role_key: role.key, user_id: user.id, created_by: m.actor?.userId ?? null })
        .returning('id')
        .executeTakeFirstOrThrow(),
    bound,
  );
  await audit(tx, {
    organisationId: m.organisationId,
    actorUserId: m.actor?.userId ?? null,
    action: 'regulation_role.bound',
    subjectType: 'user',
    subjectId: user.id,
    details: { bindingId: row.id, roleKey: role.key, unitId: data.unitId },
  });
  return row;
}

export async function unbindRole(tx: Kysely<DB>, m: RoleManager, bindingId: string): Promise<void> {
  const scope = await managedScope(tx, m);
  const row = isUuid(bindingId)
    ? await tx.selectFrom('regulation_role_bindings').select(['id', 'unit_id', 'role_key', 'user_id']).where('id', '=', bindingId).where('organisation_id', '=', m.organisationId).executeTakeFirst()
    : undefined;
  if (!row) throw notFound('Deze toewijzing bestaat niet.');
  checkScope(scope, row.unit_id);
  await tx.deleteFrom('regulation_role_bindings').where('id', '=', row.id).execute();
  await audit(tx, {
    organisationId: m.organisationId,
    actorUserId: m.actor?.userId ?? null,
    action: 'regulation_role.unbound',
    subjectType: 'user',
    subjectId: row.user_id,
    details: { bindingId: row.id, roleKey: row.role_key, unitId: row.unit_id },
  });
}

export interface BindingItem {
  id: string;
  unitId: string | null;
  unitName: string | null;
  roleKey: string;
  userId: string;
  userName: string;
  userEmail: string;
}

/** The bindings the manager may see: an admin the whole organisation, a coordinator those in their units and the organisation-wide ones. */
export async function listBindings(db: Kysely<DB>, m: RoleManager): Promise<BindingItem[]> {
  const scope = await managedScope(db, m);
  const rows = await db
    .selectFrom('regulation_role_bindings as b')
    .innerJoin('users as u', 'u.id', 'b.user_id')
    .leftJoin('units as n', 'n.id', 'b.unit_id')
    .select(['b.id', 'b.unit_id', 'n.name as unit_name', 'b.role_key', 'b.user_id', 'u.name as user_name', 'u.email as user_email'])
    .where('b.organisation_id', '=', m.organisationId)
    .orderBy('n.name')
    .orderBy('b.role_key')
    .orderBy('u.name')
    .execute();
  return rows
    .filter((r) => r.unit_id === null || scope.units.has(r.unit_id))
    .map((r) => ({ id: r.id, unitId: r.unit_id, unitName: r.unit_name, roleKey: r.role_key, userId: r.user_id, userName: r.user_name, userEmail: r.user_email }));
}

const date = (what: string) =>
  z
    .string({ error: `Vul ${what} in, in de vorm JJJJ-MM-DD.` })
    .trim()
    .refine((v) => isRecordDate(v), { error: `Vul ${what} in als een bestaande datum, in de vorm JJJJ-MM-DD, tussen het jaar 1900 en 2999.` });

export const absenceInput = z
  .object({
    userId: z.string({ error: 'Kies een medewerker.' }).trim().min(1, { error: 'Kies een medewerker.' }),
    startsOn: date('de eerste dag van de afwezigheid'),
    endsOn: z
      .union([date('de laatste dag van de afwezigheid'), z.literal(''), z.null()])
      .optional()
      .transform((v) => (v ? v : null)),
    note: z
      .string()
      .trim()
      .max(500, { error: 'De toelichting mag hoogstens 500 tekens hebben.' })
      .optional()
      .transform((v) => (v ? v : null)),
  })
  .refine((a) => a.endsOn === null || a.endsOn >= a.startsOn, { path: ['endsOn'], error: 'De laatste dag ligt vóór de eerste dag.' });

export async function recordAbsence(tx: Kysely<DB>, m: RoleManager, input: z.input<typeof absenceInput>): Promise<{ id: string }> {
  const data = parseInput(absenceInput, input);
  const scope = await managedScope(tx, m);
  const user = isUuid(data.userId)
    ? await tx.selectFrom('users').select('id').where('id', '=', data.userId).where('organisation_id', '=', m.organisationId).executeTakeFirst()
    : undefined;
  if (!user) throw validationFailed([{ field: 'userId', message: 'Kies een bestaande medewerker van deze organisatie.' }]);
  await checkUserManaged(tx, m, scope, user.id);
  const row = await tx
    .insertInto('absences')
    .values({ organisation_id: m.organisationId, user_id: user.id, starts_on: data.startsOn, ends_on: data.endsOn, note: data.note, created_by: m.actor?.userId ?? null })
    .returning('id')
    .executeTakeFirstOrThrow();
  await audit(tx, { organisationId: m.organisationId, actorUserId: m.actor?.userId ?? null, action: 'absence.recorded', subjectType: 'user', subjectId: user.id, details: { absenceId: row.id, startsOn: data.startsOn, endsOn: data.endsOn } });
  return row;
}

/** Ends an absence: `on` is the last day away. Ending it before it started removes it. */
export async function endAbsence(tx: Kysely<DB>, m: RoleManager, absenceId: string, on: string): Promise<void> {
  const scope = await managedScope(tx, m);
  if (!isRecordDate(on)) throw validationFailed([{ field: 'endsOn', message: 'Vul de laatste dag van de afwezigheid in, in de vorm JJJJ-MM-DD.' }]);
  const row = isUuid(absenceId)
    ? await tx.selectFrom('absences').select(['id', 'user_id', 'starts_on']).where('id', '=', absenceId).where('organisation_id', '=', m.organisationId).executeTakeFirst()
    : undefined;
  if (!row) throw notFound('Deze afwezigheid bestaat niet.');
  await checkUserManaged(tx, m, scope, row.user_id);
  const endsOn = on < row.starts_on ? null : on;
  if (endsOn === null) await tx.deleteFrom('absences').where('id', '=', row.id).execute();
  else await tx.updateTable('absences').set({ ends_on: endsOn }).where('id', '=', row.id).execute();
  await audit(tx, { organisationId: m.organisationId, actorUserId: m.actor?.userId ?? null, action: 'absence.ended', subjectType: 'user', subjectId: row.user_id, details: { absenceId: row.id, endsOn } });
}

export interface AbsenceItem {
  id: string;
  userId: string;
  userName: string;
  startsOn: string;
  endsOn: string | null;
  note: string | null;
}

/** Absences that have not ended before `today`. */
export async function listAbsences(db: Kysely<DB>, m: RoleManager, today: string): Promise<AbsenceItem[]> {
  await managedScope(db, m);
  const rows = await db
    .selectFrom('absences as a')
    .innerJoin('users as u', 'u.id', 'a.user_id')
    .select(['a.id', 'a.user_id', 'u.name', 'a.starts_on', 'a.ends_on', 'a.note'])
    .where('a.organisation_id', '=', m.organisationId)
    .where((eb) => eb.or([eb('a.ends_on', 'is', null), eb('a.ends_on', '>=', today)]))
    .orderBy('a.starts_on')
    .execute();
  return rows.map((r) => ({ id: r.id, userId: r.user_id, userName: r.name, startsOn: r.starts_on, endsOn: r.ends_on, note: r.note }));
}
