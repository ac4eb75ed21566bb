import type { Kysely } from 'kysely';
import { randomBytes } from 'node:crypto';
import { dummyPasswordHash, verifyPassword } from '../../auth/password.ts';
import { sha256 } from '../../auth/tokens.ts';
import type { DB } from '../../db/types.ts';
import type { SessionStage, TwoFactorRequirement } from '../../db/types-login.ts';
import { AppError, validationFailed } from '../../shared/errors.ts';
import type { Actor } from '../actor.ts';
import { audit } from '../audit.ts';
import { decryptSecret, encryptSecret } from '../mailbox/secrets.ts';
import { hitRateLimit } from '../security/rate-limit.ts';
import { recordSecurityEvent } from '../security/events.ts';
import { throttledPasswordCheck } from './throttle.ts';

/**
 * Two-factor authentication with TOTP (RFC 6238, otplib; issue 11, ADR 0021): a code from an authenticator app after
 * the password. The secret is stored encrypted (the mailbox's AES-256-GCM helper); a code is accepted once (the last
 * accepted time step is kept); 10 one-time recovery codes, stored hashed, for a lost phone. An organisation can
 * require it for admins and coordinators or for all staff (NEN 7510).
 */
export const RECOVERY_CODE_COUNT = 10;
/** Second-step attempts per account per window (a 6-digit code must not be guessable). */
export const SECOND_FACTOR_LIMIT = { limit: 5, windowSeconds: 5 * 60 } as const;
const ISSUER = 'Klachtwijs';

export const TWO_FACTOR_REQUIREMENT_LABELS: Record<TwoFactorRequirement, string> = {
  none: 'Niet verplicht (iedereen kan het zelf aanzetten)',
  admin_coordinator: 'Verplicht voor beheerders en klachtenfunctionarissen',
  all_staff: 'Verplicht voor alle medewerkers',
};

/** Whether the organisation requires a second factor of this user, from their roles. */
export async function twoFactorRequired(db: Kysely<DB>, userId: string): Promise<boolean> {
  const row = await db.selectFrom('users as u').innerJoin('organisations as o', 'o.id', 'u.organisation_id').select('o.two_factor_required').where('u.id', '=', userId).executeTakeFirst();
  const req = row?.two_factor_required ?? 'none';
  if (req === 'none') return false;
  const roles = await db.selectFrom('role_assignments').select('role').where('user_id', '=', userId).execute();
  if (req === 'all_staff') return true;
  return roles.some((r) => r.role === 'admin' || r.role === 'coordinator');
}

/** The stage a new session starts in: `second_factor` when the user has one, `second_factor_setup` when required and missing. */
export async function twoFactorStageFor(db: Kysely<DB>, userId: string): Promise<SessionStage> {
  const user = await db.selectFrom('users').select('totp_enabled_at').where('id', '=', userId).executeTakeFirst();
  if (user?.totp_enabled_at) return 'second_factor';
  return (await twoFactorRequired(db, userId)) ? 'second_factor_setup' : 'full';
}

export async function twoFactorStatus(db: Kysely<DB>, userId: string): Promise<{ enabled: boolean; enabledAt: Date | null; recoveryCodesLeft: number; required: boolean }> {
  const user = await db.selectFrom('users').select('totp_enabled_at').where('id', '=', userId).executeTakeFirstOrThrow();
  const left = await db.selectFrom('recovery_codes').select((eb) => eb.fn.countAll<number>().as('n')).where('user_id', '=', userId).where('used_at', 'is', null).executeTakeFirst();
  return { enabled: user.totp_enabled_at !== null, enabledAt: user.totp_enabled_at, recoveryCodesLeft: Number(left?.n ?? 0), required: await twoFactorRequired(db, userId) };
}

/**
 * Starts (or shows again) the set-up: a new secret kept pending (encrypted) until confirmed with a code. Returns the
 * secret as text (grouped by four), the otpauth URI and a QR code as SVG (server-rendered: no JavaScript needed).
 */
