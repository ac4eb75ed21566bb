import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { after, before, it } from 'node:test';
import { sql } from 'kysely';
import pg from 'pg';
import { pino } from 'pino';
import { openDatabase, type Database } from '../../src/db/database.ts';
import { PREPARED } from '../../src/db/prepared.ts';
import { jobQueue } from '../../src/jobs/queue.ts';
import { intakeContext } from '../../src/usecases/complaints/intake-context.ts';
import { registerComplaint } from '../../src/usecases/complaints/register-complaint.ts';
import { activateRegulation } from '../../src/usecases/regulations/regulations.ts';
import { createUnit } from '../../src/usecases/units/units.ts';
// After register-complaint.ts: the notification modules sit in an import cycle with the job registry (the one allowed in src/import-cycles.test.ts).
import { savePreferences } from '../../src/usecases/notifications/inbox.ts';
import { NOTIFICATION_KINDS } from '../../src/usecases/notifications/kinds.ts';
import { mailNotificationJob } from '../../src/usecases/notifications/mail-notification.job.ts';
import { sweepNotifications } from '../../src/usecases/notifications/sweep-notifications.job.ts';
import { recordPgStatements } from '../support/capture.ts';
import { forEachDatabase } from '../support/databases.ts';
import { makeOrganisationWithRegulation } from '../support/factories.ts';

/**
 * The public intake's fast path (issue 13, ADR 0029): the organisation, units and active regulation are cached per
 * process and checked in the registration statement against `organisations.intake_generation`; the complaint, its
 * history, statistics, audit line and notifications are written by one statement.
 */
