import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/types.ts';

/**
 * A quota per organisation for what anonymous senders upload (the public form and the complainant's own page), in
 * bytes per day (UTC), so nobody can fill an organisation's storage (security review, issue 11). The organisation's
 * own setting (`uploads.anonymous_daily_bytes:<organisation>`, on the security page), else 200 MB. Counted in
 * `rate_limit_counters` (key `upload-bytes:<organisation>`), so it holds across instances; a claim that would pass
 * the quota changes nothing (one statement).
 */
export const DEFAULT_ANONYMOUS_DAILY_BYTES = 200 * 1024 * 1024;
/** The counter is an integer column: a quota stays below 2 GB. */
export const MAX_ANONYMOUS_DAILY_BYTES = 2000 * 1024 * 1024;

export const quotaSettingKey = (organisationId: string) => `uploads.anonymous_daily_bytes:${organisationId}`;

/** The organisation's daily quota for anonymous uploads, in bytes. */
export async function anonymousUploadQuota(db: Kysely<DB>, organisationId: string): Promise<number> {
  const row = await db.selectFrom('settings').select('value').where('key', '=', quotaSettingKey(organisationId)).executeTakeFirst();
  const value = row ? Number(row.value) : NaN;
  return Number.isInteger(value) && value >= 0 ? Math.min(value, MAX_ANONYMOUS_DAILY_BYTES) : DEFAULT_ANONYMOUS_DAILY_BYTES;
}

/** Sets the organisation's daily quota (bytes); the caller checks that the actor is its admin. */
export async function setAnonymousUploadQuota(db: Kysely<DB>, organisationId: string, bytes: number): Promise<void> {
  const value = String(Math.max(0, Math.min(Math.round(bytes), MAX_ANONYMOUS_DAILY_BYTES)));
  await db.insertInto('settings').values({ key: quotaSettingKey(organisationId), value }).onConflict((oc) => oc.column('key').doUpdateSet({ value })).execute();
}

/** What anonymous senders uploaded today (bytes). */
export async function anonymousUploadsToday(db: Kysely<DB>, organisationId: string, now = new Date()): Promise<number> {
  const row = await db.selectFrom('rate_limit_counters').select('count').where('key', '=', `upload-bytes:${organisationId}`).where('window_start', '=', dayStart(now)).executeTakeFirst();
  return row?.count ?? 0;
}

/** Claims `bytes` of today's quota: true when they fit (and are counted), false when they would pass it (nothing counted). */
export async function claimAnonymousUploadBytes(db: Kysely<DB>, organisationId: string, bytes: number, now = new Date()): Promise<boolean> {
  const quota = await anonymousUploadQuota(db, organisationId);
  if (bytes > quota) return false;
  const next = sql`case when rate_limit_counters.window_start = excluded.window_start then rate_limit_counters.count + excluded.count else excluded.count end`;
  const res = await sql<{ count: number }>`
    insert into rate_limit_counters (key, window_start, count) values (${`upload-bytes:${organisationId}`}, ${dayStart(now)}, ${bytes})
    on conflict (key) do update set count = ${next}, window_start = excluded.window_start
    where ${next} <= ${quota}
    returning count`.execute(db);
  return res.rows.length > 0;
}

function dayStart(now: Date): Date {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
}
