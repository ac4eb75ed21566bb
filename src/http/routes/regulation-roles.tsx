import { Hono } from 'hono';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/types.ts';
import { addDays } from '../../domain/deadlines/index.ts';
import { inParentheses } from '../../domain/regulation/cite.ts';
import { AppError } from '../../shared/errors.ts';
import { isUuid } from '../../shared/validation.ts';
import { hasRole, unitsWithRole } from '../../usecases/actor.ts';
import { today } from '../../usecases/complaints/dossier.ts';
import {
  bindRole,
  endAbsence,
  listAbsences,
  listBindings,
  policyForUnit,
  recordAbsence,
  unbindRole,
  type RoleManager,
} from '../../usecases/regulation-roles/bindings.ts';
import { listUnits, unitDepths } from '../../usecases/units/units.ts';
import { listUsers } from '../../usecases/users/users.ts';
import { formFields, requireActor, type AppContext, type AppEnv } from '../context.ts';
import { fieldErrorsOf } from '../form-errors.ts';
import { page } from '../render.tsx';
import { Alert, CsrfField, ErrorSummary, SelectField, SubmitButton, TextField, type FieldErrors } from '../views/forms.tsx';

/**
 * "Rollen uit de klachtenregeling": per unit, each role of the regulation that applies there, who holds it
 * (bound here, above or for the whole organisation), the deputy the regulation names, add and remove; and
 * absences (a deputy stands in while every holder is away). For admins (whole organisation) and
 * coordinators (their units). Plain forms with a CSRF token; works without JavaScript.
 */
export const regulationRoleRoutes = new Hono<AppEnv>();

const LABELS = { roleKey: 'Rol', userId: 'Medewerker', 'absence.userId': 'Medewerker die afwezig is', unitId: 'Eenheid', startsOn: 'Eerste dag', endsOn: 'Laatste dag', note: 'Toelichting', binding: 'Toewijzing' };
const DONE: Record<string, string> = {
  toegewezen: 'De rol is toegewezen.',
  verwijderd: 'De toewijzing is verwijderd.',
  afwezig: 'De afwezigheid is vastgelegd.',
  terug: 'De afwezigheid is beëindigd.',
};
const APPOINTED: Record<string, string> = {
  respondent: 'Vanzelf: de medewerker over wie de klacht gaat.',
  assigned_handler: 'Vanzelf: wie de klacht krijgt toegewezen.',
  receiver: 'Vanzelf: wie de klacht heeft ontvangen en geregistreerd.',
};

function manager(c: AppContext): RoleManager {
  const actor = requireActor(c);
  if (!hasRole(actor, 'admin', 'coordinator')) throw new AppError('forbidden', 'Deze pagina is alleen voor beheerders en klachtenfunctionarissen.');
  return { organisationId: actor.organisationId, actor };
}

