import type { Command } from 'commander';
import { today } from '../usecases/complaints/dossier.ts';
import { destructionLog, runDestruction } from '../usecases/retention/destroy.ts';
import { dueDossiers } from '../usecases/retention/retention.ts';
import { retentionSettings, storeRetentionSettings } from '../usecases/retention/settings.ts';
import { parseTermText, termText } from '../domain/regulation/terms.ts';
import type { Term } from '../domain/deadlines/types.ts';
import { AppError } from '../shared/errors.ts';
import { orgBySlug, printer, type CliContext } from './context.ts';

const APPROVAL = { page: 'goedgekeurd op de pagina', cli: 'goedgekeurd op de opdrachtregel', automatic: 'automatisch (instelling van de organisatie)' } as const;

/**
 * `klachtwijs retention due|run|log` (issue 11, ADR 0019). `run` destroys only with `--yes` (the command line is the
 * approval; there is no interactive prompt, so without `--yes` nothing is destroyed); `--dry-run` shows what would go.
 * Progress goes to stderr, results to stdout. Output names references, never a complainant.
 */
export function registerRetentionCommands(program: Command, ctx: CliContext): void {
  const { out, err } = printer(ctx);
  const retention = program.command('retention').description('Bewaartermijnen: dossiers die vernietigd mogen worden, vernietigen, het verslag');

  retention
    .command('due')
    .requiredOption('--org <slug>', 'organisatie')
    .description('Toon de gesloten dossiers waarvan de bewaartermijn voorbij is (met reden en blokkades)')
    .action(async (o: { org: string }) => {
      await ctx.withDatabase(async (database) => {
        const org = await orgBySlug(database, o.org);
        const items = await dueDossiers(database.db, org.id, today());
        if (!items.length) {
          out(`${org.name}: er zijn geen dossiers waarvan de bewaartermijn voorbij is.`);
          return;
        }
        for (const i of items) {
          const hold = i.holds.length ? `GEBLOKKEERD: ${i.holds.map((h) => h.label).join(', ')}` : 'te vernietigen';
          out(`${i.reference}\t${i.destroyAfter}\t${hold}\t${i.basis}`);
        }
        const held = items.filter((i) => i.holds.length).length;
        out(`${items.length - held} te vernietigen, ${held} geblokkeerd. Vernietigen: klachtwijs retention run --org ${org.slug} --yes`);
      });
    });

  retention
    .command('run')
    .requiredOption('--org <slug>', 'organisatie')
    .option('--dry-run', 'alleen tonen wat vernietigd zou worden')
    .option('--yes', 'ik keur de vernietiging goed (zonder deze optie wordt niets vernietigd)')
    .description('Vernietig de dossiers waarvan de bewaartermijn voorbij is en die niet geblokkeerd zijn')
    .action(async (o: { org: string; dryRun?: boolean; yes?: boolean }) => {
      await ctx.withDatabase(async (database) => {
        const org = await orgBySlug(database, o.org);
        const dryRun = o.dryRun === true || o.yes !== true;
        const started = performance.now();
        let last = 0;
        const result = await runDestruction(database.db, {
          organisationId: org.id,
          approvedBy: null,
          approval: 'cli',
          today: today(),
          dryRun,
          onProgress: (done, total) => {
            if (done === total || done - last >= 100) {
              last = done;
              err(`Vernietigd: ${done} van ${total}…`);
            }
          },
        });
        if (dryRun) {
          for (const i of result.items) out(`${i.reference}\t${i.destroyAfter}\t${i.basis}`);
          out(`Proefrun: ${result.items.length} dossier(s) zouden worden vernietigd, ${result.held.length} geblokkeerd. Er is niets vernietigd.`);
          if (o.yes !== true && o.dryRun !== true) out(`Voeg --yes toe om de vernietiging goed te keuren: klachtwijs retention run --org ${org.slug} --yes`);
          return;
        }
        const seconds = ((performance.now() - started) / 1000).toFixed(1);
        out(`${result.destroyed.length} dossier(s) vernietigd in ${seconds} s; ${result.held.length} geblokkeerd${result.skipped.length ? `, ${result.skipped.length} overgeslagen (intussen niet meer te vernietigen)` : ''}. Verslag: klachtwijs retention log --org ${org.slug}`);
      });
    });

  retention
    .command('settings')
    .requiredOption('--org <slug>', 'organisatie')
    .option('--default <termijn>', 'standaardtermijn na afsluiten als de regeling er niets over zegt, bijv. "2 jaar" of "18 maanden"; of "geen-einde" (bewaren zonder einddatum)')
    .option('--brief <termijn>', 'termijn van een kort verslag van onvrede die meteen is opgelost, bijv. "1 jaar"')
    .option('--auto <aan|uit>', 'dossiers automatisch vernietigen als de termijn voorbij is (standaard uit)')
    .description('Toon of wijzig de bewaartermijnen van de organisatie (waar de klachtenregeling niets zegt)')
    .action(async (o: { org: string; default?: string; brief?: string; auto?: string }) => {
      const term = (value: string, field: string): Term => {
        const t = parseTermText(value);
        if (!t || t.unit === 'workingDays' || t.amount > 3650) throw new AppError('validation_failed', `Onbekende termijn "${value}".`, [{ field, message: 'Geef een termijn in dagen, weken, maanden of jaren, bijvoorbeeld "2 jaar".' }]);
        return t;
      };
      if (o.auto !== undefined && !['aan', 'uit'].includes(o.auto)) throw new AppError('validation_failed', `Onbekende waarde "${o.auto}".`, [{ field: 'auto', message: 'Kies aan of uit.' }]);
      await ctx.withDatabase(async (database) => {
        const org = await orgBySlug(database, o.org);
        let s = await retentionSettings(database.db, org.id);
        if (o.default !== undefined || o.brief !== undefined || o.auto !== undefined) {
          const next = {
            defaultPeriod: o.default === undefined ? s.defaultPeriod : o.default.trim().toLowerCase() === 'geen-einde' ? ('forever' as const) : term(o.default, 'default'),
            briefRecordPeriod: o.brief === undefined ? s.briefRecordPeriod : term(o.brief, 'brief'),
            autoDestroy: o.auto === undefined ? s.autoDestroy : o.auto === 'aan',
          };
          s = await database.db.transaction().execute((tx) => storeRetentionSettings(tx, org.id, null, next));
          out('Opgeslagen.');
        }
        out(`Standaardtermijn (als de regeling niets zegt): ${s.defaultPeriod === 'forever' ? 'bewaren zonder einddatum' : `${termText(s.defaultPeriod)} na afsluiten`}`);
        out(`Kort verslag van onvrede: ${termText(s.briefRecordPeriod)}`);
        out(`Automatisch vernietigen: ${s.autoDestroy ? 'aan' : 'uit'}`);
        if (!s.chosen) out('Dit zijn de beginwaarden van Klachtwijs; de organisatie heeft nog niet zelf gekozen.');
      });
    });

  retention
    .command('log')
    .requiredOption('--org <slug>', 'organisatie')
    .description('Toon het vernietigingsverslag (zonder persoonsgegevens)')
    .action(async (o: { org: string }) => {
      await ctx.withDatabase(async (database) => {
        const org = await orgBySlug(database, o.org);
        const rows = await destructionLog(database.db, org.id, { limit: 10_000 });
        if (!rows.length) {
          out(`${org.name} heeft nog geen dossiers vernietigd.`);
          return;
        }
        for (const r of rows) {
          out(`${r.reference}\t${r.kind}\tontvangen ${r.received_month}\tafgesloten ${r.closed_month ?? '-'}\tbewaren tot ${r.destroy_after}\tvernietigd ${r.destroyed_at.toISOString()}\t${r.approved_by_name ?? APPROVAL[r.approval]}\t${r.basis}`);
        }
      });
    });
}
