import { Hono } from 'hono';
import { createMiddleware } from 'hono/factory';
import { ROLES, type Role } from '../../db/types.ts';
import { AppError } from '../../shared/errors.ts';
import { hasRole } from '../../usecases/actor.ts';
import { createUnit, listUnits, unitDepths } from '../../usecases/units/units.ts';
import { ROLE_LABELS, createUser, listUsers } from '../../usecases/users/users.ts';
import { formFields, requireActor, type AppContext, type AppEnv } from '../context.ts';
import { page } from '../render.tsx';
import { fieldErrorsOf } from '../form-errors.ts';
import { Alert, CsrfField, ErrorSummary, SelectField, SubmitButton, TextField, type FieldErrors } from '../views/forms.tsx';

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
              <td class="utrecht-table__cell">{u.kind}</td>
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

const USER_LABELS = { name: 'Naam', email: 'E-mailadres', password: 'Eerste wachtwoord', role: 'Rol', unitId: 'Eenheid' };

async function usersPage(c: AppContext, form: Record<string, string> = {}, errors: FieldErrors = {}, created?: string) {
  const actor = requireActor(c);
  const { db } = c.get('deps');
  const [users, units] = await Promise.all([listUsers(db, actor.organisationId), listUnits(db, actor.organisationId)]);
  return page(
    c,
    'Gebruikers',
    <>
      <h1 class="utrecht-heading-1">Gebruikers</h1>
      {created ? <Alert kind="ok">Account voor "{created}" is aangemaakt.</Alert> : null}
      <table class="utrecht-table">
        <caption class="utrecht-table__caption">Accounts van deze organisatie</caption>
        <thead class="utrecht-table__header">
          <tr class="utrecht-table__row">
            <th class="utrecht-table__header-cell" scope="col">Naam</th>
            <th class="utrecht-table__header-cell" scope="col">E-mailadres</th>
            <th class="utrecht-table__header-cell" scope="col">Rollen</th>
          </tr>
        </thead>
        <tbody class="utrecht-table__body">
          {users.map((u) => (
            <tr class="utrecht-table__row">
              <td class="utrecht-table__cell">{u.name}{u.disabled ? ' (geblokkeerd)' : ''}</td>
              <td class="utrecht-table__cell">{u.email}</td>
              <td class="utrecht-table__cell">{u.roles.map((r) => `${ROLE_LABELS[r.role]}${r.unitName ? ` (${r.unitName})` : ''}`).join(', ')}</td>
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
        <TextField
          name="password"
          label={USER_LABELS.password}
          type="password"
          required
          error={errors['password']}
          autocomplete="new-password"
          description="Minstens 12 tekens. Geef het wachtwoord op een veilige manier door."
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

adminRoutes.get('/beheer/gebruikers', (c) => usersPage(c, {}, {}, c.req.query('toegevoegd')));
adminRoutes.post('/beheer/gebruikers', async (c) => {
  const actor = requireActor(c);
  const f = await formFields(c);
  try {
    const user = await c.get('deps').db.transaction().execute((tx) =>
      createUser(tx, actor.organisationId, { name: f['name'] ?? '', email: f['email'] ?? '', password: f['password'] ?? '', role: (f['role'] ?? '') as Role, unitId: f['unitId'] || null }, actor.userId),
    );
    return c.redirect(`/beheer/gebruikers?toegevoegd=${encodeURIComponent(user.name)}`, 303);
  } catch (err) {
    const errors = fieldErrorsOf(err);
    if (!errors) throw err;
    const { password: _dropped, ...keep } = f; // never echo a password back into the page
    return usersPage(c, keep, errors);
  }
});