export async function beginTwoFactorSetup(db: Kysely<DB>, userId: string): Promise<{ secret: string; uri: string; qrSvg: string }> {
  const user = await db.selectFrom('users').select(['email', 'totp_pending_enc', 'totp_enabled_at']).where('id', '=', userId).executeTakeFirstOrThrow();
  if (user.totp_enabled_at) throw new AppError('conflict', 'Tweestapsverificatie staat al aan.');
  const { generateSecret, generateURI } = await import('otplib'); // at first use, not at start (issue 13)
  let secret = user.totp_pending_enc ? await decryptSecret(db, user.totp_pending_enc) : null;
  if (!secret) {
    secret = generateSecret();
    await db.updateTable('users').set({ totp_pending_enc: await encryptSecret(db, secret) }).where('id', '=', userId).execute();
  }
  const uri = generateURI({ issuer: ISSUER, label: user.email, secret });
  const { default: QRCode } = await import('qrcode'); // at first use, not at start (issue 13)
  const qrSvg = await QRCode.toString(uri, { type: 'svg', margin: 2, errorCorrectionLevel: 'M' });
  return { secret: secret.replace(/(.{4})/g, '$1 ').trim(), uri, qrSvg };
}

function newRecoveryCodes(): string[] {
  // 10 characters from a 32-letter alphabet without look-alikes (50 bits each), shown as xxxxx-xxxxx.
  const alphabet = 'abcdefghjkmnpqrstuvwxyz23456789';
  return Array.from({ length: RECOVERY_CODE_COUNT }, () => {
    const bytes = randomBytes(10);
    const s = [...bytes].map((b) => alphabet[b % alphabet.length]).join('');
    return `${s.slice(0, 5)}-${s.slice(5)}`;
  });
}
const normaliseRecoveryCode = (code: string) => code.toLowerCase().replace(/[^a-z0-9]/g, '');

async function storeRecoveryCodes(tx: Kysely<DB>, user: { id: string; organisationId: string }): Promise<string[]> {
  await tx.deleteFrom('recovery_codes').where('user_id', '=', user.id).execute();
  const codes = newRecoveryCodes();
  await tx.insertInto('recovery_codes').values(codes.map((c) => ({ organisation_id: user.organisationId, user_id: user.id, code_hash: sha256(`recovery:${normaliseRecoveryCode(c)}`) }))).execute();
  return codes;
}

/** Checks a TOTP code against a secret, refusing a time step at or before the last accepted one. Returns the step. */
async function checkTotp(secret: string, code: string, afterTimeStep: number | null, now: Date): Promise<number | null> {
  const token = code.replace(/\s/g, '');
  if (!/^\d{6}$/.test(token)) return null;
  const { verify } = await import('otplib'); // at first use, not at start (issue 13)
  const result = await verify({ secret, token, epoch: Math.floor(now.getTime() / 1000), epochTolerance: 30, ...(afterTimeStep !== null ? { afterTimeStep } : {}) });
  return result.valid && 'timeStep' in result && typeof result.timeStep === 'number' ? result.timeStep : null;
}

