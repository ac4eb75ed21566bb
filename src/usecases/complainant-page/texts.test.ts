import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { emptyFacts, policyFromRegulation, type ComplaintFacts } from '../../domain/workflow/index.ts';
import { CBF_FILLS, COORDINATOR, Dossier, HANDLER, LENTL_FILLS, presetRegulation } from '../../domain/workflow/test-support.ts';
import { newComplaintNote, nextStepsForComplainant } from './next-steps.ts';
import { importantDates, statusText } from './page.ts';

/** Mijn klacht's sentences say only what happened, and each thing once. */
describe('complainant page texts', () => {
  const reg = presetRegulation('stadsring51');
  const policy = policyFromRegulation(reg);
  const decided = { ...emptyFacts(), receivedOn: '2026-12-01', status: 'decided', decision: { outcome: 'upheld', reasoning: 'De afspraak is niet nagekomen.', decidedOn: '2026-12-02' } } as unknown as ComplaintFacts;

  it('points to the decision letter only when it was sent', () => {
    assert.doesNotMatch(statusText(decided, policy), /die u van ons kreeg|staat in de brief/);
    assert.match(statusText(decided, policy), /U krijgt de beslissing met de uitleg nog in een brief van ons\./);
    assert.match(statusText(decided, policy, { decisionLetterSent: true }), /De uitleg staat in de brief met de beslissing/);
  });

  it('promises no explanation of a decision taken without a text (004 asks none since session 12)', () => {
    const lentl = presetRegulation('lentl', LENTL_FILLS);
    const bare = { ...decided, decision: { ...decided.decision!, reasoning: '' } } as ComplaintFacts;
    const p = policyFromRegulation(lentl);
    assert.match(statusText(bare, p), /De uitkomst: gegrond\. U krijgt de beslissing nog in een brief van ons\.$/);
    assert.match(statusText(bare, p, { decisionLetterSent: true }), /De brief met de beslissing staat hieronder bij "Brieven aan u"\.$/);
    assert.doesNotMatch(statusText(bare, p) + statusText(bare, p, { decisionLetterSent: true }), /uitleg/);
  });

  it('names the external body without asking the same question twice (002 art. 6.11)', () => {
    const [line] = nextStepsForComplainant(decided, policy, reg, '2026-12-02');
    assert.equal(line, 'Als u het niet eens bent met de afhandeling van uw klacht, kunt u terecht bij de Nationale ombudsman (Postbus 93122, 2509 AC Den Haag, https://www.nationaleombudsman.nl/klacht-indienen/uw-klacht).');
  });
});

describe('Mijn klacht names the acknowledgement as the regulation names the letter', () => {
  it('001 §3.2 ("… bevestigd wordt aan de klager (bevestigingsbrief)"): "Bevestigingsbrief" in the dates and the next step; 002 names none', () => {
    const hss = presetRegulation('hss');
    const facts = { ...emptyFacts(), receivedOn: '2026-12-01', status: 'new' } as unknown as ComplaintFacts;
    const p = policyFromRegulation(hss);
    assert.equal(importantDates(facts, p, '2026-12-02').find((x) => /bevestig/i.test(x.label))?.label, 'Bevestigingsbrief');
    assert.match(nextStepsForComplainant(facts, p, hss, '2026-12-02').join('\n'), /U krijgt een bevestigingsbrief, uiterlijk op /);
    const s51 = presetRegulation('stadsring51');
    assert.equal(importantDates(facts, policyFromRegulation(s51), '2026-12-02').find((x) => /bevestig/i.test(x.label))?.label, 'Ontvangstbevestiging');
  });
});

