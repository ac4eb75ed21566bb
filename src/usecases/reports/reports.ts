import type { Kysely, Selectable } from 'kysely';
import { z } from 'zod';
import type { DB } from '../../db/types.ts';
import type { ReportsTable } from '../../db/types-reports.ts';
import { citeSource, withArticle } from '../../domain/regulation/cite.ts';
import { roleLabelOf, theCoordinator } from '../../domain/regulation/roles.ts';
import { isNotPrescribed, reportAuthorIsChoice, type Regulation, type Report } from '../../domain/regulation/schema.ts';
import { asksExceptional, reportReaders, shownAuthor, type ReportAudience, type ReportDocument, type ReportNarrative } from '../../domain/reports/document.ts';
import type { ReportFigures } from '../../domain/reports/figures.ts';
import {
  fullReportTitle,
  isPeriodKind,
  periodFitsReport,
  reportPeriodKind,
  reportScopes,
  reportsDueOn,
  reportTitle,
  type DueReport,
  type ReportScope,
} from '../../domain/reports/due.ts';
import { parsePeriod, periodNotEnded, type Period, type PeriodKind } from '../../domain/reports/periods.ts';
import { AppError, notFound, validationFailed } from '../../shared/errors.ts';
import { isUuid, parseInput } from '../../shared/validation.ts';
import { hasRole, subtreeOf, unitsWithRole, type Actor } from '../actor.ts';
import { audit } from '../audit.ts';
import { complaintScope, visibleTo } from '../complaints/access.ts';
import { today as todayOf } from '../complaints/dossier.ts';
import { activeRegulation, regulationInForceSince, regulationsInForce, regulationVersion } from '../regulations/regulations.ts';
import { organisationUnits } from '../units/units.ts';
import { memoised } from '../read-memo.ts';
import { fromFactsInPage } from '../regulation-roles/world.ts';
import { buildReportDocument } from './document.ts';

/**
 * Reports as the regulation's `reporting` section prescribes them (issue 10, ADR 0015): which are due, a draft
 * per report, period and scope (started once; starting again opens it), the narrative the coordinator writes
 * (analysis, conclusions, exceptional complaints as short anonymised summaries, recommendations), finalising
 * (a frozen snapshot of the figures, see report-document.ts) and the directie's decision per recommendation.
 *
 * Who: a report is written and finalised by whoever holds its author role (`reporting.reports[].by`) for its
 * scope, or by a coordinator of that scope. Its audience roles (`audienceRoles`) read it once final and
 * record decisions; the board product role reads final reports of its units. Every change is audited.
 */
export type ReportRow = Selectable<ReportsTable>;

const NOT_VISIBLE = 'Deze rapportage bestaat niet of u heeft er geen toegang toe.';
const PERIOD_WORD: Record<PeriodKind, string> = { quarter: 'kwartaal', half: 'halfjaar', year: 'jaar' };
const FINAL = 'Deze rapportage is definitief: er kan niets meer aan worden veranderd.';

// ---------------------------------------------------------------------------------------------------------
// The organisation's world: units, regulations in force, bindings.

interface UnitLite {
  id: string;
  name: string;
  parent_id: string | null;
}

interface OrgWorld {
  units: UnitLite[];
  bindings: { roleKey: string; unitId: string | null; userId: string }[];
}

async function loadWorld(db: Kysely<DB>, organisationId: string): Promise<OrgWorld> {
  // Inside a read-only page the bindings come from the organisation's facts, read once with the need-to-know scope's.
  const [units, bindings] = await Promise.all([
    organisationUnits(db, organisationId),
    fromFactsInPage(
      db,
      organisationId,
      (f) => f.roles.bindings,
      () =>
        db
          .selectFrom('regulation_role_bindings')
          .select(['role_key', 'unit_id', 'user_id'])
          .where('organisation_id', '=', organisationId)
          .execute()
          .then((rows) => rows.map((b) => ({ roleKey: b.role_key, unitId: b.unit_id, userId: b.user_id }))),
    ),
  ]);
  return { units, bindings };
}

/** The unit and the units above it. */
function chainOf(world: OrgWorld, unitId: string | null): string[] {
  const parent = new Map(world.units.map((u) => [u.id, u.parent_id]));
  const chain: string[] = [];
  for (let u: string | null | undefined = unitId; u && !chain.includes(u); u = parent.get(u)) chain.push(u);
  return chain;
}

/**
 * Does `userId` hold regulation role `role` for a report's scope? A binding for the whole organisation holds
 * everywhere; a binding for a unit holds for reports on that unit or a unit below it.
 */
function holdsFor(world: OrgWorld, userId: string, role: string, unitId: string | null): boolean {
  const chain = chainOf(world, unitId);
  return world.bindings.some((b) => b.userId === userId && b.roleKey === role && (b.unitId === null || chain.includes(b.unitId)));
}

/** Does the actor hold a product role for the report's scope (organisation-wide grant, or a grant on the unit or above)? */
function productRoleFor(actor: Actor, world: OrgWorld, unitId: string | null, role: 'coordinator' | 'board'): boolean {
  if (actor.roles.some((g) => g.role === role && g.unitId === null)) return true;
  if (unitId === null) return false;
  return unitsWithRole(actor, world.units, role).has(unitId);
}

