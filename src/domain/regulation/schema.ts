/**
 * The regulation model: an organisation's klachtenregeling as validated data.
 *
 * This schema is the contract the rest of Klachtwijs builds on (intake form fields, workflow guards,
 * deadlines, letters, reports, the published regulation). Conventions:
 * - Every rule carries a `source` ({ seed?, article, basis?, note? }) so a reader can trace it.
 * - A value the regulation leaves open but that is needed to run is an `OpenPoint`
 *   ({ open: true, key, question, expects, source }) placed where the value belongs. A regulation with
 *   open points parses (so it can be previewed) but cannot be activated (see `activationProblems`).
 * - A term the regulation does not prescribe and that may stay empty is a `NotPrescribed` marker
 *   ({ notPrescribed: true, source }), so "silent" is explicit and traceable, never a guessed value.
 * - Placeholders in the text of a template (e.g. `[naam organisatie]`) are listed in `placeholders`
 *   and replaced everywhere by `applyFills`.
 *
 * Pure module: no I/O.
 */
import { z } from 'zod';

// ---------------------------------------------------------------------------------------------
// Building blocks
// ---------------------------------------------------------------------------------------------

/** Current file format identifier. */
export const REGULATION_FORMAT = 'klachtwijs/regulation@1' as const;

const text = z.string().trim().min(1);
/** A key in code: lower snake case. */
export const KeySchema = z.string().regex(/^[a-z][a-z0-9_]*$/, {
  error: 'moet een sleutel zijn van kleine letters, cijfers en _ (bijvoorbeeld decision_term)',
});
/** ISO calendar date YYYY-MM-DD (a real date). */
export const IsoDateSchema = z.string().refine(isRealIsoDate, {
  error: 'moet een bestaande datum zijn in de vorm JJJJ-MM-DD',
});
const urlSchema = z.string().regex(/^https?:\/\/[^\s]+$/, {
  error: 'moet een webadres zijn dat begint met https:// of http://',
});

/** Where a rule comes from. */
export const SOURCE_BASES = ['regulation', 'silent', 'law', 'klachtwijs_default', 'organisation'] as const;
export const SourceSchema = z.strictObject({
  /** Seed document number (`000`…`004`) when the regulation is one of the seeds. */
  seed: z.string().regex(/^\d{3}$/, { error: 'moet een nummer van drie cijfers zijn, bijvoorbeeld 002' }).optional(),
  /** Article, section or heading in the source document, as written there: `6.8`, `§3.1`, `Bijlage 1`. */
  article: text,
  /**
   * - regulation (default): stated in the regulation;
   * - silent: the regulation says nothing; the value records that silence (e.g. no suspension);
   * - law: follows from a statute named in `article` (e.g. `Awb 9:11 lid 2`);
   * - klachtwijs_default: Klachtwijs convention (e.g. the Atw calendar), see PRODUCT.md;
   * - organisation: filled in by the organisation for an open point (see `fill`).
   */
  basis: z.enum(SOURCE_BASES).optional(),
  /** Fill key of the open point this value was filled from. */
  fill: KeySchema.optional(),
  /** Interpretation or explanation, in Dutch. */
  note: text.optional(),
});

/** A term: "within N working days / days / weeks / months" (same shape as the deadline engine's Term). */
export const TERM_UNITS = ['workingDays', 'days', 'weeks', 'months'] as const;
const termAmount = z
  .number({ error: 'moet een geheel getal van 1 of meer zijn' })
  .int({ error: 'moet een geheel getal van 1 of meer zijn' })
  .min(1, { error: 'moet een geheel getal van 1 of meer zijn' })
  .max(3650, { error: 'mag niet groter zijn dan 3650' });
const termUnit = z.enum(TERM_UNITS, {
  error: 'moet een van deze eenheden zijn: workingDays (werkdagen), days (dagen), weeks (weken), months (maanden)',
});
export const TermSchema = z.strictObject({ amount: termAmount, unit: termUnit });
/** A term stated by a rule. */
export const TermRuleSchema = z.strictObject({
  amount: termAmount,
  unit: termUnit,
  /**
   * This term's own choice about the Algemene termijnenwet (issue 12): `false` for "14 kalenderdagen" counted
   * strictly, `true` where the regulation applies the Atw to this term only. Absent: `calendar.atw` applies.
   */
  atw: z.boolean().optional(),
  source: SourceSchema,
  note: text.optional(),
});

/** What kind of value fills an open point or placeholder (used to validate fills). */
export const FILL_EXPECTS = ['term', 'text', 'date', 'email', 'url', 'phone', 'channels'] as const;

/** A value the regulation leaves open and the organisation must fill before activation. */
export const OpenPointSchema = z.strictObject({
  open: z.literal(true),
  key: KeySchema,
  /** The question to the organisation, in Dutch. */
  question: text,
  expects: z.enum(FILL_EXPECTS),
  /** The organisation may answer "geen" (none): the slot then becomes NotPrescribed. */
  allowNone: z.boolean().optional(),
  /** Example answer, shown as a hint (never used as a value). */
  example: text.optional(),
  source: SourceSchema,
});

/** The regulation does not prescribe this (allowed to stay empty). */
export const NotPrescribedSchema = z.strictObject({
  notPrescribed: z.literal(true),
  source: SourceSchema,
  note: text.optional(),
});

/** A text the regulation states, with its source. */
export const SourcedTextSchema = z.strictObject({ text, source: SourceSchema });

/** Either the value, or an open point where the value belongs. */
export function openable<T extends z.ZodType>(schema: T) {
  return z.union([OpenPointSchema, schema]);
}
/** Either the value, or an explicit "not prescribed" marker. */
export function prescribable<T extends z.ZodType>(schema: T) {
  return z.union([NotPrescribedSchema, schema]);
}

// ---------------------------------------------------------------------------------------------
// Vocabularies (stable keys; Dutch labels for display)
// ---------------------------------------------------------------------------------------------

