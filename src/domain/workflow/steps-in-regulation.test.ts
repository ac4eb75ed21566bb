/**
 * No step the regulation does not contain (walk of 003): hearing, the copy to the person complained about and the
 * external procedure are offered only where the regulation has them; the presets that have them keep them.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ActionName } from './actions.ts';
import { actionAvailability, availableActions } from './table.ts';
import { CBF_FILLS, COORDINATOR, Dossier, LENTL_FILLS, presetRegulation } from './test-support.ts';

const STEPS = ['plan-hearing', 'record-hearing', 'send-copy-to-respondent', 'record-external-procedure'] as const satisfies readonly ActionName[];

function offered(preset: string, fills: Record<string, string> = {}): { offered: Set<string>; absent: Set<string> } {
  const d = new Dossier(presetRegulation(preset, fills), { receivedOn: '2026-03-02', respondentName: 'P. Pietersen' }, '2026-03-02');
  const all = actionAvailability(d.facts, d.policy, COORDINATOR.roles, '2026-03-02');
  return {
    offered: new Set(availableActions(d.facts, d.policy, COORDINATOR.roles, '2026-03-02')),
    absent: new Set(all.filter((a) => a.absent).map((a) => a.action)),
  };
}

describe('steps the regulation has', () => {
  it('003 (cbf-template) has no hearing, no copy to the person complained about, no external body: none is offered, each is absent', () => {
    const { offered: o, absent } = offered('cbf-template', CBF_FILLS);
    for (const step of STEPS) {
      assert.ok(!o.has(step), `${step} offered under 003`);
      assert.ok(absent.has(step), `${step} not marked absent under 003`);
    }
    // 003 Bijlage 2: "Contacten met de klant over de afwikkeling": contacts are still recorded.
    assert.ok(o.has('record-contact'));
  });

  it('002 (stadsring51) keeps hearing (art. 6.5-6.7), the copy (art. 6.4) and the external procedure (Nationale ombudsman)', () => {
    const { offered: o } = offered('stadsring51');
    for (const step of STEPS) assert.ok(o.has(step), `${step} missing under 002`);
  });

  it('004 (lentl) and 001 (hss) keep the external procedure (OKC, Erisietsmisgegaan.nl); neither has a hearing', () => {
    for (const [preset, fills] of [['lentl', LENTL_FILLS], ['hss', {}]] as const) {
      const { offered: o } = offered(preset, fills);
      assert.ok(o.has('record-external-procedure'), preset);
      assert.ok(!o.has('plan-hearing') && !o.has('record-hearing'), preset);
    }
  });

  it('000 (conneqt) names no external body and no hearing: neither is offered', () => {
    const { offered: o } = offered('conneqt');
    for (const step of STEPS) assert.ok(!o.has(step), step);
  });

  it('the regulation-model presets with a hearing keep it', () => {
    for (const preset of ['wkkgz-model', 'klachtencommissie-model']) {
      const { offered: o } = offered(preset);
      assert.ok(o.has('plan-hearing') && o.has('record-hearing') && o.has('send-copy-to-respondent'), preset);
    }
  });
});