/** Confirms the set-up with a code from the app: two-factor is on, recovery codes made (returned once). */
export async function confirmTwoFactorSetup(db: Kysely<DB>, user: { userId: string; organisationId: string }, input: { code: string; clientAddress?: string | null }, now = new Date()): Promise<{ recoveryCodes: string[] }> {
  const row = await db.selectFrom('users').select(['totp_pending_enc', 'totp_enabled_at']).where('id', '=', user.userId).where('organisation_id', '=', user.organisationId).executeTakeFirstOrThrow();
  if (row.totp_enabled_at) throw new AppError('conflict', 'Tweestapsverificatie staat al aan.');
  if (!row.totp_pending_enc) throw validationFailed([{ field: 'code', message: 'Begin opnieuw: laad de pagina en scan de code.' }]);
  const secret = await decryptSecret(db, row.totp_pending_enc);
  const step = await checkTotp(secret, input.code, null, now);
  if (step === null) throw validationFailed([{ field: 'code', message: 'Deze code klopt niet. Typ de 6 cijfers die de app nu laat zien.' }]);
  return db.transaction().execute(async (tx) => {
    await tx.updateTable('users').set({ totp_secret_enc: row.totp_pending_enc, totp_pending_enc: null, totp_enabled_at: now, totp_last_step: step }).where('id', '=', user.userId).execute();
    const recoveryCodes = await storeRecoveryCodes(tx, { id: user.userId, organisationId: user.organisationId });
    await audit(tx, { organisationId: user.organisationId, actorUserId: user.userId, action: 'user.two_factor_enabled', subjectType: 'user', subjectId: user.userId });
    await recordSecurityEvent(tx, { kind: 'second_factor_changed', organisationId: user.organisationId, userId: user.userId, clientAddress: input.clientAddress ?? null, detail: { change: 'enabled' } });
    return { recoveryCodes };
  });
}

/**
 * Checks a second factor: a TOTP code (once: its time step must be newer than the last accepted one, set atomically)
 * or an unused recovery code (used up now). Limited per account. Records failures and used recovery codes.
 */
export async function checkSecondFactor(db: Kysely<DB>, user: { userId: string; organisationId: string }, input: { code: string; clientAddress?: string | null }, now = new Date()): Promise<'totp' | 'recovery' | 'invalid' | 'throttled'> {
  const limit = await hitRateLimit(db, { key: `2fa:user:${user.userId}`, ...SECOND_FACTOR_LIMIT, now });
  if (!limit.allowed) {
    await recordSecurityEvent(db, { kind: 'login_throttled', organisationId: user.organisationId, userId: user.userId, clientAddress: input.clientAddress ?? null, detail: { scope: 'second_factor' } });
    return 'throttled';
  }
  const row = await db.selectFrom('users').select(['totp_secret_enc', 'totp_last_step']).where('id', '=', user.userId).executeTakeFirstOrThrow();
  const code = input.code.trim();
  if (row.totp_secret_enc && /^\d{3}\s?\d{3}$/.test(code)) {
    const step = await checkTotp(await decryptSecret(db, row.totp_secret_enc), code, row.totp_last_step, now);
    if (step !== null) {
      // Only one request can move the step forward: a replay in parallel finds no row to update.
      const res = await db
        .updateTable('users')
        .set({ totp_last_step: step })
        .where('id', '=', user.userId)
        .where((eb) => eb.or([eb('totp_last_step', 'is', null), eb('totp_last_step', '<', step)]))
        .executeTakeFirst();
      if (res.numUpdatedRows > 0n) return 'totp';
    }
  } else if (normaliseRecoveryCode(code).length === 10) {
    const used = await db
      .updateTable('recovery_codes')
      .set({ used_at: now })
      .where('user_id', '=', user.userId)
      .where('code_hash', '=', sha256(`recovery:${normaliseRecoveryCode(code)}`))
      .where('used_at', 'is', null)
      .returning('id')
      .executeTakeFirst();
    if (used) {
      await recordSecurityEvent(db, { kind: 'recovery_code_used', organisationId: user.organisationId, userId: user.userId, clientAddress: input.clientAddress ?? null, detail: { recoveryCodeId: used.id } });
      return 'recovery';
    }
  }
  await recordSecurityEvent(db, { kind: 'second_factor_failed', organisationId: user.organisationId, userId: user.userId, clientAddress: input.clientAddress ?? null });
  return 'invalid';
}

