import { type Actor, HANDLING_ROLES, hasRole } from '../actor.ts';

/**
 * The kinds of staff notification (ADR 0013) and what each one says. A staff e-mail names the complaint by
 * its reference and links to the dossier; it NEVER carries the complainant's name, address or the complaint's
 * text: the mail leaves the system, the dossier does not.
 */
export const NOTIFICATION_KINDS = [
  'assigned',
  'escalated',
  'new_in_unit',
  'term_ending',
  'overdue',
  'new_mail_in_triage',
  'complainant_added',
  'complainant_withdrew',
  'complainant_requested_judgement',
  'measure_overdue',
  'retention_due',
] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

export const DELIVERIES = ['now', 'digest', 'off'] as const;
export type Delivery = (typeof DELIVERIES)[number];

export const DEFAULT_TERM_DAYS = 3;
/** Longest lead a user can choose (preferences page); the term check looks no further ahead. */
export const MAX_TERM_DAYS = 20;

/**
 * The kinds a user can receive, from who hears what (notify.ts, check-terms, check-retention, check-measures):
 * - a complaint's handler, or without one the unit's coordinators: assigned, term_ending, overdue, complainant_added,
 *   complainant_withdrew, complainant_requested_judgement; an escalation or hand-over: its new handler and the holders of the regulation role;
 * - coordinators only: new_in_unit, new_mail_in_triage; coordinators of the whole organisation: retention_due;
 * - the owner of an improvement measure (any colleague can be made one): measure_overdue.
 * So a behandelaar or klachtenfunctionaris (HANDLING_ROLES) gets the complaint kinds, a user bound to a role of the
 * regulation (ADR 0007) can be escalated to, and everybody can own a measure. The preferences page offers these.
 */
export function receivableKinds(actor: Pick<Actor, 'roles'>, boundToRegulationRole: boolean): NotificationKind[] {
  const kinds = new Set<NotificationKind>(['measure_overdue']);
  if (hasRole(actor, ...HANDLING_ROLES)) for (const k of ['assigned', 'escalated', 'term_ending', 'overdue', 'complainant_added', 'complainant_withdrew', 'complainant_requested_judgement'] as const) kinds.add(k);
  if (boundToRegulationRole) kinds.add('escalated');
  if (hasRole(actor, 'coordinator')) {
    kinds.add('new_in_unit');
    kinds.add('new_mail_in_triage');
  }
  if (actor.roles.some((g) => g.role === 'coordinator' && g.unitId === null)) kinds.add('retention_due');
  return NOTIFICATION_KINDS.filter((k) => kinds.has(k));
}

export function isNotificationKind(value: unknown): value is NotificationKind {
  return typeof value === 'string' && (NOTIFICATION_KINDS as readonly string[]).includes(value);
}

/** The label of a kind on the preferences page (B1 Dutch). */
export const KIND_LABELS: Record<NotificationKind, string> = {
  assigned: 'Een klacht is aan mij toegewezen',
  escalated: 'Een klacht is aan mij voorgelegd of overgedragen',
  new_in_unit: 'Er is een nieuwe klacht binnengekomen die wacht op indeling en toewijzing',
  term_ending: 'Een termijn van mijn klacht loopt bijna af',
  overdue: 'Een termijn van mijn klacht is verlopen',
  new_mail_in_triage: 'Er is nieuwe e-mail die wacht op indeling',
  complainant_added: 'De klager heeft iets toegevoegd',
  complainant_withdrew: 'De klager heeft de klacht ingetrokken',
  complainant_requested_judgement: 'De klager vraagt om een oordeel',
  measure_overdue: 'Een verbetermaatregel van mij is over de streefdatum',
  retention_due: 'Er zijn dossiers waarvan de bewaartermijn voorbij is',
};

/**
 * One line per notification: for the start page, the subject of a single mail and a line of the digest. `unitName`:
 * the complaint's unit, named in "nieuw binnengekomen bij …" (a coordinator of the whole organisation has no "eenheid"
 * of their own; the unit's name is true for every recipient).
 */