export const COMPLAINANT_KINDS = [
  'client',
  'former_client',
  'refused_client',
  'prospective_client',
  'resident',
  'relative',
  'representative',
  'supplier',
  'volunteer',
  'applicant',
  'partner',
  'aid_organisation',
  'customer',
  'any_relation',
  'legal_representative',
  'authorised_representative',
  'bereaved',
  'voluntary_agent',
] as const;
export type ComplainantKind = (typeof COMPLAINANT_KINDS)[number];
export const COMPLAINANT_KIND_LABELS: Record<ComplainantKind, string> = {
  client: 'cliënt',
  former_client: 'oud-cliënt',
  refused_client: 'iemand die als cliënt is geweigerd',
  prospective_client: 'iemand die gebruik wil maken van onze diensten',
  resident: 'inwoner',
  relative: 'familielid of naaste',
  representative: 'vertegenwoordiger',
  supplier: 'leverancier',
  volunteer: 'vrijwilliger',
  applicant: 'sollicitant',
  partner: 'samenwerkingspartner',
  aid_organisation: 'hulpverleningsorganisatie',
  customer: 'klant',
  any_relation: 'iedereen met wie wij contact hebben',
  legal_representative: 'wettelijk vertegenwoordiger (ouder met gezag, voogd, curator, mentor)',
  authorised_representative: 'iemand die de cliënt schriftelijk heeft gemachtigd',
  bereaved: 'nabestaande van een overleden cliënt',
  voluntary_agent: 'iemand die voor de cliënt optreedt zonder opdracht (zaakwaarnemer)',
};
/** Kinds that complain for or about someone else (the client): the intake asks for whom, and proof may be asked. */
export const ON_BEHALF_KINDS: readonly ComplainantKind[] = [
  'representative',
  'relative',
  'legal_representative',
  'authorised_representative',
  'bereaved',
  'voluntary_agent',
];

export const CHANNELS = ['web_form', 'letter', 'email', 'phone', 'in_person', 'social_media'] as const;
export type Channel = (typeof CHANNELS)[number];
export const CHANNEL_LABELS: Record<Channel, string> = {
  web_form: 'via het klachtenformulier op de website',
  letter: 'per brief',
  email: 'per e-mail',
  phone: 'per telefoon',
  in_person: 'persoonlijk (mondeling)',
  social_media: 'via sociale media',
};

/**
 * Data fields of a complaint. The first group is what a complainant gives (public form / klaagschrift);
 * the second what staff record on the registration form.
 */
export const COMPLAINT_FIELDS = [
  'name',
  'postal_address',
  'phone',
  'email',
  'date',
  'description',
  'respondent_name',
  'respondent_department',
  'signature',
  'received_on',
  'established_by',
  'received_by',
  'passed_to',
  'resolution',
  'contacts',
  'channel',
  'classification',
] as const;
export type ComplaintField = (typeof COMPLAINT_FIELDS)[number];
export const COMPLAINT_FIELD_LABELS: Record<ComplaintField, string> = {
  name: 'naam',
  postal_address: 'postadres',
  phone: 'telefoonnummer',
  email: 'e-mailadres',
  date: 'datum (dagtekening)',
  description: 'omschrijving van de klacht',
  respondent_name: 'naam van de persoon over wie de klacht gaat',
  respondent_department: 'afdeling van die persoon',
  signature: 'handtekening',
  received_on: 'datum van de klachtmelding',
  established_by: 'wanneer, waar en door wie de klacht is vastgesteld',
  received_by: 'wie de klacht heeft aangenomen',
  passed_to: 'aan wie de klacht is doorgegeven',
  resolution: 'afwikkeling (wanneer, door wie, hoe opgelost)',
  contacts: 'contacten over de afwikkeling (data, afspraken, acties)',
  channel: 'wijze van indienen',
  classification: 'indeling (classificatie)',
};

/** Legal frameworks an organisation can state apply to it (the legal check and the rules marked as law follow them). */
export const LEGAL_FRAMEWORKS = ['awb9', 'wkkgz', 'wmo2015', 'jeugdwet'] as const;
export type LegalFramework = (typeof LEGAL_FRAMEWORKS)[number];
export const LEGAL_FRAMEWORK_LABELS: Record<LegalFramework, string> = {
  awb9: 'Awb hoofdstuk 9',
  wkkgz: 'Wkkgz',
  wmo2015: 'Wmo 2015',
  jeugdwet: 'Jeugdwet',
};

/**
 * Events of a complaint a term can run from or be met by (`deadlines.milestones`, `deadlines.decisionFrom`):
 * - received: day 0, the date of receipt;
 * - acknowledged: the receipt was confirmed (ontvangstbevestiging);
 * - contacted: the first contact with the complainant about the complaint was recorded ("binnen een week nemen wij
 *   contact met u op");
 * - hearing_planned: the first hearing was planned (the invitation); heard: the first hearing was held;
 * - advised: an advice on the complaint was recorded (a consulted role or an advisory committee);
 * - judgement_requested: the complainant asks for a judgement (after mediation, Wkkgz art. 17 as usually read);
 * - forwarded: the complaint was forwarded to the committee (`committee`);
 * - decided: the decision or the committee's judgement (oordeel) was recorded;
 * - responded: the organisation's written response to a judgement (measures, with terms) was recorded;
 * - closed: the complaint was closed.
 */
export const MILESTONE_EVENTS = [
  'received',
  'acknowledged',
  'contacted',
  'hearing_planned',
  'heard',
  'advised',
  'judgement_requested',
  'forwarded',
  'decided',
  'responded',
  'closed',
] as const;
export type MilestoneEvent = (typeof MILESTONE_EVENTS)[number];

/** Roles of the product (PRODUCT.md) a regulation role maps to. */
export const PRODUCT_ROLES = ['intake', 'coordinator', 'handler', 'board', 'admin'] as const;

export const EXTERNAL_BODY_KINDS = [
  'ombudsman',
  'complaints_committee',
  'disputes_body',
  'complaints_platform',
  'other',
] as const;

export const REPORT_CADENCES = ['quarterly', 'half_yearly', 'yearly', 'periodic'] as const;
export type ReportCadence = (typeof REPORT_CADENCES)[number];

// ---------------------------------------------------------------------------------------------
// Sections
// ---------------------------------------------------------------------------------------------

