import { Command, CommanderError } from 'commander';
import { ConfigError } from '../config.ts';
import { DataDirLockedError } from '../db/lock.ts';
import { migrateToLatest } from '../db/migrate.ts';
import { RegulationLibraryError } from '../regulations/library.ts';
import { AppError } from '../shared/errors.ts';
import { apiTokenRefusal, createApiToken, revokeApiToken } from '../usecases/auth/api-tokens.ts';
import { refoldComplaints } from '../usecases/complaints/refold.ts';
import { findUnit } from '../usecases/units/units.ts';
import { createUser, rolesOf } from '../usecases/users/users.ts';
import { blockUser, findUserIdByEmail, setUserPassword, unblockUser } from '../usecases/users/manage.ts';
import { registerBackupCommands } from './backup.ts';
import { GENERATED_PASSWORD_NOTE, generatePassword, orgBySlug, parseRole, printer, ROLE_CHOICES, type CliContext } from './context.ts';
import { registerOrgCommands } from './orgs.ts';
import { registerRegulationCommands } from './regulations.ts';
import { registerRoleCommands } from './roles.ts';
import { registerServeCommand } from './serve.ts';
import { registerUnitCommands } from './units.ts';
import { registerMailboxCommands } from './mailbox.ts';
import { registerReportCommands } from './reports.ts';
import { registerPrivacyCommands } from './privacy.ts';
import { registerRetentionCommands } from './retention.ts';

/**
 * The `klachtwijs` command line as a factory: the same program runs in a process of its own and, for a
 * command forwarded over the socket, inside the serving process (ADR 0008). Every command validates its
 * input and ends with a Dutch message and a non-zero exit code on bad input.
 */

/** Commander's own messages (unknown command or option, missing option), in Dutch. */
export function dutchCommanderMessage(message: string): string {
  const text = message.replace(/^error:\s*/, '').trim();
  const [first = '', ...rest] = text.split('\n');
  const suggestion = rest.join(' ').match(/\(Did you mean (?:one of )?(.+)\?\)/)?.[1];
  const hint = suggestion ? ` Bedoelt u ${suggestion.replace(/, ([^,]*)$/, ' of $1')}?` : '';
  let m: RegExpMatchArray | null;
  if ((m = first.match(/^unknown command '(.*)'$/))) return `Fout: onbekend commando '${m[1]}'.${hint}`;
  if ((m = first.match(/^unknown option '(.*)'$/))) return `Fout: onbekende optie '${m[1]}'.${hint}`;
  if ((m = first.match(/^required option '(.*)' not specified$/))) return `Fout: de optie '${m[1]}' ontbreekt; die is verplicht.`;
  if ((m = first.match(/^option '(.*)' argument missing$/))) return `Fout: bij de optie '${m[1]}' ontbreekt de waarde.`;
  if ((m = first.match(/^missing required argument '(.*)'$/))) return `Fout: het argument '${m[1]}' ontbreekt.`;
  if ((m = first.match(/^too many arguments(?: for '(.*)')?\. Expected (\d+) arguments? but got (\d+): (.*)\.$/))) {
    return `Fout: te veel argumenten${m[1] ? ` bij '${m[1]}'` : ''}: ${m[2]} verwacht, ${m[3]} gekregen (${m[4]}).`;
  }
  if ((m = first.match(/^(.*) cannot be used with (.*)$/))) return `Fout: ${m[1]} gaat niet samen met ${m[2]}.`;
  return `Fout: ${text}`;
}

