/**
 * The automatic acknowledgement (issue 9): an organisation may have every complaint that arrives with an
 * e-mail address acknowledged at once. In the intake transaction the acknowledgement letter is made and queued
 * through the outbox, and the `acknowledge` action is recorded by the system (no user) with the day it was
 * queued, so the term of the regulation (001 §3.2, 002 art. 6.3, 003) is met by that date.
 *
 * The organisation chose this on its "Briefpapier" page; the system acts for it. The regulation's gate on who
 * acknowledges (e.g. 001 §3.2: the directie) is not asked, as the organisation itself turned it on; the event
 * says `automatic: true` and the history shows no person.
 */
import { writeStatistics } from '../reports/statistics.ts';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/types.ts';
import { afterOf, applyAction, foldFacts, type ComplaintFacts, type DeadlineDates, type Status } from '../../domain/workflow/index.ts';
import { queueFor, type JobQueue } from '../../jobs/queue.ts';
import { audit } from '../audit.ts';
import { appendEvent, cachedColumns, loadHistory, loadRegulation, today } from '../complaints/dossier.ts';
import { actionLetter } from './action-letter.ts';
import { otherVersionOnMove } from '../regulations/regulations.ts';

/**
 * Before the intake transaction: the job queue when this intake will be acknowledged automatically (the
 * setting is on, it is a complaint, and there is an e-mail address), else null. Starts the queue outside the
 * transaction, as it must (jobs/queue.ts).
 */
export async function autoAcknowledgeQueue(db: Kysely<DB>, organisationId: string, input: { kind?: string; complainant?: { email?: string | undefined } }, started?: JobQueue): Promise<JobQueue | null> {
  if ((input.kind ?? 'complaint') !== 'complaint' || !input.complainant?.email?.trim()) return null;
  if (!(await autoAcknowledgeOn(db, organisationId))) return null;
  // Inside a caller's transaction (a mail turned into a complaint, the API's register-and-classify) the one
  // already started for the database is used.
  return started ?? queueFor(db);
}

export async function autoAcknowledgeOn(db: Kysely<DB>, organisationId: string): Promise<boolean> {
  const row = await db.selectFrom('letterheads').select('auto_acknowledge').where('organisation_id', '=', organisationId).executeTakeFirst();
  return row?.auto_acknowledge === true;
}

/**
 * Inside the transaction of a correction that set the unit of a "Weet ik niet" complaint (after its event and the
 * complaint row): the automatic acknowledgement that waited for the move (`autoAcknowledge` left it out at intake while
 * the move could still bring another version), now under the version the complaint runs under after the move, with
 * its terms. Only for the correction that ends the triage (the caller's `endedTriage`), and only when nothing
 * acknowledged the complaint yet (the coordinator may have done so by hand): so at most once. Same conditions as at
 * intake: the organisation turned it on, it is a complaint, and there is an e-mail address.
 */
export async function autoAcknowledgeAfterMove(
  tx: Kysely<DB>,
  jobs: JobQueue | null,
  args: { organisationId: string; complaintId: string; endedTriage: boolean; facts: ComplaintFacts; complainant: unknown; now: Date },
): Promise<{ status: Status; deadlines: DeadlineDates; seq: number } | null> {
  if (!args.endedTriage || !jobs || args.facts.kind !== 'complaint' || args.facts.acknowledgement || args.facts.acknowledgedOn) return null;
  const email = (args.facts.complainant ?? (args.complainant as Record<string, unknown> | null))?.['email'];
  if (typeof email !== 'string' || !email.trim()) return null;
  if (!(await autoAcknowledgeOn(tx, args.organisationId))) return null;
  return autoAcknowledge(tx, jobs, { organisationId: args.organisationId, complaintId: args.complaintId, now: args.now, note: 'Automatisch verstuurd per e-mail nadat de afdeling van de klacht is vastgesteld.' });
}

/** Inside the intake transaction, after the `registered` event: record the acknowledgement and queue its letter. */
export async function autoAcknowledge(tx: Kysely<DB>, jobs: JobQueue, args: { organisationId: string; complaintId: string; now: Date; note?: string }): Promise<{ status: Status; deadlines: DeadlineDates; seq: number } | null> {
  const complaint = await tx.selectFrom('complaints').select(['id', 'regulation_version_id', 'unit_unknown', 'received_on']).where('id', '=', args.complaintId).executeTakeFirstOrThrow();
  const day = today(args.now);
  // "Weet ik niet" where a unit runs under another version (004 §2: a regulation per werkmaatschappij): the move to its
  // unit may bring that version while nothing happened under this one (versionAfterMove). An acknowledgement now would
  // tell the triage version's terms and keep the complaint under it; the move sends it (autoAcknowledgeAfterMove).
  if (complaint.unit_unknown && (await otherVersionOnMove(tx, args.organisationId, complaint.regulation_version_id, complaint.received_on, day))) return null;
  const facts = foldFacts(await loadHistory(tx, complaint.id));
  const { policy } = await loadRegulation(tx, args.organisationId, complaint.regulation_version_id);
  const result = applyAction({
    facts,
    policy,
    action: 'acknowledge',
    input: { on: day, note: args.note ?? 'Automatisch verstuurd per e-mail bij ontvangst.' },
    actor: { userId: 'system', roles: ['coordinator', 'handler', 'intake'] },
    today: day,
    now: args.now.toISOString(),
  });
  if (!result.ok) return null; // nothing to acknowledge (e.g. a record that starts closed)
  const seq = facts.lastSeq + 1;
  await appendEvent(tx, { organisationId: args.organisationId, complaintId: complaint.id, seq, type: result.event.type, at: args.now, actorUserId: null, actorRoles: [], data: { ...result.event.data, automatic: true, after: afterOf(facts, result.facts) } });
  const columns = cachedColumns(policy, result.facts, day);
  await tx.updateTable('complaints').set({ ...columns, updated_at: args.now }).where('id', '=', complaint.id).execute();
  await writeStatistics(tx, complaint.id, policy, result.facts, day);
  const letter = await actionLetter(tx, { actor: null, organisationId: args.organisationId, complaintId: complaint.id, action: 'acknowledge', input: result.event.data, seq, now: args.now, request: { channel: 'email' }, jobs });
  await audit(tx, { organisationId: args.organisationId, actorUserId: null, action: 'complaint.acknowledge', subjectType: 'complaint', subjectId: complaint.id, details: { seq, automatic: true, letterId: letter.id } });
  return { status: result.status, deadlines: JSON.parse(columns.deadlines) as DeadlineDates, seq };
}
