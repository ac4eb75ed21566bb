import type { Kysely } from 'kysely';
import type { DB } from '../../db/types.ts';
import type { RetentionHoldKind } from '../../db/types-security.ts';
import { dayZero } from '../../domain/deadlines/index.ts';
import type { IsoDate } from '../../domain/deadlines/types.ts';
import { formatDutchDate } from '../../domain/deadlines/format.ts';
import { isNotPrescribed, RETENTION_FRAMEWORKS, type RetentionFramework } from '../../domain/regulation/schema.ts';
import {
  clientFileLine,
  destructionDate,
  HOLD_KIND_LABELS,
  isClosedForRetention,
  isDue,
  type OrganisationRetention,
  type RetentionDate,
} from '../../domain/retention/retention.ts';
import { coordinatorName } from '../../domain/regulation/roles.ts';
import { regulationVersion } from '../regulations/regulations.ts';
import { activeHolds } from './holds.ts';
import { retentionSettings } from './settings.ts';

/**
 * Retention of dossiers (issue 11, ADR 0019): the destruction date of each closed dossier from its regulation version
 * (or the organisation's default), the holds that stop destruction, and the list of what fell due.
 */

export interface HoldView {
  /** Null for an automatic hold (derived from the dossier's facts, e.g. a running external procedure). */
  id: string | null;
  kind: RetentionHoldKind;
  label: string;
  reason: string;
  placedAt: Date | null;
}

export interface DossierRetention {
  destroyAfter: IsoDate | null;
  basis: string;
  basisKind: RetentionDate['basisKind'];
  /** True while any hold is active: the dossier is not destroyed, whatever its date. */
  hold: boolean;
  holds: HoldView[];
  framework: RetentionFramework | null;
  clientRelationEndedOn: IsoDate | null;
  /**
   * What the client file may hold about this complaint, where the complaint's regulation says so: the reference only
   * (004 §5), with that article. Null where it says nothing about a client file (003: a charity has none).
   */
  clientFile: { line: string; article: string } | null;
  /**
   * Whether the dossier's date depends on the client file (its legal framework or the end of the client relation):
   * retention "as long as the client file" or a period per framework (004 §3). Only then is the form for them shown.
   */
  asksClientFile: boolean;
  /** The regulation's name for the role that places a hold (003 "klachtencoördinator"; product: klachtenfunctionaris). */
  coordinatorName: string;
}

/** The columns a retention computation needs from one complaint (and its statistics row). */
interface RetentionRow {
  id: string;
  reference: string;
  kind: string;
  status: string;
  unit_id: string;
  received_on: string;
  closed_at: Date | null;
  regulation_version_id: string;
  legal_framework: string | null;
  client_relation_ended_on: string | null;
  ended_on: string | null;
  decided_on: string | null;
  external: unknown;
}

function retentionRows(db: Kysely<DB>, organisationId: string) {
  return db
    .selectFrom('complaints')
    .leftJoin('complaint_statistics as s', 's.complaint_id', 'complaints.id')
    .select([
      'complaints.id',
      'complaints.reference',
      'complaints.kind',
      'complaints.status',
      'complaints.unit_id',
      'complaints.received_on',
      'complaints.closed_at',
      'complaints.regulation_version_id',
      'complaints.legal_framework',
      'complaints.client_relation_ended_on',
      's.ended_on',
      's.decided_on',
      's.external',
    ])
    .where('complaints.organisation_id', '=', organisationId);
}

/** The day the dossier closed for retention: the later of the end of the procedure and a later close. */
function endedOn(row: RetentionRow): IsoDate | null {
  if (!isClosedForRetention(row.status)) return null;
  const closed = row.closed_at ? dayZero(row.closed_at) : null;
  const ended = row.ended_on ?? closed ?? row.received_on;
  return closed && closed > ended ? closed : ended;
}

function asFramework(value: string | null): RetentionFramework | null {
  return value && (RETENTION_FRAMEWORKS as readonly string[]).includes(value) ? (value as RetentionFramework) : null;
}

type VersionCache = Map<string, Promise<Awaited<ReturnType<typeof regulationVersion>>>>;

/**
 * Dossiers an erasure request decided to erase (AVG art. 17, src/usecases/privacy), with the request and the day of
 * that decision: from then on they are due, whatever their own date; a hold (a running procedure) still stops them.
 */
