import type { Kysely } from 'kysely';
import type { DB } from '../../db/types.ts';
import type { jobQueue } from '../../jobs/queue.ts';
import { mailNotificationJob } from './mail-notification.job.ts';
import { DELIVERIES, type Delivery, type NotificationKind } from './kinds.ts';

/**
 * The job queue of a database (see src/jobs/queue.ts): get it with `queueFor(db)` BEFORE the transaction opens. A use
 * case that may run inside a caller's transaction (the demo seed, the API's register-and-classify) gets the queue
 * already started, or null: notifications are then stored without their mail job and the sweep job
 * (sweep-notifications.job.ts) mails them.
 */
export type Jobs = Awaited<ReturnType<typeof jobQueue>>;

export interface NotifyRequest {
  organisationId: string;
  kind: NotificationKind;
  complaintId?: string | null;
  userIds: readonly (string | null | undefined)[];
  /**
   * A scheduled check says a thing once: notifications with the same key (per user) are made only once,
   * even when the check runs twice (a crash, two servers).
   */
  uniqueKey?: string;
}

/** How a user wants a kind delivered: 'now' unless they chose the digest or no e-mail. */
export async function deliveriesOf(db: Kysely<DB>, userIds: readonly string[]): Promise<Map<string, { deliveries: Record<string, string>; termDays: number | null }>> {
  if (!userIds.length) return new Map();
  const rows = await db.selectFrom('notification_preferences').select(['user_id', 'deliveries', 'term_days']).where('user_id', 'in', userIds).execute();
  return new Map(rows.map((r) => [r.user_id, { deliveries: r.deliveries, termDays: r.term_days }]));
}

export function deliveryFor(prefs: { deliveries: Record<string, string> } | undefined, kind: string): Delivery {
  const d = prefs?.deliveries[kind];
  return (DELIVERIES as readonly string[]).includes(d ?? '') ? (d as Delivery) : 'now';
}

/**
 * Tells staff members about something that happened to a complaint (ADR 0013). Runs inside the caller's
 * transaction: the notifications exist only if it commits. Each user gets one row (shown on the start page);
 * who wants it at once gets a mail job in the same transaction, who wants the digest gets it the next working
 * morning, who turned the kind off sees it only on the start page. Blocked accounts and users of other
 * organisations get nothing. Returns the ids made.
 */
export async function notify(tx: Kysely<DB>, jobs: Jobs | null, req: NotifyRequest): Promise<string[]> {
  const wanted = [...new Set(req.userIds.filter((u): u is string => typeof u === 'string' && u.length > 0))];
  if (!wanted.length) return [];
  const users = await tx
    .selectFrom('users')
    .select('id')
    .where('id', 'in', wanted)
    .where('organisation_id', '=', req.organisationId)
    .where('disabled_at', 'is', null)
    .execute();
  if (!users.length) return [];
  const prefs = await deliveriesOf(tx, users.map((u) => u.id));
  const made: string[] = [];
  for (const user of users) {
    const delivery = deliveryFor(prefs.get(user.id), req.kind);
    const row = await tx
      .insertInto('notifications')
      .values({
        organisation_id: req.organisationId,
        user_id: user.id,
        kind: req.kind,
        complaint_id: req.complaintId ?? null,
        delivery,
        unique_key: req.uniqueKey ? `${req.uniqueKey}:${user.id}` : null,
      })
      .onConflict((oc) => oc.column('unique_key').doNothing())
      .returning('id')
      .executeTakeFirst();
    if (!row) continue;
    made.push(row.id);
    if (delivery === 'now' && jobs) await jobs.enqueue(tx, mailNotificationJob, { notificationId: row.id }, { singletonKey: row.id });
  }
  return made;
}

/** The coordinators who see a complaint of this unit: coordinators of the unit, of a unit above it, or of the whole organisation. */
export async function coordinatorsOfUnit(db: Kysely<DB>, organisationId: string, unitId: string): Promise<string[]> {
  const units = await db.selectFrom('units').select(['id', 'parent_id']).where('organisation_id', '=', organisationId).execute();
  const parentOf = new Map(units.map((u) => [u.id, u.parent_id]));
  const chain: string[] = [];
  for (let u: string | null | undefined = unitId; u && !chain.includes(u); u = parentOf.get(u)) chain.push(u);
  const rows = await db
    .selectFrom('role_assignments')
    .select('user_id')
    .where('organisation_id', '=', organisationId)
    .where('role', '=', 'coordinator')
    .where((eb) => eb.or([eb('unit_id', 'is', null), ...(chain.length ? [eb('unit_id', 'in', chain)] : [])]))
    .execute();
  return [...new Set(rows.map((r) => r.user_id))];
}

