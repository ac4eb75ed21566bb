/**
 * Group commit of the public intake (ADR 0033), the use case alone (no HTTP): `CONC` (10) callers of
 * registerPublicComplaint in one process, `AMOUNT` (600) submissions per run, group commit off (each submission its
 * own statement at once, as before) and on, alternately for `ROUNDS` (2) rounds, after a warm-up of each.
 * `DB=postgres` (default; a server started for the run) or `DB=pglite`; `EXTRA=1` adds 1 and 4 statements in flight.
 * Prints req/s, p50/p99, node's CPU and the PostgreSQL server's CPU per submission, and the statements sent per
 * submission (every pg `Client.query`, pg-boss's polling included; none counted on PGlite), with the load average.
 *
 *   node --import tsx bench/intake-group.ts
 *   DB=pglite node --import tsx bench/intake-group.ts
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { loadConfig } from '../src/config.ts';
import { startServer } from '../src/server.ts';
import { createLogger } from '../src/shared/logger.ts';
import { registerPublicComplaint, setIntakeGroupCommit } from '../src/usecases/complaints/register-public.ts';
import { createDatabase, freePort, startPostgresServer } from '../test/support/pg-server.ts';
import { postgresCpuMs } from './postgres-cpu.ts';
import { makeOrganisation } from './public-form.ts';

const AMOUNT = Number(process.env.AMOUNT ?? 600);
const CONC = Number(process.env.CONC ?? 10);
const DB = process.env.DB ?? 'postgres';
let statements = 0;
const proto = pg.Client.prototype as unknown as { query: (...a: unknown[]) => unknown };
const orig = proto.query;
proto.query = function (this: unknown, ...a: unknown[]) { statements++; return orig.apply(this, a); };

async function main() {
  let env: Record<string, string> = {};
  let postmaster: number | null = null;
  let stop = async () => {};
  if (DB === 'postgres') {
    const server = await startPostgresServer();
    const database = await createDatabase(server.url);
    const admin = new pg.Client({ connectionString: server.url });
    await admin.connect();
    const dataDir = (await admin.query<{ data_directory: string }>('show data_directory')).rows[0]!.data_directory;
    await admin.end();
    postmaster = Number(readFileSync(path.join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
    env = { DATABASE_URL: database.url };
    stop = async () => { await database.drop(); await server.stop(); };
  }
  const dir = mkdtempSync(path.join(tmpdir(), 'kw-probe-'));
  const config = loadConfig({ PORT: String(await freePort()), HOST: '127.0.0.1', KLACHTWIJS_DATA_DIR: dir, KLACHTWIJS_DEMO: 'false', KLACHTWIJS_PUBLIC_RATE_LIMIT: '0', LOG_LEVEL: 'silent', ...env });
  const server = await startServer(config, createLogger('silent'));
  const db = server.database.db;
  const org = await makeOrganisation(db);
  let n = 0;
  const one = () => registerPublicComplaint(db, { organisationId: org.id, actor: null, door: 'public', issueLink: { baseUrl: 'http://x' }, input: {
    channel: 'web_form', unitId: org.unitId, subject: 'Profiel', description: 'De medewerker kwam niet opdagen bij de afspraak en belde ook niet af.',
    complainant: { name: 'Bea Benchmark', email: 'bea@example.nl', postalAddress: 'Proefstraat 1, 1234 AB Ergens', relation: 'client' }, respondentName: 'J. de Vries', signed: true, idempotencyKey: `probe-${process.pid}-${n++}` } });
  async function run(label: string, amount: number) {
    let left = amount;
    const lat: number[] = [];
    const s0 = statements, c0 = process.cpuUsage(), p0 = postmaster ? postgresCpuMs(postmaster) : 0, t0 = performance.now();
    await Promise.all(Array.from({ length: CONC }, async () => { while (left-- > 0) { const t = performance.now(); await one(); lat.push(performance.now() - t); } }));
    const wall = performance.now() - t0, c = process.cpuUsage(c0), p = postmaster ? postgresCpuMs(postmaster) - p0 : 0;
    lat.sort((a, b) => a - b);
    const q = (f: number) => lat[Math.min(lat.length - 1, Math.floor(f * lat.length))]!.toFixed(1);
    console.log(`| ${label} | ${(amount / wall * 1000).toFixed(0)} | ${q(0.5)} / ${q(0.99)} | ${((c.user + c.system) / 1000 / amount).toFixed(2)} | ${(p / amount).toFixed(2)} | ${((statements - s0) / amount).toFixed(2)} | ${readFileSync('/proc/loadavg', 'utf8').split(' ')[0]} |`);
  }
  setIntakeGroupCommit({ cap: 1, inFlight: Infinity }); await run('warm (off)', 200);
  setIntakeGroupCommit({ cap: 32, inFlight: null }); await run('warm (on)', 200);
  console.log(`| ${DB} mode | /s | p50 / p99 ms | node CPU ms | server CPU ms | statements | load |\n|---|---:|---:|---:|---:|---:|---:|`);
  for (let r = 0; r < Number(process.env.ROUNDS ?? 2); r++) {
    setIntakeGroupCommit({ cap: 1, inFlight: Infinity }); await run('off', AMOUNT);
    setIntakeGroupCommit({ cap: 32, inFlight: null }); await run('on', AMOUNT);
    if (process.env.EXTRA) { setIntakeGroupCommit({ cap: 32, inFlight: 1 }); await run('on, 1 in flight', AMOUNT); setIntakeGroupCommit({ cap: 32, inFlight: 4 }); await run('on, 4 in flight', AMOUNT); }
  }
  await server.close?.();
  await stop();
  process.exit(0);
}
await main();
