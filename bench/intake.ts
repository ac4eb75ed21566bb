/**
 * `npm run bench:intake`: the public intake side by side with what the database itself does, in ONE run (issue 13).
 *
 *  (a) pgbench, 8 clients (`pgbench -n -c 8 -j 2 -T BENCH_SECONDS -f insert.sql`): a single-row INSERT into a simple
 *      table on the SAME PostgreSQL server (same settings) the intake then uses;
 *  (b) PGlite's own single-row insert rate: a loop of INSERTs (each its own transaction) into a simple table on a
 *      PGlite with its data folder on disk, as the product runs it;
 *  (c) the intake (JSON API and HTML form) on PGlite and on PostgreSQL at BENCH_CONNECTIONS (default 10)
 *      connections, as `npm run bench` measures it (bench/public-form.ts), with the ratio to (a) and (b);
 *      Then the JSON API again for an organisation with a klachtenfunctionaris who is told at once (as every real
 *      organisation has): each submission also makes a mail job (after its statement);
 *  (d) round trips per submission on PostgreSQL: every statement the server process sends to the PostgreSQL server
 *      (BEGIN and COMMIT included) for one JSON submission and one HTML form submission, averaged over 20 of each.
 *
 * Exit code 1 when the complaints stored differ from the 2xx answers, or a figure is missing.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import type { Database } from '../src/db/database.ts';
import { createDatabase, startPostgresServer } from '../test/support/pg-server.ts';
import { withPgbenchInsert } from './pgbench.ts';
import { answered, benchServer, print, type Row } from './public-form.ts';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);
const PGBENCH_CLIENTS = 8;
const COUNTED = 20;
/**
 * The rows whose organisation has a klachtenfunctionaris who is told at once (the default preference), as every real
 * organisation has: each submission then also makes a mail job (after its statement). The other rows' organisation has
 * nobody to tell (a submission is one statement).
 */
const COORDINATOR = ', a coordinator told at once';

/** (a) pgbench with 8 clients, single-row INSERT into a simple table; transactions per second. */
async function pgbench(url: string): Promise<number> {
  const stdout = await withPgbenchInsert(url, (pgbenchRun) => pgbenchRun(['-n', '-c', String(PGBENCH_CLIENTS), '-j', '2', '-T', String(SECONDS)]));
  const tps = /tps = ([\d.]+) \(without initial connection time\)/.exec(stdout)?.[1] ?? /tps = ([\d.]+)/.exec(stdout)?.[1];
  if (!tps) throw new Error(`pgbench printed no tps:\n${stdout}`);
  return Number(tps);
}

/** (b) PGlite's own single-row insert rate: one INSERT (its own transaction) after the other, data folder on disk. */
async function pgliteInserts(): Promise<number> {
  const dir = mkdtempSync(path.join(tmpdir(), 'kw-pglite-insert-'));
  const pglite = new PGlite({ dataDir: dir });
  try {
    await pglite.waitReady;
    await pglite.exec('create table bench_insert (id bigserial primary key, v integer not null, at timestamptz not null default now())');
    const warmEnd = performance.now() + 1000;
    while (performance.now() < warmEnd) await pglite.query('insert into bench_insert (v) values ($1)', [0]);
    let n = 0;
    const start = performance.now();
    const end = start + SECONDS * 1000;
    while (performance.now() < end) {
      await pglite.query('insert into bench_insert (v) values ($1)', [++n]);
    }
    return n / ((performance.now() - start) / 1000);
  } finally {
    await pglite.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** (d) Round trips to the PostgreSQL server per submission: pg's Client.query counted around 20 sequential submissions. */
const roundTrips: { json?: number; form?: number; jsonCoordinator?: number } = {};
const countRoundTrips = (withCoordinator: boolean) => async (url: string, _db: Database['db'], slug: string, unitId: string): Promise<void> => {
  const proto = pg.Client.prototype as unknown as { query: (...args: unknown[]) => unknown };
  const original = proto.query;
  let count = 0;
  proto.query = function (this: unknown, ...args: unknown[]) {
    count++;
    return original.apply(this, args);
  };
  try {
    const tag = Date.now().toString(36);
    const body = (n: number) =>
      JSON.stringify({
        subject: `Telling ${n}`,
        description: 'De medewerker kwam niet opdagen bij de afspraak en belde ook niet af.',
        complainant: { name: 'Bea Benchmark', email: `bea${n}@example.nl`, postalAddress: 'Proefstraat 1, 1234 AB Ergens', relation: 'client' },
        respondentName: 'J. de Vries',
        signed: true,
      });
    // Warm the caches (the first submission of a process reads what later ones may reuse), then count.
    const post = (n: number) => fetch(`${url}/api/v1/public/${slug}/complaints`, { method: 'POST', headers: { 'content-type': 'application/json', 'idempotency-key': `count-${tag}-${n}` }, body: body(n) });
    for (let n = 0; n < 3; n++) await post(n);
    count = 0;
    for (let n = 3; n < 3 + COUNTED; n++) if ((await post(n)).status !== 201) throw new Error('round-trip count: a JSON submission failed');
    if (withCoordinator) {
      roundTrips.jsonCoordinator = count / COUNTED;
      return;
    }
    roundTrips.json = count / COUNTED;

    const form = await fetch(`${url}/${slug}/klacht?eenheid=${unitId}`);
    const csrf = /name="_csrf" value="([^"]*)"/.exec(await form.text())?.[1];
    if (!csrf) return;
    const cookie = form.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
    const postForm = (n: number) =>
      fetch(`${url}/${slug}/klacht`, {
        method: 'POST',
        redirect: 'manual',
        headers: { 'content-type': 'application/x-www-form-urlencoded', cookie },
        body: new URLSearchParams({
          _csrf: csrf,
          unitId,
          idempotencyKey: `count-${tag}-form-${n}`,
          subject: `Telling ${n}`,
          description: 'De medewerker kwam niet opdagen bij de afspraak en belde ook niet af.',
          'complainant.name': 'Bea Benchmark',
          'complainant.email': `bea${n}@example.nl`,
          'complainant.postalAddress': 'Proefstraat 1, 1234 AB Ergens',
          'complainant.relation': 'client',
          forWhom: 'self',
          respondentName: 'J. de Vries',
          signed: 'ja',
        }).toString(),
      });
    for (let n = 0; n < 3; n++) await postForm(n);
    count = 0;
    for (let n = 3; n < 3 + COUNTED; n++) if ((await postForm(n)).status !== 303) throw new Error('round-trip count: a form submission failed');
    roundTrips.form = count / COUNTED;
  } finally {
    proto.query = original;
  }
};

