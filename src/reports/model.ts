/**
 * One reading of a report document for every output (HTML, PDF, XLSX, CSV; ADR 0016): the figures as tables
 * with Dutch captions and column headers, per section, and the Dutch wording of numbers, percentages and
 * dates. Each output renders these tables, so the four formats show the same figures with the same small-cell
 * rule: for the board and the public a count of 1–4 is "< 5" (`shownCount`), and a percentage or a number of
 * days computed from fewer than 5 registrations is not shown ("–").
 */
import { formatDutchDate } from '../domain/deadlines/format.ts';
import { inParentheses } from '../domain/regulation/cite.ts';
import { SMALL_CELL, shownCount, type ReportAudience, type ReportDocument } from '../domain/reports/document.ts';
import type { Breakdown, CountRow, PeriodFigures, ReportFigures, Trend } from '../domain/reports/figures.ts';
import { capitalise } from '../shared/text.ts';

/** A value in a table. `count` counts registrations (small-cell rule); `number` counts something else (measures). */
export type Cell =
  | { t: 'count'; n: number }
  | { t: 'number'; n: number }
  | { t: 'percent'; part: number; base: number }
  | { t: 'days'; n: number | null; base: number }
  | { t: 'text'; s: string };

export interface Column {
  label: string;
  /** The period key the column is about (`2026-H1`), when it is about one. */
  period?: string;
  /** What the column measures, when it is not "Aantal" (for the CSV's long table). */
  measure?: string;
  /** A short name for a chart's legend ("eerste halfjaar 2026"). */
  short?: string;
  /** The column's period ended before the regulation was in force: its cells are "–", and no chart draws it. */
  notCounted?: true;
}

export interface FigureRow {
  key: string;
  label: string;
  cells: Cell[];
  /** A total row (drawn in bold, left out of charts). */
  total?: boolean;
}

export type SectionKey = 'summary' | 'breakdowns' | 'classification' | 'terms' | 'escalations' | 'external' | 'measures';

export const SECTION_TITLES: Record<SectionKey, string> = {
  summary: 'Kerncijfers',
  breakdowns: 'Meldingen naar soort en kenmerk',
  classification: 'Meldingen naar onderwerp',
  terms: 'Termijnen',
  escalations: 'Escalaties',
  external: 'Externe klachtenprocedures',
  measures: 'Verbetermaatregelen',
};

export interface FigureTable {
  /** `summary`, `kind`, `class:category`, `terms` … (a breakdown's key where it is one). */
  key: string;
  section: SectionKey;
  caption: string;
  /** Header of the first column (the row labels). */
  rowHeader: string;
  columns: Column[];
  rows: FigureRow[];
  article?: string;
  note?: string;
  /**
   * Said instead of the table when it has no rows (a table with a header and no rows is announced by a screen reader
   * as an empty table; lane walk15): one sentence, starting with the caption.
   */
  empty?: string;
}

// ---- Dutch numbers, percentages and dates --------------------------------------------------------------

const nl0 = new Intl.NumberFormat('nl-NL', { maximumFractionDigits: 0 });
const nl1 = new Intl.NumberFormat('nl-NL', { maximumFractionDigits: 1 });

/** "1.234", "12,5" (at most one decimal). */
export function formatNumber(n: number): string {
  return Number.isInteger(n) ? nl0.format(n) : nl1.format(n);
}

/** "12,5 %". */
export function formatPercent(p: number): string {
  return `${nl1.format(p)} %`;
}

/** A timestamp or ISO day as a Dutch date in Dutch time: "3 juli 2026". */
export function dutchDate(value: string | Date): string {
  if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)) return formatDutchDate(value);
  const day = new Date(value).toLocaleDateString('en-CA', { timeZone: 'Europe/Amsterdam' });
  return formatDutchDate(day);
}

/** Whether a base of `n` registrations is too small to show a derived figure to this audience. */
export function smallBase(n: number, audience: ReportAudience): boolean {
  return audience !== 'staff' && n > 0 && n < SMALL_CELL;
}

