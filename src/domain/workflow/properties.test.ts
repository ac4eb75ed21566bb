/**
 * Property: random action sequences (plausible and malformed input, any roles, any preset) never throw,
 * never produce a status outside the table, only ever move along the table, and the stored history
 * always folds back to the same facts.
 */
import { procedureRegulation } from './procedure-fixture.ts';
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { addDays } from '../deadlines/index.ts';
import { ACTION_NAMES, type ActionName } from './actions.ts';
import { complaintDeadlines, deadlineDates } from './due-dates.ts';
import type { HistoryEvent } from './facts.ts';
import { foldFacts } from './fold.ts';
import { policyFromRegulation } from './policy.ts';
import { STATUSES, type ProductRole } from './states.ts';
import { afterOf } from './stored-events.ts';
import { applyAction, registerComplaint } from './apply.ts';
import { WORKFLOW, actionAvailability, availableActions } from './table.ts';
import { presetRegulation } from './test-support.ts';

const DAY0 = '2026-03-02';
const regs = [
  presetRegulation('stadsring51'),
  presetRegulation('conneqt'),
  presetRegulation('hss'),
  presetRegulation('cbf-template'), // with open points and placeholders
  presetRegulation('lentl'), // with open points: no terms
  procedureRegulation(), // issue 12: mediation, a committee on request, own milestones, proof of capacity
].map((r) => ({ reg: r, policy: policyFromRegulation(r) }));

const date = fc.integer({ min: -400, max: 120 }).map((n) => addDays(DAY0, n));
const text = fc.constantFrom('', ' ', 'Een korte tekst.', 'Een langere toelichting van meer dan twintig tekens.', 'x'.repeat(30));
const key = fc.constantFrom(
  'manifestly_unfounded',
  'older_than_limit',
  'already_handled',
  'director',
  'board',
  'employee',
  'complaints_officer',
  'very_serious',
  'normal',
  'unknown_key',
  'Bad Key',
);
const user = fc.constantFrom('u-a', 'u-b', 'u-c', '');
const junk = fc.oneof(fc.constant(undefined), fc.constant(null), fc.integer(), fc.string(), fc.boolean(), fc.constant([]), fc.constant({}));
const maybe = <T>(arb: fc.Arbitrary<T>) => fc.oneof({ weight: 6, arbitrary: arb }, { weight: 1, arbitrary: junk });

const plausibleInput = fc.record(
  {
    on: maybe(date),
    from: maybe(date),
    noticeOn: maybe(date),
    submittedOn: maybe(date),
    decidedOn: maybe(date),
    conductOn: maybe(date),
    handlerUserId: maybe(user),
    respondentUserId: maybe(user),
    party: maybe(fc.constantFrom('complainant', 'respondent', 'judge')),
    ground: maybe(key),
    to: maybe(key),
    role: maybe(key),
    severity: maybe(key),
    sensitive: maybe(fc.boolean()),
    values: maybe(
      fc.dictionary(fc.constantFrom('submission', 'nature', 'other'), fc.array(fc.constantFrom('oral', 'written', 'conduct', 'legal', 'x'), { maxLength: 3 })),
    ),
    outcome: maybe(fc.constantFrom('upheld', 'partly_upheld', 'not_upheld', 'resolved_by_agreement', 'no_judgement', 'maybe')),
    reasoning: maybe(text),
    reason: maybe(text),
    explanation: maybe(text),
    report: maybe(text),
    text: maybe(text),
    with: maybe(text),
    by: maybe(text),
    outcomeText: maybe(text),
    bodyName: maybe(text),
    bodyKind: maybe(fc.constantFrom('ombudsman', 'complaints_committee', 'nope')),
    satisfied: maybe(fc.boolean()),
    externalBodyNamed: maybe(fc.oneof(fc.boolean(), text)),
    form: maybe(fc.constantFrom('written', 'oral', 'fax')),
    measures: maybe(fc.array(text, { maxLength: 2 })),
    procedure: maybe(fc.integer({ min: -1, max: 3 })),
    term: maybe(
      fc.record({ amount: fc.integer({ min: -2, max: 5000 }), unit: fc.constantFrom('weeks', 'days', 'workingDays', 'months', 'years') }),
    ),
  },
  { requiredKeys: [] },
);

/** One record with a well-formed value for every field any action reads (schemas drop the rest). */
/** Days before "today" of the step; resolved to a date in the loop (see `resolve`). */
const near = fc.integer({ min: 0, max: 12 }).map((n) => ({ daysAgo: n }));
const goodInput = fc.record({
  __relative: fc.constant(true),
  on: near,
  from: near,
  noticeOn: near,
  submittedOn: near,
  conductOn: fc.constantFrom('2024-01-10', '2025-12-01'),
  handlerUserId: fc.constantFrom('u-a', 'u-b'),
  party: fc.constantFrom('complainant', 'respondent'),
  ground: key,
  to: key,
  role: key,
  severity: fc.constantFrom('normal', 'very_serious', null),
  sensitive: fc.boolean(),
  values: fc.constantFrom({}, { submission: ['oral'], nature: ['legal'] }),
  outcome: fc.constantFrom('upheld', 'not_upheld', 'resolved_by_agreement'),
  reasoning: fc.constant('Een motivering van ruim twintig tekens.'),
  reason: fc.constant('Een reden.'),
  explanation: fc.constant('Een toelichting.'),
  report: fc.constant('Een verslag.'),
  text: fc.constant('Een tekst.'),
  with: fc.constant('de klager'),
  by: fc.constant('directie'),
  bodyName: fc.constant('OKC'),
  bodyKind: fc.constant('complaints_committee'),
  satisfied: fc.boolean(),
  externalBodyNamed: fc.constant(true),
  term: fc.record({ amount: fc.integer({ min: 1, max: 6 }), unit: fc.constantFrom('weeks', 'workingDays') }),
});

