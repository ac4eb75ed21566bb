import type { Kysely } from 'kysely';
import { fromKysely, fromPglite, PgBoss } from 'pg-boss';
import { databaseOf, isEmbedded, type Database } from '../db/database.ts';
import { PREPARED } from '../db/prepared.ts';
import { grantJobSchema } from '../db/rls.ts';
import { asSystem } from '../db/tenant.ts';
import type { DB } from '../db/types.ts';
import { DEFAULT_RETRY, type AnyJob, type JobDefinition } from './define.ts';
import { JOBS } from './registry.ts';

/** pg-boss keeps its tables in a schema of its own, in the same database (ADR 0014). */
export const JOB_SCHEMA = 'pgboss';

export interface EnqueueOptions {
  /** At most one queued job with this key per job kind (pg-boss singleton). */
  readonly singletonKey?: string;
  readonly startAfter?: Date;
}

/**
 * The job queue of one database: pg-boss on the same PostgreSQL (or PGlite) as the complaints, so a job is
 * enqueued inside the use case's transaction and exists only when that transaction commits (ADR 0014).
 */
export class JobQueue {
  /**
   * This process's pg-boss worker per job, when the database is the embedded PGlite (`startWorkers` registers them): an
   * enqueued job wakes its worker instead of waiting for the next poll (issue 13, ADR 0014 addendum).
   */
  private readonly localWorkers = new Map<string, string>();

  private constructor(
    readonly boss: PgBoss,
    readonly jobs: ReadonlyMap<string, AnyJob>,
    /** The address every e-mail comes from (KLACHTWIJS_MAIL_FROM); the outbox builds messages with it. */
    readonly mailFrom: string,
    /** Which database the queue is on: on PGlite every job is enqueued in this process (the data folder is locked to it). */
    readonly kind: Database['kind'],
  ) {}

  /** Called by `startWorkers` for each worker it starts on the embedded database. */
  wakeOnEnqueue(jobName: string, workerId: string): void {
    if (this.kind === 'pglite') this.localWorkers.set(jobName, workerId);
  }

  /** Called by `stopWorkers`. */
  forgetWorkers(): void {
    this.localWorkers.clear();
  }

  /**
   * Starts pg-boss for a database and makes sure every job's queue exists. `maintain` (the worker role) lets
   * this instance run pg-boss's supervision and schedules; a web-only process just enqueues.
   */
  static async start(database: Database, opts: StartOptions): Promise<JobQueue> {
    const jobs = new Map((opts.jobs ?? JOBS).map((j) => [j.name, j]));
    const common = { schema: JOB_SCHEMA, supervise: opts.maintain, schedule: opts.maintain, migrate: true } as const;
    const boss =
      database.kind === 'pglite'
        ? new PgBoss({ ...common, db: fromPglite(database.pglite!) })
        : new PgBoss({ ...common, connectionString: database.url!, max: 3, application_name: 'klachtwijs-jobs' });
    boss.on('error', (err) => opts.onError?.(err));
    await boss.start();
    await ensureQueues(boss, [...jobs.values()]);
    // pg-boss made its schema as the owner, perhaps while the row-level-security migration ran (ADR 0024).
    await grantJobSchema((text) => boss.getDb().executeSql(text, []) as Promise<{ rows: { needed?: boolean }[] }>);
    return new JobQueue(boss, jobs, opts.mailFrom ?? defaultMailFrom(), database.kind);
  }

  /**
   * Enqueues a job inside the caller's transaction (pg-boss's Kysely adapter). Never call the bare database
   * from inside a transaction: on PGlite that waits on the transaction's own lock (STACK.md).
   */
  async enqueue<P>(tx: Kysely<DB>, job: JobDefinition<P>, payload: P, opts: EnqueueOptions = {}): Promise<string | null> {
    if (!this.jobs.has(job.name)) throw new Error(`job "${job.name}" is not in src/jobs/registry.ts`);
    const data = job.payload.parse(payload) as object;
    const id = await this.boss.send(job.name, data, {
      db: preparedIn(tx),
      ...(opts.singletonKey ? { singletonKey: opts.singletonKey } : {}),
      ...(opts.startAfter ? { startAfter: opts.startAfter } : {}),
    });
    // On PGlite the worker's fetch is a bare statement, which waits for the transaction this job was sent in to end
    // (PGlite runs one transaction at a time): woken now, it fetches right after the commit, and finds nothing after a
    // rollback. Not on a PostgreSQL server, where it would fetch at once, before the commit, and find nothing.
    const worker = this.localWorkers.get(job.name);
    if (worker !== undefined && id !== null && !opts.startAfter) this.boss.notifyWorker(worker);
    return id;
  }

