import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import { hashPassword, passwordProblem } from '../../auth/password.ts';
import { randomToken, sha256 } from '../../auth/tokens.ts';
import type { Config } from '../../config.ts';
import type { DB } from '../../db/types.ts';
import { queueMail } from '../../mail/outbox.ts';
import { AppError, notFound, validationFailed, type FieldIssue } from '../../shared/errors.ts';
import { isUuid } from '../../shared/validation.ts';
import { audit } from '../audit.ts';
import { endSessionsOfUser } from '../auth/sessions.ts';
import { revokeApiTokensOfUser } from '../auth/api-tokens.ts';
import { recordSecurityEvent } from '../security/events.ts';
import type { Jobs } from '../notifications/notify.ts';
import { passwordSchema } from './manage.ts';

/**
 * Links by e-mail to set a password (ADR 0013): an invitation for a new user (72 hours) and "wachtwoord
 * vergeten" (1 hour). The link carries a long random token; only its hash is stored. A link works once; a
 * newer link of the same kind replaces an older one; setting a password ends every session of the user.
 */
export type LinkPurpose = 'invitation' | 'password_reset';
export const LINK_TTL_MS: Record<LinkPurpose, number> = { invitation: 72 * 60 * 60 * 1000, password_reset: 60 * 60 * 1000 };
/** "Wachtwoord vergeten": at most this many links per address and per client address in the window. */
export const RESET_THROTTLE = { perEmail: 3, perIp: 20, windowMs: 15 * 60 * 1000 } as const;

export const linkPath = (token: string) => `/wachtwoord-instellen/${token}`;

function linkMail(purpose: LinkPurpose, orgName: string, url: string): { subject: string; text: string } {
  if (purpose === 'invitation') {
    return {
      subject: `Uitnodiging voor Klachtwijs van ${orgName}`,
      text: [
        'Beste collega,',
        '',
        `U heeft een account gekregen in Klachtwijs, het systeem voor klachten van ${orgName}.`,
        'Kies via deze link zelf een wachtwoord:',
        url,
        '',
        'De link werkt 72 uur en maar één keer. Werkt hij niet meer? Vraag dan de beheerder om een nieuwe uitnodiging.',
        'Verwachtte u deze e-mail niet? Dan kunt u hem negeren.',
      ].join('\n'),
    };
  }
  return {
    subject: `Nieuw wachtwoord voor Klachtwijs (${orgName})`,
    text: [
      'Beste collega,',
      '',
      'U heeft gevraagd om een nieuw wachtwoord voor Klachtwijs. Kies via deze link een nieuw wachtwoord:',
      url,
      '',
      'De link werkt 1 uur en maar één keer. Daarna bent u overal uitgelogd en logt u in met het nieuwe wachtwoord.',
      'Heeft u dit niet zelf gevraagd? Dan kunt u deze e-mail negeren. Uw wachtwoord blijft dan hetzelfde.',
    ].join('\n'),
  };
}

/** Makes a new link for a user (the older unused ones of the same kind stop working) and queues its mail, in `tx`. */
export async function issueUserLink(
  tx: Kysely<DB>,
  jobs: Jobs,
  config: Pick<Config, 'baseUrl'>,
  req: { userId: string; purpose: LinkPurpose; createdBy: string | null; now?: Date },
): Promise<{ id: string; url: string }> {
  const now = req.now ?? new Date();
  const user = await tx.selectFrom('users').select(['id', 'email', 'organisation_id']).where('id', '=', req.userId).executeTakeFirstOrThrow();
  const org = await tx.selectFrom('organisations').select('name').where('id', '=', user.organisation_id).executeTakeFirstOrThrow();
  await tx.updateTable('user_tokens').set({ expires_at: now }).where('user_id', '=', user.id).where('purpose', '=', req.purpose).where('used_at', 'is', null).where('expires_at', '>', now).execute();
  const token = randomToken(32);
  const row = await tx
    .insertInto('user_tokens')
    .values({ organisation_id: user.organisation_id, user_id: user.id, purpose: req.purpose, token_hash: sha256(token), created_by: req.createdBy, expires_at: new Date(now.getTime() + LINK_TTL_MS[req.purpose]) })
    .returning('id')
    .executeTakeFirstOrThrow();
  const url = `${config.baseUrl}${linkPath(token)}`;
  const mail = linkMail(req.purpose, org.name, url);
  await queueMail(tx, jobs, { organisationId: user.organisation_id, complaintId: null, purpose: 'link', to: user.email, subject: mail.subject, text: mail.text });
  await audit(tx, { organisationId: user.organisation_id, actorUserId: req.createdBy, action: req.purpose === 'invitation' ? 'user.invited' : 'user.password_reset_requested', subjectType: 'user', subjectId: user.id, details: { tokenId: row.id } });
  return { id: row.id, url };
}

