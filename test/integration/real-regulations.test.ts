/**
 * Real Dutch klachtenregelingen that are not among the seeds, written by hand in the regulation format from their
 * public text (test/fixtures/real-regulations/*.yaml; docs/examples/real-regulations.md says where each comes from).
 * Each must: validate; activate once its open points are filled; publish the sentences a reader of the original looks
 * for and no promise the original does not make; give the due dates worked out by hand below.
 *
 * Pure (no database): the files are read with `yaml` + `parseRegulationDocument` as a user's file would be.
 *
 * Dates: day 0 is the date of receipt (Europe/Amsterdam). 2026 calendar used in the hand-worked comments:
 * Goede Vrijdag Fri 3 Apr, Tweede Paasdag Mon 6 Apr, Koningsdag Mon 27 Apr, Bevrijdingsdag Tue 5 May,
 * Hemelvaartsdag Thu 14 May, Tweede Pinksterdag Mon 25 May, Kerstdagen Fri 25 + Sat 26 Dec; 1 Jan 2027 is a Friday.
 * Every regulation here applies the Algemene termijnenwet (calendar.atw true): a term in weeks that ends on a
 * Saturday, Sunday or one of those days moves to the next day that is none of these.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { addTerm, maxExtendedDue } from '../../src/domain/deadlines/index.ts';
import { calendarSettings, decisionStartEvent, engineTerm, milestones, ownMilestones } from '../../src/domain/regulation/milestones.ts';
import { activationProblems, applyFills } from '../../src/domain/regulation/open-points.ts';
import { parseRegulationDocument } from '../../src/domain/regulation/parse.ts';
import { renderRegulationText, type RenderedRegulation } from '../../src/domain/regulation/render.ts';
import { isTermRule, type MilestoneEvent, type Regulation } from '../../src/domain/regulation/schema.ts';
import { holesIn } from '../../src/domain/regulation/test-support.ts';

const DIR = new URL('../fixtures/real-regulations/', import.meta.url);

/** The file as a user would load it; fails with the Dutch issues when it does not validate. */
function load(name: string, fills: Record<string, string> = {}): Regulation {
  const parsed = parseRegulationDocument(readFileSync(new URL(`${name}.yaml`, DIR), 'utf8'));
  assert.ok(parsed.success, parsed.success ? '' : parsed.issues.map((i) => i.text).join('\n'));
  const filled = applyFills(parsed.data, fills);
  assert.ok(filled.ok, filled.ok ? '' : JSON.stringify(filled.errors));
  return filled.regulation;
}

const published = (doc: RenderedRegulation) => doc.sections.flatMap((s) => [s.heading, ...s.paragraphs, ...(s.items ?? [])]);
const text = (doc: RenderedRegulation) => published(doc).join('\n');

/** Noon on a working day in Amsterdam: the calendar date is day 0 whatever the server's zone. */
const at = (isoDate: string) => new Date(`${isoDate}T12:00:00+01:00`);

interface RegulationCase {
  /** File name without .yaml. */
  file: string;
  /** The organisation that publishes it (its own name: these are not templates). */
  org: string;
  /** Fills for open points (none of these files has any: the texts leave nothing open that is needed to run). */
  fills?: Record<string, string>;
  /** Sentences a reader of the original looks for on the published page. */
  mustSay: string[];
  /** Promises the original does not make. */
  mustNotSay: (string | RegExp)[];
  /** Due dates from receipt, worked out by hand in the comment next to each. */
  fromReceipt: { received: string; expected: Record<string, string> }[];
}

