/**
 * Statuses of a complaint and the kinds of record Klachtwijs keeps. Pure.
 *
 * External procedures (OKC, ombudsman, geschilleninstantie) are not a status: they are facts recorded
 * after a decision, an inadmissibility or a close (see facts.ts), because the organisation's own
 * procedure has ended by then and the external body runs its own.
 */
import { PRODUCT_ROLES } from '../regulation/schema.ts';
import { capitalise } from '../../shared/text.ts';

export const STATUSES = ['new', 'in_progress', 'suspended', 'decided', 'closed', 'inadmissible', 'withdrawn'] as const;
export type Status = (typeof STATUSES)[number];

/** Short Dutch label (lists, badges). */
export const STATUS_LABELS: Record<Status, string> = {
  new: 'Nieuw',
  in_progress: 'In behandeling',
  suspended: 'Opgeschort',
  decided: 'Afgehandeld',
  closed: 'Afgesloten',
  inadmissible: 'Niet-ontvankelijk',
  withdrawn: 'Ingetrokken',
};

/** One Dutch sentence per status (help texts, the complainant's status page). */
export const STATUS_DESCRIPTIONS: Record<Status, string> = {
  new: 'De klacht is geregistreerd, maar nog niet in behandeling.',
  in_progress: 'De klacht wordt behandeld.',
  suspended: 'De behandeling is tijdelijk stopgezet. De termijn loopt dan niet door.',
  decided: 'De beslissing op de klacht is vastgelegd.',
  closed: 'De klacht is afgesloten.',
  inadmissible: 'De klacht is niet in behandeling genomen (niet-ontvankelijk).',
  withdrawn: 'De klager heeft de klacht ingetrokken.',
};

/** Statuses in which the organisation's own procedure is still running. */
export const OPEN_STATUSES = ['new', 'in_progress', 'suspended'] as const satisfies readonly Status[];
/** Statuses in which the organisation's own procedure has ended (reopen is possible). */
export const ENDED_STATUSES = ['decided', 'closed', 'inadmissible', 'withdrawn'] as const satisfies readonly Status[];

export function isStatus(value: unknown): value is Status {
  return typeof value === 'string' && (STATUSES as readonly string[]).includes(value);
}
export function isOpenStatus(status: Status): boolean {
  return (OPEN_STATUSES as readonly Status[]).includes(status);
}

/**
 * What was registered. Only `complaint` runs the procedure; the others are registrations that are
 * `closed` from the start and count in the analysis:
 * - dissatisfaction: informal dissatisfaction resolved on the spot (004 §5, onvrede);
 * - suggestion: a suggestion (003, "suggesties en klachten");
 * - not_a_complaint: a subject the regulation excludes (001 §3.1, administratiekosten).
 */
export const RECORD_KINDS = ['complaint', 'dissatisfaction', 'suggestion', 'not_a_complaint'] as const;
export type RecordKind = (typeof RECORD_KINDS)[number];
export const RECORD_KIND_LABELS: Record<RecordKind, string> = {
  complaint: 'Klacht',
  dissatisfaction: 'Onvrede (direct opgelost)',
  suggestion: 'Suggestie',
  not_a_complaint: 'Geen klacht',
};

/**
 * A registration that is not a complaint is closed from the start: its sentence says what it is, never
 * "De klacht is afgesloten" (an onvrede, a suggestion or a "geen klacht" is not a complaint).
 */
const RECORD_CLOSED_DESCRIPTIONS: Record<Exclude<RecordKind, 'complaint'>, string> = {
  dissatisfaction: 'De onvrede is meteen opgelost en vastgelegd. Er loopt geen klachtprocedure.',
  suggestion: 'De suggestie is vastgelegd. Er loopt geen klachtprocedure.',
  not_a_complaint: 'Volgens de klachtenregeling is dit geen klacht. Het is vastgelegd; er loopt geen klachtprocedure.',
};

/**
 * The one Dutch sentence for a record's status, fitting what kind of record it is and, for a new complaint, what has
 * happened to it: a new complaint whose receipt was acknowledged is past step 3 of its life (PRODUCT.md) and waits for a
 * handler (step 5); "nog niet in behandeling" then read as if nothing had been done (walkthrough).
 * `decision`: the regulation's own word for its decision (decisionWords in policy.ts); a decided complaint then says it
 * ("Het standpunt van de directie is vastgelegd.", 001 art. 3.3; "Het antwoord is vastgelegd.", 003) as the dossier's
 * deadline and button do (lane walk15: the status sentence alone said "De beslissing").
 */
export function statusDescription(
  status: Status,
  kind: string,
  facts?: { acknowledgedOn: string | null; handlerUserId: string | null },
  decision?: { the: string; named: boolean },
): string {
  if (status === 'decided' && kind === 'complaint' && decision?.named) return `${capitalise(decision.the)} is vastgelegd.`;
  if (status === 'new' && kind === 'complaint' && facts && !facts.handlerUserId) {
    return facts.acknowledgedOn
      ? 'De ontvangst is bevestigd. Er is nog geen behandelaar toegewezen.'
      : 'De klacht is geregistreerd. De ontvangst is nog niet bevestigd en er is nog geen behandelaar toegewezen.';
  }
  if (status === 'closed' && kind !== 'complaint' && Object.hasOwn(RECORD_CLOSED_DESCRIPTIONS, kind)) {
    return RECORD_CLOSED_DESCRIPTIONS[kind as Exclude<RecordKind, 'complaint'>];
  }
  return STATUS_DESCRIPTIONS[status];
}

/** The status a record starts in. */
export function initialStatus(kind: RecordKind): Status {
  return kind === 'complaint' ? 'new' : 'closed';
}

/** Product roles (PRODUCT.md "Who uses it"); the same keys as the database's roles. */
export type ProductRole = (typeof PRODUCT_ROLES)[number];
export { PRODUCT_ROLES };
