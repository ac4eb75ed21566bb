import type { Kysely } from 'kysely';
import type { Configuration } from 'openid-client';
import { z } from 'zod';
import type { DB } from '../../db/types.ts';
import { AppError, notFound, validationFailed } from '../../shared/errors.ts';
import { isUuid, parseInput } from '../../shared/validation.ts';
import { hasRole, type Actor } from '../actor.ts';
import { audit } from '../audit.ts';
import { decryptSecret, encryptSecret } from '../mailbox/secrets.ts';

/**
 * Single sign-on per organisation with OpenID Connect (issue 11, ADR 0022): the admin sets one provider (name on the
 * button, issuer, client id and secret, scopes, on/off). The secret is stored encrypted (the mailbox helper) and never
 * shown again. "Verbinding testen" runs the provider's discovery.
 *
 * Plain http is accepted for an issuer on this machine only (localhost, 127.0.0.1, ::1) and only while Klachtwijs itself
 * runs under an http base URL (development and the tests); under https every issuer must be https.
 */
export interface SsoOptions {
  /** True when Klachtwijs runs under an http base URL: then an http issuer on the loopback address is allowed. */
  loopbackHttp: boolean;
}

export const ssoOptionsFor = (config: { baseUrl: string }): SsoOptions => ({ loopbackHttp: !config.baseUrl.startsWith('https://') });

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

/** Whether this issuer may be used: https, or http on the loopback address when the options allow it. */
export function issuerAllowed(issuer: string, options: SsoOptions): boolean {
  let url: URL;
  try {
    url = new URL(issuer);
  } catch {
    return false;
  }
  if (url.protocol === 'https:') return true;
  return url.protocol === 'http:' && options.loopbackHttp && LOOPBACK.has(url.hostname);
}

const ISSUER_MESSAGE = 'Vul de URL van de uitgever (issuer) in, bijvoorbeeld https://login.microsoftonline.com/<tenant>/v2.0. Het adres moet met https:// beginnen.';

function schemaFor(options: SsoOptions) {
  return z.object({
    displayName: z.string().trim().min(1, { error: 'Vul de naam in die op de knop komt, bijvoorbeeld Microsoft.' }).max(60, { error: 'Gebruik hoogstens 60 tekens.' }),
    issuerUrl: z
      .string()
      .trim()
      .transform((v) => v.replace(/\/+$/, ''))
      .refine((v) => issuerAllowed(v, options), { error: ISSUER_MESSAGE }),
    clientId: z.string().trim().min(1, { error: 'Vul de client-ID in die u van de identiteitsprovider kreeg.' }).max(255, { error: 'Gebruik hoogstens 255 tekens.' }),
    /** Empty when changing: the stored secret stays. */
    clientSecret: z.string().max(1000, { error: 'Gebruik hoogstens 1000 tekens.' }).optional().default(''),
    scopes: z
      .string()
      .trim()
      .optional()
      .transform((v) => (v ? v.split(/\s+/).join(' ') : 'openid email profile'))
      .refine((v) => /^[\x21\x23-\x5b\x5d-\x7e]+( [\x21\x23-\x5b\x5d-\x7e]+)*$/.test(v) && v.split(' ').includes('openid') && v.split(' ').includes('email'), {
        error: 'De scopes moeten in elk geval "openid" en "email" bevatten, gescheiden door spaties.',
      }),
    enabled: z.preprocess((v) => v === true || v === 'ja' || v === 'on' || v === 'true', z.boolean()),
  });
}

export type SsoProviderInput = z.input<ReturnType<typeof schemaFor>>;

export interface SsoProviderView {
  displayName: string;
  issuerUrl: string;
  clientId: string;
  scopes: string;
  enabled: boolean;
  updatedAt: Date;
}

function requireAdmin(actor: Actor): void {
  if (!hasRole(actor, 'admin')) throw new AppError('not_permitted', 'Alleen de beheerder stelt eenmalig inloggen (SSO) in.');
}

