import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import type { Configuration } from 'openid-client';
import type { DB } from '../../db/types.ts';
import { AppError } from '../../shared/errors.ts';
import type { Actor } from '../actor.ts';
import { startSession } from '../auth/sessions.ts';
import { findOrganisationBySlug } from '../organisations/create-organisation.ts';
import { recordSecurityEvent } from '../security/events.ts';
import { hitRateLimit } from '../security/rate-limit.ts';
import { serverSecret } from '../settings.ts';
import { discoverProvider, openidClient, ssoProviderOf, type SsoOptions, type SsoProviderSecret } from './providers.ts';

/**
 * The single sign-on log-in (ADR 0022): authorization code flow with PKCE, state and nonce. What the callback must
 * check travels in a short-lived cookie, sealed with AES-256-GCM (so it is both secret and signed) under a server key.
 * The ID token's e-mail address must be verified (`email_verified` true) and must belong to a not-blocked user of
 * THIS organisation (case-insensitive); no account is ever created. The identity provider is responsible for the
 * second factor: a single sign-on log-in does not ask Klachtwijs's own code.
 */
export const SSO_STATE_TTL_SECONDS = 10 * 60;
const STATE_KEY = 'sso-state-key';

interface StatePayload {
  /** organisation id */
  o: string;
  s: string;
  n: string;
  v: string;
  /** expires, epoch ms */
  e: number;
}

async function stateKey(db: Kysely<DB>): Promise<Buffer> {
  return createHash('sha256').update(await serverSecret(db, STATE_KEY)).digest();
}

async function seal(db: Kysely<DB>, payload: StatePayload): Promise<string> {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', await stateKey(db), iv);
  const data = Buffer.concat([cipher.update(JSON.stringify(payload), 'utf8'), cipher.final()]);
  return [iv, cipher.getAuthTag(), data].map((b) => b.toString('base64url')).join('.');
}

async function unseal(db: Kysely<DB>, sealed: string | undefined): Promise<StatePayload | null> {
  const [iv, tag, data] = (sealed ?? '').split('.');
  if (!iv || !tag || !data) return null;
  try {
    const decipher = createDecipheriv('aes-256-gcm', await stateKey(db), Buffer.from(iv, 'base64url'));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    const plain = Buffer.concat([decipher.update(Buffer.from(data, 'base64url')), decipher.final()]).toString('utf8');
    const p = JSON.parse(plain) as StatePayload;
    return typeof p.o === 'string' && typeof p.s === 'string' && typeof p.n === 'string' && typeof p.v === 'string' && typeof p.e === 'number' ? p : null;
  } catch {
    return null;
  }
}

/** The organisation and its switched-on provider behind a start or callback URL; a missing or switched-off one looks missing. */
async function enabledProvider(db: Kysely<DB>, orgSlug: string): Promise<{ org: { id: string; name: string; slug: string }; provider: SsoProviderSecret }> {
  const org = /^[a-z0-9][a-z0-9-]{0,63}$/.test(orgSlug) ? await findOrganisationBySlug(db, orgSlug) : undefined;
  const provider = org ? await ssoProviderOf(db, org.id) : null;
  if (!org || !provider?.enabled) throw new AppError('not_found', 'Deze pagina bestaat niet.');
  return { org, provider };
}

/**
 * Starts and callbacks per client address (kept in the database, so it holds across instances): generous, since an
 * office shares one address, but it stops a script from making Klachtwijs call the provider without end.
 */
export const SSO_RATE_LIMIT = { limit: 60, windowSeconds: 60 } as const;

async function throttle(db: Kysely<DB>, organisationId: string, clientAddress: string): Promise<void> {
  const hit = await hitRateLimit(db, { key: `sso:addr:${clientAddress}`, ...SSO_RATE_LIMIT });
  if (hit.allowed) return;
  // One event per window, not one per refused hit.
  if (hit.count === SSO_RATE_LIMIT.limit + 1) await recordSecurityEvent(db, { kind: 'rate_limited', organisationId, clientAddress, detail: { scope: 'sso' } });
  throw new AppError('rate_limited', 'Te veel pogingen om in te loggen vanaf dit adres. Wacht een minuut en probeer het dan opnieuw.');
}

