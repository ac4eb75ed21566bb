import type { ColumnType, Generated } from 'kysely';

/** Row types of the shared privacy and security tables (migration 2026-12-01T1600-security-core; issue 11). */
type CreatedAt = ColumnType<Date, Date | string | undefined, never>;
type Json<T> = ColumnType<T, string | undefined, string>;

/** What a security event is about; `detail` carries codes and ids only, never a password or personal text. */
export const SECURITY_EVENT_KINDS = [
  'login_failed',
  'login_throttled',
  'login_succeeded',
  'logout',
  'second_factor_failed',
  'second_factor_changed',
  'recovery_code_used',
  'sso_login',
  'sso_failed',
  'session_revoked',
  'token_created',
  'token_revoked',
  'password_changed',
  'password_reset',
  'access_refused',
  'action_refused',
  'rate_limited',
  'upload_refused',
] as const;
export type SecurityEventKind = (typeof SECURITY_EVENT_KINDS)[number];

export interface SecurityEventsTable {
  id: Generated<number>;
  organisation_id: string | null;
  at: CreatedAt;
  kind: SecurityEventKind;
  user_id: string | null;
  client_address: string | null;
  detail: Json<Record<string, unknown>>;
}

export interface RateLimitCountersTable {
  key: string;
  window_start: ColumnType<Date, Date | string, Date | string>;
  count: number;
}

export const RETENTION_HOLD_KINDS = ['external_procedure', 'dispute', 'avg_request', 'coordinator'] as const;
export type RetentionHoldKind = (typeof RETENTION_HOLD_KINDS)[number];

export interface RetentionHoldsTable {
  id: Generated<string>;
  organisation_id: string;
  complaint_id: string;
  kind: RetentionHoldKind;
  reason: string;
  placed_by: string | null;
  placed_at: CreatedAt;
  lifted_by: string | null;
  lifted_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  lift_note: string | null;
}

export interface SecurityTables {
  security_events: SecurityEventsTable;
  rate_limit_counters: RateLimitCountersTable;
  retention_holds: RetentionHoldsTable;
}
