import type { FC } from 'hono/jsx';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/types.ts';
import { formatDutchDate } from '../../domain/deadlines/index.ts';
import { articleRef, cite, inParentheses, withArticle } from '../../domain/regulation/cite.ts';
import { ORGANISATION_CHOICE } from '../../domain/regulation/schema.ts';
import { exceptionalSection, type ReportDocument } from '../../domain/reports/document.ts';
import { PERIODIC_LENGTH_LABELS, PERIODIC_LENGTHS } from '../../domain/reports/due.ts';
import { parsePeriod, periodNotEnded } from '../../domain/reports/periods.ts';
import { ReportView } from '../../reports/html.tsx';
import { hasRole, type Actor } from '../../usecases/actor.ts';
import { listReports, reportsDue, type DueItem, type ExceptionalCandidate, type ReportDetail, type ReportListItem, type ReportsDue } from '../../usecases/reports/reports.ts';
import { today } from '../../usecases/complaints/dossier.ts';
import { capitalise } from '../../shared/text.ts';
import { Alert, CheckboxField, CsrfField, ErrorSummary, SelectField, SubmitButton, TextArea, TextField, type FieldErrors } from './forms.tsx';

/**
 * Pages for reports (issue 10): the list (due, drafts, final, a form to make any report), one report (the
 * narrative form, recommendations, finalising with a confirmation; final: read only, the decision per
 * recommendation, downloads) and the start-page sections. Plain forms with CSRF; no script needed. For the
 * board nothing personal: only figures (small counts as "< 5" through ReportView) and the report's own texts.
 */

const dutchDay = (d: Date) => formatDutchDate(today(d));

/** Who the report is for, in a sentence ("Het bestuur", "De directie en het bestuur"); null: the regulation names no role. */
function readersOf(audienceLabels: readonly string[]): { who: string; plural: boolean } | null {
  return audienceLabels.length ? { who: capitalise(audienceLabels.map(withArticle).join(' en ')), plural: audienceLabels.length > 1 } : null;
}

/**
 * The warning above a report's own text: no personal data, because its audience reads it. The audience is the one the
 * regulation gives the report (001 art. 3.5: de directie; 003 "Rapportage / verantwoording": het bestuur, the annual
 * report de Directie), not always the board.
 */
export function personalDataWarning(audienceLabels: readonly string[]): string {
  const readers = readersOf(audienceLabels);
  return `Schrijf geen namen of andere persoonsgegevens: geen namen, adressen, e-mailadressen, telefoonnummers of kenmerken van een klacht. ${
    readers ? `${readers.who} ${readers.plural ? 'lezen' : 'leest'} deze tekst.` : 'Wie de rapportage krijgt, leest deze tekst.'
  }`;
}

const DueList: FC<{ items: DueItem[]; csrf: string; headingId: string }> = ({ items, csrf, headingId }) => (
  <ul class="utrecht-unordered-list kw-reports-due" aria-labelledby={headingId}>
    {items.map((d) => (
      <li class="utrecht-unordered-list__item">
        {d.reportId ? (
          <a class="utrecht-link" href={`/rapportages/${d.reportId}`}>
            {d.title}
          </a>
        ) : (
          d.title
        )}{' '}
        <span class="kw-muted">
          (door de {d.authorLabel}
          {d.authorChoice ? ` (${ORGANISATION_CHOICE})` : ''}
          {d.article ? `; ${articleRef(d.article)}` : ''}){d.reportId ? ': concept gemaakt' : ''}
        </span>{' '}
        {d.reportId ? null : (
          <form method="post" action="/rapportages" class="kw-inline-form">
            <CsrfField token={csrf} />
            <input type="hidden" name="reportKey" value={d.key} />
            <input type="hidden" name="period" value={d.period.key} />
            <input type="hidden" name="unitId" value={d.unitId ?? ''} />
            <button type="submit" class="utrecht-button utrecht-button--secondary-action">
              Maken<span class="kw-visually-hidden">: {d.title}</span>
            </button>
          </form>
        )}
      </li>
    ))}
  </ul>
);