  /**
   * Enqueues several jobs of one kind in ONE statement (pg-boss's `insert`), in the caller's transaction or alone: the
   * same rows as {@link enqueue} one by one (the queue's retries and expiry, the singleton key), e.g. the mail jobs of a
   * group of public submissions (ADR 0033). Not for delayed jobs.
   */
  async enqueueMany<P>(tx: Kysely<DB>, job: JobDefinition<P>, items: readonly { payload: P; singletonKey?: string }[]): Promise<void> {
    if (!this.jobs.has(job.name)) throw new Error(`job "${job.name}" is not in src/jobs/registry.ts`);
    if (!items.length) return;
    if (items.length === 1) return void (await this.enqueue(tx, job, items[0]!.payload, items[0]!.singletonKey ? { singletonKey: items[0]!.singletonKey } : {}));
    const rows = items.map((item) => ({ data: job.payload.parse(item.payload) as object, ...(item.singletonKey ? { singletonKey: item.singletonKey } : {}) }));
    await this.boss.insert(job.name, rows, { db: preparedIn(tx) });
    // As enqueue: on PGlite the local worker fetches right after the commit.
    const worker = this.localWorkers.get(job.name);
    if (worker !== undefined) this.boss.notifyWorker(worker);
  }

  async stop(): Promise<void> {
    await this.boss.stop({ graceful: true, timeout: 10_000 });
  }
}

/**
 * pg-boss's statements in the caller's transaction, marked {@link PREPARED} (src/db/prepared.ts): its INSERT of a job
 * is the same text for every job of a kind, so each connection (PGlite's one session) parses and plans it once instead
 * of at every enqueue, e.g. the mail job of every public submission an organisation's klachtenfunctionaris is told of.
 */
function preparedIn(tx: Kysely<DB>): ReturnType<typeof fromKysely> {
  const inner = fromKysely(tx);
  return { executeSql: (text, values) => inner.executeSql(PREPARED + text, values) };
}

/** The queue options a job asks for (its retries and expiry). */
function queueOptions(job: AnyJob) {
  const retry = job.retry ?? DEFAULT_RETRY;
  return {
    retryLimit: retry.limit,
    retryDelay: retry.delaySeconds,
    retryBackoff: retry.backoff,
    ...(retry.maxDelaySeconds ? { retryDelayMax: retry.maxDelaySeconds } : {}),
    expireInSeconds: job.expireInSeconds ?? 300,
  };
}

/**
 * Makes sure every job's queue exists with the job's options: the queues are read in one statement; a missing one is
 * created, one whose options differ is updated, the others are left alone (issue 13: a restart read and updated each
 * queue, three statements per job).
 */
async function ensureQueues(boss: PgBoss, jobs: readonly AnyJob[]): Promise<void> {
  const existing = new Map((await boss.getQueues(jobs.map((j) => j.name))).map((q) => [q.name, q]));
  for (const job of jobs) {
    const options = queueOptions(job);
    const queue = existing.get(job.name);
    try {
      if (!queue) await boss.createQueue(job.name, options);
      else if (Object.entries(options).some(([key, value]) => queue[key as keyof typeof queue] !== value)) await boss.updateQueue(job.name, options);
    } catch (err) {
      // Two instances starting together may both create it: the other one won.
      if (!(await boss.getQueue(job.name))) throw err;
    }
  }
}

export interface StartOptions {
  readonly maintain: boolean;
  readonly mailFrom?: string;
  readonly jobs?: readonly AnyJob[];
  readonly onError?: (err: Error) => void;
}

/** A queue started on first use (a command, a test) takes the sender from the environment, as the server's config does. */
function defaultMailFrom(): string {
  return process.env['KLACHTWIJS_MAIL_FROM'] || 'klachten@localhost';
}

