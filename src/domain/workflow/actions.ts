/**
 * Every action on a complaint, with one zod input schema each (Dutch messages, B1).
 *
 * Action names are kebab-case and are the API's names: `POST /api/v1/complaints/{id}/actions/{action}`.
 * Dates are `YYYY-MM-DD`. Date fields marked "default today" are filled in by `applyAction`, so the
 * stored event always carries the date. Unknown fields are dropped. Pure.
 */
import { z } from 'zod';
import { isRecordDate, RECORD_DATE_MESSAGE } from '../deadlines/index.ts';
import { EXTERNAL_BODY_KINDS, HEARING_PARTIES, TERM_UNITS } from '../regulation/schema.ts';
import { RECORD_KINDS } from './states.ts';
import { capitalise } from '../../shared/text.ts';

export const ACTION_NAMES = [
  'acknowledge',
  'assign',
  'classify',
  'send-copy-to-respondent',
  'record-contact',
  'plan-hearing',
  'record-hearing',
  'waive-hearing',
  'escalate',
  'suspend',
  'resume',
  'extend',
  'declare-inadmissible',
  'withdraw',
  'decide',
  'record-satisfaction',
  'correct-satisfaction',
  'sign-off',
  'record-advice',
  'close',
  'reopen',
  'record-external-procedure',
  'record-external-ruling',
  'record-organisation-reaction',
  'add-note',
  'convert-to-complaint',
  'inform-respondent',
  'correct-registration',
  // issue 12: mediation, the committee, the organisation's response, proof of capacity (procedure.ts)
  'request-judgement',
  'forward-to-committee',
  'record-response',
  'request-proof-of-capacity',
  'record-proof-of-capacity',
] as const;
export type ActionName = (typeof ACTION_NAMES)[number];

export function isActionName(value: unknown): value is ActionName {
  return typeof value === 'string' && (ACTION_NAMES as readonly string[]).includes(value);
}

// ---------------------------------------------------------------------------------------------
// Field builders
// ---------------------------------------------------------------------------------------------

const MAX_TEXT = 20_000;

function date() {
  return z
    .string({ error: 'Vul een datum in, in de vorm JJJJ-MM-DD.' })
    .trim()
    .refine((v) => isRecordDate(v), { error: RECORD_DATE_MESSAGE });
}
function text(what: string, min = 1, max = MAX_TEXT) {
  return z
    .string({ error: `Vul ${what} in.` })
    .trim()
    .min(min, { error: min <= 1 ? `Vul ${what} in.` : `Schrijf bij ${what} minstens ${min} tekens.` })
    .max(max, { error: `${capitalise(what)} mag hoogstens ${max} tekens hebben.` });
}
function optionalText(what: string, max = MAX_TEXT) {
  return z
    .string({ error: `${capitalise(what)} moet tekst zijn.` })
    .trim()
    .max(max, { error: `${capitalise(what)} mag hoogstens ${max} tekens hebben.` })
    .optional()
    .transform((v) => (v === '' ? undefined : v));
}
function key(what: string) {
  return z
    .string({ error: `Kies ${what}.` })
    .trim()
    .min(1, { error: `Kies ${what}.` })
    .max(100, { error: `Kies ${what}.` })
    .regex(/^[a-z][a-z0-9_]*$/, { error: `Kies ${what} uit de lijst.` });
}
function userId(what: string) {
  return z
    .string({ error: `Kies ${what}.` })
    .trim()
    .min(1, { error: `Kies ${what}.` })
    .max(200, { error: `Kies ${what}.` });
}

export const HEARING_PARTY_LABELS: Record<HearingParty, string> = {
  complainant: 'de klager',
  respondent: 'degene over wie de klacht gaat',
};
export type HearingParty = (typeof HEARING_PARTIES)[number];
const party = z.enum(HEARING_PARTIES, { error: 'Kies wie er gehoord wordt: de klager of degene over wie de klacht gaat.' });

/**
 * The outcomes of a decision. Which ones a regulation offers is `handling.decision.outcomes` (`decisionOutcomes`,
 * policy.ts): gegrond / deels gegrond / ongegrond only where it judges the merits (002, the committee models);
 * `decided` is the decision in the regulation's own word where it does not (000 "de beslissing", 001 "het
 * standpunt", 003 "het antwoord"); its label there is `outcomeLabel` (policy.ts), the one below is the fallback.
 */
