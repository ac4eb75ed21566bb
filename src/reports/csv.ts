/**
 * A report's figures as CSV (issue 10, ADR 0016): one long table "Onderdeel;Dimensie;Waarde;Periode;Aantal",
 * `;`-separated with a decimal comma, as Dutch spreadsheet programs read it; UTF-8 with a byte-order mark;
 * RFC 4180 quoting and CRLF line ends. Counts are plain integers ("1243"); for the board and the public a count
 * of 1–4 is "< 5" and a percentage or number of days from fewer than 5 registrations is "–".
 */
import { SMALL_CELL, type ReportDocument } from '../domain/reports/document.ts';
import { cellValue, reportTables, SECTION_TITLES, type Cell } from './model.ts';

export const CSV_HEADER = ['Onderdeel', 'Dimensie', 'Waarde', 'Periode', 'Aantal'] as const;

/** RFC 4180: a field with the separator, a quote or a line break goes in quotes, quotes doubled. */
export function csvField(value: string): string {
  return /[";\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

const decimal = (n: number) => String(n).replace('.', ',');

function csvValue(cell: Cell, doc: ReportDocument): string {
  const v = cellValue(cell, doc.audience);
  if (typeof v === 'string') return v;
  if (cell.t === 'percent') return decimal(Math.round(v * 1000) / 10);
  return decimal(v);
}

/** The CSV text, starting with the byte-order mark. */
export function reportCsv(doc: ReportDocument): string {
  const lines: string[][] = [[...CSV_HEADER]];
  for (const table of reportTables(doc)) {
    const section = SECTION_TITLES[table.section];
    for (const row of table.rows) {
      table.columns.forEach((col, i) => {
        const cell = row.cells[i]!;
        if (cell.t === 'text') return;
        const [dimension, value] = col.measure ? [row.label, col.measure] : [table.caption, row.label];
        lines.push([section, dimension, value, col.period ?? '', csvValue(cell, doc)]);
      });
    }
  }
  const f = doc.figures;
  for (const t of f.trends) {
    const shown = doc.audience !== 'staff' && t.current > 0 && t.current < SMALL_CELL ? `< ${SMALL_CELL}` : decimal(t.current);
    lines.push(['Trends', t.breakdownTitle, `${t.label} (${t.direction === 'up' ? 'stijging' : 'daling'}; gemiddeld ervoor ${decimal(t.average)})`, f.current.period.key, shown]);
  }
  return `\uFEFF${lines.map((l) => l.map(csvField).join(';')).join('\r\n')}\r\n`;
}
