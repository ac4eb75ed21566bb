import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { describeRegulationChanges, slotText } from './changes.ts';
import { presets } from '../../regulations/library.ts';
import type { Regulation } from './schema.ts';

const ORG = { article: 'eigen keuze', basis: 'organisation' as const };
const stadsring = (): Regulation => presets.stadsring51!.build();

describe('describeRegulationChanges', () => {
  it('says nothing when nothing changed', () => {
    assert.deepEqual(describeRegulationChanges(stadsring(), stadsring()), []);
  });

  it('names a changed term, a new channel, a new complainant kind and a new role in plain Dutch', () => {
    const before = stadsring();
    const after = stadsring();
    // 002 art. 6.8: eight weeks; the new version says six.
    after.deadlines.decision = { ...(after.deadlines.decision as { amount: number; unit: 'weeks'; source: typeof ORG }), amount: 6 };
    if (Array.isArray(after.intake.channels)) after.intake.channels.push({ channel: 'email', source: ORG });
    after.intake.complainants.kinds.push({ kind: 'bereaved', source: ORG });
    after.roles.push({ key: 'committee', label: 'klachtencommissie', productRoles: ['handler'], source: ORG });
    const lines = describeRegulationChanges(before, after);
    assert.ok(lines.includes('Beslistermijn: 8 weken → 6 weken'), lines.join('\n'));
    assert.ok(lines.includes('Nieuw kanaal: per e-mail'));
    assert.ok(lines.includes('Mag nu ook klagen: nabestaande van een overleden cliënt'));
    assert.ok(lines.includes('Rol toegevoegd: klachtencommissie'));
    assert.equal(lines.length, 4, 'nothing else is reported');
    // And the way back.
    const back = describeRegulationChanges(after, before);
    assert.ok(back.includes('Beslistermijn: 6 weken → 8 weken'));
    assert.ok(back.includes('Kanaal vervalt: per e-mail'));
    assert.ok(back.includes('Rol vervalt: klachtencommissie'));
  });

  it('reads a term that is not regulated, still open, or in calendar days without the Atw', () => {
    assert.equal(slotText({ notPrescribed: true, source: { article: '-', basis: 'silent' as const } }), 'niet geregeld');
    assert.equal(slotText(undefined), 'niet geregeld');
    assert.equal(slotText({ open: true, key: 'x', question: 'q?', expects: 'term', source: { article: '-', basis: 'silent' as const } }), 'nog in te vullen');
    assert.equal(slotText({ amount: 14, unit: 'days', atw: false, source: ORG }), '14 kalenderdagen (zonder Algemene termijnenwet)');
    const before = stadsring();
    const after = stadsring();
    after.deadlines.serviceNorm = { amount: 4, unit: 'weeks', source: ORG };
    after.deadlines.milestones = [
      { key: 'reactie', label: 'Reactie op het oordeel', term: { amount: 1, unit: 'months', source: ORG }, from: 'decided', metBy: 'responded', source: ORG },
    ];
    const lines = describeRegulationChanges(before, after);
    assert.ok(lines.includes('Interne servicenorm: niet geregeld → 4 weken'), lines.join('\n'));
    assert.ok(lines.includes('Termijn toegevoegd: Reactie op het oordeel (1 maand)'));
  });
});
