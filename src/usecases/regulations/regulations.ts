import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/types.ts';
import { dayZero, isRecordDate, type IsoDate } from '../../domain/deadlines/index.ts';
import { inForceSince } from '../../domain/reports/due.ts';
import { activationProblems, adoptPreset, applyFills, citeSource, effectiveSinceOf, LEGAL_FRAMEWORKS, coordinatorName, regulationRoleName, organisationFills, parseRegulation, theCoordinator, versionInForceOn, withArticle, type LegalFramework, type Regulation, type ScopedVersion } from '../../domain/regulation/index.ts';
import { unstatedOutcomesNotice } from '../../domain/regulation/outcomes-text.ts';
import { getPreset } from '../../regulations/library.ts';
import { AppError, type FieldIssue } from '../../shared/errors.ts';
import { audit } from '../audit.ts';
import { memoised } from '../read-memo.ts';
import { fromFactsInPage } from '../regulation-roles/world.ts';
import { organisationUnits } from '../units/units.ts';

/**
 * Regulation versions: an organisation (or a unit, e.g. a werkmaatschappij in 004) runs the regulation it
 * activated last. Every activation is a new, immutable version, numbered per scope (the organisation's own
 * 1, 2, 3 …; each unit's own 1, 2 …); a complaint keeps the version it was received under.
 */
export interface ActiveRegulation {
  versionId: string;
  version: number;
  unitId: string | null;
  preset: string | null;
  frameworks: LegalFramework[];
  /** The organisation's own answers to the open points this version was activated with (a new version starts from them). */
  fills: Record<string, string>;
  activatedAt: Date;
  regulation: Regulation;
}

/** Versions never change, so a parsed version can be cached for the life of the process. */
const parsedVersions = new Map<string, Regulation>();

function parseStored(versionId: string, document: unknown): Regulation {
  const cached = parsedVersions.get(versionId);
  if (cached) return cached;
  const parsed = parseRegulation(document);
  if (!parsed.success) throw new Error(`Stored regulation version ${versionId} does not validate: ${parsed.issues[0]?.text ?? ''}`);
  parsedVersions.set(versionId, parsed.data);
  return parsed.data;
}

export function regulationVersion(db: Kysely<DB>, organisationId: string, versionId: string): Promise<ActiveRegulation> {
  // Read once per read-only page (read-memo.ts): the start page's sections each asked for the same version.
  return memoised(`regulation-version|${organisationId}|${versionId}`, () => readRegulationVersion(db, organisationId, versionId));
}

async function readRegulationVersion(db: Kysely<DB>, organisationId: string, versionId: string): Promise<ActiveRegulation> {
  const cached = parsedVersions.has(versionId);
  const row = await db
    .selectFrom('regulation_versions')
    .select(['id', 'version', 'unit_id', 'preset', 'frameworks', 'fills', 'activated_at'])
    // A version never changes: its document is read only until it has been parsed once.
    .$if(!cached, (q) => q.select('document'))
    .where('id', '=', versionId)
    .where('organisation_id', '=', organisationId)
    .executeTakeFirst();
  if (!row) throw new AppError('not_found', 'Deze versie van de klachtenregeling bestaat niet.');
  return toActive({ ...row, document: 'document' in row ? row.document : undefined });
}

function toActive(row: { id: string; version: number; unit_id: string | null; preset: string | null; frameworks: string[]; fills: unknown; activated_at: Date; document: unknown }): ActiveRegulation {
  const fills = row.fills && typeof row.fills === 'object' && !Array.isArray(row.fills) ? (row.fills as Record<string, unknown>) : {};
  return {
    versionId: row.id,
    version: row.version,
    unitId: row.unit_id,
    preset: row.preset,
    frameworks: row.frameworks.filter((f): f is LegalFramework => (LEGAL_FRAMEWORKS as readonly string[]).includes(f)),
    fills: Object.fromEntries(Object.entries(fills).filter((e): e is [string, string] => typeof e[1] === 'string')),
    activatedAt: row.activated_at,
    regulation: parseStored(row.id, row.document),
  };
}

/** The unit, the units above it (nearest first), then the organisation (`null`): the scopes whose regulation applies to it. */
function scopeChain(units: readonly { id: string; parent_id: string | null }[], unitId: string | null): (string | null)[] {
  const parent = new Map(units.map((u) => [u.id, u.parent_id]));
  const chain: (string | null)[] = [];
  for (let u: string | null | undefined = unitId; u; u = parent.get(u)) {
    if (chain.includes(u)) break;
    chain.push(u);
  }
  chain.push(null);
  return chain;
}

