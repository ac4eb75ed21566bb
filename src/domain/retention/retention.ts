/**
 * Retention (issue 11, ADR 0019): when a closed dossier may be destroyed, and on what basis. Pure.
 *
 * "The regulation decides, the law is marked": the period comes from the regulation version the complaint was
 * received under (its article via `source`; a period per legal framework where the regulation distinguishes them,
 * e.g. Jeugdwet art. 7.3.8: 20 years), from a law named in that source, or, where the regulation is silent, from
 * the organisation's own setting. "Not prescribed" never means "keep forever" unless the organisation chose that.
 */
import { addTerm } from '../deadlines/engine.ts';
import type { CalendarSettings, IsoDate, Term } from '../deadlines/types.ts';
import { articleRef, cite, citeSource, inParentheses } from '../regulation/cite.ts';
import {
  isNotPrescribed,
  isOpenPoint,
  RETENTION_FRAMEWORK_LABELS,
  type Regulation,
  type RetentionFramework,
  type Source,
} from '../regulation/schema.ts';
import { termText } from '../regulation/terms.ts';
import { ENDED_STATUSES } from '../workflow/states.ts';

/** The organisation's own retention settings (used where the regulation is silent, and for brief records). */
export interface OrganisationRetention {
  /** Where the regulation names no period: a period from the end of the procedure, or an explicit "keep without end". */
  defaultPeriod: Term | 'forever';
  /** Dissatisfaction resolved on the spot, kept as a brief record (what, how resolved; 004 §5). */
  briefRecordPeriod: Term;
  /** Destroy what falls due without a coordinator's approval (off unless the organisation turns it on). */
  autoDestroy: boolean;
  /** False while the organisation kept Klachtwijs' starting values (shown so, so someone decides). */
  chosen: boolean;
}

/** Klachtwijs' starting values until the organisation chooses its own (shown as such on the page). */
export const STARTING_RETENTION: OrganisationRetention = {
  defaultPeriod: { amount: 24, unit: 'months' },
  briefRecordPeriod: { amount: 12, unit: 'months' },
  autoDestroy: false,
  chosen: false,
};

export type RetentionBasisKind = 'regulation' | 'law' | 'organisation';

export interface RetentionInput {
  retention: Regulation['retention'];
  kind: string;
  status: string;
  receivedOn: IsoDate;
  /** The day the organisation's own procedure ended (decision, inadmissibility, withdrawal or close); null while it runs. */
  endedOn: IsoDate | null;
  decidedOn: IsoDate | null;
  framework: RetentionFramework | null;
  clientRelationEndedOn: IsoDate | null;
  organisation: OrganisationRetention;
}

export interface RetentionDate {
  /** The first day the dossier may be destroyed; null: not (yet) destroyable. */
  destroyAfter: IsoDate | null;
  /** Dutch, one sentence: the period and where it comes from, citing the article or law. */
  basis: string;
  basisKind: RetentionBasisKind | null;
  /** The day the period runs from; null when none. */
  runsFrom: IsoDate | null;
}

/** Statuses that close a dossier for retention: the organisation's own procedure ended (a reopen makes it open again). */
export function isClosedForRetention(status: string): boolean {
  return (ENDED_STATUSES as readonly string[]).includes(status);
}

const CALENDAR: CalendarSettings = { atw: false, closedDays: [] };

function laterOf(a: IsoDate, b: IsoDate | null): IsoDate {
  return b && b > a ? b : a;
}

function sourceKind(source: Source): RetentionBasisKind {
  if (source.basis === 'law') return 'law';
  return 'regulation';
}

function sourceText(source: Source): string {
  const ref = articleRef(source.article);
  if (source.basis === 'law') return `volgens de wet ${inParentheses(ref)}`;
  if (source.basis === 'organisation') return `ingevuld door de organisatie in de klachtenregeling${cite(source.article)}`;
  return `volgens de klachtenregeling${cite(source.article)}`;
}