/** A cell as the audience may see it, in Dutch. */
export function cellText(cell: Cell, audience: ReportAudience): string {
  switch (cell.t) {
    case 'count':
      return shownCount(cell.n, audience);
    case 'number':
      return formatNumber(cell.n);
    case 'percent':
      return cell.base === 0 || smallBase(cell.base, audience) ? '–' : formatPercent(Math.round((cell.part / cell.base) * 1000) / 10);
    case 'days':
      return cell.n === null || cell.base === 0 || smallBase(cell.base, audience) ? '–' : formatNumber(cell.n);
    case 'text':
      return cell.s;
  }
}

/**
 * A cell as a spreadsheet value: a number where the audience may see the exact value (a percentage as a
 * fraction, for a percentage format), else the text shown ("< 5", "–").
 */
export function cellValue(cell: Cell, audience: ReportAudience): number | string {
  switch (cell.t) {
    case 'count':
      return smallBase(cell.n, audience) ? shownCount(cell.n, audience) : cell.n;
    case 'number':
      return cell.n;
    case 'percent':
      return cell.base === 0 || smallBase(cell.base, audience) ? '–' : Math.round((cell.part / cell.base) * 1000) / 1000;
    case 'days':
      return cell.n === null || cell.base === 0 || smallBase(cell.base, audience) ? '–' : cell.n;
    case 'text':
      return cell.s;
  }
}

/** A count the audience may not see exactly (1–4 for the board and the public). */
export function isHiddenCount(cell: Cell, audience: ReportAudience): boolean {
  return cell.t === 'count' && smallBase(cell.n, audience);
}

// ---- The tables ------------------------------------------------------------------------------------------

type PeriodKey = 'current' | 'previous' | 'lastYear';
/**
 * The periods a table compares: this one, the one before and the same one a year earlier. For a yearly report the
 * period before IS the year earlier: it is shown once.
 */
function periodsOf(f: ReportFigures): PeriodKey[] {
  return f.previous.period.key === f.lastYear.period.key ? ['current', 'previous'] : ['current', 'previous', 'lastYear'];
}

export function periodColumns(f: ReportFigures): Column[] {
  const yearly = periodsOf(f).length === 2;
  return [
    { label: `Deze periode (${f.current.period.label})`, period: f.current.period.key, short: f.current.period.label },
    { label: `${yearly ? 'Het jaar ervoor' : 'Periode ervoor'} (${f.previous.period.label})`, period: f.previous.period.key, short: f.previous.period.label },
    ...(yearly ? [] : [{ label: `Een jaar eerder (${f.lastYear.period.label})`, period: f.lastYear.period.key, short: f.lastYear.period.label }]),
  ];
}

/** Rows of the same breakdown in three periods, merged by key in the order they first appear. */
function mergeRows(lists: (CountRow[] | undefined)[]): { key: string; label: string; counts: number[] }[] {
  const out = new Map<string, { key: string; label: string; counts: number[] }>();
  lists.forEach((rows, i) => {
    for (const r of rows ?? []) {
      const row = out.get(r.key) ?? { key: r.key, label: r.label, counts: lists.map(() => 0) };
      row.counts[i] = r.count;
      out.set(r.key, row);
    }
  });
  return [...out.values()];
}

function breakdownKeys(f: ReportFigures): string[] {
  const keys: string[] = [];
  for (const p of periodsOf(f)) for (const b of f[p].breakdowns) if (!keys.includes(b.key)) keys.push(b.key);
  return keys;
}

const findBreakdown = (p: PeriodFigures, key: string): Breakdown | undefined => p.breakdowns.find((b) => b.key === key);