export async function erasuresGranted(db: Kysely<DB>, organisationId: string): Promise<Map<string, { requestId: string; on: IsoDate }>> {
  const rows = await db
    .selectFrom('privacy_requests')
    .select(['id', 'dossier_outcomes', 'decided_at'])
    .where('organisation_id', '=', organisationId)
    .where('kind', '=', 'erasure')
    .where('status', 'in', ['granted', 'partly_granted'])
    .execute();
  const out = new Map<string, { requestId: string; on: IsoDate }>();
  for (const r of rows) {
    for (const [complaintId, outcome] of Object.entries(r.dossier_outcomes)) {
      if (outcome.decision === 'erase') out.set(complaintId, { requestId: r.id, on: dayZero(r.decided_at ?? new Date()) });
    }
  }
  return out;
}

function withErasure(date: RetentionDate, erasedOn: IsoDate | undefined): RetentionDate {
  if (!erasedOn || (date.destroyAfter !== null && date.destroyAfter <= erasedOn)) return date;
  return {
    destroyAfter: erasedOn,
    basis: `Het verzoek om verwijdering is op ${formatDutchDate(erasedOn)} toegekend (AVG artikel 17).`,
    basisKind: 'law',
    runsFrom: erasedOn,
  };
}

async function dateOf(
  db: Kysely<DB>,
  organisationId: string,
  row: RetentionRow,
  settings: OrganisationRetention,
  cache: VersionCache = new Map(),
  erasures: Map<string, { on: IsoDate }> = new Map(),
): Promise<RetentionDate> {
  let pending = cache.get(row.regulation_version_id);
  if (!pending) {
    pending = regulationVersion(db, organisationId, row.regulation_version_id);
    cache.set(row.regulation_version_id, pending);
  }
  const version = await pending;
  return withErasure(destructionDate({
    retention: version.regulation.retention,
    kind: row.kind,
    status: row.status,
    receivedOn: row.received_on,
    endedOn: endedOn(row),
    decidedOn: row.decided_on,
    framework: asFramework(row.legal_framework),
    clientRelationEndedOn: row.client_relation_ended_on,
    organisation: settings,
  }), erasures.get(row.id)?.on);
}

/** Holds derived from the dossier's facts: an external procedure without a ruling is still running. */
function automaticHolds(row: RetentionRow): HoldView[] {
  const external = Array.isArray(row.external) ? (row.external as { bodyName?: string; ruled?: boolean }[]) : [];
  return external
    .filter((e) => e.ruled === false)
    .map((e) => ({
      id: null,
      kind: 'external_procedure' as const,
      label: HOLD_KIND_LABELS.external_procedure,
      reason: `De procedure bij ${e.bodyName ?? 'de externe instantie'} loopt nog (geen uitspraak vastgelegd).`,
      placedAt: null,
    }));
}

async function holdsOf(db: Kysely<DB>, organisationId: string, rows: RetentionRow[]): Promise<Map<string, HoldView[]>> {
  // In chunks: one statement has at most 65,535 parameters.
  const placed = new Map<string, Awaited<ReturnType<typeof activeHolds>> extends Map<string, infer V> ? V : never>();
  for (let i = 0; i < rows.length; i += 5000) {
    for (const [k, v] of await activeHolds(db, organisationId, rows.slice(i, i + 5000).map((r) => r.id))) placed.set(k, v);
  }
  const out = new Map<string, HoldView[]>();
  for (const r of rows) {
    const holds = [
      ...automaticHolds(r),
      ...(placed.get(r.id) ?? []).map((h) => ({ id: h.id, kind: h.kind, label: HOLD_KIND_LABELS[h.kind], reason: h.reason, placedAt: h.placed_at })),
    ];
    if (holds.length) out.set(r.id, holds);
  }
  return out;
}

