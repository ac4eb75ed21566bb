/**
 * The model regulations under regulations/ (issue 12): they validate, pass the laws they were written for, give due
 * dates worked out by hand, and the legal check per article on them. Pure, but reads the files (so not under src/domain).
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { legalCheck, type LegalFinding } from '../../src/domain/regulation/legal-check.ts';
import { milestones } from '../../src/domain/regulation/milestones.ts';
import { recommendedModels } from '../../src/domain/regulation/models.ts';
import { activationProblems, applyFills } from '../../src/domain/regulation/open-points.ts';
import { parseRegulationDocument } from '../../src/domain/regulation/parse.ts';
import { presets } from '../../src/regulations/library.ts';
import type { Regulation } from '../../src/domain/regulation/schema.ts';

/** A model file under regulations/, read as a user's copy would be. */
function model(name: string): Regulation {
  const r = parseRegulationDocument(readFileSync(new URL(`../../regulations/${name}.yaml`, import.meta.url), 'utf8'));
  assert.ok(r.success, r.success ? '' : r.issues.map((i) => i.text).join('\n'));
  return r.data;
}
const at = (f: LegalFinding[], article: string, path?: string) => f.filter((x) => x.article === article && (path === undefined || x.path === path));
const text = (f: ReturnType<typeof legalCheck>) => f.map((x) => `${x.severity} ${x.message}`).join('\n');