/** The regulation's definition of a report for a scope, with the regulation it comes from. */
interface ReportDefinition {
  report: Report;
  regulation: Regulation;
  versionId: string;
}

async function definitionFor(db: Kysely<DB>, organisationId: string, unitId: string | null, reportKey: string): Promise<ReportDefinition | null> {
  const active = await activeRegulation(db, organisationId, unitId);
  const report = active?.regulation.reporting.reports.find((r) => r.key === reportKey);
  return active && report ? { report, regulation: active.regulation, versionId: active.versionId } : null;
}

/** The definition a stored report was made under (its regulation version), falling back to today's regulation. */
async function definitionOfRow(db: Kysely<DB>, row: ReportRow): Promise<ReportDefinition | null> {
  if (row.regulation_version_id) {
    const v = await regulationVersion(db, row.organisation_id, row.regulation_version_id);
    const report = v.regulation.reporting.reports.find((r) => r.key === row.report_key);
    if (report) return { report, regulation: v.regulation, versionId: v.versionId };
  }
  return definitionFor(db, row.organisation_id, row.unit_id, row.report_key);
}

function roleLabel(regulation: Regulation, key: string): string {
  return roleLabelOf(regulation.roles, key);
}

/** The roles that record whether a report's recommendations are adopted: the one the regulation names, else its audience. */
function deciderRoles(def: ReportDefinition): string[] {
  return def.report.recommendationsDecidedBy ? [def.report.recommendationsDecidedBy.role] : def.report.audienceRoles;
}

/**
 * "het bestuur", "de directeur of de klachtencoördinator": the deciders' labels with their articles; where the regulation
 * names who decides in its own word, that word (003 "Rapportage / verantwoording": "De Directie … bepaalt").
 */
function decidersText(def: ReportDefinition): string {
  const named = def.report.recommendationsDecidedBy;
  if (named?.label) return withArticle(named.label);
  return deciderRoles(def).map((r) => withArticle(roleLabel(def.regulation, r))).join(' of ');
}

/**
 * The verb of "… of een aanbeveling wordt overgenomen": the regulation's where it names who decides (003: "bepaalt of
 * de aanbevelingen overgenomen … worden"), else the product's own ("legt vast": the audience records its choice).
 */
function decidersVerb(def: ReportDefinition): string {
  return def.report.recommendationsDecidedBy ? 'bepaalt' : 'legt vast';
}

// ---------------------------------------------------------------------------------------------------------
// Access.

export interface ReportAccess {
  /** May write the narrative, recommendations and finalise (author role or coordinator of the scope). */
  write: boolean;
  /** May read the report (drafts only with `write`). */
  read: boolean;
  /** May record the decision on recommendations (an audience role, or the board where the regulation names it). */
  decide: boolean;
  /** The board role always reads the board version (nothing personal, small counts as "< 5"). */
  audience: 'staff' | 'board';
}

function accessTo(actor: Actor, world: OrgWorld, def: ReportDefinition | null, row: { unit_id: string | null; status: 'draft' | 'final' }): ReportAccess {
  const author = def ? holdsFor(world, actor.userId, def.report.by, row.unit_id) : false;
  const write = author || productRoleFor(actor, world, row.unit_id, 'coordinator');
  const inAudience = def ? def.report.audienceRoles.some((r) => holdsFor(world, actor.userId, r, row.unit_id)) : false;
  const boardNamed = def ? def.report.audienceRoles.some((r) => def.regulation.roles.find((x) => x.key === r)?.productRoles.includes('board')) : false;
  const board = productRoleFor(actor, world, row.unit_id, 'board');
  // The role the regulation names for the recommendations (003: the directie, also for the bestuur's half-yearly
  // report) decides instead of the audience, and so reads the final report too.
  const named = def?.report.recommendationsDecidedBy?.role;
  const decider = named !== undefined && holdsFor(world, actor.userId, named, row.unit_id);
  const decide = row.status === 'final' && (named !== undefined ? decider : inAudience || (boardNamed && board));
  const read = write || (row.status === 'final' && (inAudience || board || decider));
  return { write, read, decide, audience: hasRole(actor, 'board') || !write ? 'board' : 'staff' };
}

/** Why the actor may not write this report, in Dutch with the article. */
function notAuthor(def: ReportDefinition | null): AppError {
  const author = def ? roleLabel(def.regulation, def.report.by) : null;
  // The coordinator in the regulation's own words (003 "klachtencoördinator", 001 "directie"), not the product's.
  const coordinator = theCoordinator({ roles: def?.regulation.roles ?? [] });
  const who = author ? `${withArticle(author)}${withArticle(author) === coordinator ? '' : ` of ${coordinator}`}${citeSource(def!.report.source)}` : coordinator;
  return new AppError('not_permitted', `Alleen ${who} mag deze rapportage maken en definitief maken.`);
}

export async function loadReport(db: Kysely<DB>, actor: Actor, id: string, opts: { lock?: boolean } = {}) {
  if (!isUuid(id)) throw notFound(NOT_VISIBLE);
  let q = db.selectFrom('reports').selectAll().where('id', '=', id).where('organisation_id', '=', actor.organisationId);
  if (opts.lock) q = q.forUpdate();
  const row = await q.executeTakeFirst();
  if (!row) throw notFound(NOT_VISIBLE);
  const [world, def] = await Promise.all([loadWorld(db, actor.organisationId), definitionOfRow(db, row)]);
  const access = accessTo(actor, world, def, row);
  if (!access.read) throw notFound(NOT_VISIBLE);
  return { row, def, access, world };
}

