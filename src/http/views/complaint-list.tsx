import type { FC } from 'hono/jsx';
import { CHANNELS, CHANNEL_LABELS } from '../../domain/regulation/index.ts';
import { RECORD_KINDS, RECORD_KIND_LABELS, STATUSES, STATUS_LABELS } from '../../domain/workflow/index.ts';
import type { ComplaintListItem } from '../../usecases/complaints/list-complaints.ts';
import { capitalise } from '../../shared/text.ts';
import { ComplaintTable } from './complaint-parts.tsx';
import { Alert, CheckboxField, CsrfField, ErrorSummary, SelectField, TextField, type FieldErrors, type Option } from './forms.tsx';

/** The complaint list: a GET form with filters and a search box (works without JavaScript), and the table. */
export const LIST_LABELS: Record<string, string> = {
  q: 'Zoeken',
  unitId: 'Eenheid',
  status: 'Status',
  kind: 'Soort',
  category: 'Categorie',
  channel: 'Kanaal',
  handlerUserId: 'Behandelaar',
  overdue: 'Te laat',
  decidedLate: 'Te laat afgehandeld',
  incomplete: 'Onvolledig',
  unitUnknown: 'Nog geen eenheid',
  from: 'Ontvangen vanaf',
  to: 'Ontvangen tot en met',
  sort: 'Sortering',
};

export interface ListProps {
  query: Record<string, string>;
  errors: FieldErrors;
  items: ComplaintListItem[];
  /** Counted up to 1,001: exact when `totalExact`, otherwise "meer dan 1.000" (ADR 0028). */
  total: number;
  totalExact: boolean;
  /** Keyset cursors of the next and previous page (null: none). */
  nextCursor: string | null;
  prevCursor: string | null;
  /** The page asked for by a link that no longer works: the first page is shown with a note. */
  cursorGone?: boolean | undefined;
  limit: number;
  today: string;
  units: Option[];
  handlers: Option[];
  categories: Option[];
  canRegister: boolean;
  /** Coordinators assign several complaints at once (checkboxes, a handler, one button). */
  bulk?: { csrf: string } | undefined;
  notice?: string | undefined;
  /**
   * A role that sees no complaint dossiers (admin, board) and sees none now: the notice that says so, after the h1,
   * and no tabs or filter form (they could only filter nothing).
   */
  seesNothing?: string | undefined;
}

/** The next or previous page: the same filters and sort, and the page's cursor. */
function pageLink(query: Record<string, string>, cursor: string): string {
  const { offset: _offset, cursor: _cursor, ...rest } = query;
  return `/klachten?${new URLSearchParams({ ...rest, cursor }).toString()}`;
}

/** "Meer dan 1.000 klachten gevonden." — never an exact count of every complaint on each view (ADR 0028). */
export function countText(total: number, exact: boolean, shown: number): string {
  if (!exact) return `Meer dan ${(total - 1).toLocaleString('nl-NL')} klachten gevonden. Maak de zoekopdracht kleiner met de filters.`;
  if (total === 0) return 'Geen klachten gevonden.';
  if (total === 1) return '1 klacht gevonden.';
  return `${total.toLocaleString('nl-NL')} klachten gevonden${total > shown ? `, ${shown} op deze pagina` : ''}.`;
}

/** The same list sorted otherwise (back to the first page). */
function sortLink(query: Record<string, string>, sort: string): string {
  const { offset: _offset, cursor: _cursor, ...rest } = query;
  return `/klachten?${new URLSearchParams({ ...rest, sort }).toString()}`;
}

/** Tabs over the kind of registration: complaints, and what a coordinator also looks at (onvrede, suggesties). */
const KIND_TABS: { kind: string | undefined; label: string }[] = [
  { kind: undefined, label: 'Alles' },
  { kind: 'complaint', label: 'Klachten' },
  { kind: 'other', label: 'Onvrede, suggesties en geen klacht' },
];

