import type { Kysely } from 'kysely';
import { inKnownOrganisation, lookUpWithHint } from '../../db/tenant.ts';
import { sql } from 'kysely';
import { dummyPasswordHash, verifyPassword } from '../../auth/password.ts';
import { randomToken, sha256 } from '../../auth/tokens.ts';
import { compiledOnce, type SlotOf } from '../../db/compiled-once.ts';
import type { DB } from '../../db/types.ts';
import type { SessionStage } from '../../db/types-login.ts';
import type { Actor } from '../actor.ts';
import { audit } from '../audit.ts';
import { hitRateLimit } from '../security/rate-limit.ts';
import { recordSecurityEvent } from '../security/events.ts';
import { actorFor, rolesColumn, rolesFromColumn } from '../users/users.ts';
import { accountKey, reserveAttempt, THROTTLE } from './throttle.ts';
import { twoFactorStageFor } from './two-factor.ts';

/** Sessions live in the database; the cookie holds a random id, the table only its hash. */
export const SESSION_TTL_MS = 8 * 60 * 60 * 1000; // a working day
const IDLE_TTL_MS = 60 * 60 * 1000;
/** A session that still needs its second step lives this long. */
export const PENDING_TTL_MS = 10 * 60 * 1000;

export type LogInResult =
  | { ok: true; sessionToken: string; actor: Actor; stage: SessionStage; userId: string }
  | { ok: false; reason: 'invalid' }
  | { ok: false; reason: 'throttled'; retryAfterSeconds: number }
  /** The address and password fit accounts in several organisations: the user chooses one. */
  | { ok: false; reason: 'choose_organisation'; organisations: { slug: string; name: string }[] };

export async function logIn(
  db: Kysely<DB>,
  input: { email: string; password: string; ip: string; userAgent?: string | null; knownDeviceUserIds?: readonly string[]; organisationSlug?: string | null; now?: Date },
): Promise<LogInResult> {
  const now = input.now ?? new Date();
  const email = input.email.trim().toLowerCase();
  // 1. Per address, before anything is checked or recorded.
  const perAddress = await hitRateLimit(db, { key: `login:addr:${input.ip}`, limit: THROTTLE.perAddress, windowSeconds: THROTTLE.addressWindowSeconds, now });
  if (!perAddress.allowed) {
    await recordSecurityEvent(db, { kind: 'login_throttled', clientAddress: input.ip, detail: { scope: 'address' } });
    return { ok: false, reason: 'throttled', retryAfterSeconds: perAddress.retryAfterSeconds };
  }

  // E-mail addresses are unique per organisation: one address may have an account in several organisations.
  let q = db
    .selectFrom('users as u')
    .innerJoin('organisations as o', 'o.id', 'u.organisation_id')
    .select(['u.id', 'u.organisation_id', 'u.name', 'u.email', 'u.password_hash', 'o.slug', 'o.name as organisation_name'])
    .where(sql`lower(u.email)`, '=', email)
    .where('u.disabled_at', 'is', null);
  if (input.organisationSlug) q = q.where('o.slug', '=', input.organisationSlug);
  const candidates = await q.orderBy('o.name').execute();

  // 2. Per account: a growing wait after repeated failures; a known device passes it.
  const key = accountKey(email);
  const { wait, takeBack } = await reserveAttempt(db, key, now);
  const known = candidates.some((u) => input.knownDeviceUserIds?.includes(u.id));
  if (wait > 0 && !known) {
    await takeBack();
    for (const u of candidates.length ? candidates : [null]) {
      await recordSecurityEvent(db, { kind: 'login_throttled', organisationId: u?.organisation_id ?? null, userId: u?.id ?? null, clientAddress: input.ip, detail: { scope: 'account', waitSeconds: wait } });
    }
    return { ok: false, reason: 'throttled', retryAfterSeconds: wait };
  }

  // 3. The password, against every candidate (the same work whatever the address), or a dummy hash.
  const matches: typeof candidates = [];
  if (candidates.length === 0) await verifyPassword(input.password, await dummyPasswordHash());
  for (const u of candidates) {
    if (await verifyPassword(input.password, u.password_hash ?? (await dummyPasswordHash()))) matches.push(u);
  }
  if (matches.length === 0) {
    for (const u of candidates.length ? candidates : [null]) {
      await recordSecurityEvent(db, { kind: 'login_failed', organisationId: u?.organisation_id ?? null, userId: u?.id ?? null, clientAddress: input.ip, detail: { reason: u ? 'password' : 'unknown_account' } });
    }
    return { ok: false, reason: 'invalid' };
  }
  if (matches.length > 1) {
    await takeBack();
    return { ok: false, reason: 'choose_organisation', organisations: matches.map((m) => ({ slug: m.slug, name: m.organisation_name })) };
  }
  const user = matches[0]!;
  await db.deleteFrom('login_failures').where('key', '=', key).execute();
  const started = await startSession(db, { user, via: 'password', clientAddress: input.ip, userAgent: input.userAgent ?? null });
  return { ok: true, ...started, userId: user.id };
}

