import { createHash } from 'node:crypto';
import { CompiledQuery, type DatabaseConnection, type QueryResult } from 'kysely';
import pg from 'pg';

/**
 * Named (server-side prepared) statements on the PostgreSQL server (issue 13).
 *
 * Kysely sends every statement as an unnamed one, so the server parses and plans it each time. A statement whose
 * text starts with {@link PREPARED} is sent under a name made from its text instead (and any statement with
 * parameters from its second use on a connection: {@link PreparingClient}, below): each pooled connection parses
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

/**
 * Every other statement with parameters is named from its second use on a connection (issue 13, lane pages11), as
 * pgJDBC's prepareThreshold does: a page sends a dozen statements of a fixed text (the session's actor, the
 * organisation's facts, the start page's sections), each planned anew as an unnamed statement; measured on the start
 * page at a million complaints, planning took more of the server's time than execution for most of them. A named
 * statement is parsed once per connection, and PostgreSQL itself chooses after five executions whether its generic plan
 * serves (plan_cache_mode auto: only when the generic plan is not estimated dearer than the custom ones), so a statement
 * whose plan depends on its values keeps being planned per call, as before.
 * - Not named: a statement without parameters (pg sends it by the simple protocol: BEGIN, COMMIT, the settings, several
 *   statements in one text) unless marked {@link REUSED}, and one whose result has a `*` from a table (`select *`,
 *   `t.*`, `returning *`): a named statement's result columns are fixed, and a column added by another instance's
 *   migration would make it fail with "cached plan must not change result type" (an unnamed statement is re-parsed).
 * - At most {@link KEPT_PER_CONNECTION} named statements and {@link KEPT_TEXT_PER_CONNECTION} characters of their texts
 *   per connection (the server keeps each statement and its plan for the life of the connection; a plan takes roughly
 *   a hundred times its text's length): the least recently used one is deallocated when a new one would exceed them,
 *   only while nothing is queued on the connection (so no queued statement still needs it).
 */
export const KEPT_PER_CONNECTION = 100;
export const KEPT_TEXT_PER_CONNECTION = 200_000;
/**
 * A statement without parameters that is named like one with them (from its second use): one whose values are written
 * into its text ({@link withValuesInlined}), so its one plan is made for them and kept, where a generic plan for
 * parameters would not know them. Its result's columns must be named (a `*` in it is not checked, see above).
 */
export const REUSED = '/* reused */ ';
/** Uses of a text on a connection before it is named: one-off statements (migrations, a report's run) stay unnamed. */
const NAMED_FROM_USE = 2;
const STAR = /(?:\bselect\s+(?:distinct\s+)?|\breturning\s+|,\s*|\.)\*/i;

interface ConnectionStatements {
  /** The names of the texts seen once on this connection (cleared when it grows past a bound). */
  readonly seen: Set<string>;
  /** The named statements on this connection by name (the length of their text), least recently used first. */
  readonly named: Map<string, number>;
  chars: number;
  /** A text's name on this connection where its first one was retired (its result's type changed, see `retire`). */
  readonly renamed: Map<string, string>;
}

/** pg's Client that names statements marked {@link PREPARED}, and any statement with parameters it sent before (give it to the pool as `Client`). */
export class PreparingClient extends pg.Client {
  readonly statements: ConnectionStatements = { seen: new Set(), named: new Map(), chars: 0, renamed: new Map() };
}

/** The name a statement is sent under on this connection, or null (unnamed), counting this use. */
function nameFor(client: PreparingClient, text: string): string | null {
  const first = nameOf(text);
  const name = client.statements.renamed.get(first) ?? first;
  if (text.startsWith(PREPARED) || client.statements.named.has(name)) return use(client, name, text.length);
  if (!text.startsWith(REUSED) && STAR.test(text)) return null;
  const { seen } = client.statements;
  if (!seen.has(name)) {
    if (seen.size >= 1000) seen.clear();
    seen.add(name);
    if (NAMED_FROM_USE > 1) return null;
  }
  seen.delete(name);
  return use(client, name, text.length);
}

