import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { DB, Organisation } from '../../db/types.ts';
import { AppError } from '../../shared/errors.ts';
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

/** Creates an organisation (tenant). Run inside a transaction. */
export async function createOrganisation(tx: Kysely<DB>, input: z.input<typeof createOrganisationInput>, actorUserId: string | null = null): Promise<Organisation> {
  const data = parseInput(createOrganisationInput, input);
  const existing = await tx.selectFrom('organisations').select('id').where('slug', '=', data.slug).executeTakeFirst();
  if (existing) throw new AppError('conflict', `Er bestaat al een organisatie met de korte naam "${data.slug}".`, [{ field: 'slug', message: 'Deze korte naam is al in gebruik.' }]);
  const org = await tx.insertInto('organisations').values(data).returningAll().executeTakeFirstOrThrow();
  await audit(tx, { organisationId: org.id, actorUserId, action: 'organisation.created', subjectType: 'organisation', subjectId: org.id });
  return org;
}

export async function findOrganisationBySlug(db: Kysely<DB>, slug: string): Promise<Organisation | undefined> {
  return db.selectFrom('organisations').selectAll().where('slug', '=', slug.toLowerCase()).executeTakeFirst();
}
