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

const YEAR_NUMBERS = ['', 'één', 'twee', 'drie', 'vier', 'vijf', 'zes', 'zeven', 'acht', 'negen', 'tien'] as const;

/**
 * A term as the regulation writes it in `text` (its own sentence for the rule): a term kept in whole years of months
 * is said in years where that text says years ("langer dan één jaar", 002 art. 5.1b, stored as 12 months), else as
 * {@link describeTerm} says it ("12 maanden"). Only words the text holds: never a year the regulation does not name.
 */
export function describeTermAsWritten(term: Term, text: string): string {
  if (term.unit === 'months' && term.amount % 12 === 0) {
    const years = term.amount / 12;
    const words = [`${years} jaar`, ...(YEAR_NUMBERS[years] ? [`${YEAR_NUMBERS[years]} jaar`] : []), ...(years === 1 ? ['een jaar'] : [])];
    const written = words.find((w) => new RegExp(`(^|[^\\p{L}\\d])${w}(?!\\p{L})`, 'iu').test(text));
    if (written) return written;
  }
  return describeTerm(term);
}
