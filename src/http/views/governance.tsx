import type { Kysely } from 'kysely';
import type { FC } from 'hono/jsx';
import { formatDutchDate } from '../../domain/deadlines/format.ts';
import type { IsoDate } from '../../domain/deadlines/index.ts';
import { articleRef, inParentheses, type SectionDiff } from '../../domain/regulation/index.ts';
import { shownCount, type ReportAudience } from '../../domain/reports/document.ts';
import type { DB } from '../../db/types.ts';
import type { MeetingAgendaItem } from '../../db/types-gov.ts';
import type { Actor } from '../../usecases/actor.ts';
import { meetingsDue } from '../../usecases/meetings/meetings.ts';
import { reviewsAwaitingApproval, reviewsDue } from '../../usecases/regulations/review.ts';

/**
 * Views of the yearly meeting and the regulation's review (ADR 0018): the start-page section, the agenda and
 * the difference between two versions of the regulation. Only figures and texts written for the meeting.
 */
const number = new Intl.NumberFormat('nl-NL');
export const n = (v: number): string => number.format(v);

/** "(artikel 8.1–8.2)" / "(onderdeel "Bekendmaking")". */
export const Cite: FC<{ article?: string | undefined }> = ({ article }) => (article ? <span class="kw-muted"> {inParentheses(articleRef(article))}</span> : null);

/**
 * Start page: the yearly meeting when due (preparing role, coordinator), the review of the regulation when due
 * (admin, coordinator) and a draft waiting for the approval of the role the regulation names (003: het bestuur). Read
 * beside the page's other sections (start.tsx).
 */
export async function governanceStart(db: Kysely<DB>, actor: Actor, today: IsoDate) {
  const [meeting, reviews, awaiting] = await Promise.all([meetingsDue(db, actor, today), reviewsDue(db, actor, today), reviewsAwaitingApproval(db, actor)]);
  return { meeting, reviews, awaiting };
}

/** What the start page's governance sections show (`governanceStart`, read beside the page's other sections). */
export type GovernanceStart = Awaited<ReturnType<typeof governanceStart>>;

