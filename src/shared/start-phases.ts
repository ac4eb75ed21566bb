/**
 * Where a start spends its time (issue 13: first start under 3 s, restart under 1 s). The start path marks the end of each
 * phase; with KLACHTWIJS_START_PHASES=1 the server prints them once it listens, as one line on stderr that `npm run
 * bench:start` reads and prints as a table. A mark costs one `performance.now()` and one `process.cpuUsage()`; nothing is
 * printed without the variable, and a mark holds no data (names only).
 */

export interface StartPhase {
  /** What ended at this mark, e.g. `database open`. */
  readonly name: string;
  /** Milliseconds since the process started (node's own time origin). */
  readonly ms: number;
  /** CPU milliseconds (user + system, every thread) since the process started. */
  readonly cpuMs: number;
}

const marks: StartPhase[] = [];

/** Marks the end of a start-up phase. */
export function startPhase(name: string): void {
  const { user, system } = process.cpuUsage();
  marks.push({ name, ms: performance.now(), cpuMs: (user + system) / 1000 });
}

/** The line bench/start.ts looks for on stderr. */
export const START_PHASES_PREFIX = 'klachtwijs-start-phases ';

/** Prints the marks on stderr when KLACHTWIJS_START_PHASES is set (the server calls this once it listens). */
export function reportStartPhases(env: NodeJS.ProcessEnv): void {
  if (!env['KLACHTWIJS_START_PHASES']) return;
  process.stderr.write(`${START_PHASES_PREFIX}${JSON.stringify(marks)}\n`);
}
