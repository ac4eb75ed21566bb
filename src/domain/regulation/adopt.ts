/**
 * A voorbeeld- or modelregeling as an organisation adopts it (its own name in the text), and the error a
 * wrong fill gives. The models themselves are YAML files read by src/regulations/library.ts (ADR 0025).
 */
import type { FillError } from './open-points.ts';
import type { Regulation } from './schema.ts';

export class RegulationFillError extends Error {
  readonly errors: FillError[];
  constructor(errors: FillError[]) {
    super(`Ongeldige invulling: ${errors.map((e) => `${e.key}: ${e.message}`).join('; ')}`);
    this.name = 'RegulationFillError';
    this.errors = errors;
  }
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