export const MetadataSchema = z.strictObject({
  title: text,
  documentNumber: text.optional(),
  version: text.optional(),
  authors: z.array(text).optional(),
  /** Who approved (vastgesteld / geautoriseerd) the document. */
  approvedBy: z.strictObject({ name: text, source: SourceSchema }).optional(),
  /** Date of adoption / entry into force. */
  effectiveDate: openable(IsoDateSchema).optional(),
  /** Periodic review of the regulation itself. */
  review: z
    .strictObject({
      cycle: z.literal('yearly'),
      /** Month of the review, 1–12 (004: June). */
      month: z.number().int().min(1).max(12).optional(),
      /** Who approves an adjusted regulation before it is published (003: bestuur). */
      approvedBy: text.optional(),
      /**
       * The regulation role whose holders approve an adjusted regulation before it is published (003: `board`,
       * het bestuur). Absent: the regulation names no approving role; an admin or coordinator records the review.
       */
      approvedByRole: KeySchema.optional(),
      source: SourceSchema,
    })
    .optional(),
  source: SourceSchema,
});

export const ScopeSchema = z.strictObject({
  /** `organisation`: one regulation for the whole organisation; `unit`: one per unit. */
  level: z.enum(['organisation', 'unit']),
  /** What a unit is called here, e.g. `werkmaatschappij`. */
  unitKind: text.optional(),
  /** The policy of the parent organisation the unit's regulation sits under (004). */
  parentPolicy: z
    .strictObject({
      title: text,
      appliesTo: text,
      principles: z.array(text),
      source: SourceSchema,
    })
    .optional(),
  source: SourceSchema,
});

export const PlaceholderSchema = z.strictObject({
  key: KeySchema,
  /** The literal text in the regulation that gets replaced, e.g. `[naam organisatie]`. */
  token: text,
  question: text,
  expects: z.enum(FILL_EXPECTS),
  /** This placeholder can be filled from the organisation's own data. */
  fromOrganisation: z.enum(['name']).optional(),
  /** The filled value, once filled. */
  value: text.optional(),
  source: SourceSchema,
});

export const ChannelRuleSchema = z.strictObject({
  channel: z.enum(CHANNELS),
  note: text.optional(),
  source: SourceSchema,
});

export const FieldRuleSchema = z.strictObject({
  key: z.enum(COMPLAINT_FIELDS),
  /** `if_possible`: asked, but the complaint is complete without it ("zo mogelijk"). */
  requirement: z.enum(['required', 'if_possible']),
  /**
   * The channels this rule applies to (absent: every channel). The fields of a web form (003 bijlage 1)
   * apply to the web form, not to a letter or a phone call.
   */
  channels: z.array(z.enum(CHANNELS)).min(1).optional(),
  /** When the field applies, e.g. "als de klacht tegen een persoon is gericht". */
  condition: text.optional(),
  source: SourceSchema,
});

export const IntakeSchema = z.strictObject({
  /** What counts as a complaint. */
  definition: SourcedTextSchema,
  /** Other defined terms (klager, gedraging, klachtenfunctionaris …). */
  otherDefinitions: z.array(z.strictObject({ term: text, text, source: SourceSchema })).optional(),
  /** How staff recognise a complaint (001 §3.1). */
  recognition: z
    .strictObject({ signs: z.array(text), examples: z.array(text), source: SourceSchema })
    .optional(),
  complainants: z.strictObject({
    kinds: z
      .array(z.strictObject({ kind: z.enum(COMPLAINANT_KINDS), label: text.optional(), source: SourceSchema }))
      .min(1),
    /**
     * Only these kinds may complain (002 art. 4.1 "Een klacht kan worden ingediend door …"): the intake asks
     * the complainant's relation and refuses anyone else. Absent or false: the kinds describe who usually
     * complains, nobody is refused for it.
     */
    limited: z.boolean().optional(),
    representation: z.strictObject({
      allowed: z.enum(['yes', 'no', 'not_stated']),
      note: text.optional(),
      /**
       * Someone who complains for another (a representative, a nabestaande, a zaakwaarnemer) may be asked for proof of
       * that capacity (schriftelijke machtiging, bewijs van vertegenwoordiging): what counts, and the role that asks
       * (absent: the regulation names none; whoever registers or coordinates the complaint asks).
       */
      proofOfCapacity: z.strictObject({ by: KeySchema.optional(), description: text.optional(), source: SourceSchema }).optional(),
      source: SourceSchema,
    }),
  }),
  channels: openable(z.array(ChannelRuleSchema).min(1)),
  /** Form of the complaint. */
  form: z.strictObject({
    writtenRequired: z.boolean(),
    signatureRequired: z.boolean(),
    /** Oral/phone complaints are written down by staff on the (registration) form. */
    oralRecordedOnForm: z.boolean(),
    /** Name of the form, e.g. "meldingsformulier klachten". */
    formName: text.optional(),
    source: SourceSchema,
  }),
  /** Submitting is free of charge and low-threshold (003). */
  freeOfCharge: SourcedTextSchema.optional(),
  /** Data the complainant gives (public form / klaagschrift). Empty: the regulation names none. */
  fields: z.array(FieldRuleSchema),
  /** Data staff record (registration form, 003 bijlage 2). */
  registrationFields: z.array(FieldRuleSchema),
  /** Subjects that are not a complaint under this regulation (001 §3.1). */
  notComplaints: z.array(
    z.strictObject({
      key: KeySchema,
      label: text,
      note: text.optional(),
      /** Where to go instead, addressed to the complainant (e.g. invoices: "Neem contact op met de afdeling Financiën"). */
      redirect: z
        .strictObject({ text, name: text.optional(), url: urlSchema.optional(), source: SourceSchema.optional() })
        .optional(),
      source: SourceSchema,
    }),
  ),
  /** Informal dissatisfaction handled on the spot, no complaint procedure (004 §5). */
  informalDissatisfaction: z
    .strictObject({
      description: text,
      handledBy: KeySchema,
      /** Where it is recorded. */
      recordedIn: z.enum(['client_file', 'registration']),
      source: SourceSchema,
    })
    .optional(),
  /** How personal data are handled, shown with the public form (003 bijlage 1). */
  privacyStatement: SourcedTextSchema.optional(),
  /** Suggestions are accepted (003) and recorded, no complaint procedure. */
  suggestions: z.strictObject({ accepted: z.boolean(), source: SourceSchema }).optional(),
});

export const TriggerSchema = z.strictObject({
  action: z.enum(['consult', 'notify', 'escalate']),
  /** The role that is consulted / notified / escalated to. */
  role: KeySchema,
  /** The role that does it. */
  by: KeySchema.optional(),
  description: text,
  source: SourceSchema,
});

