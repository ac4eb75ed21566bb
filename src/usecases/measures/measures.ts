import { sql, type Kysely, type RawBuilder } from 'kysely';
import { z } from 'zod';
import type { DB } from '../../db/types.ts';
import type { MeasureSourceKind, MeasureStatus } from '../../db/types-reports.ts';
import {
  checkStatusChange,
  COMPLAINT_SOURCE_KINDS,
  countMeasures,
  isOverdueMeasure,
  MEASURE_SOURCE_KINDS,
  MEASURE_SOURCE_LABELS,
  MEASURE_STATUSES,
  titleFromText,
  type MeasureSourceKindKey,
  type MeasureStatusKey,
} from '../../domain/measures/measures.ts';
import type { MeasuresStatus } from '../../domain/reports/figures.ts';
import { AppError, forbidden, notFound, validationFailed } from '../../shared/errors.ts';
import { isoDateSchema, isUuid, parseInput } from '../../shared/validation.ts';
import { hasRole, unitsWithRole, type Actor } from '../actor.ts';
import { theCoordinatorFor } from '../regulations/regulations.ts';
import { audit } from '../audit.ts';
import { complaintScope, visibleTo } from '../complaints/access.ts';
import { inTransaction, today } from '../complaints/dossier.ts';
import { organisationUnits } from '../units/units.ts';

/**
 * The improvement register (ADR 0017): measures with their sources, owner, unit, due date, status, follow-up
 * notes and the check of their effect (000 art. 8.2, 9; 002 art. 9; 003; 004 §6).
 *
 * Who may (product roles; the seeds name no role for the register, so the coordinator keeps it, 004 §6):
 * - admins and organisation-wide coordinators keep every measure; a unit's coordinator keeps the measures of
 *   their units (and the units below) and reads the organisation-wide ones (no unit);
 * - the owner of a measure reads it and changes its status and adds notes;
 * - the board reads the overview only (`measuresOverview`): titles, units, due dates and counts, no owner
 *   names and no complaint references;
 * - nobody else sees the register (a refused measure looks missing: 404).
 * Complaint sources follow need-to-know: who may not see the dossier reads "een klacht", without reference or link.
 * Every change is audited; a status change keeps its history (measure_notes with status_from/status_to).
 */

/** What the actor may do in the register. */
interface RegisterAccess {
  /** Keeps every measure (admin, organisation-wide coordinator). */
  all: boolean;
  /** Units whose measures the actor keeps (coordinator). */
  units: string[];
  /** Reads the organisation-wide measures (any coordinator). */
  readsOrganisationWide: boolean;
  userId: string;
}

async function accessOf(db: Kysely<DB>, actor: Actor): Promise<RegisterAccess> {
  const all = hasRole(actor, 'admin') || actor.roles.some((r) => r.role === 'coordinator' && r.unitId === null);
  if (all) return { all: true, units: [], readsOrganisationWide: true, userId: actor.userId };
  if (!hasRole(actor, 'coordinator')) return { all: false, units: [], readsOrganisationWide: false, userId: actor.userId };
  const units = await organisationUnits(db, actor.organisationId);
  return { all: false, units: [...unitsWithRole(actor, units, 'coordinator')], readsOrganisationWide: true, userId: actor.userId };
}

function keeps(access: RegisterAccess, unitId: string | null): boolean {
  return access.all || (unitId !== null && access.units.includes(unitId));
}

/** The measures the actor may read (a condition on the alias `m`): kept by them, organisation-wide ones for coordinators, and their own. */
function readable(access: RegisterAccess): RawBuilder<boolean> {
  if (access.all) return sql<boolean>`true`;
  const ors = [sql`m.owner_user_id = ${access.userId}`];
  if (access.units.length) ors.push(sql`m.unit_id in (${sql.join(access.units)})`);
  if (access.readsOrganisationWide) ors.push(sql`m.unit_id is null`);
  return sql<boolean>`(${sql.join(ors, sql` or `)})`;
}

/** The units whose measures the actor keeps ('all': every unit and the organisation-wide measures), for the forms' unit choice. */
export async function keptUnits(db: Kysely<DB>, actor: Actor): Promise<'all' | string[]> {
  const access = await accessOf(db, actor);
  return access.all ? 'all' : access.units;
}

/** May the actor open the register at all (the menu link, the list page)? */
export async function usesRegister(db: Kysely<DB>, actor: Actor): Promise<boolean> {
  if (hasRole(actor, 'admin', 'coordinator')) return true;
  const own = await db.selectFrom('improvement_measures').select('id').where('organisation_id', '=', actor.organisationId).where('owner_user_id', '=', actor.userId).executeTakeFirst();
  return own !== undefined;
}

const NOT_VISIBLE = 'Deze verbetermaatregel bestaat niet of u heeft er geen toegang toe.';
/** The coordinator of the measure's unit in the regulation's own words (003 "de klachtencoördinator", 001 "de directie"). */
const coordinatorOf = (tx: Kysely<DB>, actor: Actor, unitId: string | null) => theCoordinatorFor(tx, actor.organisationId, { unitId });
const keepersOnly = async (tx: Kysely<DB>, actor: Actor, unitId: string | null) => `Alleen ${await coordinatorOf(tx, actor, unitId)} of een beheerder past deze verbetermaatregel aan.`;

