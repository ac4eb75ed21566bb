import { sql, type Kysely, type Selectable } from 'kysely';
import { z } from 'zod';
import { formatDutchDate, isRecordDate, type IsoDate } from '../../domain/deadlines/index.ts';
import { citeSource, type Regulation } from '../../domain/regulation/index.ts';
import { decisionOutcomes } from '../../domain/workflow/index.ts';
import type { ReportAudience } from '../../domain/reports/document.ts';
import { meetingYearOwed } from '../../domain/reports/due.ts';
import type { ReportFigures } from '../../domain/reports/figures.ts';
import type { DB } from '../../db/types.ts';
import type { MeetingAgendaItem, MeetingsTable } from '../../db/types-gov.ts';
import { AppError, notFound, validationFailed } from '../../shared/errors.ts';
import { isUuid, parseInput } from '../../shared/validation.ts';
import { hasRole, type Actor } from '../actor.ts';
import { audit } from '../audit.ts';
import { createMeasure } from '../measures/measures.ts';
import { activeRegulation, regulationInForceSince, type ActiveRegulation } from '../regulations/regulations.ts';
import { organisationReports } from '../reports/reports.ts';

/**
 * The yearly meeting about the complaints and their analysis (ADR 0018; 000 art. 8, 002 art. 8): only where the
 * regulation has `reporting.meeting`. A meeting discusses one year (the year of the yearly analysis); it is due
 * in the year after. Planning it generates the agenda from what Klachtwijs holds for that year: the yearly
 * analysis or report (its figures: received, complaints, upheld, late), its recommendations and the directie's
 * decisions, the status of the improvement measures, and the standing items the regulation names (its meeting
 * description and its `reporting.measures`). Then the minutes, attendees and the measures decided are recorded.
 * Everything on the agenda is figures and texts written for reports: nothing personal.
 */
export type MeetingRow = Selectable<MeetingsTable>;

export interface MeetingRule {
  regulation: ActiveRegulation;
  meeting: NonNullable<Regulation['reporting']['meeting']>;
  preparedByLabel: string;
}

async function meetingRule(db: Kysely<DB>, organisationId: string): Promise<MeetingRule | null> {
  const active = await activeRegulation(db, organisationId, null);
  const meeting = active?.regulation.reporting.meeting;
  if (!active || !meeting) return null;
  return { regulation: active, meeting, preparedByLabel: active.regulation.roles.find((r) => r.key === meeting.preparedBy)?.label ?? meeting.preparedBy };
}

/** Whether the organisation's regulation has a yearly meeting (000/002 art. 8); 003 has none, so no link to it. */
export async function hasYearlyMeeting(db: Kysely<DB>, organisationId: string): Promise<boolean> {
  return (await meetingRule(db, organisationId)) !== null;
}

/**
 * Coordinators, admins and the holders of the role that prepares the meeting (000/002 art. 8: klachtenfunctionaris)
 * for the whole organisation: the meeting is the organisation's ("binnen de organisatie besproken", 002 art. 8.1), so
 * a binding for one unit (a handler who is the klachtenfunctionaris of a team) does not make its preparer, as a review
 * of the organisation's regulation is approved only by an organisation-wide binding (review.ts).
 */
async function mayPrepare(db: Kysely<DB>, actor: Actor, rule: MeetingRule): Promise<boolean> {
  if (hasRole(actor, 'admin', 'coordinator')) return true;
  const bound = await db
    .selectFrom('regulation_role_bindings')
    .select('id')
    .where('organisation_id', '=', actor.organisationId)
    .where('user_id', '=', actor.userId)
    .where('role_key', '=', rule.meeting.preparedBy)
    .where('unit_id', 'is', null)
    .executeTakeFirst();
  return bound !== undefined;
}

function refusal(rule: MeetingRule): string {
  return `Het jaaroverleg wordt voorbereid door de ${rule.preparedByLabel}${citeSource(rule.meeting.source)}. Alleen die rol, een klachtenfunctionaris of een beheerder kan het plannen en vastleggen.`;
}

