import type { Kysely } from 'kysely';
import type { DB } from '../../db/types.ts';
import { DEFAULT_TEMPLATES, type LetterTemplate } from '../../domain/letters/defaults.ts';
import { isLetterKind, LETTER_KINDS, type LetterKind } from '../../domain/letters/kinds.ts';
import { templateProblem } from '../../letters/template.ts';
import { AppError, notFound, validationFailed, type FieldIssue } from '../../shared/errors.ts';
import { isUuid } from '../../shared/validation.ts';
import { hasRole, type Actor } from '../actor.ts';
import { audit } from '../audit.ts';
import { theCoordinatorFor } from '../regulations/regulations.ts';

export type TemplateScope = 'unit' | 'organisation' | 'default';

export interface ResolvedTemplate extends LetterTemplate {
  kind: LetterKind;
  /** Where the text comes from: the unit (or a unit above it), the organisation, or Klachtwijs' default. */
  scope: TemplateScope;
  unitId: string | null;
}

/**
 * The template for a letter kind in a unit: the nearest unit's own (the unit, then the units above it), else
 * the organisation's, else the default. A unit's text wins over the organisation's.
 */
export async function templateFor(db: Kysely<DB>, organisationId: string, unitId: string | null, kind: LetterKind): Promise<ResolvedTemplate> {
  const rows = await db.selectFrom('letter_templates').select(['unit_id', 'subject', 'body']).where('organisation_id', '=', organisationId).where('kind', '=', kind).execute();
  if (unitId) {
    const units = await db.selectFrom('units').select(['id', 'parent_id']).where('organisation_id', '=', organisationId).execute();
    const parent = new Map(units.map((u) => [u.id, u.parent_id]));
    const seen = new Set<string>();
    for (let u: string | null | undefined = unitId; u && !seen.has(u); u = parent.get(u)) {
      seen.add(u);
      const own = rows.find((r) => r.unit_id === u);
      if (own) return { kind, subject: own.subject, body: own.body, scope: 'unit', unitId: u };
    }
  }
  const org = rows.find((r) => r.unit_id === null);
  if (org) return { kind, subject: org.subject, body: org.body, scope: 'organisation', unitId: null };
  return { kind, ...DEFAULT_TEMPLATES[kind], scope: 'default', unitId: null };
}

/** The templates set in an organisation (organisation-wide and per unit). */
export async function listTemplates(db: Kysely<DB>, organisationId: string) {
  return db
    .selectFrom('letter_templates')
    .select(['id', 'unit_id', 'kind', 'subject', 'body', 'updated_at'])
    .where('organisation_id', '=', organisationId)
    .orderBy('kind')
    .execute();
}

export function mayEditTemplates(actor: Actor): boolean {
  return hasRole(actor, 'admin', 'coordinator');
}

export interface TemplateInput {
  kind: string;
  unitId: string | null;
  subject: string;
  body: string;
}

/** The problems of a template before it is saved or previewed (Dutch, at the field). */
export function templateInputProblems(input: TemplateInput): FieldIssue[] {
  const problems: FieldIssue[] = [];
  if (!isLetterKind(input.kind)) problems.push({ field: 'kind', message: `Kies een soort brief: ${LETTER_KINDS.join(', ')}.` });
  if (!input.subject.trim()) problems.push({ field: 'subject', message: 'Vul het onderwerp in.' });
  else if (input.subject.length > 300) problems.push({ field: 'subject', message: 'Het onderwerp mag hoogstens 300 tekens hebben.' });
  else {
    const p = templateProblem(input.subject);
    if (p) problems.push({ field: 'subject', message: p });
  }
  if (!input.body.trim()) problems.push({ field: 'body', message: 'Vul de tekst van de brief in.' });
  else {
    const p = templateProblem(input.body);
    if (p) problems.push({ field: 'body', message: p });
  }
  return problems;
}

/** Saves (or replaces) the organisation's or a unit's template for a kind. Admin or coordinator. */
export async function saveTemplate(db: Kysely<DB>, actor: Actor, input: TemplateInput): Promise<void> {
  if (!mayEditTemplates(actor)) throw new AppError('not_permitted', `Alleen een beheerder of ${await theCoordinatorFor(db, actor.organisationId, { unitId: null })} kan briefsjablonen aanpassen.`);
  const problems = templateInputProblems(input);
  if (input.unitId !== null) {
    const unit = isUuid(input.unitId) ? await db.selectFrom('units').select('id').where('id', '=', input.unitId).where('organisation_id', '=', actor.organisationId).executeTakeFirst() : undefined;
    if (!unit) problems.push({ field: 'unitId', message: 'Kies een eenheid van uw organisatie.' });
  }
  if (problems.length) throw validationFailed(problems);
  await db.transaction().execute(async (tx) => {
    let q = tx.deleteFrom('letter_templates').where('organisation_id', '=', actor.organisationId).where('kind', '=', input.kind);
    q = input.unitId === null ? q.where('unit_id', 'is', null) : q.where('unit_id', '=', input.unitId);
    await q.execute();
    await tx
      .insertInto('letter_templates')
      .values({ organisation_id: actor.organisationId, unit_id: input.unitId, kind: input.kind, subject: input.subject.trim(), body: input.body.replace(/\r\n?/g, '\n'), updated_by: actor.userId, updated_at: new Date() })
      .execute();
    await audit(tx, { organisationId: actor.organisationId, actorUserId: actor.userId, action: 'letter_template.save', subjectType: 'letter_template', subjectId: null, details: { kind: input.kind, unitId: input.unitId } });
  });
}

/** Removes the organisation's or a unit's own template: the default (or the level above) applies again. */
export async function resetTemplate(db: Kysely<DB>, actor: Actor, kind: string, unitId: string | null): Promise<void> {
  if (!mayEditTemplates(actor)) throw new AppError('not_permitted', `Alleen een beheerder of ${await theCoordinatorFor(db, actor.organisationId, { unitId: null })} kan briefsjablonen aanpassen.`);
  if (!isLetterKind(kind)) throw notFound('Deze soort brief bestaat niet.');
  let q = db.deleteFrom('letter_templates').where('organisation_id', '=', actor.organisationId).where('kind', '=', kind);
  q = unitId === null ? q.where('unit_id', 'is', null) : q.where('unit_id', '=', unitId);
  await q.execute();
}
