import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { inReadMemo, memoised, withReadMemo } from './read-memo.ts';

/** Issue 13: the start page's sections share one read of the scope and the roles; everywhere else reads afresh. */
describe('read memo', () => {
  it('tells whether the caller runs inside withReadMemo', async () => {
    assert.equal(inReadMemo(), false);
    assert.equal(await withReadMemo(async () => inReadMemo()), true);
    assert.equal(inReadMemo(), false);
  });

  it('reads once per key inside withReadMemo, and again in the next page', async () => {
    let reads = 0;
    const read = () => Promise.resolve(++reads);
    await withReadMemo(async () => {
      assert.deepEqual(await Promise.all([memoised('a', read), memoised('a', read), memoised('b', read)]), [1, 1, 2]);
      assert.equal(await memoised('a', read), 1);
    });
    await withReadMemo(async () => assert.equal(await memoised('a', read), 3));
  });

  it('reads every time outside withReadMemo', async () => {
    let reads = 0;
    const read = () => Promise.resolve(++reads);
    assert.equal(await memoised('a', read), 1);
    assert.equal(await memoised('a', read), 2);
  });

  it('keeps no failed read', async () => {
    let reads = 0;
    await withReadMemo(async () => {
      await assert.rejects(memoised('a', () => Promise.reject(new Error(`read ${++reads}`))), /read 1/);
      assert.equal(await memoised('a', () => Promise.resolve(++reads)), 2);
    });
  });
});
