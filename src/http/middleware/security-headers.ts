import { createMiddleware } from 'hono/factory';
import { secureHeaders } from 'hono/secure-headers';
import type { Config } from '../../config.ts';
import type { AppEnv } from '../context.ts';

/** A download is never rendered as a page of this site, whatever the file claims to be (issue 11). */
export const DOWNLOAD_CSP = "sandbox; default-src 'none'";

/**
 * The security headers of every answer (security review, issue 11):
 * - the strict page CSP, but a header a route set itself wins (`overwrite: false`): a download's sandbox policy is
 *   never replaced by the page policy; any answer with `Content-Disposition` (a download) that set no sandbox
 *   policy gets `sandbox; default-src 'none'`;
 * - `X-Frame-Options: DENY`, the same as `frame-ancestors 'none'`;
 * - a `Permissions-Policy` that switches off what a complaints product never uses;
 * - HSTS only when the base URL is https (under http it would be a promise the server does not keep);
 * - an HTML answer that said nothing about caching is `no-store`: pages repeat what people typed (the public
 *   form's error page too), so browsers and proxies keep none of them.
 */
export function securityHeaders(config: Pick<Config, 'baseUrl'>) {
  const https = config.baseUrl.startsWith('https://');
  const headers = secureHeaders({
    contentSecurityPolicy: { defaultSrc: ["'self'"], scriptSrc: ["'self'"], styleSrc: ["'self'"], imgSrc: ["'self'", 'data:'], formAction: ["'self'"], frameAncestors: ["'none'"], baseUri: ["'none'"], objectSrc: ["'none'"] },
    referrerPolicy: 'same-origin',
    xFrameOptions: 'DENY',
    strictTransportSecurity: https ? 'max-age=31536000; includeSubDomains' : false,
    permissionsPolicy: { camera: [], microphone: [], geolocation: [], payment: [], usb: [], serial: [], bluetooth: [], hid: [], midi: [], accelerometer: [], gyroscope: [], magnetometer: [], displayCapture: [], fullscreen: ['self'] },
    overwrite: false,
  });
  return createMiddleware<AppEnv>((c, next) =>
    headers(c, async () => {
      await next();
      const res = c.res.headers;
      if (res.has('Content-Disposition') && !res.get('Content-Security-Policy')?.startsWith('sandbox')) res.set('Content-Security-Policy', DOWNLOAD_CSP);
      if (!res.has('Cache-Control') && res.get('Content-Type')?.startsWith('text/html')) res.set('Cache-Control', 'no-store');
    }),
  );
}

/** A path as the request log keeps it: a long random segment (a private link's token) is masked. */
export function loggedPath(path: string): string {
  return path.split('/').map((seg) => (/^[\w-]{32,}$/.test(seg) ? ':token' : seg)).join('/').slice(0, 300);
}
