/**
 * Preset `lentl`: Klachtenbeleid Lentl (seed 004) — the holding's policy, run per werkmaatschappij.
 * The policy refers to a klachtenprocedure per werkmaatschappij that is not part of the seed. Everything
 * that procedure decides and Klachtwijs needs to run is an open point: the channels, the complaints
 * mailbox, the acknowledgement, inadmissibility and decision terms, how to reach the OKC, and the
 * retention period of the client file (complaint dossiers are kept as long as client files).
 * The seed's header (authors, authoriser, version number, date) is the source organisation's: who adopted
 * the policy for the werkmaatschappij and when are open points (`adopted_by`, `adopted_date`), and the
 * version number is the one Klachtwijs gives each activation per werkmaatschappij.
 */
import { REGULATION_FORMAT, type Regulation } from '../schema.ts';
import { defaultCalendar, definePreset, sourceFor } from './preset.ts';

const SEED = '004';
const s = sourceFor(SEED);
const ADOPTED_BY = '[vastgesteld door]';
const PROCEDURE_NOTE = 'Het klachtenbeleid verwijst hiervoor naar de klachtenprocedure van de werkmaatschappij (§1, §3).';

export function lentlRegulation(): Regulation {
  return {
    format: REGULATION_FORMAT,
    preset: 'lentl',
    // The seed's header names its own authors, authoriser, version and date: those belong to the source
    // organisation. Who adopts the policy for the werkmaatschappij, and when, is for the adopting
    // organisation to fill; the version number is Klachtwijs' own, per werkmaatschappij.
    metadata: {
      title: 'Klachtenbeleid Lentl',
      approvedBy: { name: ADOPTED_BY, source: s('kop (Autorisator)', { note: 'Wie het beleid vaststelt, vult de organisatie in.' }) },
      effectiveDate: {
        open: true,
        key: 'adopted_date',
        question: 'Op welke datum is dit klachtenbeleid voor de werkmaatschappij vastgesteld? (JJJJ-MM-DD)',
        expects: 'date',
        source: s('kop (Datum)'),
      },
      review: { cycle: 'yearly', month: 6, source: s('kop (Herzieningsdatum: jaarlijks in juni)') },
      source: s('kop'),
    },
    scope: {
      level: 'unit',
      unitKind: 'werkmaatschappij',
      parentPolicy: {
        title: 'Klachtenbeleid Lentl',
        appliesTo: 'Lentl: de werkmaatschappijen en de koepelorganisatie',
        principles: [
          'We zien klachten als manier om kwaliteit te verbeteren.',
          'We zorgen voor een eenvoudige en toegankelijke klachtenprocedure voor elke werkmaatschappij, die gemakkelijk te begrijpen en te doorlopen is.',
          'We hanteren een laagdrempelige manier om klachten in te dienen, zoals beschreven in de klachtenprocedure.',
          'We zorgen voor goed vindbare informatie over het indienen van klachten op websites en in folders.',
          'We voeren jaarlijks per werkmaatschappij een klachtenanalyse uit waaruit we verbetermaatregelen afleiden.',
        ],
        source: s('§1–§2'),
      },
      source: s('§2; §4', { note: 'Een klachtenprocedure en registratie per werkmaatschappij.' }),
    },
    placeholders: [
      {
        key: 'adopted_by',
        token: ADOPTED_BY,
        question: 'Wie heeft dit klachtenbeleid voor de werkmaatschappij vastgesteld? Noem de functie of het orgaan, bijvoorbeeld "de directie".',
        expects: 'text',
        source: s('kop (Autorisator)'),
      },
    ],
    purposes: [
      {
        text: 'Zorgen voor een goede afhandeling van klachten en daarvan leren om de kwaliteit te verbeteren.',
        source: s('Doel'),
      },
      {
        text: 'Inwoners serieus nemen en goed reageren op hun signalen, en per werkmaatschappij inzicht hebben in de omvang en aard van de klachten.',
        source: s('§2'),
      },
      {
        text: 'Voldoen aan de eisen van opdrachtgevers en financiers over een klachtenprocedure voor inwoners, zoals in de Wmo (artikel 2.1.3 lid 2d) of de Jeugdwet (artikel 4.2.1 lid 1).',
        source: s('§2'),
      },
    ],
    informing: [
      { text: 'Informatie over het indienen van klachten is goed te vinden op websites en in folders.', source: s('§2') },
      {
        text: 'De klachtenfunctionaris zorgt voor informatie over klachtafhandeling en over cliëntondersteuning op websites en in folders.',
        source: s('§3 (Aanvullende taken klachtenfunctionaris)'),
      },
    ],
    intake: {
      definition: {
        text: 'Klachten zijn informatie van inwoners over mogelijk zwakke plekken in de dienstverlening. Inwoners kunnen onvrede zo laagdrempelig mogelijk uiten.',
        source: s('§1', { note: 'Het klachtenbeleid geeft geen formele definitie; die staat in de klachtenprocedure van de werkmaatschappij.' }),
      },
      complainants: {
        kinds: [{ kind: 'resident', label: 'inwoner', source: s('§1; §3 (De klachtenprocedure is gericht op inwoners)') }],
        representation: { allowed: 'not_stated', source: s('§3', { basis: 'silent', note: PROCEDURE_NOTE }) },
      },
      channels: {
        open: true,
        key: 'channels',
        question: 'Via welke kanalen kunnen inwoners volgens de klachtenprocedure van de werkmaatschappij een klacht indienen? Noem ze met komma\'s: web_form, letter, email, phone, in_person, social_media.',
        expects: 'channels',
        example: 'web_form,email,phone,in_person',
        source: s('§2', { note: PROCEDURE_NOTE }),
      },
      form: {
        writtenRequired: false,
        signatureRequired: false,
        oralRecordedOnForm: false,
        source: s('§3', { basis: 'silent', note: `Het gebruik van formulieren legt de werkmaatschappij vast in een werkproces. ${PROCEDURE_NOTE}` }),
      },
      fields: [],
      registrationFields: [],
      notComplaints: [],
      informalDissatisfaction: {
        description: 'Onvrede die meteen wordt opgelost: de medewerker beschrijft kort in het cliëntdossier wat de onvrede was en hoe die is afgehandeld.',
        handledBy: 'employee',
        recordedIn: 'client_file',
        source: s('§5'),
      },
    },
    classification: {
      dimensions: [],
      severity: { notPrescribed: true, source: s('§4', { basis: 'silent' }) },
      sensitive: { notPrescribed: true, source: s('§4', { basis: 'silent' }) },
    },
    roles: [
      {
        key: 'employee',
        label: 'medewerker',
        productRoles: ['intake'],
        /** §3 "Medewerker (op wie de klacht betrekking heeft)". */
        appointment: 'respondent',
        duties: [
          { text: 'Beschrijft onvrede kort in het cliëntdossier.', source: s('§5') },
          { text: 'Neemt bij een klacht alleen een verwijzing (het nummer van het klachtdossier) op in het cliëntdossier.', source: s('§5') },
        ],
        source: s('§3', { note: 'de medewerker op wie de klacht betrekking heeft' }),
      },
      {
        key: 'manager',
        label: 'leidinggevende',
        productRoles: ['handler'],
        appointment: 'bound',
        duties: [
          {
            text: 'De hiërarchisch leidinggevende beslist of een eventuele functionele leidinggevende de klachtafhandeling doet.',
            source: s('§3'),
          },
          { text: 'Behandelt de klacht intern.', source: s('§5 (Interne klachtafhandeling)') },
        ],
        source: s('§3'),
      },
      {
        key: 'complaints_officer',
        label: 'klachtenfunctionaris',
        productRoles: ['coordinator'],
        appointment: 'bound',
        duties: [
          { text: 'Houdt de klachtenmailbox bij (communicatie met en tussen klager, medewerker, leidinggevende en OKC).', source: s('§3') },
          { text: 'Registreert klachten en bewaakt de status van de klachtafhandeling.', source: s('§3') },
          { text: 'Archiveert klachtcorrespondentie en -documentatie.', source: s('§3') },
          { text: 'Bewaakt de bewaartermijnen en zorgt voor vernietiging van klachtdossiers.', source: s('§3') },
          { text: 'Is contactpersoon voor de onafhankelijke klachtencommissie (OKC) en beheert het contract.', source: s('§3') },
          { text: 'Ondersteunt medewerker en leidinggevende bij het verweerschrift en de voorbereiding op de OKC.', source: s('§3') },
          { text: 'Ondersteunt de directie bij de reactie op een uitspraak van de OKC.', source: s('§3') },
          { text: 'Analyseert klachten per jaar, rapporteert aan de directie en stelt verbetermaatregelen voor.', source: s('§3; §6') },
          {
            text: 'Kan, als de werkmaatschappij dat wil, de leidinggevende gevraagd en ongevraagd adviseren over proces en inhoud van een klacht.',
            source: s('§3'),
          },
        ],
        source: s('§3', { note: 'Elke werkmaatschappij bepaalt zelf welke functionaris(sen) deze taken uitvoeren.' }),
      },
      {
        key: 'management',
        label: 'directie',
        productRoles: ['handler', 'board'],
        appointment: 'bound',
        duties: [
          {
            text: 'Handelt klachten af bij een procedure bij de OKC en klachten over de hele organisatie of het organisatiebeleid; kan de afhandeling delegeren.',
            source: s('§3'),
          },
          { text: 'Schrijft de reactie op een uitspraak van de OKC en kan daarin verbetermaatregelen voorstellen.', source: s('§5; §6') },
        ],
        source: s('§3'),
      },
      {
        key: 'assigned_official',
        label: 'functionaris die de klacht afhandelt',
        productRoles: ['handler'],
        appointment: 'assigned_handler',
        duties: [
          {
            text: 'Handelt de klacht af als de hiërarchisch leidinggevende de functionele leidinggevende aanwijst, of als de directeur de afhandeling aan hem of haar delegeert.',
            source: s('§3'),
          },
        ],
        source: s('§3', { note: 'de functionele leidinggevende of de functionaris aan wie de directeur de afhandeling delegeert' }),
      },
      {
        key: 'quality_officer',
        label: 'kwaliteitsfunctionaris',
        productRoles: ['board'],
        appointment: 'bound',
        duties: [{ text: 'Ontvangt voorstellen voor verbetermaatregelen.', source: s('§6') }],
        source: s('§6'),
      },
    ],
    routing: {
      receivedBy: { roles: ['complaints_officer', 'employee'], source: s('§3 (klachtenmailbox); §5') },
      registeredBy: { role: 'complaints_officer', source: s('§4') },
      assignedBy: { role: 'manager', source: s('§3', { note: 'De hiërarchisch leidinggevende beslist wie de klacht afhandelt.' }) },
      delegation: { roles: ['management'], source: s('§3', { note: 'De directeur kan de afhandeling delegeren.' }) },
      handledBy: { roles: ['manager', 'management', 'assigned_official'], source: s('§3; §5') },
      decidedBy: { roles: ['manager', 'management', 'assigned_official'], source: s('§3') },
      escalation: [
        {
          from: 'manager',
          to: 'management',
          kind: 'handover',
          when: 'bij een procedure bij de onafhankelijke klachtencommissie (OKC), of als de klacht de hele organisatie of het organisatiebeleid betreft',
          source: s('§3'),
        },
      ],
    },
    admissibility: { grounds: [] },
    handling: {
      decision: {
        form: 'written_or_oral',
        reasoned: false,
        informRespondent: false,
        source: s('§3', { basis: 'silent', note: PROCEDURE_NOTE }),
      },
    },
    deadlines: {
      acknowledgement: {
        open: true,
        key: 'acknowledgement_term',
        question: 'Binnen welke termijn krijgt de klager een ontvangstbevestiging volgens de klachtenprocedure van de werkmaatschappij? (bijv. "5 werkdagen", of "geen")',
        expects: 'term',
        allowNone: true,
        source: s('§1', { note: PROCEDURE_NOTE }),
      },
      inadmissibilityNotice: {
        open: true,
        key: 'inadmissibility_term',
        question: 'Binnen welke termijn hoort de klager dat een klacht niet in behandeling wordt genomen? (bijv. "4 weken", of "geen")',
        expects: 'term',
        allowNone: true,
        source: s('§1', { note: PROCEDURE_NOTE }),
      },
      decision: {
        open: true,
        key: 'decision_term',
        question: 'Binnen welke termijn wordt een klacht afgehandeld volgens de klachtenprocedure van de werkmaatschappij? (bijv. "6 weken")',
        expects: 'term',
        source: s('§1', { note: PROCEDURE_NOTE }),
      },
      extension: { allowed: false, noticeRequired: false, source: s('§3', { basis: 'silent', note: PROCEDURE_NOTE }) },
      suspension: { allowed: false, source: s('§3', { basis: 'silent', note: PROCEDURE_NOTE }) },
    },
    calendar: defaultCalendar(SEED),
    contact: {
      email: {
        open: true,
        key: 'complaint_mailbox',
        question: 'Wat is het e-mailadres van de klachtenmailbox van de werkmaatschappij?',
        expects: 'email',
        source: s('§3 (klachtenmailbox)'),
      },
      source: s('§3'),
    },
    externalBody: {
      name: 'Onafhankelijke klachtencommissie (OKC)',
      kind: 'complaints_committee',
      address: {
        open: true,
        key: 'okc_contact',
        question: 'Bij welke onafhankelijke klachtencommissie is de werkmaatschappij aangesloten, en hoe bereikt een inwoner die (naam en adres of website)?',
        expects: 'text',
        source: s('kop (Klachtenregelingen van onafhankelijke klachtencommissies); §3'),
      },
      when: 'als u uw klacht wilt voorleggen aan een onafhankelijke klachtencommissie (daarvoor geldt de klachtenregeling van die commissie)',
      documents: [
        'de klacht zoals ingediend bij de OKC',
        'correspondentie over de klacht tussen de OKC en de klachtenfunctionaris',
        'stukken van de klachtbehandeling door de OKC (onderbouwing, verweerschrift, uitspraak)',
        'reactie op de uitspraak van de OKC vanuit (de directie van) de organisatie',
      ],
      reactionBy: 'management',
      source: s('§3; §5 (Externe klachtafhandeling)'),
    },
    records: {
      dossierKeptBy: { role: 'complaints_officer', source: s('§5') },
      clientFile: { entry: 'reference_only', dossierSeparate: true, source: s('§5') },
      dossierContents: {
        internal: [
          'de klacht zoals ingediend bij de organisatie',
          'correspondentie over de klacht tussen klager en medewerker en/of leidinggevende',
        ],
        external: [
          'de klacht zoals ingediend bij de organisatie',
          'correspondentie over de klacht tussen klager en medewerker en/of leidinggevende',
          'de klacht zoals ingediend bij de OKC',
          'correspondentie over de klacht tussen de OKC en de klachtenfunctionaris',
          'stukken van de klachtbehandeling door de OKC (onderbouwing, verweerschrift, uitspraak)',
          'reactie op de uitspraak van de OKC vanuit (de directie van) de organisatie',
        ],
        source: s('§5'),
      },
      archiving: { text: 'De klachtenfunctionaris archiveert klachtcorrespondentie en -documentatie.', source: s('§3') },
    },
    retention: {
      mode: 'as_client_file',
      period: {
        open: true,
        key: 'client_file_retention',
        question: 'Welke bewaartermijn geldt voor de cliëntdossiers van deze werkmaatschappij? Die termijn geldt ook voor klachtdossiers (bijv. "15 jaar").',
        expects: 'term',
        source: s('§3 (voetnoot 1)'),
      },
      runsFrom: 'as_client_file',
      // 004 §3 footnote 1: the client file's period "kan verschillen afhankelijk van bijvoorbeeld het wettelijk kader
      // (Wmo en Jeugdwet)". For the Jeugdwet the law fixes it: 20 years (art. 7.3.8); Wmo files keep the filled period.
      perFramework: [
        {
          framework: 'jeugdwet',
          period: { amount: 240, unit: 'months', source: { seed: '004', article: 'Jeugdwet art. 7.3.8', basis: 'law', note: 'Twintig jaar, of zoveel langer als redelijkerwijs nodig is.' } },
          legalBasis: 'Jeugdwet art. 7.3.8: het dossier van de jeugdige wordt twintig jaar bewaard.',
        },
      ],
      legalBasis: 'De bewaartermijn van klachtdossiers is gelijk aan die van cliëntdossiers; die kan verschillen per wettelijk kader (Wmo 2015, Jeugdwet).',
      destroyedBy: 'complaints_officer',
      source: s('§3 (voetnoot 1)'),
    },
    reporting: {
      reports: [
        {
          key: 'yearly_analysis',
          kind: 'analysis',
          cadence: 'yearly',
          atLeast: true,
          by: 'complaints_officer',
          audience: 'de directie en/of de kwaliteitsfunctionaris van de werkmaatschappij',
          audienceRoles: ['management', 'quality_officer'],
          contents: ['klachtenanalyse (stuurinformatie)', 'voorstellen voor verbetermaatregelen'],
          source: s('§3; §6'),
        },
      ],
      measures: [
        {
          text: 'De klachtenfunctionaris doet op basis van de klachtenanalyse voorstellen voor verbetermaatregelen aan de directie en/of de kwaliteitsfunctionaris.',
          source: s('§6'),
        },
        {
          text: 'De directie kan verbetermaatregelen voorstellen op basis van uitspraken van de OKC, in haar reactie op de uitspraak.',
          source: s('§6'),
        },
        {
          text: 'Elke werkmaatschappij legt verbetermaatregelen op haar eigen manier vast en volgt ze.',
          source: s('§6'),
        },
      ],
      anonymisedCommunication: {
        text: 'Over het aantal, de aard en de inhoud van klachten kan geanonimiseerd worden gecommuniceerd, bijvoorbeeld in jaarverslagen, op websites en naar de medezeggenschap.',
        source: s('§4'),
      },
    },
  };
}

export const lentl = definePreset(
  {
    key: 'lentl',
    title: 'Klachtenbeleid Lentl (per werkmaatschappij)',
    seed: SEED,
    seedFile: '004_bd15a81773cf4a2d.txt',
    description: 'Klachtenbeleid van een holding: één procedure en registratie per werkmaatschappij; OKC als externe route; bewaren zoals het cliëntdossier. De termijnen van de procedure zijn open punten.',
    organisationNames: ['Lentl'],
  },
  lentlRegulation,
);