export const ClassificationSchema = z.strictObject({
  dimensions: z.array(
    z.strictObject({
      key: KeySchema,
      label: text,
      choice: z.enum(['single', 'multiple']),
      required: z.boolean(),
      options: z
        .array(z.strictObject({ key: KeySchema, code: text.optional(), label: text, source: SourceSchema }))
        .min(1),
      source: SourceSchema,
    }),
  ),
  severity: prescribable(
    z.strictObject({
      levels: z
        .array(
          z.strictObject({
            key: KeySchema,
            label: text,
            description: text.optional(),
            triggers: z.array(TriggerSchema).optional(),
            source: SourceSchema,
          }),
        )
        .min(1),
      source: SourceSchema,
    }),
  ),
  /** The complex / sensitive flag. */
  sensitive: prescribable(
    z.strictObject({
      label: text,
      definition: text,
      triggers: z.array(TriggerSchema),
      source: SourceSchema,
    }),
  ),
});

/**
 * How a person holds a regulation role for ONE complaint: `bound` (bound to the role per unit by an admin or
 * coordinator), `respondent` (the person the complaint is about), `assigned_handler` (whoever is assigned to
 * handle this complaint), `receiver` (the user who received and registered it).
 */
export const ROLE_APPOINTMENTS = ['bound', 'respondent', 'assigned_handler', 'receiver'] as const;
export type RoleAppointment = (typeof ROLE_APPOINTMENTS)[number];

export const RoleSchema = z.strictObject({
  key: KeySchema,
  /** The name the regulation uses, e.g. "klachtenfunctionaris". */
  label: text,
  /** The product roles (PRODUCT.md) people in this role get. */
  productRoles: z.array(z.enum(PRODUCT_ROLES)).min(1),
  /** The function that holds the role, e.g. "teamleider administratie". */
  heldBy: text.optional(),
  /** How a person holds this role for one complaint (absent: `bound`); see ROLE_APPOINTMENTS. */
  appointment: z.enum(ROLE_APPOINTMENTS).optional(),
  deputy: z.strictObject({ role: KeySchema, when: text, source: SourceSchema }).optional(),
  duties: z.array(SourcedTextSchema).optional(),
  source: SourceSchema,
});

const roleRef = z.strictObject({ role: KeySchema, source: SourceSchema });
const rolesRef = z.strictObject({ roles: z.array(KeySchema).min(1), source: SourceSchema });

export const RoutingSchema = z.strictObject({
  receivedBy: rolesRef,
  registeredBy: roleRef,
  classifiedBy: roleRef.optional(),
  /** Who decides who handles the complaint. */
  assignedBy: roleRef.optional(),
  handledBy: rolesRef,
  /** Roles that may hand a complaint they hold to another handler (004 §3: the directie may delegate). */
  delegation: rolesRef.optional(),
  /** Who sends the decision / response to the complainant. */
  decidedBy: rolesRef,
  /** First attempt at a solution before the formal procedure (000 art. 4.2). */
  firstLine: z
    .strictObject({
      role: KeySchema,
      consult: KeySchema.optional(),
      notify: KeySchema.optional(),
      description: text,
      source: SourceSchema,
    })
    .optional(),
  /** Internal escalation chain, in order. */
  escalation: z.array(
    z.strictObject({
      from: KeySchema,
      to: KeySchema,
      kind: z.enum(['handover', 'consult']),
      when: text,
      source: SourceSchema,
    }),
  ),
  /** Where the regulation says the handler is not the person complained about (Awb 9:7). */
  independentHandler: SourcedTextSchema.optional(),
});

export const AdmissibilitySchema = z.strictObject({
  grounds: z.array(
    z.strictObject({
      key: KeySchema,
      label: text,
      /** A time limit, e.g. conduct older than one year (12 months). */
      limit: TermSchema.optional(),
      /** When the ground arises during handling, handling stops (002 art. 5.1c). */
      stopsOngoingHandling: z.boolean().optional(),
      source: SourceSchema,
    }),
  ),
  decidedBy: KeySchema.optional(),
});

export const HEARING_PARTIES = ['complainant', 'respondent'] as const;

export const HandlingSchema = z.strictObject({
  /**
   * A mediation phase first (bemiddeling by the klachtenfunctionaris, Wkkgz art. 15): the complaint is worked on
   * with the complainant; the formal judgement follows only when the complainant asks for it (`judgement_requested`).
   * Where the decision term then starts is `deadlines.decisionFrom`.
   */
  mediation: z.strictObject({ by: KeySchema, description: text, source: SourceSchema }).optional(),
  investigation: z
    .strictObject({ description: text, with: z.array(z.enum(HEARING_PARTIES)), source: SourceSchema })
    .optional(),
  /** A copy of the complaint (and documents) goes to the person complained about (002 art. 6.4). */
  copyToRespondent: z.strictObject({ includeDocuments: z.boolean(), source: SourceSchema }).optional(),
  /** Hearing both sides (002 art. 6.5–6.7). */
  hearing: z
    .strictObject({
      parties: z.array(z.enum(HEARING_PARTIES)).min(1),
      /** Grounds on which hearing may be waived. */
      waivers: z.array(
        z.strictObject({
          key: KeySchema,
          label: text,
          /** Whose hearing this ground may waive (absent: the complainant's only, as 002 art. 6.6 is written). */
          parties: z.array(z.enum(HEARING_PARTIES)).min(1).optional(),
          /**
           * The ground presumes the complaint is unfounded (002 art. 6.6 "kennelijk ongegrond"): a decision
           * that upholds the complaint anyway must explain why.
           */
          presumesUnfounded: z.boolean().optional(),
          source: SourceSchema,
        }),
      ),
      reportRequired: z.boolean(),
      reportSource: SourceSchema.optional(),
      source: SourceSchema,
    })
    .optional(),
  /** The employee keeps the coordinator informed (000 art. 6.3). */
  keepInformed: z.strictObject({ from: KeySchema, to: KeySchema, source: SourceSchema }).optional(),
  decision: z.strictObject({
    /**
     * The regulation's own name for its decision, with its article, where it has one: "het standpunt van de directie"
     * (001 art. 3.3: "neemt de directie een standpunt in"). Said to the complainant instead of "de beslissing".
     */
    label: text.optional(),
    form: z.enum(['written', 'written_or_oral']),
    /**
     * Where the regulation says how the decision is given, or (basis `silent`) that it does not say: `form` is then
     * only what the product allows (003: "De klacht wordt … beantwoord"), and the receipt does not say how.
     */
    formSource: SourceSchema.optional(),
    reasoned: z.boolean(),
    /** What the complainant is told, in Dutch. */
    content: text.optional(),
    /** The person complained about is informed too (002 art. 6.9). */
    informRespondent: z.boolean(),
    /**
     * How the regulation decides, with the article that says so (the decision's outcomes):
     * - `judgesMerits`: it judges the complaint gegrond, deels gegrond or ongegrond (002 art. 6.6 "kennelijk
     *   ongegrond", art. 6.9 "conclusies"; a klachtencommissie's oordeel). Otherwise the outcome is the
     *   regulation's own word (de beslissing, het standpunt, het antwoord: `label`) and no merits are judged;
     * - `resolvedByAgreement`: it knows a complaint resolved together with the complainant ("opgelost in overleg":
     *   000 art. 4.2 "samen met de cliënt tot een oplossing", 003 Bijlage 1 "samen een oplossing").
     * Absent in a version stored before this field: every outcome stays on offer as when it was adopted (ADR 0003).
     */
    outcomes: z
      .strictObject({
        judgesMerits: z.boolean(),
        resolvedByAgreement: z.boolean(),
        source: SourceSchema,
      })
      .optional(),
    source: SourceSchema,
  }),
  /** The complainant is told which measures are taken (003). */
  informMeasures: z.strictObject({ by: KeySchema, source: SourceSchema }).optional(),
  /** Sign-off when resolved to the complainant's satisfaction (000 art. 5.5). */
  signOff: z
    .strictObject({
      when: z.literal('resolved_to_satisfaction'),
      roles: z.array(KeySchema).min(1),
      document: text,
      source: SourceSchema,
    })
    .optional(),
  confidentiality: SourcedTextSchema.optional(),
});