/** Turns two-factor off: the password and a current code (or a recovery code) are needed. Refused while required. */
export async function disableTwoFactor(db: Kysely<DB>, actor: Pick<Actor, 'userId' | 'organisationId' | 'email'>, input: { password: string; code: string; clientAddress?: string | null }): Promise<void> {
  if (await twoFactorRequired(db, actor.userId)) {
    throw new AppError('not_permitted', 'Uw organisatie verplicht tweestapsverificatie voor uw rol. U kunt het daarom niet uitzetten.');
  }
  const user = await db.selectFrom('users').select('password_hash').where('id', '=', actor.userId).executeTakeFirstOrThrow();
  const checked = await throttledPasswordCheck(db, actor.email, async () => verifyPassword(input.password, user.password_hash ?? (await dummyPasswordHash())));
  if (checked === 'throttled') throw new AppError('rate_limited', 'Te veel mislukte pogingen. Probeer het later opnieuw.');
  if (checked === 'invalid') throw validationFailed([{ field: 'password', message: 'Dit is niet uw wachtwoord. Let op hoofdletters en spaties.' }]);
  const second = await checkSecondFactor(db, actor, { code: input.code, clientAddress: input.clientAddress ?? null });
  if (second === 'throttled') throw new AppError('rate_limited', 'Te veel verkeerde codes. Wacht 5 minuten en probeer het dan opnieuw.');
  if (second === 'invalid') throw validationFailed([{ field: 'code', message: 'Deze code klopt niet. Typ de 6 cijfers uit de app of een herstelcode.' }]);
  await db.transaction().execute(async (tx) => {
    await tx.updateTable('users').set({ totp_secret_enc: null, totp_pending_enc: null, totp_enabled_at: null, totp_last_step: null }).where('id', '=', actor.userId).execute();
    await tx.deleteFrom('recovery_codes').where('user_id', '=', actor.userId).execute();
    await audit(tx, { organisationId: actor.organisationId, actorUserId: actor.userId, action: 'user.two_factor_disabled', subjectType: 'user', subjectId: actor.userId });
    await recordSecurityEvent(tx, { kind: 'second_factor_changed', organisationId: actor.organisationId, userId: actor.userId, clientAddress: input.clientAddress ?? null, detail: { change: 'disabled' } });
  });
}

/** New recovery codes (the old ones stop working), after a current code. Returned once. */
export async function regenerateRecoveryCodes(db: Kysely<DB>, actor: Pick<Actor, 'userId' | 'organisationId'>, input: { code: string; clientAddress?: string | null }): Promise<string[]> {
  const second = await checkSecondFactor(db, actor, input);
  if (second === 'throttled') throw new AppError('rate_limited', 'Te veel verkeerde codes. Wacht 5 minuten en probeer het dan opnieuw.');
  if (second !== 'totp') throw validationFailed([{ field: 'code', message: 'Deze code klopt niet. Typ de 6 cijfers die de app nu laat zien.' }]);
  return db.transaction().execute(async (tx) => {
    const codes = await storeRecoveryCodes(tx, { id: actor.userId, organisationId: actor.organisationId });
    await audit(tx, { organisationId: actor.organisationId, actorUserId: actor.userId, action: 'user.recovery_codes_renewed', subjectType: 'user', subjectId: actor.userId });
    await recordSecurityEvent(tx, { kind: 'second_factor_changed', organisationId: actor.organisationId, userId: actor.userId, clientAddress: input.clientAddress ?? null, detail: { change: 'recovery_codes_renewed' } });
    return codes;
  });
}

/** The admin (or the CLI, without a user) sets who in the organisation must use two-factor. */
export async function setTwoFactorRequirement(tx: Kysely<DB>, actor: { userId: string | null; organisationId: string }, value: string): Promise<TwoFactorRequirement> {
  if (!(value in TWO_FACTOR_REQUIREMENT_LABELS)) throw validationFailed([{ field: 'twoFactorRequired', message: 'Kies voor wie tweestapsverificatie verplicht is.' }]);
  const v = value as TwoFactorRequirement;
  await tx.updateTable('organisations').set({ two_factor_required: v }).where('id', '=', actor.organisationId).execute();
  await audit(tx, { organisationId: actor.organisationId, actorUserId: actor.userId, action: 'organisation.two_factor_required', subjectType: 'organisation', subjectId: actor.organisationId, details: { value: v } });
  return v;
}
