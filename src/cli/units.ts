import type { Command } from 'commander';
import type { UnitKind } from '../db/types.ts';
import { AppError } from '../shared/errors.ts';
import { createUnit, findUnit, listUnits, unitDepths } from '../usecases/units/units.ts';
import { orgBySlug, printer, type CliContext } from './context.ts';

/** The kinds of unit, with what each is in Dutch. */
export const UNIT_KINDS: Record<UnitKind, string> = {
  werkmaatschappij: 'werkmaatschappij (een organisatie binnen de organisatie, vaak met een eigen regeling)',
  afdeling: 'afdeling',
  team: 'team',
};
const KIND_CHOICES = Object.keys(UNIT_KINDS).join(', ');

function parseKind(value: string): UnitKind {
  const kind = value.trim().toLowerCase();
  if (kind in UNIT_KINDS) return kind as UnitKind;
  throw new AppError('validation_failed', `Onbekende soort eenheid "${value}".`, [{ field: 'kind', message: `Kies een soort uit: ${KIND_CHOICES}.` }]);
}

/** `klachtwijs units create|list`: the organisation's tree of werkmaatschappijen, afdelingen and teams. */
export function registerUnitCommands(program: Command, ctx: CliContext): void {
  const { out } = printer(ctx);
  const units = program.command('units').description('Eenheden: werkmaatschappijen, afdelingen en teams');
  units
    .command('create')
    .requiredOption('--org <slug>', 'organisatie')
    .requiredOption('--slug <slug>', 'korte naam, bijv. thuiszorg-noord')
    .requiredOption('--name <name>', 'naam van de eenheid')
    .option('--kind <kind>', `soort: ${KIND_CHOICES}`, 'afdeling')
    .option('--parent <slug-or-id>', 'bovenliggende eenheid (standaard: direct onder de organisatie)')
    .description('Maak een eenheid aan')
    .action(async (o: { org: string; slug: string; name: string; kind: string; parent?: string }) => {
      const kind = parseKind(o.kind);
      await ctx.withDatabase(async (database) => {
        const org = await orgBySlug(database, o.org);
        const parent = o.parent ? await findUnit(database.db, org.id, o.parent) : null;
        const unit = await database.db.transaction().execute((tx) => createUnit(tx, org.id, { name: o.name, slug: o.slug, kind, parentId: parent?.id ?? null }, null));
        out(`Eenheid "${unit.name}" (${unit.slug}, ${unit.kind}) aangemaakt in ${org.slug}${parent ? `, onder ${parent.name}` : ''}.`);
      });
    });
  units
    .command('list')
    .requiredOption('--org <slug>', 'organisatie')
    .description('Toon de eenheden als boom')
    .action(async (o: { org: string }) => {
      await ctx.withDatabase(async (database) => {
        const org = await orgBySlug(database, o.org);
        const all = await listUnits(database.db, org.id);
        if (all.length === 0) {
          out(`${org.name} heeft nog geen eenheden. Maak er een met: klachtwijs units create --org ${org.slug} --slug <kort> --name "<naam>"`);
          return;
        }
        const depth = unitDepths(all);
        out(`${org.name} (${org.slug})`);
        for (const u of all) out(`${'  '.repeat((depth.get(u.id) ?? 0) + 1)}${u.name}  [${u.kind}]  ${u.slug}`);
      });
    });
}
