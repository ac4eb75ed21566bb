import { AsyncLocalStorage } from 'node:async_hooks';
import { CompiledQuery, type DatabaseConnection, type Dialect, type Driver, type Kysely, type QueryResult, type TransactionSettings } from 'kysely';
import { preparedOnPglite } from './prepared.ts';

/**
 * Row-level security, the second line behind every query's own organisation filter (ADR 0024).
 *
 * The database has a role `klachtwijs_app` without BYPASSRLS and a policy on every table with `organisation_id`:
 * a row is visible when `klachtwijs.organisation` is unset (system work: jobs, CLI, log-in, the public form) or
 * equals the row's organisation. The application's queries run as that role; the organisation comes from the actor,
 * kept in an AsyncLocalStorage entered by the HTTP middleware once the actor is known, so no use case passes it on.
 * The driver wrapper below puts role and organisation on the connection before each use:
 * - PostgreSQL server: session-level on the pooled connection at acquisition, only when it differs from what that
 *   connection already has (a pooled connection is used by one caller between acquire and release);
 * - PGlite: one session shared with pg-boss (which talks to PGlite directly, between Kysely's statements), so the
 *   settings are transaction-local: right after BEGIN, and a statement outside a transaction runs in a short one.
 *   Only in an actor's scope: system work runs as the session's user (it would see everything as the role, too).
 */
export const APP_ROLE = 'klachtwijs_app';
export const ORGANISATION_SETTING = 'klachtwijs.organisation';

interface Scope {
  /** The actor's organisation: the only one whose rows are visible. Null: system work (every organisation). */
  readonly organisationId: string | null;
  /** Runs as the connecting user (the tables' owner): migrations only. */
  readonly owner?: boolean;
}

const scope = new AsyncLocalStorage<Scope>();

/** Runs `fn` seeing only the rows of `organisationId` (the HTTP middleware does this once the actor is known). */
export function withOrganisation<T>(organisationId: string, fn: () => T): T {
  return scope.run({ organisationId }, fn);
}

/** Runs `fn` as system work (every organisation), outside any actor's scope: job workers, the queue's timers. */
export function asSystem<T>(fn: () => T): T {
  return scope.run({ organisationId: null }, fn);
}

/** Runs `fn` as the tables' owner (no role switch): migrations, which create tables and grant the role. */
export function asOwner<T>(fn: () => T): T {
  return scope.run({ organisationId: null, owner: true }, fn);
}

/** The organisation the current async context is limited to, or null. */
export function currentOrganisation(): string | null {
  return scope.getStore()?.organisationId ?? null;
}

/** Whether row-level security is switched on for a database (KLACHTWIJS_RLS=off, or the role not yet made: off). */
export interface TenantSwitch {
  active: boolean;
}

const switches = new WeakMap<object, TenantSwitch>();
/** The adapters of PostgreSQL servers (session-level settings per pooled connection), as opposed to PGlite's. */
const pooled = new WeakSet<object>();

/** The switch of a Kysely instance (or one of its transactions: they share the adapter). */
export function tenantSwitch<T>(db: Kysely<T>): TenantSwitch | undefined {
  return switches.get(db.getExecutor().adapter);
}

/**
 * Wraps a dialect so its connections carry the role and the organisation of the calling context. `app` (PostgreSQL server
 * only): a second dialect on the application login (KLACHTWIJS_APP_DATABASE_URL), a login that is a member of the role
 * and nothing else; every connection that runs as the role comes from it, and only owner work (`asOwner`) from `inner`.
 */
export function tenantDialect(inner: Dialect, kind: 'pglite' | 'postgres', sw: TenantSwitch, app?: Dialect): Dialect {
  let adapter: ReturnType<Dialect['createAdapter']> | undefined;
  return {
    createAdapter: () => {
      adapter ??= inner.createAdapter();
      switches.set(adapter, sw);
      if (kind === 'postgres') pooled.add(adapter);
      return adapter;
    },
    createDriver: () => (kind === 'postgres' ? new PostgresTenantDriver(inner.createDriver(), sw, app?.createDriver()) : new PgliteTenantDriver(inner.createDriver(), sw)),
    createIntrospector: (db) => inner.createIntrospector(db),
    createQueryCompiler: () => inner.createQueryCompiler(),
  };
}

/** The organisations earlier look-ups of a credential found (key: the caller's, e.g. the session's hash). */
const hints = new Map<string, string>();
/** The most hints kept: past it the oldest is forgotten (a look-up without a hint is still right, one round trip slower). */
export const HINTS_MAX = 10_000;

/** The organisation hinted for a look-up key, and how many hints are kept (for the tests of lookUpWithHint). */
export const hintsKept = { of: (key: string): string | undefined => hints.get(key), get size(): number { return hints.size; } };

/**
 * A look-up that runs before the actor is known (the session's or an API token's row, every request) but whose
 * organisation an earlier look-up of the same credential found. On a PostgreSQL server the pooled connection keeps its
 * settings between requests and flips them only when they differ: looked up as system work (no organisation), every
 * request flipped its connection to none and back to the actor's, two `set_config` round trips (issue 13, session 14).
 * So the look-up runs in the hinted organisation's scope; one that finds nothing there runs again as system work and
 * the hint is forgotten. The answer is always the system look-up's: the scope only narrows what is visible, and the
 * row found carries the organisation it was found in (a credential never changes organisation). On PGlite, where the
 * scope costs a transaction around a lone statement, and with row-level security off, it is the plain look-up.
 */