/** The organisation's provider as the admin sees it (never the secret), or null when none is set. */
export async function getSsoProvider(db: Kysely<DB>, actor: Actor): Promise<SsoProviderView | null> {
  requireAdmin(actor);
  const row = await db.selectFrom('sso_providers').selectAll().where('organisation_id', '=', actor.organisationId).executeTakeFirst();
  return row ? { displayName: row.display_name, issuerUrl: row.issuer_url, clientId: row.client_id, scopes: row.scopes, enabled: row.enabled, updatedAt: row.updated_at } : null;
}

/** Sets or changes the organisation's provider; an empty secret keeps the stored one. Audited, the secret never. */
export async function saveSsoProvider(db: Kysely<DB>, actor: Actor, raw: unknown, options: SsoOptions): Promise<void> {
  requireAdmin(actor);
  const input = parseInput(schemaFor(options), raw);
  await db.transaction().execute(async (tx) => {
    const found = await tx.selectFrom('sso_providers').select('id').where('organisation_id', '=', actor.organisationId).forUpdate().executeTakeFirst();
    const values = { display_name: input.displayName, issuer_url: input.issuerUrl, client_id: input.clientId, scopes: input.scopes, enabled: input.enabled, updated_at: new Date() };
    if (found) {
      await tx
        .updateTable('sso_providers')
        .set({ ...values, ...(input.clientSecret ? { client_secret_enc: await encryptSecret(tx, input.clientSecret) } : {}) })
        .where('id', '=', found.id)
        .execute();
    } else {
      if (!input.clientSecret) throw validationFailed([{ field: 'clientSecret', message: 'Vul het clientgeheim (client secret) in dat u van de identiteitsprovider kreeg.' }]);
      await tx.insertInto('sso_providers').values({ organisation_id: actor.organisationId, ...values, client_secret_enc: await encryptSecret(tx, input.clientSecret) }).execute();
    }
    await audit(tx, {
      organisationId: actor.organisationId,
      actorUserId: actor.userId,
      action: found ? 'sso.changed' : 'sso.configured',
      subjectType: 'organisation',
      subjectId: actor.organisationId,
      details: { enabled: input.enabled, secretChanged: Boolean(input.clientSecret) },
    });
  });
}

/** The stored provider of an organisation with its secret decrypted: for the log-in flow only, never shown. */
export interface SsoProviderSecret {
  organisationId: string;
  displayName: string;
  issuerUrl: string;
  clientId: string;
  clientSecret: string;
  scopes: string;
  enabled: boolean;
  updatedAt: Date;
}

export async function ssoProviderOf(db: Kysely<DB>, organisationId: string): Promise<SsoProviderSecret | null> {
  const row = await db.selectFrom('sso_providers').selectAll().where('organisation_id', '=', organisationId).executeTakeFirst();
  if (!row) return null;
  return {
    organisationId,
    displayName: row.display_name,
    issuerUrl: row.issuer_url,
    clientId: row.client_id,
    clientSecret: await decryptSecret(db, row.client_secret_enc),
    scopes: row.scopes,
    enabled: row.enabled,
    updatedAt: row.updated_at,
  };
}

/** openid-client, loaded at the first single sign-on (issue 13: a start does not need it). */
export const openidClient = () => import('openid-client');

/** Discovered configurations, kept for ten minutes per provider version (a cache only: every instance has its own). */
const DISCOVERY_TTL_MS = 10 * 60 * 1000;
const discovered = new Map<string, { at: number; config: Configuration }>();

/** The provider's OpenID configuration (discovery), with the client's credentials. Throws when it cannot be reached. */
export async function discoverProvider(p: SsoProviderSecret, options: SsoOptions, { fresh = false } = {}): Promise<Configuration> {
  if (!issuerAllowed(p.issuerUrl, options)) throw new Error('issuer not allowed');
  const key = `${p.organisationId}|${p.issuerUrl}|${p.clientId}|${p.updatedAt.getTime()}`;
  const hit = discovered.get(key);
  if (!fresh && hit && Date.now() - hit.at < DISCOVERY_TTL_MS) return hit.config;
  const url = new URL(p.issuerUrl);
  const oidc = await openidClient();
  const config = await oidc.discovery(url, p.clientId, undefined, oidc.ClientSecretBasic(p.clientSecret), {
    timeout: 10,
    // Plain http only for an issuer on this machine while Klachtwijs itself runs under http (development, tests).
    ...(url.protocol === 'http:' ? { execute: [oidc.allowInsecureRequests] } : {}),
  });
  for (const [k, v] of discovered) if (Date.now() - v.at >= DISCOVERY_TTL_MS || k.startsWith(`${p.organisationId}|`)) discovered.delete(k);
  discovered.set(key, { at: Date.now(), config });
  return config;
}

