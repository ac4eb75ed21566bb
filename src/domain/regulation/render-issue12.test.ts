import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { committeeFixture } from './intake-fixture.ts';
import { presets } from '../../regulations/library.ts';
import { renderRegulationText, type RenderedRegulation } from './render.ts';
import type { Regulation } from './schema.ts';
import { holesIn } from './test-support.ts';

/** The published text of every issue-12 element (lane intake), and nothing of an element a regulation lacks. */
const ORG = { name: 'Stichting Voorbeeldzorg' };
const all = (doc: RenderedRegulation) => doc.sections.flatMap((s) => [s.heading, ...s.paragraphs, ...(s.items ?? [])]).join('\n');
const section = (doc: RenderedRegulation, heading: string) => doc.sections.find((s) => s.heading === heading);

describe('published text of the issue-12 elements', () => {
  const doc = renderRegulationText(committeeFixture(), ORG);
  const text = all(doc);

  it('the committee: name, external, route, members with an independent chair, secretary, hearing, recommendations, address', () => {
    const c = section(doc, 'De klachtencommissie');
    assert.ok(c, text);
    const t = [...c.paragraphs, ...(c.items ?? [])].join('\n');
    for (const expected of [
      'De Klachtencommissie Voorbeeldzorg is een klachtencommissie buiten onze organisatie (artikel 7).',
      'Bent u niet tevreden over de eerste afhandeling van uw klacht, dan kunt u uw klacht voorleggen aan de commissie.',
      'De commissie heeft ten minste 3 leden. De voorzitter is onafhankelijk',
      'Een ambtelijk secretaris ondersteunt de commissie (artikel 7.1).',
      'De commissie hoort u en degene over wie de klacht gaat',
      'In dat oordeel kan zij ons aanbevelingen doen.',
      'Adres: Postbus 12, 3500 AA Utrecht',
      'Website: https://klachtencommissie.example.nl',
    ]) {
      assert.ok(t.includes(expected), `missing: ${expected}\n---\n${t}`);
    }
  });

  it('an internal committee on request without recommendations says so, and no more', () => {
    const base = committeeFixture();
    const reg: Regulation = {
      ...base,
      committee: { ...base.committee!, placement: 'internal', route: 'on_request', recommendations: false, secretary: undefined, address: undefined, url: undefined },
    };
    const c = section(renderRegulationText(reg, ORG), 'De klachtencommissie')!;
    const t = [...c.paragraphs, ...(c.items ?? [])].join('\n');
    assert.ok(t.includes('is de klachtencommissie van onze organisatie'));
    assert.ok(t.includes('Uw klacht gaat naar de commissie als u daarom vraagt.'));
    assert.ok(!t.includes('aanbevelingen'));
    assert.ok(!t.includes('secretaris'));
    assert.equal(c.items, undefined);
  });

  it('mediation first, and the decision term from the request for a judgement (a law rule published as the law\'s)', () => {
    assert.ok(text.includes('Eerst probeert de klachtenfunctionaris samen met u een oplossing te vinden (artikel 6.1). Dat gesprek is vertrouwelijk en kost u niets.'), text);
    assert.ok(text.includes('Komt u er samen niet uit, dan kunt u vragen om een oordeel over uw klacht.'));
    assert.ok(text.includes('U krijgt binnen 6 weken nadat u om een oordeel over uw klacht hebt gevraagd een schriftelijke reactie'));
    assert.ok(text.includes('De termijn van 6 weken begint op de dag dat u om een oordeel vraagt (volgens de Wet kwaliteit, klachten en geschillen zorg: Wkkgz art. 17).'));
    assert.ok(!text.includes('6 weken na ontvangst van uw klacht'), 'the decision term does not run from receipt here');
  });

  it('a law rule of the Jeugdwet or the Wmo is published as that law\'s', () => {
    const base = committeeFixture();
    for (const [article, law] of [['Jeugdwet art. 4.2.1', 'de Jeugdwet'], ['Wmo 2015 art. 2.1.3', 'de Wet maatschappelijke ondersteuning 2015']] as const) {
      const reg: Regulation = { ...base, deadlines: { ...base.deadlines, decisionFrom: { event: 'judgement_requested', source: { article, basis: 'law' } } } };
      assert.ok(all(renderRegulationText(reg, ORG)).includes(`(volgens ${law}: ${article})`), article);
    }
  });

  it('a decision term from forwarding names the committee', () => {
    const base = committeeFixture();
    const reg: Regulation = { ...base, deadlines: { ...base.deadlines, decisionFrom: { event: 'forwarded', source: { article: '8.1' } } } };
    const t = all(renderRegulationText(reg, ORG));
    assert.ok(t.includes('De termijn van 6 weken begint op de dag dat de Klachtencommissie Voorbeeldzorg uw klacht ontvangt (artikel 8.1).'), t);
  });

  it('own milestones with their terms, who does it, contents and article', () => {
    const m = section(doc, 'Welke termijnen gelden nog meer?');
    assert.ok(m, text);
    const t = m.paragraphs.join('\n');
    for (const expected of [
      'Binnen 5 werkdagen nadat u om een oordeel hebt gevraagd, stuurt de klachtenfunctionaris uw klacht door naar de Klachtencommissie Voorbeeldzorg (artikel 7.2).',
      'Binnen 14 kalenderdagen na ontvangst van uw klacht krijgt u van ons een schriftelijke bevestiging van uw klacht (artikel 5.2).',
      'De bevestiging vermeldt in ieder geval: de datum van de gebeurtenis en een korte samenvatting van de feiten.',
      'Binnen 1 maand na het oordeel over uw klacht laten wij u schriftelijk weten wat wij met het oordeel doen en welke maatregelen wij nemen (artikel 8.4).',
    ]) {
      assert.ok(t.includes(expected), `missing: ${expected}\n---\n${t}`);
    }
  });

  it('per-term Atw: a strict term says nothing about moving; an Atw term on a no-Atw calendar says it moves', () => {
    const t = section(doc, 'Welke termijnen gelden nog meer?')!.paragraphs.join('\n');
    assert.ok(t.includes('Valt de laatste dag van de termijn van 1 maand op een zaterdag, zondag of feestdag, dan schuift die op naar de eerstvolgende werkdag.'));
    assert.ok(!t.includes('termijn van 14 kalenderdagen op'), 'the strict term is not said to move');
    assert.equal((t.match(/schuift/g) ?? []).length, 1);
    // The same Atw term on an Atw calendar: nothing extra to say (the calendar's rule).
    const base = committeeFixture();
    const onAtw = all(renderRegulationText({ ...base, calendar: { ...base.calendar, atw: true } }, ORG));
    assert.ok(!onAtw.includes('schuift'));
  });

  it('who may complain: the new kinds and proof of capacity', () => {
    const w = section(doc, 'Wie kan een klacht indienen?')!;
    assert.ok(w.paragraphs.includes('De klachtenfunctionaris kan vragen om een bewijs dat u namens de cliënt optreedt, bijvoorbeeld een schriftelijke machtiging (artikel 4.5).'));
    for (const k of ['nabestaande van een overleden cliënt', 'iemand die voor de cliënt optreedt zonder opdracht (zaakwaarnemer)', 'iemand die de cliënt schriftelijk heeft gemachtigd']) {
      assert.ok(w.items!.includes(k), k);
    }
    const base = committeeFixture();
    const described: Regulation = {
      ...base,
      intake: {
        ...base.intake,
        complainants: {
          ...base.intake.complainants,
          representation: { ...base.intake.complainants.representation, proofOfCapacity: { by: 'complaints_officer', description: 'Een kopie van de beschikking van de rechter.', source: { article: '4.5' } } },
        },
      },
    };
    assert.ok(all(renderRegulationText(described, ORG)).includes('optreedt: een kopie van de beschikking van de rechter (artikel 4.5).'));
  });

  it('a subject that is not a complaint, with where to go instead', () => {
    assert.ok(text.includes('Dit zien we niet als klacht: vragen over facturen en tarieven. Neem contact op met de afdeling Financiën: https://voorbeeldzorg.nl/facturen (artikel 2.3).'), text);
  });

  it('minimum retention', () => {
    assert.ok(text.includes('We bewaren het klachtdossier ten minste 2 jaar na het afsluiten van de klacht (artikel 9.3). Is de bewaartermijn die onze organisatie zelf hanteert langer, dan bewaren we het zo lang.'));
  });

  it('reads as Dutch without holes', () => {
    for (const s of doc.sections) {
      for (const p of [...s.paragraphs, ...(s.items ?? [])]) {
        const holes = holesIn(p).filter((h) => !(h === 'losse dubbele punt aan het eind' && p === s.paragraphs.at(-1) && (s.items?.length ?? 0) > 0));
        assert.deepEqual(holes, [], `${s.heading}: "${p}"`);
      }
    }
  });

  it('promises nothing of an element the regulation lacks (the five presets)', () => {
    // The five voorbeeldregelingen have none of these elements (the two modelregelingen do, on purpose).
    for (const p of Object.values(presets).filter((x) => x.seed !== undefined)) {
      const d = renderRegulationText(p.build(), ORG);
      const t = all(d);
      assert.ok(!d.sections.some((s) => s.heading === 'De klachtencommissie' || s.heading === 'Welke termijnen gelden nog meer?'), p.key);
      for (const absent of ['Eerst probeert', 'begint op de dag', 'kalenderdag', 'schuift', 'bewijs dat u namens', 'ten minste']) {
        assert.ok(!t.includes(absent), `${p.key}: "${absent}"`);
      }
    }
  });
});