export const OUTCOMES = ['upheld', 'partly_upheld', 'not_upheld', 'resolved_by_agreement', 'no_judgement', 'decided'] as const;
export type Outcome = (typeof OUTCOMES)[number];
/** Judgements on the merits (gegrond, deels gegrond, ongegrond). */
export const MERITS_OUTCOMES: readonly Outcome[] = ['upheld', 'partly_upheld', 'not_upheld'];
export const OUTCOME_LABELS: Record<Outcome, string> = {
  upheld: 'Gegrond',
  partly_upheld: 'Deels gegrond',
  not_upheld: 'Ongegrond',
  resolved_by_agreement: 'Opgelost in overleg',
  no_judgement: 'Geen oordeel',
  decided: 'Beslist',
};

export const DECISION_FORMS = ['written', 'oral'] as const;

/** What came of a request for proof of capacity. */
export const PROOF_RESULTS = ['received', 'not_received', 'refused'] as const;
export type ProofResult = (typeof PROOF_RESULTS)[number];
export const PROOF_RESULT_LABELS: Record<ProofResult, string> = {
  received: 'Bewijs ontvangen',
  not_received: 'Bewijs niet ontvangen',
  refused: 'Bevoegdheid niet aangetoond',
};

export const EXTERNAL_BODY_KIND_LABELS: Record<(typeof EXTERNAL_BODY_KINDS)[number], string> = {
  ombudsman: 'ombudsman',
  complaints_committee: 'klachtencommissie (bijvoorbeeld OKC)',
  disputes_body: 'geschilleninstantie',
  complaints_platform: 'klachtenplatform',
  other: 'andere instantie',
};

/** Minimum length of the reasoning of a decision (a reasoned decision is more than a word). */
export const MIN_REASONING = 20;

// ---------------------------------------------------------------------------------------------
// Schemas
// ---------------------------------------------------------------------------------------------

export const TermInputSchema = z.object(
  {
    amount: z
      .number({ error: 'Vul een heel getal in van 1 of meer.' })
      .int({ error: 'Vul een heel getal in van 1 of meer.' })
      .min(1, { error: 'Vul een heel getal in van 1 of meer.' })
      .max(3650, { error: 'Vul een getal in van hoogstens 3650.' }),
    unit: z.enum(TERM_UNITS, { error: 'Kies werkdagen, dagen, weken of maanden.' }),
  },
  { error: 'Vul de verlenging in: een aantal en een eenheid (werkdagen, dagen, weken of maanden).' },
);

/** The registration of a complaint or other record (the `registered` event). */
export const RegistrationSchema = z.object({
  kind: z.enum(RECORD_KINDS, { error: 'Kies wat er wordt geregistreerd: klacht, onvrede, suggestie of geen klacht.' }).default('complaint'),
  /** Day 0: the date of receipt in Europe/Amsterdam (may lie in the past). */
  receivedOn: date(),
  respondentUserId: userId('degene over wie de klacht gaat').nullable().optional(),
  respondentName: optionalText('de naam van degene over wie de klacht gaat', 200),
  handlerUserId: userId('een behandelaar').nullable().optional(),
  /** For `not_a_complaint`: the regulation's key of the excluded subject (001 §3.1). */
  notComplaintKey: key('het onderwerp dat geen klacht is').optional(),
  note: optionalText('de toelichting'),
});

