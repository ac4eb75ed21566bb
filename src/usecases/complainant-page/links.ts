import type { Kysely } from 'kysely';
import { randomToken, sha256 } from '../../auth/tokens.ts';
import { loadConfig } from '../../config.ts';
import type { DB } from '../../db/types.ts';

/**
 * Private links to the complainant's own page (Mijn klacht, ADR 0012): a bearer link, no account. A token is
 * 32 random bytes (base64url, 43 characters); only its sha-256 is stored, so the database alone never opens a
 * page. Every call makes a NEW token; the older links keep working (a complainant may have saved one) until the
 * dossier is destroyed (cascade) or a link is revoked. At most `MAX_LIVE_LINKS` per complaint stay live: the
 * oldest beyond that are revoked, so a receipt page opened again and again does not pile up open doors.
 */
export const MAX_LIVE_LINKS = 10;

const TOKEN = /^[A-Za-z0-9_-]{43}$/;

/** The path of the page (no host): `/{org}/mijn-klacht/{token}`. */
export function complainantPagePath(orgSlug: string, token: string): string {
  return `/${orgSlug}/mijn-klacht/${token}`;
}

/**
 * Issues a new link to the complaint's page, inside the caller's transaction. `baseUrl`: the server's public
 * address (config `baseUrl`); without it, `KLACHTWIJS_BASE_URL` as the configuration reads it.
 */
export async function issueComplainantLink(tx: Kysely<DB>, req: { organisationId: string; complaintId: string; baseUrl?: string; now?: Date }): Promise<{ url: string; path: string; token: string }> {
  const complaint = await tx
    .selectFrom('complaints')
    .innerJoin('organisations', 'organisations.id', 'complaints.organisation_id')
    .select(['complaints.id', 'organisations.slug'])
    .where('complaints.id', '=', req.complaintId)
    .where('complaints.organisation_id', '=', req.organisationId)
    .executeTakeFirstOrThrow();
  const token = randomToken(32);
  const now = req.now ?? new Date();
  const made = await tx.insertInto('complainant_links').values({ organisation_id: req.organisationId, complaint_id: complaint.id, token_hash: sha256(token) }).returning('id').executeTakeFirstOrThrow();
  const live = await tx
    .selectFrom('complainant_links')
    .select('id')
    .where('complaint_id', '=', complaint.id)
    .where('id', '!=', made.id)
    .where('revoked_at', 'is', null)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(1000)
    .offset(MAX_LIVE_LINKS - 1)
    .execute();
  const stale = live.map((l) => l.id);
  if (stale.length) await tx.updateTable('complainant_links').set({ revoked_at: now }).where('id', 'in', stale).execute();
  const path = complainantPagePath(complaint.slug, token);
  const baseUrl = (req.baseUrl ?? loadConfig().baseUrl).replace(/\/+$/, '');
  return { url: `${baseUrl}${path}`, path, token };
}

export interface ResolvedLink {
  linkId: string;
  organisationId: string;
  complaintId: string;
}

/** The complaint a token opens (unknown, malformed or revoked: null). Marks the link used. */
export async function resolveComplainantLink(db: Kysely<DB>, organisationId: string, token: string, now = new Date()): Promise<ResolvedLink | null> {
  if (!TOKEN.test(token)) return null;
  const row = await db
    .selectFrom('complainant_links')
    .select(['id', 'complaint_id', 'organisation_id'])
    .where('token_hash', '=', sha256(token))
    .where('organisation_id', '=', organisationId)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  if (!row) return null;
  await db.updateTable('complainant_links').set({ last_used_at: now }).where('id', '=', row.id).execute();
  return { linkId: row.id, organisationId: row.organisation_id, complaintId: row.complaint_id };
}

/** Revokes every link of a complaint (e.g. when a link reached the wrong person). */
export async function revokeComplainantLinks(tx: Kysely<DB>, complaintId: string, now = new Date()): Promise<number> {
  const res = await tx.updateTable('complainant_links').set({ revoked_at: now }).where('complaint_id', '=', complaintId).where('revoked_at', 'is', null).executeTakeFirst();
  return Number(res.numUpdatedRows);
}