/**
 * Start page, coordinator and author role: the reports the regulation asks for that are not final yet. Only with
 * content: the heading "Rapportages die klaar moeten" only over reports to make; a coordinator or admin who has none to
 * make but must still choose how often the "periodieke" report comes sees that one question under its own heading
 * (a bare "Rapportages die klaar moeten (0)" over it read as a heading without content, walking the demo as admin).
 */
export const ReportsDueSection: FC<{ due: ReportsDue; csrf: string }> = ({ due, csrf }) => {
  const choose = due.needsPeriodicLength.length ? (
    <p class="utrecht-paragraph">
      {due.due.length ? null : (
        <>
          De klachtenregeling vraagt om {due.needsPeriodicLength.length === 1 ? 'een periodieke rapportage' : 'periodieke rapportages'}
          {due.needsPeriodicLength.map((n) => ` ${inParentheses(articleRef(n.article))}`).join('')}. Hoe vaak die komt, is nog niet gekozen.{' '}
        </>
      )}
      <a class="utrecht-link" href="/rapportages#hoe-vaak">Kies hoe vaak de periodieke rapportage komt</a>
    </p>
  ) : null;
  if (due.due.length)
    return (
      <section aria-labelledby="rapportages-klaar" class="kw-worklist">
        <h2 class="utrecht-heading-2" id="rapportages-klaar">
          Rapportages die klaar moeten <span class="kw-count">({due.due.length})</span>
        </h2>
        <DueList items={due.due} csrf={csrf} headingId="rapportages-klaar" />
        {choose}
      </section>
    );
  if (choose)
    return (
      <section aria-labelledby="rapportages-hoe-vaak" class="kw-worklist">
        <h2 class="utrecht-heading-2" id="rapportages-hoe-vaak">
          Periodieke rapportage
        </h2>
        {choose}
      </section>
    );
  return null;
};

/** What the start page's reports section shows: the board's final reports, or the reports due. */
export type ReportsStart = { board: ReportListItem[] } | { board: null; due: ReportsDue };

/**
 * The start page's reports section, read beside the page's other sections (start.tsx): for who makes reports
 * (coordinator, author role) the ones due; for the board the final reports, in place of the old note (nothing personal).
 */
export async function reportsStart(db: Kysely<DB>, actor: Actor): Promise<ReportsStart> {
  return hasRole(actor, 'board') ? { board: await listReports(db, actor) } : { board: null, due: await reportsDue(db, actor) };
}

/** The start page's reports section, from `reportsStart`. */
export const ReportsStartSection: FC<{ data: ReportsStart; csrfToken: string }> = ({ data, csrfToken }) =>
  data.board ? <BoardReportsSection reports={data.board} /> : <ReportsDueSection due={data.due} csrf={csrfToken} />;

/** Start page, board: the final reports (title, period, date). Nothing personal. */
export const BoardReportsSection: FC<{ reports: ReportListItem[] }> = ({ reports }) => {
  const finals = reports.filter((r) => r.status === 'final');
  return (
    <section aria-labelledby="rapportages-bestuur" class="kw-worklist">
      <h2 class="utrecht-heading-2" id="rapportages-bestuur">
        Rapportages <span class="kw-count">({finals.length})</span>
      </h2>
      <p class="utrecht-paragraph">Rapportages zonder persoonsgegevens: alleen aantallen (kleine aantallen als "&lt; 5") en de teksten die voor de rapportage zijn geschreven.</p>
      {finals.length ? <ReportTable items={finals} caption="Definitieve rapportages" /> : <p class="utrecht-paragraph kw-muted">Er zijn nog geen definitieve rapportages.</p>}
    </section>
  );
};

