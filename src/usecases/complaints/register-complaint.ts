import { sql } from 'kysely';
import { writeStatistics } from '../reports/statistics.ts';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/types.ts';
import { afterOf, registerComplaint as registerInDomain, type DeadlineDates } from '../../domain/workflow/index.ts';
import { AppError, validationFailed } from '../../shared/errors.ts';
import { parseInput } from '../../shared/validation.ts';
import { hasRole } from '../actor.ts';
import { audit } from '../audit.ts';
import { autoAcknowledge, autoAcknowledgeQueue } from '../letters/auto-acknowledge.ts';
import { regulationInForceOn } from '../regulations/regulations.ts';
import { listUnits } from '../units/units.ts';
import { registrationUnits } from './access.ts';
import { storeAttachments } from './attachments.ts';
import { appendEvent, cachedColumns, inTransaction, policyFor, today } from './dossier.ts';
import { intakeSchema, registrationGaps, requiredIntakeProblems, withContactOnRefusal } from './intake.ts';
import { dropPendingUploads, pendingUploadContents } from './pending-uploads.ts';
import { nextReference } from './references.ts';
import { registerPublicComplaint } from './register-public.ts';
import { findByIdempotencyKey, idempotencyKeyFor, intakeRegulation, triageUnit, type RegisteredComplaint, type RegisterRequest } from './registration.ts';

export { findByIdempotencyKey, idempotencyKeyFor, triageUnit, type RegisteredComplaint, type RegisterRequest } from './registration.ts';
import { queueFor } from '../../jobs/queue.ts';
import { notifyNewInUnit } from '../notifications/notify.ts';

/**
 * Registers a complaint (or dissatisfaction, a suggestion, a not-a-complaint) in one transaction: the
 * complaint row, its first history event, attachments and the audit line. A complaint is stored before
 * anything is sent or shown as received; the same idempotency key never creates a second complaint.
 */
