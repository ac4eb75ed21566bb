import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { DB } from '../../db/types.ts';
import { AppError, notFound } from '../../shared/errors.ts';
import { isUuid, parseInput } from '../../shared/validation.ts';
import { hasRole, type Actor } from '../actor.ts';
import { audit } from '../audit.ts';
import { DEFAULT_TERM_DAYS, DELIVERIES, MAX_TERM_DAYS, NOTIFICATION_KINDS, notificationLine, notificationPath, receivableKinds, type Delivery, type NotificationKind } from './kinds.ts';

export interface InboxItem {
  id: string;
  kind: string;
  line: string;
  href: string;
  createdAt: Date;
  read: boolean;
}

/** The user's notifications for the start page ("Meldingen"): unread first, newest first; only their own. */
export async function inboxOf(db: Kysely<DB>, actor: Pick<Actor, 'userId' | 'organisationId'>, limit = 10): Promise<{ items: InboxItem[]; unread: number }> {
  // The list and its unread count in one statement (issue 13: one round trip fewer per start page). No row: no
  // notification at all, so none unread either.
  const rows = await db
    .selectFrom('notifications as n')
    .leftJoin('complaints as c', 'c.id', 'n.complaint_id')
    .leftJoin('units as u', 'u.id', 'c.unit_id')
    .select(['n.id', 'n.kind', 'n.complaint_id', 'n.created_at', 'n.read_at', 'c.reference', 'u.name as unit_name'])
    .select((eb) => eb.selectFrom('notifications').select((e) => e.fn.countAll<string>().as('n')).where('user_id', '=', actor.userId).where('read_at', 'is', null).as('unread'))
    .where('n.user_id', '=', actor.userId)
    .where('n.organisation_id', '=', actor.organisationId)
    .orderBy((eb) => eb.case().when('n.read_at', 'is', null).then(0).else(1).end())
    .orderBy('n.created_at', 'desc')
    .limit(limit)
    .execute();
  return {
    items: rows.map((r) => ({ id: r.id, kind: r.kind, line: notificationLine(r.kind, r.reference, r.unit_name), href: notificationPath(r.complaint_id, r.kind), createdAt: r.created_at, read: r.read_at !== null })),
    unread: Number(rows[0]?.unread ?? 0),
  };
}

/** Marks one of the user's own notifications read (another user's id answers as missing), or all of them (`id` null). */
export async function markRead(db: Kysely<DB>, actor: Pick<Actor, 'userId'>, id: string | null, now = new Date()): Promise<number> {
  if (id !== null && !isUuid(id)) throw notFound('Deze melding bestaat niet.');
  let q = db.updateTable('notifications').set({ read_at: now }).where('user_id', '=', actor.userId).where('read_at', 'is', null);
  if (id !== null) q = q.where('id', '=', id);
  const res = await q.executeTakeFirst();
  if (id !== null && Number(res.numUpdatedRows) === 0) {
    const own = await db.selectFrom('notifications').select('id').where('id', '=', id).where('user_id', '=', actor.userId).executeTakeFirst();
    if (!own) throw notFound('Deze melding bestaat niet.');
  }
  return Number(res.numUpdatedRows);
}

export interface Preferences {
  deliveries: Record<NotificationKind, Delivery>;
  /** The user's own choice; null: the organisation's default. */
  termDays: number | null;
  /** The organisation's default (3 unless an admin chose another). */
  organisationTermDays: number;
}

const orgKey = (organisationId: string) => `notify.term_days:${organisationId}`;

/** The organisation's default N (working days before a term ends), or null when the admin never set one. */
export async function organisationTermDays(db: Kysely<DB>, organisationId: string): Promise<number | null> {
  const row = await db.selectFrom('settings').select('value').where('key', '=', orgKey(organisationId)).executeTakeFirst();
  const n = Number(row?.value);
  return row && Number.isInteger(n) ? n : null;
}

export async function preferencesOf(db: Kysely<DB>, actor: Pick<Actor, 'userId' | 'organisationId'>): Promise<Preferences> {
  const [row, orgDays] = await Promise.all([
    db.selectFrom('notification_preferences').select(['deliveries', 'term_days']).where('user_id', '=', actor.userId).executeTakeFirst(),
    organisationTermDays(db, actor.organisationId),
  ]);
  const deliveries = Object.fromEntries(
    NOTIFICATION_KINDS.map((k) => {
      const d = row?.deliveries[k];
      return [k, (DELIVERIES as readonly string[]).includes(d ?? '') ? (d as Delivery) : 'now'];
    }),
  ) as Record<NotificationKind, Delivery>;
  return { deliveries, termDays: row?.term_days ?? null, organisationTermDays: orgDays ?? DEFAULT_TERM_DAYS };
}

