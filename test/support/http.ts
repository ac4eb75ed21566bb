import type { Hono } from 'hono';
import type { Database } from '../../src/db/database.ts';
import { loadConfig } from '../../src/config.ts';
import { createApp } from '../../src/http/app.tsx';
import type { AppEnv } from '../../src/http/context.ts';
import { createLogger } from '../../src/shared/logger.ts';
import { serverSecret } from '../../src/usecases/settings.ts';

/** The HTTP app on a test database, driven with `app.request()` (no network). `env` adds configuration. */
export async function testApp(database: Database, env: Record<string, string> = {}): Promise<Hono<AppEnv>> {
  const config = loadConfig({ KLACHTWIJS_DEMO: 'false', PORT: '3000', ...env });
  const app = createApp({ db: database.db, config, logger: createLogger('silent'), csrfSecret: await serverSecret(database.db, 'csrf_secret') });
  // Each test app is its own client address (192.0.2.x, TEST-NET-1): the public rate limit is kept in the database
  // (issue 11), so apps of one suite would otherwise share one budget as "unknown".
  const address = `192.0.2.${(++apps % 250) + 1}`;
  const request = app.request.bind(app);
  app.request = (input, init, env, ctx) => request(input, init, env ?? { incoming: { socket: { remoteAddress: address } } }, ctx);
  return app;
}
let apps = 0;

/** A tiny cookie jar + form helper for page tests through app.request(). */
export class PageClient {
  private cookies = new Map<string, string>();
  constructor(private readonly app: Hono<AppEnv>) {}

  async request(path: string, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    if (this.cookies.size) headers.set('cookie', [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; '));
    const res = await this.app.request(path, { ...init, headers, redirect: 'manual' });
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const [k, ...v] = pair!.split('=');
      const value = v.join('=');
      if (/max-age=0/i.test(c) || value === '') this.cookies.delete(k!.trim());
      else this.cookies.set(k!.trim(), value);
    }
    return res;
  }

  /** GETs a page and returns its HTML and the CSRF token in it. */
  async get(path: string): Promise<{ res: Response; html: string; csrf: string }> {
    const res = await this.request(path);
    const html = await res.text();
    const csrf = /name="_csrf" value="([^"]*)"/.exec(html)?.[1] ?? '';
    return { res, html, csrf };
  }

  async postForm(path: string, fields: Record<string, string>): Promise<Response> {
    return this.request(path, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(fields).toString() });
  }

  async logIn(email: string, password: string): Promise<Response> {
    const { csrf } = await this.get('/inloggen');
    return this.postForm('/inloggen', { _csrf: csrf, email, password });
  }
}

/** A public form filled in as the stadsring51 regulation asks (002 art. 4.1), for the page tests. */
export const STADSRING_FORM_OK = {
  description: 'De medewerker kwam drie keer niet opdagen bij de afspraak.',
  'complainant.name': 'Jan Jansen',
  'complainant.postalAddress': 'Dorpsstraat 1, 1234 AB Ergens',
  'complainant.relation': 'client',
  forWhom: 'self',
  signed: 'ja',
} as const;

/**
 * The public rate limit counts in fixed windows aligned to the clock minute (kept in the database, issue 11): a test
 * that counts a few hits waits when the minute is about to end, so its hits fall in one window.
 */
export async function awayFromMinuteEdge(marginMs = 5000): Promise<void> {
  const left = 60_000 - (Date.now() % 60_000);
  if (left < marginMs) await new Promise((r) => setTimeout(r, left + 50));
}
