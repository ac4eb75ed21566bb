import type { Kysely } from 'kysely';
import { randomToken } from '../auth/tokens.ts';
import type { DB } from '../db/types.ts';

/** A server secret kept in the database, made on first use (e.g. the CSRF key). Never logged. */
export async function serverSecret(db: Kysely<DB>, key: string): Promise<string> {
  await db.insertInto('settings').values({ key, value: randomToken(32) }).onConflict((oc) => oc.column('key').doNothing()).execute();
  const row = await db.selectFrom('settings').select('value').where('key', '=', key).executeTakeFirstOrThrow();
  return row.value;
}
