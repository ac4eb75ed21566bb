import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** Random secrets (session ids, API tokens) and their one-way hashes as stored in the database. */
export function randomToken(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

export function sha256(value: string): string {
  return createHash('sha256').update(value).digest('base64url');
}

export function hmac(secret: string, value: string): string {
  return createHmac('sha256', secret).update(value).digest('base64url');
}

export function safeEqual(a: string, b: string): boolean {
  const ab = Buffer.from(a);
  const bb = Buffer.from(b);
  return ab.length === bb.length && timingSafeEqual(ab, bb);
}

/** API tokens look like `kw_<43 chars>`; the first characters are kept as a visible prefix. */
export function newApiToken(): { token: string; hash: string; prefix: string } {
  const token = `kw_${randomToken(32)}`;
  return { token, hash: sha256(token), prefix: token.slice(0, 10) };
}
