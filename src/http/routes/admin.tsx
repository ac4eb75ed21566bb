import { Hono } from 'hono';
import { createMiddleware } from 'hono/factory';
import type { Kysely } from 'kysely';
import { ROLES, type DB, type Role } from '../../db/types.ts';
import { AppError } from '../../shared/errors.ts';
import { isUuid } from '../../shared/validation.ts';
import { hasRole } from '../../usecases/actor.ts';
import { createUnit, listUnits, unitDepths, unitKindLabel } from '../../usecases/units/units.ts';
import { ROLE_LABELS, createUser, listUsers } from '../../usecases/users/users.ts';
import { addRoleGrant, blockUser, getUserDetail, removeRoleGrant, setUserPassword, unblockUser, type UserManager } from '../../usecases/users/manage.ts';
import { formFields, requireActor, type AppContext, type AppEnv } from '../context.ts';
import { page } from '../render.tsx';
import { fieldErrorsOf } from '../form-errors.ts';
import { Alert, CheckboxField, CsrfField, ErrorSummary, SelectField, SubmitButton, TextField, type FieldErrors } from '../views/forms.tsx';
import { jobQueue } from '../../jobs/queue.ts';
import { invitationStates, sendInvitation, type InvitationState } from '../../usecases/users/password-links.ts';
import { Row } from '../views/complaint-parts.tsx';

/** Admin pages: units and users of the admin's own organisation. */
export const adminRoutes = new Hono<AppEnv>();

const requireAdmin = createMiddleware<AppEnv>(async (c, next) => {
  if (!hasRole(requireActor(c), 'admin')) throw new AppError('forbidden', 'Deze pagina is alleen voor beheerders.');
  return next();
});
adminRoutes.use('/beheer/*', requireAdmin);

const UNIT_LABELS = { name: 'Naam', kind: 'Soort', parentId: 'Valt onder' };
const KIND_OPTIONS = [
  { value: 'werkmaatschappij', label: 'Werkmaatschappij' },
  { value: 'afdeling', label: 'Afdeling' },
  { value: 'team', label: 'Team' },
];