/** The retention of one dossier (the caller has checked the actor may see it). */
export async function dossierRetention(db: Kysely<DB>, organisationId: string, complaintId: string): Promise<DossierRetention | null> {
  const row = await retentionRows(db, organisationId).where('complaints.id', '=', complaintId).executeTakeFirst();
  if (!row) return null;
  const settings = await retentionSettings(db, organisationId);
  const versions: VersionCache = new Map();
  const date = await dateOf(db, organisationId, row, settings, versions, await erasuresGranted(db, organisationId));
  const { regulation } = await versions.get(row.regulation_version_id)!;
  const entry = regulation.records.clientFile;
  const retention = regulation.retention;
  const coordinator = coordinatorName(regulation.roles);
  const holds = ((await holdsOf(db, organisationId, [row])).get(row.id) ?? []).map((h) => (h.kind === 'coordinator' ? { ...h, label: `Blokkade door de ${coordinator}` } : h));
  return {
    coordinatorName: coordinator,
    destroyAfter: date.destroyAfter,
    basis: date.basis,
    basisKind: date.basisKind,
    hold: holds.length > 0,
    holds,
    framework: asFramework(row.legal_framework),
    clientRelationEndedOn: row.client_relation_ended_on,
    clientFile: entry?.entry === 'reference_only' ? { line: clientFileLine(row.reference), article: entry.source.article } : null,
    asksClientFile:
      !isNotPrescribed(retention) && (retention.mode === 'as_client_file' || retention.runsFrom === 'as_client_file' || (retention.perFramework?.length ?? 0) > 0),
  };
}

export interface DueItem {
  complaintId: string;
  reference: string;
  kind: string;
  unitId: string;
  endedOn: IsoDate | null;
  destroyAfter: IsoDate;
  basis: string;
  holds: HoldView[];
}

/**
 * Every closed dossier of the organisation whose destruction date has passed on `today`, oldest date first, with its
 * holds (a held dossier is listed, with its reasons, but never destroyed).
 */
export async function dueDossiers(db: Kysely<DB>, organisationId: string, today: IsoDate, opts: { complaintIds?: string[] } = {}): Promise<DueItem[]> {
  const settings = await retentionSettings(db, organisationId);
  const rows = await retentionRows(db, organisationId)
    .where('complaints.status', 'in', ['decided', 'closed', 'inadmissible', 'withdrawn'])
    .$if(opts.complaintIds !== undefined, (q) => q.where('complaints.id', 'in', opts.complaintIds!.length ? opts.complaintIds! : ['00000000-0000-0000-0000-000000000000']))
    .orderBy('complaints.received_on')
    .orderBy('complaints.reference')
    .execute();
  const due: { row: RetentionRow; date: RetentionDate }[] = [];
  const versions: VersionCache = new Map();
  const erasures = await erasuresGranted(db, organisationId);
  for (const row of rows) {
    const date = await dateOf(db, organisationId, row, settings, versions, erasures);
    if (isDue(date, today)) due.push({ row, date });
  }
  const holds = await holdsOf(db, organisationId, due.map((d) => d.row));
  return due
    .map(({ row, date }) => ({
      complaintId: row.id,
      reference: row.reference,
      kind: row.kind,
      unitId: row.unit_id,
      endedOn: endedOn(row),
      destroyAfter: date.destroyAfter!,
      basis: date.basis,
      holds: holds.get(row.id) ?? [],
    }))
    .sort((a, b) => a.destroyAfter.localeCompare(b.destroyAfter) || a.reference.localeCompare(b.reference));
}

/** One dossier's due state inside a destruction transaction (after its row is locked): null when not destroyable. */
export interface RunCache {
  settings?: OrganisationRetention;
  versions: VersionCache;
  erasures?: Map<string, { on: IsoDate }>;
}

export function runCache(): RunCache {
  return { versions: new Map() };
}

export async function dueInTransaction(
  tx: Kysely<DB>,
  organisationId: string,
  complaintId: string,
  today: IsoDate,
  cache: RunCache = runCache(),
): Promise<{ item: DueItem; row: RetentionRow } | { refused: 'gone' | 'not_due' | 'held' }> {
  const row = await retentionRows(tx, organisationId).where('complaints.id', '=', complaintId).executeTakeFirst();
  if (!row) return { refused: 'gone' };
  // The settings as the run began (the approval was given for them); regulation versions never change.
  const settings = (cache.settings ??= await retentionSettings(tx, organisationId));
  const erasures = (cache.erasures ??= await erasuresGranted(tx, organisationId));
  const date = await dateOf(tx, organisationId, row, settings, cache.versions, erasures);
  if (!isDue(date, today)) return { refused: 'not_due' };
  const holds = (await holdsOf(tx, organisationId, [row])).get(row.id) ?? [];
  if (holds.length) return { refused: 'held' };
  return {
    row,
    item: { complaintId: row.id, reference: row.reference, kind: row.kind, unitId: row.unit_id, endedOn: endedOn(row), destroyAfter: date.destroyAfter!, basis: date.basis, holds },
  };
}