const step = fc.record({
  action: fc.constantFrom(...ACTION_NAMES),
  input: fc.oneof(
    { weight: 6, arbitrary: goodInput },
    { weight: 3, arbitrary: plausibleInput },
    { weight: 1, arbitrary: fc.anything() },
  ),
  roles: fc.oneof(
    { weight: 4, arbitrary: fc.constant<ProductRole[]>(['coordinator']) },
    { weight: 1, arbitrary: fc.constant<ProductRole[]>(['handler']) },
    { weight: 1, arbitrary: fc.subarray<ProductRole>(['admin', 'coordinator', 'handler', 'intake', 'board']) },
  ),
  dayOffset: fc.integer({ min: 0, max: 6 }),
});

const DATE_FIELDS = ['on', 'from', 'noticeOn', 'submittedOn'];
/** Turn the relative dates of a good input into dates before `today` (never before day 0). */
function resolve(input: unknown, today: string): unknown {
  if (typeof input !== 'object' || input === null || !('__relative' in input)) return input;
  const out: Record<string, unknown> = { ...input };
  for (const f of DATE_FIELDS) {
    const v = out[f] as { daysAgo: number };
    const d = addDays(today, -v.daysAgo);
    out[f] = d < DAY0 ? DAY0 : d;
  }
  return out;
}

describe('random action sequences', () => {
  it('never throw, stay inside the table, and fold back to the same facts', () => {
    const reached = new Set<string>();
    let accepted = 0;
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: regs.length - 1 }),
        fc.constantFrom('complaint', 'complaint', 'complaint', 'dissatisfaction'),
        fc.option(fc.constantFrom('u-a', 'u-respondent'), { nil: undefined }),
        fc.array(step, { minLength: 5, maxLength: 40, size: 'max' }),
        (regIndex, kind, respondentUserId, steps) => {
          const { policy } = regs[regIndex]!;
          const reg = regs[regIndex]!.reg;
          const actor = { userId: 'u-actor', roles: ['intake'] as ProductRole[] };
          const registered = registerComplaint({ input: { kind, receivedOn: DAY0, respondentUserId }, policy, actor, today: DAY0, now: `${DAY0}T09:00:00Z` });
          if (!registered.ok) return; // e.g. an empty user id
          const events: HistoryEvent[] = [{ seq: 1, type: 'registered', at: `${DAY0}T09:00:00Z`, actorUserId: 'u-actor', actorRoles: ['intake'], data: registered.event.data }];
          let facts = registered.facts;
          let today = DAY0;
          for (const s of steps) {
            today = addDays(today, s.dayOffset);
            const before = facts.status;
            const r = applyAction({ facts, policy, action: s.action as ActionName, input: resolve(s.input, today), actor: { userId: 'u-actor', roles: s.roles }, today, now: `${today}T12:00:00Z` });
            if (r.ok) {
              const rule = WORKFLOW[s.action as ActionName];
              assert.ok(rule.from.includes(before), `${s.action} from ${before}`);
              // "In behandeling" needs a handler: a step of the handler's own work on a new complaint without one leaves it new
              // (statusAfter); an escalation or a forward to the committee hands it to the body that handles it.
              // Resumed or reopened without a handler and not handed to a body: back in that queue, new.
              const handlersStep = ['plan-hearing', 'record-hearing', 'send-copy-to-respondent', 'waive-hearing'].includes(s.action);
              const backUnhandled = ['resume', 'reopen'].includes(s.action) && r.facts.escalationLevel === null && r.facts.forwarded === null;
              const unhandled = rule.to === 'in_progress' && r.facts.handlerUserId === null && ((before === 'new' && handlersStep) || backUnhandled);
              assert.equal(r.status, unhandled ? 'new' : (rule.to ?? before));
              assert.ok(rule.roles.some((role) => s.roles.includes(role)));
              events.push({ seq: facts.lastSeq + 1, type: r.event.type, at: `${today}T12:00:00Z`, actorUserId: 'u-actor', actorRoles: s.roles, data: JSON.parse(JSON.stringify({ ...r.event.data, after: afterOf(facts, r.facts) })) });
              facts = r.facts;
              reached.add(facts.status);
              accepted += 1;
            } else {
              assert.ok(['invalid_transition', 'validation_failed', 'forbidden'].includes(r.code));
              assert.ok(r.message.length > 0);
            }
            assert.ok(STATUSES.includes(facts.status));
            // The UI's lists never throw either.
            availableActions(facts, policy, s.roles, today);
            actionAvailability(facts, policy, s.roles, today);
            complaintDeadlines(policy, facts, today);
          }
          // The stored history (as JSON) folds back to the same facts.
          const refolded = foldFacts(events);
          assert.deepEqual(refolded, facts);
          assert.deepEqual(refolded.unreadableEvents, []);
          deadlineDates(reg, refolded, today);
        },
      ),
      // A fixed seed: the coverage check below must not depend on luck (set KW_FC_SEED to explore others). Moved
      // when issue 12 added five actions (the old seed no longer reached "inadmissible").
      { numRuns: 600, seed: Number(process.env['KW_FC_SEED'] ?? 20261201) },
    );
    // The generator really walks the table, not only into refusals.
    assert.ok(accepted > 1000, `accepted ${accepted}`);
    for (const s of ['in_progress', 'decided', 'closed', 'withdrawn', 'inadmissible']) assert.ok(reached.has(s), s);
  });
});
