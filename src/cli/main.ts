import { Command, CommanderError } from 'commander';
import { ConfigError, loadConfig, type Config } from '../config.ts';
import { openDatabase, type Database } from '../db/database.ts';
import { DataDirLockedError } from '../db/lock.ts';
import { migrateToLatest } from '../db/migrate.ts';
import { ROLES, type Role } from '../db/types.ts';
import { databaseTarget, startServer } from '../server.ts';
import { AppError } from '../shared/errors.ts';
import { createLogger } from '../shared/logger.ts';
import { createApiToken, revokeApiToken } from '../usecases/auth/api-tokens.ts';
import { refoldComplaints } from '../usecases/complaints/refold.ts';
import { createOrganisation, findOrganisationBySlug } from '../usecases/organisations/create-organisation.ts';
import { findUnit } from '../usecases/units/units.ts';
import { createUser, ROLE_LABELS } from '../usecases/users/users.ts';
import { blockUser, findUserIdByEmail, setUserPassword, unblockUser } from '../usecases/users/manage.ts';
import { registerBackupCommands } from './backup.ts';
import { registerRegulationCommands } from './regulations.ts';
import { registerRoleCommands } from './roles.ts';

/** The `klachtwijs` command line. Every command validates its input and exits non-zero with a Dutch message on bad input. */
const program = new Command('klachtwijs').description('Klachtwijs — klachtenmanagement').exitOverride();

function config(): Config {
  return loadConfig(process.env);
}

/** Opens the configured database, migrates it, runs `fn` and closes it again. */
export async function withDatabase<T>(fn: (database: Database) => Promise<T>): Promise<T> {
  const database = await openDatabase(databaseTarget(config()));
  try {
    await migrateToLatest(database.db);
    return await fn(database);
  } finally {
    await database.close();
  }
}

export async function orgBySlug(database: Database, slug: string) {
  const org = await findOrganisationBySlug(database.db, slug);
  if (!org) throw new AppError('not_found', `Organisatie "${slug}" bestaat niet. Maak haar aan met: klachtwijs orgs create --slug ${slug} --name "…"`);
  return org;
}

