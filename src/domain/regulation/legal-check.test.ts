import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { legalCheck, lawsCited, type LegalFinding } from './legal-check.ts';
import { presets } from '../../regulations/library.ts';
import type { Regulation } from './schema.ts';


const build = (key: string, fills: Record<string, string> = {}): Regulation => presets[key]!.build(fills);
const messages = (f: LegalFinding[]) => f.map((x) => `${x.severity} ${x.message}`);

describe('legalCheck', () => {
  it('Wkkgz: stadsring51 decides in 8 weeks, longer than the 6 weeks of art. 17', () => {
    const findings = legalCheck(build('stadsring51'), ['wkkgz']);
    const f = findings.find((x) => x.article === 'art. 17' && x.path === 'deadlines.decision');
    assert.deepEqual(f, {
      severity: 'error',
      framework: 'wkkgz',
      article: 'art. 17',
      message: 'Wkkgz: beslistermijn 8 weken is langer dan 6 weken (art. 17)',
      path: 'deadlines.decision',
    });
    // The extension (4 weeks with notice) is within art. 17; the ombudsman is no geschilleninstantie (art. 18).
    assert.ok(!findings.some((x) => x.path?.startsWith('deadlines.extension') && x.severity === 'error'));
    assert.ok(findings.some((x) => x.article === 'art. 18' && x.severity === 'warning'));
  });

  it('Awb 9:8: a regulation without an inadmissibility term', () => {
    const reg = build('stadsring51');
    reg.deadlines.inadmissibilityNotice = { notPrescribed: true, source: { article: '5', basis: 'silent' } };
    const f = legalCheck(reg, ['awb9']).find((x) => x.article === '9:8');
    assert.equal(f?.severity, 'error');
    assert.match(f?.message ?? '', /^Awb 9:8: geen termijn voor kennisgeving niet-ontvankelijk/);
    assert.equal(f?.path, 'deadlines.inadmissibilityNotice');
  });

  it('Awb: stadsring51 follows chapter 9 except for the 8-week term', () => {
    const errors = legalCheck(build('stadsring51'), ['awb9']).filter((f) => f.severity === 'error');
    assert.deepEqual(messages(errors), [
      'error Awb 9:11: afhandeltermijn 8 weken is langer dan 6 weken (10 weken alleen als een adviescommissie de klacht behandelt, afdeling 9.1.3).',
    ]);
  });

  it('Awb: hss lacks several chapter 9 safeguards', () => {
    const f = legalCheck(build('hss'), ['awb9']);
    const articles = f.filter((x) => x.severity === 'error').map((x) => x.article);
    assert.deepEqual(articles, ['9:10', '9:12']);
    assert.ok(f.some((x) => x.article === '9:8' && x.severity === 'warning'), 'no grounds and no notice term: warning');
  });

  it('Awb: notice term longer than four weeks, a short limit, an unlawful waiver, a long postponement', () => {
    const reg = build('stadsring51');
    reg.deadlines.inadmissibilityNotice = { amount: 6, unit: 'weeks', source: { article: '5.3' } };
    reg.admissibility.grounds[1]!.limit = { amount: 6, unit: 'months' };
    reg.handling.hearing!.waivers.push({ key: 'too_busy', label: 'het te druk is', source: { article: 'x' } });
    reg.deadlines.extension.max = { amount: 6, unit: 'weeks', source: { article: 'x' } };
    const m = messages(legalCheck(reg, ['awb9']));
    assert.ok(m.includes('error Awb 9:8: termijn voor kennisgeving niet-ontvankelijk 6 weken is langer dan 4 weken (lid 3).'), m.join('\n'));
    assert.ok(m.some((x) => x.startsWith('warning Awb 9:8: de grens van 6 maanden voor oude gedragingen')), m.join('\n'));
    assert.ok(m.some((x) => x.startsWith('error Awb 9:10: afzien van horen omdat "het te druk is"')), m.join('\n'));
    assert.ok(m.includes('error Awb 9:11 lid 2: verdaging met 6 weken is langer dan 4 weken.'), m.join('\n'));
  });

  it('Wkkgz: cbf-template has no maximum extension and no geschilleninstantie', () => {
    const m = messages(legalCheck(build('cbf-template'), ['wkkgz']));
    assert.ok(m.includes('error Wkkgz: verlenging mag ten hoogste 4 weken; de regeling noemt geen maximum (art. 17)'), m.join('\n'));
    assert.ok(m.includes('error Wkkgz: geen geschilleninstantie genoemd (art. 18)'), m.join('\n'));
    assert.ok(!m.some((x) => x.includes('beslistermijn')), '5 werkdagen is within 6 weeks');
  });

  it('Jeugdwet and Wmo 2015 for lentl: the OKC counts as klachtencommissie; open terms are flagged', () => {
    const open = legalCheck(build('lentl'), ['jeugdwet', 'wmo2015']);
    assert.ok(!open.some((f) => f.framework === 'jeugdwet' && f.severity === 'error'), messages(open).join('\n'));
    assert.ok(open.some((f) => f.framework === 'jeugdwet' && f.article === 'art. 4.2.2' && f.severity === 'warning'));
    assert.ok(open.some((f) => f.framework === 'wmo2015' && f.severity === 'info'));

    const long = build('lentl', { decision_term: '8 weken' });
    const f = legalCheck(long, ['jeugdwet']).find((x) => x.article === 'art. 4.2.2');
    assert.equal(f?.severity, 'error');
    assert.match(f?.message ?? '', /^Jeugdwet: beslistermijn 8 weken is langer dan 6 weken/);
  });

  it('Jeugdwet: no klachtencommissie', () => {
    const f = legalCheck(build('conneqt'), ['jeugdwet']);
    assert.ok(f.some((x) => x.article === 'art. 4.2.1' && x.severity === 'error'));
  });

  it('checks only the frameworks asked for, each once, in a fixed order', () => {
    assert.deepEqual(legalCheck(build('hss'), []), []);
    const f = legalCheck(build('hss'), ['wkkgz', 'awb9', 'wkkgz']);
    const frameworks = [...new Set(f.map((x) => x.framework))];
    assert.deepEqual(frameworks, ['awb9', 'wkkgz']);
  });

  describe('Jeugdwet with an external committee', () => {
    it('lentl: the external OKC works by its own reglement; only the response term is asked', () => {
      const f = legalCheck(build('lentl'), ['jeugdwet']);
      assert.deepEqual(f.filter((x) => x.severity !== 'info').map((x) => `${x.severity} ${x.article} ${x.path}`), [
        'warning art. 4.2.2 deadlines.decision',
        'warning art. 4.2.2 deadlines.milestones',
      ]);
    });
  });

  describe('Wmo 2015', () => {
    it('a regulation without a committee: controleer the ordinance', () => {
      const f = legalCheck(build('hss'), ['wmo2015']).find((x) => x.path === 'committee');
      assert.equal(f?.severity, 'info');
      assert.match(f?.message ?? '', /Controleer of de verordening van de gemeente er een vraagt/);
    });
  });

  describe('the rules follow the organisation\'s frameworks', () => {
    it('lawsCited reads the law from the article or the note, only for basis law', () => {
      assert.deepEqual(lawsCited({ article: 'Awb 9:11 lid 2', basis: 'law' }), ['awb9']);
      assert.deepEqual(lawsCited({ article: '7.2', basis: 'law', note: 'Wkkgz art. 17 lid 1' }), ['wkkgz']);
      assert.deepEqual(lawsCited({ article: '1', basis: 'law', note: 'Jeugdwet art. 4.2.1; Wmo 2015 art. 2.1.3' }), ['wmo2015', 'jeugdwet']);
      assert.deepEqual(lawsCited({ article: 'Awb 9:11', basis: 'regulation' }), []);
    });

    it('an Awb rule in an organisation that stated only the Wkkgz is a warning naming the Awb', () => {
      const f = legalCheck(build('stadsring51'), ['wkkgz']).filter((x) => x.framework === 'awb9');
      assert.deepEqual(f.map((x) => `${x.severity} ${x.path}`), ['warning deadlines.extension', 'warning deadlines.extension.max']);
      assert.equal(
        f[0]!.message,
        'Deze regel komt uit de Awb, die volgens uw instellingen niet voor uw organisatie geldt (Awb 9:11 lid 2). Maak er een eigen regel van, of vul bij de instellingen aan welke wetten gelden.',
      );
      // Stated: no such warning.
      assert.ok(!legalCheck(build('stadsring51'), ['awb9', 'wkkgz']).some((x) => x.message.startsWith('Deze regel komt uit')));
    });

    it('a retention period for one framework is no rule for all; no frameworks stated: nothing is checked', () => {
      assert.ok(!legalCheck(build('lentl'), ['awb9']).some((x) => x.path?.startsWith('retention.perFramework')));
      assert.deepEqual(legalCheck(build('stadsring51'), []), []);
    });
  });
});