export const ACTION_SCHEMAS = {
  acknowledge: z.object({
    /** Date the acknowledgement was sent; default today. */
    on: date().optional(),
    note: optionalText('de toelichting'),
    /**
     * What the written confirmation contains, confirmed item by item, where an own milestone met by the
     * acknowledgement says what it must contain (`deadlines.milestones[].contents`, issue 12).
     */
    contents: z.array(z.string({ error: 'Kies wat er in de bevestiging staat.' }).trim().max(2000), { error: 'Kies wat er in de bevestiging staat.' }).optional(),
  }),
  assign: z.object({
    handlerUserId: userId('een behandelaar'),
    note: optionalText('de toelichting'),
  }),
  classify: z.object({
    /** Options per dimension key of the regulation. */
    values: z
      .record(
        z.string(),
        z.array(key('een waarde'), { error: 'Geef per indeling een lijst met keuzes.' }),
        { error: 'Geef per indeling een lijst met keuzes.' },
      )
      .default({}),
    severity: key('de ernst').nullable().optional(),
    sensitive: z.boolean({ error: 'Geef aan of de klacht complex of gevoelig is (ja of nee).' }).default(false),
    /** Given: sets who the complaint is about (null: nobody / unknown). Absent: unchanged. */
    respondentUserId: userId('degene over wie de klacht gaat').nullable().optional(),
    respondentName: optionalText('de naam van degene over wie de klacht gaat', 200).nullable(),
  }),
  'send-copy-to-respondent': z.object({
    /** Default today. */
    on: date().optional(),
    includesDocuments: z.boolean({ error: 'Geef aan of de stukken zijn meegestuurd (ja of nee).' }).optional(),
    note: optionalText('de toelichting'),
  }),
  'record-contact': z.object({
    on: date(),
    with: text('met wie er contact was', 1, 300),
    summary: optionalText('de samenvatting'),
    agreements: optionalText('de afspraken'),
    actions: optionalText('de acties'),
    /** Part of the first attempt at a solution (000 art. 4.2). */
    firstLine: z.boolean({ error: 'Geef aan of dit de eerste poging tot een oplossing was (ja of nee).' }).default(false),
  }),
  'plan-hearing': z.object({
    party,
    on: date(),
    /** When and where, for the invitation (found walking the demo: "Het gesprek is op 10 december 2026" only). */
    time: z
      .string({ error: 'De tijd moet tekst zijn.' })
      .trim()
      .optional()
      .transform((v) => (v === '' ? undefined : v))
      .refine((v) => v === undefined || /^([01]?\d|2[0-3])[:.][0-5]\d$/.test(v), { error: 'Vul de tijd in als uren en minuten, bijvoorbeeld 14:30.' })
      .transform((v) => (v === undefined ? undefined : v.replace('.', ':').padStart(5, '0'))),
    place: optionalText('de plaats', 300),
    note: optionalText('de toelichting'),
  }),
  'record-hearing': z.object({
    party,
    on: date(),
    /** The hearing report; required where the regulation requires one (002 art. 6.7). */
    report: optionalText('het verslag'),
  }),
  'waive-hearing': z.object({
    party,
    ground: key('de reden om af te zien van horen'),
    explanation: optionalText('de toelichting'),
  }),
  escalate: z.object({
    to: key('naar wie de klacht gaat'),
    reason: text('de reden'),
    /** A handover: who handles the complaint from now on, among the target role's holders (one holder: them). */
    handlerUserId: userId('wie de klacht gaat behandelen').optional(),
    /** Stored, not asked: `handover` changes who handles, `consult` asks advice (set from the regulation). */
    kind: z.enum(['handover', 'consult']).optional(),
  }),
  suspend: z.object({
    reason: text('de reden van de opschorting'),
    from: date(),
  }),
  resume: z.object({
    /** First day the clock runs again; default today. */
    on: date().optional(),
    note: optionalText('de toelichting'),
  }),
  extend: z.object({
    term: TermInputSchema,
    noticeOn: date(),
    reason: text('de reden van de verlenging'),
    /**
     * Set by the workflow, never by the user: the notice went out after the end of the original term. It is
     * recorded with its true date and does not move the decision term (see `guardExtend`).
     */
    late: z.boolean().optional(),
  }),
  'declare-inadmissible': z.object({
    ground: key('de reden van niet-ontvankelijkheid'),
    explanation: text('de toelichting'),
    /** Date of the conduct; required for a ground with a time limit (002 art. 5.1b). */
    conductOn: date().optional(),
    /** Date the complainant was told; default today. */
    on: date().optional(),
  }),
  withdraw: z.object({
    reason: optionalText('de reden'),
    /** Default today. */
    on: date().optional(),
  }),
  decide: z.object({
    /** Which of these the regulation offers is checked by `guardDecide` (`policy.decision.outcomes.offered`). */
    outcome: z.enum(OUTCOMES, { error: 'Kies de uitkomst.' }),
    /** Required (and how long) as the regulation asks: `decisionText` (policy.ts), checked by `guardDecide`. */
    reasoning: optionalText('de motivering').describe(`Required where the regulation asks for a reasoned decision (then at least ${MIN_REASONING} characters) or for how the complaint was resolved (003, Bijlage 2); otherwise optional. A missing or short text is refused with 422 at this field, citing the article.`),
    measures: z.array(text('de maatregel', 1, 2000), { error: 'Geef de maatregelen als lijst.' }).default([]),
    /** The external body named in the decision: true, or its name. */
    externalBodyNamed: z
      .union([z.boolean(), text('de naam van de externe instantie', 1, 300)], {
        error: 'Geef aan of de externe instantie in de beslissing is genoemd (ja, nee of de naam).',
      })
      .optional(),
    form: z.enum(DECISION_FORMS, { error: 'Kies hoe de beslissing is meegedeeld: schriftelijk of mondeling.' }).default('written'),
    /** Default today. */
    decidedOn: date().optional(),
    /**
     * Why the complaint is upheld although hearing the complainant was waived because it was manifestly
     * unfounded (002 art. 6.6); required exactly then.
     */
    waiverContradictionReason: optionalText('waarom de klacht toch (deels) gegrond is'),
    /** The committee's recommendations to the organisation (aanbevelingen), where the regulation's committee gives them. */
    recommendations: z.array(text('de aanbeveling', 1, 2000), { error: 'Geef de aanbevelingen als lijst.' }).optional(),
  }),
  'record-satisfaction': z.object({
    satisfied: z.boolean({ error: 'Geef aan of de klager tevreden is (ja of nee).' }),
    on: date().optional(),
    note: optionalText('de toelichting'),
  }),
  'correct-satisfaction': z.object({
    satisfied: z.boolean({ error: 'Geef aan of de klager tevreden is (ja of nee).' }),
    reason: text('waarom de tevredenheid wordt gecorrigeerd'),
    on: date().optional(),
  }),
  'sign-off': z.object({
    /** Role key of the regulation (e.g. `complaints_officer`). */
    role: key('de rol die tekent'),
    on: date().optional(),
  }),
  /** The advice of a role the complaint was put to for consultation (an escalation of kind `consult`). */
  'record-advice': z.object({
    /** The consulted role; may be left out when only one consultation waits for advice. */
    role: key('met wie het overleg was').optional(),
    advice: text('de uitkomst van het overleg'),
    on: date().optional(),
  }),
  close: z.object({
    note: optionalText('de toelichting'),
    on: date().optional(),
  }),
  reopen: z.object({
    reason: text('de reden om de klacht te heropenen'),
    on: date().optional(),
  }),
  'record-external-procedure': z.object({
    bodyName: text('de naam van de instantie', 1, 300),
    bodyKind: z.enum(EXTERNAL_BODY_KINDS, {
      error: 'Kies het soort instantie: ombudsman, klachtencommissie, geschilleninstantie, klachtenplatform of anders.',
    }),
    submittedOn: date(),
    reference: optionalText('het kenmerk', 200),
  }),
  'record-external-ruling': z.object({
    /** Which procedure (1 = the first); default the latest. */
    procedure: z.number({ error: 'Kies de externe procedure.' }).int({ error: 'Kies de externe procedure.' }).min(1, { error: 'Kies de externe procedure.' }).optional(),
    on: date(),
    outcome: text('de uitspraak'),
  }),
  'record-organisation-reaction': z.object({
    procedure: z.number({ error: 'Kies de externe procedure.' }).int({ error: 'Kies de externe procedure.' }).min(1, { error: 'Kies de externe procedure.' }).optional(),
    on: date(),
    text: text('de reactie'),
    by: text('wie de reactie heeft geschreven', 1, 300),
  }),
  /** The person complained about was told the outcome (002 art. 6.9). */
  'inform-respondent': z.object({
    /** Date they were told; default today. */
    on: date().optional(),
    note: optionalText('de toelichting'),
  }),
  'add-note': z.object({
    text: text('de notitie'),
  }),
  'convert-to-complaint': z.object({
    /**
     * Day 0 of the complaint: the day the complainant's dissatisfaction about how the excluded subject was
     * handled reached us (001 §3.1); default today. Not before the original receipt.
     */
    receivedOn: date().optional(),
    reason: text('waarom het nu wel een klacht is'),
  }),
  /**
   * A correction of the registration: the unit, the kind of record, the complainant's and representative's
   * details, the earlier complaint it is linked to. Only what changes is given; the use case fills in the
   * complainant in full (as it is after the correction) and the before/after shown in the history.
   */
  'correct-registration': z.object({
    reason: text('waarom de registratie wordt gecorrigeerd', 1, 2000),
    unitId: z.uuid({ error: 'Kies een bestaande eenheid.' }).optional(),
    kind: z.enum(RECORD_KINDS, { error: 'Kies wat het is: klacht, onvrede, suggestie of geen klacht.' }).optional(),
    notComplaintKey: key('het onderwerp dat geen klacht is').optional(),
    complainant: z
      .record(z.string(), z.string().max(500, { error: 'Een gegeven van de klager mag hoogstens 500 tekens hebben.' }), { error: 'Geef de gegevens van de klager.' })
      .optional(),
    /** The earlier complaint of the same complainant this one is linked to; null: the link is removed. */
    linkedComplaintId: z.uuid({ error: 'Kies een bestaande klacht.' }).nullable().optional(),
  }),
  /** The complainant asks for a judgement (after mediation, or to have the committee judge): event `judgement_requested`. */
  'request-judgement': z.object({
    /** Date of the request; default today. Not in the future, not before receipt. */
    on: date().optional(),
    /** How the request came in (letter, e-mail, by phone, in person). */
    via: text('hoe het verzoek binnenkwam', 1, 300),
    note: optionalText('de toelichting'),
  }),
  /** The complaint was forwarded to the klachtencommissie: event `forwarded`. */
  'forward-to-committee': z.object({
    /** Default today. */
    on: date().optional(),
    note: optionalText('de toelichting'),
  }),
  /** The organisation's written response to the judgement (measures, each with a term): event `responded`. */
  'record-response': z.object({
    /** Default today. */
    on: date().optional(),
    text: text('de reactie'),
    measures: z
      .array(
        z.object({
          text: text('de maatregel', 1, 2000),
          /** By when the measure is taken. */
          due: date().optional(),
        }),
        { error: 'Geef de maatregelen als lijst.' },
      )
      .default([]),
  }),
  /** Proof asked that the person complaining for someone else may do so. */
  'request-proof-of-capacity': z.object({
    /** What is asked (e.g. "een machtiging", "een verklaring van erfrecht"). */
    asked: text('wat er gevraagd wordt', 1, 2000),
    /** Default today. */
    on: date().optional(),
  }),
  'record-proof-of-capacity': z.object({
    result: z.enum(PROOF_RESULTS, { error: 'Kies wat er is: het bewijs is ontvangen, niet ontvangen of de bevoegdheid is niet aangetoond.' }),
    note: optionalText('de toelichting'),
    /** Default today. */
    on: date().optional(),
  }),
} as const satisfies Record<ActionName, z.ZodType>;

export type ActionInput<A extends ActionName> = z.output<(typeof ACTION_SCHEMAS)[A]>;
export type RegistrationInput = z.output<typeof RegistrationSchema>;

/** Fields (per action) that `applyAction` fills with today's date when absent. */
export const DATE_DEFAULTS: Partial<Record<ActionName, string>> = {
  acknowledge: 'on',
  'send-copy-to-respondent': 'on',
  resume: 'on',
  'declare-inadmissible': 'on',
  withdraw: 'on',
  decide: 'decidedOn',
  'record-satisfaction': 'on',
  'correct-satisfaction': 'on',
  'convert-to-complaint': 'receivedOn',
  'sign-off': 'on',
  'record-advice': 'on',
  'inform-respondent': 'on',
  close: 'on',
  reopen: 'on',
  'request-judgement': 'on',
  'forward-to-committee': 'on',
  'record-response': 'on',
  'request-proof-of-capacity': 'on',
  'record-proof-of-capacity': 'on',
};
