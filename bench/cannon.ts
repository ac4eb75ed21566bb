/**
 * autocannon in a CHILD process, so the load generator does not share the server's event loop and CPU accounting
 * (pgbench, the reference, is its own process too). Used by bench/public-form.ts (and so bench:intake) and
 * bench/intake-profile.ts.
 *
 * The parent describes every request as a template: each occurrence of {@link N} in its path, headers and body is
 * replaced by the request's number (1, 2, …) in the child, so each request can carry its own idempotency key. The
 * child prints autocannon's result as JSON on stdout.
 */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import autocannon, { type Result } from 'autocannon';

/** Stands for the request's number in a {@link RequestTemplate}. */
export const N = '__N__';

export interface RequestTemplate {
  readonly path: string;
  readonly headers: Record<string, string>;
  readonly body: string;
}

interface Job {
  readonly url: string;
  readonly connections: number;
  readonly run: { seconds: number } | { amount: number };
  readonly request: RequestTemplate;
  /** At most this many requests per second in all (autocannon's `overallRate`); none: as fast as answered. */
  readonly rate?: number;
}

const run = promisify(execFile);

/** Runs autocannon in a child node process for `seconds`, or for exactly `amount` requests (waiting for each answer). */
export async function cannonInChild(url: string, connections: number, runFor: Job['run'], request: RequestTemplate, rate?: number): Promise<Result> {
  const job: Job = { url, connections, run: runFor, request, ...(rate ? { rate } : {}) };
  const { stdout } = await run(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), JSON.stringify(job)], { maxBuffer: 64 << 20 });
  return JSON.parse(stdout) as Result;
}

async function child(job: Job): Promise<void> {
  const fill = (s: string, n: string) => s.replaceAll(N, n);
  let n = 0;
  const result = await autocannon({
    url: job.url,
    connections: job.connections,
    ...('amount' in job.run ? { amount: job.run.amount } : { duration: job.run.seconds }),
    timeout: 30,
    ...(job.rate ? { overallRate: job.rate } : {}),
    requests: [
      {
        method: 'POST',
        setupRequest: (req) => {
          const at = String(++n);
          const headers = Object.fromEntries(Object.entries(job.request.headers).map(([k, v]) => [k, fill(v, at)]));
          return { ...req, path: fill(job.request.path, at), headers: { ...req.headers, ...headers }, body: fill(job.request.body, at) };
        },
      },
    ],
  });
  process.stdout.write(JSON.stringify(result));
}

if (import.meta.main) await child(JSON.parse(process.argv[2] ?? '{}') as Job);
