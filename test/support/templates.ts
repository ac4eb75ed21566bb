/**
 * Migrate once and copy (issue 13): every test database starts from a migrated template instead of initdb + migrations.
 *
 * - PGlite: one migrated in-memory PGlite, dumped with `dumpDataDir('none')`; each test PGlite starts from that dump
 *   (written into PGlite's in-memory file system before it starts, `openTestPglite`: ~1 s instead of initdb ~3-4 s plus the
 *   migrations; since issue 13 session 8 without PGlite's own `loadDataDir`, which parses the tar at every open).
 * - PostgreSQL: one migrated database per server, marked IS_TEMPLATE; each test database is `CREATE DATABASE … TEMPLATE` it.
 *
 * Both are keyed by the migrations (a hash of every file in src/db/migrations/, names and contents): a template made before a
 * migration was added or changed is never used, and callers still run `migrateToLatest` on the copy (a no-op on a fresh
 * template, the missing migrations on a stale one).
 *
 * `npm test` (scripts/test.ts) makes both once before the test processes start and passes the folder of the PGlite dump in
 * KLACHTWIJS_TEST_TEMPLATES; the PostgreSQL template lives on the shared server. A test file run on its own (no env) makes
 * the PGlite template itself, once per process, and the PostgreSQL template on its private server: still correct, slower.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, openAsBlob } from 'node:fs';
import { mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MemoryFS, type PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { openDatabase, type Database } from '../../src/db/database.ts';
import { migrateToLatest } from '../../src/db/migrate.ts';
import { LOCK_FILE } from '../../src/db/lock.ts';
import { cachedPgliteTemplateDir, DEFAULT_TEMPLATE_CACHE, makeJobSchema, makePgliteTemplate, migrationsKey } from '../../src/db/template.ts';
import { migrations as allMigrations } from '../../src/db/migrations/index.ts';

// The key and the dump are made by the same code as the first start's template (src/db/template.ts).
export { makePgliteTemplate, migrationsKey };

/**
 * The tests' PGlite template: every migration and pg-boss's schema with one queue per job. Without the databases template0
 * and template1 (PGlite serves only the one database, `postgres`, and no test makes another): 600 of the dump's ~1,340
 * files and 15 of its 44 MB, which every test PGlite would otherwise copy in (issue 13, session 8).
 *
 * Made from a copy of the first start's template folder (src/db/template.ts: the same migrations and job schema, kept in
 * the package's cache folder and made there when missing), not by initdb and every migration again (issue 13, session 10):
 * ~2 s instead of ~9 s of CPU when the folder is there, and in a fresh clone the folder the servers and commands under test
 * start from is made here, once, before the test processes start, instead of by the first of them in each test process.
 * Where the cache folder cannot be written, made from scratch as before.
 */
