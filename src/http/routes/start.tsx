import { sideBySide } from '../../usecases/read-memo.ts';
import { Hono, type Context } from 'hono';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/types.ts';
import { failedMails, type MailStatus } from '../../mail/outbox.ts';
import { HANDLING_ROLES, hasRole } from '../../usecases/actor.ts';
import { roleNamesOf } from '../../usecases/regulations/regulations.ts';
import { listTriage } from '../../usecases/mailbox/triage.ts';
import { today } from '../../usecases/complaints/dossier.ts';
import type { ComplaintListItem } from '../../usecases/complaints/list-complaints.ts';
import { COUNT_CAP, startWorklists } from '../../usecases/complaints/start-worklists.ts';
import { anyDecidedLate } from '../../usecases/complaints/decided-late.ts';
import { regulationWork, type RegulationWorkItem } from '../../usecases/regulation-roles/work.ts';
import { organisationFacts } from '../../usecases/regulation-roles/world.ts';
import { setupChecklist, type SetupChecklist } from '../../usecases/organisations/setup-checklist.ts';
import { listUnits, unitDepths, unitKindLabel } from '../../usecases/units/units.ts';
import { ROLE_LABELS } from '../../usecases/users/users.ts';
import { readOnlyPage, requireActor, type AppEnv } from '../context.ts';
import { page } from '../render.tsx';
import { ComplaintTable, SOON_DAYS } from '../views/complaint-parts.tsx';
import { inboxOf } from '../../usecases/notifications/inbox.ts';
import { NotificationsSection } from '../views/notifications.tsx';
import { measuresStart, MeasuresStartSection } from '../views/measures.tsx';
import { governanceStart, GovernanceStartSection } from '../views/governance.tsx';
import { reportsStart, ReportsStartSection } from '../views/reports.tsx';
import { Alert, CsrfField } from '../views/forms.tsx';

/**
 * The start page per role: what is mine, what is due soon, what is overdue (traffic lights with text),
 * new complaints waiting for triage (coordinator), registering a complaint (intake), and for the board
 * the note that they get reports only. The lists come from startWorklists (need-to-know as in the complaint list;
 * counted up to COUNT_CAP, so a large organisation is not counted whole on every visit).
 */
export const startRoutes = new Hono<AppEnv>();

const number = new Intl.NumberFormat('nl-NL');

const WorkList = ({ id, title, items, total, capped, more, empty, today: day }: { id: string; title: string; items: ComplaintListItem[]; total: number; capped: boolean; more: string; empty: string; today: string }) => (
  <section aria-labelledby={id} class="kw-worklist">
    <h2 class="utrecht-heading-2" id={id}>
      {title} <span class="kw-count">({capped ? `meer dan ${number.format(COUNT_CAP)}` : total})</span>
    </h2>
    {items.length ? (
      <>
        <ComplaintTable items={items} today={day} caption={title} captionHidden />
        {total > items.length ? (
          <p class="utrecht-paragraph">
            <a class="utrecht-link" href={more}>{capped ? 'Alle bekijken' : `Alle ${total} bekijken`}</a>
          </p>
        ) : null}
      </>
    ) : (
      <p class="utrecht-paragraph kw-muted">{empty}</p>
    )}
  </section>
);

/** Complaints the regulation puts with one of the user's roles (a handover or a request for advice). */
const RoleWork = ({ id, title, items, what }: { id: string; title: string; items: RegulationWorkItem[]; what: string }) => (
  <section aria-labelledby={id} class="kw-worklist">
    <h2 class="utrecht-heading-2" id={id}>
      {title} <span class="kw-count">({items.length})</span>
    </h2>
    <ul class="utrecht-unordered-list">
      {items.map((i) => (
        <li class="utrecht-unordered-list__item">
          <a class="utrecht-link" href={`/klachten/${i.id}`}>
            {i.reference}
          </a>
          {i.subject ? ` ${i.subject}` : ''} <span class="kw-muted">({what} {i.roleLabel})</span>
        </li>
      ))}
    </ul>
  </section>
);

const PURPOSE_LABELS: Record<MailStatus['purpose'], string> = {
  letter: 'brief',
  acknowledgement: 'ontvangstbevestiging',
  notification: 'melding aan een medewerker',
  link: 'link naar Mijn klacht of een uitnodiging',
  reply: 'antwoord',
};

