import { Hono } from 'hono';
import { createMiddleware } from 'hono/factory';
import { SECURITY_EVENT_KINDS, type SecurityEventKind } from '../../db/types-security.ts';
import { AppError } from '../../shared/errors.ts';
import { hasRole } from '../../usecases/actor.ts';
import { audit } from '../../usecases/audit.ts';
import { anonymousUploadQuota, anonymousUploadsToday, MAX_ANONYMOUS_DAILY_BYTES, setAnonymousUploadQuota } from '../../usecases/complaints/upload-quota.ts';
import { listSecurityEvents } from '../../usecases/security/events.ts';
import { formFields, requireActor, type AppContext, type AppEnv } from '../context.ts';
import { page } from '../render.tsx';
import { dutchDateTime } from '../views/complaint-parts.tsx';
import { Alert, CsrfField, ErrorSummary, SelectField, SubmitButton, TextField, type FieldErrors } from '../views/forms.tsx';

/**
 * The admin's security log ("Beveiligingslog", issue 11): the organisation's security events, newest first (who,
 * from which address, what kind, codes and ids only: nothing personal beyond the user and the address), and the daily
 * quota for what anonymous senders upload. Admin only.
 */
export const securityLogRoutes = new Hono<AppEnv>();

const requireAdmin = createMiddleware<AppEnv>(async (c, next) => {
  if (!hasRole(requireActor(c), 'admin')) throw new AppError('forbidden', 'Deze pagina is alleen voor beheerders.');
  return next();
});
securityLogRoutes.use('/beheer/beveiligingslog', requireAdmin);
securityLogRoutes.use('/beheer/beveiligingslog/*', requireAdmin);

export const SECURITY_EVENT_LABELS: Record<SecurityEventKind, string> = {
  login_failed: 'Inloggen mislukt',
  login_throttled: 'Inloggen afgeremd',
  login_succeeded: 'Ingelogd',
  logout: 'Uitgelogd',
  second_factor_failed: 'Tweede stap mislukt',
  second_factor_changed: 'Tweede stap gewijzigd',
  recovery_code_used: 'Herstelcode gebruikt',
  sso_login: 'Ingelogd via single sign-on',
  sso_failed: 'Single sign-on mislukt',
  session_revoked: 'Sessie beëindigd',
  token_created: 'API-sleutel gemaakt',
  token_revoked: 'API-sleutel ingetrokken',
  password_changed: 'Wachtwoord gewijzigd',
  password_reset: 'Wachtwoord opnieuw ingesteld',
  access_refused: 'Geen toegang (lezen geweigerd)',
  action_refused: 'Handeling geweigerd',
  rate_limited: 'Te veel verzoeken',
  upload_refused: 'Bestand geweigerd',
};

const MB = 1024 * 1024;
const LABELS = { soort: 'Soort', mb: 'Hoeveel mag per dag binnenkomen (MB)' };

