import path from 'node:path';
import { z } from 'zod';

/**
 * Typed configuration from the environment, validated once at start and frozen (PRODUCT.md, "Stable
 * interfaces"). A wrong value stops the process with a message that names the variable.
 */
const booleanFlag = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'], { message: 'gebruik true of false' })
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

const envSchema = z.object({
  PORT: z
    .string()
    .regex(/^\d+$/, { message: 'moet een poortnummer zijn (1–65535)' })
    .transform(Number)
    .refine((n) => n >= 1 && n <= 65535, { message: 'moet een poortnummer zijn (1–65535)' })
    .default(3000),
  HOST: z.string().min(1).default('0.0.0.0'),
  KLACHTWIJS_DATA_DIR: z.string().min(1).default('./data'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, { message: 'moet een postgres:// of postgresql:// URL zijn' })
    .optional(),
  /**
   * Optional second login for the application's statements (ADR 0024, addendum session 14): a login that is a member of
   * klachtwijs_app only. DATABASE_URL (the tables' owner) then serves migrations and the job queue only.
   */
  KLACHTWIJS_APP_DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, { message: 'moet een postgres:// of postgresql:// URL zijn' })
    .optional(),
  KLACHTWIJS_BASE_URL: z.url({ message: 'moet een volledige URL zijn, bijvoorbeeld https://klachten.example.nl' }).optional(),
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\//, { message: 'moet een smtp:// of smtps:// URL zijn' })
    .optional(),
  /** The sender address of every e-mail; the organisation's name is its display name. */
  KLACHTWIJS_MAIL_FROM: z.email({ message: 'moet een e-mailadres zijn, bijvoorbeeld klachten@example.nl' }).optional(),
  /** Which services this process runs: web (pages and API), worker (jobs: e-mail, mailbox, schedules), or both. */
  KLACHTWIJS_SERVICES: z
    .string()
    .transform((v) => v.split(',').map((s) => s.trim()).filter(Boolean))
    .pipe(z.array(z.enum(['web', 'worker'], { message: 'kies web, worker of web,worker' })).min(1, { message: 'kies web, worker of web,worker' }))
    .optional(),
  /** Default: on for the embedded database, off with DATABASE_URL (a production database gets no demo admin). */
  KLACHTWIJS_DEMO: booleanFlag.optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Public complaint submissions per client address per minute; 0 lifts the limit (benchmarks, tests). */
  KLACHTWIJS_PUBLIC_RATE_LIMIT: z
    .string()
    .regex(/^\d+$/, { message: 'moet een heel getal zijn (0: geen limiet)' })
    .transform(Number)
    .default(30),
  /** Behind a reverse proxy: take the client address from the last X-Forwarded-For entry the proxy added. */
  KLACHTWIJS_TRUST_PROXY: booleanFlag.default(false),
  /** Row-level security between organisations (ADR 0024); `off` only while the server user may not create its role. */
  KLACHTWIJS_RLS: z.enum(['on', 'off'], { message: 'gebruik on of off' }).default('on'),
  /** Bearer token for /metrics (ADR 0030); without it /metrics answers only direct connections from this machine. */
  KLACHTWIJS_METRICS_TOKEN: z.string().min(16, { message: 'moet minstens 16 tekens lang zijn' }).optional(),
  /** Seconds /ready answers 503 after SIGTERM while requests are still served, before the server stops (ADR 0030). */
  KLACHTWIJS_DRAIN_SECONDS: z
    .string()
    .regex(/^\d+$/, { message: 'moet een heel aantal seconden zijn (0: meteen stoppen)' })
    .transform(Number)
    .default(0),
});

