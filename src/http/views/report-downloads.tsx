import type { FC } from 'hono/jsx';

/**
 * "Downloaden" links for a stored report's page (issue 10): PDF, Excel and CSV of the board's version (no counts
 * of 1–4), and for staff who may also the version with exact counts. Plain links: works without JavaScript.
 */
export const ReportDownloads: FC<{ reportId: string; staff: boolean }> = ({ reportId, staff }) => {
  const base = `/rapportages/${reportId}/download`;
  const formats: [string, string][] = [['pdf', 'PDF'], ['xlsx', 'Excel (xlsx)'], ['csv', 'CSV']];
  return (
    <section aria-labelledby="h-downloaden" class="kw-report-downloads">
      <h2 class="utrecht-heading-2" id="h-downloaden">Downloaden</h2>
      <p class="utrecht-paragraph">Versie voor het bestuur, zonder persoonsgegevens (aantallen van 1 tot en met 4 als "&lt; 5"):</p>
      <ul class="utrecht-unordered-list">
        {formats.map(([ext, label]) => (
          <li><a class="utrecht-link" href={`${base}.${ext}`} download>{`${label}`}</a></li>
        ))}
      </ul>
      {staff ? (
        <>
          <p class="utrecht-paragraph">Versie met precieze aantallen, alleen voor medewerkers:</p>
          <ul class="utrecht-unordered-list">
            {formats.map(([ext, label]) => (
              <li><a class="utrecht-link" href={`${base}.${ext}?versie=medewerkers`} download>{`${label}, precieze aantallen`}</a></li>
            ))}
          </ul>
        </>
      ) : null}
    </section>
  );
};
