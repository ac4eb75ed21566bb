/** What a preset is, and how it is built with fills. */
import { applyFills, type FillError } from '../open-points.ts';
import type { Regulation, Source } from '../schema.ts';

export interface Preset {
  /** Stable key, e.g. `stadsring51`. */
  key: string;
  /** Dutch title. */
  title: string;
  /** The seed document it follows (file name in shared/seeds). */
  seedFile: string;
  /** Seed number, e.g. `002`. */
  seed: string;
  /** One line in Dutch: what kind of regulation this is. */
  description: string;
  /**
   * How the seed names its own organisation in the text (longest first, e.g. `Stichting ConnEQt`, `ConnEQt`).
   * An organisation that adopts the preset gets its own name there (`adoptPreset`).
   */
  organisationNames: readonly string[];
  /**
   * The regulation as data, with the given open points / placeholders filled.
   * Throws `RegulationFillError` when a fill is unknown or invalid.
   */
  build(fills?: Readonly<Record<string, string>>): Regulation;
}

export class RegulationFillError extends Error {
  readonly errors: FillError[];
  constructor(errors: FillError[]) {
    super(`Ongeldige invulling: ${errors.map((e) => `${e.key}: ${e.message}`).join('; ')}`);
    this.name = 'RegulationFillError';
    this.errors = errors;
  }
}

export function definePreset(meta: Omit<Preset, 'build'>, base: () => Regulation): Preset {
  return {
    ...meta,
    build(fills = {}) {
      const reg = base();
      if (Object.keys(fills).length === 0) return reg;
      const result = applyFills(reg, fills);
      if (!result.ok) throw new RegulationFillError(result.errors);
      return result.regulation;
    },
  };
}

/** Source helper for a seed: `src('002')('6.8', { note })`. */
export function sourceFor(seed: string) {
  return (article: string, extra: Omit<Source, 'seed' | 'article'> = {}): Source => ({ seed, article, ...extra });
}

/** The Klachtwijs calendar default (PRODUCT.md, deadline conventions). */
export function defaultCalendar(seed: string): Regulation['calendar'] {
  return {
    atw: true,
    closedDays: [],
    source: {
      seed,
      article: 'Klachtwijs: termijnen tellen',
      basis: 'klachtwijs_default',
      note: 'De regeling zegt niets over het tellen van termijnen; Klachtwijs past de Algemene termijnenwet toe (standaard).',
    },
  };
}

/**
 * The preset as an organisation adopts it: every mention of the seed's own organisation becomes the adopting
 * organisation's name, in one pass (a name that contains another seed name is not replaced twice). The
 * `source` of each rule keeps the seed's wording, so the trace to the seed stays exact.
 */
export function adoptPreset(reg: Regulation, names: readonly string[], organisationName: string): Regulation {
  if (!names.length) return reg;
  const escaped = [...names].sort((a, b) => b.length - a.length).map((n) => n.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  const pattern = new RegExp(escaped.join('|'), 'g');
  const rename = (value: unknown, key: string | null): unknown => {
    if (key === 'source') return value;
    if (typeof value === 'string') return value.replace(pattern, () => organisationName);
    if (Array.isArray(value)) return value.map((v) => rename(v, null));
    if (typeof value === 'object' && value !== null) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, rename(v, k)]));
    return value;
  };
  return rename(reg, null) as Regulation;
}
