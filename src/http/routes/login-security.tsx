import { Hono } from 'hono';
import { getCookie } from 'hono/cookie';
import { raw } from 'hono/html';
import { TWO_FACTOR_REQUIREMENTS } from '../../db/types-login.ts';
import { AppError } from '../../shared/errors.ts';
import { isUuid } from '../../shared/validation.ts';
import { hasRole } from '../../usecases/actor.ts';
import { listOwnSessions, pendingSession, promoteSession, revokeOwnSessions } from '../../usecases/auth/sessions.ts';
import {
  TWO_FACTOR_REQUIREMENT_LABELS,
  beginTwoFactorSetup,
  checkSecondFactor,
  confirmTwoFactorSetup,
  disableTwoFactor,
  regenerateRecoveryCodes,
  setTwoFactorRequirement,
  twoFactorStatus,
} from '../../usecases/auth/two-factor.ts';
import { clientAddress } from '../client-address.ts';
import { formFields, requireActor, type AppContext, type AppEnv } from '../context.ts';
import { fieldErrorsOf } from '../form-errors.ts';
import { SESSION_COOKIE, cookieName } from '../middleware/session.ts';
import { page } from '../render.tsx';
import { Alert, CsrfField, ErrorSummary, SelectField, SubmitButton, TextField, type FieldErrors } from '../views/forms.tsx';
import { safeReturnPath, setSessionCookies } from './auth.tsx';

/**
 * Log-in security pages (issue 11, ADR 0021): the second step of log-in (a code from the app or a recovery code), setting
 * up two-factor when the organisation requires it, the user's own two-factor and sessions (/account/beveiliging), and the
 * admin's requirement (/beheer/beveiliging). Everything works without JavaScript; the QR code is an SVG made on the server.
 */
export const loginSecurityRoutes = new Hono<AppEnv>();

const fmt = new Intl.DateTimeFormat('nl-NL', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'Europe/Amsterdam' });
const CODE_LABEL = 'Code uit de app of herstelcode';

async function pendingOf(c: AppContext, stage: 'second_factor' | 'second_factor_setup') {
  const token = getCookie(c, cookieName(c, SESSION_COOKIE));
  const pending = token ? await pendingSession(c.get('deps').db, token) : null;
  return pending && pending.stage === stage ? { token: token!, pending } : null;
}

/* --- The second step of log-in --- */

function codePage(c: AppContext, back: string, errors: FieldErrors = {}, status: 200 | 401 | 429 = 200) {
  return page(
    c,
    'Inloggen: tweede stap',
    <>
      <h1 class="utrecht-heading-1">Inloggen: tweede stap</h1>
      <p class="utrecht-paragraph">Open de app voor tweestapsverificatie op uw telefoon en typ de code van 6 cijfers. Heeft u uw telefoon niet? Typ dan een van uw herstelcodes.</p>
      <ErrorSummary errors={errors} labels={{ code: CODE_LABEL }} />
      <form method="post" action="/inloggen/code" class="kw-form" novalidate>
        <CsrfField token={c.get('csrfToken')} />
        <input type="hidden" name="terug" value={back} />
        <TextField name="code" label={CODE_LABEL} autocomplete="one-time-code" required error={errors['code']} maxLength={20} />
        <SubmitButton>Verder</SubmitButton>
      </form>
      <form method="post" action="/uitloggen" class="kw-form">
        <CsrfField token={c.get('csrfToken')} />
        <button type="submit" class="utrecht-button utrecht-button--secondary-action">Stoppen met inloggen</button>
      </form>
    </>,
    { status },
  );
}

loginSecurityRoutes.get('/inloggen/code', async (c) => {
  if (!(await pendingOf(c, 'second_factor'))) return c.redirect('/inloggen', 303);
  return codePage(c, safeReturnPath(c.req.query('terug')));
});