describe('model regulations', () => {
  it('wkkgz-model validates and passes the Wkkgz check with no error and no warning', () => {
    const reg = model('wkkgz-model');
    assert.deepEqual(reg.model?.laws, ['wkkgz']);
    assert.equal(reg.model?.sector, 'zorg (Wkkgz)');
    const findings = legalCheck(reg, ['wkkgz']);
    assert.deepEqual(findings.filter((f) => f.severity !== 'info'), [], text(findings));
  });

  it('wkkgz-model follows art. 15, 17 and 18 as written in its own articles', () => {
    const reg = model('wkkgz-model');
    assert.equal(reg.handling.mediation?.by, 'complaints_officer', 'art. 5.2: the klachtenfunctionaris mediates first');
    assert.equal(reg.deadlines.decisionFrom, undefined, 'the six weeks run from receipt; mediation happens within them');
    const decision = reg.deadlines.decision as { amount: number; unit: string };
    assert.deepEqual([decision.amount, decision.unit], [6, 'weeks']);
    assert.equal(reg.deadlines.extension.noticeRequired, true);
    assert.equal(reg.externalBody && 'kind' in reg.externalBody ? reg.externalBody.kind : undefined, 'disputes_body');
    assert.ok(reg.intake.complainants.kinds.some((k) => k.kind === 'bereaved'));
    assert.equal(reg.intake.complainants.representation.proofOfCapacity?.by, 'complaints_officer');
    assert.equal(reg.retention && 'mode' in reg.retention ? reg.retention.mode : undefined, 'minimum');
    // Every rule cites an article of the model itself; law-based rules name the Wkkgz article in the note.
    const lawNotes = JSON.stringify(reg).match(/"basis":"law"[^}]*"note":"Wkkgz art\. \d+/g) ?? [];
    assert.ok(lawNotes.length >= 8, `only ${lawNotes.length} law-based rules cite a Wkkgz article`);
  });

  it('wkkgz-model asks the organisation what only it knows, then activates', () => {
    const reg = model('wkkgz-model');
    const keys = activationProblems(reg).map((p) => p.key).sort();
    assert.deepEqual(keys, ['adopted_date', 'complaints_officer_contact', 'disputes_body_name', 'disputes_body_url', 'org_email', 'org_name', 'org_phone', 'org_postal_address']);
    const result = applyFills(reg, {
      adopted_date: '2026-12-01',
      complaints_officer_contact: 'Mw. A. Jansen, 030 111 22 33, klachtenfunctionaris@voorbeeldzorg.nl',
      disputes_body_name: 'Geschilleninstantie Zorg',
      disputes_body_url: 'https://www.degeschillencommissiezorg.nl',
      org_email: 'klachten@voorbeeldzorg.nl',
      org_phone: '030 123 45 67',
      org_postal_address: 'Postbus 1, 3500 AA Utrecht',
      org_name: 'Stichting Voorbeeldzorg',
    });
    assert.ok(result.ok, result.ok ? '' : JSON.stringify(result.errors));
    const filled = result.regulation;
    assert.deepEqual(activationProblems(filled), []);
    assert.equal(filled.metadata.title, 'Klachtenregeling Stichting Voorbeeldzorg');
    assert.deepEqual(legalCheck(filled, ['wkkgz']).filter((f) => f.severity !== 'info'), []);
    assert.equal(filled.externalBody && 'name' in filled.externalBody ? filled.externalBody.name : '', 'Geschilleninstantie Zorg');
  });

  it('klachtencommissie-model validates and passes the Jeugdwet and Wmo 2015 checks with no error and no warning', () => {
    const reg = model('klachtencommissie-model');
    assert.deepEqual(reg.model?.laws, ['jeugdwet', 'wmo2015']);
    const findings = legalCheck(reg, ['jeugdwet', 'wmo2015']);
    assert.deepEqual(findings.filter((f) => f.severity !== 'info'), [], text(findings));
    // The one info is the Wmo's "controleer de verordening".
    assert.deepEqual(findings.map((f) => `${f.framework} ${f.article}`), ['wmo2015 art. 2.1.3 lid 2 onder d']);
  });

  it('klachtencommissie-model: a committee of three with an independent chair, both sides heard, two own milestones', () => {
    const reg = model('klachtencommissie-model');
    assert.equal(reg.committee?.members?.minimum, 3);
    assert.equal(reg.committee?.members?.independentChair, true);
    assert.equal(reg.committee?.placement, 'internal');
    assert.deepEqual(reg.handling.hearing?.parties, ['complainant', 'respondent']);
    assert.deepEqual(reg.deadlines.milestones?.map((m) => `${m.key}: ${m.from} → ${m.metBy} ${m.term.amount} ${m.term.unit}`), [
      'forward_to_committee: received → forwarded 5 workingDays',
      'response_on_measures: decided → responded 1 months',
    ]);
  });

  it('klachtencommissie-model: due dates from receipt, worked out by hand', () => {
    const reg = model('klachtencommissie-model');
    // Received Monday 2026-03-02 (no holidays near; Atw applies, art. 11).
    // Acknowledgement 5 working days: Tue 3, Wed 4, Thu 5, Fri 6, Mon 9 → 2026-03-09.
    // Forward to the committee 5 working days (art. 4.5): the same → 2026-03-09.
    // Judgement 6 weeks (art. 7.4): 2026-03-02 + 42 days = Monday 2026-04-13.
    // Inadmissibility notice 2 weeks (art. 7.2): Monday 2026-03-16.
    // Longest extension 4 weeks with notice (art. 7.5): 2026-04-13 + 28 days = Monday 2026-05-11.
    // The response on measures (art. 8.1) runs from the judgement, so it has no date at receipt.
    assert.deepEqual(milestones(reg, new Date('2026-03-02T10:00:00+01:00')), {
      acknowledgement: '2026-03-09',
      inadmissibilityNotice: '2026-03-16',
      decision: '2026-04-13',
      decisionMaxExtended: '2026-05-11',
      forward_to_committee: '2026-03-09',
    });
  });

  it('every rule of both models cites an article of the model itself; a law only with basis law, named in the note', () => {
    for (const name of ['wkkgz-model', 'klachtencommissie-model']) {
      const sources: { article: string; basis?: string; note?: string }[] = [];
      const visit = (v: unknown): void => {
        if (Array.isArray(v)) v.forEach(visit);
        else if (typeof v === 'object' && v !== null) {
          const o = v as Record<string, unknown>;
          if (typeof o.source === 'object' && o.source !== null) sources.push(o.source as { article: string });
          Object.values(o).forEach(visit);
        }
      };
      visit(model(name));
      assert.ok(sources.length > 60, `${name}: only ${sources.length} sourced rules`);
      for (const s of sources) {
        assert.match(s.article, /^(\d+(\.\d+[a-d]?)?( \(.+\))?|titel|hele regeling)$/, `${name}: "${s.article}" is no article of the model`);
        if (s.basis === 'law') assert.match(s.note ?? '', /^(Wkkgz|Jeugdwet) art\. \d/, `${name} ${s.article}: a law-based rule names the law's article first`);
      }
    }
  });

  it('recommendedModels puts the models for the organisation\'s laws first', () => {
    const models = [
      { key: 'cbf-template', regulation: presets['cbf-template']!.build() },
      { key: 'klachtencommissie-model', regulation: model('klachtencommissie-model') },
      { key: 'wkkgz-model', regulation: model('wkkgz-model') },
    ];
    const keys = (r: { recommended: { key: string }[]; others: { key: string }[] }) => [r.recommended.map((m) => m.key), r.others.map((m) => m.key)];
    assert.deepEqual(keys(recommendedModels(['wkkgz'], models)), [['wkkgz-model'], ['cbf-template', 'klachtencommissie-model']]);
    assert.deepEqual(keys(recommendedModels(['jeugdwet'], models)), [['klachtencommissie-model'], ['cbf-template', 'wkkgz-model']]);
    // Both laws stated: the committee model matches two, the Wkkgz model none.
    assert.deepEqual(keys(recommendedModels(['wmo2015', 'jeugdwet', 'wkkgz'], models)), [['klachtencommissie-model', 'wkkgz-model'], ['cbf-template']]);
    assert.deepEqual(keys(recommendedModels([], models)), [[], ['cbf-template', 'klachtencommissie-model', 'wkkgz-model']]);
  });
});

