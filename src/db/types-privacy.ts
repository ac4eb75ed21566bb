import type { ColumnType, Generated } from 'kysely';

/** Row types of the privacy lane's tables (migration 2026-12-01T1620-privacy-requests; ADR 0020). */
type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type CreatedAt = ColumnType<Date, Date | string | undefined, never>;
type Json<T> = ColumnType<T, string | undefined, string>;

export const PRIVACY_REQUEST_KINDS = ['access', 'correction', 'erasure', 'restriction', 'objection'] as const;
export type PrivacyRequestKind = (typeof PRIVACY_REQUEST_KINDS)[number];
export const PRIVACY_REQUEST_STATUSES = ['open', 'granted', 'partly_granted', 'refused', 'answered'] as const;
export type PrivacyRequestStatus = (typeof PRIVACY_REQUEST_STATUSES)[number];

/** What an erasure request decided for one dossier: erase (then due for destruction: src/usecases/retention, with a destruction record) or keep. */
export interface DossierOutcome {
  decision: 'erase' | 'keep';
  /** For keep: the ground (art. 17(3)(b) legal obligation, (e) legal claims, or the coordinator's own reasoning). */
  ground?: string;
}

/** An AVG request of a data subject (inzage, correctie, verwijdering, beperking, bezwaar) and how it was answered. */
export interface PrivacyRequestsTable {
  id: Generated<string>;
  organisation_id: string;
  kind: PrivacyRequestKind;
  received_on: string;
  /** AVG art. 12(3): one month after receipt. */
  due_on: string;
  /** AVG art. 12(3): extended by at most two months (the requester is told within the first month). */
  extended_to: string | null;
  requester_name: string;
  requester_email: string;
  requester_phone: string;
  description: string;
  complaint_ids: Json<string[]>;
  hold_ids: Json<string[]>;
  status: ColumnType<PrivacyRequestStatus, PrivacyRequestStatus | undefined, PrivacyRequestStatus>;
  /** Erasure (art. 17): per complaint id, erased or kept and why. */
  dossier_outcomes: Json<Record<string, DossierOutcome>>;
  decision_reason: string | null;
  letter_text: string | null;
  created_by: string | null;
  created_at: CreatedAt;
  decided_by: string | null;
  decided_at: Timestamp | null;
}

export interface PrivacyTables {
  privacy_requests: PrivacyRequestsTable;
}
