/**
 * The default letter texts (liquidjs templates, Dutch B1) and the variables a template can use. An
 * organisation or unit may replace subject and body per kind ("Briefsjablonen"); these are used where it
 * did not. The texts take the articles, terms and the external body from the regulation through the
 * variables, so the same text is right for every regulation. Pure data.
 *
 * Empty lines that an `{% if %}` leaves behind are removed when the letter is made (at most one empty line
 * between paragraphs).
 */
import type { LetterKind } from './kinds.ts';

export interface LetterTemplate {
  subject: string;
  body: string;
}

const GREETING = 'Geachte {{ ontvanger.naam }},';
const CLOSING = `{% if contact.telefoon or contact.email or contact.adres %}Hebt u vragen? Neem dan contact met ons op{% if contact.telefoon %} via {{ contact.telefoon }}{% endif %}{% if contact.email %}{% if contact.telefoon %} of{% else %} via{% endif %} {{ contact.email }}{% endif %}{% if contact.adres %}{% if contact.telefoon or contact.email %}, of schrijf naar{% else %} door te schrijven naar{% endif %} {{ contact.adres }}{% endif %}. Noem dan het kenmerk {{ kenmerk }}.{% else %}Noem bij vragen altijd het kenmerk {{ kenmerk }}.{% endif %}

Met vriendelijke groet,

{{ afzender.naam }}
{{ organisatie.naam }}`;

