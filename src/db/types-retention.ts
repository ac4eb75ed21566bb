import type { ColumnType, Generated } from 'kysely';

/** Row types of the retention tables (migration 2026-12-01T1610-retention; issue 11, ADR 0019). */

/** What was destroyed, without personal data. */
export interface DestructionRecordsTable {
  id: Generated<string>;
  organisation_id: string;
  reference: string;
  kind: string;
  unit_id: string | null;
  /** `2026-03`: months, never days. */
  received_month: string;
  closed_month: string | null;
  destroy_after: string;
  /** The period and its basis (article, law or organisation setting), as shown when it fell due. */
  basis: string;
  approved_by: string | null;
  approval: 'page' | 'cli' | 'automatic';
  destroyed_at: ColumnType<Date, Date | string | undefined, never>;
}

export interface RetentionTables {
  destruction_records: DestructionRecordsTable;
}
