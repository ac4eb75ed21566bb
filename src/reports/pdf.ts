/**
 * A report as PDF (issue 10, ADR 0016): A4, DejaVu Sans embedded, tagged (headings, paragraphs, tables with
 * header cells, charts as figures with their description), the same sections, tables and charts as the HTML
 * view: the very same ECharts SVG drawn with svg-to-pdfkit. The report's title and period head every page
 * after the first; "Pagina 1 van 5" at the foot of every page. Board and public: counts of 1–4 are "< 5".
 */
import type PDFDocument from 'pdfkit';
import { MM, newA4Pdf } from '../shared/pdf.ts';
import { createRequire } from 'node:module';
import type SVGtoPDFType from 'svg-to-pdfkit';
import { exceptionalSection, NO_EXCEPTIONAL, type ReportDocument } from '../domain/reports/document.ts';
import { inParentheses } from '../domain/regulation/cite.ts';
import { CHART_WIDTH, chartsFor, HIDDEN_BAR_NOTE, type ChartSvg } from './charts.ts';
import {
  AUDIENCE_LABELS,
  cellText,
  DECISION_LABELS,
  dutchDate,
  periodLine,
  reportTables,
  scopeLine,
  SECTION_TITLES,
  smallCellNote,
  regulationLine,
  statusLine,
  summarySentence,
  trendSentence,
  escalationSection,
  type FigureTable,
  type SectionKey,
} from './model.ts';

/**
 * A little extra space between words in table cells: without it poppler's pdftotext reads a right-aligned
 * "< 5" in a small font as "<5" (the space glyph is there, but its gap is below poppler's word-break guess).
 */
const WORD_SPACING = 1;
type Doc = InstanceType<typeof PDFDocument>;
type Struct = ReturnType<Doc['struct']>;

const paragraphs = (text: string | undefined) => (text ?? '').split(/\n{2,}/).map((p) => p.trim()).filter(Boolean);

