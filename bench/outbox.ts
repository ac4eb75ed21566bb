/**
 * `npm run bench:outbox`: e-mails through the outbox (ADR 0014), on the embedded database (PGlite in a temporary
 * folder) and on a PostgreSQL server started for the run. Not a test: it prints figures (see bench/README.md).
 *
 * Per database: an organisation, the job queue with its workers (as the server's worker role runs them) and a
 * real SMTP server in this process (smtp-server). Each mail carries a one-page PDF (about 20 kB), like a letter.
 *   1. throughput: BENCH_MAILS (default 300) mails are queued, each in its own transaction as an action does, with
 *      the workers stopped; then the workers start and the time until the SMTP server has them all is measured.
 *   2. latency: with the workers running, one mail every 100 ms (BENCH_LATENCY_MAILS, default 40); the time from
 *      the transaction's commit to the SMTP server's receipt, median and 95th percentile.
 * Afterwards every mail must be at the SMTP server exactly once (by Message-ID) and marked sent.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadConfig } from '../src/config.ts';
import { openDatabase, type Database } from '../src/db/database.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { jobQueue } from '../src/jobs/queue.ts';
import { startWorkers, stopWorkers } from '../src/jobs/worker.ts';
import { createMailer } from '../src/mail/mailer.ts';
import { queueMail } from '../src/mail/outbox.ts';
import { createLogger } from '../src/shared/logger.ts';
import { createOrganisation } from '../src/usecases/organisations/create-organisation.ts';
import { createDatabase, startPostgresServer } from '../test/support/pg-server.ts';
import { startSmtpSink } from '../test/support/smtp.ts';

const MAILS = Number(process.env.BENCH_MAILS ?? 300);
const LATENCY_MAILS = Number(process.env.BENCH_LATENCY_MAILS ?? 40);
const PDF = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(20_000, 0x41)]);

async function run(name: string, database: Database): Promise<string[]> {
  const db = database.db;
  await migrateToLatest(db);
  const org = await db.transaction().execute((tx) => createOrganisation(tx, { slug: `bench-${Date.now()}`, name: 'Bench Zorg' }));
  const sink = await startSmtpSink();
  const queue = await jobQueue(db);
  const config = loadConfig({ KLACHTWIJS_DEMO: 'false', SMTP_URL: sink.url });
  const mailer = createMailer(config.smtpUrl);
  const ctx = { db, config, logger: createLogger('silent'), mailer, now: () => new Date() };
  const queueOne = (i: number) =>
    db.transaction().execute((tx) =>
      queueMail(tx, queue, { organisationId: org.id, purpose: 'letter', to: `klager${i}@example.nl`, subject: `Brief ${i}`, text: 'Geachte heer, mevrouw,\n\n…', attachments: [{ filename: 'brief.pdf', contentType: 'application/pdf', content: PDF }] }),
    );

  const t0 = performance.now();
  for (let i = 0; i < MAILS; i++) await queueOne(i);
  const queuedMs = performance.now() - t0;
  const t1 = performance.now();
  await startWorkers(queue, ctx);
  await sink.waitFor(MAILS, 600_000);
  const drainMs = performance.now() - t1;

  const committed = new Map<string, number>();
  for (let i = 0; i < LATENCY_MAILS; i++) {
    const { messageId } = await queueOne(MAILS + i);
    committed.set(messageId, Date.now());
    await new Promise((r) => setTimeout(r, 100));
  }
  await sink.waitFor(MAILS + LATENCY_MAILS, 120_000);
  await stopWorkers(queue);
  const lat = sink.messages.filter((m) => m.messageId && committed.has(m.messageId)).map((m) => m.receivedAt - committed.get(m.messageId!)!).sort((a, b) => a - b);
  const pct = (p: number) => lat[Math.min(lat.length - 1, Math.ceil((p / 100) * lat.length) - 1)]!;

  const ids = sink.messages.map((m) => m.messageId);
  const unique = new Set(ids).size;
  const sent = await db.selectFrom('outbound_mails').select((eb) => eb.fn.countAll<number>().as('n')).where('status', '=', 'sent').executeTakeFirstOrThrow();
  mailer.close();
  await sink.stop();
  return [
    `${name}: queued ${MAILS} mails in ${(queuedMs / 1000).toFixed(1)} s (${Math.round(MAILS / (queuedMs / 1000))}/s, one transaction each)`,
    `${name}: sent ${MAILS} mails in ${(drainMs / 1000).toFixed(1)} s: ${(MAILS / (drainMs / 1000)).toFixed(1)} mails/s through the outbox`,
    `${name}: commit → at the SMTP server: median ${pct(50)} ms, p95 ${pct(95)} ms, max ${lat.at(-1)} ms (${lat.length} mails, one every 100 ms)`,
    `${name}: received ${ids.length}, distinct Message-IDs ${unique}, marked sent ${sent.n} (expected ${MAILS + LATENCY_MAILS} each)`,
  ];
}

const lines: string[] = [];
const dir = mkdtempSync(path.join(tmpdir(), 'kw-bench-outbox-'));
const pglite = await openDatabase({ kind: 'pglite', dataDir: dir });
try {
  lines.push(...(await run('PGlite', pglite)));
} finally {
  await pglite.close();
  rmSync(dir, { recursive: true, force: true });
}
const server = await startPostgresServer();
try {
  const testDb = await createDatabase(server.url);
  const pg = await openDatabase({ kind: 'postgres', url: testDb.url });
  try {
    lines.push(...(await run('PostgreSQL', pg)));
  } finally {
    await pg.close();
    await testDb.drop();
  }
} finally {
  await server.stop();
}
console.log(`\nOutbox bench (${new Date().toISOString().slice(0, 10)}, ${MAILS} + ${LATENCY_MAILS} mails per database)\n${lines.map((l) => `  ${l}`).join('\n')}`);
