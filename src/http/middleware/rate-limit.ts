import { createMiddleware } from 'hono/factory';
import { AppError } from '../../shared/errors.ts';
import { findOrganisationBySlug } from '../../usecases/organisations/create-organisation.ts';
import { recordSecurityEvent } from '../../usecases/security/events.ts';
import { hitRateLimit } from '../../usecases/security/rate-limit.ts';
import { clientAddress } from '../client-address.ts';
import type { AppEnv } from '../context.ts';

/**
 * A fixed-window limit per client address, kept in the database (`rate_limit_counters`, one upsert per hit), so it
 * holds across several instances on one database (issue 11). The key is `public:<scope>:<address>`: the public form
 * and its API twin each have their own budget. Answers 429 `rate_limited` with Retry-After; the first refused hit of
 * a window is a security event (`rate_limited`, with the organisation named in the path). `max: 0` lifts the limit.
 */
export function rateLimit(opts: { windowMs: number; max: number; name: 'form' | 'api' }) {
  const windowSeconds = Math.max(1, Math.round(opts.windowMs / 1000));
  return createMiddleware<AppEnv>(async (c, next) => {
    if (!(opts.max > 0)) return next(); // 0 lifts the limit (KLACHTWIJS_PUBLIC_RATE_LIMIT=0: benchmarks, tests)
    const { db } = c.get('deps');
    const ip = clientAddress(c);
    const hit = await hitRateLimit(db, { key: `public:${opts.name}:${ip}`, limit: opts.max, windowSeconds });
    if (hit.allowed) return next();
    if (hit.count === opts.max + 1) {
      // Once per window and address: a flood leaves one line, not thousands.
      const slug = c.req.param('orgSlug');
      const org = slug && /^[a-z0-9-]{1,64}$/i.test(slug) ? await findOrganisationBySlug(db, slug) : undefined;
      await recordSecurityEvent(db, { kind: 'rate_limited', organisationId: org?.id ?? null, clientAddress: ip, detail: { scope: `public:${opts.name}`, limit: opts.max, windowSeconds } });
    }
    c.header('Retry-After', String(hit.retryAfterSeconds));
    throw new AppError('rate_limited', 'U heeft te veel verzoeken achter elkaar gedaan. Wacht even en probeer het opnieuw.');
  });
}
