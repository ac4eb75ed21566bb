/**
 * `computeFigures`: the figures of a report from anonymous statistical records (ADR 0015). Pure: the caller
 * loads the records (received up to the period's end, from the earliest period compared) and passes the
 * regulation for the labels. What counts where:
 * - breakdowns count the registrations RECEIVED in the period (outcome: the complaints DECIDED in it);
 * - timeliness counts the terms MET in the period (on time or late, calendar days from receipt), and the
 *   acknowledgement and decision terms still unmet and past due at the period's end;
 * - open at the end: complaints received up to the end whose procedure had not ended by then; overdue: of
 *   those, the ones whose decision term ended before the period's end; for a period still running, "the end" is
 *   today (`asOf`): an interim count, and a term whose due day has not come is never counted as passed;
 * - trends: see TREND_RULE; compared only with earlier periods the organisation already registered in.
 */
import { EXTERNAL_BODY_KIND_LABELS, OUTCOMES } from '../workflow/actions.ts';
import { dayZero, describeTerm, type Term } from '../deadlines/index.ts';
import { deadlineLabel } from '../workflow/due-dates.ts';
import { decisionOutcomes, decisionWordsOf, outcomeLabel, policyFromRegulation, type WorkflowPolicy } from '../workflow/policy.ts';
import { consultInRegulation, escalationTargets } from '../workflow/guards.ts';
import { escalationKind } from '../workflow/regulation-roles.ts';
import { RECORD_KIND_LABELS, RECORD_KINDS } from '../workflow/states.ts';
import { CHANNELS, COMPLAINANT_KIND_LABELS, COMPLAINANT_KINDS, isNotPrescribed, type Regulation } from '../regulation/schema.ts';
import type { Breakdown, CountRow, MeasuresStatus, PeriodFigures, ReportFigures, ReportSteps, TermFigures, Trend } from './figures.ts';
import { precedingPeriods, previousPeriod, sameLastYear, type Period } from './periods.ts';
import type { StatisticsExternal, StatisticsTerm } from './statistics.ts';
import { capitalise } from '../../shared/text.ts';

/** A statistical record as read from `complaint_statistics` (the fields figures use). */
export interface StatisticsRecordInput {
  kind: string;
  status: string;
  channel: string;
  relation: string | null;
  unit_id: string | null;
  received_on: string;
  ended_on: string | null;
  decided_on: string | null;
  classification: Record<string, string[]>;
  severity: string | null;
  sensitive: boolean;
  inadmissible_ground: string | null;
  outcome: string | null;
  terms: Record<string, StatisticsTerm>;
  escalations: string[];
  /**
   * Per role of `escalations`, the step's kind when it happened (session 15). Absent (a record made by hand): the
   * regulation the report reads decides, as before.
   */
  escalation_kinds?: Record<string, 'handover' | 'consult'>;
  external: StatisticsExternal[];
  satisfied: boolean | null;
}

export interface FiguresInput {
  regulation: Regulation;
  period: Period;
  scope: { organisationName: string; unitName: string | null };
  /** Units in scope (for the labels of the unit breakdown). */
  units: readonly { id: string; name: string }[];
  records: readonly StatisticsRecordInput[];
  /** The first day the organisation (scope) registered anything; earlier periods are not compared for trends. */
  dataSince: string | null;
  /**
   * The day the regulation is in force since (due.ts `inForceSince`). A compared period that ended before it counted
   * nothing under the regulation: it is marked `notCounted` (shown as "–", not 0) and is no trend period.
   */
  inForceSince?: string;
  measures: MeasuresStatus;
  now: Date;
}

/** How many earlier periods a trend is compared with. */
export const TREND_PERIODS = 4;
export const TREND_RULE =
  'Een trend is gemarkeerd als een aantal in deze periode minstens de helft hoger of lager is dan het gemiddelde van de vier periodes ervoor ' +
  '(alleen periodes waarin al werd geregistreerd), en het verschil minstens 5 is.';

