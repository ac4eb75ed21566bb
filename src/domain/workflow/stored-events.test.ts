/** Reading the history with the stored-event schemas (ADR 0006): the past is read, never re-judged. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ACTION_NAMES, ACTION_SCHEMAS } from './actions.ts';
import type { HistoryEvent } from './facts.ts';
import { foldFacts } from './fold.ts';
import { afterOf, readStoredEvent, STORED_ACTION_SCHEMAS } from './stored-events.ts';

let seq = 0;
const ev = (type: string, data: unknown, at = '2026-03-03T10:00:00Z'): HistoryEvent => ({ seq: ++seq, type, at, actorUserId: 'u', actorRoles: ['coordinator'], data });
const registered = (data: Record<string, unknown> = {}) => {
  seq = 0;
  return ev('registered', { receivedOn: '2026-03-02', ...data }, '2026-03-02T09:00:00Z');
};

describe('stored events', () => {
  it('has a stored schema for every action', () => {
    assert.deepEqual(Object.keys(STORED_ACTION_SCHEMAS).sort(), [...ACTION_NAMES].sort());
  });

  it('an old event without a stored status gets the status from the workflow table', () => {
    const facts = foldFacts([registered(), ev('assign', { handlerUserId: 'h1' }), ev('suspend', { reason: 'Wacht op stukken', from: '2026-03-04' })]);
    assert.equal(facts.status, 'suspended');
    assert.equal(facts.handlerUserId, 'h1');
    assert.deepEqual(facts.unreadableEvents, []);
  });

  it('the status an event stored wins over the table (the history is literal)', () => {
    const facts = foldFacts([registered({ after: { status: 'new' } }), ev('record-contact', { on: '2026-03-03', with: 'De klager', after: { status: 'in_progress' } })]);
    assert.equal(facts.status, 'in_progress', 'record-contact leaves the status in the table; the stored status says otherwise');
    const bogus = foldFacts([registered(), ev('assign', { handlerUserId: 'h1', after: { status: 'nonsense' } })]);
    assert.equal(bogus.status, 'in_progress', 'a stored status that is no status falls back to the table');
    assert.deepEqual(bogus.unreadableEvents, []);
  });

  it('an event that no longer passes today\'s input schema is still read', () => {
    // Today an empty measure is refused (the length of the reasoning is the regulation's, checked by guardDecide).
    const decide = { outcome: 'not_upheld', reasoning: 'Te kort', measures: [''], form: 'written', decidedOn: '2026-03-10', signedBy: 'old field' };
    assert.equal(ACTION_SCHEMAS.decide.safeParse(decide).success, false, 'today an empty measure is refused');
    const longWith = 'x'.repeat(400);
    assert.equal(ACTION_SCHEMAS['record-contact'].safeParse({ on: '2026-03-03', with: longWith }).success, false);
    const facts = foldFacts([
      registered(),
      ev('assign', { handlerUserId: 'h1' }),
      ev('record-contact', { on: '2026-03-03', with: longWith, actions: 'Terugbellen' }),
      ev('waive-hearing', { party: 'complainant', ground: 'declined', explanation: '' }),
      ev('decide', decide),
      ev('sign-off', { role: 'complaints_officer', signedBy: 'Vrije tekst van vroeger', on: '2026-03-11', byUserId: 'later-field' }),
    ]);
    assert.deepEqual(facts.unreadableEvents, []);
    assert.equal(facts.status, 'decided');
    assert.equal(facts.decision?.reasoning, 'Te kort');
    assert.equal(facts.decision?.decidedOn, '2026-03-10');
    assert.equal(facts.contacts[0]?.with, longWith);
    assert.equal(facts.contacts[0]?.actions, 'Terugbellen');
    assert.equal(facts.signOffs[0]?.role, 'complaints_officer'); // the old free-text name stays in the event, shown in the history
  });

  it('garbage is listed as unreadable, never dropped; its status change still counts', () => {
    const facts = foldFacts([
      registered(),
      ev('assign', 'not an object'),
      ev('suspend', { reason: 'x', from: 'gisteren' }),
      ev('extend', { term: { amount: -3, unit: 'weeks' }, noticeOn: '2026-03-05', reason: 'x', after: { status: 'in_progress' } }),
    ]);
    assert.deepEqual(facts.unreadableEvents, [2, 3, 4]);
    assert.equal(facts.status, 'in_progress', 'the unreadable extend event stored its status; that is still read');
    assert.equal(facts.suspensions.length, 0);
    assert.equal(facts.extension, null);
    const noRegistration = foldFacts([{ ...registered(), data: { receivedOn: 'soon' } }]);
    assert.deepEqual(noRegistration.unreadableEvents, [1]);
    assert.equal(readStoredEvent('letter-sent', {}).readable, false);
    assert.equal(readStoredEvent('attachments-added', { files: [{ filename: 'a.pdf' }] }).readable, true);
  });

  it('afterOf stores the status and only a changed handler', () => {
    assert.deepEqual(afterOf({ status: 'new', handlerUserId: null }, { status: 'in_progress', handlerUserId: 'h1' }), { status: 'in_progress', handlerUserId: 'h1' });
    assert.deepEqual(afterOf({ status: 'in_progress', handlerUserId: 'h1' }, { status: 'in_progress', handlerUserId: 'h1' }), { status: 'in_progress' });
    assert.deepEqual(afterOf(null, { status: 'closed', handlerUserId: null }), { status: 'closed' });
  });
});