export interface MeetingsOverview {
  rule: MeetingRule | null;
  mayPrepare: boolean;
  /**
   * The year whose meeting is due now: the previous calendar year, or where that year ended before the regulation was
   * in force (000/002 art. 8 is about the complaints handled under it), the first year it was in force.
   */
  dueYear: number;
  meetings: MeetingRow[];
}

export async function meetingsOverview(db: Kysely<DB>, actor: Actor, today: IsoDate): Promise<MeetingsOverview> {
  const rule = await meetingRule(db, actor.organisationId);
  const may = rule ? await mayPrepare(db, actor, rule) : false;
  if (!may && !hasRole(actor, 'board')) throw new AppError('forbidden', 'Deze pagina is voor wie het jaaroverleg voorbereidt, klachtenfunctionarissen en het bestuur.');
  const meetings = await db.selectFrom('meetings').selectAll().where('organisation_id', '=', actor.organisationId).orderBy('year', 'desc').execute();
  const since = await regulationInForceSince(db, actor.organisationId, null);
  const lastYear = Number(today.slice(0, 4)) - 1;
  return { rule, mayPrepare: may, dueYear: meetingYearOwed(lastYear, since) ? lastYear : Number(since.slice(0, 4)), meetings };
}

export interface MeetingDue {
  year: number;
  meeting: MeetingRow | null;
  /** The yearly analysis of that year is final (the meeting discusses it). */
  analysisFinal: boolean;
  preparedByLabel: string;
  article: string;
}

/**
 * The meeting due now for the start page: the meeting about last year, not yet held, shown to the holders of the
 * preparing role, coordinators and admins. Null when the regulation has no meeting, last year ended before the
 * regulation was in force (nothing was handled under it: 000/002 art. 8), or the meeting was held.
 */
export async function meetingsDue(db: Kysely<DB>, actor: Actor, today: IsoDate): Promise<MeetingDue | null> {
  const rule = await meetingRule(db, actor.organisationId);
  if (!rule || !(await mayPrepare(db, actor, rule))) return null;
  const year = Number(today.slice(0, 4)) - 1;
  if (!meetingYearOwed(year, await regulationInForceSince(db, actor.organisationId, null))) return null;
  const meeting = await db.selectFrom('meetings').selectAll().where('organisation_id', '=', actor.organisationId).where('unit_id', 'is', null).where('year', '=', year).executeTakeFirst();
  if (meeting?.status === 'held') return null;
  return { year, meeting: meeting ?? null, analysisFinal: await yearlyReportFinal(db, actor.organisationId, rule.regulation.regulation, year), preparedByLabel: rule.preparedByLabel, article: rule.meeting.source.article };
}

/** Whether the organisation's yearly report of `year` is final: what yearlyReport would find, from the memoised brief read. */
async function yearlyReportFinal(db: Kysely<DB>, organisationId: string, regulation: Regulation, year: number): Promise<boolean> {
  const keys = regulation.reporting.reports.filter((r) => r.cadence === 'yearly').map((r) => r.key);
  return (await organisationReports(db, organisationId)).some((r) => r.unit_id === null && r.period === String(year) && keys.includes(r.report_key) && r.status === 'final');
}

/** The yearly analysis (or yearly report) of `year` for the whole organisation, preferring a final one and an analysis. */
async function yearlyReport(db: Kysely<DB>, organisationId: string, regulation: Regulation, year: number) {
  const yearly = regulation.reporting.reports.filter((r) => r.cadence === 'yearly');
  if (!yearly.length) return null;
  const rows = await db
    .selectFrom('reports')
    .select(['id', 'report_key', 'title', 'status', 'figures'])
    .where('organisation_id', '=', organisationId)
    .where('unit_id', 'is', null)
    .where('period', '=', String(year))
    .where(
      'report_key',
      'in',
      yearly.map((r) => r.key),
    )
    .execute();
  const rank = (r: (typeof rows)[number]) => (r.status === 'final' ? 0 : 2) + (yearly.find((y) => y.key === r.report_key)?.kind === 'analysis' ? 0 : 1);
  return rows.sort((a, b) => rank(a) - rank(b))[0] ?? null;
}