const deadlineSlot = z.union([OpenPointSchema, NotPrescribedSchema, TermRuleSchema]);

/**
 * The acknowledgement's term, with the regulation's own name for the letter where it gives one (001 §3.2: "… bevestigd
 * wordt aan de klager (bevestigingsbrief)"). Absent: the product's word, "ontvangstbevestiging".
 */
const acknowledgementSlot = z.union([OpenPointSchema, NotPrescribedSchema, TermRuleSchema.extend({ letterName: text.optional() })]);

export const DeadlinesSchema = z.strictObject({
  /** Ontvangstbevestiging. */
  acknowledgement: acknowledgementSlot,
  /** Kennisgeving niet-ontvankelijk / niet in behandeling nemen. */
  inadmissibilityNotice: deadlineSlot,
  /** Afhandeling / beslissing / standpunt. Required to run: a term or an open point. */
  decision: openable(TermRuleSchema),
  /**
   * The event the decision term runs from (absent: `received`, day 0). `acknowledged`: from the confirmation of
   * receipt ("binnen 4 weken na de ontvangstbevestiging"); `judgement_requested`: after mediation,
   * from the complainant's request for a judgement; `forwarded`: from the day the committee received it.
   */
  decisionFrom: z
    .strictObject({ event: z.enum(['received', 'acknowledged', 'judgement_requested', 'forwarded']), source: SourceSchema })
    .optional(),
  /**
   * The regulation's own milestones besides the standard ones: each a term that runs from one event and is met by
   * another, e.g. forwarding to the committee within 5 working days (received → forwarded), the organisation's
   * response within a month of a judgement (decided → responded), a written confirmation that must contain given
   * data (received → acknowledged, `contents`).
   */
  milestones: z
    .array(
      z.strictObject({
        key: KeySchema,
        /** Dutch, what must happen: "Klacht doorsturen naar de klachtencommissie". */
        label: text,
        term: TermRuleSchema,
        from: z.enum(MILESTONE_EVENTS),
        metBy: z.enum(MILESTONE_EVENTS),
        /** The role that must do it. */
        by: KeySchema.optional(),
        /** What it must contain (e.g. "de datum van de gebeurtenis", "een korte samenvatting van de feiten"). */
        contents: z.array(text).optional(),
        source: SourceSchema,
      }),
    )
    .optional(),
  /** Internal service norm (not published as a promise). */
  serviceNorm: TermRuleSchema.optional(),
  /** The complainant is told when the term cannot be met (003). */
  delayNotice: z.strictObject({ required: z.boolean(), by: KeySchema.optional(), source: SourceSchema }).optional(),
  extension: z.strictObject({
    allowed: z.boolean(),
    /** Maximum extension; absent while allowed: the regulation sets no maximum. */
    max: openable(TermRuleSchema).optional(),
    noticeRequired: z.boolean(),
    source: SourceSchema,
  }),
  suspension: z.strictObject({ allowed: z.boolean(), source: SourceSchema }),
});

export const CalendarSchema = z.strictObject({
  /** Apply the Algemene termijnenwet (default). */
  atw: z.boolean(),
  closedDays: z.array(IsoDateSchema),
  source: SourceSchema,
});

export const ContactSchema = z.strictObject({
  email: openable(text).optional(),
  phone: openable(text).optional(),
  postalAddress: openable(text).optional(),
  webFormUrl: openable(text).optional(),
  source: SourceSchema,
});

export const ExternalBodySchema = z.strictObject({
  name: text,
  kind: z.enum(EXTERNAL_BODY_KINDS),
  address: openable(text).optional(),
  url: openable(urlSchema).optional(),
  /** When the complainant can go there, in Dutch addressed to the complainant ("als u het niet eens bent …"). */
  when: text,
  /** Documents of the external procedure that join the dossier (004 §5). */
  documents: z.array(text).optional(),
  /** Who writes the organisation's reaction to a ruling (004 §3). */
  reactionBy: KeySchema.optional(),
  /**
   * The decision must point the complainant to this body, and where that rule comes from (e.g. Awb 9:12 lid 2,
   * basis `law`). Absent: the regulation does not ask it (001 §3.3 names the route on the website instead).
   */
  namedInDecision: SourceSchema.optional(),
  source: SourceSchema,
});

