import type { Command } from 'commander';
import { fetchMailbox } from '../usecases/mailbox/fetch.ts';
import { orgBySlug, printer, type CliContext } from './context.ts';

/** `klachtwijs mailbox fetch --org S`: fetch the organisation's complaints mailboxes now (the worker does it every minute). */
export function registerMailboxCommands(program: Command, ctx: CliContext): void {
  const { out } = printer(ctx);
  const mailbox = program.command('mailbox').description('Klachtenmailbox: e-mails ophalen');
  mailbox
    .command('fetch')
    .requiredOption('--org <slug>', 'organisatie')
    .description('Haal nu de nieuwe e-mails op uit de klachtenmailboxen van de organisatie')
    .action(async (o: { org: string }) => {
      await ctx.withDatabase(async (database) => {
        const org = await orgBySlug(database, o.org);
        const boxes = await database.db.selectFrom('mailboxes').select(['id', 'address']).where('organisation_id', '=', org.id).where('enabled', '=', true).orderBy('created_at').execute();
        if (!boxes.length) {
          out(`${org.name} heeft nog geen klachtenmailbox. De beheerder koppelt die op de pagina Klachtenmailbox.`);
          return;
        }
        for (const b of boxes) {
          try {
            const r = await fetchMailbox(database.db, b.id);
            out(`${b.address}: ${r.fetched} nieuw (${r.joined} bij een klacht, ${r.triage} in "Nieuw via e-mail"${r.duplicates ? `, ${r.duplicates} al eerder opgehaald` : ''}).`);
          } catch {
            const row = await database.db.selectFrom('mailboxes').select('last_error').where('id', '=', b.id).executeTakeFirst();
            out(`${b.address}: ophalen mislukt. ${row?.last_error ?? ''}`.trim());
            ctx.exitCode = 1;
          }
        }
      });
    });
}
