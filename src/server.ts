import type { Server as HttpServer } from 'node:http';
import { serve, type ServerType } from '@hono/node-server';
import type { Config } from './config.ts';
import { databaseTarget, isEmptyDataDir, openDatabase, type Database } from './db/database.ts';
import { migrateToLatest } from './db/migrate.ts';
import { withStartupLock } from './db/startup-lock.ts';
import { Hono } from 'hono';
import { createApp } from './http/app.tsx';
import { HttpMetrics } from './http/metrics.ts';
import { opsRoutes, type ReadinessState } from './http/ops.ts';
import { answerEveryRequest } from './http/every-answer.ts';
import type { JobContext } from './jobs/define.ts';
import { deferJobQueueStart, startJobQueue, type JobQueue } from './jobs/queue.ts';
import { startWorkers, stopWorkers } from './jobs/worker.ts';
import { createMailer } from './mail/mailer.ts';
import { loadRegulationLibrary } from './regulations/library.ts';
import type { Logger } from './shared/logger.ts';
import { reportStartPhases, startPhase } from './shared/start-phases.ts';
import { refoldAfter, refoldComplaints } from './usecases/complaints/refold.ts';
import { demoPasswords, hasOrganisation, seedDemo, type DemoLogin } from './usecases/demo/seed-demo.ts';
import { serverSecret } from './usecases/settings.ts';

export interface RunningServer {
  url: string;
  port: number;
  database: Database;
  demoLogins: DemoLogin[] | null;
  /** Settles once this process's job queue (and its workers, in a worker process) runs; they start after listening. */
  workers: Promise<void>;
  close(): Promise<void>;
}

/** The job queue starts after the server had no request in flight for this long after listening (issue 13)... */
export const QUIET_MS = 150;
/** ...or this long after listening at the latest, however busy it is. */
export const QUIET_MAX_MS = 2_000;

/** Resolves once `server` has had no request in flight for `quietMs`, after `maxMs` at the latest, or when `signal` aborts. */
export function whenQuiet(server: HttpServer, quietMs: number, maxMs: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    let inFlight = 0;
    let timer: NodeJS.Timeout | undefined;
    const done = () => {
      clearTimeout(timer);
      clearTimeout(latest);
      server.off('request', onRequest);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const arm = () => {
      clearTimeout(timer);
      if (inFlight === 0) timer = setTimeout(done, quietMs);
    };
    const onRequest = (_req: unknown, res: import('node:http').ServerResponse) => {
      inFlight++;
      clearTimeout(timer);
      res.once('close', () => {
        inFlight--;
        arm();
      });
    };
    const latest = setTimeout(done, maxMs);
    server.on('request', onRequest);
    signal?.addEventListener('abort', done, { once: true });
    arm();
  });
}

/**
 * Opens the database, migrates, seeds the demo organisation when asked and serves HTTP (the whole product with the web
 * service; only `/health` in a worker-only process); then starts the job queue (and its workers when this process runs
 * the worker service).
 */
