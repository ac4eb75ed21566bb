/**
 * Where a start spends its time (issue 13: first start under 3 s, restart under 1 s). The start path marks the end of each
 * phase; with KLACHTWIJS_START_PHASES=1 the server prints them once it listens, as one line on stderr that `npm run
 * bench:start` reads and prints as a table. A mark costs one `performance.now()`, one `process.cpuUsage()` and one `process.threadCpuUsage()`; nothing is
 * printed without the variable, and a mark holds no data (names only).
 */

export interface StartPhase {
  /** What ended at this mark, e.g. `database open`. */
  readonly name: string;
  /** Milliseconds since the process started (node's own time origin). */
  readonly ms: number;
  /** CPU milliseconds (user + system, every thread) since the process started. */
  readonly cpuMs: number;
  /**
   * CPU milliseconds of the main thread alone: the rest of `cpuMs` ran on V8's and libuv's background threads (e.g. V8
   * optimising the embedded database's WebAssembly), which a second free core runs beside the start.
   */
  readonly mainCpuMs: number;
}

const marks: StartPhase[] = [];

/** Marks the end of a start-up phase. */
export function startPhase(name: string): void {
  const { user, system } = process.cpuUsage();
  const main = process.threadCpuUsage();
  marks.push({ name, ms: performance.now(), cpuMs: (user + system) / 1000, mainCpuMs: (main.user + main.system) / 1000 });
}

/** The line bench/start.ts looks for on stderr. */
export const START_PHASES_PREFIX = 'klachtwijs-start-phases ';

/** Prints the marks on stderr when KLACHTWIJS_START_PHASES is set (the server calls this once it listens). */
export function reportStartPhases(env: NodeJS.ProcessEnv): void {
  if (!env['KLACHTWIJS_START_PHASES']) return;
  process.stderr.write(`${START_PHASES_PREFIX}${JSON.stringify(marks)}\n`);
}
