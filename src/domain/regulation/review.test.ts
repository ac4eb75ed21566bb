import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { presets } from '../../regulations/library.ts';
import { renderRegulationText } from './render.ts';
import { diffLines, effectiveSince, regulationTextDiff, reviewDue } from './review.ts';
import { parseRegulation } from './parse.ts';
import { adopted } from './test-support.ts';

describe('reviewDue', () => {
  it('003 (cbf-template): every year, a year after the version took effect, approved by the bestuur (role board)', () => {
    const reg = adopted('cbf-template');
    const due = reviewDue(reg, '2026-03-10');
    assert.ok(due);
    assert.equal(due.dueOn, '2027-03-10');
    assert.equal(due.remindFrom, '2027-02-10');
    assert.equal(due.approvedByRole, 'board');
    assert.equal(due.approvalRequired, true);
    assert.equal(due.source.seed, '003');
    assert.equal(due.source.article, 'Bekendmaking');
    assert.match(due.rule, /elk jaar \(uiterlijk 10 maart 2027\)/);
  });

  it('004 (lentl): in June each year; a version of July is reviewed next June, one of May this June', () => {
    const reg = adopted('lentl');
    assert.equal(reviewDue(reg, '2023-07-12')?.dueOn, '2024-06-30');
    assert.equal(reviewDue(reg, '2026-05-02')?.dueOn, '2026-06-30');
    assert.equal(reviewDue(reg, '2026-06-15')?.dueOn, '2027-06-30', 'the month it took effect reviews nothing yet');
    const due = reviewDue(reg, '2026-12-01')!;
    assert.equal(due.dueOn, '2027-06-30');
    assert.equal(due.remindFrom, '2027-05-30');
    assert.match(due.rule, /jaarlijks in juni/);
    assert.equal(due.approvedByRole, null);
    assert.equal(due.approvalRequired, false, '004 names no approver for the review');
  });

  it('a regulation without a review section has none due (002 stadsring51)', () => {
    assert.equal(reviewDue(presets.stadsring51!.build(), '2026-01-01'), null);
  });

  it('effectiveSince: the later of the effective date and the activation day', () => {
    const reg = adopted('cbf-template'); // adopted_date 2026-01-15
    assert.equal(effectiveSince(reg, '2026-01-01'), '2026-01-15');
    assert.equal(effectiveSince(reg, '2026-03-01'), '2026-03-01');
  });

  it('approvedByRole is validated like every role reference', () => {
    const reg = structuredClone(adopted('cbf-template'));
    reg.metadata.review!.approvedByRole = 'raad_van_toezicht';
    const parsed = parseRegulation(reg);
    assert.equal(parsed.success, false);
    assert.ok(!parsed.success && parsed.issues.some((i) => i.path === 'metadata.review.approvedByRole' && /bestaat niet/.test(i.message)), JSON.stringify(!parsed.success && parsed.issues));
  });
});

describe('regulationTextDiff', () => {
  it('shows the changed lines of a section and leaves unchanged sections out', () => {
    const before = adopted('cbf-template');
    const after = structuredClone(before);
    after.deadlines.decision = { ...(after.deadlines.decision as { amount: number; unit: 'workingDays'; source: { article: string } }), amount: 10 };
    const diff = regulationTextDiff(renderRegulationText(before, { name: 'X' }), renderRegulationText(after, { name: 'X' }));
    assert.ok(diff.length >= 1);
    const removed = diff.flatMap((d) => d.lines.filter((l) => l.op === 'removed').map((l) => l.text)).join('\n');
    const added = diff.flatMap((d) => d.lines.filter((l) => l.op === 'added').map((l) => l.text)).join('\n');
    assert.match(removed, /5 werkdagen/);
    assert.match(added, /10 werkdagen/);
    assert.equal(regulationTextDiff(renderRegulationText(before, { name: 'X' }), renderRegulationText(before, { name: 'X' })).length, 0);
  });

  it('diffLines keeps order', () => {
    assert.deepEqual(diffLines(['a', 'b', 'c'], ['a', 'x', 'c']), [
      { op: 'same', text: 'a' },
      { op: 'added', text: 'x' },
      { op: 'removed', text: 'b' },
      { op: 'same', text: 'c' },
    ]);
  });
});
