/**
 * Open points and placeholders: what a regulation leaves for the organisation to fill before it can be
 * activated, and filling them (KEY=VALUE) with validated values.
 */
import { formatPath, parseRegulation, type RegulationIssue } from './parse.ts';
import {
  CHANNELS,
  isOpenPoint,
  type Channel,
  type FillExpects,
  type OpenPoint,
  type Regulation,
  type Source,
} from './schema.ts';
import { parseTermText } from './terms.ts';

/** Something that must be filled before activation. */
export interface OpenItem {
  kind: 'open_point' | 'placeholder';
  key: string;
  /** Where it sits, e.g. `deadlines.decision`; for a placeholder the token, e.g. `[naam organisatie]`. */
  where: string;
  question: string;
  expects: FillExpects;
  example?: string;
  source: Source;
}

export interface ActivationProblem extends OpenItem {
  /** Dutch, e.g. `Open punt decision_term (deadlines.decision): Binnen welke termijn …?` */
  message: string;
}

/** Every open point and unfilled placeholder of a regulation (filled ones are left out). */
export function openItems(reg: Regulation): OpenItem[] {
  const items: OpenItem[] = [];
  walk(reg, [], (value, path) => {
    if (isOpenPoint(value)) {
      items.push({
        kind: 'open_point',
        key: value.key,
        where: formatPath(path),
        question: value.question,
        expects: value.expects,
        ...(value.example !== undefined ? { example: value.example } : {}),
        source: value.source,
      });
      return false;
    }
    return true;
  });
  for (const p of reg.placeholders) {
    if (p.value === undefined || containsToken(reg, p.token)) {
      items.push({ kind: 'placeholder', key: p.key, where: p.token, question: p.question, expects: p.expects, source: p.source });
    }
  }
  return items;
}

/**
 * What stands between this regulation and activation: unfilled open points and placeholders.
 * Empty means the regulation can be activated. (Legal findings are separate: see `legalCheck`.)
 */
export function activationProblems(reg: Regulation): ActivationProblem[] {
  return openItems(reg).map((item) => ({
    ...item,
    message:
      item.kind === 'open_point'
        ? `Open punt ${item.key} (${item.where}): ${item.question}`
        : `Nog in te vullen ${item.key} (${item.where}): ${item.question}`,
  }));
}

export interface FillError {
  key: string;
  message: string;
}

export type ApplyFillsResult =
  | { ok: true; regulation: Regulation }
  | { ok: false; errors: FillError[] };

/** Words that mean "the procedure prescribes none" for an open point with `allowNone`. */
const NONE_WORDS = new Set(['geen', 'none', 'niet voorgeschreven', 'n.v.t.', 'nvt', '-']);

/**
 * Fill open points and placeholders by key (`decision_term=6 weken`, `org_name=Stichting X`).
 * Values are validated by what the open point expects (a term, a date, an e-mail address …); the
 * result is validated as a whole. Unknown keys are errors, so a typo never passes silently.
 * Does not change `reg`.
 */
export function applyFills(reg: Regulation, fills: Readonly<Record<string, string>>): ApplyFillsResult {
  const errors: FillError[] = [];
  const next = structuredClone(reg);
  const known = new Set<string>();
  const used = new Set<string>();

  // Inline open points.
  const replaced = replaceDeep(next, (value) => {
    if (!isOpenPoint(value)) return undefined;
    known.add(value.key);
    const raw = fills[value.key];
    if (raw === undefined) return undefined;
    used.add(value.key);
    const converted = convertOpenPoint(value, raw);
    if (!converted.ok) {
      errors.push({ key: value.key, message: converted.message });
      return undefined;
    }
    return { value: converted.value };
  }) as Regulation;

  // Placeholders in the text.
  for (const p of replaced.placeholders) {
    known.add(p.key);
    const raw = fills[p.key];
    if (raw === undefined) continue;
    used.add(p.key);
    const checked = checkScalar(p.expects, raw);
    if (!checked.ok) {
      errors.push({ key: p.key, message: checked.message });
      continue;
    }
    p.value = checked.value;
  }
  const withText = replaceStrings(replaced, (s) => {
    let out = s;
    for (const p of replaced.placeholders) if (p.value !== undefined) out = out.split(p.token).join(p.value);
    return out;
  });

  for (const key of Object.keys(fills)) {
    if (!used.has(key)) {
      const open = [...known].filter((k) => !used.has(k));
      errors.push({
        key,
        message:
          `onbekende sleutel "${key}": deze regeling heeft geen open punt met die naam` +
          (open.length > 0 ? ` (open punten: ${open.join(', ')})` : ''),
      });
    }
  }
  if (errors.length > 0) return { ok: false, errors };

  const parsed = parseRegulation(withText);
  if (!parsed.success) return { ok: false, errors: parsed.issues.map((i: RegulationIssue) => ({ key: i.path, message: i.message })) };
  return { ok: true, regulation: parsed.data };
}

