import { createMiddleware } from 'hono/factory';
import { AppError } from '../../shared/errors.ts';
import { clientAddress } from '../client-address.ts';
import type { AppEnv } from '../context.ts';

/**
 * A fixed-window limit per client address, in memory (one process serves the embedded database; with
 * several processes behind a proxy, put the limit in the proxy as well). Answers 429 with a stable code.
 * `max: 0` lifts the limit.
 */
export function rateLimit(opts: { windowMs: number; max: number; name: string }) {
  const hits = new Map<string, { count: number; resetAt: number }>();
  return createMiddleware<AppEnv>(async (c, next) => {
    if (!(opts.max > 0)) return next(); // 0 lifts the limit (KLACHTWIJS_PUBLIC_RATE_LIMIT=0: benchmarks, tests)
    const ip = clientAddress(c);
    const now = Date.now();
    if (hits.size > 10_000) for (const [k, v] of hits) if (v.resetAt <= now) hits.delete(k);
    const entry = hits.get(ip);
    if (!entry || entry.resetAt <= now) hits.set(ip, { count: 1, resetAt: now + opts.windowMs });
    else if (++entry.count > opts.max) {
      c.header('Retry-After', String(Math.ceil((entry.resetAt - now) / 1000)));
      throw new AppError('rate_limited', 'U heeft te veel verzoeken achter elkaar gedaan. Wacht even en probeer het opnieuw.');
    }
    return next();
  });
}