export async function loadWritableDraft(tx: Kysely<DB>, actor: Actor, id: string) {
  const loaded = await loadReport(tx, actor, id, { lock: true });
  if (!loaded.access.write) throw notAuthor(loaded.def);
  if (loaded.row.status !== 'draft') throw new AppError('conflict', FINAL);
  return loaded;
}

// ---------------------------------------------------------------------------------------------------------
// The organisation's choice for "periodiek" (000 art. 7.2, 002 art. 7.1).

const periodicKey = (organisationId: string) => `reports.periodicLength:${organisationId}`;

export async function periodicLength(db: Kysely<DB>, organisationId: string): Promise<PeriodKind | null> {
  const row = await db.selectFrom('settings').select('value').where('key', '=', periodicKey(organisationId)).executeTakeFirst();
  return isPeriodKind(row?.value) ? row.value : null;
}

export async function setPeriodicLength(db: Kysely<DB>, actor: Actor, value: string): Promise<void> {
  if (!hasRole(actor, 'coordinator', 'admin')) throw new AppError('forbidden', 'Alleen een klachtenfunctionaris of beheerder kiest hoe vaak de periodieke rapportage komt.');
  if (!isPeriodKind(value)) throw validationFailed([{ field: 'periodicLength', message: 'Kies per kwartaal, per halfjaar of per jaar.' }]);
  await db.transaction().execute(async (tx) => {
    await tx.insertInto('settings').values({ key: periodicKey(actor.organisationId), value }).onConflict((oc) => oc.column('key').doUpdateSet({ value })).execute();
    await audit(tx, { organisationId: actor.organisationId, actorUserId: actor.userId, action: 'report.periodic_length_set', subjectType: 'organisation', subjectId: actor.organisationId, details: { value } });
  });
}

// ---------------------------------------------------------------------------------------------------------
// What the regulation asks for.

export interface DueItem extends DueReport {
  /** The report already started for it (a draft), if any. */
  reportId: string | null;
  authorLabel: string;
  /** Who makes it is the organisation's choice, not the article's (`bySource`, 003). */
  authorChoice: boolean;
}

export interface ReportsDue {
  due: DueItem[];
  /** "Periodiek" reports waiting for the organisation's choice of length (asked on the reports page). */
  needsPeriodicLength: { key: string; title: string; article: string }[];
  /** The regulation's "periodiek" reports (for who may choose their length: coordinators and admins), chosen or not. */
  periodic: { key: string; article: string }[];
  periodicLength: PeriodKind | null;
}

/**
 * Every report of the organisation in brief (key, period, scope, status): the start page's reports due and its yearly
 * meeting both look at them, so inside a read-only page (read-memo.ts) they are read once.
 */
export function organisationReports(db: Kysely<DB>, organisationId: string) {
  return memoised(`reports|${organisationId}`, () => db.selectFrom('reports').select(['id', 'report_key', 'period', 'unit_id', 'status']).where('organisation_id', '=', organisationId).execute());
}

/**
 * The reports due on `day` that are not final yet, for the ones the actor makes (author role or coordinator
 * of the scope): per regulation in force, per scope, the last ended period of its cadence, unless that period ended
 * before that regulation's scope had a regulation in force (`regulationInForceSince` of its scope).
 */
export async function reportsDue(db: Kysely<DB>, actor: Actor, day: string = todayOf()): Promise<ReportsDue> {
  const [world, regs, length] = await Promise.all([loadWorld(db, actor.organisationId), regulationsInForce(db, actor.organisationId), periodicLength(db, actor.organisationId)]);
  // Per regulation in force, the day it applies to its scope since: a werkmaatschappij's own (004) from its own date.
  const sinces = await Promise.all(regs.map((r) => regulationInForceSince(db, actor.organisationId, r.unitId)));
  const ownScope = new Set(regs.map((r) => r.unitId).filter((u): u is string => u !== null));
  const topUnits: ReportScope[] = world.units.filter((u) => u.parent_id === null && !ownScope.has(u.id)).map((u) => ({ unitId: u.id, unitName: u.name }));
  const existing = await organisationReports(db, actor.organisationId);
  const due: DueItem[] = [];
  const needs: ReportsDue['needsPeriodicLength'] = [];
  const periodic: ReportsDue['periodic'] = [];
  for (const [i, r] of regs.entries()) {
    const since = sinces[i]!;
    const unit = r.unitId ? world.units.find((u) => u.id === r.unitId) : undefined;
    const scopes = reportScopes(r.regulation, unit ? { unitId: unit.id, unitName: unit.name } : null, topUnits);
    const result = reportsDueOn(r.regulation, { today: day, periodicLength: length, scopes, inForceSince: since });
    for (const d of result.due) {
      const def = { report: r.regulation.reporting.reports.find((x) => x.key === d.key)!, regulation: r.regulation, versionId: r.versionId };
      if (!accessTo(actor, world, def, { unit_id: d.unitId, status: 'draft' }).write) continue;
      const made = existing.find((e) => e.report_key === d.key && e.period === d.period.key && e.unit_id === d.unitId);
      if (made?.status === 'final') continue;
      due.push({ ...d, reportId: made?.id ?? null, authorLabel: roleLabel(r.regulation, d.by), authorChoice: reportAuthorIsChoice(def.report) });
    }
    if (hasRole(actor, 'coordinator', 'admin')) {
      for (const n of result.needsPeriodicLength) if (!needs.some((x) => x.key === n.key)) needs.push(n);
      for (const rep of r.regulation.reporting.reports) if (rep.cadence === 'periodic' && !periodic.some((x) => x.key === rep.key)) periodic.push({ key: rep.key, article: rep.source.article });
    }
  }
  return { due, needsPeriodicLength: needs, periodic, periodicLength: length };
}