/** An admin (re-)sends the invitation of an account of their own organisation. */
export async function sendInvitation(tx: Kysely<DB>, jobs: Jobs, config: Pick<Config, 'baseUrl'>, manager: { organisationId: string; userId: string | null }, userId: string): Promise<void> {
  if (!isUuid(userId)) throw notFound('Deze gebruiker bestaat niet.');
  const user = await tx.selectFrom('users').select(['id', 'disabled_at']).where('id', '=', userId).where('organisation_id', '=', manager.organisationId).executeTakeFirst();
  if (!user) throw notFound('Deze gebruiker bestaat niet.');
  if (user.disabled_at !== null) throw new AppError('conflict', 'Dit account is geblokkeerd. Deblokkeer het eerst en stuur dan de uitnodiging.');
  await issueUserLink(tx, jobs, config, { userId: user.id, purpose: 'invitation', createdBy: manager.userId });
}

export type InvitationState = 'invited' | 'accepted' | 'expired' | 'no_password';

/** Per user of the organisation with an invitation: the state of the newest one; `no_password` for a user with neither. */
export async function invitationStates(db: Kysely<DB>, organisationId: string, now = new Date()): Promise<Map<string, InvitationState>> {
  const rows = await db
    .selectFrom('user_tokens')
    .select(['user_id', 'expires_at', 'used_at', 'created_at'])
    .where('organisation_id', '=', organisationId)
    .where('purpose', '=', 'invitation')
    .orderBy('created_at')
    .execute();
  const states = new Map<string, InvitationState>();
  for (const r of rows) {
    if (states.get(r.user_id) === 'accepted') continue;
    states.set(r.user_id, r.used_at ? 'accepted' : r.expires_at > now ? 'invited' : 'expired');
  }
  const withoutPassword = await db.selectFrom('users').select('id').where('organisation_id', '=', organisationId).where('password_hash', 'is', null).execute();
  for (const u of withoutPassword) if (!states.has(u.id)) states.set(u.id, 'no_password');
  return states;
}

/**
 * "Wachtwoord vergeten": when an active account has this address a link is mailed. The caller gives the same
 * answer in every case (the address is not revealed). Throttled per address and per client address; beyond
 * the limit nothing is sent. Takes the database: a counted request stays counted.
 */
export async function requestPasswordReset(db: Kysely<DB>, jobs: Jobs, config: Pick<Config, 'baseUrl'>, input: { email: string; ip: string }, now = new Date()): Promise<{ sent: boolean }> {
  const email = input.email.trim().toLowerCase();
  if (!email) return { sent: false };
  const keys = [`reset:${sha256(email)}`, `reset-ip:${input.ip}`];
  await db.insertInto('login_failures').values(keys.map((key) => ({ key }))).execute();
  const counts = await db
    .selectFrom('login_failures')
    .select(['key', sql<number>`count(*)::int`.as('n')])
    .where('key', 'in', keys)
    .where('at', '>', new Date(now.getTime() - RESET_THROTTLE.windowMs))
    .groupBy('key')
    .execute();
  const byKey = new Map(counts.map((c) => [c.key, c.n]));
  if ((byKey.get(keys[0]!) ?? 0) > RESET_THROTTLE.perEmail || (byKey.get(keys[1]!) ?? 0) > RESET_THROTTLE.perIp) return { sent: false };
  // E-mail addresses are unique per organisation (issue 11): every account with this address gets its own link.
  const users = await db.selectFrom('users').select('id').where(sql`lower(email)`, '=', email).where('disabled_at', 'is', null).execute();
  if (!users.length) return { sent: false };
  for (const user of users) await db.transaction().execute((tx) => issueUserLink(tx, jobs, config, { userId: user.id, purpose: 'password_reset', createdBy: null, now }));
  return { sent: true };
}

