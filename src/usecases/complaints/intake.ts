import type { Kysely } from 'kysely';
import { z } from 'zod';
import { formatDutchDate, type IsoDate } from '../../domain/deadlines/index.ts';
import { CHANNELS, cite, citeSource, COMPLAINANT_KIND_LABELS, COMPLAINANT_KINDS, isOpenPoint, type Channel, type Regulation } from '../../domain/regulation/index.ts';
import { RECORD_KINDS } from '../../domain/workflow/index.ts';
import type { DB } from '../../db/types.ts';
import type { FieldIssue } from '../../shared/errors.ts';
import { organisationContact, type OrganisationContact } from '../complainant-page/contact.ts';
import { capacityProblems } from './capacity.ts';
import { isoDateSchema } from '../../shared/validation.ts';

/**
 * " Neem gerust contact met ons op via …" with the organisation's contact details as its letters give them (the
 * letterhead first, then the regulation's contact: organisationContact), or, where the caller has not read those,
 * the regulation's own; "" when there are none (never a dead end). Walkthrough: the "Iets anders" refusal named only
 * the regulation's contact, so the demo (a regulation without one, a letterhead with an address) named nothing.
 */
function contactLine(reg: Regulation, contact?: OrganisationContact): string {
  const real = (v: unknown) => (typeof v === 'string' && v.trim() && !isOpenPoint(v) && !/\[[^\]]+\]/.test(v) ? v.trim() : null);
  const c = contact ?? { email: real(reg.contact?.email), phone: real(reg.contact?.phone), postalAddress: null };
  const ways = [c.email, c.phone, c.postalAddress ? `per post (${c.postalAddress})` : null].filter((v): v is string => !!v);
  const list = ways.length > 1 ? `${ways.slice(0, -1).join(', ')} of ${ways.at(-1)!}` : ways[0];
  // "via" an address or a number; the post alone reads "contact met ons op per post (…)", not "via per post".
  return list ? ` Neem gerust contact met ons op ${list.startsWith('per post') ? '' : 'via '}${list}, dan kijken we samen wat we wel kunnen doen.` : '';
}

/**
 * The public door's problems (`problemsOf`: requiredIntakeProblems or the form's dry run), asked again with the
 * organisation's contact (letterhead, then regulation: organisationContact) when they hold the refusal of who may
 * complain, whose text names that contact. The contact is read only then: the intake is hot.
 */
export async function withContactOnRefusal(
  db: Kysely<DB>,
  organisationId: string,
  reg: Regulation,
  problemsOf: (contact?: OrganisationContact) => FieldIssue[],
): Promise<FieldIssue[]> {
  const problems = problemsOf();
  return problems.some((p) => p.field === 'complainant.relation') ? problemsOf(await organisationContact(db, organisationId, reg)) : problems;
}

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
  /**
   * Who the complainant is to the organisation (client, former client, relative, supplier …); `other`:
   * none of the kinds the regulation names (refused where the regulation limits who may complain, 002 art. 4.1).
   */
  relation: z.enum([...COMPLAINANT_KINDS, 'other'], { error: 'Kies de relatie van de klager tot de organisatie.' }).optional(),
  /** Acting for someone else (vertegenwoordiger / gemachtigde). */
  onBehalfOf: optionalText(200, 'de naam van degene namens wie de klacht is ingediend'),
  representativeRelation: optionalText(200, 'de relatie van de vertegenwoordiger tot die persoon'),
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
  /** Staff: the date on the letter (dagtekening, 002 art. 4.3). */
  documentDate: isoDateSchema.optional(),
  /** Staff: when, where and by whom the complaint was established (003 bijlage 2). */
  establishedBy: optionalText(500, 'wanneer, waar en door wie de klacht is vastgesteld'),
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
/** The public form speaks to the complainant; the staff door speaks about them ("Vul het postadres van de klager in"). */
const FIELD_MESSAGES: Record<'public' | 'staff', Record<string, string>> = {
  public: {
    name: 'Vul uw naam in.',
    postal_address: 'Vul uw postadres in.',
    phone: 'Vul uw telefoonnummer in.',
    email: 'Vul uw e-mailadres in.',
  },
  staff: {
    name: 'Vul de naam van de klager in.',
    postal_address: 'Vul het postadres van de klager in.',
    phone: 'Vul het telefoonnummer van de klager in.',
    email: 'Vul het e-mailadres van de klager in.',
  },
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
  const form = reg.intake.form;
  // A regulation that asks neither a written nor a signed complaint asks no signature for any channel (001 §3.2).
  if (!form.writtenRequired && !form.signatureRequired) return false;
  if (!acceptedChannels(reg).includes(channel)) return true;
  return form.writtenRequired && ORAL.includes(channel);
}

/** Written channels where the staff member holds the complainant's own document (a letter, an e-mail). */
const WRITTEN_DOCUMENT: readonly Channel[] = ['letter', 'email'];