export function buildProgram(ctx: CliContext): Command {
  const { out } = printer(ctx);
  const program = new Command('klachtwijs').description('Klachtwijs — klachtenmanagement');
  program
    .exitOverride()
    .configureOutput({
      writeOut: (s) => ctx.io.stdout(s),
      writeErr: (s) => ctx.io.stderr(s),
      outputError: (s, write) => write(`${dutchCommanderMessage(s)}\n`),
      ...(ctx.server ? { getOutHelpWidth: () => 100, getErrHelpWidth: () => 100, getOutHasColors: () => false, getErrHasColors: () => false } : {}),
    })
    .showHelpAfterError('(Meer hulp: zet --help achter het commando, bijvoorbeeld: klachtwijs users create --help)')
    .helpOption('-h, --help', 'toon de hulp bij dit commando')
    .helpCommand('help [commando]', 'toon de hulp bij een commando');

  registerServeCommand(program, ctx);

  program
    .command('migrate')
    .description('Voer openstaande databasemigraties uit')
    .action(async () => {
      if (ctx.server) {
        out('De database is al bijgewerkt: de draaiende server voert de migraties uit bij het starten.');
        return;
      }
      // withDatabase migrates first; report what it did by comparing before and after.
      await ctx.withDatabase(async (database) => {
        const results = await migrateToLatest(database.db);
        out(results.length ? results.map((r) => `✓ ${r.migrationName}`).join('\n') : 'De database is al bijgewerkt.');
      }, { migrate: false });
    });

  registerOrgCommands(program, ctx);
  registerUnitCommands(program, ctx);
  registerMailboxCommands(program, ctx);

  program
    .command('refold')
    .description('Bereken de opgeslagen kolommen van klachten (status, termijnen, afsluitdatum) opnieuw uit hun geschiedenis')
    .option('--org <slug>', 'alleen deze organisatie')
    .action(async (o: { org?: string }) => {
      await ctx.withDatabase(async (database) => {
        const org = o.org ? await orgBySlug(database, o.org) : null;
        const r = await refoldComplaints(database.db, org ? { organisationId: org.id } : {});
        const klachten = (n: number) => `${n} ${n === 1 ? 'klacht' : 'klachten'}`;
        out(`${klachten(r.total)} opnieuw berekend${org ? ` in ${org.slug}` : ''}; ${klachten(r.changed)} gewijzigd.`);
        if (r.withUnreadableEvents) out(`Let op: ${klachten(r.withUnreadableEvents)} met een gebeurtenis die niet kan worden gelezen. Het dossier toont die gebeurtenis.`);
      });
    });

  const users = program.command('users').description('Gebruikers');
  users
    .command('create')
    .requiredOption('--org <slug>', 'organisatie')
    .requiredOption('--email <email>', 'e-mailadres (inlognaam)')
    .requiredOption('--role <role>', `rol: ${ROLE_CHOICES}`)
    .option('--password <password>', 'wachtwoord (minstens 12 tekens); zonder deze optie maakt Klachtwijs een sterk wachtwoord en toont het één keer')
    .option('--unit <slug-or-id>', 'eenheid waarvoor de rol geldt')
    .option('--name <name>', 'naam (standaard: het deel van het e-mailadres voor de @)')
    .description('Maak een gebruiker aan')
    .action(async (o: { org: string; email: string; role: string; password?: string; unit?: string; name?: string }) => {
      const role = parseRole(o.role);
      const password = o.password ?? generatePassword();
      await ctx.withDatabase(async (database) => {
        const org = await orgBySlug(database, o.org);
        const unit = o.unit ? await findUnit(database.db, org.id, o.unit) : null;
        const user = await database.db.transaction().execute((tx) =>
          createUser(tx, org.id, { email: o.email, name: o.name ?? o.email.split('@')[0] ?? o.email, password, role, unitId: unit?.id ?? null }, null),
        );
        out(`Gebruiker ${user.email} aangemaakt in ${org.slug} met rol ${role}${unit ? ` (${unit.name})` : ''}.`);
        if (!o.password) out(`${GENERATED_PASSWORD_NOTE} ${password}`);
      });
    });

  for (const [name, description, change] of [
    ['block', 'Blokkeer een gebruiker: meteen uitgelogd, inloggen en API-sleutels werken niet meer', blockUser],
    ['unblock', 'Deblokkeer een gebruiker', unblockUser],
  ] as const) {
    users
      .command(name)
      .requiredOption('--org <slug>', 'organisatie')
      .requiredOption('--email <email>', 'e-mailadres van de gebruiker')
      .description(description)
      .action(async (o: { org: string; email: string }) => {
        await ctx.withDatabase(async (database) => {
          const org = await orgBySlug(database, o.org);
          const userId = await findUserIdByEmail(database.db, org.id, o.email);
          await database.db.transaction().execute(async (tx) => {
            await change(tx, { organisationId: org.id, userId: null }, userId);
          });
          out(`Gebruiker ${o.email} ${name === 'block' ? 'geblokkeerd' : 'gedeblokkeerd'} in ${org.slug}.`);
        });
      });
  }
  users
    .command('password')
    .requiredOption('--org <slug>', 'organisatie')
    .requiredOption('--email <email>', 'e-mailadres van de gebruiker')
    .option('--password <password>', 'nieuw wachtwoord (minstens 12 tekens); zonder deze optie maakt Klachtwijs een sterk wachtwoord en toont het één keer')
    .description('Stel een nieuw wachtwoord in; de gebruiker wordt overal uitgelogd')
    .action(async (o: { org: string; email: string; password?: string }) => {
      const password = o.password ?? generatePassword();
      await ctx.withDatabase(async (database) => {
        const org = await orgBySlug(database, o.org);
        const userId = await findUserIdByEmail(database.db, org.id, o.email);
        await database.db.transaction().execute((tx) => setUserPassword(tx, { organisationId: org.id, userId: null }, userId, { password }));
        out(`Nieuw wachtwoord ingesteld voor ${o.email} in ${org.slug}.`);
        if (!o.password) out(`${GENERATED_PASSWORD_NOTE} ${password}`);
      });
    });

  const tokens = program.command('tokens').description('API-sleutels');
  tokens
    .command('create')
    .requiredOption('--org <slug>', 'organisatie')
    .requiredOption('--email <email>', 'gebruiker namens wie de sleutel werkt (elke gebruiker met een rol die niet geblokkeerd is)')
    .option('--name <name>', 'waarvoor de sleutel is', 'cli')
    .option('--days <days>', 'hoe lang de sleutel werkt: 30, 90 of 365 dagen', '90')
    .description('Maak een API-sleutel; toont de sleutel één keer')
    .action(async (o: { org: string; email: string; name: string; days: string }) => {
      await ctx.withDatabase(async (database) => {
        const org = await orgBySlug(database, o.org);
        const user = await database.db
          .selectFrom('users')
          .select(['id', 'disabled_at'])
          .where('organisation_id', '=', org.id)
          .where('email', '=', o.email.trim().toLowerCase())
          .executeTakeFirst();
        if (!user) throw new AppError('not_found', `Gebruiker ${o.email} bestaat niet in organisatie ${o.org}.`);
        // The one rule for who may make keys (also the menu and the page); createApiToken checks it too.
        const refusal = apiTokenRefusal({ roles: await rolesOf(database.db, user.id), blocked: user.disabled_at !== null });
        if (refusal) throw new AppError('not_permitted', `Geen API-sleutel voor ${o.email}: ${refusal}`);
        const { token } = await database.db.transaction().execute((tx) => createApiToken(tx, { userId: user.id, organisationId: org.id }, { name: o.name, expiresInDays: o.days }));
        out(token);
      });
    });
  tokens
    .command('revoke')
    .requiredOption('--org <slug>', 'organisatie')
    .requiredOption('--email <email>', 'eigenaar van de sleutel')
    .requiredOption('--id <id>', 'id van de sleutel')
    .description('Trek een API-sleutel in')
    .action(async (o: { org: string; email: string; id: string }) => {
      await ctx.withDatabase(async (database) => {
        const org = await orgBySlug(database, o.org);
        const user = await database.db.selectFrom('users').select('id').where('organisation_id', '=', org.id).where('email', '=', o.email.trim().toLowerCase()).executeTakeFirst();
        if (!user) throw new AppError('not_found', `Gebruiker ${o.email} bestaat niet in organisatie ${o.org}.`);
        await database.db.transaction().execute((tx) => revokeApiToken(tx, { userId: user.id, organisationId: org.id }, o.id));
        out('Sleutel ingetrokken.');
      });
    });

  registerRegulationCommands(program, ctx);
  registerRoleCommands(program, ctx);
  registerBackupCommands(program, ctx);
  registerReportCommands(program, ctx);
  registerPrivacyCommands(program, ctx);
  registerRetentionCommands(program, ctx);
  return program;
}

/**
 * Runs one command line (`argv` without node and the script) and returns its exit code: 0, 1 for refused
 * input (Dutch message on stderr), 2 for a command line commander could not read. Other errors are thrown.
 */
export async function runProgram(argv: readonly string[], ctx: CliContext): Promise<number> {
  const { err } = printer(ctx);
  try {
    await buildProgram(ctx).parseAsync([...argv], { from: 'user' });
    return ctx.exitCode;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2;
    if (error instanceof AppError) {
      err(`Fout: ${error.message}${error.fields.map((f) => `\n  ${f.field}: ${f.message}`).join('')}`);
      return 1;
    }
    if (error instanceof ConfigError || error instanceof DataDirLockedError || error instanceof RegulationLibraryError) {
      err(error.message);
      return 1;
    }
    if (error instanceof Error && 'code' in error && error.code === 'EADDRINUSE') {
      err(`Poort ${ctx.config().port} is al in gebruik. Kies een andere met PORT=…`);
      return 1;
    }
    throw error;
  }
}
