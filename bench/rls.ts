/**
 * `npm run bench:rls`: what row-level security costs (ADR 0024), on PGlite (in memory) and on a PostgreSQL server
 * started for the run. Not a test: it prints figures (see bench/README.md).
 *
 * Per database: an organisation running stadsring51 with BENCH_RLS_COMPLAINTS (default 200) complaints, and a second
 * organisation with as many (so the policy has rows to hide). Then, alternating rounds with the second line off
 * (KLACHTWIJS_RLS=off: no role, no setting) and on, BENCH_RLS_REQUESTS (default 200) requests one after the other
 * through the HTTP app (app.request, no network) with the coordinator's Bearer token:
 *   1. GET /api/v1/complaints                  (the list: the actor's scope, one transaction-free read or a few)
 *   2. GET /api/v1/complaints/{id}             (one dossier: need-to-know, the dossier, the audit line)
 *   3. POST /api/v1/public/{slug}/complaints   (system work: no actor, organisation by slug)
 * and prints the mean time per request (the median of the rounds) off and on.
 */
import { performance } from 'node:perf_hooks';
import { openDatabase, type Database } from '../src/db/database.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { prepareRowLevelSecurity } from '../src/db/rls.ts';
import { registerComplaint } from '../src/usecases/complaints/register-complaint.ts';
import { createDatabase, startPostgresServer } from '../test/support/pg-server.ts';
import { makeOrganisationWithRegulation, makeToken } from '../test/support/factories.ts';
import { testApp } from '../test/support/http.ts';

const COMPLAINTS = Number(process.env.BENCH_RLS_COMPLAINTS ?? 200);
const REQUESTS = Number(process.env.BENCH_RLS_REQUESTS ?? 200);
const ROUNDS = Number(process.env.BENCH_RLS_ROUNDS ?? 3);

const input = (i: number) => ({
  channel: 'web_form',
  description: `Klacht nummer ${i}: de medewerker kwam drie keer niet opdagen bij de afspraak.`,
  complainant: { relation: 'client', name: `Klager ${i}`, postalAddress: 'Dorpsstraat 1, 1234 AB Ergens', email: `k${i}@example.nl` },
  signed: true,
});

async function bench(label: string, database: Database): Promise<string[]> {
  const db = database.db;
  await migrateToLatest(db);
  const a = await makeOrganisationWithRegulation(db, 'stadsring51');
  const b = await makeOrganisationWithRegulation(db, 'stadsring51');
  const ids: string[] = [];
  for (let i = 0; i < COMPLAINTS; i++) {
    ids.push((await registerComplaint(db, { organisationId: a.org.id, actor: null, door: 'public', input: input(i) })).id);
    await registerComplaint(db, { organisationId: b.org.id, actor: null, door: 'public', input: input(i) });
  }
  const token = await makeToken(db, a.org.id, a.coordinator.user.id);
  const app = await testApp(database, { KLACHTWIJS_PUBLIC_RATE_LIMIT: '0' });
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  const doors: [string, (i: number) => Response | Promise<Response>][] = [
    ['GET /api/v1/complaints', () => app.request('/api/v1/complaints', { headers })],
    ['GET /api/v1/complaints/{id}', (i) => app.request(`/api/v1/complaints/${ids[i % ids.length]}`, { headers })],
    ['POST /api/v1/public/{slug}/complaints', (i) => app.request(`/api/v1/public/${a.org.slug}/complaints`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ ...input(i), idempotencyKey: `bench-${label.toLowerCase()}-${i}-${Math.random().toString(36).slice(2)}` }) })],
  ];
  const lines: string[] = [];
  for (const [door, request] of doors) {
    const times: Record<'off' | 'on', number[]> = { off: [], on: [] };
    for (let round = 0; round < ROUNDS; round++) {
      for (const mode of ['off', 'on'] as const) {
        await prepareRowLevelSecurity(db, mode === 'off' ? { KLACHTWIJS_RLS: 'off' } : {});
        await request(0); // warm
        const start = performance.now();
        for (let i = 0; i < REQUESTS; i++) {
          const res = await request(i);
          if (res.status >= 300) throw new Error(`${door}: ${res.status} ${await res.text()}`);
          await res.arrayBuffer();
        }
        times[mode].push((performance.now() - start) / REQUESTS);
      }
    }
    const median = (xs: number[]) => xs.sort((x, y) => x - y)[Math.floor(xs.length / 2)]!;
    const off = median(times.off);
    const on = median(times.on);
    lines.push(`| ${label} | ${door} | ${off.toFixed(2)} | ${on.toFixed(2)} | ${(on - off >= 0 ? '+' : '') + (on - off).toFixed(2)} (${(((on - off) / off) * 100).toFixed(0)} %) |`);
    console.error(lines.at(-1));
  }
  return lines;
}

const rows: string[] = [];
const pglite = await openDatabase({ kind: 'pglite' });
try {
  rows.push(...(await bench('PGlite', pglite)));
} finally {
  await pglite.close();
}
if (process.env.BENCH_RLS_POSTGRES !== '0') {
  const server = await startPostgresServer();
  const testDb = await createDatabase(server.url);
  const database = await openDatabase({ kind: 'postgres', url: testDb.url });
  try {
    rows.push(...(await bench('PostgreSQL', database)));
  } finally {
    await database.close();
    await testDb.drop();
    await server.stop();
  }
}
console.log(`${COMPLAINTS} complaints per organisation, ${REQUESTS} requests per round, median of ${ROUNDS} rounds (ms per request)\n`);
console.log('| database | request | RLS off | RLS on | difference |\n|---|---|---:|---:|---:|');
for (const r of rows) console.log(r);
