import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { Kysely, PGliteDialect, sql } from 'kysely';
import { AppError } from '../shared/errors.ts';
import { DataDirLockedError, lockDataDir, readLock, type DirLock } from './lock.ts';
import { migrateToLatest } from './migrate.ts';

/**
 * Backup and restore of the embedded database (ADR 0001: PGlite runs without fsync, so the embedded mode
 * needs a backup). A backup is PGlite's own `dumpDataDir()`: a gzipped tarball of the whole data folder,
 * taken by the only process that has the folder open (the lock in lock.ts keeps a running server out), after
 * a CHECKPOINT. A restore loads the tarball with PGlite's `loadDataDir` into a fresh folder next to the
 * target, checks it is a Klachtwijs database, migrates it, and only then swaps it in.
 */

const LOCK_FILE = 'klachtwijs.lock';
const GZIP_MAGIC = [0x1f, 0x8b] as const;

export interface BackupResult {
  file: string;
  bytes: number;
  sha256: string;
  /** Organisations in the backup; null when the database was never migrated. */
  organisations: number | null;
}

export interface RestoreResult {
  dataDir: string;
  bytes: number;
  sha256: string;
  organisations: number;
  /** Migrations applied to bring the backup to the current schema. */
  migrations: string[];
  /** Where the previous data folder was moved to (with --force), or null. */
  movedAside: string | null;
}

