import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { renderRegulationText } from '../domain/regulation/render.ts';
import { adoptPreset, getPreset, presets } from './library.ts';

describe('adoptPreset', () => {
  it("puts the adopting organisation's name where the seed names its own organisation", () => {
    const p = getPreset('stadsring51')!;
    const reg = adoptPreset(p.build(), p.organisationNames, 'Stichting Voorbeeldzorg');
    const text = JSON.stringify(renderRegulationText(reg, { name: 'Stichting Voorbeeldzorg' }));
    assert.ok(!/Stadsring\s?51/.test(text), 'no trace of Stadsring51 in what the public reads');
    assert.match(reg.metadata.title, /Stichting Voorbeeldzorg/);
    assert.ok(reg.intake.complainants.kinds.some((k) => k.label?.includes('Stichting Voorbeeldzorg')));
  });

  it('keeps the sources as the seed wrote them', () => {
    const p = getPreset('conneqt')!;
    const before = JSON.stringify(p.build().metadata.source);
    assert.equal(JSON.stringify(adoptPreset(p.build(), p.organisationNames, 'Zorg Noord').metadata.source), before);
  });

  it('replaces in one pass: a name that contains a seed name is not replaced twice', () => {
    const p = getPreset('hss')!;
    const reg = adoptPreset(p.build(), p.organisationNames, 'HSS Hulpverlening Sociale Sector');
    assert.equal(reg.metadata.title, p.build().metadata.title);
  });

  it('every preset names its organisation in its own text (or is a template)', () => {
    for (const p of Object.values(presets)) {
      const text = JSON.stringify(p.build());
      for (const name of p.organisationNames) assert.ok(text.includes(name), `${p.key}: ${name}`);
    }
  });
});