/** What a link is, when it still works: for the page that asks for the new password. */
export async function openLink(db: Kysely<DB>, token: string, now = new Date()): Promise<{ purpose: LinkPurpose; email: string } | null> {
  if (!/^[\w-]{20,100}$/.test(token)) return null;
  const row = await db
    .selectFrom('user_tokens as t')
    .innerJoin('users as u', 'u.id', 't.user_id')
    .select(['t.purpose', 'u.email'])
    .where('t.token_hash', '=', sha256(token))
    .where('t.used_at', 'is', null)
    .where('t.expires_at', '>', now)
    .where('u.disabled_at', 'is', null)
    .executeTakeFirst();
  return row ? { purpose: row.purpose, email: row.email } : null;
}

export const LINK_INVALID = 'Deze link werkt niet meer. Hij is al gebruikt of verlopen. Vraag een nieuwe link aan.';

/**
 * Sets the password through a link: the link must still work (once, before it expires); the password follows
 * the same rules as on the account page, typed twice. Every session of the user ends and every other open link
 * of theirs stops working. Returns the e-mail address to log in with.
 */
export async function useLink(db: Kysely<DB>, token: string, input: { password: string; passwordAgain: string }, now = new Date()): Promise<{ email: string; purpose: LinkPurpose }> {
  const issues: FieldIssue[] = [];
  const parsed = passwordSchema.safeParse(input.password);
  if (!parsed.success) issues.push({ field: 'password', message: parsed.error.issues[0]?.message ?? 'Kies een ander wachtwoord.' });
  if (!input.passwordAgain) issues.push({ field: 'passwordAgain', message: 'Vul het nieuwe wachtwoord nog een keer in.' });
  else if (parsed.success && input.password !== input.passwordAgain) issues.push({ field: 'passwordAgain', message: 'De twee wachtwoorden zijn niet gelijk. Typ het nieuwe wachtwoord twee keer hetzelfde.' });
  if (!/^[\w-]{20,100}$/.test(token)) throw new AppError('not_found', LINK_INVALID);
  if (issues.length) throw validationFailed(issues);
  const hash = await hashPassword(input.password);
  return db.transaction().execute(async (tx) => {
    const link = await tx
      .selectFrom('user_tokens')
      .select(['id', 'user_id', 'organisation_id', 'purpose', 'used_at', 'expires_at'])
      .where('token_hash', '=', sha256(token))
      .forUpdate()
      .executeTakeFirst();
    if (!link || link.used_at !== null || link.expires_at <= now) throw new AppError('not_found', LINK_INVALID);
    const user = await tx.selectFrom('users').select(['id', 'email', 'disabled_at']).where('id', '=', link.user_id).executeTakeFirstOrThrow();
    if (user.disabled_at !== null) throw new AppError('not_found', LINK_INVALID);
    const problem = passwordProblem(input.password, { email: user.email });
    if (problem) throw validationFailed([{ field: 'password', message: problem }]);
    await tx.updateTable('users').set({ password_hash: hash }).where('id', '=', user.id).execute();
    await tx.updateTable('user_tokens').set({ used_at: now }).where('id', '=', link.id).execute();
    // Other open links of this user stop working (an invitation once a password is set, older reset links).
    await tx.updateTable('user_tokens').set({ expires_at: now }).where('user_id', '=', user.id).where('used_at', 'is', null).where('expires_at', '>', now).execute();
    const endedSessions = await endSessionsOfUser(tx, user.id);
    // Issue 11: a password reset revokes the account's API tokens (a stolen token must not outlive the reset).
    const revokedTokens = link.purpose === 'password_reset' ? await revokeApiTokensOfUser(tx, user.id, 'password_reset') : 0;
    if (link.purpose === 'password_reset') await recordSecurityEvent(tx, { kind: 'password_reset', organisationId: link.organisation_id, userId: user.id, detail: { endedSessions, revokedTokens } });
    await audit(tx, {
      organisationId: link.organisation_id,
      actorUserId: user.id,
      action: link.purpose === 'invitation' ? 'user.invitation_accepted' : 'user.password_reset',
      subjectType: 'user',
      subjectId: user.id,
      details: { endedSessions, revokedTokens },
    });
    return { email: user.email, purpose: link.purpose };
  });
}
