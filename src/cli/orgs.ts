import type { Command } from 'commander';
import type { Regulation } from '../domain/regulation/index.ts';
import { AppError } from '../shared/errors.ts';
import { setTwoFactorRequirement, TWO_FACTOR_REQUIREMENT_LABELS } from '../usecases/auth/two-factor.ts';
import { createOrganisation } from '../usecases/organisations/create-organisation.ts';
import { organisationFrameworkState, setOrganisationFrameworks } from '../usecases/organisations/legal-frameworks.ts';
import { LEGAL_FRAMEWORK_LABELS, LEGAL_FRAMEWORKS } from '../domain/regulation/schema.ts';
import { listUnits } from '../usecases/units/units.ts';
import { createUser } from '../usecases/users/users.ts';
import { GENERATED_PASSWORD_NOTE, generatePassword, orgBySlug, printer, roleChoices, type CliContext } from './context.ts';
import { activateFromCli } from './regulations.ts';

/** `klachtwijs orgs create`: a new organisation, optionally with its regulation and its first admin, and what to do next. */
export function registerOrgCommands(program: Command, ctx: CliContext): void {
  const { out } = printer(ctx);
  const orgs = program.command('orgs').description('Organisaties');
  orgs
    .command('create')
    .requiredOption('--slug <slug>', 'korte naam in URLs, bijv. zorg-noord')
    .requiredOption('--name <name>', 'naam van de organisatie')
    .option('--regulation <preset-or-file>', 'klachtenregeling: een preset of een bestand')
    .option('--fill <key=value...>', 'vul open punten van de preset in')
    .option('--admin-email <email>', 'maak meteen de eerste beheerder (rol admin) met dit e-mailadres')
    .option('--admin-name <name>', 'naam van de eerste beheerder (standaard: het deel van het e-mailadres voor de @)')
    .option('--admin-password <password>', 'wachtwoord van de eerste beheerder (minstens 12 tekens); zonder deze optie maakt Klachtwijs een sterk wachtwoord en toont het één keer')
    .description('Maak een organisatie aan, met haar eerste beheerder, en toon de volgende stappen')
    .action(async (o: { slug: string; name: string; regulation?: string; fill?: string[]; adminEmail?: string; adminName?: string; adminPassword?: string }) => {
      const adminPassword = o.adminEmail ? (o.adminPassword ?? generatePassword()) : null;
      await ctx.withDatabase(async ({ db }) => {
        // One transaction: a wrong --fill or admin e-mail leaves no half-made organisation behind.
        const made = await db.transaction().execute(async (tx) => {
          const org = await createOrganisation(tx, { slug: o.slug, name: o.name });
          const active = o.regulation ? await activateFromCli(tx, org, o.regulation, o.fill ?? [], null, [], ctx.cwd) : null;
          const admin =
            o.adminEmail && adminPassword
              ? await createUser(tx, org.id, { email: o.adminEmail, name: o.adminName ?? o.adminEmail.split('@')[0] ?? o.adminEmail, password: adminPassword, role: 'admin', unitId: null }, null).catch(
                  (err: unknown) => {
                    // Name the options as typed: --admin-email, --admin-name, --admin-password.
                    if (err instanceof AppError) throw new AppError(err.code, err.message, err.fields.map((f) => ({ ...f, field: `admin-${f.field}` })));
                    throw err;
                  },
                )
              : null;
          return { org, active, admin };
        });
        const units = await listUnits(db, made.org.id);
        const { org, active, admin } = made;
        out(`Organisatie "${org.name}" (${org.slug}) aangemaakt.`);
        if (active) out(`Klachtenregeling "${active.regulation.metadata.title}" is actief: versie ${active.version}${active.preset ? `, preset ${active.preset}` : ''}.`);
        const base = ctx.config().baseUrl;
        if (admin) {
          out(`Beheerder ${admin.email} aangemaakt. Log in op ${base}/inloggen.`);
          if (!o.adminPassword) out(`${GENERATED_PASSWORD_NOTE} ${adminPassword}`);
        }
        out('');
        out(nextSteps({ slug: org.slug, base, regulation: active?.regulation ?? null, units: units.map((u) => ({ slug: u.slug, name: u.name })), hasAdmin: admin !== null }));
      });
    });
  orgs
    .command('two-factor')
    .requiredOption('--org <slug>', 'organisatie')
    .requiredOption('--require <who>', `voor wie tweestapsverificatie verplicht is: ${Object.keys(TWO_FACTOR_REQUIREMENT_LABELS).join(' | ')}`)
    .description('Stel in voor wie tweestapsverificatie verplicht is (zoals Beheer → Beveiliging)')
    .action(async (o: { org: string; require: string }) => {
      await ctx.withDatabase(async (database) => {
        const org = await orgBySlug(database, o.org);
        const v = await database.db.transaction().execute((tx) => setTwoFactorRequirement(tx, { userId: null, organisationId: org.id }, o.require));
        out(`${org.name}, tweestapsverificatie: ${TWO_FACTOR_REQUIREMENT_LABELS[v]}.`);
      });
    });
  orgs
    .command('frameworks')
    .requiredOption('--org <slug>', 'organisatie')
    .option('--set <wetten>', `de wetten die gelden, met komma's: ${LEGAL_FRAMEWORKS.join(',')} (of "geen")`)
    .description('Toon of kies welke wetten voor de organisatie gelden (zoals Beheer → Wetten); de wettelijke toets volgt ze')
    .action(async (o: { org: string; set?: string }) => {
      await ctx.withDatabase(async (database) => {
        const org = await orgBySlug(database, o.org);
        const label = (fs: readonly (typeof LEGAL_FRAMEWORKS)[number][]) => (fs.length ? fs.map((f) => LEGAL_FRAMEWORK_LABELS[f]).join(', ') : 'geen');
        if (o.set === undefined) {
          const state = await organisationFrameworkState(database.db, org.id);
          out(state.stated ? `${org.name}, wetten: ${label(state.frameworks)}.` : `${org.name} heeft nog niet gekozen welke wetten gelden. Kies met --set ${LEGAL_FRAMEWORKS.join(',')} (of --set geen).`);
          return;
        }
        const values = o.set.trim().toLowerCase() === 'geen' ? [] : o.set.split(',').map((v) => v.trim()).filter(Boolean);
        const set = await database.db.transaction().execute((tx) => setOrganisationFrameworks(tx, { userId: null, organisationId: org.id }, values));
        out(`${org.name}, wetten: ${label(set)}.`);
      });
    });
}

