import { Hono } from 'hono';
import { DEFAULT_TOKEN_LIFETIME_DAYS, TOKEN_LIFETIMES_DAYS, apiTokenRefusal, createApiToken, listApiTokens, revokeApiToken } from '../../usecases/auth/api-tokens.ts';
import { AppError } from '../../shared/errors.ts';
import { changeOwnPassword } from '../../usecases/users/own-password.ts';
import { formFields, requireActor, type AppContext, type AppEnv } from '../context.ts';
import { fieldErrorsOf } from '../form-errors.ts';
import { page } from '../render.tsx';
import { Alert, CsrfField, ErrorSummary, NewPasswordFields, SelectField, SubmitButton, TextField, type FieldErrors } from '../views/forms.tsx';
import { isUuid } from '../../shared/validation.ts';

/** The user's own account: API tokens (create, shown once; list; revoke) and changing the password. */
export const accountRoutes = new Hono<AppEnv>();

const fmt = new Intl.DateTimeFormat('nl-NL', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'Europe/Amsterdam' });

async function tokensPage(c: AppContext, opts: { newToken?: string; errors?: FieldErrors; name?: string; expiresInDays?: string; notice?: string } = {}) {
  const actor = requireActor(c);
  const tokens = await listApiTokens(c.get('deps').db, actor);
  const errors = opts.errors ?? {};
  return page(
    c,
    'API-sleutels',
    <>
      <h1 class="utrecht-heading-1">API-sleutels</h1>
      <p class="utrecht-paragraph">Met een API-sleutel kan een ander systeem namens u de Klachtwijs-API gebruiken. Een sleutel heeft dezelfde rechten als uw account.</p>
      {opts.newToken ? (
        <Alert kind="ok">
          <p class="utrecht-paragraph">Uw nieuwe sleutel staat hieronder. Kopieer hem nu: hij wordt maar één keer getoond.</p>
          <p class="kw-token">{opts.newToken}</p>
        </Alert>
      ) : null}
      {opts.notice ? <Alert kind="ok">{opts.notice}</Alert> : null}
      <table class="utrecht-table">
        <caption class="utrecht-table__caption">Uw sleutels</caption>
        <thead class="utrecht-table__header">
          <tr class="utrecht-table__row">
            <th class="utrecht-table__header-cell" scope="col">Naam</th>
            <th class="utrecht-table__header-cell" scope="col">Begint met</th>
            <th class="utrecht-table__header-cell" scope="col">Aangemaakt</th>
            <th class="utrecht-table__header-cell" scope="col">Werkt tot</th>
            <th class="utrecht-table__header-cell" scope="col">Status</th>
          </tr>
        </thead>
        <tbody class="utrecht-table__body">
          {tokens.map((t) => (
            <tr class="utrecht-table__row">
              <td class="utrecht-table__cell">{t.name}</td>
              <td class="utrecht-table__cell"><code>{t.prefix}…</code></td>
              <td class="utrecht-table__cell">{fmt.format(t.created_at)}</td>
              <td class="utrecht-table__cell">{fmt.format(t.expires_at)}</td>
              <td class="utrecht-table__cell">
                {t.revoked_at ? (
                  'Ingetrokken'
                ) : t.expires_at <= new Date() ? (
                  'Verlopen'
                ) : (
                  <form method="post" action={`/account/sleutels/${t.id}/intrekken`} class="kw-inline-form">
                    <CsrfField token={c.get('csrfToken')} />
                    <button type="submit" class="utrecht-button utrecht-button--secondary-action" aria-label={`Sleutel ${t.name} intrekken`}>
                      Intrekken
                    </button>
                  </form>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <h2 class="utrecht-heading-2">Nieuwe sleutel</h2>
      <ErrorSummary errors={errors} labels={{ name: 'Naam', expiresInDays: 'Werkt' }} />
      <form method="post" action="/account/sleutels" novalidate>
        <CsrfField token={c.get('csrfToken')} />
        <TextField name="name" label="Naam" required value={opts.name} error={errors['name']} description="Waarvoor gebruikt u de sleutel? Bijvoorbeeld: koppeling website." maxLength={100} />
        <SelectField
          name="expiresInDays"
          label="Werkt"
          required
          value={opts.expiresInDays ?? String(DEFAULT_TOKEN_LIFETIME_DAYS)}
          error={errors['expiresInDays']}
          description="Daarna werkt de sleutel niet meer en maakt u een nieuwe. Een nieuw wachtwoord via een herstel-link of door de beheerder trekt uw sleutels ook in."
          options={TOKEN_LIFETIMES_DAYS.map((d) => ({ value: String(d), label: `${d} dagen` }))}
        />
        <SubmitButton>Sleutel maken</SubmitButton>
      </form>
    </>,
    { status: Object.keys(errors).length ? 422 : 200 },
  );
}

// Who may make keys is one rule (apiTokenRefusal), the same for the menu, this page and the CLI.
accountRoutes.use('/account/sleutels', async (c, next) => {
  const refusal = apiTokenRefusal({ roles: requireActor(c).roles, blocked: false });
  if (refusal) throw new AppError('not_permitted', refusal);
  await next();
});

accountRoutes.get('/account/sleutels', (c) => tokensPage(c, { notice: c.req.query('ingetrokken') ? 'De sleutel is ingetrokken.' : undefined }));

accountRoutes.post('/account/sleutels', async (c) => {
  const actor = requireActor(c);
  const f = await formFields(c);
  try {
    const { token } = await c.get('deps').db.transaction().execute((tx) => createApiToken(tx, actor, { name: f['name'] ?? '', expiresInDays: f['expiresInDays'] || DEFAULT_TOKEN_LIFETIME_DAYS }));
    c.header('Cache-Control', 'no-store');
    return tokensPage(c, { newToken: token });
  } catch (err) {
    const errors = fieldErrorsOf(err);
    if (!errors) throw err;
    return tokensPage(c, { errors, name: f['name'], expiresInDays: f['expiresInDays'] });
  }
});

accountRoutes.post('/account/sleutels/:id/intrekken', async (c) => {
  const actor = requireActor(c);
  const id = c.req.param('id');
  if (!isUuid(id)) return c.notFound();
  await c.get('deps').db.transaction().execute((tx) => revokeApiToken(tx, actor, id));
  return c.redirect('/account/sleutels?ingetrokken=1', 303);
});

/* The user's own password: current one, new one twice. Other sessions end; this one stays. */

const PASSWORD_LABELS = { currentPassword: 'Huidig wachtwoord', newPassword: 'Nieuw wachtwoord', newPasswordAgain: 'Nieuw wachtwoord nog een keer' };

function passwordPage(c: AppContext, opts: { errors?: FieldErrors; changed?: boolean } = {}) {
  const errors = opts.errors ?? {};
  return page(
    c,
    'Wachtwoord wijzigen',
    <>
      <h1 class="utrecht-heading-1">Wachtwoord wijzigen</h1>
      {opts.changed ? <Alert kind="ok">Uw wachtwoord is gewijzigd. Op andere apparaten en browsers bent u uitgelogd; hier blijft u ingelogd.</Alert> : null}
      <p class="utrecht-paragraph">Na het wijzigen wordt u overal uitgelogd, behalve hier. Uw API-sleutels blijven werken.</p>
      <ErrorSummary errors={errors} labels={PASSWORD_LABELS} />
      <form method="post" action="/account/wachtwoord" novalidate>
        <CsrfField token={c.get('csrfToken')} />
        <TextField name="currentPassword" label={PASSWORD_LABELS.currentPassword} type="password" required error={errors['currentPassword']} autocomplete="current-password" />
        <NewPasswordFields name="newPassword" againName="newPasswordAgain" label={PASSWORD_LABELS.newPassword} againLabel={PASSWORD_LABELS.newPasswordAgain} errors={errors} />
        <SubmitButton>Wachtwoord wijzigen</SubmitButton>
      </form>
    </>,
    { status: Object.keys(errors).length ? 422 : 200 },
  );
}

accountRoutes.get('/account/wachtwoord', (c) => passwordPage(c, { changed: c.req.query('gewijzigd') === '1' }));

accountRoutes.post('/account/wachtwoord', async (c) => {
  const actor = requireActor(c);
  const f = await formFields(c);
  try {
    await changeOwnPassword(c.get('deps').db, actor, c.get('sessionToken'), {
      currentPassword: f['currentPassword'] ?? '',
      newPassword: f['newPassword'] ?? '',
      newPasswordAgain: f['newPasswordAgain'] ?? '',
    });
    return c.redirect('/account/wachtwoord?gewijzigd=1', 303);
  } catch (err) {
    const errors = fieldErrorsOf(err);
    if (!errors) throw err;
    return passwordPage(c, { errors }); // passwords are never echoed back
  }
});
