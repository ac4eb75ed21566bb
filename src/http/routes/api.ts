import { Hono } from 'hono';
import { createMiddleware } from 'hono/factory';
import { AppError } from '../../shared/errors.ts';
import { hasRole } from '../../usecases/actor.ts';
import { createUnit, findUnit, listUnits } from '../../usecases/units/units.ts';
import { requireActor, type AppEnv } from '../context.ts';
import { readJson } from '../json-body.ts';

/** JSON API v1 (documented in /api/openapi.json). Bearer tokens only; everything scoped to the token's organisation. */
export const apiRoutes = new Hono<AppEnv>();

const requireToken = createMiddleware<AppEnv>(async (c, next) => {
  if (!c.get('actor')) {
    c.header('WWW-Authenticate', 'Bearer realm="klachtwijs"');
    throw new AppError('unauthenticated', 'Geef een geldige API-sleutel mee: Authorization: Bearer <sleutel>.');
  }
  return next();
});

apiRoutes.use('/api/v1/*', async (c, next) => {
  if (c.req.path.startsWith('/api/v1/public/')) return next();
  return requireToken(c, next);
});

apiRoutes.get('/api/v1/me', (c) => {
  const a = requireActor(c);
  return c.json({ id: a.userId, name: a.name, email: a.email, organisationId: a.organisationId, roles: a.roles });
});

apiRoutes.get('/api/v1/organisation', async (c) => {
  const a = requireActor(c);
  const org = await c.get('deps').db.selectFrom('organisations').select(['id', 'slug', 'name']).where('id', '=', a.organisationId).executeTakeFirstOrThrow();
  return c.json(org);
});

const unitJson = (u: { id: string; slug: string; name: string; kind: string; parent_id: string | null }) => ({ id: u.id, slug: u.slug, name: u.name, kind: u.kind, parentId: u.parent_id });

apiRoutes.get('/api/v1/units', async (c) => {
  const a = requireActor(c);
  const units = await listUnits(c.get('deps').db, a.organisationId);
  return c.json({ items: units.map(unitJson) });
});

apiRoutes.get('/api/v1/units/:id', async (c) => {
  const a = requireActor(c);
  return c.json(unitJson(await findUnit(c.get('deps').db, a.organisationId, c.req.param('id'))));
});

apiRoutes.post('/api/v1/units', async (c) => {
  const a = requireActor(c);
  if (!hasRole(a, 'admin')) throw new AppError('forbidden', 'Alleen beheerders kunnen eenheden toevoegen.');
  const body = await readJson(c);
  const unit = await c.get('deps').db.transaction().execute((tx) => createUnit(tx, a.organisationId, body as never, a.userId));
  return c.json(unitJson(unit), 201);
});