export async function lookUpWithHint<T extends { organisation_id: string }, D>(db: Kysely<D>, key: string, lookUp: () => Promise<T | undefined>): Promise<T | undefined> {
  const adapter = db.getExecutor().adapter;
  if (!pooled.has(adapter) || !switches.get(adapter)?.active || scope.getStore()) return lookUp();
  const hint = hints.get(key);
  if (hint !== undefined) {
    const row = await withOrganisation(hint, lookUp);
    if (row) return row;
    hints.delete(key);
  }
  const row = await lookUp();
  if (row) {
    if (hints.size >= HINTS_MAX) hints.delete(hints.keys().next().value!);
    hints.set(key, row.organisation_id);
  }
  return row;
}

/**
 * Runs `fn` in the scope of an organisation already known for certain (the credential's row just read), on a PostgreSQL
 * server only: there the pooled connection keeps the organisation for the request's own statements; on PGlite the
 * scope would wrap each lone statement in a transaction, and system work sees the same rows anyway.
 */
export function inKnownOrganisation<T, D>(db: Kysely<D>, organisationId: string, fn: () => T): T {
  const adapter = db.getExecutor().adapter;
  return pooled.has(adapter) && switches.get(adapter)?.active && !scope.getStore() ? withOrganisation(organisationId, fn) : fn();
}

/** role + organisation for the calling context: [role, organisation] ('none' = the connecting user). */
function wanted(): [string, string] {
  const s = scope.getStore();
  if (s?.owner) return ['none', ''];
  return [APP_ROLE, s?.organisationId ?? ''];
}

const setSql = (local: boolean, [role, org]: [string, string]) =>
  CompiledQuery.raw(`select set_config('role', $1, ${local}), set_config('${ORGANISATION_SETTING}', $2, ${local})`, [role, org]);

abstract class PassThroughDriver implements Driver {
  constructor(protected readonly inner: Driver) {}
  init(options?: Parameters<Driver['init']>[0]) {
    return this.inner.init(options);
  }
  destroy(options?: Parameters<Driver['destroy']>[0]) {
    return this.inner.destroy(options);
  }
  abstract acquireConnection(options?: Parameters<Driver['acquireConnection']>[0]): Promise<DatabaseConnection>;
  abstract releaseConnection(connection: DatabaseConnection): Promise<void>;
  abstract beginTransaction(connection: DatabaseConnection, settings: TransactionSettings): Promise<void>;
  abstract commitTransaction(connection: DatabaseConnection): Promise<void>;
  abstract rollbackTransaction(connection: DatabaseConnection): Promise<void>;
}

/**
 * PostgreSQL server: session-level settings at acquisition, skipped when the pooled connection already has them. With an
 * application login (`app`), a connection that is to run as the role comes from its pool: a statement on it that resets
 * or changes the role gets that login, which may become the role and nothing else (ADR 0024, addendum session 14).
 */
