import type { ColumnType, Generated } from 'kysely';

/** Row types of the governance tables (migration 2026-12-01T1540-meetings-and-reviews; ADR 0018). */
type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type CreatedAt = ColumnType<Date, Date | string | undefined, never>;
type Json<T> = ColumnType<T, string | undefined, string>;

/** One item of a meeting's agenda, generated from the analysis and the measures (src/usecases/meetings). */
export interface MeetingAgendaItem {
  kind: 'analysis' | 'recommendations' | 'measures' | 'standing' | 'other';
  title: string;
  /** Dutch text of the item (what is discussed), written for the meeting: never personal data. */
  text?: string;
  /** The yearly analysis/report the item is about. */
  reportId?: string;
  /** The report's figures summary for the year. */
  /** `upheld` (gegrond or deels gegrond): null where the regulation does not judge the merits (000, 001, 003, 004). */
  figures?: { received: number; complaints: number; upheld: number | null; late: number; final: boolean };
  recommendations?: { id: string; text: string; decision: 'adopted' | 'not_adopted' | null }[];
  measures?: { open: number; overdue: number; doneInYear: number };
  /** The regulation's article the item comes from. */
  article?: string;
}

export interface MeetingsTable {
  id: Generated<string>;
  organisation_id: string;
  unit_id: string | null;
  /** The year whose complaints and analysis the meeting discusses. */
  year: number;
  planned_on: string;
  held_on: string | null;
  agenda: Json<MeetingAgendaItem[]>;
  minutes: Generated<string>;
  attendees: Generated<string>;
  status: Generated<'planned' | 'held'>;
  created_by: string | null;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

export type ReviewStatus = 'open' | 'evaluated' | 'approved' | 'published' | 'closed';

export interface RegulationReviewsTable {
  id: Generated<string>;
  organisation_id: string;
  unit_id: string | null;
  /** The version reviewed. */
  regulation_version_id: string;
  due_on: string;
  evaluation: Generated<string>;
  /** The adjusted regulation as prepared (not active); null until a draft is saved. */
  draft_document: ColumnType<unknown, string | null | undefined, string | null>;
  draft_saved_at: Timestamp | null;
  approved_by: string | null;
  approved_at: Timestamp | null;
  approval_note: string | null;
  /** The version the approved draft was activated as. */
  published_version_id: string | null;
  status: Generated<ReviewStatus>;
  created_by: string | null;
  created_at: CreatedAt;
  updated_at: Timestamp;
  completed_at: Timestamp | null;
}

export interface GovTables {
  meetings: MeetingsTable;
  regulation_reviews: RegulationReviewsTable;
}
