import { writeStatistics } from '../reports/statistics.ts';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/types.ts';
import { foldFacts } from '../../domain/workflow/index.ts';
import { audit } from '../audit.ts';
import { cachedColumns, loadHistory, loadRegulation, today } from './dossier.ts';

/**
 * `klachtwijs refold`: rebuilds every complaint's cached columns (status, handler, due dates, next_due,
 * decided_late, closed_at, …) from its history, the only truth (ADR 0006). In batches of ids; one
 * transaction per complaint (row lock, fold, compare, update, audit line when something changed), so a
 * long run never holds many locks and a failure leaves the others done. A system operation: no actor.
 */
export interface RefoldResult {
  /** Complaints folded. */
  total: number;
  /** Complaints whose cached columns differed from their history and were rewritten. */
  changed: number;
  /** Complaints with at least one event that could not be read (shown in the dossier). */
  withUnreadableEvents: number;
}

/**
 * Migrations that add or change a cached column, or mark a change of the rule that computes one: the server refolds
 * after running one. `'all'` refolds every complaint; `{ nextDueKeys }` only the complaints whose cached running
 * deadline is one of those clocks, when the rule change can only move those (T2100: the inadmissibility notice no
 * longer counts as the running deadline, so only complaints cached on it change). At a million complaints a refold of
 * every one holds the start for over an hour; the targeted one reads one index-less pass over `next_due_key`.
 */
export type RefoldScope = 'all' | { nextDueKeys: readonly string[] };
export const REFOLD_AFTER_MIGRATIONS: Readonly<Record<string, RefoldScope>> = {
  '2026-12-01T0400-running-deadline-columns': 'all',
  '2026-12-01T0500-regulation-role-bindings': 'all',
  '2026-12-01T1500-reports': 'all',
  '2026-12-02T2100-inadmissibility-window': { nextDueKeys: ['inadmissibilityNotice'] },
};

/** What the migrations just run ask to refold: null for nothing, `{}` for every complaint, else the clocks to refold. */
export function refoldAfter(migrationNames: readonly string[]): { nextDueKeys?: string[] } | null {
  const scopes = migrationNames.map((name) => REFOLD_AFTER_MIGRATIONS[name]).filter((s) => s !== undefined);
  if (scopes.length === 0) return null;
  if (scopes.includes('all')) return {};
  return { nextDueKeys: [...new Set(scopes.flatMap((s) => (s === 'all' ? [] : s.nextDueKeys)))] };
}

type Columns = ReturnType<typeof cachedColumns>;
const COMPARED = [
  'status',
  'kind',
  'received_on',
  'unit_id',
  'complainant',
  'handler_user_id',
  'respondent_user_id',
  'classification',
  'deadlines',
  'decision_due',
  'next_due',
  'next_due_key',
  'next_due_label',
  'decided_late',
  'closed_at',
  'handed_to_role',
  'consulted_roles',
  'procedure_roles',
  'last_seq',
] as const satisfies readonly (keyof Columns)[];

export async function refoldComplaints(db: Kysely<DB>, opts: { organisationId?: string; nextDueKeys?: readonly string[]; batchSize?: number; now?: Date } = {}): Promise<RefoldResult> {
  const batchSize = opts.batchSize ?? 200;
  const day = today(opts.now);
  const result: RefoldResult = { total: 0, changed: 0, withUnreadableEvents: 0 };
  let after: string | null = null;
  for (;;) {
    let q = db.selectFrom('complaints').select('id').orderBy('id').limit(batchSize);
    if (opts.organisationId) q = q.where('organisation_id', '=', opts.organisationId);
    if (opts.nextDueKeys) q = q.where('next_due_key', 'in', [...opts.nextDueKeys]);
    if (after !== null) q = q.where('id', '>', after);
    const ids = (await q.execute()).map((r) => r.id);
    if (ids.length === 0) break;
    for (const id of ids) {
      const outcome = await db.transaction().execute((tx) => refoldOne(tx, id, day));
      if (!outcome) continue;
      result.total += 1;
      if (outcome.changed.length) result.changed += 1;
      if (outcome.unreadable) result.withUnreadableEvents += 1;
    }
    after = ids.at(-1)!;
  }
  return result;
}

/** Refolds one complaint inside `tx`; null when it no longer exists. */
export async function refoldOne(tx: Kysely<DB>, complaintId: string, day: string): Promise<{ changed: string[]; unreadable: boolean } | null> {
  const row = await tx.selectFrom('complaints').selectAll().where('id', '=', complaintId).forUpdate().executeTakeFirst();
  if (!row) return null;
  const facts = foldFacts(await loadHistory(tx, row.id));
  const { policy } = await loadRegulation(tx, row.organisation_id, row.regulation_version_id);
  const columns = cachedColumns(policy, facts, day);
  const current: Record<string, unknown> = row;
  // A column the history does not (yet) determine (the complainant before any correction) is left alone.
  const changed = COMPARED.filter((k) => k in columns && !sameValue(current[k], columns[k as keyof Columns]));
  if (changed.length) {
    await tx.updateTable('complaints').set(columns).where('id', '=', row.id).execute();
    await audit(tx, { organisationId: row.organisation_id, actorUserId: null, action: 'complaint.refolded', subjectType: 'complaint', subjectId: row.id, details: { columns: changed } });
  }
  // The statistical record is always rewritten: it is derived like the columns, and a refold is how existing
  // complaints get one (REFOLD_AFTER_MIGRATIONS).
  await writeStatistics(tx, row.id, policy, facts, day);
  return { changed: [...changed], unreadable: facts.unreadableEvents.length > 0 };
}

/** Compares a column as read from the database with the value about to be written. */
function sameValue(stored: unknown, next: unknown): boolean {
  if (typeof next === 'string' && (next.startsWith('{') || next.startsWith('[')) && typeof stored === 'object' && stored !== null) {
    return canonical(stored) === canonical(JSON.parse(next));
  }
  if (next instanceof Date || stored instanceof Date) {
    const a = stored instanceof Date ? stored.getTime() : stored === null ? null : new Date(String(stored)).getTime();
    const b = next instanceof Date ? next.getTime() : next === null ? null : new Date(String(next)).getTime();
    return a === b;
  }
  return (stored ?? null) === (next ?? null);
}

function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}