class PostgresTenantDriver extends PassThroughDriver implements Driver {
  readonly #has = new WeakMap<DatabaseConnection, string>();
  /** The driver each handed-out connection came from (released to it). */
  readonly #from = new WeakMap<DatabaseConnection, Driver>();
  constructor(
    inner: Driver,
    private readonly sw: TenantSwitch,
    private readonly app?: Driver,
  ) {
    super(inner);
  }
  override async init(options?: Parameters<Driver['init']>[0]) {
    await this.inner.init(options);
    await this.app?.init(options);
  }
  override async destroy(options?: Parameters<Driver['destroy']>[0]) {
    await this.app?.destroy(options);
    await this.inner.destroy(options);
  }
  async acquireConnection(options?: Parameters<Driver['acquireConnection']>[0]) {
    // The owner's pool only for owner work, or while row-level security is off (a fresh database migrates first).
    const driver = this.app && this.sw.active && !scope.getStore()?.owner ? this.app : this.inner;
    const connection = await driver.acquireConnection(options);
    this.#from.set(connection, driver);
    if (!this.sw.active && !this.#has.has(connection)) return connection;
    // Switched off after a connection was given the role (tests): back to the connecting user.
    const want: [string, string] = this.sw.active ? wanted() : ['none', ''];
    const key = want.join('\u0000');
    if (this.#has.get(connection) !== key) {
      try {
        await connection.executeQuery(setSql(false, want));
      } catch (err) {
        await driver.releaseConnection(connection);
        throw err;
      }
      this.#has.set(connection, key);
    }
    return connection;
  }
  releaseConnection(connection: DatabaseConnection) {
    return (this.#from.get(connection) ?? this.inner).releaseConnection(connection);
  }
  beginTransaction(connection: DatabaseConnection, settings: TransactionSettings) {
    return this.inner.beginTransaction(connection, settings);
  }
  commitTransaction(connection: DatabaseConnection) {
    return this.inner.commitTransaction(connection);
  }
  rollbackTransaction(connection: DatabaseConnection) {
    return this.inner.rollbackTransaction(connection);
  }
  savepoint(connection: DatabaseConnection, name: string, compile: Parameters<NonNullable<Driver['savepoint']>>[2]) {
    return this.inner.savepoint!(connection, name, compile);
  }
  rollbackToSavepoint(connection: DatabaseConnection, name: string, compile: Parameters<NonNullable<Driver['savepoint']>>[2]) {
    return this.inner.rollbackToSavepoint!(connection, name, compile);
  }
  releaseSavepoint(connection: DatabaseConnection, name: string, compile: Parameters<NonNullable<Driver['savepoint']>>[2]) {
    return this.inner.releaseSavepoint!(connection, name, compile);
  }
}

/**
 * PGlite: Kysely serialises the one connection (a mutex between acquire and release), but pg-boss queries the same
 * PGlite session directly in between, so nothing session-level may change: role and organisation are set LOCAL right
 * after BEGIN, and a statement outside a transaction runs in its own short transaction with them.
 */
class PgliteTenantDriver extends PassThroughDriver implements Driver {
  readonly #wrappers = new WeakMap<DatabaseConnection, PgliteTenantConnection>();
  constructor(
    inner: Driver,
    private readonly sw: TenantSwitch,
  ) {
    super(inner);
  }
  async acquireConnection(options?: Parameters<Driver['acquireConnection']>[0]) {
    const connection = await this.inner.acquireConnection(options);
    let wrapper = this.#wrappers.get(connection);
    if (!wrapper) this.#wrappers.set(connection, (wrapper = new PgliteTenantConnection(connection, this.inner)));
    // Only an actor's organisation is set. System work and migrations run as the session's own user, the owner: it
    // sees what the role sees with no organisation (everything), without the cost of a transaction per statement.
    wrapper.want = this.sw.active && scope.getStore()?.organisationId ? wanted() : null;
    wrapper.inTransaction = false;
    return wrapper;
  }
  releaseConnection(connection: DatabaseConnection) {
    return this.inner.releaseConnection((connection as PgliteTenantConnection).inner);
  }
  async beginTransaction(connection: DatabaseConnection, settings: TransactionSettings) {
    const c = connection as PgliteTenantConnection;
    await this.inner.beginTransaction(c.inner, settings);
    c.inTransaction = true;
    if (c.want) {
      try {
        await c.inner.executeQuery(setSql(true, c.want));
      } catch (err) {
        await this.rollbackTransaction(c);
        throw err;
      }
    }
  }
  async commitTransaction(connection: DatabaseConnection) {
    const c = connection as PgliteTenantConnection;
    c.inTransaction = false;
    await this.inner.commitTransaction(c.inner);
  }
  async rollbackTransaction(connection: DatabaseConnection) {
    const c = connection as PgliteTenantConnection;
    c.inTransaction = false;
    await this.inner.rollbackTransaction(c.inner);
  }
  savepoint(connection: DatabaseConnection, name: string, compile: Parameters<NonNullable<Driver['savepoint']>>[2]) {
    return this.inner.savepoint!((connection as PgliteTenantConnection).inner, name, compile);
  }
  rollbackToSavepoint(connection: DatabaseConnection, name: string, compile: Parameters<NonNullable<Driver['savepoint']>>[2]) {
    return this.inner.rollbackToSavepoint!((connection as PgliteTenantConnection).inner, name, compile);
  }
  releaseSavepoint(connection: DatabaseConnection, name: string, compile: Parameters<NonNullable<Driver['savepoint']>>[2]) {
    return this.inner.releaseSavepoint!((connection as PgliteTenantConnection).inner, name, compile);
  }
}

class PgliteTenantConnection implements DatabaseConnection {
  want: [string, string] | null = null;
  inTransaction = false;
  /** The session-level prepared statements made on this connection (src/db/prepared.ts). */
  readonly prepared = new Set<string>();
  constructor(
    readonly inner: DatabaseConnection,
    private readonly driver: Driver,
  ) {}
  async executeQuery<R>(query: CompiledQuery, options?: Parameters<DatabaseConnection['executeQuery']>[1]): Promise<QueryResult<R>> {
    if (!this.want || this.inTransaction) return preparedOnPglite<R>(this.inner, query, this.prepared, options);
    // A single statement: its own transaction, so the LOCAL settings end with it.
    await this.driver.beginTransaction(this.inner, {});
    let result: QueryResult<R>;
    try {
      await this.inner.executeQuery(setSql(true, this.want));
      result = await preparedOnPglite<R>(this.inner, query, this.prepared, options);
    } catch (err) {
      await this.driver.rollbackTransaction(this.inner);
      throw err;
    }
    await this.driver.commitTransaction(this.inner);
    return result;
  }
  streamQuery<R>(query: CompiledQuery, chunkSize: number, options?: Parameters<DatabaseConnection['streamQuery']>[2]): AsyncIterableIterator<QueryResult<R>> {
    return this.inner.streamQuery<R>(query, chunkSize, options);
  }
}
