import type { FC } from 'hono/jsx';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/types.ts';
import { hasRole, type Actor } from '../../usecases/actor.ts';
import { measuresFromComplaint, measuresOverview, overdueMeasures } from '../../usecases/measures/measures.ts';
import { formatDutchDate, type IsoDate } from '../../domain/deadlines/index.ts';
import { MEASURE_SOURCE_KINDS, MEASURE_SOURCE_LABELS, MEASURE_STATUS_LABELS, MEASURE_STATUSES, type MeasureStatusKey } from '../../domain/measures/measures.ts';
import { cite } from '../../domain/regulation/index.ts';
import type { MeasuresStatus } from '../../domain/reports/figures.ts';
import type { MeasureDetail, MeasureListItem, MeasuresOverview } from '../../usecases/measures/measures.ts';
import { Alert, CsrfField, ErrorSummary, SelectField, SubmitButton, TextArea, TextField, type FieldErrors, type Option } from './forms.tsx';

/**
 * The improvement register's pages (ADR 0017): the list with filters and counts per status, a new measure
 * (sources prefilled from a complaint, a report, a recommendation or the yearly meeting), one measure with its
 * status, notes, effect check and sources, and the start-page sections (overdue for owner and coordinator, the
 * overview for the board: no names, no references). Plain forms with a CSRF token; no JavaScript needed.
 */

const date = (d: string | null | undefined) => (d ? formatDutchDate(d as IsoDate) : '');
const statusLabel = (s: string) => MEASURE_STATUS_LABELS[s as MeasureStatusKey] ?? s;

export const MEASURE_LABELS: Record<string, string> = {
  title: 'Titel',
  description: 'Beschrijving',
  unitId: 'Eenheid',
  ownerUserId: 'Eigenaar',
  dueOn: 'Streefdatum',
  effectCheck: 'Hoe wordt het effect gecontroleerd?',
  status: 'Nieuwe status',
  note: 'Toelichting',
  text: 'Notitie',
  checkedOn: 'Datum van de controle',
  result: 'Wat liet de controle zien?',
  'source.kind': 'Soort bron',
  'source.complaintReference': 'Kenmerk van de klacht',
  'source.note': 'Toelichting bij de bron',
  'sources.0.kind': 'Soort bron',
  'sources.0.complaintReference': 'Kenmerk van de klacht',
  'sources.0.complaintId': 'Klacht',
  'sources.0.reportId': 'Rapportage',
  'sources.0.recommendationId': 'Aanbeveling',
  'sources.0.note': 'Toelichting bij de bron',
};

/** "Over de streefdatum" (red), or the status. */
export const MeasureStatusBadge: FC<{ status: string; overdue: boolean }> = ({ status, overdue }) =>
  overdue ? <span class="kw-status kw-status--overdue">{statusLabel(status)}, over de streefdatum</span> : <span class={`kw-status ${status === 'done' ? 'kw-status--ok' : 'kw-status--none'}`}>{statusLabel(status)}</span>;

/** Counts per status and overdue, as a definition list. */
export const MeasureCounts: FC<{ counts: MeasuresStatus; caption: string }> = ({ counts, caption }) => (
  <dl class="kw-measure-counts" aria-label={caption}>
    <div><dt>Gepland</dt><dd>{counts.planned}</dd></div>
    <div><dt>In uitvoering</dt><dd>{counts.inProgress}</dd></div>
    <div><dt>Uitgevoerd</dt><dd>{counts.done}</dd></div>
    <div><dt>Vervallen</dt><dd>{counts.dropped}</dd></div>
    <div><dt>Over de streefdatum</dt><dd>{counts.overdue}</dd></div>
  </dl>
);

const MeasureItems: FC<{ items: MeasureListItem[]; showOwner: boolean }> = ({ items, showOwner }) => (
  <ul class="kw-measure-list">
    {items.map((m) => (
      <li class="kw-measure-list__item">
        <a class="utrecht-link" href={`/verbetermaatregelen/${m.id}`}>{m.title}</a>
        <br />
        <MeasureStatusBadge status={m.status} overdue={m.overdue} />{' '}
        <span class="kw-muted">
          {m.dueOn ? `Streefdatum ${date(m.dueOn)}` : 'Geen streefdatum'}
          {m.unitName ? ` · ${m.unitName}` : ' · Hele organisatie'}
          {showOwner ? ` · Eigenaar: ${m.ownerName ?? 'nog niemand'}` : ''}
          {m.sourceKinds.length ? ` · Bron: ${m.sourceKinds.map((k) => MEASURE_SOURCE_LABELS[k].toLowerCase()).join(', ')}` : ''}
        </span>
      </li>
    ))}
  </ul>
);