/** Walked as a complainant (lane walk11): each step of the office's handling, as the page then reads. */
describe('complainant page texts along the handling (002)', () => {
  const reg = presetRegulation('stadsring51');
  const dossier = () => new Dossier(reg, { receivedOn: '2026-12-03', handlerUserId: HANDLER.userId }, '2026-12-03');

  it('a new complaint: the inadmissibility notice term (art. 5.3) and an extension marked with its law, as on the receipt page', () => {
    const d = dossier();
    assert.deepEqual(nextStepsForComplainant(d.facts, d.policy, reg, '2026-12-03'), [
      'U krijgt een ontvangstbevestiging, uiterlijk op 10 december 2026.',
      'Kunnen wij uw klacht niet in behandeling nemen? Dan hoort u dat uiterlijk op 31 december 2026.',
      'Wij nodigen u uit om uw klacht toe te lichten in een gesprek. Dat heet horen. U mag ook laten weten dat u dat niet wilt.',
      'Wij beslissen uiterlijk op 28 januari 2027. U krijgt de beslissing op papier of per e-mail, met uitleg waarom wij zo beslissen.',
      'Lukt dat niet op tijd? Volgens de Algemene wet bestuursrecht mogen wij de termijn verlengen met ten hoogste 4 weken. Dat laten wij u dan vóór 28 januari 2027 weten.',
    ]);
    // After the notice term the sentence goes: it promises nothing any more.
    assert.ok(!nextStepsForComplainant(d.facts, d.policy, reg, '2027-01-04').some((s) => s.startsWith('Kunnen wij')));
    // Nor once the complaint is in handling.
    d.must('plan-hearing', { party: 'complainant', on: '2026-12-10' }, HANDLER, '2026-12-03');
    assert.equal(d.facts.status, 'in_progress');
    assert.ok(!nextStepsForComplainant(d.facts, d.policy, reg, '2026-12-03').some((s) => s.startsWith('Kunnen wij')));
  });

  it('invited to the hearing: when and where, not "wij nodigen u uit"; once held, the day it was held', () => {
    const d = dossier();
    d.must('plan-hearing', { party: 'complainant', on: '2026-12-10', time: '10:00', place: 'Kantoor Noord' }, HANDLER, '2026-12-03');
    const steps = nextStepsForComplainant(d.facts, d.policy, reg, '2026-12-03');
    assert.ok(steps.includes('Wij hebben u uitgenodigd voor een gesprek over uw klacht (horen): op 10 december 2026 om 10:00, Kantoor Noord. Kunt u dan niet, of wilt u liever niet gehoord worden? Laat het ons weten.'), steps.join('\n'));
    assert.ok(!steps.some((s) => s.startsWith('Wij nodigen u uit')));
    assert.deepEqual(importantDates(d.facts, d.policy, '2026-12-03').find((x) => x.label === 'Gesprek over uw klacht (horen)'), { label: 'Gesprek over uw klacht (horen)', text: 'op 10 december 2026 om 10:00, Kantoor Noord' });
    d.must('record-hearing', { party: 'complainant', on: '2026-12-10', report: 'De klager lichtte de klacht toe.' }, HANDLER, '2026-12-10');
    assert.deepEqual(importantDates(d.facts, d.policy, '2026-12-10').find((x) => x.label === 'Gesprek over uw klacht (horen)'), { label: 'Gesprek over uw klacht (horen)', text: 'gehouden op 10 december 2026' });
    assert.ok(!nextStepsForComplainant(d.facts, d.policy, reg, '2026-12-10').some((s) => /uitgenodigd|nodigen/.test(s)));
  });

  it('an extension says which law allows it', () => {
    const d = dossier();
    d.must('extend', { term: { amount: 4, unit: 'weeks' }, noticeOn: '2026-12-03', reason: 'Wij wachten op de medewerker.' }, HANDLER, '2026-12-03');
    assert.equal(
      importantDates(d.facts, d.policy, '2026-12-03').find((x) => x.label === 'Beslissing')?.text,
      'uiterlijk op 25 februari 2027. De termijn is verlengd met 4 weken, zoals de Algemene wet bestuursrecht toestaat; dat hebben wij u op 3 december 2026 laten weten.',
    );
  });

  it('inadmissible: the reason with its article inside the sentence (one full stop)', () => {
    const d = dossier();
    d.must('declare-inadmissible', { ground: 'older_than_limit', explanation: 'Het gebeurde in 2024.', conductOn: '2024-05-01' }, HANDLER, '2026-12-03');
    assert.equal(
      statusText(d.facts, d.policy),
      'Wij hebben uw klacht niet in behandeling genomen. De reden: de gedraging vond langer dan één jaar vóór het indienen van de klacht plaats (artikel 5.1b).',
    );
  });
});

