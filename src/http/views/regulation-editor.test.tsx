import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { presets, type Preset } from '../../regulations/library.ts';
import { basedOnText, presetInfo } from './regulation-editor.tsx';

describe('the voorbeeld- en modelregelingen as the editor lists them', () => {
  it('a voorbeeldregeling: title, sector and laws from its file, its main terms in Dutch', () => {
    const info = presetInfo(presets.stadsring51!);
    assert.equal(info.title, presets.stadsring51!.model.title);
    assert.equal(info.sector, 'welzijn');
    assert.deepEqual(info.laws, []);
    // 002 art. 6.3 (one week), 6.8 (eight weeks), 6.9 (at most four weeks more).
    assert.equal(info.terms, 'ontvangstbevestiging: 1 week; beslistermijn: 8 weken; verlenging: ten hoogste 4 weken');
  });

  it('a modelregeling: sector and laws from the model information in its file', () => {
    const base = presets.hss!;
    const model: Preset = {
      ...base,
      model: { title: 'Model Wkkgz', description: 'Voor zorgaanbieders.', sector: 'zorg', laws: ['wkkgz'], organisationNames: ['Zorgaanbieder'] },
    };
    const info = presetInfo(model);
    assert.equal(info.title, 'Model Wkkgz');
    assert.equal(info.sector, 'zorg');
    assert.deepEqual(info.laws, ['wkkgz']);
  });

  it('names what a version is based on without internal words', () => {
    assert.equal(basedOnText('conneqt'), 'gebaseerd op de voorbeeldregeling van Stichting ConnEQt');
    assert.equal(basedOnText(null), 'eigen tekst');
  });
});