loginSecurityRoutes.post('/inloggen/code', async (c) => {
  const p = await pendingOf(c, 'second_factor');
  if (!p) return c.redirect('/inloggen', 303);
  const f = await formFields(c);
  const back = safeReturnPath(f['terug']);
  const db = c.get('deps').db;
  const result = await checkSecondFactor(db, p.pending, { code: f['code'] ?? '', clientAddress: clientAddress(c) });
  if (result === 'throttled') return codePage(c, back, { code: 'Te veel verkeerde codes. Wacht 5 minuten en probeer het dan opnieuw.' }, 429);
  if (result === 'invalid') return codePage(c, back, { code: 'Deze code klopt niet. Typ de 6 cijfers die de app nu laat zien, of een herstelcode.' }, 401);
  const { sessionToken, userId } = await db.transaction().execute((tx) => promoteSession(tx, p.token));
  setSessionCookies(c, sessionToken, true, userId);
  return c.redirect(back, 303);
});

/* --- Setting up two-factor (on the account page, or forced right after the password) --- */

async function SetupBlock(props: { c: AppContext; userId: string; action: string; back?: string; errors: FieldErrors }) {
  const setup = await beginTwoFactorSetup(props.c.get('deps').db, props.userId);
  return (
    <>
      <ol class="utrecht-ordered-list">
        <li class="utrecht-ordered-list__item">Installeer een app voor tweestapsverificatie op uw telefoon, bijvoorbeeld Microsoft Authenticator, Google Authenticator of FreeOTP.</li>
        <li class="utrecht-ordered-list__item">Scan in de app deze QR-code. Lukt scannen niet? Typ dan de geheime code hieronder over.</li>
        <li class="utrecht-ordered-list__item">Typ de code van 6 cijfers die de app laat zien.</li>
      </ol>
      <div class="kw-qr" role="img" aria-label="QR-code om Klachtwijs aan uw app toe te voegen">{raw(setup.qrSvg)}</div>
      <p class="utrecht-paragraph">
        Geheime code: <code class="kw-token">{setup.secret}</code>
      </p>
      <ErrorSummary errors={props.errors} labels={{ code: 'Code uit de app' }} />
      <form method="post" action={props.action} class="kw-form" novalidate>
        <CsrfField token={props.c.get('csrfToken')} />
        {props.back ? <input type="hidden" name="terug" value={props.back} /> : null}
        <TextField name="code" label="Code uit de app" autocomplete="one-time-code" required error={props.errors['code']} maxLength={7} />
        <SubmitButton>Tweestapsverificatie aanzetten</SubmitButton>
      </form>
    </>
  );
}

function RecoveryCodes(props: { codes: string[] }) {
  return (
    <Alert kind="ok">
      <p class="utrecht-paragraph">
        Dit zijn uw {props.codes.length} herstelcodes. Bewaar ze op een veilige plek, bijvoorbeeld geprint in een la. Elke code werkt één keer, als u uw telefoon niet bij
        de hand heeft. Ze worden maar één keer getoond.
      </p>
      <ul class="kw-recovery-codes">
        {props.codes.map((code) => (
          <li>
            <code>{code}</code>
          </li>
        ))}
      </ul>
    </Alert>
  );
}

function forcedSetupPage(c: AppContext, userId: string, back: string, errors: FieldErrors = {}, status: 200 | 422 = 200) {
  return page(
    c,
    'Tweestapsverificatie instellen',
    <>
      <h1 class="utrecht-heading-1">Tweestapsverificatie instellen</h1>
      <p class="utrecht-paragraph">Uw organisatie vraagt dat u bij het inloggen ook een code van uw telefoon gebruikt. Stel dit nu in. Daarna kunt u verder.</p>
      <SetupBlock c={c} userId={userId} action="/inloggen/tweestap-instellen" back={back} errors={errors} />
      <form method="post" action="/uitloggen" class="kw-form">
        <CsrfField token={c.get('csrfToken')} />
        <button type="submit" class="utrecht-button utrecht-button--secondary-action">Stoppen met inloggen</button>
      </form>
    </>,
    { status },
  );
}

loginSecurityRoutes.get('/inloggen/tweestap-instellen', async (c) => {
  const p = await pendingOf(c, 'second_factor_setup');
  if (!p) return c.redirect('/inloggen', 303);
  c.header('Cache-Control', 'no-store');
  return forcedSetupPage(c, p.pending.userId, safeReturnPath(c.req.query('terug')));
});

