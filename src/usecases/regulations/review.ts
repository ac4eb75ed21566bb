import type { Kysely, Selectable } from 'kysely';
import { toYaml } from '../../regulations/yaml.ts';
import { dayZero, type IsoDate } from '../../domain/deadlines/index.ts';
import { citeSource, effectiveSince, parseRegulation, parseRegulationDocument, theCoordinator, regulationTextDiff, renderRegulationText, reviewDue, type Regulation, type ReviewDue, type SectionDiff } from '../../domain/regulation/index.ts';
import type { DB } from '../../db/types.ts';
import type { RegulationReviewsTable } from '../../db/types-gov.ts';
import { AppError, notFound, validationFailed } from '../../shared/errors.ts';
import { isUuid } from '../../shared/validation.ts';
import { hasRole, type Actor } from '../actor.ts';
import { audit } from '../audit.ts';
import { organisationFrameworkState } from '../organisations/legal-frameworks.ts';
import { activateRegulation, prepareRegulation, regulationHeads, regulationVersion, theCoordinatorFor, type ActiveRegulation } from './regulations.ts';
import { organisationUnits } from '../units/units.ts';

/**
 * The yearly review of the regulation (ADR 0018; 003 "Bekendmaking", 004 kop "Herzieningsdatum: jaarlijks in
 * juni"): per scope (the organisation, or a unit with its own regulation) the due date the regulation sets, the
 * evaluation, a draft of the adjusted regulation, the approval by a user bound to the role the regulation names
 * (003: het bestuur) and then its publication as the next version. Without a change the review is closed.
 */
export type ReviewRow = Selectable<RegulationReviewsTable>;

export interface ReviewScope {
  unitId: string | null;
  unitName: string | null;
  active: ActiveRegulation;
  due: ReviewDue;
  /** The review in progress for this scope, if any. */
  open: ReviewRow | null;
  /** From `remindFrom` on, until a review is completed. */
  reminder: boolean;
  overdue: boolean;
}

/** The refusal, naming the coordinator as the organisation's regulation in force does ("de klachtencoördinator", 003). */
async function notAllowed(db: Kysely<DB>, actor: Actor): Promise<AppError> {
  return new AppError('not_permitted', `De evaluatie van de klachtenregeling is voor beheerders en ${await theCoordinatorFor(db, actor.organisationId, { unitId: null })}.`);
}

/** Admins and coordinators run the review; the approving role's holders and the board read it. */
function mayRun(actor: Actor): boolean {
  return hasRole(actor, 'admin', 'coordinator');
}

async function isBoundTo(db: Kysely<DB>, actor: Actor, roleKey: string, unitId: string | null): Promise<boolean> {
  const row = await db
    .selectFrom('regulation_role_bindings')
    .select('id')
    .where('organisation_id', '=', actor.organisationId)
    .where('user_id', '=', actor.userId)
    .where('role_key', '=', roleKey)
    .where((eb) => (unitId ? eb.or([eb('unit_id', 'is', null), eb('unit_id', '=', unitId)]) : eb('unit_id', 'is', null)))
    .executeTakeFirst();
  return row !== undefined;
}

/** The day the review cycle runs from: the later of the version's effect and the last completed review. */
async function sinceFor(db: Kysely<DB>, active: ActiveRegulation): Promise<IsoDate> {
  const last = await db
    .selectFrom('regulation_reviews')
    .select('completed_at')
    .where('regulation_version_id', '=', active.versionId)
    .where('completed_at', 'is not', null)
    .orderBy('completed_at', 'desc')
    .executeTakeFirst();
  const since = effectiveSince(active.regulation, dayZero(active.activatedAt));
  const done = last?.completed_at ? dayZero(last.completed_at) : null;
  return done && done > since ? done : since;
}

