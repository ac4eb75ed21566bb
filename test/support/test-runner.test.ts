import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

/**
 * scripts/test.ts (`npm test`) itself: stopped by a signal, it waits for its test processes to end before it exits (and
 * before it stops the PostgreSQL server and Chromium they use), rather than leaving them running.
 */
const root = fileURLToPath(new URL('../..', import.meta.url));

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('the test runner (scripts/test.ts)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'klachtwijs-runner-test-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('stopped by SIGTERM, it exits only once its test processes have ended', async () => {
    const pidFile = join(dir, 'pid');
    // Not as a child of this test runner (node --test tells its per-file processes so through NODE_TEST_CONTEXT).
    const { NODE_TEST_CONTEXT: _, ...env } = process.env;
    const runner = spawn(
      process.execPath,
      ['--import', 'tsx', 'scripts/test.ts', '--only', 'unit', '--skip-checks', 'test/fixtures/runner/slow-to-stop.ts'],
      // Its own timings file and compile cache stay in the temp folder; the fixture's pid goes to pidFile.
      { cwd: root, stdio: ['ignore', 'pipe', 'pipe'], env: { ...env, RUNNER_FIXTURE_PID: pidFile, KLACHTWIJS_TEST_TIMINGS: join(dir, 't.jsonl') } },
    );
    let output = '';
    runner.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    runner.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<number | null>((done) => runner.on('exit', (code) => done(code)));
    const deadline = Date.now() + 60_000;
    while (!existsSync(pidFile) || readFileSync(pidFile, 'utf8') === '') {
      assert.ok(Date.now() < deadline, `the fixture did not start within 60 s:\n${output}`);
      assert.equal(runner.exitCode, null, `the runner ended before the fixture started:\n${output}`);
      await new Promise((r) => setTimeout(r, 50));
    }
    const testProcess = Number(readFileSync(pidFile, 'utf8'));
    assert.ok(alive(testProcess));
    runner.kill('SIGTERM');
    const code = await exited;
    const stillRunning = alive(testProcess);
    if (stillRunning) process.kill(testProcess, 'SIGKILL');
    assert.equal(code, 143, output);
    assert.equal(stillRunning, false, `the test process (pid ${testProcess}) still ran after the runner exited:\n${output}`);
  });
});