loginSecurityRoutes.post('/inloggen/tweestap-instellen', async (c) => {
  const p = await pendingOf(c, 'second_factor_setup');
  if (!p) return c.redirect('/inloggen', 303);
  const f = await formFields(c);
  const back = safeReturnPath(f['terug']);
  const db = c.get('deps').db;
  c.header('Cache-Control', 'no-store');
  let codes: string[];
  try {
    codes = (await confirmTwoFactorSetup(db, p.pending, { code: f['code'] ?? '', clientAddress: clientAddress(c) })).recoveryCodes;
  } catch (err) {
    const errors = fieldErrorsOf(err);
    if (!errors) throw err;
    return forcedSetupPage(c, p.pending.userId, back, errors, 422);
  }
  const { sessionToken, userId } = await db.transaction().execute((tx) => promoteSession(tx, p.token));
  setSessionCookies(c, sessionToken, true, userId);
  return page(
    c,
    'Tweestapsverificatie staat aan',
    <>
      <h1 class="utrecht-heading-1">Tweestapsverificatie staat aan</h1>
      <RecoveryCodes codes={codes} />
      <p class="utrecht-paragraph">
        <a class="utrecht-link" href={back}>Ik heb de herstelcodes bewaard. Verder naar Klachtwijs</a>
      </p>
    </>,
  );
});

/* --- The user's own log-in security: two-factor and sessions --- */