export const ComplaintList: FC<ListProps> = (p) => {
  const q = p.query;
  const filtered = Object.entries(q).some(([k, v]) => k !== 'offset' && k !== 'cursor' && v);
  return (
    <>
      <h1 class="utrecht-heading-1">Klachten</h1>
      {p.seesNothing ? <Alert kind="info">{p.seesNothing}</Alert> : null}
      {p.canRegister ? (
        <p class="utrecht-paragraph">
          <a class="utrecht-link" href="/klachten/nieuw">Klacht registreren</a>
        </p>
      ) : null}
      {p.notice ? <Alert kind="ok">{p.notice}</Alert> : null}
      {p.cursorGone ? <Alert kind="info">Die pagina van de lijst bestaat niet meer. U ziet de eerste pagina met dezelfde filters.</Alert> : null}
      <ErrorSummary errors={p.errors} labels={LIST_LABELS} />
      {p.seesNothing ? null : (
        <>
          <nav aria-label="Soort registratie" class="kw-tabs">
            <ul class="kw-tabs__list">
              {KIND_TABS.map((t) => {
                const current = (q['kind'] ?? undefined) === t.kind;
                const { kind: _kind, offset: _offset, cursor: _cursor, ...rest } = q;
                const href = `/klachten${Object.keys(rest).length || t.kind ? `?${new URLSearchParams({ ...rest, ...(t.kind ? { kind: t.kind } : {}) }).toString()}` : ''}`;
                return (
                  <li class="kw-tabs__item">
                    <a class="utrecht-link" href={href} aria-current={current ? 'page' : undefined}>
                      {t.label}
                    </a>
                  </li>
                );
              })}
            </ul>
          </nav>
          <form method="get" action="/klachten" class="kw-filters" role="search" aria-label="Klachten zoeken en filteren">
            <TextField name="q" label="Zoeken in klachten" value={q['q']} error={p.errors['q']} hideOptional description="Zoek op (een deel van) het kenmerk, de naam, het e-mailadres, het telefoonnummer of de postcode van de klager, over wie de klacht gaat, of woorden uit het onderwerp en de omschrijving." maxLength={200} />
            <div class="kw-filter-grid">
              <SelectField name="status" label="Status" placeholder="Alle statussen" options={[{ value: 'open', label: 'Alle open klachten' }, ...STATUSES.map((s) => ({ value: s, label: STATUS_LABELS[s] }))]} value={q['status']} error={p.errors['status']} hideOptional />
              <SelectField name="unitId" label="Eenheid" placeholder="Alle eenheden" options={p.units} value={q['unitId']} error={p.errors['unitId']} hideOptional />
              <SelectField name="handlerUserId" label="Behandelaar" placeholder="Alle behandelaars" options={p.handlers} value={q['handlerUserId']} error={p.errors['handlerUserId']} hideOptional />
              <SelectField name="channel" label="Kanaal" placeholder="Alle kanalen" options={CHANNELS.map((c) => ({ value: c, label: capitalise(CHANNEL_LABELS[c]) }))} value={q['channel']} error={p.errors['channel']} hideOptional />
              <SelectField name="kind" label="Soort" placeholder="Alle soorten" options={[...RECORD_KINDS.map((k) => ({ value: k, label: RECORD_KIND_LABELS[k] })), { value: 'other', label: 'Alles behalve klachten' }]} value={q['kind']} error={p.errors['kind']} hideOptional />
              {p.categories.length ? <SelectField name="category" label="Categorie" placeholder="Alle categorieën" options={p.categories} value={q['category']} error={p.errors['category']} hideOptional /> : null}
              <TextField name="from" type="date" label="Ontvangen vanaf" value={q['from']} error={p.errors['from']} hideOptional />
              <TextField name="to" type="date" label="Ontvangen tot en met" value={q['to']} error={p.errors['to']} hideOptional />
            </div>
            <CheckboxField name="overdue" label="Alleen klachten met een termijn die loopt en te laat is" checked={q['overdue'] === 'ja'} error={p.errors['overdue']} />
            <CheckboxField name="decidedLate" label="Alleen klachten die te laat zijn afgehandeld" checked={q['decidedLate'] === 'ja'} error={p.errors['decidedLate']} />
            <CheckboxField name="incomplete" label="Alleen onvolledige registraties" description="Klachten waarbij gegevens ontbreken die de klachtenregeling bij de registratie vraagt." checked={q['incomplete'] === 'ja'} error={p.errors['incomplete']} />
            <CheckboxField name="unitUnknown" label="Alleen klachten die nog geen eenheid hebben" description='De indiener koos "Weet ik niet" bij de vraag over welke eenheid de klacht gaat. Stel de eenheid in via "Registratie corrigeren" in het dossier.' checked={q['unitUnknown'] === 'ja'} error={p.errors['unitUnknown']} />
            {q['sort'] ? <input type="hidden" name="sort" value={q['sort']} /> : null}
            <div class="kw-actions">
              <button type="submit" class="utrecht-button utrecht-button--primary-action">Zoeken</button>
              {filtered ? <a class="utrecht-link" href="/klachten">Alle filters wissen</a> : null}
            </div>
          </form>
          <p class="utrecht-paragraph" role="status">
            {countText(p.total, p.totalExact, p.items.length)}
          </p>
        </>
      )}
      {p.items.length ? (
        <ComplaintTable
          items={p.items}
          today={p.today}
          caption={captionOf(q['sort'])}
          sort={{ current: q['sort'], link: (sort) => sortLink(q, sort) }}
          selectFor={p.bulk ? 'toewijzen' : undefined}
          back={listLink(q)}
        />
      ) : null}
      {p.items.length && p.bulk ? (
        <form method="post" action="/klachten/toewijzen" id="toewijzen" class="kw-bulk" aria-labelledby="toewijzen-kop">
          <h2 class="utrecht-heading-3" id="toewijzen-kop">Gekozen klachten toewijzen</h2>
          <CsrfField token={p.bulk.csrf} />
          <input type="hidden" name="terug" value={listLink(q)} />
          <SelectField name="handlerUserId" id="toewijzen-behandelaar" label="Toewijzen aan behandelaar" placeholder="Kies een behandelaar" options={p.handlers} required description="Vink in de lijst de klachten aan. Elke klacht krijgt deze behandelaar, als dat mag; u ziet per klacht wat er gebeurde." />
          <button type="submit" class="utrecht-button utrecht-button--secondary-action">Toewijzen aan gekozen klachten</button>
        </form>
      ) : null}
      {p.nextCursor || p.prevCursor ? (
        <nav aria-label="Pagina's" class="kw-actions">
          {p.prevCursor ? <a class="utrecht-link" rel="prev" href={pageLink(q, p.prevCursor)}>Vorige {p.limit}</a> : null}
          {p.nextCursor ? <a class="utrecht-link" rel="next" href={pageLink(q, p.nextCursor)}>Volgende {p.limit}</a> : null}
        </nav>
      ) : null}
    </>
  );
};

function listLink(query: Record<string, string>): string {
  const q = new URLSearchParams(query).toString();
  return `/klachten${q ? `?${q}` : ''}`;
}

const SORT_CAPTIONS: Record<string, string> = {
  due: 'de eerstvolgende termijn die loopt bovenaan',
  '-due': 'de laatste termijn die loopt bovenaan',
  received: 'de oudste ontvangst bovenaan',
  '-received': 'de nieuwste ontvangst bovenaan',
  reference: 'op kenmerk, oplopend',
  '-reference': 'op kenmerk, aflopend',
  status: 'op status, nieuw bovenaan',
  '-status': 'op status, ingetrokken bovenaan',
};

function captionOf(sort: string | undefined): string {
  return `Klachten, ${SORT_CAPTIONS[sort ?? 'due'] ?? SORT_CAPTIONS['due']}`;
}