/** The kinds of report the actor can start (for the "make a report" form): per regulation in force, its reports. */
export async function reportKinds(db: Kysely<DB>, actor: Actor): Promise<{ key: string; title: string; article: string; cadence: string }[]> {
  const regs = await regulationsInForce(db, actor.organisationId);
  const length = await periodicLength(db, actor.organisationId);
  const out: { key: string; title: string; article: string; cadence: string }[] = [];
  for (const r of regs)
    for (const rep of r.regulation.reporting.reports)
      if (!out.some((o) => o.key === rep.key))
        out.push({ key: rep.key, title: reportTitle(rep, reportPeriodKind(rep, length)), article: rep.source.article, cadence: rep.cadence });
  return out;
}

// ---------------------------------------------------------------------------------------------------------
// Start, list, read.

export const startReportInput = z.object({
  reportKey: z.string({ error: 'Kies welke rapportage.' }).trim().min(1, { error: 'Kies welke rapportage.' }),
  period: z.string({ error: 'Vul een periode in.' }).trim().min(1, { error: 'Vul een periode in, bijvoorbeeld 2026, 2026-H1 of 2026-Q3.' }),
  unitId: z.string().trim().nullish(),
});

/**
 * Starts the draft of a report for a period and scope; starting it again opens the one that exists (one per
 * report, period and scope). Only the author role or a coordinator of the scope.
 */
export async function startReport(db: Kysely<DB>, actor: Actor, input: z.input<typeof startReportInput>, now = new Date()): Promise<{ id: string; created: boolean }> {
  const data = parseInput(startReportInput, input);
  const unitId = data.unitId ? data.unitId : null;
  const world = await loadWorld(db, actor.organisationId);
  const unit = unitId ? world.units.find((u) => u.id === unitId) : null;
  if (unitId && !unit) throw validationFailed([{ field: 'unitId', message: 'Kies een eenheid van uw organisatie, of de hele organisatie.' }]);
  const p = parsePeriod(data.period);
  if (!p) throw validationFailed([{ field: 'period', message: 'Vul een periode in als 2026 (jaar), 2026-H1 (halfjaar) of 2026-Q3 (kwartaal).' }]);
  const def = await definitionFor(db, actor.organisationId, unitId, data.reportKey);
  if (!def) throw validationFailed([{ field: 'reportKey', message: 'Deze rapportage staat niet in de klachtenregeling die hier geldt.' }]);
  const length = await periodicLength(db, actor.organisationId);
  if (!periodFitsReport(def.report, p, length)) {
    const message =
      def.report.cadence === 'periodic' && !length
        ? `Kies eerst hoe vaak de periodieke rapportage komt${citeSource(def.report.source)}.`
        : `Deze rapportage gaat over een ${PERIOD_WORD[reportPeriodKind(def.report, length)!]}${citeSource(def.report.source)}. Vul zo'n periode in.`;
    throw validationFailed([{ field: 'period', message }]);
  }
  if (p.from > todayOf(now)) throw validationFailed([{ field: 'period', message: 'Deze periode is nog niet begonnen.' }]);
  if (!accessTo(actor, world, def, { unit_id: unitId, status: 'draft' }).write) throw notAuthor(def);
  return db.transaction().execute(async (tx) => {
    const inserted = await tx
      .insertInto('reports')
      .values({
        organisation_id: actor.organisationId,
        unit_id: unitId,
        report_key: def.report.key,
        regulation_version_id: def.versionId,
        period: p.key,
        period_from: p.from,
        period_to: p.to,
        title: fullReportTitle(def.report, p, unit?.name ?? null),
        narrative: JSON.stringify({}),
        created_by: actor.userId,
      })
      .onConflict((oc) => oc.doNothing())
      .returning('id')
      .executeTakeFirst();
    if (inserted) {
      await audit(tx, { organisationId: actor.organisationId, actorUserId: actor.userId, action: 'report.started', subjectType: 'report', subjectId: inserted.id, details: { reportKey: def.report.key, period: p.key, unitId } });
      return { id: inserted.id, created: true };
    }
    const existing = await tx
      .selectFrom('reports')
      .select('id')
      .where('organisation_id', '=', actor.organisationId)
      .where('report_key', '=', def.report.key)
      .where('period', '=', p.key)
      .where((eb) => (unitId ? eb('unit_id', '=', unitId) : eb('unit_id', 'is', null)))
      .executeTakeFirstOrThrow();
    return { id: existing.id, created: false };
  });
}