/** E-mails that could not be sent (ADR 0014), with the reason and "Opnieuw proberen": nothing leaves silently. */
const UnsentMails = ({ mails, csrf }: { mails: MailStatus[]; csrf: string }) => (
  <section aria-labelledby="niet-verstuurd" class="kw-worklist">
    <h2 class="utrecht-heading-2" id="niet-verstuurd">
      E-mails die niet verstuurd konden worden <span class="kw-count">({mails.length})</span>
    </h2>
    <ul class="utrecht-unordered-list">
      {mails.map((m) => (
        <li class="utrecht-unordered-list__item">
          {m.reference && m.complaintId ? (
            <a class="utrecht-link" href={`/klachten/${m.complaintId}`}>
              {m.reference}
            </a>
          ) : null}{' '}
          {PURPOSE_LABELS[m.purpose]}: “{m.subject}” aan {m.recipient}. <span class="kw-muted">Reden: {m.lastError ?? 'onbekend'}</span>
          <form method="post" action={`/mail/${m.id}/opnieuw`} class="kw-inline-form">
            <CsrfField token={csrf} />
            <button type="submit" class="utrecht-button utrecht-button--secondary-action">
              Opnieuw proberen<span class="kw-visually-hidden"> ({m.subject})</span>
            </button>
          </form>
        </li>
      ))}
    </ul>
  </section>
);

/**
 * The admin's set-up checklist: shown until every step is done; a disclosure, so it can be folded away.
 * Each step says what is there or why it is not done yet, and links to where it is done.
 */
const Checklist = ({ checklist }: { checklist: SetupChecklist }) => {
  const open = checklist.steps.filter((s) => !s.done).length;
  return (
    <section aria-labelledby="inrichting" class="kw-next-steps">
      <h2 class="utrecht-heading-2" id="inrichting">Inrichting</h2>
      <details class="kw-details" open>
        <summary class="kw-details__summary">{open === 1 ? 'Nog 1 stap te doen' : `Nog ${open} stappen te doen`}</summary>
        <ul class="kw-checklist">
          {checklist.steps.map((s) => (
            <li class={s.done ? 'kw-checklist__item kw-checklist__item--done' : 'kw-checklist__item'} id={`inrichting-${s.key}`}>
              <span class="kw-checklist__state">{s.done ? 'Gedaan' : 'Nog te doen'}</span>: {s.title}.{' '}
              {s.detail}{' '}
              <a class="utrecht-link" href={s.href}>{s.linkText}</a>
            </li>
          ))}
        </ul>
      </details>
    </section>
  );
};

// A read-only page: its sections share one read of the actor's scope and the organisation's roles, and on the embedded
// database its statements share one transaction (read-memo.ts).
startRoutes.get('/start', (c) => readOnlyPage(c, (db) => startPage(c, db)));

