import fs from 'node:fs';
import path from 'node:path';

/**
 * PGlite does not lock its data folder (STACK.md): two processes on one folder lose writes. We take an
 * exclusive lock file and refuse a second process with a clear message. A lock left by a process that
 * no longer runs is taken over.
 */
export class DataDirLockedError extends Error {
  override name = 'DataDirLockedError';
}

/** Lock files this process holds, so a same-pid lock can be told apart from a stale one of a reused pid. */
const held = new Set<string>();

export interface DirLock {
  release(): void;
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export function lockDataDir(dataDir: string): DirLock {
  // The folder holds personal data: only the owner may enter it (PGlite itself creates 0755 / 0666).
  fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  fs.chmodSync(dataDir, 0o700);
  const file = path.join(dataDir, 'klachtwijs.lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = fs.openSync(file, 'wx');
      fs.writeSync(fd, String(process.pid));
      fs.closeSync(fd);
      held.add(file);
      let released = false;
      const release = () => {
        if (released) return;
        released = true;
        held.delete(file);
        try {
          if (fs.readFileSync(file, 'utf8') === String(process.pid)) fs.unlinkSync(file);
        } catch {
          /* already gone */
        }
      };
      process.once('exit', release);
      return { release };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const pid = Number.parseInt(fs.readFileSync(file, 'utf8'), 10);
      const ours = pid === process.pid && held.has(file);
      if (ours || (Number.isInteger(pid) && pid !== process.pid && isRunning(pid))) {
        throw new DataDirLockedError(
          `De datamap ${dataDir} is al in gebruik door een ander Klachtwijs-proces (pid ${pid}). ` +
            'Stop dat proces eerst, of start met een andere KLACHTWIJS_DATA_DIR.',
        );
      }
      fs.rmSync(file, { force: true }); // stale lock of a process that is gone
    }
  }
  throw new DataDirLockedError(`Kon de datamap ${dataDir} niet vergrendelen.`);
}