/** The regulation's field rules that apply to a complaint that came in through `channel`. */
export function fieldRulesFor(rules: Regulation['intake']['fields'], channel: Channel) {
  return rules.filter((f) => !f.channels || f.channels.includes(channel));
}

/** "een cliënt van X, een ex-cliënt van X of iemand die …": who may complain, as a phrase (form text and refusal alike). */
export function limitedWho(limited: { labels: string[] }): string {
  const withArticle = (l: string) => (/^(een|de|het|iemand|degene|iedereen)\b/i.test(l) ? l : `een ${l}`);
  return limited.labels.map(withArticle).join(', ').replace(/, ([^,]*)$/, ' of $1');
}

/** Who may complain, when the regulation limits it (002 art. 4.1); null: anyone may. */
export function limitedComplainants(reg: Regulation): { kinds: string[]; labels: string[]; article: string } | null {
  const c = reg.intake.complainants;
  if (!c.limited) return null;
  const kinds = c.kinds.filter((k) => k.kind !== 'representative');
  const article = kinds[0]?.source.article.replace(/[a-z]$/, '') ?? '';
  return { kinds: kinds.map((k) => k.kind), labels: kinds.map((k) => k.label ?? COMPLAINANT_KIND_LABELS[k.kind]), article };
}

/**
 * Registration fields (003 bijlage 2) the staff member left empty: the dossier is then "onvolledig" and the
 * coordinator sees it. Not a refusal: the registration is recorded, the gap is shown.
 */
export function registrationGaps(reg: Regulation, input: IntakeInput): string[] {
  if (input.kind !== 'complaint') return [];
  const given: Partial<Record<string, unknown>> = {
    name: input.complainant.name,
    postal_address: input.complainant.postalAddress,
    phone: input.complainant.phone,
    email: input.complainant.email,
    established_by: input.establishedBy,
    received_by: input.receivedBy,
    passed_to: input.passedTo,
  };
  return fieldRulesFor(reg.intake.registrationFields, input.channel)
    .filter((f) => f.requirement === 'required' && f.key in given && !given[f.key])
    .map((f) => f.key);
}

/**
 * What the regulation requires of a complaint that the schema alone cannot know: required contact data
 * (002 art. 4.3; 003 bijlage 1), a signature where the regulation requires one, an accepted channel,
 * at least one way to reach the complainant.
 */
