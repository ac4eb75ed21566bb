import { CompiledQuery, type Compilable, type Kysely } from 'kysely';
import type { DB } from './types.ts';

/**
 * A statement whose text is built and compiled once (per database: its dialect compiles it), and then only given its
 * values (issue 13): for the few statements every request sends, such as reading the session's actor, building the
 * query anew with Kysely's builder and compiling it was ~1 ms of CPU per request on a busy machine. `build` names each
 * value by `slot(name)`; the values of a call go where those slots were compiled as parameters, in their order.
 * Only for a statement whose text does not depend on its values (no optional parts, no lists of varying length).
 */
export function compiledOnce<V extends Record<string, unknown>, R>(build: (db: Kysely<DB>, slot: SlotOf<V>) => Compilable<R>): (db: Kysely<DB>, values: V) => CompiledQuery<R> {
  const compiled = new WeakMap<object, { sql: string; parameters: readonly unknown[] }>();
  return (db, values) => {
    // Every Kysely instance of one database (its transactions too) shares the adapter: one text per database.
    const key = db.getExecutor().adapter;
    let done = compiled.get(key);
    if (!done) {
      const query = build(db, (name) => new Slot(name as string) as never).compile();
      done = { sql: query.sql, parameters: query.parameters };
      compiled.set(key, done);
    }
    const parameters = done.parameters.map((p) => (p instanceof Slot ? values[p.name] : p));
    return CompiledQuery.raw(done.sql, parameters) as CompiledQuery<R>;
  };
}

/** Names a value of the statement (`V`: the values by name) where the builder takes a value. */
export type SlotOf<V> = <K extends keyof V>(name: K) => V[K];

/** Where a value goes in a compiled statement: a parameter, replaced by the call's value. */
class Slot {
  constructor(readonly name: string) {}
}
