import { Hono } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { logOut } from '../../usecases/auth/sessions.ts';
import { SSO_STATE_TTL_SECONDS, finishSsoLogin, ssoRedirectUri, ssoStartInfo, startSsoLogin, type SsoRefusal } from '../../usecases/sso/login.ts';
import { getSsoProvider, listSsoLinks, removeSsoLink, saveSsoProvider, ssoOptionsFor, testSsoProvider } from '../../usecases/sso/providers.ts';
import { clientAddress } from '../client-address.ts';
import { formFields, requireActor, type AppContext, type AppEnv } from '../context.ts';
import { fieldErrorsOf } from '../form-errors.ts';
import { cookieOptions } from '../middleware/session.ts';
import { setSessionCookies } from './auth.tsx';
import { page } from '../render.tsx';
import { Alert, CheckboxField, CsrfField, ErrorSummary, SubmitButton, TextField, type FieldErrors } from '../views/forms.tsx';

/**
 * Single sign-on (issue 11, ADR 0022): the admin's page "Eenmalig inloggen (SSO)", and per organisation the start
 * page `/<org>/inloggen/sso` (the address the admin gives to staff), the redirect to the identity provider and the
 * callback `/<org>/inloggen/sso/terug`. Organisations with SSO are never listed to anonymous visitors.
 */
export const ssoRoutes = new Hono<AppEnv>();

/**
 * The sealed state cookie (ADR 0022): httpOnly, SameSite=Lax (the callback is a top-level GET from the provider), ten
 * minutes; `__Host-` prefixed under https (Secure, path /, no domain).
 */
const stateCookie = (c: AppContext) => (c.get('deps').config.secureCookies ? '__Host-kw_sso' : 'kw_sso');

const dateTime = (d: Date) => d.toLocaleString('nl-NL', { timeZone: 'Europe/Amsterdam', dateStyle: 'long', timeStyle: 'short' });

const LABELS = { displayName: 'Naam op de knop', issuerUrl: 'URL van de uitgever (issuer)', clientId: 'Client-ID', clientSecret: 'Clientgeheim (client secret)', scopes: 'Scopes' };