async function rolesPage(c: AppContext, unitParam: string | undefined, form: Record<string, string> = {}, errors: FieldErrors = {}) {
  const m = manager(c);
  const actor = m.actor!;
  const { db } = c.get('deps');
  const units = await listUnits(db, actor.organisationId);
  const depth = unitDepths(units);
  const mine = hasRole(actor, 'admin') ? new Set(units.map((u) => u.id)) : unitsWithRole(actor, units, 'coordinator');
  const visibleUnits = units.filter((u) => mine.has(u.id));
  const unit = visibleUnits.find((u) => u.id === unitParam) ?? visibleUnits[0] ?? null;
  const day = today();
  const [bindings, absences, users, applicable] = await Promise.all([
    listBindings(db, m),
    listAbsences(db, m, day),
    listUsers(db, actor.organisationId),
    unit ? policyForUnit(db, actor.organisationId, unit.id) : Promise.resolve(null),
  ]);
  const parent = new Map(units.map((u) => [u.id, u.parent_id]));
  const chain: string[] = [];
  for (let u: string | null | undefined = unit?.id; u && !chain.includes(u); u = parent.get(u)) chain.push(u);
  const here = bindings.filter((b) => b.unitId === null || chain.includes(b.unitId));
  const absentNow = new Set(absences.filter((a) => a.startsOn <= day).map((a) => a.userId));
  const active = users.filter((u) => !u.disabled);
  const csrf = c.get('csrfToken');
  const done = DONE[c.req.query('gedaan') ?? ''];
  const base = `/rollen${unit ? `?eenheid=${unit.id}` : ''}`;
  const policy = applicable?.policy;
  return page(
    c,
    'Rollen uit de klachtenregeling',
    <>
      <h1 class="utrecht-heading-1">Rollen uit de klachtenregeling</h1>
      <p class="utrecht-paragraph">De klachtenregeling noemt wie wat doet. Hier legt u vast wie die rollen heeft. Klachtwijs laat alleen die mensen beslissen, toewijzen en tekenen.</p>
      {done ? <Alert kind="ok">{done}</Alert> : null}
      <ErrorSummary errors={errors} labels={LABELS} />
      <form method="get" action="/rollen" class="kw-actions">
        <SelectField
          name="eenheid"
          id="eenheid"
          label="Eenheid"
          value={unit?.id}
          options={visibleUnits.map((u) => ({ value: u.id, label: `${'– '.repeat(depth.get(u.id) ?? 0)}${u.name}` }))}
        />
        <SubmitButton>Tonen</SubmitButton>
      </form>
      {!unit ? (
        <p class="utrecht-paragraph">U beheert geen eenheden.</p>
      ) : !policy ? (
        <Alert kind="warning">Voor {unit.name} geldt nog geen klachtenregeling.</Alert>
      ) : (
        <>
          <h2 class="utrecht-heading-2">{applicable.title}</h2>
          <table class="utrecht-table">
            <caption class="utrecht-table__caption">Rollen voor {unit.name}</caption>
            <thead class="utrecht-table__header">
              <tr class="utrecht-table__row">
                <th class="utrecht-table__header-cell" scope="col">Rol</th>
                <th class="utrecht-table__header-cell" scope="col">Wie</th>
                <th class="utrecht-table__header-cell" scope="col">Vervanging</th>
              </tr>
            </thead>
            <tbody class="utrecht-table__body">
              {policy.roles.map((r) => {
                const holders = here.filter((b) => b.roleKey === r.key);
                const deputy = r.deputy ? policy.roles.find((x) => x.key === r.deputy!.role) : undefined;
                return (
                  <tr class="utrecht-table__row">
                    <th class="utrecht-table__header-cell" scope="row">{r.label}</th>
                    <td class="utrecht-table__cell">
                      {r.appointment !== 'bound' ? (
                        <span class="kw-muted">{APPOINTED[r.appointment]}</span>
                      ) : holders.length === 0 ? (
                        <strong>Niemand heeft deze rol.</strong>
                      ) : (
                        <ul class="utrecht-unordered-list">
                          {holders.map((b) => (
                            <li class="utrecht-unordered-list__item">
                              {b.userName}
                              {b.unitId === null ? ' (hele organisatie)' : b.unitId !== unit.id ? ` (${b.unitName ?? ''})` : ''}
                              {absentNow.has(b.userId) ? ' – afwezig' : ''}
                              {b.unitId === unit.id || (b.unitId === null && hasRole(actor, 'admin')) ? (
                                <form method="post" action={`/rollen/${b.id}/verwijderen?eenheid=${unit.id}`} class="kw-inline-form">
                                  <CsrfField token={csrf} />
                                  <button type="submit" class="utrecht-button utrecht-button--secondary-action" aria-label={`${b.userName} weghalen als ${r.label}`}>
                                    Weghalen
                                  </button>
                                </form>
                              ) : null}
                            </li>
                          ))}
                        </ul>
                      )}
                    </td>
                    <td class="utrecht-table__cell">{deputy ? `Bij afwezigheid: ${deputy.label} ${inParentheses(r.deputy!.article)}` : ''}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>

          <h2 class="utrecht-heading-2" id="toewijzen-kop">Rol toewijzen</h2>
          <form method="post" action={`/rollen?eenheid=${unit.id}`} novalidate aria-labelledby="toewijzen-kop">
            <CsrfField token={csrf} />
            <input type="hidden" name="unitId" value={form['unitId'] ?? unit.id} />
            <SelectField
              name="roleKey"
              id="roleKey"
              label={LABELS.roleKey}
              required
              value={form['roleKey']}
              placeholder="Kies een rol"
              options={policy.roles.filter((r) => r.appointment === 'bound').map((r) => ({ value: r.key, label: r.label }))}
              error={errors['roleKey']}
            />
            <SelectField name="userId" id="userId" label={LABELS.userId} required value={form['userId']} placeholder="Kies een medewerker" options={active.map((u) => ({ value: u.id, label: `${u.name} (${u.email})` }))} error={errors['userId']} />
            <SubmitButton>Rol toewijzen in {unit.name}</SubmitButton>
          </form>
        </>
      )}

      <h2 class="utrecht-heading-2" id="afwezig-kop">Afwezigheid</h2>
      <p class="utrecht-paragraph">Is iedereen met een rol afwezig, dan neemt de vervanger die de klachtenregeling noemt het werk over.</p>
      {absences.length ? (
        <ul class="utrecht-unordered-list">
          {absences.map((a) => (
            <li class="utrecht-unordered-list__item">
              {a.userName}: vanaf {a.startsOn}
              {a.endsOn ? ` tot en met ${a.endsOn}` : ''}
              {a.note ? ` (${a.note})` : ''}
              <form method="post" action={`/rollen/afwezigheid/${a.id}/einde${unit ? `?eenheid=${unit.id}` : ''}`} class="kw-inline-form">
                <CsrfField token={csrf} />
                <button type="submit" class="utrecht-button utrecht-button--secondary-action" aria-label={`Afwezigheid van ${a.userName} beëindigen`}>
                  Weer aanwezig
                </button>
              </form>
            </li>
          ))}
        </ul>
      ) : (
        <p class="utrecht-paragraph kw-muted">Er is niemand afwezig.</p>
      )}
      <form method="post" action={`/rollen/afwezigheid${unit ? `?eenheid=${unit.id}` : ''}`} novalidate aria-labelledby="afwezig-kop">
        <CsrfField token={csrf} />
        <SelectField name="userId" id="absence.userId" label={LABELS.userId} required value={form['absence.userId']} placeholder="Kies een medewerker" options={active.map((u) => ({ value: u.id, label: `${u.name} (${u.email})` }))} error={errors['absence.userId']} />
        <TextField name="startsOn" id="startsOn" type="date" label={LABELS.startsOn} required value={form['startsOn'] ?? day} error={errors['startsOn']} />
        <TextField name="endsOn" id="endsOn" type="date" label={LABELS.endsOn} value={form['endsOn']} error={errors['endsOn']} description="Leeg laten als u nog niet weet wanneer." />
        <TextField name="note" id="note" label={LABELS.note} value={form['note']} error={errors['note']} maxLength={500} />
        <SubmitButton>Afwezigheid vastleggen</SubmitButton>
      </form>
      <p class="utrecht-paragraph">
        <a class="utrecht-link" href={base}>Pagina vernieuwen</a>
      </p>
    </>,
    { status: Object.keys(errors).length ? 422 : 200 },
  );
}

regulationRoleRoutes.get('/rollen', (c) => rolesPage(c, c.req.query('eenheid')));

async function change(c: AppContext, done: string, run: (tx: Kysely<DB>, m: RoleManager, f: Record<string, string>) => Promise<unknown>, errorPrefix = '') {
  const m = manager(c);
  const f = await formFields(c);
  const unit = c.req.query('eenheid');
  try {
    await c.get('deps').db.transaction().execute((tx) => run(tx, m, f));
    return c.redirect(`/rollen?${unit && isUuid(unit) ? `eenheid=${unit}&` : ''}gedaan=${done}`, 303);
  } catch (err) {
    const errors = fieldErrorsOf(err);
    if (!errors) throw err;
    const prefixed = Object.fromEntries(Object.entries(errors).map(([k, v]) => [errorPrefix && k === 'userId' ? `${errorPrefix}${k}` : k, v]));
    const form = errorPrefix ? { ...f, [`${errorPrefix}userId`]: f['userId'] ?? '', userId: '' } : f;
    return rolesPage(c, unit, form, prefixed);
  }
}

regulationRoleRoutes.post('/rollen', (c) =>
  change(c, 'toegewezen', (tx, m, f) => bindRole(tx, m, { roleKey: f['roleKey'] ?? '', userId: f['userId'] ?? '', unitId: f['unitId'] || null })),
);
regulationRoleRoutes.post('/rollen/:id/verwijderen', (c) =>
  change(c, 'verwijderd', (tx, m) => unbindRole(tx, m, c.req.param('id') ?? '')),
);
regulationRoleRoutes.post('/rollen/afwezigheid', (c) =>
  change(
    c,
    'afwezig',
    (tx, m, f) => recordAbsence(tx, m, { userId: f['userId'] ?? '', startsOn: f['startsOn'] ?? '', endsOn: f['endsOn'] ?? '', note: f['note'] ?? '' }),
    'absence.',
  ),
);
regulationRoleRoutes.post('/rollen/afwezigheid/:id/einde', (c) =>
  // Back today: the last day away was yesterday.
  change(c, 'terug', (tx, m) => endAbsence(tx, m, c.req.param('id') ?? '', addDays(today(), -1))),
);