async function startPage(c: Context<AppEnv>, db: Kysely<DB>) {
  const actor = requireActor(c);
  const day = today();
  const works = hasRole(actor, 'coordinator', 'handler', 'intake');
  const coordinator = hasRole(actor, 'coordinator');
  const handler = hasRole(actor, ...HANDLING_ROLES);
  // The sections side by side on a PostgreSQL server (issue 13, session 5: the work lists' statement, the page's
  // longest, no longer waits for the others in turn), in turn on PGlite (read-memo.ts, `sideBySide`). Every section's
  // reads are here, the notifications, reports, governance and measures too (issue 13, session 7): read while the page
  // rendered, they were a second wave of round trips after the work lists'.
  const [facts, units, { mine, overdue, soon, triage, others }, work, checklist, unsent, viaMail, decidedLate, inbox, reports, governance, measures, roleNames] = await sideBySide(db, [
    // The organisation's name with the facts the sections' need-to-know scope reads (one statement, read once).
    () => organisationFacts(db, actor.organisationId, day),
    () => listUnits(db, actor.organisationId),
    () => startWorklists(db, actor, { soonDays: SOON_DAYS }),
    () => regulationWork(db, actor),
    async () => (hasRole(actor, 'admin') ? setupChecklist(db, actor.organisationId) : null),
    async () => (hasRole(actor, 'admin', 'coordinator') ? failedMails(db, actor) : []),
    async () => (coordinator ? listTriage(db, actor) : []),
    () => anyDecidedLate(db, actor),
    () => inboxOf(db, actor),
    () => reportsStart(db, actor),
    () => governanceStart(db, actor, day),
    () => measuresStart(db, actor),
    () => roleNamesOf(db, actor, day),
  ] as const);
  const org = facts.organisation;
  if (!org) throw new Error(`The organisation ${actor.organisationId} is not visible.`);
  const depth = unitDepths(units);
  const unitName = new Map(units.map((u) => [u.id, u.name]));
  return page(
    c,
    'Start',
    <>
      <h1 class="utrecht-heading-1">Welkom, {actor.name}</h1>
      <p class="utrecht-paragraph">
        U werkt in <strong>{org.name}</strong> als {actor.roles.map((r) => `${roleNames.get(`${r.role}:${r.unitId ?? ''}`) ?? ROLE_LABELS[r.role].toLowerCase()}${r.unitId ? ` (${unitName.get(r.unitId) ?? 'onbekende eenheid'})` : ''}`).join(', ')}.
      </p>
      {checklist && !checklist.complete ? <Checklist checklist={checklist} /> : null}
      <NotificationsSection inbox={inbox} csrfToken={c.get('csrfToken')} />
      {c.req.query('opnieuw') ? <Alert kind="ok">Het bericht staat weer in de wachtrij en wordt zo verstuurd.</Alert> : null}
      {unsent.length ? <UnsentMails mails={unsent} csrf={c.get('csrfToken')} /> : null}
      {works ? (
        <div class="kw-actions">
          <a class="utrecht-link kw-button-link" href="/klachten/nieuw">Klacht registreren</a>
          <a class="utrecht-link" href="/klachten">Alle klachten</a>
          <a class="utrecht-link" href={`/${org.slug}/klacht`}>Openbaar klachtenformulier</a>
        </div>
      ) : null}
      {hasRole(actor, 'board') ? (
        <div class="utrecht-alert utrecht-alert--info" role="status">
          <p class="utrecht-paragraph">Als bestuurslid ziet u alleen de klachten die aan u worden voorgelegd of overgedragen.</p>
        </div>
      ) : null}
      <ReportsStartSection data={reports} csrfToken={c.get('csrfToken')} />
      <GovernanceStartSection data={governance} />
      {work.handedOver.length ? <RoleWork id="neergelegd" title="Bij u neergelegd" items={work.handedOver} what="overgedragen aan u als" /> : null}
      {work.advice.length ? <RoleWork id="overleg" title="Aan u voorgelegd voor overleg" items={work.advice} what="voorgelegd aan u als" /> : null}
      {overdue ? <WorkList id="te-laat" title="Te laat" items={overdue.items} total={overdue.total} capped={overdue.capped} more="/klachten?status=open&overdue=ja" empty="Van de klachten die u kunt zien, is bij geen enkele een termijn verlopen." today={day} /> : null}
      {soon ? <WorkList id="binnenkort" title={`Binnenkort: termijn binnen ${SOON_DAYS} dagen`} items={soon.items} total={soon.total} capped={soon.capped} more="/klachten?status=open" empty="Van de klachten die u kunt zien, verloopt de komende week geen termijn." today={day} /> : null}
      {viaMail.length ? (
        <p class="utrecht-paragraph">
          <a class="utrecht-link" href="/nieuw-via-e-mail">Nieuw via e-mail: {viaMail.length} {viaMail.length === 1 ? 'bericht wacht' : 'berichten wachten'} op u</a>
        </p>
      ) : null}
      {triage ? <WorkList id="nieuw" title="Nieuw: wacht op indeling en toewijzing" items={triage.items} total={triage.total} capped={triage.capped} more="/klachten?status=new" empty="Er wachten geen nieuwe klachten." today={day} /> : null}
      {others ? (
        <WorkList id="overig" title="Onvrede, suggesties en geen klacht" items={others.items} total={others.total} capped={others.capped} more="/klachten?kind=other&sort=-received" empty="Er zijn geen meldingen van onvrede, suggesties of registraties als geen klacht." today={day} />
      ) : null}
      {decidedLate !== null ? (
        <section aria-labelledby="te-laat-afgehandeld" class="kw-worklist">
          <h2 class="utrecht-heading-2" id="te-laat-afgehandeld">
            Te laat afgehandeld
          </h2>
          {decidedLate ? (
            <p class="utrecht-paragraph">
              Over sommige klachten is later beslist dan de klachtenregeling vraagt.{' '}
              <a class="utrecht-link" href="/klachten?decidedLate=ja">Klachten die te laat zijn afgehandeld bekijken</a>
            </p>
          ) : (
            <p class="utrecht-paragraph kw-muted">Er zijn geen klachten die te laat zijn afgehandeld.</p>
          )}
        </section>
      ) : null}
      <MeasuresStartSection data={measures} userId={actor.userId} />
      {mine ? (
        <WorkList
          id="mijn"
          title={handler ? 'Mijn klachten' : 'Klachten die ik heb geregistreerd'}
          items={mine.items}
          total={mine.total}
          capped={mine.capped}
          more={handler ? `/klachten?status=open&handlerUserId=${actor.userId}` : '/klachten?status=open'}
          empty={handler ? 'U behandelt nu geen open klachten.' : 'Er zijn geen open klachten die u heeft geregistreerd.'}
          today={day}
        />
      ) : null}
      {hasRole(actor, 'admin', 'coordinator') ? (
        <>
          <h2 class="utrecht-heading-2">Eenheden van de organisatie</h2>
          {units.length ? (
            <ul class="utrecht-unordered-list">
              {units.map((u) => (
                <li class={`utrecht-unordered-list__item kw-depth-${Math.min(depth.get(u.id) ?? 0, 6)}`}>
                  {u.name} <span class="kw-muted">({unitKindLabel(u, units)})</span>
                </li>
              ))}
            </ul>
          ) : (
            <p class="utrecht-paragraph">Er zijn nog geen eenheden.</p>
          )}
        </>
      ) : null}
    </>,
  );
}
