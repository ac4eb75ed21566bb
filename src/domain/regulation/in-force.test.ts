import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { versionInForceOn, type ScopedVersion } from './in-force.ts';

const v = (id: string, unitId: string | null, version: number, since: string, effectiveDate: string | null = null): ScopedVersion => ({ id, unitId, version, since, effectiveDate });

describe('versionInForceOn: the version a complaint runs under', () => {
  const org1 = v('org1', null, 1, '2026-01-01');
  const org2 = v('org2', null, 2, '2026-09-01');
  const zuid1 = v('zuid1', 'zuid', 1, '2026-06-01', '2026-06-01');
  const chain = ['zuid', null];

  it('the version of the day of receipt, however late it is registered', () => {
    assert.deepEqual(versionInForceOn([org1, org2], [null], '2026-08-31', '2026-12-01'), { ok: true, version: org1 });
    assert.deepEqual(versionInForceOn([org1, org2], [null], '2026-09-01', '2026-12-01'), { ok: true, version: org2 });
  });

  it("a unit's own version from its own day; before it, the one it inherits (004 §2)", () => {
    assert.deepEqual(versionInForceOn([org1, zuid1], chain, '2026-05-31', '2026-12-01'), { ok: true, version: org1 });
    assert.deepEqual(versionInForceOn([org1, zuid1], chain, '2026-06-01', '2026-12-01'), { ok: true, version: zuid1 });
    assert.deepEqual(versionInForceOn([org1, zuid1], [null], '2026-07-01', '2026-12-01'), { ok: true, version: org1 }, "another unit's own never counts");
  });

  it('a version that takes effect after today never applies; only such versions: not yet, from their day', () => {
    const later = v('org2', null, 2, '2027-01-01', '2027-01-01');
    assert.deepEqual(versionInForceOn([org1, later], [null], '2026-12-01', '2026-12-01'), { ok: true, version: org1 });
    assert.deepEqual(versionInForceOn([later], [null], '2026-12-01', '2026-12-01'), { ok: false, from: '2027-01-01' });
    assert.equal(versionInForceOn([zuid1], [null], '2026-12-01', '2026-12-01'), null);
  });

  it('received before any version took effect: the first version in force; a later activation replaces a pending one', () => {
    assert.deepEqual(versionInForceOn([org1, org2], [null], '2025-06-01', '2026-12-01'), { ok: true, version: org1 });
    const pending = v('p', null, 2, '2027-01-01', '2027-01-01');
    const replacing = v('r', null, 3, '2026-12-15');
    assert.deepEqual(versionInForceOn([org1, pending, replacing], [null], '2027-01-02', '2027-01-02'), { ok: true, version: replacing }, 'version 3 was activated after version 2');
  });
});
