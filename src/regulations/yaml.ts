/**
 * A regulation written as a YAML file in the documented layout: block style, the Dutch text on one line as
 * written, a comment above each part and each term (`# artikel 6.8: beslissing binnen 8 weken`), every
 * open point with its question as a comment. The model files in `regulations/` were written with it, and
 * `klachtwijs regulations show X --yaml` and `regulations new --from X` print with it, so the layout is
 * the same everywhere.
 */
import type { Node, Pair, Scalar, YAMLMap } from 'yaml';
import { atFirstUse } from '../shared/lazy.ts';
import { describeTerm } from '../domain/deadlines/index.ts';
import { isOpenPoint, isTermRule, type TermRule } from '../domain/regulation/index.ts';

/** yaml, loaded at the first file written (issue 13: a start writes none). */
const yaml = atFirstUse<typeof import('yaml')>('yaml');

/** Plain YAML of any value (yaml's defaults, no comments): the regulation pages' text field and download. */
export const toYaml = (value: unknown): string => yaml().stringify(value);

/** The first line of every regulation file: editors that know it (VS Code's YAML extension) complete and check with the schema. */
export const SCHEMA_COMMENT = 'yaml-language-server: $schema=./schema.json';

/** A short Dutch comment above each top-level part, for a reader of the file. */
export const PART_COMMENTS: Record<string, string> = {
  format: 'De versie van de opbouw van dit bestand; niet wijzigen.',
  model: 'Over deze voorbeeld- of modelregeling: voor wie ze past en welke wetten ze volgt.',
  preset: 'De voorbeeld- of modelregeling waarop deze regeling is gebaseerd.',
  metadata: 'Titel, vaststelling en herziening van de regeling.',
  scope: 'Voor welk deel van de organisatie de regeling geldt.',
  placeholders: 'Plekken in de tekst die de organisatie zelf invult.',
  purposes: 'Het doel van de regeling.',
  informing: 'Hoe de organisatie de regeling bekendmaakt.',
  intake: 'Wat een klacht is, wie een klacht kan indienen en hoe.',
  classification: 'Hoe klachten worden ingedeeld.',
  roles: 'De rollen die de regeling noemt.',
  routing: 'Wie een klacht ontvangt, registreert, behandelt en erover beslist.',
  admissibility: 'Wanneer een klacht niet in behandeling wordt genomen.',
  handling: 'De behandeling: horen, informeren, afronden.',
  deadlines: 'De termijnen.',
  calendar: 'Hoe termijnen worden geteld (Algemene termijnenwet, sluitingsdagen).',
  contact: 'Contactgegevens voor klachten.',
  externalBody: 'Waar de klager terechtkan als hij het niet eens is met de uitkomst.',
  committee: 'De klachtencommissie.',
  records: 'Het klachtdossier en de registratie.',
  retention: 'Hoe lang het dossier wordt bewaard.',
  reporting: 'Rapportages, analyse en evaluatie.',
};

/** What each standard term is, in the comment above it. */
const TERM_LABELS: Record<string, string> = {
  acknowledgement: 'ontvangstbevestiging',
  inadmissibilityNotice: 'bericht niet-ontvankelijk',
  decision: 'beslissing',
  serviceNorm: 'interne norm voor de afhandeling',
  max: 'verlenging met ten hoogste',
  period: 'bewaren',
};

/** The comment lines at the top of a model file in `regulations/`. */
export function presetHeader(preset: { key: string; title: string; model: { document?: string | undefined } }): string[] {
  return [
    `${preset.title}: voorbeeldregeling "${preset.key}"${preset.model.document ? `, geschreven naar ${preset.model.document}` : ''}.`,
    `Begin een eigen regeling met een kopie: klachtwijs regulations new --from ${preset.key} > mijn-regeling.yaml`,
  ];
}

/**
 * The comment lines at the top of a file written by regulationToYaml (without the schema line and without `#`), so
 * a model printed again (filled in) keeps the notes its file starts with.
 */
