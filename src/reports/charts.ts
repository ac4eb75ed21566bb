/**
 * Charts of a report (ADR 0016): Apache ECharts rendered on the server to SVG strings (`ssr: true`), so the
 * HTML page needs no script and the PDF draws the very same SVG (svg-to-pdfkit). Every chart has a title and
 * an accessible name (`role="img"`, `aria-label`, `<title>`); the same numbers stand in a table beside it.
 *
 * Small cells: for the board and the public a count of 1–4 is never drawn at its height. Its bar keeps the
 * colour of its series (so "op tijd" and "te laat" stay apart), is hatched with white stripes and a dashed
 * edge, reaches to 5, and its label says "< 5"; the page explains the hatching and the table says "< 5" too.
 *
 * Phones (issue: walkthrough 2 Dec 2026, labels of 5–6 px at 375 px): the charts are drawn narrow (360 wide)
 * with horizontal bars and text of at least 13 units, so on a 375 px screen the SVG is hardly scaled down and
 * no text is smaller than about 12 px; the page's CSS keeps them from growing large on a desktop.
 *
 * The SVG is made safe for the strict Content-Security-Policy of the app (no inline styles): ECharts' `style`
 * attributes become presentation attributes, its hover `<style>` block and classes go, and its ids get a
 * prefix of their own so several charts can share one page.
 */
import { createRequire } from 'node:module';
import type * as EChartsCore from 'echarts/core';
import { SMALL_CELL, type ReportAudience, type ReportDocument } from '../domain/reports/document.ts';
import { formatNumber, isHiddenCount, reportTables, type FigureTable } from './model.ts';

const require = createRequire(import.meta.url);
let echartsCore: typeof EChartsCore | null = null;

/** ECharts with the parts we draw, loaded at the first chart and not at start (issue 13: a start makes no chart). */
function echarts(): typeof EChartsCore {
  if (!echartsCore) {
    const core = require('echarts/core') as typeof EChartsCore;
    const { BarChart } = require('echarts/charts') as typeof import('echarts/charts');
    const { GridComponent, LegendComponent } = require('echarts/components') as typeof import('echarts/components');
    const { SVGRenderer } = require('echarts/renderers') as typeof import('echarts/renderers');
    core.use([BarChart, GridComponent, LegendComponent, SVGRenderer]);
    echartsCore = core;
  }
  return echartsCore;
}

export interface ChartSvg {
  /** The table the chart draws (FigureTable.key), or `terms`. */
  key: string;
  title: string;
  /** What the chart shows, for its accessible name. */
  description: string;
  svg: string;
  /** Whether a bar of 1–4 is drawn hatched (the note under the chart explains it). */
  hasHidden: boolean;
}

/** Colours with at least 3:1 contrast against white (WCAG 1.4.11), told apart by the legend and the table too. */
const PERIOD_COLOURS = ['#1d4f91', '#5b8fd4', '#8a6d00'];
const LATE_COLOUR = '#b3261e';
const FONT = 'DejaVu Sans, Verdana, sans-serif';
/** The width charts are drawn at (SVG units): about a phone's, so text is not scaled down there. */
export const CHART_WIDTH = 360;
/** What a hatched bar means, under every chart that has one (HTML and PDF). */
export const HIDDEN_BAR_NOTE = `Een gearceerde staaf met een gestippelde rand is een aantal van 1 tot en met 4 (< ${SMALL_CELL}); de kleur is die van de reeks.`;
/** The smallest text in a chart (SVG units). */
export const CHART_MIN_FONT = 13;

let chartSeq = 0;

