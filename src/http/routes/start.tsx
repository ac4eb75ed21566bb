import { Hono } from 'hono';
import { listUnits, unitDepths } from '../../usecases/units/units.ts';
import { ROLE_LABELS } from '../../usecases/users/users.ts';
import { requireActor, type AppEnv } from '../context.ts';
import { page } from '../render.tsx';

export const startRoutes = new Hono<AppEnv>();

startRoutes.get('/start', async (c) => {
  const actor = requireActor(c);
  const { db } = c.get('deps');
  const org = await db.selectFrom('organisations').select(['name', 'slug']).where('id', '=', actor.organisationId).executeTakeFirstOrThrow();
  const units = await listUnits(db, actor.organisationId);
  const depth = unitDepths(units);
  const unitName = new Map(units.map((u) => [u.id, u.name]));
  return page(
    c,
    'Start',
    <>
      <h1 class="utrecht-heading-1">Welkom, {actor.name}</h1>
      <p class="utrecht-paragraph">
        U werkt in <strong>{org.name}</strong>.
      </p>
      <h2 class="utrecht-heading-2">Uw rollen</h2>
      <ul class="utrecht-unordered-list">
        {actor.roles.map((r) => (
          <li class="utrecht-unordered-list__item">
            {ROLE_LABELS[r.role]} — {r.unitId ? unitName.get(r.unitId) ?? 'onbekende eenheid' : 'hele organisatie'}
          </li>
        ))}
      </ul>
      <h2 class="utrecht-heading-2">Eenheden van de organisatie</h2>
      {units.length ? (
        <ul class="utrecht-unordered-list">
          {units.map((u) => (
            <li class={`utrecht-unordered-list__item kw-depth-${Math.min(depth.get(u.id) ?? 0, 6)}`}>
              {u.name} <span class="kw-muted">({u.kind})</span>
            </li>
          ))}
        </ul>
      ) : (
        <p class="utrecht-paragraph">Er zijn nog geen eenheden.</p>
      )}
    </>,
  );
});
