import { registerResponseMeasures } from '../measures/response-measures.ts';
import { writeStatistics } from '../reports/statistics.ts';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/types.ts';
import { coordinatorName } from '../../domain/regulation/roles.ts';
import { ACTION_SCHEMAS, afterOf, applyAction, foldFacts, isActionName, type ActionName, type DeadlineDates, type ProductRole, type Status, type WorkflowPolicy } from '../../domain/workflow/index.ts';
import { AppError, notFound, validationFailed } from '../../shared/errors.ts';
import { isUuid } from '../../shared/validation.ts';
import { type Actor, HANDLING_ROLES, hasRole } from '../actor.ts';
import { audit } from '../audit.ts';
import { complaintScope, isCoordinatorFor, lockVisibleComplaint, NOT_VISIBLE, type ComplaintScope } from './access.ts';
import { prepareCorrection, versionAfterMove, versionLabel } from './correct-registration.ts';
import { appendEvent, cachedColumns, inTransaction, loadHistory, loadRegulation, policyFor, today } from './dossier.ts';
import { jobQueue, queueFor } from '../../jobs/queue.ts';
import { actionLetter } from '../letters/action-letter.ts';
import { autoAcknowledgeAfterMove } from '../letters/auto-acknowledge.ts';
import type { LetterRequest, StoredLetter } from '../letters/compose.ts';
import { complaintPeople, loadOrganisationRoles, roleHolders, rolesHeld, roleWork } from '../regulation-roles/world.ts';
import { notifyAfterAction } from '../notifications/notify.ts';
import { registerDecisionMeasures } from '../measures/measures.ts';
import { regulationInForceOn } from '../regulations/regulations.ts';

/**
 * The product roles an actor holds on ONE complaint: coordinator of its unit, its assigned handler, the
 * intake user who registered it, and what the regulation's roles bring (`roleWork`: a deputy standing in
 * for the klachtencoördinator, a directeur a complaint was handed over to; ADR 0007).
 * The workflow table decides what each role may do. Where the regulation keeps the person complained about
 * from judging it (000/002 art. 1), they are never its coordinator, whatever their account may do elsewhere;
 * what the regulation gives them (000 art. 4.2, 6.1: the first line) stays.
 */
export function rolesOnComplaint(
  actor: Actor,
  scope: ComplaintScope,
  c: { unit_id: string; handler_user_id: string | null; registered_by: string | null; respondent_user_id?: string | null; regulation_version_id?: string },
  regulation?: { policy: WorkflowPolicy; deputyFor: readonly string[]; handedOver: boolean },
): ProductRole[] {
  const roles = new Set<ProductRole>();
  if (isCoordinatorFor(scope, c.unit_id)) roles.add('coordinator');
  if (c.handler_user_id === actor.userId && hasRole(actor, ...HANDLING_ROLES)) roles.add('handler');
  if (c.registered_by === actor.userId) roles.add('intake');
  for (const key of regulation?.deputyFor ?? []) {
    const role = regulation!.policy.roles.find((r) => r.key === key);
    for (const p of role?.productRoles ?? []) {
      if (p === 'coordinator') roles.add('coordinator');
      if (p === 'handler' && c.handler_user_id === actor.userId) roles.add('handler');
    }
  }
  if (regulation?.handedOver && c.handler_user_id === actor.userId) roles.add('handler');
  if (c.respondent_user_id === actor.userId && c.regulation_version_id !== undefined && scope.independentVersions.includes(c.regulation_version_id)) roles.delete('coordinator');
  return [...roles];
}

export interface ActionResult {
  id: string;
  reference: string;
  status: Status;
  seq: number;
  deadlines: DeadlineDates;
  /** The letter made in the same transaction, when the request asked for one (ADR 0010). */
  letter?: StoredLetter;
  /** Register entries made from the decision's measures (`registerMeasures`, ADR 0017). */
  measureIds?: string[];
}

/**
 * Performs one workflow action on a complaint, in one transaction: lock the complaint row, fold its
 * history, let the workflow table decide, append the event, refresh the cached columns, audit.
 */
