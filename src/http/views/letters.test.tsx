import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { templateUnitOptions } from './letters.tsx';

describe('"Tekst voor" on a letter template (lane walk15: the organisation and its top unit under one name)', () => {
  const top = { id: 't', name: 'Stadsring51', parent_id: null };
  const units = [top, { id: 'a', name: 'Afdeling Noord', parent_id: 't' }, { id: 'b', name: 'Team Oost', parent_id: 'a' }];
  it('leaves the single top unit out (the same place as the whole organisation); its units stand under the organisation', () => {
    assert.deepEqual(templateUnitOptions(units, new Set()).map((o) => o.label), ['De hele organisatie', '– Afdeling Noord', '– – Team Oost']);
  });
  it('names it as a unit where it has a text of its own or is the one chosen', () => {
    assert.deepEqual(templateUnitOptions(units, new Set(['t'])).map((o) => o.label), ['De hele organisatie', 'Stadsring51 (eenheid)', '– Afdeling Noord', '– – Team Oost']);
  });
  it('keeps several top units (004: werkmaatschappijen), each its own place', () => {
    const many = [{ id: 'w1', name: 'Lentl Thuiszorg', parent_id: null }, { id: 'w2', name: 'Lentl Wonen', parent_id: null }, { id: 'x', name: 'Team', parent_id: 'w2' }];
    assert.deepEqual(templateUnitOptions(many, new Set()).map((o) => o.label), ['De hele organisatie', 'Lentl Thuiszorg', 'Lentl Wonen', '– Team']);
  });
});