const CHANNEL_REPORT_LABELS: Record<string, string> = {
  web_form: 'Klachtenformulier',
  letter: 'Brief',
  email: 'E-mail',
  phone: 'Telefoon',
  in_person: 'Persoonlijk',
  social_media: 'Sociale media',
};
const NONE = '_none';
const inPeriod = (day: string | null | undefined, p: Period) => !!day && day >= p.from && day <= p.to;

function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/** Nearest-rank percentile of sorted numbers; null for none. */
export function percentile(sorted: readonly number[], q: number): number | null {
  if (!sorted.length) return null;
  const rank = Math.max(1, Math.ceil(q * sorted.length));
  return sorted[rank - 1] ?? null;
}

function median(sorted: readonly number[]): number | null {
  if (!sorted.length) return null;
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] ?? null) : ((sorted[mid - 1]! + sorted[mid]!) / 2);
}

interface Dimension {
  key: string;
  title: string;
  article?: string;
  /** Known values in order, with labels; values met that are not listed are added with their key as label. */
  values: { key: string; label: string }[];
  /** The values a record counts under (none: not counted in this breakdown). */
  of: (r: StatisticsRecordInput) => readonly string[];
  /** Only these records are counted (default: all received in the period). */
  where?: (r: StatisticsRecordInput) => boolean;
  /** Trends are marked on this breakdown. */
  trends: boolean;
}

function dimensions(input: FiguresInput): Dimension[] {
  const reg = input.regulation;
  const isComplaint = (r: StatisticsRecordInput) => r.kind === 'complaint';
  const dims: Dimension[] = [
    {
      key: 'kind',
      title: 'Soort melding',
      values: RECORD_KINDS.map((k) => ({ key: k, label: RECORD_KIND_LABELS[k] })),
      of: (r) => [r.kind],
      trends: true,
    },
    {
      key: 'channel',
      title: 'Hoe de melding binnenkwam',
      values: CHANNELS.map((c) => ({ key: c, label: CHANNEL_REPORT_LABELS[c] ?? c })),
      of: (r) => [r.channel],
      trends: true,
    },
  ];
  for (const d of reg.classification.dimensions) {
    dims.push({
      key: `class:${d.key}`,
      title: d.label,
      article: d.source.article,
      values: [...d.options.map((o) => ({ key: o.key, label: o.code ? `${o.code} ${o.label}` : o.label })), { key: NONE, label: 'Niet ingedeeld' }],
      of: (r) => (r.classification[d.key]?.length ? r.classification[d.key]! : [NONE]),
      where: isComplaint,
      trends: true,
    });
  }
  const severity = reg.classification.severity;
  if (!isNotPrescribed(severity)) {
    dims.push({
      key: 'severity',
      title: 'Ernst',
      article: severity.source.article,
      values: [...severity.levels.map((l) => ({ key: l.key, label: l.label })), { key: NONE, label: 'Niet bepaald' }],
      of: (r) => [r.severity ?? NONE],
      where: isComplaint,
      trends: true,
    });
  }
  const sensitive = reg.classification.sensitive;
  if (!isNotPrescribed(sensitive)) {
    dims.push({
      key: 'sensitive',
      title: capitalise(sensitive.label),
      article: sensitive.source.article,
      values: [
        { key: 'yes', label: 'Ja' },
        { key: 'no', label: 'Nee' },
      ],
      of: (r) => [r.sensitive ? 'yes' : 'no'],
      where: isComplaint,
      trends: false,
    });
  }
  if (input.units.length > 1) {
    dims.push({
      key: 'unit',
      title: 'Eenheid',
      values: [...input.units.map((u) => ({ key: u.id, label: u.name })), { key: NONE, label: 'Onbekend' }],
      of: (r) => [r.unit_id && input.units.some((u) => u.id === r.unit_id) ? r.unit_id : NONE],
      trends: true,
    });
  }
  dims.push(
    {
      key: 'relation',
      title: 'Wie de melding deed',
      values: [
        // In the regulation's own words where it names the kind (001: "iedereen die contact heeft gehad met HSS").
        ...COMPLAINANT_KINDS.map((k) => ({ key: k, label: capitalise(reg.intake.complainants.kinds.find((x) => x.kind === k)?.label ?? COMPLAINANT_KIND_LABELS[k]) })),
        { key: 'other', label: 'Iemand anders' },
        { key: NONE, label: 'Niet vastgelegd' },
      ],
      of: (r) => [r.relation ?? NONE],
      trends: false,
    },
  );
  // Only where the regulation has grounds to declare a complaint inadmissible (002 art. 5, the models): 000, 001, 003
  // and 004 have none, and a table of "Ontvankelijk" alone says nothing the regulation knows.
  if (reg.admissibility.grounds.length) {
    dims.push({
      key: 'admissibility',
      title: 'Ontvankelijkheid',
      article: articleSpan(reg.admissibility.grounds.map((g) => g.source.article)),
      values: [
        { key: 'admissible', label: 'Ontvankelijk (of nog niet beoordeeld)' },
        ...reg.admissibility.grounds.map((g) => ({ key: g.key, label: `Niet-ontvankelijk: ${g.label}` })),
      ],
      of: (r) => [r.inadmissible_ground ?? 'admissible'],
      where: isComplaint,
      trends: false,
    });
  }
  return dims;
}

