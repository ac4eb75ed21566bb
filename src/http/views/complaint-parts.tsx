import type { Child, FC } from 'hono/jsx';
import { daysLeft, formatDutchDate } from '../../domain/deadlines/index.ts';
import { CHANNEL_LABELS, type Channel } from '../../domain/regulation/index.ts';
import { isStatus, RECORD_KIND_LABELS, STATUS_LABELS, type DeadlineState, type RecordKind } from '../../domain/workflow/index.ts';
import type { ComplaintListItem } from '../../usecases/complaints/list-complaints.ts';

/**
 * Small pieces shared by the complaint pages: Dutch dates, the traffic light for due dates (text and
 * colour, never colour alone), status labels and the complaint table of the list and the start page.
 */

/** A due date is "soon" within this many calendar days. */
export const SOON_DAYS = 7;

const dateTimeFormat = new Intl.DateTimeFormat('nl-NL', { dateStyle: 'long', timeStyle: 'short', timeZone: 'Europe/Amsterdam' });

export function dutchDate(iso: string | null | undefined): string {
  if (!iso) return '';
  try {
    return formatDutchDate(iso.slice(0, 10));
  } catch {
    return iso;
  }
}

export function dutchDateTime(at: Date | string): string {
  const d = typeof at === 'string' ? new Date(at) : at;
  return Number.isNaN(d.getTime()) ? String(at) : dateTimeFormat.format(d);
}

export function statusLabel(status: string): string {
  return isStatus(status) ? STATUS_LABELS[status] : status;
}
export function kindLabel(kind: string): string {
  return RECORD_KIND_LABELS[kind as RecordKind] ?? kind;
}
export function channelLabel(channel: string): string {
  return CHANNEL_LABELS[channel as Channel] ?? channel;
}

function daysText(n: number): string {
  return `${n} ${n === 1 ? 'dag' : 'dagen'}`;
}

export type Light = 'overdue' | 'soon' | 'ok' | 'none';

/** The traffic light of an open due date. */
export function lightOf(due: string, today: string): { light: Light; text: string } {
  const left = daysLeft(due, today);
  if (left < 0) return { light: 'overdue', text: `Te laat (${daysText(-left)})` };
  if (left === 0) return { light: 'soon', text: 'Binnenkort (vandaag)' };
  if (left <= SOON_DAYS) return { light: 'soon', text: `Binnenkort (nog ${daysText(left)})` };
  return { light: 'ok', text: `Op tijd (nog ${daysText(left)})` };
}

/** The traffic light of one clock of a dossier. */
export function lightOfDeadline(d: DeadlineState, today: string): { light: Light; text: string } {
  if (d.met) return d.late ? { light: 'soon', text: `Gedaan op ${dutchDate(d.metOn)}, te laat` } : { light: 'ok', text: `Gedaan op ${dutchDate(d.metOn)}` };
  if (d.overdue) return lightOf(d.due, today);
  // The inadmissibility notice is a window, not a duty (DeadlineState.window): no traffic light, in every status the
  // same three truths.
  if (d.window) {
    if (d.window.lapsed) return { light: 'none', text: 'Voorbij: de klacht geldt als ontvankelijk' };
    if (d.running) {
      const left = daysLeft(d.due, today);
      return { light: 'none', text: left === 0 ? 'Nog mogelijk (tot en met vandaag)' : `Nog mogelijk (nog ${daysText(left)})` };
    }
    return { light: 'none', text: 'Niet meer nodig: de behandeling is afgerond' };
  }
  if (!d.running) return { light: 'none', text: 'Loopt nu niet' };
  return lightOf(d.due, today);
}

export const Badge: FC<{ light: Light; text: string }> = ({ light, text }) => (
  <span class={light === 'none' ? 'kw-status kw-status--none' : `kw-status kw-status--${light}`}>{text}</span>
);

/**
 * The running deadline of a list row, named ("Beslissing 15 december"), with its traffic light. A suspended
 * complaint's clock stands still: "Opgeschort". A decision taken late says so after the procedure ended.
 */
export const DueCell: FC<{ item: Pick<ComplaintListItem, 'nextDue' | 'nextDueLabel' | 'status' | 'decidedLate'>; today: string }> = ({ item, today }) => {
  const open = ['new', 'in_progress', 'suspended'].includes(item.status);
  if (open && item.nextDue) {
    const l = lightOf(item.nextDue, today);
    return (
      <>
        {/* Which deadline it is: "Beslissing uiterlijk 12 december 2026", "Ontvangstbevestiging uiterlijk …". */}
        <span>
          {item.nextDueLabel ? `${item.nextDueLabel} uiterlijk ` : 'Uiterlijk '}
          <span class="kw-nowrap">{dutchDate(item.nextDue)}</span>
        </span>
        <br />
        <Badge light={l.light} text={l.text} />
      </>
    );
  }
  if (item.status === 'suspended') return <Badge light="none" text="Opgeschort: de termijn loopt nu niet" />;
  if (item.decidedLate) return <Badge light="soon" text="Te laat afgehandeld" />;
  return <span class="kw-muted">Geen open termijn</span>;
};

/** Sorting of the list: the current choice and the link of a choice (plain links, no JavaScript needed). */
export interface TableSort {
  current: string | undefined;
  link: (sort: string) => string;
}

