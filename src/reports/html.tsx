import type { ReportDocument } from '../domain/reports/document.ts';
import { shownCount } from '../domain/reports/document.ts';

/**
 * The HTML view of a report document. Core stub (issue 10): plain tables only; the outputs lane replaces it
 * with the full view with charts. Counts go through `shownCount`, so board and public see "< 5" for small cells.
 */
export const ReportView = ({ doc }: { doc: ReportDocument }) => (
  <article class="kw-report">
    <h2 class="utrecht-heading-2">{doc.title}</h2>
    {doc.figures.current.breakdowns.map((b) => (
      <table class="utrecht-table">
        <caption class="utrecht-table__caption">{b.title}</caption>
        <tbody class="utrecht-table__body">
          {b.rows.map((r) => (
            <tr class="utrecht-table__row">
              <th scope="row" class="utrecht-table__header-cell">{r.label}</th>
              <td class="utrecht-table__cell">{shownCount(r.count, doc.audience)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    ))}
  </article>
);

/** A whole standalone HTML page for a report (the CLI's `--format html`). */
export function reportHtmlDocument(doc: ReportDocument): string {
  return `<!doctype html><html lang="nl"><head><meta charset="utf-8"><title>${escapeHtml(doc.title)}</title></head><body>${String(<ReportView doc={doc} />)}</body></html>`;
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}