export interface ListPageProps {
  items: MeasureListItem[];
  counts: MeasuresStatus;
  filters: Record<string, string>;
  units: Option[];
  owners: Option[];
  canCreate: boolean;
  /** The regulation's own words on measures (reporting.measures) with their articles. */
  rules: { text: string; article: string }[];
  notice?: string | undefined;
}

export const MeasuresListPage: FC<ListPageProps> = (p) => (
  <>
    <h1 class="utrecht-heading-1">Verbetermaatregelen</h1>
    <p class="utrecht-paragraph">Het verbeterregister: wat de organisatie verbetert naar aanleiding van klachten, rapportages en het jaaroverleg, wie het doet, wanneer het klaar is en of het heeft gewerkt.</p>
    {p.notice ? <Alert kind="ok">{p.notice}</Alert> : null}
    {p.rules.length ? (
      <section aria-labelledby="regeling-kop">
        <h2 class="utrecht-heading-2" id="regeling-kop">Wat de klachtenregeling zegt</h2>
        <ul class="utrecht-unordered-list">
          {p.rules.map((r) => (
            <li class="utrecht-unordered-list__item">{r.text}{cite(r.article)}</li>
          ))}
        </ul>
      </section>
    ) : null}
    <MeasureCounts counts={p.counts} caption="Aantal maatregelen per status" />
    {p.canCreate ? (
      <p class="utrecht-paragraph">
        <a class="utrecht-link kw-button-link" href="/verbetermaatregelen/nieuw">Nieuwe maatregel</a>
      </p>
    ) : null}
    <form method="get" action="/verbetermaatregelen" class="kw-filters" aria-label="Maatregelen filteren">
      <div class="kw-filter-grid">
        <SelectField name="status" label="Status" hideOptional value={p.filters['status']} placeholder="Alle" options={[{ value: 'open', label: 'Nog te doen (gepland of in uitvoering)' }, ...MEASURE_STATUSES.map((s) => ({ value: s, label: MEASURE_STATUS_LABELS[s] }))]} />
        <SelectField name="eenheid" label="Eenheid" hideOptional value={p.filters['eenheid']} placeholder="Alle" options={p.units} />
        <SelectField name="eigenaar" label="Eigenaar" hideOptional value={p.filters['eigenaar']} placeholder="Iedereen" options={p.owners} />
        <SelectField name="overdue" label="Over de streefdatum" hideOptional value={p.filters['overdue']} placeholder="Maakt niet uit" options={[{ value: 'ja', label: 'Ja' }, { value: 'nee', label: 'Nee' }]} />
        <SelectField name="bron" label="Bron" hideOptional value={p.filters['bron']} placeholder="Alle" options={MEASURE_SOURCE_KINDS.map((k) => ({ value: k, label: MEASURE_SOURCE_LABELS[k] }))} />
      </div>
      <SubmitButton>Filteren</SubmitButton>
    </form>
    <h2 class="utrecht-heading-2" id="lijst-kop">
      Maatregelen <span class="kw-count">({p.items.length})</span>
    </h2>
    {p.items.length ? <MeasureItems items={p.items} showOwner /> : <p class="utrecht-paragraph kw-muted">Er zijn geen maatregelen die bij dit filter passen.</p>}
  </>
);

export interface MeasureFormValues {
  [key: string]: string | undefined;
}

/** The prefilled source of a new measure (from `?complaint=`, `?report=`, `?recommendation=`, `?meeting=`). */
export interface PrefilledSource {
  kind: string;
  complaintId?: string;
  reference?: string;
  reportId?: string;
  reportTitle?: string;
  recommendationId?: string;
  recommendationText?: string;
  note?: string;
}

