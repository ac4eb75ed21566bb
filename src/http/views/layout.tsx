import { html } from 'hono/html';
import type { Child, FC } from 'hono/jsx';
import type { Actor } from '../../usecases/actor.ts';
import { hasRole } from '../../usecases/actor.ts';
import { mayCreateApiTokens } from '../../usecases/auth/api-tokens.ts';

export interface LayoutProps {
  title: string;
  actor?: Actor | null | undefined;
  csrfToken?: string | undefined;
  /** Organisation name shown in the header (public pages). */
  orgName?: string | undefined;
  /** Public pages of one organisation: the brand leads to its complaint form, not to the staff log-in. */
  orgSlug?: string | undefined;
  children?: Child;
}

/**
 * The document's head, as the JSX `<head>` rendered it, written as HTML (the title escaped by `html`). A `<head>` element
 * makes hono/jsx look up an SVG namespace context for every element of every page from then on (issue 13: ~15 % of
 * rendering a list page).
 */
const head = (title: string) =>
  html`<head><meta charset="utf-8"/><meta name="viewport" content="width=device-width, initial-scale=1"/><title>${title} · Klachtwijs</title><link rel="stylesheet" href="/static/utrecht.css"/><link rel="stylesheet" href="/static/klachtwijs.css"/><script src="/static/klachtwijs.js" defer=""></script></head>`;

/** The one page frame: skip link, header with navigation, main landmark. Dutch first. */
export const Layout: FC<LayoutProps> = ({ title, actor, csrfToken, orgName, orgSlug, children }) => (
  <html lang="nl" class="utrecht-theme">
    {head(title)}
    <body class="utrecht-document utrecht-document--surface">
      <a class="utrecht-link kw-skip" href="#inhoud">Naar de inhoud</a>
      <header class="kw-header">
        <div class="kw-wrap kw-header__bar">
          <a class="kw-brand" href={orgSlug && !actor ? `/${orgSlug}/klacht` : '/'}>Klachtwijs{orgName ? <span class="kw-brand__org"> · {orgName}</span> : null}</a>
          {actor ? (
            <nav aria-label="Hoofdmenu" class="kw-nav">
              <ul>
                <li><a class="utrecht-link" href="/start">Start</a></li>
                {hasRole(actor, 'intake', 'coordinator', 'handler') ? <li><a class="utrecht-link" href="/klachten">Klachten</a></li> : null}
                {hasRole(actor, 'intake', 'coordinator', 'handler') ? <li><a class="utrecht-link" href="/klachten/nieuw">Klacht registreren</a></li> : null}
                {hasRole(actor, 'admin', 'coordinator') ? <li><a class="utrecht-link" href="/verbetermaatregelen">Verbetermaatregelen</a></li> : null}
                {hasRole(actor, 'coordinator', 'board') ? <li><a class="utrecht-link" href="/rapportages">Rapportages</a></li> : null}
                {actor.roles.some((g) => g.role === 'coordinator' && g.unitId === null) ? <li><a class="utrecht-link" href="/privacy">Privacy</a></li> : null}
                {hasRole(actor, 'coordinator') ? <li><a class="utrecht-link" href="/bewaartermijnen">Bewaartermijnen</a></li> : null}
                {hasRole(actor, 'admin', 'coordinator') ? <li><a class="utrecht-link" href="/beheer/klachtenregeling">Klachtenregeling</a></li> : null}
                {hasRole(actor, 'admin', 'coordinator') ? <li><a class="utrecht-link" href="/rollen">Rollen</a></li> : null}
                {hasRole(actor, 'admin', 'coordinator') ? <li><a class="utrecht-link" href="/beheer/briefsjablonen">Briefsjablonen</a></li> : null}
                {hasRole(actor, 'admin') ? <li><a class="utrecht-link" href="/beheer/briefpapier">Briefpapier</a></li> : null}
                {hasRole(actor, 'admin') ? <li><a class="utrecht-link" href="/beheer/eenheden">Eenheden</a></li> : null}
                {hasRole(actor, 'admin') ? <li><a class="utrecht-link" href="/beheer/gebruikers">Gebruikers</a></li> : null}
                {hasRole(actor, 'admin') ? <li><a class="utrecht-link" href="/beheer/klachtenmailbox">Klachtenmailbox</a></li> : null}
                {hasRole(actor, 'admin') ? <li><a class="utrecht-link" href="/beheer/eenmalig-inloggen">Eenmalig inloggen</a></li> : null}
                {hasRole(actor, 'admin') ? <li><a class="utrecht-link" href="/beheer/beveiliging">Beveiliging</a></li> : null}
                {hasRole(actor, 'admin') ? <li><a class="utrecht-link" href="/beheer/beveiligingslog">Beveiligingslog</a></li> : null}
                {mayCreateApiTokens(actor) ? <li><a class="utrecht-link" href="/account/sleutels">API-sleutels</a></li> : null}
                <li><a class="utrecht-link" href="/account/meldingen">Meldingen</a></li>
                <li><a class="utrecht-link" href="/account/wachtwoord">Wachtwoord</a></li>
                <li><a class="utrecht-link" href="/account/beveiliging">Inloggen en beveiliging</a></li>
                <li>
                  <form method="post" action="/uitloggen" class="kw-inline-form">
                    <input type="hidden" name="_csrf" value={csrfToken ?? ''} />
                    <button type="submit" class="utrecht-button utrecht-button--subtle">Uitloggen</button>
                  </form>
                </li>
              </ul>
            </nav>
          ) : null}
        </div>
      </header>
      <main id="inhoud" class="kw-wrap kw-main" tabindex={-1}>
        {children}
      </main>
      <footer class="kw-footer">
        <div class="kw-wrap">
          <p class="utrecht-paragraph">Klachtwijs — open-source klachtenmanagement.</p>
        </div>
      </footer>
    </body>
  </html>
);
