import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { adopted } from '../../domain/regulation/test-support.ts';
import { Dossier, HANDLER } from '../../domain/workflow/test-support.ts';
import { ActionForm, ActionList } from './complaint-actions.tsx';

/** The decision form follows the complaint's regulation: its text field and the role it names (walk 12 of 003). */
async function decideForm(preset: string): Promise<string> {
  const d = new Dossier(adopted(preset), { receivedOn: '2026-03-02' }, '2026-03-02');
  d.must('assign', { handlerUserId: HANDLER.userId });
  const a = { action: 'decide' as const, label: 'Beslissing vastleggen', allowed: true, reason: null, absent: false };
  const ctx = { complaintId: 'c1', csrf: 't', policy: d.policy, facts: d.facts, handlers: [], staff: [], actorName: 'Hanna', today: '2026-03-02' };
  return (await (<ActionForm a={a} ctx={ctx} />).toString()).replace(/\s+/g, ' ');
}

describe('the decision form follows the regulation', () => {
  it('003 (reasoned: false; Bijlage 2 "hoe opgelost"): asks how the complaint was resolved, names the klachtencoördinator', async () => {
    const html = await decideForm('cbf-template');
    assert.match(html, /Hoe is de klacht opgelost\?/);
    assert.doesNotMatch(html, /Motivering|gemotiveerde beslissing/);
    assert.match(html, /Bijlage 2/);
    assert.match(html, /Daar volgt de klachtencoördinator ze\./);
    assert.doesNotMatch(html, /klachtenfunctionaris/);
  });

  it('002 (reasoned): a required motivering; its role is the klachtenfunctionaris', async () => {
    const html = await decideForm('stadsring51');
    assert.match(html, /Motivering/);
    assert.match(html, /De klachtenregeling vraagt dat de beslissing de redenen noemt/);
    assert.match(html, /Daar volgt de klachtenfunctionaris ze\./);
  });

  it('the outcome choices are the regulation\'s: no gegrond / ongegrond under 001 and 003 (they do not judge the merits), all under 002', async () => {
    const choices = (html: string) => [...html.matchAll(/name="outcome" value="([a-z_]+)"/g)].map((m) => m[1]);
    const hss = await decideForm('hss');
    assert.deepEqual(choices(hss), ['decided']);
    assert.match(hss, /Standpunt van de directie gegeven/);
    assert.match(hss, /De klachtenregeling oordeelt niet of de klacht gegrond is \(artikel 3\.3\)\./);
    const cbf = await decideForm('cbf-template');
    assert.deepEqual(choices(cbf), ['decided', 'resolved_by_agreement']);
    assert.match(cbf, /Antwoord gegeven/);
    for (const html of [hss, cbf]) assert.doesNotMatch(html, />\s*(Deels g|G|Ong)egrond\s*</);
    assert.deepEqual(choices(await decideForm('stadsring51')), ['upheld', 'partly_upheld', 'not_upheld', 'resolved_by_agreement', 'no_judgement']);
  });
});

describe("a consult step's outcome is an overleg's, not an advice (003 \"Behandeling van de klacht\")", () => {
  it('003: the form asks with whom the overleg was and its outcome, never "advies"', async () => {
    const d = new Dossier(adopted('cbf-template'), { receivedOn: '2026-03-02' }, '2026-03-02');
    const facts = { ...d.facts, consultations: [{ role: 'board', on: '2026-03-02', advice: null, adviceOn: null, adviceByUserId: null }] };
    const a = { action: 'record-advice' as const, label: 'Uitkomst overleg vastleggen', allowed: true, reason: null, absent: false };
    const ctx = { complaintId: 'c1', csrf: 't', policy: d.policy, facts, handlers: [], staff: [], actorName: 'Hanna', today: '2026-03-02' };
    const html = (await (<ActionForm a={a} ctx={ctx} />).toString()).replace(/\s+/g, ' ');
    assert.match(html, /Met wie was het overleg\?/);
    assert.match(html, /Uitkomst van het overleg/);
    assert.match(html, /Datum van het overleg/);
    assert.match(html, /Bestuur/);
    assert.doesNotMatch(html, /[Aa]dvies/);
  });
});

describe('the dossier names only the letters the regulation sends, in its own words (walk14)', () => {
  const hint = async (preset: string) => {
    const d = new Dossier(adopted(preset), { receivedOn: '2026-03-02' }, '2026-03-02');
    const ctx = { complaintId: 'c1', csrf: 't', policy: d.policy, facts: d.facts, handlers: [], staff: [], actorName: 'Hanna', today: '2026-03-02' };
    const html = (await (<ActionList actions={[]} ctx={ctx} />).toString()).replace(/\s+/g, ' ');
    return /Vraagt een stap om een brief \(zoals ([^)]*)\)/.exec(html)?.[1];
  };

  it('no afschrift under 001 and 003 (only 002 sends the person complained about a copy); the decision in its own word', async () => {
    assert.equal(await hint('cbf-template'), 'de ontvangstbevestiging of het antwoord');
    assert.equal(await hint('hss'), 'de ontvangstbevestiging of het standpunt van de directie');
    assert.equal(await hint('stadsring51'), 'de ontvangstbevestiging, het afschrift of de beslissing');
  });

  it("the decision form speaks of the regulation's decision (001: het standpunt van de directie)", async () => {
    const html = await decideForm('hss');
    assert.match(html, /Het standpunt van de directie noemt/);
    assert.match(html, /Hoe is het standpunt van de directie meegedeeld\?/);
    assert.match(html, /Datum van het standpunt van de directie/);
    assert.match(html, /De klachtenregeling vraagt dat het standpunt van de directie de redenen noemt/);
    assert.doesNotMatch(html, /(noemt|niet eens is met|Hoe is|Datum van|vraagt dat) de beslissing/);
    assert.doesNotMatch(html, /gemotiveerde beslissing/);
  });
});