const MeasureFields: FC<{ values: MeasureFormValues; errors: FieldErrors; units: Option[]; owners: Option[]; prefix?: string }> = ({ values, errors, units, owners, prefix = '' }) => (
  <>
    <TextField id={`${prefix}title`} name="title" label={MEASURE_LABELS['title']!} required value={values['title']} error={errors['title']} maxLength={200} description="Kort en zonder namen: het bestuur ziet de titel in het overzicht." />
    <TextArea id={`${prefix}description`} name="description" label={MEASURE_LABELS['description']!} value={values['description']} error={errors['description']} rows={4} maxLength={10000} />
    <SelectField id={`${prefix}unitId`} name="unitId" label={MEASURE_LABELS['unitId']!} value={values['unitId']} error={errors['unitId']} placeholder="Hele organisatie" options={units} />
    <SelectField id={`${prefix}ownerUserId`} name="ownerUserId" label={MEASURE_LABELS['ownerUserId']!} value={values['ownerUserId']} error={errors['ownerUserId']} placeholder="Nog niemand" options={owners} description="Wie zorgt dat de maatregel wordt uitgevoerd." />
    <TextField id={`${prefix}dueOn`} name="dueOn" type="date" label={MEASURE_LABELS['dueOn']!} value={values['dueOn']} error={errors['dueOn']} />
    <TextArea id={`${prefix}effectCheck`} name="effectCheck" label={MEASURE_LABELS['effectCheck']!} value={values['effectCheck']} error={errors['effectCheck']} rows={2} maxLength={2000} description="Bijvoorbeeld: over een half jaar kijken of er minder klachten over wachttijd zijn." />
  </>
);

export const NewMeasurePage: FC<{ csrf: string; values: MeasureFormValues; errors: FieldErrors; units: Option[]; owners: Option[]; source: PrefilledSource | null }> = ({ csrf, values, errors, units, owners, source }) => (
  <>
    <p class="utrecht-paragraph">
      <a class="utrecht-link" href="/verbetermaatregelen">Terug naar het verbeterregister</a>
    </p>
    <h1 class="utrecht-heading-1">Nieuwe verbetermaatregel</h1>
    <ErrorSummary errors={errors} labels={MEASURE_LABELS} />
    <form method="post" action="/verbetermaatregelen" novalidate>
      <CsrfField token={csrf} />
      <MeasureFields values={values} errors={errors} units={units} owners={owners} />
      <fieldset class="utrecht-form-fieldset utrecht-form-fieldset--html-fieldset kw-fieldset">
        <legend class="utrecht-form-fieldset__legend utrecht-form-fieldset__legend--html-legend">Waar komt de maatregel vandaan?</legend>
        {source && source.kind !== 'other' && (source.complaintId || source.reportId || source.recommendationId || source.kind === 'meeting') ? (
          <>
            <input type="hidden" name="sources.0.kind" value={source.kind} />
            {source.complaintId ? <input type="hidden" name="sources.0.complaintId" value={source.complaintId} /> : null}
            {source.reportId ? <input type="hidden" name="sources.0.reportId" value={source.reportId} /> : null}
            {source.recommendationId ? <input type="hidden" name="sources.0.recommendationId" value={source.recommendationId} /> : null}
            <p class="utrecht-paragraph">
              {MEASURE_SOURCE_LABELS[source.kind as keyof typeof MEASURE_SOURCE_LABELS] ?? source.kind}
              {source.reference ? `: klacht ${source.reference}` : ''}
              {source.reportTitle ? `: ${source.reportTitle}` : ''}
              {source.recommendationText ? `: ${source.recommendationText}` : ''}
            </p>
            {errors['sources.0.complaintId'] || errors['sources.0.reportId'] || errors['sources.0.recommendationId'] ? (
              <Alert kind="error">{errors['sources.0.complaintId'] ?? errors['sources.0.reportId'] ?? errors['sources.0.recommendationId']}</Alert>
            ) : null}
            <TextField id="sources.0.note" name="sources.0.note" label={MEASURE_LABELS['sources.0.note']!} value={values['sources.0.note'] ?? source.note} error={errors['sources.0.note']} maxLength={2000} />
          </>
        ) : (
          <>
            <SelectField
              id="sources.0.kind"
              name="sources.0.kind"
              label={MEASURE_LABELS['sources.0.kind']!}
              required
              value={values['sources.0.kind'] ?? 'other'}
              error={errors['sources.0.kind']}
              options={(['complaint', 'decision', 'external_ruling', 'external_reaction', 'other'] as const).map((k) => ({ value: k, label: MEASURE_SOURCE_LABELS[k] }))}
            />
            <TextField
              id="sources.0.complaintReference"
              name="sources.0.complaintReference"
              label={MEASURE_LABELS['sources.0.complaintReference']!}
              value={values['sources.0.complaintReference']}
              error={errors['sources.0.complaintReference']}
              maxLength={40}
              description="Bij een klacht, beslissing of uitspraak: het kenmerk, bijvoorbeeld 2026-0042."
            />
            <TextField id="sources.0.note" name="sources.0.note" label={MEASURE_LABELS['sources.0.note']!} value={values['sources.0.note']} error={errors['sources.0.note']} maxLength={2000} description="Bij Anders: schrijf waar de maatregel vandaan komt." />
          </>
        )}
      </fieldset>
      <SubmitButton>Maatregel opslaan</SubmitButton>
    </form>
  </>
);