export function requiredIntakeProblems(reg: Regulation, input: IntakeInput, door: 'public' | 'staff', today: IsoDate, contact?: OrganisationContact): FieldIssue[] {
  const problems: FieldIssue[] = intakeConsistencyProblems(reg, input, today);
  if (input.kind !== 'complaint') return problems;
  const channel: Channel = door === 'public' ? 'web_form' : input.channel;
  const messages = FIELD_MESSAGES[door];
  const rules = fieldRulesFor(reg.intake.fields, channel);
  const fields = door === 'public' ? rules : rules.filter((f) => f.key in CONTACT_FIELD_OF);
  const c = input.complainant;
  const add = (field: string, message: string) => {
    if (!problems.some((p) => p.field === field)) problems.push({ field, message });
  };
  for (const f of fields) {
    const contactKey = CONTACT_FIELD_OF[f.key];
    if (f.requirement !== 'required' || !contactKey) continue;
    if (!c[contactKey]) add(`complainant.${contactKey}`, door === 'staff' ? `${messages[f.key]!.replace(/\.$/, '')}${citeSource(f.source)}.` : messages[f.key]!);
  }
  // The contact data needed to answer depend on the channel: a letter is answered by post, an e-mail by
  // e-mail; a letter needs no e-mail address or phone number.
  const postalRequired = rules.some((f) => f.key === 'postal_address' && f.requirement === 'required');
  if (channel === 'letter') {
    if (!c.postalAddress) add('complainant.postalAddress', door === 'staff' ? `${messages['postal_address']!} Een brief beantwoorden we per post.` : messages['postal_address']!);
  } else if (channel === 'email' || (channel === 'web_form' && !postalRequired)) {
    if (!c.email && !(channel === 'web_form' && (c.postalAddress || c.phone))) {
      add('complainant.email', door === 'staff' ? `${messages['email']!} Een klacht per e-mail beantwoorden we per e-mail.` : 'Vul uw e-mailadres in. Hebt u geen e-mail? Vul dan uw postadres of telefoonnummer in.');
    }
  } else if (!c.email && !c.phone && !c.postalAddress && !problems.length) {
    add('complainant.email', door === 'staff' ? 'Vul minstens één manier in om de klager te bereiken: e-mail, telefoon of postadres.' : 'Vul minstens één manier in waarop we u kunnen bereiken: e-mail, telefoon of postadres.');
  }
  // Who may complain (002 art. 4.1).
  const limited = limitedComplainants(reg);
  if (limited) {
    const who = limitedWho(limited);
    if (!c.relation) {
      add('complainant.relation', door === 'public' ? `Kies wie u bent. Een klacht kan worden ingediend door ${who}${cite(limited.article)}.` : `Kies wie de klager is. Een klacht kan worden ingediend door ${who}${cite(limited.article)}.`);
    } else if (!limited.kinds.includes(c.relation)) {
      add(
        'complainant.relation',
        door === 'public'
          ? `Volgens onze klachtenregeling kan een klacht alleen worden ingediend door ${who}${cite(limited.article)}. Bent u dat niet, dan kunnen wij uw bericht niet als klacht behandelen.${contactLine(reg, contact)}`
          : `Volgens de klachtenregeling kan alleen ${who} een klacht indienen${cite(limited.article)}. De klager is dat niet, dus dit is geen klacht volgens deze regeling.`,
      );
    }
  }
  // For whom, where the complainant acts for the client as one of the regulation's kinds (issue 12).
  for (const p of capacityProblems(reg, c, door)) add(p.field, p.message);
  const formArticle = reg.intake.form.source.article;
  if (door === 'public' && reg.intake.form.signatureRequired && !input.signed) {
    problems.push({ field: 'signed', message: `Deze klachtenregeling vraagt een ondertekende klacht${cite(formArticle)}. Bevestig dat u de klacht ondertekent.` });
  }
  // A letter (or e-mail) registered by staff: signed and dated where the regulation requires it (002 art. 4.3).
  if (door === 'staff' && WRITTEN_DOCUMENT.includes(channel) && !needsWritingDown(reg, channel)) {
    if (reg.intake.form.signatureRequired && !input.signed) {
      problems.push({ field: 'signed', message: `De klachtenregeling vraagt een ondertekende klacht${cite(formArticle)}. Vink aan dat de brief door de klager is ondertekend, of vraag de klager de brief te ondertekenen.` });
    }
    const dated = rules.find((f) => f.key === 'date' && f.requirement === 'required');
    if (dated && !input.documentDate) {
      problems.push({ field: 'documentDate', message: `Vul de dagtekening in: de datum die op de brief staat${citeSource(dated.source)}.` });
    } else if (input.documentDate && input.receivedOn && input.documentDate > input.receivedOn) {
      problems.push({ field: 'documentDate', message: 'De datum op de brief ligt na de datum van ontvangst. Controleer beide datums.' });
    }
  }
  // Staff take a complaint from any channel. Where the regulation asks for a written (signed) complaint, or
  // does not name the channel, the staff member writes it down on the regulation's form and has the
  // complainant sign it (002 art. 4.2–4.3) — and records that they did.
  if (door === 'staff' && needsWritingDown(reg, channel) && !input.writtenDownAndSigned) {
    problems.push({ field: 'writtenDownAndSigned', message: `Deze klachtenregeling vraagt een schriftelijke, ondertekende klacht${cite(formArticle)}. Zet de klacht op papier, laat de klager tekenen en vink dit aan.` });
  }
  if (input.kind === 'complaint' && input.notComplaintKey) problems.push({ field: 'notComplaintKey', message: 'Alleen bij "geen klacht" kiest u een onderwerp dat geen klacht is.' });
  return problems;
}

/** Checks that hold for every kind: a known not-a-complaint subject (001 §3.1), a plausible date of receipt. */
export function intakeConsistencyProblems(reg: Regulation, input: IntakeInput, today: IsoDate): FieldIssue[] {
  const problems: FieldIssue[] = [];
  if (input.kind === 'not_a_complaint' && !reg.intake.notComplaints.some((n) => n.key === input.notComplaintKey)) {
    // 001 §3.1: "geen klacht" is one of the regulation's excluded subjects.
    const subjects = reg.intake.notComplaints;
    problems.push(
      subjects.length === 0
        ? { field: 'kind', message: 'Deze klachtenregeling noemt geen onderwerpen die geen klacht zijn. Registreer het als klacht.' }
        : { field: 'notComplaintKey', message: `Kies het onderwerp dat volgens de klachtenregeling geen klacht is: ${subjects.map((n) => n.label).join('; ')}${cite(subjects[0]!.source.article)}.` },
    );
  }
  if (input.receivedOn && input.receivedOn < EARLIEST_RECEIPT) {
    problems.push({ field: 'receivedOn', message: `De datum van ontvangst ligt wel erg ver terug. Vul een datum in vanaf ${EARLIEST_RECEIPT}.` });
  }
  // What happened, and the date on a letter, lie on or before today (the receipt's own date is the domain's check).
  if (input.conductOn && input.conductOn > today) {
    problems.push({ field: 'conductOn', message: `Deze datum ligt in de toekomst. Vul in wanneer het gebeurde: vandaag (${formatDutchDate(today)}) of eerder.` });
  }
  if (input.documentDate && input.documentDate > today) {
    problems.push({ field: 'documentDate', message: `De datum op de brief ligt in de toekomst. Vul een datum in tot en met vandaag (${formatDutchDate(today)}).` });
  }
  return problems;
}
