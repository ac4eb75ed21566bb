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

/** Whose text the page shows when it is not the chosen scope's own: "de organisatie", or a unit above it by name. */
export interface InheritedFrom {
  owner: string;
  /** The scope the page is for: "Afdeling Noord". */
  scope: string;
}

/** A Dutch notice for the template page, or null when the text has no such sentence. */
export function outcomeSentenceMisfit(body: string, regulations: readonly RegulationOutcomes[], inherited?: InheritedFrom): string | null {
  if (!OUTCOME_AFTER_IS.test(body)) return null;
  const nonJudging = regulations.find((r) => r.outcomes.stated && !r.outcomes.judgesMerits);
  const why = nonJudging
    ? `${nonJudging.title} oordeelt niet of een klacht gegrond is${cite(nonJudging.outcomes.article)}. Deze tekst zegt "… is {{ beslissing.uitkomst }}"; de brief wordt dan "… is ${nonJudging.outcomes.decidedLabel.toLowerCase()}".`
    : 'Deze tekst zegt "… is {{ beslissing.uitkomst }}". Bij de uitkomst "geen oordeel" wordt de brief dan "… is geen oordeel".';
  const use = 'Gebruik {{ beslissing.uitkomst_zin }}: die zin past bij elke uitkomst.';
  if (inherited) return `${why} Deze tekst is van ${inherited.owner}; ${inherited.scope} heeft geen eigen tekst. Pas de tekst aan bij ${inherited.owner}. ${use} Of sla hier een eigen tekst op voor ${inherited.scope}.`;
  return `${why} ${use} Of zet de standaardtekst terug met de knop "Eigen tekst weghalen".`;
}