export const RecordsSchema = z.strictObject({
  dossierKeptBy: roleRef,
  /** Confidential registration, by whom (003: Financiële Administratie). */
  confidentialRegistration: z.strictObject({ by: text.optional(), text, source: SourceSchema }).optional(),
  /** Complaint, correspondence and agreements are recorded (003 Registratie). */
  recordCorrespondence: SourcedTextSchema.optional(),
  /** The complaint dossier and the client file (004 §5). */
  clientFile: z
    .strictObject({
      /** What the client file holds about a complaint. */
      entry: z.enum(['reference_only', 'none']),
      /** The complaint dossier is never part of the client file. */
      dossierSeparate: z.boolean(),
      source: SourceSchema,
    })
    .optional(),
  dossierContents: z
    .strictObject({ internal: z.array(text), external: z.array(text), source: SourceSchema })
    .optional(),
  archiving: SourcedTextSchema.optional(),
});

/** Legal frameworks a dossier's retention period can depend on (the client file's framework). */
export const RETENTION_FRAMEWORKS = ['wmo2015', 'jeugdwet', 'wgbo', 'other'] as const;
export type RetentionFramework = (typeof RETENTION_FRAMEWORKS)[number];
export const RETENTION_FRAMEWORK_LABELS: Record<RetentionFramework, string> = {
  wmo2015: 'Wmo 2015',
  jeugdwet: 'Jeugdwet',
  wgbo: 'Wgbo (medisch dossier)',
  other: 'Ander kader',
};

export const RetentionSchema = z.strictObject({
  /**
   * `period`: a fixed period; `as_client_file`: the same period as the client file; `minimum`: at least `period`
   * ("ten minste twee jaar na afsluiting"), longer where the organisation's own retention setting is longer.
   */
  mode: z.enum(['period', 'as_client_file', 'minimum']),
  /** The period (for `as_client_file`: the client file's period, needed to schedule destruction). */
  period: openable(TermRuleSchema),
  /** The event the period runs from. */
  runsFrom: z.enum(['closed', 'decision', 'received', 'as_client_file']),
  legalBasis: text.optional(),
  /**
   * A period per legal framework, where the regulation distinguishes them (004 §3 footnote 1: the client file's
   * period "kan verschillen afhankelijk van bijvoorbeeld het wettelijk kader (Wmo en Jeugdwet)"). The coordinator
   * records on the dossier which framework applies; a dossier without one (or with another) gets `period`.
   */
  perFramework: z
    .array(z.strictObject({ framework: z.enum(RETENTION_FRAMEWORKS), period: openable(TermRuleSchema), legalBasis: text.optional() }))
    .optional(),
  /** Who destroys dossiers; a record of what was destroyed is kept. */
  destroyedBy: KeySchema.optional(),
  source: SourceSchema,
});

export const ReportSchema = z.strictObject({
  key: KeySchema,
  kind: z.enum(['report', 'analysis', 'inventory', 'annual_report']),
  cadence: z.enum(REPORT_CADENCES),
  /** "minimaal" — at least this often. */
  atLeast: z.boolean().optional(),
  /** Month it is made (003: January). */
  month: z.number().int().min(1).max(12).optional(),
  by: KeySchema,
  /**
   * Where `by` is not the regulation's word but a choice (basis `silent` or `organisation`, with a note): 003 says the
   * bestuur is informed every half year, not by whom. Shown as the organisation's choice, never with the article.
   * Absent: the regulation names who makes it (`source`).
   */
  bySource: SourceSchema.optional(),
  audience: text,
  audienceRoles: z.array(KeySchema),
  /**
   * Who records whether the report's recommendations are adopted, where the regulation names someone other than the
   * audience (003 "Rapportage / verantwoording": the bestuur gets "een lijst met (structurele) aanbevelingen", and
   * "De Directie analyseert de klachten en bepaalt of de aanbevelingen overgenomen en geïmplementeerd worden").
   * Absent: the audience roles decide (or the board, where the regulation names the board as audience).
   * `label`: the regulation's own name for who decides where it differs from the role's label (003: "de directie", where
   * the role, from "Behandeling van de klacht", is "directeur"); the report then says it in the regulation's words and
   * verb ("De directie bepaalt of een aanbeveling wordt overgenomen").
   */
  recommendationsDecidedBy: z.strictObject({ role: KeySchema, label: text.optional(), source: SourceSchema }).optional(),
  contents: z.array(text),
  /** Present when the regulation says so; Klachtwijs never puts personal data in reports anyway. */
  anonymised: z.boolean().optional(),
  availableOnRequest: z.boolean().optional(),
  source: SourceSchema,
});

/** Who makes the report is a choice, not the regulation's (see `bySource`). */
export function reportAuthorIsChoice(report: Pick<z.infer<typeof ReportSchema>, 'bySource'>): boolean {
  const basis = report.bySource?.basis;
  return basis === 'silent' || basis === 'organisation' || basis === 'klachtwijs_default';
}

/** The words for a choice where the regulation is silent, next to who makes a report. */
export const ORGANISATION_CHOICE = 'keuze van de organisatie; de klachtenregeling zegt niet wie';

export const ReportingSchema = z.strictObject({
  reports: z.array(ReportSchema),
  /** Yearly meeting about the complaints and the analysis. */
  meeting: z
    .strictObject({ cadence: z.literal('yearly'), preparedBy: KeySchema, description: text, source: SourceSchema })
    .optional(),
  /** Improvement / preventive measures: who decides and how they are followed. */
  measures: z.array(SourcedTextSchema),
  /** Anonymised communication about complaints (004 §4). */
  anonymisedCommunication: SourcedTextSchema.optional(),
});

/**
 * A klachtencommissie (issue 12): as an internal step of the organisation or as an external body that judges.
 * Its members hold the regulation role `role` (bound like every role); name that role in `routing.decidedBy`
 * when the committee's judgement is the decision on the complaint. Hearing both sides is `handling.hearing`;
 * forwarding to it and the organisation's response after its judgement are `deadlines.milestones`.
 */
export const CommitteeSchema = z.strictObject({
  name: text,
  /** `internal`: the organisation's own committee; `external`: a body outside it (regional, sector-wide). */
  placement: z.enum(['internal', 'external']),
  /** When a complaint goes to it: every complaint, at the complainant's request, or after the first step failed. */
  route: z.enum(['every_complaint', 'on_request', 'after_first_step']),
  /** The regulation role its members hold. */
  role: KeySchema,
  /** Its composition, where the regulation states it (absent: not stated, and nothing is published about it). */
  members: z
    .strictObject({
      minimum: z.number().int().min(1).max(99),
      independentChair: z.boolean(),
      description: text.optional(),
      source: SourceSchema,
    })
    .optional(),
  secretary: SourcedTextSchema.optional(),
  /** Its judgement may hold recommendations (aanbevelingen) to the organisation. */
  recommendations: z.boolean(),
  address: openable(text).optional(),
  url: openable(urlSchema).optional(),
  source: SourceSchema,
});

