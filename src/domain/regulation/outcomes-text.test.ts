import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { getPreset } from '../../regulations/library.ts';
import { describeRegulationChanges } from './changes.ts';
import { decisionOutcomes } from '../workflow/policy.ts';
import { outcomesRule, outcomesSummary, publishedOutcomesSentence, unstatedOutcomesNotice } from './outcomes-text.ts';
import { renderRegulationText } from './render.ts';
import type { Regulation } from './schema.ts';

const build = (preset: string): Regulation => getPreset(preset)!.build();
const withoutField = (reg: Regulation): Regulation => {
  const r = structuredClone(reg);
  delete r.handling.decision.outcomes;
  return r;
};
const textOf = (reg: Regulation) => JSON.stringify(renderRegulationText(reg, { name: 'Stichting Voorbeeld' }));

describe('how the regulation decides, in words (handling.decision.outcomes, ADR 0003)', () => {
  it('the published text says what the reply holds, in the regulation\'s words and with its article; nothing where the regulation is silent', () => {
    assert.ok(textOf(build('hss')).includes('In de reactie staat het standpunt van de directie (artikel 3.3).'));
    assert.ok(textOf(build('stadsring51')).includes('In de reactie staat of uw klacht gegrond, deels gegrond of ongegrond is, of dat er geen oordeel is, of dat uw klacht samen met u is opgelost (artikel 6.6, 6.9).'));
    assert.match(textOf(build('conneqt')), /In de reactie staat de beslissing, of dat uw klacht samen met u is opgelost \(artikel/);
    // Never a promise the article does not make (review of session 14: "Er komt geen oordeel …" cited art. 3.3).
    for (const preset of ['hss', 'cbf-template', 'conneqt', 'lentl']) assert.doesNotMatch(textOf(build(preset)), /Er komt geen oordeel/, preset);
    // 004 is silent (§3, the werkmaatschappij's own procedure): no sentence, no promise.
    assert.doesNotMatch(textOf(build('lentl')), /In de reactie staat/);
    // A version that does not state it publishes nothing new (its meaning is kept).
    assert.doesNotMatch(textOf(withoutField(build('hss'))), /In de reactie staat het standpunt/);
  });

  it('"wat verandert er" names the change of the field', () => {
    const hss = build('hss');
    assert.deepEqual(
      describeRegulationChanges(withoutField(hss), hss).filter((l) => l.startsWith('Hoe de regeling beslist')),
      ['Hoe de regeling beslist: niet vastgelegd (alle uitkomsten, ook gegrond en ongegrond) → oordeelt niet of de klacht gegrond of ongegrond is; opgelost in overleg: nee (artikel 3.3)'],
    );
    assert.equal(outcomesSummary(build('cbf-template').handling.decision.outcomes).includes('opgelost in overleg: ja'), true);
    assert.deepEqual(describeRegulationChanges(hss, hss), []);
  });

  it('a stored version of a non-judging preset adopted before the field gets a notice (no silent change); a judging preset or a stated version none', () => {
    assert.match(unstatedOutcomesNotice(withoutField(build('hss')), build('hss')) ?? '', /nog alle uitkomsten, ook gegrond en ongegrond\. De nieuwere tekst van het model "Klachtenprocedure HSS Hulpverlening Sociale Sector" oordeelt niet .* \(artikel 3\.3\)\. Dat verandert niet vanzelf/);
    assert.equal(unstatedOutcomesNotice(withoutField(build('stadsring51')), build('stadsring51')), null);
    assert.equal(unstatedOutcomesNotice(build('hss'), build('hss')), null);
    assert.equal(unstatedOutcomesNotice(withoutField(build('hss')), null), null);
  });
});

describe('one rule for a regulation silent on outcomes (outcomesRule): the decision form and the texts agree', () => {
  const silentSaying = (judgesMerits: boolean, resolvedByAgreement: boolean): Regulation['handling']['decision'] => {
    const d = structuredClone(build('lentl').handling.decision);
    d.outcomes = { judgesMerits, resolvedByAgreement, source: { ...d.outcomes!.source, basis: 'silent' } };
    return d;
  };
  const ALL = ['upheld', 'partly_upheld', 'not_upheld', 'resolved_by_agreement', 'no_judgement'];

  it('silent: every outcome stays open and no article is cited, whatever the entry\'s flags (004 §3)', () => {
    for (const [merits, agreement] of [[true, true], [false, false], [false, true], [true, false]] as const) {
      const d = silentSaying(merits, agreement);
      const form = decisionOutcomes(d);
      assert.deepEqual(form.offered, ALL, `flags ${merits}/${agreement}`);
      assert.equal(form.judgesMerits, true);
      assert.equal(form.article, '');
      assert.equal(outcomesSummary(d.outcomes), 'de regeling zegt het niet (alle uitkomsten, ook gegrond en ongegrond)');
      assert.equal(publishedOutcomesSentence(d), null);
      assert.deepEqual(outcomesRule(d.outcomes), { said: 'silent', judgesMerits: true, resolvedByAgreement: true, article: '' });
    }
  });

  it('every preset: the decision form offers what the summary says, with the same article', () => {
    for (const preset of ['conneqt', 'hss', 'stadsring51', 'cbf-template', 'lentl']) {
      const d = build(preset).handling.decision;
      const rule = outcomesRule(d.outcomes);
      const form = decisionOutcomes(d);
      assert.equal(form.judgesMerits, rule.judgesMerits, preset);
      assert.equal(form.offered.includes('resolved_by_agreement'), rule.resolvedByAgreement, preset);
      assert.equal(form.article, rule.article, preset);
      assert.equal(form.stated, rule.said !== 'unstated', preset);
    }
    // Unstated (a version stored before the field): every outcome too, not stated.
    const unstated = decisionOutcomes(withoutField(build('hss')).handling.decision);
    assert.deepEqual([unstated.offered, unstated.stated], [ALL, false]);
  });
});
