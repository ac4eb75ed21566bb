import { generateKeyPairSync, randomBytes } from 'node:crypto';
import http from 'node:http';
import Provider, { type Configuration } from 'oidc-provider';
import { freePort } from './pg-server.ts';

/**
 * A real OpenID Connect provider (oidc-provider) for the single sign-on tests, on http://127.0.0.1:<free port>, with
 * one confidential client for Klachtwijs. Its log-in step is a tiny interaction that signs in whoever the test chose
 * with `loginAs` (or refuses with `denyNext`), without a form, so the same provider serves fetch-driven tests and
 * real Chromium. Consent is implied (a first-party client). Starting it throws a clear error when it cannot start.
 */
export interface TestIdentity {
  sub: string;
  email: string;
  email_verified: boolean;
  name: string;
}

export interface OidcTestProvider {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** Who the next log-in at the provider is. */
  loginAs(identity: TestIdentity): void;
  /** The next log-in is refused by the provider (`access_denied`). */
  denyNext(): void;
  /**
   * Follows the provider's redirects from an authorization URL (with its own cookie jar, as one browser would) until
   * it sends the browser away from the provider; returns that address (Klachtwijs's callback with code and state).
   */
  follow(authorizationUrl: string): Promise<string>;
  stop(): Promise<void>;
}

/**
 * `emailInIdToken`: the ID token carries the e-mail claims itself (like many providers); without it they come only
 * from the UserInfo endpoint (oidc-provider's default, `conformIdTokenClaims`), so both ways are tested.
 */
export async function startOidcProvider(opts: { redirectUris: string[]; emailInIdToken?: boolean }): Promise<OidcTestProvider> {
  const port = await freePort();
  const issuer = `http://127.0.0.1:${port}`;
  const clientId = 'klachtwijs';
  const clientSecret = randomBytes(24).toString('base64url');
  const identities = new Map<string, TestIdentity>();
  let next: TestIdentity | 'deny' | null = null;

  const signingKey = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'jwk' });
  const configuration: Configuration = {
    clients: [{ client_id: clientId, client_secret: clientSecret, redirect_uris: opts.redirectUris, grant_types: ['authorization_code'], response_types: ['code'] }],
    jwks: { keys: [{ ...signingKey, kid: 'test-key', alg: 'RS256', use: 'sig' } as never] },
    cookies: { keys: [randomBytes(16).toString('hex')] },
    claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'] },
    conformIdTokenClaims: !opts.emailInIdToken,
    features: { devInteractions: { enabled: false } },
    ttl: { Interaction: 600, Grant: 3600, Session: 3600, AccessToken: 600, IdToken: 600, AuthorizationCode: 60 },
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    findAccount: (_ctx, sub) => {
      const who = identities.get(sub);
      return who ? { accountId: sub, claims: () => ({ ...who }) } : undefined;
    },
    // A first-party client: the grant is given without a consent screen.
    loadExistingGrant: async (ctx) => {
      const grantId = ctx.oidc.result?.consent?.grantId ?? ctx.oidc.session!.grantIdFor(ctx.oidc.client!.clientId);
      if (grantId) return ctx.oidc.provider.Grant.find(grantId);
      const grant = new ctx.oidc.provider.Grant({ clientId: ctx.oidc.client!.clientId, accountId: ctx.oidc.session!.accountId! });
      grant.addOIDCScope('openid email profile');
      await grant.save();
      return grant;
    },
  };

  let provider: Provider;
  let server: http.Server;
  try {
    provider = new Provider(issuer, configuration);
    const callback = provider.callback();
    server = http.createServer((req, res) => {
      if (req.url?.startsWith('/interaction/')) {
        void (async () => {
          try {
            await provider.interactionDetails(req, res);
            const who = next;
            next = null;
            if (who === 'deny') {
              await provider.interactionFinished(req, res, { error: 'access_denied', error_description: 'refused by the test' }, { mergeWithLastSubmission: false });
            } else if (who) {
              identities.set(who.sub, who);
              await provider.interactionFinished(req, res, { login: { accountId: who.sub } }, { mergeWithLastSubmission: false });
            } else {
              res.statusCode = 500;
              res.end('test provider: call loginAs() or denyNext() before a log-in');
            }
          } catch (err) {
            res.statusCode = 500;
            res.end(`test provider interaction failed: ${(err as Error).message}`);
          }
        })();
        return;
      }
      void callback(req, res);
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => resolve());
    });
    const probe = await fetch(`${issuer}/.well-known/openid-configuration`);
    if (!probe.ok) throw new Error(`discovery answered ${probe.status}`);
  } catch (err) {
    throw new Error(`The OpenID provider for the SSO tests (oidc-provider) could not start on ${issuer}: ${(err as Error).message}`, { cause: err });
  }

  return {
    issuer,
    clientId,
    clientSecret,
    loginAs: (identity) => {
      next = identity;
    },
    denyNext: () => {
      next = 'deny';
    },
    follow: async (authorizationUrl) => {
      const jar = new Map<string, string>();
      let url = authorizationUrl;
      for (let hop = 0; hop < 10; hop++) {
        if (!url.startsWith(issuer)) return url;
        const res = await fetch(url, { redirect: 'manual', headers: jar.size ? { cookie: [...jar].map(([k, v]) => `${k}=${v}`).join('; ') } : {} });
        for (const c of res.headers.getSetCookie()) {
          const [pair] = c.split(';');
          const at = pair!.indexOf('=');
          jar.set(pair!.slice(0, at).trim(), pair!.slice(at + 1));
        }
        const location = res.headers.get('location');
        if (!location) throw new Error(`test provider: ${url} answered ${res.status} without a redirect: ${(await res.text()).slice(0, 300)}`);
        url = new URL(location, url).href;
      }
      throw new Error('test provider: too many redirects');
    },
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