/** Every scope whose regulation prescribes a review, with its due date and the review in progress. */
export async function reviewScopes(db: Kysely<DB>, actor: Actor, today: IsoDate): Promise<ReviewScope[]> {
  const units = await organisationUnits(db, actor.organisationId);
  // Every scope with a regulation of its own has one head (its newest version).
  const own = await regulationHeads(db, actor.organisationId);
  const out: ReviewScope[] = [];
  for (const head of [...own].sort((a, b) => (a.unit_id === null ? -1 : b.unit_id === null ? 1 : a.unit_id.localeCompare(b.unit_id)))) {
    // A scope's own newest version is the regulation in force there.
    const active = await regulationVersion(db, actor.organisationId, head.id);
    const due = reviewDue(active.regulation, await sinceFor(db, active));
    if (!due) continue;
    const open = await db
      .selectFrom('regulation_reviews')
      .selectAll()
      .where('organisation_id', '=', actor.organisationId)
      .where('regulation_version_id', '=', active.versionId)
      .where('completed_at', 'is', null)
      .orderBy('created_at', 'desc')
      .executeTakeFirst();
    out.push({
      unitId: head.unit_id,
      unitName: head.unit_id ? (units.find((u) => u.id === head.unit_id)?.name ?? null) : null,
      active,
      due,
      open: open ?? null,
      reminder: today >= due.remindFrom,
      overdue: today > due.dueOn,
    });
  }
  return out;
}

/** Reviews to remind of on the start page (admins and coordinators): due within a month or overdue. */
export async function reviewsDue(db: Kysely<DB>, actor: Actor, today: IsoDate): Promise<ReviewScope[]> {
  if (!mayRun(actor)) return [];
  return (await reviewScopes(db, actor, today)).filter((s) => s.reminder);
}

export async function startReview(tx: Kysely<DB>, actor: Actor, input: { unitId: string | null }, today: IsoDate): Promise<{ id: string }> {
  if (!mayRun(actor)) throw await notAllowed(tx, actor);
  const scope = (await reviewScopes(tx, actor, today)).find((s) => s.unitId === input.unitId);
  if (!scope) throw validationFailed([{ field: 'unitId', message: 'Voor deze eenheid schrijft de klachtenregeling geen evaluatie voor.' }]);
  if (scope.open) return { id: scope.open.id };
  const row = await tx
    .insertInto('regulation_reviews')
    .values({ organisation_id: actor.organisationId, unit_id: input.unitId, regulation_version_id: scope.active.versionId, due_on: scope.due.dueOn, created_by: actor.userId })
    .returning('id')
    .executeTakeFirstOrThrow();
  await audit(tx, { organisationId: actor.organisationId, actorUserId: actor.userId, action: 'regulation_review.started', subjectType: 'regulation_review', subjectId: row.id, details: { versionId: scope.active.versionId } });
  return row;
}

export interface ReviewView {
  review: ReviewRow;
  unitName: string | null;
  reviewed: ActiveRegulation;
  draft: Regulation | null;
  /** The draft as YAML, for the editor field. */
  draftYaml: string;
  diff: SectionDiff[];
  approvedByName: string | null;
  /** The role label of the approver the regulation names, or null when it names no role. */
  approverRoleLabel: string | null;
  canRun: boolean;
  canApprove: boolean;
  /** Why the actor cannot approve, in Dutch with the article. */
  approveRefusal: string | null;
}

async function loadReview(db: Kysely<DB>, actor: Actor, id: string, opts: { lock?: boolean } = {}): Promise<ReviewRow> {
  if (!isUuid(id)) throw notFound('Deze evaluatie bestaat niet.');
  let q = db.selectFrom('regulation_reviews').selectAll().where('id', '=', id).where('organisation_id', '=', actor.organisationId);
  if (opts.lock) q = q.forUpdate();
  const row = await q.executeTakeFirst();
  if (!row) throw notFound('Deze evaluatie bestaat niet.');
  return row;
}

