/**
 * The HTML view of a report (issue 10, ADR 0016): title, scope, period and status; per section the figures
 * as tables (caption, `th scope`) with the period before and the same period a year earlier beside them, the
 * charts as inline SVG rendered on the server (no script), the trends with the rule they were marked by, the
 * terms with median and 90th percentile, open and overdue at the end, escalations, external procedures,
 * satisfaction, the exceptional complaints, the analysis and conclusions, the recommendations with the
 * directie's decision, and the status of the improvement measures.
 *
 * It shows only what the document holds (figures and the texts written for the report). For the board and the
 * public, counts of 1–4 are "< 5" (model.ts). `ReportView` is the component in the app's pages (utrecht-* and
 * kw-* classes); `reportHtmlDocument` is a standalone page with its CSS inline, for `reports generate`.
 */
import type { FC } from 'hono/jsx';
import { raw } from 'hono/html';
import { exceptionalSection, NO_EXCEPTIONAL, type ReportDocument } from '../domain/reports/document.ts';
import { inParentheses } from '../domain/regulation/cite.ts';
import { chartsFor, HIDDEN_BAR_NOTE, type ChartSvg } from './charts.ts';
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

const paragraphs = (text: string | undefined) => (text ?? '').split(/\n{2,}/).map((p) => p.trim()).filter(Boolean);

