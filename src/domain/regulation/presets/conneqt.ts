/**
 * Preset `conneqt`: Klachtenregeling Stichting ConnEQt (seed 000).
 * Decisions where the seed is silent:
 * - no acknowledgement term and no admissibility grounds: "not prescribed" (the seed asks neither);
 * - no external body, no retention period, no extension or suspension: "not prescribed";
 * - "binnen vier weken schriftelijk afgehandeld" (6.4) is the decision term.
 */
import { REGULATION_FORMAT, type Regulation } from '../schema.ts';
import { defaultCalendar, definePreset, sourceFor } from './preset.ts';

const SEED = '000';
const s = sourceFor(SEED);

export function conneqtRegulation(): Regulation {
  return {
    format: REGULATION_FORMAT,
    preset: 'conneqt',
    metadata: { title: 'Klachtenregeling Stichting ConnEQt', source: s('titel') },
    scope: { level: 'organisation', source: s('1', { note: 'Eén regeling voor heel ConnEQt.' }) },
    placeholders: [],
    purposes: [
      { text: 'Klachten van cliënten binnen redelijke termijn op een constructieve manier afhandelen.', source: s('2.1') },
      { text: 'De oorzaken van klachten van cliënten vaststellen.', source: s('2.2') },
      { text: 'Bestaande relaties behouden en verbeteren door klachten goed te behandelen.', source: s('2.3') },
      { text: 'Medewerkers trainen in cliëntgericht reageren op klachten.', source: s('2.4') },
      {
        text: 'De kwaliteit van de dienstverlening verbeteren met klachtenbehandeling en klachtenanalyse.',
        source: s('2.5'),
      },
    ],
    informing: [
      { text: 'De medewerker wijst de cliënt erop dat ConnEQt een klachtenregeling heeft.', source: s('3.1') },
      { text: 'De medewerker vertelt de cliënt dat de regeling te downloaden is via de website van ConnEQt.', source: s('3.2') },
    ],
    intake: {
      definition: {
        text: 'Elke redelijkerwijs als zodanig aan te merken, mondeling of schriftelijk gedane uitlating van ongenoegen betreffende de dienstverlening door een medewerker van ConnEQt, door of namens de cliënt kenbaar gemaakt.',
        source: s('1 (Klacht)'),
      },
      otherDefinitions: [
        { term: 'klager', text: 'De cliënt of diens vertegenwoordiger die een klacht uit.', source: s('1 (Klager)') },
        {
          term: 'klachtenfunctionaris',
          text: 'De persoon, niet zijnde de betrokken medewerker tegen wie de klacht is gericht, aan wie de behandeling van de klacht is overgedragen.',
          source: s('1 (Klachtenfunctionaris)'),
        },
        {
          term: 'klachtenregistratieformulier',
          text: 'Een intern te gebruiken formulier ter uitvoering van de in de klachtenregeling vastgelegde procedure.',
          source: s('1 (Klachtenregistratieformulier)'),
        },
      ],
      complainants: {
        kinds: [
          { kind: 'client', source: s('1 (Klager)') },
          { kind: 'representative', label: 'vertegenwoordiger van de cliënt', source: s('1 (Klager)') },
        ],
        representation: { allowed: 'yes', note: 'door of namens de cliënt', source: s('1 (Klacht, Klager)') },
      },
      channels: (['in_person', 'phone', 'letter', 'email', 'web_form', 'social_media'] as const).map((channel) => ({
        channel,
        source: s('4.1', { note: '"op enigerlei wijze"; mondeling of schriftelijk (1)' }),
      })),
      form: {
        writtenRequired: false,
        signatureRequired: false,
        oralRecordedOnForm: true,
        formName: 'klachtenregistratieformulier',
        source: s('5.1', { note: 'Alle klachten worden geregistreerd volgens het klachtenregistratieformulier.' }),
      },
      fields: [],
      registrationFields: [
        { key: 'channel', requirement: 'required', source: s('5.3') },
        { key: 'classification', requirement: 'required', source: s('5.3') },
      ],
      notComplaints: [],
    },
    classification: {
      dimensions: [
        {
          key: 'submission',
          label: 'Wijze van indiening',
          choice: 'multiple',
          required: true,
          options: [
            { key: 'oral', code: 'A', label: 'mondeling', source: s('5.3') },
            { key: 'written', code: 'B', label: 'schriftelijk', source: s('5.3') },
          ],
          source: s('5.3', { note: '5.4: een klacht kan in meerdere klassen worden ingedeeld.' }),
        },
        {
          key: 'nature',
          label: 'Aard van de klacht',
          choice: 'multiple',
          required: true,
          options: [
            { key: 'conduct', code: 'I', label: 'werkwijze van of bejegening door de medewerker', source: s('5.3') },
            { key: 'legal', code: 'II', label: 'juridisch-inhoudelijke aspecten van de dienstverlening', source: s('5.3') },
            { key: 'financial', code: 'III', label: 'financiële aspecten van de dienstverlening', source: s('5.3') },
            { key: 'general', code: 'IV', label: 'klachten in het algemeen', source: s('5.3') },
          ],
          source: s('5.3', { note: '5.4: een klacht kan in meerdere klassen worden ingedeeld.' }),
        },
      ],
      severity: { notPrescribed: true, source: s('5', { basis: 'silent' }) },
      sensitive: { notPrescribed: true, source: s('5', { basis: 'silent' }) },
    },
    roles: [
      {
        key: 'employee',
        label: 'betrokken medewerker',
        productRoles: ['intake', 'handler'],
        /** The employee the complaint is about (4.1: "de betrokken medewerker"). */
        appointment: 'respondent',
        duties: [
          { text: 'Probeert samen met de cliënt tot een oplossing te komen, eventueel na overleg met de klachtenfunctionaris.', source: s('4.2') },
          { text: 'Houdt de klachtenfunctionaris op de hoogte van de verdere afhandeling.', source: s('6.3') },
        ],
        source: s('4.1'),
      },
      {
        key: 'complaints_officer',
        label: 'klachtenfunctionaris',
        productRoles: ['coordinator', 'handler'],
        appointment: 'bound',
        duties: [
          { text: 'Registreert en classificeert de klacht.', source: s('5.2') },
          { text: 'Zorgt dat het klachtenregistratieformulier volledig is ingevuld.', source: s('6.2') },
          { text: 'Zorgt voor een reactie naar de klager.', source: s('6.5') },
          { text: 'Houdt het klachtendossier bij.', source: s('6.6') },
          { text: 'Brengt periodiek verslag uit en maakt jaarlijks een analyse met aanbevelingen.', source: s('7.2–7.4') },
          { text: 'Bereidt de jaarlijkse bespreking voor.', source: s('8.3') },
        ],
        source: s('1 (Klachtenfunctionaris)'),
      },
    ],
    routing: {
      receivedBy: { roles: ['employee'], source: s('4.1', { note: 'De betrokken medewerker wordt van de klacht in kennis gesteld.' }) },
      registeredBy: { role: 'complaints_officer', source: s('5.2') },
      classifiedBy: { role: 'complaints_officer', source: s('5.2') },
      handledBy: { roles: ['employee', 'complaints_officer'], source: s('6.1') },
      decidedBy: { roles: ['complaints_officer'], source: s('6.5') },
      firstLine: {
        role: 'employee',
        consult: 'complaints_officer',
        description: 'De betrokken medewerker probeert samen met de cliënt tot een oplossing te komen, al dan niet na overleg met de klachtenfunctionaris.',
        source: s('4.2'),
      },
      escalation: [
        {
          from: 'employee',
          to: 'complaints_officer',
          kind: 'handover',
          when: 'als de medewerker en de cliënt samen geen oplossing vinden',
          source: s('6.1', { note: '"De betrokken medewerker en daarna de klachtenfunctionaris"; 1: de behandeling wordt overgedragen.' }),
        },
      ],
      independentHandler: {
        text: 'De klachtenfunctionaris is niet de medewerker tegen wie de klacht is gericht.',
        source: s('1 (Klachtenfunctionaris)'),
      },
    },
    admissibility: { grounds: [] },
    handling: {
      keepInformed: { from: 'employee', to: 'complaints_officer', source: s('6.3') },
      decision: {
        form: 'written',
        reasoned: false,
        content: 'De beslissing op de klacht.',
        informRespondent: false,
        source: s('6.4', { note: '4.5: de beslissing wordt aan de cliënt meegedeeld; 6.4: schriftelijk afgehandeld.' }),
      },
      signOff: {
        when: 'resolved_to_satisfaction',
        roles: ['employee', 'complaints_officer'],
        document: 'klachtenregistratieformulier',
        source: s('5.5'),
      },
      confidentiality: { text: 'Geheimhouding is onder alle omstandigheden gewaarborgd.', source: s('4.4') },
    },
    deadlines: {
      acknowledgement: {
        notPrescribed: true,
        source: s('6', { basis: 'silent' }),
        note: 'De regeling noemt geen ontvangstbevestiging.',
      },
      inadmissibilityNotice: {
        notPrescribed: true,
        source: s('6', { basis: 'silent' }),
        note: 'De regeling kent geen gronden om een klacht niet in behandeling te nemen.',
      },
      decision: { amount: 4, unit: 'weeks', source: s('6.4'), note: 'binnen vier weken schriftelijk afgehandeld' },
      extension: { allowed: false, noticeRequired: false, source: s('6.4', { basis: 'silent', note: 'De regeling noemt geen verlenging.' }) },
      suspension: { allowed: false, source: s('6', { basis: 'silent', note: 'De regeling noemt geen opschorting.' }) },
    },
    calendar: defaultCalendar(SEED),
    externalBody: {
      notPrescribed: true,
      source: s('6', { basis: 'silent' }),
      note: 'De regeling noemt geen externe klachtinstantie.',
    },
    records: {
      dossierKeptBy: { role: 'complaints_officer', source: s('6.6') },
      archiving: {
        text: 'De klachtenregistratieformulieren worden na afhandeling verzameld bij de klachtenfunctionaris.',
        source: s('7.1'),
      },
    },
    retention: {
      notPrescribed: true,
      source: s('7', { basis: 'silent' }),
      note: 'De regeling noemt geen bewaartermijn; dan geldt de standaardtermijn die de organisatie bij Bewaartermijnen instelt (of haar uitdrukkelijke keuze om zonder einddatum te bewaren).',
    },
    reporting: {
      reports: [
        {
          key: 'periodic_report',
          kind: 'report',
          cadence: 'periodic',
          by: 'complaints_officer',
          audience: 'ConnEQt',
          audienceRoles: [],
          contents: ['verslag van de afhandeling van klachten'],
          source: s('7.2'),
        },
        {
          key: 'yearly_analysis',
          kind: 'analysis',
          cadence: 'yearly',
          by: 'complaints_officer',
          audience: 'ConnEQt (jaarlijkse bespreking)',
          audienceRoles: [],
          contents: [
            'analyse van de klachtgegevens',
            'aanbevelingen ter voorkoming van nieuwe klachten',
            'aanbevelingen ter verbetering van procedures',
          ],
          source: s('7.3–7.4'),
        },
      ],
      meeting: {
        cadence: 'yearly',
        preparedBy: 'complaints_officer',
        description: 'Eenmaal per jaar worden de klachtgegevens op basis van de analyse besproken; maatregelen ter verbetering worden voorbereid en gepland.',
        source: s('8.1–8.3'),
      },
      measures: [
        { text: 'Maatregelen ter verbetering worden voorbereid en gepland.', source: s('8.2') },
        {
          text: 'Op grond van de jaarlijkse analyse beslist ConnEQt over preventieve maatregelen ter verbetering van de kwaliteit van de dienstverlening.',
          source: s('9.1'),
        },
        { text: 'De maatregelen worden samen met de analyse gepresenteerd in de vergadering.', source: s('9.2') },
      ],
    },
  };
}

export const conneqt = definePreset(
  {
    key: 'conneqt',
    title: 'Klachtenregeling Stichting ConnEQt',
    seed: SEED,
    seedFile: '000_a1b82716b9ed20d7.txt',
    description: 'Klachtenregeling voor juridische en sociale dienstverlening: medewerker probeert eerst, dan de klachtenfunctionaris; afhandeling binnen 4 weken.',
    organisationNames: ['Stichting ConnEQt', 'ConnEQt'],
  },
  conneqtRegulation,
);
