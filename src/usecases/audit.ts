import type { Kysely } from 'kysely';
import type { DB } from '../db/types.ts';

/**
 * Appends one line to the audit log, inside the caller's transaction. Details carry ids and codes,
 * never personal data.
 */
export async function audit(
  tx: Kysely<DB>,
  entry: { organisationId: string | null; actorUserId: string | null; action: string; subjectType: string; subjectId?: string | null; details?: Record<string, unknown> },
): Promise<void> {
  await tx
    .insertInto('audit_log')
    .values({
      organisation_id: entry.organisationId,
      actor_user_id: entry.actorUserId,
      action: entry.action,
      subject_type: entry.subjectType,
      subject_id: entry.subjectId ?? null,
      details: JSON.stringify(entry.details ?? {}),
    })
    .execute();
}