export async function performAction(db: Kysely<DB>, actor: Actor, complaintId: string, action: string, input: unknown, opts: { now?: Date; letter?: LetterRequest; registerMeasures?: boolean } = {}): Promise<ActionResult> {
  if (!isActionName(action)) throw new AppError('not_found', `Onbekende actie "${action}".`);
  if (opts.registerMeasures && action !== 'decide' && action !== 'record-response') {
    throw validationFailed([{ field: 'registerMeasures', message: 'Maatregelen gaan alleen bij de beslissing of de reactie op het oordeel in het verbeterregister.' }]);
  }
  if (!isUuid(complaintId)) throw notFound(NOT_VISIBLE);
  const now = opts.now ?? new Date();
  const day = today(now);
  const scope = await complaintScope(db, actor, now);
  // The job queue starts before the transaction (on PGlite, inside it would wait on its own lock).
  // A letter needs the queue (started here if need be); notifications alone can do without (see queueFor).
  const jobs = opts.letter ? await jobQueue(db) : await queueFor(db);
  return inTransaction(db, async (tx) => {
    const complaint = await lockVisibleComplaint(tx, actor.organisationId, scope, complaintId);
    const history = await loadHistory(tx, complaint.id);
    const facts = foldFacts(history);
    const { policy } = await loadRegulation(tx, actor.organisationId, complaint.regulation_version_id);
    await checkReferencedUsers(tx, actor.organisationId, action, input, policy);
    // The regulation's people: the roles the actor holds for this complaint (from the facts, not the cache).
    const org = await loadOrganisationRoles(tx, actor.organisationId, day);
    const people = complaintPeople(org, { unit_id: complaint.unit_id, respondent_user_id: facts.respondentUserId, handler_user_id: facts.handlerUserId, registered_by: complaint.registered_by });
    const regulationRoles = rolesHeld(org, policy, actor.userId, people);
    const roles = rolesOnComplaint(actor, scope, { ...complaint, respondent_user_id: facts.respondentUserId, handler_user_id: facts.handlerUserId }, roleWork(org, policy, actor.userId, people, facts.handedOverTo));

    // A correction of the registration: what changes, the complainant in full, before and after (ADR 0006).
    const correction = action === 'correct-registration' ? await prepareCorrection(tx, actor, scope, roles, complaint, facts.complainant ?? complaint.complainant, facts, input) : null;
    const result = applyAction({
      facts,
      policy,
      action,
      input: correction ? correction.input : input,
      actor: { userId: actor.userId, roles, regulationRoles },
      today: day,
      now: now.toISOString(),
      roleHolders: roleHolders(org, policy, people),
    });
    if (!result.ok) {
      if (result.code === 'forbidden') throw new AppError('not_permitted', result.message);
      if (result.code === 'invalid_transition') throw new AppError('invalid_transition', result.message, result.fields ?? []);
      throw validationFailed(result.fields ?? [], result.message);
    }
    const seq = facts.lastSeq + 1;
    // Moved to another unit: the version in force there on the day of receipt, while nothing happened under the old one.
    const movedTo = typeof correction?.input['unitId'] === 'string' ? correction.input['unitId'] : null;
    const receivedOn = result.facts.receivedOn ?? facts.receivedOn;
    const move = movedTo && receivedOn ? await versionAfterMove(tx, actor.organisationId, { id: complaint.id, regulation_version_id: complaint.regulation_version_id, received_on: receivedOn }, history, movedTo, day) : null;
    // Converted to a complaint (001 §3.1): its procedure starts on its new day of receipt, under the version in force for
    // its unit that day (ADR 0003, addendum), as a complaint registered that day would; none in force: the version stays.
    const converted = action === 'convert-to-complaint' && receivedOn ? await regulationInForceOn(tx, actor.organisationId, complaint.unit_id, receivedOn, day) : null;
    const reChosen = converted?.ok && converted.active.versionId !== complaint.regulation_version_id ? converted.active : null;
    const switched = move?.change === 'switch' ? move.to : reChosen;
    if (switched && correction) correction.changes.push({ field: 'regulation', from: await versionLabel(tx, actor.organisationId, complaint.regulation_version_id), to: await versionLabel(tx, actor.organisationId, switched.versionId) });
    // The event stores what it changed (ADR 0006): the status after it, and the new handler.
    await appendEvent(tx, { organisationId: actor.organisationId, complaintId: complaint.id, seq, type: result.event.type, at: now, actorUserId: actor.userId, actorRoles: roles, data: { ...result.event.data, ...(switched ? { regulationVersionId: switched.versionId } : {}), ...(correction ? { changes: correction.changes } : {}), after: afterOf(facts, result.facts) } });
    await notifyAfterAction(tx, jobs, { organisationId: actor.organisationId, complaintId: complaint.id, actorUserId: actor.userId, action, before: facts, after: result.facts, holders: roleHolders(org, policy, people) });
    const policyAfter = switched ? policyFor(switched.versionId, switched.regulation) : policy;
    const columns = cachedColumns(policyAfter, result.facts, day);
    await tx
      .updateTable('complaints')
      .set({ ...columns, ...(switched ? { regulation_version_id: switched.versionId } : {}), updated_at: now })
      .where('id', '=', complaint.id)
      .execute();
    await writeStatistics(tx, complaint.id, policyAfter, result.facts, day);
    await audit(tx, { organisationId: actor.organisationId, actorUserId: actor.userId, action: `complaint.${action}`, subjectType: 'complaint', subjectId: complaint.id, details: { seq, status: result.status, ...(move ? { regulation: move.change, regulationVersionId: move.to.versionId } : reChosen ? { regulation: 'switch', regulationVersionId: reChosen.versionId } : {}) } });
    // "Weet ik niet" set to its unit: the automatic acknowledgement that waited for the move goes now, under the
    // version the complaint runs under from now on (ADR 0003 addendum, ADR 0010).
    const acknowledged = action === 'correct-registration'
      ? await autoAcknowledgeAfterMove(tx, jobs, { organisationId: actor.organisationId, complaintId: complaint.id, endedTriage: complaint.unit_unknown && columns.unit_unknown === false, facts: result.facts, complainant: complaint.complainant, now })
      : null;
    const letter = opts.letter && jobs ? await actionLetter(tx, { actor, organisationId: actor.organisationId, complaintId: complaint.id, action, input: result.event.data, seq, now, request: opts.letter, jobs }) : undefined;
    // The decision's measures into the improvement register, in this transaction (000 art. 9, 003; ADR 0017).
    const target = { id: complaint.id, reference: complaint.reference, unitId: complaint.unit_id };
    // The measures of the organisation's response to a judgement, with their terms, likewise (issue 12).
    // The answer is the dossier after the request: with an acknowledgement the move sent, its seq, status and deadlines.
    const measureIds = !opts.registerMeasures
      ? undefined
      : action === 'record-response' && result.facts.response
        ? await registerResponseMeasures(tx, actor, target, result.facts.response.measures)
        : result.facts.decision
          ? await registerDecisionMeasures(tx, actor, target, result.facts.decision.measures)
          : undefined;
    return { id: complaint.id, reference: complaint.reference, status: acknowledged?.status ?? result.status, seq: acknowledged?.seq ?? seq, deadlines: acknowledged?.deadlines ?? (JSON.parse(columns.deadlines) as DeadlineDates), ...(letter ? { letter } : {}), ...(measureIds ? { measureIds } : {}) };
  });
}

