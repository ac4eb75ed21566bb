import { sql, type Kysely } from 'kysely';
import type { DB, Organisation, Unit } from '../../db/types.ts';
import { regulationInForceOn, type RegulationInForce } from '../regulations/regulations.ts';
import { listUnits } from '../units/units.ts';

/**
 * What the public intake needs of an organisation and that rarely changes, kept per process (issue 13, ADR 0029):
 * the organisation row, its units and the active regulation version of each unit (parsed, with its policy cached by
 * version id in dossier.ts). Read once, then reused by every submission.
 *
 * Never stale where it matters: `generation` is the organisation's `intake_generation` as it was BEFORE the rest was
 * read. Triggers raise that number with every change to the organisation, its units or its regulation versions
 * (migration T1820), from any instance. The registration statement stores the complaint only when the number is
 * still the same (register-complaint.ts): otherwise nothing is stored, the context is read again and the
 * registration is tried again. So once an activation has committed, no submission is stored under the old version.
 * The page that shows the form may use a context up to a moment old; the registration itself decides.
 */
export interface IntakeContext {
  readonly organisation: Organisation;
  /** `organisations.intake_generation` (as text: a bigint) read before the units and regulation versions. */
  readonly generation: string;
  readonly units: readonly Unit[];
  /**
   * The regulation version in force for a unit on `today` (its own, else inherited from the units above and the
   * organisation; `regulationInForceOn`): what a complaint submitted today runs under. Kept per unit and day: a
   * version that takes effect on a later day is chosen from that day on without any change to the organisation.
   */
  regulationFor(unitId: string | null, today: string): Promise<RegulationInForce>;
}

interface Cache {
  byId: Map<string, { at: number; ctx: Promise<IntakeContext | null> }>;
  bySlug: Map<string, string>;
}

const caches = new WeakMap<Kysely<DB>, Cache>();
/** Organisations kept per database object; beyond this the oldest entry goes (a server with many organisations). */
const MAX_ORGANISATIONS = 5_000;
/**
 * A context is read again after this long even when no registration found it stale, so the public pages (the
 * organisation's name, the form's questions) follow a change made through another instance within seconds.
 */
export const INTAKE_CONTEXT_TTL_MS = 30_000;

function cacheOf(db: Kysely<DB>): Cache {
  let cache = caches.get(db);
  if (!cache) {
    cache = { byId: new Map(), bySlug: new Map() };
    caches.set(db, cache);
  }
  return cache;
}

async function load(db: Kysely<DB>, where: { id: string } | { slug: string }): Promise<IntakeContext | null> {
  // The number first: whatever is read after it is at least as new, so a change in between makes the check fail (safe).
  let q = db.selectFrom('organisations').selectAll().select((eb) => eb.cast<string>('intake_generation', 'text').as('generation'));
  q = 'id' in where ? q.where('id', '=', where.id) : q.where('slug', '=', where.slug.toLowerCase());
  const row = await q.executeTakeFirst();
  if (!row) return null;
  const { generation, intake_generation: _number, ...organisation } = row;
  const units = await listUnits(db, organisation.id);
  const regulations = new Map<string, Promise<RegulationInForce>>();
  return {
    organisation: organisation as Organisation,
    generation,
    units,
    regulationFor(unitId, today) {
      const key = `${unitId ?? ''}|${today}`;
      let found = regulations.get(key);
      if (!found) {
        found = regulationInForceOn(db, organisation.id, unitId, today, today);
        regulations.set(key, found);
        found.catch(() => regulations.delete(key));
      }
      return found;
    },
  };
}

function remember(db: Kysely<DB>, id: string, ctx: Promise<IntakeContext | null>): void {
  const cache = cacheOf(db);
  if (cache.byId.size >= MAX_ORGANISATIONS && !cache.byId.has(id)) {
    const oldest = cache.byId.keys().next().value;
    if (oldest !== undefined) cache.byId.delete(oldest);
  }
  const entry = { at: Date.now(), ctx };
  cache.byId.set(id, entry);
  ctx.catch(() => {
    if (cache.byId.get(id) === entry) cache.byId.delete(id);
  });
}

/** The intake context of an organisation by id (null: no such organisation). Not inside a transaction. */
export async function intakeContext(db: Kysely<DB>, organisationId: string): Promise<IntakeContext | null> {
  const cache = cacheOf(db);
  const cached = cache.byId.get(organisationId);
  if (cached && Date.now() - cached.at < INTAKE_CONTEXT_TTL_MS) return cached.ctx;
  const loading = load(db, { id: organisationId });
  remember(db, organisationId, loading);
  const ctx = await loading;
  if (!ctx) cache.byId.delete(organisationId);
  else cache.bySlug.set(ctx.organisation.slug, organisationId);
  return ctx;
}

