import type { Kysely } from 'kysely';
import type { DB } from '../../db/types.ts';
import type { SecurityEventKind } from '../../db/types-security.ts';

export interface SecurityEventInput {
  kind: SecurityEventKind;
  organisationId?: string | null;
  userId?: string | null;
  clientAddress?: string | null;
  /** Codes and ids only: never a password, a token, an e-mail address typed at log-in, or a complaint's text. */
  detail?: Record<string, unknown>;
}

/**
 * Records one security event (issue 11: refused reads and actions, failed and throttled log-ins, log-outs, rate
 * limits, second-factor failures, revoked sessions and tokens leave a trace). Pass the caller's transaction when
 * the event belongs to a change; a refusal is recorded on the database itself, since its transaction rolls back.
 */
export async function recordSecurityEvent(db: Kysely<DB>, event: SecurityEventInput): Promise<void> {
  await db
    .insertInto('security_events')
    .values({
      kind: event.kind,
      organisation_id: event.organisationId ?? null,
      user_id: event.userId ?? null,
      client_address: event.clientAddress ?? null,
      detail: JSON.stringify(event.detail ?? {}),
    })
    .execute();
}

/** The latest security events of an organisation (newest first), for the admin's security log. */
export async function listSecurityEvents(db: Kysely<DB>, organisationId: string, opts: { limit?: number; kinds?: SecurityEventKind[] } = {}) {
  let q = db
    .selectFrom('security_events')
    .select(['id', 'at', 'kind', 'user_id', 'client_address', 'detail'])
    .where('organisation_id', '=', organisationId);
  if (opts.kinds?.length) q = q.where('kind', 'in', opts.kinds);
  return q.orderBy('at', 'desc').orderBy('id', 'desc').limit(opts.limit ?? 200).execute();
}