/**
 * The notice for a stored version adopted before `handling.decision.outcomes` whose preset now judges no merits (ADR
 * 0003 addendum, lane outcome14b): the version keeps every outcome; the organisation hears that the newer preset text
 * differs. The model's own text (no fills): how it decides does not depend on them.
 */
export function outcomesNoticeOf(version: Pick<ActiveRegulation, 'preset' | 'regulation'>, reader: { makesVersions: boolean } = { makesVersions: true }): string | null {
  const preset = version.preset ? getPreset(version.preset) : undefined;
  if (!preset) return null;
  const now = preset.build();
  // The model's own title (`model`, kept out of the built document): 003's document title holds "[naam organisatie]".
  return unstatedOutcomesNotice(version.regulation, { ...now, model: now.model ?? preset.model }, reader);
}

/**
 * The regulation that applies to a unit: the newest version activated for the unit itself, else for the
 * nearest unit above it, else for the whole organisation. Null when none was ever activated.
 */
export async function activeRegulation(db: Kysely<DB>, organisationId: string, unitId: string | null): Promise<ActiveRegulation | null> {
  const chain = scopeChain(await organisationUnits(db, organisationId), unitId);
  const heads = await regulationHeads(db, organisationId);
  for (const scope of chain) {
    const head = heads.find((r) => r.unit_id === scope);
    if (head) return regulationVersion(db, organisationId, head.id);
  }
  return null;
}

/**
 * The newest version per scope (the organisation's own and every unit's own), without the documents: only a chosen
 * version's document is read (and parsed once). Inside a read-only page (read-memo.ts) a part of the organisation's
 * facts (regulation-roles/world.ts), read once with the need-to-know scope's; outside it, every call reads.
 */
export async function regulationHeads(db: Kysely<DB>, organisationId: string): Promise<{ id: string; unit_id: string | null }[]> {
  return fromFactsInPage(
    db,
    organisationId,
    (f) => f.heads,
    () =>
      db
        .selectFrom('regulation_versions')
        .select(['id', 'unit_id'])
        .distinctOn(sql`coalesce(unit_id, '00000000-0000-0000-0000-000000000000'::uuid)`)
        .where('organisation_id', '=', organisationId)
        .orderBy(sql`coalesce(unit_id, '00000000-0000-0000-0000-000000000000'::uuid)`)
        .orderBy('version', 'desc')
        .execute(),
  );
}

/**
 * Whose regulation a version is, where units of the organisation have regulations of their own (004 §2: one per
 * werkmaatschappij): the unit's name, or the organisation's for its own version. Null where only the organisation has
 * versions (then "versie 2" says enough). The dossier's "Klachtenregeling" row names it, as the history line of a move does.
 */
export async function versionScopeName(db: Kysely<DB>, organisationId: string, versionId: string): Promise<string | null> {
  const heads = await regulationHeads(db, organisationId);
  if (!heads.some((h) => h.unit_id !== null)) return null;
  return (await versionOwner(db, organisationId, versionId)).name;
}

/** A version's number and whose it is: its unit's name, or the organisation's for the organisation's own version. */
export async function versionOwner(db: Kysely<DB>, organisationId: string, versionId: string): Promise<{ version: number; name: string }> {
  const row = await db
    .selectFrom('regulation_versions as r')
    .leftJoin('units as u', 'u.id', 'r.unit_id')
    .innerJoin('organisations as o', 'o.id', 'r.organisation_id')
    .select(['r.version', 'u.name as unit_name', 'o.name as organisation_name'])
    .where('r.id', '=', versionId)
    .where('r.organisation_id', '=', organisationId)
    .executeTakeFirstOrThrow();
  return { version: row.version, name: row.unit_name ?? row.organisation_name };
}

/**
 * The regulations in force per scope: the organisation's own and every unit's own (004 per werkmaatschappij), each the
 * newest version of its scope (a unit without one of its own inherits and is not listed), in the heads' order.
 */
export async function regulationsInForce(db: Kysely<DB>, organisationId: string): Promise<ActiveRegulation[]> {
  const heads = await regulationHeads(db, organisationId);
  return Promise.all(heads.map((h) => regulationVersion(db, organisationId, h.id)));
}