type StartSessionInput =
  | { user: { id: string; organisation_id: string; name: string; email: string }; via: 'password' | 'sso'; clientAddress?: string | null; userAgent?: string | null }
  | { userId: string; organisationId: string; via: 'password' | 'sso'; clientAddress?: string | null; userAgent?: string | null };

/** A short, harmless summary of a user agent for the list of sessions ("Firefox op Windows"). */
export function userAgentSummary(ua: string | null | undefined): string | null {
  if (!ua) return null;
  const browser = /Edg\//.test(ua) ? 'Edge' : /Firefox\//.test(ua) ? 'Firefox' : /Chrom(e|ium)\//.test(ua) ? 'Chrome' : /Safari\//.test(ua) ? 'Safari' : 'Andere browser';
  const os = /Windows/.test(ua) ? 'Windows' : /Android/.test(ua) ? 'Android' : /iPhone|iPad/.test(ua) ? 'iOS' : /Mac OS X/.test(ua) ? 'macOS' : /Linux/.test(ua) ? 'Linux' : 'onbekend systeem';
  return `${browser} op ${os}`;
}

/**
 * Starts a session for a user whose identity is established (a checked password, or a single sign-on answer):
 * one transaction that stores the session (hashed token) and audits it. Returns the token for the cookie.
 * Two-factor authentication (issue 11): a user with a second factor gets a session in stage `second_factor`,
 * a user whose organisation requires one and who has none gets `second_factor_setup`; such a session gives no
 * actor (nothing is reachable) until the second step is done (completeSecondFactor / the set-up).
 */
export async function startSession(db: Kysely<DB>, input: StartSessionInput): Promise<{ sessionToken: string; actor: Actor; stage: SessionStage }> {
  const user =
    'user' in input
      ? input.user
      : await db.selectFrom('users').select(['id', 'organisation_id', 'name', 'email']).where('id', '=', input.userId).where('organisation_id', '=', input.organisationId).executeTakeFirstOrThrow();
  // A single sign-on log-in leaves the second factor to the identity provider (ADR 0022); a password log-in takes the
  // organisation's two-factor steps (ADR 0021).
  const stage: SessionStage = input.via === 'sso' ? 'full' : await twoFactorStageFor(db, user.id);
  const token = randomToken();
  const now = new Date();
  await db.transaction().execute(async (tx) => {
    await tx.deleteFrom('sessions').where('expires_at', '<', now).execute();
    await tx
      .insertInto('sessions')
      .values({
        id_hash: sha256(token),
        user_id: user.id,
        organisation_id: user.organisation_id,
        expires_at: new Date(now.getTime() + (stage === 'full' ? SESSION_TTL_MS : PENDING_TTL_MS)),
        last_seen_at: now,
        stage,
        via: input.via,
        client_address: input.clientAddress ?? null,
        user_agent: userAgentSummary(input.userAgent),
      })
      .execute();
    if (stage === 'full') {
      await audit(tx, { organisationId: user.organisation_id, actorUserId: user.id, action: 'session.logged_in', subjectType: 'user', subjectId: user.id, details: { via: input.via } });
      await recordSecurityEvent(tx, { kind: 'login_succeeded', organisationId: user.organisation_id, userId: user.id, clientAddress: input.clientAddress ?? null, detail: { via: input.via } });
    }
  });
  return { sessionToken: token, actor: await actorFor(db, user), stage };
}

/** The actor behind a session cookie, or null when the session is unknown, expired, idle too long or not yet full. */
/** The session's row with its user and roles: every page asks it, so compiled once (compiled-once.ts, issue 13). */
const sessionActorQuery = compiledOnce((db, slot: SlotOf<{ hash: string; now: Date }>) =>
  db
    .selectFrom('sessions as s')
    .innerJoin('users as u', 'u.id', 's.user_id')
    .select(['s.id_hash', 's.last_seen_at', 'u.id', 'u.organisation_id', 'u.name', 'u.email'])
    .select((eb) => rolesColumn(eb.ref('u.id')).as('roles'))
    .where('s.id_hash', '=', slot('hash'))
    .where('s.expires_at', '>', slot('now'))
    .where('s.stage', '=', 'full')
    .where('u.disabled_at', 'is', null),
);

export async function actorFromSession(db: Kysely<DB>, token: string): Promise<Actor | null> {
  const now = new Date();
  const hash = sha256(token);
  // In the organisation an earlier request's look-up found, on a PostgreSQL server (tenant.ts: two round trips fewer).
  const row = await lookUpWithHint(db, `session:${hash}`, async () => (await db.executeQuery(sessionActorQuery(db, { hash, now }))).rows[0]);
  if (!row || now.getTime() - row.last_seen_at.getTime() > IDLE_TTL_MS) return null;
  if (now.getTime() - row.last_seen_at.getTime() > 60_000) {
    await inKnownOrganisation(db, row.organisation_id, () => db.updateTable('sessions').set({ last_seen_at: now }).where('id_hash', '=', row.id_hash).execute());
  }
  // The roles came with the session's row (every page asks this: one statement, not two).
  return { userId: row.id, organisationId: row.organisation_id, name: row.name, email: row.email, roles: rolesFromColumn(row.roles) };
}

