import { Hono } from 'hono';
import { jobQueue } from '../../jobs/queue.ts';
import { AppError } from '../../shared/errors.ts';
import { isUuid } from '../../shared/validation.ts';
import { DELIVERIES, KIND_LABELS, MAX_TERM_DAYS, NOTIFICATION_KINDS, type Delivery } from '../../usecases/notifications/kinds.ts';
import { markRead, notificationKindsOf, preferencesOf, savePreferences, setOrganisationTermDays } from '../../usecases/notifications/inbox.ts';
import { hasRole } from '../../usecases/actor.ts';
import { LINK_INVALID, openLink, requestPasswordReset, useLink } from '../../usecases/users/password-links.ts';
import { clientAddress } from '../client-address.ts';
import { formFields, requireActor, type AppContext, type AppEnv } from '../context.ts';
import { fieldErrorsOf } from '../form-errors.ts';
import { page } from '../render.tsx';
import { Alert, CsrfField, ErrorSummary, NewPasswordFields, SelectField, SubmitButton, TextField, type FieldErrors } from '../views/forms.tsx';

/**
 * Notifications for staff (ADR 0013): the user's own preferences (/account/meldingen), marking notifications
 * read (start page), and the two pages reached by a link in an e-mail: "wachtwoord vergeten" and setting a
 * password through an invitation or reset link.
 */
export const notificationRoutes = new Hono<AppEnv>();

const DELIVERY_LABELS: Record<Delivery, string> = {
  now: 'Meteen een e-mail',
  digest: 'In de dagelijkse samenvatting (werkdagen, 7.00 uur)',
  off: 'Geen e-mail (alleen op de startpagina)',
};

const PREF_LABELS: Record<string, string> = {
  ...Object.fromEntries(NOTIFICATION_KINDS.map((k) => [`deliveries.${k}`, KIND_LABELS[k]])),
  termDays: 'Hoeveel werkdagen van tevoren',
  organisationTermDays: 'Standaard voor de organisatie: hoeveel werkdagen van tevoren',
};

async function preferencesPage(c: AppContext, opts: { values?: Record<string, string>; errors?: FieldErrors; saved?: boolean; orgSaved?: boolean } = {}) {
  const actor = requireActor(c);
  // Only the kinds this user can receive (their roles, a regulation role bound to them); saved choices of others stay.
  const [prefs, kinds] = await Promise.all([preferencesOf(c.get('deps').db, actor), notificationKindsOf(c.get('deps').db, actor)]);
  const errors = opts.errors ?? {};
  const value = (k: string) => opts.values?.[`deliveries.${k}`] ?? prefs.deliveries[k as keyof typeof prefs.deliveries];
  return page(
    c,
    'Meldingen',
    <>
      <h1 class="utrecht-heading-1">Meldingen</h1>
      {opts.saved ? <Alert kind="ok">Uw keuzes zijn opgeslagen.</Alert> : null}
      {opts.orgSaved ? <Alert kind="ok">De standaard van de organisatie is opgeslagen.</Alert> : null}
      <p class="utrecht-paragraph">
        Klachtwijs laat u weten wanneer er iets met uw klachten gebeurt. U ziet elke melding op de startpagina. Kies hier per soort melding of u ook een
        e-mail wilt. In een e-mail staan geen namen en geen inhoud van de klacht, alleen het kenmerk en een link.
      </p>
      <ErrorSummary errors={errors} labels={PREF_LABELS} />
      <form method="post" action="/account/meldingen" novalidate>
        <CsrfField token={c.get('csrfToken')} />
        {kinds.map((k) => (
          <SelectField
            name={`deliveries.${k}`}
            id={`melding-${k}`}
            label={KIND_LABELS[k]}
            required
            value={value(k)}
            options={DELIVERIES.map((d) => ({ value: d, label: DELIVERY_LABELS[d] }))}
            error={errors[`deliveries.${k}`]}
          />
        ))}
        {kinds.includes('term_ending') ? (
          <TextField
            name="termDays"
            label={PREF_LABELS['termDays']!}
            type="number"
            min={1}
            max={MAX_TERM_DAYS}
            value={opts.values?.['termDays'] ?? (prefs.termDays === null ? '' : String(prefs.termDays))}
            error={errors['termDays']}
            description={`Bij "Een termijn van mijn klacht loopt bijna af": hoeveel werkdagen voor het einde van de termijn u het hoort. Van 1 tot en met ${MAX_TERM_DAYS}. Leeg: de standaard van de organisatie (${prefs.organisationTermDays}).`}
          />
        ) : null}
        <SubmitButton>Opslaan</SubmitButton>
      </form>
      {hasRole(actor, 'admin') ? (
        <>
          <h2 class="utrecht-heading-2">Standaard voor de organisatie</h2>
          <form method="post" action="/account/meldingen/organisatie" novalidate>
            <CsrfField token={c.get('csrfToken')} />
            <TextField
              name="organisationTermDays"
              label={PREF_LABELS['organisationTermDays']!}
              type="number"
              min={1}
              max={MAX_TERM_DAYS}
              required
              value={opts.values?.['organisationTermDays'] ?? String(prefs.organisationTermDays)}
              error={errors['organisationTermDays']}
              description="Geldt voor iedereen die zelf niets heeft gekozen."
            />
            <SubmitButton>Standaard opslaan</SubmitButton>
          </form>
        </>
      ) : null}
    </>,
    { status: Object.keys(errors).length ? 422 : 200 },
  );
}