const UPHELD = ['upheld', 'partly_upheld'];

/** The figures summary of the year: from the final report's frozen figures, else live from the anonymous records. */
async function figuresSummary(db: Kysely<DB>, organisationId: string, year: number, frozen: ReportFigures | null): Promise<NonNullable<MeetingAgendaItem['figures']> & { upheld: number }> {
  if (frozen?.current) {
    const outcome = frozen.current.breakdowns.find((b) => b.key === 'outcome');
    return {
      received: frozen.current.received,
      complaints: frozen.current.complaints,
      upheld: (outcome?.rows ?? []).filter((r) => UPHELD.includes(r.key)).reduce((n, r) => n + r.count, 0),
      late: frozen.current.terms.find((t) => t.key === 'decision')?.late ?? 0,
      final: true,
    };
  }
  const row = await db
    .selectFrom('complaint_statistics')
    .select([
      sql<string>`count(*)`.as('received'),
      sql<string>`count(*) filter (where kind = 'complaint')`.as('complaints'),
      sql<string>`count(*) filter (where outcome in ('upheld', 'partly_upheld'))`.as('upheld'),
      sql<string>`count(*) filter (where (terms->'decision'->>'late')::boolean)`.as('late'),
    ])
    .where('organisation_id', '=', organisationId)
    .where('received_on', '>=', `${year}-01-01`)
    .where('received_on', '<=', `${year}-12-31`)
    .executeTakeFirstOrThrow();
  return { received: Number(row.received), complaints: Number(row.complaints), upheld: Number(row.upheld), late: Number(row.late), final: false };
}

/** The agenda generated for the meeting about `year` (see the module comment). */
export async function generateAgenda(db: Kysely<DB>, organisationId: string, rule: MeetingRule, year: number, asOf: IsoDate): Promise<MeetingAgendaItem[]> {
  const reg = rule.regulation.regulation;
  const items: MeetingAgendaItem[] = [
    { kind: 'standing', title: 'Opening en doel van het overleg', text: rule.meeting.description, article: rule.meeting.source.article },
  ];
  const report = await yearlyReport(db, organisationId, reg, year);
  const summary = await figuresSummary(db, organisationId, year, report?.status === 'final' ? (report.figures as unknown as ReportFigures | null) : null);
  // "Gegrond of deels gegrond" only where the regulation judges the merits (handling.decision.outcomes).
  const figures = decisionOutcomes(reg.handling.decision).judgesMerits ? summary : { ...summary, upheld: null };
  const spec = reg.reporting.reports.find((r) => r.key === report?.report_key) ?? reg.reporting.reports.find((r) => r.cadence === 'yearly');
  items.push({
    kind: 'analysis',
    title: report ? `Bespreking: ${report.title}` : `Bespreking van de klachten over ${year}`,
    text: report
      ? report.status === 'final'
        ? 'De jaaranalyse is vastgesteld; de cijfers hieronder komen uit de vastgestelde versie.'
        : 'De jaaranalyse is nog een concept; de cijfers hieronder zijn de cijfers van vandaag.'
      : 'Er is nog geen jaaranalyse over dit jaar gemaakt; de cijfers hieronder komen rechtstreeks uit de registratie.',
    ...(report ? { reportId: report.id } : {}),
    figures,
    ...(spec ? { article: spec.source.article } : {}),
  });
  if (report) {
    const recs = await db
      .selectFrom('report_recommendations')
      .select(['id', 'text', 'decision'])
      .where('report_id', '=', report.id)
      .orderBy('position')
      .execute();
    items.push({
      kind: 'recommendations',
      title: 'Aanbevelingen uit de analyse en de besluiten daarover',
      text: recs.length ? 'Per aanbeveling: is zij overgenomen?' : 'De analyse bevat geen aanbevelingen.',
      recommendations: recs.map((r) => ({ id: r.id, text: r.text, decision: r.decision === 'adopted' || r.decision === 'not_adopted' ? r.decision : null })),
    });
  }
  const m = await db
    .selectFrom('improvement_measures')
    .select([
      sql<string>`count(*) filter (where status in ('planned', 'in_progress'))`.as('open'),
      sql<string>`count(*) filter (where status in ('planned', 'in_progress') and due_on < ${asOf})`.as('overdue'),
      sql<string>`count(*) filter (where status = 'done' and completed_on between ${`${year}-01-01`} and ${`${year}-12-31`})`.as('done'),
    ])
    .where('organisation_id', '=', organisationId)
    .executeTakeFirstOrThrow();
  items.push({
    kind: 'measures',
    title: 'Stand van de verbetermaatregelen',
    text: 'Welke maatregelen lopen, welke zijn te laat, welke zijn in het jaar afgerond?',
    measures: { open: Number(m.open), overdue: Number(m.overdue), doneInYear: Number(m.done) },
  });
  for (const measure of reg.reporting.measures) {
    items.push({ kind: 'standing', title: 'Uit de klachtenregeling', text: measure.text, article: measure.source.article });
  }
  items.push({ kind: 'other', title: 'Besluiten over nieuwe maatregelen en afspraken', text: 'Welke maatregelen worden genomen, wie is eigenaar en wanneer is het klaar?' });
  return items;
}