/**
 * Every version of the organisation with the day it took effect (`effectiveSince`), without the documents but their
 * `effectiveDate`; and the organisation's units and creation day. Read once per read-only page.
 */
function scopedVersions(db: Kysely<DB>, organisationId: string) {
  return memoised(`scopedVersions|${organisationId}`, async () => {
    // The organisation's creation day with its versions in one statement (issue 13, session 14: they were two).
    const [rows, units] = await Promise.all([
      db
        .selectFrom('organisations as o')
        .leftJoin('regulation_versions as v', 'v.organisation_id', 'o.id')
        .select(['o.created_at', 'v.id', 'v.version', 'v.unit_id', 'v.activated_at', sql<unknown>`v.document->'metadata'->'effectiveDate'`.as('effective_date')])
        .where('o.id', '=', organisationId)
        .execute(),
      organisationUnits(db, organisationId),
    ]);
    if (!rows[0]) throw new Error(`The organisation ${organisationId} is not visible.`);
    const versions: ScopedVersion[] = rows.flatMap((v) =>
      v.id === null || v.version === null || v.activated_at === null
        ? []
        : [{ id: v.id, unitId: v.unit_id, version: v.version, since: effectiveSinceOf(v.effective_date, dayZero(v.activated_at)), effectiveDate: isRecordDate(v.effective_date) ? v.effective_date : null }],
    );
    return { versions, createdOn: dayZero(rows[0].created_at), units };
  });
}

/**
 * The day a regulation is in force since for a scope (`inForceSince`, domain/reports/due.ts): the earliest day a version
 * that applies to it took effect, its own or one of a scope above it (a unit without its own inherits; 004 lets a
 * werkmaatschappij adopt its own, with its own date), else the day the organisation was made. `unitId` null: the
 * organisation's own versions. Another unit's own version never counts. The reports due, their compared periods and
 * the yearly meeting owe nothing for a period that ended before it. Read once per read-only page.
 */
export function regulationInForceSince(db: Kysely<DB>, organisationId: string, unitId: string | null): Promise<IsoDate> {
  return memoised(`inForceSince|${organisationId}|${unitId ?? ''}`, async () => {
    const { versions, createdOn, units } = await scopedVersions(db, organisationId);
    const chain = scopeChain(units, unitId);
    return inForceSince(
      versions.filter((v) => chain.includes(v.unitId)).map((v) => v.since),
      createdOn,
    ) as IsoDate;
  });
}

/** The version a complaint runs under (`versionInForceOn`), or why none: `pending` until the first takes effect, or `none`. */
export type RegulationInForce = { ok: true; active: ActiveRegulation; since: IsoDate } | { ok: false; reason: 'pending'; from: IsoDate } | { ok: false; reason: 'none' };

/**
 * The regulation version in force for a unit on the day a complaint was received (`versionInForceOn`, domain): the
 * version of the nearest scope (the unit, the units above it, the organisation) that had taken effect on that day, the
 * last activated of those. Never a version whose date of taking effect is after `today`. The registration (both doors)
 * stores it with the complaint; the public pages show it.
 */
export async function regulationInForceOn(db: Kysely<DB>, organisationId: string, unitId: string | null, receivedOn: IsoDate, today: IsoDate): Promise<RegulationInForce> {
  const { versions, units } = await scopedVersions(db, organisationId);
  const choice = versionInForceOn(versions, scopeChain(units, unitId), receivedOn, today);
  if (choice === null) return { ok: false, reason: 'none' };
  if (!choice.ok) return { ok: false, reason: 'pending', from: choice.from };
  return { ok: true, active: await regulationVersion(db, organisationId, choice.version.id), since: choice.version.since };
}

/**
 * Per unit, whether it takes a complaint received on `receivedOn` (`versionInForceOn` for each, the organisation's
 * versions read once): a unit with a version in force, or why not (`pending` until its first takes effect, or `none`).
 * Staff registration offers the units that can take complaints and says from when the others can (004 §2: a
 * regulation per werkmaatschappij, each with its own day).
 */
