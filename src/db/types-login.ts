import type { ColumnType, Generated } from 'kysely';

/** Row types of the login lane (migration 2026-12-01T1630-login-security; issue 11, ADR 0021). */

/** Who must use two-factor authentication in an organisation. */
export const TWO_FACTOR_REQUIREMENTS = ['none', 'admin_coordinator', 'all_staff'] as const;
export type TwoFactorRequirement = (typeof TWO_FACTOR_REQUIREMENTS)[number];

/** A session is full only after every step: a password alone gives `second_factor` (or `second_factor_setup`). */
export type SessionStage = 'full' | 'second_factor' | 'second_factor_setup';

export interface RecoveryCodesTable {
  id: Generated<string>;
  organisation_id: string;
  user_id: string;
  code_hash: string;
  created_at: ColumnType<Date, never, never>;
  used_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
}

export interface LoginTables {
  recovery_codes: RecoveryCodesTable;
}
