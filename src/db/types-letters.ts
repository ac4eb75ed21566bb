import type { ColumnType, Generated } from 'kysely';

/** Row types of the letters lane's tables (migration 2026-12-01T1100-letters; ADR 0010). */
type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type CreatedAt = ColumnType<Date, Date | string | undefined, never>;

export interface LettersTable {
  id: Generated<string>;
  organisation_id: string;
  complaint_id: string;
  kind: string;
  /** The history event of the action that owed the letter (null: a letter on its own). */
  action_seq: number | null;
  recipient_role: 'complainant' | 'respondent';
  recipient_name: string;
  recipient_email: string | null;
  recipient_address: string | null;
  channel: 'email' | 'post' | 'both';
  subject: string;
  body: string;
  pdf: Uint8Array;
  outbound_mail_id: string | null;
  printed_at: Timestamp | null;
  created_by: string | null;
  created_at: CreatedAt;
}

export interface LetterTemplatesTable {
  id: Generated<string>;
  organisation_id: string;
  unit_id: string | null;
  kind: string;
  subject: string;
  body: string;
  updated_by: string | null;
  updated_at: Timestamp;
}

export interface LetterheadsTable {
  organisation_id: string;
  address_lines: Generated<string>;
  phone: Generated<string>;
  email: Generated<string>;
  website: Generated<string>;
  logo: Uint8Array | null;
  logo_type: string | null;
  auto_acknowledge: Generated<boolean>;
  updated_at: Timestamp;
}

export interface LetterTables {
  letters: LettersTable;
  letter_templates: LetterTemplatesTable;
  letterheads: LetterheadsTable;
}