/** A Dutch reason why discovery failed, without the provider's raw answer. */
export function discoveryProblem(err: unknown): string {
  const e = err as { code?: string; name?: string; cause?: { code?: string; name?: string } };
  const code = e?.cause?.code ?? e?.code;
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return 'De identiteitsprovider is niet gevonden. Controleer de URL van de uitgever (issuer).';
  if (code === 'ECONNREFUSED') return 'De identiteitsprovider weigert de verbinding. Controleer de URL van de uitgever (issuer).';
  if (e?.name === 'TimeoutError' || e?.cause?.name === 'TimeoutError' || code === 'ETIMEDOUT' || code === 'UND_ERR_CONNECT_TIMEOUT') return 'De identiteitsprovider antwoordt niet op tijd. Probeer het later opnieuw of controleer de URL.';
  return 'Op dit adres staat geen geldige OpenID Connect-configuratie, of de uitgever (issuer) klopt niet. Controleer de URL van de uitgever.';
}

/** "Verbinding testen": discovery against the stored issuer. */
export async function testSsoProvider(db: Kysely<DB>, actor: Actor, options: SsoOptions): Promise<{ ok: true } | { ok: false; problem: string }> {
  requireAdmin(actor);
  const p = await ssoProviderOf(db, actor.organisationId);
  if (!p) return { ok: false, problem: 'Er is nog geen identiteitsprovider ingesteld. Vul eerst het formulier in.' };
  try {
    const config = await discoverProvider(p, options, { fresh: true });
    if (!config.serverMetadata().authorization_endpoint || !config.serverMetadata().token_endpoint) {
      return { ok: false, problem: 'De identiteitsprovider noemt geen adres om in te loggen (authorization endpoint) of geen token-adres. Controleer de URL van de uitgever.' };
    }
    return { ok: true };
  } catch (err) {
    return { ok: false, problem: discoveryProblem(err) };
  }
}

/** The users bound to the provider's subject (made at their first single sign-on log-in), for the admin. */
export async function listSsoLinks(db: Kysely<DB>, actor: Actor): Promise<{ id: string; userName: string; userEmail: string; createdAt: Date; lastLoginAt: Date }[]> {
  requireAdmin(actor);
  const rows = await db
    .selectFrom('sso_links as l')
    .innerJoin('users as u', 'u.id', 'l.user_id')
    .select(['l.id', 'u.name', 'u.email', 'l.created_at', 'l.last_login_at'])
    .where('l.organisation_id', '=', actor.organisationId)
    .orderBy('u.name')
    .execute();
  return rows.map((r) => ({ id: r.id, userName: r.name, userEmail: r.email, createdAt: r.created_at, lastLoginAt: r.last_login_at }));
}

/** Removes a binding (the person's account at the provider changed): the next log-in binds again. Audited. */
export async function removeSsoLink(db: Kysely<DB>, actor: Actor, linkId: string): Promise<void> {
  requireAdmin(actor);
  if (!isUuid(linkId)) throw notFound('Deze koppeling bestaat niet.');
  await db.transaction().execute(async (tx) => {
    const row = await tx.deleteFrom('sso_links').where('id', '=', linkId).where('organisation_id', '=', actor.organisationId).returning('user_id').executeTakeFirst();
    if (!row) throw notFound('Deze koppeling bestaat niet.');
    await audit(tx, { organisationId: actor.organisationId, actorUserId: actor.userId, action: 'sso.link_removed', subjectType: 'user', subjectId: row.user_id });
  });
}
