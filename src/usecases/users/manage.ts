import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import { z } from 'zod';
import { hashPassword, passwordProblem } from '../../auth/password.ts';
import { ROLES, type DB, type Role } from '../../db/types.ts';
import { AppError, notFound, validationFailed } from '../../shared/errors.ts';
import { isUuid, parseInput } from '../../shared/validation.ts';
import { audit } from '../audit.ts';
import { endSessionsOfUser } from '../auth/sessions.ts';
import { revokeApiTokensOfUser } from '../auth/api-tokens.ts';
import { onUniqueViolation } from '../../shared/unique-violation.ts';

/**
 * What an admin does to the accounts of their own organisation: block and unblock, set a new password,
 * add and remove role grants. Every change locks the organisation's row (so two admins cannot lock each
 * other out at the same moment), re-checks that the acting admin still is one, and writes an audit line.
 */

/** Who manages: an admin of the organisation, or the operator on the command line (`userId` null). */
export interface UserManager {
  organisationId: string;
  userId: string | null;
}

const USER_MISSING = 'Deze gebruiker bestaat niet.';

export const passwordSchema = z.string().superRefine((p, ctx) => {
  const problem = passwordProblem(p);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
});

export const setPasswordInput = z.object({ password: passwordSchema });

export const roleGrantInput = z.object({
  role: z.enum(ROLES as [Role, ...Role[]], { message: 'Kies een rol.' }),
  unitId: z.uuid({ message: 'Kies een bestaande eenheid.' }).nullish(),
});

/** Serialises account changes per organisation and returns the target user, or 404 for an unknown or foreign user. */
async function begin(tx: Kysely<DB>, manager: UserManager, targetUserId: string) {
  if (!isUuid(targetUserId)) throw notFound(USER_MISSING);
  // NO KEY UPDATE: does not block inserts that merely reference the organisation (complaints, audit lines).
  await tx.selectFrom('organisations').select('id').where('id', '=', manager.organisationId).forNoKeyUpdate().execute();
  if (manager.userId !== null) {
    const still = await tx
      .selectFrom('role_assignments as r')
      .innerJoin('users as u', 'u.id', 'r.user_id')
      .select('r.id')
      .where('r.user_id', '=', manager.userId)
      .where('r.organisation_id', '=', manager.organisationId)
      .where('r.role', '=', 'admin')
      .where('u.disabled_at', 'is', null)
      .executeTakeFirst();
    if (!still) throw new AppError('forbidden', 'Deze pagina is alleen voor beheerders.');
  }
  const user = await tx
    .selectFrom('users')
    .select(['id', 'email', 'disabled_at'])
    .where('id', '=', targetUserId)
    .where('organisation_id', '=', manager.organisationId)
    .executeTakeFirst();
  if (!user) throw notFound(USER_MISSING);
  return user;
}

const isSelf = (manager: UserManager, userId: string) => manager.userId !== null && manager.userId === userId;

/** Blocks an account: log-in, its sessions (ended now) and its API tokens (refused while blocked) stop working. */
export async function blockUser(tx: Kysely<DB>, manager: UserManager, userId: string): Promise<{ endedSessions: number }> {
  const user = await begin(tx, manager, userId);
  if (isSelf(manager, user.id)) {
    throw new AppError('conflict', 'U kunt uw eigen account niet blokkeren.', [{ field: 'status', message: 'U kunt uw eigen account niet blokkeren. Vraag een andere beheerder om dit te doen.' }]);
  }
  if (user.disabled_at === null) await tx.updateTable('users').set({ disabled_at: new Date() }).where('id', '=', user.id).execute();
  const endedSessions = await endSessionsOfUser(tx, user.id);
  // Issue 11: a block revokes the account's API tokens for good (unblocking does not bring them back).
  const revokedTokens = await revokeApiTokensOfUser(tx, user.id, 'blocked');
  await audit(tx, { organisationId: manager.organisationId, actorUserId: manager.userId, action: 'user.blocked', subjectType: 'user', subjectId: user.id, details: { endedSessions, revokedTokens } });
  return { endedSessions };
}