export const DEFAULT_TEMPLATES: Record<LetterKind, LetterTemplate> = {
  acknowledgement: {
    subject: 'Wij hebben uw klacht ontvangen ({{ kenmerk }})',
    body: `${GREETING}

Wij hebben uw klacht ontvangen op {{ klacht.ontvangen_op }}. Met deze brief bevestigen wij dat{{ verwijzing }}.

Uw klacht gaat over: {{ klacht.onderwerp }}

Uw klacht heeft het kenmerk {{ kenmerk }}.
{% if termijn.beslissing %}
Wij laten u uiterlijk op {{ termijn.beslissing }} weten wat wij met uw klacht doen. Dat is {{ termijn.beslissing_duur }} na ontvangst{{ termijn.beslissing_verwijzing }}. Lukt dat niet, dan laten wij u dat voor die datum weten.
{% endif %}
{% if mijn_klacht_url %}
Op deze pagina ziet u hoe het met uw klacht staat. U kunt daar ook informatie toevoegen:
{{ mijn_klacht_url }}
{% endif %}
${CLOSING}`,
  },
  inadmissibility: {
    subject: 'Wij behandelen uw klacht niet ({{ kenmerk }})',
    body: `${GREETING}

Op {{ klacht.ontvangen_op }} ontvingen wij uw klacht over: {{ klacht.onderwerp }}

Wij nemen uw klacht niet in behandeling{{ verwijzing }}. De reden is: {{ niet_ontvankelijk.grond }}{{ niet_ontvankelijk.grond_verwijzing }}.

{{ niet_ontvankelijk.toelichting }}

Wat kunt u doen?
Bent u het niet eens met dit besluit? Laat het ons dan weten en vertel ons waarom. Hebt u nieuwe informatie over uw klacht? Stuur die dan naar ons.
{% if externe_instantie %}
U kunt ook naar {{ externe_instantie.naam_met_lidwoord }} gaan {{ externe_instantie.wanneer }}.{% if externe_instantie.adres %} Het adres is: {{ externe_instantie.adres }}.{% endif %}{% if externe_instantie.website %} Website: {{ externe_instantie.website }}{% endif %}
{% endif %}
${CLOSING}`,
  },
  copy_to_respondent: {
    subject: 'Kopie van een klacht over u ({{ kenmerk }})',
    body: `${GREETING}

Wij hebben een klacht ontvangen waarin het over u gaat. Volgens onze klachtenregeling sturen wij u een kopie van de klacht{{ verwijzing }}.

De klacht is ontvangen op {{ klacht.ontvangen_op }} en heeft het kenmerk {{ kenmerk }}.

Onderwerp: {{ klacht.onderwerp }}

De klacht:
{{ klacht.omschrijving }}
{% if bijlagen_mee.size > 0 %}
Bij deze brief zitten de stukken die bij de klacht horen:
{% for d in bijlagen_mee %}- {{ d }}
{% endfor %}{% endif %}
{% if behandelaar.naam %}{{ behandelaar.naam }} behandelt de klacht.{% endif %} Wij nemen contact met u op over de verdere behandeling.

${CLOSING}`,
  },
  hearing_invitation: {
    subject: 'Uitnodiging voor een gesprek over de klacht ({{ kenmerk }})',
    body: `${GREETING}

Wij willen graag met u praten over de klacht met kenmerk {{ kenmerk }}. In dat gesprek kunt u vertellen wat er volgens u is gebeurd{{ verwijzing }}.

Het gesprek is op {{ gesprek.datum }}{% if gesprek.tijd != blank %} om {{ gesprek.tijd }} uur{% endif %}.{% if gesprek.plaats != blank %} Plaats: {{ gesprek.plaats }}.{% endif %}{% if gesprek.toelichting %} {{ gesprek.toelichting }}{% endif %}

Kunt u niet op deze datum? Laat het ons dan zo snel mogelijk weten.

${CLOSING}`,
  },
  hearing_report: {
    subject: 'Verslag van het gesprek over de klacht ({{ kenmerk }})',
    body: `${GREETING}

Op {{ gesprek.datum }} hebben wij met u gesproken over de klacht met kenmerk {{ kenmerk }}. Hieronder staat het verslag van dat gesprek{{ verwijzing }}.

{{ gesprek.verslag }}

Klopt er iets niet in het verslag? Of wilt u iets toevoegen? Laat het ons dan weten.

${CLOSING}`,
  },
  delay_notice: {
    subject: 'Uw klacht duurt langer ({{ kenmerk }})',
    body: `${GREETING}

Wij behandelen uw klacht met kenmerk {{ kenmerk }}. Het lukt ons niet om binnen de termijn te beslissen. Daarom laten wij u dit weten{{ verwijzing }}.

De reden is: {{ uitstel.reden }}
{% if uitstel.nieuwe_datum %}
U hoort uiterlijk op {{ uitstel.nieuwe_datum }} wat wij met uw klacht doen.
{% endif %}{% if uitstel.opgeschort_vanaf %}
Vanaf {{ uitstel.opgeschort_vanaf }} staat de termijn stil. Als wij verder gaan met uw klacht, laten wij u weten wanneer u ons besluit krijgt.
{% endif %}
Wij vinden het vervelend dat het langer duurt.

${CLOSING}`,
  },
  decision: {
    subject: 'Onze beslissing over uw klacht ({{ kenmerk }})',
    body: `${GREETING}

Op {{ klacht.ontvangen_op }} ontvingen wij uw klacht over: {{ klacht.onderwerp }}

In deze brief leest u {{ beslissing.naam }} over uw klacht{{ verwijzing }}.
{% if beslissing.uitkomst_zin != "" %}
{{ beslissing.uitkomst_zin }}
{% endif %}{% if beslissing.motivering %}
{{ beslissing.kop }}
{{ beslissing.motivering }}
{% endif %}{% if beslissing.maatregelen.size > 0 %}
Wat gaan wij doen?
{% for m in beslissing.maatregelen %}- {{ m }}
{% endfor %}{% endif %}
{% if externe_instantie %}
Bent u het niet eens met deze beslissing?
U kunt naar {{ externe_instantie.naam_met_lidwoord }} gaan {{ externe_instantie.wanneer }}{{ externe_instantie.verwijzing }}.{% if externe_instantie.adres %} Het adres is: {{ externe_instantie.adres }}.{% endif %}{% if externe_instantie.website %} Website: {{ externe_instantie.website }}{% endif %}
{% endif %}
${CLOSING}`,
  },
  outcome_to_respondent: {
    subject: 'Uitkomst van de klacht over u ({{ kenmerk }})',
    body: `${GREETING}

Eerder hebben wij u laten weten dat er een klacht over u is ingediend, met kenmerk {{ kenmerk }}. Wij hebben over deze klacht beslist. Met deze brief laten wij u de uitkomst weten{{ verwijzing }}.

{% if beslissing.uitkomst_zin != "" %}{{ beslissing.uitkomst_zin }}

{% endif %}{% if beslissing.motivering %}
Onze uitleg aan de klager:
{{ beslissing.motivering }}
{% endif %}{% if beslissing.maatregelen.size > 0 %}
Deze maatregelen nemen wij:
{% for m in beslissing.maatregelen %}- {{ m }}
{% endfor %}{% endif %}
${CLOSING}`,
  },
  other: {
    subject: 'Uw klacht ({{ kenmerk }})',
    body: `${GREETING}

Wij schrijven u over de klacht met kenmerk {{ kenmerk }}.

${CLOSING}`,
  },
};

