import type { CompiledQuery, Kysely } from 'kysely';

/**
 * A Kysely that runs as `db` and also keeps every statement it compiles, so a bench can replay them with EXPLAIN
 * (bench/lists.ts, bench/scale-explain.ts) and a test can check which statements a use case sends. `statements` fills
 * as the use case runs (a subquery is kept on its own too, when it is compiled); `sent.count` counts the statements
 * actually sent to the database (BEGIN/COMMIT not included). Empty both between cases.
 */
export function capturing<T>(db: Kysely<T>): { db: Kysely<T>; statements: CompiledQuery[]; sent: { count: number } } {
  const statements: CompiledQuery[] = [];
  const sent = { count: 0 };
  const spy = db.withPlugin({
    transformQuery: (args) => {
      statements.push(db.getExecutor().compileQuery(args.node, args.queryId));
      return args.node;
    },
    transformResult: async (args) => {
      sent.count++;
      return args.result;
    },
  });
  return { db: spy, statements, sent };
}
