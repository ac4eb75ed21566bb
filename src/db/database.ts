import { btree_gin } from '@electric-sql/pglite/contrib/btree_gin';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { PGlite, type PGliteOptions } from '@electric-sql/pglite';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Kysely, PGliteAdapter, PGliteDialect, PostgresDialect, sql } from 'kysely';
import { PreparingClient } from './prepared.ts';
import pg from 'pg';
import { lockDataDir, type DirLock } from './lock.ts';
import { prepareRowLevelSecurity } from './rls.ts';
import { APP_ROLE, asOwner, tenantDialect } from './tenant.ts';
import type { DB } from './types.ts';
import type { Config } from '../config.ts';
import { PACKAGE_CACHE_DIR } from '../shared/package-cache.ts';

/**
 * The one way into the database. PostgreSQL everywhere: embedded PGlite by default, a PostgreSQL server
 * when a URL is given (ADR 0001). Kysely's own PGliteDialect serialises transactions (STACK.md gotcha).
 */
export type DatabaseTarget =
  // no dataDir: in memory (tests). loadDataDir: start from a dump made by `dumpDataDir` (a migrated template) instead of initdb.
  // templateCache: a data folder without a database yet starts as a copy of the migrated template folder kept in that folder
  // (made there first when missing, src/db/template.ts) instead of initdb; the caller still runs migrateToLatest.
  // fs: the in-memory file system PGlite starts on (tests: one that holds the migrated template already, test/support/templates.ts).
  // instance: an open PGlite to use (tests: one reused by suite after suite, test/support/templates.ts); close() then leaves it
  // open (its owner closes it) and the other options are not used.
  | { kind: 'pglite'; dataDir?: string | undefined; loadDataDir?: Blob | undefined; templateCache?: string | undefined; fs?: PGliteOptions['fs']; instance?: PGlite }
  // appUrl: the application login (KLACHTWIJS_APP_DATABASE_URL, ADR 0024 addendum session 14): a login that is a member of
  // klachtwijs_app only; every connection that runs as that role comes from a pool on it, `url` (the owner) serves owner work.
  | { kind: 'postgres'; url: string; appUrl?: string | undefined; onIdleError?: (err: Error) => void };

/** Whether `dataDir` holds no embedded database yet (PostgreSQL writes PG_VERSION first thing). */
export function isEmptyDataDir(dataDir: string): boolean {
  return !existsSync(join(dataDir, 'PG_VERSION'));
}

export interface Database {
  readonly db: Kysely<DB>;
  readonly kind: 'pglite' | 'postgres';
  /** The embedded instance (pg-boss reaches it through its PGlite adapter), or the server's URL. */
  readonly pglite?: PGlite;
  readonly url?: string;
  /**
   * Who the application's statements connect as: `owner` (the one URL; they switch to the role with SET ROLE, which a
   * statement could undo) or `app` (a separate login that can become the role and nothing else). Never a secret.
   */
  readonly login: 'owner' | 'app';
  /** Runs `fn` before the database closes (the job queue stops there). */
  onClose(fn: () => Promise<void>): void;
  close(): Promise<void>;
}

const opened = new WeakMap<Kysely<DB>, Database>();

/** The embedded database's buffer pool (PostgreSQL's default is 128MB; see openDatabase). */
export const PGLITE_SHARED_BUFFERS = '32MB';

/** The Database a Kysely instance was opened as (the job queue needs the PGlite instance or the URL behind it). */
export function databaseOf(db: Kysely<DB>): Database | undefined {
  return opened.get(db);
}

/**
 * Whether `db` (or a transaction of it) is the embedded PGlite: one organisation's few thousand complaints at most, one
 * connection, and every statement outside a transaction is a short transaction of its own (src/db/tenant.ts).
 */
export function isEmbedded<T>(db: Kysely<T>): boolean {
  return db.getExecutor().adapter instanceof PGliteAdapter;
}

function withCloseHooks(base: Omit<Database, 'onClose'>): Database {
  const hooks: (() => Promise<void>)[] = [];
  let closing: Promise<void> | undefined;
  const database: Database = {
    ...base,
    onClose: (fn) => void hooks.push(fn),
    close: () =>
      (closing ??= (async () => {
        for (const fn of hooks.splice(0).reverse()) await fn().catch(() => undefined);
        await base.close();
      })()),
  };
  opened.set(base.db, database);
  return database;
}

// Return timestamps as JS Dates, bigint counts as numbers, dates as strings (both drivers alike).
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number.parseInt(v, 10));
pg.types.setTypeParser(pg.types.builtins.DATE, (v) => v);

/**
 * The configured database; an empty data folder starts from the cached migrated template (src/db/template.ts, issue 13).
 * Here and not in src/server.ts: a command other than `serve` opens the database without loading the web server (issue 13).
 */
export function databaseTarget(config: Config) {
  return config.databaseUrl
    ? ({ kind: 'postgres', url: config.databaseUrl, appUrl: config.appDatabaseUrl } as const)
    : ({ kind: 'pglite', dataDir: config.dataDir, templateCache: PACKAGE_CACHE_DIR } as const);
}