export async function startServer(config: Config, logger: Logger, opts: { database?: Database } = {}): Promise<RunningServer> {
  // A new embedded data folder gets the demo organisation: its passwords are hashed on libuv's thread pool meanwhile (issue 13).
  const passwords = config.demo && !opts.database && !config.databaseUrl && isEmptyDataDir(config.dataDir) ? demoPasswords() : undefined;
  passwords?.catch(() => undefined);
  // The voorbeeld- en modelregelingen (regulations/*.yaml) are read and checked first: a broken file stops the start (ADR 0025).
  loadRegulationLibrary();
  startPhase('regulation library');
  const database = opts.database ?? (await openDatabase(databaseTarget(config)));
  startPhase('database open');
  try {
    // Two instances starting together on one database take turns (a PostgreSQL advisory lock).
    const worker = config.services.includes('worker');
    const readiness: ReadinessState = { draining: false, worker, jobQueueStarted: false };
    // The job queue (pg-boss: its schema check, queues and instance rows, ~0.3 s of CPU) starts once the server listens
    // (issue 13, ADR 0030 addendum): a use case asks for it before it opens its transaction (`queueFor(db)`, jobs/queue.ts)
    // and so waits for the start outside any transaction. Only a database that gets the demo organisation starts it
    // first: the seed enqueues inside its own transaction, where a start still running would wait on that transaction
    // (PGlite has one connection). A new embedded data folder is known at once and starts it beside the migrations.
    let queue: Promise<JobQueue> | undefined;
    const startQueue = (): Promise<JobQueue> => {
      if (!queue) {
        queue = startJobQueue(database, { maintain: worker, mailFrom: config.mailFrom, onError: (err) => logger.error({ error: err.name }, 'job queue error') });
        queue.catch(() => undefined);
      }
      return queue;
    };
    if (passwords) void startQueue();
    const demoLogins = await withStartupLock(database, async () => {
      const migrated = await migrateToLatest(database.db);
      startPhase('migrations');
      if (!config.rls) logger.warn('KLACHTWIJS_RLS=off: row-level security between organisations is switched off (ADR 0024)');
      // Which login the application's statements use (ADR 0024, addendum session 14), never the URL.
      if (database.kind === 'postgres')
        logger.info(
          { databaseLogin: database.login },
          database.login === 'app'
            ? 'database: requests and jobs on the application login (KLACHTWIJS_APP_DATABASE_URL), migrations and the job queue on DATABASE_URL'
            : 'database: everything on DATABASE_URL, the tables\' owner (set KLACHTWIJS_APP_DATABASE_URL for a login that cannot become the owner)',
        );
      // A migration that adds a cached column fills it by refolding every complaint from its history (ADR 0006).
      const refold = refoldAfter(migrated.map((m) => m.migrationName));
      if (refold) {
        const refolded = await refoldComplaints(database.db, refold);
        if (refolded.total) logger.info({ ...refolded }, 'cached complaint columns refolded after migration');
      }
      if (!config.demo || (await hasOrganisation(database.db))) return null;
      await startQueue();
      startPhase('job queue');
      const demo = await seedDemo(database.db, passwords);
      startPhase('demo organisation');
      return demo;
    });
    const csrfSecret = await serverSecret(database.db, 'csrf_secret');
    const mailer = createMailer(config.smtpUrl);
    const httpMetrics = new HttpMetrics();
    const ops = opsRoutes({ db: database.db, state: readiness, metricsToken: config.metricsToken, http: httpMetrics });
    database.onClose(async () => mailer.close());
    const app = config.services.includes('web') ? createApp({ db: database.db, config, logger, csrfSecret, httpMetrics, ops }) : new Hono().get('/health', (c) => c.json({ status: 'ok', services: config.services })).route('/', ops);
    const server = await new Promise<ServerType>((resolve, reject) => {
      // autoCleanupIncoming off: answerEveryRequest reads unread request bodies instead of cutting connections.
      const s = serve({ fetch: app.fetch, port: config.port, hostname: config.host, autoCleanupIncoming: false }, () => resolve(s));
      answerEveryRequest(s as HttpServer, logger);
      s.once('error', reject);
    });
    startPhase('listening');
    reportStartPhases(process.env);
    // The job queue (unless the demo seed started it) and, in a worker process, the workers and their schedules start once
    // the server listens and its first requests are answered (issue 13; ADR 0030 addendum 3): on the embedded database
    // pg-boss's start (~20 statements) holds PGlite's one connection, and a /health or a login page asked meanwhile waited
    // behind it (~0.3-1.5 s after listening, measured). `/ready` says job_queue_not_started until they run (ADR 0030); a
    // failure is logged and keeps it so. A request that needs the queue earlier starts it at once, with this role.
    const withdraw = queue ? () => undefined : deferJobQueueStart(database, startQueue);
    const closed = new AbortController();
    const workers = (async () => {
      if (!queue) await whenQuiet(server as HttpServer, QUIET_MS, QUIET_MAX_MS, closed.signal);
      // Closed before a quiet moment came and no request started the queue: nothing to start (it would only be stopped).
      if (closed.signal.aborted && !queue) return withdraw();
      const started = await startQueue();
      if (worker) {
        const ctx: JobContext = { db: database.db, config, logger, mailer, now: () => new Date() };
        await startWorkers(started, ctx);
      }
      readiness.jobQueueStarted = true;
    })().catch((err: unknown) => logger.error({ err }, 'the job queue or its workers did not start: /ready answers 503 job_queue_not_started'));
    const address = server.address();
    let closing: Promise<void> | undefined;
    const port = typeof address === 'object' && address ? address.port : config.port;
    return {
      url: `http://localhost:${port}`,
      port,
      database,
      demoLogins,
      workers,
      close: () =>
        (closing ??= (async () => {
        // Draining (ADR 0030): /ready answers 503 at once, requests are still served for KLACHTWIJS_DRAIN_SECONDS so a
        // load balancer stops sending new ones, then the server stops listening and finishes what it has.
        readiness.draining = true;
        if (config.drainSeconds > 0) await new Promise((r) => setTimeout(r, config.drainSeconds * 1000));
        await new Promise<void>((resolve) => server.close(() => resolve()));
        closed.abort();
        // Workers still starting are let finish first, so stopping the queue does not race their registration.
        await workers;
        if (!opts.database) await database.close();
        else {
          const started = await queue?.catch(() => null);
          if (worker && started) await stopWorkers(started);
          mailer.close();
        }
        })()),
    };
  } catch (err) {
    if (!opts.database) await database.close();
    throw err;
  }
}
