/**
 * How a rule names where it comes from, in Dutch: "artikel 6.5", "§3", "Bijlage 2", or the heading of a
 * regulation that has no article numbers ("onderdeel "Behandeling van de klacht""). Pure.
 */

/** The reference itself: "artikel 6.5", "§3", "Bijlage 2", "onderdeel "Definities (Klachtencoördinator)"". */
export function articleRef(article: string): string {
  const a = article.trim();
  if (a === '') return '';
  if (/^(\d|[IVX]+\b)/.test(a)) return `artikel ${a}`;
  if (/^(§|art(\.|ikel)|bijlage|awb|wkkgz|wet|jeugdwet|wmo)/i.test(a)) return a;
  return `onderdeel "${a}"`;
}

/** " (artikel 6.5)" to put behind a sentence, or "" when there is no article. */
export function cite(article: string | undefined | null): string {
  const ref = articleRef(article ?? '');
  return ref ? ` (${ref})` : '';
}
