import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import { z } from 'zod';
import { hashPassword, passwordProblem } from '../../auth/password.ts';
import { ROLES, type DB, type Role, type User } from '../../db/types.ts';
import { AppError } from '../../shared/errors.ts';
import { parseInput } from '../../shared/validation.ts';
import type { Actor, RoleGrant } from '../actor.ts';
import { audit } from '../audit.ts';
import { onUniqueViolation } from '../../shared/unique-violation.ts';

export const ROLE_LABELS: Record<Role, string> = {
  admin: 'Beheerder',
  coordinator: 'Klachtenfunctionaris',
  handler: 'Klachtbehandelaar',
  intake: 'Medewerker klachtenregistratie',
  board: 'Bestuur / directie',
};

export const emailSchema = z.string().trim().toLowerCase().pipe(z.email({ message: 'Vul een geldig e-mailadres in, bijvoorbeeld naam@organisatie.nl.' }));

export const createUserInput = z.object({
  email: emailSchema,
  name: z.string().trim().min(2, { message: 'Vul een naam in van minstens 2 tekens.' }).max(200, { message: 'De naam mag hoogstens 200 tekens lang zijn.' }),
  /** Empty with `invite`: the user chooses a password through the invitation link (ADR 0013). */
  password: z.string().default(''),
  role: z.enum(ROLES as [Role, ...Role[]], { message: 'Kies een rol.' }),
  unitId: z.uuid({ message: 'Kies een bestaande eenheid.' }).nullish(),
  invite: z.boolean().optional(),
}).superRefine((d, ctx) => {
  if (d.invite && d.password === '') return;
  const problem = passwordProblem(d.password, { email: d.email });
  if (problem) ctx.addIssue({ code: 'custom', path: ['password'], message: problem });
});

/** `passwordHash`: hashPassword(input.password) made ahead by the caller (the demo seed hashes its accounts side by side). */
export async function createUser(tx: Kysely<DB>, organisationId: string, input: z.input<typeof createUserInput>, actorUserId: string | null, passwordHash?: string): Promise<User> {
  const data = parseInput(createUserInput, input);
  if (data.unitId) {
    const unit = await tx.selectFrom('units').select('id').where('id', '=', data.unitId).where('organisation_id', '=', organisationId).executeTakeFirst();
    if (!unit) throw new AppError('validation_failed', 'Niet alle gegevens zijn goed ingevuld.', [{ field: 'unitId', message: 'Kies een bestaande eenheid.' }]);
  }
  const taken = () => new AppError('conflict', 'Er bestaat al een account met dit e-mailadres.', [{ field: 'email', message: 'Er bestaat al een account met dit e-mailadres.' }]);
  // Unique per organisation (issue 11): an address used in another organisation is no clash, and is not revealed.
  const clash = await tx.selectFrom('users').select('id').where('organisation_id', '=', organisationId).where(sql`lower(email)`, '=', data.email).executeTakeFirst();
  if (clash) throw taken();
  const hash = data.password === '' ? null : (passwordHash ?? (await hashPassword(data.password)));
  // Two identical creates at the same moment both pass the check above: the unique index decides.
  const user = await onUniqueViolation(
    () => tx.insertInto('users').values({ organisation_id: organisationId, email: data.email, name: data.name, password_hash: hash }).returningAll().executeTakeFirstOrThrow(),
    taken,
  );
  await tx.insertInto('role_assignments').values({ organisation_id: organisationId, user_id: user.id, role: data.role, unit_id: data.unitId ?? null }).execute();
  await audit(tx, { organisationId, actorUserId, action: 'user.created', subjectType: 'user', subjectId: user.id, details: { role: data.role, unitId: data.unitId ?? null, invite: data.invite ?? false } });
  return user;
}

/** The actor behind a user row: who acts, in which organisation, with which role grants. */
export async function actorFor(db: Kysely<DB>, user: { id: string; organisation_id: string; name: string; email: string }): Promise<Actor> {
  return { userId: user.id, organisationId: user.organisation_id, name: user.name, email: user.email, roles: await rolesOf(db, user.id) };
}

export async function rolesOf(db: Kysely<DB>, userId: string): Promise<RoleGrant[]> {
  const rows = await db.selectFrom('role_assignments').select(['role', 'unit_id']).where('user_id', '=', userId).execute();
  return rows.map((r) => ({ role: r.role, unitId: r.unit_id }));
}

export interface UserListItem {
  id: string;
  name: string;
  email: string;
  disabled: boolean;
  roles: { role: Role; unitName: string | null }[];
}

export async function listUsers(db: Kysely<DB>, organisationId: string): Promise<UserListItem[]> {
  const users = await db.selectFrom('users').select(['id', 'name', 'email', 'disabled_at']).where('organisation_id', '=', organisationId).orderBy('name').execute();
  const grants = await db
    .selectFrom('role_assignments as r')
    .leftJoin('units as u', 'u.id', 'r.unit_id')
    .select(['r.user_id', 'r.role', 'u.name as unit_name'])
    .where('r.organisation_id', '=', organisationId)
    .execute();
  return users.map((u) => ({
    id: u.id,
    name: u.name,
    email: u.email,
    disabled: u.disabled_at !== null,
    roles: grants.filter((g) => g.user_id === u.id).map((g) => ({ role: g.role, unitName: g.unit_name })),
  }));
}