export interface ReportListItem {
  id: string;
  title: string;
  reportKey: string;
  period: string;
  periodFrom: string;
  periodTo: string;
  unitId: string | null;
  unitName: string | null;
  status: 'draft' | 'final';
  finalisedAt: Date | null;
  createdAt: Date;
  write: boolean;
}

/** The reports the actor may read: staff all they make (drafts and final) within their units; the board and audience roles final ones only. */
export async function listReports(db: Kysely<DB>, actor: Actor): Promise<ReportListItem[]> {
  const rows = await db
    .selectFrom('reports')
    .selectAll()
    .where('organisation_id', '=', actor.organisationId)
    .orderBy('period_to', 'desc')
    .orderBy('title')
    .execute();
  if (!rows.length) return [];
  const world = await loadWorld(db, actor.organisationId);
  const out: ReportListItem[] = [];
  for (const row of rows) {
    const access = accessTo(actor, world, await definitionOfRow(db, row), row);
    if (!access.read) continue;
    out.push({
      id: row.id,
      title: row.title,
      reportKey: row.report_key,
      period: row.period,
      periodFrom: row.period_from,
      periodTo: row.period_to,
      unitId: row.unit_id,
      unitName: row.unit_id ? (world.units.find((u) => u.id === row.unit_id)?.name ?? null) : null,
      status: row.status,
      finalisedAt: row.finalised_at,
      createdAt: row.created_at,
      write: access.write,
    });
  }
  return out;
}

export interface StoredRecommendation {
  id: string;
  position: number;
  text: string;
  decision: 'adopted' | 'not_adopted' | null;
  decisionNote: string | null;
  decidedByName: string | null;
  decidedAt: Date | null;
}

export interface ReportDetail {
  id: string;
  title: string;
  reportKey: string;
  period: Period;
  unitId: string | null;
  unitName: string | null;
  status: 'draft' | 'final';
  narrative: ReportNarrative;
  recommendations: StoredRecommendation[];
  article: string | null;
  /** The regulation's words for the author and the audience ("klachtencoördinator", "het bestuur"). */
  authorLabel: string | null;
  /** Who makes it is the organisation's choice (`bySource`): shown as such, not with the article. */
  authorChoice: boolean;
  audience: string | null;
  audienceLabels: string[];
  /** Who records whether a recommendation is adopted, with the article ("de directeur"), and where the regulation says so. */
  decidersText: string | null;
  /** "bepaalt" where the regulation names who decides (003), else "legt vast". */
  decidersVerb: string | null;
  decidersArticle: string | null;
  /** What the regulation says the report contains (003: "aantal klachten", "lijst met uitzonderlijke klachten", …). */
  contents: string[];
  /**
   * The regulation asks a list of exceptional complaints in this report (003 "Rapportage / verantwoording": "een lijst
   * met uitzonderlijke klachten"); else the draft does not ask for one (001's inventory has none).
   */
  asksExceptional: boolean;
  createdByName: string | null;
  finalisedAt: Date | null;
  finalisedByName: string | null;
  access: ReportAccess;
}

/** One report with its texts and recommendations, for the actor (404 when they may not read it). */
export async function getReport(db: Kysely<DB>, actor: Actor, id: string): Promise<ReportDetail> {
  const { row, def, access, world } = await loadReport(db, actor, id);
  const [recs, people] = await Promise.all([
    db
      .selectFrom('report_recommendations as r')
      .leftJoin('users as u', 'u.id', 'r.decided_by')
      .select(['r.id', 'r.position', 'r.text', 'r.decision', 'r.decision_note', 'r.decided_at', 'u.name as decided_by_name'])
      .where('r.report_id', '=', row.id)
      .orderBy('r.position')
      .execute(),
    db.selectFrom('users').select(['id', 'name']).where('id', 'in', [row.created_by ?? row.id, row.finalised_by ?? row.id]).execute(),
  ]);
  const nameOf = (userId: string | null) => (userId ? (people.find((p) => p.id === userId)?.name ?? null) : null);
  return {
    id: row.id,
    title: row.title,
    reportKey: row.report_key,
    period: parsePeriod(row.period)!,
    unitId: row.unit_id,
    unitName: row.unit_id ? (world.units.find((u) => u.id === row.unit_id)?.name ?? null) : null,
    status: row.status,
    narrative: narrativeOf(row.narrative),
    recommendations: recs.map((r) => ({
      id: r.id,
      position: r.position,
      text: r.text,
      decision: r.decision,
      decisionNote: r.decision_note,
      decidedByName: r.decided_by_name,
      decidedAt: r.decided_at,
    })),
    article: def?.report.source.article ?? null,
    authorLabel: def ? roleLabel(def.regulation, def.report.by) : null,
    authorChoice: def ? reportAuthorIsChoice(def.report) : false,
    audience: def?.report.audience ?? null,
    audienceLabels: def ? reportReaders(def.report, (r) => roleLabel(def.regulation, r)) : [],
    decidersText: def && deciderRoles(def).length ? decidersText(def) : null,
    decidersVerb: def && deciderRoles(def).length ? decidersVerb(def) : null,
    decidersArticle: def ? (def.report.recommendationsDecidedBy?.source.article ?? def.report.source.article) : null,
    contents: def?.report.contents ?? [],
    asksExceptional: asksExceptional(def?.report.contents ?? []),
    createdByName: nameOf(row.created_by),
    finalisedAt: row.finalised_at,
    finalisedByName: nameOf(row.finalised_by),
    access,
  };
}