export interface DetailForms {
  /** Which form failed, its values and errors. */
  failed?: { form: 'edit' | 'status' | 'note' | 'effect' | 'source'; values: MeasureFormValues; errors: FieldErrors } | undefined;
}

export const MeasureDetailPage: FC<{ m: MeasureDetail; csrf: string; units: Option[]; owners: Option[]; notice?: string | undefined } & DetailForms> = ({ m, csrf, units, owners, notice, failed }) => {
  const err = (form: string) => (failed?.form === form ? failed.errors : {});
  const val = (form: string) => (failed?.form === form ? failed.values : {});
  const base = `/verbetermaatregelen/${m.id}`;
  return (
    <>
      <p class="utrecht-paragraph">
        <a class="utrecht-link" href="/verbetermaatregelen">Terug naar het verbeterregister</a>
      </p>
      <h1 class="utrecht-heading-1">{m.title}</h1>
      <p class="utrecht-paragraph">
        <MeasureStatusBadge status={m.status} overdue={m.overdue} />
      </p>
      {notice ? <Alert kind="ok">{notice}</Alert> : null}
      {failed ? (
        // The edit form's fields carry the prefix "edit-" (the status form has its own note field): the summary links there.
        <ErrorSummary
          errors={failed.form === 'edit' ? Object.fromEntries(Object.entries(failed.errors).map(([k, v]) => [k === '_' ? k : `edit-${k}`, v])) : failed.errors}
          labels={failed.form === 'edit' ? Object.fromEntries(Object.entries(MEASURE_LABELS).map(([k, v]) => [`edit-${k}`, v])) : MEASURE_LABELS}
        />
      ) : null}
      <dl class="kw-dl">
        {m.description ? <div class="kw-dl__row"><dt>Beschrijving</dt><dd>{m.description}</dd></div> : null}
        <div class="kw-dl__row"><dt>Eenheid</dt><dd>{m.unitName ?? 'Hele organisatie'}</dd></div>
        <div class="kw-dl__row"><dt>Eigenaar</dt><dd>{m.ownerName ?? 'Nog niemand'}</dd></div>
        <div class="kw-dl__row"><dt>Streefdatum</dt><dd>{m.dueOn ? date(m.dueOn) : 'Geen streefdatum'}</dd></div>
        {m.completedOn ? <div class="kw-dl__row"><dt>Uitgevoerd op</dt><dd>{date(m.completedOn)}</dd></div> : null}
        <div class="kw-dl__row"><dt>Controle van het effect</dt><dd>{m.effectCheck ?? 'Nog niet vastgelegd hoe.'}</dd></div>
        {m.effectCheckedOn ? <div class="kw-dl__row"><dt>Effect gecontroleerd</dt><dd>{date(m.effectCheckedOn)}: {m.effectResult}</dd></div> : null}
        <div class="kw-dl__row"><dt>In het register gezet</dt><dd>{date(m.createdAt.slice(0, 10))}{m.createdByName ? ` door ${m.createdByName}` : ''}</dd></div>
      </dl>

      <section aria-labelledby="bronnen-kop">
        <h2 class="utrecht-heading-2" id="bronnen-kop">Bronnen</h2>
        {m.sources.length ? (
          <ul class="utrecht-unordered-list">
            {m.sources.map((s) => (
              <li class="utrecht-unordered-list__item">
                {s.kindLabel}
                {s.complaintId ? (
                  <>
                    {': '}
                    <a class="utrecht-link" href={`/klachten/${s.complaintId}`}>klacht {s.reference}</a>
                  </>
                ) : s.hiddenComplaint ? (
                  ': een klacht'
                ) : null}
                {s.reportTitle ? `: ${s.reportTitle}` : ''}
                {s.recommendationText ? `: ${s.recommendationText}` : ''}
                {s.note ? <span class="kw-muted"> ({s.note})</span> : null}
                {m.may.sources ? (
                  <form method="post" action={`${base}/bronnen/${s.id}/verwijderen`} class="kw-inline-form">
                    <CsrfField token={csrf} />
                    <button type="submit" class="utrecht-button utrecht-button--secondary-action">
                      Weghalen<span class="kw-visually-hidden"> (bron: {s.kindLabel})</span>
                    </button>
                  </form>
                ) : null}
              </li>
            ))}
          </ul>
        ) : (
          <p class="utrecht-paragraph kw-muted">Er is geen bron vastgelegd.</p>
        )}
        {m.may.sources ? (
          <details class="kw-details" open={failed?.form === 'source'}>
            <summary class="kw-details__summary">Bron toevoegen</summary>
            <form method="post" action={`${base}/bronnen`} novalidate>
              <CsrfField token={csrf} />
              <SelectField
                id="source.kind"
                name="kind"
                label={MEASURE_LABELS['source.kind']!}
                required
                value={val('source')['kind'] ?? 'complaint'}
                error={err('source')['source.kind']}
                options={(['complaint', 'decision', 'external_ruling', 'external_reaction', 'other'] as const).map((k) => ({ value: k, label: MEASURE_SOURCE_LABELS[k] }))}
              />
              <TextField id="source.complaintReference" name="complaintReference" label={MEASURE_LABELS['source.complaintReference']!} value={val('source')['complaintReference']} error={err('source')['source.complaintReference'] ?? err('source')['source.complaintId']} maxLength={40} description="Bijvoorbeeld 2026-0042." />
              <TextField id="source.note" name="note" label={MEASURE_LABELS['source.note']!} value={val('source')['note']} error={err('source')['source.note']} maxLength={2000} />
              <SubmitButton>Bron toevoegen</SubmitButton>
            </form>
          </details>
        ) : null}
      </section>

      {m.may.changeStatus ? (
        <section aria-labelledby="status-kop">
          <h2 class="utrecht-heading-2" id="status-kop">Status veranderen</h2>
          <form method="post" action={`${base}/status`} novalidate aria-labelledby="status-kop">
            <CsrfField token={csrf} />
            <SelectField id="status" name="status" label={MEASURE_LABELS['status']!} required value={val('status')['status']} error={err('status')['status']} placeholder="Kies een status" options={MEASURE_STATUSES.filter((s) => s !== m.status).map((s) => ({ value: s, label: MEASURE_STATUS_LABELS[s] }))} />
            <TextArea id="note" name="note" label={MEASURE_LABELS['note']!} value={val('status')['note']} error={err('status')['note']} rows={2} maxLength={5000} description="Verplicht als de maatregel vervalt: schrijf waarom." />
            <SubmitButton>Status opslaan</SubmitButton>
          </form>
        </section>
      ) : null}

      {m.may.effect || (m.may.edit && m.status === 'done') ? (
        <section aria-labelledby="effect-kop">
          <h2 class="utrecht-heading-2" id="effect-kop">Effect controleren</h2>
          <form method="post" action={`${base}/effect`} novalidate aria-labelledby="effect-kop">
            <CsrfField token={csrf} />
            <TextField id="checkedOn" name="checkedOn" type="date" label={MEASURE_LABELS['checkedOn']!} required value={val('effect')['checkedOn'] ?? m.effectCheckedOn ?? ''} error={err('effect')['checkedOn'] ?? err('effect')['status']} />
            <TextArea id="result" name="result" label={MEASURE_LABELS['result']!} required value={val('effect')['result'] ?? m.effectResult ?? ''} error={err('effect')['result']} rows={3} maxLength={5000} />
            <SubmitButton>Controle vastleggen</SubmitButton>
          </form>
        </section>
      ) : null}

      <section aria-labelledby="verloop-kop">
        <h2 class="utrecht-heading-2" id="verloop-kop">Verloop</h2>
        <ol class="kw-measure-timeline">
          {m.notes.map((n) => (
            <li>
              <span class="kw-muted">{date(n.at.slice(0, 10))}{n.byName ? `, ${n.byName}` : ''}:</span>{' '}
              {n.statusTo && n.statusFrom ? `Status van ${statusLabel(n.statusFrom).toLowerCase()} naar ${statusLabel(n.statusTo).toLowerCase()}. ` : ''}
              {n.text}
            </li>
          ))}
        </ol>
        {m.may.note ? (
          <form method="post" action={`${base}/notitie`} novalidate aria-label="Notitie toevoegen">
            <CsrfField token={csrf} />
            <TextArea id="text" name="text" label={MEASURE_LABELS['text']!} required value={val('note')['text']} error={err('note')['text']} rows={2} maxLength={5000} />
            <SubmitButton>Notitie toevoegen</SubmitButton>
          </form>
        ) : null}
      </section>

      {m.may.edit ? (
        <section aria-labelledby="wijzigen-kop">
          <h2 class="utrecht-heading-2" id="wijzigen-kop">Gegevens wijzigen</h2>
          <details class="kw-details" open={failed?.form === 'edit'}>
            <summary class="kw-details__summary">Titel, eenheid, eigenaar of streefdatum wijzigen</summary>
            <form method="post" action={`${base}/wijzigen`} novalidate aria-labelledby="wijzigen-kop">
              <CsrfField token={csrf} />
              <MeasureFields
                values={failed?.form === 'edit' ? failed.values : { title: m.title, description: m.description, unitId: m.unitId ?? '', ownerUserId: m.ownerUserId ?? '', dueOn: m.dueOn ?? '', effectCheck: m.effectCheck ?? '' }}
                errors={err('edit')}
                units={units}
                owners={owners}
                prefix="edit-"
              />
              <SubmitButton>Wijzigingen opslaan</SubmitButton>
            </form>
          </details>
        </section>
      ) : null}
    </>
  );
};

