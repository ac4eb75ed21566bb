import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { describeRegulationChanges } from './changes.ts';
import { applyEditorValues, editorFieldLabels, editorValues, fieldForPath, partLabel, termAmountField, termSlots, termUnitField } from './edit.ts';
import { parseRegulation } from './parse.ts';
import { renderRegulationText } from './render.ts';
import { presets } from '../../regulations/library.ts';
import { isNotPrescribed, isTermRule } from './schema.ts';

describe('the regulation as form fields', () => {
  it('the date of the regulation is asked in the editor as the regulations write it and the published text shows it: vastgesteld (003), not "ingaat"', () => {
    // 003: "Deze klachtenregeling is door het bestuur vastgesteld op [dd mm jjjj]"; the preset asks the adoption date, and
    // since session 12 the same date also decides from when the version applies (ADR 0003 addendum).
    const reg = presets.stadsring51!.build();
    reg.metadata.effectiveDate = '2027-01-01';
    assert.equal(editorFieldLabels(reg)['veld.ingangsdatum'], 'Datum van vaststelling');
    const values = editorValues(reg);
    values['veld.ingangsdatum'] = '2027-02-01';
    const applied = applyEditorValues(reg, values);
    assert.ok(describeRegulationChanges(reg, applied.regulation).some((l) => l.startsWith('Datum van vaststelling')));
    const about = renderRegulationText(applied.regulation, { name: 'Stichting Voorbeeld' }).sections.find((s) => s.heading === 'Over deze regeling');
    assert.ok(JSON.stringify(about).includes('Vastgesteld op 1 februari 2027'));
  });

  it('the current values read back unchanged: applying them changes nothing (002 stadsring51)', () => {
    const reg = presets.stadsring51!.build();
    const applied = applyEditorValues(reg, editorValues(reg));
    assert.deepEqual(applied.errors, {});
    assert.equal(applied.changed, false);
    assert.deepEqual(applied.regulation, reg);
  });

  it('a changed term keeps its article, a new channel and a slot set to "niet geregeld" validate', () => {
    const reg = presets.stadsring51!.build();
    const values = editorValues(reg);
    // 002 art. 6.8: "binnen acht weken"; the admin makes it six.
    values[termAmountField('decision')] = '6';
    values['veld.kanalen'] = [...(values['veld.kanalen'] as string[]), 'email'];
    values[termAmountField('acknowledgement')] = '';
    values[termUnitField('acknowledgement')] = '';
    const applied = applyEditorValues(reg, values);
    assert.deepEqual(applied.errors, {});
    assert.equal(applied.changed, true);
    const decision = applied.regulation.deadlines.decision;
    assert.ok(isTermRule(decision) && decision.amount === 6 && decision.unit === 'weeks');
    assert.equal(decision.source.article, '6.8');
    assert.equal(decision.note, undefined, 'the note that described eight weeks is dropped');
    assert.ok(isNotPrescribed(applied.regulation.deadlines.acknowledgement));
    assert.ok(parseRegulation(applied.regulation).success, 'the edited regulation validates');
    const lines = describeRegulationChanges(reg, applied.regulation);
    assert.ok(lines.includes('Beslistermijn: 8 weken → 6 weken'));
    assert.ok(lines.includes('Nieuw kanaal: per e-mail'));
  });

  it('bad input gets a Dutch message at its field', () => {
    const reg = presets.stadsring51!.build();
    const values = editorValues(reg);
    values[termAmountField('decision')] = 'acht';
    values[termUnitField('decision')] = '';
    values['veld.kanalen'] = [];
    values['veld.titel'] = ' ';
    const { errors } = applyEditorValues(reg, values);
    assert.match(errors[termUnitField('decision')] ?? '', /Kies werkdagen/);
    assert.match(errors['veld.kanalen'] ?? '', /ten minste één manier/);
    assert.match(errors['veld.titel'] ?? '', /titel/);
    values[termUnitField('decision')] = 'weeks';
    assert.match(applyEditorValues(reg, values).errors[termAmountField('decision')] ?? '', /heel getal/);
  });

  it('maps a path to its field, and names the part of a path without a field in Dutch', () => {
    const reg = presets.stadsring51!.build();
    assert.equal(fieldForPath(reg, 'deadlines.decision.amount'), termAmountField('decision'));
    assert.equal(fieldForPath(reg, 'intake.channels[1].channel'), 'veld.kanalen');
    assert.equal(fieldForPath(reg, 'routing.handledBy.roles[0]'), null);
    assert.equal(partLabel('routing.handledBy.roles[0]'), 'Wie wat doet');
    assert.equal(partLabel('deadlines.suspension'), 'Termijnen');
  });

  it('an open point is not a field (it is asked as an open point): 004 lentl', () => {
    const reg = presets.lentl!.build();
    assert.ok(!termSlots(reg).some((s) => s.id === 'decision'), 'the decision term is an open point there');
    assert.equal(editorValues(reg)['veld.kanalen'], undefined);
  });
});
