// How soon V8 may optimise the embedded database's WebAssembly (PGlite's PostgreSQL), per `klachtwijs` command (issue 13,
// ADR 0002 addenda). Plain JavaScript: the launcher (bin/klachtwijs.js) applies it before PGlite compiles anything.
//
// V8 runs WebAssembly first on its baseline compiler (Liftoff) and optimises a function (TurboFan, on a background thread)
// once it has spent its "tiering budget" (V8's default: 13,000,000, roughly bytes of code executed). PostgreSQL's big
// functions spend that within a few statements, so every start optimised ~80 functions (first start) or ~20 (restart)
// while it ran: 0.5-0.9 s of CPU at a first start and 0.3-0.5 s at a restart on the second core, which on a shared
// machine is the first core's time too (bench/README.md, session 12). The budget is set per function when PGlite
// instantiates and is only reset when it is spent, so it cannot be lowered again once the server listens.

/** A budget no function spends: no optimisation at all (a short command; V8 takes at most 2^31-1). */
export const NO_TIER_UP = 2 ** 31 - 1;

/**
 * `serve`: ten times V8's default. A start (the migrations check, pg-boss's start, the demo seed) then optimises ~1
 * function at a restart instead of ~20; a running server still optimises what it runs often (measured: after 3,000
 * statements ~100 functions, against ~370 with the default and ~12 with NO_TIER_UP).
 */
export const SERVE_TIERING_BUDGET = 130_000_000;

/**
 * The `--wasm-tiering-budget` for a command, or undefined for V8's default: `refold` (every complaint) earns the optimised
 * code at once; `KLACHTWIJS_WASM_TIER_UP=1` keeps the default for any command (a restore of a large backup).
 */
export function wasmTieringBudget(command, env) {
  if (env.KLACHTWIJS_WASM_TIER_UP || command === 'refold') return undefined;
  return command === 'serve' ? SERVE_TIERING_BUDGET : NO_TIER_UP;
}