/** The PDF's bytes. */
export function reportPdf(report: ReportDocument): Promise<Buffer> {
  const period = report.figures.current.period;
  const { doc, done } = newA4Pdf({ margins: { top: 22 * MM, bottom: 20 * MM, left: 18 * MM, right: 18 * MM }, info: { Title: `${report.title} ${period.label}`, Author: report.organisationName, Subject: `Rapportage ${period.label}` } });

  const left = doc.page.margins.left;
  const width = doc.page.width - left - doc.page.margins.right;
  const bottom = () => doc.page.height - doc.page.margins.bottom;
  const root = doc.struct('Document');
  doc.addStructure(root);
  const ensure = (space: number) => {
    if (doc.y + space > bottom()) doc.addPage();
  };

  const heading = (text: string, level: 1 | 2 | 3) => {
    const size = level === 1 ? 18 : level === 2 ? 14 : 11.5;
    ensure(size * 3);
    if (level > 1) doc.moveDown(level === 2 ? 1 : 0.6);
    root.add(doc.struct(`H${level}`, {}, () => {
      doc.font('bold').fontSize(size).fillColor('#1a1a1a').text(text, left, doc.y, { width });
    }));
    doc.moveDown(0.3);
  };
  const para = (text: string, opts: { muted?: boolean; size?: number } = {}) => {
    const size = opts.size ?? 10;
    doc.font('body').fontSize(size);
    ensure(Math.min(doc.heightOfString(text, { width }), 60));
    root.add(doc.struct('P', {}, () => {
      doc.font('body').fontSize(size).fillColor(opts.muted ? '#555555' : '#1a1a1a').text(text, left, doc.y, { width, lineGap: 1.5 });
    }));
    doc.fillColor('#1a1a1a');
    doc.moveDown(0.5);
  };
  const list = (items: string[]) => {
    for (const item of items) {
      doc.font('body').fontSize(10);
      ensure(doc.heightOfString(item, { width: width - 12 }));
      root.add(doc.struct('P', {}, () => {
        doc.font('body').fontSize(10).text(`•  ${item}`, left, doc.y, { width, lineGap: 1.5, indent: 0 });
      }));
      doc.moveDown(0.3);
    }
    doc.moveDown(0.3);
  };

  const chart = (c: ChartSvg) => {
    // Drawn about as wide as on a phone (CHART_WIDTH), so its text is as large as the tables' small print.
    const svgWidth = Number(/width="(\d+)"/.exec(c.svg)?.[1] ?? CHART_WIDTH);
    const scale = Math.min(width * 0.75, svgWidth) / svgWidth;
    const w = svgWidth * scale;
    const h = Number(/height="(\d+)"/.exec(c.svg)?.[1] ?? 300) * scale;
    ensure(h + 30);
    const y = doc.y;
    root.add(doc.struct('Figure', { alt: c.description }, () => {
      (createRequire(import.meta.url)('svg-to-pdfkit') as typeof SVGtoPDFType)(doc as never, c.svg, left, y, {
        width: w,
        height: h,
        fontCallback: (_family, isBold) => (isBold ? 'bold' : 'body'),
        warningCallback: () => undefined,
      });
    }));
    doc.x = left;
    doc.y = y + h + 12;
    if (c.hasHidden && report.audience !== 'staff') para(HIDDEN_BAR_NOTE, { muted: true, size: 8.5 });
    doc.moveDown(0.4);
  };

  /** A table: the first column for the row labels, header cells repeated on a new page. */
  const table = (t: FigureTable) => {
    if (t.empty && !t.rows.length) {
      para(t.empty);
      doc.moveDown(0.4);
      return;
    }
    const cols = t.columns.length + 1;
    const firstWidth = Math.min(width * 0.34, Math.max(width / cols, 120));
    const otherWidth = (width - firstWidth) / (cols - 1);
    const widths = [firstWidth, ...t.columns.map(() => otherWidth)];
    const size = cols > 6 ? 7.5 : 8.5;
    const pad = 3;
    const caption = `${t.caption}${t.article ? ` ${inParentheses(t.article)}` : ''}`;
    doc.font('bold').fontSize(9.5);
    ensure(doc.heightOfString(caption, { width }) + 60);
    const tableStruct: Struct = doc.struct('Table');
    root.add(tableStruct);
    tableStruct.add(doc.struct('Caption', {}, () => {
      doc.font('bold').fontSize(9.5).fillColor('#1a1a1a').text(caption, left, doc.y, { width });
    }));
    doc.moveDown(0.2);
    const header = [t.rowHeader, ...t.columns.map((c) => c.label)];
    const fontOf = (i: number, kind: 'head' | 'body' | 'total') => (kind !== 'body' || i === 0 ? 'bold' : 'body');
    const rowHeight = (texts: string[], kind: 'head' | 'body' | 'total') =>
      Math.max(...texts.map((s, i) => doc.font(fontOf(i, kind)).fontSize(size).heightOfString(s, { width: widths[i]! - 2 * pad, wordSpacing: WORD_SPACING }))) + 2 * pad;
    const drawRow = (texts: string[], kind: 'head' | 'body' | 'total') => {
      const h = rowHeight(texts, kind);
      if (doc.y + h > bottom()) {
        doc.addPage();
        if (kind !== 'head') drawRow(header, 'head');
      }
      const y = doc.y;
      if (kind === 'head') doc.rect(left, y, width, h).fill('#eef1f6');
      const tr = doc.struct('TR');
      tableStruct.add(tr);
      let x = left;
      texts.forEach((s, i) => {
        const isHeader = kind === 'head' || i === 0;
        tr.add(doc.struct(isHeader ? 'TH' : 'TD', {}, () => {
          doc.font(fontOf(i, kind)).fontSize(size).fillColor('#1a1a1a')
            .text(s, x + pad, y + pad, { width: widths[i]! - 2 * pad, align: i === 0 ? 'left' : 'right', wordSpacing: WORD_SPACING });
        }));
        x += widths[i]!;
      });
      doc.moveTo(left, y + h).lineTo(left + width, y + h).lineWidth(0.5).strokeColor('#c4c4c4').stroke();
      doc.x = left;
      doc.y = y + h;
    };
    drawRow(header, 'head');
    for (const r of t.rows) drawRow([r.label, ...r.cells.map((c) => cellText(c, report.audience))], r.total ? 'total' : 'body');
    doc.moveDown(0.4);
    if (t.note) para(t.note, { muted: true, size: 8 });
    doc.moveDown(0.4);
  };

  const tables = reportTables(report);
  const charts = chartsFor(report, tables);
  const f = report.figures;
  const inSection = (s: SectionKey) => tables.filter((t) => t.section === s);

  // Title page block.
  heading(report.title, 1);
  for (const [label, value] of [
    ['Organisatie', scopeLine(report)],
    ['Periode', periodLine(report)],
    ['Status', statusLine(report)],
    ['Versie', AUDIENCE_LABELS[report.audience]],
    ...(report.article ? [['Regeling', regulationLine(report.article)]] : []),
  ] as [string, string][]) {
    root.add(doc.struct('P', {}, () => {
      doc.font('bold').fontSize(10).text(`${label}: `, left, doc.y, { continued: true, width }).font('body').text(value);
    }));
  }
  doc.moveDown(0.6);
  const note = smallCellNote(report.audience);
  if (note) para(note, { muted: true, size: 9 });

  heading(SECTION_TITLES.summary, 2);
  para(summarySentence(report));
  for (const t of inSection('summary')) table(t);

  for (const section of ['breakdowns', 'classification'] as const) {
    if (!inSection(section).length) continue;
    heading(SECTION_TITLES[section], 2);
    for (const t of inSection(section)) {
      const c = charts.get(t.key);
      if (c) chart(c);
      table(t);
    }
  }

  heading(SECTION_TITLES.terms, 2);
  const termsChart = charts.get('terms');
  if (termsChart) chart(termsChart);
  for (const t of inSection('terms')) table(t);

  const escalation = escalationSection(report);
  if (escalation) {
    heading(escalation.heading, 2);
    para(escalation.sentence);
    for (const t of [...inSection('escalations'), ...inSection('external')]) table(t);
  }

  heading('Trends', 2);
  para(`Regel: ${f.trendRule}`);
  if (f.trends.length) list(f.trends.map((t) => trendSentence(t, report.audience)));
  else para('Volgens deze regel is er in deze periode geen trend.');

  const exceptional = exceptionalSection(report);
  if (exceptional) {
    heading('Uitzonderlijke klachten', 2);
    if (exceptional.length) list([...exceptional]);
    else para(NO_EXCEPTIONAL);
  }

  heading('Analyse en conclusies', 2);
  heading('Analyse', 3);
  const analysis = paragraphs(report.narrative.analysis);
  if (analysis.length) for (const p of analysis) para(p);
  else para('Nog geen analyse geschreven.', { muted: true });
  heading('Conclusies', 3);
  const conclusions = paragraphs(report.narrative.conclusions);
  if (conclusions.length) for (const p of conclusions) para(p);
  else para('Nog geen conclusies geschreven.', { muted: true });

  heading('Aanbevelingen', 2);
  if (report.recommendations.length) {
    for (const r of [...report.recommendations].sort((a, b) => a.position - b.position)) {
      const decision = r.decision
        ? `${DECISION_LABELS[r.decision]}${r.decidedAt ? ` op ${dutchDate(r.decidedAt)}` : ''}${report.audience === 'staff' && r.decidedByName ? ` door ${r.decidedByName}` : ''}`
        : 'Nog geen besluit';
      para(`${r.position}. ${r.text}`);
      para(`Besluit van de directie: ${decision}${r.decisionNote ? `. ${r.decisionNote}` : ''}`, { muted: true, size: 9 });
    }
  } else para('Geen aanbevelingen.');

  heading(SECTION_TITLES.measures, 2);
  for (const t of inSection('measures')) table(t);
  para(`Cijfers berekend op ${dutchDate(f.computedAt)} uit de geanonimiseerde gegevens van de klachten. Er staan geen namen, adressen of beschrijvingen van klachten in.`, { muted: true, size: 8.5 });
  root.end();

  // Running header (title and period, from page 2) and page numbers, as artifacts.
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    const savedBottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    if (i > range.start) {
      doc.markContent('Artifact', { type: 'Pagination' });
      doc.font('body').fontSize(8).fillColor('#555555').text(`${report.title} · ${period.label}`, left, 10 * MM, { width, lineBreak: false, ellipsis: true });
      doc.endMarkedContent();
    }
    doc.markContent('Artifact', { type: 'Pagination' });
    doc.font('body').fontSize(8).fillColor('#555555').text(`Pagina ${i - range.start + 1} van ${range.count}`, left, doc.page.height - 12 * MM, { width, align: 'right', lineBreak: false });
    doc.endMarkedContent();
    doc.page.margins.bottom = savedBottom;
  }
  doc.end();
  return done;
}