forEachDatabase('public intake fast path', (ctx) => {
  let org: Awaited<ReturnType<typeof makeOrganisationWithRegulation>>;
  before(async () => {
    org = await makeOrganisationWithRegulation(ctx.database.db, 'stadsring51');
  });

  const input = (key: string) => ({
    channel: 'web_form',
    description: 'De medewerker kwam drie keer niet opdagen bij de afspraak.',
    complainant: { relation: 'client', name: 'Jan Jansen', postalAddress: 'Dorpsstraat 1, 1234 AB Ergens', email: 'jan@example.nl' },
    signed: true,
    idempotencyKey: key,
  });
  const submit = (db: Database['db'], key: string) => registerComplaint(db, { organisationId: org.org.id, actor: null, door: 'public', input: input(key) });
  const versionOf = async (id: string) => (await ctx.database.db.selectFrom('complaints').select('regulation_version_id').where('id', '=', id).executeTakeFirstOrThrow()).regulation_version_id;
  const newestVersion = async () =>
    (await ctx.database.db.selectFrom('regulation_versions').select('id').where('organisation_id', '=', org.org.id).orderBy('activated_at', 'desc').orderBy('version', 'desc').executeTakeFirstOrThrow()).id;

  it('stores the complaint with its first event, statistical record, audit line and the coordinator\'s notification', async () => {
    const r = await submit(ctx.database.db, 'fast-path-rows-1');
    const db = ctx.database.db;
    const events = await db.selectFrom('complaint_events').select(['seq', 'type', 'data']).where('complaint_id', '=', r.id).execute();
    assert.deepEqual(events.map((e) => [e.seq, e.type]), [[1, 'registered']]);
    assert.equal((events[0]!.data as { door: string }).door, 'public');
    const stats = await db.selectFrom('complaint_statistics').select(['channel', 'relation', 'received_on', 'unit_id']).where('complaint_id', '=', r.id).executeTakeFirstOrThrow();
    assert.deepEqual(stats, { channel: 'web_form', relation: 'client', received_on: r.receivedOn, unit_id: org.unit.id });
    const audit = await db.selectFrom('audit_log').select(['action', 'details']).where('subject_id', '=', r.id).execute();
    assert.deepEqual(audit.map((a) => a.action), ['complaint.registered']);
    const notes = await db.selectFrom('notifications').select(['user_id', 'kind']).where('complaint_id', '=', r.id).execute();
    assert.deepEqual(notes, [{ user_id: org.coordinator.user.id, kind: 'new_in_unit' }]);
    const row = await db.selectFrom('complaints').select(['reference', 'complainant', 'deadlines', 'search']).where('id', '=', r.id).executeTakeFirstOrThrow();
    assert.equal(row.reference, r.reference);
    assert.equal((row.complainant as { name: string }).name, 'Jan Jansen');
    assert.deepEqual(row.deadlines, r.deadlines);
    assert.ok(row.search.length > 0, 'the full-text vector is filled');
  });

  it('follows a newly activated regulation version at the next submission, with the context cached', async () => {
    const db = ctx.database.db;
    const first = await submit(db, 'fast-path-version-1');
    assert.equal(await versionOf(first.id), await newestVersion());
    const cached = await intakeContext(db, org.org.id);
    await db.transaction().execute((tx) => activateRegulation(tx, { organisationId: org.org.id, unitId: null, source: { preset: 'stadsring51' }, fills: {}, actorUserId: null }));
    assert.equal(await intakeContext(db, org.org.id), cached, 'still the cached context: the registration itself must see the change');
    const second = await submit(db, 'fast-path-version-2');
    assert.equal(await versionOf(second.id), await newestVersion());
    assert.notEqual(await versionOf(second.id), await versionOf(first.id));
  });

  it('follows a unit added since the context was cached (the unit question is then asked)', async () => {
    const db = ctx.database.db;
    const other = await makeOrganisationWithRegulation(db, 'stadsring51');
    const one = await registerComplaint(db, { organisationId: other.org.id, actor: null, door: 'public', input: input('fast-path-unit-1') });
    assert.equal(one.duplicate, false);
    const count = async () => Number((await db.selectFrom('units').select((eb) => eb.fn.countAll<number>().as('n')).where('organisation_id', '=', other.org.id).executeTakeFirstOrThrow()).n);
    assert.equal(await count(), 1);
    await db.transaction().execute((tx) => createUnit(tx, other.org.id, { name: 'Tweede team' }, null));
    assert.equal(await count(), 2);
    // Two units now: a submission that names none is asked for one, as the general path does.
    await assert.rejects(
      registerComplaint(db, { organisationId: other.org.id, actor: null, door: 'public', input: input('fast-path-unit-2') }),
      (err: { code?: string }) => err.code === 'validation_failed',
    );
  });

  it('stores one complaint when the same submission arrives twice at once', async () => {
    const db = ctx.database.db;
    const [a, b] = await Promise.all([submit(db, 'fast-path-race-1'), submit(db, 'fast-path-race-1')]);
    assert.equal(a.id, b.id);
    assert.equal(a.reference, b.reference);
    assert.deepEqual([a.duplicate, b.duplicate].sort(), [false, true]);
    const stored = await db.selectFrom('complaints').select('id').where('organisation_id', '=', org.org.id).where('idempotency_key', 'like', 'public:anonymous:fast-path-race-1:%').execute();
    assert.equal(stored.length, 1);
    const events = await db.selectFrom('complaint_events').select('seq').where('complaint_id', '=', a.id).execute();
    assert.equal(events.length, 1);
  });

  /** A coordinator's choice for "new in my unit" (the other kinds at once). */
  const deliverNewInUnit = (db: Database['db'], userId: string, delivery: 'now' | 'digest' | 'off') =>
    savePreferences(db, { userId }, { deliveries: { ...Object.fromEntries(NOTIFICATION_KINDS.map((k) => [k, 'now'])), new_in_unit: delivery }, termDays: '' });
  const mailJobsFor = async (notificationId: string) =>
    Number((await sql<{ n: number }>`select count(*)::int as n from pgboss.job where name = ${mailNotificationJob.name} and data->>'notificationId' = ${notificationId}`.execute(ctx.database.db)).rows[0]!.n);
  /** The statements the PostgreSQL server is sent while `fn` runs (none counted on PGlite). */
  const statementsDuring = async <T>(fn: () => Promise<T>): Promise<{ result: T; texts: string[] }> => {
    const { sent, stop } = recordPgStatements();
    try {
      return { result: await fn(), texts: sent.map((s) => s.text).filter((t) => !t.includes('pgboss')) };
    } finally {
      stop();
    }
  };

  it('registers in ONE statement without a transaction when no mail job or acknowledgement has to follow', async () => {
    const db = ctx.database.db;
    const other = await makeOrganisationWithRegulation(db, 'stadsring51');
    await deliverNewInUnit(db, other.coordinator.user.id, 'digest');
    const submitOther = (key: string) => registerComplaint(db, { organisationId: other.org.id, actor: null, door: 'public', input: input(key) });
    await submitOther('fast-path-solo-0'); // the context is read once
    const { result: r, texts } = await statementsDuring(() => submitOther('fast-path-solo-1'));
    if (ctx.kind === 'postgres') {
      assert.deepEqual(texts.map((t) => (t.includes('insert into "complaints"') ? 'register' : t.trim().toLowerCase())), ['register'], 'no BEGIN/COMMIT, no other statement');
    }
    // The same rows as in the transaction: the complaint, its event, statistics, audit line and the notification (digest: no job).
    assert.equal((await db.selectFrom('complaint_events').select('type').where('complaint_id', '=', r.id).execute()).length, 1);
    assert.equal((await db.selectFrom('complaint_statistics').select('complaint_id').where('complaint_id', '=', r.id).execute()).length, 1);
    assert.deepEqual((await db.selectFrom('audit_log').select('action').where('subject_id', '=', r.id).execute()).map((a) => a.action), ['complaint.registered']);
    const notes = await db.selectFrom('notifications').select(['id', 'user_id', 'delivery']).where('complaint_id', '=', r.id).execute();
    assert.deepEqual(notes.map((n) => [n.user_id, n.delivery]), [[other.coordinator.user.id, 'digest']]);
    assert.equal(await mailJobsFor(notes[0]!.id), 0);
    // A double submit still finds the first one.
    const again = await submitOther('fast-path-solo-1');
    assert.deepEqual([again.id, again.duplicate], [r.id, true]);
    // Alone too, an activation since the context was read is followed (the statement stores nothing, the context is read again).
    await db.transaction().execute((tx) => activateRegulation(tx, { organisationId: other.org.id, unitId: null, source: { preset: 'stadsring51' }, fills: {}, actorUserId: null }));
    const { result: next, texts: nextTexts } = await statementsDuring(() => submitOther('fast-path-solo-2'));
    const newest = (await db.selectFrom('regulation_versions').select('id').where('organisation_id', '=', other.org.id).orderBy('activated_at', 'desc').orderBy('version', 'desc').executeTakeFirstOrThrow()).id;
    assert.equal(await versionOf(next.id), newest);
    assert.notEqual(await versionOf(next.id), await versionOf(r.id));
    if (ctx.kind === 'postgres') assert.ok(!nextTexts.some((t) => /^begin/i.test(t.trim())), 'still without a transaction');
  });

  it('a coordinator who wants the mail at once: the statement alone, then its mail job; a job lost in between is made by the sweep', async () => {
    const db = ctx.database.db;
    const other = await makeOrganisationWithRegulation(db, 'stadsring51');
    const submitOther = (key: string) => registerComplaint(db, { organisationId: other.org.id, actor: null, door: 'public', input: input(key) });
    const noteOf = async (complaintId: string) => {
      const notes = await db.selectFrom('notifications').select(['id', 'delivery', 'mailed_at']).where('complaint_id', '=', complaintId).execute();
      assert.deepEqual(notes.map((n) => [n.delivery, n.mailed_at]), [['now', null]]);
      return notes[0]!.id;
    };
    for (const key of ['fast-path-job-1', 'fast-path-job-2']) {
      const { result: r, texts } = await statementsDuring(() => submitOther(key));
      assert.equal(await mailJobsFor(await noteOf(r.id)), 1, 'the mail job is there when the answer comes');
      if (ctx.kind === 'postgres' && key !== 'fast-path-job-1') {
        // The first submission reads the context. pg-boss's insert is left out of `texts`: the application's own statements are the registering one alone.
        assert.deepEqual(texts.map((t) => (t.includes('insert into "complaints"') ? 'register' : t.trim().toLowerCase())), ['register'], 'no transaction');
      }
      const stored = await db.selectFrom('complaints').select('reference').where('organisation_id', '=', other.org.id).where('idempotency_key', 'like', `public:anonymous:${key}:%`).execute();
      assert.deepEqual(stored.map((c) => c.reference), [r.reference], 'stored once, one reference number taken');
    }
    const references = (await db.selectFrom('complaints').select('reference').where('organisation_id', '=', other.org.id).orderBy('reference').execute()).map((c) => c.reference);
    assert.deepEqual(references.map((ref) => ref.slice(5)), ['0001', '0002'], 'every submission stored at its first statement');

    // The process stopped between the statement and the enqueue: the notification is committed without its job.
    const lost = await submitOther('fast-path-job-lost');
    const lostNote = await noteOf(lost.id);
    await sql`delete from pgboss.job where name = ${mailNotificationJob.name} and data->>'notificationId' = ${lostNote}`.execute(db);
    assert.equal(await mailJobsFor(lostNote), 0);
    const jobs = await jobQueue(db);
    await sweepNotifications(db, jobs, new Date(Date.now() + 2 * 60_000));
    assert.equal(await mailJobsFor(lostNote), 1, 'the sweep made the lost job');
    // A duplicate submission makes no second job.
    const again = await submitOther('fast-path-job-lost');
    assert.deepEqual([again.id, again.duplicate], [lost.id, true]);
    assert.equal(await mailJobsFor(lostNote), 1);
  });

  it('a mail job that cannot be enqueued: the complaint is stored, the answer is its 2xx, and a warning names the ids, not the content', async () => {
    const db = ctx.database.db;
    const other = await makeOrganisationWithRegulation(db, 'stadsring51');
    const lines: Record<string, unknown>[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _enc, done) {
        for (const line of chunk.toString().split('\n').filter(Boolean)) lines.push(JSON.parse(line) as Record<string, unknown>);
        done();
      },
    });
    const logger = pino({ level: 'warn' }, sink);
    const submitOther = (key: string) => registerComplaint(db, { organisationId: other.org.id, actor: null, door: 'public', input: input(key), logger });
    await submitOther('fast-path-enqueue-0'); // the context is read, the queue started
    // pg-boss's insert of the mail job fails (a real error from the database, whatever the cause).
    // As the database's owner on PostgreSQL (the application's role may not make functions or triggers).
    const ddl = async (text: string) => {
      if (ctx.kind !== 'postgres') return void (await sql.raw(text).execute(db));
      const admin = new pg.Client({ connectionString: ctx.url! });
      await admin.connect();
      await admin.query(text).finally(() => admin.end());
    };
    await ddl(`create function intake_refuse_job() returns trigger language plpgsql as $$ begin raise exception 'no jobs today'; end $$`);
    await ddl('create trigger intake_refuse_job before insert on pgboss.job for each row execute function intake_refuse_job()');
    let r: Awaited<ReturnType<typeof submitOther>>;
    try {
      r = await submitOther('fast-path-enqueue-1');
    } finally {
      await ddl('drop trigger intake_refuse_job on pgboss.job');
      await ddl('drop function intake_refuse_job()');
    }
    assert.equal(r.duplicate, false);
    const note = (await db.selectFrom('notifications').select(['id', 'delivery']).where('complaint_id', '=', r.id).executeTakeFirstOrThrow()).id;
    assert.equal(await mailJobsFor(note), 0, 'no job: the sweep makes it later');
    assert.equal(lines.length, 1, `one warning: ${JSON.stringify(lines)}`);
    assert.deepEqual([lines[0]!['notificationId'], lines[0]!['complaintId'], lines[0]!['level']], [note, r.id, 40]);
    const text = JSON.stringify(lines[0]);
    for (const secret of ['Jan Jansen', 'jan@example.nl', 'Dorpsstraat', 'opdagen', 'no jobs today']) assert.ok(!text.includes(secret), `the warning holds no "${secret}": ${text}`);
  });

  it('a marked statement gets its values unchanged, however they are quoted (named on PostgreSQL, PREPARE/EXECUTE on PGlite)', async () => {
    const db = ctx.database.db;
    const tricky = `it's a \\ "quote"; '' drop table complaints; --`;
    for (let i = 0; i < 2; i++) {
      const { rows } = await sql<{ a: string; b: string[]; n: number; t: boolean; z: string | null; d: string }>`${sql.raw(PREPARED)}select ${tricky}::text as a, ${[tricky, 'x,y', '{}', 'NULL']}::text[] as b, ${i}::int as n, ${i === 0}::boolean as t, ${null}::text as z, ${'{"k": "v\'w"}'}::jsonb->>'k' as d`.execute(db);
      assert.deepEqual(rows[0], { a: tricky, b: [tricky, 'x,y', '{}', 'NULL'], n: i, t: i === 0, z: null, d: "v'w" });
    }
    if (ctx.kind === 'pglite') {
      await submit(db, 'fast-path-pglite-prepared-1');
      await submit(db, 'fast-path-pglite-prepared-2');
      const kept = (await sql<{ statement: string }>`select statement from pg_prepared_statements where name like 'kw\_%'`.execute(db)).rows.map((r) => r.statement);
      // One text alone and grouped (ADR 0033: a single submission is a group of one).
      const registering = kept.filter((s) => s.includes('insert into "complaints"'));
      assert.equal(registering.length, 1, 'the registering statement is prepared once in the session, one text alone and grouped');
    }
  });

  if (ctx.kind === 'postgres') {
    it('sends the registering statement as a named statement, parsed once per connection (src/db/prepared.ts)', async () => {
      const { sent, stop } = recordPgStatements();
      try {
        const a = await submit(ctx.database.db, 'fast-path-named-1');
        const b = await submit(ctx.database.db, 'fast-path-named-2');
        assert.notEqual(a.id, b.id);
        assert.notEqual(a.reference, b.reference);
      } finally {
        stop();
      }
      const named = sent.filter((s) => s.name && s.text.includes('insert into "complaints"')).map((s) => s.name!);
      assert.equal(named.length, 2, 'both registrations went through the named statement');
      assert.equal(named[0], named[1], 'the same text has the same name');
      assert.match(named[0]!, /^kw_[0-9a-f]{24}$/);
      // On one connection: a marked statement is prepared once and kept; an unmarked one is not.
      const kept = await ctx.database.db.transaction().execute(async (tx) => {
        for (let i = 0; i < 2; i++) await sql`${sql.raw(PREPARED)}select ${i}::int as n`.execute(tx);
        await sql`select 1 as unmarked`.execute(tx);
        return (await sql<{ statement: string }>`select statement from pg_prepared_statements where name like 'kw\_%'`.execute(tx)).rows.map((r) => r.statement);
      });
      assert.equal(kept.filter((s) => s.includes('select $1::int as n')).length, 1);
      assert.ok(!kept.some((s) => s.includes('unmarked')));
    });
    describeSecondInstance(ctx, () => org, input);
  }
});

