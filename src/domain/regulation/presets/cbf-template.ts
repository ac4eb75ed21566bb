/**
 * Preset `cbf-template`: Klachtenregeling for charities following the CBF norms (seed 003).
 * The template's placeholders (`[naam organisatie]`, `[mailadres organisatie]` …) are listed in
 * `placeholders` and filled from the organisation; the adoption date `[dd mm jjjj]` is an open point.
 * Decisions where the seed is silent:
 * - "binnen 5 werkdagen beantwoord, anders bericht": a decision term with a required delay notice and an
 *   extension without maximum (so no `decisionMaxExtended`);
 * - severity: the template only names "zeer ernstige klachten"; the other level is their complement;
 * - no admissibility grounds, no external body, no retention period: "not prescribed".
 */
import { REGULATION_FORMAT, type Regulation } from '../schema.ts';
import { defaultCalendar, definePreset, sourceFor } from './preset.ts';

const SEED = '003';
const s = sourceFor(SEED);
const ORG = '[naam organisatie]';

export function cbfTemplateRegulation(): Regulation {
  const consultBoard = {
    action: 'consult',
    role: 'board',
    by: 'coordinator',
    description: 'De klachtencoördinator overlegt met het bestuur, bij wijze van de-escalatie.',
    source: s('Behandeling van de klacht', { note: '"Bij zeer ernstige klachten, overlegt de klachtencoördinator bij wijze van de-escalatie met het bestuur."' }),
  } as const;
  return {
    format: REGULATION_FORMAT,
    preset: 'cbf-template',
    metadata: {
      title: `Klachtenregeling ${ORG}`,
      approvedBy: { name: `het bestuur van ${ORG}`, source: s('Bekendmaking (slotzin)') },
      effectiveDate: {
        open: true,
        key: 'adopted_date',
        question: 'Op welke datum heeft het bestuur deze klachtenregeling vastgesteld? (JJJJ-MM-DD)',
        expects: 'date',
        source: s('Bekendmaking (slotzin)', { note: '"vastgesteld op [dd mm jjjj]"' }),
      },
      review: { cycle: 'yearly', approvedBy: `het bestuur van ${ORG}`, approvedByRole: 'board', source: s('Bekendmaking') },
      source: s('titel'),
    },
    scope: { level: 'organisation', source: s('Doelstelling') },
    placeholders: [
      {
        key: 'org_name',
        token: ORG,
        question: 'Wat is de naam van de organisatie?',
        expects: 'text',
        fromOrganisation: 'name',
        source: s('hele regeling'),
      },
      {
        key: 'org_email',
        token: '[mailadres organisatie]',
        question: 'Naar welk e-mailadres kunnen klachten worden gestuurd?',
        expects: 'email',
        source: s('Bijlage 1'),
      },
      {
        key: 'org_phone',
        token: '[telefoonnummer organisatie]',
        question: 'Op welk telefoonnummer is de organisatie bereikbaar voor klachten?',
        expects: 'phone',
        source: s('Bijlage 1'),
      },
      {
        key: 'org_postal_address',
        token: '[Naam + adres organisatie]',
        question: 'Naar welke naam en welk adres kan een klachtbrief worden gestuurd?',
        expects: 'text',
        source: s('Bijlage 1'),
      },
      {
        key: 'complaint_form_url',
        token: '[link naar klachtenformulier]',
        question: 'Wat is het webadres van het online klachtenformulier?',
        expects: 'url',
        source: s('Bijlage 1'),
      },
      {
        key: 'privacy_statement',
        token: '[duidelijk maken hoe wordt omgaan met persoonsgegevens (i.v.m. privacy)]',
        question: 'Hoe gaat de organisatie om met de persoonsgegevens van wie een klacht indient? (korte tekst bij het formulier)',
        expects: 'text',
        source: s('Bijlage 1'),
      },
    ],
    purposes: [
      { text: 'Recht doen aan de klacht van een relatie.', source: s('Doelstelling') },
      { text: 'Uw klacht in behandeling nemen en samen een oplossing vinden.', source: s('Bijlage 1') },
      {
        text: `Door klachten systematisch te verzamelen beter inzicht krijgen in de tekortkomingen van (de service van) ${ORG}, beter inspelen op de behoeften van onze relaties en de dienstverlening verbeteren door werkprocessen aan te passen.`,
        source: s('Doelstelling'),
      },
      { text: 'Het bestuur en de directie inzicht geven in het aantal, de soort en de ernst van de klachten.', source: s('Doelstelling') },
      { text: 'Een meer transparante organisatie stimuleren en voldoen aan de gestelde (CBF-)normen.', source: s('Doelstelling') },
    ],
    informing: [
      { text: `Naar alle relaties wordt gecommuniceerd dat ${ORG} openstaat voor het ontvangen van klachten.`, source: s('Behandeling van de klacht') },
      {
        text: `De klachtenprocedure staat op de website van ${ORG}, met een formulier om suggesties en klachten in te dienen.`,
        source: s('Behandeling van de klacht; Bijlage 1'),
      },
      {
        text: 'De klachtencoördinator zorgt dat de klachtenregeling en de procedure intern en extern bekend worden gemaakt. De regeling is altijd verkrijgbaar voor iedereen die daarom vraagt.',
        source: s('Bekendmaking'),
      },
    ],
    intake: {
      definition: {
        text: `Een uiting van ontevredenheid van een persoon, instantie of belanghebbende over het handelen, dan wel het niet-handelen van ${ORG}, die een adequate reactie vraagt vanuit ${ORG}.`,
        source: s('Definities (Klacht)'),
      },
      otherDefinitions: [
        {
          term: 'klagende relatie',
          text: `Iedereen met wie vanuit ${ORG} direct of indirect contact is gelegd en iedereen die gebruik wil maken, gebruik maakt of heeft gemaakt van diensten of producten van ${ORG}, of diens wettelijke vertegenwoordiger.`,
          source: s('Definities (Klagende relatie)'),
        },
        {
          term: 'klachtenbehandeling',
          text: `De procedure binnen ${ORG} waarin een klacht resulteert in vastlegging, adequate reactie, eventuele interne maatregelen en verslaglegging.`,
          source: s('Definities (Klachtenbehandeling)'),
        },
      ],
      complainants: {
        kinds: [
          { kind: 'partner', source: s('Doelstelling') },
          { kind: 'supplier', source: s('Doelstelling') },
          { kind: 'aid_organisation', source: s('Doelstelling') },
          { kind: 'customer', source: s('Doelstelling') },
          { kind: 'volunteer', source: s('Doelstelling') },
          { kind: 'applicant', source: s('Doelstelling') },
          { kind: 'prospective_client', source: s('Definities (Klagende relatie)') },
          { kind: 'any_relation', source: s('Definities (Klagende relatie)') },
          { kind: 'representative', label: 'wettelijke vertegenwoordiger', source: s('Definities (Klagende relatie)') },
        ],
        representation: { allowed: 'yes', note: 'wettelijke vertegenwoordiger', source: s('Definities (Klagende relatie)') },
      },
      channels: [
        { channel: 'in_person', source: s('Definities (Klacht)') },
        { channel: 'letter', source: s('Definities (Klacht); Bijlage 1') },
        { channel: 'email', source: s('Definities (Klacht); Bijlage 1') },
        { channel: 'phone', source: s('Definities (Klacht); Bijlage 1') },
        { channel: 'social_media', note: 'berichten op sociale media kunnen als klacht worden behandeld', source: s('Definities (Klacht)') },
        { channel: 'web_form', source: s('Bijlage 1') },
      ],
      form: {
        writtenRequired: false,
        signatureRequired: false,
        oralRecordedOnForm: true,
        source: s('Registratie van de klacht', { note: 'De klacht, alle correspondentie en de gemaakte afspraken worden vastgelegd.' }),
      },
      freeOfCharge: {
        text: 'Het indienen van een klacht is laagdrempelig en kosteloos voor de klagende relatie.',
        source: s('Definities (Klacht)'),
      },
      fields: [
        { key: 'name', requirement: 'required', channels: ['web_form'], source: s('Bijlage 1 (Klachtenformulier)') },
        { key: 'email', requirement: 'required', channels: ['web_form'], source: s('Bijlage 1 (Klachtenformulier)') },
        { key: 'phone', requirement: 'required', channels: ['web_form'], source: s('Bijlage 1 (Klachtenformulier)') },
        { key: 'description', requirement: 'required', source: s('Bijlage 1 (Klachtenformulier)') },
      ],
      registrationFields: [
        { key: 'name', requirement: 'required', source: s('Bijlage 2', { note: 'NAW klant' }) },
        { key: 'postal_address', requirement: 'required', source: s('Bijlage 2', { note: 'NAW klant' }) },
        { key: 'established_by', requirement: 'required', source: s('Bijlage 2') },
        { key: 'received_on', requirement: 'required', source: s('Bijlage 2') },
        { key: 'received_by', requirement: 'required', source: s('Bijlage 2') },
        { key: 'passed_to', requirement: 'required', source: s('Bijlage 2') },
        { key: 'description', requirement: 'required', source: s('Bijlage 2') },
        { key: 'resolution', requirement: 'required', source: s('Bijlage 2') },
        { key: 'contacts', requirement: 'required', source: s('Bijlage 2') },
      ],
      notComplaints: [],
      privacyStatement: {
        text: '[duidelijk maken hoe wordt omgaan met persoonsgegevens (i.v.m. privacy)]',
        source: s('Bijlage 1'),
      },
      suggestions: { accepted: true, source: s('Behandeling van de klacht; Bijlage 1') },
    },
    classification: {
      dimensions: [],
      severity: {
        levels: [
          {
            key: 'normal',
            label: 'niet zeer ernstig',
            source: s('Behandeling van de klacht', {
              basis: 'silent',
              note: 'De regeling onderscheidt alleen zeer ernstige klachten; alle andere klachten vallen hieronder.',
            }),
          },
          { key: 'very_serious', label: 'zeer ernstig', triggers: [consultBoard], source: s('Behandeling van de klacht') },
        ],
        source: s('Doelstelling; Rapportage', { note: 'Het bestuur krijgt inzicht in de ernst van de klachten.' }),
      },
      sensitive: {
        label: 'complexe of gevoelige klacht',
        definition: `Een klacht waarvan de aard of de ernst zo groot is dat er reputatieschade voor ${ORG} kan ontstaan of de continuïteit van ${ORG} in gevaar kan komen.`,
        // The definition names no consultation: the bestuur is consulted only for very serious complaints
        // ("Bij zeer ernstige klachten, overlegt de klachtencoördinator … met het bestuur"), not for every sensitive one.
        triggers: [],
        source: s('Definities (Complexe of gevoelige klacht)'),
      },
    },
    roles: [
      {
        key: 'coordinator',
        label: 'klachtencoördinator',
        productRoles: ['coordinator'],
        appointment: 'bound',
        heldBy: 'teamleider administratie',
        deputy: { role: 'director', when: 'bij afwezigheid van de klachtencoördinator', source: s('Definities (Klachtencoördinator)') },
        duties: [
          { text: 'Houdt overzicht en controle op de ontvangen klachten en zorgt voor een correcte afhandeling.', source: s('Definities (Klachtencoördinator)') },
          { text: 'Neemt de klacht in ontvangst en stuurt haar door naar wie het best is toegerust om haar af te handelen.', source: s('Behandeling van de klacht') },
          { text: 'Houdt toezicht op de juiste registratie van de klacht.', source: s('Registratie van de klacht') },
          { text: 'Stelt jaarlijks in januari een verslag op voor de directie.', source: s('Rapportage / verantwoording') },
          { text: 'Zorgt dat de klachtenregeling intern en extern bekend wordt gemaakt.', source: s('Bekendmaking') },
        ],
        source: s('Definities (Klachtencoördinator)'),
      },
      {
        key: 'handler',
        label: 'klachtenbehandelaar',
        productRoles: ['handler'],
        /** Definities: "degene die op verzoek van de klachtencoördinator de klacht behandelt". */
        appointment: 'assigned_handler',
        duties: [
          { text: 'Behandelt de klacht op verzoek van de klachtencoördinator.', source: s('Definities (Klachtenbehandelaar)') },
          { text: 'Bericht de klagende relatie als de klacht niet binnen 5 werkdagen kan worden beantwoord.', source: s('Behandeling van de klacht') },
          { text: 'Informeert de klagende relatie altijd over de maatregelen naar aanleiding van de klacht.', source: s('Behandeling van de klacht') },
        ],
        source: s('Definities (Klachtenbehandelaar)'),
      },
      {
        key: 'employee',
        label: 'medewerker of vrijwilliger',
        productRoles: ['intake'],
        /** Behandeling van de klacht: the employee or volunteer who received the complaint and solved it directly. */
        appointment: 'receiver',
        duties: [
          {
            text: 'Meldt aan de klachtencoördinator als hij of zij een klacht (bijvoorbeeld telefonisch) direct heeft afgehandeld.',
            source: s('Behandeling van de klacht'),
          },
        ],
        source: s('Behandeling van de klacht'),
      },
      {
        key: 'financial_administration',
        label: 'Financiële Administratie',
        productRoles: ['intake'],
        appointment: 'bound',
        duties: [{ text: 'Registreert alle klachten vertrouwelijk.', source: s('Behandeling van de klacht') }],
        source: s('Behandeling van de klacht'),
      },
      {
        key: 'director',
        label: 'directeur',
        productRoles: ['handler', 'coordinator'],
        appointment: 'bound',
        duties: [
          { text: 'Wordt ingeschakeld als de klachtoplossers en de klagende relatie geen oplossing vinden.', source: s('Behandeling van de klacht') },
          { text: 'Vervangt de klachtencoördinator bij afwezigheid.', source: s('Definities (Klachtencoördinator)') },
          { text: 'Analyseert de klachten en bepaalt of aanbevelingen worden overgenomen en ingevoerd (directie).', source: s('Rapportage / verantwoording') },
        ],
        source: s('Behandeling van de klacht'),
      },
      {
        key: 'board',
        label: 'bestuur',
        productRoles: ['board'],
        appointment: 'bound',
        duties: [
          { text: 'Wordt elk half jaar geïnformeerd over aantal, soort en ernst van de klachten.', source: s('Rapportage / verantwoording') },
          { text: 'Keurt een bijgestelde klachtenregeling goed.', source: s('Bekendmaking') },
        ],
        source: s('Rapportage / verantwoording'),
      },
    ],
    routing: {
      receivedBy: { roles: ['coordinator'], source: s('Behandeling van de klacht') },
      registeredBy: { role: 'financial_administration', source: s('Behandeling van de klacht') },
      assignedBy: { role: 'coordinator', source: s('Behandeling van de klacht') },
      handledBy: {
        roles: ['handler', 'coordinator'],
        source: s('Behandeling van de klacht', {
          note: 'In eerste instantie samen door de klachtencoördinator en de verantwoordelijke medewerker of vrijwilliger.',
        }),
      },
      decidedBy: { roles: ['handler'], source: s('Behandeling van de klacht') },
      firstLine: {
        role: 'employee',
        notify: 'coordinator',
        description: 'Komt een klacht op een andere manier binnen (bijvoorbeeld telefonisch) en wordt zij direct afgehandeld, dan meldt de medewerker dit aan de klachtencoördinator.',
        source: s('Behandeling van de klacht'),
      },
      escalation: [
        {
          from: 'coordinator',
          to: 'director',
          kind: 'handover',
          when: 'als de klachtoplossers en de klagende relatie geen oplossing kunnen vinden',
          source: s('Behandeling van de klacht'),
        },
        {
          from: 'coordinator',
          to: 'board',
          kind: 'consult',
          when: 'bij zeer ernstige klachten (de-escalatie)',
          source: s('Behandeling van de klacht'),
        },
      ],
    },
    admissibility: { grounds: [] },
    handling: {
      decision: {
        form: 'written_or_oral',
        reasoned: false,
        informRespondent: false,
        source: s('Behandeling van de klacht; Bijlage 1', { note: 'De regeling zegt niet of het antwoord schriftelijk moet.' }),
      },
      informMeasures: { by: 'handler', source: s('Behandeling van de klacht') },
      confidentiality: {
        text: 'Persoonlijke gegevens over de klagende relatie worden zorgvuldig en vertrouwelijk behandeld en geregistreerd.',
        source: s('Behandeling van de klacht'),
      },
    },
    deadlines: {
      acknowledgement: { amount: 2, unit: 'workingDays', source: s('Behandeling van de klacht') },
      inadmissibilityNotice: {
        notPrescribed: true,
        source: s('Behandeling van de klacht', { basis: 'silent' }),
        note: 'De regeling kent geen gronden om een klacht niet in behandeling te nemen.',
      },
      decision: {
        amount: 5,
        unit: 'workingDays',
        source: s('Behandeling van de klacht; Bijlage 1'),
        note: 'zo snel mogelijk, uiterlijk binnen 5 werkdagen beantwoord',
      },
      delayNotice: { required: true, by: 'handler', source: s('Behandeling van de klacht; Bijlage 1') },
      extension: {
        allowed: true,
        noticeRequired: true,
        source: s('Behandeling van de klacht', {
          note: '"Mocht dit niet haalbaar zijn dan wordt de klagende relatie daarover bericht": later antwoorden mag met bericht; de regeling noemt geen maximum.',
        }),
      },
      suspension: { allowed: false, source: s('Behandeling van de klacht', { basis: 'silent', note: 'De regeling noemt geen opschorting.' }) },
    },
    calendar: defaultCalendar(SEED),
    contact: {
      email: '[mailadres organisatie]',
      phone: '[telefoonnummer organisatie]',
      postalAddress: '[Naam + adres organisatie]',
      webFormUrl: '[link naar klachtenformulier]',
      source: s('Bijlage 1'),
    },
    externalBody: {
      notPrescribed: true,
      source: s('Behandeling van de klacht', { basis: 'silent' }),
      note: 'De regeling noemt geen externe klachtinstantie.',
    },
    records: {
      dossierKeptBy: { role: 'coordinator', source: s('Registratie van de klacht') },
      confidentialRegistration: {
        by: 'Financiële Administratie',
        text: 'Alle klachten worden vertrouwelijk geregistreerd door de Financiële Administratie.',
        source: s('Behandeling van de klacht'),
      },
      recordCorrespondence: {
        text: 'De klacht, alle correspondentie en de gemaakte afspraken worden vastgelegd.',
        source: s('Registratie van de klacht'),
      },
    },
    retention: {
      notPrescribed: true,
      source: s('Registratie van de klacht', { basis: 'silent' }),
      note: 'De regeling noemt geen bewaartermijn; dan geldt de standaardtermijn die de organisatie bij Bewaartermijnen instelt (of haar uitdrukkelijke keuze om zonder einddatum te bewaren).',
    },
    reporting: {
      reports: [
        {
          key: 'half_yearly_board_report',
          kind: 'report',
          cadence: 'half_yearly',
          by: 'coordinator',
          audience: `het bestuur van ${ORG}`,
          audienceRoles: ['board'],
          contents: [
            'aantal klachten',
            'soort klachten',
            'ernst van de klachten',
            'lijst met uitzonderlijke klachten',
            'lijst met (structurele) aanbevelingen',
            'statusoverzicht van de opvolging van verbeterpunten',
          ],
          source: s('Rapportage / verantwoording', {
            note: 'De regeling zegt niet wie het bestuur informeert; de klachtencoördinator houdt het overzicht.',
          }),
        },
        {
          key: 'annual_report',
          kind: 'annual_report',
          cadence: 'yearly',
          month: 1,
          by: 'coordinator',
          audience: 'de directie',
          audienceRoles: ['director'],
          contents: ['werkzaamheden in dat jaar voor de afhandeling van klachten, op basis van de registratie'],
          anonymised: true,
          availableOnRequest: true,
          source: s('Rapportage / verantwoording'),
        },
      ],
      measures: [
        {
          text: 'De directie analyseert de klachten en bepaalt of de aanbevelingen worden overgenomen en ingevoerd.',
          source: s('Rapportage / verantwoording'),
        },
      ],
    },
  };
}

export const cbfTemplate = definePreset(
  {
    key: 'cbf-template',
    title: 'Klachtenregeling voor goede doelen (CBF-sjabloon)',
    seed: SEED,
    seedFile: '003_b50a86404cbe0d2e.txt',
    description: 'Sjabloon voor goede doelen: klachten van iedere relatie; ontvangst binnen 2 werkdagen, antwoord binnen 5 werkdagen of bericht; escalatie naar directeur en bestuur.',
    organisationNames: [],
  },
  cbfTemplateRegulation,
);
