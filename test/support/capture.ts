import type { CompiledQuery, Kysely, KyselyPlugin } from 'kysely';
import pg from 'pg';

interface Capture {
  statements: CompiledQuery[];
  sent: { statements: CompiledQuery[] };
}

/** The captures by their plugin: an executor (a transaction's too) carries the plugins of the Kysely it came from. */
const captures = new WeakMap<KyselyPlugin, Capture>();
const wrapped = new WeakSet<object>();

/**
 * Keeps a statement where it is sent: Kysely's executor's `executeQuery`, wrapped once per executor class. The plugin
 * hooks cannot tell which compiled statement a result belongs to (builders derived from one builder share its query id,
 * and a subquery is compiled under its own builder's id when it is built), so the sent statements are taken here.
 */
function wrapExecuteQuery(executor: object): void {
  let proto = Object.getPrototypeOf(executor) as Record<string, unknown> | null;
  while (proto && !Object.prototype.hasOwnProperty.call(proto, 'executeQuery')) proto = Object.getPrototypeOf(proto) as Record<string, unknown> | null;
  if (!proto || wrapped.has(proto)) return;
  wrapped.add(proto);
  const original = proto['executeQuery'] as (this: { plugins: readonly KyselyPlugin[] }, compiled: CompiledQuery, ...rest: unknown[]) => Promise<unknown>;
  proto['executeQuery'] = async function (this: { plugins: readonly KyselyPlugin[] }, compiled: CompiledQuery, ...rest: unknown[]) {
    const result = await original.call(this, compiled, ...rest);
    for (const plugin of this.plugins) {
      const capture = captures.get(plugin);
      if (capture) {
        capture.sent.statements.push(compiled);
      }
    }
    return result;
  };
}

/**
 * A Kysely that runs as `db` and also keeps every statement it compiles, so a bench can replay them with EXPLAIN
 * (bench/lists.ts, bench/scale-explain.ts) and a test can check which statements a use case sends. `statements` fills
 * as the use case runs (a subquery is kept on its own too, when it is built); `sent` keeps the statements
 * actually sent to the database (BEGIN/COMMIT not included), in the order they were answered. Empty them between cases.
 */
export function capturing<T>(db: Kysely<T>): { db: Kysely<T>; statements: CompiledQuery[]; sent: { statements: CompiledQuery[] } } {
  const capture: Capture = { statements: [], sent: { statements: [] } };
  const plugin: KyselyPlugin = {
    transformQuery: (args) => {
      capture.statements.push(db.getExecutor().compileQuery(args.node, args.queryId));
      return args.node;
    },
    transformResult: async (args) => args.result,
  };
  captures.set(plugin, capture);
  const spy = db.withPlugin(plugin);
  wrapExecuteQuery(spy.getExecutor());
  return { db: spy, ...capture };
}

/** A statement a pg client sent to a PostgreSQL server: its text, its prepared statement's name, whether it was answered. */
export interface PgSent {
  text: string;
  name: string | undefined;
  answered: boolean;
}

/**
 * Records every statement any pg client of this process sends (`pg.Client.prototype.query`, which src/db/prepared.ts's
 * clients call too) until `stop()`: what the PostgreSQL server is sent, pg-boss's statements included; nothing on
 * PGlite. Stop it in a `finally`.
 */
export function recordPgStatements(): { sent: PgSent[]; stop(): void } {
  const proto = pg.Client.prototype as unknown as { query: (...args: unknown[]) => unknown };
  const original = proto.query;
  const sent: PgSent[] = [];
  proto.query = function (this: unknown, ...args: unknown[]) {
    const q = args[0] as { name?: string; text?: string } | string;
    const entry: PgSent = typeof q === 'string' ? { text: q, name: undefined, answered: false } : { text: q.text ?? '', name: q.name, answered: false };
    sent.push(entry);
    const result = original.apply(this, args);
    if (result instanceof Promise) void result.then(() => (entry.answered = true), () => undefined);
    return result;
  };
  return { sent, stop: () => void (proto.query = original) };
}