notificationRoutes.get('/account/meldingen', (c) => preferencesPage(c, { saved: c.req.query('opgeslagen') === '1', orgSaved: c.req.query('opgeslagen') === 'organisatie' }));

notificationRoutes.post('/account/meldingen/organisatie', async (c) => {
  const actor = requireActor(c);
  const f = await formFields(c);
  const value = String(f['organisationTermDays'] ?? '');
  try {
    await setOrganisationTermDays(c.get('deps').db, actor, { organisationTermDays: value });
    return c.redirect('/account/meldingen?opgeslagen=organisatie', 303);
  } catch (err) {
    const errors = fieldErrorsOf(err);
    if (!errors) throw err;
    return preferencesPage(c, { values: { organisationTermDays: value }, errors });
  }
});

notificationRoutes.post('/account/meldingen', async (c) => {
  const actor = requireActor(c);
  const f = await formFields(c);
  const values = Object.fromEntries(Object.entries(f).map(([k, v]) => [k, String(v ?? '')]));
  const db = c.get('deps').db;
  const kinds = await notificationKindsOf(db, actor);
  const deliveries = Object.fromEntries(kinds.map((k) => [k, values[`deliveries.${k}`] ?? '']));
  try {
    // Without "termijn loopt bijna af" the form has no days field: savePreferences keeps the saved number.
    await savePreferences(db, actor, { deliveries, termDays: values['termDays'] ?? '' }, kinds);
    return c.redirect('/account/meldingen?opgeslagen=1', 303);
  } catch (err) {
    const errors = fieldErrorsOf(err);
    if (!errors) throw err;
    return preferencesPage(c, { values, errors });
  }
});

notificationRoutes.post('/account/meldingen/gelezen', async (c) => {
  await markRead(c.get('deps').db, requireActor(c), null);
  return c.redirect('/start#meldingen', 303);
});

notificationRoutes.post('/account/meldingen/:id/gelezen', async (c) => {
  const id = c.req.param('id');
  if (!isUuid(id)) return c.notFound();
  await markRead(c.get('deps').db, requireActor(c), id);
  return c.redirect('/start#meldingen', 303);
});

/* "Wachtwoord vergeten?": the same answer whether or not the address has an account. */

const FORGOT_ANSWER =
  'Als dit e-mailadres bij een account hoort, krijgt u binnen een paar minuten een e-mail met een link. De link werkt 1 uur. Kijk ook in uw map met ongewenste e-mail.';

function forgotPage(c: AppContext, opts: { email?: string; errors?: FieldErrors; done?: boolean } = {}) {
  const errors = opts.errors ?? {};
  return page(
    c,
    'Wachtwoord vergeten',
    <>
      <h1 class="utrecht-heading-1">Wachtwoord vergeten</h1>
      {opts.done ? (
        <Alert kind="ok">{FORGOT_ANSWER}</Alert>
      ) : (
        <p class="utrecht-paragraph">Vul het e-mailadres van uw account in. U krijgt dan een e-mail met een link om een nieuw wachtwoord te kiezen.</p>
      )}
      <ErrorSummary errors={errors} labels={{ email: 'E-mailadres' }} />
      <form method="post" action="/wachtwoord-vergeten" class="kw-form" novalidate>
        <CsrfField token={c.get('csrfToken')} />
        <TextField name="email" label="E-mailadres" type="email" autocomplete="username" required value={opts.email} error={errors['email']} />
        <SubmitButton>Stuur mij een link</SubmitButton>
      </form>
      <p class="utrecht-paragraph">
        <a class="utrecht-link" href="/inloggen">Terug naar inloggen</a>
      </p>
    </>,
    { status: Object.keys(errors).length ? 422 : 200 },
  );
}

