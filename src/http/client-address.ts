import { getConnInfo } from '@hono/node-server/conninfo';
import type { AppContext } from './context.ts';

/**
 * The client's address, for throttling and rate limits. Behind a reverse proxy (KLACHTWIJS_TRUST_PROXY=true)
 * it is the last X-Forwarded-For entry, the one the proxy itself added; a client cannot forge that one.
 */
export function clientAddress(c: AppContext): string {
  if (c.get('deps').config.trustProxy) {
    const forwarded = c.req.header('x-forwarded-for')?.split(',').at(-1)?.trim();
    if (forwarded) return forwarded;
  }
  try {
    return getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    return 'unknown'; // app.request() in tests has no socket
  }
}
