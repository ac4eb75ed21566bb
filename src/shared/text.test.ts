import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { capitalise } from './text.ts';

describe('capitalise', () => {
  it('puts the first character in capitals and leaves the rest', () => {
    assert.equal(capitalise('klachtencoördinator van Zuid'), 'Klachtencoördinator van Zuid');
    assert.equal(capitalise('één klacht'), 'Één klacht');
    assert.equal(capitalise('Al groot'), 'Al groot');
    assert.equal(capitalise(''), '');
  });
});
