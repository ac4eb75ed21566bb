/**
 * Preset `stadsring51`: Klachtenregeling voor cliënten Stadsring51 (seed 002).
 * Decisions where the seed is silent:
 * - extension: the regulation names the Nationale ombudsman (6.11), so Awb chapter 9 applies; Awb 9:11
 *   lid 2 allows postponement by at most four weeks with written notice. That is recorded with basis
 *   `law`, not as a rule of the regulation itself;
 * - no retention period and no suspension: "not prescribed".
 */
import { REGULATION_FORMAT, type Regulation } from '../schema.ts';
import { defaultCalendar, definePreset, sourceFor } from './preset.ts';

const SEED = '002';
const s = sourceFor(SEED);

export function stadsring51Regulation(): Regulation {
  return {
    format: REGULATION_FORMAT,
    preset: 'stadsring51',
    metadata: { title: 'Klachtenregeling voor cliënten Stadsring51', source: s('titel') },
    scope: { level: 'organisation', source: s('2.1') },
    placeholders: [],
    purposes: [
      { text: 'Cliënten de gelegenheid geven een klacht over de dienstverlening van Stadsring51 in te dienen.', source: s('2.1') },
      { text: 'Klachten van cliënten binnen redelijke termijn op een constructieve manier afhandelen.', source: s('2.2') },
      { text: 'Bestaande relaties behouden en verbeteren door klachten goed te behandelen.', source: s('2.3') },
      { text: 'De kwaliteit van de dienstverlening verbeteren met klachtenbehandeling en klachtenanalyse.', source: s('2.4') },
    ],
    informing: [
      {
        text: 'Stadsring51 maakt bekend dat zij een klachtenregeling heeft. U krijgt de regeling op uw eerste verzoek.',
        source: s('3'),
      },
    ],
    intake: {
      definition: {
        text: 'Een van klager afkomstige schriftelijke uitlating, waaruit blijkt dat klager zich niet kan verenigen met een gedraging van Stadsring51, waardoor klager geacht kan worden rechtstreeks in zijn belang te zijn getroffen.',
        source: s('1 (klacht)'),
      },
      otherDefinitions: [
        {
          term: 'gedraging',
          text: 'Een besluit, een handeling of het nalaten van een handeling van Stadsring51 of van door Stadsring51 bij haar werkzaamheden ingeschakelde personen.',
          source: s('1 (gedraging)'),
        },
        { term: 'klager', text: 'Een ieder die een klacht ingevolge deze regeling heeft ingediend.', source: s('1 (klager)') },
        {
          term: 'klachtenfunctionaris',
          text: 'De persoon, niet zijnde de persoon tegen wie de klacht is gericht, aan wie de behandeling van de klacht is overgedragen.',
          source: s('1 (klachtenfunctionaris)'),
        },
      ],
      complainants: {
        kinds: [
          { kind: 'client', label: 'cliënt van Stadsring51', source: s('4.1a') },
          { kind: 'former_client', label: 'ex-cliënt van Stadsring51', source: s('4.1b') },
          { kind: 'refused_client', label: 'iemand die als cliënt door Stadsring51 is geweigerd', source: s('4.1c') },
        ],
        limited: true,
        representation: {
          allowed: 'yes',
          note: 'bij het indienen en tijdens de behandeling van de klacht',
          source: s('4.4'),
        },
      },
      channels: [
        { channel: 'letter', note: 'meldingsformulier klachten op papier', source: s('4.2') },
        {
          channel: 'web_form',
          note: 'het meldingsformulier klachten in digitale vorm; de klacht moet ondertekend zijn',
          source: s('4.2'),
        },
      ],
      form: {
        writtenRequired: true,
        signatureRequired: true,
        oralRecordedOnForm: false,
        formName: 'meldingsformulier klachten',
        source: s('4.3', { note: '1: een klacht is een schriftelijke uitlating; 4.3: de klacht wordt ondertekend.' }),
      },
      fields: [
        { key: 'name', requirement: 'required', source: s('4.3') },
        { key: 'postal_address', requirement: 'required', source: s('4.3') },
        { key: 'phone', requirement: 'if_possible', source: s('4.3') },
        { key: 'date', requirement: 'required', source: s('4.3', { note: 'dagtekening' }) },
        { key: 'description', requirement: 'required', source: s('4.3') },
        {
          key: 'respondent_name',
          requirement: 'if_possible',
          condition: 'als de klacht tegen een persoon is gericht',
          source: s('4.3'),
        },
        {
          key: 'respondent_department',
          requirement: 'if_possible',
          condition: 'als de klacht tegen een persoon is gericht',
          source: s('4.3'),
        },
        { key: 'signature', requirement: 'required', source: s('4.3') },
      ],
      registrationFields: [],
      notComplaints: [],
    },
    classification: {
      dimensions: [],
      severity: { notPrescribed: true, source: s('6', { basis: 'silent' }) },
      sensitive: { notPrescribed: true, source: s('6', { basis: 'silent' }) },
    },
    roles: [
      {
        key: 'employee',
        label: 'medewerker van Stadsring51',
        productRoles: ['intake'],
        /** 6.1: the employee who receives a complaint passes it on. */
        appointment: 'receiver',
        source: s('6.1', { note: 'De medewerker die een klacht ontvangt, leidt die door naar de klachtenfunctionaris.' }),
      },
      {
        key: 'complaints_officer',
        label: 'klachtenfunctionaris',
        productRoles: ['coordinator', 'handler'],
        appointment: 'bound',
        duties: [
          { text: 'Is verantwoordelijk voor de behandeling en de afhandeling van klachten.', source: s('6.2') },
          { text: 'Brengt periodiek verslag uit en maakt jaarlijks een analyse met aanbevelingen.', source: s('7.1–7.3') },
          { text: 'Bereidt de jaarlijkse bespreking voor.', source: s('8.2') },
        ],
        source: s('1 (klachtenfunctionaris)'),
      },
    ],
    routing: {
      receivedBy: { roles: ['employee', 'complaints_officer'], source: s('6.1') },
      registeredBy: {
        role: 'complaints_officer',
        source: s('6.2', { note: 'De regeling noemt registratie niet apart; de klachtenfunctionaris is verantwoordelijk voor de behandeling.' }),
      },
      handledBy: { roles: ['complaints_officer'], source: s('6.2') },
      decidedBy: { roles: ['complaints_officer'], source: s('6.9') },
      escalation: [
        {
          from: 'employee',
          to: 'complaints_officer',
          kind: 'handover',
          when: 'zo spoedig mogelijk na het indienen',
          source: s('6.1'),
        },
      ],
      independentHandler: {
        text: 'De klachtenfunctionaris is niet de persoon tegen wie de klacht is gericht.',
        source: s('1 (klachtenfunctionaris)'),
      },
    },
    admissibility: {
      grounds: [
        {
          key: 'already_handled',
          label: 'Over dezelfde gedraging is al eerder een klacht ingediend en volgens deze regeling afgehandeld.',
          source: s('5.1a'),
        },
        {
          key: 'older_than_limit',
          label: 'De gedraging vond langer dan één jaar vóór het indienen van de klacht plaats.',
          limit: { amount: 12, unit: 'months' },
          source: s('5.1b'),
        },
        {
          key: 'statutory_body',
          label: 'Over de gedraging is al het oordeel gevraagd van een instantie met een wettelijke taak om geschillen te beslechten.',
          stopsOngoingHandling: true,
          source: s('5.1c'),
        },
        {
          key: 'insufficient_interest',
          label: 'Het belang van de klager of het gewicht van de gedraging is kennelijk onvoldoende.',
          source: s('5.2'),
        },
      ],
      decidedBy: 'complaints_officer',
    },
    handling: {
      copyToRespondent: { includeDocuments: true, source: s('6.4') },
      hearing: {
        parties: ['complainant', 'respondent'],
        waivers: [
          {
            key: 'manifestly_unfounded',
            label: 'de klacht is kennelijk ongegrond',
            parties: ['complainant'],
            presumesUnfounded: true,
            source: s('6.6'),
          },
          {
            key: 'complainant_declined',
            label: 'de klager heeft verklaard geen gebruik te willen maken van het recht om gehoord te worden',
            parties: ['complainant'],
            source: s('6.6'),
          },
          {
            key: 'respondent_declined',
            label: 'hij of zij heeft de gelegenheid om gehoord te worden niet gebruikt',
            parties: ['respondent'],
            source: s('6.5', {
              note: '6.5 geeft degene over wie de klacht gaat de gelegenheid om gehoord te worden; 6.6 noemt alleen gronden om van het horen van de klager af te zien.',
            }),
          },
        ],
        reportRequired: true,
        reportSource: s('6.7'),
        source: s('6.5'),
      },
      decision: {
        form: 'written',
        reasoned: true,
        content: 'De bevindingen van het onderzoek naar de klacht en de eventuele conclusies die de klachtenfunctionaris daaraan verbindt.',
        informRespondent: true,
        source: s('6.9'),
      },
      confidentiality: { text: 'Geheimhouding is onder alle omstandigheden gewaarborgd.', source: s('6.10') },
    },
    deadlines: {
      acknowledgement: { amount: 1, unit: 'weeks', source: s('6.3'), note: 'schriftelijke bevestiging' },
      inadmissibilityNotice: { amount: 4, unit: 'weeks', source: s('5.3'), note: 'zo spoedig mogelijk, uiterlijk binnen vier weken na ontvangst van het klaagschrift' },
      decision: { amount: 8, unit: 'weeks', source: s('6.8'), note: 'binnen acht weken na ontvangst van het klaagschrift' },
      extension: {
        allowed: true,
        max: {
          amount: 4,
          unit: 'weeks',
          source: { article: 'Awb 9:11 lid 2', basis: 'law' },
        },
        noticeRequired: true,
        source: {
          seed: SEED,
          article: 'Awb 9:11 lid 2',
          basis: 'law',
          note: 'De regeling zelf noemt geen verlenging. Zij verwijst naar de Nationale ombudsman (6.11), dus de klachtbehandeling valt onder Awb hoofdstuk 9; Awb 9:11 lid 2 staat verdaging met ten hoogste vier weken toe, met schriftelijke mededeling aan de klager.',
        },
      },
      suspension: { allowed: false, source: s('6', { basis: 'silent', note: 'De regeling noemt geen opschorting.' }) },
    },
    calendar: defaultCalendar(SEED),
    externalBody: {
      name: 'Nationale ombudsman',
      kind: 'ombudsman',
      address: 'Postbus 93122, 2509 AC Den Haag',
      url: 'https://www.nationaleombudsman.nl/klacht-indienen/uw-klacht',
      when: 'als u het niet eens bent met de afhandeling van uw klacht',
      namedInDecision: {
        article: 'Awb 9:12 lid 2',
        basis: 'law',
        note: 'De klager wordt bij de kennisgeving gewezen op de mogelijkheid om naar de ombudsman te gaan. De regeling zelf noemt de ombudsman in 6.11.',
      },
      source: s('6.11'),
    },
    records: {
      dossierKeptBy: {
        role: 'complaints_officer',
        source: s('6.2', { note: 'De regeling noemt het dossier niet apart; de klachtenfunctionaris is verantwoordelijk.' }),
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
          audience: 'de organisatie',
          audienceRoles: [],
          contents: ['verslag van de afhandeling van klachten'],
          source: s('7.1'),
        },
        {
          key: 'yearly_analysis',
          kind: 'analysis',
          cadence: 'yearly',
          by: 'complaints_officer',
          audience: 'de organisatie (jaarlijkse bespreking)',
          audienceRoles: [],
          contents: [
            'analyse van de klachtgegevens',
            'aanbevelingen ter voorkoming van nieuwe klachten',
            'aanbevelingen ter verbetering van procedures',
          ],
          source: s('7.2–7.3'),
        },
      ],
      meeting: {
        cadence: 'yearly',
        preparedBy: 'complaints_officer',
        description: 'Eenmaal per jaar worden de klachtgegevens en de analyse daarvan binnen de organisatie besproken.',
        source: s('8.1–8.2'),
      },
      measures: [
        {
          text: 'Op grond van de jaarlijkse analyse beslist de organisatie over (preventieve) maatregelen ter verbetering van de kwaliteit van de dienstverlening.',
          source: s('9.1'),
        },
        { text: 'De maatregelen worden samen met de analyse binnen de organisatie gepresenteerd.', source: s('9.2') },
      ],
    },
  };
}

export const stadsring51 = definePreset(
  {
    key: 'stadsring51',
    title: 'Klachtenregeling voor cliënten Stadsring51',
    seed: SEED,
    seedFile: '002_7574131e7849fb6c.txt',
    description: 'Schriftelijke, ondertekende klachten; ontvankelijkheid, hoor en wederhoor; ontvangst binnen 1 week, afhandeling binnen 8 weken; Nationale ombudsman.',
    organisationNames: ['Stadsring51'],
  },
  stadsring51Regulation,
);
