import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { AppError } from '../../src/shared/errors.ts';
import { getComplaint } from '../../src/usecases/complaints/get-complaint.ts';
import { inIndexOrder, listComplaints, SORTS } from '../../src/usecases/complaints/list-complaints.ts';
import { registerComplaint } from '../../src/usecases/complaints/register-complaint.ts';
import { startWorklists } from '../../src/usecases/complaints/start-worklists.ts';
import { countText } from '../../src/http/views/complaint-list.tsx';
import { forEachDatabase } from '../support/databases.ts';
import { ApiClient, expectStatus } from '../support/api.ts';
import { capturing } from '../support/capture.ts';
import { actorOf, makeOrganisationWithRegulation, makeToken } from '../support/factories.ts';
import { PageClient, testApp } from '../support/http.ts';

/**
 * Issue 13 (ADR 0028): the list pages by keyset for every sort (no duplicates, no gaps, forwards and backwards, with
 * ties and missing due dates), a bad cursor is `invalid_cursor`, the count stops above 1,000 ("Meer dan 1.000"), and
 * the read audit of list views writes one row per complaint, user and day, however often the list is viewed.
 */
describe('count wording', () => {
  it('says the count in B1 Dutch, and "meer dan 1.000" above the cap', () => {
    assert.equal(countText(0, true, 0), 'Geen klachten gevonden.');
    assert.equal(countText(1, true, 1), '1 klacht gevonden.');
    assert.equal(countText(7, true, 7), '7 klachten gevonden.');
    assert.equal(countText(1000, true, 50), '1.000 klachten gevonden, 50 op deze pagina.');
    assert.match(countText(1001, false, 50), /^Meer dan 1\.000 klachten gevonden\./);
  });
});

