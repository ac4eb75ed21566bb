import type { Kysely } from 'kysely';
import type { DB } from '../../db/types.ts';
import type { RetentionHoldKind } from '../../db/types-security.ts';
import { audit } from '../audit.ts';

/**
 * Holds on destruction (issue 11): while a hold is active the dossier is never destroyed, whatever its date.
 * Called inside the caller's transaction (an AVG request places an `avg_request` hold; the coordinator a
 * `coordinator` hold with a reason). Audited; the reason is written by staff for the dossier.
 */
export async function placeHold(
  tx: Kysely<DB>,
  input: { organisationId: string; complaintId: string; kind: RetentionHoldKind; reason: string; placedBy: string | null },
): Promise<{ id: string }> {
  const row = await tx
    .insertInto('retention_holds')
    .values({
      organisation_id: input.organisationId,
      complaint_id: input.complaintId,
      kind: input.kind,
      reason: input.reason,
      placed_by: input.placedBy,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await audit(tx, {
    organisationId: input.organisationId,
    actorUserId: input.placedBy,
    action: 'retention.hold_placed',
    subjectType: 'complaint',
    subjectId: input.complaintId,
    details: { holdId: row.id, kind: input.kind },
  });
  return row;
}

/** Lifts an active hold (no-op when it is already lifted); returns whether it was lifted now. */
export async function liftHold(
  tx: Kysely<DB>,
  input: { organisationId: string; holdId: string; liftedBy: string | null; note: string },
): Promise<boolean> {
  const row = await tx
    .updateTable('retention_holds')
    .set({ lifted_at: new Date(), lifted_by: input.liftedBy, lift_note: input.note })
    .where('id', '=', input.holdId)
    .where('organisation_id', '=', input.organisationId)
    .where('lifted_at', 'is', null)
    .returning(['complaint_id'])
    .executeTakeFirst();
  if (!row) return false;
  await audit(tx, {
    organisationId: input.organisationId,
    actorUserId: input.liftedBy,
    action: 'retention.hold_lifted',
    subjectType: 'complaint',
    subjectId: row.complaint_id,
    details: { holdId: input.holdId },
  });
  return true;
}

/** The active holds of these complaints, per complaint id. */
export async function activeHolds(db: Kysely<DB>, organisationId: string, complaintIds: string[]) {
  const out = new Map<string, { id: string; kind: RetentionHoldKind; reason: string; placed_at: Date }[]>();
  if (complaintIds.length === 0) return out;
  const rows = await db
    .selectFrom('retention_holds')
    .select(['id', 'complaint_id', 'kind', 'reason', 'placed_at'])
    .where('organisation_id', '=', organisationId)
    .where('complaint_id', 'in', complaintIds)
    .where('lifted_at', 'is', null)
    .orderBy('placed_at')
    .execute();
  for (const r of rows) out.set(r.complaint_id, [...(out.get(r.complaint_id) ?? []), { id: r.id, kind: r.kind, reason: r.reason, placed_at: r.placed_at }]);
  return out;
}
