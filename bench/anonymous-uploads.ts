/**
 * `node --import tsx --expose-gc bench/anonymous-uploads.ts`: the server's memory before and after anonymous
 * uploads (security review, issue 11: "the embedded server's memory grew from 577 to 1,226 MB after 24 such
 * submissions"). Not a test: it prints figures.
 *
 * The real server (startServer) on the embedded database (PGlite) in a temporary folder, the public rate limit lifted,
 * an organisation running stadsring51 with a daily upload quota large enough for the run. Then BENCH_UPLOADS
 * (default 24) posts of the public form, each multipart with one BENCH_MB (default 10) MB PDF, each its own form
 * (CSRF token and key from a GET first): the files are held as pending uploads (ADR 0009). The process's RSS and heap
 * are printed before, after, and after a garbage collection.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadConfig } from '../src/config.ts';
import { startServer } from '../src/server.ts';
import { createLogger } from '../src/shared/logger.ts';
import { setAnonymousUploadQuota } from '../src/usecases/complaints/upload-quota.ts';
import { createOrganisation } from '../src/usecases/organisations/create-organisation.ts';
import { activateRegulation } from '../src/usecases/regulations/regulations.ts';
import { freePort } from '../test/support/pg-server.ts';

const UPLOADS = Number(process.env.BENCH_UPLOADS ?? 24);
const MB = Number(process.env.BENCH_MB ?? 10);

const mb = (n: number) => `${Math.round(n / 1024 / 1024)} MB`;
const gc = () => (globalThis as { gc?: () => void }).gc?.();
function memory(label: string) {
  gc();
  const m = process.memoryUsage();
  console.log(`${label.padEnd(28)} rss ${mb(m.rss).padStart(8)}  heap ${mb(m.heapUsed).padStart(8)}  external+buffers ${mb(m.external + m.arrayBuffers).padStart(8)}`);
  return m.rss;
}

const dir = mkdtempSync(path.join(tmpdir(), 'kw-bench-uploads-'));
const config = loadConfig({ KLACHTWIJS_DATA_DIR: dir, PORT: String(await freePort()), HOST: '127.0.0.1', KLACHTWIJS_DEMO: 'false', KLACHTWIJS_PUBLIC_RATE_LIMIT: '0', KLACHTWIJS_SERVICES: 'web' });
const server = await startServer(config, createLogger('silent'));
const url = `http://127.0.0.1:${server.port}`;
try {
  const db = server.database.db;
  const org = await db.transaction().execute((tx) => createOrganisation(tx, { slug: `upl-${Date.now().toString(36)}`, name: 'Uploadtest' }));
  await db.transaction().execute((tx) => activateRegulation(tx, { organisationId: org.id, unitId: null, source: { preset: 'stadsring51' }, fills: {}, actorUserId: null }));
  await setAnonymousUploadQuota(db, org.id, 2000 * 1024 * 1024);
  const pdf = new Uint8Array(MB * 1024 * 1024);
  pdf.set(new TextEncoder().encode('%PDF-1.4\n'));
  // Warm up: one small submission.
  const post = async (size: number) => {
    const form = await fetch(`${url}/${org.slug}/klacht`);
    const cookie = form.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
    const html = await form.text();
    const csrf = /name="_csrf" value="([^"]*)"/.exec(html)?.[1] ?? '';
    const key = /name="idempotencyKey" value="([^"]*)"/.exec(html)?.[1] ?? '';
    const body = new FormData();
    body.append('_csrf', csrf);
    body.append('idempotencyKey', key);
    body.append('description', 'Een klacht met een groot bestand erbij.');
    body.append('attachments', new File([pdf.subarray(0, size)], 'scan.pdf', { type: 'application/pdf' }));
    const res = await fetch(`${url}/${org.slug}/klacht`, { method: 'POST', body, headers: { cookie } });
    await res.text();
    return res.status;
  };
  await post(1024);
  const before = memory('before');
  const started = performance.now();
  const statuses: number[] = [];
  for (let i = 0; i < UPLOADS; i++) statuses.push(await post(pdf.byteLength));
  const ms = performance.now() - started;
  const peak = process.memoryUsage().rss;
  const after = memory(`after ${UPLOADS} × ${MB} MB`);
  const held = await db.selectFrom('pending_uploads').select((eb) => eb.fn.countAll<number>().as('n')).where('organisation_id', '=', org.id).executeTakeFirstOrThrow();
  console.log(`answers: ${[...new Set(statuses)].join(', ')}; pending uploads held: ${held.n}; ${(ms / UPLOADS).toFixed(0)} ms per upload`);
  console.log(`rss growth: ${mb(after - before)} (peak seen ${mb(peak)})`);
} finally {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
}
