import { z } from 'zod';
import { CHANNELS, COMPLAINANT_KINDS, isOpenPoint, type Channel, type Regulation } from '../../domain/regulation/index.ts';
import { RECORD_KINDS } from '../../domain/workflow/index.ts';
import type { FieldIssue } from '../../shared/errors.ts';
import { isoDateSchema } from '../../shared/validation.ts';

/**
 * What a complaint is made of at intake, for all three doors: the public form, the staff registration
 * form (klachtenregistratieformulier) and the JSON API. One schema; which fields are required follows
 * from the regulation (`requiredIntakeProblems`).
 */
const optionalText = (max: number, label: string) =>
  z
    .string({ error: `Vul ${label} in als tekst.` })
    .trim()
    .max(max, { error: `${label[0]!.toUpperCase()}${label.slice(1)} mag hoogstens ${max} tekens lang zijn.` })
    .optional()
    .transform((v) => (v === '' ? undefined : v));

export const complainantSchema = z.object({
  name: optionalText(200, 'de naam'),
  email: z
    .string({ error: 'Vul een e-mailadres in als tekst.' })
    .trim()
    .max(254, { error: 'Het e-mailadres is te lang.' })
    .optional()
    .transform((v) => (v === '' ? undefined : v))
    .pipe(z.email({ error: 'Vul een geldig e-mailadres in, bijvoorbeeld naam@voorbeeld.nl.' }).optional()),
  phone: optionalText(40, 'het telefoonnummer').pipe(z.string().regex(/^[+\d][\d\s\-()]{5,}$/, { error: 'Vul een geldig telefoonnummer in, bijvoorbeeld 06 12345678.' }).optional()),
  postalAddress: optionalText(500, 'het postadres'),
  /** Who the complainant is to the organisation (client, former client, relative, supplier …). */
  relation: z.enum(COMPLAINANT_KINDS, { error: 'Kies wie u bent voor de organisatie.' }).optional(),
  /** Acting for someone else (vertegenwoordiger / gemachtigde). */
  onBehalfOf: optionalText(200, 'de naam van degene namens wie u klaagt'),
  representativeRelation: optionalText(200, 'uw relatie tot die persoon'),
});

export const intakeSchema = z.object({
  unitId: z.uuid({ error: 'Kies een afdeling of werkmaatschappij.' }).optional(),
  kind: z.enum(RECORD_KINDS, { error: 'Kies wat er wordt geregistreerd: klacht, onvrede, suggestie of geen klacht.' }).default('complaint'),
  channel: z.enum(CHANNELS, { error: 'Kies hoe de klacht binnenkwam.' }),
  /** Day 0; the public form uses today. Staff may enter a date in the past (a letter opened today arrived on Friday). */
  receivedOn: isoDateSchema.optional(),
  subject: optionalText(200, 'het onderwerp'),
  description: z
    .string({ error: 'Beschrijf de klacht.' })
    .trim()
    .min(10, { error: 'Beschrijf de klacht in minstens 10 tekens.' })
    .max(20000, { error: 'De omschrijving mag hoogstens 20.000 tekens lang zijn.' }),
  complainant: complainantSchema.prefault({}),
  respondentName: optionalText(200, 'de naam van de persoon over wie de klacht gaat'),
  respondentDepartment: optionalText(200, 'de afdeling'),
  respondentUserId: z.uuid({ error: 'Kies een bestaande medewerker.' }).optional(),
  /** When the conduct took place (admissibility limits, 002 art. 5.1b). */
  conductOn: isoDateSchema.optional(),
  /** The complainant signed (web form: confirms with their name, 002 art. 4.3). */
  signed: z.boolean({ error: 'Geef aan of de klacht is ondertekend.' }).optional(),
  /** Staff: an oral complaint was written down and signed by the complainant (002 art. 4.3). */
  writtenDownAndSigned: z.boolean().optional(),
  receivedBy: optionalText(200, 'wie de klacht heeft aangenomen'),
  passedTo: optionalText(200, 'aan wie de klacht is doorgegeven'),
  notComplaintKey: z.string().regex(/^[a-z][a-z0-9_]*$/, { error: 'Kies het onderwerp dat geen klacht is.' }).optional(),
  note: optionalText(5000, 'de toelichting'),
  /** A key the form or client generates once per complaint: a double submit creates one complaint. */
  idempotencyKey: z.string().regex(/^[\w-]{8,100}$/, { error: 'Ongeldige formuliercode.' }).optional(),
});