const CASES: RegulationCase[] = [
  {
    file: 'lingewaard-klacht-indienen',
    org: 'Gemeente Lingewaard',
    mustSay: [
      'niet netjes bent behandeld door een ambtenaar of bestuurder',
      'het niet reageren op vragen',
      'online, met DigiD of eHerkenning',
      'Dit zien we niet als klacht: iets dat stuk is of opgeruimd moet worden in de openbare ruimte.',
      'U krijgt binnen 10 weken na ontvangst van uw klacht een schriftelijke reactie.',
      'met ten hoogste 4 weken worden verlengd',
      'Nationale ombudsman',
      'Postbus 93122, 2509 AC Den Haag',
      'Als u na de formele behandeling van uw klacht nog niet tevreden bent',
    ],
    mustNotSay: [
      // The page names no acknowledgement term, no signature, and does not say a complaint must be in writing.
      'bevestiging dat wij uw klacht hebben ontvangen',
      'ondertekend',
      'Uw klacht moet op papier of digitaal op schrift staan',
      // Nor a term of 6 weeks (that is Awb 9:11 without a committee; Lingewaard uses the committee's 10 weeks).
      'binnen 6 weken',
    ],
    fromReceipt: [
      // Mon 2 Mar 2026. inadmissibilityNotice (Awb 9:8 lid 2, 4 weeks): 2 Mar + 28 days = Mon 30 Mar.
      // decision 10 weeks: 2 Mar + 70 days = Mon 11 May (no holiday). Max extension 4 weeks from 11 May = Mon 8 Jun.
      { received: '2026-03-02', expected: { inadmissibilityNotice: '2026-03-30', decision: '2026-05-11', decisionMaxExtended: '2026-06-08' } },
      // Mon 16 Feb 2026 (across Koningsdag). 4 weeks: Mon 16 Mar. 10 weeks: 16 Feb + 70 days = Mon 27 Apr, Koningsdag
      // → Tue 28 Apr. Max extension: 28 Apr + 28 days = Tue 26 May (Tweede Pinksterdag is Mon 25 May, not the end day).
      { received: '2026-02-16', expected: { inadmissibilityNotice: '2026-03-16', decision: '2026-04-28', decisionMaxExtended: '2026-05-26' } },
      // Fri 16 Oct 2026 (across Christmas). 4 weeks: Fri 13 Nov. 10 weeks: 16 Oct + 70 days = Fri 25 Dec, Eerste
      // Kerstdag → Sat 26 (Tweede Kerstdag, Saturday) → Sun 27 → Mon 28 Dec. Max extension: 28 Dec + 28 = Mon 25 Jan 2027.
      { received: '2026-10-16', expected: { inadmissibilityNotice: '2026-11-13', decision: '2026-12-28', decisionMaxExtended: '2027-01-25' } },
    ],
  },
  {
    file: 'meander-klachtencommissie',
    org: 'Meander Medisch Centrum',
    mustSay: [
      'de patiënt zelf',
      'iemand die door de patiënt gemachtigd is',
      'De Klachtencommissie doet onderzoek en beoordeelt of uw klacht gegrond is of niet.',
      'U krijgt binnen 6 weken na ontvangst van uw klacht een schriftelijke reactie.',
      'met ten hoogste 4 weken worden verlengd',
      'Heeft uw klacht te maken met een lid van de commissie, dan neemt dat lid niet deel aan de behandeling van uw klacht.',
      'adviseert de commissie de Raad van Bestuur over maatregelen ter verbetering van de zorg',
      'machtigingsformulier',
    ],
    mustNotSay: [
      // The page names no acknowledgement term, no body after the committee's ruling, no notice of the extension.
      'bevestiging dat wij uw klacht hebben ontvangen',
      'Bent u het niet eens met de afhandeling?',
      'schriftelijk bericht',
      'ombudsman',
    ],
    fromReceipt: [
      // Mon 2 Mar 2026. decision 6 weeks: 2 Mar + 42 days = Mon 13 Apr. Max extension (to 10 weeks): 13 Apr + 28 = Mon 11 May.
      { received: '2026-03-02', expected: { decision: '2026-04-13', decisionMaxExtended: '2026-05-11' } },
      // Fri 20 Feb 2026 (across Easter). 20 Feb + 42 days = Fri 3 Apr, Goede Vrijdag → Sat 4 → Sun 5 (Pasen) → Mon 6
      // Tweede Paasdag → Tue 7 Apr. Max extension: 7 Apr + 28 = Tue 5 May, Bevrijdingsdag → Wed 6 May.
      { received: '2026-02-20', expected: { decision: '2026-04-07', decisionMaxExtended: '2026-05-06' } },
      // Fri 13 Nov 2026 (across Christmas). 13 Nov + 42 days = Fri 25 Dec → Mon 28 Dec. Max: 28 Dec + 28 = Mon 25 Jan 2027.
      { received: '2026-11-13', expected: { decision: '2026-12-28', decisionMaxExtended: '2027-01-25' } },
    ],
  },
  {
    file: 'noord-beveland-klacht-indienen',
    org: 'Gemeente Noord-Beveland',
    mustSay: [
      'niet netjes bent behandeld door een ambtenaar of bestuurder',
      'U krijgt binnen 5 werkdagen na ontvangst een bevestiging dat wij uw klacht hebben ontvangen.',
      'naam, postadres, datum (dagtekening) en omschrijving van de klacht',
      'schriftelijk, aan het college van burgemeester en wethouders',
      'het webformulier Klacht indienen',
      'Zeeuwse Ombudsman',
      'Als u het niet eens bent met de uitspraak op uw klacht',
      'Lukt dat niet op tijd, dan krijgt u daarover bericht.',
    ],
    mustNotSay: [
      // "Bij voorkeur schriftelijk": writing is a preference, not a requirement; no signature is asked.
      'Uw klacht moet op papier of digitaal op schrift staan',
      'ondertekend',
      'Nationale ombudsman',
    ],
    fromReceipt: [
      // Mon 2 Mar 2026. acknowledgement 5 working days: Tue 3, Wed 4, Thu 5, Fri 6, Mon 9 Mar. inadmissibilityNotice
      // (Awb 9:8 lid 2) 4 weeks: Mon 30 Mar. decision (Awb 9:11 lid 1) 6 weeks: Mon 13 Apr; max extension (Awb 9:11
      // lid 2) 4 weeks: Mon 11 May. written_response runs from the acknowledgement: see LATER_EVENT_EXPECTATIONS.
      {
        received: '2026-03-02',
        expected: { acknowledgement: '2026-03-09', inadmissibilityNotice: '2026-03-30', decision: '2026-04-13', decisionMaxExtended: '2026-05-11' },
      },
      // Mon 30 Mar 2026 (across Easter and Koningsdag). acknowledgement: Tue 31 Mar (1), Wed 1 Apr (2), Thu 2 Apr (3),
      // Fri 3 Apr Goede Vrijdag and Mon 6 Apr Tweede Paasdag are no working days, Tue 7 Apr (4), Wed 8 Apr (5).
      // 4 weeks: 30 Mar + 28 = Mon 27 Apr, Koningsdag → Tue 28 Apr. 6 weeks: 30 Mar + 42 = Mon 11 May. Max: Mon 8 Jun.
      {
        received: '2026-03-30',
        expected: { acknowledgement: '2026-04-08', inadmissibilityNotice: '2026-04-28', decision: '2026-05-11', decisionMaxExtended: '2026-06-08' },
      },
      // Mon 21 Dec 2026 (across Christmas). acknowledgement: Tue 22 (1), Wed 23 (2), Thu 24 (3), Fri 25 Kerstdag no,
      // Mon 28 (4), Tue 29 Dec (5). 4 weeks: Mon 18 Jan 2027. 6 weeks: 21 Dec + 42 = Mon 1 Feb 2027. Max: Mon 1 Mar 2027.
      {
        received: '2026-12-21',
        expected: { acknowledgement: '2026-12-29', inadmissibilityNotice: '2027-01-18', decision: '2027-02-01', decisionMaxExtended: '2027-03-01' },
      },
    ],
  },
  {
    file: 'george-remst-acupunctuur',
    org: 'Acupunctuurpraktijk George Remst',
    mustSay: [
      'U bent ontevreden over uw zorg.',
      'U praat eerst over uw klacht met uw zorgaanbieder.',
      'schriftelijk, bij de zorgaanbieder',
      'met ten hoogste 4 weken worden verlengd',
      'geschilleninstantie Zorggeschil',
      'https://www.zorggeschil.nl',
    ],
    mustNotSay: [
      // The page names no acknowledgement term and no term for an inadmissibility notice.
      'bevestiging dat wij uw klacht hebben ontvangen',
      'niet in behandeling',
      'ombudsman',
    ],
    // The decision term runs from the written complaint after mediation (decisionFrom: judgement_requested): nothing
    // runs from receipt. Its dates are in LATER_EVENT_EXPECTATIONS.
    fromReceipt: [
      { received: '2026-03-02', expected: {} },
      { received: '2026-02-20', expected: {} },
      { received: '2026-11-13', expected: {} },
    ],
  },
  {
    file: 'hoorn-klacht-over-dienstverlening',
    org: 'Gemeente Hoorn',
    mustSay: [
      'U bent ontevreden over de dienstverlening of over de handelswijze van de gemeente.',
      'u voelt zich van het kastje naar de muur gestuurd',
      'U krijgt binnen 5 dagen na ontvangst een bevestiging dat wij uw klacht hebben ontvangen.',
      'Binnen een week nemen wij contact met u op om uw klacht te bespreken.',
      'Van het horen wordt een verslag gemaakt.',
      'U krijgt binnen 6 weken na ontvangst van uw klacht een reactie.',
      'Lukt dat niet op tijd, dan krijgt u daarover bericht.',
      'defecte straatverlichting of een gat in de weg',
      'bezwaar maken of beroep instellen',
      'Per telefoon',
      'Nationale ombudsman',
    ],
    mustNotSay: [
      // Five (calendar) days, not working days; writing and a signature are not required.
      'werkdagen',
      'Uw klacht moet op papier of digitaal op schrift staan',
      'ondertekend',
      // The page does not say that a telephone complaint is written down by staff.
      'Dan schrijft een medewerker uw klacht op.',
    ],
    fromReceipt: [
      // Mon 2 Mar 2026. acknowledgement 5 days: Sat 7 Mar → Sun 8 → Mon 9 Mar (Atw). inadmissibilityNotice (Awb 9:8
      // lid 2) 4 weeks: Mon 30 Mar. decision 6 weeks: Mon 13 Apr. Max extension (Awb 9:11 lid 2): Mon 11 May.
      {
        received: '2026-03-02',
        // first_contact (Vraag en antwoord 2 punt 2) 1 week: Mon 9 Mar.
        expected: { acknowledgement: '2026-03-09', inadmissibilityNotice: '2026-03-30', decision: '2026-04-13', decisionMaxExtended: '2026-05-11', first_contact: '2026-03-09' },
      },
      // Wed 1 Apr 2026 (across Easter). acknowledgement: 1 Apr + 5 = Mon 6 Apr, Tweede Paasdag → Tue 7 Apr.
      // 4 weeks: Wed 29 Apr. 6 weeks: 1 Apr + 42 = Wed 13 May (Hemelvaartsdag is Thu 14 May). Max: 13 May + 28 = Wed 10 Jun.
      {
        received: '2026-04-01',
        // first_contact 1 week: Wed 8 Apr.
        expected: { acknowledgement: '2026-04-07', inadmissibilityNotice: '2026-04-29', decision: '2026-05-13', decisionMaxExtended: '2026-06-10', first_contact: '2026-04-08' },
      },
      // Mon 21 Dec 2026 (across Christmas). acknowledgement: 21 Dec + 5 = Sat 26 Dec (Tweede Kerstdag) → Sun 27 → Mon 28.
      // 4 weeks: Mon 18 Jan 2027. 6 weeks: Mon 1 Feb 2027. Max: Mon 1 Mar 2027.
      {
        received: '2026-12-21',
        // first_contact 1 week: Mon 28 Dec.
        expected: { acknowledgement: '2026-12-28', inadmissibilityNotice: '2027-01-18', decision: '2027-02-01', decisionMaxExtended: '2027-03-01', first_contact: '2026-12-28' },
      },
    ],
  },
  {
    file: 'klachtencommissie-jeugd-midden-nederland',
    org: 'Klachtencommissie Jeugd Midden-Nederland',
    // The readable part of the page ends before the term of the committee's ruling: an open point. This fill is an
    // example answer (the committee's own), not a term from the page.
    fills: { decision_term: '6 weken' },
    mustSay: [
      'U heeft een klacht tegen een van de instellingen die bij de klachtencommissie zijn aangesloten.',
      'U krijgt binnen 1 week na ontvangst een bevestiging dat wij uw klacht hebben ontvangen.',
      'Zo\'n gesprek is niet verplicht; u kunt ook meteen een klacht indienen bij de klachtencommissie.',
      'Per brief (per post naar de klachtencommissie)',
      'U en degene over wie de klacht gaat, krijgen allebei de gelegenheid',
    ],
    mustNotSay: [
      // The readable part names no extension, no body after the ruling, no signature, and does not say the
      // instelling is told the outcome.
      'verlengd',
      'Bent u het niet eens met de afhandeling?',
      'ondertekend',
      'Ook degene over wie de klacht gaat, hoort de uitkomst.',
    ],
    fromReceipt: [
      // Mon 2 Mar 2026. acknowledgement 1 week: Mon 9 Mar. handling_notice (own milestone, 2 weeks from receipt):
      // Mon 16 Mar. decision (filled: 6 weeks): Mon 13 Apr. No extension.
      { received: '2026-03-02', expected: { acknowledgement: '2026-03-09', handling_notice: '2026-03-16', decision: '2026-04-13' } },
      // Mon 20 Apr 2026 (across Koningsdag). acknowledgement: Mon 27 Apr, Koningsdag → Tue 28 Apr. handling_notice:
      // 20 Apr + 14 = Mon 4 May (Bevrijdingsdag is Tue 5 May). decision: 20 Apr + 42 = Mon 1 Jun.
      { received: '2026-04-20', expected: { acknowledgement: '2026-04-28', handling_notice: '2026-05-04', decision: '2026-06-01' } },
      // Fri 11 Dec 2026 (across Christmas). acknowledgement: Fri 18 Dec. handling_notice: 11 Dec + 14 = Fri 25 Dec,
      // Eerste Kerstdag → Sat 26 → Sun 27 → Mon 28 Dec. decision: 11 Dec + 42 = Fri 22 Jan 2027.
      { received: '2026-12-11', expected: { acknowledgement: '2026-12-18', handling_notice: '2026-12-28', decision: '2027-01-22' } },
    ],
  },
];