/** Counts of one breakdown while the records are walked. */
class Tally {
  readonly counts: Map<string, number>;
  total = 0;
  constructor(readonly dim: Dimension) {
    this.counts = new Map(dim.values.map((v) => [v.key, 0]));
  }
  add(r: StatisticsRecordInput): void {
    if (this.dim.where && !this.dim.where(r)) return;
    this.total++;
    for (const v of this.dim.of(r)) this.counts.set(v, (this.counts.get(v) ?? 0) + 1);
  }
  breakdown(): Breakdown {
    const dim = this.dim;
    const labels = new Map(dim.values.map((v) => [v.key, v.label]));
    // "None"-like values nobody had are left out, so a table shows what the regulation knows.
    const rows: CountRow[] = [...this.counts]
      .filter(([key, count]) => count > 0 || (key !== NONE && labels.has(key) && dim.key !== 'relation'))
      .map(([key, count]) => ({ key, label: labels.get(key) ?? key, count }));
    return { key: dim.key, title: dim.title, rows, total: this.total, ...(dim.article ? { article: dim.article } : {}) };
  }
}

/** The standard terms in the report's order (no `decisionMaxExtended`: a bound, not a term; STATISTICS_TERM_KEYS). */
const TERM_ORDER = ['acknowledgement', 'inadmissibilityNotice', 'decision', 'serviceNorm'];
/** Terms whose unmet, past-due state means "overdue" (the others stop mattering: an admissible complaint gets no inadmissibility notice). */
const OVERDUE_TERMS = new Set(['acknowledgement', 'decision']);

function stillOpenAt(r: StatisticsRecordInput, day: string): boolean {
  return r.kind === 'complaint' && r.received_on <= day && (r.ended_on === null || r.ended_on > day);
}

/**
 * A complaint decided by `day` whose decision term was not yet met then: its written decision's letter had not gone
 * out (ADR 0010, addendum 2). Its procedure has ended, but the term runs on, so the terms table counts it as
 * "open en termijn voorbij" once the term has passed; before, it was counted nowhere until the letter went out.
 */
function tellingDecision(r: StatisticsRecordInput, key: string, day: string): boolean {
  return key === 'decision' && r.kind === 'complaint' && r.decided_on !== null && r.decided_on <= day;
}

/**
 * The term as the regulation states it for a milestone ("1 week", "8 weken"; its own milestones too), or null
 * where the regulation sets none (an open point, not prescribed) or the key is not a term of it.
 */
