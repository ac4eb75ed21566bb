import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { adopted } from '../../domain/regulation/test-support.ts';
import { asksExceptional } from '../../domain/reports/document.ts';

/** A report's draft asks for exceptional complaints only where the regulation lists them in that report (lane words13). */
describe('the exceptional complaints list is the regulation\'s', () => {
  it('only 003\'s half-yearly board report asks one; 001\'s inventory and the others do not', () => {
    const asking: string[] = [];
    for (const key of ['conneqt', 'hss', 'stadsring51', 'cbf-template', 'lentl', 'wkkgz-model', 'klachtencommissie-model']) {
      for (const r of adopted(key).reporting.reports) if (asksExceptional(r.contents ?? [])) asking.push(`${key}/${r.key}`);
    }
    assert.equal(asking.length, 1, asking.join(', '));
    assert.match(asking[0]!, /^cbf-template\//);
  });
});