async function unitsPage(c: AppContext, form: Record<string, string> = {}, errors: FieldErrors = {}, created?: string) {
  const actor = requireActor(c);
  const units = await listUnits(c.get('deps').db, actor.organisationId);
  const depth = unitDepths(units);
  return page(
    c,
    'Eenheden',
    <>
      <h1 class="utrecht-heading-1">Eenheden</h1>
      {created ? <Alert kind="ok">Eenheid "{created}" is toegevoegd.</Alert> : null}
      <table class="utrecht-table">
        <caption class="utrecht-table__caption">Werkmaatschappijen, afdelingen en teams</caption>
        <thead class="utrecht-table__header">
          <tr class="utrecht-table__row">
            <th class="utrecht-table__header-cell" scope="col">Naam</th>
            <th class="utrecht-table__header-cell" scope="col">Soort</th>
            <th class="utrecht-table__header-cell" scope="col">Korte naam</th>
          </tr>
        </thead>
        <tbody class="utrecht-table__body">
          {units.map((u) => (
            <tr class="utrecht-table__row">
              <td class={`utrecht-table__cell kw-depth-${Math.min(depth.get(u.id) ?? 0, 6)}`}>{u.name}</td>
              <td class="utrecht-table__cell">{unitKindLabel(u, units)}</td>
              <td class="utrecht-table__cell">{u.slug}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h2 class="utrecht-heading-2">Eenheid toevoegen</h2>
      <ErrorSummary errors={errors} labels={UNIT_LABELS} />
      <form method="post" action="/beheer/eenheden" novalidate>
        <CsrfField token={c.get('csrfToken')} />
        <TextField name="name" label={UNIT_LABELS.name} required value={form['name']} error={errors['name']} maxLength={200} />
        <SelectField name="kind" label={UNIT_LABELS.kind} required value={form['kind'] ?? 'afdeling'} options={KIND_OPTIONS} error={errors['kind']} />
        <SelectField
          name="parentId"
          label={UNIT_LABELS.parentId}
          value={form['parentId']}
          placeholder="Geen (hoogste niveau)"
          options={units.map((u) => ({ value: u.id, label: `${'– '.repeat(depth.get(u.id) ?? 0)}${u.name}` }))}
          error={errors['parentId']}
        />
        <SubmitButton>Eenheid toevoegen</SubmitButton>
      </form>
    </>,
    { status: Object.keys(errors).length ? 422 : 200 },
  );
}

adminRoutes.get('/beheer/eenheden', (c) => unitsPage(c, {}, {}, c.req.query('toegevoegd')));
adminRoutes.post('/beheer/eenheden', async (c) => {
  const actor = requireActor(c);
  const f = await formFields(c);
  try {
    const unit = await c.get('deps').db.transaction().execute((tx) =>
      createUnit(tx, actor.organisationId, { name: f['name'] ?? '', kind: (f['kind'] || 'afdeling') as 'afdeling', parentId: f['parentId'] || null }, actor.userId),
    );
    return c.redirect(`/beheer/eenheden?toegevoegd=${encodeURIComponent(unit.name)}`, 303);
  } catch (err) {
    const errors = fieldErrorsOf(err);
    if (!errors) throw err;
    return unitsPage(c, f, errors);
  }
});

const USER_LABELS = { name: 'Naam', email: 'E-mailadres', invite: 'Uitnodiging sturen', password: 'Eerste wachtwoord', role: 'Rol', unitId: 'Eenheid' };

const INVITATION_LABELS: Record<InvitationState, string> = { invited: 'Uitgenodigd', accepted: 'Uitnodiging aangenomen', expired: 'Uitnodiging verlopen', no_password: 'Nog geen wachtwoord' };

async function usersPage(c: AppContext, form: Record<string, string> = {}, errors: FieldErrors = {}, created?: string, invited?: string) {
  const actor = requireActor(c);
  const { db } = c.get('deps');
  const [users, units, invitations] = await Promise.all([listUsers(db, actor.organisationId), listUnits(db, actor.organisationId), invitationStates(db, actor.organisationId)]);
  return page(
    c,
    'Gebruikers',
    <>
      <h1 class="utrecht-heading-1">Gebruikers</h1>
      {created ? <Alert kind="ok">Account voor "{created}" is aangemaakt.</Alert> : null}
      {invited ? <Alert kind="ok">De uitnodiging voor "{invited}" is verstuurd. De link werkt 72 uur.</Alert> : null}
      <p class="utrecht-paragraph">Kies een naam om het account te blokkeren, een nieuw wachtwoord in te stellen of rollen te wijzigen.</p>
      <table class="utrecht-table">
        <caption class="utrecht-table__caption">Accounts van deze organisatie</caption>
        <thead class="utrecht-table__header">
          <tr class="utrecht-table__row">
            <th class="utrecht-table__header-cell" scope="col">Naam</th>
            <th class="utrecht-table__header-cell" scope="col">E-mailadres</th>
            <th class="utrecht-table__header-cell" scope="col">Rollen</th>
            <th class="utrecht-table__header-cell" scope="col">Uitnodiging</th>
          </tr>
        </thead>
        <tbody class="utrecht-table__body">
          {users.map((u) => (
            <tr class="utrecht-table__row">
              <td class="utrecht-table__cell">
                <a class="utrecht-link" href={`/beheer/gebruikers/${u.id}`}>{u.name}</a>
                {u.disabled ? ' (geblokkeerd)' : ''}
              </td>
              <td class="utrecht-table__cell">{u.email}</td>
              <td class="utrecht-table__cell">{u.roles.map((r) => `${ROLE_LABELS[r.role]}${r.unitName ? ` (${r.unitName})` : ''}`).join(', ')}</td>
              <td class="utrecht-table__cell">
                {invitations.get(u.id) ? `${INVITATION_LABELS[invitations.get(u.id)!]} ` : null}
                {invitations.get(u.id) && invitations.get(u.id) !== 'accepted' && !u.disabled ? (
                  <form method="post" action={`/beheer/gebruikers/${u.id}/uitnodigen`} class="kw-inline-form">
                    <CsrfField token={c.get('csrfToken')} />
                    <button type="submit" class="utrecht-button utrecht-button--secondary-action" aria-label={`Uitnodiging ${invitations.get(u.id) === 'no_password' ? '' : 'opnieuw '}sturen aan ${u.name}`}>
                      {invitations.get(u.id) === 'no_password' ? 'Uitnodiging sturen' : 'Opnieuw sturen'}
                    </button>
                  </form>
                ) : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <h2 class="utrecht-heading-2">Gebruiker toevoegen</h2>
      <ErrorSummary errors={errors} labels={USER_LABELS} />
      <form method="post" action="/beheer/gebruikers" novalidate>
        <CsrfField token={c.get('csrfToken')} />
        <TextField name="name" label={USER_LABELS.name} required value={form['name']} error={errors['name']} autocomplete="off" />
        <TextField name="email" label={USER_LABELS.email} type="email" required value={form['email']} error={errors['email']} autocomplete="off" />
        <CheckboxField
          name="invite"
          label="Uitnodiging sturen per e-mail"
          checked={form['invite'] === 'ja' || form['invite'] === undefined}
          error={errors['invite']}
          description="De gebruiker krijgt een e-mail met een link en kiest zelf een wachtwoord. De link werkt 72 uur en één keer."
        />
        <TextField
          name="password"
          label={USER_LABELS.password}
          type="password"
          error={errors['password']}
          autocomplete="new-password"
          description="Alleen nodig zonder uitnodiging. Minstens 12 tekens. Geef het wachtwoord op een veilige manier door."
        />
        <SelectField name="role" label={USER_LABELS.role} required value={form['role']} placeholder="Kies een rol" options={ROLES.map((r) => ({ value: r, label: ROLE_LABELS[r] }))} error={errors['role']} />
        <SelectField
          name="unitId"
          label={USER_LABELS.unitId}
          value={form['unitId']}
          placeholder="Hele organisatie"
          description="Kies een eenheid als de rol alleen daar geldt."
          options={units.map((u) => ({ value: u.id, label: u.name }))}
          error={errors['unitId']}
        />
        <SubmitButton>Gebruiker toevoegen</SubmitButton>
      </form>
    </>,
    { status: Object.keys(errors).length ? 422 : 200 },
  );
}

adminRoutes.get('/beheer/gebruikers', (c) => usersPage(c, {}, {}, c.req.query('toegevoegd'), c.req.query('uitgenodigd')));
adminRoutes.post('/beheer/gebruikers', async (c) => {
  const actor = requireActor(c);
  const f = await formFields(c);
  const { db, config } = c.get('deps');
  const invite = f['invite'] === 'ja';
  try {
    const jobs = invite ? await jobQueue(db) : null;
    const user = await db.transaction().execute(async (tx) => {
      const made = await createUser(tx, actor.organisationId, { name: f['name'] ?? '', email: f['email'] ?? '', password: f['password'] ?? '', role: (f['role'] ?? '') as Role, unitId: f['unitId'] || null, invite }, actor.userId);
      if (jobs) await sendInvitation(tx, jobs, config, actor, made.id);
      return made;
    });
    return c.redirect(`/beheer/gebruikers?toegevoegd=${encodeURIComponent(user.name)}`, 303);
  } catch (err) {
    const errors = fieldErrorsOf(err);
    if (!errors) throw err;
    const { password: _dropped, ...keep } = f; // never echo a password back into the page
    return usersPage(c, { ...keep, invite: invite ? 'ja' : 'nee' }, errors);
  }
});

adminRoutes.post('/beheer/gebruikers/:id/uitnodigen', async (c) => {
  const actor = requireActor(c);
  const id = c.req.param('id');
  if (!isUuid(id)) return c.notFound();
  const { db, config } = c.get('deps');
  const jobs = await jobQueue(db);
  await db.transaction().execute((tx) => sendInvitation(tx, jobs, config, actor, id));
  const user = await getUserDetail(db, actor.organisationId, id);
  return c.redirect(`/beheer/gebruikers?uitgenodigd=${encodeURIComponent(user.name)}`, 303);
});

/* One user: block or unblock, set a new password, add or remove roles. Each form posts and redirects back with a confirmation. */

const DETAIL_LABELS = { status: 'Toegang', rollen: 'Rollen', role: 'Rol', unitId: 'Eenheid', password: 'Nieuw wachtwoord' };

const DONE: Record<string, string> = {
  geblokkeerd: 'Het account is geblokkeerd. De gebruiker is overal uitgelogd en kan niet meer inloggen.',
  gedeblokkeerd: 'Het account is weer actief. De gebruiker kan weer inloggen.',
  wachtwoord: 'Het nieuwe wachtwoord is ingesteld en de gebruiker is overal uitgelogd. Geef het wachtwoord op een veilige manier door.',
  'rol-toegevoegd': 'De rol is toegevoegd.',
  'rol-verwijderd': 'De rol is verwijderd.',
};

const dateTime = new Intl.DateTimeFormat('nl-NL', { dateStyle: 'long', timeStyle: 'short', timeZone: 'Europe/Amsterdam' });

/** An error message for a part of the page without its own input (the block button, the roles table). */
const SectionError = ({ id, message }: { id: string; message: string | undefined }) =>
  message ? (
    <div class="utrecht-form-field-error-message kw-field-error" id={`${id}-fout`}>
      <span class="kw-visually-hidden">Fout: </span>
      {message}
    </div>
  ) : null;

async function userPage(c: AppContext, userId: string, form: Record<string, string> = {}, errors: FieldErrors = {}) {
  const actor = requireActor(c);
  const { db } = c.get('deps');
  const [user, units] = await Promise.all([getUserDetail(db, actor.organisationId, userId), listUnits(db, actor.organisationId)]);
  const self = user.id === actor.userId;
  const adminGrants = user.grants.filter((g) => g.role === 'admin').length;
  const done = DONE[c.req.query('gedaan') ?? ''];
  const csrf = c.get('csrfToken');
  const base = `/beheer/gebruikers/${user.id}`;
  return page(
    c,
    `Gebruiker ${user.name}`,
    <>
      <p class="utrecht-paragraph"><a class="utrecht-link" href="/beheer/gebruikers">Terug naar alle gebruikers</a></p>
      <h1 class="utrecht-heading-1">{user.name}</h1>
      {done ? <Alert kind="ok">{done}</Alert> : null}
      <ErrorSummary errors={errors} labels={DETAIL_LABELS} />
      <dl class="kw-dl">
        <Row label="E-mailadres" value={user.email} />
        <Row label="Account gemaakt op" value={dateTime.format(user.createdAt)} />
        <Row label="Status" value={user.disabledAt ? `Geblokkeerd sinds ${dateTime.format(user.disabledAt)}` : 'Actief'} />
        <Row label="Actieve API-sleutels" value={String(user.activeApiTokens)} />
      </dl>

      <section aria-labelledby="status-kop">
        <h2 class="utrecht-heading-2" id="status-kop">Toegang</h2>
        <div id="status" tabindex={-1}>
          <SectionError id="status" message={errors['status']} />
          {self ? (
            <p class="utrecht-paragraph">Dit is uw eigen account. U kunt uzelf niet blokkeren.</p>
          ) : user.disabledAt ? (
            <>
              <p class="utrecht-paragraph">Dit account is geblokkeerd. Na deblokkeren kan de gebruiker weer inloggen. De API-sleutels zijn bij het blokkeren ingetrokken: de gebruiker maakt zo nodig nieuwe.</p>
              <form method="post" action={`${base}/deblokkeren`} class="kw-actions">
                <CsrfField token={csrf} />
                <button type="submit" class="utrecht-button utrecht-button--secondary-action">Account deblokkeren</button>
              </form>
            </>
          ) : (
            <>
              <p class="utrecht-paragraph">Na blokkeren is de gebruiker meteen overal uitgelogd, kan niet meer inloggen en zijn de API-sleutels van dit account ingetrokken.</p>
              <form method="post" action={`${base}/blokkeren`} class="kw-actions">
                <CsrfField token={csrf} />
                <button type="submit" class="utrecht-button utrecht-button--secondary-action" aria-describedby={errors['status'] ? 'status-fout' : undefined}>Account blokkeren</button>
              </form>
            </>
          )}
        </div>
      </section>

      <section aria-labelledby="rollen-kop">
        <h2 class="utrecht-heading-2" id="rollen-kop">Rollen</h2>
        <div id="rollen" tabindex={-1}>
          <SectionError id="rollen" message={errors['rollen']} />
          {user.grants.length ? (
            <table class="utrecht-table">
              <caption class="utrecht-table__caption">Rollen van {user.name}</caption>
              <thead class="utrecht-table__header">
                <tr class="utrecht-table__row">
                  <th class="utrecht-table__header-cell" scope="col">Rol</th>
                  <th class="utrecht-table__header-cell" scope="col">Geldt voor</th>
                  <th class="utrecht-table__header-cell" scope="col">Wijzigen</th>
                </tr>
              </thead>
              <tbody class="utrecht-table__body">
                {user.grants.map((g) => {
                  const label = `${ROLE_LABELS[g.role]} (${g.unitName ?? 'hele organisatie'})`;
                  return (
                    <tr class="utrecht-table__row">
                      <td class="utrecht-table__cell">{ROLE_LABELS[g.role]}</td>
                      <td class="utrecht-table__cell">{g.unitName ?? 'Hele organisatie'}</td>
                      <td class="utrecht-table__cell">
                        {self && g.role === 'admin' && adminGrants <= 1 ? (
                          <span class="kw-muted">Uw laatste beheerdersrol kunt u niet zelf verwijderen.</span>
                        ) : (
                          <form method="post" action={`${base}/rollen/${g.id}/verwijderen`} class="kw-inline-form">
                            <CsrfField token={csrf} />
                            <button type="submit" class="utrecht-button utrecht-button--secondary-action" aria-label={`Rol ${label} verwijderen`}>Verwijderen</button>
                          </form>
                        )}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          ) : (
            <p class="utrecht-paragraph">Deze gebruiker heeft geen rollen en kan dus niets zien of doen.</p>
          )}
        </div>
        <h3 class="utrecht-heading-3">Rol toevoegen</h3>
        <form method="post" action={`${base}/rollen`} novalidate>
          <CsrfField token={csrf} />
          <SelectField name="role" label={DETAIL_LABELS.role} required value={form['role']} placeholder="Kies een rol" options={ROLES.map((r) => ({ value: r, label: ROLE_LABELS[r] }))} error={errors['role']} />
          <SelectField
            name="unitId"
            label={DETAIL_LABELS.unitId}
            value={form['unitId']}
            placeholder="Hele organisatie"
            description="Kies een eenheid als de rol alleen daar geldt."
            options={units.map((u) => ({ value: u.id, label: u.name }))}
            error={errors['unitId']}
          />
          <SubmitButton>Rol toevoegen</SubmitButton>
        </form>
      </section>

      <section aria-labelledby="wachtwoord-kop">
        <h2 class="utrecht-heading-2" id="wachtwoord-kop">Nieuw wachtwoord instellen</h2>
        {self ? (
          <p class="utrecht-paragraph">
            Uw eigen wachtwoord wijzigt u op de pagina <a class="utrecht-link" href="/account/wachtwoord">Wachtwoord wijzigen</a>.
          </p>
        ) : null}
        {self && !errors['password'] ? null : (
          <form method="post" action={`${base}/wachtwoord`} novalidate>
            <CsrfField token={csrf} />
            <TextField
              name="password"
              label={DETAIL_LABELS.password}
              type="password"
              required
              error={errors['password']}
              autocomplete="new-password"
              description="Minstens 12 tekens. De gebruiker wordt overal uitgelogd. Geef het wachtwoord op een veilige manier door."
            />
            <SubmitButton>Wachtwoord instellen</SubmitButton>
          </form>
        )}
      </section>
    </>,
    { status: Object.keys(errors).length ? 422 : 200 },
  );
}

/** Runs one account change for the user in the URL; a refusal re-renders the page with the message at the field. */
async function manageUser(c: AppContext, done: string, change: (tx: Kysely<DB>, manager: UserManager, userId: string, f: Record<string, string>) => Promise<unknown>) {
  const actor = requireActor(c);
  const userId = c.req.param('id') ?? '';
  if (!isUuid(userId)) return c.notFound();
  const f = await formFields(c);
  try {
    await c.get('deps').db.transaction().execute((tx) => change(tx, { organisationId: actor.organisationId, userId: actor.userId }, userId, f));
    return c.redirect(`/beheer/gebruikers/${userId}?gedaan=${done}`, 303);
  } catch (err) {
    const errors = fieldErrorsOf(err);
    if (!errors) throw err;
    const { password: _dropped, ...keep } = f; // never echo a password back into the page
    return userPage(c, userId, keep, errors);
  }
}

adminRoutes.get('/beheer/gebruikers/:id', (c) => {
  const id = c.req.param('id');
  return isUuid(id) ? userPage(c, id) : c.notFound();
});
adminRoutes.post('/beheer/gebruikers/:id/blokkeren', (c) => manageUser(c, 'geblokkeerd', (tx, m, id) => blockUser(tx, m, id)));
adminRoutes.post('/beheer/gebruikers/:id/deblokkeren', (c) => manageUser(c, 'gedeblokkeerd', (tx, m, id) => unblockUser(tx, m, id)));
adminRoutes.post('/beheer/gebruikers/:id/wachtwoord', (c) => manageUser(c, 'wachtwoord', (tx, m, id, f) => setUserPassword(tx, m, id, { password: f['password'] ?? '' })));
adminRoutes.post('/beheer/gebruikers/:id/rollen', (c) =>
  manageUser(c, 'rol-toegevoegd', (tx, m, id, f) => addRoleGrant(tx, m, id, { role: (f['role'] ?? '') as Role, unitId: f['unitId'] || null })),
);
adminRoutes.post('/beheer/gebruikers/:id/rollen/:grantId/verwijderen', (c) =>
  manageUser(c, 'rol-verwijderd', (tx, m, id) => removeRoleGrant(tx, m, id, c.req.param('grantId') ?? '')),
);