async function securityPage(c: AppContext, opts: { errors?: FieldErrors; notice?: string; codes?: string[]; status?: 200 | 422 } = {}) {
  const actor = requireActor(c);
  const db = c.get('deps').db;
  const status = await twoFactorStatus(db, actor.userId);
  const sessions = await listOwnSessions(db, actor, c.get('sessionToken'));
  const errors = opts.errors ?? {};
  c.header('Cache-Control', 'no-store');
  return page(
    c,
    'Inloggen en beveiliging',
    <>
      <h1 class="utrecht-heading-1">Inloggen en beveiliging</h1>
      {opts.notice ? <Alert kind="ok">{opts.notice}</Alert> : null}
      {opts.codes ? <RecoveryCodes codes={opts.codes} /> : null}
      {errors['_'] ? <Alert kind="error">{errors['_']}</Alert> : null}
      <h2 class="utrecht-heading-2">Tweestapsverificatie</h2>
      {status.enabled ? (
        <>
          <p class="utrecht-paragraph">
            Tweestapsverificatie staat aan sinds {fmt.format(status.enabledAt!)}. U heeft nog {status.recoveryCodesLeft} ongebruikte herstelcodes.
          </p>
          <h3 class="utrecht-heading-3">Nieuwe herstelcodes</h3>
          <p class="utrecht-paragraph">De oude herstelcodes werken daarna niet meer.</p>
          <ErrorSummary errors={pick(errors, 'renewCode')} labels={{ renewCode: 'Code uit de app' }} />
          <form method="post" action="/account/beveiliging/herstelcodes" class="kw-form" novalidate>
            <CsrfField token={c.get('csrfToken')} />
            <TextField name="renewCode" label="Code uit de app" autocomplete="one-time-code" required error={errors['renewCode']} maxLength={7} />
            <SubmitButton>Nieuwe herstelcodes maken</SubmitButton>
          </form>
          {status.required ? (
            <p class="utrecht-paragraph">Uw organisatie verplicht tweestapsverificatie voor uw rol. U kunt het daarom niet uitzetten.</p>
          ) : (
            <>
              <h3 class="utrecht-heading-3">Tweestapsverificatie uitzetten</h3>
              <ErrorSummary errors={pick(errors, 'password', 'offCode')} labels={{ password: 'Wachtwoord', offCode: CODE_LABEL }} />
              <form method="post" action="/account/beveiliging/tweestap-uit" class="kw-form" novalidate>
                <CsrfField token={c.get('csrfToken')} />
                <TextField name="password" label="Wachtwoord" type="password" autocomplete="current-password" required error={errors['password']} />
                <TextField name="offCode" label={CODE_LABEL} autocomplete="one-time-code" required error={errors['offCode']} maxLength={20} />
                <SubmitButton>Tweestapsverificatie uitzetten</SubmitButton>
              </form>
            </>
          )}
        </>
      ) : (
        <>
          <p class="utrecht-paragraph">
            Met tweestapsverificatie logt u in met uw wachtwoord én een code van uw telefoon. Dan kan niemand met alleen uw wachtwoord bij de klachtdossiers.
          </p>
          <SetupBlock c={c} userId={actor.userId} action="/account/beveiliging/tweestap" errors={pick(errors, 'code')} />
        </>
      )}
      <h2 class="utrecht-heading-2">Waar u bent ingelogd</h2>
      <table class="utrecht-table">
        <caption class="utrecht-table__caption">Uw sessies</caption>
        <thead class="utrecht-table__header">
          <tr class="utrecht-table__row">
            <th class="utrecht-table__header-cell" scope="col">Apparaat</th>
            <th class="utrecht-table__header-cell" scope="col">Adres</th>
            <th class="utrecht-table__header-cell" scope="col">Ingelogd</th>
            <th class="utrecht-table__header-cell" scope="col">Laatst gebruikt</th>
            <th class="utrecht-table__header-cell" scope="col">Actie</th>
          </tr>
        </thead>
        <tbody class="utrecht-table__body">
          {sessions.map((s) => (
            <tr class="utrecht-table__row">
              <td class="utrecht-table__cell">{s.user_agent ?? 'Onbekend apparaat'}{s.via === 'sso' ? ' (eenmalige aanmelding)' : ''}</td>
              <td class="utrecht-table__cell">{s.client_address ?? 'onbekend'}</td>
              <td class="utrecht-table__cell">{fmt.format(s.created_at)}</td>
              <td class="utrecht-table__cell">{fmt.format(s.last_seen_at)}</td>
              <td class="utrecht-table__cell">
                {s.current ? (
                  'Deze browser'
                ) : (
                  <form method="post" action={`/account/beveiliging/sessies/${s.public_id}/beeindigen`} class="kw-inline-form">
                    <CsrfField token={c.get('csrfToken')} />
                    <button type="submit" class="utrecht-button utrecht-button--secondary-action" aria-label={`Sessie van ${fmt.format(s.created_at)} beëindigen`}>
                      Beëindigen
                    </button>
                  </form>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {sessions.some((s) => !s.current) ? (
        <form method="post" action="/account/beveiliging/sessies/andere-beeindigen" class="kw-form">
          <CsrfField token={c.get('csrfToken')} />
          <SubmitButton>Overal uitloggen behalve hier</SubmitButton>
        </form>
      ) : null}
    </>,
    { status: opts.status ?? 200 },
  );
}

function pick(errors: FieldErrors, ...keys: string[]): FieldErrors {
  const out: FieldErrors = {};
  for (const k of keys) if (errors[k]) out[k] = errors[k];
  return out;
}

/** Runs a change on the security page; a field error comes back on the page (renamed to the form's own field). */
async function onSecurityPage(c: AppContext, rename: Record<string, string>, run: () => Promise<{ notice?: string; codes?: string[] }>) {
  try {
    const out = await run();
    return securityPage(c, out);
  } catch (err) {
    if (err instanceof AppError && (err.code === 'rate_limited' || err.code === 'not_permitted')) return securityPage(c, { errors: { _: err.message }, status: 422 });
    const errors = fieldErrorsOf(err);
    if (!errors) throw err;
    const renamed: FieldErrors = {};
    for (const [k, v] of Object.entries(errors)) renamed[rename[k] ?? k] = v;
    return securityPage(c, { errors: renamed, status: 422 });
  }
}

loginSecurityRoutes.get('/account/beveiliging', (c) => securityPage(c, { notice: c.req.query('beeindigd') ? 'De sessie is beëindigd.' : undefined }));

loginSecurityRoutes.post('/account/beveiliging/tweestap', async (c) => {
  const actor = requireActor(c);
  const f = await formFields(c);
  return onSecurityPage(c, {}, async () => ({
    notice: 'Tweestapsverificatie staat aan. Vanaf nu vraagt Klachtwijs bij het inloggen ook een code.',
    codes: (await confirmTwoFactorSetup(c.get('deps').db, actor, { code: f['code'] ?? '', clientAddress: clientAddress(c) })).recoveryCodes,
  }));
});

loginSecurityRoutes.post('/account/beveiliging/tweestap-uit', async (c) => {
  const actor = requireActor(c);
  const f = await formFields(c);
  return onSecurityPage(c, { code: 'offCode' }, async () => {
    await disableTwoFactor(c.get('deps').db, actor, { password: f['password'] ?? '', code: f['offCode'] ?? '', clientAddress: clientAddress(c) });
    return { notice: 'Tweestapsverificatie staat uit.' };
  });
});

loginSecurityRoutes.post('/account/beveiliging/herstelcodes', async (c) => {
  const actor = requireActor(c);
  const f = await formFields(c);
  return onSecurityPage(c, { code: 'renewCode' }, async () => ({
    notice: 'Er zijn nieuwe herstelcodes gemaakt. De oude werken niet meer.',
    codes: await regenerateRecoveryCodes(c.get('deps').db, actor, { code: f['renewCode'] ?? '', clientAddress: clientAddress(c) }),
  }));
});

loginSecurityRoutes.post('/account/beveiliging/sessies/:id/beeindigen', async (c) => {
  const actor = requireActor(c);
  const id = c.req.param('id');
  if (!isUuid(id)) return c.notFound();
  const n = await revokeOwnSessions(c.get('deps').db, actor, c.get('sessionToken'), id, clientAddress(c));
  if (n === 0) return c.notFound();
  return c.redirect('/account/beveiliging?beeindigd=1', 303);
});

loginSecurityRoutes.post('/account/beveiliging/sessies/andere-beeindigen', async (c) => {
  const actor = requireActor(c);
  await revokeOwnSessions(c.get('deps').db, actor, c.get('sessionToken'), null, clientAddress(c));
  return c.redirect('/account/beveiliging?beeindigd=1', 303);
});

/* --- The admin: who must use two-factor --- */

async function adminPage(c: AppContext, opts: { notice?: string; errors?: FieldErrors } = {}) {
  const actor = requireActor(c);
  const org = await c.get('deps').db.selectFrom('organisations').select('two_factor_required').where('id', '=', actor.organisationId).executeTakeFirstOrThrow();
  const errors = opts.errors ?? {};
  return page(
    c,
    'Beveiliging van het inloggen',
    <>
      <h1 class="utrecht-heading-1">Beveiliging van het inloggen</h1>
      {opts.notice ? <Alert kind="ok">{opts.notice}</Alert> : null}
      <p class="utrecht-paragraph">
        Met tweestapsverificatie logt een medewerker in met een wachtwoord én een code van de telefoon (NEN 7510). Wie het moet gebruiken en het nog niet heeft, stelt
        het in direct na het wachtwoord en kan pas daarna verder.
      </p>
      <ErrorSummary errors={errors} labels={{ twoFactorRequired: 'Tweestapsverificatie verplicht' }} />
      <form method="post" action="/beheer/beveiliging" class="kw-form" novalidate>
        <CsrfField token={c.get('csrfToken')} />
        <SelectField
          name="twoFactorRequired"
          label="Tweestapsverificatie verplicht"
          required
          value={org.two_factor_required}
          error={errors['twoFactorRequired']}
          options={TWO_FACTOR_REQUIREMENTS.map((v) => ({ value: v, label: TWO_FACTOR_REQUIREMENT_LABELS[v] }))}
        />
        <SubmitButton>Opslaan</SubmitButton>
      </form>
    </>,
    { status: Object.keys(errors).length ? 422 : 200 },
  );
}

loginSecurityRoutes.use('/beheer/beveiliging', async (c, next) => {
  if (!hasRole(requireActor(c), 'admin')) throw new AppError('forbidden', 'Deze pagina is alleen voor beheerders.');
  await next();
});

loginSecurityRoutes.get('/beheer/beveiliging', (c) => adminPage(c));

loginSecurityRoutes.post('/beheer/beveiliging', async (c) => {
  const actor = requireActor(c);
  const f = await formFields(c);
  try {
    await c.get('deps').db.transaction().execute((tx) => setTwoFactorRequirement(tx, actor, f['twoFactorRequired'] ?? ''));
  } catch (err) {
    const errors = fieldErrorsOf(err);
    if (!errors) throw err;
    return adminPage(c, { errors });
  }
  return adminPage(c, { notice: 'Opgeslagen.' });
});