/**
 * The pool's connection string and startup options: the operator's own (`options=` in the URL, else PGOPTIONS) followed by
 * `-c jit=off` (the later setting wins). pg lays the parsed URL over the config, so an `options=` left in the URL would
 * replace ours and PGOPTIONS is read only when there is none (review of session 14): the URL's is taken out and joined here.
 * Behind PgBouncer, which passes no startup options, `ALTER ROLE … SET jit = off` does the same (docs/production.md).
 */
export function withJitOff(connectionString: string, env: NodeJS.ProcessEnv = process.env): { connectionString: string; options: string } {
  const q = connectionString.indexOf('?');
  let own = env['PGOPTIONS'];
  let url = connectionString;
  if (q >= 0) {
    const params = new URLSearchParams(connectionString.slice(q + 1));
    if (params.has('options')) {
      own = params.get('options') ?? undefined;
      params.delete('options');
      const rest = params.toString();
      url = connectionString.slice(0, q) + (rest ? `?${rest}` : '');
    }
  }
  return { connectionString: url, options: [own?.trim(), '-c jit=off'].filter(Boolean).join(' ') };
}

export async function openDatabase(target: DatabaseTarget): Promise<Database> {
  if (target.kind === 'postgres') {
    // PreparingClient: statements with parameters are named from their second use on a connection, the hot ones marked at once
    // (prepared once per connection; src/db/prepared.ts, ADR 0028 addendum 19).
    const makePool = (connectionString: string) => {
      // `-c jit=off` as a startup option (so no statement is queued behind the pool's first query; pg deprecates that),
      // after any options of the URL or PGOPTIONS (withJitOff): see the JIT note below.
      const pool = new pg.Pool({ max: 10, Client: PreparingClient, ...withJitOff(connectionString) });
      // An idle client can be cut off by the server (restart, admin command): pg then emits 'error' on the
      // pool, which would crash the process without a listener. The pool replaces the client by itself.
      pool.on('error', (err) => target.onIdleError?.(err));
      // No JIT compilation (ADR 0028, issue 13): under row-level security the planner cannot estimate the policy, so a
      // list's capped index read (1,001 rows, ~1.5 ms) is costed above jit_above_cost and compiled first (~8-25 ms per
      // statement, measured at a million complaints). Statements here are short; none earns its compilation. Set as the
      // connection's startup option above, so it holds before the first statement.
      return pool;
    };
    const pool = makePool(target.url);
    const appPool = target.appUrl ? makePool(target.appUrl) : undefined;
    const app = appPool ? new PostgresDialect({ pool: appPool }) : undefined;
    // Row-level security (ADR 0024): the connections run as the role without BYPASSRLS, for the actor's organisation.
    const db = new Kysely<DB>({ dialect: tenantDialect(new PostgresDialect({ pool }), 'postgres', { active: false }, app) });
    const database = withCloseHooks({ db, kind: 'postgres', url: target.url, login: app ? 'app' : 'owner', close: () => db.destroy() });
    try {
      await prepareRowLevelSecurity(db);
      if (appPool) await checkAppLogin(db, appPool);
    } catch (err) {
      await db.destroy();
      throw err;
    }
    return database;
  }
  if (target.instance) {
    const pglite = target.instance;
    // Kysely's PGlite driver closes the instance when destroyed: this Kysely is left to the garbage collector instead.
    const db = new Kysely<DB>({ dialect: tenantDialect(new PGliteDialect({ pglite }), 'pglite', { active: false }) });
    await prepareRowLevelSecurity(db);
    return withCloseHooks({ db, kind: 'pglite', pglite, login: 'owner', close: async () => undefined });
  }
  let lock: DirLock | undefined;
  if (target.dataDir) lock = lockDataDir(target.dataDir);
  try {
    if (!target.loadDataDir && target.dataDir && target.templateCache) {
      // Only a first start loads this module (a restart finds PG_VERSION and never does): it copies the template folder in
      // and then opens the folder as a restart does.
      if (isEmptyDataDir(target.dataDir)) {
        const template = await import('./template.ts');
        const dir = await template.cachedPgliteTemplateDir(target.templateCache);
        if (dir) template.copyTemplateInto(dir, target.dataDir);
      }
    }
    const pglite = new PGlite({
      ...(target.dataDir ? { dataDir: target.dataDir } : {}),
      ...(target.loadDataDir ? { loadDataDir: target.loadDataDir } : {}),
      ...(target.fs ? { fs: target.fs } : {}),
      // PostgreSQL's default 128 MB of shared buffers costs about a second of CPU at every open (measured with
      // bench/start.ts); the data folder's files stay in the operating system's cache, so a smaller pool costs
      // reads little (issue 13).
      // A GIN index's pending list only empties by VACUUM or when it reaches this limit, and PGlite runs no autovacuum:
      // 64 kB instead of 4 MB for every GIN index, also one a later migration makes (ADR 0028, addendum 7; T1950 set it
      // per index of the complaints and emptied their lists once).
      startParams: [...PGlite.defaultStartParams, '-c', `shared_buffers=${PGLITE_SHARED_BUFFERS}`, '-c', 'gin_pending_list_limit=64kB'],
      parsers: { [pg.types.builtins.DATE]: (v: string) => v, [pg.types.builtins.BYTEA]: parseBytea },
      // PGlite's own bytea serialiser builds one string per byte (Array.from(...).map(...)): a 10 MB attachment cost
      // 20 s and hundreds of MB of memory that PGlite's heap then keeps (security review, issue 11: anonymous uploads).
      serializers: { [pg.types.builtins.BYTEA]: serializeBytea },
      // The trigram indexes of the list's search (issue 13, ADR 0028) and the organisation in its GIN indexes (btree_gin,
      // migration T1900); loaded when the migration creates the extension.
      extensions: { pg_trgm, btree_gin },
    });
    await pglite.waitReady;
    const db = new Kysely<DB>({ dialect: tenantDialect(new PGliteDialect({ pglite }), 'pglite', { active: false }) });
    await prepareRowLevelSecurity(db);
    return withCloseHooks({
      db,
      kind: 'pglite',
      pglite,
      login: 'owner',
      close: async () => {
        await db.destroy();
        if (!pglite.closed) await pglite.close();
        lock?.release();
      },
    });
  } catch (err) {
    lock?.release();
    throw err;
  }
}