notificationRoutes.get('/wachtwoord-vergeten', (c) => forgotPage(c));

notificationRoutes.post('/wachtwoord-vergeten', async (c) => {
  const f = await formFields(c);
  const email = String(f['email'] ?? '').trim();
  if (!email) return forgotPage(c, { email, errors: { email: 'Vul uw e-mailadres in.' } });
  const { db, config } = c.get('deps');
  await requestPasswordReset(db, await jobQueue(db), config, { email, ip: clientAddress(c) });
  return forgotPage(c, { email, done: true });
});

/* A link from an invitation or a reset mail: choose a password (rules as on the account page), typed twice. */

const SET_LABELS = { password: 'Nieuw wachtwoord', passwordAgain: 'Nieuw wachtwoord nog een keer' };

function setPasswordPage(c: AppContext, token: string, link: { purpose: string; email: string } | null, errors: FieldErrors = {}) {
  if (!link) {
    return page(
      c,
      'Link werkt niet meer',
      <>
        <h1 class="utrecht-heading-1">Deze link werkt niet meer</h1>
        <Alert kind="warning">{LINK_INVALID}</Alert>
        <p class="utrecht-paragraph">
          Wachtwoord vergeten? <a class="utrecht-link" href="/wachtwoord-vergeten">Vraag een nieuwe link aan</a>. Was het een uitnodiging? Vraag dan de beheerder om een nieuwe uitnodiging.
        </p>
      </>,
      { status: 410 },
    );
  }
  const invitation = link.purpose === 'invitation';
  const title = invitation ? 'Welkom: kies uw wachtwoord' : 'Kies een nieuw wachtwoord';
  return page(
    c,
    title,
    <>
      <h1 class="utrecht-heading-1">{title}</h1>
      <p class="utrecht-paragraph">
        U kiest een wachtwoord voor het account <strong>{link.email}</strong>. {invitation ? 'Daarna logt u in.' : 'Daarna bent u overal uitgelogd en logt u opnieuw in.'}
      </p>
      <ErrorSummary errors={errors} labels={SET_LABELS} />
      <form method="post" action={`/wachtwoord-instellen/${token}`} class="kw-form" novalidate>
        <CsrfField token={c.get('csrfToken')} />
        <input type="text" name="username" value={link.email} autocomplete="username" hidden readonly />
        <NewPasswordFields name="password" againName="passwordAgain" label={SET_LABELS.password} againLabel={SET_LABELS.passwordAgain} errors={errors} />
        <SubmitButton>Wachtwoord opslaan</SubmitButton>
      </form>
    </>,
    { status: Object.keys(errors).length ? 422 : 200 },
  );
}

notificationRoutes.get('/wachtwoord-instellen/:token', async (c) => {
  const token = c.req.param('token');
  c.header('Referrer-Policy', 'no-referrer');
  c.header('Cache-Control', 'no-store');
  return setPasswordPage(c, token, await openLink(c.get('deps').db, token));
});

notificationRoutes.post('/wachtwoord-instellen/:token', async (c) => {
  const token = c.req.param('token');
  const f = await formFields(c);
  const db = c.get('deps').db;
  c.header('Referrer-Policy', 'no-referrer');
  c.header('Cache-Control', 'no-store');
  try {
    await useLink(db, token, { password: String(f['password'] ?? ''), passwordAgain: String(f['passwordAgain'] ?? '') });
    return c.redirect('/inloggen?wachtwoord=1', 303);
  } catch (err) {
    if (err instanceof AppError && err.code === 'not_found') return setPasswordPage(c, token, null);
    const errors = fieldErrorsOf(err);
    if (!errors) throw err;
    return setPasswordPage(c, token, await openLink(db, token), errors); // passwords are never echoed back
  }
});
