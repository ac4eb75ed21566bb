import { citeSource, ON_BEHALF_KINDS, type ComplainantKind, type Regulation } from '../../domain/regulation/index.ts';
import type { FieldIssue } from '../../shared/errors.ts';

/**
 * Who complains for the client (issue 12): a legal representative, someone the client authorised, a nabestaande,
 * a zaakwaarnemer. Where the regulation names such a kind, the intake asks for whom (the client's name; for a
 * nabestaande the deceased client's) and tells that proof of that capacity may be asked (`proofOfCapacity`).
 * Pure.
 */

/** The kinds that by their nature act for the client: the intake needs the client's name. */
export const FOR_CLIENT_KINDS: readonly ComplainantKind[] = ON_BEHALF_KINDS.filter((k) => k !== 'relative' && k !== 'representative');

export function actsForClient(relation: string | undefined): boolean {
  return relation !== undefined && (FOR_CLIENT_KINDS as readonly string[]).includes(relation);
}

/** The regulation's kinds that act for the client (none: the form asks nothing extra). */
export function forClientKinds(reg: Regulation): Regulation['intake']['complainants']['kinds'] {
  return reg.intake.complainants.kinds.filter((k) => actsForClient(k.kind));
}

/** "de naam van de cliënt" / "de naam van de overleden cliënt". */
export function clientNameWords(relation: string | undefined): string {
  return relation === 'bereaved' ? 'de naam van de overleden cliënt' : 'de naam van de cliënt';
}

/** The field's description on the forms: which kinds, and whose name. */
export function forClientHint(reg: Regulation, door: 'public' | 'staff'): string | undefined {
  const kinds = forClientKinds(reg);
  if (kinds.length === 0) return undefined;
  const others = kinds.filter((k) => k.kind !== 'bereaved');
  const bereaved = kinds.some((k) => k.kind === 'bereaved');
  const you = door === 'public';
  return [
    others.length > 0 && (you ? 'Dient u de klacht in voor een cliënt (bijvoorbeeld als vertegenwoordiger, gemachtigde of zaakwaarnemer)? Vul dan de naam van de cliënt in.' : 'Klaagt de klager voor een cliënt (als vertegenwoordiger, gemachtigde of zaakwaarnemer)? Vul dan de naam van de cliënt in.'),
    bereaved && (you ? 'Bent u nabestaande? Vul dan de naam van de overleden cliënt in.' : 'Is de klager nabestaande? Vul dan de naam van de overleden cliënt in.'),
  ]
    .filter((x): x is string => typeof x === 'string')
    .join(' ');
}

/** "De klachtenfunctionaris kan vragen om een bewijs …" where the regulation says so; undefined otherwise. */
export function proofOfCapacityNotice(reg: Regulation, door: 'public' | 'staff'): string | undefined {
  const proof = reg.intake.complainants.representation.proofOfCapacity;
  if (!proof) return undefined;
  // The regulation may name no role that asks (the format allows it): then "wij" ask.
  const role = proof.by ? (reg.roles.find((r) => r.key === proof.by)?.label ?? proof.by) : null;
  const what = proof.description ? `: ${proof.description.replace(/\.\s*$/, '')}` : ', bijvoorbeeld een schriftelijke machtiging';
  return door === 'public'
    ? `Dient u de klacht in voor iemand anders? ${role ? `De ${role} kan` : 'Wij kunnen'} vragen om een bewijs dat u namens die persoon optreedt${what}${citeSource(proof.source)}.`
    : `Klaagt de klager voor iemand anders, dan kan ${role ? `de ${role}` : 'de organisatie'} vragen om een bewijs dat de klager namens die persoon optreedt${what}${citeSource(proof.source)}.`;
}

/** The client's name is needed when the complainant acts for the client as the regulation's kind (its article). */
export function capacityProblems(reg: Regulation, complainant: { relation?: string | undefined; onBehalfOf?: string | undefined }, door: 'public' | 'staff'): FieldIssue[] {
  const kind = forClientKinds(reg).find((k) => k.kind === complainant.relation);
  if (!kind || complainant.onBehalfOf) return [];
  const whose = clientNameWords(kind.kind);
  return [
    {
      field: 'complainant.onBehalfOf',
      message: door === 'public' ? `Vul ${whose} in voor wie u de klacht indient${citeSource(kind.source)}.` : `Vul ${whose} in voor wie de klager de klacht indient${citeSource(kind.source)}.`,
    },
  ];
}