/** Parse `KEY=VALUE` strings (as given on the command line) into a fill map. */
export function parseFillArgs(args: readonly string[]): { fills: Record<string, string>; errors: FillError[] } {
  const fills: Record<string, string> = {};
  const errors: FillError[] = [];
  for (const arg of args) {
    const at = arg.indexOf('=');
    if (at <= 0) {
      errors.push({ key: arg, message: `"${arg}" heeft niet de vorm SLEUTEL=WAARDE` });
      continue;
    }
    fills[arg.slice(0, at).trim()] = arg.slice(at + 1).trim();
  }
  return { fills, errors };
}

// ---------------------------------------------------------------------------------------------

type Converted = { ok: true; value: unknown } | { ok: false; message: string };

function convertOpenPoint(point: OpenPoint, raw: string): Converted {
  const value = raw.trim();
  const source: Source = { ...point.source, basis: 'organisation', fill: point.key };
  if (point.allowNone && NONE_WORDS.has(value.toLowerCase())) {
    return {
      ok: true,
      value: { notPrescribed: true, source, note: 'De organisatie heeft aangegeven dat hiervoor niets is voorgeschreven.' },
    };
  }
  switch (point.expects) {
    case 'term': {
      const term = parseTermText(value);
      if (!term) {
        return {
          ok: false,
          message: `"${raw}" is geen termijn; schrijf bijvoorbeeld "6 weken", "10 werkdagen", "1 maand" of "1 jaar"${point.allowNone ? ', of "geen"' : ''}`,
        };
      }
      return { ok: true, value: { amount: term.amount, unit: term.unit, source } };
    }
    case 'channels': {
      const channels = parseChannels(value);
      if (!channels.ok) return channels;
      return { ok: true, value: channels.value.map((channel) => ({ channel, source })) };
    }
    default:
      return checkScalar(point.expects, value);
  }
}

type Checked = { ok: true; value: string } | { ok: false; message: string };

function checkScalar(expects: FillExpects, raw: string): Checked {
  const value = raw.trim();
  if (value === '') return { ok: false, message: 'mag niet leeg zijn' };
  switch (expects) {
    case 'text':
      return { ok: true, value };
    case 'date': {
      const iso = toIsoDate(value);
      return iso ? { ok: true, value: iso } : { ok: false, message: `"${raw}" is geen datum; schrijf JJJJ-MM-DD of DD-MM-JJJJ` };
    }
    case 'email':
      return /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value)
        ? { ok: true, value }
        : { ok: false, message: `"${raw}" is geen e-mailadres` };
    case 'url':
      return /^https?:\/\/[^\s]+$/.test(value)
        ? { ok: true, value }
        : { ok: false, message: `"${raw}" is geen webadres; begin met https://` };
    case 'phone':
      return /^\+?[0-9][0-9 ()-]{5,}$/.test(value)
        ? { ok: true, value }
        : { ok: false, message: `"${raw}" is geen telefoonnummer` };
    case 'term': {
      const term = parseTermText(value);
      return term ? { ok: true, value } : { ok: false, message: `"${raw}" is geen termijn` };
    }
    case 'channels': {
      const c = parseChannels(value);
      return c.ok ? { ok: true, value: c.value.join(',') } : c;
    }
  }
}

