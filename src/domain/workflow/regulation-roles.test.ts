/** The regulation's people: role resolution per complaint, deputies, and the regulation-role gate. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ComplaintFacts } from './facts.ts';
import { foldFacts } from './fold.ts';
import { policyFromRegulation } from './policy.ts';
import { regulationGate } from './regulation-gate.ts';
import { escalationKind, holdersOf, regulationRolesOf, respondentTakesPart, seesUnitComplaints, type RoleBinding } from './regulation-roles.ts';
import { applyAction, registerComplaint } from './apply.ts';
import { presetRegulation } from './test-support.ts';

const cbf = policyFromRegulation(presetRegulation('cbf-template'));
const conneqt = policyFromRegulation(presetRegulation('conneqt'));
const lentl = policyFromRegulation(presetRegulation('lentl'));
const stadsring = policyFromRegulation(presetRegulation('stadsring51'));
const hss = policyFromRegulation(presetRegulation('hss'));

const TEAM = 'team';
const DEPT = 'dept';
const people = { unitChain: [TEAM, DEPT], respondentUserId: 'resp', handlerUserId: 'hand', registeredBy: 'recv' };

function facts(extra: Record<string, unknown> = {}): ComplaintFacts {
  return foldFacts([
    { seq: 1, type: 'registered', at: '2026-03-02T09:00:00Z', actorUserId: 'recv', actorRoles: ['intake'], data: { receivedOn: '2026-03-02', ...extra } },
  ]);
}

describe('which regulation roles a user holds for one complaint', () => {
  const bindings: RoleBinding[] = [
    { roleKey: 'coordinator', unitId: DEPT, userId: 'coord' },
    { roleKey: 'director', unitId: null, userId: 'dir' },
    { roleKey: 'board', unitId: 'elsewhere', userId: 'boardmember' },
  ];

  it('a binding on an ancestor unit or the organisation counts for the units below; another unit does not', () => {
    const world = { policy: cbf, bindings, absent: new Set<string>() };
    assert.deepEqual(regulationRolesOf(world, 'coord', people), ['coordinator']);
    assert.deepEqual(regulationRolesOf(world, 'dir', people), ['director']);
    assert.deepEqual(regulationRolesOf(world, 'boardmember', people), []);
  });

  it('appointments: the assigned handler (003), the receiver (003), the respondent (000)', () => {
    const world = { policy: cbf, bindings, absent: new Set<string>() };
    assert.deepEqual(regulationRolesOf(world, 'hand', people), ['handler']);
    assert.deepEqual(regulationRolesOf(world, 'recv', people), ['employee']);
    assert.deepEqual(regulationRolesOf({ policy: conneqt, bindings: [], absent: new Set() }, 'resp', people), ['employee']);
    assert.deepEqual(holdersOf({ policy: conneqt, bindings: [], absent: new Set() }, 'employee', { ...people, respondentUserId: null }), []);
  });

  it('003: while every klachtencoördinator is absent, the directeur stands in, and not after', () => {
    const away = { policy: cbf, bindings, absent: new Set(['coord']) };
    assert.deepEqual(regulationRolesOf(away, 'dir', people), ['coordinator', 'director']);
    assert.deepEqual(holdersOf(away, 'coordinator', people), ['coord', 'dir']);
    const back = { policy: cbf, bindings, absent: new Set<string>() };
    assert.deepEqual(regulationRolesOf(back, 'dir', people), ['director']);
    const twoCoordinators = { policy: cbf, bindings: [...bindings, { roleKey: 'coordinator', unitId: null, userId: 'coord2' }], absent: new Set(['coord']) };
    assert.deepEqual(regulationRolesOf(twoCoordinators, 'dir', people), ['director'], 'one coordinator is still there');
  });

  it('no deputy where the regulation names none (000)', () => {
    const world = { policy: conneqt, bindings: [{ roleKey: 'complaints_officer', unitId: null, userId: 'ko' }], absent: new Set(['ko']) };
    assert.deepEqual(holdersOf(world, 'complaints_officer', people), ['ko']);
  });

  it('who sees the unit’s complaints by role alone: the one who decides who handles (003, 004 §3)', () => {
    assert.equal(seesUnitComplaints(lentl, 'manager'), true);
    assert.equal(seesUnitComplaints(lentl, 'management'), false);
    assert.equal(seesUnitComplaints(cbf, 'coordinator'), true);
    assert.equal(seesUnitComplaints(cbf, 'director'), false);
    assert.equal(seesUnitComplaints(cbf, 'board'), false);
    assert.equal(seesUnitComplaints(stadsring, 'complaints_officer'), false, 'the product role coordinator shows them');
  });

  it('the person complained about takes part only where the regulation gives them a part (000), not elsewhere', () => {
    assert.equal(respondentTakesPart(conneqt), true);
    assert.equal(respondentTakesPart(lentl), false);
    assert.equal(respondentTakesPart(stadsring), false);
  });

  it('the kind of an escalation comes from the regulation', () => {
    assert.equal(escalationKind(cbf, 'director'), 'handover');
    assert.equal(escalationKind(cbf, 'board'), 'consult');
  });
});

describe('the regulation-role gate', () => {
  it('decide: only a holder of routing.decidedBy, citing the article', () => {
    const v = regulationGate('decide', facts(), conneqt, { userId: 'x', regulationRoles: ['employee'] });
    assert.ok(v && !v.allowed);
    assert.match(v.message, /klachtenfunctionaris/);
    assert.match(v.message, /artikel 6\.5/);
    assert.deepEqual(regulationGate('decide', facts(), conneqt, { userId: 'x', regulationRoles: ['complaints_officer'] }), { allowed: true });
    assert.equal(regulationGate('decide', facts(), conneqt, { userId: 'x' }), null, 'unknown roles: the product table decides');
  });

  it('Awb 9:7 as the regulation writes it: under 000 and 002 the judge is never the respondent; not under 001/003/004', () => {
    const about = facts({ respondentUserId: '00000000-0000-4000-8000-000000000001' });
    const me = '00000000-0000-4000-8000-000000000001';
    for (const policy of [conneqt, stadsring]) {
      const v = regulationGate('decide', about, policy, { userId: me, regulationRoles: ['complaints_officer'] });
      assert.ok(v && !v.allowed);
      assert.match(v.message, /gaat over u/);
    }
    assert.deepEqual(regulationGate('decide', about, hss, { userId: me, regulationRoles: ['management'] }), { allowed: true });
    assert.deepEqual(regulationGate('decide', about, lentl, { userId: me, regulationRoles: ['manager'] }), { allowed: true });

    const reg = (policy: typeof cbf) =>
      registerComplaint({ input: { receivedOn: '2026-03-02', channel: 'letter', description: 'Een klacht over de behandeling.', complainant: { name: 'A', postalAddress: 'Straat 1' }, handlerUserId: me, respondentUserId: me }, policy, actor: { userId: 'i', roles: ['intake'] }, today: '2026-03-02', now: '2026-03-02T09:00:00Z' });
    const refused = reg(stadsring);
    assert.equal(refused.ok, false);
    if (!refused.ok) assert.match(refused.fields.find((f) => f.field === 'handlerUserId')?.message ?? '', /artikel 1/);
    for (const policy of [lentl, conneqt, hss]) {
      const r = reg(policy);
      assert.ok(r.ok || !r.fields.some((f) => f.field === 'handlerUserId'), 'no check on the handler: 000 lets the employee concerned handle, 001/004 say nothing');
    }
  });

  it('assign: where the regulation names assignedBy only its holders; the directie delegates a complaint it holds (004 §3)', () => {
    const f = facts();
    const refused = regulationGate('assign', f, lentl, { userId: 'x', regulationRoles: ['complaints_officer'] });
    assert.ok(refused && !refused.allowed);
    assert.match(refused.message, /leidinggevende bepaalt wie de klacht behandelt \(§3\)/);
    assert.deepEqual(regulationGate('assign', f, lentl, { userId: 'x', regulationRoles: ['manager'] }), { allowed: true });
    const notWithThem = regulationGate('assign', f, lentl, { userId: 'x', regulationRoles: ['management'] });
    assert.ok(notWithThem && !notWithThem.allowed);
    const handed = { ...f, handedOverTo: 'management' };
    assert.deepEqual(regulationGate('assign', handed, lentl, { userId: 'x', regulationRoles: ['management'] }), { allowed: true });
    assert.equal(regulationGate('assign', f, stadsring, { userId: 'x', regulationRoles: [] }), null, '002 names nobody: the product table decides');
  });

  it('sign-off: each for themselves (000 art. 5.5)', () => {
    const base = facts();
    const decided = { ...base, status: 'decided' as const, decision: { outcome: 'resolved_by_agreement' as const, reasoning: 'x', measures: [], externalBodyNamed: false, form: 'written' as const, decidedOn: '2026-03-03', byUserId: 'k', waiverContradictionReason: null } };
    const r = applyAction({ facts: decided, policy: conneqt, action: 'sign-off', input: { role: 'employee' }, actor: { userId: 'k', roles: ['coordinator'], regulationRoles: ['complaints_officer'] }, today: '2026-03-04', now: '2026-03-04T10:00:00Z' });
    assert.equal(r.ok, false);
    if (!r.ok) {
      assert.equal(r.code, 'forbidden');
      assert.match(r.message, /artikel 5\.5/);
    }
    const ok = applyAction({ facts: decided, policy: conneqt, action: 'sign-off', input: { role: 'employee' }, actor: { userId: 'resp', roles: [], regulationRoles: ['employee'] }, today: '2026-03-04', now: '2026-03-04T10:00:00Z' });
    assert.equal(ok.ok, true);
    if (ok.ok) assert.deepEqual(ok.facts.signOffs, [{ role: 'employee', on: '2026-03-04', byUserId: 'resp' }]);
  });

  it('a handover changes who handles; a consult records the advice of the consulted role', () => {
    const f = { ...facts(), status: 'in_progress' as const, handlerUserId: 'hand' };
    const holders = (role: string) => (role === 'director' ? ['dir'] : role === 'board' ? ['b1', 'b2'] : []);
    const actor = { userId: 'hand', roles: ['handler' as const], regulationRoles: ['handler'] };
    const h = applyAction({ facts: f, policy: cbf, action: 'escalate', input: { to: 'director', reason: 'Geen oplossing.' }, actor, today: '2026-03-04', now: '2026-03-04T10:00:00Z', roleHolders: holders });
    assert.equal(h.ok, true);
    if (!h.ok) return;
    assert.equal(h.facts.handlerUserId, 'dir');
    assert.equal(h.facts.handedOverTo, 'director');
    assert.deepEqual(h.event.data, { to: 'director', reason: 'Geen oplossing.', kind: 'handover', handlerUserId: 'dir' });
    const nobody = applyAction({ facts: f, policy: cbf, action: 'escalate', input: { to: 'director', reason: 'x' }, actor, today: '2026-03-04', now: '2026-03-04T10:00:00Z', roleHolders: () => [] });
    assert.equal(nobody.ok, false);
    const c = applyAction({ facts: f, policy: cbf, action: 'escalate', input: { to: 'board', reason: 'Zeer ernstig.' }, actor, today: '2026-03-04', now: '2026-03-04T10:00:00Z', roleHolders: holders });
    assert.equal(c.ok, true);
    if (!c.ok) return;
    assert.equal(c.facts.handlerUserId, 'hand', 'a consultation does not change who handles');
    assert.deepEqual(c.facts.consultations.map((x) => x.role), ['board']);
    const readOnly = applyAction({ facts: c.facts, policy: cbf, action: 'decide', input: { outcome: 'upheld', reasoning: 'x' }, actor: { userId: 'b1', roles: [], regulationRoles: ['board'] }, today: '2026-03-05', now: '2026-03-05T10:00:00Z' });
    assert.equal(readOnly.ok, false);
    const advice = applyAction({ facts: c.facts, policy: cbf, action: 'record-advice', input: { advice: 'Bied excuses aan.' }, actor: { userId: 'b1', roles: [], regulationRoles: ['board'] }, today: '2026-03-05', now: '2026-03-05T10:00:00Z' });
    assert.equal(advice.ok, true);
    if (advice.ok) assert.deepEqual(advice.facts.consultations[0], { role: 'board', on: '2026-03-04', advice: 'Bied excuses aan.', adviceOn: '2026-03-05', adviceByUserId: 'b1' });
  });
});