/** The variables a template can use, with what they hold (shown on the template page). */
export const TEMPLATE_VARIABLES: readonly { name: string; description: string }[] = [
  { name: 'kenmerk', description: 'het kenmerk van de klacht' },
  { name: 'datum', description: 'de datum van de brief, bijvoorbeeld 14 mei 2026' },
  { name: 'verwijzing', description: 'het artikel dat deze brief vraagt, bijvoorbeeld " (artikel 6.3)"; leeg als de regeling geen artikel noemt' },
  { name: 'artikel', description: 'hetzelfde artikel zonder haakjes, bijvoorbeeld "artikel 6.3"' },
  { name: 'ontvanger.naam, ontvanger.adres, ontvanger.email', description: 'aan wie de brief gaat' },
  { name: 'klager.naam', description: 'de naam van de klager' },
  { name: 'klacht.onderwerp, klacht.omschrijving, klacht.ontvangen_op', description: 'de klacht en de datum van ontvangst' },
  { name: 'termijn.beslissing, termijn.beslissing_duur, termijn.beslissing_verwijzing', description: 'uiterste datum van de beslissing, de termijn (bijvoorbeeld 8 weken) en het artikel' },
  { name: 'termijn.beslissing_vanaf', description: 'waar de termijn voor het oordeel begint, als dat later is dan de ontvangst (bijvoorbeeld: het verzoek van de klager om een oordeel)' },
  { name: 'bevestiging.inhoud', description: 'wat de bevestiging volgens de klachtenregeling moet bevatten (bijvoorbeeld: de datum van de gebeurtenis)' },
  { name: 'behandelaar.naam', description: 'wie de klacht behandelt' },
  { name: 'afzender.naam', description: 'wie de brief verstuurt' },
  { name: 'organisatie.naam, eenheid.naam, regeling.titel', description: 'de organisatie, de eenheid en de klachtenregeling' },
  { name: 'contact.telefoon, contact.email, contact.adres', description: 'hoe de klager de organisatie bereikt (briefpapier of regeling)' },
  { name: 'niet_ontvankelijk.grond, niet_ontvankelijk.toelichting, niet_ontvankelijk.grond_verwijzing', description: 'waarom de klacht niet in behandeling wordt genomen' },
  { name: 'gesprek.datum, gesprek.tijd, gesprek.plaats, gesprek.verslag, gesprek.toelichting', description: 'het gesprek (horen) en het verslag' },
  { name: 'uitstel.nieuwe_datum, uitstel.reden, uitstel.opgeschort_vanaf', description: 'de nieuwe uiterste datum en de reden van het uitstel' },
  { name: 'beslissing.uitkomst, beslissing.motivering, beslissing.maatregelen', description: 'de beslissing (maatregelen is een lijst: {% for m in beslissing.maatregelen %})' },
  { name: 'beslissing.naam', description: 'hoe de regeling haar beslissing noemt, bijvoorbeeld "het standpunt van de directie" (001); anders "wat wij hebben besloten"' },
  { name: 'beslissing.uitkomst_zin', description: 'de uitkomst als zin, zoals de regeling beslist: "Ons oordeel: uw klacht is gegrond." alleen als de regeling oordeelt of een klacht gegrond is; "Uw klacht is opgelost in overleg."; "Wij geven geen oordeel over uw klacht."; leeg als de uitkomst de beslissing zelf is. In de brief aan degene over wie de klacht gaat: "de klacht"' },
  { name: 'beslissing.kop', description: 'de kop boven de tekst bij de beslissing, zoals de regeling die vraagt: "Waarom?" (een gemotiveerde beslissing), "Hoe is uw klacht opgelost?" (003) of "Toelichting"' },
  { name: 'externe_instantie.naam, .adres, .website, .wanneer, .verwijzing', description: 'waar de klager daarna terecht kan; leeg als de regeling geen instantie noemt' },
  { name: 'externe_instantie.naam_met_lidwoord', description: 'de naam zoals hij midden in een zin staat, bijvoorbeeld "de Nationale ombudsman" (een website zonder "de"); naam is de naam zonder lidwoord' },
  { name: 'documenten', description: 'de namen van de stukken bij de klacht (een lijst)' },
  { name: 'bijlagen_mee', description: 'de stukken die met deze brief meegaan (een lijst): bij de kopie aan de aangeklaagde als de regeling dat zegt, anders leeg' },
  { name: 'mijn_klacht_url', description: 'de persoonlijke link naar de pagina "Mijn klacht" (alleen bij de ontvangstbevestiging)' },
];
