import { existsSync } from 'node:fs';
import { ConfigError, loadConfig, type Config } from '../config.ts';
import { databaseTarget, openDatabase } from '../db/database.ts';
import { lockHolder } from '../db/lock.ts';
import { migrateToLatest } from '../db/migrate.ts';
import type { CliContext } from './context.ts';
import { runProgram } from './program.ts';
import { forwardToServer, socketPath, type CliOutput } from './socket.ts';

/**
 * One `klachtwijs` command line, callable in-process: what bin/klachtwijs.js runs (through main.ts), and what
 * tests call where a process of its own adds nothing (issue 13). Nothing here reads `process.env`, the
 * working folder or the standard streams, and nothing calls `process.exit`: the environment, the folder and
 * the output come from `options`, the exit code is returned, and the database a command opened is closed again.
 * When a running server holds the embedded database, the command is sent to it over the socket in the data
 * folder and runs there (ADR 0008); otherwise it runs here on its own connection.
 */
export interface RunCliOptions {
  /** The environment the configuration is read from (loadConfig), as `process.env` for the real command. */
  readonly env: NodeJS.ProcessEnv;
  /** Where relative file names on the command line are taken from. */
  readonly cwd: string;
  readonly io: CliOutput;
}

/** Commands that never go to a running server: they need the data folder to themselves, and say so. */
const OWN_PROCESS = new Set(['serve', 'backup', 'restore']);

async function forwardIfServing(argv: string[], options: RunCliOptions): Promise<number | null> {
  if (OWN_PROCESS.has(argv[0] ?? '')) return null;
  let config: Config;
  try {
    config = loadConfig(options.env);
  } catch (err) {
    if (err instanceof ConfigError) return null; // the command itself reports it
    throw err;
  }
  if (config.databaseUrl) return null; // a PostgreSQL server takes many connections
  if (!lockHolder(config.dataDir)) return null;
  const file = socketPath(config.dataDir);
  if (!existsSync(file)) return null;
  const result = await forwardToServer(file, { argv, cwd: options.cwd }, options.io);
  return result.reached ? result.code : null;
}

/**
 * Runs `argv` (without node and the script) and returns the exit code: 0, 1 for refused input, 2 for a command
 * line commander could not read. Errors that are not the user's (a bug, a broken disk) are thrown, as before.
 * `serve` starts the server and returns while it runs; it belongs in a process of its own.
 */
export async function runCli(argv: readonly string[], options: RunCliOptions): Promise<number> {
  const args = [...argv];
  const forwarded = await forwardIfServing(args, options);
  if (forwarded !== null) return forwarded;
  const ctx: CliContext = {
    io: options.io,
    cwd: options.cwd,
    config: () => loadConfig(options.env),
    withDatabase: async (fn, opts) => {
      const database = await openDatabase(databaseTarget(loadConfig(options.env)));
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
  return runProgram(args, ctx);
}
