import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

// @ts-expect-error plain JavaScript without types (the launcher's own module)
const tiering = (await import('../../bin/wasm-tiering.js')) as {
  wasmTieringBudget: (command: string | undefined, env: Record<string, string | undefined>) => number | undefined;
  NO_TIER_UP: number;
  SERVE_TIERING_BUDGET: number;
};
const { wasmTieringBudget, NO_TIER_UP, SERVE_TIERING_BUDGET } = tiering;

/** V8's own --wasm-tiering-budget in Node 24 (`node --v8-options`). */
const V8_DEFAULT = 13_000_000;

/**
 * Issue 13 (bench/README.md, session 12): V8 optimised ~20 of PostgreSQL's WebAssembly functions during every restart
 * of `serve` and ~80 during a first start, on the second core. The launcher gives `serve` a larger budget, short commands
 * none at all (ADR 0002 addendum), `refold` and KLACHTWIJS_WASM_TIER_UP=1 V8's default.
 */
describe('how soon V8 optimises the embedded database per command (bin/wasm-tiering.js)', () => {
  it('serve: later than V8 would, but a running server still optimises (not never)', () => {
    const budget = wasmTieringBudget('serve', {});
    assert.equal(budget, SERVE_TIERING_BUDGET);
    assert.ok(budget! > V8_DEFAULT && budget! < NO_TIER_UP, `serve's budget ${budget}`);
  });

  it('a short command never optimises; refold and KLACHTWIJS_WASM_TIER_UP=1 keep V8 default', () => {
    assert.equal(wasmTieringBudget('migrate', {}), NO_TIER_UP);
    assert.equal(wasmTieringBudget(undefined, {}), NO_TIER_UP);
    assert.equal(NO_TIER_UP, 2 ** 31 - 1);
    assert.equal(wasmTieringBudget('refold', {}), undefined);
    assert.equal(wasmTieringBudget('serve', { KLACHTWIJS_WASM_TIER_UP: '1' }), undefined);
    assert.equal(wasmTieringBudget('migrate', { KLACHTWIJS_WASM_TIER_UP: '1' }), undefined);
  });
});
