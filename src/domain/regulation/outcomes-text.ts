/**
 * How a regulation decides (`handling.decision.outcomes`, ADR 0003 addendum lane outcome14) in words: for the
 * published text, "wat verandert er" and the notice on a stored version adopted before the field. Pure. (The
 * outcomes themselves, for the decision form and guards, are `decisionOutcomes` in workflow/policy.ts.)
 */
import { capitalise } from '../../shared/text.ts';
import { articleRef, cite } from './cite.ts';
import type { Regulation, Source } from './schema.ts';

type Outcomes = NonNullable<Regulation['handling']['decision']['outcomes']>;

/** The regulation's own name for its decision (`handling.decision.label`; none: "de beslissing"), and as a heading. */
export function decisionWordsOf(regulationLabel: string | null | undefined): { the: string; heading: string; named: boolean } {
  const label = regulationLabel?.trim();
  if (!label) return { the: 'de beslissing', heading: 'Beslissing', named: false };
  return { the: label, heading: capitalise(label.replace(/^(de|het|een)\s+/i, '')), named: true };
}

/** The article, unless the regulation is silent or it is Klachtwijs' own default (then there is none to cite). */
function articleOf(source: Source): string {
  return source.basis === 'silent' || source.basis === 'klachtwijs_default' ? '' : source.article;
}

/** One line for "wat verandert er" and the editor: whether it judges gegrond/ongegrond and knows opgelost in overleg. */
export function outcomesSummary(o: Outcomes | undefined): string {
  if (!o) return 'niet vastgelegd (alle uitkomsten, ook gegrond en ongegrond)';
  if (o.source.basis === 'silent') return 'de regeling zegt het niet (alle uitkomsten, ook gegrond en ongegrond)';
  const merits = o.judgesMerits ? 'oordeelt of de klacht gegrond of ongegrond is' : 'oordeelt niet of de klacht gegrond of ongegrond is';
  const ref = articleRef(articleOf(o.source));
  return `${merits}; opgelost in overleg: ${o.resolvedByAgreement ? 'ja' : 'nee'}${ref ? ` (${ref})` : ''}`;
}

/**
 * The sentence in the published text: what the reply says, in the regulation's words and with its article. None for a
 * version that does not state it (it keeps its meaning, ADR 0003), nor where the regulation is silent (004 §3: the
 * product offers every outcome, which is no promise of the regulation's).
 */
export function publishedOutcomesSentence(decision: Regulation['handling']['decision']): string | null {
  const o = decision.outcomes;
  if (!o || o.source.basis === 'silent') return null;
  const ref = cite(articleOf(o.source));
  const together = o.resolvedByAgreement ? ', of dat uw klacht samen met u is opgelost' : '';
  if (o.judgesMerits) return `In de reactie staat of uw klacht gegrond, deels gegrond of ongegrond is, of dat er geen oordeel is${together}${ref}.`;
  return `In de reactie staat ${decisionWordsOf(decision.label).the}${together}${ref}.`;
}

/**
 * A stored version without the field offers every outcome, gegrond too (ADR 0003). When the preset it was made from
 * now says the regulation judges no merits, the organisation hears so: nothing changes by itself (no silent change);
 * a new version from the preset states it. The model is named by its own title (003's document title holds
 * "[naam organisatie]"). Null when there is nothing to say.
 */
export function unstatedOutcomesNotice(stored: Regulation, presetNow: Regulation | null | undefined): string | null {
  if (stored.handling.decision.outcomes || !presetNow) return null;
  const o = presetNow.handling.decision.outcomes;
  if (!o || o.judgesMerits) return null;
  return (
    `Deze versie is gemaakt voordat Klachtwijs vastlegde hoe de regeling beslist. Zij biedt daarom nog alle uitkomsten, ook gegrond en ongegrond. ` +
    `De nieuwere tekst van het model "${presetNow.model?.title ?? presetNow.metadata.title}" oordeelt niet of een klacht gegrond of ongegrond is${cite(articleOf(o.source))}. ` +
    'Dat verandert niet vanzelf: maak een nieuwe versie als u dat wilt overnemen.'
  );
}
