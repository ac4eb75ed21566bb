import type { Context } from 'hono';
import type { Kysely } from 'kysely';
import type { Config } from '../config.ts';
import type { DB } from '../db/types.ts';
import type { Logger } from '../shared/logger.ts';
import type { Actor } from '../usecases/actor.ts';
import { AppError } from '../shared/errors.ts';
import { storableText } from '../shared/validation.ts';

export interface AppDeps {
  db: Kysely<DB>;
  config: Config;
  logger: Logger;
  csrfSecret: string;
}

export interface AppEnv {
  Variables: {
    deps: AppDeps;
    actor: Actor | null;
    csrfToken: string;
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

/** Form fields as strings (multiple values: the last one), files left out. */
export async function formFields(c: AppContext): Promise<Record<string, string>> {
  const body = await c.req.parseBody();
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(body)) {
    const value = Array.isArray(v) ? v[v.length - 1] : v;
    if (typeof value === 'string') out[storableText(k)] = storableText(value);
  }
  return out;
}