describe('legal check per article, on the models changed one rule at a time', () => {
  describe('Wkkgz, per article (on the Wkkgz model, changed one rule at a time)', () => {
    it('art. 15: no klachtenfunctionaris, or one whose help is not said to be free', () => {
      const none = model('wkkgz-model');
      none.roles.find((r) => r.key === 'complaints_officer')!.label = 'contactpersoon';
      assert.equal(at(legalCheck(none, ['wkkgz']), 'art. 15', 'roles')[0]?.severity, 'warning');

      const notFree = model('wkkgz-model');
      delete notFree.intake.freeOfCharge;
      notFree.roles.find((r) => r.key === 'complaints_officer')!.duties = [];
      assert.equal(at(legalCheck(notFree, ['wkkgz']), 'art. 15', 'intake.freeOfCharge')[0]?.message, 'Wkkgz: de regeling zegt niet dat de hulp van de klachtenfunctionaris de klager niets kost (art. 15)');
    });

    it('art. 15: no mediation is only an info', () => {
      const reg = model('wkkgz-model');
      delete reg.handling.mediation;
      assert.deepEqual(at(legalCheck(reg, ['wkkgz']), 'art. 15').map((f) => `${f.severity} ${f.path}`), ['info handling.mediation']);
    });

    it('art. 17 lid 1: a term from the request for a judgement is the usual reading after mediation (info), flagged without it', () => {
      const reg = model('wkkgz-model');
      reg.deadlines.decisionFrom = { event: 'judgement_requested', source: { article: '7.2' } };
      const withMediation = at(legalCheck(reg, ['wkkgz']), 'art. 17 lid 1', 'deadlines.decisionFrom')[0];
      assert.equal(withMediation?.severity, 'info');
      assert.match(withMediation?.message ?? '', /gebruikelijke lezing/);
      delete reg.handling.mediation;
      const without = at(legalCheck(reg, ['wkkgz']), 'art. 17 lid 1', 'deadlines.decisionFrom')[0];
      assert.equal(without?.severity, 'warning');
      assert.match(without?.message ?? '', /vanaf het verzoek om een oordeel/);
    });

    it('art. 17: seven weeks is an error; an unreasoned or oral judgement too', () => {
      const reg = model('wkkgz-model');
      reg.deadlines.decision = { amount: 7, unit: 'weeks', source: { article: '7.2' } };
      reg.handling.decision.form = 'written_or_oral';
      reg.handling.decision.reasoned = false;
      const f = legalCheck(reg, ['wkkgz']);
      assert.equal(at(f, 'art. 17', 'deadlines.decision')[0]?.severity, 'error');
      assert.equal(at(f, 'art. 17', 'handling.decision.form')[0]?.severity, 'error');
      assert.equal(at(f, 'art. 17 lid 1', 'handling.decision.reasoned')[0]?.severity, 'warning');
    });

    it('art. 17 lid 2: an extension of six weeks, or without notice', () => {
      const reg = model('wkkgz-model');
      reg.deadlines.extension.max = { amount: 6, unit: 'weeks', source: { article: '7.3' } };
      reg.deadlines.extension.noticeRequired = false;
      const m = legalCheck(reg, ['wkkgz']).filter((x) => x.path?.startsWith('deadlines.extension')).map((x) => `${x.severity} ${x.message}`);
      assert.deepEqual(m, [
        'error Wkkgz: verlenging met 6 weken is langer dan 4 weken (art. 17)',
        'error Wkkgz: verlenging moet vóór het einde van de termijn schriftelijk aan de klager worden gemeld (art. 17)',
      ]);
    });

    it('art. 17 lid 3: the judgement must name the measures and their terms', () => {
      const reg = model('wkkgz-model');
      delete reg.handling.informMeasures;
      reg.handling.decision.content = 'Het oordeel over de klacht.';
      assert.equal(at(legalCheck(reg, ['wkkgz']), 'art. 17 lid 3')[0]?.severity, 'warning');
    });

    it('art. 18: a geschilleninstantie not named in the judgement', () => {
      const reg = model('wkkgz-model');
      if (!('kind' in reg.externalBody)) throw new Error('model names a geschilleninstantie');
      delete reg.externalBody.namedInDecision;
      assert.equal(at(legalCheck(reg, ['wkkgz']), 'art. 18', 'externalBody.namedInDecision')[0]?.severity, 'warning');
    });
  });

  describe('Jeugdwet, per article (on the klachtencommissie model)', () => {
    it('art. 4.2.1: two members, a chair from inside, or one side not heard', () => {
      const reg = model('klachtencommissie-model');
      reg.committee!.members!.minimum = 2;
      reg.committee!.members!.independentChair = false;
      reg.handling.hearing!.parties = ['complainant'];
      const f = at(legalCheck(reg, ['jeugdwet']), 'art. 4.2.1');
      assert.deepEqual(f.map((x) => `${x.severity} ${x.path}`), ['error committee.members.minimum', 'error committee.members.independentChair', 'error handling.hearing']);
      assert.match(f[0]!.message, /ten minste drie leden; de regeling noemt er 2/);
    });

    it('art. 4.2.2: six weeks at most; the response within a month of the judgement', () => {
      const reg = model('klachtencommissie-model');
      reg.deadlines.decision = { amount: 8, unit: 'weeks', source: { article: '7.4' } };
      reg.deadlines.milestones![1]!.term = { amount: 6, unit: 'weeks', source: { article: '8.1' } };
      const f = at(legalCheck(reg, ['jeugdwet']), 'art. 4.2.2');
      assert.deepEqual(f.map((x) => `${x.severity} ${x.path}`), ['error deadlines.decision', 'error deadlines.milestones[1].term']);
      assert.match(f[1]!.message, /binnen 6 weken kan langer zijn dan een maand/);

      const without = model('klachtencommissie-model');
      without.deadlines.milestones = without.deadlines.milestones!.filter((m) => m.metBy !== 'responded');
      assert.equal(at(legalCheck(without, ['jeugdwet']), 'art. 4.2.2', 'deadlines.milestones')[0]?.severity, 'warning');
    });

  });

  it('Wmo 2015: the committee model has a committee, so no "controleer" about one', () => {
    assert.ok(!legalCheck(model('klachtencommissie-model'), ['wmo2015']).some((x) => x.framework === 'wmo2015' && x.path === 'committee'));
  });

  describe('the rules follow the organisation\'s frameworks', () => {
    it('the Wkkgz model in an organisation under the Jeugdwet: its Wkkgz rules are flagged, per rule', () => {
      const f = legalCheck(model('wkkgz-model'), ['jeugdwet']).filter((x) => x.framework === 'wkkgz');
      assert.ok(f.length >= 8, `${f.length}`);
      assert.ok(f.every((x) => x.severity === 'warning' && x.message.includes('de Wkkgz, die volgens uw instellingen niet')));
      assert.ok(f.some((x) => x.path === 'deadlines.decision' && x.message.includes('(artikel 7.2 van de regeling)')));
    });

  });
});