const CHANNEL_WORDS: Record<string, Channel> = {
  webformulier: 'web_form',
  formulier: 'web_form',
  klachtenformulier: 'web_form',
  website: 'web_form',
  brief: 'letter',
  post: 'letter',
  'e-mail': 'email',
  mail: 'email',
  telefoon: 'phone',
  telefonisch: 'phone',
  persoonlijk: 'in_person',
  mondeling: 'in_person',
  balie: 'in_person',
  'sociale media': 'social_media',
  'social media': 'social_media',
};

function parseChannels(raw: string): { ok: true; value: Channel[] } | { ok: false; message: string } {
  const parts = raw
    .split(/[,;]/)
    .map((p) => p.trim().toLowerCase())
    .filter((p) => p !== '');
  const out: Channel[] = [];
  for (const part of parts) {
    const channel = (CHANNELS as readonly string[]).includes(part) ? (part as Channel) : CHANNEL_WORDS[part];
    if (!channel) {
      return { ok: false, message: `onbekend kanaal "${part}"; kies uit: ${CHANNELS.join(', ')}` };
    }
    if (!out.includes(channel)) out.push(channel);
  }
  if (out.length === 0) return { ok: false, message: 'noem minstens één kanaal, bijvoorbeeld web_form,email,phone' };
  return { ok: true, value: out };
}

function toIsoDate(value: string): string | null {
  let y: number, m: number, d: number;
  const iso = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(value);
  const nl = /^(\d{1,2})[-/ .](\d{1,2})[-/ .](\d{4})$/.exec(value);
  if (iso) [y, m, d] = [Number(iso[1]), Number(iso[2]), Number(iso[3])];
  else if (nl) [d, m, y] = [Number(nl[1]), Number(nl[2]), Number(nl[3])];
  else return null;
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return null;
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** Visit every value; `visit` returns false to stop descending into a value. */
function walk(value: unknown, path: (string | number)[], visit: (value: unknown, path: (string | number)[]) => boolean): void {
  if (!visit(value, path)) return;
  if (Array.isArray(value)) value.forEach((v, i) => walk(v, [...path, i], visit));
  else if (typeof value === 'object' && value !== null) {
    for (const [k, v] of Object.entries(value)) walk(v, [...path, k], visit);
  }
}

/** Rebuild a value, replacing any node for which `replace` returns `{ value }`. */
function replaceDeep(value: unknown, replace: (value: unknown) => { value: unknown } | undefined): unknown {
  const r = replace(value);
  if (r) return r.value;
  if (Array.isArray(value)) return value.map((v) => replaceDeep(v, replace));
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, replaceDeep(v, replace)]));
  }
  return value;
}

/** Replace text in every string of the regulation except the placeholder definitions themselves. */
function replaceStrings(reg: Regulation, fn: (s: string) => string): Regulation {
  const { placeholders, ...rest } = reg;
  const mapped = mapStrings(rest, fn) as Omit<Regulation, 'placeholders'>;
  return { ...mapped, placeholders } as Regulation;
}

function mapStrings(value: unknown, fn: (s: string) => string): unknown {
  if (typeof value === 'string') return fn(value);
  if (Array.isArray(value)) return value.map((v) => mapStrings(v, fn));
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, mapStrings(v, fn)]));
  }
  return value;
}

function containsToken(reg: Regulation, token: string): boolean {
  const { placeholders: _placeholders, ...rest } = reg;
  let found = false;
  walk(rest, [], (v) => {
    if (found) return false;
    if (typeof v === 'string' && v.includes(token)) found = true;
    return true;
  });
  return found;
}

/** Fill placeholders that come from the organisation's own data (used by render and presets). */
export function organisationFills(reg: Regulation, org: { name: string }): Record<string, string> {
  const fills: Record<string, string> = {};
  for (const p of reg.placeholders) {
    if (p.value === undefined && p.fromOrganisation === 'name') fills[p.key] = org.name;
  }
  return fills;
}