/** Users named in an action (handler, respondent) must belong to the organisation; a handler must be able to handle. */
async function checkReferencedUsers(tx: Kysely<DB>, organisationId: string, action: ActionName, input: unknown, policy: WorkflowPolicy): Promise<void> {
  if (typeof input !== 'object' || input === null) return;
  const body = input as Record<string, unknown>;
  for (const field of ['handlerUserId', 'respondentUserId'] as const) {
    const id = body[field];
    if (typeof id !== 'string' || !(field in ACTION_SCHEMAS[action].shape)) continue;
    const user = isUuid(id)
      ? await tx.selectFrom('users').select('id').where('id', '=', id).where('organisation_id', '=', organisationId).where('disabled_at', 'is', null).executeTakeFirst()
      : undefined;
    if (!user) throw validationFailed([{ field, message: 'Kies een bestaande medewerker van deze organisatie.' }]);
    if (field === 'handlerUserId' && action === 'assign') {
      const grant = await tx.selectFrom('role_assignments').select('id').where('user_id', '=', id).where('role', 'in', HANDLING_ROLES).executeTakeFirst();
      // A user bound to one of the regulation's roles may handle too (004 §3: a functionaris the directie delegates to).
      const bound = grant ? null : await tx.selectFrom('regulation_role_bindings').select('id').where('user_id', '=', id).where('organisation_id', '=', organisationId).executeTakeFirst();
      if (!grant && !bound) throw validationFailed([{ field, message: `Deze medewerker heeft geen rol als behandelaar of als ${coordinatorName(policy.roles)}.` }]);
    }
  }
}