/** The start page's governance sections, from `governanceStart`. */
export function GovernanceStartSection({ data: { meeting, reviews, awaiting } }: { data: GovernanceStart }) {
  if (!meeting && !reviews.length && !awaiting.length) return null;
  return (
    <>
      {awaiting.length ? (
        <section aria-labelledby="goedkeuring-regeling" class="kw-worklist">
          <h2 class="utrecht-heading-2" id="goedkeuring-regeling">
            Bijgestelde klachtenregeling goedkeuren
          </h2>
          <ul class="utrecht-unordered-list">
            {awaiting.map((a) => (
              <li class="utrecht-unordered-list__item">
                <a class="utrecht-link" href={`/regeling/evaluatie/${a.id}`}>
                  {a.unitName ? `${a.unitName}: ` : ''}
                  {a.title}: concept en wijzigingen lezen
                </a>
                <Cite article={a.article} />
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {meeting ? (
        <section aria-labelledby="jaaroverleg" class="kw-worklist">
          <h2 class="utrecht-heading-2" id="jaaroverleg">
            Jaaroverleg
          </h2>
          <p class="utrecht-paragraph">
            {meeting.meeting
              ? `Het jaaroverleg over ${meeting.year} is gepland op ${formatDutchDate(meeting.meeting.planned_on)}. Leg na afloop het verslag vast.`
              : `Het jaaroverleg over de klachten van ${meeting.year} moet nog worden gepland.`}{' '}
            {meeting.analysisFinal ? 'De jaaranalyse is klaar.' : 'De jaaranalyse is nog niet vastgesteld.'}
            <Cite article={meeting.article} />
          </p>
          <p class="utrecht-paragraph">
            <a class="utrecht-link" href={meeting.meeting ? `/jaaroverleg/${meeting.meeting.id}` : '/jaaroverleg'}>
              {meeting.meeting ? `Jaaroverleg ${meeting.year} bekijken` : 'Jaaroverleg plannen'}
            </a>
          </p>
        </section>
      ) : null}
      {reviews.length ? (
        <section aria-labelledby="evaluatie-regeling" class="kw-worklist">
          <h2 class="utrecht-heading-2" id="evaluatie-regeling">
            Evaluatie van de regeling
          </h2>
          <ul class="utrecht-unordered-list">
            {reviews.map((r) => (
              <li class="utrecht-unordered-list__item">
                {r.unitName ? `${r.unitName}: ` : ''}de klachtenregeling wordt {r.due.rule.replace(/ \(.*\)$/, '')} geëvalueerd.{' '}
                {r.overdue ? <strong>De evaluatie was uiterlijk {formatDutchDate(r.due.dueOn)} klaar.</strong> : `Uiterlijk ${formatDutchDate(r.due.dueOn)}.`}
                {r.open ? ' De evaluatie is begonnen.' : ''}
                <Cite article={r.due.source.article} />{' '}
                <a class="utrecht-link" href={r.open ? `/regeling/evaluatie/${r.open.id}` : '/regeling/evaluatie'}>
                  {r.open ? 'Evaluatie verder invullen' : 'Evaluatie beginnen'}
                  {r.unitName ? <span class="kw-visually-hidden"> ({r.unitName})</span> : null}
                </a>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </>
  );
}

const DECISION_LABEL = { adopted: 'overgenomen', not_adopted: 'niet overgenomen' } as const;

/**
 * The agenda as generated: numbered items with their figures, recommendations and measures. The complaint counts
 * go through the reports' small-cell rule (`shownCount`: 1–4 is "< 5" for the board); the measures are not
 * registrations and are shown exactly, as in the reports.
 */
export const Agenda: FC<{ agenda: MeetingAgendaItem[]; audience: ReportAudience }> = ({ agenda, audience }) => (
  <ol class="utrecht-ordered-list kw-agenda">
    {agenda.map((item) => (
      <li class="utrecht-ordered-list__item">
        <strong>{item.title}</strong>
        <Cite article={item.article} />
        {item.text ? <p class="utrecht-paragraph">{item.text}</p> : null}
        {item.reportId ? (
          <p class="utrecht-paragraph">
            <a class="utrecht-link" href={`/rapportages/${item.reportId}`}>
              De analyse openen
            </a>
          </p>
        ) : null}
        {item.figures ? (
          <dl class="kw-dl">
            <dt>Ontvangen meldingen</dt>
            <dd>{shownCount(item.figures.received, audience)}</dd>
            <dt>Waarvan klachten</dt>
            <dd>{shownCount(item.figures.complaints, audience)}</dd>
            {item.figures.upheld === null ? null : (
              <>
                <dt>Gegrond of deels gegrond</dt>
                <dd>{shownCount(item.figures.upheld, audience)}</dd>
              </>
            )}
            <dt>Te laat afgehandeld</dt>
            <dd>{shownCount(item.figures.late, audience)}</dd>
          </dl>
        ) : null}
        {item.recommendations?.length ? (
          <ul class="utrecht-unordered-list">
            {item.recommendations.map((r) => (
              <li class="utrecht-unordered-list__item">
                {r.text} <span class="kw-muted">({r.decision ? DECISION_LABEL[r.decision] : 'nog geen besluit'})</span>
              </li>
            ))}
          </ul>
        ) : null}
        {item.measures ? (
          <dl class="kw-dl">
            <dt>Lopende maatregelen</dt>
            <dd>{n(item.measures.open)}</dd>
            <dt>Waarvan te laat</dt>
            <dd>{n(item.measures.overdue)}</dd>
            <dt>Afgerond in het jaar</dt>
            <dd>{n(item.measures.doneInYear)}</dd>
          </dl>
        ) : null}
      </li>
    ))}
  </ol>
);

const CHANGE_LABEL = { added: 'nieuw onderdeel', removed: 'onderdeel vervalt', changed: 'gewijzigd' } as const;

/** The difference between the version in force and the draft, per section of the published text. */
export const RegulationDiff: FC<{ diff: SectionDiff[] }> = ({ diff }) =>
  diff.length ? (
    <>
      {diff.map((d) => (
        <section class="kw-card">
          <h3 class="utrecht-heading-3">
            {d.heading} <span class="kw-muted">({CHANGE_LABEL[d.change]})</span>
          </h3>
          <ul class="kw-diff">
            {d.lines
              .filter((l) => l.op !== 'same')
              .map((l) =>
                l.op === 'removed' ? (
                  <li>
                    <del>
                      <span class="kw-visually-hidden">Vervalt: </span>
                      {l.text}
                    </del>
                  </li>
                ) : (
                  <li>
                    <ins>
                      <span class="kw-visually-hidden">Nieuw: </span>
                      {l.text}
                    </ins>
                  </li>
                ),
              )}
          </ul>
        </section>
      ))}
    </>
  ) : (
    <p class="utrecht-paragraph">Het concept is gelijk aan de regeling die nu geldt.</p>
  );
