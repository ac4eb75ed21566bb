import { createHash } from 'node:crypto';
import pg from 'pg';

/**
 * Named (server-side prepared) statements on the PostgreSQL server, for a few hot statements (issue 13).
 *
 * Kysely sends every statement as an unnamed one, so the server parses and plans it each time. A statement whose
 * text starts with {@link PREPARED} is sent under a name made from its text instead: each pooled connection parses
 * it once and keeps the plan (PostgreSQL re-plans by itself after a schema change or another role). For the public
 * intake's registering statement (register-public.ts) planning was ~40 % of the server's time for that statement.
 * PGlite ignores the marker: it is a comment.
 */
export const PREPARED = '/* prepared */ ';

const names = new Map<string, string>();

function nameOf(text: string): string {
  let name = names.get(text);
  if (!name) {
    // The text decides the name: a different text never meets an old statement of the same name.
    name = `kw_${createHash('sha1').update(text).digest('hex').slice(0, 24)}`;
    if (names.size > 1000) names.clear();
    names.set(text, name);
  }
  return name;
}

/** pg's Client that sends statements marked {@link PREPARED} as named statements (give it to the pool as `Client`). */
export class PreparingClient extends pg.Client {}

type Query = (this: pg.Client, ...args: unknown[]) => unknown;
(PreparingClient.prototype as unknown as { query: Query }).query = function (this: pg.Client, ...args: unknown[]) {
  // pg.Client's own query, looked up at each call (a bench or test may wrap it to count statements).
  const plain = pg.Client.prototype.query as unknown as Query;
  const [text, values] = args;
  if (typeof text === 'string' && text.startsWith(PREPARED) && args.length <= 2) return plain.call(this, { name: nameOf(text), text, values: values ?? [] });
  return plain.apply(this, args);
};
