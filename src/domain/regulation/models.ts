/**
 * Which model regulations fit an organisation: those whose `model.laws` match the legal frameworks the organisation
 * stated apply to it come first (issue 12). Pure: the caller passes the models it has read.
 */
import type { LegalFramework, Regulation } from './schema.ts';

export interface ModelCandidate {
  /** How the caller names it (file name without `.yaml`, or a preset key). */
  key: string;
  regulation: Pick<Regulation, 'model'>;
}

export interface ModelRecommendation<T extends ModelCandidate> {
  /** Models written for at least one of the organisation's frameworks; best match first. */
  recommended: T[];
  /** The rest, in the order given. */
  others: T[];
}

/**
 * Split the models into recommended and others. A model is recommended when its laws overlap the organisation's
 * frameworks; among those, more laws the organisation stated first, then fewer laws it did not state, then the
 * order given. With no frameworks stated, nothing is recommended.
 */
export function recommendedModels<T extends ModelCandidate>(frameworks: readonly LegalFramework[], models: readonly T[]): ModelRecommendation<T> {
  const scored = models.map((m, index) => {
    const laws = m.regulation.model?.laws ?? [];
    const matching = laws.filter((l) => frameworks.includes(l)).length;
    return { m, index, matching, foreign: laws.length - matching };
  });
  const recommended = scored
    .filter((s) => s.matching > 0)
    .sort((a, b) => b.matching - a.matching || a.foreign - b.foreign || a.index - b.index)
    .map((s) => s.m);
  const others = scored.filter((s) => s.matching === 0).map((s) => s.m);
  return { recommended, others };
}