const planInput = z.object({
  year: z.coerce.number({ error: 'Kies het jaar dat wordt besproken.' }).int({ error: 'Kies het jaar dat wordt besproken.' }).min(2000, { error: 'Kies het jaar dat wordt besproken.' }).max(2100, { error: 'Kies het jaar dat wordt besproken.' }),
  plannedOn: z.string({ error: 'Vul de datum van het overleg in.' }).refine(isRecordDate, { error: 'Vul een bestaande datum in, bijvoorbeeld 2027-03-15.' }),
  attendees: z.string().trim().max(2000, { error: 'Hoogstens 2.000 tekens.' }).optional(),
  /** "ja": the meeting was already held on `plannedOn` and is recorded afterwards (then the date lies in the past). */
  heldAlready: z.string().optional(),
});

/**
 * Plans the meeting about `year` with a generated agenda; planning again (before it is held) makes the agenda anew.
 * A date in the past is a slip unless the user says the meeting was already held and is recorded afterwards (a
 * klachtenfunctionaris may enter a meeting after it took place); a meeting held already has no date in the future.
 */
export async function planMeeting(tx: Kysely<DB>, actor: Actor, input: z.input<typeof planInput>, asOf: IsoDate): Promise<{ id: string }> {
  const rule = await meetingRule(tx, actor.organisationId);
  if (!rule) throw new AppError('not_permitted', 'De klachtenregeling schrijft geen jaaroverleg voor.');
  if (!(await mayPrepare(tx, actor, rule))) throw new AppError('not_permitted', refusal(rule));
  const data = parseInput(planInput, input);
  const heldAlready = data.heldAlready === 'ja';
  if (!heldAlready && data.plannedOn < asOf)
    throw validationFailed([{ field: 'plannedOn', message: 'Deze datum is al voorbij. Kies een datum vanaf vandaag, of vink hieronder aan dat het overleg al is gehouden.' }]);
  if (heldAlready && data.plannedOn > asOf) throw validationFailed([{ field: 'plannedOn', message: 'Een overleg dat al is gehouden, heeft een datum van vandaag of eerder.' }]);
  // 000/002 art. 8: the meeting discusses the complaint data (and its analysis) under the regulation. A year that ended
  // before the regulation was in force has none: no meeting about it (walkthrough: its agenda counted 0), as no report
  // is owed for such a period (meetingYearOwed, ADR 0015 addendum).
  const since = await regulationInForceSince(tx, actor.organisationId, null);
  if (!meetingYearOwed(data.year, since)) {
    throw validationFailed([
      {
        field: 'year',
        message: `Over ${data.year} is er geen jaaroverleg: de klachtenregeling geldt sinds ${formatDutchDate(since)}, en het overleg gaat over de klachten onder de regeling${citeSource(rule.meeting.source)}. Kies ${since.slice(0, 4)} of later.`,
      },
    ]);
  }
  // 000/002 art. 8: the meeting discusses a year's complaint data and its yearly analysis (art. 7). A year that has not
  // begun has neither (walkthrough: the agenda and the reports counted nothing). The current year may be planned: the
  // regulation says "eenmaal per jaar", not when in the year after; its agenda is made anew when it is planned again.
  const thisYear = Number(asOf.slice(0, 4));
  if (data.year > thisYear) {
    throw validationFailed([
      {
        field: 'year',
        message: `Over ${data.year} is er nog geen jaaroverleg: dat jaar is nog niet begonnen. Het overleg bespreekt de klachtgegevens van een jaar en de analyse daarvan${citeSource(rule.meeting.source)}. Kies ${thisYear} of eerder.`,
      },
    ]);
  }
  const agenda = await generateAgenda(tx, actor.organisationId, rule, data.year, asOf);
  const existing = await tx.selectFrom('meetings').selectAll().where('organisation_id', '=', actor.organisationId).where('unit_id', 'is', null).where('year', '=', data.year).forUpdate().executeTakeFirst();
  if (existing?.status === 'held') throw new AppError('conflict', `Het jaaroverleg over ${data.year} is al gehouden.`);
  let id: string;
  if (existing) {
    await tx
      .updateTable('meetings')
      .set({ planned_on: data.plannedOn, agenda: JSON.stringify(agenda), ...(data.attendees !== undefined ? { attendees: data.attendees } : {}), updated_at: new Date() })
      .where('id', '=', existing.id)
      .execute();
    id = existing.id;
  } else {
    const row = await tx
      .insertInto('meetings')
      .values({ organisation_id: actor.organisationId, unit_id: null, year: data.year, planned_on: data.plannedOn, agenda: JSON.stringify(agenda), attendees: data.attendees ?? '', created_by: actor.userId })
      .returning('id')
      .executeTakeFirstOrThrow();
    id = row.id;
  }
  await audit(tx, { organisationId: actor.organisationId, actorUserId: actor.userId, action: existing ? 'meeting.replanned' : 'meeting.planned', subjectType: 'meeting', subjectId: id, details: { year: data.year } });
  return { id };
}

