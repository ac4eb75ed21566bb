/**
 * A report as an XLSX workbook (issue 10, ADR 0016; exceljs): a sheet "Samenvatting" (what the report is, and
 * the key figures) and one sheet per section. Counts are numbers (Dutch display through the number format),
 * percentages are fractions with a percentage format, dates are dates shown in Dutch ("3 juli 2026"). For the
 * board and the public a count of 1–4 is the text "< 5" (and a percentage or number of days from fewer than 5
 * registrations is "–"): the exact value is not in the file at all.
 */
import type ExcelJS from 'exceljs';
import { exceptionalSection, NO_EXCEPTIONAL, type ReportDocument } from '../domain/reports/document.ts';
import { inParentheses } from '../domain/regulation/cite.ts';
import {
  escalationSection,
  AUDIENCE_LABELS,
  cellValue,
  DECISION_LABELS,
  reportTables,
  scopeLine,
  smallCellNote,
  statusLine,
  trendSentence,
  type FigureTable,
  type SectionKey,
} from './model.ts';

/** Dutch long date in any Excel locale. */
export const DUTCH_DATE_FORMAT = '[$-413]d mmmm yyyy';
const COUNT_FORMAT = '#,##0';
const DECIMAL_FORMAT = '#,##0.0';
const PERCENT_FORMAT = '0.0%';

/** An ISO day or timestamp as a date cell (midnight UTC of the Dutch day, as Excel keeps dates without a zone). */
function asDate(value: string): Date {
  const day = /^\d{4}-\d{2}-\d{2}$/.test(value) ? value : new Date(value).toLocaleDateString('en-CA', { timeZone: 'Europe/Amsterdam' });
  return new Date(`${day}T00:00:00Z`);
}

const SHEETS: { name: string; sections: SectionKey[] }[] = [
  { name: 'Kenmerken', sections: ['breakdowns'] },
  { name: 'Onderwerpen', sections: ['classification'] },
  { name: 'Termijnen', sections: ['terms'] },
  { name: 'Escalaties en extern', sections: ['escalations', 'external'] },
  { name: 'Maatregelen', sections: ['measures'] },
];

function addTable(ws: ExcelJS.Worksheet, table: FigureTable, doc: ReportDocument): void {
  if (table.empty && !table.rows.length) {
    ws.addRow([table.empty]);
    ws.addRow([]);
    return;
  }
  const caption = ws.addRow([`${table.caption}${table.article ? ` ${inParentheses(table.article)}` : ''}`]);
  caption.font = { bold: true, size: 12 };
  const header = ws.addRow([table.rowHeader, ...table.columns.map((c) => c.label)]);
  header.font = { bold: true };
  header.alignment = { wrapText: true, vertical: 'top' };
  for (const r of table.rows) {
    const row = ws.addRow([r.label, ...r.cells.map((c) => cellValue(c, doc.audience))]);
    if (r.total) row.font = { bold: true };
    r.cells.forEach((c, i) => {
      const cell = row.getCell(i + 2);
      if (typeof cell.value === 'number') cell.numFmt = c.t === 'percent' ? PERCENT_FORMAT : c.t === 'days' ? DECIMAL_FORMAT : COUNT_FORMAT;
      if (c.t !== 'text') cell.alignment = { horizontal: 'right' };
    });
  }
  if (table.note) ws.addRow([table.note]).font = { italic: true, color: { argb: 'FF555555' } };
  ws.addRow([]);
}

function sizeColumns(ws: ExcelJS.Worksheet, first = 38, others = 22): void {
  ws.columns.forEach((col, i) => {
    col.width = i === 0 ? first : others;
  });
}

