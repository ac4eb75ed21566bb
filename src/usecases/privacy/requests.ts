import { sql, type Kysely } from 'kysely';
import { z } from 'zod';
import { addMonths } from '../../domain/deadlines/dates.ts';
import { isOpenStatus, isStatus } from '../../domain/workflow/index.ts';
import { formatDutchDate } from '../../domain/deadlines/format.ts';
import type { DB } from '../../db/types.ts';
import { PRIVACY_REQUEST_KINDS, type DossierOutcome, type PrivacyRequestKind, type PrivacyRequestStatus } from '../../db/types-privacy.ts';
import { AppError, notFound, validationFailed, type FieldIssue } from '../../shared/errors.ts';
import { isoDateSchema, isUuid, parseInput } from '../../shared/validation.ts';
import type { Actor } from '../actor.ts';
import { audit } from '../audit.ts';
import { today } from '../complaints/dossier.ts';
import { dossierRetention, erasuresGranted } from '../retention/retention.ts';
import { activeHolds, liftHold, placeHold } from '../retention/holds.ts';
import { requirePrivacyRole } from './find-person.ts';
import { processingRecord } from './processing-record.ts';

/**
 * The register of AVG requests (ADR 0020): access (art. 15), correction (art. 16), erasure (art. 17), restriction
 * (art. 18) and objection (art. 21). Recording a request places an `avg_request` hold on every dossier it concerns
 * (nothing is destroyed while it runs); answering it lifts those holds. The answer is due one month after receipt,
 * extendable by two months (AVG art. 12(3): the law, not the regulation).
 *
 * Erasure is weighed per dossier against the duty to keep (art. 17(3)(b): a legal obligation, such as handling a
 * complaint that is still running or the retention period of the regulation or the law; (e): a legal claim, such
 * as a running external procedure or dispute). The coordinator records erase or keep with the ground, either way;
 * a dossier to erase is destroyed by the retention lane's destruction (`erasureGrantedDossiers`).
 */
export const REQUEST_KIND_LABELS: Record<PrivacyRequestKind, string> = {
  access: 'inzage (AVG art. 15)',
  correction: 'correctie (AVG art. 16)',
  erasure: 'verwijdering (AVG art. 17)',
  restriction: 'beperking (AVG art. 18)',
  objection: 'bezwaar (AVG art. 21)',
};
export const REQUEST_STATUS_LABELS: Record<PrivacyRequestStatus, string> = {
  open: 'loopt',
  granted: 'toegekend',
  partly_granted: 'deels toegekend',
  refused: 'afgewezen',
  answered: 'beantwoord',
};

const text = (max: number, label: string) =>
  z
    .string({ error: `Vul ${label} in als tekst.` })
    .trim()
    .max(max, { error: `${label[0]!.toUpperCase()}${label.slice(1)} mag hoogstens ${max} tekens lang zijn.` })
    .optional()
    .transform((v) => v ?? '');

const newRequestSchema = z.object({
  kind: z.enum(PRIVACY_REQUEST_KINDS, { error: 'Kies wat de persoon vraagt: inzage, correctie, verwijdering, beperking of bezwaar.' }),
  receivedOn: isoDateSchema,
  requesterName: text(200, 'de naam'),
  requesterEmail: text(254, 'het e-mailadres'),
  requesterPhone: text(40, 'het telefoonnummer'),
  description: text(5000, 'de omschrijving'),
  complaintIds: z.array(z.string()).optional().transform((v) => v ?? []),
});

