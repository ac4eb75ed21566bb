import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { DataDirLockedError, LOCK_FILE, lockDataDir, lockHolder, processStartTime } from './lock.ts';

const linux = existsSync('/proc/self/stat');
const bootId = () => readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();

/** The data-folder lock: a living Klachtwijs keeps it; a gone, reused or zombie pid gives it up. */
describe('lockDataDir', { skip: !linux && 'needs /proc (Linux)' }, () => {
  const root = mkdtempSync(path.join(tmpdir(), 'kw-lock-'));
  const children: ChildProcess[] = [];
  let n = 0;
  const folder = (lock: string | null) => {
    const dir = path.join(root, String(++n));
    if (lock !== null) {
      lockDataDir(dir).release(); // creates the folder as the product does
      writeFileSync(path.join(dir, LOCK_FILE), lock);
    }
    return dir;
  };
  const sleeper = () => {
    const child = spawn('sleep', ['60'], { stdio: 'ignore' });
    children.push(child);
    return child.pid!;
  };
  const takesOver = (dir: string) => {
    const lock = lockDataDir(dir);
    assert.equal(readFileSync(path.join(dir, LOCK_FILE), 'utf8').split('\n')[0], String(process.pid));
    lock.release();
    assert.ok(!existsSync(path.join(dir, LOCK_FILE)), 'released');
  };
  const refuses = (dir: string, pid: number) => {
    assert.equal(lockHolder(dir)?.pid, pid);
    assert.throws(() => lockDataDir(dir), (err: unknown) => err instanceof DataDirLockedError && err.message.includes(`pid ${pid}`) && err.message.includes('al in gebruik'));
  };

  after(() => {
    for (const c of children) c.kill('SIGKILL');
    rmSync(root, { recursive: true, force: true });
  });

  it('is refused to a second taker while held, and free again after release', () => {
    const dir = folder(null);
    const lock = lockDataDir(dir);
    const [pid, start, boot] = readFileSync(path.join(dir, LOCK_FILE), 'utf8').split('\n');
    assert.deepEqual([pid, start, boot], [String(process.pid), processStartTime(process.pid), bootId()]);
    assert.throws(() => lockDataDir(dir), DataDirLockedError);
    lock.release();
    takesOver(dir);
  });

  it('stays with a living Klachtwijs process (its pid, start time and boot id match)', () => {
    const holder = process.ppid; // the test runner: a living Node process that is not this one
    refuses(folder(`${holder}\n${processStartTime(holder)}\n${bootId()}\n`), holder);
    // An older lock file with only the pid of a living Node process is kept too.
    refuses(folder(`${holder}`), holder);
  });

  it('is taken over from a living process that is not Klachtwijs (a reused pid)', () => {
    const pid = sleeper();
    takesOver(folder(`${pid}`)); // pid only: `sleep` is not Node
    takesOver(folder(`${pid}\n1\n${bootId()}\n`)); // the writer started at another time
  });

  it('is taken over after a reboot, even when the pid and start time happen to match', () => {
    const holder = process.ppid;
    takesOver(folder(`${holder}\n${processStartTime(holder)}\nanother-boot-id\n`));
  });

  it('is taken over from a process that is gone, and from a zombie', async () => {
    const gone = spawn('true');
    await new Promise((r) => gone.once('exit', r));
    takesOver(folder(`${gone.pid}\n1\n${bootId()}\n`));

    // `sleep 0.3` exits after its parent has exec'd into `sleep 60`, which never reaps it: a zombie. (With `sleep 0` the
    // shell could reap it before its exec when it had already exited, and the "zombie" was gone: seen once in CI.)
    const parent = spawn('sh', ['-c', 'sleep 0.3 & echo $!; exec sleep 60'], { stdio: ['ignore', 'pipe', 'ignore'] });
    children.push(parent);
    const zombie = Number.parseInt(await new Promise<string>((r) => parent.stdout!.once('data', (d) => r(String(d)))), 10);
    for (let i = 0; i < 250 && !/^State:\s*Z/m.test(readFileSync(`/proc/${zombie}/status`, 'utf8')); i++) await new Promise((r) => setTimeout(r, 20));
    assert.match(readFileSync(`/proc/${zombie}/status`, 'utf8'), /^State:\s*Z/m, 'the test made a zombie');
    takesOver(folder(`${zombie}\n${processStartTime(zombie)}\n${bootId()}\n`));
  });
});
