import type { Kysely } from 'kysely';
import { inKnownOrganisation, lookUpWithHint } from '../../db/tenant.ts';
import { z } from 'zod';
import { newApiToken, sha256 } from '../../auth/tokens.ts';
import { compiledOnce, type SlotOf } from '../../db/compiled-once.ts';
import type { DB } from '../../db/types.ts';
import { AppError, notFound } from '../../shared/errors.ts';
import { parseInput } from '../../shared/validation.ts';
import type { Actor, RoleGrant } from '../actor.ts';
import { audit } from '../audit.ts';
import { recordSecurityEvent } from '../security/events.ts';
import { rolesColumn, rolesFromColumn, rolesOf } from '../users/users.ts';

/** How long a new API token works (issue 11: tokens expire), chosen at creation; 90 days unless chosen otherwise. */
export const TOKEN_LIFETIMES_DAYS = [30, 90, 365] as const;
export const DEFAULT_TOKEN_LIFETIME_DAYS = 90;

export const createApiTokenInput = z.object({
  expiresInDays: z.coerce
    .number()
    .refine((n) => (TOKEN_LIFETIMES_DAYS as readonly number[]).includes(n), { message: 'Kies hoe lang de sleutel werkt: 30, 90 of 365 dagen.' })
    .default(DEFAULT_TOKEN_LIFETIME_DAYS),
  name: z.string().trim().min(1, { message: 'Geef de sleutel een naam, bijvoorbeeld "koppeling website".' }).max(100, { message: 'De naam mag hoogstens 100 tekens lang zijn.' }),
});

/**
 * Who may make API keys: ONE rule, used by the menu, the page /account/sleutels, `klachtwijs tokens create`
 * and createApiToken itself. Every account that holds a product role and is not blocked may make keys for
 * itself, and only for itself. A key acts with exactly the rights of its account (intake registers,
 * handlers work their complaints, the board reads), so it gives nothing the account does not already have;
 * a blocked account's keys stop working (glossary: geblokkeerd). Returns the Dutch reason for a refusal.
 */
export function apiTokenRefusal(account: { roles: readonly RoleGrant[]; blocked: boolean }): string | null {
  if (account.blocked) return 'Dit account is geblokkeerd: het kan geen API-sleutels maken. Deblokkeer het eerst.';
  if (account.roles.length === 0) return 'Dit account heeft geen rol in Klachtwijs, dus een API-sleutel zou niets mogen. Geef het eerst een rol.';
  return null;
}

/** The rule above for a signed-in actor (never blocked: a blocked account has no session). */
export function mayCreateApiTokens(actor: Pick<Actor, 'roles'>): boolean {
  return apiTokenRefusal({ roles: actor.roles, blocked: false }) === null;
}

/**
 * Creates a Bearer token for the JSON API. The token itself is returned once; only its hash is stored. It expires
 * after the chosen number of days (issue 11). A token is not bound by two-factor authentication: it is a separate
 * secret the account makes for a system, shown once, that ends with its expiry, a revoke, a password reset or a block.
 */
export async function createApiToken(tx: Kysely<DB>, actor: Pick<Actor, 'userId' | 'organisationId'>, input: z.input<typeof createApiTokenInput>, now = new Date()): Promise<{ id: string; token: string; expiresAt: Date }> {
  const data = parseInput(createApiTokenInput, input);
  const user = await tx.selectFrom('users').select('disabled_at').where('id', '=', actor.userId).where('organisation_id', '=', actor.organisationId).executeTakeFirst();
  if (!user) throw notFound('Deze gebruiker bestaat niet in deze organisatie.');
  const refusal = apiTokenRefusal({ roles: await rolesOf(tx, actor.userId), blocked: user.disabled_at !== null });
  if (refusal) throw new AppError('not_permitted', refusal);
  const { token, hash, prefix } = newApiToken();
  const expiresAt = new Date(now.getTime() + data.expiresInDays * 24 * 60 * 60 * 1000);
  const row = await tx
    .insertInto('api_tokens')
    .values({ organisation_id: actor.organisationId, user_id: actor.userId, name: data.name, token_hash: hash, prefix, expires_at: expiresAt })
    .returning('id')
    .executeTakeFirstOrThrow();
  await audit(tx, { organisationId: actor.organisationId, actorUserId: actor.userId, action: 'api_token.created', subjectType: 'api_token', subjectId: row.id, details: { expiresInDays: data.expiresInDays } });
  await recordSecurityEvent(tx, { kind: 'token_created', organisationId: actor.organisationId, userId: actor.userId, detail: { tokenId: row.id, expiresInDays: data.expiresInDays } });
  return { id: row.id, token, expiresAt };
}

