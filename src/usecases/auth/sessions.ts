import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import { dummyPasswordHash, verifyPassword } from '../../auth/password.ts';
import { randomToken, sha256 } from '../../auth/tokens.ts';
import type { DB } from '../../db/types.ts';
import type { Actor } from '../actor.ts';
import { audit } from '../audit.ts';
import { actorFor } from '../users/users.ts';

/** Sessions live in the database; the cookie holds a random id, the table only its hash. */
export const SESSION_TTL_MS = 8 * 60 * 60 * 1000; // a working day
const IDLE_TTL_MS = 60 * 60 * 1000;
export const THROTTLE = { maxFailures: 5, windowMs: 15 * 60 * 1000 } as const;

export type LogInResult =
  | { ok: true; sessionToken: string; actor: Actor }
  | { ok: false; reason: 'invalid' | 'throttled' };

/** Throttle keys: per account and per client address, so neither one account nor one address can be hammered. */
function throttleKeys(email: string, ip: string): string[] {
  return [`email:${sha256(email.trim().toLowerCase())}`, `ip:${ip}`];
}

export async function logIn(db: Kysely<DB>, input: { email: string; password: string; ip: string }): Promise<LogInResult> {
  const keys = throttleKeys(input.email, input.ip);
  const since = new Date(Date.now() - THROTTLE.windowMs);
  // Count this attempt BEFORE the (slow) password check, so parallel guesses all see each other;
  // a successful attempt takes its own rows back out.
  const attempt = await db.insertInto('login_failures').values(keys.map((key) => ({ key }))).returning('id').execute();
  const counts = await db
    .selectFrom('login_failures')
    .select(['key', sql<number>`count(*)::int`.as('n')])
    .where('key', 'in', keys)
    .where('at', '>', since)
    .groupBy('key')
    .execute();
  // The per-address limit is looser: an office shares one address.
  const byKey = new Map(counts.map((c) => [c.key, c.n]));
  if ((byKey.get(keys[0]!) ?? 0) > THROTTLE.maxFailures || (byKey.get(keys[1]!) ?? 0) > THROTTLE.maxFailures * 4) {
    return { ok: false, reason: 'throttled' };
  }

  const user = await db
    .selectFrom('users')
    .selectAll()
    .where(sql`lower(email)`, '=', input.email.trim().toLowerCase())
    .where('disabled_at', 'is', null)
    .executeTakeFirst();
  const valid = await verifyPassword(input.password, user?.password_hash ?? (await dummyPasswordHash()));
  if (!user || !valid) return { ok: false, reason: 'invalid' };
  await db.deleteFrom('login_failures').where('id', 'in', attempt.map((a) => a.id)).execute();

  await db.deleteFrom('login_failures').where('key', '=', keys[0]!).execute();
  return { ok: true, ...(await startSession(db, { user, via: 'password' })) };
}

/**
 * Starts a session for a user whose identity is established (a checked password, or a single sign-on answer):
 * one transaction that stores the session (hashed token) and audits it. Returns the token for the cookie.
 */
export async function startSession(
  db: Kysely<DB>,
  input: { user: { id: string; organisation_id: string; name: string; email: string }; via: 'password' | 'sso' },
): Promise<{ sessionToken: string; actor: Actor }> {
  const { user } = input;
  const token = randomToken();
  await db.transaction().execute(async (tx) => {
    await tx.deleteFrom('sessions').where('expires_at', '<', new Date()).execute();
    await tx
      .insertInto('sessions')
      .values({ id_hash: sha256(token), user_id: user.id, organisation_id: user.organisation_id, expires_at: new Date(Date.now() + SESSION_TTL_MS), last_seen_at: new Date() })
      .execute();
    await audit(tx, { organisationId: user.organisation_id, actorUserId: user.id, action: 'session.logged_in', subjectType: 'user', subjectId: user.id, details: { via: input.via } });
  });
  return { sessionToken: token, actor: await actorFor(db, user) };
}

/** The actor behind a session cookie, or null when the session is unknown, expired or idle too long. */
export async function actorFromSession(db: Kysely<DB>, token: string): Promise<Actor | null> {
  const now = new Date();
  const row = await db
    .selectFrom('sessions as s')
    .innerJoin('users as u', 'u.id', 's.user_id')
    .select(['s.id_hash', 's.last_seen_at', 'u.id', 'u.organisation_id', 'u.name', 'u.email'])
    .where('s.id_hash', '=', sha256(token))
    .where('s.expires_at', '>', now)
    .where('u.disabled_at', 'is', null)
    .executeTakeFirst();
  if (!row || now.getTime() - row.last_seen_at.getTime() > IDLE_TTL_MS) return null;
  if (now.getTime() - row.last_seen_at.getTime() > 60_000) {
    await db.updateTable('sessions').set({ last_seen_at: now }).where('id_hash', '=', row.id_hash).execute();
  }
  return actorFor(db, row);
}

export async function logOut(db: Kysely<DB>, token: string): Promise<void> {
  await db.deleteFrom('sessions').where('id_hash', '=', sha256(token)).execute();
}

/**
 * Ends the sessions of one user at once (account blocked, password set by an admin), or all but the one
 * with `keepToken` (the user changed their own password and stays logged in here). Returns how many ended.
 */
export async function endSessionsOfUser(tx: Kysely<DB>, userId: string, keepToken?: string | null): Promise<number> {
  let q = tx.deleteFrom('sessions').where('user_id', '=', userId);
  if (keepToken) q = q.where('id_hash', '!=', sha256(keepToken));
  const res = await q.executeTakeFirst();
  return Number(res.numDeletedRows);
}

/**
 * A password check outside log-in (the own password when changing it), under the same per-account throttle
 * as log-in: the attempt is counted before the (slow) check and taken back when it succeeds, so a stolen
 * session cannot be used to guess the password. Pass the database, not a transaction: a failure must stay counted.
 */
export async function throttledPasswordCheck(db: Kysely<DB>, email: string, check: () => Promise<boolean>): Promise<'ok' | 'invalid' | 'throttled'> {
  const key = throttleKeys(email, '')[0]!;
  const attempt = await db.insertInto('login_failures').values({ key }).returning('id').executeTakeFirstOrThrow();
  const row = await db
    .selectFrom('login_failures')
    .select(sql<number>`count(*)::int`.as('n'))
    .where('key', '=', key)
    .where('at', '>', new Date(Date.now() - THROTTLE.windowMs))
    .executeTakeFirst();
  if ((row?.n ?? 0) > THROTTLE.maxFailures) return 'throttled';
  if (!(await check())) return 'invalid';
  await db.deleteFrom('login_failures').where('id', '=', attempt.id).execute();
  return 'ok';
}