function breakdownTable(f: ReportFigures, key: string): FigureTable {
  const per = periodsOf(f).map((p) => findBreakdown(f[p], key));
  const first = per.find((b) => b !== undefined)!;
  const rows: FigureRow[] = mergeRows(per.map((b) => b?.rows)).map((r) => ({ key: r.key, label: r.label, cells: r.counts.map((n) => ({ t: 'count', n })) }));
  rows.push({ key: '_total', label: 'Totaal', total: true, cells: per.map((b) => ({ t: 'count', n: b?.total ?? 0 })) });
  const multiple = key.startsWith('class:') && per.some((b) => b && b.total < b.rows.reduce((s, r) => s + r.count, 0));
  return {
    key,
    section: key.startsWith('class:') ? 'classification' : 'breakdowns',
    caption: first.title,
    rowHeader: first.title,
    columns: periodColumns(f),
    rows,
    ...(first.article ? { article: first.article } : {}),
    ...(multiple ? { note: 'Een melding kan bij meer dan één keuze horen; het totaal telt elke melding één keer.' } : {}),
  };
}

/**
 * Whether the report has rows for a step: the regulation has it, or a compared period counted one (under an earlier
 * version). Figures frozen before session 14 know no steps: every row, as then.
 */
function hasStep(f: ReportFigures, step: 'escalation' | 'consultation' | 'externalBody' | 'satisfaction', counted: (p: PeriodFigures) => number): boolean {
  return !f.steps || f.steps[step] || periodsOf(f).some((p) => counted(f[p]) > 0);
}

const consulted = (p: PeriodFigures) => p.consulted ?? 0;
const external = (p: PeriodFigures) => p.external.started + p.external.rulings;

/** The steps the report shows rows for (see hasStep). */
export function reportStepsShown(f: ReportFigures): { escalation: boolean; consultation: boolean; externalBody: boolean; satisfaction: boolean } {
  return {
    escalation: hasStep(f, 'escalation', (p) => p.escalated),
    // Figures without the field counted a consultation as an escalation: no row of their own.
    consultation: f.current.consulted !== undefined && hasStep(f, 'consultation', consulted),
    externalBody: hasStep(f, 'externalBody', external),
    satisfaction: hasStep(f, 'satisfaction', (p) => p.satisfaction.recorded),
  };
}

function summaryTable(f: ReportFigures): FigureTable {
  const row = (key: string, label: string, pick: (p: PeriodFigures) => number): FigureRow => ({ key, label, cells: periodsOf(f).map((p) => ({ t: 'count', n: pick(f[p]) })) });
  const shown = reportStepsShown(f);
  return {
    key: 'summary',
    section: 'summary',
    caption: 'Kerncijfers',
    rowHeader: 'Cijfer',
    columns: periodColumns(f),
    rows: [
      row('received', 'Ontvangen meldingen (alle soorten)', (p) => p.received),
      row('complaints', 'Waarvan klachten', (p) => p.complaints),
      row('ended', 'Afgehandeld in de periode', (p) => p.ended),
      row('openAtEnd', 'Nog open aan het eind van de periode', (p) => p.openAtEnd),
      row('overdueAtEnd', `Daarvan over de termijn voor ${f.steps?.decision ?? 'de beslissing'}`, (p) => p.overdueAtEnd),
      ...(shown.escalation ? [row('escalated', 'Geëscaleerd', (p) => p.escalated)] : []),
      ...(shown.consultation ? [row('consulted', 'Voorgelegd voor overleg', consulted)] : []),
      ...(shown.externalBody
        ? [
            row('externalStarted', 'Naar een externe instantie', (p) => p.external.started),
            row('externalRulings', 'Uitspraken van een externe instantie', (p) => p.external.rulings),
          ]
        : []),
      ...(shown.satisfaction
        ? [
            row('satisfactionRecorded', 'Tevredenheid gevraagd', (p) => p.satisfaction.recorded),
            row('satisfied', 'Tevreden', (p) => p.satisfaction.satisfied),
            row('notSatisfied', 'Niet tevreden', (p) => p.satisfaction.notSatisfied),
          ]
        : []),
    ],
    ...(f.current.asOf ? { note: interimNote(f) } : {}),
  };
}

/**
 * The escalation section's heading and sentence, with the steps the regulation has only: "Escalaties, overleg en
 * externe procedures" / "Geëscaleerd in deze periode: 3. Voorgelegd voor overleg: 1. …". Null when it has none.
 */