/**
 * Terms that run from an event after receipt, worked out by hand from the event date. The procedure lane computes
 * these in the complaint's deadlines (src/domain/workflow/due-dates.ts); until that lands, they are asserted here with
 * the deadline engine's `addTerm` on the event date with the regulation's own term (and `maxExtendedDue` for the
 * latest date with the maximum extension).
 */
const LATER_EVENT_EXPECTATIONS: {
  file: string;
  /** An own milestone's key, or `decision` when the decision term runs from `decisionFrom`. */
  key: string;
  event: MilestoneEvent;
  eventDate: string;
  due: string;
  /** Latest date with the maximum extension (decision only). */
  maxExtended?: string;
}[] = [
  // Noord-Beveland "Hier kunt u op rekenen 4": the written response within 4 weeks after the acknowledgement.
  // Acknowledged Thu 5 Mar 2026: + 28 days = Thu 2 Apr.
  { file: 'noord-beveland-klacht-indienen', key: 'written_response', event: 'acknowledged', eventDate: '2026-03-05', due: '2026-04-02' },
  // Acknowledged Tue 7 Apr 2026: + 28 days = Tue 5 May, Bevrijdingsdag → Wed 6 May.
  { file: 'noord-beveland-klacht-indienen', key: 'written_response', event: 'acknowledged', eventDate: '2026-04-07', due: '2026-05-06' },
  // Acknowledged Fri 27 Nov 2026: + 28 days = Fri 25 Dec → Sat 26 → Sun 27 → Mon 28 Dec.
  { file: 'noord-beveland-klacht-indienen', key: 'written_response', event: 'acknowledged', eventDate: '2026-11-27', due: '2026-12-28' },
  // George Remst step 3: the judgement within 6 weeks of the written complaint (after mediation), at most 4 more weeks.
  // Requested Mon 2 Mar 2026: + 42 = Mon 13 Apr; max + 28 = Mon 11 May.
  { file: 'george-remst-acupunctuur', key: 'decision', event: 'judgement_requested', eventDate: '2026-03-02', due: '2026-04-13', maxExtended: '2026-05-11' },
  // Requested Mon 16 Mar 2026: + 42 = Mon 27 Apr, Koningsdag → Tue 28 Apr; max 28 Apr + 28 = Tue 26 May.
  { file: 'george-remst-acupunctuur', key: 'decision', event: 'judgement_requested', eventDate: '2026-03-16', due: '2026-04-28', maxExtended: '2026-05-26' },
  // Requested Fri 13 Nov 2026: + 42 = Fri 25 Dec → Mon 28 Dec; max 28 Dec + 28 = Mon 25 Jan 2027.
  { file: 'george-remst-acupunctuur', key: 'decision', event: 'judgement_requested', eventDate: '2026-11-13', due: '2026-12-28', maxExtended: '2027-01-25' },
];