export function fileHeader(text: string): string[] {
  const end = text.indexOf(`\n\n# ${PART_COMMENTS.format}`);
  if (end < 0) return [];
  const lines = text.slice(0, end).split('\n');
  if (lines[0] === `# ${SCHEMA_COMMENT}`) lines.shift();
  while (lines[0] === '') lines.shift();
  return lines.map((l) => l.replace(/^# ?/, ''));
}

export interface YamlOptions {
  /** Comment lines at the top, after the schema line (without `#`). */
  header?: readonly string[];
}

/** `artikel 6.8` for an article number, else the reference as written (`§3`, `Awb 9:11 lid 2`). */
function articleRef(article: string | undefined): string {
  if (!article) return '';
  return /^\d/.test(article) ? `artikel ${article}` : article;
}

function termComment(label: string, rule: TermRule & { source?: { article?: string } }): string {
  const ref = articleRef(rule.source?.article);
  const atw = rule.atw === false ? ', zonder Algemene termijnenwet' : rule.atw === true ? ', met Algemene termijnenwet' : '';
  const term = label === TERM_LABELS.max || label === TERM_LABELS.period ? `${label} ${describeTerm(rule)}` : `${label} binnen ${describeTerm(rule)}`;
  return ` ${ref ? `${ref}: ` : ''}${term}${atw}`;
}

function setComment(pair: Pair, comment: string): void {
  if (!yaml().isScalar(pair.key)) return;
  const key = pair.key as Scalar;
  key.commentBefore = key.commentBefore ? `${key.commentBefore}\n${comment}` : comment;
}

/** Comments on terms and open points anywhere below `node`. */
function annotate(node: unknown, data: unknown, parentKey: string | null): void {
  const { isMap, isPair, isScalar, isSeq } = yaml();
  if (isMap(node) && typeof data === 'object' && data !== null && !Array.isArray(data)) {
    const obj = data as Record<string, unknown>;
    for (const pair of (node as YAMLMap).items) {
      if (!isPair(pair) || !isScalar(pair.key)) continue;
      const key = String((pair.key as Scalar).value);
      const value = obj[key];
      if (isOpenPoint(value)) {
        setComment(pair, ` Open punt "${value.key}": ${value.question}`);
        continue;
      }
      if (isTermRule(value)) {
        const label = parentKey === 'milestones' ? null : (TERM_LABELS[key] ?? null);
        const ownLabel = key === 'term' && typeof obj.label === 'string' ? (obj.label as string) : null;
        if (label ?? ownLabel) setComment(pair, termComment((label ?? ownLabel)!, value));
      }
      annotate(pair.value, value, key);
    }
  } else if (isSeq(node) && Array.isArray(data)) {
    node.items.forEach((item, i) => annotate(item, data[i], parentKey));
  }
}

/**
 * The YAML text of a regulation document (a regulation, optionally with its `model:` block). Key order is
 * the document's own; nothing is added to or taken from the data, only comments.
 */
export function regulationToYaml(document: Readonly<Record<string, unknown>>, options: YamlOptions = {}): string {
  const { Document, isMap, isPair, isScalar } = yaml();
  const doc = new Document(document);
  doc.commentBefore = [` ${SCHEMA_COMMENT}`, ...(options.header?.length ? ['', ...options.header.map((l) => (l === '' ? '' : ` ${l}`))] : [])].join('\n');
  const root = doc.contents as Node;
  if (isMap(root)) {
    root.items.forEach((pair, i) => {
      if (!isPair(pair) || !isScalar(pair.key)) return;
      const key = String((pair.key as Scalar).value);
      if (i > 0) (pair.key as Scalar).spaceBefore = true; // a blank line between the parts
      if (PART_COMMENTS[key]) setComment(pair, ` ${PART_COMMENTS[key]}`);
    });
    annotate(root, document, null);
  }
  return doc.toString({ lineWidth: 0, indentSeq: true });
}
