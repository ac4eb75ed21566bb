import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { getPreset } from '../../regulations/library.ts';
import type { Regulation } from '../regulation/schema.ts';
import { clientFileLine, destructionDate, isDue, STARTING_RETENTION, type RetentionInput } from './retention.ts';

const lentl = (): Regulation => {
  const reg = getPreset('lentl')!.build();
  const ret = reg.retention as Extract<Regulation['retention'], { mode: string }>;
  // The organisation's fill of the open point `client_file_retention` ("15 jaar").
  ret.period = { amount: 180, unit: 'months', source: { seed: '004', article: '§3 (voetnoot 1)', basis: 'organisation', fill: 'client_file_retention' } };
  return reg;
};

function input(over: Partial<RetentionInput>): RetentionInput {
  return {
    retention: { notPrescribed: true, source: { article: '9', basis: 'silent' } },
    kind: 'complaint',
    status: 'decided',
    receivedOn: '2020-01-10',
    endedOn: '2020-02-20',
    decidedOn: '2020-02-20',
    framework: null,
    clientRelationEndedOn: null,
    organisation: STARTING_RETENTION,
    ...over,
  };
}

describe('destruction date', () => {
  it('an open complaint has no date', () => {
    const d = destructionDate(input({ status: 'in_progress', endedOn: null }));
    assert.equal(d.destroyAfter, null);
    assert.match(d.basis, /loopt nog/);
  });

  it('a silent regulation uses the organisation default, never "keep forever" by itself', () => {
    const d = destructionDate(input({}));
    assert.equal(d.destroyAfter, '2022-02-20');
    assert.equal(d.basisKind, 'organisation');
    assert.match(d.basis, /noemt geen bewaartermijn\. /, 'a silent regulation cites no article (it would name one about something else)');
    assert.match(d.basis, /beginwaarde van Klachtwijs/);
    const chosen = destructionDate(input({ organisation: { ...STARTING_RETENTION, defaultPeriod: { amount: 5, unit: 'months' }, chosen: true } }));
    assert.equal(chosen.destroyAfter, '2020-07-20');
    assert.match(chosen.basis, /instelling van de organisatie/);
    const forever = destructionDate(input({ organisation: { ...STARTING_RETENTION, defaultPeriod: 'forever', chosen: true } }));
    assert.equal(forever.destroyAfter, null);
    assert.match(forever.basis, /zonder einddatum/);
  });

  it('a regulation period runs from what the regulation says', () => {
    const retention = { mode: 'period' as const, period: { amount: 2, unit: 'months' as const, source: { article: '12' } }, runsFrom: 'received' as const, source: { article: '12' } };
    const d = destructionDate(input({ retention }));
    assert.equal(d.destroyAfter, '2020-03-10');
    assert.equal(d.basisKind, 'regulation');
    assert.match(d.basis, /volgens de klachtenregeling \(artikel 12\)/);
  });

  it('Lentl: as the client file, per legal framework (Jeugdwet 20 years by law), from the end of the client relationship', () => {
    const reg = lentl();
    const base = destructionDate(input({ retention: reg.retention }));
    assert.equal(base.destroyAfter, '2035-02-20', '15 years after closing when no end of the client relationship is recorded');
    assert.match(base.basis, /cliëntrelatie is niet vastgelegd/);
    const jeugd = destructionDate(input({ retention: reg.retention, framework: 'jeugdwet', clientRelationEndedOn: '2021-06-01' }));
    assert.equal(jeugd.destroyAfter, '2041-06-01');
    assert.equal(jeugd.basisKind, 'law');
    assert.match(jeugd.basis, /Jeugdwet/);
    assert.match(jeugd.basis, /art\. 7\.3\.8/);
  });

  it('minimum retention (issue 12): the later of the regulation\'s minimum and the organisation\'s own period, both named', () => {
    const retention = { mode: 'minimum' as const, period: { amount: 24, unit: 'months' as const, source: { article: '9.3' } }, runsFrom: 'closed' as const, source: { article: '9.3' } };
    // Closed 2020-02-20; the regulation: at least 24 months → 2022-02-20. The organisation's own 5 years → 2025-02-20 (later: it wins).
    const longer = destructionDate(input({ retention, organisation: { ...STARTING_RETENTION, defaultPeriod: { amount: 60, unit: 'months' }, chosen: true } }));
    assert.equal(longer.destroyAfter, '2025-02-20');
    assert.equal(longer.basisKind, 'organisation');
    assert.equal(longer.basis, 'Bewaartermijn: ten minste 2 jaar na afsluiten van de klacht, volgens de klachtenregeling (artikel 9.3); de eigen bewaartermijn van de organisatie is langer: 5 jaar na afsluiten (instelling van de organisatie).');
    // The organisation's own 12 months → 2021-02-20 (earlier): the regulation's minimum 2022-02-20 holds.
    const shorter = destructionDate(input({ retention, organisation: { ...STARTING_RETENTION, defaultPeriod: { amount: 12, unit: 'months' }, chosen: true } }));
    assert.equal(shorter.destroyAfter, '2022-02-20');
    assert.equal(shorter.basisKind, 'regulation');
    assert.match(shorter.basis, /ten minste 2 jaar na afsluiten van de klacht, volgens de klachtenregeling \(artikel 9\.3\); de eigen bewaartermijn van de organisatie \(1 jaar na afsluiten, instelling van de organisatie\) is niet langer\./);
    // The organisation keeps without end: longer than any minimum, so no date.
    const forever = destructionDate(input({ retention, organisation: { ...STARTING_RETENTION, defaultPeriod: 'forever', chosen: true } }));
    assert.equal(forever.destroyAfter, null);
    assert.match(forever.basis, /ten minste 2 jaar.*zonder einddatum/);
    // Mode `period` with the same numbers ignores the organisation's longer setting (the regulation decides).
    const fixed = destructionDate(input({ retention: { ...retention, mode: 'period' }, organisation: { ...STARTING_RETENTION, defaultPeriod: { amount: 60, unit: 'months' }, chosen: true } }));
    assert.equal(fixed.destroyAfter, '2022-02-20');
  });

  it('dissatisfaction resolved on the spot is a brief record with its own period', () => {
    const d = destructionDate(input({ kind: 'dissatisfaction', status: 'closed', endedOn: '2020-01-10' }));
    assert.equal(d.destroyAfter, '2021-01-10');
    assert.match(d.basis, /Kort verslag van onvrede/);
  });

  it('is due on and after its date', () => {
    const d = destructionDate(input({}));
    assert.equal(isDue(d, '2022-02-19'), false);
    assert.equal(isDue(d, '2022-02-20'), true);
  });

  it('the client file gets the reference only (004 §5)', () => {
    assert.equal(clientFileLine('K-2026-0001'), 'Klachtdossier K-2026-0001');
  });
});