export function regulationTerm(reg: Regulation, key: string): string | null {
  const d = reg.deadlines as Record<string, unknown>;
  const own = reg.deadlines.milestones?.find((m) => m.key === key) as { term?: unknown } | undefined;
  const slot = (own?.term ?? d[key]) as { amount?: unknown; unit?: unknown } | undefined;
  if (!slot || typeof slot.amount !== 'number' || typeof slot.unit !== 'string') return null;
  return describeTerm(slot as Term);
}

/** "5.1a–5.2" for the articles of a list in the regulation's order (one article: itself; none: undefined). */
export function articleSpan(articles: readonly string[]): string | undefined {
  const first = articles[0];
  const last = articles[articles.length - 1];
  if (!first || !last) return undefined;
  if (first === last) return first;
  // Numbered articles as a range; headings (a regulation without numbers) each once.
  return /^\d/.test(first) && /^\d/.test(last) ? `${first}–${last}` : [...new Set(articles)].join(', ');
}

/** The figures of one period, in one walk over the records. */
export function periodFigures(input: FiguresInput, p: Period, dims = dimensions(input), policy = policyFromRegulation(input.regulation)): PeriodFigures {
  const tallies = dims.map((d) => new Tally(d));
  const outcomes = new Map<string, number>(OUTCOMES.map((o) => [o, 0]));
  let decided = 0;
  let received = 0;
  let complaints = 0;
  let ended = 0;
  let openAtEnd = 0;
  let overdueAtEnd = 0;
  let escalated = 0;
  const perRole = new Map<string, number>();
  let consulted = 0;
  const perConsulted = new Map<string, number>();
  let started = 0;
  let rulings = 0;
  const perBody = new Map<string, number>();
  const satisfaction = { recorded: 0, satisfied: 0, notSatisfied: 0 };
  const terms = new Map<string, { onTime: number; late: number; overdueOpen: number; days: number[] }>();
  // A period still running is counted as of today: a term is passed only when its due day lies before that day.
  const today = dayZero(input.now);
  const asOf = today < p.to ? today : p.to;
  for (const r of input.records) {
    if (r.received_on > p.to) continue;
    const isComplaint = r.kind === 'complaint';
    if (r.received_on >= p.from) {
      received++;
      for (const t of tallies) t.add(r);
      if (isComplaint) {
        complaints++;
        // A consultation is no escalation (003: het bestuur "bij wijze van de-escalatie"): its kind as it was when the
        // step happened (the record keeps it, ADR 0015), so a later regulation version does not recount past reports.
        const roles = new Set(r.escalations);
        const kindOf = (role: string) => r.escalation_kinds?.[role] ?? escalationKind(policy, role);
        const handovers = [...roles].filter((role) => kindOf(role) === 'handover');
        const consults = [...roles].filter((role) => kindOf(role) === 'consult');
        if (handovers.length) {
          escalated++;
          for (const role of handovers) perRole.set(role, (perRole.get(role) ?? 0) + 1);
        }
        if (consults.length) {
          consulted++;
          for (const role of consults) perConsulted.set(role, (perConsulted.get(role) ?? 0) + 1);
        }
      }
    }
    if (isComplaint && r.outcome && inPeriod(r.decided_on, p)) {
      decided++;
      outcomes.set(r.outcome, (outcomes.get(r.outcome) ?? 0) + 1);
    }
    if (isComplaint && inPeriod(r.ended_on, p)) {
      ended++;
      if (r.satisfied !== null) {
        satisfaction.recorded++;
        if (r.satisfied) satisfaction.satisfied++;
        else satisfaction.notSatisfied++;
      }
    }
    const open = stillOpenAt(r, asOf);
    if (open) {
      openAtEnd++;
      const d = r.terms.decision;
      if (d && d.due < asOf && (!d.metOn || d.metOn > asOf)) overdueAtEnd++;
    }
    for (const e of r.external) {
      if (inPeriod(e.submittedOn, p)) {
        started++;
        perBody.set(e.bodyKind, (perBody.get(e.bodyKind) ?? 0) + 1);
      }
      if (inPeriod(e.rulingOn, p)) rulings++;
    }
    for (const key in r.terms) {
      const t = r.terms[key]!;
      let f = terms.get(key);
      if (!f) terms.set(key, (f = { onTime: 0, late: 0, overdueOpen: 0, days: [] }));
      if (t.metOn && t.metOn >= p.from && t.metOn <= p.to) {
        if (t.late) f.late++;
        else f.onTime++;
        f.days.push(daysBetween(r.received_on, t.metOn));
      } else if ((open || tellingDecision(r, key, asOf)) && OVERDUE_TERMS.has(key) && t.due < asOf && (!t.metOn || t.metOn > asOf)) {
        f.overdueOpen++;
      }
    }
  }
  const roleLabel = new Map(input.regulation.roles.map((r) => [r.key, capitalise(r.label)]));
  const termFigures: TermFigures[] = [];
  for (const key of [...TERM_ORDER, ...[...terms.keys()].filter((k) => !TERM_ORDER.includes(k))]) {
    const f = terms.get(key);
    if (!f) continue;
    const days = f.days.sort((a, b) => a - b);
    const term = regulationTerm(input.regulation, key);
    termFigures.push({ key, label: deadlineLabel(key, null, policy), onTime: f.onTime, late: f.late, overdueOpen: f.overdueOpen, medianDays: median(days), p90Days: percentile(days, 0.9), ...(term ? { term } : {}) });
  }
  return {
    period: { key: p.key, label: p.label, from: p.from, to: p.to },
    received,
    complaints,
    ended,
    breakdowns: [
      ...tallies.map((t) => t.breakdown()),
      { key: 'outcome', title: 'Uitkomst (beslist in deze periode)', rows: outcomeRows(input.regulation, outcomes), total: decided },
    ],
    terms: termFigures,
    openAtEnd,
    overdueAtEnd,
    ...(asOf < p.to ? { asOf } : {}),
    escalated,
    escalations: [...perRole].map(([key, count]) => ({ key, label: roleLabel.get(key) ?? key, count })),
    consulted,
    consultations: [...perConsulted].map(([key, count]) => ({ key, label: roleLabel.get(key) ?? key, count })),
    external: {
      started,
      byBody: [...perBody].map(([key, count]) => ({ key, label: capitalise(EXTERNAL_BODY_KIND_LABELS[key as keyof typeof EXTERNAL_BODY_KIND_LABELS] ?? key), count })),
      rulings,
    },
    satisfaction,
  };
}

