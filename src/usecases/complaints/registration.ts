import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { DB, Unit } from '../../db/types.ts';
import { formatDutchDate } from '../../domain/deadlines/index.ts';
import type { DeadlineDates, Status } from '../../domain/workflow/index.ts';
import type { JobQueue } from '../../jobs/queue.ts';
import type { Logger } from '../../shared/logger.ts';
import { AppError } from '../../shared/errors.ts';
import type { Actor } from '../actor.ts';
import type { ActiveRegulation, RegulationInForce } from '../regulations/regulations.ts';
import type { AttachmentInput } from './file-types.ts';

/**
 * What both doors of registration share: the request and its answer, the triage unit, how an idempotency key is stored
 * and the complaint an earlier submission with it stored. The general path (register-complaint.ts) and the public
 * door's fast path (register-public.ts, ADR 0029) build on this; it imports neither.
 */

export interface RegisterRequest {
  organisationId: string;
  /** The staff member registering; null for the public form and its API twin. */
  actor: Actor | null;
  door: 'public' | 'staff';
  input: unknown;
  attachments?: AttachmentInput[];
  /**
   * The public form's key whose pending uploads (files chosen before, held server-side) become attachments of
   * this complaint, in the same transaction (ADR 0009).
   */
  pendingFormKey?: string;
  /**
   * Public door, organisation with several units: the complainant answered "Weet ik niet". The complaint is
   * filed at the triage unit (`triageUnit`) and marked `unit_unknown` until staff set the unit.
   */
  unitUnknown?: boolean;
  now?: Date;
  /** The job queue, started by a caller that registers inside its own transaction (the automatic acknowledgement needs it). */
  jobs?: JobQueue;
  /** Public door: the slug the submission was addressed to; a registration that finds the organisation renamed answers 404. */
  expectSlug?: string;
  /**
   * Where the public door warns about what it lets pass without failing the submission (a coordinator's mail job that
   * could not be enqueued: the sweep makes it later). Ids and codes only, never the complaint's content.
   */
  logger?: Pick<Logger, 'warn'>;
}

export interface RegisteredComplaint {
  id: string;
  reference: string;
  status: Status;
  kind: string;
  receivedOn: string;
  deadlines: DeadlineDates;
  /** The same submission arrived before (double submit): nothing new was stored. */
  duplicate: boolean;
}

/**
 * Where a complaint waits whose unit the complainant did not know ("Weet ik niet"): the organisation's first
 * top-level unit (the default unit a new organisation gets), where the organisation's coordinators see it.
 */
export function triageUnit(units: readonly Unit[]): Unit {
  const roots = units.filter((u) => !u.parent_id);
  const pool = roots.length ? roots : units;
  return [...pool].sort((a, b) => a.created_at.getTime() - b.created_at.getTime() || a.id.localeCompare(b.id))[0]!;
}

/**
 * How an idempotency key is stored: per door and sender, so one sender's key never finds another's complaint. A
 * sender without an account is known only by what they sent: their key is stored with a hash of the submission
 * (everything but the key), so the same key with another submission is another complaint.
 */
export function idempotencyKeyFor(door: 'public' | 'staff', actorUserId: string | null, key: string, submission?: Record<string, unknown>): string {
  const base = `${door}:${actorUserId ?? 'anonymous'}:${key}`;
  if (!submission) return base;
  const { idempotencyKey: _key, ...rest } = submission;
  return `${base}:${createHash('sha256').update(JSON.stringify(rest)).digest('base64url').slice(0, 32)}`;
}

/** The complaint an earlier submission with this idempotency key stored (its answer again, marked duplicate), or null. */
export async function findByIdempotencyKey(db: Kysely<DB>, organisationId: string, key: string): Promise<RegisteredComplaint | null> {
  const row = await db
    .selectFrom('complaints')
    .select(['id', 'reference', 'status', 'kind', 'received_on', 'deadlines'])
    .where('organisation_id', '=', organisationId)
    .where('idempotency_key', '=', key)
    .executeTakeFirst();
  if (!row) return null;
  return { id: row.id, reference: row.reference, status: row.status as Status, kind: row.kind, receivedOn: row.received_on, deadlines: row.deadlines as DeadlineDates, duplicate: true };
}

/**
 * The version a complaint is registered under, or the refusal when the unit has none in force: none activated, or
 * only one that takes effect later (its "Datum van vaststelling").
 */
export function intakeRegulation(found: RegulationInForce, unitName: string): ActiveRegulation {
  if (found.ok) return found.active;
  throw new AppError('intake_unavailable', intakeRefusal(found, unitName));
}

/** Why a unit takes no complaint yet (`intakeRegulation`'s refusal): from when its regulation applies, or that none does. */
export function intakeRefusal(found: { reason: 'pending'; from: string } | { reason: 'none' }, unitName: string): string {
  return found.reason === 'pending'
    ? `De klachtenregeling voor ${unitName} gaat in op ${formatDutchDate(found.from)}. Tot die dag kan Klachtwijs hier nog geen klachten aannemen.`
    : `Voor ${unitName} is nog geen klachtenregeling actief. Daarom kan Klachtwijs hier nog geen klachten aannemen. Vraag de beheerder de klachtenregeling te activeren.`;
}