/** Marks `name` as the most recently used; deallocates the least recently used beyond the bounds (see above). */
function use(client: PreparingClient, name: string, chars: number): string {
  const kept = client.statements;
  const had = kept.named.get(name);
  if (had !== undefined) kept.named.delete(name);
  kept.named.set(name, chars);
  kept.chars += chars - (had ?? 0);
  const internal = client as unknown as { _queryQueue?: unknown[]; connection?: { parsedStatements?: Record<string, string> } };
  while ((kept.named.size > KEPT_PER_CONNECTION || kept.chars > KEPT_TEXT_PER_CONNECTION) && kept.named.size > 1 && internal._queryQueue?.length === 0) {
    const [oldest, length] = kept.named.entries().next().value!;
    kept.named.delete(oldest);
    kept.chars -= length;
    // Deallocated before the statement now sent is queued; pg forgets it was parsed, so a later use parses it again.
    const parsed = internal.connection?.parsedStatements;
    const text = parsed?.[oldest];
    if (parsed && text !== undefined) {
      delete parsed[oldest];
      // Refused (in a failed transaction: 25P02), the statement stays on the server: pg is told it is parsed again, or its
      // next Parse under that name would fail with "already exists" for the rest of the connection. Not when it was gone.
      // A callback, not a promise: pg calls it at the error itself, before it sends a statement queued behind.
      (pg.Client.prototype.query as unknown as Query).call(client, `deallocate ${oldest}`, (e: { code?: string } | null) => {
        if (e && e.code !== '26000') parsed[oldest] ??= text;
      });
    }
  }
  return name;
}

/**
 * A named statement whose result's type changed (another instance's migration altered a column it returns) fails with
 * "cached plan must not change result type" (0A000) at every execution, as long as the connection lives: PostgreSQL
 * re-plans it but keeps its first result type. That use failed (in a transaction, the transaction with it); the text
 * gets a new name on this connection, so its next use is parsed anew. The old statement stays on the server until the
 * connection ends (a DEALLOCATE would be refused in the failed transaction).
 */
function retire(client: PreparingClient, name: string): void {
  const kept = client.statements;
  const length = kept.named.get(name);
  if (length === undefined) return;
  kept.named.delete(name);
  kept.chars -= length;
  const first = name.replace(/_r\d+$/, '');
  kept.renamed.set(first, `${first}_r${Number(/_r(\d+)$/.exec(name)?.[1] ?? 0) + 1}`);
}

type Query = (this: pg.Client, ...args: unknown[]) => { then?: (ok: unknown, err: (e: unknown) => void) => unknown } | undefined;
(PreparingClient.prototype as unknown as { query: Query }).query = function (this: pg.Client, ...args: unknown[]) {
  // pg.Client's own query, looked up at each call (a bench or test may wrap it to count statements).
  const plain = pg.Client.prototype.query as unknown as Query;
  const [text, values] = args;
  if (typeof text === 'string' && args.length <= 2 && (text.startsWith(PREPARED) || text.startsWith(REUSED) || (Array.isArray(values) && values.length > 0))) {
    const name = nameFor(this as PreparingClient, text);
    if (name) {
      const sent = plain.call(this, { name, text, values: values ?? [] });
      sent?.then?.(undefined, (e) => {
        if ((e as { code?: string } | null)?.code === '0A000') retire(this as PreparingClient, name);
      });
      return sent;
    }
  }
  return plain.apply(this, args);
};

/**
 * A statement for the PostgreSQL server with its values written into its text as quoted literals (of unknown type, as a
 * parameter is: PostgreSQL gives each the type its place needs), marked {@link REUSED}. For a statement built once per
 * key that holds all its values (the start page's work lists: per user and day), whose plan depends on them (an
 * organisation of 50,000 complaints among a thousand small ones). Kysely's compiled statements name their values `$1`,
 * `$2`, … once each: a text with any other `$n` (in a string literal of its own) keeps its parameters.
 */
export function withValuesInlined<R>(query: CompiledQuery<R>): CompiledQuery<R> {
  const literals = query.parameters.map((v) =>
    v === null ? 'null' : typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? pg.escapeLiteral(String(v)) : v instanceof Date ? pg.escapeLiteral(v.toISOString()) : undefined,
  );
  // A value of another kind (an array, JSON) is sent as a parameter, as before.
  if (literals.includes(undefined)) return query;
  // Kysely numbers its placeholders $1, $2, … once each, in order: any other `$n` (in a literal, a comment or a quoted name
  // of the text) would have a value written into it, out of its quotes. Then the values are sent as parameters.
  const placeholders = [...query.sql.matchAll(/\$(\d+)\b/g)].map((m) => Number(m[1]));
  if (placeholders.length !== literals.length || placeholders.some((n, i) => n !== i + 1)) return query;
  const text = query.sql.replace(/\$(\d+)\b/g, (_placeholder, n: string) => literals[Number(n) - 1]!);
  return CompiledQuery.raw(REUSED + text, []) as CompiledQuery<R>;
}

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
