/**
 * The default letter texts render for every kind under all five seed regulations (no template error, no
 * "undefined", no code left over), cite the article that owes the letter, and say what the dossier says.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEFAULT_TEMPLATES } from '../../domain/letters/defaults.ts';
import { LETTER_KINDS, letterOwed, owedForKind } from '../../domain/letters/kinds.ts';
import { getPreset, PRESET_KEYS } from '../../regulations/library.ts';
import { CBF_FILLS, LENTL_FILLS } from '../../domain/workflow/test-support.ts';
import { ACTION_SCHEMAS, emptyFacts, policyFromRegulation } from '../../domain/workflow/index.ts';
import { renderTemplate, templateProblem } from '../../letters/template.ts';
import { letterVariables, recipientOf, type LetterContext } from './compose.ts';

const FILLS: Record<string, Record<string, string>> = {
  'cbf-template': CBF_FILLS,
  lentl: LENTL_FILLS,
};

function context(preset: string): LetterContext {
  const regulation = getPreset(preset)!.build(FILLS[preset] ?? {});
  const facts = emptyFacts();
  facts.receivedOn = '2026-03-02';
  facts.status = 'decided';
  facts.decision = { outcome: 'partly_upheld', reasoning: 'De afspraak is twee keer niet nagekomen.', measures: ['Wij bespreken dit in het team.'], externalBodyNamed: true, form: 'written', decidedOn: '2026-04-01', byUserId: null, waiverContradictionReason: null };
  facts.inadmissible = { ground: regulation.admissibility.grounds[0]?.key ?? 'x', explanation: 'Deze klacht is al eerder behandeld.', conductOn: null, on: '2026-03-10' };
  facts.hearings.complainant.planned.push({ on: '2026-03-20', note: 'Het gesprek is op ons kantoor.' });
  facts.hearings.complainant.heard.push({ on: '2026-03-20', report: 'De klager vertelde wat er gebeurde.' });
  facts.extension = { term: { amount: 4, unit: 'weeks' }, noticeOn: '2026-04-20', reason: 'Wij wachten op een verslag.', late: false };
  return {
    organisationId: 'org',
    complaint: { id: 'c', reference: '2026-0042', unitId: 'u', receivedOn: '2026-03-02', subject: 'Afspraak niet nagekomen', description: 'De medewerker kwam niet.', complainant: { name: 'Jan Jansen', email: 'jan@example.nl', postalAddress: 'Dorpsstraat 1\n1234 AB Ergens' } },
    facts,
    regulation: { versionId: 'v', version: 1, regulation, policy: policyFromRegulation(regulation) },
    organisationName: 'Stichting Voorbeeld',
    unitName: 'Zorg',
    handlerName: 'Petra Behandelaar',
    respondent: { name: 'Piet Medewerker', email: null },
    attachments: [{ id: 'a', filename: 'brief.pdf', contentType: 'application/pdf' }],
  };
}

describe('default letter texts', () => {
  it('every default template parses', () => {
    for (const kind of LETTER_KINDS) {
      assert.equal(templateProblem(DEFAULT_TEMPLATES[kind].subject), null, kind);
      assert.equal(templateProblem(DEFAULT_TEMPLATES[kind].body), null, kind);
    }
  });

  for (const preset of PRESET_KEYS) {
    it(`render for every kind under ${preset}, with the reference and without left-over code`, async () => {
      const ctx = context(preset);
      for (const kind of LETTER_KINDS) {
        const owed = owedForKind(ctx.regulation.regulation, kind);
        const vars = letterVariables(ctx, owed, recipientOf(ctx, owed.recipientRole), { senderName: 'Karin Coördinator', day: '2026-04-02', letterhead: { addressLines: [] } });
        const subject = await renderTemplate(DEFAULT_TEMPLATES[kind].subject, vars);
        const body = await renderTemplate(DEFAULT_TEMPLATES[kind].body, vars);
        assert.match(subject, /2026-0042/, `${preset} ${kind}: reference in the subject`);
        assert.doesNotMatch(body, /undefined|null|\{\{|\{%|\[object/, `${preset} ${kind}: ${body}`);
        assert.doesNotMatch(body, /\n{3,}/, `${preset} ${kind}: at most one empty line`);
        if (owed.article) assert.ok(body.includes(owed.article), `${preset} ${kind}: cites ${owed.article}`);
      }
    });
  }

  it('002: the decision names the Nationale ombudsman with its address and the law that asks it (Awb 9:12 lid 2); the inadmissibility says what the complainant can do (5.3)', async () => {
    const ctx = context('stadsring51');
    const owed = letterOwed(ctx.regulation.regulation, 'decide')!;
    assert.equal(owed.article, '6.9');
    const vars = letterVariables(ctx, owed, recipientOf(ctx, 'complainant'), { senderName: 'K', day: '2026-04-02', letterhead: { addressLines: [] } });
    const body = await renderTemplate(DEFAULT_TEMPLATES.decision.body, vars);
    assert.match(body, /Geachte Jan Jansen,/);
    assert.match(body, /deels gegrond/);
    assert.match(body, /- Wij bespreken dit in het team\./);
    assert.match(body, /U kunt naar de Nationale ombudsman gaan als u het niet eens bent met de afhandeling van uw klacht \(Awb 9:12 lid 2\)\. Het adres is: Postbus 93122, 2509 AC Den Haag\./);
    // An organisation's own template that writes the article itself keeps reading right: naam stays the bare name.
    assert.equal(await renderTemplate('naar de {{ externe_instantie.naam }}', vars), 'naar de Nationale ombudsman');
    const inadm = letterOwed(ctx.regulation.regulation, 'declare-inadmissible', { ground: ctx.facts.inadmissible!.ground })!;
    assert.equal(inadm.article, '5.3');
    const text = await renderTemplate(DEFAULT_TEMPLATES.inadmissibility.body, letterVariables(ctx, inadm, recipientOf(ctx, 'complainant'), { senderName: 'K', day: '2026-04-02', letterhead: { addressLines: [] } }));
    assert.match(text, /Wij nemen uw klacht niet in behandeling \(artikel 5\.3\)\. De reden is: .+\(artikel 5\.1/);
    assert.match(text, /Wat kunt u doen\?/);
    assert.match(text, /U kunt ook naar de Nationale ombudsman gaan/);
  });

  it('the acknowledgement shows the Mijn klacht link only when there is one, and the decision date of the regulation', async () => {
    const ctx = context('hss');
    const owed = letterOwed(ctx.regulation.regulation, 'acknowledge')!;
    const base = { senderName: 'K', day: '2026-04-02', letterhead: { addressLines: [] } };
    const without = await renderTemplate(DEFAULT_TEMPLATES.acknowledgement.body, letterVariables(ctx, owed, recipientOf(ctx, 'complainant'), base));
    assert.doesNotMatch(without, /Op deze pagina/);
    assert.match(without, /6 weken na ontvangst \(artikel 3\.3\)/);
    const withLink = await renderTemplate(DEFAULT_TEMPLATES.acknowledgement.body, letterVariables(ctx, owed, recipientOf(ctx, 'complainant'), { ...base, mijnKlachtUrl: 'https://klachtwijs.example/mijn/abc' }));
    assert.match(withLink, /Op deze pagina ziet u hoe het met uw klacht staat\. U kunt daar ook informatie toevoegen:\nhttps:\/\/klachtwijs\.example\/mijn\/abc/);
  });

  it('the copy to the respondent says documents go with it only where the regulation sends them (002 6.4 yes, Wkkgz model no); the outcome letter frames the reasoning as written to the complainant', async () => {
    const base = { senderName: 'K', day: '2026-04-02', letterhead: { addressLines: [] } };
    for (const [preset, sent] of [['stadsring51', true], ['wkkgz-model', false]] as const) {
      const ctx = context(preset);
      const owed = owedForKind(ctx.regulation.regulation, 'copy_to_respondent');
      assert.ok(owed, preset);
      const text = await renderTemplate(DEFAULT_TEMPLATES.copy_to_respondent.body, letterVariables(ctx, owed, recipientOf(ctx, 'respondent'), base));
      assert.equal(/Bij deze brief zitten de stukken die bij de klacht horen:\s*- brief\.pdf/.test(text), sent, preset);
    }
    const ctx = context('stadsring51');
    const outcome = await renderTemplate(DEFAULT_TEMPLATES.outcome_to_respondent.body, letterVariables(ctx, owedForKind(ctx.regulation.regulation, 'outcome_to_respondent')!, recipientOf(ctx, 'respondent'), base));
    assert.match(outcome, /Onze uitleg aan de klager:\nDe afspraak is twee keer niet nagekomen\./);
  });

  it('the letter to the person complained about says the outcome as a sentence (002 art. 6.9): "de klacht is deels gegrond", never "de klacht is geen oordeel"; nothing where the regulation judges no merits', async () => {
    const base = { senderName: 'K', day: '2026-04-02', letterhead: { addressLines: [] } };
    const render = async (preset: string, outcome: 'partly_upheld' | 'no_judgement' | 'resolved_by_agreement' | 'decided') => {
      const ctx = context(preset);
      ctx.facts.decision = { ...ctx.facts.decision!, outcome };
      const owed = owedForKind(ctx.regulation.regulation, 'outcome_to_respondent');
      return renderTemplate(DEFAULT_TEMPLATES.outcome_to_respondent.body, letterVariables(ctx, owed, recipientOf(ctx, 'respondent'), base));
    };
    assert.match(await render('stadsring51', 'partly_upheld'), /Ons oordeel: de klacht is deels gegrond\./);
    const none = await render('stadsring51', 'no_judgement');
    assert.match(none, /Wij geven geen oordeel over de klacht\./);
    assert.doesNotMatch(none, /is geen oordeel|uw klacht/);
    assert.match(await render('stadsring51', 'resolved_by_agreement'), /De klacht is opgelost in overleg\./);
    // A regulation that judges no merits (001 art. 3.3): no "Ons oordeel", no "is standpunt van de directie gegeven".
    const hss = await render('hss', 'decided');
    assert.doesNotMatch(hss, /Ons oordeel|is standpunt|gegeven\./);
    assert.match(hss, /laten wij u de uitkomst weten/);
  });

  it('a decision without a text (000 and 004 ask no motivering since session 12) has no empty "Waarom?" nor "Onze uitleg aan de klager:"', async () => {
    const base = { senderName: 'K', day: '2026-04-02', letterhead: { addressLines: [] } };
    for (const preset of ['conneqt', 'lentl']) {
      const ctx = context(preset);
      ctx.facts.decision = { ...ctx.facts.decision!, reasoning: '' };
      const owed = owedForKind(ctx.regulation.regulation, 'decision');
      const body = await renderTemplate(DEFAULT_TEMPLATES.decision.body, letterVariables(ctx, owed, recipientOf(ctx, 'complainant'), base));
      assert.match(body, /Ons oordeel: uw klacht is deels gegrond\.\n\nWat gaan wij doen\?\n- Wij bespreken dit in het team\./, `${preset}: ${body}`);
      assert.doesNotMatch(body, /Waarom\?/, preset);
      const outcome = await renderTemplate(DEFAULT_TEMPLATES.outcome_to_respondent.body, letterVariables(ctx, owed, recipientOf(ctx, 'respondent'), base));
      assert.doesNotMatch(outcome, /Onze uitleg aan de klager/, preset);
    }
    // With a text, the heading stays (002).
    const ctx = context('stadsring51');
    const body = await renderTemplate(DEFAULT_TEMPLATES.decision.body, letterVariables(ctx, owedForKind(ctx.regulation.regulation, 'decision'), recipientOf(ctx, 'complainant'), base));
    assert.match(body, /deels gegrond\.\n\nWaarom\?\nDe afspraak is twee keer niet nagekomen\.\n\nWat gaan wij doen\?/);
  });

  it('the decision letter heads its text as the regulation asks for it: 003 asks how the complaint was resolved (Bijlage 2), not why', async () => {
    const base = { senderName: 'K', day: '2026-04-02', letterhead: { addressLines: [] } };
    const ctx = context('cbf-template');
    ctx.facts.decision = { ...ctx.facts.decision!, reasoning: 'Wij hebben het bedrag teruggestort.' };
    const body = await renderTemplate(DEFAULT_TEMPLATES.decision.body, letterVariables(ctx, owedForKind(ctx.regulation.regulation, 'decision'), recipientOf(ctx, 'complainant'), base));
    assert.match(body, /\n\nHoe is uw klacht opgelost\?\nWij hebben het bedrag teruggestort\./, body);
    assert.doesNotMatch(body, /Waarom\?/);
  });

  it('the hearing invitation says when and where, when the plan has a time and a place (found walking the demo: only a date)', async () => {
    const base = { senderName: 'K', day: '2026-03-10', letterhead: { addressLines: [] } };
    const ctx = context('stadsring51');
    const owed = owedForKind(ctx.regulation.regulation, 'hearing_invitation');
    const render = () => renderTemplate(DEFAULT_TEMPLATES.hearing_invitation.body, letterVariables(ctx, owed, recipientOf(ctx, 'complainant'), base));
    assert.match(await render(), /Het gesprek is op 20 maart 2026\. Het gesprek is op ons kantoor\./, 'no time, no place: the date only');
    ctx.facts.hearings.complainant.planned[0] = { on: '2026-03-20', note: null, time: '14:30', place: 'ons kantoor, Dorpsstraat 1 in Ergens' };
    assert.match(await render(), /Het gesprek is op 20 maart 2026 om 14:30 uur\. Plaats: ons kantoor, Dorpsstraat 1 in Ergens\./);
    const schema = ACTION_SCHEMAS['plan-hearing'];
    assert.equal(schema.parse({ party: 'complainant', on: '2026-03-20', time: '9.30' }).time, '09:30');
    assert.equal(schema.parse({ party: 'complainant', on: '2026-03-20', time: '' }).time, undefined);
    assert.equal(schema.safeParse({ party: 'complainant', on: '2026-03-20', time: '25:00' }).success, false);
  });

  it('the template language is safe: no file system, no prototype, bad syntax gives a Dutch message', async () => {
    assert.match(templateProblem('{% if x %}open') ?? '', /niet goed is afgesloten/);
    assert.match(templateProblem('{{ x | bestaatniet }}') ?? '', /filter/);
    await assert.rejects(renderTemplate("{% include '/etc/passwd' %}", {}));
    assert.equal(await renderTemplate('{{ a.constructor }}{{ a.__proto__ }}', { a: {} }), '');
  });
});
