/**
 * Parsing a regulation from unknown data (a YAML/JSON file, a form, the database) with Dutch messages
 * that name the path of the field at fault, e.g. `deadlines.decision.amount: moet een geheel getal van 1
 * of meer zijn`.
 */
import type { z } from 'zod';
import { atFirstUse } from '../../shared/lazy.ts';
import { RegulationSchema, type Regulation } from './schema.ts';

/** yaml, loaded at the first YAML text read (issue 13: a restart reads the regulation library from its cache). */
const yaml = atFirstUse<typeof import('yaml')>('yaml');

export interface RegulationIssue {
  /** Dotted path with array indices, e.g. `intake.channels[0].channel`; empty for the whole document. */
  path: string;
  /** Dutch message. */
  message: string;
  /** `path: message`, ready to show. */
  text: string;
}

export type RegulationParseResult =
  | { success: true; data: Regulation }
  | { success: false; issues: RegulationIssue[] };

/** Validate unknown data as a regulation. Issues are in Dutch and name the path. */
export function parseRegulation(input: unknown): RegulationParseResult {
  // A NUL character ("\0" in YAML) or half a surrogate pair cannot be stored (PostgreSQL refuses NUL in text).
  const unstorable = unstorableTextPaths(input);
  if (unstorable.length) return { success: false, issues: unstorable.map((path) => issue(path, 'bevat een teken dat niet kan worden opgeslagen (een nulteken, \\0, of een half teken). Haal het weg.')) };
  const result = RegulationSchema.safeParse(input, { error: dutchMessage });
  if (result.success) return { success: true, data: result.data };
  return { success: false, issues: flattenIssues(result.error.issues, [], input) };
}

/** Parse a regulation written as YAML or JSON text (JSON is valid YAML). */
export function parseRegulationDocument(source: string): RegulationParseResult {
  let data: unknown;
  try {
    data = yaml().parse(source, { prettyErrors: true });
  } catch (err) {
    const detail = err instanceof Error ? err.message.split('\n')[0] : String(err);
    return { success: false, issues: [issue([], `het bestand is geen geldige YAML of JSON (${detail})`)] };
  }
  return parseRegulation(data);
}

const isUnstorable = (s: string) => s.includes('\u0000') || !s.isWellFormed();

/** Paths of strings (values or keys) that cannot be stored; at most ten. Iterative: deep junk cannot overflow the stack. */
function unstorableTextPaths(root: unknown): PropertyKey[][] {
  const found: PropertyKey[][] = [];
  const stack: [unknown, PropertyKey[]][] = [[root, []]];
  while (stack.length && found.length < 10) {
    const [value, path] = stack.pop()!;
    if (typeof value === 'string') {
      if (isUnstorable(value)) found.push(path);
    } else if (Array.isArray(value)) {
      value.forEach((v, i) => stack.push([v, [...path, i]]));
    } else if (typeof value === 'object' && value !== null) {
      for (const [k, v] of Object.entries(value)) {
        if (isUnstorable(k)) found.push([...path, k.replaceAll('\u0000', '\\0').toWellFormed()]);
        else stack.push([v, [...path, k]]);
      }
    }
  }
  return found.reverse();
}

/** `a.b[0].c` */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out === '' ? String(part) : `.${String(part)}`;
  }
  return out;
}

function issue(path: readonly PropertyKey[], message: string): RegulationIssue {
  const p = formatPath(path);
  return { path: p, message, text: p === '' ? message : `${p}: ${message}` };
}

const TYPE_NAMES: Record<string, string> = {
  string: 'tekst',
  number: 'een getal',
  int: 'een geheel getal',
  boolean: 'true of false',
  array: 'een lijst',
  object: 'een object (sleutels met waarden)',
  date: 'een datum',
};

type RawIssue = z.core.$ZodRawIssue;

