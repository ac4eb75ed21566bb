/** Table-level tests: every illegal transition, the roles, the guards' codes, registration. */
import { complaintDeadlines } from './due-dates.ts';
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ACTION_NAMES, ACTION_SCHEMAS, isActionName } from './actions.ts';
import type { ComplaintFacts } from './facts.ts';
import { foldFacts } from './fold.ts';
import { policyFromRegulation } from './policy.ts';
import { STATUSES, type ProductRole } from './states.ts';
import { applyAction, registerComplaint } from './apply.ts';
import { WORKFLOW, actionAvailability, availableActions, transitionsFrom } from './table.ts';
import { BOARD, COORDINATOR, Dossier, HANDLER, INTAKE, presetRegulation } from './test-support.ts';

const reg = presetRegulation('stadsring51');
const policy = policyFromRegulation(reg);
const ALL_ROLES: ProductRole[] = ['admin', 'coordinator', 'handler', 'intake', 'board'];

function registeredFacts(): ComplaintFacts {
  return foldFacts([
    { seq: 1, type: 'registered', at: '2026-03-02T09:00:00Z', actorUserId: 'u', actorRoles: ['intake'], data: { receivedOn: '2026-03-02' } },
  ]);
}

describe('the table', () => {
  it('has an entry for every action, with a Dutch label, known statuses and roles', () => {
    assert.deepEqual(Object.keys(WORKFLOW).sort(), [...ACTION_NAMES].sort());
    assert.deepEqual(Object.keys(ACTION_SCHEMAS).sort(), [...ACTION_NAMES].sort());
    for (const name of ACTION_NAMES) {
      const rule = WORKFLOW[name];
      assert.ok(rule.label.length > 0);
      assert.ok(rule.from.length > 0, name);
      for (const s of rule.from) assert.ok(STATUSES.includes(s), `${name} from ${s}`);
      if (rule.to !== null) assert.ok(STATUSES.includes(rule.to));
      for (const r of rule.roles) assert.ok(ALL_ROLES.includes(r));
      assert.match(name, /^[a-z]+(-[a-z]+)*$/, 'kebab-case');
    }
  });

  it('every illegal transition answers invalid_transition, before the input is even looked at', () => {
    let checked = 0;
    for (const status of STATUSES) {
      const facts = { ...registeredFacts(), status };
      for (const action of ACTION_NAMES) {
        if (WORKFLOW[action].from.includes(status)) continue;
        const r = applyAction({ facts, policy, action, input: { nonsense: true }, actor: COORDINATOR, today: '2026-03-10', now: '2026-03-10T10:00:00Z' });
        assert.equal(r.ok, false);
        if (!r.ok) assert.equal(r.code, 'invalid_transition', `${action} from ${status}`);
        checked += 1;
      }
    }
    assert.ok(checked > 50);
  });

  it('transitionsFrom lists exactly the table', () => {
    assert.deepEqual(
      transitionsFrom('suspended').map((t) => `${t.action}->${t.to}`),
      [
        'acknowledge->suspended',
        'classify->suspended',
        'record-contact->suspended',
        'resume->in_progress',
        'extend->suspended',
        'declare-inadmissible->inadmissible',
        'withdraw->withdrawn',
        'record-advice->suspended',
        'record-external-procedure->suspended',
        'record-external-ruling->suspended',
        'record-organisation-reaction->suspended',
        'add-note->suspended',
        'correct-registration->suspended',
        // issue 12: a request for a judgement and proof of capacity may come in while the handling is suspended
        'request-judgement->suspended',
        'request-proof-of-capacity->suspended',
        'record-proof-of-capacity->suspended',
      ],
    );
    for (const s of ['decided', 'closed', 'inadmissible', 'withdrawn'] as const) {
      assert.ok(transitionsFrom(s).some((t) => t.action === 'reopen' && t.to === 'in_progress'), s);
    }
  });

  it('roles: board and admin do nothing; intake records contacts and notes and corrects its registration; handler no assign/close/reopen', () => {
    const facts = registeredFacts();
    assert.deepEqual(availableActions(facts, policy, ['board'], '2026-03-02'), []);
    assert.deepEqual(availableActions(facts, policy, ['admin'], '2026-03-02'), []);
    assert.deepEqual(availableActions(facts, policy, ['intake'], '2026-03-02'), ['record-contact', 'add-note', 'correct-registration']);
    const handler = availableActions(facts, policy, ['handler'], '2026-03-02');
    for (const a of ['assign', 'classify', 'close', 'reopen', 'record-external-procedure'] as const) assert.ok(!handler.includes(a), a);
    assert.ok(handler.includes('decide') === false, 'stadsring51: hearing first');
    assert.ok(handler.includes('record-hearing'));
    for (const actor of [BOARD, INTAKE]) {
      const r = applyAction({ facts, policy, action: 'assign', input: { handlerUserId: 'x' }, actor, today: '2026-03-02', now: '2026-03-02T10:00:00Z' });
      assert.equal(r.ok ? 'ok' : r.code, 'forbidden');
    }
  });

  it('availableActions agrees with applyAction: an action not offered is never accepted', () => {
    const d = new Dossier(reg, { receivedOn: '2026-03-02' }, '2026-03-02');
    const offered = availableActions(d.facts, d.policy, ['coordinator'], d.today);
    for (const action of ACTION_NAMES) {
      if (offered.includes(action)) continue;
      const r = applyAction({ facts: d.facts, policy: d.policy, action, input: {}, actor: COORDINATOR, today: '2026-03-02', now: '2026-03-02T10:00:00Z' });
      assert.equal(r.ok ? 'ok' : r.code, 'invalid_transition', action);
    }
  });

  it('actionAvailability explains a blocked button', () => {
    const d = new Dossier(reg, { receivedOn: '2026-03-02' }, '2026-03-02');
    const decide = actionAvailability(d.facts, d.policy, ['handler'], d.today).find((a) => a.action === 'decide');
    assert.equal(decide?.allowed, false);
    assert.match(decide?.reason ?? '', /gehoord/);
    assert.equal(decide?.label, 'Beslissing vastleggen');
  });

  it("the decision's action is named in the regulation's own word (003 'Antwoord', 001 'een standpunt'); the stored action stays decide (walk14)", () => {
    const label = (preset: string) => {
      const d = new Dossier(presetRegulation(preset), { receivedOn: '2026-03-02' }, '2026-03-02');
      return actionAvailability(d.facts, d.policy, ['coordinator'], d.today).find((a) => a.action === 'decide')?.label;
    };
    assert.equal(label('cbf-template'), 'Antwoord vastleggen');
    assert.equal(label('hss'), 'Standpunt vastleggen');
    assert.equal(label('stadsring51'), 'Beslissing vastleggen');
  });

  it('actionAvailability marks the steps the regulation does not have (absent, left out of the dossier); asked for anyway, they are refused with the reason', () => {
    // The walkthrough found the dossier's "Nu niet mogelijk" listing steps such as a committee or an escalation of a
    // regulation that has neither: never possible, so not "not now".
    const d = new Dossier(reg, { receivedOn: '2026-03-02' }, '2026-03-02');
    d.must('acknowledge', { on: '2026-03-02' }, COORDINATOR, '2026-03-02');
    d.must('assign', { handlerUserId: HANDLER.userId }, COORDINATOR, '2026-03-02');
    const all = actionAvailability(d.facts, d.policy, ['coordinator'], d.today);
    const regulationLacks = /^Deze klachtenregeling (kent|schrijft|noemt|staat|vraagt) (geen|niet)/;
    // Every refusal that says the regulation lacks the step is marked absent, and only those.
    assert.deepEqual(all.filter((a) => regulationLacks.test(a.reason ?? '')).map((a) => a.action).sort(), all.filter((a) => a.absent).map((a) => a.action).sort());
    const listed = all.filter((a) => !a.absent);
    assert.deepEqual(listed.filter((a) => regulationLacks.test(a.reason ?? '')), []);
    assert.equal(d.policy.committee ?? null, null, 'stadsring51 has no complaints committee');
    assert.equal(all.find((a) => a.action === 'forward-to-committee')?.absent, true);
    assert.equal(listed.find((a) => a.action === 'forward-to-committee'), undefined);
    const r = applyAction({ facts: d.facts, policy: d.policy, action: 'forward-to-committee', input: {}, actor: COORDINATOR, today: '2026-03-03', now: '2026-03-03T10:00:00Z' });
    assert.equal(r.ok ? 'ok' : r.code, 'invalid_transition');
    assert.match(r.ok ? '' : r.message, /kent geen klachtencommissie/);
    // What only waits for something (hearing first) is still listed with its reason.
    assert.match(listed.find((a) => a.action === 'decide')?.reason ?? '', /gehoord/);
  });

  it('bad input answers validation_failed with Dutch messages per field', () => {
    const d = new Dossier(reg, { receivedOn: '2026-03-02' }, '2026-03-02');
    const r = d.refused('record-contact', { on: '2026-13-40', with: '' }, 'validation_failed');
    const fields = r.fields ?? [];
    assert.deepEqual(fields.map((f) => f.field).sort(), ['on', 'with']);
    assert.match(fields.find((f) => f.field === 'on')?.message ?? '', /JJJJ-MM-DD/);
    const future = d.refused('record-contact', { on: '2026-03-09', with: 'klager' }, 'validation_failed', COORDINATOR, '2026-03-05');
    assert.match(future.fields?.[0]?.message ?? '', /toekomst/);
    const before = d.refused('acknowledge', { on: '2026-02-01' }, 'validation_failed');
    assert.match(before.fields?.[0]?.message ?? '', /vóór de ontvangst/);
    for (const input of [null, 'x', 42, [], { outcome: 'maybe' }]) {
      const x = applyAction({ facts: d.facts, policy: d.policy, action: 'assign', input, actor: COORDINATOR, today: '2026-03-02', now: '2026-03-02T10:00:00Z' });
      assert.equal(x.ok ? 'ok' : x.code, 'validation_failed');
    }
  });

  it('acknowledges once; withdraws from any open status; reopens and keeps the old decision', () => {
    // With a handler: reopened, it is in handling again (without one it waits for assignment, below).
    const d = new Dossier(presetRegulation('hss'), { receivedOn: '2026-03-02', handlerUserId: HANDLER.userId }, '2026-03-02');
    d.must('acknowledge');
    assert.match(d.refused('acknowledge', {}, 'invalid_transition').message, /al bevestigd/);
    d.must('decide', { outcome: 'decided', reasoning: 'Het advies was onjuist; wij corrigeren het.', externalBodyNamed: true });
    d.refused('withdraw', {}, 'invalid_transition');
    const reopened = d.must('reopen', { reason: 'De klager meldt dat de correctie niet is gedaan.' });
    assert.equal(reopened.status, 'in_progress');
    assert.equal(reopened.reopenCount, 1);
    assert.equal(reopened.decision, null);
    assert.equal(reopened.previousDecisions.length, 1);
    assert.equal(d.must('withdraw', { reason: 'Opgelost.' }).status, 'withdrawn');
    assert.equal(d.must('reopen', { reason: 'Toch niet opgelost.' }).status, 'in_progress');
  });

  it('a reopened complaint gets a new decision term from the day of reopening', () => {
    // hss: decision within 6 weeks. Received 2 March 2026 → due 13 April; reopened 1 June 2026 → due 13 July.
    const d = new Dossier(presetRegulation('hss'), { receivedOn: '2026-03-02' }, '2026-03-02');
    assert.equal(complaintDeadlines(d.policy, d.facts, '2026-03-02').decision?.due, '2026-04-13');
    d.must('decide', { outcome: 'decided', reasoning: 'Het advies was juist gegeven en goed uitgelegd.', externalBodyNamed: true });
    d.today = '2026-06-01';
    d.must('reopen', { reason: 'Nieuwe informatie van de klager.' });
    const deadlines = complaintDeadlines(d.policy, d.facts, '2026-06-01');
    assert.equal(deadlines.decision?.due, '2026-07-13');
    assert.equal(deadlines.decision?.overdue, false);
    assert.equal(deadlines.acknowledgement?.due, '2026-03-11', 'the acknowledgement term still counts from receipt');
  });

  it('suspension pauses the decision clock where the regulation allows it', () => {
    const base = presetRegulation('hss');
    const allowing = { ...base, deadlines: { ...base.deadlines, suspension: { allowed: true, source: { article: 'test' } } } };
    const d = new Dossier(allowing, { receivedOn: '2026-03-02', handlerUserId: HANDLER.userId }, '2026-03-02');
    d.must('suspend', { reason: 'Wij wachten op stukken van de klager.', from: '2026-03-10' }, HANDLER, '2026-03-10');
    assert.equal(d.facts.status, 'suspended');
    d.refused('decide', { outcome: 'decided', reasoning: 'x'.repeat(30), externalBodyNamed: true }, 'invalid_transition', HANDLER);
    const early = d.refused('resume', { on: '2026-03-09' }, 'validation_failed', HANDLER, '2026-03-20');
    assert.match(early.fields?.[0]?.message ?? '', /begin van de opschorting/);
    const facts = d.must('resume', { on: '2026-03-20' }, HANDLER, '2026-03-20');
    assert.equal(facts.status, 'in_progress');
    assert.deepEqual(facts.suspensions, [{ from: '2026-03-10', to: '2026-03-20', reason: 'Wij wachten op stukken van de klager.' }]);
  });

  it('registration: past date allowed, future refused, handler never the respondent; other kinds are closed', () => {
    const actor = INTAKE;
    const ok = registerComplaint({ input: { receivedOn: '2026-02-27' }, policy, actor, today: '2026-03-02', now: '2026-03-02T08:00:00Z' });
    assert.ok(ok.ok);
    if (ok.ok) assert.equal(ok.status, 'new');
    const future = registerComplaint({ input: { receivedOn: '2026-03-03' }, policy, actor, today: '2026-03-02', now: '' });
    assert.equal(future.ok, false);
    const same = registerComplaint({ input: { receivedOn: '2026-03-02', respondentUserId: 'a', handlerUserId: 'a' }, policy, actor, today: '2026-03-02', now: '' });
    assert.deepEqual(same.ok ? [] : same.fields.map((f) => f.field), ['handlerUserId']);
    for (const kind of ['dissatisfaction', 'suggestion'] as const) {
      const r = registerComplaint({ input: { kind, receivedOn: '2026-03-02' }, policy, actor, today: '2026-03-02', now: '' });
      assert.ok(r.ok && r.status === 'closed' && r.facts.closedOn === '2026-03-02', kind);
    }
    // "Geen klacht" needs one of the regulation's excluded subjects (001 §3.1); 002 names none.
    const notAComplaint = registerComplaint({ input: { kind: 'not_a_complaint', receivedOn: '2026-03-02' }, policy, actor, today: '2026-03-02', now: '' });
    assert.deepEqual(notAComplaint.ok ? [] : notAComplaint.fields.map((f) => f.field), ['kind']);
  });

  it('the fold ignores unknown event types and lists unreadable data', () => {
    const facts = foldFacts([
      { seq: 2, type: 'letter-sent', at: '2026-03-03T10:00:00Z', actorUserId: null, actorRoles: [], data: {} },
      { seq: 1, type: 'registered', at: '2026-03-02T09:00:00Z', actorUserId: null, actorRoles: [], data: { receivedOn: '2026-03-02' } },
      { seq: 3, type: 'assign', at: '2026-03-03T10:00:00Z', actorUserId: null, actorRoles: [], data: { bogus: 1 } },
    ]);
    assert.equal(facts.receivedOn, '2026-03-02');
    assert.equal(facts.status, 'in_progress');
    assert.deepEqual(facts.unreadableEvents, [3]);
    assert.equal(facts.lastSeq, 3);
    assert.ok(isActionName('decide') && !isActionName('registered'));
  });

  it('classify never makes the handler the respondent', () => {
    const d = new Dossier(reg, { receivedOn: '2026-03-02' }, '2026-03-02');
    d.must('assign', { handlerUserId: HANDLER.userId });
    const r = d.refused('classify', { respondentUserId: HANDLER.userId }, 'validation_failed');
    assert.deepEqual(r.fields?.map((f) => f.field), ['respondentUserId']);
  });
});

