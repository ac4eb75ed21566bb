import type { Command } from 'commander';
import type { Config } from '../config.ts';
import { backupDataDir, restoreDataDir } from '../db/backup.ts';
import { AppError } from '../shared/errors.ts';
import { printer, type CliContext } from './context.ts';

/** `klachtwijs backup` and `klachtwijs restore`: the embedded database only; a PostgreSQL server has its own tools. */

const nl = new Intl.NumberFormat('nl-NL', { maximumFractionDigits: 1 });

function humanSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  if (bytes < 1024 * 1024) return `${nl.format(bytes / 1024)} kB`;
  return `${nl.format(bytes / (1024 * 1024))} MB`;
}

function embeddedOnly(ctx: CliContext, command: 'backup' | 'restore'): Config {
  if (ctx.server) {
    const action = command === 'backup' ? 'Kan geen backup maken' : 'Kan de backup niet terugzetten';
    throw new AppError(
      'conflict',
      `${action}: de datamap ${ctx.server.dataDir} is in gebruik door de draaiende Klachtwijs-server (pid ${ctx.server.pid}). ` +
        'Stop de server (klachtwijs serve) eerst en probeer het dan opnieuw. Een kopie van een draaiende database is niet betrouwbaar.',
    );
  }
  const config = ctx.config();
  if (config.databaseUrl) {
    const how =
      command === 'backup'
        ? 'Maak een backup met pg_dump, bijvoorbeeld: pg_dump --format=custom --file=klachtwijs.dump "$DATABASE_URL"'
        : 'Zet een backup terug met pg_restore, bijvoorbeeld: pg_restore --clean --if-exists --no-owner --dbname="$DATABASE_URL" klachtwijs.dump';
    throw new AppError(
      'validation_failed',
      `klachtwijs ${command} werkt alleen voor de ingebouwde database, maar DATABASE_URL is gezet (een PostgreSQL-server). ${how}`,
    );
  }
  return config;
}

export function registerBackupCommands(program: Command, ctx: CliContext): void {
  const { out } = printer(ctx);
  program
    .command('backup')
    .description('Maak een backup van de ingebouwde database (stop de server eerst)')
    .requiredOption('--out <bestand>', 'backupbestand, bijv. klachtwijs-2026-11-21.tar.gz')
    .option('--force', 'overschrijf een bestaand bestand')
    .action(async (o: { out: string; force?: boolean }) => {
      const config = embeddedOnly(ctx, 'backup');
      const started = performance.now();
      const result = await backupDataDir(config.dataDir, o.out, { force: o.force === true });
      out(`Backup gemaakt van ${config.dataDir} in ${Math.round(performance.now() - started)} ms:`);
      out(`  bestand:      ${result.file}`);
      out(`  grootte:      ${humanSize(result.bytes)} (${result.bytes} bytes)`);
      out(`  SHA-256:      ${result.sha256}`);
      if (result.organisations !== null) out(`  organisaties: ${result.organisations}`);
      out('Het bestand bevat persoonsgegevens: bewaar het versleuteld en alleen toegankelijk voor beheerders.');
    });

  program
    .command('restore')
    .description('Zet een backup terug in KLACHTWIJS_DATA_DIR (stop de server eerst)')
    .requiredOption('--from <bestand>', 'backupbestand van klachtwijs backup')
    .option('--force', 'een niet-lege datamap eerst opzijzetten naar <map>.before-restore-<tijdstip>')
    .action(async (o: { from: string; force?: boolean }) => {
      const config = embeddedOnly(ctx, 'restore');
      const started = performance.now();
      const result = await restoreDataDir(o.from, config.dataDir, { force: o.force === true });
      out(`Backup teruggezet in ${result.dataDir} in ${Math.round(performance.now() - started)} ms:`);
      out(`  bestand:      ${o.from} (${humanSize(result.bytes)})`);
      out(`  SHA-256:      ${result.sha256}`);
      out(`  organisaties: ${result.organisations}`);
      out(`  migraties:    ${result.migrations.length ? result.migrations.join(', ') : 'geen nodig, het schema was al actueel'}`);
      if (result.movedAside) out(`  de vorige datamap staat nu in ${result.movedAside}`);
    });
}
