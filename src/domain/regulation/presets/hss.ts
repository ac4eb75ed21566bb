/**
 * Preset `hss`: Klachtenprocedure HSS Hulpverlening Sociale Sector (seed 001).
 * Decisions where the seed is silent: no admissibility grounds or notice term, no retention period,
 * no extension or suspension ("not prescribed"). "Schriftelijk" (3.2) is read as including the web form.
 */
import { REGULATION_FORMAT, type Regulation } from '../schema.ts';
import { defaultCalendar, definePreset, sourceFor } from './preset.ts';

const SEED = '001';
const s = sourceFor(SEED);

export function hssRegulation(): Regulation {
  return {
    format: REGULATION_FORMAT,
    preset: 'hss',
    metadata: { title: 'Klachtenprocedure HSS Hulpverlening Sociale Sector', source: s('titel') },
    scope: { level: 'organisation', source: s('1') },
    placeholders: [],
    purposes: [
      {
        text: 'Klachten goed behandelen, zodat ze zo goed mogelijk bijdragen aan het verbeteren van de kwaliteit van onze dienstverlening.',
        source: s('1'),
      },
    ],
    informing: [
      { text: 'De link naar de externe klachtmogelijkheid staat op onze website.', source: s('3.3') },
    ],
    intake: {
      definition: {
        text: 'Een formeel kenbaar gemaakte uiting van ongenoegen over een geleverde dienst of een bejegening die de klager in het contact met ons bedrijf heeft ervaren, vanuit de optiek van de klager.',
        source: s('3.1'),
      },
      recognition: {
        signs: [
          'het woord klacht of een synoniem daarvan wordt gebruikt',
          'de klant geeft in krachtige bewoordingen aan het niet met iets eens te zijn',
          'ons of een van onze medewerkers wordt een bepaald handelen of nalaten verweten',
          'onze medewerker wordt bepaald gedrag verweten',
        ],
        examples: ['onjuist advies', 'onjuiste informatie verstrekken', 'lange afhandeltermijnen van een verzoek om informatie'],
        source: s('3.1'),
      },
      complainants: {
        kinds: [
          { kind: 'customer', label: 'klant', source: s('3.1') },
          {
            kind: 'any_relation',
            label: 'iedereen die contact heeft gehad met HSS',
            source: s('3.1', { note: '"een bejegening die de klager in het contact met ons bedrijf heeft ervaren"' }),
          },
        ],
        representation: { allowed: 'not_stated', source: s('3', { basis: 'silent' }) },
      },
      channels: [
        { channel: 'letter', source: s('3.2') },
        { channel: 'email', source: s('3.2') },
        { channel: 'phone', source: s('3.2') },
        { channel: 'in_person', source: s('3.2', { note: 'mondeling' }) },
        {
          channel: 'web_form',
          source: s('3.2', { note: 'Uitleg: een klacht via het webformulier is een schriftelijke klacht.' }),
        },
      ],
      form: {
        writtenRequired: false,
        signatureRequired: false,
        oralRecordedOnForm: true,
        formName: 'intern klachtenformulier',
        source: s('3.2'),
      },
      fields: [],
      registrationFields: [],
      notComplaints: [
        {
          key: 'administration_costs',
          label: 'klachten over administratiekosten',
          note: 'Het handelen of nalaten rond administratiekosten kan wel tot een klacht leiden.',
          source: s('3.1'),
        },
      ],
    },
    classification: {
      dimensions: [],
      severity: { notPrescribed: true, source: s('3', { basis: 'silent' }) },
      sensitive: { notPrescribed: true, source: s('3', { basis: 'silent' }) },
    },
    roles: [
      {
        key: 'employee',
        label: 'medewerker die de klacht heeft ontvangen',
        productRoles: ['intake'],
        /** §2 "De medewerker die de klacht heeft ontvangen": whoever received and registered it. */
        appointment: 'receiver',
        duties: [{ text: 'Vult het klachtenformulier in en draagt de klacht direct over aan de directie.', source: s('2') }],
        source: s('2'),
      },
      {
        key: 'management',
        label: 'directie',
        productRoles: ['coordinator', 'handler'],
        appointment: 'bound',
        duties: [
          { text: 'Behandelt klachten.', source: s('2') },
          { text: 'Analyseert klachten en neemt maatregelen.', source: s('2') },
        ],
        source: s('2'),
      },
    ],
    routing: {
      receivedBy: { roles: ['employee'], source: s('2') },
      registeredBy: { role: 'employee', source: s('2', { note: 'invulling van het klachtenformulier' }) },
      handledBy: { roles: ['management'], source: s('2') },
      decidedBy: { roles: ['management'], source: s('3.3') },
      escalation: [
        {
          from: 'employee',
          to: 'management',
          kind: 'handover',
          when: 'direct na ontvangst',
          source: s('3.2'),
        },
      ],
    },
    admissibility: { grounds: [] },
    handling: {
      investigation: {
        description: 'De directie onderzoekt de klacht in overleg met de klager en eventueel de betrokken medewerker(s).',
        with: ['complainant', 'respondent'],
        source: s('3.3'),
      },
      decision: {
        form: 'written_or_oral',
        reasoned: true,
        content: 'Het standpunt van de directie over de klacht, met de redenen daarvoor.',
        informRespondent: false,
        source: s('3.3'),
      },
    },
    deadlines: {
      acknowledgement: { amount: 7, unit: 'workingDays', source: s('3.2'), note: 'bevestigingsbrief' },
      inadmissibilityNotice: {
        notPrescribed: true,
        source: s('3', { basis: 'silent' }),
        note: 'De procedure kent geen gronden om een klacht niet in behandeling te nemen.',
      },
      decision: { amount: 6, unit: 'weeks', source: s('3.3'), note: 'standpunt binnen zes weken na binnenkomst' },
      extension: { allowed: false, noticeRequired: false, source: s('3.3', { basis: 'silent', note: 'De procedure noemt geen verlenging.' }) },
      suspension: { allowed: false, source: s('3', { basis: 'silent', note: 'De procedure noemt geen opschorting.' }) },
    },
    calendar: defaultCalendar(SEED),
    externalBody: {
      name: 'Erisietsmisgegaan.nl',
      kind: 'complaints_platform',
      url: 'https://erisietsmisgegaan.nl',
      when: 'als u het niet eens bent met de uitkomst van de afhandeling van uw klacht',
      source: s('3.3'),
    },
    records: {
      dossierKeptBy: {
        role: 'management',
        source: s('3.4', { note: 'De procedure zegt niet wie archiveert; de directie is verantwoordelijk voor de behandeling (2).' }),
      },
      archiving: { text: 'Klachten worden gearchiveerd.', source: s('3.4') },
    },
    retention: {
      notPrescribed: true,
      source: s('3.4', { basis: 'silent' }),
      note: 'De procedure noemt geen bewaartermijn; dan geldt de standaardtermijn die de organisatie bij Bewaartermijnen instelt (of haar uitdrukkelijke keuze om zonder einddatum te bewaren).',
    },
    reporting: {
      reports: [
        {
          key: 'quarterly_inventory',
          kind: 'inventory',
          cadence: 'quarterly',
          atLeast: true,
          by: 'management',
          audience: 'de directie',
          audienceRoles: ['management'],
          contents: ['ingediende klachten', 'trends'],
          source: s('3.5'),
        },
      ],
      measures: [
        {
          text: 'Als er trends zijn, worden maatregelen getroffen om zulke klachten in de toekomst te voorkomen.',
          source: s('3.5'),
        },
      ],
    },
  };
}

export const hss = definePreset(
  {
    key: 'hss',
    title: 'Klachtenprocedure HSS Hulpverlening Sociale Sector',
    seed: SEED,
    seedFile: '001_fcff9ff83cc8a3ad.txt',
    description: 'De directie bevestigt binnen 7 werkdagen en neemt binnen 6 weken een standpunt in; externe route via erisietsmisgegaan.nl.',
    organisationNames: ['HSS Hulpverlening Sociale Sector', 'HSS'],
  },
  hssRegulation,
);