export function notificationLine(kind: string, reference: string | null, unitName?: string | null): string {
  const ref = reference ? `Klacht ${reference}` : 'Een klacht';
  switch (kind) {
    case 'assigned':
      return `${ref} is aan u toegewezen.`;
    case 'escalated':
      return `${ref} is aan u voorgelegd of overgedragen.`;
    case 'new_in_unit':
      return unitName ? `${ref} is nieuw binnengekomen bij ${unitName}.` : `${ref} is nieuw binnengekomen.`;
    case 'term_ending':
      return `${ref}: een termijn loopt bijna af.`;
    case 'overdue':
      return `${ref}: een termijn is verlopen.`;
    case 'new_mail_in_triage':
      return reference ? `Nieuwe e-mail bij klacht ${reference}.` : 'Er is nieuwe e-mail die wacht op indeling.';
    case 'complainant_added':
      return `${ref}: de klager heeft informatie of documenten toegevoegd.`;
    case 'complainant_withdrew':
      return `${ref}: de klager heeft de klacht ingetrokken.`;
    case 'complainant_requested_judgement':
      return `${ref}: de klager vraagt om een oordeel.`;
    case 'measure_overdue':
      return 'Een verbetermaatregel waarvan u eigenaar bent is over de streefdatum.';
    case 'retention_due':
      return 'Er zijn dossiers waarvan de bewaartermijn voorbij is. Bekijk ze en keur de vernietiging goed.';
    default:
      return `${ref}: er is iets veranderd.`;
  }
}

/** Where a notification points: the dossier, or the triage list when there is no complaint. */
export function notificationPath(complaintId: string | null, kind?: string): string {
  // A measure past its due date (ADR 0017) is not about one complaint: it leads to the register.
  if (kind === 'measure_overdue') return '/verbetermaatregelen?overdue=ja';
  // Dossiers past their retention period (issue 11, ADR 0019): the review-then-destroy page.
  if (kind === 'retention_due') return '/bewaartermijnen';
  return complaintId ? `/klachten/${complaintId}` : '/klachten?status=new';
}

export interface NotificationMailItem {
  kind: string;
  reference: string | null;
  complaintId: string | null;
  /** Extra words for a term: which date (no personal data). */
  due?: string | null;
  /** The complaint's unit (a new complaint: where it came in). */
  unitName?: string | null;
}

const FOOTER = (baseUrl: string) =>
  [
    '',
    'In deze e-mail staan met opzet geen namen en geen inhoud van de klacht. U leest alles in Klachtwijs.',
    `Welke e-mails u krijgt, stelt u zelf in: ${baseUrl}/account/meldingen`,
  ].join('\n');

/** One notification as an e-mail (subject + plain text). */
export function singleMail(item: NotificationMailItem, orgName: string, baseUrl: string): { subject: string; text: string } {
  const line = notificationLine(item.kind, item.reference, item.unitName);
  return {
    subject: `${line.replace(/\.$/, '')} (${orgName})`,
    text: [`Beste collega,`, '', line, ...(item.due ? [`De datum is ${item.due}.`] : []), '', `Bekijk het in Klachtwijs: ${baseUrl}${notificationPath(item.complaintId, item.kind)}`, FOOTER(baseUrl)].join('\n'),
  };
}

/** The daily digest: one mail with everything not yet mailed. */
export function digestMail(items: NotificationMailItem[], orgName: string, baseUrl: string): { subject: string; text: string } {
  const lines = items.map((i) => `- ${notificationLine(i.kind, i.reference, i.unitName)}${i.due ? ` Datum: ${i.due}.` : ''}\n  ${baseUrl}${notificationPath(i.complaintId, i.kind)}`);
  return {
    subject: `Klachtwijs: ${items.length === 1 ? '1 melding' : `${items.length} meldingen`} van vandaag (${orgName})`,
    text: ['Beste collega,', '', items.length === 1 ? 'Dit is er sinds gisteren voor u gebeurd:' : 'Dit is er sinds gisteren voor u gebeurd:', '', ...lines, FOOTER(baseUrl)].join('\n'),
  };
}
