import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Command } from 'commander';
import { AppError } from '../shared/errors.ts';
import { exportPersonalData } from '../usecases/privacy/export.ts';
import { privacyExportPdf } from '../usecases/privacy/export-pdf.ts';
import { orgBySlug, printer, type CliContext } from './context.ts';

const FORMATS = ['both', 'pdf', 'json'] as const;
type Format = (typeof FORMATS)[number];

/**
 * `klachtwijs privacy export` (issue 11, ADR 0020): the access export of AVG art. 15 for one person, found by
 * e-mail address, phone number and/or name in every dossier of the organisation, as a readable PDF and a JSON
 * file. Recorded in the audit log (a keyed hash of what was searched, the dossiers). The output names the files
 * and the references only, never the person's data.
 */
export function registerPrivacyCommands(program: Command, ctx: CliContext): void {
  const { out, err } = printer(ctx);
  const privacy = program.command('privacy').description('Rechten van klagers onder de AVG (inzage)');
  privacy
    .command('export')
    .requiredOption('--org <slug>', 'organisatie')
    .option('--email <e-mailadres>', 'zoek op e-mailadres')
    .option('--phone <telefoonnummer>', 'zoek op telefoonnummer (+31 en 0 tellen gelijk)')
    .option('--name <naam>', 'zoek op naam (hoofdletters en accenten tellen niet)')
    .requiredOption('--out <bestand>', 'bestand om te schrijven; bij beide formaten komen er BESTAND.pdf en BESTAND.json')
    .option('--format <formaat>', 'both (PDF en JSON), pdf of json', 'both')
    .option('--request <id>', 'het verzoek (uit /privacy) dat deze export beantwoordt')
    .option('--force', 'bestaande bestanden overschrijven')
    .description('Maak een inzage-export (AVG art. 15) van alle dossiers van één persoon, als PDF en JSON')
    .action(async (o: { org: string; email?: string; phone?: string; name?: string; out: string; format: string; request?: string; force?: boolean }) => {
      if (!(FORMATS as readonly string[]).includes(o.format)) {
        throw new AppError('validation_failed', `Onbekend formaat "${o.format}".`, [{ field: 'format', message: 'Kies both, pdf of json.' }]);
      }
      const format = o.format as Format;
      const target = path.resolve(ctx.cwd, o.out);
      const base = format === 'both' ? target.replace(/\.(pdf|json)$/i, '') : target;
      const files = format === 'both' ? [`${base}.pdf`, `${base}.json`] : [base];
      await ctx.withDatabase(async (database) => {
        const org = await orgBySlug(database, o.org);
        const data = await exportPersonalData(database.db, {
          organisationId: org.id,
          actor: null,
          query: { email: o.email, phone: o.phone, name: o.name },
          via: 'cli',
          requestId: o.request ?? null,
          smtpConfigured: Boolean(ctx.config().smtpUrl),
        });
        err(`${data.dossiers.length} ${data.dossiers.length === 1 ? 'dossier' : 'dossiers'} gevonden; bestanden maken…`);
        for (const file of files) {
          const body = file.toLowerCase().endsWith('.json') || (format === 'json') ? Buffer.from(`${JSON.stringify(data, null, 2)}\n`) : await privacyExportPdf(data);
          await writeFile(file, body, { flag: o.force ? 'w' : 'wx', mode: 0o600 }).catch((e: NodeJS.ErrnoException) => {
            if (e.code === 'EEXIST') throw new AppError('conflict', `Het bestand ${file} bestaat al. Kies een andere naam of gebruik --force.`);
            if (e.code === 'ENOENT') throw new AppError('validation_failed', `De map van ${file} bestaat niet.`, [{ field: 'out', message: 'Kies een bestand in een bestaande map.' }]);
            throw new AppError('validation_failed', `Kan ${file} niet schrijven (${e.code ?? e.message}).`, [{ field: 'out', message: 'Kies een bestand waar u mag schrijven.' }]);
          });
        }
        const refs = data.dossiers.map((d) => d.reference).join(', ');
        out(`Inzage-export (AVG art. 15): ${data.dossiers.length} ${data.dossiers.length === 1 ? 'dossier' : 'dossiers'}${refs ? ` (${refs})` : ''} geschreven naar ${files.join(' en ')}. Vastgelegd in het auditlog.`);
      });
    });
}