for (const c of CASES) {
  describe(`real regulation ${c.file}`, () => {
    it('validates and, with its open points filled, can be activated', () => {
      const reg = load(c.file, c.fills);
      assert.deepEqual(activationProblems(reg), []);
      // Every rule names where it comes from (the original's heading or article, or the law).
      assert.ok(reg.metadata.source.article);
    });

    it('publishes what a reader of the original looks for, without holes', () => {
      const doc = renderRegulationText(load(c.file, c.fills), { name: c.org });
      const all = text(doc);
      for (const expected of c.mustSay) assert.ok(all.includes(expected), `missing: ${expected}\n---\n${all}`);
      for (const section of doc.sections) {
        // A lead-in ending in ":" is fine only as the last paragraph of a section that has a list under it.
        const lines = section.items?.length ? section.paragraphs.slice(0, -1) : section.paragraphs;
        for (const line of [...lines, ...(section.items ?? [])]) assert.deepEqual(holesIn(line), [], `hole in: ${line}`);
        const last = section.paragraphs.at(-1);
        if (section.items?.length && last) assert.deepEqual(holesIn(last.replace(/:$/, '.')), [], `hole in: ${last}`);
      }
    });

    it('makes no promise the original does not make', () => {
      const all = text(renderRegulationText(load(c.file, c.fills), { name: c.org }));
      for (const forbidden of c.mustNotSay) {
        assert.ok(typeof forbidden === 'string' ? !all.includes(forbidden) : !forbidden.test(all), `must not say: ${String(forbidden)}\n---\n${all}`);
      }
    });

    it('gives the due dates worked out by hand from receipt', () => {
      const reg = load(c.file, c.fills);
      for (const { received, expected } of c.fromReceipt) {
        assert.deepEqual(milestones(reg, at(received)), expected, `received ${received}`);
      }
    });
  });
}

