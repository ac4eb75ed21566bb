/**
 * Does a letter text's outcome sentence fit how the regulation decides (`handling.decision.outcomes`, ADR 0003)?
 * A text saved before lane outcome14 wrote "Ons oordeel: uw klacht is {{ beslissing.uitkomst }}." (and the letter to
 * the person complained about "… de klacht is …"). Under a regulation that judges no merits (000, 001, 003, 004) the
 * outcome is the decision itself and the letter would read "… is standpunt van de directie gegeven"; under any
 * regulation the outcome "geen oordeel" read "… is geen oordeel". Pure; the template page shows the notice and offers
 * the default text. Saved texts keep their words: the organisation chooses (ADR 0003 addendum, lane outcome14b).
 * A unit without a text of its own uses the text of the organisation (or of a unit above it): there "Eigen tekst weghalen"
 * removes nothing, so the notice says whose text it is and that it is changed there, or replaced by one of the unit's own
 * (lane walk15).
 */
import { cite } from '../regulation/cite.ts';
import type { DecisionOutcomes } from '../workflow/policy.ts';

/** "… is {{ beslissing.uitkomst }}" (any filter, any spacing), not `uitkomst_zin`. */
const OUTCOME_AFTER_IS = /\bis\s*\{\{-?\s*beslissing\.uitkomst\s*(\|[^}]*)?-?\}\}/i;

export interface RegulationOutcomes {
  title: string;
  outcomes: DecisionOutcomes;
}

/**
 * Whose text the template page shows, for what the notice offers: the organisation's own (removing it brings back the
 * default), a unit's own (removing it brings back the text above it), another scope's (`owner`: "de organisatie" or a
 * unit above by name; changed there), or a text typed and not yet saved (nothing to remove).
 */
export type TextPlace =
  | { kind: 'organisation' }
  | { kind: 'unit'; unit: string }
  | { kind: 'inherited'; unit: string; owner: string }
  | { kind: 'unsaved' };

/** A Dutch notice for the template page, or null when the text has no such sentence. */
export function outcomeSentenceMisfit(body: string, regulations: readonly RegulationOutcomes[], place: TextPlace = { kind: 'organisation' }): string | null {
  if (!OUTCOME_AFTER_IS.test(body)) return null;
  const nonJudging = regulations.find((r) => r.outcomes.stated && !r.outcomes.judgesMerits);
  const why = nonJudging
    ? `${nonJudging.title} oordeelt niet of een klacht gegrond is${cite(nonJudging.outcomes.article)}. Deze tekst zegt "… is {{ beslissing.uitkomst }}"; de brief wordt dan "… is ${nonJudging.outcomes.decidedLabel.toLowerCase()}".`
    : 'Deze tekst zegt "… is {{ beslissing.uitkomst }}". Bij de uitkomst "geen oordeel" wordt de brief dan "… is geen oordeel".';
  const use = 'Gebruik {{ beslissing.uitkomst_zin }}: die zin past bij elke uitkomst.';
  switch (place.kind) {
    case 'inherited':
      return `${why} Deze tekst is van ${place.owner}; ${place.unit} heeft geen eigen tekst. Pas de tekst aan bij ${place.owner}. ${use} Of sla hier een eigen tekst op voor ${place.unit}.`;
    case 'unit':
      return `${why} ${use} Of haal de eigen tekst van ${place.unit} weg met de knop "Eigen tekst weghalen": dan geldt de tekst van de organisatie of van de eenheid erboven.`;
    case 'unsaved':
      return `${why} ${use}`;
    default:
      return `${why} ${use} Of zet de standaardtekst terug met de knop "Eigen tekst weghalen".`;
  }
}
