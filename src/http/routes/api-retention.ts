import { Hono } from 'hono';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/types.ts';
import { audit } from '../../usecases/audit.ts';
import { today } from '../../usecases/complaints/dossier.ts';
import { requireRetentionOfficer } from '../../usecases/retention/access.ts';
import { destructionLog } from '../../usecases/retention/destroy.ts';
import { dossierRetention, dueDossiers } from '../../usecases/retention/retention.ts';
import { requireActor, type AppEnv } from '../context.ts';

/** `retention` on a complaint's JSON (issue 11): the destruction date, its basis and whether a hold stops it. */
export async function retentionJson(db: Kysely<DB>, organisationId: string, complaintId: string) {
  const r = await dossierRetention(db, organisationId, complaintId);
  return r ? { destroyAfter: r.destroyAfter, basis: r.basis, hold: r.hold } : null;
}

/**
 * JSON API v1 for retention (ADR 0019): what fell due (with reasons and holds) and the destruction log, for the
 * organisation-wide coordinator. References and dates only, never a complainant. Destruction itself is approved on
 * the page or on the command line, not through the API.
 */
export const retentionApiRoutes = new Hono<AppEnv>();

retentionApiRoutes.get('/api/v1/retention/due', async (c) => {
  const actor = requireActor(c);
  await requireRetentionOfficer(c.get('deps').db, actor);
  const db = c.get('deps').db;
  const items = await dueDossiers(db, actor.organisationId, today());
  await audit(db, { organisationId: actor.organisationId, actorUserId: actor.userId, action: 'retention.due_listed', subjectType: 'organisation', subjectId: actor.organisationId, details: { count: items.length } });
  return c.json({
    items: items.map((i) => ({
      id: i.complaintId,
      reference: i.reference,
      kind: i.kind,
      endedOn: i.endedOn,
      destroyAfter: i.destroyAfter,
      basis: i.basis,
      hold: i.holds.length > 0,
      holds: i.holds.map((h) => ({ kind: h.kind, reason: h.reason, automatic: h.id === null })),
    })),
  });
});

retentionApiRoutes.get('/api/v1/retention/log', async (c) => {
  const actor = requireActor(c);
  await requireRetentionOfficer(c.get('deps').db, actor);
  const rows = await destructionLog(c.get('deps').db, actor.organisationId);
  return c.json({
    items: rows.map((r) => ({
      reference: r.reference,
      kind: r.kind,
      unit: r.unit_name,
      receivedMonth: r.received_month,
      closedMonth: r.closed_month,
      destroyAfter: r.destroy_after,
      basis: r.basis,
      approval: r.approval,
      approvedBy: r.approved_by_name,
      destroyedAt: r.destroyed_at.toISOString(),
    })),
  });
});
