/**
 * The improvement register (ADR 0017): what a measure's status means, when it is overdue, which source kinds
 * there are and what each needs, and the Dutch words for them. Pure.
 *
 * The seeds ask for it: 000 art. 8.2 and 9 (measures prepared, planned and decided on the yearly analysis),
 * 002 art. 9, 003 "Doelstellingen" (the complainant hears which measures "genomen (zullen) worden"), 004 §6
 * ("verbetermaatregelen … vast te leggen en te monitoren").
 */

export const MEASURE_STATUSES = ['planned', 'in_progress', 'done', 'dropped'] as const;
export type MeasureStatusKey = (typeof MEASURE_STATUSES)[number];

export const MEASURE_STATUS_LABELS: Record<MeasureStatusKey, string> = {
  planned: 'Gepland',
  in_progress: 'In uitvoering',
  done: 'Uitgevoerd',
  dropped: 'Vervallen',
};

export const MEASURE_SOURCE_KINDS = ['complaint', 'decision', 'report', 'recommendation', 'external_ruling', 'external_reaction', 'meeting', 'other'] as const;
export type MeasureSourceKindKey = (typeof MEASURE_SOURCE_KINDS)[number];

export const MEASURE_SOURCE_LABELS: Record<MeasureSourceKindKey, string> = {
  complaint: 'Klacht',
  decision: 'Beslissing op een klacht',
  report: 'Rapportage',
  recommendation: 'Aanbeveling uit een rapportage',
  external_ruling: 'Uitspraak van een externe klachtinstantie',
  external_reaction: 'Reactie van de organisatie op een uitspraak',
  meeting: 'Jaaroverleg',
  other: 'Anders',
};

/** Source kinds that point at one complaint (its dossier: the complaint itself, its decision, an external ruling on it). */
export const COMPLAINT_SOURCE_KINDS: readonly MeasureSourceKindKey[] = ['complaint', 'decision', 'external_ruling', 'external_reaction'];

export function isMeasureStatus(value: unknown): value is MeasureStatusKey {
  return typeof value === 'string' && (MEASURE_STATUSES as readonly string[]).includes(value);
}

export function isMeasureSourceKind(value: unknown): value is MeasureSourceKindKey {
  return typeof value === 'string' && (MEASURE_SOURCE_KINDS as readonly string[]).includes(value);
}

/** Still to be done: planned or in progress. */
export function isOpenMeasure(status: string): boolean {
  return status === 'planned' || status === 'in_progress';
}

/** Overdue: still open and its due date lies before `asOf` (the due date itself is still on time). */
export function isOverdueMeasure(m: { status: string; dueOn: string | null }, asOf: string): boolean {
  return isOpenMeasure(m.status) && m.dueOn !== null && m.dueOn < asOf;
}

export type StatusChangeProblem = { field: 'status' | 'note'; message: string } | null;

/**
 * Whether a status change may be made. Any status may follow any other (a dropped measure can be taken up
 * again, a done one reopened when the effect check shows it did not work), but dropping needs a reason: the
 * register must say why a measure was not carried out (004 §6 "monitoren").
 */
export function checkStatusChange(from: string, to: MeasureStatusKey, note: string): StatusChangeProblem {
  if (from === to) return { field: 'status', message: `De maatregel heeft al de status "${MEASURE_STATUS_LABELS[to].toLowerCase()}". Kies een andere status.` };
  if (to === 'dropped' && note.trim() === '') return { field: 'note', message: 'Schrijf waarom de maatregel vervalt.' };
  return null;
}

/** Counts per status and overdue (the `MeasuresStatus` of a report, src/domain/reports/figures.ts). */
export function countMeasures(items: readonly { status: string; dueOn: string | null }[], asOf: string) {
  const out = { planned: 0, inProgress: 0, done: 0, dropped: 0, overdue: 0 };
  for (const m of items) {
    if (m.status === 'planned') out.planned++;
    else if (m.status === 'in_progress') out.inProgress++;
    else if (m.status === 'done') out.done++;
    else if (m.status === 'dropped') out.dropped++;
    if (isOverdueMeasure(m, asOf)) out.overdue++;
  }
  return out;
}

/** A measure proposed in a decision becomes a register entry with this title (the full text is its description). */
export function titleFromText(text: string, max = 200): string {
  const line = text.trim().split(/\r?\n/)[0]!.trim();
  if (line.length <= max) return line;
  return `${line.slice(0, max - 1).trimEnd()}…`;
}
