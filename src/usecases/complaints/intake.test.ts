/**
 * The intake rules of each regulation as written (issue 7): who may complain (002 art. 4.1), a signed and
 * dated letter (002 art. 4.3), no signature where the regulation asks none (001 §3.2), contact data that
 * fit the channel, staff-door messages about the complainant, registration fields (003 bijlage 2).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { getPreset } from '../../regulations/library.ts';
import type { Regulation } from '../../domain/regulation/schema.ts';
import { CBF_FILLS } from '../../domain/workflow/test-support.ts';
import { intakeSchema, registrationGaps, requiredIntakeProblems } from './intake.ts';


function reg(key: string, fills: Record<string, string> = {}): Regulation {
  return getPreset(key)!.build(fills);
}
function problems(r: Regulation, input: Record<string, unknown>, door: 'public' | 'staff') {
  return requiredIntakeProblems(r, intakeSchema.parse({ description: 'De afspraak is niet nagekomen.', ...input }), door, '2026-06-01');
}
const fields = (ps: { field: string }[]) => ps.map((p) => p.field).sort();

describe('intake as written', () => {
  it('what happened and the date on a letter cannot lie after today (found walking the demo: 2030 was accepted)', () => {
    const hss = reg('hss');
    const base = { channel: 'letter', complainant: { name: 'A. Klager', postalAddress: 'Straat 1, 1234 AB Plaats' } };
    assert.deepEqual(fields(problems(hss, { ...base, conductOn: '2026-06-01', documentDate: '2026-06-01' }, 'staff')), []);
    const future = problems(hss, { ...base, conductOn: '2026-06-02', documentDate: '2030-01-01' }, 'staff');
    assert.deepEqual(fields(future), ['conductOn', 'documentDate']);
    assert.match(future[0]!.message, /in de toekomst.*1 juni 2026/);
    assert.deepEqual(fields(problems(hss, { channel: 'web_form', complainant: { name: 'A. Klager', email: 'a@example.nl' }, conductOn: '2030-01-01' }, 'public')), ['conductOn']);
  });

  it('001 hss asks no signature for any channel, also not for one it does not name (3.2)', () => {
    const hss = reg('hss');
    for (const channel of ['phone', 'in_person', 'letter', 'email', 'social_media'] as const) {
      const ps = problems(hss, { channel, complainant: { name: 'A. Klager', phone: '06 12345678', email: 'a@example.nl', postalAddress: 'Straat 1, 1234 AB Plaats' } }, 'staff');
      assert.deepEqual(fields(ps), [], channel);
    }
  });

  it('002 stadsring51: only a client, former client or refused client may complain (4.1)', () => {
    const s51 = reg('stadsring51');
    const base = { channel: 'web_form', signed: true, complainant: { name: 'A. Klager', postalAddress: 'Straat 1, 1234 AB Plaats' } };
    const missing = problems(s51, base, 'public');
    assert.deepEqual(fields(missing), ['complainant.relation']);
    assert.match(missing[0]!.message, /\(artikel 4\.1\)/);
    const other = problems(s51, { ...base, complainant: { ...base.complainant, relation: 'other' } }, 'public');
    assert.deepEqual(fields(other), ['complainant.relation']);
    assert.match(other[0]!.message, /alleen worden ingediend door een cliënt van Stadsring51, een ex-cliënt van Stadsring51 of iemand die als cliënt door Stadsring51 is geweigerd \(artikel 4\.1\)/);
    const relative = problems(s51, { ...base, complainant: { ...base.complainant, relation: 'relative' } }, 'public');
    assert.deepEqual(fields(relative), ['complainant.relation']);
    for (const relation of ['client', 'former_client', 'refused_client']) {
      assert.deepEqual(fields(problems(s51, { ...base, complainant: { ...base.complainant, relation } }, 'public')), [], relation);
    }
    // The public refusal names the organisation's contact (letterhead, then regulation); an address alone reads "per post"
    // (the demo: a letterhead with an address only; it read "contact met ons op via per post (…)").
    const otherInput = intakeSchema.parse({ description: 'De afspraak is niet nagekomen.', ...base, complainant: { ...base.complainant, relation: 'other' } });
    const contactOf = (contact: { email: string | null; phone: string | null; postalAddress: string | null }) =>
      requiredIntakeProblems(s51, otherInput, 'public', '2026-06-01', contact).find((p) => p.field === 'complainant.relation')!.message;
    assert.match(contactOf({ email: null, phone: null, postalAddress: 'Postbus 1, 7500 AA Enschede' }), / Neem gerust contact met ons op per post \(Postbus 1, 7500 AA Enschede\), dan kijken we/);
    assert.match(contactOf({ email: 'k@example.nl', phone: '012 3456789', postalAddress: 'Postbus 1' }), / op via k@example\.nl, 012 3456789 of per post \(Postbus 1\), dan/);
    // At the staff door the message speaks about the complainant.
    const staff = problems(s51, { channel: 'letter', signed: true, documentDate: '2026-03-01', receivedOn: '2026-03-02', complainant: { ...base.complainant, relation: 'other' } }, 'staff');
    assert.match(staff.find((p) => p.field === 'complainant.relation')!.message, /De klager is dat niet/);
  });

  it('002 stadsring51: a letter registered by staff records signature and date (4.3)', () => {
    const s51 = reg('stadsring51');
    const letter = { channel: 'letter', receivedOn: '2026-03-02', complainant: { name: 'A. Klager', postalAddress: 'Straat 1, 1234 AB Plaats', relation: 'client' } };
    const ps = problems(s51, letter, 'staff');
    assert.deepEqual(fields(ps), ['documentDate', 'signed']);
    for (const p of ps) assert.match(p.message, /\(artikel 4\.3\)/);
    const after = problems(s51, { ...letter, signed: true, documentDate: '2026-03-05' }, 'staff');
    assert.deepEqual(fields(after), ['documentDate'], 'a letter dated after its receipt');
    assert.deepEqual(fields(problems(s51, { ...letter, signed: true, documentDate: '2026-02-27' }, 'staff')), []);
  });

  it('contact data follow the channel; staff messages speak about the complainant', () => {
    const cbf = reg('cbf-template', CBF_FILLS);
    // A letter needs a postal address, not the web form's e-mail and phone (003 bijlage 1 is the web form).
    const letter = problems(cbf, { channel: 'letter', complainant: { name: 'A. Klager' } }, 'staff');
    assert.deepEqual(fields(letter), ['complainant.postalAddress']);
    assert.match(letter[0]!.message, /^Vul het postadres van de klager in\./);
    assert.deepEqual(fields(problems(cbf, { channel: 'letter', complainant: { name: 'A. Klager', postalAddress: 'Straat 1' } }, 'staff')), []);
    // An e-mail needs an e-mail address.
    const email = problems(cbf, { channel: 'email', complainant: { name: 'A. Klager', phone: '06 12345678' } }, 'staff');
    assert.deepEqual(fields(email), ['complainant.email']);
    assert.match(email[0]!.message, /van de klager/);
    // The public web form: 003 Bijlage 1 lists "Contactgegevens (naam, e-mail, telefoonnummer)" without requiring them
    // (lane words15); only a way to reach the complainant is needed (the receipt and the answer, "Behandeling van de
    // klacht"), addressed to the complainant.
    const web = problems(cbf, { channel: 'web_form', complainant: {} }, 'public');
    assert.deepEqual(fields(web), ['complainant.email']);
    assert.equal(web[0]!.message, 'Vul uw e-mailadres in. Hebt u geen e-mail? Vul dan uw postadres of telefoonnummer in.');
    assert.deepEqual(fields(problems(cbf, { channel: 'web_form', complainant: { email: 'k@example.nl' } }, 'public')), [], 'no name, no phone: complete');
    assert.deepEqual(fields(problems(cbf, { channel: 'web_form', complainant: { phone: '06 12345678' } }, 'public')), [], 'a phone number alone reaches the complainant');
    // 002: the staff door says "van de klager" and cites 4.3.
    const s51 = problems(reg('stadsring51'), { channel: 'letter', signed: true, documentDate: '2026-03-01', receivedOn: '2026-03-02', complainant: { relation: 'client' } }, 'staff');
    assert.match(s51.find((p) => p.field === 'complainant.name')!.message, /^Vul de naam van de klager in \(artikel 4\.3\)/);
  });

  it('003 cbf-template: registration fields left empty make the registration incomplete (bijlage 2)', () => {
    const cbf = reg('cbf-template', CBF_FILLS);
    const input = intakeSchema.parse({ channel: 'phone', description: 'Klacht over de bejegening aan de telefoon.', complainant: { name: 'A. Klager', phone: '06 12345678' } });
    assert.deepEqual(registrationGaps(cbf, input), ['postal_address', 'established_by', 'received_by', 'passed_to']);
    const complete = intakeSchema.parse({
      channel: 'phone',
      description: 'Klacht over de bejegening aan de telefoon.',
      complainant: { name: 'A. Klager', phone: '06 12345678', postalAddress: 'Straat 1' },
      establishedBy: 'Maandag 2 maart aan de telefoon, door de receptie',
      receivedBy: 'Receptie',
      passedTo: 'Klachtencoördinator',
    });
    assert.deepEqual(registrationGaps(cbf, complete), []);
    // Other regulations list no registration fields.
    assert.deepEqual(registrationGaps(reg('hss'), input), []);
  });
});
