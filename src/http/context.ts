import type { Context, Hono } from 'hono';
import type { HttpMetrics } from './metrics.ts';
import type { Kysely } from 'kysely';
import type { Config } from '../config.ts';
import type { DB } from '../db/types.ts';
import type { Logger } from '../shared/logger.ts';
import type { Actor } from '../usecases/actor.ts';
import { AppError } from '../shared/errors.ts';
import type { AttachmentInput } from '../usecases/complaints/attachments.ts';
import { storableText } from '../shared/validation.ts';
import { embeddedInOneTransaction, withReadMemo } from '../usecases/read-memo.ts';

export interface AppDeps {
  db: Kysely<DB>;
  config: Config;
  logger: Logger;
  csrfSecret: string;
  /** Request counts and latencies for /metrics, and the /ready and /metrics routes (ADR 0030); absent in most tests. */
  httpMetrics?: HttpMetrics;
  ops?: Hono;
}

export interface AppEnv {
  Variables: {
    deps: AppDeps;
    actor: Actor | null;
    csrfToken: string;
    /** Set by verifyCsrf: true only when this form post carried a valid token (fail closed when unset). */
    csrfValid: boolean;
    sessionToken: string | null;
  };
}

export type AppContext = Context<AppEnv>;

/** The signed-in actor, or an `unauthenticated` error (pages redirect before this is reached). */
export function requireActor(c: AppContext): Actor {
  const actor = c.get('actor');
  if (!actor) throw new AppError('unauthenticated', 'Log eerst in.');
  return actor;
}

/**
 * A read-only page (the start page, the complaint list): its sections share one read of what they all need
 * (`withReadMemo`) and, on the embedded database, one transaction (`embeddedInOneTransaction`, issue 13). While it
 * runs, the request's `deps.db` is that transaction too, so no code of the page can send a statement through the
 * other handle: on PGlite that statement would wait for the one connection the page's transaction holds, for ever,
 * and every request after it too.
 */
export function readOnlyPage<T>(c: AppContext, fn: (db: Kysely<DB>) => Promise<T>): Promise<T> {
  const deps = c.get('deps');
  return withReadMemo(() =>
    embeddedInOneTransaction(deps.db, async (db) => {
      if (db === deps.db) return fn(db);
      c.set('deps', { ...deps, db });
      try {
        return await fn(db);
      } finally {
        c.set('deps', deps);
      }
    }),
  );
}

/** Values of a posted form: one string, or an array when a name came several times (checkboxes). */
export type FormValues = Record<string, string | string[] | undefined>;

/**
 * The posted form body (urlencoded or multipart). A body that cannot be read (malformed multipart, a broken
 * boundary, a client that stopped sending) is bad input: a 422 with a Dutch message, never a 500.
 */
export async function parseFormBody(c: AppContext, options: { all?: boolean } = {}): Promise<Record<string, string | File | (string | File)[]>> {
  try {
    return await c.req.parseBody({ all: options.all ?? false });
  } catch (err) {
    if (err instanceof AppError) throw err;
    const message = 'Het formulier kwam niet goed aan en kon niet worden gelezen. Laad de pagina opnieuw en verstuur het formulier nog eens.';
    throw new AppError('validation_failed', message, [{ field: '_', message }]);
  }
}

/** All text values of a posted form (several values of one name: an array) and the chosen attachments. */
export async function readForm(c: AppContext): Promise<{ values: FormValues; files: AttachmentInput[] }> {
  const body = await parseFormBody(c, { all: true });
  const values: FormValues = {};
  const files: AttachmentInput[] = [];
  for (const [key, raw] of Object.entries(body)) {
    for (const item of Array.isArray(raw) ? raw : [raw]) {
      if (typeof item === 'string') {
        const text = storableText(item);
        const prev = values[key];
        values[key] = prev === undefined ? text : [...(Array.isArray(prev) ? prev : [prev]), text];
      } else if (key === 'attachments' && typeof item === 'object' && item !== null && 'arrayBuffer' in item) {
        const file = item as File;
        if (!file.name && file.size === 0) continue; // no file chosen
        files.push({ filename: file.name || 'bijlage', contentType: file.type || 'application/octet-stream', data: new Uint8Array(await file.arrayBuffer()) });
      }
    }
  }
  return { values, files };
}

/** Form fields as strings (several values of one name: the last one), files left out. */
export async function formFields(c: AppContext): Promise<Record<string, string>> {
  const { values } = await readForm(c);
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(values)) {
    const value = Array.isArray(v) ? v[v.length - 1] : v;
    if (value !== undefined) out[storableText(k)] = value;
  }
  return out;
}
