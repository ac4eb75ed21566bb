import { sql, type Kysely } from 'kysely';
import type { IsoDate } from '../../domain/deadlines/index.ts';
import { statisticsOf } from '../../domain/reports/statistics.ts';
import type { ComplaintFacts } from '../../domain/workflow/facts.ts';
import type { WorkflowPolicy } from '../../domain/workflow/policy.ts';
import type { DB } from '../../db/types.ts';
import type { ComplaintStatisticsTable } from '../../db/types-reports.ts';
import type { Selectable } from 'kysely';

/**
 * The columns reports read (what `computeFigures` needs). Selecting only these, not `*`, makes loading 50,000
 * records about twice as fast on PostgreSQL (bench/reports.ts): no ids, timestamps or version ids to parse.
 */
export const STATISTICS_COLUMNS = [
  'kind', 'status', 'channel', 'relation', 'unit_id', 'received_on', 'ended_on', 'decided_on', 'classification', 'severity',
  'sensitive', 'inadmissible_ground', 'outcome', 'terms', 'escalations', 'escalation_kinds', 'external', 'satisfied',
] as const;

export type StatisticsRow = Pick<Selectable<ComplaintStatisticsTable>, (typeof STATISTICS_COLUMNS)[number]>;

/**
 * Writes the complaint's anonymous statistical record (ADR 0015), in the caller's transaction, right after
 * its cached columns: one statement, which takes organisation, unit, channel, regulation version and the
 * complainant's relation from the complaint row as it now stands.
 */
export async function writeStatistics(tx: Kysely<DB>, complaintId: string, policy: WorkflowPolicy, facts: ComplaintFacts, day: IsoDate): Promise<void> {
  const s = statisticsOf(policy, facts, day);
  if (!s) return;
  await sql`
    insert into complaint_statistics (complaint_id, organisation_id, unit_id, regulation_version_id, kind, status, channel, relation,
      received_on, ended_on, decided_on, classification, severity, sensitive, inadmissible_ground, outcome, terms, escalations,
      escalation_kinds, external, satisfied, reopen_count, updated_at)
    select c.id, c.organisation_id, c.unit_id, c.regulation_version_id, ${s.kind}, ${s.status}, c.channel, c.complainant->>'relation',
      ${s.receivedOn}, ${s.endedOn}, ${s.decidedOn}, ${JSON.stringify(s.classification)}::jsonb, ${s.severity}, ${s.sensitive},
      ${s.inadmissibleGround}, ${s.outcome}, ${JSON.stringify(s.terms)}::jsonb, ${JSON.stringify(s.escalations)}::jsonb,
      ${JSON.stringify(s.escalationKinds)}::jsonb, ${JSON.stringify(s.external)}::jsonb, ${s.satisfied}, ${s.reopenCount}, now()
    from complaints c where c.id = ${complaintId}
    on conflict (complaint_id) do update set
      unit_id = excluded.unit_id, regulation_version_id = excluded.regulation_version_id, kind = excluded.kind,
      status = excluded.status, channel = excluded.channel, relation = excluded.relation, received_on = excluded.received_on,
      ended_on = excluded.ended_on, decided_on = excluded.decided_on, classification = excluded.classification,
      severity = excluded.severity, sensitive = excluded.sensitive, inadmissible_ground = excluded.inadmissible_ground,
      outcome = excluded.outcome, terms = excluded.terms, escalations = excluded.escalations,
      escalation_kinds = excluded.escalation_kinds, external = excluded.external,
      satisfied = excluded.satisfied, reopen_count = excluded.reopen_count, updated_at = now()
  `.execute(tx);
}

/**
 * The statistical records of an organisation (or of the given units) that matter for a period ending on `to`:
 * received up to `to`, and either received from `from` on or still running after `from` (for "open at the end"
 * and terms that ran into the period). Reads only the anonymous table.
 */
export async function loadStatistics(
  db: Kysely<DB>,
  organisationId: string,
  opts: { unitIds?: readonly string[] | null; from: IsoDate; to: IsoDate },
): Promise<StatisticsRow[]> {
  let q = db
    .selectFrom('complaint_statistics')
    .select(STATISTICS_COLUMNS)
    .where('organisation_id', '=', organisationId)
    .where('received_on', '<=', opts.to)
    .where((eb) => eb.or([eb('received_on', '>=', opts.from), eb('ended_on', 'is', null), eb('ended_on', '>=', opts.from)]));
  if (opts.unitIds) q = opts.unitIds.length ? q.where('unit_id', 'in', opts.unitIds) : q.where(sql<boolean>`false`);
  return q.execute();
}
