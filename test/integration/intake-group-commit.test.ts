import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import { sql } from 'kysely';
import { forgetIntakeContext, intakeContext, isCurrent } from '../../src/usecases/complaints/intake-context.ts';
import { registerComplaint } from '../../src/usecases/complaints/register-complaint.ts';
// After register-complaint.ts: the notification modules sit in an import cycle with the job registry (the one allowed in src/import-cycles.test.ts).
import { mailNotificationJob } from '../../src/usecases/notifications/mail-notification.job.ts';
import { recordPgStatements } from '../support/capture.ts';
import { forEachDatabase } from '../support/databases.ts';
import { makeOrganisationWithRegulation } from '../support/factories.ts';

/**
 * Group commit of the public intake (issue 13, ADR 0033): public submissions that arrive while a registering statement
 * is in flight are stored together in one statement, one commit; every answer is still one committed complaint with
 * its history, statistical record, audit line, notification and mail job, and a bad submission in a group fails alone.
 */
forEachDatabase('public intake group commit', (ctx) => {
  let org: Awaited<ReturnType<typeof makeOrganisationWithRegulation>>;
  before(async () => {
    org = await makeOrganisationWithRegulation(ctx.database.db, 'stadsring51');
  });

  const input = (key: string, description = 'De medewerker kwam drie keer niet opdagen bij de afspraak.') => ({
    channel: 'web_form',
    description,
    complainant: { relation: 'client', name: 'Jan Jansen', postalAddress: 'Dorpsstraat 1, 1234 AB Ergens', email: 'jan@example.nl' },
    signed: true,
    idempotencyKey: key,
  });
  const submit = (key: string, description?: string) =>
    registerComplaint(ctx.database.db, { organisationId: org.org.id, actor: null, door: 'public', input: input(key, description) });

  const N = 24;
  // Read before the submissions: the complaints' own rows are what counts.
  const storedRows = async (prefix: string) =>
    (
      await sql<{ id: string; reference: string; tx: string }>`select id, reference, xmin::text as tx from complaints
        where organisation_id = ${org.org.id} and idempotency_key like ${`public:anonymous:${prefix}%`} order by reference`.execute(ctx.database.db)
    ).rows;

  it('stores concurrent submissions together (fewer commits than submissions), each a whole dossier with its own number', async () => {
    const db = ctx.database.db;
    await submit('group-warm-up'); // the context is read once
    const results = await Promise.all(Array.from({ length: N }, (_, i) => submit(`group-a-${i}`)));
    const rows = await storedRows('group-a-');
    assert.equal(rows.length, N, 'every answer is a stored complaint');
    assert.deepEqual(new Set(results.map((r) => r.id)), new Set(rows.map((r) => r.id)));
    for (const r of results) assert.equal(r.reference, rows.find((row) => row.id === r.id)!.reference, 'the answer names the stored reference');
    assert.equal(new Set(rows.map((r) => r.reference)).size, N, 'each its own reference number');
    const numbers = (await db.selectFrom('complaints').select('reference').where('organisation_id', '=', org.org.id).orderBy('reference').execute()).map((c) => Number(c.reference.slice(5)));
    assert.deepEqual(numbers, Array.from({ length: N + 1 }, (_, i) => i + 1), 'numbers without a gap or a repeat');
    // Committed together: several complaints share a transaction id (alone, each had its own).
    const commits = new Set(rows.map((r) => r.tx)).size;
    assert.ok(commits < N / 2, `${N} submissions in ${commits} commits`);

    const ids = rows.map((r) => r.id);
    const count = async (table: 'complaint_events' | 'complaint_statistics' | 'complainant_links') =>
      Number((await db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).where('complaint_id', 'in', ids).executeTakeFirstOrThrow()).n);
    assert.equal(await count('complaint_events'), N, 'one first history event each');
    assert.equal(await count('complaint_statistics'), N, 'one statistical record each');
    const events = await db.selectFrom('complaint_events').select(['complaint_id', 'seq', 'type', 'data']).where('complaint_id', 'in', ids).execute();
    for (const e of events) assert.deepEqual([e.seq, e.type, (e.data as { door: string }).door], [1, 'registered', 'public']);
    const audit = await db.selectFrom('audit_log').select(['subject_id', 'action']).where('subject_id', 'in', ids).execute();
    assert.deepEqual(audit.map((a) => a.subject_id).sort(), [...ids].sort(), 'one audit line each');
    const notes = await db.selectFrom('notifications').select(['id', 'complaint_id', 'user_id', 'delivery']).where('complaint_id', 'in', ids).execute();
    assert.deepEqual(notes.map((n) => n.complaint_id).sort(), [...ids].sort(), "one coordinator's notification each");
    assert.ok(notes.every((n) => n.user_id === org.coordinator.user.id && n.delivery === 'now'));
    const jobs = (await sql<{ id: string }>`select data->>'notificationId' as id from pgboss.job where name = ${mailNotificationJob.name}`.execute(db)).rows.map((j) => j.id);
    for (const n of notes) assert.equal(jobs.filter((j) => j === n.id).length, 1, 'one mail job per notification when the answer came');
  });

  it('a bad submission in a group fails alone; the others are stored as they would be alone', async () => {
    const db = ctx.database.db;
    // A NUL character passes the form's schema but PostgreSQL refuses it in text: the group's statement fails.
    const bad = N / 2;
    const settled = await Promise.allSettled(Array.from({ length: N }, (_, i) => (i === bad ? submit(`group-b-${i}`, 'Een omschrijving met een \u0000 erin.') : submit(`group-b-${i}`))));
    assert.equal(settled[bad]!.status, 'rejected', 'the bad one fails');
    const fulfilled = settled.filter((s) => s.status === 'fulfilled');
    assert.equal(fulfilled.length, N - 1, 'every other one is stored');
    const rows = await storedRows('group-b-');
    assert.deepEqual(new Set(fulfilled.map((s) => s.value.id)), new Set(rows.map((r) => r.id)));
    const events = await db.selectFrom('complaint_events').select('complaint_id').where('complaint_id', 'in', rows.map((r) => r.id)).execute();
    assert.equal(events.length, N - 1);
    // The failed group's numbers were rolled back with it: no gap.
    const numbers = (await db.selectFrom('complaints').select('reference').where('organisation_id', '=', org.org.id).orderBy('reference').execute()).map((c) => Number(c.reference.slice(5)));
    assert.deepEqual(numbers, Array.from({ length: numbers.length }, (_, i) => i + 1));
    // And the group goes on afterwards.
    const after = await Promise.all(Array.from({ length: 6 }, (_, i) => submit(`group-c-${i}`)));
    assert.equal((await storedRows('group-c-')).length, after.length);
  });

  it('one statement text alone and grouped; a group\'s mail jobs in one pg-boss insert, there when the answers come', async () => {
    const db = ctx.database.db;
    // What the PostgreSQL server is sent (pg's Client.query; PGlite: its session's prepared statements, below).
    const { sent, stop } = recordPgStatements();
    let results: Awaited<ReturnType<typeof submit>>[];
    try {
      await submit('group-e-alone');
      results = await Promise.all(Array.from({ length: N }, (_, i) => submit(`group-e-${i}`)));
    } finally {
      stop();
    }
    const notes = await db.selectFrom('notifications').select('id').where('complaint_id', 'in', results.map((r) => r.id)).execute();
    assert.equal(notes.length, N);
    const jobs = (await sql<{ id: string }>`select data->>'notificationId' as id from pgboss.job where name = ${mailNotificationJob.name}`.execute(db)).rows.map((j) => j.id);
    for (const n of notes) assert.equal(jobs.filter((j) => j === n.id).length, 1, 'one mail job per notification');
    if (ctx.kind === 'postgres') {
      const registering = sent.filter((q) => q.text.includes('insert into "complaints"'));
      assert.ok(registering.length < N / 2, `${N + 1} submissions in ${registering.length} statements: grouped`);
      assert.deepEqual([...new Set(registering.map((q) => q.name))].length, 1, 'alone and grouped: one named statement');
      const jobInserts = sent.filter((q) => /insert into pgboss\.\w+/i.test(q.text) && q.text.includes('json_to_recordset'));
      assert.ok(jobInserts.length <= registering.length, `${jobInserts.length} pg-boss inserts for ${registering.length} registering statements: one per group`);
    } else {
      const kept = (await sql<{ statement: string }>`select statement from pg_prepared_statements where name like 'kw\_%'`.execute(db)).rows.map((r) => r.statement);
      assert.equal(kept.filter((t) => t.includes('insert into "complaints"')).length, 1, 'alone and grouped: one prepared statement in the session');
    }
  });

  it('the registering statement parses its submissions once (jsonb), not again at every field it takes out', async () => {
    // As `json`, each `->` and `json_populate_record` parsed the element's text again: about ten parses per submission,
    // a fifth of the PostgreSQL server's CPU per submission (issue 13, session 11; bench/README.md).
    const { sent, stop } = recordPgStatements();
    try {
      await submit('group-f-jsonb');
    } finally {
      stop();
    }
    const texts =
      ctx.kind === 'postgres'
        ? sent.map((q) => q.text)
        : (await sql<{ statement: string }>`select statement from pg_prepared_statements where name like 'kw\_%'`.execute(ctx.database.db)).rows.map((r) => r.statement);
    const registering = texts.filter((t) => t.includes('insert into "complaints"'));
    assert.ok(registering.length >= 1, 'the registering statement was seen');
    for (const text of registering) {
      assert.match(text, /jsonb_array_elements\(\$\d+::jsonb\)/, 'the submissions arrive as one jsonb array');
      assert.doesNotMatch(text, /\bjson_(populate_record|array_elements|array_elements_text)\(|::json\b/, 'no json text parsed again');
    }
  });

  it("the form's context checks of one organisation go together, each begun after it was asked", async () => {
    const db = ctx.database.db;
    const context = (await intakeContext(db, org.org.id))!;
    const { sent, stop } = recordPgStatements();
    let current: boolean[];
    try {
      current = await Promise.all(Array.from({ length: N }, () => isCurrent(db, context, { sweepExpiredUploads: true })));
    } finally {
      stop();
    }
    assert.ok(current.every(Boolean), 'current');
    if (ctx.kind === 'postgres') {
      const checks = sent.filter((s) => s.text.includes('intake_generation'));
      assert.ok(checks.length >= 1 && checks.length <= 2, `${N} checks in ${checks.length} statements`);
    }
    // A check asked after a change committed sees it, even with a check in flight that began before the change.
    const before = isCurrent(db, context);
    await db.updateTable('organisations').set({ name: `${org.org.name} ` }).where('id', '=', org.org.id).execute();
    const after = isCurrent(db, context);
    assert.deepEqual([await before, await after].slice(1), [false], 'the change is seen');
    forgetIntakeContext(db, org.org.id);
  });

  it('a double submit inside a group is stored once and answered with the first', async () => {
    const results = await Promise.all(Array.from({ length: 10 }, (_, i) => submit(i % 2 ? 'group-d-twin' : `group-d-${i}`)));
    const twins = results.filter((_, i) => i % 2);
    assert.equal(new Set(twins.map((r) => r.id)).size, 1, 'the twins name one complaint');
    assert.deepEqual(twins.map((r) => r.duplicate).filter((d) => !d).length, 1, 'one of them stored it');
    assert.equal((await storedRows('group-d-twin')).length, 1);
    assert.equal((await storedRows('group-d-')).length, 6);
  });
});