forEachDatabase('list keyset paging', (ctx) => {
  let org: Awaited<ReturnType<typeof makeOrganisationWithRegulation>>;
  let coordinator: Awaited<ReturnType<typeof actorOf>>;

  /** Clones the organisation's first complaint `n` times with ties on every sort key and missing due dates. */
  const clone = async (n: number, prefix: string) => {
    await sql`
      insert into complaints (organisation_id, unit_id, regulation_version_id, reference, kind, status, channel, received_on, subject,
        description, complainant, details, registered_by, classification, deadlines, decision_due, next_due, next_due_key, created_at, updated_at)
      select t.organisation_id, t.unit_id, t.regulation_version_id, ${prefix} || lpad(g::text, 5, '0'), t.kind,
        (array['new','in_progress','suspended','closed','withdrawn'])[1 + g % 5], t.channel,
        date '2026-01-01' + (g % 4), t.subject, t.description, t.complainant, t.details, t.registered_by, t.classification, t.deadlines,
        null, case when g % 5 < 2 then date '2026-03-01' + (g % 3) else null end, case when g % 5 < 2 then 'decision' else null end, now(), now()
      from generate_series(1, ${n}::int) g
      cross join (select * from complaints where organisation_id = ${org.org.id} order by created_at limit 1) t`.execute(ctx.database.db);
  };

  before(async () => {
    const db = ctx.database.db;
    org = await makeOrganisationWithRegulation(db, 'stadsring51');
    await registerComplaint(db, {
      organisationId: org.org.id,
      actor: null,
      door: 'public',
      input: { channel: 'web_form', description: 'De bus reed door.', complainant: { relation: 'client', name: 'Ria Keizer', email: 'ria@example.nl', postalAddress: 'Dorpsstraat 1, 1234 AB Ergens' }, signed: true },
    });
    await clone(22, 'K-');
    coordinator = await actorOf(db, org.coordinator);
  });

  it('pages every sort forwards and backwards without duplicates or gaps', async () => {
    const db = ctx.database.db;
    for (const sort of SORTS) {
      const all = (await listComplaints(db, coordinator, { sort, limit: 200 })).items.map((i) => i.reference);
      assert.equal(all.length, 23);
      const pages: string[][] = [];
      let cursor: string | undefined;
      let last;
      do {
        last = await listComplaints(db, coordinator, { sort, limit: 4, ...(cursor ? { cursor } : {}) });
        pages.push(last.items.map((i) => i.reference));
        cursor = last.nextCursor ?? undefined;
      } while (cursor && pages.length < 20);
      assert.deepEqual(pages.flat(), all, `forwards by ${sort}`);
      assert.equal(pages.length, 6);
      // Backwards from the last page: the same pages in reverse.
      const back: string[][] = [pages.at(-1)!];
      let prev = last.prevCursor;
      while (prev && back.length < 20) {
        const p = await listComplaints(db, coordinator, { sort, limit: 4, cursor: prev });
        back.unshift(p.items.map((i) => i.reference));
        prev = p.prevCursor;
      }
      assert.deepEqual(back.flat(), all, `backwards by ${sort}`);
      assert.deepEqual(back[0], pages[0], `backwards ends at the first page (${sort})`);
    }
  });

  it('keeps the documented order: the first running due date first, none last', async () => {
    const items = (await listComplaints(ctx.database.db, coordinator, { limit: 200 })).items;
    const dues = items.map((i) => i.nextDue);
    const firstNull = dues.indexOf(null);
    assert.ok(firstNull > 0 && dues.slice(firstNull).every((d) => d === null), 'no due date: last');
    const dated = dues.slice(0, firstNull) as string[];
    assert.deepEqual(dated, [...dated].sort());
  });

  it("inside a page's one transaction (the list page on PGlite): the same list, and the caller's planner settings as they were", async () => {
    const db = ctx.database.db;
    const plain = await listComplaints(db, coordinator, { limit: 10 });
    const within = await db.transaction().execute(async (tx) => {
      // The caller's own setting (bitmap scans off) stays; the list's (sorting off) ends with the list.
      await sql`select set_config('enable_bitmapscan', 'off', true)`.execute(tx);
      const list = await listComplaints(tx, coordinator, { limit: 10 });
      const { rows } = await sql<{ sort: string; bitmap: string; seqscan: string }>`select current_setting('enable_sort') as sort, current_setting('enable_bitmapscan') as bitmap, current_setting('enable_seqscan') as seqscan`.execute(tx);
      return { list, settings: rows[0] };
    });
    assert.deepEqual(within.list, plain);
    // Sequential scans too: the count turns them off.
    assert.deepEqual(within.settings, { sort: 'on', bitmap: 'off', seqscan: 'on' });
    // A failure inside is thrown as it is (the caller's transaction is aborted; nothing is put back over it).
    await assert.rejects(
      db.transaction().execute((tx) => inIndexOrder(tx, (t) => sql`select 1 / 0`.execute(t))),
      /division by zero/,
    );
  });

  it('refuses a cursor it did not make, or made for another sort, with invalid_cursor', async () => {
    const db = ctx.database.db;
    const code = (err: unknown) => err instanceof AppError && err.code === 'invalid_cursor';
    await assert.rejects(listComplaints(db, coordinator, { cursor: 'nonsense' }), code);
    await assert.rejects(listComplaints(db, coordinator, { cursor: Buffer.from('{"s":"due","d":"after","v":["x","y","z"]}').toString('base64url') }), code);
    const byReference = await listComplaints(db, coordinator, { sort: 'reference', limit: 2 });
    await assert.rejects(listComplaints(db, coordinator, { sort: 'received', cursor: byReference.nextCursor! }), code);
    const api = new ApiClient(await testApp(ctx.database));
    const token = await makeToken(db, org.org.id, org.coordinator.user.id);
    const bad = expectStatus(await api.get('/api/v1/complaints?cursor=nonsense', token), 400);
    assert.equal(bad.body.error.code, 'invalid_cursor');
    const first = expectStatus(await api.get('/api/v1/complaints?limit=10', token), 200);
    assert.equal(first.body.prevCursor, null);
    const second = expectStatus(await api.get(`/api/v1/complaints?limit=10&cursor=${first.body.nextCursor}`, token), 200);
    assert.equal(second.body.items.length, 10);
    assert.ok(!second.body.items.some((i: { id: string }) => first.body.items.some((j: { id: string }) => j.id === i.id)));
  });

  it('the page links to the next page keeping the filters, and an old link shows the first page with a note', async () => {
    const client = new PageClient(await testApp(ctx.database));
    await client.logIn(org.coordinator.email, org.coordinator.password);
    const first = await client.get('/klachten?status=open&sort=received');
    assert.match(first.html, /15 klachten gevonden, 50 op deze pagina|15 klachten gevonden\./);
    const all = await client.get('/klachten?sort=reference');
    assert.match(all.html, /23 klachten gevonden\./);
    assert.doesNotMatch(all.html, /Volgende 50/, 'one page: no link');
    const old = await client.get('/klachten?sort=reference&cursor=oud');
    assert.equal(old.res.status, 200);
    assert.match(old.html, /Die pagina van de lijst bestaat niet meer/);
  });

  it('on a PostgreSQL server reads the page, counts it and records the list read in one statement; exactly the complaints shown are recorded', async () => {
    const db = ctx.database.db;
    const recorded = async () =>
      (await db.selectFrom('complaint_list_reads').select('complaint_id').where('user_id', '=', org.coordinator.user.id).execute()).map((r) => r.complaint_id).sort();
    await db.deleteFrom('complaint_list_reads').execute();
    const { db: spy, sent } = capturing(db);
    // A full first page (5 of 23): the count is needed, and the sixth row read (is there a next page?) is not shown.
    const first = await listComplaints(spy, coordinator, { limit: 5, sort: 'reference' });
    assert.equal(first.total, 23);
    assert.equal(first.items.length, 5);
    const writing = sent.statements.filter((q) => q.sql.includes('complaint_list_reads'));
    assert.equal(writing.length, 1, 'one statement records the list read');
    if (ctx.kind === 'postgres') {
      assert.match(writing[0]!.sql, /count\(\*\)/, 'the count in the same statement');
      assert.match(writing[0]!.sql, /order by/i, "the page's rows in the same statement");
      assert.ok(!sent.statements.some((q) => /^select set_config\('enable_seqscan'/.test(q.sql)), 'sequential scans turned off with BEGIN, not by a statement of its own');
    } else assert.match(writing[0]!.sql, /^\s*insert into complaint_list_reads/);
    assert.deepEqual(await recorded(), first.items.map((i) => i.id).sort(), 'exactly the complaints shown');
    // The next page by its cursor, and back: counted the same, and again exactly what was shown.
    const second = await listComplaints(spy, coordinator, { limit: 5, sort: 'reference', cursor: first.nextCursor! });
    assert.equal(second.total, 23);
    const back = await listComplaints(spy, coordinator, { limit: 5, sort: 'reference', cursor: second.prevCursor! });
    assert.deepEqual(back.items.map((i) => i.id), first.items.map((i) => i.id));
    assert.deepEqual(await recorded(), [...first.items, ...second.items].map((i) => i.id).sort());
    // A page past the end (an old API client's offset) shows nothing and still says how many match.
    const past = await listComplaints(spy, coordinator, { limit: 5, offset: 100 });
    assert.deepEqual(past.items, []);
    assert.equal(past.total, 23);
    // A filter that few match: a first page that is not full is its own count.
    const few = await listComplaints(spy, coordinator, { limit: 5, status: 'closed' });
    assert.equal(few.total, few.items.length);
    assert.ok(few.items.length > 0 && few.items.length < 5);
  });

  it("reads of a complaint's registration details only the gaps a row shows, for the list and the start page", async () => {
    const db = ctx.database.db;
    const id = (await listComplaints(db, coordinator, { limit: 1, sort: 'reference' })).items[0]!.id;
    const { details } = await db.selectFrom('complaints').select(sql<string>`details::text`.as('details')).where('id', '=', id).executeTakeFirstOrThrow();
    await sql`update complaints set details = details || '{"registrationGaps": ["phone"], "note": "Belt liever niet."}'::jsonb where id = ${id}`.execute(db);
    try {
      const { db: spy, sent } = capturing(db);
      const listed = await listComplaints(spy, coordinator, { limit: 1, sort: 'reference' });
      assert.deepEqual(listed.items[0]!.registrationGaps, ['phone']);
      await startWorklists(spy, coordinator, { soonDays: 7 });
      const reading = sent.statements.filter((q) => q.sql.includes('from "complaints"'));
      assert.ok(reading.length >= 2);
      for (const q of reading) assert.doesNotMatch(q.sql, /"complaints"\."details"(?!->)/, 'not the whole registration details');
    } finally {
      await sql`update complaints set details = ${details}::jsonb where id = ${id}`.execute(db);
    }
  });

  it('records each complaint shown once per user and day, never a row per view (the list read audit)', async () => {
    const db = ctx.database.db;
    const reads = async () =>
      Number((await db.selectFrom('complaint_list_reads').select((eb) => eb.fn.countAll<number>().as('n')).where('user_id', '=', org.coordinator.user.id).executeTakeFirstOrThrow()).n);
    const listed = async () => Number((await db.selectFrom('audit_log').select((eb) => eb.fn.countAll<number>().as('n')).where('action', '=', 'complaint.listed').executeTakeFirstOrThrow()).n);
    await db.deleteFrom('complaint_list_reads').execute();
    const day1 = new Date('2026-05-04T10:00:00Z');
    const shown = (await listComplaints(db, coordinator, { limit: 5 }, day1)).items.map((i) => i.id);
    assert.equal(await reads(), 5);
    for (let i = 0; i < 3; i++) await listComplaints(db, coordinator, { limit: 5 }, day1);
    assert.equal(await reads(), 5, 'the same list again that day writes nothing');
    await listComplaints(db, coordinator, { limit: 10 }, day1);
    assert.equal(await reads(), 10, 'only the complaints not yet shown that day');
    await listComplaints(db, coordinator, { limit: 5 }, new Date('2026-05-05T10:00:00Z'));
    assert.equal(await reads(), 15, 'a new day: who saw which dossier, that day');
    const row = await db.selectFrom('complaint_list_reads').selectAll().where('complaint_id', '=', shown[0]!).where('day', '=', '2026-05-04').executeTakeFirstOrThrow();
    assert.equal(row.user_id, org.coordinator.user.id);
    assert.equal(row.organisation_id, org.org.id);
    assert.equal(await listed(), 0, 'no audit_log line naming every id shown');
    // "Wie zag dit dossier" shows the list reads beside the audit lines.
    const dossier = await getComplaint(db, coordinator, shown[0]!);
    assert.ok(dossier.accessLog?.some((a) => a.action === 'complaint.listed' && a.actorName === org.coordinator.user.name));
    assert.ok(dossier.accessLog?.some((a) => a.action === 'complaint.viewed'));
  });

  it('counts up to 1,000 and says "Meer dan 1.000" above it', async () => {
    await clone(1000, 'M-');
    const r = await listComplaints(ctx.database.db, coordinator, { limit: 10 });
    assert.equal(r.totalExact, false);
    assert.equal(r.total, 1001);
    const client = new PageClient(await testApp(ctx.database));
    await client.logIn(org.coordinator.email, org.coordinator.password);
    const p = await client.get('/klachten');
    assert.match(p.html, /Meer dan 1\.000 klachten gevonden/);
    assert.match(p.html, /rel="next"/);
  });
});