// ---------------------------------------------------------------------------------------------
// Input
// ---------------------------------------------------------------------------------------------

const text = (what: string, min: number, max: number) =>
  z
    .string({ error: `Vul ${what} in.` })
    .trim()
    .min(min, { error: min === 1 ? `Vul ${what} in.` : `Schrijf minstens ${min} tekens voor ${what}.` })
    .max(max, { error: `${what.charAt(0).toUpperCase()}${what.slice(1)} mag hoogstens ${max} tekens lang zijn.` });
const optionalText = (what: string, max: number) =>
  z
    .string({ error: `Vul ${what} in als tekst.` })
    .trim()
    .max(max, { error: `${what.charAt(0).toUpperCase()}${what.slice(1)} mag hoogstens ${max} tekens lang zijn.` })
    .optional()
    .transform((v) => (v === '' ? undefined : v));
const optionalId = (what: string) =>
  z
    .string({ error: `Kies ${what}.` })
    .optional()
    .transform((v) => (v === '' ? undefined : v))
    .refine((v) => v === undefined || isUuid(v), { error: `Kies ${what} uit de lijst.` });
const optionalDate = z
  .union([isoDateSchema, z.literal('')], { error: 'Vul een datum in als JJJJ-MM-DD.' })
  .optional()
  .transform((v) => (v === '' ? undefined : v));

const sourceSchema = z.object({
  kind: z.enum(MEASURE_SOURCE_KINDS, { error: 'Kies waar de maatregel vandaan komt.' }),
  complaintId: optionalId('de klacht'),
  /** The complaint by its reference (2026-0042), as staff know it; the form's text field. */
  complaintReference: optionalText('het kenmerk van de klacht', 40),
  reportId: optionalId('de rapportage'),
  recommendationId: optionalId('de aanbeveling'),
  note: optionalText('de toelichting', 2000),
});
export type MeasureSourceInput = z.input<typeof sourceSchema>;

const measureFields = {
  title: text('de titel', 3, 200),
  description: optionalText('de beschrijving', 10000),
  unitId: optionalId('de eenheid'),
  ownerUserId: optionalId('de eigenaar'),
  dueOn: optionalDate,
  effectCheck: optionalText('hoe het effect wordt gecontroleerd', 2000),
};
const createSchema = z.object({ ...measureFields, sources: z.array(sourceSchema, { error: 'Geef de bronnen als lijst.' }).max(50).default([]) });
const updateSchema = z.object(measureFields);

export type CreateMeasureInput = z.input<typeof createSchema>;
export type UpdateMeasureInput = z.input<typeof updateSchema>;

async function checkUnit(tx: Kysely<DB>, organisationId: string, unitId: string | undefined, field = 'unitId'): Promise<void> {
  if (unitId === undefined) return;
  const unit = await tx.selectFrom('units').select('id').where('id', '=', unitId).where('organisation_id', '=', organisationId).executeTakeFirst();
  if (!unit) throw validationFailed([{ field, message: 'Kies een eenheid van deze organisatie.' }]);
}

async function checkOwner(tx: Kysely<DB>, organisationId: string, ownerUserId: string | undefined): Promise<void> {
  if (ownerUserId === undefined) return;
  const user = await tx.selectFrom('users').select('id').where('id', '=', ownerUserId).where('organisation_id', '=', organisationId).where('disabled_at', 'is', null).executeTakeFirst();
  if (!user) throw validationFailed([{ field: 'ownerUserId', message: 'Kies een medewerker van deze organisatie als eigenaar.' }]);
}

interface ResolvedSource {
  kind: MeasureSourceKind;
  complaint_id: string | null;
  report_id: string | null;
  recommendation_id: string | null;
  reference: string | null;
  note: string | null;
}

/**
 * A source as it is stored: a complaint source names a complaint the actor may see (need-to-know: nobody links
 * a dossier they cannot read), its reference kept; a recommendation brings its report.
 */