/** The next steps after `orgs create`, in Dutch, with the commands to type and where the public pages are. */
export function nextSteps(s: { slug: string; base: string; regulation: Regulation | null; units: { slug: string; name: string }[]; hasAdmin: boolean }): string {
  const lines: string[] = ['Volgende stappen:'];
  let n = 0;
  const step = (title: string, ...commands: string[]) => {
    lines.push(`${++n}. ${title}`);
    for (const c of commands) lines.push(`     ${c}`);
  };
  if (!s.hasAdmin) {
    step('Maak de eerste beheerder (zonder --password toont Klachtwijs één keer een sterk wachtwoord):', `klachtwijs users create --org ${s.slug} --email beheer@… --role admin`);
  }
  if (!s.regulation) {
    step(
      'Kies de klachtenregeling en activeer haar. Zolang er geen regeling actief is, neemt het klachtenformulier nog geen klachten aan.',
      'klachtwijs regulations list',
      `klachtwijs regulations activate --org ${s.slug} --regulation <preset-of-bestand> [--fill SLEUTEL=WAARDE …]`,
    );
  }
  step(
    s.units.length === 0
      ? 'Voeg eenheden toe (werkmaatschappij, afdeling, team), als klachten per eenheid lopen:'
      : `Voeg eenheden toe (werkmaatschappij, afdeling, team), als klachten per eenheid lopen. Nu: ${s.units.map((u) => `${u.name} (${u.slug})`).join(', ')}.`,
    `klachtwijs units create --org ${s.slug} --slug <kort> --name "<naam>" [--kind werkmaatschappij|afdeling|team] [--parent <kort>]`,
    `klachtwijs units list --org ${s.slug}`,
  );
  step(
    `Voeg gebruikers toe. Rollen: ${roleChoices(s.regulation?.roles)}.`,
    `klachtwijs users create --org ${s.slug} --email <e-mail> --role coordinator [--unit <kort>]`,
  );
  if (s.regulation) {
    const toBind = s.regulation.roles.filter((r) => (r.appointment ?? 'bound') === 'bound');
    if (toBind.length > 0) {
      step(
        `Wijs de rollen uit de klachtenregeling toe; nog niemand heeft: ${toBind.map((r) => `${r.key} (${r.label})`).join(', ')}.`,
        `klachtwijs roles bind --org ${s.slug} --role ${toBind[0]!.key} --email <e-mail> [--unit <kort>]`,
      );
    }
  } else {
    step('Wijs daarna de rollen uit de klachtenregeling toe (de rollen die de regeling noemt; klachtwijs roles list toont ze):', `klachtwijs roles bind --org ${s.slug} --role <rol> --email <e-mail>`);
  }
  lines.push('');
  lines.push('Hier staat alles:');
  const where: [string, string][] = [
    ['klachtenformulier', `${s.base}/${s.slug}/klacht`],
    ['gepubliceerde regeling', `${s.base}/${s.slug}/klachtenregeling`],
    ['inloggen (medewerkers)', `${s.base}/inloggen`],
    ['API', `${s.base}/api/v1/ (beschrijving: ${s.base}/api/openapi.json; een sleutel: klachtwijs tokens create --org ${s.slug} --email <e-mail>)`],
  ];
  for (const [what, url] of where) lines.push(`  ${what.padEnd(24)}${url}`);
  return lines.join('\n');
}
