import { getCookie, setCookie } from 'hono/cookie';
import { createMiddleware } from 'hono/factory';
import { hmac, randomToken, safeEqual } from '../../auth/tokens.ts';
import { withOrganisation } from '../../db/tenant.ts';
import { AppError } from '../../shared/errors.ts';
import { actorFromApiToken } from '../../usecases/auth/api-tokens.ts';
import { actorFromSession } from '../../usecases/auth/sessions.ts';
import { RESERVED_SLUGS } from '../../usecases/organisations/create-organisation.ts';
import { parseFormBody, type AppContext, type AppEnv } from '../context.ts';

export const SESSION_COOKIE = 'kw_session';
const ANON_COOKIE = 'kw_anon';
export const DEVICE_COOKIE = 'kw_device';

/**
 * The one place that names the cookies (issue 11): under an https base URL they carry the `__Host-` prefix, so the
 * browser takes them only when Secure, for path / and without a Domain (no sub-domain can set or shadow them).
 * Under http (local use, the tests) the plain names stay.
 */
export function cookieName(c: AppContext, base: typeof SESSION_COOKIE | typeof ANON_COOKIE | typeof DEVICE_COOKIE): string {
  return c.get('deps').config.secureCookies ? `__Host-${base}` : base;
}

/** Cookie options: HttpOnly, SameSite=Lax, Secure when served over https. */
export function cookieOptions(c: AppContext, maxAgeSeconds?: number) {
  return {
    httpOnly: true,
    sameSite: 'Lax' as const,
    secure: c.get('deps').config.secureCookies,
    path: '/',
    ...(maxAgeSeconds !== undefined ? { maxAge: maxAgeSeconds } : {}),
  };
}

/**
 * Loads the actor from the session cookie (pages) or a Bearer token (API), and derives the CSRF token:
 * an HMAC of the session id, or of an anonymous cookie before log-in (synchroniser token bound to the session).
 */
export const loadActor = createMiddleware<AppEnv>(async (c, next) => {
  const { db, csrfSecret } = c.get('deps');
  // The JSON API knows only Bearer tokens: a session cookie is never accepted there, so a page on a
  // neighbouring site cannot drive the API with the user's cookie (no CSRF token exists for the API).
  if (isApiPath(c.req.path)) {
    const auth = c.req.header('authorization');
    c.set('actor', auth?.startsWith('Bearer ') ? await actorFromApiToken(db, auth.slice(7).trim()) : null);
    c.set('sessionToken', null);
    c.set('csrfToken', '');
    return inActorsOrganisation(c, next);
  }
  const session = getCookie(c, cookieName(c, SESSION_COOKIE));
  const actor = session ? await actorFromSession(db, session) : null;
  c.set('actor', actor);
  c.set('sessionToken', actor ? session! : null);
  let csrfBase: string;
  if (actor) csrfBase = `s:${session}`;
  else {
    let anon = getCookie(c, cookieName(c, ANON_COOKIE));
    if (!anon || !/^[\w-]{20,}$/.test(anon)) {
      anon = randomToken(24);
      setCookie(c, cookieName(c, ANON_COOKIE), anon, cookieOptions(c));
    }
    csrfBase = `a:${anon}`;
  }
  c.set('csrfToken', hmac(csrfSecret, csrfBase));
  return inActorsOrganisation(c, next);
});

/**
 * The rest of the request sees only the actor's organisation in the database (row-level security, ADR 0024). The
 * public doors of an organisation (its complaint form, Mijn klacht, its published regulation, the public API) are
 * found by slug and are not the actor's work: a logged-in colleague of another organisation may use them too.
 */
function inActorsOrganisation(c: AppContext, next: () => Promise<void>): Promise<void> {
  const actor = c.get('actor');
  return actor && !isPublicDoor(c.req.path) ? withOrganisation(actor.organisationId, next) : next();
}

const PUBLIC_DOOR = /^\/([a-z0-9][a-z0-9-]{0,63})\/(klacht|mijn-klacht|klachtenregeling)(\/|$)/;
const isPublicDoor = (path: string) => {
  if (path.startsWith('/api/v1/public/')) return true;
  const m = PUBLIC_DOOR.exec(path);
  return !!m && !(RESERVED_SLUGS as readonly string[]).includes(m[1]!);
};

/**
 * The public complaint form (`/:orgSlug/klacht`) and the complainant's own page's forms (`/:orgSlug/mijn-klacht…`),
 * which handle a failed token themselves (the form comes back filled in; nothing is stored).
 */
const PUBLIC_FORM = /^\/[a-z0-9][a-z0-9-]{0,63}\/(klacht|mijn-klacht(\/[\w-]{43}\/(informatie|intrekken|oordeel))?)$/;

const isApiPath = (path: string) => path === '/api' || path.startsWith('/api/');

/** Every state-changing form post carries `_csrf`. The JSON API is exempt: it never accepts cookies (see loadActor). */
export const verifyCsrf = createMiddleware<AppEnv>(async (c, next) => {
  const method = c.req.method;
  if (method === 'GET' || method === 'HEAD' || method === 'OPTIONS') return next();
  if (isApiPath(c.req.path)) return next();
  const type = c.req.header('content-type') ?? '';
  let sent = '';
  if (type.startsWith('application/x-www-form-urlencoded') || type.startsWith('multipart/form-data')) {
    const body = await parseFormBody(c);
    sent = typeof body['_csrf'] === 'string' ? body['_csrf'] : '';
  }
  if (!sent || !safeEqual(sent, c.get('csrfToken'))) {
    // The public complaint form answers an expired or missing token itself: the form comes back filled in with
    // a fresh token and nothing is stored as a complaint (it stores only with `csrfValid`). Everything else refuses.
    if (method === 'POST' && PUBLIC_FORM.test(c.req.path)) {
      c.set('csrfValid', false);
      return next();
    }
    throw new AppError('csrf_failed', 'Het formulier is verlopen of niet geldig. Laad de pagina opnieuw en probeer het nog eens.');
  }
  c.set('csrfValid', true);
  return next();
});

/** Pages behind log-in: redirect to the log-in page, remembering where the user wanted to go. */
export const requireLogin = createMiddleware<AppEnv>(async (c, next) => {
  if (!c.get('actor')) {
    const back = c.req.method === 'GET' ? c.req.path : '/start';
    return c.redirect(`/inloggen?terug=${encodeURIComponent(back)}`, 303);
  }
  return next();
});