/** The stored narrative, read defensively (only the three known parts, texts only). */
export function narrativeOf(raw: unknown): ReportNarrative {
  const n = (raw && typeof raw === 'object' ? raw : {}) as Record<string, unknown>;
  const text = (v: unknown) => (typeof v === 'string' && v.trim() ? v : undefined);
  const exceptional = Array.isArray(n.exceptional)
    ? n.exceptional.flatMap((e) => (e && typeof e === 'object' && typeof (e as { summary?: unknown }).summary === 'string' && (e as { summary: string }).summary.trim() ? [{ summary: (e as { summary: string }).summary }] : []))
    : [];
  const out: ReportNarrative = {};
  const analysis = text(n.analysis);
  const conclusions = text(n.conclusions);
  if (analysis) out.analysis = analysis;
  if (conclusions) out.conclusions = conclusions;
  if (exceptional.length) out.exceptional = exceptional;
  return out;
}

// ---------------------------------------------------------------------------------------------------------
// The narrative and the recommendations (drafts only).

const longText = (label: string) => z.string().max(20000, { error: `${label} mag hoogstens 20.000 tekens lang zijn.` }).optional();

export const narrativeInput = z.object({
  analysis: longText('De analyse'),
  conclusions: longText('De conclusies'),
  exceptional: z
    .array(z.object({ summary: z.string().max(1000, { error: 'Een samenvatting mag hoogstens 1.000 tekens lang zijn. Houd het kort.' }) }))
    .max(50, { error: 'Hoogstens 50 uitzonderlijke klachten.' })
    .optional(),
});

/** Saves the analysis, the conclusions and the exceptional complaints (short anonymised summaries); empty ones are left out. */
export async function saveNarrative(db: Kysely<DB>, actor: Actor, id: string, input: z.input<typeof narrativeInput>): Promise<void> {
  const data = parseInput(narrativeInput, input);
  await db.transaction().execute(async (tx) => {
    await loadWritableDraft(tx, actor, id);
    const narrative = narrativeOf({ analysis: data.analysis?.trim(), conclusions: data.conclusions?.trim(), exceptional: (data.exceptional ?? []).map((e) => ({ summary: e.summary.trim() })) });
    await tx.updateTable('reports').set({ narrative: JSON.stringify(narrative), updated_at: new Date() }).where('id', '=', id).execute();
    await audit(tx, { organisationId: actor.organisationId, actorUserId: actor.userId, action: 'report.narrative_saved', subjectType: 'report', subjectId: id, details: { exceptional: narrative.exceptional?.length ?? 0 } });
  });
}

const recommendationText = z
  .string({ error: 'Vul de aanbeveling in.' })
  .trim()
  .min(3, { error: 'Vul de aanbeveling in (minstens 3 tekens).' })
  .max(2000, { error: 'Een aanbeveling mag hoogstens 2.000 tekens lang zijn.' });

export async function addRecommendation(db: Kysely<DB>, actor: Actor, reportId: string, input: { text?: unknown }): Promise<{ id: string }> {
  const text = parseInput(z.object({ text: recommendationText }), input).text;
  return db.transaction().execute(async (tx) => {
    await loadWritableDraft(tx, actor, reportId);
    const last = await tx.selectFrom('report_recommendations').select((eb) => eb.fn.max('position').as('max')).where('report_id', '=', reportId).executeTakeFirst();
    const rec = await tx
      .insertInto('report_recommendations')
      .values({ organisation_id: actor.organisationId, report_id: reportId, position: Number(last?.max ?? 0) + 1, text })
      .returning('id')
      .executeTakeFirstOrThrow();
    await audit(tx, { organisationId: actor.organisationId, actorUserId: actor.userId, action: 'report.recommendation_added', subjectType: 'report', subjectId: reportId, details: { recommendationId: rec.id } });
    return rec;
  });
}

async function recommendationOf(tx: Kysely<DB>, actor: Actor, recId: string) {
  if (!isUuid(recId)) throw notFound('Deze aanbeveling bestaat niet.');
  const rec = await tx.selectFrom('report_recommendations').selectAll().where('id', '=', recId).where('organisation_id', '=', actor.organisationId).executeTakeFirst();
  if (!rec) throw notFound('Deze aanbeveling bestaat niet.');
  return rec;
}

export async function editRecommendation(db: Kysely<DB>, actor: Actor, recId: string, input: { text?: unknown }): Promise<void> {
  const text = parseInput(z.object({ text: recommendationText }), input).text;
  await db.transaction().execute(async (tx) => {
    const rec = await recommendationOf(tx, actor, recId);
    await loadWritableDraft(tx, actor, rec.report_id);
    await tx.updateTable('report_recommendations').set({ text }).where('id', '=', recId).execute();
    await audit(tx, { organisationId: actor.organisationId, actorUserId: actor.userId, action: 'report.recommendation_edited', subjectType: 'report', subjectId: rec.report_id, details: { recommendationId: recId } });
  });
}

