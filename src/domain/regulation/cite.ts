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

/**
 * A reference in parentheses, flattened where it has its own: "§3 (voetnoot 1)" gives "(§3, voetnoot 1)" and
 * "Definities (Complexe of gevoelige klacht)" gives "(Definities, Complexe of gevoelige klacht)", never a second pair
 * inside the first (lane walk15 read "(§3 (voetnoot 1))"). The one place that wraps an article in parentheses.
 */
export function inParentheses(ref: string): string {
  return `(${ref.trim().replace(/\s*\(([^()]*)\)/g, ', $1')})`;
}

/** " (artikel 6.5)" to put behind a sentence, or "" when there is no article. */
export function cite(article: string | undefined | null): string {
  const ref = articleRef(article ?? '');
  return ref ? ` ${inParentheses(ref)}` : '';
}

/**
 * cite() for a rule's source: nothing where the regulation is silent or the rule is a Klachtwijs convention (the
 * source's article then only says where the regulation would have said it, so citing it would name an article that
 * is about something else: found walking the demo, "geen bewaartermijn (artikel 7)" where 002's article 7 is the
 * analysis).
 */
export function citeSource(source: { article: string; basis?: string | undefined } | undefined | null): string {
  if (!source || source.basis === 'silent' || source.basis === 'klachtwijs_default') return '';
  return cite(source.article);
}

/**
 * A body's name as it reads mid-sentence: "de Nationale ombudsman", "de Geschillencommissie Zorg" (also when the
 * regulation wrote "De Geschillencommissie Zorg"), a website bare ("erisietsmisgegaan.nl"). The one place that decides
 * the article, so the letters, Mijn klacht, the published regulation and the klachtencommissie's name in the workflow's
 * refusals and the dossier read the same (never "de De …").
 */
export function namedBody(name: string): string {
  const n = name.trim();
  if (/\.[a-z]{2,}$/i.test(n)) return n;
  if (/^(de|het)\s/i.test(n)) return n.replace(/^De\s/, 'de ').replace(/^Het\s/, 'het ');
  return `de ${n}`;
}

/**
 * A role's label with its Dutch article: "het" for the het-words roles are named with (bestuur, secretariaat, college,
 * managementteam …; whole words, so "bestuurder" stays "de"), "een" for one member of a body ("een lid van de
 * commissie"), "de" otherwise; a label that has its own article keeps it. The one place that decides it, so the
 * published regulation and the reports read the same (never "De bestuur", found walking 003's half-yearly report).
 */
export function withArticle(label: string): string {
  if (/^(de|het|een)\s/i.test(label)) return label;
  if (/^(lid|leden)\b/i.test(label)) return /^lid\b/i.test(label) ? `een ${label}` : `de ${label}`;
  if (/^(bestuur|dagelijks bestuur|algemeen bestuur|management|managementteam|mt|secretariaat|college|team|kantoor)\b/i.test(label)) return `het ${label}`;
  return `de ${label}`;
}