/** Unblocks an account: the user can log in again (API tokens revoked by the block stay revoked: make new ones). */
export async function unblockUser(tx: Kysely<DB>, manager: UserManager, userId: string): Promise<void> {
  const user = await begin(tx, manager, userId);
  if (user.disabled_at !== null) await tx.updateTable('users').set({ disabled_at: null }).where('id', '=', user.id).execute();
  await audit(tx, { organisationId: manager.organisationId, actorUserId: manager.userId, action: 'user.unblocked', subjectType: 'user', subjectId: user.id });
}

/** Sets a new password for someone else (argon2id); all their sessions end. Admins change their own on /account/wachtwoord. */
export async function setUserPassword(tx: Kysely<DB>, manager: UserManager, userId: string, input: z.input<typeof setPasswordInput>): Promise<{ endedSessions: number }> {
  const data = parseInput(setPasswordInput, input);
  const user = await begin(tx, manager, userId);
  if (isSelf(manager, user.id)) {
    throw new AppError('conflict', 'Uw eigen wachtwoord wijzigt u op de pagina Wachtwoord wijzigen.', [
      { field: 'password', message: 'Uw eigen wachtwoord wijzigt u op de pagina Wachtwoord wijzigen. Daar vult u ook uw huidige wachtwoord in.' },
    ]);
  }
  const problem = passwordProblem(data.password, { email: user.email });
  if (problem) throw validationFailed([{ field: 'password', message: problem }]);
  await tx.updateTable('users').set({ password_hash: await hashPassword(data.password) }).where('id', '=', user.id).execute();
  const endedSessions = await endSessionsOfUser(tx, user.id);
  const revokedTokens = await revokeApiTokensOfUser(tx, user.id, 'password_set');
  await audit(tx, { organisationId: manager.organisationId, actorUserId: manager.userId, action: 'user.password_set', subjectType: 'user', subjectId: user.id, details: { endedSessions, revokedTokens } });
  return { endedSessions };
}

/** Grants a role for the whole organisation (`unitId` empty) or for one unit of it. Takes effect on the user's next request. */
export async function addRoleGrant(tx: Kysely<DB>, manager: UserManager, userId: string, input: z.input<typeof roleGrantInput>): Promise<{ id: string }> {
  const data = parseInput(roleGrantInput, input);
  const user = await begin(tx, manager, userId);
  const unitId = data.unitId ?? null;
  if (unitId) {
    const unit = await tx.selectFrom('units').select('id').where('id', '=', unitId).where('organisation_id', '=', manager.organisationId).executeTakeFirst();
    if (!unit) throw validationFailed([{ field: 'unitId', message: 'Kies een bestaande eenheid.' }]);
  }
  const existing = await tx
    .selectFrom('role_assignments')
    .select('id')
    .where('user_id', '=', user.id)
    .where('role', '=', data.role)
    .where(unitId === null ? sql<boolean>`unit_id is null` : sql<boolean>`unit_id = ${unitId}`)
    .executeTakeFirst();
  const message = unitId === null ? 'Deze gebruiker heeft deze rol al voor de hele organisatie.' : 'Deze gebruiker heeft deze rol al voor deze eenheid.';
  const granted = () => new AppError('conflict', message, [{ field: 'role', message }]);
  if (existing) throw granted();
  const row = await onUniqueViolation(
    () => tx.insertInto('role_assignments').values({ organisation_id: manager.organisationId, user_id: user.id, role: data.role, unit_id: unitId }).returning('id').executeTakeFirstOrThrow(),
    granted,
  );
  await audit(tx, { organisationId: manager.organisationId, actorUserId: manager.userId, action: 'user.role_granted', subjectType: 'user', subjectId: user.id, details: { grantId: row.id, role: data.role, unitId } });
  return row;
}

