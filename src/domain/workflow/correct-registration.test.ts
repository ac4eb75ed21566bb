/** The `correct-registration` action: who may, what it changes in the facts, and that the fold reads it back. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { HistoryEvent } from './facts.ts';
import { foldFacts } from './fold.ts';
import { policyFromRegulation } from './policy.ts';
import { applyAction } from './apply.ts';
import { COORDINATOR, HANDLER, INTAKE, presetRegulation } from './test-support.ts';

const policy = policyFromRegulation(presetRegulation('stadsring51'));
const UNIT_A = '11111111-1111-4111-8111-111111111111';
const UNIT_B = '22222222-2222-4222-8222-222222222222';
const registered: HistoryEvent = { seq: 1, type: 'registered', at: '2026-03-02T09:00:00Z', actorUserId: 'u', actorRoles: ['intake'], data: { receivedOn: '2026-03-02', unitId: UNIT_A } };
const apply = (events: HistoryEvent[], input: unknown, actor = COORDINATOR) =>
  applyAction({ facts: foldFacts(events), policy, action: 'correct-registration', input, actor, today: '2026-03-04', now: '2026-03-04T10:00:00Z' });

describe('correct-registration', () => {
  it('coordinator and intake may correct; a handler may not', () => {
    assert.equal(apply([registered], { reason: 'verkeerde eenheid', unitId: UNIT_B }).ok, true);
    assert.equal(apply([registered], { reason: 'verkeerde eenheid', unitId: UNIT_B }, INTAKE).ok, true);
    const r = apply([registered], { reason: 'verkeerde eenheid', unitId: UNIT_B }, HANDLER);
    assert.equal(r.ok, false);
    if (!r.ok) assert.equal(r.code, 'forbidden');
  });

  it('refuses a correction that changes nothing, and needs a reason', () => {
    const r = apply([registered], { reason: 'niets' });
    assert.equal(r.ok, false);
    const noReason = apply([registered], { unitId: UNIT_B });
    assert.equal(noReason.ok, false);
  });

  it('moves the unit, replaces the complainant and links an earlier complaint; the fold reads the stored event back', () => {
    const complainant = { name: 'Anna Jansen', email: 'anna@example.nl' };
    const linked = '33333333-3333-4333-8333-333333333333';
    const r = apply([registered], { reason: 'typefout', unitId: UNIT_B, complainant, linkedComplaintId: linked });
    assert.ok(r.ok);
    assert.equal(r.facts.unitId, UNIT_B);
    assert.deepEqual(r.facts.complainant, complainant);
    assert.equal(r.facts.linkedComplaintId, linked);
    assert.equal(r.facts.corrections.length, 1);
    const folded = foldFacts([registered, { seq: 2, type: r.event.type, at: '2026-03-04T10:00:00Z', actorUserId: 'c', actorRoles: ['coordinator'], data: { ...r.event.data, after: { status: r.status } } }]);
    assert.equal(folded.unitId, UNIT_B);
    assert.deepEqual(folded.complainant, complainant);
    assert.equal(folded.linkedComplaintId, linked);
  });

  it('a new complaint may become a suggestion (closed); a complaint in handling stays a complaint', () => {
    const r = apply([registered], { reason: 'was een suggestie', kind: 'suggestion' });
    assert.ok(r.ok);
    assert.equal(r.facts.kind, 'suggestion');
    assert.equal(r.status, 'closed');
    const assigned: HistoryEvent = { seq: 2, type: 'assign', at: '2026-03-03T09:00:00Z', actorUserId: 'c', actorRoles: ['coordinator'], data: { handlerUserId: 'h' } };
    const refused = apply([registered, assigned], { reason: 'toch een suggestie', kind: 'suggestion' });
    assert.equal(refused.ok, false);
    if (!refused.ok) assert.deepEqual(refused.fields?.map((f) => f.field), ['kind']);
  });

  it('a suggestion may become a complaint: new, from its day of receipt', () => {
    const suggestion: HistoryEvent = { ...registered, data: { receivedOn: '2026-03-02', kind: 'suggestion', unitId: UNIT_A } };
    const r = apply([suggestion], { reason: 'het was een klacht', kind: 'complaint' });
    assert.ok(r.ok);
    assert.equal(r.status, 'new');
    assert.equal(r.facts.receivedOn, '2026-03-02');
    assert.equal(r.facts.closedOn, null);
  });

  it('intake corrects only while the complaint is open', () => {
    const withdrawn: HistoryEvent = { seq: 2, type: 'withdraw', at: '2026-03-03T09:00:00Z', actorUserId: 'c', actorRoles: ['coordinator'], data: { on: '2026-03-03' } };
    const r = apply([registered, withdrawn], { reason: 'naam', complainant: { name: 'X' } }, INTAKE);
    assert.equal(r.ok, false);
    assert.equal(apply([registered, withdrawn], { reason: 'naam', complainant: { name: 'X' } }).ok, true);
  });
});
