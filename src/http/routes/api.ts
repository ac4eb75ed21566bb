import { Hono } from 'hono';
import { createMiddleware } from 'hono/factory';
import { AppError } from '../../shared/errors.ts';
import { hasRole } from '../../usecases/actor.ts';
import { today } from '../../usecases/complaints/dossier.ts';
import { bindRole, endAbsence, listBindings, recordAbsence, unbindRole } from '../../usecases/regulation-roles/bindings.ts';
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

// The regulation's roles bound to users, and absences (issue 7).
apiRoutes.get('/api/v1/role-bindings', async (c) => {
  const a = requireActor(c);
  const items = await listBindings(c.get('deps').db, { organisationId: a.organisationId, actor: a });
  return c.json({ items });
});

apiRoutes.post('/api/v1/role-bindings', async (c) => {
  const a = requireActor(c);
  const body = await readJson(c);
  const row = await c.get('deps').db.transaction().execute((tx) => bindRole(tx, { organisationId: a.organisationId, actor: a }, body as never));
  return c.json(row, 201);
});

apiRoutes.delete('/api/v1/role-bindings/:id', async (c) => {
  const a = requireActor(c);
  await c.get('deps').db.transaction().execute((tx) => unbindRole(tx, { organisationId: a.organisationId, actor: a }, c.req.param('id')));
  return c.body(null, 204);
});

apiRoutes.post('/api/v1/absences', async (c) => {
  const a = requireActor(c);
  const body = await readJson(c);
  const row = await c.get('deps').db.transaction().execute((tx) => recordAbsence(tx, { organisationId: a.organisationId, actor: a }, body as never));
  return c.json(row, 201);
});

apiRoutes.post('/api/v1/absences/:id/end', async (c) => {
  const a = requireActor(c);
  const body = (c.req.header('content-type') ?? '').includes('json') ? await readJson(c) : {};
  const endsOn = typeof body['endsOn'] === 'string' ? body['endsOn'] : today();
  await c.get('deps').db.transaction().execute((tx) => endAbsence(tx, { organisationId: a.organisationId, actor: a }, c.req.param('id'), endsOn));
  return c.body(null, 204);
});