export interface Config {
  readonly port: number;
  readonly host: string;
  /** Client addresses come from X-Forwarded-For (set only behind a proxy that sets it). */
  readonly trustProxy: boolean;
  readonly dataDir: string;
  readonly databaseUrl: string | undefined;
  /** The application login (KLACHTWIJS_APP_DATABASE_URL): a member of klachtwijs_app only; unset: DATABASE_URL for everything. */
  readonly appDatabaseUrl: string | undefined;
  readonly baseUrl: string;
  readonly smtpUrl: string | undefined;
  /** Envelope and From address of every e-mail (KLACHTWIJS_MAIL_FROM; default klachten@<host of the base URL>). */
  readonly mailFrom: string;
  /** Services this process runs (KLACHTWIJS_SERVICES, default both). */
  readonly services: readonly ('web' | 'worker')[];
  readonly demo: boolean;
  readonly logLevel: string;
  /** Public complaint submissions per client address per minute (0: no limit). */
  readonly publicRateLimit: number;
  /** Cookies get the Secure flag when the product is served over https. */
  readonly secureCookies: boolean;
  /** Row-level security on (KLACHTWIJS_RLS, default on; src/db/rls.ts reads the same variable). */
  readonly rls: boolean;
  /** Bearer token for /metrics (KLACHTWIJS_METRICS_TOKEN); unset: loopback only. */
  readonly metricsToken: string | undefined;
  /** Seconds of draining after SIGTERM before the server closes (KLACHTWIJS_DRAIN_SECONDS, default 0). */
  readonly drainSeconds: number;
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Variables whose value is a secret as a whole: a wrong one is never echoed. */
const SECRET_VARIABLES = new Set(['KLACHTWIJS_METRICS_TOKEN']);

/**
 * What a wrong value was, for the message: a password in it (`user:password@`, `password=`) as ***, a secret variable not
 * at all. A start's error goes to the log and the terminal; a URL the parser rejected still holds its password.
 */
function given(variable: string, value: string | undefined): string {
  if (SECRET_VARIABLES.has(variable)) return '';
  return ` (gekregen: ${JSON.stringify(value === undefined ? null : redactPassword(value))})`;
}

/** `value` with the password of a URL-like value (between the user's `:` and the last `@`, or `password=`) replaced by ***. */
export function redactPassword(value: string): string {
  // A keyword value may be quoted ('a b', with \' inside): mask the quoted whole.
  let out = value.replace(/(password\s*=\s*)('(?:[^'\\]|\\.)*'?|[^&\s]*)/gi, '$1***');
  const at = out.lastIndexOf('@');
  const scheme = out.indexOf('://');
  const colon = out.indexOf(':', scheme >= 0 ? scheme + 3 : 0);
  if (at >= 0 && colon >= 0 && colon < at) out = `${out.slice(0, colon + 1)}***${out.slice(at)}`;
  return out;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  // Empty strings count as unset: `PORT= npm start` should not be an error.
  const raw = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = envSchema.safeParse(raw);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}${given(String(i.path[0]), raw[String(i.path[0])])}`);
    throw new ConfigError(`Ongeldige configuratie:\n  ${lines.join('\n  ')}`);
  }
  const e = parsed.data;
  // The application login works only beside the owner's URL and only as the role of row-level security.
  if (e.KLACHTWIJS_APP_DATABASE_URL && !e.DATABASE_URL) throw new ConfigError('Ongeldige configuratie:\n  KLACHTWIJS_APP_DATABASE_URL: werkt alleen samen met DATABASE_URL');
  if (e.KLACHTWIJS_APP_DATABASE_URL && e.KLACHTWIJS_RLS === 'off') throw new ConfigError('Ongeldige configuratie:\n  KLACHTWIJS_APP_DATABASE_URL: werkt alleen met KLACHTWIJS_RLS=on');
  const baseUrl = (e.KLACHTWIJS_BASE_URL ?? `http://localhost:${e.PORT}`).replace(/\/+$/, '');
  return Object.freeze({
    port: e.PORT,
    host: e.HOST,
    trustProxy: e.KLACHTWIJS_TRUST_PROXY,
    dataDir: path.resolve(e.KLACHTWIJS_DATA_DIR),
    databaseUrl: e.DATABASE_URL,
    appDatabaseUrl: e.KLACHTWIJS_APP_DATABASE_URL,
    baseUrl,
    smtpUrl: e.SMTP_URL,
    mailFrom: e.KLACHTWIJS_MAIL_FROM ?? `klachten@${new URL(baseUrl).hostname}`,
    services: Object.freeze([...new Set<'web' | 'worker'>(e.KLACHTWIJS_SERVICES ?? ['web', 'worker'])]),
    // A production database must never get a demo admin whose password goes to the logs: with DATABASE_URL
    // the demo is made only when KLACHTWIJS_DEMO=true is set explicitly.
    demo: e.KLACHTWIJS_DEMO ?? !e.DATABASE_URL,
    logLevel: e.LOG_LEVEL,
    publicRateLimit: e.KLACHTWIJS_PUBLIC_RATE_LIMIT,
    rls: e.KLACHTWIJS_RLS === 'on',
    metricsToken: e.KLACHTWIJS_METRICS_TOKEN,
    drainSeconds: e.KLACHTWIJS_DRAIN_SECONDS,
    secureCookies: baseUrl.startsWith('https://'),
  });
}
