import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { mayExceed, parseTermText, termText } from './terms.ts';

describe('parseTermText', () => {
  const cases: [string, ReturnType<typeof parseTermText>][] = [
    ['6 weeks', { amount: 6, unit: 'weeks' }],
    ['6 weken', { amount: 6, unit: 'weeks' }],
    ['1 week', { amount: 1, unit: 'weeks' }],
    ['een week', { amount: 1, unit: 'weeks' }],
    ['10 werkdagen', { amount: 10, unit: 'workingDays' }],
    ['2 working days', { amount: 2, unit: 'workingDays' }],
    ['binnen vijf werkdagen', { amount: 5, unit: 'workingDays' }],
    ['30 dagen', { amount: 30, unit: 'days' }],
    ['1 maand', { amount: 1, unit: 'months' }],
    ['3 months', { amount: 3, unit: 'months' }],
    ['1 jaar', { amount: 12, unit: 'months' }],
    ['20 jaar', { amount: 240, unit: 'months' }],
    ['{"amount":4,"unit":"weeks"}', { amount: 4, unit: 'weeks' }],
    ['0 weken', null],
    ['-1 weken', null],
    ['6', null],
    ['weken', null],
    ['6 fortnights', null],
    ['zes dagen of zo', null],
    ['9999 dagen', null],
  ];
  for (const [input, expected] of cases) {
    it(`"${input}"`, () => assert.deepEqual(parseTermText(input), expected));
  }
});

describe('termText', () => {
  it('writes terms in Dutch', () => {
    assert.equal(termText({ amount: 7, unit: 'workingDays' }), '7 werkdagen');
    assert.equal(termText({ amount: 1, unit: 'workingDays' }), '1 werkdag');
    assert.equal(termText({ amount: 1, unit: 'weeks' }), '1 week');
    assert.equal(termText({ amount: 8, unit: 'weeks' }), '8 weken');
    assert.equal(termText({ amount: 1, unit: 'days' }), '1 dag');
    assert.equal(termText({ amount: 2, unit: 'months' }), '2 maanden');
    assert.equal(termText({ amount: 12, unit: 'months' }), '1 jaar');
  });
});

describe('mayExceed', () => {
  it('compares terms, conservatively across units', () => {
    assert.equal(mayExceed({ amount: 8, unit: 'weeks' }, { amount: 6, unit: 'weeks' }), true);
    assert.equal(mayExceed({ amount: 6, unit: 'weeks' }, { amount: 6, unit: 'weeks' }), false);
    assert.equal(mayExceed({ amount: 5, unit: 'workingDays' }, { amount: 6, unit: 'weeks' }), false);
    assert.equal(mayExceed({ amount: 42, unit: 'days' }, { amount: 6, unit: 'weeks' }), false);
    assert.equal(mayExceed({ amount: 30, unit: 'workingDays' }, { amount: 6, unit: 'weeks' }), true);
    assert.equal(mayExceed({ amount: 1, unit: 'months' }, { amount: 4, unit: 'weeks' }), true);
  });
});