const minutesInput = z.object({
  heldOn: z.string({ error: 'Vul de datum in waarop het overleg is gehouden.' }).refine(isRecordDate, { error: 'Vul een bestaande datum in, bijvoorbeeld 2027-03-15.' }),
  minutes: z.string({ error: 'Schrijf het verslag van het overleg.' }).trim().min(1, { error: 'Schrijf het verslag van het overleg.' }).max(50000, { error: 'Het verslag mag hoogstens 50.000 tekens lang zijn.' }),
  attendees: z.string().trim().max(2000, { error: 'Hoogstens 2.000 tekens.' }).optional(),
});

/** Records the minutes: the meeting is held. Minutes can be corrected afterwards (each change audited). */
export async function recordMinutes(tx: Kysely<DB>, actor: Actor, id: string, input: z.input<typeof minutesInput>, today: IsoDate): Promise<void> {
  const rule = await meetingRule(tx, actor.organisationId);
  if (!rule) throw new AppError('not_permitted', 'De klachtenregeling schrijft geen jaaroverleg voor.');
  if (!(await mayPrepare(tx, actor, rule))) throw new AppError('not_permitted', refusal(rule));
  const meeting = await loadMeeting(tx, actor, id, { lock: true });
  const data = parseInput(minutesInput, input);
  if (data.heldOn > today) throw validationFailed([{ field: 'heldOn', message: 'Het overleg kan niet in de toekomst zijn gehouden.' }]);
  await tx
    .updateTable('meetings')
    .set({ held_on: data.heldOn, minutes: data.minutes, ...(data.attendees !== undefined ? { attendees: data.attendees } : {}), status: 'held', updated_at: new Date() })
    .where('id', '=', id)
    .execute();
  await audit(tx, { organisationId: actor.organisationId, actorUserId: actor.userId, action: meeting.status === 'held' ? 'meeting.minutes_corrected' : 'meeting.held', subjectType: 'meeting', subjectId: id, details: { year: meeting.year } });
}