function rate(r: Row): number {
  return r.result.requests.total / (r.result.duration || 1);
}

async function main(): Promise<void> {
  console.log(`Klachtwijs intake vs the database's own insert rate: ${CONNECTIONS} connections, ${SECONDS} s per part, Node ${process.version}`);
  const { readFileSync } = await import('node:fs');
  console.log(`load average at start: ${readFileSync('/proc/loadavg', 'utf8').trim()}`);

  const server = await startPostgresServer();
  const rows: Row[] = [];
  const own = { pgbench: 0, pglite: 0 };
  try {
    const benchDb = await createDatabase(server.url);
    try {
      own.pgbench = await pgbench(benchDb.url);
    } finally {
      await benchDb.drop();
    }
    console.log(`(a) pgbench, ${PGBENCH_CLIENTS} clients: ${own.pgbench.toFixed(0)} single-row INSERTs/s`);
    own.pglite = await pgliteInserts();
    console.log(`(b) PGlite, data folder on disk: ${own.pglite.toFixed(0)} single-row INSERTs/s`);

    rows.push(...(await benchServer('PGlite (embedded)', {})));
    rows.push(...(await benchServer(`PGlite (embedded)${COORDINATOR}`, {}, { coordinator: true, jsonOnly: true })));
    for (const coordinator of [false, true]) {
      const database = await createDatabase(server.url);
      try {
        const label = `PostgreSQL server${coordinator ? COORDINATOR : ''}`;
        rows.push(...(await benchServer(label, { DATABASE_URL: database.url }, { probe: countRoundTrips(coordinator), coordinator, jsonOnly: coordinator })));
      } finally {
        await database.drop();
      }
    }
  } finally {
    await server.stop();
  }

  const { pgbench: pgbenchTps, pglite: pgliteRate } = own;
  print(rows);
  console.log('');
  console.log('| database | door | intake req/s | p50 ms | p99 ms | the database\'s own single-row INSERT rate | intake / own rate | goal |');
  console.log('|---|---|---:|---:|---:|---|---:|---|');
  for (const r of rows) {
    const pgRow = r.database.startsWith('PostgreSQL');
    const own = pgRow ? pgbenchTps : pgliteRate;
    const goal = pgRow ? 0.2 : 0.25;
    const ratio = rate(r) / own;
    const ownLabel = pgRow ? `pgbench, ${PGBENCH_CLIENTS} clients: ${own.toFixed(0)}/s` : `PGlite on disk, one loop: ${own.toFixed(0)}/s`;
    const ok = ratio >= goal && r.result.latency.p99 < 50;
    console.log(`| ${r.database} | ${r.door} | ${rate(r).toFixed(0)} | ${r.result.latency.p50} | ${r.result.latency.p99} | ${ownLabel} | ${(ratio * 100).toFixed(1)} % | ≥ ${goal * 100} % and p99 < 50 ms: ${ok ? 'met' : 'not met'} |`);
  }
  console.log('');
  console.log(
    `Round trips to PostgreSQL per submission (mean of ${COUNTED}, BEGIN/COMMIT included): JSON API ${roundTrips.json?.toFixed(1) ?? '—'}, HTML form ${roundTrips.form?.toFixed(1) ?? '—'}, JSON API with a coordinator told at once ${roundTrips.jsonCoordinator?.toFixed(1) ?? '—'}`,
  );
  console.log(`load average at end: ${readFileSync('/proc/loadavg', 'utf8').trim()}`);

  const bad = rows.filter((r) => r.stored !== answered(r));
  if (bad.length || !pgbenchTps || !pgliteRate || rows.length < 4) {
    console.error(`MISMATCH or missing figure: ${bad.map((r) => `${r.database} ${r.door}: ${r.stored} stored, ${answered(r)} answered`).join('; ') || 'a reference rate or an intake row is missing'}.`);
    process.exitCode = 1;
  } else {
    console.log('Complaints stored = successful answers, for every run.');
  }
}

await main();