/** The workbook's bytes. */
export async function reportXlsx(doc: ReportDocument): Promise<Buffer> {
  // Loaded at the first spreadsheet, not at start (issue 13: exceljs is the heaviest import of all).
  const { default: Excel } = await import('exceljs');
  const wb = new Excel.Workbook();
  wb.creator = 'Klachtwijs';
  wb.title = `${doc.title} ${doc.figures.current.period.label}`;
  wb.company = doc.organisationName;
  wb.created = new Date(doc.figures.computedAt);
  const tables = reportTables(doc);
  const f = doc.figures;

  const sum = wb.addWorksheet('Samenvatting', { views: [{ state: 'frozen', ySplit: 0 }] });
  sum.addRow([doc.title]).font = { bold: true, size: 14 };
  const info: [string, string | Date][] = [
    ['Organisatie', scopeLine(doc)],
    ['Periode', f.current.period.label],
    ['Van', asDate(f.current.period.from)],
    ['Tot en met', asDate(f.current.period.to)],
    ['Status', statusLine(doc)],
    ...(doc.finalisedAt ? ([['Vastgesteld op', asDate(doc.finalisedAt)]] as [string, Date][]) : []),
    ['Versie', AUDIENCE_LABELS[doc.audience]],
    ...(doc.article ? ([['Regeling', doc.article]] as [string, string][]) : []),
    ['Cijfers berekend op', asDate(f.computedAt)],
  ];
  for (const [label, value] of info) {
    const row = sum.addRow([label, value]);
    row.getCell(1).font = { bold: true };
    if (value instanceof Date) row.getCell(2).numFmt = DUTCH_DATE_FORMAT;
    row.getCell(2).alignment = { horizontal: 'left' };
  }
  const note = smallCellNote(doc.audience);
  if (note) sum.addRow([note]).font = { italic: true };
  sum.addRow([]);
  for (const t of tables.filter((t) => t.section === 'summary')) addTable(sum, t, doc);
  sizeColumns(sum, 44, 26);

  for (const sheet of SHEETS) {
    const inSheet = tables.filter((t) => sheet.sections.includes(t.section));
    if (!inSheet.length) continue;
    // The escalation sheet is named after the steps it has ("Escalaties en overleg" under 003).
    const name = sheet.sections.includes('escalations') ? (escalationSection(doc)?.sheet ?? sheet.name) : sheet.name;
    const ws = wb.addWorksheet(name);
    for (const t of inSheet) addTable(ws, t, doc);
    sizeColumns(ws, sheet.name === 'Termijnen' ? 26 : 38, sheet.name === 'Termijnen' ? 16 : 26);
  }

  const trends = wb.addWorksheet('Trends');
  trends.addRow(['Regel', f.trendRule]).getCell(1).font = { bold: true };
  trends.addRow([]);
  trends.addRow(['Onderwerp', 'Waarde', 'Richting', 'Uitleg']).font = { bold: true };
  for (const t of f.trends) trends.addRow([t.breakdownTitle, t.label, t.direction === 'up' ? 'Stijging' : 'Daling', trendSentence(t, doc.audience)]);
  if (!f.trends.length) trends.addRow(['Volgens deze regel is er in deze periode geen trend.']);
  sizeColumns(trends, 24, 30);
  trends.getColumn(4).width = 80;

  const texts = wb.addWorksheet('Analyse');
  const block = (title: string, body: string | undefined, empty: string) => {
    texts.addRow([title]).font = { bold: true, size: 12 };
    const row = texts.addRow([body?.trim() ? body.trim() : empty]);
    row.alignment = { wrapText: true, vertical: 'top' };
    texts.addRow([]);
  };
  block('Analyse', doc.narrative.analysis, 'Nog geen analyse geschreven.');
  block('Conclusies', doc.narrative.conclusions, 'Nog geen conclusies geschreven.');
  const exceptional = exceptionalSection(doc);
  if (exceptional) {
    texts.addRow(['Uitzonderlijke klachten']).font = { bold: true, size: 12 };
    for (const summary of exceptional) texts.addRow([summary]).alignment = { wrapText: true, vertical: 'top' };
    if (!exceptional.length) texts.addRow([NO_EXCEPTIONAL]);
  }
  texts.getColumn(1).width = 110;

  const recs = wb.addWorksheet('Aanbevelingen');
  const staff = doc.audience === 'staff';
  recs.addRow(['Nr.', 'Aanbeveling', 'Besluit van de directie', 'Datum besluit', 'Toelichting', ...(staff ? ['Vastgelegd door'] : [])]).font = { bold: true };
  for (const r of [...doc.recommendations].sort((a, b) => a.position - b.position)) {
    const row = recs.addRow([r.position, r.text, r.decision ? DECISION_LABELS[r.decision] : 'Nog geen besluit', r.decidedAt ? asDate(r.decidedAt) : '', r.decisionNote ?? '', ...(staff ? [r.decidedByName ?? ''] : [])]);
    row.getCell(4).numFmt = DUTCH_DATE_FORMAT;
    row.alignment = { wrapText: true, vertical: 'top' };
  }
  recs.columns.forEach((c, i) => {
    c.width = [6, 60, 22, 18, 50, 24][i] ?? 20;
  });

  const data = await wb.xlsx.writeBuffer();
  return Buffer.from(data as ArrayBuffer);
}