const FigureTableView: FC<{ table: FigureTable; doc: ReportDocument }> = ({ table, doc }) => table.empty && !table.rows.length ? (
  <p class="utrecht-paragraph">{table.empty}</p>
) : (
  <>
    <div class="kw-table-scroll" role="region" aria-label={table.caption} tabindex={0}>
      <table class="utrecht-table kw-figures">
        <caption class="utrecht-table__caption">
          {table.caption}
          {table.article ? ` ${inParentheses(table.article)}` : ''}
        </caption>
        <thead class="utrecht-table__header">
          <tr class="utrecht-table__row">
            <th class="utrecht-table__header-cell" scope="col">{table.rowHeader}</th>
            {table.columns.map((c) => (
              <th class="utrecht-table__header-cell kw-num" scope="col">{c.label}</th>
            ))}
          </tr>
        </thead>
        <tbody class="utrecht-table__body">
          {table.rows.map((r) => (
            <tr class={`utrecht-table__row${r.total ? ' kw-figures__total' : ''}`}>
              <th class="utrecht-table__header-cell" scope="row">{r.label}</th>
              {r.cells.map((cell) => (
                <td class={`utrecht-table__cell${cell.t === 'text' ? '' : ' kw-num'}`}>{cellText(cell, doc.audience)}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
    {table.note ? <p class="utrecht-paragraph kw-muted">{table.note}</p> : null}
  </>
);

const ChartView: FC<{ chart: ChartSvg; doc: ReportDocument }> = ({ chart, doc }) => (
  <figure class="kw-chart">
    <div class="kw-chart__svg">{raw(chart.svg)}</div>
    <figcaption class="kw-muted">
      {chart.title}. De cijfers staan ook in de tabel.
      {chart.hasHidden && doc.audience !== 'staff' ? ` ${HIDDEN_BAR_NOTE}` : ''}
    </figcaption>
  </figure>
);

const SECTION_IDS: Record<SectionKey, string> = {
  summary: 'kerncijfers',
  breakdowns: 'kenmerken',
  classification: 'onderwerpen',
  terms: 'termijnen',
  escalations: 'escalaties',
  external: 'extern',
  measures: 'maatregelen',
};

/** A heading of a level (the view starts its sections at h2, or at h3 inside a page that has its own h2). */
const H: FC<{ level: number; id?: string; children?: unknown }> = ({ level, id, children }) => {
  const Tag = `h${Math.min(level, 6)}` as 'h2';
  return <Tag class={`utrecht-heading-${Math.min(level, 6)}`} {...(id ? { id } : {})}>{children as string}</Tag>;
};

export interface ReportViewProps {
  doc: ReportDocument;
  /**
   * Inside a page that shows the title and metadata itself, under its own h2 (the report pages): leave out the
   * h1 and the metadata, and start the sections at h3.
   */
  embedded?: boolean;
}

/** The whole report as hono/jsx: tables, charts and texts; works without JavaScript. */
export const ReportView: FC<ReportViewProps> = ({ doc, embedded }) => {
  const top = embedded ? 3 : 2;
  const tables = reportTables(doc);
  const charts = chartsFor(doc, tables);
  const f = doc.figures;
  const note = smallCellNote(doc.audience);
  const inSection = (s: SectionKey) => tables.filter((t) => t.section === s);
  const tablesWithCharts = (s: SectionKey) =>
    inSection(s).map((t) => (
      <div class="kw-report__block">
        {charts.get(t.key) ? <ChartView chart={charts.get(t.key)!} doc={doc} /> : null}
        <FigureTableView table={t} doc={doc} />
      </div>
    ));
  const exceptional = exceptionalSection(doc);
  const escalation = escalationSection(doc);
  const toc: [string, string][] = [
    ['kerncijfers', SECTION_TITLES.summary],
    ['kenmerken', SECTION_TITLES.breakdowns],
    ...(inSection('classification').length ? ([['onderwerpen', SECTION_TITLES.classification]] as [string, string][]) : []),
    ['termijnen', SECTION_TITLES.terms],
    ...(escalation ? ([['escalaties', escalation.heading]] as [string, string][]) : []),
    ['trends', 'Trends'],
    ...(exceptional ? ([['uitzonderlijk', 'Uitzonderlijke klachten']] as [string, string][]) : []),
    ['analyse', 'Analyse en conclusies'],
    ['aanbevelingen', 'Aanbevelingen'],
    ['maatregelen', SECTION_TITLES.measures],
  ];
  return (
    <article class="kw-report" lang="nl">
      {embedded ? null : <h1 class="utrecht-heading-1">{doc.title}</h1>}
      {embedded ? null : (
        <dl class="kw-dl">
          <div class="kw-dl__row"><dt>Organisatie</dt><dd>{scopeLine(doc)}</dd></div>
          <div class="kw-dl__row"><dt>Periode</dt><dd>{periodLine(doc)}</dd></div>
          <div class="kw-dl__row"><dt>Status</dt><dd>{statusLine(doc)}</dd></div>
          <div class="kw-dl__row"><dt>Versie</dt><dd>{AUDIENCE_LABELS[doc.audience]}</dd></div>
          {doc.article ? <div class="kw-dl__row"><dt>Regeling</dt><dd>{regulationLine(doc.article)}</dd></div> : null}
        </dl>
      )}
      {note ? <p class="utrecht-paragraph kw-report__note">{note}</p> : null}
      <nav aria-label="Inhoud van de rapportage" class="kw-report__toc">
        <H level={top}>Inhoud</H>
        <ol>
          {toc.map(([id, title]) => (
            <li><a class="utrecht-link" href={`#${id}`}>{title}</a></li>
          ))}
        </ol>
      </nav>

      <section id={SECTION_IDS.summary}>
        <H level={top} id="h-kerncijfers">{SECTION_TITLES.summary}</H>
        <p class="utrecht-paragraph">
          {summarySentence(doc)}
        </p>
        {tablesWithCharts('summary')}
      </section>

      <section id={SECTION_IDS.breakdowns}>
        <H level={top} id="h-kenmerken">{SECTION_TITLES.breakdowns}</H>
        {tablesWithCharts('breakdowns')}
      </section>

      {inSection('classification').length ? (
        <section id={SECTION_IDS.classification}>
          <H level={top} id="h-onderwerpen">{SECTION_TITLES.classification}</H>
          {tablesWithCharts('classification')}
        </section>
      ) : null}

      <section id={SECTION_IDS.terms}>
        <H level={top} id="h-termijnen">{SECTION_TITLES.terms}</H>
        {charts.get('terms') ? <ChartView chart={charts.get('terms')!} doc={doc} /> : null}
        {inSection('terms').map((t) => <FigureTableView table={t} doc={doc} />)}
      </section>

      {escalation ? (
        <section id={SECTION_IDS.escalations}>
          <H level={top} id="h-escalaties">{escalation.heading}</H>
          <p class="utrecht-paragraph">{escalation.sentence}</p>
          {inSection('escalations').map((t) => <FigureTableView table={t} doc={doc} />)}
          {inSection('external').map((t) => <FigureTableView table={t} doc={doc} />)}
        </section>
      ) : null}

      <section id="trends">
        <H level={top} id="h-trends">Trends</H>
        <p class="utrecht-paragraph">{`Regel: ${f.trendRule}`}</p>
        {f.trends.length ? (
          <ul class="utrecht-unordered-list">
            {f.trends.map((t) => (
              <li>{trendSentence(t, doc.audience)}</li>
            ))}
          </ul>
        ) : (
          <p class="utrecht-paragraph">Volgens deze regel is er in deze periode geen trend.</p>
        )}
      </section>

      {exceptional ? (
        <section id="uitzonderlijk">
          <H level={top} id="h-uitzonderlijk">Uitzonderlijke klachten</H>
          {exceptional.length ? (
            <ul class="utrecht-unordered-list">
              {exceptional.map((summary) => (
                <li>{summary}</li>
              ))}
            </ul>
          ) : (
            <p class="utrecht-paragraph">{NO_EXCEPTIONAL}</p>
          )}
        </section>
      ) : null}

      <section id="analyse">
        <H level={top} id="h-analyse">Analyse en conclusies</H>
        <H level={top + 1}>Analyse</H>
        {paragraphs(doc.narrative.analysis).length ? paragraphs(doc.narrative.analysis).map((p) => <p class="utrecht-paragraph kw-prewrap">{p}</p>) : <p class="utrecht-paragraph kw-muted">Nog geen analyse geschreven.</p>}
        <H level={top + 1}>Conclusies</H>
        {paragraphs(doc.narrative.conclusions).length ? paragraphs(doc.narrative.conclusions).map((p) => <p class="utrecht-paragraph kw-prewrap">{p}</p>) : <p class="utrecht-paragraph kw-muted">Nog geen conclusies geschreven.</p>}
      </section>

      <section id="aanbevelingen">
        <H level={top} id="h-aanbevelingen">Aanbevelingen</H>
        {doc.recommendations.length ? (
          <div class="kw-table-scroll" role="region" aria-label="Aanbevelingen en het besluit van de directie" tabindex={0}>
            <table class="utrecht-table">
              <caption class="utrecht-table__caption">Aanbevelingen en het besluit van de directie</caption>
              <thead class="utrecht-table__header">
                <tr class="utrecht-table__row">
                  <th class="utrecht-table__header-cell" scope="col">Nr.</th>
                  <th class="utrecht-table__header-cell" scope="col">Aanbeveling</th>
                  <th class="utrecht-table__header-cell" scope="col">Besluit van de directie</th>
                  <th class="utrecht-table__header-cell" scope="col">Toelichting</th>
                </tr>
              </thead>
              <tbody class="utrecht-table__body">
                {[...doc.recommendations].sort((a, b) => a.position - b.position).map((r) => (
                  <tr class="utrecht-table__row">
                    <th class="utrecht-table__header-cell" scope="row">{String(r.position)}</th>
                    <td class="utrecht-table__cell kw-prewrap">{r.text}</td>
                    <td class="utrecht-table__cell">
                      {r.decision ? DECISION_LABELS[r.decision] : 'Nog geen besluit'}
                      {r.decision && r.decidedAt ? ` op ${dutchDate(r.decidedAt)}` : ''}
                      {doc.audience === 'staff' && r.decidedByName ? ` door ${r.decidedByName}` : ''}
                    </td>
                    <td class="utrecht-table__cell kw-prewrap">{r.decisionNote ?? ''}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : (
          <p class="utrecht-paragraph">Geen aanbevelingen.</p>
        )}
      </section>

      <section id={SECTION_IDS.measures}>
        <H level={top} id="h-maatregelen">{SECTION_TITLES.measures}</H>
        {inSection('measures').map((t) => <FigureTableView table={t} doc={doc} />)}
      </section>

      <p class="utrecht-paragraph kw-muted">
        {`Cijfers berekend op ${dutchDate(f.computedAt)} uit de geanonimiseerde gegevens van de klachten. Er staan geen namen, adressen of beschrijvingen van klachten in.`}
      </p>
    </article>
  );
};

/** The CSS of the report, for the standalone page (the app has the same rules in klachtwijs.css). */
export const REPORT_CSS = `
body { font-family: "DejaVu Sans", Verdana, Arial, sans-serif; color: #1a1a1a; margin: 0; line-height: 1.5; }
main { max-width: 72rem; margin: 0 auto; padding: 1rem; }
h1 { font-size: 1.8rem; margin: 0.5rem 0 1rem; } h2 { font-size: 1.35rem; margin: 2rem 0 0.75rem; } h3 { font-size: 1.1rem; }
a { color: #1d4f91; }
.kw-dl { display: grid; grid-template-columns: minmax(9rem, max-content) minmax(0, 1fr); gap: 0.35rem 1rem; margin: 0 0 1rem; }
.kw-dl__row { display: contents; } .kw-dl dt { font-weight: 600; } .kw-dl dd { margin: 0; }
.kw-table-scroll { overflow-x: auto; position: relative; }
table { border-collapse: collapse; width: 100%; margin: 1rem 0; }
caption { text-align: start; font-weight: 600; margin-bottom: 0.5rem; }
th, td { text-align: start; vertical-align: top; border-bottom: 1px solid #c4c4c4; padding: 0.5rem; }
.kw-muted { color: #555; font-size: 0.95rem; }
.kw-prewrap { white-space: pre-line; }
${'' /* shared rules below are also in klachtwijs.css */}
.kw-num { text-align: end; font-variant-numeric: tabular-nums; }
.kw-figures__total th, .kw-figures__total td { font-weight: 700; }
.kw-chart { margin: 1rem 0; max-width: 28rem; }
.kw-chart svg { width: 100%; height: auto; display: block; }
.kw-report__note { border-inline-start: 4px solid #1d4f91; padding-inline-start: 0.75rem; }
.kw-report__block { margin-block-end: 1.5rem; }
@media print { .kw-report__toc { display: none; } .kw-report__block, .kw-chart { break-inside: avoid; } }
`;

/** A whole standalone HTML page of the report (`klachtwijs reports generate --format html`). */
export function reportHtmlDocument(doc: ReportDocument): string {
  const body = (<ReportView doc={doc} />).toString();
  const title = `${doc.title} ${doc.figures.current.period.label}`.replace(/&/g, '&amp;').replace(/</g, '&lt;');
  return `<!DOCTYPE html><html lang="nl"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${title}</title><style>${REPORT_CSS}</style></head><body><main>${String(body)}</main></body></html>`;
}
