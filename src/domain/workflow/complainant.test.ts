/** The complainant's own action (Mijn klacht, ADR 0012): withdrawing while the procedure runs, never after. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { applyComplainantAction, complainantMay } from './complainant.ts';
import type { HistoryEvent } from './facts.ts';
import { foldFacts } from './fold.ts';
import { policyFromRegulation } from './policy.ts';
import { readStoredEvent } from './stored-events.ts';
import { presetRegulation } from './test-support.ts';

const policy = policyFromRegulation(presetRegulation('stadsring51'));
let seq = 0;
const ev = (type: string, data: Record<string, unknown>): HistoryEvent => ({ seq: ++seq, type, at: '2026-03-03T10:00:00Z', actorUserId: 'u', actorRoles: ['coordinator'], data });
const history = (...more: HistoryEvent[]) => {
  seq = 0;
  return foldFacts([ev('registered', { receivedOn: '2026-03-02' }), ...more]);
};
const req = { policy, today: '2026-03-05' as const, now: '2026-03-05T10:00:00Z' };

describe('the complainant withdraws', () => {
  it('while the complaint is new, in handling or suspended: the event says the complainant did it', () => {
    for (const facts of [history(), history(ev('assign', { handlerUserId: 'h1' })), history(ev('assign', { handlerUserId: 'h1' }), ev('suspend', { reason: 'Wacht', from: '2026-03-04' }))]) {
      const r = applyComplainantAction({ ...req, facts, action: 'withdraw', input: { reason: 'Opgelost' } });
      assert.ok(r.ok, r.ok ? '' : r.message);
      assert.equal(r.status, 'withdrawn');
      assert.equal(r.event.data['byComplainant'], true);
      assert.equal(r.event.data['on'], '2026-03-05');
      assert.equal(readStoredEvent('withdraw', r.event.data).readable, true, 'the stored schema reads it');
      assert.equal(complainantMay({ ...req, facts, action: 'withdraw' }), true);
    }
  });

  it('never once the procedure has ended (withdrawn, or a record that runs no procedure)', () => {
    const withdrawn = history(ev('withdraw', { on: '2026-03-04' }));
    const suggestion = (() => {
      seq = 0;
      return foldFacts([ev('registered', { receivedOn: '2026-03-02', kind: 'suggestion' })]);
    })();
    for (const facts of [withdrawn, suggestion]) {
      const r = applyComplainantAction({ ...req, facts, action: 'withdraw', input: {} });
      assert.equal(r.ok, false);
      assert.equal(complainantMay({ ...req, facts, action: 'withdraw' }), false);
    }
  });

  it('bad input is refused at the field, as for staff', () => {
    const r = applyComplainantAction({ ...req, facts: history(), action: 'withdraw', input: { on: '2030-01-01' } });
    assert.equal(r.ok, false);
  });
});
