import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { getPreset } from '../../regulations/library.ts';
import { describeRegulationChanges } from './changes.ts';
import { outcomesSummary, unstatedOutcomesNotice } from './outcomes-text.ts';
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