export function escalationSection(doc: ReportDocument): { heading: string; sheet: string; sentence: string } | null {
  const f = doc.figures;
  const shown = reportStepsShown(f);
  const count = (n: number) => cellText({ t: 'count', n }, doc.audience);
  // [heading word, spreadsheet word (a sheet name has at most 31 characters), sentence]
  const parts: [string, string, string][] = [];
  if (shown.escalation) parts.push(['escalaties', 'escalaties', `Geëscaleerd in deze periode: ${count(f.current.escalated)}.`]);
  if (shown.consultation) parts.push(['overleg', 'overleg', `Voorgelegd voor overleg in deze periode: ${count(consulted(f.current))}.`]);
  if (shown.externalBody) {
    parts.push(['externe procedures', 'extern', `Naar een externe instantie: ${count(f.current.external.started)}; uitspraken van een externe instantie: ${count(f.current.external.rulings)}.`]);
  }
  if (!parts.length) return null;
  const join = (names: string[]) => capitalise(names.length === 1 ? names[0]! : `${names.slice(0, -1).join(', ')} en ${names[names.length - 1]!}`);
  return { heading: join(parts.map(([h]) => h)), sheet: join(parts.map(([, w]) => w)), sentence: parts.map(([, , s]) => s).join(' ') };
}

/**
 * For a period still running (figures computed before its end): what "the end" means in the tables, so an
 * interim count never reads as the period's outcome.
 */
export function interimNote(f: ReportFigures): string {
  return `Tussenstand: ${f.current.period.label} loopt nog tot en met ${formatDutchDate(f.current.period.to)}. De cijfers zijn tot nu toe; "open aan het eind" is de stand van ${formatDutchDate(f.current.asOf!)}.`;
}

function termsTable(f: ReportFigures): FigureTable {
  const keys: { key: string; label: string }[] = [];
  for (const p of periodsOf(f)) for (const t of f[p].terms) if (!keys.some((k) => k.key === t.key)) keys.push({ key: t.key, label: t.label });
  const cur = f.current.period.key;
  const columns: Column[] = [
    { label: 'Termijn in de regeling', period: cur, measure: 'Termijn' },
    { label: 'Op tijd', period: cur, measure: 'Op tijd' },
    { label: 'Te laat', period: cur, measure: 'Te laat' },
    { label: 'Op tijd (%)', period: cur, measure: 'Op tijd (%)' },
    { label: 'Mediaan (dagen)', period: cur, measure: 'Mediaan (dagen)' },
    { label: '90e percentiel (dagen)', period: cur, measure: '90e percentiel (dagen)' },
    // Not "open": a decided complaint whose decision letter has not gone out counts here too (ADR 0015), while the key
    // figures count it as handled. The measure (the downloads' stable key) stays.
    { label: f.current.asOf ? `Nog niet gehaald, termijn voorbij op ${formatDutchDate(f.current.asOf)}` : 'Nog niet gehaald, termijn voorbij aan het eind', period: cur, measure: 'Open en termijn voorbij' },
    { label: `Op tijd (%) periode ervoor (${f.previous.period.label})`, period: f.previous.period.key, measure: 'Op tijd (%)' },
    ...(periodsOf(f).length === 3 ? [{ label: `Op tijd (%) een jaar eerder (${f.lastYear.period.label})`, period: f.lastYear.period.key, measure: 'Op tijd (%)' }] : []),
  ];
  const rows: FigureRow[] = keys.map(({ key, label }) => {
    const [c, p, l] = (['current', 'previous', 'lastYear'] as const).map((k) => f[k].terms.find((t) => t.key === key));
    const met = (c?.onTime ?? 0) + (c?.late ?? 0);
    const pct = (t: typeof c): Cell => ({ t: 'percent', part: t?.onTime ?? 0, base: (t?.onTime ?? 0) + (t?.late ?? 0) });
    return {
      key,
      label,
      cells: [
        { t: 'text', s: c?.term ?? '–' },
        { t: 'count', n: c?.onTime ?? 0 },
        { t: 'count', n: c?.late ?? 0 },
        pct(c),
        { t: 'days', n: c?.medianDays ?? null, base: met },
        { t: 'days', n: c?.p90Days ?? null, base: met },
        { t: 'count', n: c?.overdueOpen ?? 0 },
        pct(p),
        ...(periodsOf(f).length === 3 ? [pct(l)] : []),
      ],
    };
  });
  return {
    key: 'terms',
    section: 'terms',
    caption: 'Termijnen: op tijd of te laat, en het aantal dagen tot de termijn gehaald was',
    rowHeader: 'Termijn',
    columns,
    rows,
    note: 'Dagen: kalenderdagen van ontvangst tot het moment dat de termijn gehaald was. Mediaan: de helft was sneller. 90e percentiel: 9 van de 10 waren sneller. –: geen meldingen, of te weinig om te tonen. Nog niet gehaald: ook een beslissing waarvan de brief nog niet verstuurd was; die klacht telt in de kerncijfers als afgehandeld.',
  };
}

