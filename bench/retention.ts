/**
 * `npm run bench:retention`: destroying many dossiers (issue 11, ADR 0019), on a PostgreSQL server started for the run
 * and on the embedded PGlite. Not a test: it prints figures (see bench/README.md).
 *
 * Per database: an organisation running the `hss` preset (no retention period: the organisation's default applies)
 * and BENCH_DOSSIERS (default 10,000) dossiers closed in 2019, each with a history of three events, two attachments
 * (8 kB each), a letter with its PDF (16 kB), its outbound mail (20 kB), an audit line and its statistical record,
 * inserted in batches. Then `runDestruction` with the coordinator's approval: the due list, then one transaction
 * per dossier. Prints the time of the due list, of the destruction and per dossier, and checks nothing is left.
 * BENCH_DB=postgres|pglite runs one of them only.
 */
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { openDatabase, type Database } from '../src/db/database.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import type { DB } from '../src/db/types.ts';
import { today } from '../src/usecases/complaints/dossier.ts';
import { createOrganisation } from '../src/usecases/organisations/create-organisation.ts';
import { activateRegulation } from '../src/usecases/regulations/regulations.ts';
import { runDestruction } from '../src/usecases/retention/destroy.ts';
import { dueDossiers } from '../src/usecases/retention/retention.ts';
import { createDatabase, startPostgresServer } from '../test/support/pg-server.ts';

const DOSSIERS = Number(process.env.BENCH_DOSSIERS ?? 10_000);
const BATCH = 250;
const bytes = (n: number, fill: number) => new Uint8Array(n).fill(fill);

async function seed(db: Kysely<DB>): Promise<{ organisationId: string; seconds: number }> {
  const started = performance.now();
  const org = await db.transaction().execute((tx) => createOrganisation(tx, { slug: `bench-retention-${Date.now()}`, name: 'Bench Zorg' }));
  const reg = await db.transaction().execute((tx) => activateRegulation(tx, { organisationId: org.id, unitId: null, source: { preset: 'hss' }, fills: {}, actorUserId: null }));
  for (let start = 0; start < DOSSIERS; start += BATCH) {
    const n = Math.min(BATCH, DOSSIERS - start);
    await db.transaction().execute(async (tx) => {
      const complaints = Array.from({ length: n }, (_, k) => {
        const i = start + k;
        const day = `2019-${String(1 + (i % 12)).padStart(2, '0')}-${String(1 + (i % 28)).padStart(2, '0')}`;
        return {
          id: randomUUID(),
          organisation_id: org.id,
          unit_id: org.defaultUnit.id,
          regulation_version_id: reg.versionId,
          reference: `B-2019-${String(i + 1).padStart(6, '0')}`,
          kind: 'complaint' as const,
          status: 'closed',
          channel: 'email',
          received_on: day,
          closed_at: new Date(`${day}T12:00:00Z`),
          subject: `Klacht van Bench Persoon ${i}`,
          description: `Bench Persoon ${i} is niet teruggebeld.`,
          complainant: JSON.stringify({ relation: 'client', name: `Bench Persoon ${i}`, email: `persoon${i}@example.nl` }),
        };
      });
      await tx.insertInto('complaints').values(complaints).execute();
      await tx
        .insertInto('complaint_events')
        .values(
          complaints.flatMap((c) =>
            [1, 2, 3].map((seq) => ({ organisation_id: org.id, complaint_id: c.id, seq, type: seq === 1 ? 'registered' : 'note-added', data: JSON.stringify({ text: `Notitie over ${c.complainant}` }) })),
          ),
        )
        .execute();
      await tx
        .insertInto('complaint_attachments')
        .values(complaints.flatMap((c) => [1, 2].map((k) => ({ organisation_id: org.id, complaint_id: c.id, filename: `bijlage-${k}.pdf`, content_type: 'application/pdf', size: 8192, sha256: 'x'.repeat(64), data: bytes(8192, k) }))))
        .execute();
      const mails = complaints.map((c) => ({
        id: randomUUID(),
        organisation_id: org.id,
        complaint_id: c.id,
        purpose: 'letter',
        recipient: 'persoon@example.nl',
        subject: `Uw klacht ${c.reference}`,
        message_id: `<${randomUUID()}@bench>`,
        envelope_from: 'klachten@bench.nl',
        raw: bytes(20_000, 65),
        status: 'sent',
      }));
      await tx.insertInto('outbound_mails').values(mails).execute();
      await tx
        .insertInto('letters')
        .values(
          complaints.map((c, k) => ({
            organisation_id: org.id,
            complaint_id: c.id,
            kind: 'decision',
            recipient_role: 'complainant' as const,
            recipient_name: 'Bench Persoon',
            channel: 'email' as const,
            subject: `Uw klacht ${c.reference}`,
            body: 'Beste Bench Persoon, …',
            pdf: bytes(16_384, 37),
            outbound_mail_id: mails[k]!.id,
          })),
        )
        .execute();
      await tx
        .insertInto('audit_log')
        .values(complaints.map((c) => ({ organisation_id: org.id, actor_user_id: null, action: 'complaint.viewed', subject_type: 'complaint', subject_id: c.id, details: JSON.stringify({ note: 'Bench Persoon' }) })))
        .execute();
      await tx
        .insertInto('complaint_statistics')
        .values(complaints.map((c) => ({ complaint_id: c.id, organisation_id: org.id, unit_id: c.unit_id, regulation_version_id: reg.versionId, kind: 'complaint', status: 'closed', channel: 'email', relation: 'client', received_on: c.received_on, ended_on: c.received_on, decided_on: null, classification: '{}', terms: '{}', escalations: '[]', external: '[]' })))
        .execute();
    });
  }
  return { organisationId: org.id, seconds: (performance.now() - started) / 1000 };
}

