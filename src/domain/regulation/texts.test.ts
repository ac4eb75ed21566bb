import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { presets } from '../../regulations/library.ts';
import { renderRegulationText, type RenderedRegulation } from './render.ts';
import { ADOPTER as ORG, adopted, ADOPTION_FILLS, holesIn, SEED_ORGANISATIONS, SEED_PEOPLE } from './test-support.ts';

/**
 * Every text the published regulation renders reads as Dutch without holes, for every preset as an
 * organisation adopts it: no " .", "..", double spaces, empty sentences, "undefined"/"null", unfilled
 * "[…]" tokens, and nothing of the seed organisations' own people, names, dates or version numbers.
 */

/** Every line a reader sees, with where it sits. */
function lines(doc: RenderedRegulation): { where: string; text: string }[] {
  return [
    { where: 'titel', text: doc.title },
    ...doc.sections.flatMap((s) => [
      { where: s.heading, text: s.heading },
      ...s.paragraphs.map((p) => ({ where: s.heading, text: p })),
      ...(s.items ?? []).map((i) => ({ where: `${s.heading} (lijst)`, text: i })),
    ]),
  ];
}

function assertNoHoles(key: string, doc: RenderedRegulation, opts: { tokens?: boolean } = {}) {
  for (const section of doc.sections) {
    // A paragraph that announces a list ("U kunt een klacht indienen:") is the section's last, and a list follows.
    section.paragraphs.forEach((p, i) => {
      const announcesList = /:\s*$/.test(p);
      if (announcesList) {
        assert.ok(i === section.paragraphs.length - 1 && (section.items?.length ?? 0) > 0, `${key}: "${p}" announces a list that is not there`);
      }
      const holes = holesIn(p, opts).filter((h) => !(announcesList && h === 'losse dubbele punt aan het eind'));
      assert.deepEqual(holes, [], `${key} / ${section.heading}: "${p}"`);
    });
    for (const item of section.items ?? []) assert.deepEqual(holesIn(item, opts), [], `${key} / ${section.heading} (lijst): "${item}"`);
    assert.deepEqual(holesIn(section.heading, opts), [], `${key}: kop "${section.heading}"`);
  }
}

describe('published texts of the presets', () => {
  for (const key of Object.keys(presets)) {
    describe(key, () => {
      it('reads as Dutch without holes once adopted and filled', () => {
        const doc = renderRegulationText(adopted(key), ORG);
        assert.ok(doc.sections.length >= 5, `${key}: only ${doc.sections.length} sections`);
        assertNoHoles(key, doc);
        assert.deepEqual(holesIn(doc.title), [], doc.title);
      });

      it('as a preview with its open points, shows them as pending, and has no other holes', () => {
        const p = presets[key]!;
        const doc = renderRegulationText(p.build(), ORG);
        assertNoHoles(key, doc, { tokens: false });
        for (const { where, text } of lines(doc)) {
          for (const token of text.match(/\[[^\]]*\]/g) ?? []) {
            const known = token.startsWith('[nog in te vullen') || p.build().placeholders.some((ph) => ph.token === token);
            assert.ok(known, `${key} / ${where}: "${token}" is neither a pending open point nor a placeholder`);
          }
        }
      });

      it("names no person from the seeds and no seed organisation but the adopting one", () => {
        const text = lines(renderRegulationText(adopted(key), ORG))
          .map((l) => l.text)
          .join('\n');
        for (const person of SEED_PEOPLE) {
          for (const part of [person, person.split(' ').at(-1)!]) assert.ok(!text.includes(part), `${key}: names ${part}`);
        }
        for (const name of SEED_ORGANISATIONS) assert.ok(!new RegExp(`\\b${name}\\b`).test(text), `${key}: names ${name}`);
        assert.ok(text.includes(ORG.name), `${key}: names the adopting organisation`);
      });

      it("carries no version number or adoption date of the seed's own organisation", () => {
        const meta = presets[key]!.build().metadata;
        assert.equal(meta.version, undefined, `${key}: a version number is Klachtwijs' own, per scope`);
        assert.equal(meta.authors, undefined, `${key}: authors`);
        assert.ok(meta.effectiveDate === undefined || typeof meta.effectiveDate === 'object', `${key}: a fixed adoption date ${String(meta.effectiveDate)}`);
        assert.ok(!meta.approvedBy || /\[/.test(meta.approvedBy.name) || /^het bestuur van /.test(meta.approvedBy.name), `${key}: approved by ${meta.approvedBy?.name}`);
      });
    });
  }

  it('a filled value that ends with its own full stop gives no double one', () => {
    const reg = adopted('lentl', {
      ...ADOPTION_FILLS.lentl,
      adopted_by: 'de directie van de werkmaatschappij.',
      okc_contact: 'Klachtencommissie Voorbeeld, Postbus 2, 3500 AA Utrecht.',
    });
    const doc = renderRegulationText(reg, ORG);
    assertNoHoles('lentl', doc);
    assert.ok(lines(doc).some((l) => l.text.endsWith('door de directie van de werkmaatschappij.')));
  });

  it('the hole finder finds holes (it can fail)', () => {
    assert.deepEqual(holesIn('U krijgt de beslissing .'), ['spatie voor leesteken']);
    assert.deepEqual(holesIn('Klaar..'), ['dubbele punt of punten']);
    assert.deepEqual(holesIn('Een  klacht.'), ['dubbele spatie']);
    assert.deepEqual(holesIn('Vastgesteld door undefined.'), ['undefined/null/NaN']);
    assert.deepEqual(holesIn('Per e-mail: [mailadres organisatie]'), ['niet ingevuld [..]']);
    assert.deepEqual(holesIn('Zie de regeling (…) bij ons.'), []);
    assert.deepEqual(holesIn('Goed. Nog iets.'), []);
  });

  it('lentl: who adopted it and when are the adopting organisation\'s', () => {
    const doc = renderRegulationText(adopted('lentl'), ORG);
    const text = lines(doc)
      .map((l) => l.text)
      .join('\n');
    assert.equal(doc.version, null);
    assert.equal(doc.effectiveDate, '2026-02-01');
    assert.ok(text.includes('Vastgesteld op 1 februari 2026 door de directie van de werkmaatschappij.'), text);
    assert.ok(text.includes('De regeling wordt elk jaar in juni bekeken'), 'the yearly review in June is the policy\'s own rule');
    assert.ok(!text.includes('Opgesteld door'));
  });
});
