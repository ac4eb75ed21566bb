import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkStatusChange, countMeasures, isOverdueMeasure, titleFromText } from './measures.ts';

describe('improvement register rules', () => {
  it('is overdue only while open and after the due date', () => {
    assert.equal(isOverdueMeasure({ status: 'planned', dueOn: '2026-03-01' }, '2026-03-02'), true);
    assert.equal(isOverdueMeasure({ status: 'in_progress', dueOn: '2026-03-01' }, '2026-03-02'), true);
    assert.equal(isOverdueMeasure({ status: 'planned', dueOn: '2026-03-01' }, '2026-03-01'), false, 'the due date itself is on time');
    assert.equal(isOverdueMeasure({ status: 'done', dueOn: '2026-03-01' }, '2026-04-01'), false);
    assert.equal(isOverdueMeasure({ status: 'dropped', dueOn: '2026-03-01' }, '2026-04-01'), false);
    assert.equal(isOverdueMeasure({ status: 'planned', dueOn: null }, '2026-04-01'), false);
  });

  it('asks a reason for dropping and refuses the same status', () => {
    assert.equal(checkStatusChange('planned', 'in_progress', ''), null);
    assert.equal(checkStatusChange('done', 'in_progress', ''), null, 'a done measure can be reopened');
    assert.equal(checkStatusChange('dropped', 'planned', ''), null, 'a dropped measure can be taken up again');
    assert.equal(checkStatusChange('planned', 'dropped', '  ')?.field, 'note');
    assert.equal(checkStatusChange('planned', 'dropped', 'Niet meer nodig'), null);
    assert.equal(checkStatusChange('done', 'done', 'x')?.field, 'status');
  });

  it('counts per status and overdue', () => {
    const items = [
      { status: 'planned', dueOn: '2026-01-01' },
      { status: 'planned', dueOn: null },
      { status: 'in_progress', dueOn: '2026-12-31' },
      { status: 'done', dueOn: '2026-01-01' },
      { status: 'dropped', dueOn: '2026-01-01' },
    ];
    assert.deepEqual(countMeasures(items, '2026-06-01'), { planned: 2, inProgress: 1, done: 1, dropped: 1, overdue: 1 });
  });

  it('makes a title of a decision\'s measure: its first line, shortened', () => {
    assert.equal(titleFromText('  Roosters eerder delen \nmet het team'), 'Roosters eerder delen');
    const long = titleFromText('a'.repeat(300));
    assert.equal(long.length, 200);
    assert.ok(long.endsWith('…'));
  });
});