const ReportTable: FC<{ items: ReportListItem[]; caption: string }> = ({ items, caption }) => (
  <div class="kw-table-scroll">
    <table class="utrecht-table">
      <caption class="utrecht-table__caption">{caption}</caption>
      <thead class="utrecht-table__header">
        <tr class="utrecht-table__row">
          <th class="utrecht-table__header-cell" scope="col">Rapportage</th>
          <th class="utrecht-table__header-cell" scope="col">Periode</th>
          <th class="utrecht-table__header-cell" scope="col">{items.some((i) => i.status === 'final') ? 'Definitief op' : 'Gemaakt op'}</th>
        </tr>
      </thead>
      <tbody class="utrecht-table__body">
        {items.map((r) => (
          <tr class="utrecht-table__row">
            <td class="utrecht-table__cell">
              <a class="utrecht-link" href={`/rapportages/${r.id}`}>
                {r.title}
              </a>
            </td>
            <td class="utrecht-table__cell">{parsePeriod(r.period)?.label ?? r.period}</td>
            <td class="utrecht-table__cell">{dutchDay(r.finalisedAt ?? r.createdAt)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  </div>
);

const START_LABELS = { reportKey: 'Rapportage', period: 'Periode', unitId: 'Voor', periodicLength: 'Hoe vaak' };

export const ReportsIndex: FC<{
  staff: boolean;
  due: ReportsDue | null;
  reports: ReportListItem[];
  kinds: { key: string; title: string; article: string }[];
  units: { id: string; name: string; depth: number }[];
  /** May make a report for the whole organisation (an organisation-wide coordinator or author role). */
  wholeOrganisation: boolean;
  csrf: string;
  form: Record<string, string>;
  errors: FieldErrors;
  done?: string | undefined;
  /** Link to the yearly meeting (gov lane, ADR 0018): for who prepares it and the board. */
  meetingLink?: boolean | undefined;
}> = (p) => {
  const drafts = p.reports.filter((r) => r.status === 'draft');
  const finals = p.reports.filter((r) => r.status === 'final');
  return (
    <>
      <h1 class="utrecht-heading-1">Rapportages</h1>
      <p class="utrecht-paragraph">
        De klachtenregeling zegt welke rapportages er komen, hoe vaak, wie ze maakt en voor wie. De cijfers komen uit de anonieme registratie: er staan geen namen of
        andere persoonsgegevens in.
      </p>
      {p.meetingLink ? (
        <p class="utrecht-paragraph">
          <a class="utrecht-link" href="/jaaroverleg">
            Jaaroverleg: agenda en verslag
          </a>
        </p>
      ) : null}
      {p.done ? <Alert kind="ok">{p.done}</Alert> : null}
      <ErrorSummary errors={p.errors} labels={START_LABELS} />
      {p.due ? (
        <section aria-labelledby="klaar" class="kw-worklist">
          <h2 class="utrecht-heading-2" id="klaar">
            Klaar te maken <span class="kw-count">({p.due.due.length})</span>
          </h2>
          {p.due.due.length ? <DueList items={p.due.due} csrf={p.csrf} headingId="klaar" /> : <p class="utrecht-paragraph kw-muted">Er hoeft nu geen rapportage gemaakt te worden.</p>}
        </section>
      ) : null}
      {p.due?.periodic.length ? (
        <section aria-labelledby="hoe-vaak" class="kw-worklist">
          <h2 class="utrecht-heading-2" id="hoe-vaak">
            Hoe vaak komt de periodieke rapportage?
          </h2>
          <p class="utrecht-paragraph">
            De klachtenregeling vraagt om een periodieke rapportage
            {cite(p.due.periodic[0]?.article)}, maar zegt niet hoe vaak. Dat kiest u.{' '}
            {p.due.periodicLength ? `Nu: ${PERIODIC_LENGTH_LABELS[p.due.periodicLength]}.` : 'U heeft nog niet gekozen: tot dan is de periodieke rapportage niet te maken.'}
          </p>
          <form method="post" action="/rapportages/hoe-vaak">
            <CsrfField token={p.csrf} />
            <SelectField
              name="periodicLength"
              label="Hoe vaak"
              required
              value={p.form.periodicLength ?? p.due.periodicLength ?? undefined}
              error={p.errors.periodicLength}
              placeholder="Kies"
              options={PERIODIC_LENGTHS.map((k) => ({ value: k, label: PERIODIC_LENGTH_LABELS[k] }))}
            />
            <SubmitButton>Opslaan</SubmitButton>
          </form>
        </section>
      ) : null}
      {p.staff ? (
        <section aria-labelledby="concepten" class="kw-worklist">
          <h2 class="utrecht-heading-2" id="concepten">
            Concepten <span class="kw-count">({drafts.length})</span>
          </h2>
          {drafts.length ? <ReportTable items={drafts} caption="Concepten" /> : <p class="utrecht-paragraph kw-muted">Er zijn geen concepten.</p>}
        </section>
      ) : null}
      <section aria-labelledby="definitief" class="kw-worklist">
        <h2 class="utrecht-heading-2" id="definitief">
          Definitieve rapportages <span class="kw-count">({finals.length})</span>
        </h2>
        {finals.length ? <ReportTable items={finals} caption="Definitieve rapportages" /> : <p class="utrecht-paragraph kw-muted">Er zijn nog geen definitieve rapportages.</p>}
      </section>
      {p.staff && p.kinds.length ? (
        <section aria-labelledby="maken" class="kw-worklist">
          <h2 class="utrecht-heading-2" id="maken">
            Een rapportage maken
          </h2>
          <p class="utrecht-paragraph">Voor een andere periode of één eenheid. Bestaat de rapportage al, dan opent u die.</p>
          <form method="post" action="/rapportages">
            <CsrfField token={p.csrf} />
            <SelectField
              name="reportKey"
              label="Rapportage"
              required
              value={p.form.reportKey}
              error={p.errors.reportKey}
              placeholder="Kies een rapportage"
              options={p.kinds.map((k) => ({ value: k.key, label: `${k.title}${cite(k.article)}` }))}
            />
            <TextField
              name="period"
              label="Periode"
              required
              value={p.form.period}
              error={p.errors.period}
              description="Een jaar (2026), een halfjaar (2026-H1) of een kwartaal (2026-Q3)."
              maxLength={10}
            />
            <SelectField
              name="unitId"
              label="Voor"
              hideOptional
              value={p.form.unitId}
              error={p.errors.unitId}
              options={[...(p.wholeOrganisation ? [{ value: '', label: 'De hele organisatie' }] : []), ...p.units.map((u) => ({ value: u.id, label: `${'– '.repeat(u.depth)}${u.name}` }))]}
            />
            <SubmitButton>Rapportage maken</SubmitButton>
          </form>
        </section>
      ) : null}
    </>
  );
};

const NARRATIVE_LABELS = {
  analysis: 'Analyse',
  conclusions: 'Conclusies',
  exceptional: 'Uitzonderlijke klachten',
  text: 'Aanbeveling',
  confirm: 'Bevestiging',
  decision: 'Besluit',
  note: 'Toelichting',
};

const DECISION_LABELS = { adopted: 'Overgenomen', not_adopted: 'Niet overgenomen' } as const;

export const ReportPage: FC<{
  detail: ReportDetail;
  doc: ReportDocument;
  csrf: string;
  form: Record<string, string | string[]>;
  errors: FieldErrors;
  done?: string | undefined;
  /** The decision form's recommendation that has an error (to show the error there). */
  errorAt?: string | undefined;
  /** Very serious or sensitive complaints of the period the author may open (never part of the report). */
  candidates?: ExceptionalCandidate[];
}> = ({ detail, doc, csrf, form, errors, done, errorAt, candidates = [] }) => {
  const draft = detail.status === 'draft' && detail.access.write;
  // A draft of a period still running is an interim count: it can be made final only after the period's end.
  const notEnded = draft ? periodNotEnded(detail.period, today()) : null;
  const staff = doc.audience === 'staff';
  const readers = readersOf(detail.audienceLabels);
  // The form's summaries when it comes back, else the report's; the fieldset only where an output would show the list.
  const exceptional = exceptionalSection(detail, Array.isArray(form.exceptional) ? form.exceptional : form.exceptional !== undefined ? [form.exceptional] : undefined);
  const value = (k: string, fallback: string | undefined) => (typeof form[k] === 'string' ? (form[k] as string) : fallback);
  return (
    <>
      <p class="utrecht-paragraph">
        <a class="utrecht-link" href="/rapportages">
          Alle rapportages
        </a>
      </p>
      <h1 class="utrecht-heading-1">{detail.title}</h1>
      <dl class="kw-dl">
        <dt>Status</dt>
        <dd>
          {detail.status === 'final'
            ? `Definitief sinds ${detail.finalisedAt ? dutchDay(detail.finalisedAt) : ''}${doc.author ? `, door ${doc.author}` : ''}`
            : detail.period.to >= today()
              ? 'Concept: tussenstand, de periode loopt nog'
              : 'Concept'}
        </dd>
        <dt>Periode</dt>
        <dd>
          {detail.period.label} ({formatDutchDate(detail.period.from)} tot en met {formatDutchDate(detail.period.to)})
        </dd>
        <dt>Voor</dt>
        <dd>{detail.unitName ?? 'De hele organisatie'}</dd>
        {detail.authorLabel ? (
          <>
            <dt>Gemaakt door</dt>
            <dd>
              de {detail.authorLabel}
              {detail.authorChoice ? ` (${ORGANISATION_CHOICE})` : cite(detail.article)}
            </dd>
          </>
        ) : null}
        {detail.audience ? (
          <>
            <dt>Bestemd voor</dt>
            <dd>{detail.audience}</dd>
          </>
        ) : null}
        {detail.contents.length ? (
          <>
            <dt>Inhoud volgens de regeling</dt>
            <dd>{detail.contents.join('; ')}</dd>
          </>
        ) : null}
      </dl>
      {done ? <Alert kind="ok">{done}</Alert> : null}
      <ErrorSummary errors={errors} labels={NARRATIVE_LABELS} />
      {detail.status === 'final' ? (
        <p class="utrecht-paragraph kw-actions">
          Downloaden:{' '}
          <a class="utrecht-link" href={`/rapportages/${detail.id}/download.pdf`}>
            PDF
          </a>
          <a class="utrecht-link" href={`/rapportages/${detail.id}/download.xlsx`}>
            Excel (XLSX)
          </a>
          <a class="utrecht-link" href={`/rapportages/${detail.id}/download.csv`}>
            CSV
          </a>
        </p>
      ) : null}
      {draft ? (
        <section aria-labelledby="tekst" class="kw-worklist">
          <h2 class="utrecht-heading-2" id="tekst">
            Tekst van de rapportage
          </h2>
          <Alert kind="warning">{personalDataWarning(detail.audienceLabels)}</Alert>
          <form method="post" action={`/rapportages/${detail.id}/tekst`}>
            <CsrfField token={csrf} />
            <TextArea name="analysis" label="Analyse" value={value('analysis', detail.narrative.analysis)} error={errors.analysis} maxLength={20000} rows={8} />
            <TextArea name="conclusions" label="Conclusies" value={value('conclusions', detail.narrative.conclusions)} error={errors.conclusions} maxLength={20000} rows={6} />
            {exceptional ? (
              <fieldset class="utrecht-form-fieldset kw-fieldset" id="exceptional">
                <legend class="utrecht-form-fieldset__legend">Uitzonderlijke klachten (zeer ernstig of gevoelig)</legend>
                <p class="utrecht-paragraph">Per klacht een korte samenvatting zonder persoonsgegevens. Voor nog een klacht: sla op, dan komt er een leeg veld bij.</p>
                {candidates.length ? (
                  <div class="kw-candidates">
                    <p class="utrecht-paragraph">
                      Zeer ernstige of gevoelige klachten in deze periode (alleen voor u, deze lijst komt niet in de rapportage):
                    </p>
                    <ul class="utrecht-unordered-list">
                      {candidates.map((k) => (
                        <li class="utrecht-unordered-list__item">
                          <a class="utrecht-link" href={`/klachten/${k.id}`}>
                            {k.reference}
                          </a>{' '}
                          <span class="kw-muted">
                            (ontvangen {formatDutchDate(k.receivedOn)}
                            {k.severityLabel ? `, ${k.severityLabel}` : ''}
                            {k.sensitive ? ', gevoelig' : ''})
                          </span>
                        </li>
                      ))}
                    </ul>
                  </div>
              ) : null}
              {[...exceptional, ''].map((summary, i) => (
                <TextArea name="exceptional" id={`exceptional-${i + 1}`} label={`Uitzonderlijke klacht ${i + 1}`} value={summary} rows={3} maxLength={1000} error={i === 0 ? errors.exceptional : undefined} />
              ))}
            </fieldset>
            ) : null}
            <SubmitButton>Tekst opslaan</SubmitButton>
          </form>
        </section>
      ) : null}
      <section aria-labelledby="aanbevelingen" class="kw-worklist">
        <h2 class="utrecht-heading-2" id="aanbevelingen">
          {draft ? 'Aanbevelingen' : 'Besluiten over de aanbevelingen'} <span class="kw-count">({detail.recommendations.length})</span>
        </h2>
        {detail.recommendations.length ? (
          <ol class="utrecht-ordered-list">
            {detail.recommendations.map((r, i) => (
              <li class="utrecht-ordered-list__item kw-recommendation">
                {draft ? (
                  <>
                    <form method="post" action={`/rapportages/${detail.id}/aanbevelingen/${r.id}`}>
                      <CsrfField token={csrf} />
                      <TextArea
                        name="text"
                        id={`text-${r.id}`}
                        label={`Aanbeveling ${i + 1}`}
                        value={errorAt === r.id ? (form.text as string | undefined) : r.text}
                        error={errors[`text-${r.id}`]}
                        rows={2}
                        maxLength={2000}
                        required
                      />
                      <button type="submit" class="utrecht-button utrecht-button--secondary-action">
                        Wijzigen<span class="kw-visually-hidden"> (aanbeveling {i + 1})</span>
                      </button>
                    </form>
                    <div class="kw-actions">
                      {i > 0 ? (
                        <form method="post" action={`/rapportages/${detail.id}/aanbevelingen/${r.id}/omhoog`} class="kw-inline-form">
                          <CsrfField token={csrf} />
                          <button type="submit" class="utrecht-button utrecht-button--subtle">
                            Omhoog<span class="kw-visually-hidden"> (aanbeveling {i + 1})</span>
                          </button>
                        </form>
                      ) : null}
                      {i < detail.recommendations.length - 1 ? (
                        <form method="post" action={`/rapportages/${detail.id}/aanbevelingen/${r.id}/omlaag`} class="kw-inline-form">
                          <CsrfField token={csrf} />
                          <button type="submit" class="utrecht-button utrecht-button--subtle">
                            Omlaag<span class="kw-visually-hidden"> (aanbeveling {i + 1})</span>
                          </button>
                        </form>
                      ) : null}
                      <form method="post" action={`/rapportages/${detail.id}/aanbevelingen/${r.id}/verwijderen`} class="kw-inline-form">
                        <CsrfField token={csrf} />
                        <button type="submit" class="utrecht-button utrecht-button--subtle">
                          Verwijderen<span class="kw-visually-hidden"> (aanbeveling {i + 1})</span>
                        </button>
                      </form>
                    </div>
                  </>
                ) : (
                  <>
                    <p class="utrecht-paragraph kw-prewrap">{r.text}</p>
                    <p class="utrecht-paragraph">
                      <strong>Besluit:</strong>{' '}
                      {r.decision
                        ? `${DECISION_LABELS[r.decision]}${r.decidedAt ? ` op ${dutchDay(r.decidedAt)}` : ''}${staff && r.decidedByName ? ` door ${r.decidedByName}` : ''}${r.decisionNote ? `. ${r.decisionNote}` : ''}`
                        : 'nog niet genomen'}
                    </p>
                    {staff && r.decision === 'adopted' ? (
                      <p class="utrecht-paragraph">
                        {/* measures: createMeasure(...) from the recommendation, on the measures lane's page */}
                        <a class="utrecht-link" href={`/verbetermaatregelen/nieuw?recommendation=${r.id}`}>
                          Maatregel maken<span class="kw-visually-hidden"> bij aanbeveling {i + 1}</span>
                        </a>
                      </p>
                    ) : null}
                    {detail.access.decide ? (
                      <form method="post" action={`/rapportages/${detail.id}/aanbevelingen/${r.id}/besluit`} class="kw-decision">
                        <CsrfField token={csrf} />
                        <SelectField
                          name="decision"
                          id={`decision-${r.id}`}
                          label={`Besluit over aanbeveling ${i + 1}`}
                          required
                          value={errorAt === r.id ? (form.decision as string | undefined) : (r.decision ?? undefined)}
                          error={errors[`decision-${r.id}`]}
                          placeholder="Kies"
                          options={[
                            { value: 'adopted', label: DECISION_LABELS.adopted },
                            { value: 'not_adopted', label: DECISION_LABELS.not_adopted },
                          ]}
                        />
                        <TextField name="note" id={`note-${r.id}`} label="Toelichting" value={errorAt === r.id ? (form.note as string | undefined) : (r.decisionNote ?? undefined)} error={errors[`note-${r.id}`]} maxLength={2000} />
                        <button type="submit" class="utrecht-button utrecht-button--secondary-action">
                          Besluit vastleggen<span class="kw-visually-hidden"> (aanbeveling {i + 1})</span>
                        </button>
                      </form>
                    ) : null}
                  </>
                )}
              </li>
            ))}
          </ol>
        ) : (
          <p class="utrecht-paragraph kw-muted">Er zijn geen aanbevelingen.</p>
        )}
        {detail.status === 'final' && detail.recommendations.length && !detail.access.decide && detail.decidersText ? (
          <p class="utrecht-paragraph kw-muted">
            {capitalise(detail.decidersText)} {detail.decidersVerb ?? 'legt vast'} of een aanbeveling wordt overgenomen{cite(detail.decidersArticle)}.
          </p>
        ) : null}
        {draft ? (
          <form method="post" action={`/rapportages/${detail.id}/aanbevelingen`}>
            <CsrfField token={csrf} />
            <TextArea name="text" label="Nieuwe aanbeveling" value={errorAt === 'new' ? (form.text as string | undefined) : undefined} error={errorAt === 'new' ? errors.text : undefined} rows={2} maxLength={2000} required />
            <SubmitButton>Aanbeveling toevoegen</SubmitButton>
          </form>
        ) : null}
      </section>
      {draft ? (
        <section aria-labelledby="definitief-maken" class="kw-worklist">
          <h2 class="utrecht-heading-2" id="definitief-maken">
            Definitief maken
          </h2>
          <p class="utrecht-paragraph">
            Klachtwijs legt de cijfers dan vast met de datum en uw naam. Daarna verandert de rapportage niet meer, ook niet als er later klachten bijkomen of gegevens
            worden verbeterd. {readers ? `${readers.who} ${readers.plural ? 'zien' : 'ziet'} de rapportage dan.` : ''}
          </p>
          {notEnded ? (
            <Alert kind="info">{notEnded}</Alert>
          ) : (
            <form method="post" action={`/rapportages/${detail.id}/definitief`}>
              <CsrfField token={csrf} />
              <CheckboxField name="confirm" label="Ik heb de rapportage nagelezen: er staan geen persoonsgegevens in." error={errors.confirm} />
              <SubmitButton>Definitief maken</SubmitButton>
            </form>
          )}
        </section>
      ) : null}
      <section aria-labelledby="cijfers" class="kw-worklist">
        <h2 class="utrecht-heading-2" id="cijfers">
          {detail.status === 'final' ? 'De rapportage' : 'De rapportage zoals hij nu is'}
        </h2>
        <ReportView doc={doc} embedded />
      </section>
    </>
  );
};
