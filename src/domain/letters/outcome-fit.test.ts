import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { getPreset } from '../../regulations/library.ts';
import { decisionOutcomes } from '../workflow/policy.ts';
import { DEFAULT_TEMPLATES } from './defaults.ts';
import { outcomeSentenceMisfit } from './outcome-fit.ts';

const outcomesOf = (preset: string) => {
  const reg = getPreset(preset)!.build({});
  return { title: reg.metadata.title, outcomes: decisionOutcomes(reg.handling.decision) };
};

describe('a letter text whose outcome sentence no longer fits the regulation (ADR 0003, lane outcome14b)', () => {
  it('"… is {{ beslissing.uitkomst }}" under 001 (no merits, art. 3.3): the notice names the article and what the letter would say', () => {
    const notice = outcomeSentenceMisfit('Ons oordeel: uw klacht is {{ beslissing.uitkomst }}.', [outcomesOf('hss')]);
    assert.match(notice ?? '', /oordeelt niet of een klacht gegrond is \(artikel 3\.3\)\..*"… is standpunt van de directie gegeven"\. Gebruik \{\{ beslissing\.uitkomst_zin \}\}/);
  });

  it('under a judging regulation (002) the sentence still fails for "geen oordeel"; any spacing or filter counts', () => {
    for (const body of ['de klacht is {{beslissing.uitkomst}}.', 'is {{ beslissing.uitkomst | capitalize }}']) {
      assert.match(outcomeSentenceMisfit(body, [outcomesOf('stadsring51')]) ?? '', /"… is geen oordeel"/, body);
    }
  });

  it('what the notice offers depends on whose text it is: the organisation\'s (default back), a unit\'s own (the text above back), another scope\'s (change it there), not yet saved (nothing to remove) (lane walk15)', () => {
    const body = 'Ons oordeel: uw klacht is {{ beslissing.uitkomst }}.';
    const regs = [outcomesOf('hss')];
    assert.match(outcomeSentenceMisfit(body, regs) ?? '', /Of zet de standaardtekst terug met de knop "Eigen tekst weghalen"\.$/);
    assert.match(outcomeSentenceMisfit(body, regs, { kind: 'unit', unit: 'Afdeling Noord' }) ?? '', /Of haal de eigen tekst van Afdeling Noord weg met de knop "Eigen tekst weghalen": dan geldt de tekst van de organisatie of van de eenheid erboven\.$/);
    const inherited = outcomeSentenceMisfit(body, regs, { kind: 'inherited', unit: 'Team Oost', owner: 'Afdeling Noord' }) ?? '';
    assert.match(inherited, /Deze tekst is van Afdeling Noord; Team Oost heeft geen eigen tekst\. Pas de tekst aan bij Afdeling Noord\./);
    assert.doesNotMatch(inherited, /Eigen tekst weghalen/);
    const unsaved = outcomeSentenceMisfit(body, regs, { kind: 'unsaved' }) ?? '';
    assert.match(unsaved, /Gebruik \{\{ beslissing\.uitkomst_zin \}\}: die zin past bij elke uitkomst\.$/);
  });

  it('the default texts and the sentence variable fit every preset', () => {
    for (const kind of Object.keys(DEFAULT_TEMPLATES) as (keyof typeof DEFAULT_TEMPLATES)[]) {
      assert.equal(outcomeSentenceMisfit(DEFAULT_TEMPLATES[kind].body, [outcomesOf('hss'), outcomesOf('stadsring51')]), null, kind);
    }
    assert.equal(outcomeSentenceMisfit('{{ beslissing.uitkomst_zin }} De uitkomst: {{ beslissing.uitkomst }}', [outcomesOf('hss')]), null);
  });
});