/** `none`: what happened nowhere, said when no period of the report has a row ("is geen klacht geëscaleerd"). */
function countRowsTable(f: ReportFigures, key: string, section: SectionKey, caption: string, rowHeader: string, none: string, pick: (p: PeriodFigures) => CountRow[]): FigureTable {
  const rows: FigureRow[] = mergeRows(periodsOf(f).map((p) => pick(f[p]))).map((r) => ({ key: r.key, label: r.label, cells: r.counts.map((n) => ({ t: 'count', n })) }));
  return { key, section, caption, rowHeader, columns: periodColumns(f), rows, ...(rows.length ? {} : { empty: `${caption}: in de perioden van dit verslag ${none}.` }) };
}

function measuresTable(doc: ReportDocument): FigureTable {
  const m = doc.figures.measures;
  const rows: [string, string, number][] = [
    ['planned', 'Gepland', m.planned],
    ['inProgress', 'Bezig', m.inProgress],
    ['done', 'Klaar', m.done],
    ['dropped', 'Gestopt', m.dropped],
    ['overdue', 'Over de datum (niet klaar of gestopt)', m.overdue],
  ];
  return {
    key: 'measures',
    section: 'measures',
    caption: `Verbetermaatregelen op ${dutchDate(doc.figures.current.period.to)}`,
    rowHeader: 'Stand',
    columns: [{ label: 'Aantal maatregelen', period: doc.figures.current.period.key }],
    rows: rows.map(([key, label, n]) => ({ key, label, cells: [{ t: 'number', n }] })),
  };
}

/** Every table of the report, in the order of the report. */
export function reportTables(doc: ReportDocument): FigureTable[] {
  const f = doc.figures;
  const keys = breakdownKeys(f);
  const tables: FigureTable[] = [summaryTable(f)];
  for (const key of keys.filter((k) => !k.startsWith('class:'))) tables.push(breakdownTable(f, key));
  for (const key of keys.filter((k) => k.startsWith('class:'))) tables.push(breakdownTable(f, key));
  tables.push(termsTable(f));
  const shown = reportStepsShown(f);
  if (shown.escalation) tables.push(countRowsTable(f, 'escalations', 'escalations', 'Escalaties naar rol', 'Geëscaleerd naar', 'is geen klacht geëscaleerd', (p) => p.escalations));
  if (shown.consultation) tables.push(countRowsTable(f, 'consultations', 'escalations', 'Overleg naar rol', 'Voorgelegd aan', 'is geen klacht voorgelegd voor overleg', (p) => p.consultations ?? []));
  if (shown.externalBody) tables.push(countRowsTable(f, 'external', 'external', 'Externe procedures naar soort instantie', 'Instantie', 'is geen klacht naar een externe instantie gegaan', (p) => p.external.byBody));
  tables.push(measuresTable(doc));
  return markNotCounted(f, tables);
}