const TERM_DAYS_MESSAGE = `Vul een aantal werkdagen in van 1 tot en met ${MAX_TERM_DAYS}.`;
const termDaysSchema = z.coerce.number({ message: TERM_DAYS_MESSAGE }).int({ message: TERM_DAYS_MESSAGE }).min(1, { message: TERM_DAYS_MESSAGE }).max(MAX_TERM_DAYS, { message: TERM_DAYS_MESSAGE });

const preferencesInputFor = (kinds: readonly NotificationKind[]) =>
  z.object({
    deliveries: z.object(Object.fromEntries(kinds.map((k) => [k, z.enum(DELIVERIES, { message: 'Kies hoe u deze melding wilt krijgen.' })])) as Partial<Record<NotificationKind, z.ZodEnum<{ now: 'now'; digest: 'digest'; off: 'off' }>>>),
    /** Empty: the organisation's default. */
    termDays: z.preprocess((v) => (v === '' || v === undefined ? null : v), termDaysSchema.nullable()),
  });
export const preferencesInput = preferencesInputFor(NOTIFICATION_KINDS);

/** The kinds of notification this user can receive (receivableKinds): their roles and whether a regulation role is bound to them. */
export async function notificationKindsOf(db: Kysely<DB>, actor: Pick<Actor, 'userId' | 'organisationId' | 'roles'>): Promise<NotificationKind[]> {
  const bound = await db
    .selectFrom('regulation_role_bindings')
    .select('id')
    .where('organisation_id', '=', actor.organisationId)
    .where('user_id', '=', actor.userId)
    .limit(1)
    .executeTakeFirst();
  return receivableKinds(actor, bound !== undefined);
}

/**
 * Saves the user's own preferences (per kind: at once, digest or no e-mail; days before a term ends, or the organisation's
 * default). `kinds`: the kinds the form offered (notificationKindsOf); a saved choice for another kind is kept as it was,
 * so it still holds if the user's roles change back.
 */
export async function savePreferences(db: Kysely<DB>, actor: Pick<Actor, 'userId'>, input: unknown, kinds: readonly NotificationKind[] = NOTIFICATION_KINDS): Promise<void> {
  const data = parseInput(preferencesInputFor(kinds), input);
  const saved = await db.selectFrom('notification_preferences').select(['deliveries', 'term_days']).where('user_id', '=', actor.userId).executeTakeFirst();
  const kept = Object.fromEntries(Object.entries(saved?.deliveries ?? {}).filter(([k]) => !kinds.includes(k as NotificationKind)));
  // Without "termijn loopt bijna af" the form has no field for the days: the saved number stays.
  const termDays = kinds.includes('term_ending') ? data.termDays : (saved?.term_days ?? null);
  const values = { deliveries: JSON.stringify({ ...kept, ...data.deliveries }), term_days: termDays, updated_at: new Date() };
  await db
    .insertInto('notification_preferences')
    .values({ user_id: actor.userId, ...values })
    .onConflict((oc) => oc.column('user_id').doUpdateSet(values))
    .execute();
}

/** An admin sets the organisation's default N (working days before a term ends) for users who chose none. */
export async function setOrganisationTermDays(db: Kysely<DB>, actor: Actor, input: { organisationTermDays: unknown }): Promise<number> {
  if (!hasRole(actor, 'admin')) throw new AppError('forbidden', 'Alleen een beheerder stelt de standaard van de organisatie in.');
  const { organisationTermDays: n } = parseInput(z.object({ organisationTermDays: termDaysSchema }), input);
  await db.transaction().execute(async (tx) => {
    await tx.insertInto('settings').values({ key: orgKey(actor.organisationId), value: String(n) }).onConflict((oc) => oc.column('key').doUpdateSet({ value: String(n) })).execute();
    await audit(tx, { organisationId: actor.organisationId, actorUserId: actor.userId, action: 'organisation.notification_term_days', subjectType: 'organisation', subjectId: actor.organisationId, details: { termDays: n } });
  });
  return n;
}