/** Start page: measures past their due date, for the owner (their own) and the coordinator (what they keep). */
export const OverdueMeasuresSection: FC<{ items: MeasureListItem[]; mine: boolean }> = ({ items, mine }) =>
  items.length ? (
    <section aria-labelledby="maatregelen-te-laat" class="kw-worklist">
      <h2 class="utrecht-heading-2" id="maatregelen-te-laat">
        Verbetermaatregelen over de streefdatum <span class="kw-count">({items.length})</span>
      </h2>
      <MeasureItems items={items.slice(0, 10)} showOwner={!mine} />
      <p class="utrecht-paragraph">
        <a class="utrecht-link" href="/verbetermaatregelen?overdue=ja">Alle verbetermaatregelen over de streefdatum</a>
      </p>
    </section>
  ) : null;

/** The board's start page: counts per status and the measures with unit and due date; no names, no references. */
export const BoardMeasuresSection: FC<{ overview: MeasuresOverview }> = ({ overview }) => (
  <section aria-labelledby="maatregelen-overzicht" class="kw-worklist">
    <h2 class="utrecht-heading-2" id="maatregelen-overzicht">Verbetermaatregelen</h2>
    <MeasureCounts counts={overview.status} caption="Verbetermaatregelen per status" />
    {overview.items.length ? (
      <ul class="kw-measure-list">
        {overview.items.slice(0, 20).map((m) => (
          <li class="kw-measure-list__item">
            {m.title}
            <br />
            <MeasureStatusBadge status={m.status} overdue={m.overdue} />{' '}
            <span class="kw-muted">
              {m.dueOn ? `Streefdatum ${date(m.dueOn)}` : 'Geen streefdatum'}
              {` · ${m.unitName ?? 'Hele organisatie'}`}
            </span>
          </li>
        ))}
      </ul>
    ) : (
      <p class="utrecht-paragraph kw-muted">Er staan nog geen maatregelen in het verbeterregister.</p>
    )}
  </section>
);