/**
 * The application login may become the role and nothing more (ADR 0024, addenda session 14): checked for the login and for
 * every role it is a member of (it can SET ROLE to each, NOINHERIT or not; a NOINHERIT login's own privileges say nothing
 * about theirs): none a superuser, with BYPASSRLS, CREATEROLE (it could grant itself the owner) or CREATEDB; none the
 * tables' owner or the database's; none with CREATE on a schema, CREATE or TEMPORARY on the database (a temporary
 * function or table can come first in a search path); and the login a member of the role. Otherwise the start stops
 * with what to fix; a login that could do more would only look safer.
 */
async function checkAppLogin(db: Kysely<DB>, app: pg.Pool): Promise<void> {
  const owner = (await asOwner(() => sql<{ u: string }>`select current_user as u`.execute(db))).rows[0]!.u;
  const { rows } = await app.query<{ login: string; role: string; problems: (string | null)[] }>(
    `with reach as (
       select r.* from pg_roles r where pg_has_role(session_user, r.oid, 'MEMBER')
     )
     select session_user as login, r.rolname as role, array[
       case when r.rolsuper then 'superuser' end,
       case when r.rolbypassrls then 'BYPASSRLS' end,
       case when r.rolcreaterole then 'CREATEROLE' end,
       case when r.rolcreatedb then 'CREATEDB' end,
       case when r.rolreplication then 'REPLICATION' end,
       case when r.rolname = $1::name or exists (select 1 from pg_class c join pg_namespace n on n.oid = c.relnamespace
                                                 where c.relowner = r.oid and n.nspname in ('public', 'pgboss'))
         then 'eigenaar van de tabellen' end,
       case when r.oid = (select datdba from pg_database where datname = current_database()) then 'eigenaar van de database' end,
       (select 'CREATE op het schema ' || string_agg(quote_ident(n.nspname), ', ' order by n.nspname)
          from pg_namespace n where has_schema_privilege(r.oid, n.oid, 'CREATE')),
       case when has_database_privilege(r.oid, current_database(), 'CREATE') then 'CREATE op de database' end,
       case when has_database_privilege(r.oid, current_database(), 'TEMPORARY') then 'TEMPORARY op de database' end,
       -- Predefined roles that read or write every table past row-level security's grants, or the server's files.
       case when r.rolname in ('pg_read_all_data', 'pg_write_all_data', 'pg_read_server_files', 'pg_write_server_files', 'pg_execute_server_program')
         then 'ingebouwde rol met toegang tot alle gegevens of bestanden' end
     ] as problems
     from reach r
     order by 2`,
    [owner],
  );
  const login = rows.find((r) => r.role === r.login)!.login;
  const tooMuch = rows.flatMap((r) => r.problems.filter((p): p is string => p !== null).map((p) => (r.role === login ? p : `${p} (via de rol "${r.role}")`)));
  const said = [
    ...(tooMuch.length > 0 ? [`kan meer dan de rol ${APP_ROLE}: ${tooMuch.join(', ')}`] : []),
    ...(rows.some((r) => r.role === APP_ROLE) ? [] : [`is geen lid van de rol ${APP_ROLE}`]),
  ];
  if (said.length === 0) return;
  throw new Error(
    `KLACHTWIJS_APP_DATABASE_URL: de database-gebruiker "${login}" ${said.join(' en ')}. ` +
      `Gebruik een aparte login die alleen lid is van ${APP_ROLE} (docs/production.md, "A separate login for the application").`,
  );
}

/** bytea to PGlite as hex text (`\\x…`), in one pass through a Buffer. */
function serializeBytea(value: unknown): string {
  if (!(value instanceof Uint8Array)) throw new Error('Invalid input for bytea type');
  return `\\x${Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('hex')}`;
}

/** bytea from PGlite's hex text, in one pass. */
function parseBytea(value: string): Uint8Array {
  const buf = Buffer.from(value.slice(2), 'hex');
  return new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);
}