const escapeXml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** Turns ECharts' SVG into one that works under a strict CSP and in svg-to-pdfkit (see the module comment). */
export function cleanSvg(svg: string, title: string, label: string): string {
  const prefix = `kwc${++chartSeq}`;
  let out = svg
    .replace(/<style\s*>[\s\S]*?<\/style>/g, '')
    .replace(/\s(?:class|ecmeta_[a-z_]+|pointer-events)="[^"]*"/g, '')
    .replace(/\sstyle="([^"]*)"/g, (_m, css: string) =>
      css
        .split(';')
        .map((d) => d.trim())
        .filter(Boolean)
        .map((d) => {
          const i = d.indexOf(':');
          const name = d.slice(0, i).trim();
          const value = d.slice(i + 1).trim().replace(/"/g, "'");
          return ` ${name}="${value}"`;
        })
        .join(''),
    )
    .replace(/\bzr\d+-/g, `${prefix}-`)
    .replace(/<defs\s*>\s*<\/defs>/g, '');
  out = out.replace(/^<svg\b/, `<svg role="img" aria-label="${escapeXml(label)}" focusable="false"`);
  out = out.replace(/(<svg\b[^>]*>)/, `$1<title>${escapeXml(title)}</title>`);
  return out;
}

interface BarInput {
  key: string;
  title: string;
  categories: string[];
  series: { name: string; colour: string; values: { n: number; hidden: boolean }[]; stack?: string }[];
  width?: number;
  height?: number;
}

/** Text width per character at CHART_MIN_FONT in DejaVu Sans, measured in Chromium ("Ontvangstbevestiging": 143 px, 7.2 a character), rounded up. */
const CHAR_WIDTH = 7.6;

/**
 * The width of the category labels left of the bars: 118 units, wider when a label holds a longer word (up to 168),
 * so a word is never broken in the middle and never runs off the left edge (walkthrough 3 Dec 2026: the terms chart
 * read "Ontvangstbevestigi" / "ng", its first letter cut off). Labels still wrap between words.
 */
export function categoryLabelWidth(categories: readonly string[]): number {
  const longestWord = Math.max(0, ...categories.flatMap((c) => c.split(/\s+/)).map((w) => w.length));
  return Math.min(168, Math.max(118, Math.ceil(longestWord * CHAR_WIDTH) + 4));
}

function renderBars(input: BarInput): ChartSvg {
  const width = input.width ?? CHART_WIDTH;
  // Always horizontal: the category labels stand left of their bars, on as many lines as they need.
  const perCategory = input.series.length > 1 && !input.series[0]!.stack ? 20 * input.series.length + 16 : 34;
  const legend = input.series.length > 1;
  // The legend one item a line (three period names do not fit side by side on a phone).
  const legendHeight = legend ? input.series.length * 20 + 12 : 12;
  const height = input.height ?? Math.max(150, legendHeight + 40 + input.categories.length * perCategory);
  const chart = echarts().init(null, null, { renderer: 'svg', ssr: true, width, height });
  const hasHidden = input.series.some((s) => s.values.some((v) => v.hidden));
  const font = { fontFamily: FONT, fontSize: CHART_MIN_FONT };
  const labelWidth = categoryLabelWidth(input.categories);
  const categoryAxis = { type: 'category' as const, data: input.categories, inverse: true, axisLabel: { ...font, width: labelWidth, overflow: 'break' as const, interval: 0, color: '#222', lineHeight: 15 }, axisTick: { show: false } };
  const valueAxis = { type: 'value' as const, minInterval: 1, splitNumber: 3, axisLabel: { ...font, color: '#444', hideOverlap: true, formatter: (v: number) => formatNumber(v) }, splitLine: { lineStyle: { color: '#e0e0e0' } } };
  chart.setOption({
    animation: false,
    textStyle: { fontFamily: FONT },
    legend: legend ? { top: 0, left: 0, orient: 'vertical', itemGap: 6, itemWidth: 14, itemHeight: 12, textStyle: { ...font, color: '#222' } } : { show: false },
    grid: { left: labelWidth + 10, right: 44, top: legendHeight, bottom: 28, containLabel: false },
    xAxis: valueAxis,
    yAxis: categoryAxis,
    series: input.series.map((s) => ({
      type: 'bar',
      name: s.name,
      ...(s.stack ? { stack: s.stack } : {}),
      itemStyle: { color: s.colour },
      barMaxWidth: 24,
      // A hidden small cell stays visible beside counts in the hundreds (its exact length says nothing anyway).
      barMinHeight: s.values.some((v) => v.hidden) ? 8 : 0,
      label: { show: !s.stack, position: 'right', ...font, color: '#222', formatter: (p: { dataIndex: number }) => {
        const v = s.values[p.dataIndex]!;
        return v.hidden ? `< ${SMALL_CELL}` : v.n === 0 ? '' : formatNumber(v.n);
      } },
      data: s.values.map((v) =>
        v.hidden
          ? {
              value: SMALL_CELL,
              // The series' own colour, hatched: recognisable in the legend's colour, and visibly not an exact bar.
              itemStyle: { color: s.colour, borderColor: '#222', borderWidth: 1, borderType: 'dashed', decal: { symbol: 'rect', dashArrayX: [1, 0], dashArrayY: [3, 3], rotation: Math.PI / 4, color: 'rgba(255,255,255,0.55)' } },
              // In a stack the label sits inside the bar (the bar beside it has its own).
              ...(s.stack ? { label: { show: true, position: 'inside', ...font, color: '#000', backgroundColor: '#fff', padding: [1, 2], formatter: `< ${SMALL_CELL}` } } : {}),
            }
          : v.n === 0
            ? '-' // no bar at all (a minimum length is for hidden cells, not for nothing)
            : v.n,
      ),
    })),
  });
  const raw = chart.renderToSVGString();
  chart.dispose();
  const periods = input.series.map((s) => s.name).join(', ');
  const description = `Staafdiagram: ${input.title}${input.series.length > 1 ? ` (${periods})` : ''}. De aantallen staan ook in de tabel.`;
  return { key: input.key, title: input.title, description, svg: cleanSvg(raw, input.title, description), hasHidden };
}

