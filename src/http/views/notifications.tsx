import type { inboxOf } from '../../usecases/notifications/inbox.ts';
import { CsrfField } from './forms.tsx';

type Inbox = Awaited<ReturnType<typeof inboxOf>>;

const when = new Intl.DateTimeFormat('nl-NL', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'Europe/Amsterdam' });

/**
 * "Meldingen" on the start page (ADR 0013): the user's own notifications, unread first, each with "gelezen" (`inboxOf`,
 * read beside the page's other sections).
 */
export function NotificationsSection({ inbox: { items, unread }, csrfToken }: { inbox: Inbox; csrfToken: string }) {
  if (!items.length) return null;
  return (
    <section aria-labelledby="meldingen" class="kw-worklist">
      <h2 class="utrecht-heading-2" id="meldingen">
        Meldingen <span class="kw-count">({unread} nieuw)</span>
      </h2>
      <ul class="utrecht-unordered-list kw-notifications">
        {items.map((n) => (
          <li class="utrecht-unordered-list__item">
            {n.read ? null : <strong>Nieuw: </strong>}
            <a class="utrecht-link" href={n.href}>{n.line}</a> <span class="kw-muted">({when.format(n.createdAt)})</span>
            {n.read ? null : (
              <form method="post" action={`/account/meldingen/${n.id}/gelezen`} class="kw-inline-form">
                <CsrfField token={csrfToken} />
                <button type="submit" class="utrecht-button utrecht-button--subtle" aria-label={`Melding "${n.line}" markeren als gelezen`}>
                  Gelezen
                </button>
              </form>
            )}
          </li>
        ))}
      </ul>
      <div class="kw-actions">
        {unread > 1 ? (
          <form method="post" action="/account/meldingen/gelezen" class="kw-inline-form">
            <CsrfField token={csrfToken} />
            <button type="submit" class="utrecht-button utrecht-button--secondary-action">Alles gelezen</button>
          </form>
        ) : null}
        <a class="utrecht-link" href="/account/meldingen">Welke e-mails krijg ik?</a>
      </div>
    </section>
  );
}