/** What a model regulation is for, shown when an organisation chooses one (sector, the laws it fits). */
export const ModelInfoSchema = z.strictObject({
  title: text,
  /** One or two Dutch sentences: what kind of organisation it fits. */
  description: text,
  sector: text,
  /** The laws it was written to satisfy (the legal check passes for these). */
  laws: z.array(z.enum(LEGAL_FRAMEWORKS)),
  /** How the source document names its own organisation, replaced by the adopting organisation's name. */
  organisationNames: z.array(text),
  /** The public document it follows (file name or title). */
  document: text.optional(),
});

export const RegulationSchema = z
  .strictObject({
    format: z.literal(REGULATION_FORMAT, { error: `moet "${REGULATION_FORMAT}" zijn` }),
    /** Model information; present in the model files under `regulations/`, stripped from a copy (`regulations new --from`). */
    model: ModelInfoSchema.optional(),
    /** Preset it was built from, if any. */
    preset: z
      .string()
      .regex(/^[a-z][a-z0-9-]*$/, { error: 'moet een presetnaam zijn van kleine letters, cijfers en -' })
      .optional(),
    metadata: MetadataSchema,
    scope: ScopeSchema,
    placeholders: z.array(PlaceholderSchema),
    purposes: z.array(SourcedTextSchema),
    /** How the organisation makes the regulation known (000 art. 3, 002 art. 3, 003 Bekendmaking). */
    informing: z.array(SourcedTextSchema),
    intake: IntakeSchema,
    classification: ClassificationSchema,
    roles: z.array(RoleSchema).min(1),
    routing: RoutingSchema,
    admissibility: AdmissibilitySchema,
    handling: HandlingSchema,
    deadlines: DeadlinesSchema,
    calendar: CalendarSchema,
    contact: ContactSchema.optional(),
    externalBody: prescribable(ExternalBodySchema),
    committee: CommitteeSchema.optional(),
    records: RecordsSchema,
    retention: prescribable(RetentionSchema),
    reporting: ReportingSchema,
  })
  .superRefine((reg, ctx) => {
    const roleKeys = new Set<string>();
    reg.roles.forEach((role, i) => {
      if (roleKeys.has(role.key)) {
        ctx.addIssue({ code: 'custom', path: ['roles', i, 'key'], message: `rol "${role.key}" komt twee keer voor` });
      }
      roleKeys.add(role.key);
    });
    for (const ref of roleReferences(reg)) {
      if (!roleKeys.has(ref.role)) {
        ctx.addIssue({
          code: 'custom',
          path: ref.path,
          message: `rol "${ref.role}" bestaat niet; kies uit: ${[...roleKeys].join(', ')}`,
        });
      }
    }
    const ext = reg.deadlines.extension;
    if (!ext.allowed && ext.max !== undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['deadlines', 'extension', 'max'],
        message: 'een maximum verlenging kan alleen als verlenging is toegestaan (allowed: true)',
      });
    }
    const milestoneKeys = new Set<string>();
    reg.deadlines.milestones?.forEach((m, i) => {
      if (milestoneKeys.has(m.key)) {
        ctx.addIssue({ code: 'custom', path: ['deadlines', 'milestones', i, 'key'], message: `termijn "${m.key}" komt twee keer voor` });
      }
      milestoneKeys.add(m.key);
      if (['acknowledgement', 'inadmissibilityNotice', 'decision', 'serviceNorm', 'decisionMaxExtended'].includes(m.key)) {
        ctx.addIssue({ code: 'custom', path: ['deadlines', 'milestones', i, 'key'], message: `"${m.key}" is al een vaste termijn; kies een andere sleutel` });
      }
      if (m.from === m.metBy) {
        ctx.addIssue({ code: 'custom', path: ['deadlines', 'milestones', i, 'metBy'], message: 'een termijn kan niet eindigen met de gebeurtenis waarmee hij begint' });
      }
      if ((m.from === 'forwarded' || m.metBy === 'forwarded') && !reg.committee) {
        ctx.addIssue({ code: 'custom', path: ['deadlines', 'milestones', i], message: 'doorsturen naar een klachtencommissie kan alleen als de regeling een klachtencommissie heeft (committee)' });
      }
    });
    if (reg.deadlines.decisionFrom?.event === 'forwarded' && !reg.committee) {
      ctx.addIssue({ code: 'custom', path: ['deadlines', 'decisionFrom', 'event'], message: 'de termijn kan alleen vanaf het doorsturen lopen als de regeling een klachtencommissie heeft (committee)' });
    }
    const placeholderKeys = new Set<string>();
    reg.placeholders.forEach((p, i) => {
      if (placeholderKeys.has(p.key)) {
        ctx.addIssue({ code: 'custom', path: ['placeholders', i, 'key'], message: `sleutel "${p.key}" komt twee keer voor` });
      }
      placeholderKeys.add(p.key);
    });
  });

// ---------------------------------------------------------------------------------------------
// Types
// ---------------------------------------------------------------------------------------------