/** The start page: the organisation's name and the button's name, or not_found when single sign-on is off. */
export async function ssoStartInfo(db: Kysely<DB>, orgSlug: string): Promise<{ orgName: string; orgSlug: string; displayName: string }> {
  const { org, provider } = await enabledProvider(db, orgSlug);
  return { orgName: org.name, orgSlug: org.slug, displayName: provider.displayName };
}

/** The redirect URI Klachtwijs registers at the provider for one organisation. */
export const ssoRedirectUri = (baseUrl: string, orgSlug: string) => `${baseUrl}/${orgSlug}/inloggen/sso/terug`;

/** Starts a log-in: the provider's authorization URL and the sealed state for the cookie. */
export async function startSsoLogin(
  db: Kysely<DB>,
  input: { orgSlug: string; baseUrl: string; clientAddress: string },
  options: SsoOptions,
): Promise<{ url: string; stateCookie: string }> {
  const { org, provider } = await enabledProvider(db, input.orgSlug);
  await throttle(db, org.id, input.clientAddress);
  let config: Configuration;
  try {
    config = await discoverProvider(provider, options);
  } catch {
    await recordSecurityEvent(db, { kind: 'sso_failed', organisationId: org.id, clientAddress: input.clientAddress, detail: { reason: 'provider_unreachable' } });
    throw new AppError('conflict', `Inloggen met ${provider.displayName} lukt nu niet: de identiteitsprovider is niet bereikbaar. Probeer het later opnieuw, of log in met uw e-mailadres en wachtwoord.`);
  }
  const oidc = await openidClient();
  const payload: StatePayload = { o: org.id, s: oidc.randomState(), n: oidc.randomNonce(), v: oidc.randomPKCECodeVerifier(), e: Date.now() + SSO_STATE_TTL_SECONDS * 1000 };
  const url = oidc.buildAuthorizationUrl(config, {
    redirect_uri: ssoRedirectUri(input.baseUrl, org.slug),
    scope: provider.scopes,
    response_type: 'code',
    state: payload.s,
    nonce: payload.n,
    code_challenge: await oidc.calculatePKCECodeChallenge(payload.v),
    code_challenge_method: 'S256',
  });
  return { url: url.href, stateCookie: await seal(db, payload) };
}

/** Why a single sign-on log-in was refused (the security event's `reason`; never the e-mail address). */
export type SsoRefusal = 'state_invalid' | 'provider_refused' | 'token_invalid' | 'email_missing' | 'email_not_verified' | 'no_account' | 'account_blocked' | 'subject_mismatch' | 'provider_unreachable';

export type SsoLoginResult =
  | { ok: true; sessionToken: string; actor: Actor }
  | { ok: false; reason: SsoRefusal; orgName: string; displayName: string };

/**
 * The callback: checks the sealed state (same organisation, not expired, same `state`), exchanges the code (PKCE,
 * nonce and the ID token checked by openid-client), takes the verified e-mail address (from the ID token, else from
 * the UserInfo endpoint) and starts a session for the matching user of this organisation only.
 */
