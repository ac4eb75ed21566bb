import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** Runs the real `klachtwijs` command as a user would (bin/klachtwijs.js), with its own environment. */
export const BIN = fileURLToPath(new URL('../../bin/klachtwijs.js', import.meta.url));

export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function runCli(args: string[], env: Record<string, string>, timeoutMs = 60_000, cwd?: string): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, LOG_LEVEL: 'warn', ...env }, stdio: ['ignore', 'pipe', 'pipe'], ...(cwd ? { cwd } : {}) });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`klachtwijs ${args.join(' ')} did not finish within ${timeoutMs} ms\n${stdout}\n${stderr}`));
    }, timeoutMs);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

export interface ServerProcess {
  child: ChildProcess;
  url: string;
  output: () => string;
  /** Milliseconds from spawn until the first page was served. */
  startupMs: number;
  stop(): Promise<void>;
}

/** Starts `klachtwijs serve` and waits until /health answers. */
export async function startServerProcess(env: Record<string, string>, timeoutMs = 60_000, cwd?: string): Promise<ServerProcess> {
  const started = performance.now();
  const child = spawn(process.execPath, [BIN, 'serve'], { env: { ...process.env, LOG_LEVEL: 'warn', ...env }, stdio: ['ignore', 'pipe', 'pipe'], ...(cwd ? { cwd } : {}) });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const url = `http://127.0.0.1:${env['PORT']}`;
  const stop = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    });
  while (performance.now() - started < timeoutMs) {
    if (child.exitCode !== null) throw new Error(`klachtwijs serve exited with ${child.exitCode}:\n${out}`);
    try {
      const res = await fetch(`${url}/inloggen`);
      if (res.ok) return { child, url, output: () => out, startupMs: Math.round(performance.now() - started), stop };
    } catch {
      /* not listening yet */
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  await stop();
  throw new Error(`klachtwijs serve did not answer within ${timeoutMs} ms:\n${out}`);
}

/** Logs in through the real form (CSRF token + cookies) and returns the status of the answer. */
export async function logIn(baseUrl: string, email: string, password: string): Promise<number> {
  const page = await fetch(`${baseUrl}/inloggen`);
  const cookies = page.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  const csrf = /name="_csrf" value="([^"]*)"/.exec(await page.text())?.[1] ?? '';
  const res = await fetch(`${baseUrl}/inloggen`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: cookies },
    body: new URLSearchParams({ _csrf: csrf, email, password }).toString(),
  });
  return res.status;
}
