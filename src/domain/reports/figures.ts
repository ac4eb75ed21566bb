/**
 * The figures of a report (issue 10): the contract between the engine that computes them (`computeFigures`,
 * from anonymous statistical records) and every output (HTML with charts, PDF, XLSX, CSV). Figures are counts,
 * days and keys with their Dutch labels: nothing personal can be in them. A final report stores them frozen
 * (`reports.figures`), so the shape only grows: new fields optional, never renamed. Pure.
 */

/** One row of a breakdown: a key (option key, channel, unit id …), its Dutch label, and the count. */
export interface CountRow {
  key: string;
  label: string;
  count: number;
}

/** A count per value of one dimension (kind, channel, a classification dimension, severity, unit …). */
export interface Breakdown {
  /** `kind`, `channel`, `unit`, `relation`, `severity`, `sensitive`, `admissibility`, `outcome`, `satisfaction`, `class:<dimension key>`. */
  key: string;
  /** Dutch title: "Soort melding", "Kanaal", the dimension's label … */
  title: string;
  rows: CountRow[];
  /** Registrations counted in this breakdown (a multiple-choice dimension can count one registration in several rows). */
  total: number;
  /** The regulation's article that asks for this figure, when one does. */
  article?: string;
}

/** Timeliness of one term (milestone): met on time or late, and the days it took. */
export interface TermFigures {
  /** Milestone key: acknowledgement, decision, serviceNorm, … */
  key: string;
  label: string;
  /** Terms met in the period: on time or late. */
  onTime: number;
  late: number;
  /** Still not met and past its due date at the end of the period. */
  overdueOpen: number;
  /** Calendar days from receipt to meeting the term; null when nothing was met. */
  medianDays: number | null;
  p90Days: number | null;
  /** The term as the regulation states it ("6 weken", "5 werkdagen"), when known. */
  term?: string;
}

/** The figures of one period (the report's own, the one before, the same one a year earlier). */
export interface PeriodFigures {
  period: { key: string; label: string; from: string; to: string };
  /** Registrations received in the period (all kinds). */
  received: number;
  /** Complaints (kind `complaint`) received in the period. */
  complaints: number;
  /** Procedures that ended in the period (decided, inadmissible, withdrawn, closed). */
  ended: number;
  breakdowns: Breakdown[];
  terms: TermFigures[];
  /** Complaints received up to the end of the period whose procedure still ran at its end. */
  openAtEnd: number;
  /** Of those, the ones past their decision term at the end of the period. */
  overdueAtEnd: number;
  /**
   * Set when the period had not ended when the figures were computed: the day (today) that open and overdue
   * are counted at instead of the period's end. The figures are an interim count ("tot nu toe").
   */
  asOf?: string;
  /**
   * Complaints received in the period that were escalated (handed over to another role), and per role. Figures computed
   * before session 14 counted a consultation here too.
   */
  escalated: number;
  escalations: CountRow[];
  /**
   * Complaints received in the period that were put to a role for consultation (003: het bestuur "bij wijze van
   * de-escalatie"; an escalation of kind `consult`), and per role. Absent in figures computed before session 14.
   */
  consulted?: number;
  consultations?: CountRow[];
  /** External procedures started in the period, per kind of body, and rulings recorded in the period. */
  external: { started: number; byBody: CountRow[]; rulings: number };
  /** Satisfaction recorded for complaints that ended in the period. */
  satisfaction: { recorded: number; satisfied: number; notSatisfied: number };
  /**
   * Set on a compared period that ended before the regulation was in force (ReportFigures.inForceSince): nothing in it
   * was registered under the regulation, so its figures are not shown as counts ("–") (walkthrough: 0 read as counted).
   */
  notCounted?: true;
}

/** A marked trend: a value that rose (or fell) by the stated rule against the average of the earlier periods. */
export interface Trend {
  breakdown: string;
  breakdownTitle: string;
  key: string;
  label: string;
  current: number;
  /** The average over the periods compared against (one decimal). */
  average: number;
  direction: 'up' | 'down';
  /** Dutch sentence: "Bejegening steeg van gemiddeld 4,5 naar 12 (+167 %)." */
  sentence: string;
}

export interface MeasuresStatus {
  planned: number;
  inProgress: number;
  done: number;
  dropped: number;
  /** Not done or dropped, and past the due date at the report's end. */
  overdue: number;
}

/**
 * The steps of the procedure the regulation has, so a report shows rows only for those (and a row that counted one
 * anyway, under an earlier version), in the regulation's own word for its decision. Absent in figures computed before
 * session 14: every row is shown, with "de beslissing".
 */
export interface ReportSteps {
  /** A handover to another role (an escalation step or a classification trigger `escalate`). */
  escalation: boolean;
  /** A role consulted (003: het bestuur). */
  consultation: boolean;
  /** An external body the regulation names. */
  externalBody: boolean;
  /** Satisfaction is part of the procedure (000 art. 5.5: "naar tevredenheid afgehandeld", signed off). */
  satisfaction: boolean;
  /** The regulation's word for its decision, with its article: "de beslissing", "het antwoord" (003), "het standpunt van de directie" (001). */
  decision: string;
}

export interface ReportFigures {
  /** Version of this shape (1). */
  version: 1;
  scope: { organisationName: string; unitName: string | null };
  current: PeriodFigures;
  previous: PeriodFigures;
  lastYear: PeriodFigures;
  trends: Trend[];
  /** The rule the trends were marked by, in Dutch, printed in the report. */
  trendRule: string;
  measures: MeasuresStatus;
  /** ISO timestamp the figures were computed. */
  computedAt: string;
  /** The day the regulation was in force since, when known (figures frozen before it was recorded lack it). */
  inForceSince?: string;
  /** The steps the regulation has (figures frozen before session 14 lack it). */
  steps?: ReportSteps;
}
