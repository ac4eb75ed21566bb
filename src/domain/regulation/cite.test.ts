import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { articleRef, cite, inParentheses, namedBody, withArticle } from './cite.ts';

describe('citing where a rule comes from', () => {
  it('numbers are articles, paragraphs and laws stay as written, headings are named as a part', () => {
    assert.equal(cite('6.5'), ' (artikel 6.5)');
    assert.equal(cite('1 (klachtenfunctionaris)'), ' (artikel 1, klachtenfunctionaris)');
    assert.equal(cite('§3'), ' (§3)');
    assert.equal(cite('Bijlage 2'), ' (Bijlage 2)');
    assert.equal(cite('Awb 9:11 lid 2'), ' (Awb 9:11 lid 2)');
    assert.equal(cite('Behandeling van de klacht'), ' (onderdeel "Behandeling van de klacht")');
    assert.equal(articleRef('Definities (Klachtencoördinator)'), 'onderdeel "Definities (Klachtencoördinator)"');
  });
  it('a reference with its own brackets gets one pair, never a second inside the first (lane walk15: "(§3 (voetnoot 1))")', () => {
    assert.equal(cite('§3 (voetnoot 1)'), ' (§3, voetnoot 1)');
    assert.equal(inParentheses('§3 (voetnoot 1)'), '(§3, voetnoot 1)');
    assert.equal(inParentheses('Definities (Complexe of gevoelige klacht)'), '(Definities, Complexe of gevoelige klacht)');
    assert.equal(inParentheses('Definities (Klacht); Bijlage 1'), '(Definities, Klacht; Bijlage 1)');
    assert.equal(cite('Definities (Klacht)'), ' (onderdeel "Definities, Klacht")');
    assert.equal(inParentheses('6.5'), '(6.5)');
  });
  it('no article gives no brackets', () => {
    assert.equal(cite(''), '');
    assert.equal(cite(undefined), '');
    assert.equal(cite('  '), '');
  });
});

describe('naming a body mid-sentence', () => {
  it('adds "de" once: not to a name that has it, not to a website', () => {
    assert.equal(namedBody('Nationale ombudsman'), 'de Nationale ombudsman');
    assert.equal(namedBody('De Geschillencommissie Zorg'), 'de Geschillencommissie Zorg');
    assert.equal(namedBody('de Onafhankelijke klachtencommissie (OKC)'), 'de Onafhankelijke klachtencommissie (OKC)');
    assert.equal(namedBody('erisietsmisgegaan.nl'), 'erisietsmisgegaan.nl');
  });
});

describe('a role with its article', () => {
  it('"het" for het-words (003: het bestuur), "de" otherwise, "een" for one member, and a label keeps its own', () => {
    assert.equal(withArticle('bestuur'), 'het bestuur');
    assert.equal(withArticle('bestuurder'), 'de bestuurder');
    assert.equal(withArticle('directeur'), 'de directeur');
    assert.equal(withArticle('klachtencoördinator'), 'de klachtencoördinator');
    assert.equal(withArticle('lid van de klachtencommissie'), 'een lid van de klachtencommissie');
    assert.equal(withArticle('de directie'), 'de directie');
  });
});