/** A session that still needs its second step (or the set-up of one): who, and which step. Null otherwise. */
export async function pendingSession(db: Kysely<DB>, token: string): Promise<{ userId: string; organisationId: string; email: string; name: string; stage: Exclude<SessionStage, 'full'>; via: string; clientAddress: string | null } | null> {
  const row = await db
    .selectFrom('sessions as s')
    .innerJoin('users as u', 'u.id', 's.user_id')
    .select(['s.stage', 's.via', 's.client_address', 'u.id', 'u.organisation_id', 'u.email', 'u.name'])
    .where('s.id_hash', '=', sha256(token))
    .where('s.expires_at', '>', new Date())
    .where('s.stage', '!=', 'full')
    .where('u.disabled_at', 'is', null)
    .executeTakeFirst();
  if (!row || row.stage === 'full') return null;
  return { userId: row.id, organisationId: row.organisation_id, email: row.email, name: row.name, stage: row.stage, via: row.via, clientAddress: row.client_address };
}

/**
 * Turns a pending session into a full one once its second step is done: the pending session ends and a new
 * session (a new token: no fixation) starts, audited and recorded. In the caller's transaction.
 */
export async function promoteSession(tx: Kysely<DB>, pendingToken: string): Promise<{ sessionToken: string; userId: string }> {
  const old = await tx.deleteFrom('sessions').where('id_hash', '=', sha256(pendingToken)).where('stage', '!=', 'full').returningAll().executeTakeFirstOrThrow();
  const token = randomToken();
  const now = new Date();
  await tx
    .insertInto('sessions')
    .values({ id_hash: sha256(token), user_id: old.user_id, organisation_id: old.organisation_id, expires_at: new Date(now.getTime() + SESSION_TTL_MS), last_seen_at: now, stage: 'full', via: old.via, client_address: old.client_address, user_agent: old.user_agent })
    .execute();
  await audit(tx, { organisationId: old.organisation_id, actorUserId: old.user_id, action: 'session.logged_in', subjectType: 'user', subjectId: old.user_id, details: { via: old.via, secondFactor: true } });
  await recordSecurityEvent(tx, { kind: 'login_succeeded', organisationId: old.organisation_id, userId: old.user_id, clientAddress: old.client_address, detail: { via: old.via, secondFactor: true } });
  return { sessionToken: token, userId: old.user_id };
}

/** Ends one session (log-out), recorded as a security event. */
export async function logOut(db: Kysely<DB>, token: string, clientAddress?: string | null): Promise<void> {
  const row = await db.deleteFrom('sessions').where('id_hash', '=', sha256(token)).returning(['user_id', 'organisation_id']).executeTakeFirst();
  if (row) await recordSecurityEvent(db, { kind: 'logout', organisationId: row.organisation_id, userId: row.user_id, clientAddress: clientAddress ?? null });
}

/** The user's own sessions (full ones, not expired), newest use first; `current` marks the one of this browser. */
export async function listOwnSessions(db: Kysely<DB>, actor: Pick<Actor, 'userId'>, currentToken: string | null) {
  const rows = await db
    .selectFrom('sessions')
    .select(['public_id', 'id_hash', 'created_at', 'last_seen_at', 'client_address', 'user_agent', 'via'])
    .where('user_id', '=', actor.userId)
    .where('stage', '=', 'full')
    .where('expires_at', '>', new Date())
    .orderBy('last_seen_at', 'desc')
    .execute();
  const current = currentToken ? sha256(currentToken) : null;
  return rows.map(({ id_hash, ...r }) => ({ ...r, current: id_hash === current }));
}

/** The user ends one of their own sessions (by its public id), or all others (`publicId` null). Returns how many ended. */
export async function revokeOwnSessions(db: Kysely<DB>, actor: Pick<Actor, 'userId' | 'organisationId'>, currentToken: string | null, publicId: string | null, clientAddress?: string | null): Promise<number> {
  let q = db.deleteFrom('sessions').where('user_id', '=', actor.userId);
  if (publicId) q = q.where('public_id', '=', publicId);
  else if (currentToken) q = q.where('id_hash', '!=', sha256(currentToken));
  const res = await q.executeTakeFirst();
  const n = Number(res.numDeletedRows);
  if (n > 0) await recordSecurityEvent(db, { kind: 'session_revoked', organisationId: actor.organisationId, userId: actor.userId, clientAddress: clientAddress ?? null, detail: { count: n, which: publicId ? 'one' : 'others' } });
  return n;
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