async function approvalRule(db: Kysely<DB>, actor: Actor, review: ReviewRow, reviewed: ActiveRegulation): Promise<{ can: boolean; refusal: string | null; roleLabel: string | null }> {
  const rule = reviewed.regulation.metadata.review;
  const article = citeSource(rule?.source);
  const roleKey = rule?.approvedByRole;
  if (roleKey) {
    const label = reviewed.regulation.roles.find((r) => r.key === roleKey)?.label ?? roleKey;
    const bound = await isBoundTo(db, actor, roleKey, review.unit_id);
    return { can: bound, refusal: bound ? null : `Alleen wie de rol ${label} heeft, keurt de bijgestelde klachtenregeling goed${article}.`, roleLabel: label };
  }
  const can = mayRun(actor);
  return { can, refusal: can ? null : `De klachtenregeling noemt niemand die de bijgestelde regeling goedkeurt; een beheerder of ${theCoordinator(reviewed.regulation)} legt de goedkeuring vast.`, roleLabel: null };
}

/** May the actor read this review: admins, coordinators, the board, and holders of the approving role. */
async function checkReader(db: Kysely<DB>, actor: Actor, review: ReviewRow, reviewed: ActiveRegulation): Promise<void> {
  if (mayRun(actor) || hasRole(actor, 'board')) return;
  const roleKey = reviewed.regulation.metadata.review?.approvedByRole;
  if (roleKey && (await isBoundTo(db, actor, roleKey, review.unit_id))) return;
  throw notFound('Deze evaluatie bestaat niet.');
}

export async function reviewView(db: Kysely<DB>, actor: Actor, id: string, org: { name: string }): Promise<ReviewView> {
  const review = await loadReview(db, actor, id);
  const reviewed = await regulationVersion(db, actor.organisationId, review.regulation_version_id);
  await checkReader(db, actor, review, reviewed);
  const unitName = review.unit_id ? ((await db.selectFrom('units').select('name').where('id', '=', review.unit_id).executeTakeFirst())?.name ?? null) : null;
  const parsed = review.draft_document ? parseRegulation(review.draft_document) : null;
  const draft = parsed?.success ? parsed.data : null;
  const diff = draft ? regulationTextDiff(renderRegulationText(reviewed.regulation, org), renderRegulationText(draft, org)) : [];
  const approvedByName = review.approved_by ? ((await db.selectFrom('users').select('name').where('id', '=', review.approved_by).executeTakeFirst())?.name ?? null) : null;
  const rule = await approvalRule(db, actor, review, reviewed);
  return {
    review,
    unitName,
    reviewed,
    draft,
    draftYaml: toYaml(draft ?? reviewed.regulation),
    diff,
    approvedByName,
    approverRoleLabel: rule.roleLabel,
    canRun: mayRun(actor),
    canApprove: rule.can,
    approveRefusal: rule.refusal,
  };
}

function checkOpen(review: ReviewRow): void {
  if (review.completed_at) throw new AppError('conflict', 'Deze evaluatie is al afgerond.');
}

export async function saveEvaluation(tx: Kysely<DB>, actor: Actor, id: string, input: { evaluation: string }): Promise<void> {
  if (!mayRun(actor)) throw await notAllowed(tx, actor);
  const review = await loadReview(tx, actor, id, { lock: true });
  checkOpen(review);
  const evaluation = input.evaluation.trim();
  if (evaluation === '') throw validationFailed([{ field: 'evaluation', message: 'Schrijf op wat de evaluatie heeft opgeleverd: wat ging goed, wat moet anders?' }]);
  if (evaluation.length > 20000) throw validationFailed([{ field: 'evaluation', message: 'De evaluatie mag hoogstens 20.000 tekens lang zijn.' }]);
  await tx
    .updateTable('regulation_reviews')
    .set({ evaluation, status: review.status === 'open' ? 'evaluated' : review.status, updated_at: new Date() })
    .where('id', '=', id)
    .execute();
  await audit(tx, { organisationId: actor.organisationId, actorUserId: actor.userId, action: 'regulation_review.evaluated', subjectType: 'regulation_review', subjectId: id });
}

/**
 * Saves the adjusted regulation as the review's draft (YAML or JSON, as in the regulation editor). It must be a
 * complete regulation that could be activated. A changed draft needs a new approval.
 */