/** The destruction date of one dossier and its basis. */
export function destructionDate(input: RetentionInput): RetentionDate {
  if (!isClosedForRetention(input.status) || !input.endedOn) {
    return { destroyAfter: null, basis: 'De klacht loopt nog. De bewaartermijn begint als de klacht is afgesloten.', basisKind: null, runsFrom: null };
  }
  const ended = input.endedOn;
  const org = input.organisation;
  const orgNote = org.chosen ? 'instelling van de organisatie' : 'beginwaarde van Klachtwijs; de organisatie kan die wijzigen bij Bewaartermijnen';

  if (input.kind === 'dissatisfaction') {
    return {
      destroyAfter: addTerm(ended, org.briefRecordPeriod, CALENDAR),
      basis: `Kort verslag van onvrede die meteen is opgelost (wat was de onvrede en hoe is die opgelost): ${termText(org.briefRecordPeriod)} na vastleggen (${orgNote}).`,
      basisKind: 'organisation',
      runsFrom: ended,
    };
  }

  const ret = input.retention;
  const fallback = (why: string): RetentionDate =>
    org.defaultPeriod === 'forever'
      ? { destroyAfter: null, basis: `${why} De organisatie heeft gekozen: bewaren zonder einddatum (instelling van de organisatie).`, basisKind: 'organisation', runsFrom: ended }
      : {
          destroyAfter: addTerm(ended, org.defaultPeriod, CALENDAR),
          basis: `${why} Standaardtermijn van de organisatie: ${termText(org.defaultPeriod)} na afsluiten (${orgNote}; AVG art. 5 lid 1 onder e: niet langer bewaren dan nodig).`,
          basisKind: 'organisation',
          runsFrom: ended,
        };

  if (isNotPrescribed(ret)) return fallback(`De klachtenregeling noemt geen bewaartermijn${citeSource(ret.source)}.`);

  const entry = input.framework ? ret.perFramework?.find((p) => p.framework === input.framework) : undefined;
  const period = entry ? entry.period : ret.period;
  if (isOpenPoint(period)) return fallback(`De bewaartermijn in de klachtenregeling is nog niet ingevuld${citeSource(period.source)}.`);

  let start: IsoDate;
  let from: string;
  switch (ret.runsFrom) {
    case 'received':
      start = input.receivedOn;
      from = 'na ontvangst van de klacht';
      break;
    case 'decision':
      start = input.decidedOn ?? ended;
      from = input.decidedOn ? 'na de beslissing op de klacht' : 'na afsluiten (er is geen beslissing)';
      break;
    case 'as_client_file':
      if (input.clientRelationEndedOn) {
        start = laterOf(ended, input.clientRelationEndedOn);
        from = 'na het einde van de cliëntrelatie (zoals het cliëntdossier)';
      } else {
        start = ended;
        from = 'na afsluiten (het einde van de cliëntrelatie is niet vastgelegd)';
      }
      break;
    default:
      start = ended;
      from = 'na afsluiten van de klacht';
  }
  const framework = entry ? ` voor ${RETENTION_FRAMEWORK_LABELS[entry.framework]}` : '';
  const regulationDate = addTerm(start, { amount: period.amount, unit: period.unit }, CALENDAR);
  if (ret.mode === 'minimum') {
    // Keep at least the regulation's period; the organisation's own setting wins where it is longer (issue 12).
    const atLeast = `Bewaartermijn${framework}: ten minste ${termText(period)} ${from}, ${sourceText(period.source)}`;
    if (org.defaultPeriod === 'forever') {
      return {
        destroyAfter: null,
        basis: `${atLeast}; de eigen bewaartermijn van de organisatie is langer: bewaren zonder einddatum (instelling van de organisatie).`,
        basisKind: 'organisation',
        runsFrom: ended,
      };
    }
    const organisationDate = addTerm(ended, org.defaultPeriod, CALENDAR);
    if (organisationDate > regulationDate) {
      return {
        destroyAfter: organisationDate,
        basis: `${atLeast}; de eigen bewaartermijn van de organisatie is langer: ${termText(org.defaultPeriod)} na afsluiten (${orgNote}).`,
        basisKind: 'organisation',
        runsFrom: ended,
      };
    }
    return {
      destroyAfter: regulationDate,
      basis: `${atLeast}; de eigen bewaartermijn van de organisatie (${termText(org.defaultPeriod)} na afsluiten, ${orgNote}) is niet langer.`,
      basisKind: sourceKind(period.source),
      runsFrom: start,
    };
  }
  const asClientFile = ret.mode === 'as_client_file' ? ', even lang als het cliëntdossier' : '';
  return {
    destroyAfter: regulationDate,
    basis: `Bewaartermijn${framework}${asClientFile}: ${termText(period)} ${from}, ${sourceText(period.source)}.`,
    basisKind: sourceKind(period.source),
    runsFrom: start,
  };
}

/** Whether the dossier is due on `today` (its date has passed; holds are checked apart). */
export function isDue(date: RetentionDate, today: IsoDate): boolean {
  return date.destroyAfter !== null && date.destroyAfter <= today;
}

/** The line to put in the client file: only the reference number (004 §5). */
export function clientFileLine(reference: string): string {
  return `Klachtdossier ${reference}`;
}

/** `2026-03` from `2026-03-14`: destruction records and the statistics keep months, not days. */
export function monthOf(day: IsoDate | null): string | null {
  return day ? day.slice(0, 7) : null;
}

export const HOLD_KIND_LABELS = {
  external_procedure: 'Externe procedure loopt',
  dispute: 'Geschil',
  avg_request: 'AVG-verzoek',
  coordinator: 'Blokkade door de klachtenfunctionaris',
} as const;
