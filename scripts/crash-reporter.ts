/**
 * A node:test reporter that writes one JSON line per failing test file: whether the file's process was killed by a
 * signal (a crash of the runtime itself, such as V8's rare `Check failed … UnregisterWasmAllocation` under PGlite's
 * WebAssembly) or failed an assertion. scripts/test.ts reads it to run a crashed file once more, loudly; an assertion
 * failure is never run again.
 */
interface FailEvent {
  type: string;
  data: { file?: string; nesting: number; name: string; details?: { error?: { signal?: string | null; failureType?: string } } };
}

export default async function* crashReporter(source: AsyncIterable<FailEvent>): AsyncGenerator<string> {
  for await (const event of source) {
    if (event.type !== 'test:fail') continue;
    const { file, nesting, details } = event.data;
    const error = details?.error;
    if (!file) continue;
    const signal = nesting === 0 && error?.signal ? error.signal : null;
    // Tests cancelled because their file's process died are not failures of their own.
    if (!signal && error?.failureType === 'cancelledByParent') continue;
    yield `${JSON.stringify({ file, signal })}\n`;
  }
}