export async function saveDraft(tx: Kysely<DB>, actor: Actor, id: string, input: { document: string }): Promise<void> {
  if (!hasRole(actor, 'admin')) throw new AppError('not_permitted', 'Alleen een beheerder maakt een concept van de bijgestelde klachtenregeling.');
  const review = await loadReview(tx, actor, id, { lock: true });
  checkOpen(review);
  if (input.document.trim() === '') throw validationFailed([{ field: 'document', message: 'Plak of schrijf hier de tekst van de bijgestelde regeling (YAML of JSON).' }]);
  const parsed = parseRegulationDocument(input.document);
  if (!parsed.success) throw validationFailed([{ field: 'document', message: parsed.issues.slice(0, 8).map((i) => i.text).join('; ') }]);
  const org = await tx.selectFrom('organisations').select('name').where('id', '=', actor.organisationId).executeTakeFirstOrThrow();
  const prepared = prepareRegulation({ document: parsed.data }, org, {});
  if (!prepared.ok) {
    throw validationFailed([{ field: 'document', message: `Het concept is nog niet compleet: ${prepared.issues.slice(0, 8).map((i) => i.message).join('; ')}` }]);
  }
  const changed = review.draft_document !== null || review.approved_at !== null;
  await tx
    .updateTable('regulation_reviews')
    .set({
      draft_document: JSON.stringify(prepared.regulation),
      draft_saved_at: new Date(),
      approved_by: null,
      approved_at: null,
      approval_note: null,
      status: review.evaluation ? 'evaluated' : 'open',
      updated_at: new Date(),
    })
    .where('id', '=', id)
    .execute();
  await audit(tx, { organisationId: actor.organisationId, actorUserId: actor.userId, action: 'regulation_review.draft_saved', subjectType: 'regulation_review', subjectId: id, details: { approvalReset: changed && review.approved_at !== null } });
}

/** Records the approval of the draft: only a user bound to the role the regulation names (003: het bestuur). */
export async function approveReview(tx: Kysely<DB>, actor: Actor, id: string, input: { note?: string }): Promise<void> {
  const review = await loadReview(tx, actor, id, { lock: true });
  const reviewed = await regulationVersion(tx, actor.organisationId, review.regulation_version_id);
  await checkReader(tx, actor, review, reviewed);
  checkOpen(review);
  const rule = await approvalRule(tx, actor, review, reviewed);
  if (!rule.can) throw rule.refusal ? new AppError('not_permitted', rule.refusal) : await notAllowed(tx, actor);
  if (review.draft_document === null) throw new AppError('conflict', 'Er is nog geen concept om goed te keuren.');
  if (review.status === 'approved') throw new AppError('conflict', 'Dit concept is al goedgekeurd.');
  const note = (input.note ?? '').trim();
  await tx
    .updateTable('regulation_reviews')
    .set({ approved_by: actor.userId, approved_at: new Date(), approval_note: note || null, status: 'approved', updated_at: new Date() })
    .where('id', '=', id)
    .execute();
  await audit(tx, { organisationId: actor.organisationId, actorUserId: actor.userId, action: 'regulation_review.approved', subjectType: 'regulation_review', subjectId: id, details: { role: reviewed.regulation.metadata.review?.approvedByRole ?? null } });
}