async function resolveSource(tx: Kysely<DB>, actor: Actor, s: z.output<typeof sourceSchema>, field: string): Promise<ResolvedSource> {
  const base: ResolvedSource = { kind: s.kind, complaint_id: null, report_id: null, recommendation_id: null, reference: null, note: s.note ?? null };
  const issue = (sub: string, message: string): never => {
    throw validationFailed([{ field: `${field}.${sub}`, message }]);
  };
  if ((COMPLAINT_SOURCE_KINDS as readonly string[]).includes(s.kind)) {
    if (s.complaintId === undefined && s.complaintReference === undefined) issue('complaintReference', 'Vul het kenmerk van de klacht in, bijvoorbeeld 2026-0042.');
    const scope = await complaintScope(tx, actor);
    let q = tx.selectFrom('complaints').select(['id', 'reference']).where('organisation_id', '=', actor.organisationId).where(visibleTo(scope));
    q = s.complaintId !== undefined ? q.where('id', '=', s.complaintId) : q.where('reference', '=', s.complaintReference!);
    const complaint = await q.executeTakeFirst();
    if (!complaint) issue(s.complaintId !== undefined ? 'complaintId' : 'complaintReference', 'Deze klacht bestaat niet of u heeft er geen toegang toe.');
    return { ...base, complaint_id: complaint!.id, reference: complaint!.reference };
  }
  if (s.kind === 'report') {
    if (s.reportId === undefined) issue('reportId', 'Kies de rapportage.');
    const report = await tx.selectFrom('reports').select('id').where('id', '=', s.reportId!).where('organisation_id', '=', actor.organisationId).executeTakeFirst();
    if (!report) issue('reportId', 'Deze rapportage bestaat niet.');
    return { ...base, report_id: report!.id };
  }
  if (s.kind === 'recommendation') {
    if (s.recommendationId === undefined) issue('recommendationId', 'Kies de aanbeveling.');
    const rec = await tx.selectFrom('report_recommendations').select(['id', 'report_id']).where('id', '=', s.recommendationId!).where('organisation_id', '=', actor.organisationId).executeTakeFirst();
    if (!rec) issue('recommendationId', 'Deze aanbeveling bestaat niet.');
    return { ...base, recommendation_id: rec!.id, report_id: rec!.report_id };
  }
  if (s.kind === 'other' && !s.note) issue('note', 'Schrijf waar de maatregel vandaan komt.');
  return base;
}

// ---------------------------------------------------------------------------------------------
// Changes
// ---------------------------------------------------------------------------------------------

/**
 * Puts a measure in the register with its sources (contract between the lanes of issue 10). Who may: the
 * coordinator of the measure's unit (an organisation-wide measure: an admin or organisation-wide coordinator).
 * Runs in the caller's transaction (a meeting's minutes and its measures: all or nothing).
 */
export async function createMeasure(tx: Kysely<DB>, actor: Actor, input: unknown): Promise<{ id: string }> {
  const access = await accessOf(tx, actor);
  if (!access.all && !access.units.length) throw new AppError('not_permitted', `Alleen ${await coordinatorOf(tx, actor, null)} of een beheerder zet maatregelen in het verbeterregister.`);
  const data = parseInput(createSchema, input);
  if (!keeps(access, data.unitId ?? null)) {
    throw validationFailed([{ field: 'unitId', message: data.unitId ? 'Kies een eenheid waarvoor u de klachten coördineert.' : `Kies de eenheid: een maatregel voor de hele organisatie zet alleen een beheerder of ${await coordinatorOf(tx, actor, null)} van de hele organisatie in het register.` }]);
  }
  await checkUnit(tx, actor.organisationId, data.unitId);
  await checkOwner(tx, actor.organisationId, data.ownerUserId);
  const sources: ResolvedSource[] = [];
  for (const [i, s] of data.sources.entries()) sources.push(await resolveSource(tx, actor, s, `sources.${i}`));
  return inTransaction(tx, (t) => insertMeasure(t, actor.organisationId, actor.userId, { ...data, sources }));
}

/**
 * Writes one measure and its sources, without asking who may: for use cases that already decided that the
 * actor may propose measures (a decision on a complaint, 000 art. 9 / 003; a meeting's decided measures).
 */