export async function recordPrivacyRequest(tx: Kysely<DB>, actor: Actor | null, organisationId: string, input: unknown, now = new Date()): Promise<{ id: string }> {
  await requirePrivacyRole(tx, actor);
  const raw = (input ?? {}) as Record<string, unknown>;
  const v = parseInput(newRequestSchema, { ...raw, receivedOn: raw['receivedOn'] || today(now) });
  const fields: FieldIssue[] = [];
  if (!v.requesterName && !v.requesterEmail && !v.requesterPhone) fields.push({ field: 'requesterName', message: 'Vul in wie het verzoek doet: een naam, e-mailadres of telefoonnummer.' });
  if (v.receivedOn > today(now)) fields.push({ field: 'receivedOn', message: 'De datum van ontvangst kan niet in de toekomst liggen.' });
  const ids = [...new Set(v.complaintIds.filter(Boolean))];
  if (ids.some((id) => !isUuid(id))) fields.push({ field: 'complaintIds', message: 'Kies dossiers uit de lijst.' });
  if (fields.length) throw validationFailed(fields);
  const known = ids.length
    ? await tx.selectFrom('complaints').select('id').where('organisation_id', '=', organisationId).where('id', 'in', ids).execute()
    : [];
  if (known.length !== ids.length) throw validationFailed([{ field: 'complaintIds', message: 'Kies dossiers uit de lijst.' }]);

  const row = await tx
    .insertInto('privacy_requests')
    .values({
      organisation_id: organisationId,
      kind: v.kind,
      received_on: v.receivedOn,
      due_on: addMonths(v.receivedOn, 1),
      requester_name: v.requesterName,
      requester_email: v.requesterEmail.toLowerCase(),
      requester_phone: v.requesterPhone,
      description: v.description,
      complaint_ids: JSON.stringify(ids),
      created_by: actor?.userId ?? null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const holdIds: string[] = [];
  for (const complaintId of ids) {
    const hold = await placeHold(tx, {
      organisationId,
      complaintId,
      kind: 'avg_request',
      reason: `Verzoek om ${REQUEST_KIND_LABELS[v.kind]} loopt (vastgelegd op ${formatDutchDate(v.receivedOn)}).`,
      placedBy: actor?.userId ?? null,
    });
    holdIds.push(hold.id);
  }
  await tx.updateTable('privacy_requests').set({ hold_ids: JSON.stringify(holdIds) }).where('id', '=', row.id).execute();
  await audit(tx, {
    organisationId,
    actorUserId: actor?.userId ?? null,
    action: 'privacy.request_recorded',
    subjectType: 'privacy_request',
    subjectId: row.id,
    details: { kind: v.kind, complaintIds: ids },
  });
  return row;
}

export async function listPrivacyRequests(db: Kysely<DB>, actor: Actor, organisationId: string) {
  await requirePrivacyRole(db, actor);
  const rows = await db
    .selectFrom('privacy_requests')
    .select(['id', 'kind', 'received_on', 'due_on', 'extended_to', 'requester_name', 'requester_email', 'status', 'complaint_ids', 'decided_at'])
    .where('organisation_id', '=', organisationId)
    .orderBy(sql`case when status = 'open' then 0 else 1 end`)
    .orderBy('received_on', 'desc')
    .limit(200)
    .execute();
  const day = today();
  return rows.map((r) => ({ ...r, answerBy: r.extended_to ?? r.due_on, overdue: r.status === 'open' && (r.extended_to ?? r.due_on) < day }));
}

export interface RetentionWeighing {
  complaintId: string;
  reference: string;
  status: string;
  closedAt: Date | null;
  /** Still being handled (new, in progress, suspended): the complaint procedure needs the dossier. */
  running: boolean;
  unitName: string;
  /** Other holds than this request's. */
  otherHolds: { kind: string; reason: string }[];
  /** Ground to keep the dossier, when one follows from its state (the coordinator decides). */
  keepGround: string | null;
  rule: string;
  /** The dossier's destruction date (src/usecases/retention), null while it is open or kept without an end. */
  destroyAfter: string | null;
}

/** One request with its dossiers and, per dossier, what weighs against erasure. */
export async function privacyRequest(db: Kysely<DB>, actor: Actor | null, organisationId: string, id: string) {
  await requirePrivacyRole(db, actor);
  if (!isUuid(id)) throw notFound('Dit verzoek bestaat niet.');
  const r = await db.selectFrom('privacy_requests').selectAll().where('id', '=', id).where('organisation_id', '=', organisationId).executeTakeFirst();
  if (!r) throw notFound('Dit verzoek bestaat niet.');
  const ids = r.complaint_ids;
  const complaints = ids.length
    ? await db
        .selectFrom('complaints')
        .innerJoin('units', 'units.id', 'complaints.unit_id')
        .select(['complaints.id', 'complaints.reference', 'complaints.status', 'complaints.closed_at', 'units.name as unit_name'])
        .where('complaints.organisation_id', '=', organisationId)
        .where('complaints.id', 'in', ids)
        .orderBy('complaints.reference')
        .execute()
    : [];
  const holds = await activeHolds(db, organisationId, ids);
  const record = await processingRecord(db, organisationId, { smtpConfigured: false });
  const ruleOf = (unit: string) => record.retention.find((x) => x.scope === unit)?.text ?? record.retention.find((x) => x.scope === 'hele organisatie')?.text ?? record.retention[0]?.text ?? '';
  const retention = new Map(await Promise.all(complaints.map(async (c) => [c.id, await dossierRetention(db, organisationId, c.id)] as const)));
  const weighing: RetentionWeighing[] = complaints.map((c) => {
    const other = (holds.get(c.id) ?? []).filter((h) => !r.hold_ids.includes(h.id));
    const legal = other.find((h) => h.kind === 'external_procedure' || h.kind === 'dispute');
    const running = isStatus(c.status) && isOpenStatus(c.status);
    const keepGround = running
      ? 'De klacht wordt nog behandeld: het dossier is nodig om de klacht volgens de klachtenregeling af te handelen (AVG art. 17 lid 3 onder b).'
      : legal
        ? `Er loopt ${legal.kind === 'dispute' ? 'een geschil' : 'een externe procedure'}: het dossier is nodig voor een rechtsvordering (AVG art. 17 lid 3 onder e).`
        : null;
    return { complaintId: c.id, reference: c.reference, status: c.status, closedAt: c.closed_at, running, unitName: c.unit_name, otherHolds: other.map((h) => ({ kind: h.kind, reason: h.reason })), keepGround, rule: retention.get(c.id)?.basis ?? ruleOf(c.unit_name), destroyAfter: retention.get(c.id)?.destroyAfter ?? null };
  });
  return { request: { ...r, answerBy: r.extended_to ?? r.due_on }, weighing };
}

/** AVG art. 12(3): the answer may be extended by two months; the requester is told why within the first month. */
export async function extendPrivacyRequest(tx: Kysely<DB>, actor: Actor | null, organisationId: string, id: string, input: { reason?: unknown }, now = new Date()) {
  await requirePrivacyRole(tx, actor);
  const { request } = await privacyRequest(tx, actor, organisationId, id);
  const reason = typeof input.reason === 'string' ? input.reason.trim() : '';
  if (request.status !== 'open') throw new AppError('invalid_transition', 'Dit verzoek is al beantwoord.');
  if (request.extended_to) throw new AppError('invalid_transition', 'De termijn is al verlengd; dat kan één keer, met twee maanden (AVG art. 12 lid 3).');
  if (today(now) > request.due_on) throw validationFailed([{ field: 'reason', message: 'Verlengen kan alleen binnen de eerste maand (AVG art. 12 lid 3). Die is voorbij.' }]);
  if (reason.length < 5) throw validationFailed([{ field: 'reason', message: 'Schrijf waarom meer tijd nodig is; dat krijgt de verzoeker te horen (AVG art. 12 lid 3).' }]);
  const extendedTo = addMonths(request.received_on, 3);
  await tx.updateTable('privacy_requests').set({ extended_to: extendedTo, decision_reason: `Verlengd: ${reason}` }).where('id', '=', id).execute();
  await audit(tx, { organisationId, actorUserId: actor?.userId ?? null, action: 'privacy.request_extended', subjectType: 'privacy_request', subjectId: id, details: { extendedTo } });
  return { extendedTo };
}

export interface DecideInput {
  /** For erasure: per complaint id `erase` or `keep`; the status follows. For other kinds: `status`. */
  outcomes?: Record<string, unknown>;
  status?: unknown;
  reason?: unknown;
}

/** Records the answer (either way, with reasoning), lifts the request's holds and returns the letter text. */
export async function decidePrivacyRequest(tx: Kysely<DB>, actor: Actor | null, organisationId: string, id: string, input: DecideInput, now = new Date()) {
  await requirePrivacyRole(tx, actor);
  const { request, weighing } = await privacyRequest(tx, actor, organisationId, id);
  if (request.status !== 'open') throw new AppError('invalid_transition', 'Dit verzoek is al beantwoord.');
  const reason = typeof input.reason === 'string' ? input.reason.trim() : '';
  const fields: FieldIssue[] = [];
  let status: PrivacyRequestStatus;
  const outcomes: Record<string, DossierOutcome> = {};
  if (request.kind === 'erasure' && weighing.length) {
    for (const w of weighing) {
      const d = input.outcomes?.[w.complaintId];
      if (d !== 'erase' && d !== 'keep') fields.push({ field: `outcome-${w.complaintId}`, message: `Kies voor dossier ${w.reference}: verwijderen of bewaren.` });
      else outcomes[w.complaintId] = d === 'keep' ? { decision: 'keep', ground: w.keepGround ?? reason } : { decision: 'erase' };
      if (d === 'erase' && w.running) fields.push({ field: `outcome-${w.complaintId}`, message: `Dossier ${w.reference} wordt nog behandeld. Sluit de klacht eerst af; tot dan moet het dossier blijven (AVG art. 17 lid 3 onder b).` });
    }
    const values = Object.values(outcomes);
    status = values.every((o) => o.decision === 'erase') ? 'granted' : values.every((o) => o.decision === 'keep') ? 'refused' : 'partly_granted';
  } else {
    const s = input.status;
    if (s !== 'granted' && s !== 'refused' && s !== 'answered' && s !== 'partly_granted') {
      fields.push({ field: 'status', message: 'Kies de beslissing.' });
      status = 'answered';
    } else status = s;
  }
  if ((status === 'refused' || status === 'partly_granted') && reason.length < 5) fields.push({ field: 'reason', message: 'Schrijf waarom het verzoek (deels) wordt afgewezen. Dat staat in de brief aan de verzoeker (AVG art. 12 lid 4).' });
  if (fields.length) throw validationFailed(fields);

  const letter = letterText({ kind: request.kind, status, reason, name: request.requester_name, receivedOn: request.received_on, weighing, outcomes });
  await tx
    .updateTable('privacy_requests')
    .set({
      status,
      decision_reason: reason || null,
      dossier_outcomes: JSON.stringify(outcomes),
      letter_text: letter,
      decided_by: actor?.userId ?? null,
      decided_at: now,
    })
    .where('id', '=', id)
    .execute();
  for (const holdId of request.hold_ids) {
    await liftHold(tx, { organisationId, holdId, liftedBy: actor?.userId ?? null, note: `Verzoek ${REQUEST_STATUS_LABELS[status]}.` });
  }
  // A dossier decided `erase` is due for destruction from today (src/usecases/retention: basis AVG art. 17); the
  // coordinator approves it on /bewaartermijnen like any other, one transaction per dossier with a destruction record.
  await audit(tx, {
    organisationId,
    actorUserId: actor?.userId ?? null,
    action: 'privacy.request_decided',
    subjectType: 'privacy_request',
    subjectId: id,
    details: { kind: request.kind, status, erase: Object.entries(outcomes).filter(([, o]) => o.decision === 'erase').map(([k]) => k), keep: Object.entries(outcomes).filter(([, o]) => o.decision === 'keep').map(([k]) => k) },
  });
  return { status, letter };
}

/** Dossiers an erasure request decided to erase (the retention rule that makes them due, src/usecases/retention). */
export async function erasureGrantedDossiers(db: Kysely<DB>, organisationId: string): Promise<{ complaintId: string; requestId: string }[]> {
  return [...(await erasuresGranted(db, organisationId))].map(([complaintId, e]) => ({ complaintId, requestId: e.requestId }));
}

function letterText(p: { kind: PrivacyRequestKind; status: PrivacyRequestStatus; reason: string; name: string; receivedOn: string; weighing: RetentionWeighing[]; outcomes: Record<string, DossierOutcome> }): string {
  const lines = [`Beste ${p.name || 'heer of mevrouw'},`, '', `Op ${formatDutchDate(p.receivedOn)} vroeg u ons om ${REQUEST_KIND_LABELS[p.kind].replace(/ \(.*\)$/, '')} van uw persoonsgegevens in onze klachtenregistratie.`, ''];
  if (p.kind === 'erasure' && p.weighing.length) {
    const erase = p.weighing.filter((w) => p.outcomes[w.complaintId]?.decision === 'erase');
    const keep = p.weighing.filter((w) => p.outcomes[w.complaintId]?.decision === 'keep');
    if (erase.length) lines.push(`Wij verwijderen ${erase.length === 1 ? 'het klachtdossier' : 'de klachtdossiers'} ${erase.map((w) => w.reference).join(', ')}. Wat overblijft is alleen een telling zonder uw gegevens en een notitie dat het dossier is vernietigd.`);
    if (keep.length) {
      lines.push(`${keep.length === 1 ? 'Het klachtdossier' : 'De klachtdossiers'} ${keep.map((w) => w.reference).join(', ')} moeten wij nog bewaren.`);
      for (const w of keep) lines.push(`- ${w.reference}: ${p.outcomes[w.complaintId]?.ground || p.reason}`);
      lines.push('Na de bewaartermijn vernietigen wij het dossier.');
    }
  } else if (p.status === 'granted' || p.status === 'answered') {
    lines.push(
      {
        access: 'U krijgt bij deze brief een overzicht van alle gegevens die wij over u hebben (AVG artikel 15), als PDF en als bestand.',
        correction: 'Wij hebben uw gegevens verbeterd. In het dossier blijft te zien wat er is veranderd en wanneer (AVG artikel 16).',
        erasure: 'Wij hebben geen klachtdossier over u gevonden; er is niets te verwijderen.',
        restriction: 'Wij gebruiken uw gegevens niet meer, behalve om ze te bewaren, zolang dat nodig is (AVG artikel 18).',
        objection: 'Wij hebben uw bezwaar toegekend (AVG artikel 21).',
      }[p.kind],
    );
    if (p.reason) lines.push('', p.reason);
  } else {
    lines.push(p.status === 'refused' ? 'Wij kunnen uw verzoek niet toekennen.' : 'Wij kennen uw verzoek voor een deel toe.', '', p.reason);
  }
  lines.push('', 'Bent u het niet eens met dit antwoord? Dan kunt u een klacht indienen bij de Autoriteit Persoonsgegevens of naar de rechter gaan (AVG artikel 12 lid 4).', '', 'Met vriendelijke groet,');
  return lines.join('\n');
}
