import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { DB, Unit } from '../../db/types.ts';
import { AppError, notFound } from '../../shared/errors.ts';
import { isUuid, parseInput } from '../../shared/validation.ts';
import { audit } from '../audit.ts';
import { slugSchema } from '../organisations/create-organisation.ts';
import { onUniqueViolation } from '../../shared/unique-violation.ts';
import { fromFactsInPage } from '../regulation-roles/world.ts';

export const createUnitInput = z.object({
  name: z.string().trim().min(2, { message: 'Vul een naam in van minstens 2 tekens.' }).max(200, { message: 'De naam mag hoogstens 200 tekens lang zijn.' }),
  slug: slugSchema.optional(),
  kind: z.enum(['werkmaatschappij', 'afdeling', 'team'], { message: 'Kies een soort eenheid.' }).default('afdeling'),
  parentId: z.uuid({ message: 'Kies een bestaande bovenliggende eenheid.' }).nullish(),
});

export function slugify(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 64) || 'eenheid';
}

/**
 * The units of one organisation as stored, by name. Read once per read-only page (the start page's sections each
 * asked for them: five statements, issue 13), there with the organisation's facts (regulation-roles/world.ts); outside
 * `withReadMemo` every call reads. Do not change the array.
 */
export async function organisationUnits(db: Kysely<DB>, organisationId: string): Promise<Unit[]> {
  return fromFactsInPage(db, organisationId, (f) => f.unitRows, () => db.selectFrom('units').selectAll().where('organisation_id', '=', organisationId).orderBy('name').execute());
}

/** Lists the units of one organisation, parents before children (stable by name). */
export async function listUnits(db: Kysely<DB>, organisationId: string): Promise<Unit[]> {
  const rows = await organisationUnits(db, organisationId);
  const out: Unit[] = [];
  const visit = (parent: string | null) => {
    for (const u of rows.filter((r) => r.parent_id === parent)) {
      out.push(u);
      visit(u.id);
    }
  };
  visit(null);
  return out;
}

/** Depth of each unit in the tree, for indented display. */
export function unitDepths(units: Unit[]): Map<string, number> {
  const byId = new Map(units.map((u) => [u.id, u]));
  const depth = new Map<string, number>();
  const of = (u: Unit): number => {
    if (depth.has(u.id)) return depth.get(u.id)!;
    const d = u.parent_id && byId.has(u.parent_id) ? of(byId.get(u.parent_id)!) + 1 : 0;
    depth.set(u.id, d);
    return d;
  };
  units.forEach(of);
  return depth;
}

export async function createUnit(tx: Kysely<DB>, organisationId: string, input: z.input<typeof createUnitInput>, actorUserId: string | null): Promise<Unit> {
  const data = parseInput(createUnitInput, input);
  if (data.parentId) {
    const parent = await tx.selectFrom('units').select('id').where('id', '=', data.parentId).where('organisation_id', '=', organisationId).executeTakeFirst();
    if (!parent) throw new AppError('validation_failed', 'Niet alle gegevens zijn goed ingevuld.', [{ field: 'parentId', message: 'Kies een bestaande bovenliggende eenheid.' }]);
  }
  const slug = data.slug ?? slugify(data.name);
  const taken = () => new AppError('conflict', 'Er bestaat al een eenheid met deze naam.', [{ field: data.slug ? 'slug' : 'name', message: 'Er bestaat al een eenheid met deze (korte) naam.' }]);
  const clash = await tx.selectFrom('units').select('id').where('organisation_id', '=', organisationId).where('slug', '=', slug).executeTakeFirst();
  if (clash) throw taken();
  // Two identical creates at the same moment both pass the check above: the unique constraint decides.
  const unit = await onUniqueViolation(
    () => tx.insertInto('units').values({ organisation_id: organisationId, parent_id: data.parentId ?? null, slug, name: data.name, kind: data.kind }).returningAll().executeTakeFirstOrThrow(),
    taken,
  );
  await audit(tx, { organisationId, actorUserId, action: 'unit.created', subjectType: 'unit', subjectId: unit.id });
  return unit;
}

export async function findUnit(db: Kysely<DB>, organisationId: string, idOrSlug: string): Promise<Unit> {
  const byId = isUuid(idOrSlug);
  if (!byId && !/^[a-z0-9-]{1,64}$/.test(idOrSlug)) throw notFound("Deze eenheid bestaat niet in deze organisatie.");
  const unit = await db
    .selectFrom('units')
    .selectAll()
    .where('organisation_id', '=', organisationId)
    .where(byId ? 'id' : 'slug', '=', idOrSlug)
    .executeTakeFirst();
  if (!unit) throw notFound(`Eenheid "${idOrSlug}" bestaat niet in deze organisatie.`);
  return unit;
}

/**
 * The kind of unit as a page shows it. The organisation's single top unit (made with the organisation, stored as a
 * werkmaatschappij) is the whole organisation: only 004 has werkmaatschappijen, and a page under 000–003 called the
 * organisation itself one. Units added below it, or several at the top (004), keep their kind.
 */
export function unitKindLabel(unit: Pick<Unit, 'parent_id' | 'kind'>, units: readonly Pick<Unit, 'parent_id'>[]): string {
  return unit.parent_id === null && units.filter((u) => u.parent_id === null).length === 1 ? 'hele organisatie' : unit.kind;
}
