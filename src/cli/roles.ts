import type { Command } from 'commander';
import { bindRole, listBindings } from '../usecases/regulation-roles/bindings.ts';
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
        await database.db.transaction().execute((tx) => bindRole(tx, { organisationId: org.id, actor: null }, { roleKey: o.role, userId, unitId: unit?.id ?? null }));
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
