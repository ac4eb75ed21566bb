import { existsSync } from 'node:fs';
import { ConfigError, loadConfig, type Config } from '../config.ts';
import { openDatabase } from '../db/database.ts';
import { lockHolder } from '../db/lock.ts';
import { migrateToLatest } from '../db/migrate.ts';
import { databaseTarget } from '../server.ts';
import type { CliContext } from './context.ts';
import { runProgram } from './program.ts';
import { forwardToServer, socketPath, type CliOutput } from './socket.ts';

/**
 * The `klachtwijs` process. When a running server holds the embedded database, the command is sent to it
 * over the socket in the data folder and runs there (ADR 0008); otherwise it runs here on its own
 * connection. Either way the output, the Dutch messages and the exit code are the same.
 */

const io: CliOutput = { stdout: (s) => process.stdout.write(s), stderr: (s) => process.stderr.write(s) };

/** Commands that never go to a running server: they need the data folder to themselves, and say so. */
const OWN_PROCESS = new Set(['serve', 'backup', 'restore']);

async function forwardIfServing(argv: string[]): Promise<number | null> {
  if (OWN_PROCESS.has(argv[0] ?? '')) return null;
  let config: Config;
  try {
    config = loadConfig(process.env);
  } catch (err) {
    if (err instanceof ConfigError) return null; // the command itself reports it
    throw err;
  }
  if (config.databaseUrl) return null; // a PostgreSQL server takes many connections
  if (!lockHolder(config.dataDir)) return null;
  const file = socketPath(config.dataDir);
  if (!existsSync(file)) return null;
  const result = await forwardToServer(file, { argv, cwd: process.cwd() }, io);
  return result.reached ? result.code : null;
}

const argv = process.argv.slice(2);
const ctx: CliContext = {
  io,
  cwd: process.cwd(),
  config: () => loadConfig(process.env),
  withDatabase: async (fn, opts) => {
    const database = await openDatabase(databaseTarget(loadConfig(process.env)));
    try {
      if (opts?.migrate !== false) await migrateToLatest(database.db);
      return await fn(database);
    } finally {
      await database.close();
    }
  },
  server: null,
  exitCode: 0,
};

process.exitCode = (await forwardIfServing(argv)) ?? (await runProgram(argv, ctx));
