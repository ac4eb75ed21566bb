import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { milestones } from './milestones.ts';
import { getPreset } from '../../regulations/library.ts';
import type { Regulation } from './schema.ts';

/** A receipt moment on a calendar date in Amsterdam (10:00 local time). */
function received(date: string): Date {
  const month = Number(date.slice(5, 7));
  const summer = month >= 4 && month <= 10; // good enough for the dates below (none near a DST switch)
  return new Date(`${date}T10:00:00${summer ? '+02:00' : '+01:00'}`);
}

function preset(key: string, fills: Record<string, string> = {}): Regulation {
  const p = getPreset(key);
  assert.ok(p, `preset ${key}`);
  return p.build(fills);
}

// Every expected date below is worked out by hand (see the comments), not taken from the engine.
describe('milestones per preset (hand-worked dates)', () => {
  it('hss: 7 werkdagen and 6 weken across Easter', () => {
    // Mon 14-04-2025. Working days: 15, 16, 17, (18 Goede Vrijdag), (21 Tweede Paasdag), 22, 23, 24, 25 → 25-04.
    // 6 weeks: 14-04 + 42 days = Mon 26-05.
    assert.deepEqual(milestones(preset('hss'), received('2025-04-14')), {
      acknowledgement: '2025-04-25',
      decision: '2025-05-26',
    });
  });

  it('hss: across Christmas, and with an extra closed day of the organisation', () => {
    // Thu 18-12-2025. Working days: 19, 22, 23, 24, (25, 26 Kerst), 29, 30, 31 → 31-12. 6 weeks → Thu 29-01-2026.
    assert.deepEqual(milestones(preset('hss'), received('2025-12-18')), {
      acknowledgement: '2025-12-31',
      decision: '2026-01-29',
    });
    // With 29-12 closed: 19, 22, 23, 24, 30, 31, (1-1 Nieuwjaarsdag), 2-1 → 02-01-2026.
    const reg = preset('hss');
    reg.calendar.closedDays = ['2025-12-29'];
    assert.equal(milestones(reg, received('2025-12-18')).acknowledgement, '2026-01-02');
  });

  it('stadsring51: 1 week, 4 weeks, 8 weeks (+4 weeks Awb 9:11) across Easter and Pentecost', () => {
    // Mon 14-04-2025. 1 week → Mon 21-04 = Tweede Paasdag → Atw: Tue 22-04.
    // 4 weeks → Mon 12-05. 8 weeks → Mon 09-06 = Tweede Pinksterdag → Tue 10-06.
    // Maximum extension of 4 weeks after the due date 10-06 → Tue 08-07.
    assert.deepEqual(milestones(preset('stadsring51'), received('2025-04-14')), {
      acknowledgement: '2025-04-22',
      inadmissibilityNotice: '2025-05-12',
      decision: '2025-06-10',
      decisionMaxExtended: '2025-07-08',
    });
  });

  it('stadsring51: a 4-week term ending on Christmas moves past the weekend', () => {
    // Thu 27-11-2025. 1 week → Thu 04-12. 4 weeks → Thu 25-12 (Kerst) → 26-12 (Kerst) → Sat → Sun → Mon 29-12.
    // 8 weeks → Thu 22-01-2026.
    const m = milestones(preset('stadsring51'), received('2025-11-27'));
    assert.equal(m.acknowledgement, '2025-12-04');
    assert.equal(m.inadmissibilityNotice, '2025-12-29');
    assert.equal(m.decision, '2026-01-22');
  });

  it('cbf-template: 2 and 5 werkdagen across Bevrijdingsdag and Hemelvaart', () => {
    // Fri 02-05-2025. (5-5 Bevrijdingsdag), 6, 7 → 07-05; 6, 7, 8, 9, 12 → 12-05.
    assert.deepEqual(milestones(preset('cbf-template'), received('2025-05-02')), {
      acknowledgement: '2025-05-07',
      decision: '2025-05-12',
    });
    // Tue 27-05-2025. 28, (29 Hemelvaart), 30 → 30-05; 28, 30, 2-6, 3-6, 4-6 → 04-06.
    assert.deepEqual(milestones(preset('cbf-template'), received('2025-05-27')), {
      acknowledgement: '2025-05-30',
      decision: '2025-06-04',
    });
  });

  it('conneqt: only a decision term of 4 weeks; Nieuwjaarsdag and Koningsdag move it', () => {
    // Thu 04-12-2025 + 28 days = Thu 01-01-2026 (Nieuwjaarsdag) → Fri 02-01-2026.
    assert.deepEqual(milestones(preset('conneqt'), received('2025-12-04')), { decision: '2026-01-02' });
    // Mon 30-03-2026 + 28 days = Mon 27-04-2026 (Koningsdag) → Tue 28-04-2026.
    assert.deepEqual(milestones(preset('conneqt'), received('2026-03-30')), { decision: '2026-04-28' });
  });

  it('day 0 is the Amsterdam calendar date of receipt', () => {
    // 23:30 UTC on 13-04-2025 is 01:30 on 14-04-2025 in Amsterdam.
    assert.equal(milestones(preset('conneqt'), new Date('2025-04-13T23:30:00Z')).decision, '2025-05-12');
  });

  it('lentl: no milestones while the terms are open; the filled ones once filled', () => {
    assert.deepEqual(milestones(preset('lentl'), received('2025-04-14')), {});
    const reg = preset('lentl', { acknowledgement_term: '5 werkdagen', inadmissibility_term: 'geen', decision_term: '6 weken' });
    // Mon 14-04-2025: 15, 16, 17, 22, 23 → 23-04. 6 weeks → 26-05.
    assert.deepEqual(milestones(reg, received('2025-04-14')), { acknowledgement: '2025-04-23', decision: '2025-05-26' });
  });

  it('serviceNorm is computed when a regulation has one', () => {
    const reg = preset('hss');
    reg.deadlines.serviceNorm = { amount: 3, unit: 'workingDays', source: { article: 'intern', basis: 'organisation' } };
    // Mon 14-04-2025: 15, 16, 17 → 17-04.
    assert.equal(milestones(reg, received('2025-04-14')).serviceNorm, '2025-04-17');
  });
});

describe('own milestones and a decision term from a later event (issue 12)', () => {
  const src = { article: 'test' };
  it('a milestone from receipt gets a date; one from a judgement does not yet; a decision after mediation has none at receipt', () => {
    const base = preset('stadsring51');
    const reg: Regulation = {
      ...base,
      deadlines: {
        ...base.deadlines,
        decisionFrom: { event: 'judgement_requested', source: src },
        milestones: [
          // Tue 2026-03-03 + 5 working days: 4, 5, 6, 9, 10 → Tue 2026-03-10.
          { key: 'forward_to_committee', label: 'Doorsturen', term: { amount: 5, unit: 'workingDays', source: src }, from: 'received', metBy: 'acknowledged', source: src },
          { key: 'response', label: 'Reactie', term: { amount: 1, unit: 'months', source: src }, from: 'decided', metBy: 'responded', source: src },
        ],
      },
    };
    const due = milestones(reg, received('2026-03-03'));
    assert.equal(due.forward_to_committee, '2026-03-10');
    assert.equal(due.response, undefined);
    assert.equal(due.decision, undefined);
    // 002's acknowledgement (1 week) still runs from receipt: Tue 2026-03-10.
    assert.equal(due.acknowledgement, '2026-03-10');
  });
});
