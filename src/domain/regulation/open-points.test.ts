import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { activationProblems, applyFills, openItems, parseFillArgs } from './open-points.ts';
import { presets } from '../../regulations/library.ts';

describe('applyFills', () => {
  it('does not change the regulation it is given', () => {
    const reg = presets.lentl!.build();
    const before = JSON.stringify(reg);
    const r = applyFills(reg, { decision_term: '6 weken' });
    assert.ok(r.ok);
    assert.equal(JSON.stringify(reg), before);
    assert.equal(activationProblems(r.regulation).length, activationProblems(reg).length - 1);
  });

  it('reads Dutch dates and channel words', () => {
    const cbf = applyFills(presets['cbf-template']!.build(), { adopted_date: '1-3-2024' });
    assert.ok(cbf.ok);
    assert.equal(cbf.regulation.metadata.effectiveDate, '2024-03-01');
    const bad = applyFills(presets['cbf-template']!.build(), { adopted_date: '31-02-2024' });
    assert.equal(bad.ok, false);

    const lentl = applyFills(presets.lentl!.build(), { channels: 'webformulier, e-mail, telefoon' });
    assert.ok(lentl.ok);
    assert.deepEqual(
      (lentl.regulation.intake.channels as { channel: string }[]).map((c) => c.channel),
      ['web_form', 'email', 'phone'],
    );
    const fax = applyFills(presets.lentl!.build(), { channels: 'fax' });
    assert.equal(fax.ok, false);
    if (!fax.ok) assert.match(fax.errors[0]?.message ?? '', /onbekend kanaal "fax"/);
  });

  it('lists open items with where they are', () => {
    const items = openItems(presets.lentl!.build());
    assert.deepEqual(
      items.map((i) => `${i.key}@${i.where}`),
      [
        'adopted_date@metadata.effectiveDate',
        'channels@intake.channels',
        'acknowledgement_term@deadlines.acknowledgement',
        'inadmissibility_term@deadlines.inadmissibilityNotice',
        'decision_term@deadlines.decision',
        'complaint_mailbox@contact.email',
        'okc_contact@externalBody.address',
        'client_file_retention@retention.period',
        'adopted_by@[vastgesteld door]',
      ],
    );
  });
});

describe('parseFillArgs', () => {
  it('splits KEY=VALUE at the first =', () => {
    assert.deepEqual(parseFillArgs(['decision_term=6 weken', 'okc_contact=a=b', 'bad']), {
      fills: { decision_term: '6 weken', okc_contact: 'a=b' },
      errors: [{ key: 'bad', message: '"bad" heeft niet de vorm SLEUTEL=WAARDE' }],
    });
  });
});
