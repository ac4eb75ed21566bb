import { Hono } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { DEVICE_COOKIE_MAX_AGE_SECONDS, knownDeviceCookie, knownDeviceUserIds } from '../../auth/device.ts';
import { PENDING_TTL_MS, SESSION_TTL_MS, logIn, logOut, pendingSession } from '../../usecases/auth/sessions.ts';
import { clientAddress } from '../client-address.ts';
import { formFields, type AppContext, type AppEnv } from '../context.ts';
import { DEVICE_COOKIE, SESSION_COOKIE, cookieName, cookieOptions } from '../middleware/session.ts';
import { page } from '../render.tsx';
import { Alert, CsrfField, ErrorSummary, SelectField, SubmitButton, TextField, type FieldErrors } from '../views/forms.tsx';

/** Only same-site relative paths are followed after log-in (no open redirects). */
export function safeReturnPath(value: string | undefined): string {
  return value && /^\/(?!\/)[\w\-/.?=&%]*$/.test(value) && !value.startsWith('/inloggen') ? value : '/start';
}

const LABELS = { email: 'E-mailadres', password: 'Wachtwoord', organisation: 'Organisatie' };

/** "probeer het over N minuten opnieuw", from a wait in seconds. */
export function waitMessage(seconds: number): string {
  const minutes = Math.max(1, Math.ceil(seconds / 60));
  return `Te veel mislukte pogingen. Probeer het over ${minutes === 1 ? '1 minuut' : `${minutes} minuten`} opnieuw.`;
}

/** Where a session that still needs a step goes: the code, or setting up two-factor. */
export const SECOND_STEP_PATH = { second_factor: '/inloggen/code', second_factor_setup: '/inloggen/tweestap-instellen' } as const;

/** Sets the session cookie (full or pending) and, after a full log-in, the known-device mark. */
export function setSessionCookies(c: AppContext, token: string, full: boolean, userId: string) {
  setCookie(c, cookieName(c, SESSION_COOKIE), token, cookieOptions(c, (full ? SESSION_TTL_MS : PENDING_TTL_MS) / 1000));
  if (full) {
    const secret = c.get('deps').csrfSecret;
    setCookie(c, cookieName(c, DEVICE_COOKIE), knownDeviceCookie(secret, getCookie(c, cookieName(c, DEVICE_COOKIE)), userId), cookieOptions(c, DEVICE_COOKIE_MAX_AGE_SECONDS));
  }
}

export const authRoutes = new Hono<AppEnv>();

authRoutes.get('/inloggen', async (c) => {
  if (c.get('actor')) return c.redirect('/start', 303);
  const token = getCookie(c, cookieName(c, SESSION_COOKIE));
  const pending = token ? await pendingSession(c.get('deps').db, token) : null;
  if (pending) return c.redirect(`${SECOND_STEP_PATH[pending.stage]}?terug=${encodeURIComponent(safeReturnPath(c.req.query('terug')))}`, 303);
  return loginPage(c, { email: '', back: c.req.query('terug') });
});

authRoutes.post('/inloggen', async (c) => {
  const f = await formFields(c);
  const email = (f['email'] ?? '').trim();
  const password = f['password'] ?? '';
  const errors: FieldErrors = {};
  if (!email) errors['email'] = 'Vul uw e-mailadres in.';
  if (!password) errors['password'] = 'Vul uw wachtwoord in.';
  if (Object.keys(errors).length) return loginPage(c, { email, back: f['terug'], errors }, 422);

  const { csrfSecret, db } = c.get('deps');
  const result = await logIn(db, {
    email,
    password,
    ip: clientAddress(c),
    userAgent: c.req.header('user-agent') ?? null,
    knownDeviceUserIds: knownDeviceUserIds(csrfSecret, getCookie(c, cookieName(c, DEVICE_COOKIE))),
    organisationSlug: f['organisatie'] || null,
  });
  if (!result.ok) {
    if (result.reason === 'choose_organisation') {
      return loginPage(c, { email, back: f['terug'], organisations: result.organisations, message: 'U heeft een account bij meer dan één organisatie. Kies de organisatie en typ uw wachtwoord nog een keer.', kind: 'info' }, 200);
    }
    if (result.reason === 'throttled') {
      c.header('Retry-After', String(result.retryAfterSeconds));
      return loginPage(c, { email, back: f['terug'], message: waitMessage(result.retryAfterSeconds) }, 429);
    }
    return loginPage(c, { email, back: f['terug'], message: 'Het e-mailadres of het wachtwoord klopt niet.' }, 401);
  }
  setSessionCookies(c, result.sessionToken, result.stage === 'full', result.userId);
  if (result.stage !== 'full') return c.redirect(`${SECOND_STEP_PATH[result.stage]}?terug=${encodeURIComponent(safeReturnPath(f['terug']))}`, 303);
  return c.redirect(safeReturnPath(f['terug']), 303);
});

authRoutes.post('/uitloggen', async (c) => {
  const token = c.get('sessionToken') ?? getCookie(c, cookieName(c, SESSION_COOKIE));
  if (token) await logOut(c.get('deps').db, token, clientAddress(c));
  deleteCookie(c, cookieName(c, SESSION_COOKIE), { path: '/', secure: c.get('deps').config.secureCookies });
  return c.redirect('/inloggen?uitgelogd=1', 303);
});

function loginPage(
  c: Parameters<typeof page>[0],
  s: { email: string; back?: string | undefined; errors?: FieldErrors; message?: string; kind?: 'error' | 'info'; organisations?: { slug: string; name: string }[] },
  status: 200 | 401 | 422 | 429 = 200,
) {
  return page(
    c,
    'Inloggen',
    <>
      <h1 class="utrecht-heading-1">Inloggen</h1>
      {c.req.query('uitgelogd') ? <Alert kind="ok">U bent uitgelogd.</Alert> : null}
      {c.req.query('wachtwoord') ? <Alert kind="ok">Uw wachtwoord is opgeslagen. Log in met uw e-mailadres en het nieuwe wachtwoord.</Alert> : null}
      {s.message ? <Alert kind={s.kind ?? 'error'}>{s.message}</Alert> : null}
      <ErrorSummary errors={s.errors ?? {}} labels={LABELS} />
      <form method="post" action="/inloggen" class="kw-form" novalidate>
        <CsrfField token={c.get('csrfToken')} />
        <input type="hidden" name="terug" value={safeReturnPath(s.back)} />
        <TextField name="email" label={LABELS.email} type="email" autocomplete="username" required value={s.email} error={s.errors?.['email']} />
        {s.organisations ? (
          <SelectField name="organisatie" label={LABELS.organisation} required options={s.organisations.map((o) => ({ value: o.slug, label: o.name }))} />
        ) : null}
        <TextField name="password" label={LABELS.password} type="password" autocomplete="current-password" required error={s.errors?.['password']} />
        <SubmitButton>Inloggen</SubmitButton>
      </form>
      <p class="utrecht-paragraph">
        <a class="utrecht-link" href="/wachtwoord-vergeten">Wachtwoord vergeten?</a>
      </p>
    </>,
    { status },
  );
}
