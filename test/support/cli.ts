import { runCli as runCliInProcess } from '../../src/cli/run.ts';
import type { RunResult } from './process.ts';

/**
 * The `klachtwijs` command line run in this test process (src/cli/run.ts), with the same environment, output and
 * exit code a `klachtwijs` process would give (test/support/process.ts `runCli`), without starting node, tsx and
 * every import again (~3 s idle, up to ~19 s under load per command; issue 13). Use the subprocess where the process
 * itself is the point: the launcher, signals, `serve`, the command beside a running server.
 * An error that is not the user's ends the command with code 1 and its stack on stderr, as an uncaught error ends the process.
 * A command that times out cannot be killed as a process can (it would run on and keep the data folder locked), so the
 * default limit is generous: it only catches a hang.
 */
export async function runCli(args: string[], env: Record<string, string>, timeoutMs = 300_000, cwd?: string): Promise<RunResult> {
  let stdout = '';
  let stderr = '';
  let timer: NodeJS.Timeout | undefined;
  const run = runCliInProcess(args, {
    env: { ...process.env, LOG_LEVEL: 'warn', ...env },
    cwd: cwd ?? process.cwd(),
    io: { stdout: (s) => void (stdout += s), stderr: (s) => void (stderr += s) },
  }).then(
    (code) => ({ code, stdout, stderr }),
    (err: unknown) => ({ code: 1, stdout, stderr: `${stderr}${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n` }),
  );
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`klachtwijs ${args.join(' ')} did not finish within ${timeoutMs} ms\n${stdout}\n${stderr}`)), timeoutMs);
  });
  try {
    return await Promise.race([run, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
