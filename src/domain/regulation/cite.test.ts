import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { articleRef, cite, namedBody } from './cite.ts';

describe('citing where a rule comes from', () => {
  it('numbers are articles, paragraphs and laws stay as written, headings are named as a part', () => {
    assert.equal(cite('6.5'), ' (artikel 6.5)');
    assert.equal(cite('1 (klachtenfunctionaris)'), ' (artikel 1 (klachtenfunctionaris))');
    assert.equal(cite('§3'), ' (§3)');
    assert.equal(cite('Bijlage 2'), ' (Bijlage 2)');
    assert.equal(cite('Awb 9:11 lid 2'), ' (Awb 9:11 lid 2)');
    assert.equal(cite('Behandeling van de klacht'), ' (onderdeel "Behandeling van de klacht")');
    assert.equal(articleRef('Definities (Klachtencoördinator)'), 'onderdeel "Definities (Klachtencoördinator)"');
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
