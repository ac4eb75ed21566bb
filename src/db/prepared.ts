import { createHash } from 'node:crypto';
import { CompiledQuery, type DatabaseConnection, type QueryResult } from 'kysely';
import pg from 'pg';

/**
 * Named (server-side prepared) statements on the PostgreSQL server, for a few hot statements (issue 13).
 *
 * Kysely sends every statement as an unnamed one, so the server parses and plans it each time. A statement whose
 * text starts with {@link PREPARED} is sent under a name made from its text instead: each pooled connection parses
 * it once and keeps the plan (PostgreSQL re-plans by itself after a schema change or another role). For the public
 * intake's registering statement (register-public.ts) planning was ~40 % of the server's time for that statement.
 * On PGlite (one session, no named statements through its API) the same statement is made an SQL-level prepared
 * statement instead: `PREPARE` once per session, then `EXECUTE name('…', …)` with its values as quoted literals
 * ({@link preparedOnPglite}).
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

/**
 * PGlite: runs a statement marked {@link PREPARED} as `EXECUTE` of a session-level prepared statement (made with
 * `PREPARE` on first use on this connection), its values as quoted literals that PostgreSQL casts to the prepared
 * parameter types: parsed and planned once per session instead of at every call. `prepared` is the connection's set
 * of names already made. A statement whose values cannot be written as literals (a NUL character, a value other than
 * a string, number, boolean, null or an array of strings) runs as it is.
 */
export async function preparedOnPglite<R>(connection: DatabaseConnection, query: CompiledQuery, prepared: Set<string>, options?: Parameters<DatabaseConnection['executeQuery']>[1]): Promise<QueryResult<R>> {
  const values = query.sql.startsWith(PREPARED) ? query.parameters.map(literal) : null;
  if (!values || values.some((v) => v === null)) return connection.executeQuery<R>(query, options);
  const name = nameOf(query.sql);
  if (!prepared.has(name)) {
    // Literals are quoted by doubling the quote alone: only right while backslashes are plain characters.
    const { rows } = await connection.executeQuery<{ on: string }>(CompiledQuery.raw('select current_setting($1) as on', ['standard_conforming_strings']));
    if (rows[0]?.on !== 'on') return connection.executeQuery<R>(query, options);
    await connection.executeQuery(CompiledQuery.raw(`prepare ${name} as ${query.sql}`));
    prepared.add(name);
  }
  return connection.executeQuery<R>(CompiledQuery.raw(`execute ${name}(${values.join(', ')})`), options);
}

/** A value as a quoted SQL literal (of unknown type: cast to the parameter's type), or null when it cannot be one. */
function literal(value: unknown): string | null {
  const quote = (s: string) => (s.includes('\0') ? null : `'${s.replaceAll("'", "''")}'`);
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'string') return quote(value);
  if (typeof value === 'boolean') return value ? "'t'" : "'f'";
  if (typeof value === 'number') return Number.isFinite(value) ? `'${value}'` : null;
  if (Array.isArray(value) && value.every((v) => typeof v === 'string')) return quote(`{${value.map((v) => `"${v.replaceAll('\\', '\\\\').replaceAll('"', '\\"')}"`).join(',')}}`);
  return null;
}
