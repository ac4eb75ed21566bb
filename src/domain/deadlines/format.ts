/** Dutch wording of dates and terms for messages and letters. Pure and locale-independent. */
import { parseIsoDate } from './dates.ts';
import type { IsoDate, Term, TermUnit } from './types.ts';

const MONTHS = [
  'januari', 'februari', 'maart', 'april', 'mei', 'juni',
  'juli', 'augustus', 'september', 'oktober', 'november', 'december',
] as const;

const UNIT_WORDS: Record<TermUnit, readonly [singular: string, plural: string]> = {
  workingDays: ['werkdag', 'werkdagen'],
  days: ['dag', 'dagen'],
  weeks: ['week', 'weken'],
  months: ['maand', 'maanden'],
};

/** "14 mei 2026". */
export function formatDutchDate(date: IsoDate): string {
  const { year, month, day } = parseIsoDate(date);
  return `${day} ${MONTHS[month - 1] ?? ''} ${year}`;
}

/** "4 weken", "1 week", "7 werkdagen", "1 maand". */
export function describeTerm(term: Term): string {
  const [singular, plural] = UNIT_WORDS[term.unit];
  return `${term.amount} ${term.amount === 1 ? singular : plural}`;
}