/** A bar chart of a table with one column per period: this period, the one before and a year earlier. */
export function periodBarChart(table: FigureTable, audience: ReportAudience, title = table.caption): ChartSvg {
  const rows = table.rows.filter((r) => !r.total);
  // A period before the regulation was in force has no counts to draw (its table says "–").
  const periodCols = table.columns
    .map((c, i) => ({ c, i }))
    .filter(({ c }) => c.period)
    .map((p, s) => ({ ...p, s }))
    .filter(({ c }) => !c.notCounted);
  return renderBars({
    key: table.key,
    title,
    categories: rows.map((r) => r.label),
    series: periodCols.map(({ c, i, s }) => ({
      name: c.short ?? c.label,
      colour: PERIOD_COLOURS[s % PERIOD_COLOURS.length]!,
      values: rows.map((r) => {
        const cell = r.cells[i]!;
        return { n: cell.t === 'count' || cell.t === 'number' ? cell.n : 0, hidden: isHiddenCount(cell, audience) };
      }),
    })),
  });
}

/** Timeliness per term in this period: on time and late stacked. */
export function termsChart(doc: ReportDocument): ChartSvg {
  const terms = doc.figures.current.terms;
  const hidden = (n: number) => isHiddenCount({ t: 'count', n }, doc.audience);
  return renderBars({
    key: 'terms',
    title: `Termijnen op tijd en te laat (${doc.figures.current.period.label})`,
    categories: terms.map((t) => t.label),
    series: [
      { name: 'Op tijd', colour: PERIOD_COLOURS[0]!, stack: 'met', values: terms.map((t) => ({ n: t.onTime, hidden: hidden(t.onTime) })) },
      { name: 'Te laat', colour: LATE_COLOUR, stack: 'met', values: terms.map((t) => ({ n: t.late, hidden: hidden(t.late) })) },
    ],
  });
}

/** The tables that get a chart: kind, every classification dimension and the outcome. */
export function chartsFor(doc: ReportDocument, tables: FigureTable[] = reportTables(doc)): Map<string, ChartSvg> {
  const charts = new Map<string, ChartSvg>();
  for (const t of tables) {
    if (t.key === 'kind') charts.set(t.key, periodBarChart(t, doc.audience, 'Ontvangen meldingen per soort'));
    else if (t.key.startsWith('class:')) charts.set(t.key, periodBarChart(t, doc.audience, `Meldingen per ${t.caption.toLowerCase()}`));
    else if (t.key === 'outcome') charts.set(t.key, periodBarChart(t, doc.audience, 'Uitkomst van de afgehandelde klachten'));
  }
  if (doc.figures.current.terms.length) charts.set('terms', termsChart(doc));
  return charts;
}
