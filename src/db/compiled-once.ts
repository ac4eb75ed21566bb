import { CompiledQuery, type Kysely } from 'kysely';
import type { DB } from './types.ts';

/**
 * A statement whose text is built and compiled once (per database: its dialect compiles it), and then only given its
 * values (issue 13): for the few statements every request sends, such as reading the session's actor, building the
 * query anew with Kysely's builder and compiling it was ~1 ms of CPU per request on a busy machine. `build` names each
 * value by `slot(name)`; the values of a call go where those slots were compiled as parameters, in their order.
 * Only for a statement whose text does not depend on its values (no optional parts, no lists of varying length);
 * a statement with a few texts takes {@link compiledPerShape}.
 */
export function compiledOnce<V extends Record<string, unknown>, R>(build: (db: Kysely<DB>, slot: SlotOf<V>) => Buildable<R>): (db: Kysely<DB>, values: V) => CompiledQuery<R> {
  const perShape = compiledPerShape<V, null, R>((db, slot) => build(db, slot));
  return (db, values) => perShape(db, '', null, values);
}

/**
 * {@link compiledOnce} for a statement with a few texts, one per `shape` (e.g. which columns a row names): each text is
 * compiled once per database, found by `key` (the shape's name; the same key must always mean the same shape). At most
 * `max` texts are kept per database (then they are compiled anew): a shape follows the data, and data must not grow
 * this cache without end.
 */
export function compiledPerShape<V extends Record<string, unknown>, S, R>(
  build: (db: Kysely<DB>, slot: SlotOf<V>, shape: S) => Buildable<R>,
  max = 100,
): (db: Kysely<DB>, key: string, shape: S, values: V) => CompiledQuery<R> {
  const compiled = new WeakMap<object, Map<string, { sql: string; parameters: readonly unknown[] }>>();
  return (db, key, shape, values) => {
    // Every Kysely instance of one database (its transactions too) shares the adapter: one text per database.
    const adapter = db.getExecutor().adapter;
    let texts = compiled.get(adapter);
    if (!texts) compiled.set(adapter, (texts = new Map()));
    let done = texts.get(key);
    if (!done) {
      const query = build(db, (name) => new Slot(name as string) as never, shape).compile(db);
      done = { sql: query.sql, parameters: query.parameters };
      if (texts.size >= max) texts.clear();
      texts.set(key, done);
    }
    const parameters = done.parameters.map((p) => (p instanceof Slot ? values[p.name] : p));
    return CompiledQuery.raw(done.sql, parameters) as CompiledQuery<R>;
  };
}

/** Names a value of the statement (`V`: the values by name) where the builder takes a value. */
export type SlotOf<V> = <K extends keyof V>(name: K) => V[K];

/** A query builder (compiled by itself) or a `sql` template (compiled for the database it is given). */
type Buildable<R> = { compile(db: Kysely<DB>): CompiledQuery<R> };

/** Where a value goes in a compiled statement: a parameter, replaced by the call's value. */
class Slot {
  constructor(readonly name: string) {}
}