export type Source = z.infer<typeof SourceSchema>;
export type TermValue = z.infer<typeof TermSchema>;
export type TermRule = z.infer<typeof TermRuleSchema>;
export type OpenPoint = z.infer<typeof OpenPointSchema>;
export type NotPrescribed = z.infer<typeof NotPrescribedSchema>;
export type SourcedText = z.infer<typeof SourcedTextSchema>;
export type FillExpects = (typeof FILL_EXPECTS)[number];
export type Metadata = z.infer<typeof MetadataSchema>;
export type Scope = z.infer<typeof ScopeSchema>;
export type Placeholder = z.infer<typeof PlaceholderSchema>;
export type ChannelRule = z.infer<typeof ChannelRuleSchema>;
export type FieldRule = z.infer<typeof FieldRuleSchema>;
export type Intake = z.infer<typeof IntakeSchema>;
export type Trigger = z.infer<typeof TriggerSchema>;
export type Classification = z.infer<typeof ClassificationSchema>;
export type Role = z.infer<typeof RoleSchema>;
export type Routing = z.infer<typeof RoutingSchema>;
export type Admissibility = z.infer<typeof AdmissibilitySchema>;
export type Handling = z.infer<typeof HandlingSchema>;
export type Deadlines = z.infer<typeof DeadlinesSchema>;
export type DeadlineSlot = Deadlines['acknowledgement'];
export type Calendar = z.infer<typeof CalendarSchema>;
export type Contact = z.infer<typeof ContactSchema>;
export type ExternalBody = z.infer<typeof ExternalBodySchema>;
export type Records = z.infer<typeof RecordsSchema>;
export type Retention = z.infer<typeof RetentionSchema>;
export type Report = z.infer<typeof ReportSchema>;
export type Reporting = z.infer<typeof ReportingSchema>;
export type Regulation = z.infer<typeof RegulationSchema>;
export type Committee = z.infer<typeof CommitteeSchema>;
export type ModelInfo = z.infer<typeof ModelInfoSchema>;
export type OwnMilestone = NonNullable<Deadlines['milestones']>[number];

// ---------------------------------------------------------------------------------------------
// Guards and helpers
// ---------------------------------------------------------------------------------------------

export function isOpenPoint(value: unknown): value is OpenPoint {
  return typeof value === 'object' && value !== null && (value as { open?: unknown }).open === true;
}
export function isNotPrescribed(value: unknown): value is NotPrescribed {
  return typeof value === 'object' && value !== null && (value as { notPrescribed?: unknown }).notPrescribed === true;
}
/** A term rule (not an open point, not "not prescribed"). */
export function isTermRule(value: unknown): value is TermRule {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { amount?: unknown }).amount === 'number' &&
    typeof (value as { unit?: unknown }).unit === 'string'
  );
}

/** Every reference to a role key in a regulation, with its path. */
export function roleReferences(reg: Regulation): { role: string; path: (string | number)[] }[] {
  const refs: { role: string; path: (string | number)[] }[] = [];
  const add = (role: string | undefined, path: (string | number)[]) => {
    if (role !== undefined) refs.push({ role, path });
  };
  reg.roles.forEach((r, i) => add(r.deputy?.role, ['roles', i, 'deputy', 'role']));
  const rt = reg.routing;
  rt.receivedBy.roles.forEach((r, i) => add(r, ['routing', 'receivedBy', 'roles', i]));
  add(rt.registeredBy.role, ['routing', 'registeredBy', 'role']);
  add(rt.classifiedBy?.role, ['routing', 'classifiedBy', 'role']);
  add(rt.assignedBy?.role, ['routing', 'assignedBy', 'role']);
  rt.delegation?.roles.forEach((r, i) => add(r, ['routing', 'delegation', 'roles', i]));
  rt.handledBy.roles.forEach((r, i) => add(r, ['routing', 'handledBy', 'roles', i]));
  rt.decidedBy.roles.forEach((r, i) => add(r, ['routing', 'decidedBy', 'roles', i]));
  if (rt.firstLine) {
    add(rt.firstLine.role, ['routing', 'firstLine', 'role']);
    add(rt.firstLine.consult, ['routing', 'firstLine', 'consult']);
    add(rt.firstLine.notify, ['routing', 'firstLine', 'notify']);
  }
  rt.escalation.forEach((e, i) => {
    add(e.from, ['routing', 'escalation', i, 'from']);
    add(e.to, ['routing', 'escalation', i, 'to']);
  });
  add(reg.intake.informalDissatisfaction?.handledBy, ['intake', 'informalDissatisfaction', 'handledBy']);
  add(reg.intake.complainants.representation.proofOfCapacity?.by, ['intake', 'complainants', 'representation', 'proofOfCapacity', 'by']);
  add(reg.handling.mediation?.by, ['handling', 'mediation', 'by']);
  reg.deadlines.milestones?.forEach((m, i) => add(m.by, ['deadlines', 'milestones', i, 'by']));
  add(reg.committee?.role, ['committee', 'role']);
  add(reg.admissibility.decidedBy, ['admissibility', 'decidedBy']);
  const triggersAt = (triggers: Trigger[] | undefined, path: (string | number)[]) =>
    triggers?.forEach((t, i) => {
      add(t.role, [...path, i, 'role']);
      add(t.by, [...path, i, 'by']);
    });
  if (!isNotPrescribed(reg.classification.severity)) {
    reg.classification.severity.levels.forEach((l, i) =>
      triggersAt(l.triggers, ['classification', 'severity', 'levels', i, 'triggers']),
    );
  }
  if (!isNotPrescribed(reg.classification.sensitive)) {
    triggersAt(reg.classification.sensitive.triggers, ['classification', 'sensitive', 'triggers']);
  }
  const h = reg.handling;
  if (h.keepInformed) {
    add(h.keepInformed.from, ['handling', 'keepInformed', 'from']);
    add(h.keepInformed.to, ['handling', 'keepInformed', 'to']);
  }
  add(h.informMeasures?.by, ['handling', 'informMeasures', 'by']);
  h.signOff?.roles.forEach((r, i) => add(r, ['handling', 'signOff', 'roles', i]));
  add(reg.deadlines.delayNotice?.by, ['deadlines', 'delayNotice', 'by']);
  if (!isNotPrescribed(reg.externalBody)) add(reg.externalBody.reactionBy, ['externalBody', 'reactionBy']);
  add(reg.records.dossierKeptBy.role, ['records', 'dossierKeptBy', 'role']);
  if (!isNotPrescribed(reg.retention)) add(reg.retention.destroyedBy, ['retention', 'destroyedBy']);
  reg.reporting.reports.forEach((r, i) => {
    add(r.by, ['reporting', 'reports', i, 'by']);
    r.audienceRoles.forEach((a, j) => add(a, ['reporting', 'reports', i, 'audienceRoles', j]));
    add(r.recommendationsDecidedBy?.role, ['reporting', 'reports', i, 'recommendationsDecidedBy', 'role']);
  });
  add(reg.reporting.meeting?.preparedBy, ['reporting', 'meeting', 'preparedBy']);
  add(reg.metadata.review?.approvedByRole, ['metadata', 'review', 'approvedByRole']);
  return refs;
}

function isRealIsoDate(value: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
}
