import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { DB, Organisation, Unit } from '../../db/types.ts';
import { AppError } from '../../shared/errors.ts';
import { onUniqueViolation } from '../../shared/unique-violation.ts';
import { parseInput } from '../../shared/validation.ts';
import { audit } from '../audit.ts';

export const slugSchema = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9]([a-z0-9-]{0,62}[a-z0-9])?$/, {
    message: 'Gebruik alleen kleine letters, cijfers en streepjes (2 tot 64 tekens), bijvoorbeeld "zorg-noord".',
  });

/** First path segments of the product itself: an organisation may not take one as its slug. */
export const RESERVED_SLUGS = ['api', 'static', 'klachten', 'beheer', 'account', 'inloggen', 'uitloggen', 'start', 'health'] as const;

export const organisationSlugSchema = slugSchema.refine((s) => !(RESERVED_SLUGS as readonly string[]).includes(s), {
  message: 'Deze korte naam is gereserveerd voor Klachtwijs zelf. Kies een andere.',
});

export const createOrganisationInput = z.object({
  slug: organisationSlugSchema,
  name: z.string().trim().min(2, { message: 'Vul een naam in van minstens 2 tekens.' }).max(200, { message: 'De naam mag hoogstens 200 tekens lang zijn.' }),
});

export type CreatedOrganisation = Organisation & {
  /** The unit every complaint belongs to until the organisation adds its own units (named after the organisation). */
  defaultUnit: Unit;
};

/**
 * Creates an organisation (tenant) with one default unit: a werkmaatschappij named after the organisation, at
 * the root of its unit tree. A complaint always belongs to a unit, so with this unit the public form, the API
 * and the published regulation work as soon as a regulation is active; units added later can sit under it.
 * Run inside a transaction.
 */
export async function createOrganisation(tx: Kysely<DB>, input: z.input<typeof createOrganisationInput>, actorUserId: string | null = null): Promise<CreatedOrganisation> {
  const data = parseInput(createOrganisationInput, input);
  const existing = await tx.selectFrom('organisations').select('id').where('slug', '=', data.slug).executeTakeFirst();
  const taken = () => new AppError('conflict', `Er bestaat al een organisatie met de korte naam "${data.slug}".`, [{ field: 'slug', message: 'Deze korte naam is al in gebruik.' }]);
  if (existing) throw taken();
  // Two identical creates at the same moment: the unique index decides, the loser gets the same answer.
  const org = await onUniqueViolation(() => tx.insertInto('organisations').values(data).returningAll().executeTakeFirstOrThrow(), taken);
  await audit(tx, { organisationId: org.id, actorUserId, action: 'organisation.created', subjectType: 'organisation', subjectId: org.id });
  const defaultUnit = await tx
    .insertInto('units')
    .values({ organisation_id: org.id, parent_id: null, slug: data.slug, name: data.name, kind: 'werkmaatschappij' })
    .returningAll()
    .executeTakeFirstOrThrow();
  await audit(tx, { organisationId: org.id, actorUserId, action: 'unit.created', subjectType: 'unit', subjectId: defaultUnit.id });
  return { ...org, defaultUnit };
}

export async function findOrganisationBySlug(db: Kysely<DB>, slug: string): Promise<Organisation | undefined> {
  return db.selectFrom('organisations').selectAll().where('slug', '=', slug.toLowerCase()).executeTakeFirst();
}