async function run(label: string, database: Database): Promise<void> {
  const db = database.db;
  await migrateToLatest(db);
  const seeded = await seed(db);
  console.log(`${label}: ${DOSSIERS.toLocaleString('nl-NL')} dossiers seeded in ${seeded.seconds.toFixed(1)} s`);
  const t0 = performance.now();
  const due = await dueDossiers(db, seeded.organisationId, today());
  const listSeconds = (performance.now() - t0) / 1000;
  const t1 = performance.now();
  let last = 0;
  const result = await runDestruction(db, {
    organisationId: seeded.organisationId,
    approvedBy: null,
    approval: 'cli',
    today: today(),
    onProgress: (done, total) => {
      if (done - last >= 1000 || done === total) {
        last = done;
        process.stderr.write(`  ${label}: ${done} / ${total}\n`);
      }
    },
  });
  const seconds = (performance.now() - t1) / 1000;
  const left = await db.selectFrom('complaints').select((eb) => eb.fn.countAll<string>().as('n')).where('organisation_id', '=', seeded.organisationId).executeTakeFirstOrThrow();
  const records = await db.selectFrom('destruction_records').select((eb) => eb.fn.countAll<string>().as('n')).where('organisation_id', '=', seeded.organisationId).executeTakeFirstOrThrow();
  const stats = await db.selectFrom('complaint_statistics').select((eb) => eb.fn.countAll<string>().as('n')).where('organisation_id', '=', seeded.organisationId).executeTakeFirstOrThrow();
  console.log(
    `${label}: due list of ${due.length.toLocaleString('nl-NL')} in ${listSeconds.toFixed(1)} s; destroyed ${result.destroyed.length.toLocaleString('nl-NL')} in ${seconds.toFixed(1)} s ` +
      `(${((seconds * 1000) / Math.max(1, result.destroyed.length)).toFixed(1)} ms per dossier, one transaction each); left: ${left.n} dossiers, ${records.n} destruction records, ${stats.n} statistical records kept`,
  );
}

const which = process.env.BENCH_DB;
if (which !== 'pglite') {
  const server = await startPostgresServer();
  const target = await createDatabase(server.url);
  const database = await openDatabase({ kind: 'postgres', url: target.url });
  try {
    await run('PostgreSQL', database);
  } finally {
    await database.close();
    await target.drop();
    await server.stop();
  }
}
if (which !== 'postgres') {
  const database = await openDatabase({ kind: 'pglite' });
  try {
    await run('PGlite', database);
  } finally {
    await database.close();
  }
}