/** Removes one role grant. An admin cannot remove their own last admin role (nobody could undo it for them otherwise). */
export async function removeRoleGrant(tx: Kysely<DB>, manager: UserManager, userId: string, grantId: string): Promise<void> {
  const user = await begin(tx, manager, userId);
  if (!isUuid(grantId)) throw notFound('Deze rol bestaat niet.');
  const grant = await tx
    .selectFrom('role_assignments')
    .select(['id', 'role', 'unit_id'])
    .where('id', '=', grantId)
    .where('user_id', '=', user.id)
    .where('organisation_id', '=', manager.organisationId)
    .executeTakeFirst();
  if (!grant) throw notFound('Deze rol bestaat niet.');
  if (grant.role === 'admin' && isSelf(manager, user.id)) {
    const admins = await tx.selectFrom('role_assignments').select('id').where('user_id', '=', user.id).where('role', '=', 'admin').execute();
    if (admins.length <= 1) {
      throw new AppError('conflict', 'U kunt uw eigen laatste beheerdersrol niet verwijderen.', [
        { field: 'rollen', message: 'U kunt uw eigen laatste beheerdersrol niet verwijderen: dan kunt u hier niet meer terug. Vraag een andere beheerder om dit te doen.' },
      ]);
    }
  }
  await tx.deleteFrom('role_assignments').where('id', '=', grant.id).execute();
  await audit(tx, { organisationId: manager.organisationId, actorUserId: manager.userId, action: 'user.role_removed', subjectType: 'user', subjectId: user.id, details: { grantId: grant.id, role: grant.role, unitId: grant.unit_id } });
}

export interface UserDetail {
  id: string;
  name: string;
  email: string;
  createdAt: Date;
  disabledAt: Date | null;
  grants: { id: string; role: Role; unitId: string | null; unitName: string | null }[];
  activeApiTokens: number;
}

/** One account of the organisation with its grants, for the admin's detail page; 404 for an unknown or foreign id. */
export async function getUserDetail(db: Kysely<DB>, organisationId: string, userId: string): Promise<UserDetail> {
  if (!isUuid(userId)) throw notFound(USER_MISSING);
  const user = await db
    .selectFrom('users')
    .select(['id', 'name', 'email', 'created_at', 'disabled_at'])
    .where('id', '=', userId)
    .where('organisation_id', '=', organisationId)
    .executeTakeFirst();
  if (!user) throw notFound(USER_MISSING);
  const [grants, tokens] = await Promise.all([
    db
      .selectFrom('role_assignments as r')
      .leftJoin('units as u', 'u.id', 'r.unit_id')
      .select(['r.id', 'r.role', 'r.unit_id', 'u.name as unit_name'])
      .where('r.user_id', '=', user.id)
      .where('r.organisation_id', '=', organisationId)
      .orderBy('r.created_at')
      .execute(),
    db.selectFrom('api_tokens').select(sql<number>`count(*)::int`.as('n')).where('user_id', '=', user.id).where('revoked_at', 'is', null).where('expires_at', '>', new Date()).executeTakeFirst(),
  ]);
  return {
    id: user.id,
    name: user.name,
    email: user.email,
    createdAt: user.created_at,
    disabledAt: user.disabled_at,
    grants: grants.map((g) => ({ id: g.id, role: g.role, unitId: g.unit_id, unitName: g.unit_name })),
    activeApiTokens: tokens?.n ?? 0,
  };
}

/** The id of the account with this e-mail address in the organisation (command line), or a not_found error. */
export async function findUserIdByEmail(db: Kysely<DB>, organisationId: string, email: string): Promise<string> {
  const user = await db
    .selectFrom('users')
    .select('id')
    .where('organisation_id', '=', organisationId)
    .where(sql`lower(email)`, '=', email.trim().toLowerCase())
    .executeTakeFirst();
  if (!user) throw notFound(`Gebruiker ${email} bestaat niet in deze organisatie.`);
  return user.id;
}