describe('real regulations: terms that run from a later event', () => {
  it('the own milestones and decision terms that run from a later event give the dates worked out by hand', () => {
    for (const e of LATER_EVENT_EXPECTATIONS) {
      const reg = load(e.file);
      const settings = calendarSettings(reg);
      if (e.key === 'decision') {
        assert.equal(decisionStartEvent(reg), e.event, e.file);
        assert.ok(isTermRule(reg.deadlines.decision));
        const due = addTerm(e.eventDate, engineTerm(reg.deadlines.decision), settings);
        assert.equal(due, e.due, `${e.file} decision from ${e.eventDate}`);
        const max = reg.deadlines.extension.max;
        assert.ok(isTermRule(max));
        assert.equal(maxExtendedDue(due, engineTerm(max), settings), e.maxExtended, `${e.file} max from ${e.eventDate}`);
      } else {
        const own = ownMilestones(reg).find((m) => m.key === e.key);
        assert.ok(own, `${e.file} has no own milestone ${e.key}`);
        assert.equal(own.from, e.event);
        assert.equal(addTerm(e.eventDate, engineTerm(own.term), settings), e.due, `${e.file} ${e.key} from ${e.eventDate}`);
      }
    }
  });

  it('a regulation whose text leaves the decision term open cannot be activated until it is filled', () => {
    const parsed = parseRegulationDocument(readFileSync(new URL('klachtencommissie-jeugd-midden-nederland.yaml', DIR), 'utf8'));
    assert.ok(parsed.success);
    assert.deepEqual(
      activationProblems(parsed.data).map((p) => p.key),
      ['decision_term'],
    );
  });

  it('an own milestone that runs from a later event has no date from receipt', () => {
    const reg = load('noord-beveland-klacht-indienen');
    assert.equal(milestones(reg, at('2026-03-02'))['written_response'], undefined);
  });
});

