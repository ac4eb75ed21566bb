import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { personalDataWarning } from './reports.tsx';

/** The warning above a report's text names who reads it: the report's audience from the regulation, not always the board. */
describe('personalDataWarning', () => {
  it("names the report's own audience (001 art. 3.5: the quarterly inventory is for de directie)", () => {
    const text = personalDataWarning(['directie']);
    assert.match(text, /^Schrijf geen namen of andere persoonsgegevens/);
    assert.match(text, /De directie leest deze tekst\.$/);
    assert.doesNotMatch(text, /bestuur/);
  });
  it('says het bestuur for the half-yearly board report (003 "Rapportage / verantwoording")', () => {
    assert.match(personalDataWarning(['bestuur']), /Het bestuur leest deze tekst\.$/);
  });
  it('reads plural with two audiences, and names nobody when the regulation names no role', () => {
    assert.match(personalDataWarning(['directie', 'bestuur']), /De directie en het bestuur lezen deze tekst\.$/);
    assert.match(personalDataWarning([]), /Wie de rapportage krijgt, leest deze tekst\.$/);
  });
});
