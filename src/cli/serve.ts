import type { Command } from 'commander';
import { AppError } from '../shared/errors.ts';
import { createLogger } from '../shared/logger.ts';
import { startPhase } from '../shared/start-phases.ts';
import { writeDemoLogins } from './demo-logins.ts';
import { printer, type CliContext } from './context.ts';
import { startCliSocket, type CliSocket } from './socket.ts';

/**
 * `klachtwijs serve`. On the embedded database the server also listens on `<data folder>/klachtwijs.sock`,
 * so other `klachtwijs` commands run inside it instead of being refused (ADR 0008).
 */
const COMMANDS = new Set(['serve', 'migrate', 'orgs', 'units', 'refold', 'users', 'tokens', 'regulations', 'deadlines', 'roles', 'backup', 'restore', 'help']);
const SUBCOMMANDS = new Set(['create', 'list', 'block', 'unblock', 'password', 'revoke', 'show', 'check', 'activate', 'bind', 'new', 'schema']);

/** The command's name for the log, never its values (they may hold a password). */
function commandName(argv: readonly string[]): string {
  const [first = '', second = ''] = argv;
  if (!COMMANDS.has(first)) return '(onbekend)';
  return SUBCOMMANDS.has(second) ? `${first} ${second}` : first;
}

export function registerServeCommand(program: Command, ctx: CliContext): void {
  const { out } = printer(ctx);
  program
    .command('serve')
    .description('Start de webserver (PORT, KLACHTWIJS_DATA_DIR of DATABASE_URL)')
    .action(async () => {
      if (ctx.server) {
        throw new AppError(
          'conflict',
          `De datamap ${ctx.server.dataDir} is al in gebruik door een ander Klachtwijs-proces (pid ${ctx.server.pid}): de server draait al op ${ctx.server.url}. ` +
            'Stop die eerst, of start met een andere KLACHTWIJS_DATA_DIR.',
        );
      }
      const started = performance.now();
      const cfg = ctx.config();
      const logger = createLogger(cfg.logLevel);
      // Loaded here, not at the top: every other command (`--help`, `migrate`) would otherwise load the web server, the
      // HTTP modules and undici too (~0.3 s of a `klachtwijs --help`, issue 13).
      const { startServer } = await import('../server.ts');
      startPhase('server code loaded');
      const server = await startServer(cfg, logger);
      // The demo passwords go to a file (mode 0600) in the data folder, never to stdout (issue 11).
      if (server.demoLogins) for (const line of writeDemoLogins(cfg.dataDir, server.demoLogins)) out(line);
      const url = cfg.baseUrl.includes(`:${server.port}`) ? cfg.baseUrl : server.url;
      let socket: CliSocket | null = null;
      if (server.database.kind === 'pglite') {
        const { runProgram } = await import('./program.ts');
        const database = server.database;
        try {
          socket = await startCliSocket(
            cfg.dataDir,
            async (request, io) => {
              // Never log the argv: it may hold a password. The command name is enough.
              logger.info({ command: commandName(request.argv) }, 'cli command from the socket');
              return runProgram(request.argv, {
                io,
                cwd: request.cwd,
                config: () => cfg,
                withDatabase: (fn) => fn(database),
                server: { pid: process.pid, url, dataDir: cfg.dataDir },
                exitCode: 0,
              });
            },
            (err) => logger.error({ err }, 'cli command over the socket failed'),
          );
          if (!socket) logger.warn('the data folder path is too long for a Unix socket: klachtwijs commands are refused while this server runs');
        } catch (err) {
          // The web server runs on without it; commands are then refused as before (the folder is locked).
          logger.warn({ err }, 'could not listen on the CLI socket in the data folder: klachtwijs commands are refused while this server runs');
        }
      }
      const where = server.database.kind === 'pglite' ? `ingebouwde database in ${cfg.dataDir}` : 'PostgreSQL-server (DATABASE_URL)';
      out(`Klachtwijs draait op ${url} (${where}), gestart in ${Math.round(performance.now() - started)} ms`);
      let stopping = false;
      const stop = async () => {
        if (stopping) return;
        stopping = true;
        await socket?.close();
        await server.close();
        process.exit(0);
      };
      process.on('SIGINT', stop);
      process.on('SIGTERM', stop);
    });
}