const nl1 = (n: number) => n.toLocaleString('nl-NL', { maximumFractionDigits: 1 });

/** Only the breakdowns of the registrations received in `p`: all a trend compares. */
function periodBreakdowns(input: FiguresInput, p: Period, dims: Dimension[]): Breakdown[] {
  const tallies = dims.filter((d) => d.trends).map((d) => new Tally(d));
  for (const r of input.records) {
    if (r.received_on < p.from || r.received_on > p.to) continue;
    for (const t of tallies) t.add(r);
  }
  return tallies.map((t) => t.breakdown());
}

function trends(input: FiguresInput, current: PeriodFigures, dims: Dimension[], computed: ReadonlyMap<string, PeriodFigures>): Trend[] {
  const earlier = precedingPeriods(input.period, TREND_PERIODS).filter((p) => input.dataSince !== null && p.to >= input.dataSince && !notCounted(input, p));
  if (!earlier.length) return [];
  const earlierFigures = earlier.map((p) => ({ breakdowns: computed.get(p.key)?.breakdowns ?? periodBreakdowns(input, p, dims) }));
  const out: Trend[] = [];
  for (const dim of dims.filter((d) => d.trends)) {
    const now = current.breakdowns.find((b) => b.key === dim.key);
    if (!now) continue;
    for (const row of now.rows) {
      if (row.key === NONE) continue;
      const values = earlierFigures.map((f) => f.breakdowns.find((b) => b.key === dim.key)?.rows.find((x) => x.key === row.key)?.count ?? 0);
      const average = Math.round((values.reduce((a, b) => a + b, 0) / values.length) * 10) / 10;
      const diff = row.count - average;
      const up = diff >= 5 && row.count >= average * 1.5;
      const down = -diff >= 5 && row.count <= average * 0.5;
      if (!up && !down) continue;
      const pct = average > 0 ? ` (${diff > 0 ? '+' : ''}${Math.round((diff / average) * 100)} %)` : '';
      out.push({
        breakdown: dim.key,
        breakdownTitle: dim.title,
        key: row.key,
        label: row.label,
        current: row.count,
        average,
        direction: up ? 'up' : 'down',
        sentence: `${row.label} (${dim.title.toLowerCase()}) ${up ? 'steeg' : 'daalde'} van gemiddeld ${nl1(average)} naar ${row.count}${pct}.`,
      });
    }
  }
  return out;
}