/**
 * Queues by database. The key is the Kysely instance's adapter, which its transactions share, so a use case
 * handed a transaction finds the queue of the database the transaction runs on.
 */
const queues = new WeakMap<object, Promise<JobQueue>>();
const keyOf = (db: Kysely<DB>): object => db.getExecutor().adapter;

/** The queue promises that have settled (started or failed). */
const settled = new WeakSet<Promise<JobQueue>>();

/**
 * The queue already started for this database (or the database a transaction runs on), or null. Inside a transaction on
 * the embedded database a queue still starting is an error, not a wait: its start needs PGlite's one connection, which
 * that transaction holds, so waiting would never end (the server starts the queue after it listens, issue 13). Ask with
 * `queueFor(db)` before the transaction opens.
 */
export function startedJobQueue(db: Kysely<DB>): Promise<JobQueue | null> {
  const queue = queues.get(keyOf(db));
  if (!queue) return Promise.resolve(null);
  if (db.isTransaction && !settled.has(queue) && isEmbedded(db)) {
    return Promise.reject(new Error('the job queue is still starting: ask for it with queueFor(db) before the transaction opens (jobs/queue.ts)'));
  }
  return queue.catch(() => null);
}

/**
 * The queue for a database or for one of its transactions. Inside a transaction the queue cannot start (starting
 * it would wait on that very transaction), so the one already started for the database is used (null if none is).
 */
export function queueFor(db: Kysely<DB>): Promise<JobQueue | null> {
  return db.isTransaction ? startedJobQueue(db) : jobQueue(db);
}

/**
 * The job queue of the database behind `db`, started on first use (enqueue-only: no supervision, no schedules)
 * unless the server already started it as a worker. Call it BEFORE opening the transaction you enqueue in.
 */
export function jobQueue(db: Kysely<DB>): Promise<JobQueue> {
  let queue = queues.get(keyOf(db));
  if (!queue) {
    if (db.isTransaction) return Promise.reject(new Error('jobQueue: start the job queue before the transaction (call jobQueue(db) first)'));
    // The server's own start (its role: workers, supervision, schedules), when it waits for a quiet moment (server.ts).
    const deferred = deferredStarts.get(keyOf(db));
    if (deferred) return deferred();
    const database = databaseOf(db);
    if (!database) return Promise.reject(new Error('jobQueue: this Kysely instance was not opened with openDatabase()'));
    queue = startFor(database, { maintain: false });
    queues.set(keyOf(db), queue);
  }
  return queue;
}

/** Per database: the server's start of its queue, while it waits for the server to be quiet ({@link deferJobQueueStart}). */
const deferredStarts = new WeakMap<object, () => Promise<JobQueue>>();

/**
 * Registers how the server starts its queue (`start` calls {@link startJobQueue} with the server's role) without starting
 * it yet: the server starts it once its first requests are answered (issue 13). A use case that needs the queue before
 * that (`jobQueue(db)`) starts it through `start`, so the queue always has the server's role, never an enqueue-only one.
 * Returns the withdrawal (the server closed before its queue started).
 */
export function deferJobQueueStart(database: Database, start: () => Promise<JobQueue>): () => void {
  const key = keyOf(database.db);
  if (!queues.has(key)) deferredStarts.set(key, start);
  // Withdrawn when the server closes before its queue started: a later jobQueue(db) then starts an enqueue-only one.
  return () => {
    if (deferredStarts.get(key) === start) deferredStarts.delete(key);
  };
}

/** Starts the queue for a database with the given role (the server does this once, before serving). */
export function startJobQueue(database: Database, opts: StartOptions): Promise<JobQueue> {
  const existing = queues.get(keyOf(database.db));
  if (existing) return existing;
  deferredStarts.delete(keyOf(database.db));
  const queue = startFor(database, opts);
  queues.set(keyOf(database.db), queue);
  return queue;
}

function startFor(database: Database, opts: StartOptions): Promise<JobQueue> {
  // Started on first use, perhaps inside a request: its timers must not keep that actor's organisation (ADR 0024).
  const started = asSystem(() => JobQueue.start(database, opts));
  started.then(
    () => settled.add(started),
    () => settled.add(started),
  );
  database.onClose(async () => (await started).stop());
  started.catch(() => queues.delete(keyOf(database.db)));
  return started;
}