export async function intakeOfUnits(db: Kysely<DB>, organisationId: string, unitIds: readonly string[], receivedOn: IsoDate, today: IsoDate): Promise<Map<string, { ok: true } | { ok: false; reason: 'pending'; from: IsoDate } | { ok: false; reason: 'none' }>> {
  const { versions, units } = await scopedVersions(db, organisationId);
  return new Map(
    unitIds.map((id) => {
      const choice = versionInForceOn(versions, scopeChain(units, id), receivedOn, today);
      return [id, choice === null ? { ok: false, reason: 'none' } : choice.ok ? { ok: true } : { ok: false, reason: 'pending', from: choice.from }] as const;
    }),
  );
}

/**
 * Whether a complaint received on `receivedOn` under `versionId` whose unit is not known yet ("Weet ik niet") may run
 * under another version once moved to its unit: some unit of the organisation runs under another (`versionInForceOn`
 * per unit; more than one version where a unit has a regulation of its own, 004 §2).
 * Then neither its receipt nor an automatic acknowledgement names the triage version's dates (ADR 0003 addendum).
 */
export async function otherVersionOnMove(db: Kysely<DB>, organisationId: string, versionId: string, receivedOn: IsoDate, today: IsoDate): Promise<boolean> {
  const { versions, units } = await scopedVersions(db, organisationId);
  return units.some((u) => {
    const choice = versionInForceOn(versions, scopeChain(units, u.id), receivedOn, today);
    return choice?.ok === true && choice.version.id !== versionId;
  });
}

/**
 * The regulation's own names for the roles the actor holds in each scope, for the coordinator and the board (the
 * start page's "U werkt in … als …": 003 "klachtencoördinator", "bestuur"; 001 "directie"), by the version in force
 * there today (`regulationInForceOn`): a version activated but not yet in effect does not name the role yet. Without
 * a version in force, or where the regulation has no such role, the product's name. Keyed by the grant's product role
 * and unit (`${role}:${unitId ?? ''}`).
 */
export async function roleNamesOf(db: Kysely<DB>, actor: { organisationId: string; roles: readonly { role: string; unitId: string | null }[] }, today: IsoDate): Promise<Map<string, string>> {
  const named = actor.roles.filter((r) => r.role === 'coordinator' || r.role === 'board');
  const scopes = [...new Set(named.map((r) => r.unitId))];
  const rolesIn = new Map(await Promise.all(scopes.map(async (unitId) => {
    const found = await regulationInForceOn(db, actor.organisationId, unitId, today, today);
    return [unitId, found.ok ? found.active.regulation.roles : []] as const;
  })));
  const out = new Map<string, string>();
  for (const r of named) {
    const roles = rolesIn.get(r.unitId) ?? [];
    out.set(`${r.role}:${r.unitId ?? ''}`, r.role === 'coordinator' ? coordinatorName(roles) : regulationRoleName(roles, 'board', 'bestuur / directie'));
  }
  return out;
}

/**
 * The regulation's name for the coordinator role in a scope (a unit; null: the organisation) by the version in force
 * there on `day`; a version activated but not yet in effect does not name the role yet. None in force: the product's
 * name. The one rule for the start page (`roleNamesOf`) and the refusals about a unit (`theCoordinatorFor`).
 */
async function coordinatorNameIn(db: Kysely<DB>, organisationId: string, unitId: string | null, day: IsoDate): Promise<string> {
  const found = await regulationInForceOn(db, organisationId, unitId, day, day);
  return coordinatorName(found.ok ? found.active.regulation.roles : []);
}

/**
 * The version that takes effect next for a unit (its `effectiveDate` after today), for the public page ("Vanaf … geldt
 * …"): of the scope in force today a later activation, or of a scope nearer the unit (its own first version, which
 * will replace the inherited one). A version replaced before it took effect (a later one of its scope is in force) never
 * applies and is not named. Null when there is none.
 */
export async function regulationTakingEffect(
  db: Kysely<DB>,
  organisationId: string,
  unitId: string | null,
  today: IsoDate,
  current: { unitId: string | null; version: number },
): Promise<{ version: number; unitId: string | null; from: IsoDate } | null> {
  const { versions, units } = await scopedVersions(db, organisationId);
  const chain = scopeChain(units, unitId);
  const reach = chain.indexOf(current.unitId);
  const next = versions
    .filter((v) => chain.includes(v.unitId) && chain.indexOf(v.unitId) <= reach && v.effectiveDate !== null && v.effectiveDate > today)
    .filter((v) => v.unitId !== current.unitId || v.version > current.version)
    .sort((a, b) => (a.since < b.since ? -1 : a.since > b.since ? 1 : chain.indexOf(a.unitId) - chain.indexOf(b.unitId)))[0];
  return next ? { version: next.version, unitId: next.unitId, from: next.since } : null;
}