describe('"In behandeling" needs a handler (statusAfter)', () => {
  it('a hearing recorded or planned on a new complaint without a handler leaves it new; with a handler it is in handling', () => {
    const d = new Dossier(reg, { receivedOn: '2026-03-02' }, '2026-03-02');
    d.must('record-hearing', { party: 'complainant', on: '2026-03-02', report: 'De klager licht de klacht toe.' }, COORDINATOR, '2026-03-02');
    assert.equal(d.facts.status, 'new');
    assert.equal(d.facts.hearings.complainant.heard.length, 1);
    d.must('plan-hearing', { party: 'respondent', on: '2026-03-09' }, COORDINATOR, '2026-03-02');
    assert.equal(d.facts.status, 'new');
    d.must('assign', { handlerUserId: HANDLER.userId }, COORDINATOR, '2026-03-02');
    assert.equal(d.facts.status, 'in_progress');

    const e = new Dossier(reg, { receivedOn: '2026-03-02', handlerUserId: HANDLER.userId }, '2026-03-02');
    e.must('record-hearing', { party: 'complainant', on: '2026-03-02', report: 'Verslag.' }, HANDLER, '2026-03-02');
    assert.equal(e.facts.status, 'in_progress');
  });

  it('resumed or reopened without a handler it is new again (the queue for assignment); with a handler, or handed to a body, in handling', () => {
    const suspending = { ...reg, deadlines: { ...reg.deadlines, suspension: { allowed: true, source: { article: 'test' } } } };
    const d = new Dossier(suspending, { receivedOn: '2026-03-02' }, '2026-03-02');
    d.must('suspend', { from: '2026-03-03', reason: 'Wacht op stukken van de klager.' }, COORDINATOR, '2026-03-03');
    d.must('resume', { on: '2026-03-05' }, COORDINATOR, '2026-03-05');
    assert.equal(d.facts.status, 'new', 'resumed without a handler');
    d.must('withdraw', { on: '2026-03-06' }, COORDINATOR, '2026-03-06');
    d.must('reopen', { reason: 'De klager wil toch verder.', on: '2026-03-09' }, COORDINATOR, '2026-03-09');
    assert.equal(d.facts.status, 'new', 'reopened without a handler');
    // It has been in handling: it stays a complaint (as one in handling does), though it waits for a handler.
    assert.match(d.refused('correct-registration', { reason: 'Toch een suggestie.', kind: 'suggestion' }, 'validation_failed').fields?.[0]?.message ?? '', /blijft een klacht/);
    d.must('assign', { handlerUserId: HANDLER.userId }, COORDINATOR, '2026-03-09');
    assert.equal(d.facts.status, 'in_progress');
    d.must('suspend', { from: '2026-03-10', reason: 'Wacht op stukken.' }, HANDLER, '2026-03-10');
    d.must('resume', { on: '2026-03-12' }, HANDLER, '2026-03-12');
    assert.equal(d.facts.status, 'in_progress', 'resumed with a handler');

    const e = new Dossier(suspending, { receivedOn: '2026-03-02' }, '2026-03-02');
    e.must('escalate', { to: e.policy.escalation.steps[0]!.to, reason: 'Ernstig.' }, COORDINATOR, '2026-03-02');
    e.must('suspend', { from: '2026-03-03', reason: 'Wacht op stukken.' }, COORDINATOR, '2026-03-03');
    e.must('resume', { on: '2026-03-05' }, COORDINATOR, '2026-03-05');
    assert.equal(e.facts.status, 'in_progress', 'the body it was escalated to handles it');
  });

  it('the history stays literal: an event that stored in_progress still folds to in_progress', () => {
    const facts = foldFacts([
      { seq: 1, type: 'registered', at: '2026-03-02T09:00:00Z', actorUserId: 'u', actorRoles: ['intake'], data: { receivedOn: '2026-03-02' } },
      { seq: 2, type: 'record-hearing', at: '2026-03-02T10:00:00Z', actorUserId: 'u', actorRoles: ['coordinator'], data: { party: 'complainant', on: '2026-03-02', report: 'Verslag.', after: { status: 'in_progress' } } },
    ]);
    assert.equal(facts.status, 'in_progress');
  });
});