describe('complainant page texts when a term has passed (002 art. 6.3, 6.8)', () => {
  const reg = presetRegulation('stadsring51');
  it('a passed decision date is not a promise: the page says it was not met', () => {
    const d = new Dossier(reg, { receivedOn: '2026-12-03', handlerUserId: HANDLER.userId }, '2026-12-03');
    // The acknowledgement too: its date passed without one.
    assert.equal(nextStepsForComplainant(d.facts, d.policy, reg, '2026-12-11')[0], 'U krijgt zo snel mogelijk een ontvangstbevestiging. Die had u uiterlijk op 10 december 2026 moeten krijgen.');
    assert.equal(nextStepsForComplainant(d.facts, d.policy, reg, '2026-12-10')[0], 'U krijgt een ontvangstbevestiging, uiterlijk op 10 december 2026.');
    d.must('acknowledge', { on: '2026-12-03' }, HANDLER, '2026-12-03');
    const day = '2027-02-01';
    const steps = nextStepsForComplainant(d.facts, d.policy, reg, day);
    assert.ok(steps.includes('Wij hadden uiterlijk op 28 januari 2027 moeten beslissen. Dat is ons niet gelukt. Wij beslissen zo snel mogelijk. U krijgt de beslissing op papier of per e-mail, met uitleg waarom wij zo beslissen.'), steps.join('\n'));
    assert.ok(!steps.some((s) => s.startsWith('Wij beslissen uiterlijk') || s.startsWith('Lukt dat niet op tijd')), steps.join('\n'));
    assert.equal(importantDates(d.facts, d.policy, day).find((x) => x.label === 'Beslissing')?.text, 'uiterlijk op 28 januari 2027. Die datum is voorbij en wij hebben nog niet beslist.');
    assert.equal(importantDates(d.facts, d.policy, '2027-01-28').find((x) => x.label === 'Beslissing')?.text, 'uiterlijk op 28 januari 2027');
  });
});