export async function listRegulationVersions(db: Kysely<DB>, organisationId: string) {
  return db
    .selectFrom('regulation_versions as r')
    .leftJoin('units as u', 'u.id', 'r.unit_id')
    .leftJoin('users as a', 'a.id', 'r.activated_by')
    .select(['r.id', 'r.version', 'r.unit_id', 'u.name as unit_name', 'r.preset', 'r.activated_at', 'a.name as activated_by_name'])
    .where('r.organisation_id', '=', organisationId)
    .orderBy('r.activated_at', 'desc')
    .orderBy('r.version', 'desc')
    .execute();
}

export interface RegulationSource {
  /** A preset key (`stadsring51`) or a regulation document (already read from YAML/JSON). */
  preset?: string | undefined;
  document?: unknown;
}

export type PreparedRegulation =
  | { ok: true; regulation: Regulation; preset: string | null }
  | { ok: false; issues: FieldIssue[]; regulation?: Regulation };

/**
 * Builds the regulation an organisation would activate: the preset or document, the organisation's own
 * placeholders (its name), then the user's fills. Returns every problem with the field it concerns,
 * including open points the preset leaves to the organisation. Pure apart from nothing: no database.
 */
export function prepareRegulation(source: RegulationSource, org: { name: string }, fills: Record<string, string>): PreparedRegulation {
  let base: Regulation;
  let preset: string | null;
  if (source.preset !== undefined) {
    const p = getPreset(source.preset);
    if (!p) return { ok: false, issues: [{ field: 'preset', message: `Deze voorbeeldregeling bestaat niet. Kies een van de voorbeeld- en modelregelingen uit de lijst.` }] };
    // The preset as this organisation adopts it: the seed organisation's name becomes its own.
    base = adoptPreset(p.build(), p.organisationNames, org.name);
    preset = p.key;
  } else {
    const parsed = parseRegulation(source.document);
    if (!parsed.success) return { ok: false, issues: parsed.issues.map((i) => ({ field: i.path || '_', message: i.message })) };
    base = parsed.data;
    preset = base.preset ?? null;
  }
  const filled = applyFills(base, { ...organisationFills(base, org), ...fills });
  if (!filled.ok) return { ok: false, issues: filled.errors.map((e) => ({ field: `fill.${e.key}`, message: e.message })), regulation: base };
  const problems = activationProblems(filled.regulation);
  if (problems.length) {
    return { ok: false, issues: problems.map((p) => ({ field: `fill.${p.key}`, message: p.message })), regulation: filled.regulation };
  }
  return { ok: true, regulation: filled.regulation, preset };
}