/** The dossier: measures that came from this complaint, and "Maatregel maken" (also from an external ruling or the reaction to it). */
export const DossierMeasuresSection: FC<{ complaintId: string; items: { id: string; title: string; status: string; dueOn: string | null; overdue: boolean; readable: boolean }[]; canCreate: boolean; ruling: boolean; reaction: boolean }> = ({
  complaintId,
  items,
  canCreate,
  ruling,
  reaction,
}) =>
  items.length || canCreate ? (
    <section aria-labelledby="maatregelen-kop">
      <h2 class="utrecht-heading-2" id="maatregelen-kop">Verbetermaatregelen</h2>
      {items.length ? (
        <ul class="kw-measure-list">
          {items.map((m) => (
            <li class="kw-measure-list__item">
              {m.readable ? <a class="utrecht-link" href={`/verbetermaatregelen/${m.id}`}>{m.title}</a> : m.title}
              <br />
              <MeasureStatusBadge status={m.status} overdue={m.overdue} /> <span class="kw-muted">{m.dueOn ? `Streefdatum ${date(m.dueOn)}` : 'Geen streefdatum'}</span>
            </li>
          ))}
        </ul>
      ) : (
        <p class="utrecht-paragraph kw-muted">Uit deze klacht komen nog geen verbetermaatregelen.</p>
      )}
      {canCreate ? (
        <div class="kw-actions">
          <a class="utrecht-link" href={`/verbetermaatregelen/nieuw?complaint=${complaintId}`}>Maatregel maken</a>
          {ruling ? <a class="utrecht-link" href={`/verbetermaatregelen/nieuw?complaint=${complaintId}&source=external_ruling`}>Maatregel maken naar aanleiding van de uitspraak</a> : null}
          {reaction ? <a class="utrecht-link" href={`/verbetermaatregelen/nieuw?complaint=${complaintId}&source=external_reaction`}>Maatregel maken naar aanleiding van de reactie op de uitspraak</a> : null}
        </div>
      ) : null}
    </section>
  ) : null;