/** A column header that sorts: a link that toggles the direction, `aria-sort` on the column sorted now. */
const SortHeader: FC<{ label: string; column: string; sort?: TableSort | undefined; defaultDesc?: boolean }> = ({ label, column, sort, defaultDesc }) => {
  if (!sort) {
    return (
      <th class="utrecht-table__header-cell" scope="col">
        {label}
      </th>
    );
  }
  const current = sort.current ?? 'due';
  const active = current.replace(/^-/, '') === column;
  const desc = active && current.startsWith('-');
  const next = active ? (desc ? column : `-${column}`) : defaultDesc ? `-${column}` : column;
  return (
    <th class="utrecht-table__header-cell" scope="col" aria-sort={active ? (desc ? 'descending' : 'ascending') : undefined}>
      <a class="utrecht-link kw-sort" href={sort.link(next)}>
        {label}
        <span class="kw-visually-hidden">{active ? (desc ? ', aflopend gesorteerd; sorteer oplopend' : ', oplopend gesorteerd; sorteer aflopend') : ', sorteer hierop'}</span>
        <span aria-hidden="true">{active ? (desc ? ' ▼' : ' ▲') : ''}</span>
      </a>
    </th>
  );
};

/**
 * A link back to the complaints list with its search, filters and sort (`terug` on the dossier's URL), or null. Only a
 * path within /klachten: anything else (another path, a host, a scheme) is refused, so it cannot redirect elsewhere;
 * the query is parsed and written anew, and JSX escapes the attribute.
 */
export function backToList(value: unknown): string | null {
  if (typeof value !== 'string' || !/^\/klachten(\?[^\s#]*)?$/.test(value)) return null;
  const q = new URLSearchParams(value.slice('/klachten'.length)).toString();
  return `/klachten${q ? `?${q}` : ''}`;
}

/**
 * `path` with the list to return to as its `terug` parameter (before any #fragment), or `path` itself when there is
 * none or it is the plain list. Every page between a dossier and its return (an action, its proposed letter, the
 * letter to print) carries it this way, so "Terug" after a letter still opens the list the user came from.
 */
export function withBack(path: string, back: string | null | undefined): string {
  if (!back || back === '/klachten') return path;
  const hash = path.indexOf('#');
  const [base, fragment] = hash < 0 ? [path, ''] : [path.slice(0, hash), path.slice(hash)];
  return `${base}${base.includes('?') ? '&' : '?'}terug=${encodeURIComponent(back)}${fragment}`;
}

/**
 * The complaints table of the list and the start page. On a phone it scrolls sideways inside its own
 * region, which can be reached and scrolled with the keyboard (tabindex 0, a label).
 * `selectFor`: a checkbox per row that belongs to the form with that id (bulk assign).
 */
export const ComplaintTable: FC<{ items: ComplaintListItem[]; today: string; caption: string; captionHidden?: boolean; sort?: TableSort; selectFor?: string; back?: string }> = ({ items, today, caption, captionHidden, sort, selectFor, back }) => (
  <div class="kw-table-scroll" tabindex={0} role="region" aria-label={caption}>
    <table class="utrecht-table kw-complaints">
      <caption class={`utrecht-table__caption${captionHidden ? ' kw-visually-hidden' : ''}`}>{caption}</caption>
      <thead class="utrecht-table__header">
        <tr class="utrecht-table__row">
          {selectFor ? (
            <th class="utrecht-table__header-cell" scope="col">
              <span class="kw-visually-hidden">Kiezen</span>
            </th>
          ) : null}
          <SortHeader label="Kenmerk" column="reference" sort={sort} defaultDesc />
          <SortHeader label="Ontvangen" column="received" sort={sort} defaultDesc />
          <th class="utrecht-table__header-cell" scope="col">Onderwerp</th>
          <th class="utrecht-table__header-cell" scope="col">Eenheid</th>
          <SortHeader label="Status" column="status" sort={sort} />
          <th class="utrecht-table__header-cell" scope="col">Behandelaar</th>
          <SortHeader label="Termijn die loopt" column="due" sort={sort} />
        </tr>
      </thead>
      <tbody class="utrecht-table__body">
        {items.map((i) => (
          <tr class="utrecht-table__row">
            {selectFor ? (
              <td class="utrecht-table__cell">
                <input type="checkbox" class="utrecht-checkbox utrecht-checkbox--html-input" form={selectFor} name="ids" value={i.id} id={`kies-${i.id}`} />
                <label for={`kies-${i.id}`} class="kw-visually-hidden">
                  Kies {i.reference}
                </label>
              </td>
            ) : null}
            <td class="utrecht-table__cell">
              <a class="utrecht-link" href={withBack(`/klachten/${i.id}`, back)}>
                {i.reference}
              </a>
            </td>
            <td class="utrecht-table__cell kw-nowrap">{dutchDate(i.receivedOn)}</td>
            <td class="utrecht-table__cell">
              {i.subject ?? <span class="kw-muted">(geen onderwerp)</span>}
              {i.kind !== 'complaint' ? <span class="kw-muted"> · {kindLabel(i.kind)}</span> : null}
            </td>
            <td class="utrecht-table__cell">{i.unitUnknown ? <><strong>Nog geen eenheid</strong><span class="kw-muted"> (wacht bij {i.unitName})</span></> : i.unitName}</td>
            <td class="utrecht-table__cell">{statusLabel(i.status)}</td>
            <td class="utrecht-table__cell">{i.handlerName ?? <span class="kw-muted">Nog niemand</span>}</td>
            <td class="utrecht-table__cell">
              <DueCell item={i} today={today} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  </div>
);

/** A term list item of a definition list: label and value, skipped when empty. */
export const Row: FC<{ label: string; value: unknown; children?: Child }> = ({ label, value, children }) => {
  const shown = children ?? (value === null || value === undefined || value === '' ? null : String(value));
  if (shown === null) return null;
  return (
    <div class="kw-dl__row">
      <dt>{label}</dt>
      <dd>{shown}</dd>
    </div>
  );
};
