/**
 * A node:test reporter that writes one JSON line per failing test file: whether the file's process was killed by a
 * signal (a crash of the runtime itself, such as V8's rare `Check failed … UnregisterWasmAllocation` under PGlite's
 * WebAssembly) or failed an assertion. scripts/test.ts reads it to run a crashed file once more, loudly; an assertion
 * failure is never run again.
 *
 * It also records what each test file took (one reporter: a third one per process makes node warn about listeners): for
 * every top-level suite or test that ends, a line `{ file, ms, end }` (its duration as node --test reports it, and the
 * wall-clock time it ended) appended to the file named by KLACHTWIJS_TEST_TIMINGS (every test process of a run appends
 * whole lines to the same file). scripts/test.ts prints the slowest files and when each test process ended, and keeps the
 * durations in .tmp/ to share the files out by what they cost the next time.
 */
import { appendFileSync } from 'node:fs';

interface EndEvent {
  type: string;
  data: {
    file?: string;
    nesting: number;
    name: string;
    details?: { duration_ms?: number; error?: { signal?: string | null; failureType?: string } };
  };
}

/**
 * Read when the reporter is loaded, before any test runs: a test may point KLACHTWIJS_TEST_TIMINGS at a file of its own
 * (test/support/databases.test.ts) and remove it again, and in a run of that file alone the generator below only starts
 * once the tests have begun.
 */
const timings = process.env['KLACHTWIJS_TEST_TIMINGS'];

export default async function* crashReporter(source: AsyncIterable<EndEvent>): AsyncGenerator<string> {
  for await (const event of source) {
    if (event.type !== 'test:fail' && event.type !== 'test:pass') continue;
    const { file, nesting, details } = event.data;
    if (!file) continue;
    if (timings && nesting === 0) appendFileSync(timings, `${JSON.stringify({ file, ms: details?.duration_ms ?? 0, end: Date.now() })}\n`);
    if (event.type !== 'test:fail') continue;
    const error = details?.error;
    const signal = nesting === 0 && error?.signal ? error.signal : null;
    // Tests cancelled because their file's process died are not failures of their own.
    if (!signal && error?.failureType === 'cancelledByParent') continue;
    yield `${JSON.stringify({ file, signal })}\n`;
  }
}