/** What the measures' part of the start page shows: the board's overview, or the measures past their due date. */
export type MeasuresStart = { board: MeasuresOverview } | { board: null; items: MeasureListItem[]; mine: boolean; own: number };

/**
 * The measures' part of the start page, read beside the page's other sections (start.tsx): the board gets the overview
 * (no names, no references); a coordinator the measures of their units past the due date; an owner their own past the
 * due date, and how many they own that are not done.
 */
export async function measuresStart(db: Kysely<DB>, actor: Actor): Promise<MeasuresStart> {
  if (hasRole(actor, 'board') && !hasRole(actor, 'coordinator', 'admin')) return { board: await measuresOverview(db, actor) };
  const coordinator = hasRole(actor, 'coordinator');
  const items = await overdueMeasures(db, actor, coordinator ? {} : { ownerUserId: actor.userId });
  const own = coordinator ? 0 : Number((await db.selectFrom('improvement_measures').select((eb) => eb.fn.countAll<string>().as('n')).where('organisation_id', '=', actor.organisationId).where('owner_user_id', '=', actor.userId).where('status', 'in', ['planned', 'in_progress']).executeTakeFirst())?.n ?? 0);
  return { board: null, items, mine: !coordinator, own };
}

/** The measures' part of the start page (one line in start.tsx), from `measuresStart`. */
export const MeasuresStartSection: FC<{ data: MeasuresStart; userId: string }> = ({ data, userId }) =>
  data.board ? (
    <BoardMeasuresSection overview={data.board} />
  ) : (
    <>
      <OverdueMeasuresSection items={data.items} mine={data.mine} />
      {data.own > data.items.length ? (
        <p class="utrecht-paragraph">
          <a class="utrecht-link" href={`/verbetermaatregelen?eigenaar=${userId}&status=open`}>U bent eigenaar van {data.own === 1 ? '1 verbetermaatregel' : `${data.own} verbetermaatregelen`} die nog niet klaar {data.own === 1 ? 'is' : 'zijn'}</a>
        </p>
      ) : null}
    </>
  );

/** The dossier's part (one line in the dossier page): measures from this complaint and "Maatregel maken". */
export async function DossierMeasures({ db, actor, complaintId, ruling, reaction }: { db: Kysely<DB>; actor: Actor; complaintId: string; ruling: boolean; reaction: boolean }) {
  const found = await measuresFromComplaint(db, actor, complaintId);
  if (!found) return null;
  return <DossierMeasuresSection complaintId={complaintId} items={found.items} canCreate={found.canCreate} ruling={ruling} reaction={reaction} />;
}