export async function removeRecommendation(db: Kysely<DB>, actor: Actor, recId: string): Promise<void> {
  await db.transaction().execute(async (tx) => {
    const rec = await recommendationOf(tx, actor, recId);
    await loadWritableDraft(tx, actor, rec.report_id);
    await tx.deleteFrom('report_recommendations').where('id', '=', recId).execute();
    await audit(tx, { organisationId: actor.organisationId, actorUserId: actor.userId, action: 'report.recommendation_removed', subjectType: 'report', subjectId: rec.report_id, details: { recommendationId: recId } });
  });
}

/** Moves a recommendation one place up or down (swaps positions with its neighbour). */
export async function moveRecommendation(db: Kysely<DB>, actor: Actor, recId: string, direction: 'up' | 'down'): Promise<void> {
  await db.transaction().execute(async (tx) => {
    const rec = await recommendationOf(tx, actor, recId);
    await loadWritableDraft(tx, actor, rec.report_id);
    const neighbour = await tx
      .selectFrom('report_recommendations')
      .select(['id', 'position'])
      .where('report_id', '=', rec.report_id)
      .where('position', direction === 'up' ? '<' : '>', rec.position)
      .orderBy('position', direction === 'up' ? 'desc' : 'asc')
      .executeTakeFirst();
    if (!neighbour) return;
    await tx.updateTable('report_recommendations').set({ position: neighbour.position }).where('id', '=', rec.id).execute();
    await tx.updateTable('report_recommendations').set({ position: rec.position }).where('id', '=', neighbour.id).execute();
    await audit(tx, { organisationId: actor.organisationId, actorUserId: actor.userId, action: 'report.recommendation_moved', subjectType: 'report', subjectId: rec.report_id, details: { recommendationId: recId, direction } });
  });
}

// ---------------------------------------------------------------------------------------------------------
// The directie's decision per recommendation (003 "Rapportage / verantwoording").

export const decisionInput = z.object({
  decision: z.enum(['adopted', 'not_adopted'], { error: 'Kies of de aanbeveling wordt overgenomen.' }),
  note: z.string().trim().max(2000, { error: 'De toelichting mag hoogstens 2.000 tekens lang zijn.' }).optional(),
});

/**
 * Records whether a recommendation of a final report is adopted, by a user who holds the role the regulation names
 * for it (`recommendationsDecidedBy`; 003: de directie, for the half-yearly board report too), else one of the
 * report's audience roles, or a board member where the regulation names the board as audience.
 */
export async function decideRecommendation(db: Kysely<DB>, actor: Actor, recId: string, input: z.input<typeof decisionInput>, now = new Date()): Promise<void> {
  const data = parseInput(decisionInput, input);
  await db.transaction().execute(async (tx) => {
    const rec = await recommendationOf(tx, actor, recId);
    const { row, def, access } = await loadReport(tx, actor, rec.report_id, { lock: true });
    if (row.status !== 'final') throw new AppError('conflict', 'Over de aanbevelingen wordt beslist als de rapportage definitief is.');
    if (!access.decide) {
      const who = def && deciderRoles(def).length ? decidersText(def) : null;
      throw new AppError(
        'not_permitted',
        who
          ? `Alleen ${who} ${decidersVerb(def!)} of een aanbeveling wordt overgenomen${citeSource(def!.report.recommendationsDecidedBy?.source ?? def!.report.source)}.`
          : `De klachtenregeling noemt niemand die over de aanbevelingen van deze rapportage beslist${citeSource(def?.report.source)}.`,
      );
    }
    await tx
      .updateTable('report_recommendations')
      .set({ decision: data.decision, decision_note: data.note ? data.note : null, decided_by: actor.userId, decided_at: now })
      .where('id', '=', recId)
      .execute();
    await audit(tx, { organisationId: actor.organisationId, actorUserId: actor.userId, action: 'report.recommendation_decided', subjectType: 'report', subjectId: row.id, details: { recommendationId: recId, decision: data.decision } });
  });
}

/** For the measures lane and the pages: the report a recommendation belongs to (when the actor may read it). */
export async function reportOfRecommendation(db: Kysely<DB>, actor: Actor, recId: string): Promise<string> {
  const rec = await recommendationOf(db, actor, recId);
  await loadReport(db, actor, rec.report_id);
  return rec.report_id;
}


// ---------------------------------------------------------------------------------------------------------
// The document every output renders, and finalising (a frozen snapshot).

/**
 * The report as a ReportDocument for the actor. A draft's figures are computed live from the anonymous
 * statistics (core's buildReportDocument); a final report's are the frozen snapshot stored when it was
 * finalised, so later data never changes it. The board role always gets the board version; the staff
 * version can be asked for only by those who write the report.
 */
export async function reportDocumentOf(db: Kysely<DB>, actor: Actor, id: string, audience?: ReportAudience, now = new Date()): Promise<ReportDocument> {
  const detail = await getReport(db, actor, id);
  const shown: ReportAudience = detail.access.audience === 'board' ? (audience === 'public' ? 'public' : 'board') : (audience ?? 'staff');
  return documentOf(db, actor.organisationId, detail, shown, now);
}

