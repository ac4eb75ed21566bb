/**
 * `npm run bench:letters`: letters through the API and the outbox (ADR 0010, 0014) on the embedded database
 * (PGlite in a temporary folder). Not a test: it prints figures (see bench/README.md).
 *
 * An organisation on the hss preset (001), BENCH_LETTERS (default 60) complaints, each acknowledged through
 * `POST /api/v1/complaints/{id}/actions/acknowledge` with `"letter": {"channel": "email"}`: the action, the letter
 * from the default template, its PDF and the queued mail in one transaction, while the workers run (as the
 * server's worker role does) and send to a real SMTP server in this process. Reports letters per second made and
 * delivered, and the time from the API's answer to the mail's arrival (median, p95).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadConfig } from '../src/config.ts';
import { openDatabase } from '../src/db/database.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { jobQueue } from '../src/jobs/queue.ts';
import { startWorkers, stopWorkers } from '../src/jobs/worker.ts';
import { createMailer } from '../src/mail/mailer.ts';
import { createLogger } from '../src/shared/logger.ts';
import { ApiClient } from '../test/support/api.ts';
import { makeOrganisationWithRegulation, makeToken } from '../test/support/factories.ts';
import { startSmtpSink } from '../test/support/smtp.ts';

const LETTERS = Number(process.env.BENCH_LETTERS ?? 60);
const dir = mkdtempSync(path.join(tmpdir(), 'kw-bench-letters-'));
const database = await openDatabase({ kind: 'pglite', dataDir: dir });
try {
  const db = database.db;
  await migrateToLatest(db);
  const org = await makeOrganisationWithRegulation(db, 'hss');
  const token = await makeToken(db, org.org.id, org.coordinator.user.id);
  const sink = await startSmtpSink();
  const api = await ApiClient.create(database);
  const ids: string[] = [];
  for (let i = 0; i < LETTERS; i++) {
    const res = await api.post('/api/v1/complaints', token, { channel: 'email', receivedOn: '2026-04-02', description: `Klacht ${i} over het advies.`, complainant: { relation: 'client', name: `Klager ${i}`, email: `klager${i}@example.nl`, postalAddress: `Straat ${i}\n1234 AB Plaats` } });
    ids.push((res.body as { id: string }).id);
  }
  const queue = await jobQueue(db);
  const config = loadConfig({ KLACHTWIJS_DEMO: 'false', SMTP_URL: sink.url });
  const mailer = createMailer(config.smtpUrl);
  await startWorkers(queue, { db, config, logger: createLogger('silent'), mailer, now: () => new Date() });
  const answered = new Map<string, number>();
  const t0 = performance.now();
  for (const [i, id] of ids.entries()) {
    const res = await api.action(token, id, 'acknowledge', { letter: { channel: 'email' } });
    if (res.status !== 200) throw new Error(`acknowledge ${i}: ${res.status} ${JSON.stringify(res.body)}`);
    answered.set(`klager${i}@example.nl`, Date.now());
  }
  const madeMs = performance.now() - t0;
  await sink.waitFor(LETTERS, 300_000);
  const deliveredMs = performance.now() - t0;
  await stopWorkers(queue);
  mailer.close();
  const lat = sink.messages.map((m) => m.receivedAt - answered.get(m.envelopeTo[0]!)!).sort((a, b) => a - b);
  const pct = (p: number) => lat[Math.min(lat.length - 1, Math.ceil((p / 100) * lat.length) - 1)]!;
  const distinct = new Set(sink.messages.map((m) => m.messageId)).size;
  await sink.stop();
  console.log(
    [
      `\nLetters bench (${new Date().toISOString().slice(0, 10)}, PGlite, ${LETTERS} acknowledgements with "letter": {"channel": "email"})`,
      `  made (action + letter + PDF + queued mail, one API call each): ${LETTERS} in ${(madeMs / 1000).toFixed(1)} s = ${(LETTERS / (madeMs / 1000)).toFixed(1)} letters/s`,
      `  delivered at the SMTP server: all ${LETTERS} after ${(deliveredMs / 1000).toFixed(1)} s = ${(LETTERS / (deliveredMs / 1000)).toFixed(1)} letters/s end to end`,
      `  API answer → mail at the SMTP server: median ${pct(50)} ms, p95 ${pct(95)} ms, max ${lat.at(-1)} ms`,
      `  received ${sink.messages.length}, distinct Message-IDs ${distinct}`,
    ].join('\n'),
  );
} finally {
  await database.close();
  rmSync(dir, { recursive: true, force: true });
}