/**
 * A compared period that ended before the regulation was in force counted nothing under it: its cells read "–" with a
 * note, never 0 (walkthrough: "Het jaar ervoor" showed 0 for a year before the regulation took effect).
 */
function markNotCounted(f: ReportFigures, tables: FigureTable[]): FigureTable[] {
  const periods = [f.previous, f.lastYear].filter((p) => p.notCounted && p.period.key !== f.current.period.key);
  if (!periods.length) return tables;
  const keys = new Set(periods.map((p) => p.period.key));
  // "in 2025", "in het tweede halfjaar 2025" (a year's label is its number alone).
  const labels = [...new Set(periods.map((p) => (/^\d/.test(p.period.label) ? p.period.label : `het ${p.period.label}`)))].join(' en ');
  const note = `"–": in ${labels} gold de klachtenregeling nog niet.${f.inForceSince ? ` De regeling geldt sinds ${dutchDate(f.inForceSince)}.` : ''} Daarom is toen niets onder deze regeling geteld.`;
  return tables.map((t) => {
    const cols = t.columns.map((c, i) => (c.period && keys.has(c.period) ? i : -1)).filter((i) => i >= 0);
    // A table without rows has no "–" to explain.
    if (!cols.length || !t.rows.length) return t;
    return {
      ...t,
      columns: t.columns.map((c, i) => (cols.includes(i) ? { ...c, notCounted: true as const } : c)),
      rows: t.rows.map((r) => ({ ...r, cells: r.cells.map((cell, i): Cell => (cols.includes(i) ? { t: 'text', s: '–' } : cell)) })),
      note: t.note ? `${t.note} ${note}` : note,
    };
  });
}

export const AUDIENCE_LABELS: Record<ReportAudience, string> = {
  staff: 'Versie voor medewerkers (precieze aantallen)',
  board: 'Versie voor het bestuur (zonder persoonsgegevens)',
  public: 'Openbare versie (zonder persoonsgegevens)',
};

/** The line that explains the small-cell rule, for the board and the public. */
export function smallCellNote(audience: ReportAudience): string | null {
  return audience === 'staff'
    ? null
    : `Aantallen van 1 tot en met 4 staan er als "< ${SMALL_CELL}". Zo is niemand te herkennen. In de grafieken is zo'n aantal een gearceerde staaf tot 5, in de kleur van de reeks.`;
}

export const DECISION_LABELS = { adopted: 'Overgenomen', not_adopted: 'Niet overgenomen' } as const;

/** "Definitief, vastgesteld op 3 juli 2026 door A. Coördinator" / "Concept". */
export function statusLine(doc: ReportDocument): string {
  if (doc.status === 'draft') return 'Concept: de cijfers kunnen nog veranderen';
  const when = doc.finalisedAt ? ` op ${dutchDate(doc.finalisedAt)}` : '';
  const who = doc.author ? ` door ${doc.author}` : '';
  return `Definitief, vastgesteld${when}${who}`;
}

export function scopeLine(doc: ReportDocument): string {
  return doc.figures.scope.unitName ? `${doc.organisationName}, ${doc.figures.scope.unitName}` : `${doc.organisationName} (hele organisatie)`;
}

export function periodLine(doc: ReportDocument): string {
  const p = doc.figures.current.period;
  return `${p.label} (${dutchDate(p.from)} tot en met ${dutchDate(p.to)})`;
}

/** A safe file name for the report: `halfjaarrapportage-klachten-2026-h1`. */
export function reportFileName(doc: ReportDocument, ext: string): string {
  const base = `${doc.title} ${doc.figures.current.period.key}`
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
  return `${base || 'rapportage'}.${ext}`;
}

/** A trend as the audience may read it: its own sentence, unless it would show a count of 1–4. */
export function trendSentence(t: Trend, audience: ReportAudience): string {
  if (audience === 'staff' || t.current === 0 || t.current >= SMALL_CELL) return t.sentence;
  return `${t.label} (${t.breakdownTitle.toLowerCase()}) ${t.direction === 'up' ? 'steeg' : 'daalde'} van gemiddeld ${formatNumber(t.average)} naar < ${SMALL_CELL}.`;
}