async function documentOf(db: Kysely<DB>, organisationId: string, detail: ReportDetail, audience: ReportAudience, now: Date): Promise<ReportDocument> {
  const row = await db.selectFrom('reports').select(['figures', 'unit_id']).where('id', '=', detail.id).executeTakeFirstOrThrow();
  const staff = audience === 'staff';
  const recommendations = detail.recommendations.map((r) => ({
    id: r.id,
    position: r.position,
    text: r.text,
    decision: r.decision,
    decisionNote: r.decisionNote,
    ...(staff ? { decidedByName: r.decidedByName } : {}),
    decidedAt: r.decidedAt ? r.decidedAt.toISOString() : null,
  }));
  const common = {
    id: detail.id,
    title: detail.title,
    reportKey: detail.reportKey,
    article: detail.article,
    status: detail.status,
    audience,
    narrative: detail.narrative,
    asksExceptional: detail.asksExceptional,
    recommendations,
    finalisedAt: detail.finalisedAt ? detail.finalisedAt.toISOString() : null,
    author: shownAuthor(audience, detail.finalisedByName ?? detail.createdByName, detail.authorLabel),
  };
  if (detail.status === 'final' && row.figures) {
    const org = await db.selectFrom('organisations').select('name').where('id', '=', organisationId).executeTakeFirstOrThrow();
    return { ...common, figures: row.figures as unknown as ReportFigures, organisationName: org.name };
  }
  const live = await buildReportDocument(db, { organisationId, unitId: row.unit_id, period: detail.period, reportKey: detail.reportKey, audience, now });
  return { ...live, ...common };
}

/**
 * Makes a draft final: computes its figures once and stores them frozen with the date and who finalised it.
 * Later registrations, corrections or destroyed dossiers never change a final report. Only the author role or
 * a coordinator of the scope (the same rule as writing).
 */
export async function finaliseReport(db: Kysely<DB>, actor: Actor, id: string, now = new Date()): Promise<void> {
  await db.transaction().execute(async (tx) => {
    const { row } = await loadWritableDraft(tx, actor, id);
    const notEnded = periodNotEnded(parsePeriod(row.period)!, todayOf(now));
    if (notEnded) throw new AppError('period_not_ended', notEnded);
    const doc = await buildReportDocument(tx, { organisationId: actor.organisationId, unitId: row.unit_id, period: parsePeriod(row.period)!, reportKey: row.report_key, audience: 'staff', now });
    await tx
      .updateTable('reports')
      .set({ status: 'final', figures: JSON.stringify(doc.figures), finalised_at: now, finalised_by: actor.userId, updated_at: now })
      .where('id', '=', id)
      .execute();
    await audit(tx, { organisationId: actor.organisationId, actorUserId: actor.userId, action: 'report.finalised', subjectType: 'report', subjectId: id, details: { reportKey: row.report_key, period: row.period } });
  });
}

// ---------------------------------------------------------------------------------------------------------
// Help for the author: which complaints of the period were very serious or sensitive (staff only).

export interface ExceptionalCandidate {
  id: string;
  reference: string;
  receivedOn: string;
  severityLabel: string | null;
  sensitive: boolean;
}

/**
 * The complaints of the report's period and scope that were very serious (the regulation's heaviest severity
 * level) or sensitive, for the author of a draft to summarise as exceptional complaints (003 "lijst met
 * uitzonderlijke klachten"). Only the dossiers the actor may see (need-to-know); never part of the report itself.
 */
export async function exceptionalCandidates(db: Kysely<DB>, actor: Actor, reportId: string): Promise<ExceptionalCandidate[]> {
  const { row, def, access, world } = await loadReport(db, actor, reportId);
  if (!access.write || access.audience !== 'staff' || row.status !== 'draft') return [];
  const severity = def && !isNotPrescribed(def.regulation.classification.severity) ? def.regulation.classification.severity.levels : [];
  const heaviest = severity.length > 1 ? severity[severity.length - 1]! : null;
  const unitIds = row.unit_id ? [...subtreeOf(world.units, [row.unit_id])] : null;
  const scope = await complaintScope(db, actor);
  const rows = await db
    .selectFrom('complaints')
    .innerJoin('complaint_statistics as s', 's.complaint_id', 'complaints.id')
    .select(['complaints.id', 'complaints.reference', 's.received_on', 's.severity', 's.sensitive'])
    .where('complaints.organisation_id', '=', actor.organisationId)
    .where('complaints.id', 'in', db.selectFrom('complaints').select('complaints.id').where('complaints.organisation_id', '=', actor.organisationId).where(visibleTo(scope)))
    .where('s.received_on', '>=', row.period_from)
    .where('s.received_on', '<=', row.period_to)
    .where((eb) => eb.or([eb('s.sensitive', '=', true), ...(heaviest ? [eb('s.severity', '=', heaviest.key)] : [])]))
    .$if(unitIds !== null, (q) => q.where('s.unit_id', 'in', unitIds!.length ? unitIds! : ['00000000-0000-0000-0000-000000000000']))
    .orderBy('s.received_on')
    .limit(50)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    reference: r.reference,
    receivedOn: r.received_on,
    severityLabel: r.severity ? (severity.find((l) => l.key === r.severity)?.label ?? null) : null,
    sensitive: r.sensitive,
  }));
}
