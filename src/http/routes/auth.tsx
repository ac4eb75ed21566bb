import { Hono } from 'hono';
import { deleteCookie, setCookie } from 'hono/cookie';
import { SESSION_TTL_MS, logIn, logOut } from '../../usecases/auth/sessions.ts';
import { clientAddress } from '../client-address.ts';
import { formFields, type AppEnv } from '../context.ts';
import { SESSION_COOKIE, cookieOptions } from '../middleware/session.ts';
import { page } from '../render.tsx';
import { Alert, CsrfField, ErrorSummary, SubmitButton, TextField, type FieldErrors } from '../views/forms.tsx';

/** Only same-site relative paths are followed after log-in (no open redirects). */
function safeReturnPath(value: string | undefined): string {
  return value && /^\/(?!\/)[\w\-/.?=&%]*$/.test(value) && !value.startsWith('/inloggen') ? value : '/start';
}

const LABELS = { email: 'E-mailadres', password: 'Wachtwoord' };

export const authRoutes = new Hono<AppEnv>();

authRoutes.get('/inloggen', async (c) => {
  if (c.get('actor')) return c.redirect('/start', 303);
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

  const result = await logIn(c.get('deps').db, { email, password, ip: clientAddress(c) });
  if (!result.ok) {
    const message =
      result.reason === 'throttled'
        ? 'Te veel mislukte pogingen. Wacht een kwartier en probeer het dan opnieuw.'
        : 'Het e-mailadres of het wachtwoord klopt niet.';
    return loginPage(c, { email, back: f['terug'], message }, result.reason === 'throttled' ? 429 : 401);
  }
  setCookie(c, SESSION_COOKIE, result.sessionToken, cookieOptions(c, SESSION_TTL_MS / 1000));
  return c.redirect(safeReturnPath(f['terug']), 303);
});

authRoutes.post('/uitloggen', async (c) => {
  const token = c.get('sessionToken');
  if (token) await logOut(c.get('deps').db, token);
  deleteCookie(c, SESSION_COOKIE, { path: '/' });
  return c.redirect('/inloggen?uitgelogd=1', 303);
});

function loginPage(
  c: Parameters<typeof page>[0],
  s: { email: string; back?: string | undefined; errors?: FieldErrors; message?: string },
  status: 200 | 401 | 422 | 429 = 200,
) {
  return page(
    c,
    'Inloggen',
    <>
      <h1 class="utrecht-heading-1">Inloggen</h1>
      {c.req.query('uitgelogd') ? <Alert kind="ok">U bent uitgelogd.</Alert> : null}
      {c.req.query('wachtwoord') ? <Alert kind="ok">Uw wachtwoord is opgeslagen. Log in met uw e-mailadres en het nieuwe wachtwoord.</Alert> : null}
      {s.message ? <Alert kind="error">{s.message}</Alert> : null}
      <ErrorSummary errors={s.errors ?? {}} labels={LABELS} />
      <form method="post" action="/inloggen" class="kw-form" novalidate>
        <CsrfField token={c.get('csrfToken')} />
        <input type="hidden" name="terug" value={safeReturnPath(s.back)} />
        <TextField name="email" label={LABELS.email} type="email" autocomplete="username" required value={s.email} error={s.errors?.['email']} />
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