/** Fields of the figures that are not counts of registrations (days, averages, the shape's version, the register). */
const NOT_COUNTS = new Set(['version', 'average', 'medianDays', 'p90Days', 'measures']);

/**
 * The document as JSON for its audience (the API): for the board and the public every count of registrations
 * from 1 to 4 becomes the text "< 5", median and 90th percentile days of a term met fewer than 5 times become
 * null, and trend sentences never show a small count. Staff get the document as it is.
 */
export function documentJson(doc: ReportDocument): unknown {
  if (doc.audience === 'staff') return doc;
  const hide = (value: unknown, key: string | null): unknown => {
    if (key !== null && NOT_COUNTS.has(key)) return value;
    if (typeof value === 'number') return smallBase(value, doc.audience) ? `< ${SMALL_CELL}` : value;
    if (Array.isArray(value)) return value.map((v) => hide(v, null));
    if (value && typeof value === 'object') {
      const obj = value as Record<string, unknown>;
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(obj)) out[k] = hide(v, k);
      if ('onTime' in obj && 'late' in obj && 'medianDays' in obj) {
        const base = Number(obj['onTime']) + Number(obj['late']);
        if (smallBase(base, doc.audience)) Object.assign(out, { medianDays: null, p90Days: null });
      }
      if ('sentence' in obj && 'direction' in obj) out['sentence'] = trendSentence(obj as unknown as Trend, doc.audience);
      return out;
    }
    return value;
  };
  const { figures, recommendations, ...rest } = doc;
  return {
    ...rest,
    figures: hide(figures, null),
    recommendations: recommendations.map(({ decidedByName: _omit, ...r }) => r),
  };
}

/** "De klachtenregeling vraagt om deze rapportage (artikel 7)." */
export function regulationLine(article: string): string {
  return `De klachtenregeling vraagt om deze rapportage ${inParentheses(article)}.`;
}

/** "In het eerste halfjaar 2026 kwamen 1.243 meldingen binnen, …" (a year: "In 2026 …"). */
export function summarySentence(doc: ReportDocument): string {
  const f = doc.figures.current;
  const count = (n: number) => cellText({ t: 'count', n }, doc.audience);
  const when = /^\d{4}$/.test(f.period.key) ? f.period.label : `het ${f.period.label}`;
  // Singular for exactly 1, "geen" for 0 ("< 5" and larger counts are plural).
  const one = (n: number) => count(n) === '1';
  const noun = (n: number, singular: string, plural: string) => `${count(n)} ${one(n) ? singular : plural}`;
  const came = one(f.received) ? 'kwam' : 'kwamen';
  const received = `${noun(f.received, 'melding', 'meldingen')} binnen, waarvan ${noun(f.complaints, 'klacht', 'klachten')}`;
  const interim = f.asOf !== undefined;
  const late = (was: string, were: string) =>
    f.overdueAtEnd === 0 ? `geen daarvan ${was} over de termijn` : `${count(f.overdueAtEnd)} daarvan ${one(f.overdueAtEnd) ? was : were} over de termijn`;
  if (interim) {
    const open = f.openAtEnd === 0 ? 'Nu is er geen klacht open.' : `Nu ${one(f.openAtEnd) ? 'is' : 'zijn'} er nog ${count(f.openAtEnd)} open; ${late('is', 'zijn')}.`;
    return `Tot nu toe (stand van ${formatDutchDate(f.asOf!)}) ${came} in ${when} ${received}. ${open}`;
  }
  const open = f.openAtEnd === 0 ? 'Aan het eind van de periode was er geen klacht meer open.' : `Aan het eind van de periode ${one(f.openAtEnd) ? 'was' : 'waren'} er nog ${count(f.openAtEnd)} open; ${late('was', 'waren')}.`;
  return `In ${when} ${came} ${received}. ${open}`;
}
