import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { exceptionalSection, NO_EXCEPTIONAL } from './document.ts';

describe('the exceptional complaints section of a report (one rule for every output)', () => {
  it('is there where the regulation asks it (003), empty or not; else only where one was written (001 asks none)', () => {
    const written = { exceptional: [{ summary: 'Zeer ernstige klacht over de zorg.' }] };
    assert.deepEqual(exceptionalSection({ asksExceptional: true, narrative: {} }), []);
    assert.deepEqual(exceptionalSection({ asksExceptional: true, narrative: written }), ['Zeer ernstige klacht over de zorg.']);
    assert.equal(exceptionalSection({ asksExceptional: false, narrative: {} }), null);
    assert.equal(exceptionalSection({ asksExceptional: false, narrative: { exceptional: [] } }), null);
    assert.deepEqual(exceptionalSection({ asksExceptional: false, narrative: written }), ['Zeer ernstige klacht over de zorg.']);
    assert.equal(NO_EXCEPTIONAL, 'Geen uitzonderlijke klachten beschreven.');
  });

  it("the report's text form: the summaries it holds decide, not the stored ones", () => {
    const stored = { asksExceptional: false, narrative: { exceptional: [{ summary: 'Opgeslagen.' }] } };
    assert.deepEqual(exceptionalSection(stored, ['Nieuw getypt.']), ['Nieuw getypt.']);
    assert.equal(exceptionalSection(stored, []), null, 'all removed in the form, where the regulation asks none');
    assert.deepEqual(exceptionalSection({ ...stored, asksExceptional: true }, []), []);
  });
});