/** A second Database object on the same PostgreSQL (another instance): its cache must not outlive an activation made elsewhere. */
function describeSecondInstance(ctx: { database: Database; url: string | undefined }, orgOf: () => Awaited<ReturnType<typeof makeOrganisationWithRegulation>>, input: (key: string) => Record<string, unknown>) {
  let other: Database;
  before(async () => {
    other = await openDatabase({ kind: 'postgres', url: ctx.url! });
  });
  after(async () => {
    await other?.close();
  });
  it('another instance follows an activation made on this one at its next submission', async () => {
    const org = orgOf();
    const warm = await registerComplaint(other.db, { organisationId: org.org.id, actor: null, door: 'public', input: input('fast-path-instance-1') });
    const before = (await ctx.database.db.selectFrom('complaints').select('regulation_version_id').where('id', '=', warm.id).executeTakeFirstOrThrow()).regulation_version_id;
    await ctx.database.db.transaction().execute((tx) => activateRegulation(tx, { organisationId: org.org.id, unitId: null, source: { preset: 'stadsring51' }, fills: {}, actorUserId: null }));
    const newest = (await ctx.database.db.selectFrom('regulation_versions').select('id').where('organisation_id', '=', org.org.id).orderBy('version', 'desc').executeTakeFirstOrThrow()).id;
    assert.notEqual(newest, before);
    const next = await registerComplaint(other.db, { organisationId: org.org.id, actor: null, door: 'public', input: input('fast-path-instance-2') });
    const used = (await ctx.database.db.selectFrom('complaints').select('regulation_version_id').where('id', '=', next.id).executeTakeFirstOrThrow()).regulation_version_id;
    assert.equal(used, newest);
  });
}