async function makeTestPgliteTemplate(): Promise<Blob> {
  const dropTemplateDatabases = async (database: Database) => {
    for (const name of ['template1', 'template0']) {
      await database.pglite!.query(`ALTER DATABASE ${name} IS_TEMPLATE false`);
      await database.pglite!.query(`DROP DATABASE ${name}`);
    }
  };
  if ((await cachedPgliteTemplateDir(DEFAULT_TEMPLATE_CACHE)) === null) {
    return makePgliteTemplate(allMigrations, async (database) => {
      await makeJobSchema(database);
      await dropTemplateDatabases(database);
    });
  }
  const dataDir = await mkdtemp(join(tmpdir(), 'kw-pglite-template-'));
  try {
    // A first start on the empty folder: a copy of the template folder (made now when it is missing).
    const database = await openDatabase({ kind: 'pglite', dataDir, templateCache: DEFAULT_TEMPLATE_CACHE });
    try {
      await migrateToLatest(database.db); // a no-op: the folder is named by the migrations
      await dropTemplateDatabases(database);
      await database.pglite!.exec('CHECKPOINT');
      // The data folder's lock (this process's) is no part of the template.
      await rm(join(dataDir, LOCK_FILE), { force: true });
      return await database.pglite!.dumpDataDir('none');
    } finally {
      await database.close();
    }
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
}

/** The env variable with the folder that holds the PGlite template dump of this test run. */
export const TEMPLATES_ENV = 'KLACHTWIJS_TEST_TEMPLATES';

function pgliteTemplateFile(dir: string): string {
  return join(dir, `pglite-${migrationsKey()}.tar`);
}

/**
 * Makes the PGlite template file in `dir` unless it is there (scripts/test.ts, before the test processes start). `make` makes
 * the dump: the tests' template; its own test passes the run's template instead of making a second one (~10 s of CPU).
 */
export async function writePgliteTemplate(dir: string, make: () => Promise<Blob> = makeTestPgliteTemplate): Promise<string> {
  const file = pgliteTemplateFile(dir);
  if (existsSync(file)) return file;
  const blob = await make();
  const tmp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}`;
  await writeFile(tmp, new Uint8Array(await blob.arrayBuffer()));
  await rename(tmp, file); // atomic: a reader never sees half a dump
  return file;
}

let pgliteTemplate: Promise<Blob> | undefined;
/** This process's PGlite template: the run's file when `npm test` made one, else made here once. */
export function pgliteTemplateBlob(): Promise<Blob> {
  pgliteTemplate ??= (async () => {
    const dir = process.env[TEMPLATES_ENV];
    if (dir !== undefined && dir !== '') {
      const file = pgliteTemplateFile(dir);
      if (existsSync(file)) return openAsBlob(file);
    }
    return makeTestPgliteTemplate();
  })();
  pgliteTemplate.catch(() => (pgliteTemplate = undefined));
  return pgliteTemplate;
}

/** One entry of a data folder dump: a file's bytes, or a directory (null). */
interface DumpEntry {
  path: string;
  data: Uint8Array | null;
}

/**
 * The entries of an uncompressed tar as `dumpDataDir('none')` writes it (ustar: 512-byte headers, files and directories
 * only). The file data are views into `bytes`, not copies.
 */
export function parseDataDirDump(bytes: Uint8Array): DumpEntry[] {
  const text = (from: number, length: number) => {
    const field = bytes.subarray(from, from + length);
    const end = field.indexOf(0);
    return new TextDecoder().decode(end === -1 ? field : field.subarray(0, end));
  };
  const entries: DumpEntry[] = [];
  for (let at = 0; at + 512 <= bytes.length; ) {
    if (bytes.subarray(at, at + 512).every((b) => b === 0)) break; // the end: zero blocks
    const prefix = text(at + 345, 155);
    const name = text(at, 100);
    const path = (prefix === '' ? name : `${prefix}/${name}`).replace(/^\/+/, '').replace(/\/+$/, '');
    const size = Number.parseInt(text(at + 124, 12).trim() || '0', 8);
    const type = String.fromCharCode(bytes[at + 156] ?? 0);
    at += 512;
    if (type === '5') entries.push({ path, data: null });
    else if (type === '0' || type === '\0') entries.push({ path, data: bytes.subarray(at, at + size) });
    else throw new Error(`the PGlite template holds a tar entry of type ${JSON.stringify(type)} (${path}): only files and folders are expected`);
    at += Math.ceil(size / 512) * 512;
  }
  return entries;
}

/**
 * PGlite's in-memory file system with the template's data folder written into it before PostgreSQL starts, so PGlite
 * finds a database and resumes it (as `loadDataDir` does, issue 13). `loadDataDir` parses the whole tar again at every
 * open and looks up every folder of every file's path (~1,300 files): ~60 % of an open's CPU. Here the tar is parsed once
 * per process, each folder is made once, and each file's bytes are copied in (PostgreSQL writes into them).
 */
class TemplateMemoryFS extends MemoryFS {
  constructor(private readonly entries: readonly DumpEntry[]) {
    super();
  }
  override async initialSyncFs(): Promise<void> {
    await super.initialSyncFs();
    const mod = this.pg!.Module;
    const FS = mod.FS;
    const root = (mod as unknown as { ENV: Record<string, string | undefined> }).ENV['PGDATA'];
    if (!root) throw new Error('PGlite set no PGDATA before its file system was synced');
    FS.mkdirTree(root);
    const made = new Set<string>([root]);
    const folder = (dir: string) => {
      if (made.has(dir)) return;
      folder(dir.slice(0, dir.lastIndexOf('/')));
      FS.mkdir(dir);
      made.add(dir);
    };
    for (const { path, data } of this.entries) {
      const full = `${root}/${path}`;
      if (data === null) {
        folder(full);
        continue;
      }
      folder(full.slice(0, full.lastIndexOf('/')));
      FS.writeFile(full, data.slice(), { canOwn: true });
    }
  }
}

let templateEntries: Promise<DumpEntry[]> | undefined;
function pgliteTemplateEntries(): Promise<DumpEntry[]> {
  templateEntries ??= pgliteTemplateBlob().then(async (blob) => parseDataDirDump(new Uint8Array(await blob.arrayBuffer())));
  templateEntries.catch(() => (templateEntries = undefined));
  return templateEntries;
}

/**
 * A fresh in-memory PGlite with the schema migrated: started on a file system holding the template's data folder
 * (`TemplateMemoryFS`), then `migrateToLatest` (a no-op unless the template is stale). What every test that needs an
 * empty embedded database should use.
 */
export async function openTestPglite(): Promise<Database> {
  const database = await openDatabase({ kind: 'pglite', fs: new TemplateMemoryFS(await pgliteTemplateEntries()) });
  try {
    await migrateToLatest(database.db);
    return database;
  } catch (error) {
    await database.close();
    throw error;
  }
}

/**
 * What a reused test PGlite must look like again after a suite (`reusableTestPglite`): the rows the template holds (the
 * migrations' own rows, pg-boss's queues), every sequence's position, and a fingerprint of the catalogs.
 */
interface Pristine {
  /** Every table outside the system schemas that is not a partition (truncating a partitioned table empties its partitions). */
  tables: string[];
  /** The template's rows per table that has any, as JSON, with the columns that can be written. */
  rows: { table: string; columns: string[]; json: string; md5: string }[];
  /** Per table the tables with a foreign key to it (emptied with it: TRUNCATE demands it). */
  referencedBy: Map<string, string[]>;
  sequences: { name: string; value: string; called: boolean }[];
  fingerprint: string;
}

/**
 * A fingerprint of what a suite could change besides rows, which the reset does not restore: tables, columns, indexes,
 * constraints, functions, triggers, policies, grants, types, roles, schemas, extensions, settings kept in the catalogs,
 * planner statistics (ANALYZE) and large objects. A reused PGlite whose fingerprint differs from the template's is closed.
 */
// Objects below 16384 (FirstNormalObjectId) are initdb's own: only the larger catalogs are read from there on, to keep this cheap.
const FINGERPRINT_SQL = `select md5(concat_ws('|',
  (select string_agg(concat_ws(',', c.oid, c.relname, c.relkind, c.relnatts, c.relacl::text, c.relrowsecurity, c.relforcerowsecurity, c.relpersistence), ';' order by c.oid) from pg_class c where c.oid >= 16384),
  (select string_agg(concat_ws(',', a.attrelid, a.attnum, a.attname, a.atttypid, a.attnotnull, a.atthasdef, a.attisdropped, a.attgenerated), ';' order by a.attrelid, a.attnum) from pg_attribute a where a.attrelid >= 16384),
  (select string_agg(concat_ws(',', d.oid, md5(d.adbin::text)), ';' order by d.oid) from pg_attrdef d where d.oid >= 16384),
  (select string_agg(concat_ws(',', x.oid, x.conname, x.convalidated), ';' order by x.oid) from pg_constraint x where x.oid >= 16384),
  (select string_agg(concat_ws(',', p.oid, p.proname, md5(coalesce(p.prosrc, '')), p.proconfig::text, p.proacl::text), ';' order by p.oid) from pg_proc p where p.oid >= 16384),
  (select string_agg(concat_ws(',', t.oid, t.tgname, t.tgenabled), ';' order by t.oid) from pg_trigger t),
  (select string_agg(concat_ws(',', t.oid, t.evtname, t.evtenabled), ';' order by t.oid) from pg_event_trigger t),
  (select string_agg(concat_ws(',', y.oid, y.polname, md5(coalesce(y.polqual::text, '') || coalesce(y.polwithcheck::text, ''))), ';' order by y.oid) from pg_policy y),
  (select string_agg(concat_ws(',', r.oid, r.ev_enabled, md5(r.ev_action::text)), ';' order by r.oid) from pg_rewrite r where r.oid >= 16384),
  (select string_agg(concat_ws(',', t.oid, t.typname), ';' order by t.oid) from pg_type t where t.oid >= 16384),
  (select string_agg(concat_ws(',', e.oid, e.enumlabel), ';' order by e.oid) from pg_enum e),
  (select string_agg(concat_ws(',', n.oid, n.nspname, n.nspacl::text), ';' order by n.oid) from pg_namespace n where n.nspname not like 'pg\\_temp\\_%' and n.nspname not like 'pg\\_toast\\_temp\\_%'),
  (select string_agg(concat_ws(',', r.oid, r.rolname, r.rolsuper, r.rolinherit, r.rolcanlogin, r.rolbypassrls, r.rolconfig::text), ';' order by r.oid) from pg_roles r),
  (select string_agg(concat_ws(',', m.roleid, m.member), ';' order by m.roleid, m.member) from pg_auth_members m),
  (select string_agg(concat_ws(',', e.oid, e.extname, e.extversion), ';' order by e.oid) from pg_extension e),
  (select string_agg(concat_ws(',', s.setdatabase, s.setrole, s.setconfig::text), ';' order by s.setdatabase, s.setrole) from pg_db_role_setting s),
  (select string_agg(concat_ws(',', d.oid, d.datname, d.datacl::text), ';' order by d.oid) from pg_database d),
  (select string_agg(concat_ws(',', q.seqrelid, q.seqincrement, q.seqmax, q.seqmin, q.seqcycle), ';' order by q.seqrelid) from pg_sequence q),
  (select count(*) from pg_statistic),
  (select count(*) from pg_statistic_ext),
  (select count(*) from pg_largeobject_metadata),
  (select count(*) from pg_prepared_xacts)
)) as fingerprint`;

const USER_SCHEMAS = `n.nspname not in ('pg_catalog', 'information_schema', 'pg_toast') and n.nspname not like 'pg_temp%' and n.nspname not like 'pg_toast_temp%'`;

async function readPristine(pglite: PGlite): Promise<Pristine> {
  const q = <T>(text: string, params?: unknown[]) => pglite.query<T>(text, params).then((r) => r.rows);
  const tables = (
    await q<{ name: string }>(
      `select format('%I.%I', n.nspname, c.relname) as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
       where c.relkind in ('r', 'p') and not c.relispartition and ${USER_SCHEMAS} order by 1`,
    )
  ).map((r) => r.name);
  const rows: Pristine['rows'] = [];
  for (const table of tables) {
    const [row] = await q<{ json: string | null; md5: string }>(`select j as json, md5(coalesce(j, '')) as md5 from (select json_agg(t)::text as j from ${table} t) x`);
    if (row?.json == null) continue;
    const columns = (
      await q<{ name: string }>(
        `select quote_ident(attname) as name from pg_attribute where attrelid = $1::regclass and attnum > 0 and not attisdropped and attgenerated = '' order by attnum`,
        [table],
      )
    ).map((r) => r.name);
    rows.push({ table, columns, json: row.json, md5: row.md5 });
  }
  const referencedBy = new Map<string, string[]>();
  for (const { target, source } of await q<{ target: string; source: string }>(
    `select distinct format('%I.%I', tn.nspname, t.relname) as target, format('%I.%I', sn.nspname, s.relname) as source
     from pg_constraint f join pg_class t on t.oid = f.confrelid join pg_namespace tn on tn.oid = t.relnamespace
     join pg_class s on s.oid = f.conrelid join pg_namespace sn on sn.oid = s.relnamespace
     where f.contype = 'f' and not s.relispartition`,
  )) {
    referencedBy.set(target, [...(referencedBy.get(target) ?? []), source]);
  }
  const sequences: Pristine['sequences'] = [];
  for (const { name } of await q<{ name: string }>(
    `select format('%I.%I', n.nspname, c.relname) as name from pg_class c join pg_namespace n on n.oid = c.relnamespace where c.relkind = 'S' and ${USER_SCHEMAS}`,
  )) {
    const [s] = await q<{ value: string; called: boolean }>(`select last_value::text as value, is_called as called from ${name}`);
    sequences.push({ name, value: s!.value, called: s!.called });
  }
  const [f] = await q<{ fingerprint: string }>(FINGERPRINT_SQL);
  return { tables, rows, referencedBy, sequences, fingerprint: f!.fingerprint };
}

/**
 * Puts a PGlite a suite used back as the template left it: session state dropped (`DISCARD ALL`: settings, role, prepared
 * statements, temporary tables, listens, advisory locks), every table emptied and the template's rows written back (as
 * the replication role: no trigger runs, no foreign key is checked), every sequence back at its position. False when that
 * cannot make it the template again (a transaction left open, or the catalogs changed: see FINGERPRINT_SQL).
 */
async function resetToPristine(pglite: PGlite, pristine: Pristine): Promise<boolean> {
  // Outside a transaction each statement is a transaction of its own, started when its one message (simple protocol) came.
  const [open] = (await pglite.exec('select now() <> statement_timestamp() as inside'))[0]!.rows as { inside: boolean }[];
  if (open?.inside !== false) return false;
  await pglite.exec('DISCARD ALL');
  // Only the tables whose rows differ from the template's: a TRUNCATE makes new files for the table and each of its indexes
  // (~7 ms a table here, 57 tables), and most suites write to a few. With them every table that refers to one of them.
  const kept = new Map(pristine.rows.map((r) => [r.table, r]));
  const changed = (
    await pglite.query<{ name: string }>(
      pristine.tables
        .map((t) => {
          const same = kept.get(t);
          return same
            ? `select ${quoteLiteral(t)} as name where md5(coalesce((select json_agg(t)::text from ${t} t), '')) <> ${quoteLiteral(same.md5)}`
            : `select ${quoteLiteral(t)} as name where exists (select from ${t})`;
        })
        .join(' union all '),
    )
  ).rows.map((r) => r.name);
  const emptied = new Set<string>();
  const add = (t: string) => {
    if (emptied.has(t)) return;
    emptied.add(t);
    for (const r of pristine.referencedBy.get(t) ?? []) add(r);
  };
  changed.forEach(add);
  await pglite.transaction(async (tx) => {
    // As the replication role: no trigger runs and no foreign key is checked while the rows go back.
    await tx.exec('SET LOCAL session_replication_role = replica');
    if (emptied.size > 0) await tx.exec(`TRUNCATE ${[...emptied].join(', ')}`);
    for (const { table, columns, json } of pristine.rows) {
      if (!emptied.has(table)) continue;
      const list = columns.join(', ');
      await tx.query(`insert into ${table} (${list}) overriding system value select ${list} from json_populate_recordset(null::${table}, $1::json)`, [json]);
    }
    for (const { name, value, called } of pristine.sequences) await tx.query('select setval($1::regclass, $2::bigint, $3)', [name, value, called]);
  });
  const [f] = (await pglite.query<{ fingerprint: string }>(FINGERPRINT_SQL)).rows;
  return f?.fingerprint === pristine.fingerprint;
}

interface Reusable {
  owner: Database;
  pristine: Pristine;
}
let spare: Reusable | undefined;

/**
 * Closes the PGlite kept for the next suite: a test process ends only then (PostgreSQL's timers in PGlite keep Node's event
 * loop alive). test/support/databases.ts does it in a root-level `after` hook.
 */
export async function closeReusableTestPglite(): Promise<void> {
  const entry = spare;
  spare = undefined;
  await entry?.owner.close();
}

/**
 * Like `openTestPglite`, but one PGlite serves suite after suite in a process (issue 13: an open costs 0.5–0.8 s of CPU):
 * closing the Database this returns puts the PGlite back as the template left it (`resetToPristine`) for the next caller,
 * or closes it when that cannot be done. `forEachDatabase` uses it; a caller that opens two at once gets a fresh second one.
 */
export async function reusableTestPglite(): Promise<Database> {
  let entry = spare;
  spare = undefined;
  if (!entry) {
    const owner = await openTestPglite();
    try {
      entry = { owner, pristine: await readPristine(owner.pglite!) };
    } catch (error) {
      await owner.close();
      throw error;
    }
  }
  const taken = entry;
  const inner = await openDatabase({ kind: 'pglite', instance: taken.owner.pglite! });
  let released: Promise<void> | undefined;
  return {
    ...inner,
    close: () =>
      (released ??= (async () => {
        await inner.close(); // its close hooks (the job queue stops); the PGlite stays open
        const ok = await resetToPristine(taken.owner.pglite!, taken.pristine).catch(() => false);
        if (ok && spare === undefined) spare = taken;
        else await taken.owner.close();
      })()),
  };
}

function quoteLiteral(text: string): string {
  return `'${text.replaceAll("'", "''")}'`;
}

