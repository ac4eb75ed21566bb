/**
 * `npm run bench:reports`: a yearly report over many complaints (issue 10, ADR 0016), on a PostgreSQL server
 * started for the run (BENCH_COMPLAINTS, default 50,000 in the report's year) and on the embedded PGlite
 * (BENCH_PGLITE_COMPLAINTS, default 10,000). Not a test: it prints figures (see bench/README.md).
 *
 * Per database: an organisation running the `hss` preset with three units; the anonymous statistical records
 * (ADR 0015: reports read only these) of the complaints in the report's year, spread over the year, and
 * BENCH_EARLIER (default 40 % of that) in the four years before for the comparisons and trends; channels,
 * relations, every classification dimension, severity, outcomes, terms met on time or late, escalations,
 * external procedures and satisfaction drawn from a fixed-seed random generator. Then, BENCH_RUNS times
 * (default 3): `buildReportDocument` for the year (load the records, compute the figures) + the HTML page
 * (`reportHtmlDocument`, with its charts), and + the PDF (`reportPdf`). The first run is cold (JIT, fonts);
 * the goal is HTML under 1 s and PDF under 2 s.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Kysely } from 'kysely';
import { openDatabase, type Database } from '../src/db/database.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import type { DB } from '../src/db/types.ts';
import { parsePeriod } from '../src/domain/reports/periods.ts';
import { reportHtmlDocument } from '../src/reports/html.tsx';
import { reportPdf } from '../src/reports/pdf.ts';
import { activateRegulation, activeRegulation } from '../src/usecases/regulations/regulations.ts';
import { buildReportDocument } from '../src/usecases/reports/document.ts';
import { createOrganisation } from '../src/usecases/organisations/create-organisation.ts';
import { createUnit } from '../src/usecases/units/units.ts';
import { createDatabase, startPostgresServer } from '../test/support/pg-server.ts';
import { prng } from '../test/support/prng.ts';

const COMPLAINTS = Number(process.env.BENCH_COMPLAINTS ?? 50_000);
const PGLITE_COMPLAINTS = Number(process.env.BENCH_PGLITE_COMPLAINTS ?? 10_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const YEAR = 2026;
const BATCH = 1_000;

const pad = (n: number) => String(n).padStart(2, '0');
const addDays = (day: string, n: number) => new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

async function seed(db: Kysely<DB>, inYear: number): Promise<{ organisationId: string; records: number; seconds: number }> {
  const started = performance.now();
  const org = await db.transaction().execute((tx) => createOrganisation(tx, { slug: `bench-reports-${Date.now()}`, name: 'Bench Zorg' }));
  await db.transaction().execute((tx) => activateRegulation(tx, { organisationId: org.id, unitId: null, source: { preset: 'hss' }, fills: {}, actorUserId: null }));
  const units = [org.defaultUnit.id];
  for (const [slug, name] of [['noord', 'Locatie Noord'], ['zuid', 'Locatie Zuid']] as const) {
    units.push((await db.transaction().execute((tx) => createUnit(tx, org.id, { name, slug, kind: 'afdeling', parentId: null }, null))).id);
  }
  const reg = (await activeRegulation(db, org.id, null))!.regulation;
  const dims = reg.classification.dimensions.map((d) => ({ key: d.key, options: d.options.map((o) => o.key) }));
  const severity: string[] = "levels" in reg.classification.severity ? reg.classification.severity.levels.map((l) => l.key) : [];
  const rand = prng(42);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
  const earlier = Math.round(Number(process.env.BENCH_EARLIER ?? inYear * 0.4));
  const total = inYear + earlier;
  let rows: Record<string, unknown>[] = [];
  for (let i = 0; i < total; i++) {
    const year = i < inYear ? YEAR : YEAR - 1 - (i % 4);
    const received = `${year}-${pad(1 + Math.floor(rand() * 12))}-${pad(1 + Math.floor(rand() * 28))}`;
    const kind = rand() < 0.85 ? 'complaint' : pick(['dissatisfaction', 'suggestion', 'not_a_complaint']);
    const open = year === YEAR && rand() < 0.05;
    const took = Math.floor(rand() * 70);
    const ended = open ? null : addDays(received, took);
    const decided = ended && kind === 'complaint' && rand() < 0.9 ? ended : null;
    const ackMet = addDays(received, Math.floor(rand() * 9));
    const terms: Record<string, unknown> = {
      acknowledgement: { due: addDays(received, 7), metOn: ackMet, late: ackMet > addDays(received, 7) },
      decision: { due: addDays(received, 42), metOn: decided, late: decided !== null && decided > addDays(received, 42) },
    };
    rows.push({
      organisation_id: org.id,
      unit_id: pick(units),
      kind,
      status: open ? 'in_progress' : decided ? 'decided' : 'closed',
      channel: pick(['web_form', 'email', 'email', 'letter', 'phone']),
      relation: pick(['client', 'client', 'representative', 'other']),
      received_on: received,
      ended_on: ended,
      decided_on: decided,
      classification: JSON.stringify(Object.fromEntries(dims.map((d) => [d.key, d.options.length ? [pick(d.options)] : []]))),
      severity: severity.length ? pick(severity) : null,
      sensitive: rand() < 0.03,
      inadmissible_ground: null,
      outcome: decided ? pick(['upheld', 'partly_upheld', 'not_upheld']) : null,
      terms: JSON.stringify(terms),
      escalations: JSON.stringify(rand() < 0.04 ? ['management'] : []),
      external: JSON.stringify(rand() < 0.01 ? [{ bodyKind: 'disputes_committee', bodyName: 'Geschilleninstantie', submittedOn: addDays(received, 80), ruled: rand() < 0.5, rulingOn: null }] : []),
      satisfied: ended && rand() < 0.6 ? rand() < 0.7 : null,
    });
    if (rows.length === BATCH || i === total - 1) {
      await db.insertInto('complaint_statistics').values(rows as never).execute();
      rows = [];
    }
  }
  return { organisationId: org.id, records: total, seconds: (performance.now() - started) / 1000 };
}

async function run(name: string, database: Database, inYear: number): Promise<string[]> {
  const db = database.db;
  await migrateToLatest(db);
  const seeded = await seed(db, inYear);
  const period = parsePeriod(String(YEAR))!;
  const timings: { figures: number; html: number; pdf: number; pdfBytes: number }[] = [];
  let received = 0;
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    const doc = await buildReportDocument(db, { organisationId: seeded.organisationId, unitId: null, period, audience: 'board' });
    const t1 = performance.now();
    reportHtmlDocument(doc);
    const t2 = performance.now();
    const pdf = await reportPdf(doc);
    const t3 = performance.now();
    received = doc.figures.current.received;
    timings.push({ figures: t1 - t0, html: t2 - t1, pdf: t3 - t2, pdfBytes: pdf.length });
  }
  const ms = (n: number) => `${Math.round(n)} ms`;
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
  const warm = timings.slice(1);
  const line = (pick: (t: (typeof timings)[number]) => number) => `first ${ms(pick(timings[0]!))}${warm.length ? `, then median ${ms(median(warm.map(pick)))}` : ''}`;
  return [
    `${name}: seeded ${seeded.records.toLocaleString('nl-NL')} statistical records (${inYear.toLocaleString('nl-NL')} in ${YEAR}) in ${seeded.seconds.toFixed(1)} s; the report counts ${received.toLocaleString('nl-NL')} received in ${YEAR}`,
    `${name}: figures (buildReportDocument: load the records + computeFigures): ${line((t) => t.figures)}`,
    `${name}: HTML page with charts (render only): ${line((t) => t.html)}; PDF with charts (render only): ${line((t) => t.pdf)} (${Math.round(timings[0]!.pdfBytes / 1024)} kB)`,
    `${name}: figures + HTML: ${line((t) => t.figures + t.html)} (goal < 1 s); figures + PDF: ${line((t) => t.figures + t.pdf)} (goal < 2 s)`,
  ];
}

const lines: string[] = [];
const server = await startPostgresServer();
try {
  const testDb = await createDatabase(server.url);
  const pg = await openDatabase({ kind: 'postgres', url: testDb.url });
  try {
    lines.push(...(await run('PostgreSQL', pg, COMPLAINTS)));
  } finally {
    await pg.close();
    await testDb.drop();
  }
} finally {
  await server.stop();
}
if (PGLITE_COMPLAINTS > 0) {
  const dir = mkdtempSync(path.join(tmpdir(), 'kw-bench-reports-'));
  const pglite = await openDatabase({ kind: 'pglite', dataDir: dir });
  try {
    lines.push(...(await run('PGlite', pglite, PGLITE_COMPLAINTS)));
  } finally {
    await pglite.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
console.log(`\nReports bench (${new Date().toISOString().slice(0, 10)}, yearly report ${YEAR}, ${RUNS} runs)\n${lines.map((l) => `  ${l}`).join('\n')}`);
