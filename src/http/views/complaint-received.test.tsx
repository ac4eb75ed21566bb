import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { milestones } from '../../domain/regulation/milestones.ts';
import { presets } from '../../regulations/library.ts';
import { ADOPTER, adopted, ADOPTION_FILLS, holesIn } from '../../domain/regulation/test-support.ts';
import { policyFromRegulation, RECORD_KINDS, statusDescription, STATUSES } from '../../domain/workflow/index.ts';
import { ComplaintReceived, nextSteps } from './complaint-received.tsx';

/** The receipt page's sentences, built from each preset's regulation, read as Dutch without holes. */

const RECEIVED = new Date('2026-03-02T10:00:00Z');
/** The page's text: tags dropped (not replaced by spaces, so a space before a full stop is the page's own). */
const textOf = (html: string) => html.replace(/<[^>]+>/g, '').replace(/&#39;/g, "'").replace(/&quot;/g, '"').replace(/&amp;/g, '&').replace(/\s+/g, ' ');

describe('receipt page (nextSteps)', () => {
  for (const key of Object.keys(presets)) {
    it(`${key}: every step reads as Dutch without holes`, () => {
      const reg = adopted(key);
      const steps = nextSteps({ reg, policy: policyFromRegulation(reg), deadlines: milestones(reg, RECEIVED) as Record<string, string> });
      assert.ok(steps.length >= 1, key);
      for (const step of steps) assert.deepEqual(holesIn(step), [], `${key}: "${step}"`);
    });
  }

  it('promises no acknowledgement and no reasons the regulation does not ask (conneqt, 000 art. 5)', () => {
    const reg = adopted('conneqt');
    const steps = nextSteps({ reg, policy: policyFromRegulation(reg), deadlines: milestones(reg, RECEIVED) as Record<string, string> });
    assert.ok(!steps.some((s) => /ontvangen|bevestiging/.test(s)), steps.join('\n'));
    assert.ok(!steps.some((s) => /uitleg waarom/.test(s)), steps.join('\n'));
  });

  it('an address filled with its own full stop gives no double one', () => {
    const reg = adopted('lentl', { ...ADOPTION_FILLS.lentl!, okc_contact: 'Klachtencommissie Voorbeeld, Postbus 2, 3500 AA Utrecht.' });
    const steps = nextSteps({ reg, policy: policyFromRegulation(reg), deadlines: milestones(reg, RECEIVED) as Record<string, string> });
    for (const step of steps) assert.deepEqual(holesIn(step), [], step);
    assert.ok(steps.some((s) => s.endsWith('Postbus 2, 3500 AA Utrecht.')), steps.join('\n'));
  });

  it('004: says a decision comes, not how (the policy is silent on it, §3: no "in een gesprek of op papier", review of session 14), and no "U krijgt de beslissing ."', () => {
    const reg = adopted('lentl');
    const policy = policyFromRegulation(reg);
    assert.equal(policy.decision.reasoned, false);
    assert.equal(policy.decision.formSaid, false);
    const steps = nextSteps({ reg, policy, deadlines: milestones(reg, RECEIVED) as Record<string, string> });
    assert.ok(steps.some((s) => s.endsWith('U krijgt de beslissing.')), steps.join('\n'));
    assert.ok(!steps.some((s) => /gesprek|op papier| \./.test(s)), steps.join('\n'));
    assert.ok(steps.some((s) => s.includes('terecht bij de Onafhankelijke klachtencommissie (OKC)')), steps.join('\n'));
  });

  it('names the acknowledgement as the regulation names the letter (001 §3.2: "… bevestigd wordt aan de klager (bevestigingsbrief)"); 002 names none: "ontvangstbevestiging"', () => {
    const hss = adopted('hss');
    const steps = nextSteps({ reg: hss, policy: policyFromRegulation(hss), deadlines: milestones(hss, RECEIVED) as Record<string, string> });
    assert.ok(steps.some((s) => /^U krijgt binnen 7 werkdagen een bevestigingsbrief, uiterlijk op /.test(s)), steps.join('\n'));
    assert.ok(!steps.some((s) => /ontvangstbevestiging/.test(s)), steps.join('\n'));
    const s51 = adopted('stadsring51');
    const other = nextSteps({ reg: s51, policy: policyFromRegulation(s51), deadlines: milestones(s51, RECEIVED) as Record<string, string> });
    assert.ok(other.some((s) => / een ontvangstbevestiging, uiterlijk op /.test(s)), other.join('\n'));
  });

  it('names the decision as the regulation does (001 art. 3.3: "het standpunt van de directie"), not "Wij beslissen"', () => {
    const reg = adopted('hss');
    const steps = nextSteps({ reg, policy: policyFromRegulation(reg), deadlines: milestones(reg, RECEIVED) as Record<string, string> });
    assert.ok(steps.some((s) => /^U krijgt het standpunt van de directie uiterlijk op .+ \(binnen 6 weken\) in een gesprek of op papier, met de redenen\.$/.test(s)), steps.join('\n'));
    assert.ok(!steps.some((s) => /beslis/i.test(s)), steps.join('\n'));
  });

  it('003: says only what the regulation says: not how the answer is given (it is silent), and that a delay is told, without a day it does not name (walk14)', () => {
    const reg = adopted('cbf-template');
    const steps = nextSteps({ reg, policy: policyFromRegulation(reg), deadlines: milestones(reg, RECEIVED) as Record<string, string> });
    assert.ok(steps.some((s) => /^U krijgt het antwoord uiterlijk op .+ \(binnen 5 werkdagen\)\.$/.test(s)), steps.join('\n'));
    assert.ok(!steps.some((s) => /gesprek|op papier|per e-mail/.test(s)), steps.join('\n'));
    assert.ok(steps.includes('Lukt dat niet op tijd? Dan laten wij u dat weten.'), steps.join('\n'));
    assert.ok(!steps.some((s) => /vóór die datum/.test(s)), steps.join('\n'));
  });

  it("links to the regulation it was received under, by that regulation's title", async () => {
    const reg = adopted('lentl');
    const html = await (
      <ComplaintReceived
        org={{ name: ADOPTER.name, slug: 'voorbeeldzorg' }}
        reference="2026-1"
        kind="complaint"
        receivedOn="2026-03-02"
        deadlines={milestones(reg, RECEIVED) as Record<string, string>}
        reg={reg}
        policy={policyFromRegulation(reg)}
        regulationHref="/voorbeeldzorg/klachtenregeling/werkmaatschappij-noord"
      />
    ).toString();
    assert.match(html, /<a class="utrecht-link kw-regulation-link" href="\/voorbeeldzorg\/klachtenregeling\/werkmaatschappij-noord">Klachtenbeleid Stichting Voorbeeldzorg<\/a>/);
    assert.deepEqual(holesIn(textOf(html), { tokens: true }), [], textOf(html));
  });
});

describe('receipt page while the unit is not known ("Weet ik niet", regulationOpen)', () => {
  const receipt = async (kind: 'complaint' | 'suggestion') => {
    const reg = adopted('lentl');
    return textOf(
      (
        await (
          <ComplaintReceived
            org={{ name: ADOPTER.name, slug: 'voorbeeldzorg' }}
            reference="2026-1"
            kind={kind}
            receivedOn="2026-03-02"
            deadlines={milestones(reg, RECEIVED) as Record<string, string>}
            reg={reg}
            policy={policyFromRegulation(reg)}
            regulationHref="/voorbeeldzorg/klachtenregeling"
            regulationOpen
          />
        )
      ).toString(),
    );
  };

  it('a suggestion is called a suggestion, also where it points to the regulations of the units (lane review13: "uw klacht")', async () => {
    const text = await receipt('suggestion');
    assert.match(text, /Hoe wij met uw suggestie omgaan, staat in de klachtenregeling van het onderdeel waar het over gaat:/, text);
    assert.doesNotMatch(text, /uw klacht/, text);
    assert.match(await receipt('complaint'), /Hoe wij met uw klacht omgaan, staat in de klachtenregeling van het onderdeel waar het over gaat:/);
  });
});

describe('status sentences per record kind', () => {
  it('a registration that is not a complaint is never "De klacht is afgesloten"', () => {
    for (const kind of RECORD_KINDS) {
      for (const status of STATUSES) {
        const sentence = statusDescription(status, kind);
        assert.deepEqual(holesIn(sentence), [], `${kind}/${status}: ${sentence}`);
        if (kind !== 'complaint' && status === 'closed') assert.doesNotMatch(sentence, /klacht is afgesloten/, kind);
      }
    }
    assert.equal(statusDescription('closed', 'complaint'), 'De klacht is afgesloten.');
    assert.match(statusDescription('closed', 'dissatisfaction'), /^De onvrede is meteen opgelost/);
  });
});
