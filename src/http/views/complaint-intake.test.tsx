import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { adopted } from '../../domain/regulation/test-support.ts';
import { requiredContactFields, sizeText } from './complaint-intake.tsx';
import { CheckStep } from './complaint-intake-steps.tsx';

/** The public form asks what the regulation requires for its own channel (`fields[].channels`), and the check step shows every answer. */

describe('public form: the regulation of the chosen unit, per channel', () => {
  it('marks a contact field required only when the rule applies to the web form', () => {
    const reg = structuredClone(adopted('cbf-template'));
    // cbf-template (003 bijlage 1): name, e-mail and phone required on the web form.
    assert.deepEqual([...requiredContactFields(reg, 'public')].sort(), ['email', 'name', 'phone']);
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
