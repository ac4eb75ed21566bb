import type { CompiledQuery, Kysely } from 'kysely';

/**
 * A Kysely that runs as `db` and also keeps every statement it compiles, so a bench can replay them with EXPLAIN
 * (bench/lists.ts, bench/scale-explain.ts) and a test can check which statements a use case sends. `statements` fills
 * as the use case runs (a subquery is kept on its own too, when it is compiled); empty it between cases.
 */
export function capturing<T>(db: Kysely<T>): { db: Kysely<T>; statements: CompiledQuery[] } {
  const statements: CompiledQuery[] = [];
  const spy = db.withPlugin({
    transformQuery: (args) => {
      statements.push(db.getExecutor().compileQuery(args.node, args.queryId));
      return args.node;
    },
    transformResult: async (args) => args.result,
  });
  return { db: spy, statements };
}
