/**
 * A report as every output renders it (HTML, PDF, XLSX, CSV): its figures, the texts the coordinator wrote,
 * the directie's decisions on its recommendations, and the audience it is rendered for. For the board and the
 * public, small counts are shown as "< 5" (`shownCount`) and nothing but figures and the report's own texts
 * appears. Pure.
 */
import type { ReportFigures } from './figures.ts';

/** `staff`: the coordinator's working view (exact counts); `board` and `public`: small cells hidden. */
export type ReportAudience = 'staff' | 'board' | 'public';

/** Counts from 1 to 4 are shown as "< 5" to the board and the public, so nobody can be recognised. */
export const SMALL_CELL = 5;

export function shownCount(n: number, audience: ReportAudience): string {
  if (audience !== 'staff' && n > 0 && n < SMALL_CELL) return `< ${SMALL_CELL}`;
  return n.toLocaleString('nl-NL');
}

export interface ReportNarrative {
  analysis?: string;
  conclusions?: string;
  /** Exceptional complaints (very serious or sensitive) as short anonymised summaries the coordinator writes. */
  exceptional?: { summary: string }[];
}

export interface ReportRecommendation {
  id: string;
  position: number;
  text: string;
  decision: 'adopted' | 'not_adopted' | null;
  decisionNote: string | null;
  /** Name of the user who recorded the decision (staff audience only; omitted for board/public). */
  decidedByName?: string | null;
  decidedAt: string | null;
}

export interface ReportDocument {
  id: string | null;
  title: string;
  /** The regulation's report key and the article that asks for it. */
  reportKey: string;
  article: string | null;
  status: 'draft' | 'final';
  audience: ReportAudience;
  figures: ReportFigures;
  narrative: ReportNarrative;
  /**
   * The regulation asks this report for a list of exceptional complaints (its `contents`; 003 "Rapportage /
   * verantwoording": "een lijst met uitzonderlijke klachten"). Without it, and with none written, the outputs leave
   * the section out (001's inventory has none).
   */
  asksExceptional: boolean;
  recommendations: ReportRecommendation[];
  /**
   * Final reports: when and by whom. For staff the name of who made it final; for the board and the public the
   * role the regulation names as author ("de klachtenfunctionaris"), never a staff member's name (`shownAuthor`).
   */
  finalisedAt: string | null;
  author: string | null;
  organisationName: string;
}

/**
 * Who the report says made it: a staff member's name only in the staff version; the board and the public read
 * the role that writes the report ("de klachtenfunctionaris"), or nothing when the regulation names none.
 */
export function shownAuthor(audience: ReportAudience, name: string | null, roleLabel: string | null): string | null {
  if (audience === 'staff') return name;
  return roleLabel ? `de ${roleLabel}` : null;
}

/** What every output says where it has the exceptional complaints' section but none was written. */
export const NO_EXCEPTIONAL = 'Geen uitzonderlijke klachten beschreven.';

/**
 * The exceptional complaints an output lists (their summaries), or null where it leaves the section out: the section
 * is there only where the regulation asks the list in this report (`asksExceptional`; 003 "Rapportage /
 * verantwoording") or one was written (lane words13b). One rule for the HTML, PDF and XLSX outputs and the report's
 * text form; `written`: the summaries as the form holds them (else the report's own).
 */
export function exceptionalSection(doc: { asksExceptional: boolean; narrative: Pick<ReportNarrative, 'exceptional'> }, written?: readonly string[]): readonly string[] | null {
  const summaries = written ?? (doc.narrative.exceptional ?? []).map((e) => e.summary);
  return doc.asksExceptional || summaries.length ? summaries : null;
}

/** The report's contents, as the regulation lists them, name a list of exceptional complaints. */
export function asksExceptional(contents: readonly string[]): boolean {
  return contents.some((c) => /uitzonderlijke klachten/i.test(c));
}

/**
 * Who reads a report, as the page's warning names them: the report's own audience in the regulation's words, the
 * same words as its "Bestemd voor" (003's annual report: "de directie", "rapporteert aan de Directie"; its role is
 * called "directeur" elsewhere, and the page said both), one reader per "en" / "en/of". Where the regulation names no
 * audience role (a text only, "de organisatie"): none, and the warning names nobody.
 */
export function reportReaders(report: { audience: string; audienceRoles: readonly string[] }, roleLabel: (key: string) => string): string[] {
  if (!report.audienceRoles.length) return [];
  const text = report.audience.trim();
  if (!text) return report.audienceRoles.map(roleLabel);
  return text.split(/\s+en(?:\/of)?\s+/).map((t) => t.trim()).filter(Boolean);
}