/** The detail as short "key: value" codes; values that are not codes or ids are left out. */
function detailText(detail: unknown): string {
  if (!detail || typeof detail !== 'object') return '';
  return Object.entries(detail as Record<string, unknown>)
    .filter(([, v]) => typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean')
    .map(([k, v]) => `${k}: ${String(v).slice(0, 80)}`)
    .join(', ');
}

async function securityLogPage(c: AppContext, opts: { form?: Record<string, string>; errors?: FieldErrors; saved?: boolean } = {}) {
  const actor = requireActor(c);
  const { db } = c.get('deps');
  const kind = c.req.query('soort');
  const chosen = (SECURITY_EVENT_KINDS as readonly string[]).includes(kind ?? '') ? (kind as SecurityEventKind) : undefined;
  const [events, users, quota, today] = await Promise.all([
    listSecurityEvents(db, actor.organisationId, { limit: 200, ...(chosen ? { kinds: [chosen] } : {}) }),
    db.selectFrom('users').select(['id', 'name']).where('organisation_id', '=', actor.organisationId).execute(),
    anonymousUploadQuota(db, actor.organisationId),
    anonymousUploadsToday(db, actor.organisationId),
  ]);
  const names = new Map(users.map((u) => [u.id, u.name]));
  const errors = opts.errors ?? {};
  return page(
    c,
    'Beveiligingslog',
    <>
      <h1 class="utrecht-heading-1">Beveiligingslog</h1>
      {opts.saved ? <Alert kind="ok">Het dagquotum is opgeslagen.</Alert> : null}
      <p class="utrecht-paragraph">
        Hier ziet u wat er rond de beveiliging gebeurde: mislukte en afgeremde inlogpogingen, geweigerde toegang en handelingen, te veel verzoeken en
        geweigerde bestanden. U ziet wie het was (als die bekend is) en vanaf welk adres. Er staan geen klachtgegevens in.
      </p>
      <form method="get" action="/beheer/beveiligingslog">
        <SelectField name="soort" label={LABELS.soort} value={chosen} placeholder="Alle soorten" options={SECURITY_EVENT_KINDS.map((k) => ({ value: k, label: SECURITY_EVENT_LABELS[k] }))} />
        <SubmitButton>Toon</SubmitButton>
      </form>
      {events.length === 0 ? (
        <p class="utrecht-paragraph">Er zijn nog geen gebeurtenissen{chosen ? ' van deze soort' : ''}.</p>
      ) : (
        <div class="kw-table-scroll" tabindex={0} role="region" aria-label="Beveiligingsgebeurtenissen">
          <table class="utrecht-table">
            <caption class="utrecht-table__caption">De laatste {events.length} gebeurtenissen, nieuwste eerst</caption>
            <thead class="utrecht-table__header">
              <tr class="utrecht-table__row">
                <th class="utrecht-table__header-cell" scope="col">Wanneer</th>
                <th class="utrecht-table__header-cell" scope="col">Wat</th>
                <th class="utrecht-table__header-cell" scope="col">Wie</th>
                <th class="utrecht-table__header-cell" scope="col">Adres</th>
                <th class="utrecht-table__header-cell" scope="col">Details</th>
              </tr>
            </thead>
            <tbody class="utrecht-table__body">
              {events.map((e) => (
                <tr class="utrecht-table__row">
                  <td class="utrecht-table__cell">{dutchDateTime(e.at)}</td>
                  <td class="utrecht-table__cell">{SECURITY_EVENT_LABELS[e.kind] ?? e.kind}</td>
                  <td class="utrecht-table__cell">{e.user_id ? (names.get(e.user_id) ?? 'Onbekende gebruiker') : 'Onbekend'}</td>
                  <td class="utrecht-table__cell">{e.client_address ?? '–'}</td>
                  <td class="utrecht-table__cell">{detailText(e.detail)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <h2 class="utrecht-heading-2">Bestanden van anonieme indieners</h2>
      <p class="utrecht-paragraph">
        Via het klachtenformulier en de pagina Mijn klacht kunnen mensen zonder account bestanden sturen. Zo kan niemand uw opslag vullen, geldt een
        dagquotum voor uw organisatie. Vandaag is {(today / MB).toFixed(1).replace('.', ',')} MB van {(quota / MB).toFixed(0)} MB gebruikt.
      </p>
      <ErrorSummary errors={errors} labels={LABELS} />
      <form method="post" action="/beheer/beveiligingslog/quotum" novalidate>
        <CsrfField token={c.get('csrfToken')} />
        <TextField name="mb" label={LABELS.mb} required value={opts.form?.['mb'] ?? String(Math.round(quota / MB))} error={errors['mb']} maxLength={5} />
        <SubmitButton>Dagquotum opslaan</SubmitButton>
      </form>
    </>,
    { status: Object.keys(errors).length ? 422 : 200 },
  );
}

securityLogRoutes.get('/beheer/beveiligingslog', (c) => securityLogPage(c, { saved: c.req.query('opgeslagen') === '1' }));

securityLogRoutes.post('/beheer/beveiligingslog/quotum', async (c) => {
  const actor = requireActor(c);
  const form = await formFields(c);
  const raw = (form['mb'] ?? '').trim();
  const max = MAX_ANONYMOUS_DAILY_BYTES / MB;
  if (!/^\d{1,5}$/.test(raw) || Number(raw) > max) {
    return securityLogPage(c, { form, errors: { mb: `Vul een heel getal in van 0 tot en met ${max}. Met 0 neemt het formulier geen bestanden meer aan.` } });
  }
  const { db } = c.get('deps');
  await db.transaction().execute(async (tx) => {
    await setAnonymousUploadQuota(tx, actor.organisationId, Number(raw) * MB);
    await audit(tx, { organisationId: actor.organisationId, actorUserId: actor.userId, action: 'uploads.quota_set', subjectType: 'organisation', subjectId: actor.organisationId, details: { megabytes: Number(raw) } });
  });
  return c.redirect('/beheer/beveiligingslog?opgeslagen=1', 303);
});