function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/** The name of the PostgreSQL template database for the current migrations. */
export function postgresTemplateName(): string {
  return `klachtwijs_template_${migrationsKey()}`;
}

const postgresTemplates = new Map<string, Promise<string>>();
/**
 * The migrated template database on the server at `adminUrl` (a superuser URL), made once per server: migrated as a
 * normal database under an advisory lock (two processes never make it twice), then renamed and marked IS_TEMPLATE with
 * connections refused (CREATE DATABASE … TEMPLATE needs a template nobody is connected to). The row-level-security role
 * is cluster-wide (made by the migration); its grants are per database and are copied with it.
 */
export function postgresTemplate(adminUrl: string): Promise<string> {
  let made = postgresTemplates.get(adminUrl);
  if (!made) {
    made = makePostgresTemplate(adminUrl);
    made.catch(() => postgresTemplates.delete(adminUrl));
    postgresTemplates.set(adminUrl, made);
  }
  return made;
}

async function makePostgresTemplate(adminUrl: string): Promise<string> {
  const name = postgresTemplateName();
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    const exists = async (): Promise<boolean> =>
      (await admin.query('select 1 from pg_database where datname = $1 and datistemplate', [name])).rowCount === 1;
    if (await exists()) return name;
    await admin.query('select pg_advisory_lock(hashtext($1))', [name]);
    try {
      if (await exists()) return name;
      const building = `${name}_building`;
      await admin.query(`DROP DATABASE IF EXISTS ${quoteIdent(building)} WITH (FORCE)`);
      await admin.query(`CREATE DATABASE ${quoteIdent(building)} TEMPLATE template0 ENCODING 'UTF8'`);
      const url = new URL(adminUrl);
      url.pathname = `/${building}`;
      const database = await openDatabase({ kind: 'postgres', url: url.toString() });
      try {
        await migrateToLatest(database.db);
        await makeJobSchema(database);
      } finally {
        await database.close();
      }
      await admin.query(`ALTER DATABASE ${quoteIdent(building)} RENAME TO ${quoteIdent(name)}`);
      await admin.query(`ALTER DATABASE ${quoteIdent(name)} WITH IS_TEMPLATE true ALLOW_CONNECTIONS false`);
      return name;
    } finally {
      await admin.query('select pg_advisory_unlock(hashtext($1))', [name]);
    }
  } finally {
    await admin.end();
  }
}