program
  .command('serve')
  .description('Start de webserver (PORT, KLACHTWIJS_DATA_DIR of DATABASE_URL)')
  .action(async () => {
    const started = performance.now();
    const cfg = config();
    const logger = createLogger(cfg.logLevel);
    const server = await startServer(cfg, logger);
    if (server.demoLogins) {
      console.log('\nDemo-organisatie aangemaakt: Stichting Voorbeeldzorg (demo). Inloggegevens (worden maar één keer getoond):');
      for (const l of server.demoLogins) console.log(`  ${ROLE_LABELS[l.role].padEnd(32)} ${l.email.padEnd(42)} ${l.password}`);
      console.log('');
    }
    const where = server.database.kind === 'pglite' ? `ingebouwde database in ${cfg.dataDir}` : 'PostgreSQL-server (DATABASE_URL)';
    console.log(`Klachtwijs draait op ${cfg.baseUrl.includes(`:${server.port}`) ? cfg.baseUrl : server.url} (${where}), gestart in ${Math.round(performance.now() - started)} ms`);
    let stopping = false;
    const stop = async () => {
      if (stopping) return;
      stopping = true;
      await server.close();
      process.exit(0);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });

program
  .command('migrate')
  .description('Voer openstaande databasemigraties uit')
  .action(async () => {
    const database = await openDatabase(databaseTarget(config()));
    try {
      const results = await migrateToLatest(database.db);
      console.log(results.length ? results.map((r) => `✓ ${r.migrationName}`).join('\n') : 'De database is al bijgewerkt.');
    } finally {
      await database.close();
    }
  });

const orgs = program.command('orgs').description('Organisaties');
orgs
  .command('create')
  .requiredOption('--slug <slug>', 'korte naam in URLs, bijv. zorg-noord')
  .requiredOption('--name <name>', 'naam van de organisatie')
  .option('--regulation <preset-or-file>', 'klachtenregeling: een preset of een bestand')
  .option('--fill <key=value...>', 'vul open punten van de preset in')
  .description('Maak een organisatie aan')
  .action(async (o: { slug: string; name: string; regulation?: string; fill?: string[] }) => {
    await withDatabase(async ({ db }) => {
      const org = await db.transaction().execute(async (tx) => {
        const created = await createOrganisation(tx, { slug: o.slug, name: o.name });
        if (o.regulation) {
          const { activateFromCli } = await import('./regulations.ts');
          await activateFromCli(tx, created, o.regulation, o.fill ?? [], null);
        }
        return created;
      });
      console.log(`Organisatie "${org.name}" (${org.slug}) aangemaakt.`);
    });
  });

program
  .command('refold')
  .description('Bereken de opgeslagen kolommen van klachten (status, termijnen, afsluitdatum) opnieuw uit hun geschiedenis')
  .option('--org <slug>', 'alleen deze organisatie')
  .action(async (o: { org?: string }) => {
    await withDatabase(async (database) => {
      const org = o.org ? await orgBySlug(database, o.org) : null;
      const r = await refoldComplaints(database.db, org ? { organisationId: org.id } : {});
      const klachten = (n: number) => `${n} ${n === 1 ? 'klacht' : 'klachten'}`;
      console.log(`${klachten(r.total)} opnieuw berekend${org ? ` in ${org.slug}` : ''}; ${klachten(r.changed)} gewijzigd.`);
      if (r.withUnreadableEvents) console.log(`Let op: ${klachten(r.withUnreadableEvents)} met een gebeurtenis die niet kan worden gelezen. Het dossier toont die gebeurtenis.`);
    });
  });

const users = program.command('users').description('Gebruikers');
users
  .command('create')
  .requiredOption('--org <slug>', 'organisatie')
  .requiredOption('--email <email>', 'e-mailadres (inlognaam)')
  .requiredOption('--role <role>', `rol: ${ROLES.join(', ')}`)
  .requiredOption('--password <password>', 'wachtwoord (minstens 12 tekens)')
  .option('--unit <slug-or-id>', 'eenheid waarvoor de rol geldt')
  .option('--name <name>', 'naam (standaard: het deel van het e-mailadres voor de @)')
  .description('Maak een gebruiker aan')
  .action(async (o: { org: string; email: string; role: string; password: string; unit?: string; name?: string }) => {
    await withDatabase(async (database) => {
      const org = await orgBySlug(database, o.org);
      const unit = o.unit ? await findUnit(database.db, org.id, o.unit) : null;
      const user = await database.db.transaction().execute((tx) =>
        createUser(tx, org.id, { email: o.email, name: o.name ?? o.email.split('@')[0] ?? o.email, password: o.password, role: o.role as Role, unitId: unit?.id ?? null }, null),
      );
      console.log(`Gebruiker ${user.email} aangemaakt in ${org.slug} met rol ${o.role}${unit ? ` (${unit.name})` : ''}.`);
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
      await withDatabase(async (database) => {
        const org = await orgBySlug(database, o.org);
        const userId = await findUserIdByEmail(database.db, org.id, o.email);
        await database.db.transaction().execute(async (tx) => {
          await change(tx, { organisationId: org.id, userId: null }, userId);
        });
        console.log(`Gebruiker ${o.email} ${name === 'block' ? 'geblokkeerd' : 'gedeblokkeerd'} in ${org.slug}.`);
      });
    });
}
users
  .command('password')
  .requiredOption('--org <slug>', 'organisatie')
  .requiredOption('--email <email>', 'e-mailadres van de gebruiker')
  .requiredOption('--password <password>', 'nieuw wachtwoord (minstens 12 tekens)')
  .description('Stel een nieuw wachtwoord in; de gebruiker wordt overal uitgelogd')
  .action(async (o: { org: string; email: string; password: string }) => {
    await withDatabase(async (database) => {
      const org = await orgBySlug(database, o.org);
      const userId = await findUserIdByEmail(database.db, org.id, o.email);
      await database.db.transaction().execute((tx) => setUserPassword(tx, { organisationId: org.id, userId: null }, userId, { password: o.password }));
      console.log(`Nieuw wachtwoord ingesteld voor ${o.email} in ${org.slug}.`);
    });
  });

const tokens = program.command('tokens').description('API-sleutels');
tokens
  .command('create')
  .requiredOption('--org <slug>', 'organisatie')
  .requiredOption('--email <email>', 'gebruiker namens wie de sleutel werkt')
  .option('--name <name>', 'waarvoor de sleutel is', 'cli')
  .description('Maak een API-sleutel; toont de sleutel één keer')
  .action(async (o: { org: string; email: string; name: string }) => {
    await withDatabase(async (database) => {
      const org = await orgBySlug(database, o.org);
      const user = await database.db.selectFrom('users').select(['id', 'organisation_id']).where('organisation_id', '=', org.id).where('email', '=', o.email.trim().toLowerCase()).executeTakeFirst();
      if (!user) throw new AppError('not_found', `Gebruiker ${o.email} bestaat niet in organisatie ${o.org}.`);
      const { token } = await database.db.transaction().execute((tx) => createApiToken(tx, { userId: user.id, organisationId: org.id }, { name: o.name }));
      console.log(token);
    });
  });
tokens
  .command('revoke')
  .requiredOption('--org <slug>', 'organisatie')
  .requiredOption('--email <email>', 'eigenaar van de sleutel')
  .requiredOption('--id <id>', 'id van de sleutel')
  .description('Trek een API-sleutel in')
  .action(async (o: { org: string; email: string; id: string }) => {
    await withDatabase(async (database) => {
      const org = await orgBySlug(database, o.org);
      const user = await database.db.selectFrom('users').select('id').where('organisation_id', '=', org.id).where('email', '=', o.email.trim().toLowerCase()).executeTakeFirst();
      if (!user) throw new AppError('not_found', `Gebruiker ${o.email} bestaat niet in organisatie ${o.org}.`);
      await database.db.transaction().execute((tx) => revokeApiToken(tx, { userId: user.id, organisationId: org.id }, o.id));
      console.log('Sleutel ingetrokken.');
    });
  });

registerRegulationCommands(program);
registerRoleCommands(program, { withDatabase, orgBySlug });
registerBackupCommands(program);

function fail(message: string): never {
  console.error(message);
  process.exit(1);
}

try {
  await program.parseAsync(process.argv);
} catch (err) {
  if (err instanceof CommanderError) process.exit(err.exitCode === 0 ? 0 : 2);
  if (err instanceof AppError) fail(`Fout: ${err.message}${err.fields.map((f) => `\n  ${f.field}: ${f.message}`).join('')}`);
  if (err instanceof ConfigError || err instanceof DataDirLockedError) fail(err.message);
  if (err instanceof Error && 'code' in err && err.code === 'EADDRINUSE') fail(`Poort ${config().port} is al in gebruik. Kies een andere met PORT=…`);
  throw err;
}