async function loadMeeting(db: Kysely<DB>, actor: Actor, id: string, opts: { lock?: boolean } = {}): Promise<MeetingRow> {
  if (!isUuid(id)) throw notFound('Dit jaaroverleg bestaat niet.');
  let q = db.selectFrom('meetings').selectAll().where('id', '=', id).where('organisation_id', '=', actor.organisationId);
  if (opts.lock) q = q.forUpdate();
  const row = await q.executeTakeFirst();
  if (!row) throw notFound('Dit jaaroverleg bestaat niet.');
  return row;
}

/** One meeting to read: for those who prepare it and for the board (the agenda holds nothing personal). */
export async function meetingView(
  db: Kysely<DB>,
  actor: Actor,
  id: string,
): Promise<{ meeting: MeetingRow; rule: MeetingRule | null; mayPrepare: boolean; audience: ReportAudience; measures: Awaited<ReturnType<typeof decidedMeasures>> }> {
  const rule = await meetingRule(db, actor.organisationId);
  const may = rule ? await mayPrepare(db, actor, rule) : false;
  if (!may && !hasRole(actor, 'board')) throw notFound('Dit jaaroverleg bestaat niet.');
  const meeting = await loadMeeting(db, actor, id);
  // As a report (reports.ts accessTo): the board, and whoever only reads, gets the board's version of the figures.
  const audience: ReportAudience = hasRole(actor, 'board') || !may ? 'board' : 'staff';
  return { meeting, rule, mayPrepare: may, audience, measures: await decidedMeasures(db, actor.organisationId, meeting.year) };
}

/** The note that ties a measure to the meeting that decided it (one meeting per organisation and year). */
export function meetingSourceNote(year: number): string {
  return `Besloten in het jaaroverleg over ${year}`;
}

/**
 * A measure decided in the meeting (000 art. 8.2 "maatregelen ter verbetering worden voorbereid en gepland",
 * art. 9): put in the improvement register through the register's own rules (createMeasure: who may, unit,
 * owner), with the meeting as its source, in one transaction.
 */
export async function recordDecidedMeasure(
  tx: Kysely<DB>,
  actor: Actor,
  meetingId: string,
  input: { title: string; description?: string; dueOn?: string },
): Promise<{ id: string }> {
  const rule = await meetingRule(tx, actor.organisationId);
  if (!rule) throw new AppError('not_permitted', 'De klachtenregeling schrijft geen jaaroverleg voor.');
  if (!(await mayPrepare(tx, actor, rule))) throw new AppError('not_permitted', refusal(rule));
  const meeting = await loadMeeting(tx, actor, meetingId, { lock: true });
  const description = input.description?.trim();
  const dueOn = input.dueOn?.trim();
  const made = await createMeasure(tx, actor, {
    title: input.title,
    ...(description ? { description } : {}),
    ...(dueOn ? { dueOn } : {}),
    sources: [{ kind: 'meeting', note: meetingSourceNote(meeting.year) }],
  });
  await audit(tx, { organisationId: actor.organisationId, actorUserId: actor.userId, action: 'meeting.measure_decided', subjectType: 'meeting', subjectId: meetingId, details: { measureId: made.id } });
  return made;
}

/** The measures the meeting decided: title, status and due date (no owner: the board reads this). */
export async function decidedMeasures(db: Kysely<DB>, organisationId: string, year: number) {
  return db
    .selectFrom('improvement_measures as m')
    .innerJoin('measure_sources as s', 's.measure_id', 'm.id')
    .select(['m.id', 'm.title', 'm.status', 'm.due_on'])
    .where('m.organisation_id', '=', organisationId)
    .where('s.kind', '=', 'meeting')
    .where('s.note', '=', meetingSourceNote(year))
    .orderBy('m.created_at')
    .execute();
}
