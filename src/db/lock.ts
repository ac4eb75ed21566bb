import fs from 'node:fs';
import path from 'node:path';

/**
 * PGlite does not lock its data folder (STACK.md): two processes on one folder lose writes. We take an
 * exclusive lock file and refuse a second process with a clear message. A lock left by a process that
 * no longer runs is taken over, and so is one whose pid now belongs to another process (after a reboot
 * or when the pid was reused) or to a zombie.
 *
 * The lock file holds three lines: the pid, the process start time (Linux: field 22 of /proc/<pid>/stat,
 * clock ticks since boot) and the boot id (/proc/sys/kernel/random/boot_id). A living pid is only the
 * holder when both match. Without /proc (not Linux) or for an older lock file with only a pid, a living
 * pid counts as the holder unless its command line shows it is not Node (Linux only).
 */
export class DataDirLockedError extends Error {
  override name = 'DataDirLockedError';
  constructor(
    message: string,
    readonly pid: number | null = null,
  ) {
    super(message);
  }
}

export const LOCK_FILE = 'klachtwijs.lock';

/** Lock files this process holds, so a same-pid lock can be told apart from a stale one of a reused pid. */
const held = new Set<string>();

export interface DirLock {
  release(): void;
}

/** What a lock file says about its writer. */
export interface LockRecord {
  pid: number;
  /** Start time of the writer (Linux clock ticks since boot), when it was recorded. */
  start: string | null;
  boot: string | null;
}

function readProc(file: string): string | null {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return null;
  }
}

/** Field 22 of /proc/<pid>/stat (starttime), or null without /proc. */
export function processStartTime(pid: number): string | null {
  const stat = readProc(`/proc/${pid}/stat`);
  if (!stat) return null;
  // The command name (field 2) is in parentheses and may hold spaces: count from the last ')'.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return fields[19] ?? null; // field 3 is fields[0], so field 22 is fields[19]
}

function bootId(): string | null {
  return readProc('/proc/sys/kernel/random/boot_id')?.trim() || null;
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function isZombie(pid: number): boolean {
  const status = readProc(`/proc/${pid}/status`);
  return status !== null && /^State:\s*[ZX]/m.test(status);
}

/** Linux: the process runs Node (the Klachtwijs launcher, the test runner). Null when unknown. */
function looksLikeKlachtwijs(pid: number): boolean | null {
  const cmdline = readProc(`/proc/${pid}/cmdline`);
  if (cmdline === null) return null;
  const args = cmdline.split('\0').filter((a) => a !== '');
  if (args.length === 0) return false; // a kernel thread or a zombie
  return args.some((a) => /klachtwijs/i.test(a)) || /(^|\/)node(js)?[\d.]*$/.test(args[0]!);
}

export function parseLockFile(text: string): LockRecord | null {
  const [pidLine, start, boot] = text.split('\n').map((l) => l.trim());
  const pid = Number.parseInt(pidLine ?? '', 10);
  if (!Number.isInteger(pid) || pid <= 0) return null;
  return { pid, start: start || null, boot: boot || null };
}

export function readLock(dataDir: string): LockRecord | null {
  try {
    return parseLockFile(fs.readFileSync(path.join(dataDir, LOCK_FILE), 'utf8'));
  } catch {
    return null;
  }
}

/**
 * Whether the writer of `record` still runs (and so still holds the folder). Another process with the
 * same pid, a zombie or a gone process does not hold it.
 */
export function holderAlive(record: LockRecord): boolean {
  if (record.pid === process.pid) return false; // our own pid, but not a lock we hold: a reused pid
  if (!isRunning(record.pid)) return false;
  if (isZombie(record.pid)) return false;
  const start = processStartTime(record.pid);
  if (record.start && start !== null) {
    const boot = bootId();
    if (record.boot && boot && record.boot !== boot) return false; // written before a reboot
    return record.start === start;
  }
  // An older lock file (pid only), or no /proc: a living pid holds it unless it is plainly not Klachtwijs.
  return looksLikeKlachtwijs(record.pid) !== false;
}

/** The living process that holds the data folder, or null when nobody (or this process) holds it. */
export function lockHolder(dataDir: string): LockRecord | null {
  const record = readLock(dataDir);
  return record && holderAlive(record) ? record : null;
}

export function lockDataDir(dataDir: string): DirLock {
  // The folder holds personal data: only the owner may enter it (PGlite itself creates 0755 / 0666).
  fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  fs.chmodSync(dataDir, 0o700);
  const file = path.join(dataDir, LOCK_FILE);
  const content = [String(process.pid), processStartTime(process.pid) ?? '', bootId() ?? ''].join('\n') + '\n';
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = fs.openSync(file, 'wx', 0o600);
      fs.writeSync(fd, content);
      fs.closeSync(fd);
      held.add(file);
      let released = false;
      const release = () => {
        if (released) return;
        released = true;
        held.delete(file);
        process.off('exit', release);
        try {
          if (fs.readFileSync(file, 'utf8') === content) fs.unlinkSync(file);
        } catch {
          /* already gone */
        }
      };
      process.once('exit', release);
      return { release };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const text = fs.readFileSync(file, 'utf8');
      const record = parseLockFile(text);
      const ours = record?.pid === process.pid && held.has(file);
      if (record && (ours || holderAlive(record))) {
        throw new DataDirLockedError(
          `De datamap ${dataDir} is al in gebruik door een ander Klachtwijs-proces (pid ${record.pid}). ` +
            'Stop dat proces eerst, of start met een andere KLACHTWIJS_DATA_DIR.',
          record.pid,
        );
      }
      // Stale: its process is gone, a zombie, or the pid is another process now. Only remove what we read,
      // not a lock another starting process has just written.
      if (fs.readFileSync(file, 'utf8') === text) fs.rmSync(file, { force: true });
    }
  }
  throw new DataDirLockedError(`Kon de datamap ${dataDir} niet vergrendelen.`);
}