export async function insertMeasure(
  tx: Kysely<DB>,
  organisationId: string,
  actorUserId: string | null,
  m: { title: string; description?: string | undefined; unitId?: string | undefined; ownerUserId?: string | undefined; dueOn?: string | undefined; effectCheck?: string | undefined; sources: ResolvedSource[] },
): Promise<{ id: string }> {
  const row = await tx
    .insertInto('improvement_measures')
    .values({
      organisation_id: organisationId,
      unit_id: m.unitId ?? null,
      title: m.title,
      description: m.description ?? '',
      owner_user_id: m.ownerUserId ?? null,
      due_on: m.dueOn ?? null,
      effect_check: m.effectCheck ?? null,
      created_by: actorUserId,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  for (const s of m.sources) await tx.insertInto('measure_sources').values({ ...s, organisation_id: organisationId, measure_id: row.id }).execute();
  await tx.insertInto('measure_notes').values({ organisation_id: organisationId, measure_id: row.id, text: 'In het verbeterregister gezet.', status_from: null, status_to: 'planned', created_by: actorUserId }).execute();
  await audit(tx, { organisationId, actorUserId, action: 'measure.create', subjectType: 'measure', subjectId: row.id, details: { sources: m.sources.map((s) => s.kind), unitId: m.unitId ?? null } });
  return { id: row.id };
}

/**
 * The measures a decision proposes (000 art. 9, 003 "maatregelen … genomen (zullen) worden"), put in the
 * register in the decision's own transaction: status planned, source `decision` with the complaint and its
 * reference, the complaint's unit. The workflow already decided that the actor may decide.
 */
export async function registerDecisionMeasures(
  tx: Kysely<DB>,
  actor: Actor,
  complaint: { id: string; reference: string; unitId: string },
  measures: readonly string[],
): Promise<string[]> {
  const ids: string[] = [];
  for (const text of measures) {
    const { id } = await insertMeasure(tx, actor.organisationId, actor.userId, {
      title: titleFromText(text),
      description: text.trim(),
      unitId: complaint.unitId,
      sources: [{ kind: 'decision', complaint_id: complaint.id, report_id: null, recommendation_id: null, reference: complaint.reference, note: null }],
    });
    ids.push(id);
  }
  return ids;
}

/** Locks one measure the actor may read (a refused one is a 404, like a missing one). */
async function lockMeasure(tx: Kysely<DB>, actor: Actor, access: RegisterAccess, id: string) {
  if (!isUuid(id)) throw notFound(NOT_VISIBLE);
  const m = await tx
    .selectFrom('improvement_measures as m')
    .selectAll('m')
    .where('m.id', '=', id)
    .where('m.organisation_id', '=', actor.organisationId)
    .where(readable(access))
    .forUpdate()
    .executeTakeFirst();
  if (!m) throw notFound(NOT_VISIBLE);
  return m;
}

/** Changes what a measure is: title, description, unit, owner, due date, how the effect is checked. Keepers only. */
export async function updateMeasure(db: Kysely<DB>, actor: Actor, id: string, input: unknown): Promise<void> {
  const access = await accessOf(db, actor);
  await inTransaction(db, async (tx) => {
    const m = await lockMeasure(tx, actor, access, id);
    if (!keeps(access, m.unit_id)) throw new AppError('not_permitted', await keepersOnly(tx, actor, m.unit_id));
    const data = parseInput(updateSchema, input);
    if (!keeps(access, data.unitId ?? null)) throw validationFailed([{ field: 'unitId', message: 'Kies een eenheid waarvoor u de klachten coördineert.' }]);
    await checkUnit(tx, actor.organisationId, data.unitId);
    await checkOwner(tx, actor.organisationId, data.ownerUserId);
    const changes = {
      title: data.title,
      description: data.description ?? '',
      unit_id: data.unitId ?? null,
      owner_user_id: data.ownerUserId ?? null,
      due_on: data.dueOn ?? null,
      effect_check: data.effectCheck ?? null,
    };
    const changed = (Object.keys(changes) as (keyof typeof changes)[]).filter((k) => (m[k] ?? null) !== changes[k]);
    if (!changed.length) return;
    await tx.updateTable('improvement_measures').set({ ...changes, updated_at: new Date() }).where('id', '=', m.id).execute();
    await audit(tx, { organisationId: actor.organisationId, actorUserId: actor.userId, action: 'measure.update', subjectType: 'measure', subjectId: m.id, details: { changed } });
  });
}

const statusSchema = z.object({
  status: z.enum(MEASURE_STATUSES, { error: 'Kies de nieuwe status.' }),
  note: z.string().trim().max(5000, { error: 'De toelichting mag hoogstens 5000 tekens lang zijn.' }).default(''),
});

/**
 * A new status with a note (required when dropping). `done` records the day it was completed; leaving `done`
 * clears it. The change and its note stay in the timeline (status_from → status_to). Keepers and the owner.
 */
export async function changeMeasureStatus(db: Kysely<DB>, actor: Actor, id: string, input: unknown, opts: { now?: Date } = {}): Promise<{ status: MeasureStatusKey }> {
  const access = await accessOf(db, actor);
  const now = opts.now ?? new Date();
  return inTransaction(db, async (tx) => {
    const m = await lockMeasure(tx, actor, access, id);
    if (!keeps(access, m.unit_id) && m.owner_user_id !== actor.userId) throw new AppError('not_permitted', `Alleen de eigenaar, ${await coordinatorOf(tx, actor, m.unit_id)} of een beheerder verandert de status.`);
    const data = parseInput(statusSchema, input);
    const problem = checkStatusChange(m.status, data.status, data.note);
    if (problem) throw validationFailed([{ field: problem.field, message: problem.message }]);
    await tx
      .updateTable('improvement_measures')
      .set({ status: data.status, completed_on: data.status === 'done' ? today(now) : null, updated_at: now })
      .where('id', '=', m.id)
      .execute();
    await tx.insertInto('measure_notes').values({ organisation_id: actor.organisationId, measure_id: m.id, text: data.note, status_from: m.status, status_to: data.status, created_by: actor.userId }).execute();
    await audit(tx, { organisationId: actor.organisationId, actorUserId: actor.userId, action: 'measure.status', subjectType: 'measure', subjectId: m.id, details: { from: m.status, to: data.status } });
    return { status: data.status };
  });
}

const noteSchema = z.object({ text: text('de notitie', 1, 5000) });

/** A follow-up note in the timeline. Keepers and the owner. */
export async function addMeasureNote(db: Kysely<DB>, actor: Actor, id: string, input: unknown): Promise<void> {
  const access = await accessOf(db, actor);
  await inTransaction(db, async (tx) => {
    const m = await lockMeasure(tx, actor, access, id);
    if (!keeps(access, m.unit_id) && m.owner_user_id !== actor.userId) throw new AppError('not_permitted', `Alleen de eigenaar, ${await coordinatorOf(tx, actor, m.unit_id)} of een beheerder schrijft hier een notitie.`);
    const data = parseInput(noteSchema, input);
    await tx.insertInto('measure_notes').values({ organisation_id: actor.organisationId, measure_id: m.id, text: data.text, status_from: null, status_to: null, created_by: actor.userId }).execute();
    await audit(tx, { organisationId: actor.organisationId, actorUserId: actor.userId, action: 'measure.note', subjectType: 'measure', subjectId: m.id });
  });
}

const effectSchema = z.object({
  checkedOn: isoDateSchema,
  result: text('wat de controle liet zien', 3, 5000),
});

/**
 * The check of the effect: on which day, and what it showed. Only for a measure that was carried out (status
 * done): there is no effect to check before. Keepers only; it also goes in the timeline.
 */
export async function recordEffectCheck(db: Kysely<DB>, actor: Actor, id: string, input: unknown, opts: { now?: Date } = {}): Promise<void> {
  const access = await accessOf(db, actor);
  const now = opts.now ?? new Date();
  await inTransaction(db, async (tx) => {
    const m = await lockMeasure(tx, actor, access, id);
    if (!keeps(access, m.unit_id)) throw new AppError('not_permitted', await keepersOnly(tx, actor, m.unit_id));
    const data = parseInput(effectSchema, input);
    if (m.status !== 'done') throw validationFailed([{ field: 'status', message: 'Het effect controleert u als de maatregel is uitgevoerd. Zet de status eerst op "uitgevoerd".' }]);
    if (data.checkedOn > today(now)) throw validationFailed([{ field: 'checkedOn', message: 'De controle kan niet in de toekomst liggen.' }]);
    if (m.completed_on && data.checkedOn < m.completed_on) throw validationFailed([{ field: 'checkedOn', message: 'De controle kan niet vóór de dag liggen waarop de maatregel is uitgevoerd.' }]);
    await tx.updateTable('improvement_measures').set({ effect_checked_on: data.checkedOn, effect_result: data.result, updated_at: now }).where('id', '=', m.id).execute();
    await tx.insertInto('measure_notes').values({ organisation_id: actor.organisationId, measure_id: m.id, text: `Effect gecontroleerd: ${data.result}`, status_from: null, status_to: null, created_by: actor.userId }).execute();
    await audit(tx, { organisationId: actor.organisationId, actorUserId: actor.userId, action: 'measure.effect', subjectType: 'measure', subjectId: m.id, details: { checkedOn: data.checkedOn } });
  });
}

/** One more source for a measure. Keepers only. */
export async function addMeasureSource(db: Kysely<DB>, actor: Actor, id: string, input: unknown): Promise<{ id: string }> {
  const access = await accessOf(db, actor);
  return inTransaction(db, async (tx) => {
    const m = await lockMeasure(tx, actor, access, id);
    if (!keeps(access, m.unit_id)) throw new AppError('not_permitted', await keepersOnly(tx, actor, m.unit_id));
    const source = await resolveSource(tx, actor, parseInput(sourceSchema, input), 'source');
    const row = await tx.insertInto('measure_sources').values({ ...source, organisation_id: actor.organisationId, measure_id: m.id }).returning('id').executeTakeFirstOrThrow();
    await audit(tx, { organisationId: actor.organisationId, actorUserId: actor.userId, action: 'measure.source_add', subjectType: 'measure', subjectId: m.id, details: { kind: source.kind } });
    return { id: row.id };
  });
}

/** Removes a source from a measure. Keepers only. */
export async function removeMeasureSource(db: Kysely<DB>, actor: Actor, id: string, sourceId: string): Promise<void> {
  const access = await accessOf(db, actor);
  await inTransaction(db, async (tx) => {
    const m = await lockMeasure(tx, actor, access, id);
    if (!keeps(access, m.unit_id)) throw new AppError('not_permitted', await keepersOnly(tx, actor, m.unit_id));
    if (!isUuid(sourceId)) throw notFound('Deze bron bestaat niet.');
    const gone = await tx.deleteFrom('measure_sources').where('id', '=', sourceId).where('measure_id', '=', m.id).returning('kind').executeTakeFirst();
    if (!gone) throw notFound('Deze bron bestaat niet.');
    await audit(tx, { organisationId: actor.organisationId, actorUserId: actor.userId, action: 'measure.source_remove', subjectType: 'measure', subjectId: m.id, details: { kind: gone.kind } });
  });
}

// ---------------------------------------------------------------------------------------------
// Reads
// ---------------------------------------------------------------------------------------------

export interface MeasureListItem {
  id: string;
  title: string;
  unitId: string | null;
  unitName: string | null;
  ownerUserId: string | null;
  ownerName: string | null;
  status: MeasureStatus;
  dueOn: string | null;
  overdue: boolean;
  completedOn: string | null;
  sourceKinds: MeasureSourceKindKey[];
}

export interface MeasureFilters {
  status?: string | undefined;
  unitId?: string | undefined;
  ownerUserId?: string | undefined;
  overdue?: boolean | undefined;
  sourceKind?: string | undefined;
  /** Measures that came from this complaint (the dossier's list). */
  complaintId?: string | undefined;
}

const filterSchema = z.object({
  status: z.union([z.enum(MEASURE_STATUSES), z.literal('open')], { error: 'Kies een status: planned, in_progress, done, dropped of open.' }).optional(),
  unitId: z.string().refine(isUuid, { error: 'Kies een eenheid uit de lijst.' }).optional(),
  ownerUserId: z.string().refine(isUuid, { error: 'Kies een eigenaar uit de lijst.' }).optional(),
  overdue: z.boolean().optional(),
  sourceKind: z.enum(MEASURE_SOURCE_KINDS, { error: 'Kies een soort bron uit de lijst.' }).optional(),
  complaintId: z.string().refine(isUuid, { error: 'Onbekende klacht.' }).optional(),
});

/**
 * The register as the actor may read it, filtered (status or `open`, unit, owner, overdue, source kind), with
 * the counts per status and overdue of what they may read (before the filters). Overdue first, then by due date.
 */
export async function listMeasures(db: Kysely<DB>, actor: Actor, filters: MeasureFilters = {}, opts: { asOf?: string } = {}): Promise<{ items: MeasureListItem[]; counts: MeasuresStatus }> {
  const access = await accessOf(db, actor);
  if (!access.all && !access.units.length && !(await usesRegister(db, actor))) throw forbidden(NOT_VISIBLE);
  const f = parseInput(filterSchema, Object.fromEntries(Object.entries(filters).filter(([, v]) => v !== undefined && v !== '')));
  const asOf = opts.asOf ?? today();
  const rows = await db
    .selectFrom('improvement_measures as m')
    .leftJoin('units as u', 'u.id', 'm.unit_id')
    .leftJoin('users as o', 'o.id', 'm.owner_user_id')
    .select(['m.id', 'm.title', 'm.unit_id', 'u.name as unit_name', 'm.owner_user_id', 'o.name as owner_name', 'm.status', 'm.due_on', 'm.completed_on', 'm.created_at'])
    .where('m.organisation_id', '=', actor.organisationId)
    .where(readable(access))
    .execute();
  const counts = countMeasures(rows.map((r) => ({ status: r.status, dueOn: r.due_on })), asOf);
  const sources = rows.length
    ? await db.selectFrom('measure_sources').select(['measure_id', 'kind', 'complaint_id']).where('measure_id', 'in', rows.map((r) => r.id)).execute()
    : [];
  const items = rows
    .map((r): MeasureListItem & { createdAt: Date } => ({
      ...listItem(r, asOf, [...new Set(sources.filter((s) => s.measure_id === r.id).map((s) => s.kind))]),
      createdAt: r.created_at,
    }))
    .filter(
      (i) =>
        (f.status === undefined || (f.status === 'open' ? i.status === 'planned' || i.status === 'in_progress' : i.status === f.status)) &&
        (f.unitId === undefined || i.unitId === f.unitId) &&
        (f.ownerUserId === undefined || i.ownerUserId === f.ownerUserId) &&
        (f.overdue === undefined || i.overdue === f.overdue) &&
        (f.sourceKind === undefined || i.sourceKinds.includes(f.sourceKind)) &&
        (f.complaintId === undefined || sources.some((s) => s.measure_id === i.id && s.complaint_id === f.complaintId)),
    )
    .sort((a, b) => Number(b.overdue) - Number(a.overdue) || (a.dueOn ?? '9999').localeCompare(b.dueOn ?? '9999') || a.createdAt.getTime() - b.createdAt.getTime());
  return { items: items.map(({ createdAt: _c, ...i }) => i), counts };
}

export interface MeasureSourceView {
  id: string;
  kind: MeasureSourceKindKey;
  kindLabel: string;
  /** Only when the actor may see the dossier (need-to-know); else null and the page says "een klacht". */
  complaintId: string | null;
  reference: string | null;
  /** A complaint source the actor may not open (or a destroyed dossier). */
  hiddenComplaint: boolean;
  reportId: string | null;
  reportTitle: string | null;
  recommendationId: string | null;
  recommendationText: string | null;
  note: string | null;
}

export interface MeasureDetail {
  id: string;
  title: string;
  description: string;
  unitId: string | null;
  unitName: string | null;
  ownerUserId: string | null;
  ownerName: string | null;
  dueOn: string | null;
  status: MeasureStatus;
  overdue: boolean;
  effectCheck: string | null;
  effectCheckedOn: string | null;
  effectResult: string | null;
  completedOn: string | null;
  createdAt: string;
  createdByName: string | null;
  sources: MeasureSourceView[];
  notes: { id: string; text: string; statusFrom: string | null; statusTo: string | null; byName: string | null; at: string }[];
  /** What the actor may do with it. */
  may: { edit: boolean; changeStatus: boolean; note: boolean; effect: boolean; sources: boolean };
}

/** One measure with its sources (need-to-know for complaints) and its timeline. */
export async function getMeasure(db: Kysely<DB>, actor: Actor, id: string, opts: { asOf?: string } = {}): Promise<MeasureDetail> {
  const access = await accessOf(db, actor);
  if (!isUuid(id)) throw notFound(NOT_VISIBLE);
  const m = await db
    .selectFrom('improvement_measures as m')
    .leftJoin('units as u', 'u.id', 'm.unit_id')
    .leftJoin('users as o', 'o.id', 'm.owner_user_id')
    .leftJoin('users as c', 'c.id', 'm.created_by')
    .selectAll('m')
    .select(['u.name as unit_name', 'o.name as owner_name', 'c.name as creator_name'])
    .where('m.id', '=', id)
    .where('m.organisation_id', '=', actor.organisationId)
    .where(readable(access))
    .executeTakeFirst();
  if (!m) throw notFound(NOT_VISIBLE);
  const sources = await db
    .selectFrom('measure_sources as s')
    .leftJoin('reports as r', 'r.id', 's.report_id')
    .leftJoin('report_recommendations as rr', 'rr.id', 's.recommendation_id')
    .select(['s.id', 's.kind', 's.complaint_id', 's.reference', 's.report_id', 'r.title as report_title', 's.recommendation_id', 'rr.text as recommendation_text', 's.note'])
    .where('s.measure_id', '=', m.id)
    .orderBy('s.created_at')
    .execute();
  const complaintIds = sources.map((s) => s.complaint_id).filter((x): x is string => x !== null);
  const visible = new Set<string>();
  if (complaintIds.length) {
    const scope = await complaintScope(db, actor);
    const rows = await db.selectFrom('complaints').select('id').where('organisation_id', '=', actor.organisationId).where('id', 'in', complaintIds).where(visibleTo(scope)).execute();
    for (const r of rows) visible.add(r.id);
  }
  const notes = await db
    .selectFrom('measure_notes as n')
    .leftJoin('users as w', 'w.id', 'n.created_by')
    .select(['n.id', 'n.text', 'n.status_from', 'n.status_to', 'w.name as by_name', 'n.created_at'])
    .where('n.measure_id', '=', m.id)
    .orderBy('n.created_at')
    .orderBy('n.id')
    .execute();
  const keeper = keeps(access, m.unit_id);
  const owner = m.owner_user_id === actor.userId;
  return {
    id: m.id,
    title: m.title,
    description: m.description,
    unitId: m.unit_id,
    unitName: m.unit_name,
    ownerUserId: m.owner_user_id,
    ownerName: m.owner_name,
    dueOn: m.due_on,
    status: m.status,
    overdue: isOverdueMeasure({ status: m.status, dueOn: m.due_on }, opts.asOf ?? today()),
    effectCheck: m.effect_check,
    effectCheckedOn: m.effect_checked_on,
    effectResult: m.effect_result,
    completedOn: m.completed_on,
    createdAt: m.created_at.toISOString(),
    createdByName: m.creator_name,
    sources: sources.map((s) => {
      const isComplaint = (COMPLAINT_SOURCE_KINDS as readonly string[]).includes(s.kind);
      const shown = s.complaint_id !== null && visible.has(s.complaint_id);
      return {
        id: s.id,
        kind: s.kind,
        kindLabel: MEASURE_SOURCE_LABELS[s.kind],
        complaintId: shown ? s.complaint_id : null,
        reference: shown ? s.reference : null,
        hiddenComplaint: isComplaint && !shown,
        reportId: s.report_id,
        reportTitle: s.report_title,
        recommendationId: s.recommendation_id,
        recommendationText: s.recommendation_text,
        note: s.note,
      };
    }),
    notes: notes.map((n) => ({ id: n.id, text: n.text, statusFrom: n.status_from, statusTo: n.status_to, byName: n.by_name, at: n.created_at.toISOString() })),
    may: { edit: keeper, changeStatus: keeper || owner, note: keeper || owner, effect: keeper && m.status === 'done', sources: keeper },
  };
}

export interface MeasuresOverview {
  status: MeasuresStatus;
  /** Open and done measures (not the dropped ones), overdue first: titles, units and due dates, no names. */
  items: { id: string; title: string; unitName: string | null; status: MeasureStatus; dueOn: string | null; overdue: boolean }[];
}

/**
 * The status overview (contract between the lanes of issue 10): for the board's start page, the yearly
 * meeting's agenda and the coordinator. Counts per status and overdue, and the measures with title, unit and
 * due date: no owner and no source, so nothing personal (ADR 0017). The board reads the whole organisation;
 * a coordinator what they may read of the register.
 */
export async function measuresOverview(db: Kysely<DB>, actor: Actor, opts: { asOf?: string } = {}): Promise<MeasuresOverview> {
  const asOf = opts.asOf ?? today();
  const access = hasRole(actor, 'board') ? { all: true, units: [], readsOrganisationWide: true, userId: actor.userId } : await accessOf(db, actor);
  if (!access.all && !access.units.length) throw forbidden(NOT_VISIBLE);
  const rows = await db
    .selectFrom('improvement_measures as m')
    .leftJoin('units as u', 'u.id', 'm.unit_id')
    .select(['m.id', 'm.title', 'u.name as unit_name', 'm.status', 'm.due_on'])
    .where('m.organisation_id', '=', actor.organisationId)
    .where(readable(access))
    .orderBy('m.due_on')
    .orderBy('m.created_at')
    .execute();
  const status = countMeasures(rows.map((r) => ({ status: r.status, dueOn: r.due_on })), asOf);
  const items = rows
    .filter((r) => r.status !== 'dropped')
    .map((r) => ({ id: r.id, title: r.title, unitName: r.unit_name, status: r.status, dueOn: r.due_on, overdue: isOverdueMeasure({ status: r.status, dueOn: r.due_on }, asOf) }))
    .sort((a, b) => Number(b.overdue) - Number(a.overdue));
  return { status, items };
}

/**
 * Measures past their due date for the start page: the owner's own, or (a keeper) all they keep. With
 * `ownerUserId` only that owner's (their own, or a keeper looking at someone's).
 */
export async function overdueMeasures(db: Kysely<DB>, actor: Actor, opts: { ownerUserId?: string; asOf?: string } = {}): Promise<MeasureListItem[]> {
  const access = await accessOf(db, actor);
  const asOf = opts.asOf ?? today();
  let q = db
    .selectFrom('improvement_measures as m')
    .leftJoin('units as u', 'u.id', 'm.unit_id')
    .leftJoin('users as o', 'o.id', 'm.owner_user_id')
    .select(['m.id', 'm.title', 'm.unit_id', 'u.name as unit_name', 'm.owner_user_id', 'o.name as owner_name', 'm.status', 'm.due_on', 'm.completed_on'])
    .where('m.organisation_id', '=', actor.organisationId)
    .where('m.status', 'in', ['planned', 'in_progress'])
    .where('m.due_on', '<', asOf);
  if (opts.ownerUserId !== undefined) {
    if (opts.ownerUserId !== actor.userId && !access.all && !access.units.length) return [];
    q = q.where('m.owner_user_id', '=', opts.ownerUserId);
  }
  // Overdue is about what one keeps or owns: a unit coordinator hears about their units' measures, not the organisation-wide ones.
  q = q.where((eb) => (access.all ? eb.val(true) : eb.or([eb('m.owner_user_id', '=', actor.userId), ...(access.units.length ? [eb('m.unit_id', 'in', access.units)] : [])])));
  const rows = await q.orderBy('m.due_on').execute();
  return rows.map((r) => listItem(r, asOf, []));
}

type ListRow = { id: string; title: string; unit_id: string | null; unit_name: string | null; owner_user_id: string | null; owner_name: string | null; status: MeasureStatus; due_on: string | null; completed_on: string | null };

/** One row of a list of measures, as the register, the start pages and the overdue list show it. */
function listItem(r: ListRow, asOf: string, sourceKinds: MeasureListItem['sourceKinds']): MeasureListItem {
  return {
    id: r.id,
    title: r.title,
    unitId: r.unit_id,
    unitName: r.unit_name,
    ownerUserId: r.owner_user_id,
    ownerName: r.owner_name,
    status: r.status,
    dueOn: r.due_on,
    overdue: isOverdueMeasure({ status: r.status, dueOn: r.due_on }, asOf),
    completedOn: r.completed_on,
    sourceKinds,
  };
}


/**
 * The measures that came from one complaint (any complaint source), for its dossier: title, status and due
 * date for whoever may see the dossier, a link only for who may read the measure. Null when the actor may not
 * see the complaint.
 */
export async function measuresFromComplaint(
  db: Kysely<DB>,
  actor: Actor,
  complaintId: string,
  opts: { asOf?: string } = {},
): Promise<{ items: { id: string; title: string; status: MeasureStatus; dueOn: string | null; overdue: boolean; readable: boolean }[]; canCreate: boolean } | null> {
  if (!isUuid(complaintId)) return null;
  const scope = await complaintScope(db, actor);
  const seen = await db.selectFrom('complaints').select('unit_id').where('id', '=', complaintId).where('organisation_id', '=', actor.organisationId).where(visibleTo(scope)).executeTakeFirst();
  if (!seen) return null;
  const access = await accessOf(db, actor);
  const asOf = opts.asOf ?? today();
  const rows = await db
    .selectFrom('improvement_measures as m')
    .select(['m.id', 'm.title', 'm.status', 'm.due_on', 'm.unit_id', 'm.owner_user_id'])
    .where('m.organisation_id', '=', actor.organisationId)
    .where('m.id', 'in', (eb) => eb.selectFrom('measure_sources').select('measure_id').where('complaint_id', '=', complaintId))
    .orderBy('m.created_at')
    .execute();
  return {
    items: rows.map((r) => ({
      id: r.id,
      title: r.title,
      status: r.status,
      dueOn: r.due_on,
      overdue: isOverdueMeasure({ status: r.status, dueOn: r.due_on }, asOf),
      readable: keeps(access, r.unit_id) || (r.unit_id === null && access.readsOrganisationWide) || r.owner_user_id === actor.userId,
    })),
    canCreate: access.all || access.units.length > 0,
  };
}
