import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { presets } from '../../regulations/library.ts';
import { renderRegulationText, type RenderedRegulation } from './render.ts';

const ORG = { name: 'Stichting Voorbeeld' };
const all = (doc: RenderedRegulation) => doc.sections.flatMap((s) => [s.heading, ...s.paragraphs, ...(s.items ?? [])]).join('\n');

describe('renderRegulationText', () => {
  it('stadsring51: terms, admissibility, hearing, decision and ombudsman', () => {
    const doc = renderRegulationText(presets.stadsring51!.build(), ORG);
    assert.equal(doc.title, 'Klachtenregeling voor cliënten Stadsring51');
    assert.equal(doc.version, null);
    const text = all(doc);
    for (const expected of [
      'U krijgt binnen 1 week na ontvangst een bevestiging dat wij uw klacht hebben ontvangen.',
      'uiterlijk binnen 4 weken na ontvangst van uw klacht',
      'U krijgt binnen 8 weken na ontvangst van uw klacht een schriftelijke reactie met uitleg over de uitkomst.',
      'de gedraging vond langer dan één jaar vóór het indienen van de klacht plaats',
      'Van het horen wordt een verslag gemaakt.',
      'de klacht is kennelijk ongegrond',
      'met ten hoogste 4 weken worden verlengd',
      'Nationale ombudsman',
      'Postbus 93122, 2509 AC Den Haag',
      'Geheimhouding is onder alle omstandigheden gewaarborgd.',
      'door u zijn ondertekend',
      'naam, postadres, telefoonnummer, als dat kan',
      'ex-cliënt van Stadsring51',
    ]) {
      assert.ok(text.includes(expected), `missing: ${expected}\n---\n${text}`);
    }
    const headings = doc.sections.map((s) => s.heading);
    assert.ok(headings.includes('Wanneer nemen we een klacht niet in behandeling?'));
    assert.ok(headings.includes('Hoor en wederhoor'));
  });

  it('hss: working days, the excluded subject and the external route', () => {
    const text = all(renderRegulationText(presets.hss!.build(), ORG));
    assert.ok(text.includes('binnen 7 werkdagen'));
    assert.ok(text.includes('binnen 6 weken'));
    assert.ok(text.includes('Dit zien we niet als klacht: klachten over administratiekosten.'));
    assert.ok(text.includes('https://erisietsmisgegaan.nl'));
    assert.ok(text.includes('Minstens elk kwartaal'));
  });

  it('conneqt: no acknowledgement term is promised; sign-off and confidentiality are', () => {
    const doc = renderRegulationText(presets.conneqt!.build(), ORG);
    const text = all(doc);
    assert.ok(!text.includes('bevestiging'), 'conneqt prescribes no acknowledgement');
    assert.ok(text.includes('binnen 4 weken'));
    assert.ok(text.includes('ondertekenen de betrokken medewerker en de klachtenfunctionaris het klachtenregistratieformulier'));
    assert.ok(!doc.sections.some((s) => s.heading === 'Bent u het niet eens met de afhandeling?'));
  });

  it('cbf-template: fills the organisation name from the organisation; other placeholders show as pending', () => {
    const doc = renderRegulationText(presets['cbf-template']!.build(), ORG);
    assert.equal(doc.title, 'Klachtenregeling Stichting Voorbeeld');
    assert.equal(doc.effectiveDate, null);
    const text = all(doc);
    assert.ok(!text.includes('[naam organisatie]'));
    assert.ok(text.includes('binnen 2 werkdagen'));
    assert.ok(text.includes('binnen 5 werkdagen'));
    assert.ok(text.includes('Lukt dat niet op tijd, dan krijgt u daarover bericht.'));
    assert.ok(text.includes('Elk jaar (in januari)'));
    assert.ok(text.includes('Vastgesteld op: [nog in te vullen]'));
  });

  it('lentl: the adopting organisation\'s adoption, review month, client file and retention', () => {
    const doc = renderRegulationText(
      presets.lentl!.build({
        channels: 'web_form,email',
        complaint_mailbox: 'klachten@wm.nl',
        acknowledgement_term: '5 werkdagen',
        inadmissibility_term: 'geen',
        decision_term: '6 weken',
        okc_contact: 'Klachtencommissie Voorbeeld, Postbus 2, 3500 AA Utrecht',
        client_file_retention: '15 jaar',
        adopted_by: 'de directie van de werkmaatschappij',
        adopted_date: '2024-06-01',
      }),
      ORG,
    );
    assert.equal(doc.version, null, "the seed's own version number is not the adopting organisation's");
    assert.equal(doc.effectiveDate, '2024-06-01');
    const text = all(doc);
    assert.ok(text.includes('Vastgesteld op 1 juni 2024 door de directie van de werkmaatschappij.'));
    assert.ok(!/Hazendonk|Pepels|Heurkens|2023|Versie 1/.test(text), "no trace of the source organisation's authors, date or version");
    assert.ok(text.includes('elk jaar in juni'));
    assert.ok(text.includes('Per e-mail: klachten@wm.nl'));
    assert.ok(text.includes('In het cliëntdossier staat alleen het nummer van het klachtdossier.'));
    assert.ok(text.includes('even lang als het cliëntdossier: 15 jaar'));
    assert.ok(text.includes('Onafhankelijke klachtencommissie (OKC)'));
    assert.ok(!text.includes('nog in te vullen'));
    assert.ok(!doc.sections.some((s) => s.heading === 'Wanneer nemen we een klacht niet in behandeling?'));
  });

  it('never renders an empty section', () => {
    for (const p of Object.values(presets)) {
      for (const s of renderRegulationText(p.build(), ORG).sections) {
        assert.ok(s.paragraphs.length > 0 || (s.items?.length ?? 0) > 0, `${p.key}: ${s.heading}`);
        assert.ok(s.paragraphs.every((x) => x.trim() !== '' && !x.includes('undefined')), `${p.key}: ${s.heading}`);
      }
    }
  });

  it('003: who makes the half-yearly report for the bestuur is a choice, said as such; the annual report is 003\'s own (walk 12)', () => {
    const text = all(renderRegulationText(presets['cbf-template']!.build(), ORG));
    const lines = text.split('\n');
    const half = lines.find((l) => l.startsWith('Elk half jaar maakt'));
    assert.ok(half?.endsWith('Wie het maakt, heeft de organisatie gekozen: de klachtenregeling zegt het niet.'), half);
    const annual = lines.find((l) => l.includes('jaarverslag'));
    assert.ok(annual && !annual.includes('gekozen'), annual);
  });

  it('003 does not say how the answer is given (decision.formSource silent): the text does not say "in een gesprek of op papier"', () => {
    const text = all(renderRegulationText(presets['cbf-template']!.build(), ORG));
    assert.ok(text.includes('U krijgt binnen'), text);
    assert.doesNotMatch(text, /in een gesprek of op papier/);
  });
});