/** Activates the approved draft as the next version (activateRegulation checks the approval again). */
export async function publishReview(tx: Kysely<DB>, actor: Actor, id: string): Promise<ActiveRegulation> {
  if (!hasRole(actor, 'admin')) throw new AppError('not_permitted', 'Alleen een beheerder activeert een nieuwe versie van de klachtenregeling.');
  const review = await loadReview(tx, actor, id, { lock: true });
  checkOpen(review);
  const reviewed = await regulationVersion(tx, actor.organisationId, review.regulation_version_id);
  const needsApproval = reviewed.regulation.metadata.review?.approvedBy !== undefined || reviewed.regulation.metadata.review?.approvedByRole !== undefined;
  if (review.draft_document === null) throw new AppError('conflict', 'Er is nog geen concept om te activeren.');
  if (needsApproval && review.status !== 'approved') {
    throw new AppError('not_permitted', `Het concept is nog niet goedgekeurd${citeSource(reviewed.regulation.metadata.review?.source)}.`);
  }
  const laws = await organisationFrameworkState(tx, actor.organisationId); // issue 12: the organisation's own, once stated
  const active = await activateRegulation(tx, {
    organisationId: actor.organisationId,
    unitId: review.unit_id,
    source: { document: review.draft_document },
    fills: {},
    frameworks: laws.stated ? laws.frameworks : reviewed.frameworks,
    actorUserId: actor.userId,
    reviewId: id,
  });
  await tx
    .updateTable('regulation_reviews')
    .set({ status: 'published', published_version_id: active.versionId, completed_at: new Date(), updated_at: new Date() })
    .where('id', '=', id)
    .execute();
  await audit(tx, { organisationId: actor.organisationId, actorUserId: actor.userId, action: 'regulation_review.published', subjectType: 'regulation_review', subjectId: id, details: { versionId: active.versionId, version: active.version } });
  return active;
}

/** The evaluation found nothing to change: the review is completed without a new version. */
export async function closeReview(tx: Kysely<DB>, actor: Actor, id: string): Promise<void> {
  if (!mayRun(actor)) throw await notAllowed(tx, actor);
  const review = await loadReview(tx, actor, id, { lock: true });
  checkOpen(review);
  if (review.evaluation.trim() === '') throw validationFailed([{ field: 'evaluation', message: 'Leg eerst de evaluatie vast.' }]);
  await tx.updateTable('regulation_reviews').set({ status: 'closed', completed_at: new Date(), updated_at: new Date() }).where('id', '=', id).execute();
  await audit(tx, { organisationId: actor.organisationId, actorUserId: actor.userId, action: 'regulation_review.closed', subjectType: 'regulation_review', subjectId: id });
}

/** Completed reviews of the organisation, newest first. */
export async function reviewHistory(db: Kysely<DB>, actor: Actor) {
  return db
    .selectFrom('regulation_reviews as r')
    .leftJoin('units as u', 'u.id', 'r.unit_id')
    .leftJoin('regulation_versions as v', 'v.id', 'r.published_version_id')
    .select(['r.id', 'r.status', 'r.due_on', 'r.completed_at', 'u.name as unit_name', 'v.version as published_version'])
    .where('r.organisation_id', '=', actor.organisationId)
    .where('r.completed_at', 'is not', null)
    .orderBy('r.completed_at', 'desc')
    .execute();
}

/**
 * Drafts waiting for the actor's approval (start page of the bestuur): open reviews with a draft, not yet
 * approved, whose regulation names a role the actor is bound to.
 */
export async function reviewsAwaitingApproval(db: Kysely<DB>, actor: Actor): Promise<{ id: string; title: string; unitName: string | null; article: string }[]> {
  const rows = await db
    .selectFrom('regulation_reviews as r')
    .leftJoin('units as u', 'u.id', 'r.unit_id')
    .select(['r.id', 'r.unit_id', 'r.regulation_version_id', 'u.name as unit_name'])
    .where('r.organisation_id', '=', actor.organisationId)
    .where('r.completed_at', 'is', null)
    .where('r.draft_document', 'is not', null)
    .where('r.status', '!=', 'approved')
    .execute();
  const out: { id: string; title: string; unitName: string | null; article: string }[] = [];
  for (const row of rows) {
    const reviewed = await regulationVersion(db, actor.organisationId, row.regulation_version_id);
    const rule = reviewed.regulation.metadata.review;
    if (!rule?.approvedByRole || !(await isBoundTo(db, actor, rule.approvedByRole, row.unit_id))) continue;
    out.push({ id: row.id, title: reviewed.regulation.metadata.title, unitName: row.unit_name, article: rule.source.article });
  }
  return out;
}