/**
 * The organisation of a public address (`/{slug}/klacht`, `/api/v1/public/{slug}/complaints`) from the cache. A
 * renamed slug is seen by the registration's check (the organisation row changed): it drops the context, and the
 * next lookup reads the slug again.
 */
export async function intakeContextBySlug(db: Kysely<DB>, slug: string): Promise<IntakeContext | null> {
  const cache = cacheOf(db);
  const id = cache.bySlug.get(slug.toLowerCase());
  if (id) {
    const ctx = await intakeContext(db, id);
    if (ctx && ctx.organisation.slug === slug.toLowerCase()) return ctx;
    cache.bySlug.delete(slug.toLowerCase());
  }
  const ctx = await load(db, { slug });
  if (!ctx) return null;
  remember(db, ctx.organisation.id, Promise.resolve(ctx));
  cache.bySlug.set(ctx.organisation.slug, ctx.organisation.id);
  return ctx;
}

/** Forgets an organisation's context (its generation moved on); the next submission reads it again. */
export function forgetIntakeContext(db: Kysely<DB>, organisationId: string): void {
  const cache = caches.get(db);
  if (!cache) return;
  cache.byId.delete(organisationId);
  for (const [slug, id] of cache.bySlug) if (id === organisationId) cache.bySlug.delete(slug);
}

/**
 * Whether a context is still current: one indexed read of the organisation's number. With `sweepExpiredUploads` the
 * same statement deletes the expired held uploads of the public form (what the form did on every post anyway), so the
 * check costs the form no extra round trip. Checks of one organisation are grouped (issue 13, like the registration's
 * group commit, ADR 0033): a check asked while one is in flight waits for it and then goes with the others that asked
 * meanwhile as ONE statement, begun after each of them was asked (so none is answered by a read older than its
 * question).
 */
export async function isCurrent(db: Kysely<DB>, ctx: IntakeContext, opts: { sweepExpiredUploads?: boolean } = {}): Promise<boolean> {
  return (await currentGeneration(db, ctx.organisation.id, opts.sweepExpiredUploads === true)) === ctx.generation;
}

interface Check {
  /** The statement in flight. */
  running: Promise<string | null> | null;
  /** The statement that follows it, for every check asked while it is in flight. */
  next: Promise<string | null> | null;
}
const checksOf = new WeakMap<Kysely<DB>, Map<string, Check>>();

function currentGeneration(db: Kysely<DB>, organisationId: string, sweep: boolean): Promise<string | null> {
  let checks = checksOf.get(db);
  if (!checks) checksOf.set(db, (checks = new Map()));
  const key = `${organisationId} ${sweep}`;
  let check = checks.get(key);
  if (!check) checks.set(key, (check = { running: null, next: null }));
  const c = check;
  const start = (): Promise<string | null> => {
    const read = readGeneration(db, organisationId, sweep);
    c.running = read;
    const done = () => {
      if (c.running === read) c.running = null;
      if (!c.running && !c.next && checks.get(key) === c) checks.delete(key);
    };
    read.then(done, done);
    return read;
  };
  if (!c.running) return start();
  c.next ??= c.running.then(
    () => undefined,
    () => undefined,
  ).then(() => {
    c.next = null;
    return start();
  });
  return c.next;
}

async function readGeneration(db: Kysely<DB>, organisationId: string, sweep: boolean): Promise<string | null> {
  const { rows } = sweep
    ? await sql<{ generation: string }>`
        with swept as (delete from pending_uploads where expires_at <= now() returning 1)
        select intake_generation::text as generation from organisations where id = ${organisationId}`.execute(db)
    : await sql<{ generation: string }>`select intake_generation::text as generation from organisations where id = ${organisationId}`.execute(db);
  return rows[0]?.generation ?? null;
}

/**
 * The context of a public address, checked to be current (one statement, see `isCurrent`): for the form's pages,
 * which show what the organisation's units and regulation ask right now.
 */
export async function currentIntakeContextBySlug(db: Kysely<DB>, slug: string, opts: { sweepExpiredUploads?: boolean } = {}): Promise<IntakeContext | null> {
  const cached = await intakeContextBySlug(db, slug);
  if (!cached) return null;
  if (await isCurrent(db, cached, opts)) return cached;
  forgetIntakeContext(db, cached.organisation.id);
  return intakeContextBySlug(db, slug);
}
