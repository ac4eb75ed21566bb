import type { CompiledQuery, Kysely } from 'kysely';

/**
 * A Kysely that runs as `db` and also keeps every statement it compiles, so a bench can replay them with EXPLAIN
 * (bench/lists.ts, bench/scale-explain.ts) and a test can check which statements a use case sends. `statements` fills
 * as the use case runs (a subquery is kept on its own too, when it is compiled); `sent` counts and keeps the statements
 * actually sent to the database (BEGIN/COMMIT not included). Empty them between cases.
 */
export function capturing<T>(db: Kysely<T>): { db: Kysely<T>; statements: CompiledQuery[]; sent: { count: number; statements: CompiledQuery[] } } {
  const statements: CompiledQuery[] = [];
  const byId = new Map<string, CompiledQuery>();
  const sent = { count: 0, statements: [] as CompiledQuery[] };
  const spy = db.withPlugin({
    transformQuery: (args) => {
      const compiled = db.getExecutor().compileQuery(args.node, args.queryId);
      statements.push(compiled);
      byId.set(args.queryId.queryId, compiled);
      return args.node;
    },
    transformResult: async (args) => {
      sent.count++;
      const compiled = byId.get(args.queryId.queryId);
      if (compiled) sent.statements.push(compiled);
      return args.result;
    },
  });
  return { db: spy, statements, sent };
}
