import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parse as parseYaml, stringify as toYaml } from 'yaml';
import { activationProblems, applyFills } from '../domain/regulation/open-points.ts';
import { parseRegulation, parseRegulationDocument } from '../domain/regulation/parse.ts';
import type { Regulation } from '../domain/regulation/schema.ts';
import { getPreset, PRESET_KEYS, presets, RegulationFillError } from './library.ts';

const CBF_FILLS = {
  org_name: 'Stichting Voorbeeld',
  org_email: 'klachten@voorbeeld.nl',
  org_phone: '030 123 45 67',
  org_postal_address: 'Stichting Voorbeeld, Postbus 1, 3500 AA Utrecht',
  complaint_form_url: 'https://voorbeeld.nl/klacht',
  privacy_statement: 'We gebruiken uw gegevens alleen om uw klacht te behandelen.',
  adopted_date: '2024-03-01',
};
const LENTL_FILLS = {
  channels: 'web_form,email,phone,in_person',
  complaint_mailbox: 'klachten@werkmaatschappij.nl',
  acknowledgement_term: '5 werkdagen',
  inadmissibility_term: '4 weken',
  decision_term: '6 weken',
  okc_contact: 'Klachtencommissie Voorbeeld, Postbus 2, 3500 AA Utrecht',
  client_file_retention: '20 jaar',
  adopted_by: 'de directie van de werkmaatschappij',
  adopted_date: '2024-06-01',
};

/** Every `source` object anywhere in a value, with the number of rule-like objects lacking one. */
function sources(value: unknown): { count: number; seeds: Set<string> } {
  const seeds = new Set<string>();
  let count = 0;
  const visit = (v: unknown): void => {
    if (Array.isArray(v)) v.forEach(visit);
    else if (typeof v === 'object' && v !== null) {
      const o = v as Record<string, unknown>;
      if (typeof o.source === 'object' && o.source !== null) {
        count++;
        const seed = (o.source as { seed?: string }).seed;
        if (seed) seeds.add(seed);
      }
      Object.values(o).forEach(visit);
    }
  };
  visit(value);
  return { count, seeds };
}

