import type { Kysely } from 'kysely';
import type { DB } from '../../db/types.ts';
import { LEGAL_FRAMEWORKS, type LegalFramework } from '../../domain/regulation/schema.ts';
import { validationFailed } from '../../shared/errors.ts';
import { audit } from '../audit.ts';

/**
 * The legal frameworks an organisation states apply to it (issue 12, ADR 0027), stated once: the legal check on the
 * regulation pages, at activation and in the CLI uses them, and a rule a regulation marks as law from a framework not
 * stated is flagged. Awb hoofdstuk 9 is only for a bestuursorgaan (a municipality, a province, a public body).
 */

/** Dutch explanation per framework, for the admin page and the CLI (B1). */
export const LEGAL_FRAMEWORK_EXPLANATIONS: Record<LegalFramework, string> = {
  awb9: 'Alleen als uw organisatie een bestuursorgaan is, zoals een gemeente, een provincie of een andere overheidsinstantie.',
  wkkgz: 'Als uw organisatie zorg verleent, zoals een huisartsenpraktijk, een ziekenhuis, thuiszorg of een verpleeghuis.',
  wmo2015: 'Als uw organisatie voor een gemeente ondersteuning biedt aan inwoners, zoals begeleiding of dagbesteding.',
  jeugdwet: 'Als uw organisatie jeugdhulp biedt, of een kinderbeschermingsmaatregel of jeugdreclassering uitvoert.',
};

function known(values: readonly string[]): LegalFramework[] {
  return LEGAL_FRAMEWORKS.filter((f) => values.includes(f));
}

/** The organisation's stated frameworks, in a fixed order; empty when none applies or none is stated yet. */
export async function organisationFrameworks(db: Kysely<DB>, organisationId: string): Promise<LegalFramework[]> {
  return (await organisationFrameworkState(db, organisationId)).frameworks;
}

/** The frameworks and whether the organisation has stated them at all (the set-up checklist asks until it has). */
export async function organisationFrameworkState(db: Kysely<DB>, organisationId: string): Promise<{ stated: boolean; frameworks: LegalFramework[] }> {
  const row = await db.selectFrom('organisations').select('legal_frameworks').where('id', '=', organisationId).executeTakeFirst();
  const value = row?.legal_frameworks;
  if (!Array.isArray(value)) return { stated: false, frameworks: [] };
  return { stated: true, frameworks: known(value) };
}

/**
 * State the organisation's frameworks (replaces what was stated). Unknown values are refused with a Dutch message;
 * an empty list states that none of these laws applies.
 */
export async function setOrganisationFrameworks(
  tx: Kysely<DB>,
  actor: { userId: string | null; organisationId: string },
  values: readonly string[],
): Promise<LegalFramework[]> {
  const wrong = values.filter((v) => !(LEGAL_FRAMEWORKS as readonly string[]).includes(v));
  if (wrong.length > 0) {
    throw validationFailed([{ field: 'frameworks', message: `Onbekende wet: ${wrong.join(', ')}. Kies uit: ${LEGAL_FRAMEWORKS.join(', ')}.` }]);
  }
  const frameworks = known(values);
  await tx.updateTable('organisations').set({ legal_frameworks: JSON.stringify(frameworks) }).where('id', '=', actor.organisationId).execute();
  await audit(tx, {
    organisationId: actor.organisationId,
    actorUserId: actor.userId,
    action: 'organisation.legal_frameworks',
    subjectType: 'organisation',
    subjectId: actor.organisationId,
    details: { frameworks },
  });
  return frameworks;
}
