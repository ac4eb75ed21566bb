import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseRegulation, parseRegulationDocument } from './parse.ts';
import { presets } from '../../regulations/library.ts';

function base(): Record<string, unknown> {
  return JSON.parse(JSON.stringify(presets.stadsring51!.build())) as Record<string, unknown>;
}
function texts(input: unknown): string[] {
  const r = parseRegulation(input);
  assert.equal(r.success, false, 'expected the regulation to be invalid');
  return r.success ? [] : r.issues.map((i) => i.text);
}
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests poke at raw JSON
type Any = any;

describe('parseRegulation: Dutch messages that name the field', () => {
  it('names the path of a wrong term amount', () => {
    const reg: Any = base();
    reg.deadlines.decision.amount = 0;
    assert.deepEqual(texts(reg), ['deadlines.decision.amount: moet een geheel getal van 1 of meer zijn']);
    reg.deadlines.decision.amount = 2.5;
    assert.deepEqual(texts(reg), ['deadlines.decision.amount: moet een geheel getal van 1 of meer zijn']);
  });

  it('explains a wrong unit', () => {
    const reg: Any = base();
    reg.deadlines.acknowledgement.unit = 'weken';
    assert.deepEqual(texts(reg), [
      'deadlines.acknowledgement.unit: moet een van deze eenheden zijn: workingDays (werkdagen), days (dagen), weeks (weken), months (maanden)',
    ]);
  });

  it('reports missing fields, unknown fields and list positions', () => {
    const reg: Any = base();
    delete reg.metadata.title;
    reg.deadlines.decison = { amount: 6, unit: 'weeks' };
    reg.intake.channels[1].channel = 'fax';
    const t = texts(reg);
    assert.ok(t.includes('metadata.title: ontbreekt'), t.join('\n'));
    assert.ok(t.includes('deadlines.decison: onbekend veld (tikfout?)'), t.join('\n'));
    assert.ok(t.some((x) => x.startsWith('intake.channels[1].channel: moet een van deze waarden zijn: web_form, letter')), t.join('\n'));
  });

  it('resolves open points and "not prescribed" markers to the branch meant', () => {
    const reg: Any = base();
    reg.deadlines.decision = { open: true, key: 'Decision Term', question: 'Welke termijn?', expects: 'term', source: { article: '1' } };
    reg.deadlines.acknowledgement = { notPrescribed: true };
    const t = texts(reg);
    assert.ok(t.some((x) => x.startsWith('deadlines.decision.key: moet een sleutel zijn')), t.join('\n'));
    assert.ok(t.includes('deadlines.acknowledgement.source: ontbreekt'), t.join('\n'));
  });

  it('rejects a decision term that is "not prescribed" (a decision term is needed to run)', () => {
    const reg: Any = base();
    reg.deadlines.decision = { notPrescribed: true, source: { article: '6.8' } };
    assert.deepEqual(texts(reg), [
      'deadlines.decision: mag niet "niet voorgeschreven" zijn: deze waarde is nodig; vul een waarde in of maak er een open punt van',
    ]);
  });

  it('checks that referenced roles exist', () => {
    const reg: Any = base();
    reg.routing.handledBy.roles = ['klachtenfunctionaris'];
    assert.deepEqual(texts(reg), [
      'routing.handledBy.roles[0]: rol "klachtenfunctionaris" bestaat niet; kies uit: employee, complaints_officer',
    ]);
  });

  it('checks dates and the format marker', () => {
    const reg: Any = base();
    reg.calendar.closedDays = ['2025-02-30'];
    reg.format = 'klachtwijs/regulation@9';
    const t = texts(reg);
    assert.ok(t.includes('calendar.closedDays[0]: moet een bestaande datum zijn in de vorm JJJJ-MM-DD'), t.join('\n'));
    assert.ok(t.includes('format: moet "klachtwijs/regulation@1" zijn'), t.join('\n'));
  });

  it('refuses things that are not a regulation at all', () => {
    assert.deepEqual(texts(null), ['moet een object (sleutels met waarden) zijn']);
    assert.ok(texts({}).includes('metadata: ontbreekt'));
  });
});

describe('parseRegulationDocument', () => {
  it('reads YAML', () => {
    const yaml = `format: klachtwijs/regulation@1\nmetadata:\n  title: Test\n`;
    const r = parseRegulationDocument(yaml);
    assert.equal(r.success, false);
    if (!r.success) assert.ok(r.issues.some((i) => i.text === 'scope: ontbreekt'));
  });

  it('reports a syntax error in Dutch', () => {
    const r = parseRegulationDocument('metadata: [unclosed');
    assert.equal(r.success, false);
    if (!r.success) assert.match(r.issues[0]?.text ?? '', /^het bestand is geen geldige YAML of JSON/);
  });
});