export async function registerComplaint(db: Kysely<DB>, req: RegisterRequest): Promise<RegisteredComplaint> {
  // The public door on its own transaction: the fast path (cached context, one statement; issue 13, ADR 0029).
  if (req.door === 'public' && !db.isTransaction) return registerPublicComplaint(db, req);
  if (req.door === 'staff' && !(req.actor && hasRole(req.actor, 'intake', 'coordinator', 'handler'))) {
    throw new AppError('not_permitted', 'Alleen medewerkers klachtenregistratie, behandelaars en klachtenfunctionarissen registreren klachten.');
  }
  const input = parseInput(intakeSchema, req.input);
  if (req.door === 'public' && input.kind !== 'complaint' && input.kind !== 'suggestion') {
    throw validationFailed([{ field: 'kind', message: 'Via het formulier kunt u een klacht of een suggestie indienen.' }]);
  }
  const now = req.now ?? new Date();
  const day = today(now);
  const org = await db.selectFrom('organisations').select(['id']).where('id', '=', req.organisationId).executeTakeFirstOrThrow();

  const units = await listUnits(db, org.id);
  if (!units.length) throw new AppError('intake_unavailable', 'Deze organisatie heeft nog geen eenheden. Vraag de beheerder er een aan te maken.');
  // With one unit there is nothing to choose; with more, the complaint is filed where it belongs, never
  // silently with the first unit (its coordinators would see a complaint that is not theirs).
  // Staff register for their own units only (an intake desk works for the units it serves); one own unit
  // is the unit, without a choice. A complainant who does not know the unit ("Weet ik niet") goes to triage.
  const own = req.door === 'staff' && req.actor ? units.filter((u) => registrationUnits(req.actor!, units).has(u.id)) : units;
  if (!own.length) throw new AppError('not_permitted', 'U heeft voor geen enkele eenheid een rol waarmee u klachten registreert.');
  const unitUnknown = !input.unitId && units.length > 1 && req.door === 'public' && req.unitUnknown === true;
  if (!input.unitId && own.length > 1 && !unitUnknown) throw validationFailed([{ field: 'unitId', message: 'Kies de afdeling of werkmaatschappij waar de klacht over gaat.' }]);
  const unit = input.unitId ? units.find((u) => u.id === input.unitId) : unitUnknown ? triageUnit(units) : own[0];
  if (!unit) throw validationFailed([{ field: 'unitId', message: 'Kies een bestaande afdeling of werkmaatschappij.' }]);
  if (!own.some((u) => u.id === unit.id)) {
    throw validationFailed([{ field: 'unitId', message: `U registreert klachten alleen voor uw eigen eenheden: ${own.map((u) => u.name).join(', ')}. Geef een klacht voor een andere eenheid door aan die eenheid.` }]);
  }

  // The complaint runs under the version in force for its unit on the day it was received (a letter registered
  // later keeps the procedure of its day; a version that takes effect later does not apply yet): ADR 0003 addendum.
  const receivedOn = req.door === 'public' ? day : (input.receivedOn ?? day);
  const active = intakeRegulation(await regulationInForceOn(db, org.id, unit.id, receivedOn, day), unit.name);

  // A key is scoped to its door and its sender: the same key from someone else is a different submission.
  // An anonymous sender has no identity to scope by: the key is scoped by the submission itself (issue 11), so a
  // second sender with the same key gets their own complaint, never the first complainant's reference.
  const storedKey = input.idempotencyKey ? idempotencyKeyFor(req.door, req.actor?.userId ?? null, input.idempotencyKey, req.actor ? undefined : input) : null;
  if (storedKey) {
    const existing = await findByIdempotencyKey(db, org.id, storedKey);
    if (existing) return existing;
  }

  const problems =
    req.door === 'public'
      ? await withContactOnRefusal(db, org.id, active.regulation, (contact) => requiredIntakeProblems(active.regulation, input, 'public', day, contact))
      : requiredIntakeProblems(active.regulation, input, req.door, day);
  if (input.respondentUserId) {
    const respondent = await db.selectFrom('users').select('id').where('id', '=', input.respondentUserId).where('organisation_id', '=', org.id).executeTakeFirst();
    if (!respondent) problems.push({ field: 'respondentUserId', message: 'Kies een bestaande medewerker.' });
  }
  if (problems.length) throw validationFailed(problems);

  const policy = policyFor(active.versionId, active.regulation);
  const actorRoles = req.actor ? [...new Set(req.actor.roles.map((r) => r.role))] : [];
  const registered = registerInDomain({
    input: {
      kind: input.kind,
      receivedOn,
      respondentUserId: input.respondentUserId ?? null,
      respondentName: input.respondentName,
      notComplaintKey: input.notComplaintKey,
      note: input.note,
    },
    policy,
    actor: { userId: req.actor?.userId ?? 'public', roles: actorRoles.filter((r) => r !== 'admin' && r !== 'board') as ('intake' | 'coordinator' | 'handler')[] },
    today: day,
    now: now.toISOString(),
  });
  if (!registered.ok) throw validationFailed(registered.fields, registered.message);

  const columns = cachedColumns(policy, registered.facts, day);
  // The automatic acknowledgement (letters lane): its queue starts before the transaction.
  const autoAck = await autoAcknowledgeQueue(db, org.id, input, req.jobs);
  const jobs = await queueFor(db);
  try {
    return await inTransaction(db, async (tx) => {
      const reference = await nextReference(tx, org.id, Number(receivedOn.slice(0, 4)));
      const complaint = await tx
        .insertInto('complaints')
        .values({
          organisation_id: org.id,
          unit_id: unit.id,
          unit_unknown: unitUnknown,
          regulation_version_id: active.versionId,
          reference,
          channel: req.door === 'public' ? 'web_form' : input.channel,
          received_on: receivedOn,
          subject: input.subject ?? null,
          description: input.description,
          complainant: JSON.stringify(input.complainant),
          details: JSON.stringify({
            respondentName: input.respondentName,
            respondentDepartment: input.respondentDepartment,
            conductOn: input.conductOn,
            signed: input.signed,
            writtenDownAndSigned: input.writtenDownAndSigned,
            documentDate: input.documentDate,
            establishedBy: input.establishedBy,
            // Registration fields the regulation lists (003 bijlage 2) that were left empty: "onvolledig".
            registrationGaps: req.door === 'staff' ? registrationGaps(active.regulation, input) : [],
            receivedBy: input.receivedBy,
            passedTo: input.passedTo,
            note: input.note,
          }),
          registered_by: req.actor?.userId ?? null,
          idempotency_key: storedKey,
          ...columns,
        })
        .returning(['id', 'reference'])
        .executeTakeFirstOrThrow();
      await appendEvent(tx, { organisationId: org.id, complaintId: complaint.id, seq: 1, type: 'registered', at: now, actorUserId: req.actor?.userId ?? null, actorRoles: actorRoles, data: { ...registered.event.data, channel: req.door === 'public' ? 'web_form' : input.channel, unitId: unit.id, ...(unitUnknown ? { unitUnknown: true } : {}), door: req.door, after: afterOf(null, registered.facts) } });
      await writeStatistics(tx, complaint.id, policy, registered.facts, day);
      // Files held for the form join the files of this request; the limits hold for them together (storeAttachments).
      const pending = req.pendingFormKey ? await pendingUploadContents(tx, org.id, req.pendingFormKey, now) : [];
      const files = [...pending, ...(req.attachments ?? [])];
      if (files.length) await storeAttachments(tx, org.id, complaint.id, files, req.actor?.userId ?? null);
      if (req.pendingFormKey) await dropPendingUploads(tx, org.id, req.pendingFormKey);
      await notifyNewInUnit(tx, jobs, { organisationId: org.id, complaintId: complaint.id, unitId: unit.id, registeredBy: req.actor?.userId ?? null, respondentUserId: input.respondentUserId });
      await audit(tx, {
        organisationId: org.id,
        actorUserId: req.actor?.userId ?? null,
        action: 'complaint.registered',
        subjectType: 'complaint',
        subjectId: complaint.id,
        details: { door: req.door, kind: input.kind, attachments: files.length, ...(unitUnknown ? { unitUnknown: true } : {}) },
      });
      const acknowledged = autoAck ? await autoAcknowledge(tx, autoAck, { organisationId: org.id, complaintId: complaint.id, now }) : null;
      return {
        id: complaint.id,
        reference: complaint.reference,
        status: acknowledged?.status ?? registered.status,
        kind: input.kind,
        receivedOn,
        deadlines: acknowledged?.deadlines ?? (JSON.parse(columns.deadlines) as DeadlineDates),
        duplicate: false,
      };
    });
  } catch (err) {
    // Two identical submissions raced: the unique key let one in; answer the other with it. Inside a
    // caller's transaction the failed statement aborted it: the caller retries (see api-complaints.ts).
    if (storedKey && isUniqueViolation(err) && !db.isTransaction) {
      const existing = await findByIdempotencyKey(db, org.id, storedKey);
      if (existing) return existing;
    }
    throw err;
  }
}

/**
 * What the public confirmation page may show: only for the browser that submitted the form, which alone
 * knows the form's key. Null for anything else (the page answers 404).
 */
export async function publicSubmission(db: Kysely<DB>, organisationId: string, reference: string, key: string) {
  return db
    .selectFrom('complaints')
    .select(['id', 'reference', 'kind', 'received_on', 'deadlines', 'regulation_version_id', 'unit_unknown'])
    .where('organisation_id', '=', organisationId)
    .where('reference', '=', reference)
    .where(sql<boolean>`starts_with(idempotency_key, ${`${idempotencyKeyFor('public', null, key)}:`})`)
    .where('registered_by', 'is', null)
    .executeTakeFirst();
}

function isUniqueViolation(err: unknown): boolean {
  return typeof err === 'object' && err !== null && 'code' in err && (err as { code: unknown }).code === '23505';
}
