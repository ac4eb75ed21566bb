import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { adopted } from '../../domain/regulation/test-support.ts';
import { PRESET_KEYS } from '../../regulations/library.ts';
import { channelHint, requiredContactFields, sizeText } from './complaint-intake.tsx';
import { CheckStep } from './complaint-intake-steps.tsx';

/** The public form asks what the regulation requires for its own channel (`fields[].channels`), and the check step shows every answer. */

describe('public form: the regulation of the chosen unit, per channel', () => {
  it('marks a contact field required only when the rule applies to the web form', () => {
    const reg = structuredClone(adopted('cbf-template'));
    // cbf-template (003 bijlage 1): "Contactgegevens (naam, e-mail, telefoonnummer)" listed, none required (lane words15).
    assert.deepEqual([...requiredContactFields(reg, 'public')].sort(), []);
    // A rule for the web form makes its field required there.
    reg.intake.fields.push({ key: 'email', requirement: 'required', channels: ['web_form'], source: reg.intake.fields[0]!.source });
    assert.deepEqual([...requiredContactFields(reg, 'public')].sort(), ['email']);
    // A rule for letters only does not make the postal address required on the web form.
    reg.intake.fields.push({ key: 'postal_address', requirement: 'required', channels: ['letter'], source: reg.intake.fields[0]!.source });
    assert.ok(!requiredContactFields(reg, 'public').has('postalAddress'));
    reg.intake.fields.push({ key: 'postal_address', requirement: 'required', source: reg.intake.fields[0]!.source });
    assert.ok(requiredContactFields(reg, 'public').has('postalAddress'));
  });

  it('the check step shows each answer with its own "Wijzigen" and the one button that sends', async () => {
    const reg = adopted('stadsring51');
    const html = (
      await (
        <CheckStep
          org={{ name: 'Stichting Voorbeeldzorg', slug: 'voorbeeld' }}
          reg={reg}
          unit={{ name: null }}
          unitWord="afdeling"
          values={{ description: 'Het ging mis & niemand belde.', 'complainant.name': 'Jan', signed: 'ja', forWhom: 'self', unitId: 'onbekend' }}
          pending={[{ id: '00000000-0000-4000-8000-000000000001', filename: 'brief.pdf', contentType: 'application/pdf', size: 2048 }]}
          csrf="t"
          idempotencyKey="sleutel-12345678"
        />
      ).toString()
    ).replace(/\s+/g, ' ');
    assert.match(html, /Weet ik niet/);
    assert.match(html, /brief\.pdf \(2 kB\)/);
    assert.match(html, /Het ging mis &amp; niemand belde\./);
    assert.match(html, /name="stap" value="versturen"/);
    assert.match(html, /<input type="hidden" name="unitId" value="onbekend"/);
    assert.match(html, /Wijzigen<span class="kw-visually-hidden"> naam<\/span>/);
    assert.match(html, />Klacht versturen</);
    assert.equal(sizeText(3 * 1024 * 1024 + 200 * 1024), '3,2 MB');
  });
});

describe('"Wat doen wij met uw gegevens?" is true for the regulation (AVG art. 13)', () => {
  it('002: the copy to the person complained about (art. 6.4) is told, consent is not promised; retention, rights, contact and the Autoriteit Persoonsgegevens', async () => {
    const { presetRegulation } = await import('../../domain/workflow/test-support.ts');
    const { STARTING_RETENTION } = await import('../../domain/retention/retention.ts');
    const { privacyText } = await import('./complaint-intake.tsx');
    const reg = presetRegulation('stadsring51');
    const text = privacyText(reg, { orgName: 'Stadsring51', contact: { email: 'klachten@stadsring51.example', phone: null, postalAddress: null }, retention: { ...STARTING_RETENTION, defaultPeriod: { amount: 3, unit: 'months' } } });
    assert.doesNotMatch(text, /toestemming voor geeft|niet aan anderen/);
    assert.match(text, /krijgt die medewerker een kopie van uw klacht en van de stukken die u meestuurt\. Dat staat in de klachtenregeling \(artikel 6\.4\)/);
    assert.match(text, /Wij bewaren uw klacht 3 maanden nadat de behandeling is afgerond\./);
    assert.match(text, /verbeteren of te verwijderen\. Vraag dat aan Stadsring51: per e-mail \(klachten@stadsring51\.example\)\./);
    assert.match(text, /Autoriteit Persoonsgegevens/);
    // Without contact details: a way that exists.
    assert.match(privacyText(reg, { orgName: 'Stadsring51', contact: { email: null, phone: null, postalAddress: null }, retention: STARTING_RETENTION }), /Vraag dat op uw eigen klachtpagina/);
  });
  it('004: the complaint is kept as long as the client file (§3, footnote 1), said as a sentence (lane walk15 read "15 jaar zo lang als uw cliëntdossier")', async () => {
    const { STARTING_RETENTION } = await import('../../domain/retention/retention.ts');
    const { privacyText } = await import('./complaint-intake.tsx');
    const text = privacyText(adopted('lentl'), { orgName: 'Lentl', contact: { email: null, phone: null, postalAddress: null }, retention: STARTING_RETENTION });
    assert.match(text, /Wij bewaren uw klacht even lang als uw cliëntdossier: 15 jaar \(§3, voetnoot 1\)\./);
    assert.doesNotMatch(text, /jaar zo lang als/);
  });
});

describe('public form: what the regulation says about costs speaks to the complainant', () => {
  it('every preset\'s free-of-charge sentence (shown after "Bent u niet tevreden …?") says "u", not "de klagende relatie" or "de klager" (walkthrough 3 Dec 2026, 003)', () => {
    for (const key of PRESET_KEYS) {
      const text = adopted(key).intake.freeOfCharge?.text;
      if (!text) continue;
      assert.doesNotMatch(text, /klagende relatie|\bde klager\b|laagdrempelig/, key);
      assert.match(text, /\bu\b/, key);
    }
  });
});

describe('staff form: the hint at the channel asks a signature only where the regulation does', () => {
  it('001 (hss) names its channels and asks no signature (§3.2: an oral complaint goes on the internal form); 002 (stadsring51) asks one (art. 4.3)', () => {
    const hss = channelHint(adopted('hss'))!;
    assert.match(hss, /^De klachtenregeling noemt: /);
    assert.doesNotMatch(hss, /teken/);
    assert.match(channelHint(adopted('stadsring51')) ?? '', /laat de klager tekenen/);
  });
});
