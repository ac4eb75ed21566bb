import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { personalDataWarning } from './reports.tsx';
import { adopted } from '../../domain/regulation/test-support.ts';
import { roleLabelOf } from '../../domain/regulation/roles.ts';
import { reportReaders } from '../../domain/reports/document.ts';

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

describe('reportReaders', () => {
  const readers = (preset: string, key: string) => {
    const reg = adopted(preset);
    return reportReaders(reg.reporting.reports.find((r) => r.key === key)!, (k) => roleLabelOf(reg.roles, k));
  };
  it('003\'s annual report: one name, the one "Bestemd voor" shows ("rapporteert aan de Directie"), not "de directeur" (walk14)', () => {
    assert.deepEqual(readers('cbf-template', 'annual_report'), ['de directie']);
    assert.match(personalDataWarning(readers('cbf-template', 'annual_report')), /De directie leest deze tekst\.$/);
    assert.deepEqual(readers('hss', 'quarterly_inventory'), ['de directie']);
  });
  it('two readers in the audience read plural; a report without an audience role names nobody', () => {
    assert.match(personalDataWarning(readers('klachtencommissie-model', 'yearly_report')), /lezen deze tekst\.$/);
    assert.deepEqual(readers('stadsring51', 'periodic_report'), []);
  });
});