/** Activates a regulation as the next version for the organisation or one unit. Run in a transaction. */
export async function activateRegulation(
  tx: Kysely<DB>,
  input: {
    organisationId: string;
    unitId: string | null;
    source: RegulationSource;
    fills: Record<string, string>;
    frameworks?: LegalFramework[];
    actorUserId: string | null;
    /** The approved review whose draft this is, when the regulation in force requires approval (ADR 0018). */
    reviewId?: string;
  },
): Promise<ActiveRegulation> {
  const org = await tx.selectFrom('organisations').select(['id', 'name']).where('id', '=', input.organisationId).executeTakeFirstOrThrow();
  if (input.unitId) {
    const unit = await tx.selectFrom('units').select('id').where('id', '=', input.unitId).where('organisation_id', '=', org.id).executeTakeFirst();
    if (!unit) throw new AppError('validation_failed', 'Niet alle gegevens zijn goed ingevuld.', [{ field: 'unitId', message: 'Kies een bestaande eenheid.' }]);
  }
  const prepared = prepareRegulation(input.source, org, input.fills);
  if (!prepared.ok) {
    const open = prepared.issues.filter((i) => i.field.startsWith('fill.')).map((i) => i.field.slice(5));
    const hint = open.length ? ` Vul eerst de open punten in (${open.join(', ')}).` : '';
    throw new AppError('validation_failed', `De klachtenregeling kan nog niet worden geactiveerd.${hint}`, prepared.issues);
  }
  // Serialise activations per organisation. Versions are numbered per scope (the organisation, or one unit such
  // as a werkmaatschappij): a unit's first regulation is its version 1, whatever the organisation activated.
  await tx.selectFrom('organisations').select('id').where('id', '=', org.id).forUpdate().execute();
  await checkApprovalRecorded(tx, org.id, input.unitId, prepared.regulation, input.reviewId);
  const last = await tx
    .selectFrom('regulation_versions')
    .select((eb) => eb.fn.max('version').as('v'))
    .where('organisation_id', '=', org.id)
    .where((eb) => (input.unitId ? eb('unit_id', '=', input.unitId) : eb('unit_id', 'is', null)))
    .executeTakeFirst();
  const version = Number(last?.v ?? 0) + 1;
  const row = await tx
    .insertInto('regulation_versions')
    .values({
      organisation_id: org.id,
      unit_id: input.unitId,
      version,
      preset: prepared.preset,
      document: JSON.stringify(prepared.regulation),
      fills: JSON.stringify(input.fills),
      frameworks: JSON.stringify(input.frameworks ?? []),
      activated_by: input.actorUserId,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  await audit(tx, { organisationId: org.id, actorUserId: input.actorUserId, action: 'regulation.activated', subjectType: 'regulation_version', subjectId: row.id, details: { version, preset: prepared.preset, unitId: input.unitId } });
  return toActive(row);
}

/** JSON with sorted keys, to compare documents whatever order jsonb gave their keys. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value)
      .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}

/**
 * A regulation that names who approves an adjusted version (003 Bekendmaking: "De bijgestelde regeling wordt
 * na goedkeuring van het bestuur … openbaar gemaakt") is only replaced by a version whose approval is recorded:
 * an approved review of the version in force for the same scope, whose draft is exactly what is activated.
 * A scope's first own version is not an adjustment of it and needs none.
 */
async function checkApprovalRecorded(tx: Kysely<DB>, organisationId: string, unitId: string | null, next: Regulation, reviewId: string | undefined): Promise<void> {
  const head = await tx
    .selectFrom('regulation_versions')
    .select('id')
    .where('organisation_id', '=', organisationId)
    .where((eb) => (unitId ? eb('unit_id', '=', unitId) : eb('unit_id', 'is', null)))
    .orderBy('version', 'desc')
    .executeTakeFirst();
  if (!head) return;
  const current = await regulationVersion(tx, organisationId, head.id);
  const review = current.regulation.metadata.review;
  if (!review || (review.approvedBy === undefined && review.approvedByRole === undefined)) return;
  const approver = review.approvedBy ?? current.regulation.roles.find((r) => r.key === review.approvedByRole)?.label ?? review.approvedByRole;
  const refused = new AppError(
    'not_permitted',
    `De klachtenregeling wordt pas bijgesteld na goedkeuring door ${approver}${citeSource(review.source)}. Leg de evaluatie, het concept en de goedkeuring vast bij "Regeling evalueren".`,
  );
  if (!reviewId) throw refused;
  const row = await tx
    .selectFrom('regulation_reviews')
    .select(['status', 'regulation_version_id', 'draft_document', 'unit_id'])
    .where('id', '=', reviewId)
    .where('organisation_id', '=', organisationId)
    .executeTakeFirst();
  if (!row || row.status !== 'approved' || row.regulation_version_id !== head.id || row.unit_id !== unitId || canonical(row.draft_document) !== canonical(next)) throw refused;
}

/**
 * The regulation's name for the role that coordinates complaints, with its article, for a message about a complaint
 * (`versionId`: the version it is handled under) or a unit (null: the organisation; the version in force there today,
 * as the start page names it: `coordinatorNameIn`): "de klachtencoördinator" (003), "de directie" (001), "de
 * klachtenfunctionaris" (002, 004) or where no regulation is in force. Read on the error path.
 */
export async function theCoordinatorFor(db: Kysely<DB>, organisationId: string, where: { versionId: string } | { unitId: string | null }, now = new Date()): Promise<string> {
  if ('versionId' in where) {
    const { regulation } = await regulationVersion(db, organisationId, where.versionId);
    return theCoordinator(regulation);
  }
  return withArticle(await coordinatorNameIn(db, organisationId, where.unitId, dayZero(now)));
}