/**
 * The outcome rows as the regulation decides (`handling.decision.outcomes`): its own outcomes, always (a 0 says
 * something); another outcome only where it was counted (decided under an earlier version). No gegrond / ongegrond
 * rows where the regulation does not judge the merits (000, 001, 003).
 */
function outcomeRows(reg: Regulation, counts: ReadonlyMap<string, number>): CountRow[] {
  const rule = decisionOutcomes(reg.handling.decision);
  const keys = [...rule.offered, ...OUTCOMES.filter((o) => !rule.offered.includes(o) && (counts.get(o) ?? 0) > 0)];
  return keys.map((o) => ({ key: o, label: capitalise(outcomeLabel(rule, o)), count: counts.get(o) ?? 0 }));
}

/** Whether a period ended before the regulation was in force: nothing in it was registered under the regulation. */
function notCounted(input: FiguresInput, p: Period): boolean {
  return input.inForceSince !== undefined && p.to < input.inForceSince;
}

/** The steps the regulation has (`ReportSteps`): the report shows rows for these only, and for any that counted one. */
export function reportSteps(reg: Regulation, policy: WorkflowPolicy = policyFromRegulation(reg)): ReportSteps {
  return {
    escalation: escalationTargets(policy).some((to) => escalationKind(policy, to) === 'handover'),
    consultation: consultInRegulation(policy),
    externalBody: policy.externalBody !== null,
    satisfaction: policy.signOff?.when === 'resolved_to_satisfaction',
    decision: decisionWordsOf(reg.handling.decision?.label).the,
  };
}

export function computeFigures(input: FiguresInput): ReportFigures {
  const dims = dimensions(input);
  const policy = policyFromRegulation(input.regulation);
  // A yearly report's previous period is also its year-earlier one and its first trend period: computed once.
  const computed = new Map<string, PeriodFigures>();
  const figuresOf = (p: Period) => {
    let f = computed.get(p.key);
    if (!f) computed.set(p.key, (f = notCounted(input, p) ? { ...periodFigures(input, p, dims, policy), notCounted: true } : periodFigures(input, p, dims, policy)));
    return f;
  };
  const current = figuresOf(input.period);
  const previous = figuresOf(previousPeriod(input.period));
  const lastYear = figuresOf(sameLastYear(input.period));
  return {
    version: 1,
    scope: input.scope,
    current,
    previous,
    lastYear,
    // The trend periods not computed above need only their breakdowns.
    trends: trends(input, current, dims, computed),
    trendRule: TREND_RULE,
    measures: input.measures,
    computedAt: input.now.toISOString(),
    ...(input.inForceSince ? { inForceSince: input.inForceSince } : {}),
    steps: reportSteps(input.regulation, policy),
  };
}

/** The first day of the earliest period the figures of `period` compare with (a year earlier, the trend periods). */
export function earliestCompared(period: Period): string {
  const candidates = [sameLastYear(period).from, ...precedingPeriods(period, TREND_PERIODS).map((p) => p.from)];
  return candidates.sort()[0]!;
}
