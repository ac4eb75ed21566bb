import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/types.ts';
import type { IsoDate } from '../../domain/deadlines/types.ts';
import { monthOf } from '../../domain/retention/retention.ts';
import { isUuid } from '../../shared/validation.ts';
import { audit } from '../audit.ts';
import { dueDossiers, dueInTransaction, runCache, type DueItem, type RunCache } from './retention.ts';

/**
 * Destruction (issue 11, ADR 0019): reviewed, then done. Each dossier is destroyed in ITS OWN transaction, after its
 * row is locked and its due state checked again (date passed, no hold), so a crash mid-run loses nothing and
 * destroys nothing twice, and two runs at once never destroy one dossier twice.
 *
 * What goes: the complaint row with its personal data and search entry, and by cascade its history (payloads
 * included), attachments (their bytes live in the row), letters (with their PDFs), outbound mails, complainant
 * links, notifications and holds; inbound mails joined to it are deleted here; audit lines about it keep their
 * action, ids, numbers and yes/no values only. What stays: the anonymous `complaint_statistics` row (its link to
 * the complaint is cut), measure sources (they keep the reference) and one `destruction_records` row without
 * personal data.
 */

export type Approval = 'page' | 'cli' | 'automatic';

export interface DestroyResult {
  outcome: 'destroyed' | 'gone' | 'not_due' | 'held';
  reference?: string;
}

/** Destroys one dossier in its own transaction when it is (still) due and not held. */
export async function destroyDossier(
  db: Kysely<DB>,
  input: { organisationId: string; complaintId: string; approvedBy: string | null; approval: Approval; today: IsoDate },
  cache: RunCache = runCache(),
): Promise<DestroyResult> {
  return db.transaction().execute(async (tx) => {
    const locked = await tx
      .selectFrom('complaints')
      .select(['id'])
      .where('id', '=', input.complaintId)
      .where('organisation_id', '=', input.organisationId)
      .forUpdate()
      .executeTakeFirst();
    if (!locked) return { outcome: 'gone' };
    const due = await dueInTransaction(tx, input.organisationId, input.complaintId, input.today, cache);
    if ('refused' in due) return { outcome: due.refused };
    const { item, row } = due;
    // Append-only guards on the history and the audit log honour this transaction-local marker (ADR 0019).
    await sql`select set_config('klachtwijs.destroying', 'on', true)`.execute(tx);

    await tx
      .updateTable('measure_sources')
      .set({ reference: item.reference })
      .where('complaint_id', '=', row.id)
      .where('organisation_id', '=', input.organisationId)
      .where('reference', 'is', null)
      .execute();
    await tx.deleteFrom('inbound_messages').where('complaint_id', '=', row.id).where('organisation_id', '=', input.organisationId).execute();
    // Audit lines about the dossier keep their action and ids; in `details` only numbers, yes/no and ids stay (any
    // text could name the person). One statement, however many times the dossier was read.
    await sql`
      update audit_log set details = coalesce(
        (select jsonb_object_agg(e.key, e.value) from jsonb_each(audit_log.details) e
          where jsonb_typeof(e.value) in ('number', 'boolean')
             or (jsonb_typeof(e.value) = 'string' and (e.value #>> '{}') ~* '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$')),
        '{}'::jsonb) || '{"dossierDestroyed": true}'::jsonb
      where organisation_id = ${input.organisationId} and subject_type = 'complaint' and subject_id = ${row.id}`.execute(tx);
    const record = await tx
      .insertInto('destruction_records')
      .values({
        organisation_id: input.organisationId,
        reference: item.reference,
        kind: item.kind,
        unit_id: item.unitId,
        received_month: monthOf(row.received_on)!,
        closed_month: monthOf(item.endedOn),
        destroy_after: item.destroyAfter,
        basis: item.basis,
        approved_by: input.approvedBy,
        approval: input.approval,
      })
      .onConflict((oc) => oc.columns(['organisation_id', 'reference']).doNothing())
      .returning('id')
      .executeTakeFirst();
    // The statistics row stays (reports stay right); its link to the dossier goes with the dossier (ON DELETE SET NULL).
    await tx.deleteFrom('complaints').where('id', '=', row.id).where('organisation_id', '=', input.organisationId).execute();
    await audit(tx, {
      organisationId: input.organisationId,
      actorUserId: input.approvedBy,
      action: 'retention.destroyed',
      subjectType: 'complaint',
      subjectId: row.id,
      details: { recordId: record?.id ?? null, automatic: input.approval === 'automatic' },
    });
    return { outcome: 'destroyed', reference: item.reference };
  });
}

export interface RunResult {
  /** What was (or, on a dry run, would be) destroyed. */
  items: DueItem[];
  destroyed: string[];
  skipped: { reference: string; outcome: DestroyResult['outcome'] }[];
  held: DueItem[];
}

/**
 * Destroys what is due and not held (all of it, or only the approved `complaintIds`), one transaction per dossier.
 * A dry run destroys nothing and says what would go.
 */
export async function runDestruction(
  db: Kysely<DB>,
  input: {
    organisationId: string;
    approvedBy: string | null;
    approval: Approval;
    today: IsoDate;
    complaintIds?: string[];
    dryRun?: boolean;
    onProgress?: (done: number, total: number) => void;
  },
): Promise<RunResult> {
  const ids = input.complaintIds?.filter(isUuid);
  const listed = await dueDossiers(db, input.organisationId, input.today, ids ? { complaintIds: ids } : {});
  const items = listed.filter((i) => i.holds.length === 0);
  const held = listed.filter((i) => i.holds.length > 0);
  const result: RunResult = { items, destroyed: [], skipped: [], held };
  if (input.dryRun) return result;
  let done = 0;
  const cache = runCache();
  for (const item of items) {
    const r = await destroyDossier(db, { organisationId: input.organisationId, complaintId: item.complaintId, approvedBy: input.approvedBy, approval: input.approval, today: input.today }, cache);
    if (r.outcome === 'destroyed') result.destroyed.push(item.reference);
    else result.skipped.push({ reference: item.reference, outcome: r.outcome });
    done++;
    input.onProgress?.(done, items.length);
  }
  return result;
}

/** The destruction log of the organisation, newest first. */
export async function destructionLog(db: Kysely<DB>, organisationId: string, opts: { limit?: number } = {}) {
  return db
    .selectFrom('destruction_records as r')
    .leftJoin('units as u', 'u.id', 'r.unit_id')
    .leftJoin('users as a', 'a.id', 'r.approved_by')
    .select(['r.id', 'r.reference', 'r.kind', 'u.name as unit_name', 'r.received_month', 'r.closed_month', 'r.destroy_after', 'r.basis', 'a.name as approved_by_name', 'r.approval', 'r.destroyed_at'])
    .where('r.organisation_id', '=', organisationId)
    .orderBy('r.destroyed_at', 'desc')
    .orderBy('r.reference', 'desc')
    .limit(opts.limit ?? 500)
    .execute();
}