async function adminPage(c: AppContext, form: Record<string, string> | null = null, errors: FieldErrors = {}, notice?: { kind: 'ok' | 'error'; text: string }) {
  const actor = requireActor(c);
  const { db, config } = c.get('deps');
  const current = await getSsoProvider(db, actor);
  const links = await listSsoLinks(db, actor);
  const org = await db.selectFrom('organisations').select(['slug', 'name']).where('id', '=', actor.organisationId).executeTakeFirstOrThrow();
  const v = form ?? (current ? { displayName: current.displayName, issuerUrl: current.issuerUrl, clientId: current.clientId, scopes: current.scopes, enabled: current.enabled ? 'ja' : '' } : {});
  const startUrl = `${config.baseUrl}/${org.slug}/inloggen/sso`;
  const csrf = c.get('csrfToken');
  const failed = Object.keys(errors).length > 0;
  return page(
    c,
    failed ? 'Fout in formulier: eenmalig inloggen (SSO)' : 'Eenmalig inloggen (SSO)',
    <>
      <h1 class="utrecht-heading-1">Eenmalig inloggen (SSO)</h1>
      <p class="utrecht-paragraph">
        Met eenmalig inloggen loggen medewerkers in met het account van uw organisatie, bijvoorbeeld van Microsoft of Google. Klachtwijs gebruikt daarvoor OpenID Connect. Klachtwijs zoekt de medewerker op aan de hand van het e-mailadres, alleen binnen {org.name}. Klachtwijs maakt zelf geen accounts aan: maak eerst een account voor elke medewerker bij Gebruikers.
      </p>
      <Alert kind="info">
        Bij eenmalig inloggen vraagt Klachtwijs niet om een eigen code uit een app (tweestapsverificatie). Uw identiteitsprovider zorgt voor die tweede stap. Stel daar tweestapsverificatie in voor alle medewerkers.
      </Alert>
      {notice ? <Alert kind={notice.kind}>{notice.text}</Alert> : null}
      <h2 class="utrecht-heading-2">Gegevens voor de identiteitsprovider</h2>
      <dl class="kw-dl">
        <dt>Terugkeeradres (redirect URI)</dt>
        <dd class="kw-break"><code>{ssoRedirectUri(config.baseUrl, org.slug)}</code></dd>
        <dt>Adres om in te loggen (geef dit aan medewerkers)</dt>
        <dd class="kw-break"><code>{startUrl}</code></dd>
      </dl>
      <h2 class="utrecht-heading-2">Instellingen</h2>
      <p class="utrecht-paragraph">{current ? (current.enabled ? 'Eenmalig inloggen staat aan.' : 'Eenmalig inloggen staat uit.') : 'Eenmalig inloggen is nog niet ingesteld.'}</p>
      <ErrorSummary errors={errors} labels={LABELS} />
      <form method="post" action="/beheer/eenmalig-inloggen" novalidate>
        <CsrfField token={csrf} />
        <TextField name="displayName" label={LABELS.displayName} required value={v['displayName']} error={errors['displayName']} description='Op de knop staat "Inloggen met" en deze naam, bijvoorbeeld Microsoft.' maxLength={60} />
        <TextField name="issuerUrl" label={LABELS.issuerUrl} required value={v['issuerUrl']} error={errors['issuerUrl']} description="Dit adres staat bij de gegevens van de app in uw identiteitsprovider. Het begint met https://." maxLength={500} autocomplete="off" />
        <TextField name="clientId" label={LABELS.clientId} required value={v['clientId']} error={errors['clientId']} maxLength={255} autocomplete="off" />
        <TextField
          name="clientSecret"
          type="password"
          label={LABELS.clientSecret}
          required={!current}
          error={errors['clientSecret']}
          autocomplete="new-password"
          description={current ? 'Klachtwijs bewaart het geheim versleuteld en laat het nooit meer zien. Laat dit veld leeg om het bewaarde geheim te houden.' : 'Klachtwijs bewaart het geheim versleuteld en laat het nooit meer zien.'}
          maxLength={1000}
        />
        <TextField name="scopes" label={LABELS.scopes} value={v['scopes'] ?? 'openid email profile'} error={errors['scopes']} description='Gescheiden door spaties. In elk geval "openid" en "email".' maxLength={200} autocomplete="off" />
        <CheckboxField name="enabled" label="Eenmalig inloggen aanzetten" checked={v['enabled'] === 'ja'} />
        <SubmitButton>Opslaan</SubmitButton>
      </form>
      {current ? (
        <>
          <h2 class="utrecht-heading-2">Verbinding testen</h2>
          <p class="utrecht-paragraph">Klachtwijs haalt de gegevens van de identiteitsprovider op. Zo ziet u of de URL van de uitgever klopt.</p>
          <form method="post" action="/beheer/eenmalig-inloggen/testen">
            <CsrfField token={csrf} />
            <button type="submit" class="utrecht-button utrecht-button--secondary-action">Verbinding testen</button>
          </form>
        </>
      ) : null}
      <h2 class="utrecht-heading-2">Gekoppelde accounts</h2>
      <p class="utrecht-paragraph">
        Bij de eerste keer inloggen koppelt Klachtwijs het account aan het vaste kenmerk van de medewerker bij de identiteitsprovider. Krijgt iemand anders later hetzelfde e-mailadres bij de identiteitsprovider, dan kan die niet inloggen met dit account. Is het account van de medewerker bij de identiteitsprovider vervangen? Verwijder dan de koppeling. Bij de volgende keer inloggen koppelt Klachtwijs opnieuw.
      </p>
      {links.length ? (
        <table class="utrecht-table">
          <caption class="utrecht-table__caption">Gekoppelde accounts</caption>
          <thead class="utrecht-table__header">
            <tr class="utrecht-table__row">
              <th class="utrecht-table__header-cell" scope="col">Medewerker</th>
              <th class="utrecht-table__header-cell" scope="col">Laatst ingelogd</th>
              <th class="utrecht-table__header-cell" scope="col">Koppeling</th>
            </tr>
          </thead>
          <tbody class="utrecht-table__body">
            {links.map((l) => (
              <tr class="utrecht-table__row">
                <td class="utrecht-table__cell kw-break">
                  {l.userName}
                  <br />
                  <span class="kw-muted">{l.userEmail}</span>
                </td>
                <td class="utrecht-table__cell">{dateTime(l.lastLoginAt)}</td>
                <td class="utrecht-table__cell">
                  <form method="post" action={`/beheer/eenmalig-inloggen/koppelingen/${l.id}/verwijderen`}>
                    <CsrfField token={csrf} />
                    <button type="submit" class="utrecht-button utrecht-button--secondary-action">
                      Koppeling verwijderen<span class="kw-visually-hidden"> van {l.userName}</span>
                    </button>
                  </form>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p class="utrecht-paragraph kw-muted">Er zijn nog geen gekoppelde accounts.</p>
      )}
    </>,
    { status: failed ? 422 : 200 },
  );
}

ssoRoutes.get('/beheer/eenmalig-inloggen', (c) =>
  adminPage(
    c,
    null,
    {},
    c.req.query('opgeslagen') ? { kind: 'ok', text: 'De instellingen zijn opgeslagen. Test hieronder de verbinding.' } : c.req.query('ontkoppeld') ? { kind: 'ok', text: 'De koppeling is verwijderd. Bij de volgende keer inloggen koppelt Klachtwijs opnieuw.' } : undefined,
  ),
);

ssoRoutes.post('/beheer/eenmalig-inloggen', async (c) => {
  const actor = requireActor(c);
  const { db, config } = c.get('deps');
  const f = await formFields(c);
  try {
    await saveSsoProvider(db, actor, f, ssoOptionsFor(config));
    return c.redirect('/beheer/eenmalig-inloggen?opgeslagen=1', 303);
  } catch (err) {
    const errors = fieldErrorsOf(err);
    if (!errors) throw err;
    const { clientSecret: _typed, ...kept } = f; // a secret is never sent back to the browser
    return adminPage(c, { ...kept, enabled: f['enabled'] ?? '' }, errors);
  }
});

ssoRoutes.post('/beheer/eenmalig-inloggen/testen', async (c) => {
  const { db, config } = c.get('deps');
  const result = await testSsoProvider(db, requireActor(c), ssoOptionsFor(config));
  return adminPage(c, null, {}, result.ok ? { kind: 'ok', text: 'De verbinding werkt. Klachtwijs heeft de gegevens van de identiteitsprovider opgehaald.' } : { kind: 'error', text: `De verbinding werkt niet. ${result.problem}` });
});

ssoRoutes.post('/beheer/eenmalig-inloggen/koppelingen/:id/verwijderen', async (c) => {
  await removeSsoLink(c.get('deps').db, requireActor(c), c.req.param('id'));
  return c.redirect('/beheer/eenmalig-inloggen?ontkoppeld=1', 303);
});

// ---------------------------------------------------------------------------------------------
// Log-in
// ---------------------------------------------------------------------------------------------

ssoRoutes.get('/:orgSlug/inloggen/sso', async (c) => {
  if (c.get('actor')) return c.redirect('/start', 303);
  const info = await ssoStartInfo(c.get('deps').db, c.req.param('orgSlug'));
  return page(
    c,
    `Inloggen bij ${info.orgName}`,
    <>
      <h1 class="utrecht-heading-1">Inloggen bij {info.orgName}</h1>
      <p class="utrecht-paragraph">U logt in met het account van uw organisatie. Daarna komt u terug in Klachtwijs.</p>
      <p class="utrecht-paragraph">
        <a class="utrecht-button-link utrecht-button-link--html-a utrecht-button-link--primary-action" href={`/${info.orgSlug}/inloggen/sso/start`}>
          Inloggen met {info.displayName}
        </a>
      </p>
      <p class="utrecht-paragraph">
        <a class="utrecht-link" href="/inloggen">Inloggen met e-mailadres en wachtwoord</a>
      </p>
    </>,
    { orgName: info.orgName },
  );
});

/** A plain link (GET), not a form: the browser must follow the redirect to the provider, which CSP form-action 'self' would block. */
ssoRoutes.get('/:orgSlug/inloggen/sso/start', async (c) => {
  const { db, config } = c.get('deps');
  const { url, stateCookie: sealed } = await startSsoLogin(db, { orgSlug: c.req.param('orgSlug'), baseUrl: config.baseUrl, clientAddress: clientAddress(c) }, ssoOptionsFor(config));
  setCookie(c, stateCookie(c), sealed, cookieOptions(c, SSO_STATE_TTL_SECONDS));
  c.header('Cache-Control', 'no-store');
  return c.redirect(url, 303);
});

const REFUSALS: Record<SsoRefusal, (r: { orgName: string; displayName: string }) => string> = {
  state_invalid: () => 'Het inloggen is verlopen of niet in deze browser begonnen. Begin opnieuw.',
  provider_refused: (r) => `${r.displayName} heeft het inloggen niet toegestaan. Begin opnieuw, of vraag de beheerder om hulp.`,
  token_invalid: (r) => `Het antwoord van ${r.displayName} klopt niet. Begin opnieuw, of vraag de beheerder om hulp.`,
  provider_unreachable: (r) => `${r.displayName} is nu niet bereikbaar. Probeer het later opnieuw, of log in met uw e-mailadres en wachtwoord.`,
  email_missing: (r) => `${r.displayName} gaf geen e-mailadres door. Vraag de beheerder om hulp.`,
  email_not_verified: (r) => `Uw e-mailadres is bij ${r.displayName} niet bevestigd. Daarom kunt u zo niet inloggen. Vraag de beheerder om hulp.`,
  no_account: (r) => `Er is geen account met dit e-mailadres bij ${r.orgName}. Vraag de beheerder om een account.`,
  subject_mismatch: (r) => `Dit e-mailadres is bij ${r.orgName} gekoppeld aan een ander account van ${r.displayName}. Vraag de beheerder om de koppeling te verwijderen als uw account is vervangen.`,
  account_blocked: (r) => `Er is geen account met dit e-mailadres bij ${r.orgName}. Vraag de beheerder om een account.`,
};

ssoRoutes.get('/:orgSlug/inloggen/sso/terug', async (c) => {
  const { db, config } = c.get('deps');
  const orgSlug = c.req.param('orgSlug');
  const query = new URL(c.req.url).searchParams;
  const result = await finishSsoLogin(db, { orgSlug, baseUrl: config.baseUrl, query, stateCookie: getCookie(c, stateCookie(c)), clientAddress: clientAddress(c), userAgent: c.req.header('user-agent') ?? null }, ssoOptionsFor(config));
  deleteCookie(c, stateCookie(c), { path: '/', secure: config.secureCookies }); // single use
  c.header('Cache-Control', 'no-store');
  if (result.ok) {
    const previous = c.get('sessionToken');
    if (previous) await logOut(db, previous); // someone already logged in here: that session ends, never two at once
    setSessionCookies(c, result.sessionToken, true, result.actor.userId);
    return c.redirect('/start', 303);
  }
  const status = result.reason === 'state_invalid' ? 400 : result.reason === 'provider_unreachable' ? 503 : 403;
  return page(
    c,
    'Inloggen niet gelukt',
    <>
      <h1 class="utrecht-heading-1">Inloggen niet gelukt</h1>
      <Alert kind="error">{REFUSALS[result.reason](result)}</Alert>
      <p class="utrecht-paragraph">
        <a class="utrecht-link" href={`/${orgSlug}/inloggen/sso`}>Opnieuw inloggen met {result.displayName}</a>
      </p>
      <p class="utrecht-paragraph">
        <a class="utrecht-link" href="/inloggen">Inloggen met e-mailadres en wachtwoord</a>
      </p>
    </>,
    { status, orgName: result.orgName },
  );
});