/** The regulation's own words and what is true (lane fixes12). */
describe('complainant page texts in the regulation\'s words', () => {
  const reg = presetRegulation('stadsring51');

  it('the one-year limit as 002 art. 5.1b writes it ("één jaar", stored as 12 months); a limit the text gives in months stays months', () => {
    const policy = policyFromRegulation(reg);
    assert.match(newComplaintNote(policy), /langer dan één jaar vóór de nieuwe klacht was \(artikel 5\.1b\)\./);
    const inMonths = { ...policy, admissibility: { grounds: policy.admissibility.grounds.map((g) => ({ ...g, label: 'De gedraging vond meer dan twaalf maanden eerder plaats.' })) } };
    assert.match(newComplaintNote(inMonths), /langer dan 12 maanden vóór/);
  });

  it('001 art. 3.3 names its decision "het standpunt van de directie": the page says that, never "beslissing"', () => {
    const hss = presetRegulation('hss');
    const d = new Dossier(hss, { receivedOn: '2026-03-02', handlerUserId: HANDLER.userId }, '2026-03-02');
    const open = [...nextStepsForComplainant(d.facts, d.policy, hss, '2026-03-02'), ...importantDates(d.facts, d.policy, '2026-03-02').map((x) => `${x.label}: ${x.text}`)];
    assert.ok(open.includes('U krijgt het standpunt van de directie uiterlijk op 13 april 2026, met de redenen.'), open.join('\n'));
    assert.ok(open.includes('Standpunt van de directie: uiterlijk op 13 april 2026'), open.join('\n'));
    d.must('decide', { outcome: 'decided', reasoning: 'Het advies was onjuist; wij corrigeren het.', externalBodyNamed: true }, COORDINATOR, '2026-03-20');
    const decided = [statusText(d.facts, d.policy, { day: '2026-03-20' }), ...importantDates(d.facts, d.policy, '2026-03-20').map((x) => `${x.label}: ${x.text}`)];
    assert.match(decided[0]!, /^Het standpunt van de directie over uw klacht is klaar\. U krijgt het standpunt van de directie met de uitleg nog in een brief van ons\.$/);
    assert.ok(decided.includes('Standpunt van de directie: op 20 maart 2026'), decided.join('\n'));
    // 001 takes a position and does not judge the merits (handling.decision.outcomes): no "gegrond" either.
    for (const line of [...open, ...decided]) assert.doesNotMatch(line, /beslis|gegrond/i, line);
  });

  it('003 answers a complaint ("beantwoord", Bijlage 1 "gereageerd"): the page says "het antwoord", never "beslissing"', () => {
    const cbf = presetRegulation('cbf-template', CBF_FILLS);
    const d = new Dossier(cbf, { receivedOn: '2026-03-02', handlerUserId: HANDLER.userId, complainant: { relation: 'customer' } }, '2026-03-02');
    const open = [...nextStepsForComplainant(d.facts, d.policy, cbf, '2026-03-02'), ...importantDates(d.facts, d.policy, '2026-03-02').map((x) => `${x.label}: ${x.text}`)];
    assert.ok(open.some((l) => /^U krijgt het antwoord uiterlijk op /.test(l)), open.join('\n'));
    assert.ok(open.some((l) => /^Antwoord: uiterlijk op /.test(l)), open.join('\n'));
    const decided = { ...d.facts, status: 'decided', decision: { outcome: 'decided', reasoning: '', measures: [], externalBodyNamed: true, form: 'written', decidedOn: '2026-03-05', byUserId: null, waiverContradictionReason: null, letter: null } } as unknown as ComplaintFacts;
    const after = [statusText(decided, d.policy), ...importantDates(decided, d.policy, '2026-03-05').map((x) => `${x.label}: ${x.text}`)];
    assert.match(after[0]!, /^Het antwoord over uw klacht is klaar\./);
    for (const line of [...open, ...after]) assert.doesNotMatch(line, /beslis/i, line);
  });

  it('an oral decision (001 art. 3.3, 003, 004 §3 allow one) is not promised in a letter', () => {
    for (const [key, fills] of [['hss', undefined], ['cbf-template', undefined], ['lentl', LENTL_FILLS]] as const) {
      const r = presetRegulation(key, fills);
      const d = new Dossier(r, { receivedOn: '2026-03-02', handlerUserId: HANDLER.userId }, '2026-03-02');
      const p = d.policy;
      assert.equal(p.decision.form, 'written_or_oral', key);
      const oral = { ...d.facts, status: 'decided', decision: { outcome: 'decided', reasoning: 'Wij hebben het besproken.', measures: [], externalBodyNamed: true, form: 'oral', decidedOn: '2026-03-20', byUserId: null, waiverContradictionReason: null, letter: null } } as unknown as ComplaintFacts;
      const text = statusText(oral, p);
      assert.doesNotMatch(text, /brief/, `${key}: ${text}`);
      assert.match(text, /mondeling verteld\. Dat mag volgens de klachtenregeling/, `${key}: ${text}`);
      const written = { ...oral, decision: { ...oral.decision!, form: 'written' } } as ComplaintFacts;
      assert.match(statusText(written, p), /nog in een brief van ons\.$/, key);
      if (key === 'hss') assert.equal(text, 'Het standpunt van de directie over uw klacht is klaar. Wij hebben u het standpunt van de directie met de uitleg mondeling verteld. Dat mag volgens de klachtenregeling (artikel 3.3).');
    }
  });

  it('invited before a handler was assigned (002 art. 6.5, it stays "Nieuw"): not "De behandeling begint binnenkort" beside the invitation', () => {
    const d = new Dossier(reg, { receivedOn: '2026-12-03' }, '2026-12-03');
    assert.match(statusText(d.facts, d.policy, { day: '2026-12-03' }), /De behandeling begint binnenkort\./);
    d.must('plan-hearing', { party: 'complainant', on: '2026-12-10', time: '10:00' }, COORDINATOR, '2026-12-03');
    assert.equal(d.facts.status, 'new');
    assert.equal(statusText(d.facts, d.policy, { day: '2026-12-03' }), 'Wij hebben uw klacht ontvangen en u uitgenodigd voor een gesprek erover (horen). Wanneer en waar, staat hieronder.');
    // Once the day has passed (held or not yet recorded), no invitation to come: the work has begun all the same.
    assert.equal(statusText(d.facts, d.policy, { day: '2026-12-11' }), 'Wij hebben uw klacht ontvangen en zijn ermee bezig. Wat er nog komt, staat hieronder.');
  });
});
