/**
 * applyEvent copies the facts before it folds an event into them (a plain-data copy since session 13, lane intake13, in
 * place of structuredClone): the copy must be what structuredClone gives for plain data, and share nothing with them.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { emptyFacts, type ComplaintFacts, type HistoryEvent } from './facts.ts';
import { applyEvent } from './fold.ts';

const note: HistoryEvent = { seq: 2, type: 'add-note', at: '2026-03-03T09:00:00Z', actorUserId: 'c', actorRoles: ['coordinator'], data: { text: 'Gebeld.' } };

describe('applyEvent copies the facts', () => {
  it('as structuredClone does: an own "__proto__" from parsed JSON stays a property and never becomes the prototype', () => {
    const complainant = JSON.parse('{"name":"Jansen","__proto__":{"isAdmin":true}}') as Record<string, unknown>;
    const previous: ComplaintFacts = { ...emptyFacts(), receivedOn: '2026-03-02', complainant };
    const next = applyEvent(previous, note);
    const copied = next.complainant!;
    assert.notEqual(copied, complainant, 'a copy, not the same object');
    assert.equal(Object.getPrototypeOf(copied), Object.prototype);
    assert.equal((copied as { isAdmin?: unknown }).isAdmin, undefined);
    assert.ok(Object.hasOwn(copied, '__proto__'));
    assert.deepEqual(Object.keys(copied), Object.keys(structuredClone(complainant)));
    // The copy shares nothing: changing it leaves the facts it came from as they were.
    (copied as Record<string, unknown>)['name'] = 'Pietersen';
    assert.equal(complainant['name'], 'Jansen');
  });
});
