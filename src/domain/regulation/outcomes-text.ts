/**
 * How a regulation decides (`handling.decision.outcomes`, ADR 0003 addendum lane outcome14) in words: for the
 * published text, "wat verandert er" and the notice on a stored version adopted before the field. Pure. (The
 * outcomes themselves, for the decision form and guards, are `decisionOutcomes` in workflow/policy.ts.)
 */
import { capitalise } from '../../shared/text.ts';
import { articleRef, cite, inParentheses } from './cite.ts';
import type { Regulation, Source } from './schema.ts';

type Outcomes = NonNullable<Regulation['handling']['decision']['outcomes']>;

/** The regulation's own name for its decision (`handling.decision.label`; none: "de beslissing"), and as a heading. */
export function decisionWordsOf(regulationLabel: string | null | undefined): { the: string; heading: string; named: boolean } {
  const label = regulationLabel?.trim();
  if (!label) return { the: 'de beslissing', heading: 'Beslissing', named: false };
  return { the: label, heading: capitalise(label.replace(/^(de|het|een)\s+/i, '')), named: true };
}

/**
 * What a regulation's `handling.decision.outcomes` means: the one place that decides it (the decision form and guards
 * through `decisionOutcomes` in workflow/policy.ts, and the texts below, read it).
 * - `unstated`: a version stored before the field: every outcome, as when it was adopted (ADR 0003, addendum);
 * - `silent`: the regulation does not say how it decides (004 §3: the werkmaatschappij's procedure): every outcome stays
 *   open, whatever the entry's flags say, and there is no article to cite;
 * - `stated`: its flags, with the article, unless it is Klachtwijs' own default (then there is none to cite).
 */
export interface OutcomesRule {
  said: 'unstated' | 'silent' | 'stated';
  judgesMerits: boolean;
  resolvedByAgreement: boolean;
  article: string;
}

export function outcomesRule(o: Outcomes | undefined): OutcomesRule {
  if (!o) return { said: 'unstated', judgesMerits: true, resolvedByAgreement: true, article: '' };
  if (o.source.basis === 'silent') return { said: 'silent', judgesMerits: true, resolvedByAgreement: true, article: '' };
  return { said: 'stated', judgesMerits: o.judgesMerits, resolvedByAgreement: o.resolvedByAgreement, article: articleOf(o.source) };
}

/** The article, unless it is Klachtwijs' own default (then there is none to cite); the silent case is outcomesRule's. */
function articleOf(source: Source): string {
  return source.basis === 'klachtwijs_default' ? '' : source.article;
}

/** One line for "wat verandert er" and the editor: whether it judges gegrond/ongegrond and knows opgelost in overleg. */
export function outcomesSummary(o: Outcomes | undefined): string {
  const rule = outcomesRule(o);
  if (rule.said === 'unstated') return 'niet vastgelegd (alle uitkomsten, ook gegrond en ongegrond)';
  if (rule.said === 'silent') return 'de regeling zegt het niet (alle uitkomsten, ook gegrond en ongegrond)';
  const merits = rule.judgesMerits ? 'oordeelt of de klacht gegrond of ongegrond is' : 'oordeelt niet of de klacht gegrond of ongegrond is';
  const ref = articleRef(rule.article);
  return `${merits}; opgelost in overleg: ${rule.resolvedByAgreement ? 'ja' : 'nee'}${ref ? ` ${inParentheses(ref)}` : ''}`;
}

/**
 * The sentence in the published text: what the reply says, in the regulation's words and with its article. None for a
 * version that does not state it (it keeps its meaning, ADR 0003), nor where the regulation is silent (004 §3: the
 * product offers every outcome, which is no promise of the regulation's).
 */
export function publishedOutcomesSentence(decision: Regulation['handling']['decision']): string | null {
  const rule = outcomesRule(decision.outcomes);
  if (rule.said !== 'stated') return null;
  const ref = cite(rule.article);
  const together = rule.resolvedByAgreement ? ', of dat uw klacht samen met u is opgelost' : '';
  if (rule.judgesMerits) return `In de reactie staat of uw klacht gegrond, deels gegrond of ongegrond is, of dat er geen oordeel is${together}${ref}.`;
  return `In de reactie staat ${decisionWordsOf(decision.label).the}${together}${ref}.`;
}

/**
 * A stored version without the field offers every outcome, gegrond too (ADR 0003). When the preset it was made from
 * now says the regulation judges no merits, the organisation hears so: nothing changes by itself (no silent change);
 * a new version from the preset states it. The model is named by its own title (003's document title holds
 * "[naam organisatie]"). Null when there is nothing to say.
 */
export function unstatedOutcomesNotice(stored: Regulation, presetNow: Regulation | null | undefined, reader: { makesVersions: boolean } = { makesVersions: true }): string | null {
  if (stored.handling.decision.outcomes || !presetNow) return null;
  const o = outcomesRule(presetNow.handling.decision.outcomes);
  if (o.said !== 'stated' || o.judgesMerits) return null;
  return (
    `Deze versie is gemaakt voordat Klachtwijs vastlegde hoe de regeling beslist. Zij biedt daarom nog alle uitkomsten, ook gegrond en ongegrond. ` +
    `De nieuwere tekst van het model "${presetNow.model?.title ?? presetNow.metadata.title}" oordeelt niet of een klacht gegrond of ongegrond is${cite(o.article)}. ` +
    // Only a beheerder makes a version (the editor); a klachtenfunctionaris reading the overview is told who can (lane walk15).
    (reader.makesVersions ? 'Dat verandert niet vanzelf: maak een nieuwe versie als u dat wilt overnemen.' : 'Dat verandert niet vanzelf: een beheerder kan een nieuwe versie maken als uw organisatie dat wil overnemen.')
  );
}