/** What the published page must say of the new format elements (committee, mediation, where to go instead, own
 * milestones, a decision term from a later event). */
describe('real regulations: the new elements on the published page (intake lane)', () => {
  it('Lingewaard: mediation first, the klachtadviescommissie on request, and where to report a broken street light', () => {
    const all = text(renderRegulationText(load('lingewaard-klacht-indienen'), { name: 'Gemeente Lingewaard' }));
    assert.ok(all.includes('Klachtadviescommissie'), all);
    assert.ok(all.includes('informeel via bemiddeling'), all);
    assert.ok(all.includes('melding woon- en leefomgeving'), all);
  });
  it('Meander: the committee, its members and its secretary', () => {
    const all = text(renderRegulationText(load('meander-klachtencommissie'), { name: 'Meander Medisch Centrum' }));
    assert.ok(all.includes('Klachtencommissie van Meander Medisch Centrum'), all);
    assert.ok(all.includes('voorgedragen door de Cliëntenraad'), all);
    assert.ok(all.includes('ambtelijk secretaris'), all);
  });
  it('Noord-Beveland: the written response within 4 weeks after the acknowledgement', () => {
    const all = text(renderRegulationText(load('noord-beveland-klacht-indienen'), { name: 'Gemeente Noord-Beveland' }));
    assert.ok(/4 weken na de (ontvangstbevestiging|bevestiging)/.test(all), all);
  });
  it('Hoorn: where to report something in the public space instead', () => {
    const all = text(renderRegulationText(load('hoorn-klacht-over-dienstverlening'), { name: 'Gemeente Hoorn' }));
    assert.ok(/Maak dan een melding openbare ruimte\b/.test(all), all);
  });
  it('Jeugd Midden-Nederland: the external committee and the notice within 2 weeks', () => {
    const reg = load('klachtencommissie-jeugd-midden-nederland', { decision_term: '6 weken' });
    const all = text(renderRegulationText(reg, { name: 'Klachtencommissie Jeugd Midden-Nederland' }));
    assert.ok(/binnen 2 weken/i.test(all), all);
    assert.ok(all.includes('geschorst') || all.includes('stilgezet'), all);
  });
  it('George Remst: the 6 weeks run from the written complaint after mediation, not from receipt', () => {
    const all = text(renderRegulationText(load('george-remst-acupunctuur'), { name: 'Acupunctuurpraktijk George Remst' }));
    assert.ok(!all.includes('binnen 6 weken na ontvangst van uw klacht'), all);
    assert.ok(all.includes('klachtenfunctionaris'), all);
  });
});