export async function finishSsoLogin(
  db: Kysely<DB>,
  input: { orgSlug: string; baseUrl: string; query: URLSearchParams; stateCookie: string | undefined; clientAddress: string; userAgent?: string | null },
  options: SsoOptions,
): Promise<SsoLoginResult> {
  const { org, provider } = await enabledProvider(db, input.orgSlug);
  await throttle(db, org.id, input.clientAddress);
  const refuse = async (reason: SsoRefusal, extra: Record<string, unknown> = {}, userId: string | null = null): Promise<SsoLoginResult> => {
    await recordSecurityEvent(db, { kind: 'sso_failed', organisationId: org.id, userId, clientAddress: input.clientAddress, detail: { reason, ...extra } });
    return { ok: false, reason, orgName: org.name, displayName: provider.displayName };
  };

  const state = await unseal(db, input.stateCookie);
  if (!state || state.o !== org.id || state.e < Date.now() || input.query.get('state') !== state.s) return refuse('state_invalid');

  let config: Configuration;
  try {
    config = await discoverProvider(provider, options);
  } catch {
    return refuse('provider_unreachable');
  }
  const redirectUri = ssoRedirectUri(input.baseUrl, org.slug);
  const oidc = await openidClient();
  let claims: Record<string, unknown>;
  try {
    // The URL as registered (not the one the request came in on: a proxy may change it), with the provider's answer.
    const current = new URL(redirectUri);
    current.search = input.query.toString();
    const tokens = await oidc.authorizationCodeGrant(config, current, { pkceCodeVerifier: state.v, expectedState: state.s, expectedNonce: state.n, idTokenExpected: true }, { redirect_uri: redirectUri });
    claims = { ...(tokens.claims() ?? {}) };
    if (typeof claims['email'] !== 'string' || claims['email_verified'] === undefined) {
      // Many providers give the e-mail address only at the UserInfo endpoint (the ID token stays small).
      const info = await oidc.fetchUserInfo(config, tokens.access_token, String(claims['sub']));
      claims = { ...claims, email: claims['email'] ?? info.email, email_verified: claims['email_verified'] ?? info.email_verified };
    }
  } catch (err) {
    if (err instanceof oidc.AuthorizationResponseError) return refuse('provider_refused', { error: String(err.error).slice(0, 64) });
    return refuse('token_invalid');
  }

  const email = typeof claims['email'] === 'string' ? claims['email'].trim().toLowerCase() : '';
  if (!email) return refuse('email_missing');
  if (claims['email_verified'] !== true) return refuse('email_not_verified');

  const users = await db
    .selectFrom('users')
    .select(['id', 'organisation_id', 'name', 'email', 'disabled_at'])
    .where('organisation_id', '=', org.id)
    .where(sql`lower(email)`, '=', email)
    .limit(2)
    .execute();
  if (users.length !== 1) return refuse('no_account', users.length > 1 ? { ambiguous: true } : {});
  const user = users[0]!;
  if (user.disabled_at) return refuse('account_blocked', {}, user.id);

  // The provider's stable identifier is `iss` + `sub` (OpenID Connect Core 5.7), the e-mail address is not: bind the
  // user to the subject at the first log-in, and refuse when the address now comes with another subject (the provider
  // gave the address to someone else) or the subject is bound to another user. The admin can remove a binding.
  const issuer = typeof claims['iss'] === 'string' ? claims['iss'] : provider.issuerUrl;
  const subject = String(claims['sub'] ?? '');
  await db.insertInto('sso_links').values({ organisation_id: org.id, user_id: user.id, issuer, subject }).onConflict((oc) => oc.doNothing()).execute();
  const links = await db
    .selectFrom('sso_links')
    .select(['id', 'user_id', 'subject'])
    .where('organisation_id', '=', org.id)
    .where('issuer', '=', issuer)
    .where((eb) => eb.or([eb('user_id', '=', user.id), eb('subject', '=', subject)]))
    .execute();
  if (links.length !== 1 || links[0]!.user_id !== user.id || links[0]!.subject !== subject) return refuse('subject_mismatch', {}, user.id);
  await db.updateTable('sso_links').set({ last_login_at: new Date() }).where('id', '=', links[0]!.id).execute();

  const session = await startSession(db, { user, via: 'sso', clientAddress: input.clientAddress, userAgent: input.userAgent ?? null });
  await recordSecurityEvent(db, { kind: 'sso_login', organisationId: org.id, userId: user.id, clientAddress: input.clientAddress, detail: { issuer: provider.issuerUrl } });
  return { ok: true, ...session };
}
