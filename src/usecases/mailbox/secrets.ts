import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/types.ts';
import { serverSecret } from '../settings.ts';

/**
 * Mailbox passwords at rest: AES-256-GCM with a key derived from a server secret kept in the database
 * (`settings`, made on first use). Stored as `v1:<iv>:<tag>:<ciphertext>` (base64). Never logged, never shown.
 */
const SECRET_KEY = 'mailbox-password-key';

async function key(db: Kysely<DB>): Promise<Buffer> {
  return createHash('sha256').update(await serverSecret(db, SECRET_KEY)).digest();
}

export async function encryptSecret(db: Kysely<DB>, plain: string): Promise<string> {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', await key(db), iv);
  const data = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  return ['v1', iv.toString('base64'), cipher.getAuthTag().toString('base64'), data.toString('base64')].join(':');
}

export async function decryptSecret(db: Kysely<DB>, stored: string): Promise<string> {
  const [version, iv, tag, data] = stored.split(':');
  if (version !== 'v1' || !iv || !tag || data === undefined) throw new Error('unreadable stored secret');
  const decipher = createDecipheriv('aes-256-gcm', await key(db), Buffer.from(iv, 'base64'));
  decipher.setAuthTag(Buffer.from(tag, 'base64'));
  return Buffer.concat([decipher.update(Buffer.from(data, 'base64')), decipher.final()]).toString('utf8');
}