/**
 * After intake (registerComplaint): the coordinators who see the new complaint hear about it. The person
 * complained about never does, even when they coordinate (000/002 art. 1: not judged by the one it is about),
 * and nobody hears about what they registered themselves.
 */
export async function notifyNewInUnit(
  tx: Kysely<DB>,
  jobs: Jobs | null,
  c: { organisationId: string; complaintId: string; unitId: string; registeredBy: string | null; respondentUserId?: string | null | undefined },
): Promise<string[]> {
  const coordinators = await coordinatorsOfUnit(tx, c.organisationId, c.unitId);
  const userIds = coordinators.filter((u) => u !== c.registeredBy && u !== c.respondentUserId);
  return notify(tx, jobs, { organisationId: c.organisationId, kind: 'new_in_unit', complaintId: c.complaintId, userIds });
}

/** What a workflow action changed that someone must hear about (the facts before and after it). */
export interface ActionChange {
  organisationId: string;
  complaintId: string;
  actorUserId: string;
  action: string;
  before: { handlerUserId: string | null; escalationLevel: string | null; respondentUserId?: string | null; status?: string };
  after: { handlerUserId: string | null; escalationLevel: string | null; respondentUserId?: string | null; status?: string };
  /** Who holds a regulation role for this complaint (roleHolders of the regulation roles, ADR 0007). */
  holders: (role: string) => string[];
}

/**
 * After performAction: once the complaint is taken up, the coordinators' "nieuw binnengekomen" is read (done);
 * the new handler hears "toegewezen" (assign); an escalation or hand-over tells whoever
 * holds the role the complaint now goes to under the regulation (and its new handler). Nobody hears about
 * what they did themselves, and the person complained about is never told through this channel.
 */
export async function notifyAfterAction(tx: Kysely<DB>, jobs: Jobs | null, a: ActionChange): Promise<string[]> {
  // Someone took the complaint up (it got a handler, or left "nieuw": assigned, declared inadmissible, withdrawn):
  // "nieuw binnengekomen" is done for every coordinator who was told, also for the one who did it.
  if ((a.after.handlerUserId !== null && a.before.handlerUserId === null) || (a.before.status === 'new' && a.after.status !== undefined && a.after.status !== 'new')) {
    await tx.updateTable('notifications').set({ read_at: new Date() }).where('complaint_id', '=', a.complaintId).where('kind', '=', 'new_in_unit').where('read_at', 'is', null).execute();
  }
  const skip = (ids: (string | null)[]) => ids.filter((u): u is string => !!u && u !== a.actorUserId && u !== a.after.respondentUserId);
  const made: string[] = [];
  const base = { organisationId: a.organisationId, complaintId: a.complaintId };
  const newHandler = a.after.handlerUserId !== a.before.handlerUserId ? a.after.handlerUserId : null;
  if (a.action === 'escalate' && a.after.escalationLevel && a.after.escalationLevel !== a.before.escalationLevel) {
    made.push(...(await notify(tx, jobs, { ...base, kind: 'escalated', userIds: skip([...a.holders(a.after.escalationLevel), newHandler]) })));
  } else if (newHandler) {
    made.push(...(await notify(tx, jobs, { ...base, kind: 'assigned', userIds: skip([newHandler]) })));
  }
  return made;
}

/**
 * For the hooks of the other lanes (the complainant added information or withdrew, a mail joined a dossier):
 * the complaint's handler hears it, or, without one, the coordinators who see the complaint; never the person
 * it is about. With no complaint (a new mail in triage) pass `unitId`: that unit's coordinators.
 */
export async function notifyAboutComplaint(
  tx: Kysely<DB>,
  jobs: Jobs | null,
  req: { organisationId: string; kind: NotificationKind; complaintId?: string | null; unitId?: string | null },
): Promise<string[]> {
  let userIds: string[] = [];
  let respondent: string | null = null;
  if (req.complaintId) {
    const c = await tx
      .selectFrom('complaints')
      .select(['unit_id', 'handler_user_id', 'respondent_user_id'])
      .where('id', '=', req.complaintId)
      .where('organisation_id', '=', req.organisationId)
      .executeTakeFirst();
    if (!c) return [];
    respondent = c.respondent_user_id;
    userIds = c.handler_user_id ? [c.handler_user_id] : await coordinatorsOfUnit(tx, req.organisationId, c.unit_id);
  } else if (req.unitId) {
    userIds = await coordinatorsOfUnit(tx, req.organisationId, req.unitId);
  }
  return notify(tx, jobs, { organisationId: req.organisationId, kind: req.kind, complaintId: req.complaintId ?? null, userIds: userIds.filter((u) => u !== respondent) });
}