describe('presets', () => {
  it('has the five seed presets first, in seed order', () => {
    assert.deepEqual(PRESET_KEYS.slice(0, 5), ['conneqt', 'hss', 'stadsring51', 'cbf-template', 'lentl']);
    assert.equal(getPreset('nope'), undefined);
    assert.equal(getPreset('toString'), undefined);
  });

  for (const [key, preset] of Object.entries(presets)) {
    describe(key, () => {
      const reg = preset.build();

      it('validates', () => {
        const r = parseRegulation(reg);
        assert.ok(r.success, r.success ? '' : r.issues.map((i) => i.text).join('\n'));
        assert.equal(reg.preset, key);
      });

      it('round-trips through JSON and YAML', () => {
        const viaJson = parseRegulation(JSON.parse(JSON.stringify(reg)));
        assert.ok(viaJson.success);
        assert.deepEqual(viaJson.data, reg);
        const viaYaml = parseRegulationDocument(toYaml(reg));
        assert.ok(viaYaml.success, viaYaml.success ? '' : viaYaml.issues.map((i) => i.text).join('\n'));
        assert.deepEqual(viaYaml.data, reg);
        assert.deepEqual(parseYaml(toYaml(reg)), JSON.parse(JSON.stringify(reg)));
      });

      it('traces its rules to its own seed (a model without a seed: to no seed)', () => {
        const { count, seeds } = sources(reg);
        assert.ok(count > 30, `only ${count} sourced rules`);
        assert.deepEqual([...seeds], preset.seed ? [preset.seed] : []);
      });

      it('builds a fresh copy each time', () => {
        const a = preset.build();
        a.metadata.title = 'changed';
        assert.notEqual(preset.build().metadata.title, 'changed');
      });
    });
  }

  it('conneqt, hss and stadsring51 can be activated as written', () => {
    for (const key of ['conneqt', 'hss', 'stadsring51']) {
      assert.deepEqual(activationProblems(presets[key]!.build()), [], key);
    }
  });

  it('cbf-template lists its placeholders and the adoption date, and is complete once filled', () => {
    const reg = presets['cbf-template']!.build();
    const keys = activationProblems(reg).map((p) => p.key).sort();
    assert.deepEqual(keys, Object.keys(CBF_FILLS).sort());
    const problem = activationProblems(reg).find((p) => p.key === 'adopted_date');
    assert.equal(problem?.where, 'metadata.effectiveDate');
    assert.match(problem?.message ?? '', /^Open punt adopted_date \(metadata\.effectiveDate\): Op welke datum/);

    const filled = presets['cbf-template']!.build(CBF_FILLS);
    assert.deepEqual(activationProblems(filled), []);
    assert.equal(filled.metadata.title, 'Klachtenregeling Stichting Voorbeeld');
    assert.equal(filled.metadata.effectiveDate, '2024-03-01');
    assert.equal(filled.contact?.email, 'klachten@voorbeeld.nl');
    assert.ok(!JSON.stringify({ ...filled, placeholders: [] }).includes('[naam organisatie]'));
    assert.ok(parseRegulation(JSON.parse(JSON.stringify(filled))).success);
  });

  it('lentl lists the open points of the werkmaatschappij procedure and is complete once filled', () => {
    const reg = presets.lentl!.build();
    const problems = activationProblems(reg);
    assert.deepEqual(problems.map((p) => p.key).sort(), Object.keys(LENTL_FILLS).sort());
    assert.ok(problems.some((p) => p.key === 'decision_term' && p.where === 'deadlines.decision'));
    assert.ok(problems.some((p) => p.key === 'client_file_retention' && p.where === 'retention.period'));

    const filled = presets.lentl!.build(LENTL_FILLS);
    assert.deepEqual(activationProblems(filled), []);
    assert.deepEqual(
      { amount: (filled.deadlines.decision as { amount: number }).amount, unit: (filled.deadlines.decision as { unit: string }).unit },
      { amount: 6, unit: 'weeks' },
    );
    const retention = filled.retention as Extract<Regulation['retention'], { mode: string }>;
    assert.deepEqual({ ...retention.period, source: undefined }, { amount: 240, unit: 'months', source: undefined });
    assert.equal((filled.deadlines.decision as { source: { basis?: string; fill?: string } }).source.fill, 'decision_term');
    assert.equal((filled.deadlines.decision as { source: { basis?: string } }).source.basis, 'organisation');
  });

  it('lentl: "geen" makes an optional term not prescribed, but not the decision term', () => {
    const filled = presets.lentl!.build({ ...LENTL_FILLS, inadmissibility_term: 'geen' });
    assert.equal('notPrescribed' in filled.deadlines.inadmissibilityNotice, true);
    assert.throws(
      () => presets.lentl!.build({ ...LENTL_FILLS, decision_term: 'geen' }),
      (err: unknown) => err instanceof RegulationFillError && err.errors.some((e) => e.key === 'decision_term'),
    );
  });

  it('refuses unknown keys and invalid values with Dutch messages', () => {
    const reg = presets.lentl!.build();
    const r = applyFills(reg, { decison_term: '6 weken', complaint_mailbox: 'geen-adres', decision_term: 'zes dagen of zo' });
    assert.equal(r.ok, false);
    if (r.ok) return;
    const byKey = Object.fromEntries(r.errors.map((e) => [e.key, e.message]));
    assert.match(byKey.decison_term ?? '', /onbekende sleutel "decison_term"/);
    assert.match(byKey.complaint_mailbox ?? '', /geen e-mailadres/);
    assert.match(byKey.decision_term ?? '', /is geen termijn/);
  });

  it('presets carry the seed file they follow', () => {
    assert.equal(presets.stadsring51!.seedFile, '002_7574131e7849fb6c.txt');
    assert.equal(presets.lentl!.seedFile, '004_bd15a81773cf4a2d.txt');
  });
});