/** Per-parse Dutch error map (schema-level messages take precedence). */
function dutchMessage(iss: RawIssue): string {
  switch (iss.code) {
    case 'invalid_type':
      if (iss.input === undefined) return 'ontbreekt';
      return `moet ${TYPE_NAMES[iss.expected] ?? iss.expected} zijn`;
    case 'too_small': {
      const min = Number(iss.minimum);
      if (iss.origin === 'string') return min <= 1 ? 'mag niet leeg zijn' : `moet minstens ${min} tekens hebben`;
      if (iss.origin === 'array') return `moet minstens ${min} ${min === 1 ? 'onderdeel' : 'onderdelen'} bevatten`;
      return iss.inclusive === false ? `moet groter zijn dan ${min}` : `moet ${min} of meer zijn`;
    }
    case 'too_big': {
      const max = Number(iss.maximum);
      if (iss.origin === 'string') return `mag hoogstens ${max} tekens hebben`;
      if (iss.origin === 'array') return `mag hoogstens ${max} onderdelen bevatten`;
      return iss.inclusive === false ? `moet kleiner zijn dan ${max}` : `mag niet groter zijn dan ${max}`;
    }
    case 'invalid_value':
      if (iss.values.length === 1) return `moet ${JSON.stringify(iss.values[0])} zijn`;
      return `moet een van deze waarden zijn: ${iss.values.map((v) => String(v)).join(', ')}`;
    case 'unrecognized_keys':
      return `onbekend veld: ${iss.keys.join(', ')}`;
    case 'invalid_format':
      return 'heeft niet de juiste vorm';
    case 'invalid_union':
      return 'past bij geen van de toegestane vormen';
    default:
      return 'is ongeldig';
  }
}

/**
 * Turn zod issues into flat Dutch issues. Unions (value | open point | not prescribed) are resolved to
 * the branch the input was evidently meant for, so the message names the real field at fault.
 */
function flattenIssues(
  issues: readonly z.core.$ZodIssue[],
  base: readonly PropertyKey[],
  root: unknown,
): RegulationIssue[] {
  const out: RegulationIssue[] = [];
  for (const iss of issues) {
    const path = [...base, ...iss.path];
    if (iss.code === 'invalid_union' && iss.errors.length > 0) {
      const value = valueAt(root, path);
      const marker = markerRejected(iss.errors, value);
      if (marker === 'notPrescribed') {
        out.push(issue(path, 'mag niet "niet voorgeschreven" zijn: deze waarde is nodig; vul een waarde in of maak er een open punt van'));
        continue;
      }
      if (marker === 'open') {
        out.push(issue(path, 'hier kan geen open punt staan; vul een waarde in'));
        continue;
      }
      const branch = pickBranch(iss.errors, value);
      out.push(...flattenIssues(branch, path, root));
    } else if (iss.code === 'unrecognized_keys') {
      for (const key of iss.keys) out.push(issue([...path, key], 'onbekend veld (tikfout?)'));
    } else {
      out.push(issue(path, iss.message));
    }
  }
  // The same message can arrive twice through nested unions.
  const seen = new Set<string>();
  return out.filter((i) => (seen.has(i.text) ? false : (seen.add(i.text), true)));
}

const MARKER_KEYS = ['open', 'notPrescribed'];

/** The marker the input carries when no branch of the union accepts that marker. */
function markerRejected(branches: readonly (readonly z.core.$ZodIssue[])[], value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const marker = MARKER_KEYS.find((k) => (value as Record<string, unknown>)[k] === true);
  if (!marker) return undefined;
  const rejects = (branch: readonly z.core.$ZodIssue[]) =>
    branch.some(
      (iss) =>
        (iss.code === 'unrecognized_keys' && iss.path.length === 0 && iss.keys.includes(marker)) ||
        (iss.code === 'invalid_type' && iss.path.length === 0),
    );
  return branches.every(rejects) ? marker : undefined;
}

function pickBranch(branches: readonly (readonly z.core.$ZodIssue[])[], value: unknown): readonly z.core.$ZodIssue[] {
  const isObject = typeof value === 'object' && value !== null && !Array.isArray(value);
  const has = (key: string) => isObject && key in (value as Record<string, unknown>);
  let best: readonly z.core.$ZodIssue[] = branches[0] ?? [];
  let bestScore = Number.POSITIVE_INFINITY;
  for (const branch of branches) {
    let score = 0;
    for (const iss of branch) {
      const last = iss.path[iss.path.length - 1];
      if (iss.path.length === 1 && typeof last === 'string' && MARKER_KEYS.includes(last) && !has(last)) {
        score += 100; // this branch needs a marker the input does not have
      } else if (iss.code === 'unrecognized_keys' && iss.path.length === 0 && iss.keys.some((k) => MARKER_KEYS.includes(k))) {
        score += 100; // the input carries a marker this branch does not accept
      } else if (iss.code === 'invalid_type' && iss.path.length === 0) {
        score += iss.expected === 'object' && !isObject ? 50 : 10;
      } else {
        score += 1;
      }
    }
    if (score < bestScore) {
      best = branch;
      bestScore = score;
    }
  }
  return best;
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let cur: unknown = root;
  for (const part of path) {
    if (typeof cur !== 'object' || cur === null) return undefined;
    cur = (cur as Record<PropertyKey, unknown>)[part];
  }
  return cur;
}
