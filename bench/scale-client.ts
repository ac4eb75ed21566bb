/**
 * The HTTP client of `npm run bench:scale`, in a CHILD process (forked with IPC by bench/scale.ts), so the server's
 * process does only the server's work and its CPU per request is the server's alone (issue 13, session 14; as
 * bench/cannon.ts does for the intake benches).
 *
 * The parent sends one {@link Phase} at a time and measures its own CPU (and the database's) around it; the child
 * answers with the time of every request and what the last answer showed, or with the first error.
 */
import { performance } from 'node:perf_hooks';

export interface Phase {
  readonly url: string;
  readonly headers: Record<string, string>;
  readonly kind: 'api' | 'page';
  readonly label: string;
  /** Requests in all, over `connections` connections (1: one after the other). */
  readonly requests: number;
  readonly connections: number;
}

export type PhaseResult = { ok: true; ms: number[]; rows: string } | { ok: false; error: string };

/** What an answer shows: the API's `items` (and `total` when given), or the complaint links in a page's tables. */
function rowsOf(kind: Phase['kind'], body: string): string {
  if (kind === 'api') {
    const json = JSON.parse(body) as { items?: unknown[]; total?: unknown };
    return `${json.items?.length ?? '?'}${json.total !== undefined ? ` of ${String(json.total)}` : ''}`;
  }
  return `${(body.match(/<tr[ >]/g) ?? []).length} tr`;
}

async function runPhase(p: Phase): Promise<PhaseResult> {
  let rows = '';
  const once = async () => {
    const t = performance.now();
    const res = await fetch(p.url, { headers: p.headers, redirect: 'manual' });
    const body = await res.text();
    const ms = performance.now() - t;
    if (res.status !== 200) throw new Error(`${p.label}: GET ${new URL(p.url).pathname} answered ${res.status}: ${body.slice(0, 300)}`);
    rows = rowsOf(p.kind, body);
    return ms;
  };
  const ms: number[] = [];
  let left = p.requests;
  try {
    await Promise.all(
      Array.from({ length: p.connections }, async () => {
        while (left-- > 0) ms.push(await once());
      }),
    );
  } catch (err) {
    return { ok: false, error: err instanceof Error ? err.message : String(err) };
  }
  return { ok: true, ms, rows };
}

if (import.meta.main) {
  process.on('message', (p: Phase) => {
    void runPhase(p).then((r) => process.send!(r));
  });
}