export type IntakeInput = z.output<typeof intakeSchema>;

/** Older dates of receipt are typing errors, not complaints (references are per year). */
export const EARLIEST_RECEIPT = '2000-01-01';

const CONTACT_FIELD_OF: Record<string, keyof IntakeInput['complainant']> = { name: 'name', postal_address: 'postalAddress', phone: 'phone', email: 'email' };
const FIELD_MESSAGES: Record<string, string> = {
  name: 'Vul uw naam in.',
  postal_address: 'Vul uw postadres in.',
  phone: 'Vul uw telefoonnummer in.',
  email: 'Vul uw e-mailadres in.',
};

/** Channels the regulation accepts; all when the regulation leaves them open. */
export function acceptedChannels(reg: Regulation): Channel[] {
  const channels = reg.intake.channels;
  if (isOpenPoint(channels)) return [...CHANNELS];
  return channels.map((c) => c.channel);
}

const ORAL: readonly Channel[] = ['phone', 'in_person'];

/**
 * Must staff write this complaint down and have it signed? Yes for an oral complaint where the regulation
 * requires a written one, and for any channel the regulation does not name.
 */
export function needsWritingDown(reg: Regulation, channel: Channel): boolean {
  if (!acceptedChannels(reg).includes(channel)) return true;
  return reg.intake.form.writtenRequired && ORAL.includes(channel);
}

/**
 * What the regulation requires of a complaint that the schema alone cannot know: required contact data
 * (002 art. 4.3; 003 bijlage 1), a signature where the regulation requires one, an accepted channel,
 * at least one way to reach the complainant.
 */
export function requiredIntakeProblems(reg: Regulation, input: IntakeInput, door: 'public' | 'staff'): FieldIssue[] {
  const problems: FieldIssue[] = intakeConsistencyProblems(reg, input);
  if (input.kind !== 'complaint') return problems;
  const fields = door === 'public' ? reg.intake.fields : reg.intake.fields.filter((f) => f.key in CONTACT_FIELD_OF);
  for (const f of fields) {
    const contactKey = CONTACT_FIELD_OF[f.key];
    if (f.requirement !== 'required' || !contactKey) continue;
    if (!input.complainant[contactKey]) problems.push({ field: `complainant.${contactKey}`, message: FIELD_MESSAGES[f.key]! });
  }
  const c = input.complainant;
  if (!c.email && !c.phone && !c.postalAddress && !problems.length) {
    problems.push({ field: 'complainant.email', message: 'Vul minstens één manier in waarop we u kunnen bereiken: e-mail, telefoon of postadres.' });
  }
  if (door === 'public' && reg.intake.form.signatureRequired && !input.signed) {
    problems.push({ field: 'signed', message: 'Deze klachtenregeling vraagt een ondertekende klacht. Bevestig dat u de klacht ondertekent.' });
  }
  // Staff take a complaint from any channel. Where the regulation asks for a written (signed) complaint, or
  // does not name the channel, the staff member writes it down on the regulation's form and has the
  // complainant sign it (002 art. 4.2–4.3) — and records that they did.
  if (door === 'staff' && needsWritingDown(reg, input.channel) && !input.writtenDownAndSigned) {
    problems.push({ field: 'writtenDownAndSigned', message: 'Deze klachtenregeling vraagt een schriftelijke, ondertekende klacht. Zet de klacht op papier, laat de klager tekenen en vink dit aan.' });
  }
  if (input.kind === 'complaint' && input.notComplaintKey) problems.push({ field: 'notComplaintKey', message: 'Alleen bij "geen klacht" kiest u een onderwerp dat geen klacht is.' });
  return problems;
}

/** Checks that hold for every kind: a known not-a-complaint subject (001 §3.1), a plausible date of receipt. */
export function intakeConsistencyProblems(reg: Regulation, input: IntakeInput): FieldIssue[] {
  const problems: FieldIssue[] = [];
  if (input.kind === 'not_a_complaint' && input.notComplaintKey && !reg.intake.notComplaints.some((n) => n.key === input.notComplaintKey)) {
    problems.push({ field: 'notComplaintKey', message: 'Kies een onderwerp dat volgens de klachtenregeling geen klacht is.' });
  }
  if (input.receivedOn && input.receivedOn < EARLIEST_RECEIPT) {
    problems.push({ field: 'receivedOn', message: `De datum van ontvangst ligt wel erg ver terug. Vul een datum in vanaf ${EARLIEST_RECEIPT}.` });
  }
  return problems;
}
