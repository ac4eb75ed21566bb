import type { Command } from 'commander';
import { AppError } from '../shared/errors.ts';
import { bindRole, listBindings, policyForUnit } from '../usecases/regulation-roles/bindings.ts';
import { findUnit } from '../usecases/units/units.ts';
import { findUserIdByEmail } from '../usecases/users/manage.ts';
import { orgBySlug, printer, type CliContext } from './context.ts';

/** `klachtwijs roles …`: bind the regulation's roles (roles[].key) to users, and list who holds which. */
export function registerRoleCommands(program: Command, ctx: CliContext): void {
  const { out } = printer(ctx);
  const roles = program.command('roles').description('Rollen uit de klachtenregeling');
  roles
    .command('bind')
    .requiredOption('--org <slug>', 'organisatie')
    .requiredOption('--role <key>', 'rol uit de klachtenregeling (roles[].key), bijvoorbeeld complaints_officer')
    .requiredOption('--email <email>', 'e-mailadres van de gebruiker')
    .option('--unit <slug-or-id>', 'eenheid (standaard: de hele organisatie)')
    .description('Wijs een rol uit de klachtenregeling toe aan een gebruiker')
    .action(async (o: { org: string; role: string; email: string; unit?: string }) => {
      await ctx.withDatabase(async (database) => {
        const org = await orgBySlug(database, o.org);
        const unit = o.unit ? await findUnit(database.db, org.id, o.unit) : null;
        const userId = await findUserIdByEmail(database.db, org.id, o.email);
        try {
          await database.db.transaction().execute((tx) => bindRole(tx, { organisationId: org.id, actor: null }, { roleKey: o.role, userId, unitId: unit?.id ?? null }));
        } catch (err) {
          // On the command line the role is typed as its key: name the keys, with the regulation's names.
          const applicable = await policyForUnit(database.db, org.id, unit?.id ?? null);
          const bound = applicable?.policy.roles.filter((r) => r.appointment === 'bound') ?? [];
          if (err instanceof AppError && err.fields.some((f) => f.field === 'roleKey' && f.message.startsWith('Kies een rol')) && bound.length > 0) {
            throw new AppError('validation_failed', `Onbekende rol "${o.role}" in de klachtenregeling "${applicable!.title}".`, [
              { field: 'role', message: `Kies een rol uit de klachtenregeling: ${bound.map((r) => `${r.key} (${r.label})`).join(', ')}.` },
            ]);
          }
          throw err;
        }
        out(`${o.email} heeft nu de rol ${o.role} in ${unit ? unit.name : `heel ${org.slug}`}.`);
      });
    });
  roles
    .command('list')
    .requiredOption('--org <slug>', 'organisatie')
    .description('Toon wie welke rol uit de klachtenregeling heeft')
    .action(async (o: { org: string }) => {
      await ctx.withDatabase(async (database) => {
        const org = await orgBySlug(database, o.org);
        const items = await listBindings(database.db, { organisationId: org.id, actor: null });
        if (items.length === 0) out('Nog niemand heeft een rol uit de klachtenregeling.');
        for (const b of items) out(`${b.roleKey}\t${b.userEmail}\t${b.unitName ?? '(hele organisatie)'}`);
      });
    });
}