function isInside(child: string, parent: string): boolean {
  const rel = path.relative(parent, child);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

function lockPid(dataDir: string): string {
  return String(readLock(dataDir)?.pid ?? '?');
}

/** Takes the folder lock, turning "in use" into a message that says what to do for a backup or restore. */
function lockForMaintenance(dataDir: string, what: 'backup' | 'restore'): DirLock {
  try {
    return lockDataDir(dataDir);
  } catch (err) {
    if (!(err instanceof DataDirLockedError)) throw err;
    const action = what === 'backup' ? 'Kan geen backup maken' : 'Kan de backup niet terugzetten';
    throw new DataDirLockedError(
      `${action}: de datamap ${dataDir} is in gebruik door een ander Klachtwijs-proces (pid ${lockPid(dataDir)}), ` +
        'waarschijnlijk de server. Stop de server (klachtwijs serve) eerst en probeer het dan opnieuw. ' +
        'De ingebouwde database kan maar door één proces tegelijk geopend worden; een kopie van een draaiende ' +
        'database is niet betrouwbaar.',
    );
  }
}

function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

function fsyncDir(dir: string): void {
  let fd: number | undefined;
  try {
    fd = fs.openSync(dir, 'r');
    fs.fsyncSync(fd);
  } catch {
    /* not supported on every platform; the rename is still atomic */
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

/**
 * Writes `bytes` to a temporary file next to `target` (mode 0600) and moves it into place, so a crash never
 * leaves a partial file under the target name. Without `overwrite` an existing target is never replaced,
 * not even when it appears between the check and the move (a hard link fails on an existing name).
 */
function writeFileAtomically(target: string, bytes: Uint8Array, overwrite: boolean): void {
  const dir = path.dirname(target);
  const tmp = path.join(dir, `.${path.basename(target)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  const fd = fs.openSync(tmp, 'wx', 0o600);
  try {
    try {
      fs.fchmodSync(fd, 0o600); // whatever the umask
      fs.writeFileSync(fd, bytes);
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    if (overwrite) {
      fs.renameSync(tmp, target);
    } else {
      try {
        fs.linkSync(tmp, target);
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        if (code === 'EEXIST') throw exists(target);
        // A file system without hard links: check, then rename (a small window instead of none).
        if (fs.existsSync(target)) throw exists(target);
        fs.renameSync(tmp, target);
      }
    }
  } finally {
    fs.rmSync(tmp, { force: true });
  }
  fsyncDir(dir);
}

function exists(file: string): AppError {
  return new AppError('conflict', `Het bestand ${file} bestaat al. Kies een andere naam, of overschrijf het met --force.`);
}

async function countOrganisations(pglite: PGlite): Promise<number | null> {
  const table = await pglite.query<{ t: string | null }>("select to_regclass('public.organisations')::text as t");
  if (!table.rows[0]?.t) return null;
  const res = await pglite.query<{ n: number }>('select count(*)::int as n from organisations');
  return res.rows[0]?.n ?? 0;
}

/** Backs up the embedded database in `dataDir` to `outFile`. Refuses while another process holds the folder. */
export async function backupDataDir(dataDir: string, outFile: string, opts: { force?: boolean } = {}): Promise<BackupResult> {
  const dir = path.resolve(dataDir);
  const out = path.resolve(outFile);
  if (isInside(out, dir)) {
    throw new AppError('validation_failed', `Schrijf de backup buiten de datamap ${dir}: anders komt hij in de volgende backup terecht.`);
  }
  if (!fs.existsSync(path.join(dir, 'PG_VERSION'))) {
    throw new AppError('not_found', `Geen ingebouwde database gevonden in ${dir}. Klopt KLACHTWIJS_DATA_DIR?`);
  }
  const outDir = path.dirname(out);
  if (!fs.statSync(outDir, { throwIfNoEntry: false })?.isDirectory()) {
    throw new AppError('not_found', `De map ${outDir} bestaat niet. Maak haar eerst aan.`);
  }
  if (!opts.force && fs.existsSync(out)) throw exists(out);

  const lock = lockForMaintenance(dir, 'backup');
  let tarball: Uint8Array;
  let organisations: number | null;
  try {
    const pglite = new PGlite({ dataDir: dir });
    try {
      await pglite.waitReady;
      organisations = await countOrganisations(pglite);
      // Write every dirty page to the data files, so the copy needs no WAL replay when it is opened.
      await pglite.exec('CHECKPOINT');
      const blob = await pglite.dumpDataDir('gzip');
      tarball = new Uint8Array(await blob.arrayBuffer());
    } finally {
      if (!pglite.closed) await pglite.close();
    }
  } finally {
    lock.release();
  }
  writeFileAtomically(out, tarball, opts.force === true);
  return { file: out, bytes: tarball.byteLength, sha256: sha256(tarball), organisations };
}

function isNonEmptyDir(dir: string): boolean {
  const stat = fs.statSync(dir, { throwIfNoEntry: false });
  if (!stat) return false;
  if (!stat.isDirectory()) throw new AppError('validation_failed', `${dir} is geen map. Kies voor KLACHTWIJS_DATA_DIR een (lege) map.`);
  return fs.readdirSync(dir).length > 0;
}

function timestamp(now: Date): string {
  return now.toISOString().replace(/\.\d+Z$/, 'Z').replace(/:/g, '');
}

/**
 * Restores a backup into `dataDir`. A non-empty folder is refused unless `force`; then it is moved aside to
 * `<dataDir>.before-restore-<timestamp>`, never deleted. The backup is loaded, checked and migrated in a
 * folder next to the target first, so a broken backup leaves the current data untouched.
 */
export async function restoreDataDir(backupFile: string, dataDir: string, opts: { force?: boolean; now?: Date } = {}): Promise<RestoreResult> {
  const src = path.resolve(backupFile);
  const dir = path.resolve(dataDir);
  const stat = fs.statSync(src, { throwIfNoEntry: false });
  if (!stat?.isFile()) throw new AppError('not_found', `Het backupbestand ${src} bestaat niet.`);
  if (isInside(src, dir)) throw new AppError('validation_failed', `Het backupbestand ${src} staat in de datamap ${dir}. Verplaats het eerst naar een andere map.`);

  const bytes = new Uint8Array(fs.readFileSync(src));
  if (bytes[0] !== GZIP_MAGIC[0] || bytes[1] !== GZIP_MAGIC[1]) {
    throw new AppError('validation_failed', `${src} is geen backup van Klachtwijs (geen gzip-bestand). Maak backups met: klachtwijs backup --out <bestand>`);
  }
  const checksum = sha256(bytes);

  if (isNonEmptyDir(dir)) {
    if (!opts.force) {
      throw new AppError(
        'conflict',
        `De datamap ${dir} is niet leeg. Kies een lege KLACHTWIJS_DATA_DIR, of gebruik --force: de huidige map wordt dan ` +
          `verplaatst naar ${dir}.before-restore-<tijdstip> (niet verwijderd).`,
      );
    }
    lockForMaintenance(dir, 'restore').release(); // fail fast while a server runs, before the slow part
  }

  fs.mkdirSync(path.dirname(dir), { recursive: true });
  const staging = fs.mkdtempSync(`${dir}.restoring-`); // same parent: the final rename is atomic
  let organisations: number;
  let migrations: string[];
  try {
    let pglite: PGlite;
    try {
      pglite = new PGlite({ dataDir: staging, loadDataDir: new Blob([bytes], { type: 'application/gzip' }) });
      await pglite.waitReady;
    } catch (err) {
      throw new AppError('validation_failed', `De backup ${src} kan niet geopend worden: ${err instanceof Error ? err.message : String(err)}`);
    }
    const db = new Kysely<unknown>({ dialect: new PGliteDialect({ pglite }) });
    try {
      const before = await countOrganisations(pglite);
      if (before === null) throw new AppError('validation_failed', `${src} bevat geen Klachtwijs-database (de tabel organisations ontbreekt).`);
      migrations = (await migrateToLatest(db)).map((r) => r.migrationName);
      const { rows } = await sql<{ n: number }>`select count(*)::int as n from organisations`.execute(db);
      organisations = rows[0]?.n ?? 0;
    } finally {
      await db.destroy();
      if (!pglite.closed) await pglite.close();
    }
    // The tarball holds the lock file of the process that made it; it must not come along.
    fs.rmSync(path.join(staging, LOCK_FILE), { force: true });
  } catch (err) {
    fs.rmSync(staging, { recursive: true, force: true });
    if (err instanceof AppError) throw err;
    throw new AppError('validation_failed', `De backup ${src} kon niet worden teruggezet: ${err instanceof Error ? err.message : String(err)}`);
  }

  let movedAside: string | null = null;
  try {
    if (isNonEmptyDir(dir)) {
      if (!opts.force) throw new AppError('conflict', `De datamap ${dir} is intussen niet meer leeg. Er is niets teruggezet.`);
      const lock = lockForMaintenance(dir, 'restore');
      try {
        movedAside = `${dir}.before-restore-${timestamp(opts.now ?? new Date())}`;
        if (fs.existsSync(movedAside)) movedAside += `-${randomBytes(2).toString('hex')}`;
        fs.renameSync(dir, movedAside);
      } finally {
        lock.release(); // the lock file moved along; release finds none at the old place
      }
      fs.rmSync(path.join(movedAside, LOCK_FILE), { force: true });
      fs.chmodSync(movedAside, 0o700); // personal data: PGlite itself leaves its folder world-readable
    } else if (fs.existsSync(dir)) {
      fs.rmdirSync(dir); // empty: rename needs the name free on every platform
    }
    fs.renameSync(staging, dir);
    fsyncDir(path.dirname(dir));
  } catch (err) {
    if (err instanceof AppError || err instanceof DataDirLockedError) fs.rmSync(staging, { recursive: true, force: true });
    else if (err instanceof Error) {
      err.message += ` (de teruggezette database staat in ${staging}${movedAside ? `, de vorige datamap in ${movedAside}` : ''})`;
    }
    throw err;
  }
  return { dataDir: dir, bytes: bytes.byteLength, sha256: checksum, organisations, migrations, movedAside };
}
