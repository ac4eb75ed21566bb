/**
 * A real PostgreSQL server for tests, started and stopped by the tests themselves.
 *
 * `startPostgresServer()` runs initdb into a fresh temporary folder and starts the server on
 * 127.0.0.1 with a free port (trust auth, fsync off: fast, and never for real data).
 * `createDatabase(adminUrl)` makes a uniquely named database on it, for one test's isolation (empty, or a copy of a
 * migrated template database: test/support/templates.ts).
 * `acquirePostgresServer()` reuses the server that `npm test` started (env TEST_DATABASE_URL)
 * or starts a private one when a test file runs on its own.
 *
 * Missing binaries are an error that says how to install them; tests never skip.
 */
import { execFile, execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { appendFile, chown, mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

export interface PostgresServer {
  /** Superuser connection URL, e.g. `postgres://postgres@127.0.0.1:54321/postgres` (no password). */
  url: string;
  /** Fast shutdown, then remove the temporary folder. Safe to call twice. */
  stop(): Promise<void>;
}

export interface TestDatabase {
  /** Connection URL of the new database. */
  url: string;
  /** Drop the database (terminating leftover connections). Safe to call twice. */
  drop(): Promise<void>;
}

const INSTALL_HINT =
  'PostgreSQL server binaries (initdb, pg_ctl, postgres) are needed for these tests. ' +
  'Install them with: apt-get install -y postgresql';

const SUPERUSER = 'postgres';

/** The folder that holds initdb, pg_ctl and postgres, or an Error that says how to install them. */
export function findPostgresBinDir(): string {
  const hasServer = (dir: string): boolean =>
    ['initdb', 'pg_ctl', 'postgres'].every((bin) => existsSync(join(dir, bin)));
  try {
    const dir = execFileSync('pg_config', ['--bindir'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    if (dir !== '' && hasServer(dir)) return dir;
  } catch {
    // no pg_config on PATH (or only libpq's): fall through to Debian's layout
  }
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root)
    ? readdirSync(root)
        .filter((name) => /^\d+$/.test(name) && hasServer(join(root, name, 'bin')))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  const newest = versions[0];
  if (newest === undefined) throw new Error(`${INSTALL_HINT} (looked at pg_config --bindir and ${root}/*/bin)`);
  return join(root, newest, 'bin');
}

interface RunAs {
  uid: number;
  gid: number;
}

/** PostgreSQL refuses to run as root: as root, run its programs as the `postgres` OS user. */
function osUserForServer(): RunAs | undefined {
  if (process.getuid?.() !== 0) return undefined;
  let out: string;
  try {
    out = execFileSync('id', ['-u', SUPERUSER], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    out += execFileSync('id', ['-g', SUPERUSER], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  } catch {
    throw new Error(
      'PostgreSQL refuses to run as root, and there is no "postgres" OS user to run it as. ' +
        'Install Debian\'s package (apt-get install -y postgresql), which creates that user, or run the tests as a normal user.',
    );
  }
  const [uid, gid] = out.trim().split(/\s+/).map(Number);
  if (uid === undefined || gid === undefined || Number.isNaN(uid) || Number.isNaN(gid)) {
    throw new Error(`could not read the uid/gid of the "postgres" OS user (id printed: ${out.trim()})`);
  }
  return { uid, gid };
}

function run(file: string, args: string[], runAs: RunAs | undefined, timeoutMs = 60_000): Promise<string> {
  const [cmd, argv] = runAs ? ['runuser', ['-u', SUPERUSER, '--', file, ...args]] : [file, args];
  return new Promise((resolve, reject) => {
    execFile(cmd, argv, { encoding: 'utf8', timeout: timeoutMs, env: { ...process.env, LC_ALL: 'C' } }, (error, stdout, stderr) => {
      if (error) {
        reject(new Error(`${[file, ...args].join(' ')} failed: ${error.message}\n${stderr}${stdout}`.trim(), { cause: error }));
      } else {
        resolve(stdout);
      }
    });
  });
}

/** A free TCP port on 127.0.0.1, found by binding port 0. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => (port > 0 ? resolve(port) : reject(new Error('could not get a free port'))));
    });
  });
}

async function waitForConnections(url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2_000 });
    try {
      await client.connect();
      await client.query('SELECT 1');
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 50));
    } finally {
      await client.end().catch(() => {});
    }
  }
}

/** Start a fresh PostgreSQL server on 127.0.0.1 in a temporary folder. */
export async function startPostgresServer(): Promise<PostgresServer> {
  const bindir = findPostgresBinDir();
  const runAs = osUserForServer();
  const initdb = join(bindir, 'initdb');
  const pgCtl = join(bindir, 'pg_ctl');

  const base = await mkdtemp(join(tmpdir(), 'klachtwijs-pg-'));
  const dataDir = join(base, 'data');
  const socketDir = join(base, 'socket');
  const logFile = join(base, 'server.log');
  let stopped = false;

  const removeFolder = (): void => rmSync(base, { recursive: true, force: true });
  // Last resort when the process exits without stop() (a failing test, an uncaught error).
  const onExit = (): void => {
    if (stopped) return;
    stopped = true;
    try {
      const argv = ['-D', dataDir, '-m', 'immediate', '-w', 'stop'];
      if (runAs) execFileSync('runuser', ['-u', SUPERUSER, '--', pgCtl, ...argv], { stdio: 'ignore' });
      else execFileSync(pgCtl, argv, { stdio: 'ignore' });
    } catch {
      // not running
    }
    removeFolder();
  };
  // SIGINT/SIGTERM skip 'exit' handlers: clean up, then let the signal do what it would have done.
  const signals = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
  const onSignal = (signal: NodeJS.Signals): void => {
    const alone = process.listenerCount(signal) === 1;
    detach();
    onExit();
    if (alone) process.kill(process.pid, signal);
  };
  const attach = (): void => {
    process.once('exit', onExit);
    for (const signal of signals) process.on(signal, onSignal);
  };
  const detach = (): void => {
    process.removeListener('exit', onExit);
    for (const signal of signals) process.removeListener(signal, onSignal);
  };

  attach();
  try {
    await mkdir(socketDir);
    if (runAs) {
      await chown(base, runAs.uid, runAs.gid);
      await chown(socketDir, runAs.uid, runAs.gid);
    }

    const initArgs = ['-D', dataDir, '-U', SUPERUSER, '--auth=trust', '--encoding=UTF8', '--no-sync', '--no-instructions'];
    // initdb takes ~1 s on a quiet machine; on a loaded one (six test runs on two cores) minutes, not a reason to fail.
    const INITDB_TIMEOUT_MS = 300_000;
    try {
      await run(initdb, [...initArgs, '--locale=C.UTF-8'], runAs, INITDB_TIMEOUT_MS);
    } catch (error) {
      // A system without the C.UTF-8 locale: plain C with UTF8 encoding works everywhere. (Not a timeout: initdb's own
      // output always mentions the locale.)
      if ((error as { cause?: { killed?: boolean } }).cause?.killed || !/locale/i.test(String(error))) throw error;
      await rm(dataDir, { recursive: true, force: true });
      await run(initdb, [...initArgs, '--locale=C'], runAs, INITDB_TIMEOUT_MS);
    }

    const port = await freePort();
    // Appending keeps the file's owner (postgres when we run as root).
    await appendFile(
      join(dataDir, 'postgresql.conf'),
      [
        '',
        '# klachtwijs test server: loopback only, speed over durability',
        "listen_addresses = '127.0.0.1'",
        `port = ${port}`,
        `unix_socket_directories = '${socketDir}'`,
        'fsync = off',
        'full_page_writes = off',
        'synchronous_commit = off',
        'max_connections = 200',
        "log_min_messages = 'warning'",
        '',
      ].join('\n'),
    );

    try {
      await run(pgCtl, ['-D', dataDir, '-l', logFile, '-w', '-t', '60', 'start'], runAs, 90_000);
    } catch (error) {
      const log = await readFile(logFile, 'utf8').catch(() => '');
      throw new Error(`${String(error)}\n--- server log ---\n${log}`, { cause: error });
    }

    const url = `postgres://${SUPERUSER}@127.0.0.1:${port}/postgres`;
    await waitForConnections(url, 30_000);

    return {
      url,
      async stop() {
        if (stopped) return;
        stopped = true;
        detach();
        try {
          await run(pgCtl, ['-D', dataDir, '-m', 'fast', '-w', '-t', '60', 'stop'], runAs, 90_000);
        } catch (error) {
          // Already gone (e.g. it got the terminal's Ctrl-C itself): nothing to stop.
          if (existsSync(join(dataDir, 'postmaster.pid'))) throw error;
        } finally {
          await rm(base, { recursive: true, force: true });
        }
      },
    };
  } catch (error) {
    detach();
    onExit();
    throw error;
  }
}

function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/**
 * A fresh, uniquely named database on the server at `adminUrl` (a superuser URL): empty (a copy of template0), or a copy of
 * `opts.template` (the migrated template of test/support/templates.ts, which forEachDatabase uses).
 */
export async function createDatabase(adminUrl: string, opts: { template?: string } = {}): Promise<TestDatabase> {
  const name = `kw_test_${process.pid}_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
  const admin = async (sql: string): Promise<void> => {
    const client = new pg.Client({ connectionString: adminUrl });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };

  // template0: always pristine, whatever a test did to template1. (~50 ms; STRATEGY FILE_COPY was slower here.)
  await admin(`CREATE DATABASE ${quoteIdent(name)} TEMPLATE ${quoteIdent(opts.template ?? 'template0')} ENCODING 'UTF8'`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  let dropped = false;
  return {
    url: url.toString(),
    async drop() {
      if (dropped) return;
      dropped = true;
      // WITH (FORCE) exists since PostgreSQL 13: it ends connections a test left open.
      await admin(`DROP DATABASE IF EXISTS ${quoteIdent(name)} WITH (FORCE)`);
    },
  };
}

/**
 * The server for this test process: the one `npm test` started (TEST_DATABASE_URL), whose
 * `stop()` then does nothing, or a private one started here when the file runs on its own.
 */
export async function acquirePostgresServer(): Promise<PostgresServer> {
  const shared = process.env.TEST_DATABASE_URL;
  if (shared !== undefined && shared !== '') return { url: shared, stop: async () => {} };
  return startPostgresServer();
}

