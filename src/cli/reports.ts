import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Command } from 'commander';
import { parsePeriod } from '../domain/reports/periods.ts';
import { AppError } from '../shared/errors.ts';
import { buildReportDocument } from '../usecases/reports/document.ts';
import { findStoredReport, parseAudience, parseFormat, renderReport, storedReportDocument, storedReports } from '../usecases/reports/outputs.ts';
import { findUnit } from '../usecases/units/units.ts';
import { orgBySlug, printer, type CliContext } from './context.ts';

const STATUS = { draft: 'concept', final: 'definitief' } as const;

function humanSize(bytes: number): string {
  return bytes < 1024 ? `${bytes} bytes` : `${(bytes / 1024).toLocaleString('nl-NL', { maximumFractionDigits: 0 })} kB`;
}

/**
 * `klachtwijs reports generate|list` (issue 10, ADR 0016): a report as HTML, PDF, XLSX or CSV for a period and
 * scope. A stored report for that key, period and scope is used when there is one (a final one with its frozen
 * figures); otherwise the figures are computed now. The default version is the board's (no counts of 1–4):
 * the file leaves the system. Progress goes to stderr, the result line to stdout.
 */
export function registerReportCommands(program: Command, ctx: CliContext): void {
  const { out, err } = printer(ctx);
  const reports = program.command('reports').description('Rapportages over klachten (zonder persoonsgegevens)');
  reports
    .command('generate')
    .requiredOption('--org <slug>', 'organisatie')
    .requiredOption('--period <periode>', 'periode: een jaar (2026), een halfjaar (2026-H1) of een kwartaal (2026-Q3)')
    .requiredOption('--format <formaat>', 'html, pdf, xlsx of csv')
    .requiredOption('--out <bestand>', 'bestand om te schrijven, bijv. rapportage-2026-h1.pdf')
    .option('--unit <slug-or-id>', 'alleen deze eenheid (met de eenheden eronder); standaard de hele organisatie')
    .option('--report <sleutel>', 'de rapportage uit de klachtenregeling (reporting.reports[].key)')
    .option('--audience <versie>', 'board (bestuur: aantallen van 1 tot 4 als "< 5"), public, of staff (precieze aantallen)', 'board')
    .option('--force', 'een bestaand bestand overschrijven')
    .description('Maak een rapportage als bestand (HTML, PDF, Excel of CSV)')
    .action(async (o: { org: string; period: string; format: string; out: string; unit?: string; report?: string; audience: string; force?: boolean }) => {
      const format = parseFormat(o.format);
      const audience = parseAudience(o.audience);
      const period = parsePeriod(o.period);
      if (!period) {
        throw new AppError('validation_failed', `Onbekende periode "${o.period}".`, [{ field: 'period', message: 'Geef een jaar (2026), een halfjaar (2026-H1 of 2026-H2) of een kwartaal (2026-Q1 tot en met 2026-Q4).' }]);
      }
      const file = path.resolve(ctx.cwd, o.out);
      await ctx.withDatabase(async (database) => {
        const db = database.db;
        const org = await orgBySlug(database, o.org);
        const unit = o.unit ? await findUnit(db, org.id, o.unit) : null;
        const started = performance.now();
        err(`Cijfers berekenen voor ${period.label}${unit ? ` (${unit.name})` : ''}…`);
        const stored = await findStoredReport(db, org.id, { reportKey: o.report, period: period.key, unitId: unit?.id ?? null });
        const doc = stored
          ? await storedReportDocument(db, stored, audience)
          : await buildReportDocument(db, { organisationId: org.id, unitId: unit?.id ?? null, period, audience, ...(o.report ? { reportKey: o.report } : {}) });
        err(stored ? `Opgeslagen rapportage gebruikt (${STATUS[stored.status]}).` : 'Geen opgeslagen rapportage: de cijfers zijn nu berekend (concept).');
        err(`${{ html: 'HTML-pagina', pdf: 'PDF', xlsx: 'Excel-bestand', csv: 'CSV-bestand' }[format]} maken…`);
        const rendered = await renderReport(doc, format);
        await writeFile(file, rendered.body, { flag: o.force ? 'w' : 'wx' }).catch((e: NodeJS.ErrnoException) => {
          if (e.code === 'EEXIST') throw new AppError('conflict', `Het bestand ${file} bestaat al. Kies een andere naam of gebruik --force.`);
          if (e.code === 'ENOENT') throw new AppError('validation_failed', `De map van ${file} bestaat niet.`, [{ field: 'out', message: 'Kies een bestand in een bestaande map.' }]);
          throw new AppError('validation_failed', `Kan ${file} niet schrijven (${e.code ?? e.message}).`, [{ field: 'out', message: 'Kies een bestand waar u mag schrijven.' }]);
        });
        out(`${doc.title} (${period.label}) geschreven naar ${file}: ${humanSize(rendered.body.length)}, ${audience === 'staff' ? 'versie met precieze aantallen (alleen voor medewerkers)' : 'versie zonder persoonsgegevens'}, in ${Math.round(performance.now() - started)} ms.`);
      });
    });
  reports
    .command('list')
    .requiredOption('--org <slug>', 'organisatie')
    .description('Toon de opgeslagen rapportages')
    .action(async (o: { org: string }) => {
      await ctx.withDatabase(async (database) => {
        const org = await orgBySlug(database, o.org);
        const items = await storedReports(database.db, org.id);
        if (!items.length) {
          out(`${org.name} heeft nog geen opgeslagen rapportages. Maak een bestand met de cijfers van nu: klachtwijs reports generate --org ${org.slug} --period 2026 --format pdf --out rapportage.pdf`);
          return;
        }
        for (const r of items) out(`${r.period}\t${r.key}\t${STATUS[r.status]}\t${r.unit?.name ?? 'hele organisatie'}\t${r.title}\t${r.id}`);
      });
    });
}