export async function revokeApiToken(tx: Kysely<DB>, actor: Pick<Actor, 'userId' | 'organisationId'>, tokenId: string): Promise<void> {
  const res = await tx
    .updateTable('api_tokens')
    .set({ revoked_at: new Date() })
    .where('id', '=', tokenId)
    .where('user_id', '=', actor.userId)
    .where('organisation_id', '=', actor.organisationId)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  if (res.numUpdatedRows === 0n) throw notFound('Deze sleutel bestaat niet of is al ingetrokken.');
  await audit(tx, { organisationId: actor.organisationId, actorUserId: actor.userId, action: 'api_token.revoked', subjectType: 'api_token', subjectId: tokenId });
  await recordSecurityEvent(tx, { kind: 'token_revoked', organisationId: actor.organisationId, userId: actor.userId, detail: { tokenId, reason: 'by_user' } });
}

/**
 * Revokes every live API token of a user, in the caller's transaction: a password reset or set by an admin, and a
 * block (issue 11: tokens no longer survive them). Recorded as one security event. Returns how many were revoked.
 */
export async function revokeApiTokensOfUser(tx: Kysely<DB>, userId: string, reason: 'password_reset' | 'password_set' | 'blocked'): Promise<number> {
  const rows = await tx.updateTable('api_tokens').set({ revoked_at: new Date() }).where('user_id', '=', userId).where('revoked_at', 'is', null).returning(['id', 'organisation_id']).execute();
  if (rows.length) {
    await recordSecurityEvent(tx, { kind: 'token_revoked', organisationId: rows[0]!.organisation_id, userId, detail: { reason, tokenIds: rows.map((r) => r.id) } });
  }
  return rows.length;
}

export async function listApiTokens(db: Kysely<DB>, actor: Pick<Actor, 'userId'>) {
  return db
    .selectFrom('api_tokens')
    .select(['id', 'name', 'prefix', 'created_at', 'last_used_at', 'revoked_at', 'expires_at'])
    .where('user_id', '=', actor.userId)
    .orderBy('created_at', 'desc')
    .execute();
}

/** The token's row with its user: every API request asks it, so compiled once (compiled-once.ts, issue 13). */
const apiTokenQuery = compiledOnce((db, slot: SlotOf<{ hash: string }>) =>
  db
    .selectFrom('api_tokens as t')
    .innerJoin('users as u', 'u.id', 't.user_id')
    .select(['t.id as token_id', 't.last_used_at', 't.expires_at', 'u.id', 'u.organisation_id', 'u.name', 'u.email'])
    .select((eb) => rolesColumn(eb.ref('u.id')).as('roles'))
    .where('t.token_hash', '=', slot('hash'))
    .where('t.revoked_at', 'is', null)
    .where('u.disabled_at', 'is', null),
);

/** The actor behind a Bearer token; null for an unknown, revoked or blocked one; `token_expired` for one past its expiry. */
export async function actorFromApiToken(db: Kysely<DB>, token: string, now = new Date()): Promise<Actor | null> {
  if (!/^kw_[\w-]{20,}$/.test(token)) return null;
  const hash = sha256(token);
  // In the organisation an earlier request's look-up found, on a PostgreSQL server (tenant.ts: two round trips fewer).
  const row = await lookUpWithHint(db, `token:${hash}`, async () => (await db.executeQuery(apiTokenQuery(db, { hash }))).rows[0]);
  if (!row) return null;
  if (row.expires_at <= now) throw new AppError('token_expired', 'Deze API-sleutel is verlopen. Maak een nieuwe sleutel op de pagina API-sleutels.');
  if (!row.last_used_at || Date.now() - row.last_used_at.getTime() > 60_000) {
    // The token's organisation is known from here: the last use is written in it.
    await inKnownOrganisation(db, row.organisation_id, () => db.updateTable('api_tokens').set({ last_used_at: new Date() }).where('id', '=', row.token_id).execute());
  }
  // The roles came with the token's row (every API request asks this: one statement, not two).
  return { userId: row.id, organisationId: row.organisation_id, name: row.name, email: row.email, roles: rolesFromColumn(row.roles) };
}
