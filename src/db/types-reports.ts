import type { ColumnType, Generated } from 'kysely';

/** Row types of the analysis tables (migration 2026-12-01T1500-reports; ADR 0015). */
type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type CreatedAt = ColumnType<Date, Date | string | undefined, never>;
type Json<T> = ColumnType<T, string | undefined, string>;

/** One term of a complaint as the statistics keep it: its due date, the day it was met, and whether that was late. */
export interface StatisticsTerm {
  due: string;
  metOn: string | null;
  late: boolean;
}

/** An external procedure as the statistics keep it: no reference, no names of people. */
export interface StatisticsExternal {
  bodyKind: string;
  bodyName: string;
  submittedOn: string;
  /** A ruling was recorded (its text is free text and may name people: it is never copied here). */
  ruled: boolean;
  rulingOn: string | null;
}

/** The anonymous statistical record of one registration (see the migration). */
export interface ComplaintStatisticsTable {
  id: Generated<string>;
  /** Null once the dossier is destroyed: the record stays so reports stay right. */
  complaint_id: string | null;
  organisation_id: string;
  unit_id: string | null;
  regulation_version_id: string | null;
  kind: string;
  status: string;
  channel: string;
  relation: string | null;
  received_on: string;
  /** The day the organisation's own procedure ended (decided, inadmissible, withdrawn, closed); null while open. */
  ended_on: string | null;
  decided_on: string | null;
  /** Classification values per dimension key (option keys). */
  classification: Json<Record<string, string[]>>;
  severity: string | null;
  sensitive: Generated<boolean>;
  inadmissible_ground: string | null;
  outcome: string | null;
  /** Per milestone key (acknowledgement, decision, …). */
  terms: Json<Record<string, StatisticsTerm>>;
  /** Role keys the complaint was escalated to, in order. */
  escalations: Json<string[]>;
  /** Per role key of `escalations`: the step's kind when it happened (migration 2026-12-03T1700; ADR 0015). */
  escalation_kinds: Json<Record<string, 'handover' | 'consult'>>;
  external: Json<StatisticsExternal[]>;
  satisfied: boolean | null;
  reopen_count: Generated<number>;
  updated_at: Timestamp;
}

export interface ReportsTable {
  id: Generated<string>;
  organisation_id: string;
  /** The scope: a unit (and the units below it), or null for the whole organisation. */
  unit_id: string | null;
  /** The regulation's `reporting.reports[].key`. */
  report_key: string;
  regulation_version_id: string | null;
  /** `2026`, `2026-H1`, `2026-Q3`. */
  period: string;
  period_from: string;
  period_to: string;
  title: string;
  status: Generated<'draft' | 'final'>;
  /** ReportNarrative (src/domain/reports/document.ts). */
  narrative: Json<Record<string, unknown>>;
  /** The frozen ReportFigures of a final report; null for a draft (computed live). */
  figures: ColumnType<Record<string, unknown> | null, string | null | undefined, string | null>;
  created_by: string | null;
  created_at: CreatedAt;
  updated_at: Timestamp;
  finalised_at: Timestamp | null;
  finalised_by: string | null;
}

export interface ReportRecommendationsTable {
  id: Generated<string>;
  organisation_id: string;
  report_id: string;
  position: number;
  text: string;
  decision: 'adopted' | 'not_adopted' | null;
  decision_note: string | null;
  decided_by: string | null;
  decided_at: Timestamp | null;
}

export type MeasureStatus = 'planned' | 'in_progress' | 'done' | 'dropped';

export interface ImprovementMeasuresTable {
  id: Generated<string>;
  organisation_id: string;
  unit_id: string | null;
  title: string;
  description: Generated<string>;
  owner_user_id: string | null;
  due_on: string | null;
  status: Generated<MeasureStatus>;
  /** How and when the effect will be checked. */
  effect_check: string | null;
  effect_checked_on: string | null;
  effect_result: string | null;
  completed_on: string | null;
  created_by: string | null;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

export type MeasureSourceKind = 'complaint' | 'decision' | 'report' | 'recommendation' | 'external_ruling' | 'external_reaction' | 'meeting' | 'other';

export interface MeasureSourcesTable {
  id: Generated<string>;
  organisation_id: string;
  measure_id: string;
  kind: MeasureSourceKind;
  complaint_id: string | null;
  report_id: string | null;
  recommendation_id: string | null;
  reference: string | null;
  note: string | null;
  created_at: CreatedAt;
}

export interface MeasureNotesTable {
  id: Generated<string>;
  organisation_id: string;
  measure_id: string;
  text: string;
  status_from: string | null;
  status_to: string | null;
  created_by: string | null;
  created_at: CreatedAt;
}

export interface ReportTables {
  complaint_statistics: ComplaintStatisticsTable;
  reports: ReportsTable;
  report_recommendations: ReportRecommendationsTable;
  improvement_measures: ImprovementMeasuresTable;
  measure_sources: MeasureSourcesTable;
  measure_notes: MeasureNotesTable;
}
