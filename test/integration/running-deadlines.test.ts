import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import type { Kysely } from 'kysely';
import type { DB } from '../../src/db/types.ts';
import { getPreset } from '../../src/regulations/library.ts';
import type { Actor } from '../../src/usecases/actor.ts';
import { startOfDay } from '../../src/usecases/complaints/dossier.ts';
import { getComplaint } from '../../src/usecases/complaints/get-complaint.ts';
import { listComplaints } from '../../src/usecases/complaints/list-complaints.ts';
import { performAction } from '../../src/usecases/complaints/perform-action.ts';
import { refoldAfter, refoldComplaints } from '../../src/usecases/complaints/refold.ts';
import { registerComplaint } from '../../src/usecases/complaints/register-complaint.ts';
import { activateRegulation } from '../../src/usecases/regulations/regulations.ts';
import { forEachDatabase } from '../support/databases.ts';
import { actorOf, makeOrganisationWithRegulation, registerLetterComplaint, TEST_PASSWORD } from '../support/factories.ts';
import { PageClient, testApp } from '../support/http.ts';
import { today } from '../../src/usecases/complaints/dossier.ts';
import { addDays } from '../../src/domain/deadlines/dates.ts';

/**
 * The list shows the deadline that RUNS, the same one the dossier shows (issue 7): new, in handling
 * (the intake clock has passed, the decision clock runs: not late), suspended, resumed, extended,
 * decided late (stays findable); `closed_at` is the close date; `klachtwijs refold` restores the cache.
 * Stadsring51, received 2 March 2026: acknowledgement 9 March, inadmissibility notice 30 March,
 * decision 28 April, at most 26 May after extension.
 */
const at = (day: string) => new Date(`${day}T10:00:00+02:00`);
const REASONING = 'Uit het onderzoek blijkt dat de afspraak is nagekomen.';

forEachDatabase('running deadlines in lists and dossier', (ctx) => {
  let org: Awaited<ReturnType<typeof makeOrganisationWithRegulation>>;
  let coordinator: Actor;
  let handler: Actor;
  let db: Kysely<DB>;
  before(async () => {
    db = ctx.database.db;
    org = await makeOrganisationWithRegulation(db, 'stadsring51');
    coordinator = await actorOf(db, org.coordinator);
    handler = await actorOf(db, org.handler);
  });

  const register = async (organisationId = org.org.id) =>
    registerComplaint(db, {
      organisationId,
      actor: coordinator,
      door: 'staff',
      now: at('2026-03-02'),
      input: {
        channel: 'letter',
        receivedOn: '2026-03-02',
        description: 'De medewerker kwam drie keer niet opdagen bij de afspraak.',
        complainant: { relation: 'client', name: 'Jan Jansen', postalAddress: 'Dorpsstraat 1, 1234 AB Ergens', email: 'jan@example.nl' },
        signed: true,
        documentDate: '2026-03-01',
        respondentName: 'P. Pietersen',
        subject: 'Afspraak niet nagekomen',
      },
    });
  const act = (actor: Actor, id: string, action: string, input: unknown, day: string) => performAction(db, actor, id, action, input, { now: at(day) });

  /** The list item on `day` must show the same running deadline as the dossier; returns both. */
  async function shown(id: string, day: string, filters: Record<string, string> = {}) {
    const list = await listComplaints(db, coordinator, { limit: 200, ...filters }, at(day));
    const item = list.items.find((i) => i.id === id);
    const dossier = await getComplaint(db, coordinator, id, { now: at(day), audit: false });
    if (item) {
      assert.equal(item.nextDue, dossier.runningDeadline?.due ?? null, 'the list shows the dossier’s running deadline');
      assert.equal(item.nextDueKey, dossier.runningDeadline?.key ?? null);
    }
    return { item, dossier, ids: list.items.map((i) => i.id) };
  }

  it('a new complaint shows its acknowledgement, then its decision; the inadmissibility notice is a window, never late (002 art. 5.3)', async () => {
    const c = await register();
    let s = await shown(c.id, '2026-03-05');
    assert.equal(s.item?.nextDue, '2026-03-09');
    assert.equal(s.item?.nextDueLabel, 'Ontvangstbevestiging');
    await act(coordinator, c.id, 'acknowledge', { on: '2026-03-03' }, '2026-03-03');
    s = await shown(c.id, '2026-03-05');
    assert.equal(s.item?.nextDue, '2026-04-28');
    assert.equal(s.item?.nextDueKey, 'decision');
    assert.equal(s.dossier.deadlines.inadmissibilityNotice?.running, true, 'the window is open for 4 weeks');
    // Still new after 30 March: nobody declared it inadmissible in time, so it counts as admissible; not late.
    s = await shown(c.id, '2026-04-02', { overdue: 'true' });
    assert.ok(!s.ids.includes(c.id), 'not in "te laat" for a passed inadmissibility window');
    s = await shown(c.id, '2026-04-02');
    assert.equal(s.dossier.deadlines.inadmissibilityNotice?.overdue, false);
    assert.equal(s.dossier.deadlines.inadmissibilityNotice?.window?.lapsed, true);
    assert.equal(s.dossier.runningDeadline?.key, 'decision');
    const row = await db.selectFrom('complaints').select(['next_due', 'next_due_key']).where('id', '=', c.id).executeTakeFirstOrThrow();
    assert.deepEqual(row, { next_due: '2026-04-28', next_due_key: 'decision' }, 'the cached running deadline is the decision');
    // The decision term is the one that makes it late.
    assert.ok((await shown(c.id, '2026-04-29', { overdue: 'true' })).ids.includes(c.id), 'after 28 April the decision is late');
  });

  it('in handling: the passed inadmissibility term does not make it late; the decision term is shown', async () => {
    const c = await register();
    await act(coordinator, c.id, 'acknowledge', { on: '2026-03-03' }, '2026-03-03');
    await act(coordinator, c.id, 'assign', { handlerUserId: org.handler.user.id }, '2026-03-03');
    const s = await shown(c.id, '2026-04-05');
    assert.equal(s.item?.status, 'in_progress');
    assert.equal(s.item?.nextDue, '2026-04-28');
    assert.equal(s.item?.nextDueLabel, 'Beslissing');
    assert.equal(s.dossier.deadlines.inadmissibilityNotice?.overdue, false);
    assert.ok(!(await shown(c.id, '2026-04-05', { overdue: 'true' })).ids.includes(c.id), 'on time: not in "te laat"');
    assert.ok((await shown(c.id, '2026-04-05', { overdue: 'false' })).ids.includes(c.id));
    assert.ok((await shown(c.id, '2026-04-29', { overdue: 'true' })).ids.includes(c.id), 'after 28 April the decision is late');
  });

  it('an extension moves the shown date', async () => {
    const c = await register();
    await act(coordinator, c.id, 'acknowledge', { on: '2026-03-03' }, '2026-03-03');
    await act(coordinator, c.id, 'assign', { handlerUserId: org.handler.user.id }, '2026-03-03');
    await act(handler, c.id, 'extend', { term: { amount: 4, unit: 'weeks' }, noticeOn: '2026-04-20', reason: 'Wij wachten op een verklaring van een collega.' }, '2026-04-20');
    const s = await shown(c.id, '2026-05-01');
    assert.equal(s.item?.nextDue, s.dossier.deadlines.decision?.due);
    assert.ok(s.item!.nextDue! > '2026-04-28', `extended: ${s.item?.nextDue}`);
    assert.ok(!(await shown(c.id, '2026-05-01', { overdue: 'true' })).ids.includes(c.id));
  });

  it('a decision taken late stays findable after closing; closed_at is the close date, not the date of a later note', async () => {
    const c = await register();
    await act(coordinator, c.id, 'acknowledge', { on: '2026-03-03' }, '2026-03-03');
    await act(coordinator, c.id, 'assign', { handlerUserId: org.handler.user.id }, '2026-03-03');
    await act(handler, c.id, 'waive-hearing', { party: 'complainant', ground: 'manifestly_unfounded', explanation: 'De afspraak is aantoonbaar nagekomen.' }, '2026-03-05');
    await act(handler, c.id, 'record-hearing', { party: 'respondent', on: '2026-03-10', report: 'Mevrouw legt uit hoe de afspraak is gemaakt.' }, '2026-03-10');
    await act(handler, c.id, 'send-copy-to-respondent', { on: '2026-03-05', includesDocuments: true }, '2026-03-05');
    await act(handler, c.id, 'decide', { outcome: 'not_upheld', reasoning: REASONING, externalBodyNamed: 'Nationale ombudsman' }, '2026-05-04');
    let s = await shown(c.id, '2026-05-04');
    assert.equal(s.item?.decidedLate, true);
    assert.equal(s.item?.nextDue, null);
    assert.equal(s.dossier.deadlines.decision?.late, true);
    assert.ok((await shown(c.id, '2026-05-04', { decidedLate: 'true' })).ids.includes(c.id));
    await act(handler, c.id, 'inform-respondent', { on: '2026-05-05' }, '2026-05-05');
    await act(coordinator, c.id, 'close', { on: '2026-05-06' }, '2026-05-07');
    await act(coordinator, c.id, 'add-note', { text: 'Archief bijgewerkt.' }, '2026-05-20');
    s = await shown(c.id, '2026-05-20', { decidedLate: 'true' });
    assert.ok(s.ids.includes(c.id), 'still "te laat afgehandeld" after closing');
    const row = await db.selectFrom('complaints').select(['closed_at', 'status']).where('id', '=', c.id).executeTakeFirstOrThrow();
    assert.equal(row.status, 'closed');
    assert.equal(row.closed_at?.getTime(), startOfDay('2026-05-06').getTime(), 'closed_at is the day it was closed');
    // The history is literal: every event stored the status it led to.
    const events = await db.selectFrom('complaint_events').select(['type', 'data']).where('complaint_id', '=', c.id).orderBy('seq').execute();
    assert.deepEqual(
      events.map((e) => [e.type, (e.data as { after?: { status?: string } }).after?.status]),
      [
        ['registered', 'new'],
        ['acknowledge', 'new'],
        ['assign', 'in_progress'],
        ['waive-hearing', 'in_progress'],
        ['record-hearing', 'in_progress'],
        ['send-copy-to-respondent', 'in_progress'],
        ['decide', 'decided'],
        ['inform-respondent', 'decided'],
        ['close', 'closed'],
        ['add-note', 'closed'],
      ],
    );
    assert.equal((events[2]!.data as { after: { handlerUserId?: string } }).after.handlerUserId, org.handler.user.id, 'assign stores the new handler');
  });

  it('a suspended complaint shows no running date and is never late; resuming moves the date', async () => {
    const preset = getPreset('stadsring51')!;
    const document = preset.build();
    document.deadlines.suspension = { allowed: true, source: { article: '6', basis: 'organisation' } } as typeof document.deadlines.suspension;
    const other = await makeOrganisationWithRegulation(db, 'stadsring51');
    await db.transaction().execute((tx) => activateRegulation(tx, { organisationId: other.org.id, unitId: null, source: { document }, fills: {}, actorUserId: null }));
    const coord = await actorOf(db, other.coordinator);
    const c = await registerComplaint(db, {
      organisationId: other.org.id,
      actor: coord,
      door: 'staff',
      now: at('2026-03-02'),
      input: {
        channel: 'letter',
        receivedOn: '2026-03-02',
        description: 'De medewerker kwam drie keer niet opdagen bij de afspraak.',
        complainant: { relation: 'client', name: 'Jan Jansen', postalAddress: 'Dorpsstraat 1, 1234 AB Ergens', email: 'jan@example.nl' },
        signed: true,
        documentDate: '2026-03-01',
      },
    });
    await performAction(db, coord, c.id, 'acknowledge', { on: '2026-03-03' }, { now: at('2026-03-03') });
    await performAction(db, coord, c.id, 'assign', { handlerUserId: other.handler.user.id }, { now: at('2026-03-03') });
    await performAction(db, coord, c.id, 'suspend', { from: '2026-03-10', reason: 'Wij wachten op stukken van de klager.' }, { now: at('2026-03-10') });
    const listed = async (day: string, filters: Record<string, string> = {}) => {
      const list = await listComplaints(db, coord, { limit: 200, ...filters }, at(day));
      const dossier = await getComplaint(db, coord, c.id, { now: at(day), audit: false });
      const item = list.items.find((i) => i.id === c.id);
      if (item) assert.equal(item.nextDue, dossier.runningDeadline?.due ?? null);
      return { item, dossier };
    };
    let s = await listed('2026-05-01');
    assert.equal(s.item?.status, 'suspended');
    assert.equal(s.item?.nextDue, null, 'the clock stands still');
    assert.equal((await listed('2026-05-01', { overdue: 'true' })).item, undefined, 'a suspended complaint is not late');
    await performAction(db, coord, c.id, 'resume', { on: '2026-03-20' }, { now: at('2026-03-20') });
    s = await listed('2026-03-25');
    assert.equal(s.item?.nextDueKey, 'decision');
    assert.ok(s.item!.nextDue! > '2026-04-28', `moved by the suspension: ${s.item?.nextDue}`);
    assert.ok(/Wij wachten op stukken/.test(JSON.stringify(s.dossier.facts.suspensions)));
  });

  it('klachtwijs refold restores tampered cached columns and changes nothing the second time', async () => {
    const fresh = await makeOrganisationWithRegulation(db, 'stadsring51');
    const coord = await actorOf(db, fresh.coordinator);
    const a = await register(fresh.org.id);
    await performAction(db, coord, a.id, 'acknowledge', { on: '2026-03-03' }, { now: at('2026-03-03') });
    await performAction(db, coord, a.id, 'assign', { handlerUserId: fresh.handler.user.id }, { now: at('2026-03-03') });
    const b = await register(fresh.org.id);
    await performAction(db, coord, b.id, 'withdraw', { reason: 'De klager is tevreden.', on: '2026-03-04' }, { now: at('2026-03-04') });
    const before = await db.selectFrom('complaints').selectAll().where('id', 'in', [a.id, b.id]).orderBy('reference').execute();
    await db.updateTable('complaints').set({ status: 'new', next_due: '2026-03-30', next_due_key: 'inadmissibilityNotice', handler_user_id: null }).where('id', '=', a.id).execute();
    await db.updateTable('complaints').set({ status: 'closed', closed_at: new Date(), decided_late: true }).where('id', '=', b.id).execute();
    const first = await refoldComplaints(db, { organisationId: fresh.org.id, now: at('2026-03-05'), batchSize: 1 });
    assert.deepEqual(first, { total: 2, changed: 2, withUnreadableEvents: 0 });
    const after = await db.selectFrom('complaints').selectAll().where('id', 'in', [a.id, b.id]).orderBy('reference').execute();
    for (const [i, row] of after.entries()) {
      const was = before[i]!;
      for (const k of ['status', 'next_due', 'next_due_key', 'handler_user_id', 'decided_late', 'decision_due', 'last_seq'] as const) assert.deepEqual(row[k], was[k], k);
      assert.equal(row.closed_at, null);
    }
    assert.equal(after.find((r) => r.id === a.id)?.next_due, '2026-04-28');
    const second = await refoldComplaints(db, { organisationId: fresh.org.id, now: at('2026-03-05') });
    assert.deepEqual(second, { total: 2, changed: 0, withUnreadableEvents: 0 });
  });

  it('T2100 refolds only the complaints cached on the inadmissibility notice (refoldAfter), and puts them on their decision term', async () => {
    assert.equal(refoldAfter([]), null);
    assert.equal(refoldAfter(['2026-12-02T2000-need-to-know-branches']), null, 'a migration that changes no cached rule refolds nothing');
    assert.deepEqual(refoldAfter(['2026-12-02T2100-inadmissibility-window']), { nextDueKeys: ['inadmissibilityNotice'] });
    assert.deepEqual(refoldAfter(['2026-12-01T1500-reports', '2026-12-02T2100-inadmissibility-window']), {}, 'with a full refold among them: every complaint');
    const fresh = await makeOrganisationWithRegulation(db, 'stadsring51');
    const coord = await actorOf(db, fresh.coordinator);
    const stale = await register(fresh.org.id);
    const other = await register(fresh.org.id);
    await performAction(db, coord, stale.id, 'acknowledge', { on: '2026-03-03' }, { now: at('2026-03-03') });
    // As main before T2100 cached it: the window as the running deadline. The other one tampered on another clock.
    await db.updateTable('complaints').set({ next_due: '2026-03-30', next_due_key: 'inadmissibilityNotice' }).where('id', '=', stale.id).execute();
    await db.updateTable('complaints').set({ next_due: '2026-01-01' }).where('id', '=', other.id).execute();
    const r = await refoldComplaints(db, { ...refoldAfter(['2026-12-02T2100-inadmissibility-window']), organisationId: fresh.org.id, now: at('2026-04-02') });
    assert.deepEqual(r, { total: 1, changed: 1, withUnreadableEvents: 0 });
    const rows = await db.selectFrom('complaints').select(['id', 'next_due', 'next_due_key']).where('id', 'in', [stale.id, other.id]).execute();
    assert.deepEqual(rows.find((x) => x.id === stale.id), { id: stale.id, next_due: '2026-04-28', next_due_key: 'decision' });
    assert.equal(rows.find((x) => x.id === other.id)?.next_due, '2026-01-01', 'a complaint cached on another clock is not read');
  });

  it('an unreadable event is listed and shown, never dropped', async () => {
    const c = await register();
    const e = await db.selectFrom('complaint_events').select(['organisation_id']).where('complaint_id', '=', c.id).executeTakeFirstOrThrow();
    await db
      .insertInto('complaint_events')
      .values({ organisation_id: e.organisation_id, complaint_id: c.id, seq: 2, type: 'suspend', at: at('2026-03-04'), actor_user_id: null, actor_roles: JSON.stringify([]), data: JSON.stringify({ from: 'morgen' }) })
      .execute();
    const d = await getComplaint(db, coordinator, c.id, { now: at('2026-03-05'), audit: false });
    assert.deepEqual(d.facts.unreadableEvents, [2]);
    assert.equal(d.history.length, 2);
    const r = await refoldComplaints(db, { organisationId: org.org.id, now: at('2026-03-05') });
    assert.ok(r.withUnreadableEvents >= 1);
  });
});

forEachDatabase('running deadlines on the pages', (ctx) => {
  it('the dossier page names the running deadline and shows an unreadable event as such; the list filters "te laat afgehandeld"', async () => {
    const db = ctx.database.db;
    const org = await makeOrganisationWithRegulation(db, 'stadsring51');
    const coordinator = await actorOf(db, org.coordinator);
    const c = await registerComplaint(db, {
      organisationId: org.org.id,
      actor: coordinator,
      door: 'staff',
      input: {
        channel: 'letter',
        description: 'De medewerker kwam drie keer niet opdagen bij de afspraak.',
        complainant: { relation: 'client', name: 'Jan Jansen', postalAddress: 'Dorpsstraat 1, 1234 AB Ergens' },
        signed: true,
        documentDate: today(),
      },
    });
    await performAction(db, coordinator, c.id, 'acknowledge', {});
    await performAction(db, coordinator, c.id, 'assign', { handlerUserId: org.handler.user.id });
    await db
      .insertInto('complaint_events')
      .values({ organisation_id: org.org.id, complaint_id: c.id, seq: 4, type: 'record-contact', at: new Date(), actor_user_id: null, actor_roles: JSON.stringify([]), data: JSON.stringify({ with: 42 }) })
      .execute();
    await db.updateTable('complaints').set({ last_seq: 4 }).where('id', '=', c.id).execute();
    const client = new PageClient(await testApp(ctx.database));
    await client.logIn(org.coordinator.email, TEST_PASSWORD);
    const { html } = await client.get(`/klachten/${c.id}`);
    const text = html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');
    assert.match(text, /Termijn die nu loopt: Beslissing \d{1,2} \w+ \d{4}\./);
    // Not extended: the latest date after an extension (002 art. 6.8) is information, not a second deadline.
    assert.match(text, /Beslissing, uiterlijk als de termijn wordt verlengd \d{1,2} \w+ \d{4} Alleen als de termijn wordt verlengd/);
    assert.doesNotMatch(text, /uiterlijk na verlenging/);
    // "Nu niet mogelijk" lists what waits for something, not the steps this regulation does not have (no committee).
    assert.match(text, /Nu niet mogelijk .*Beslissing vastleggen : Een beslissing kan pas als/);
    assert.doesNotMatch(text, /Doorsturen naar de klachtencommissie|kent geen klachtencommissie/);
    assert.match(text, /Contact vastleggen — Deze gebeurtenis kan niet worden gelezen \(soort: record-contact, nummer 4\)/);
    const list = await client.get('/klachten?decidedLate=ja');
    assert.match(list.html, /Alleen klachten die te laat zijn afgehandeld/);
    assert.ok(!list.html.includes(c.reference), 'not decided, so not decided late');
    assert.match(list.html, /Geen klachten gevonden/);
  });

  it('a complaint still new after its inadmissibility window: dossier and start page show the decision term, not "Bericht niet-ontvankelijk … Te laat"', async () => {
    const db = ctx.database.db;
    const org = await makeOrganisationWithRegulation(db, 'stadsring51');
    const coordinator = await actorOf(db, org.coordinator);
    const receivedOn = addDays(today(), -42);
    const c = await registerLetterComplaint(db, org, coordinator, receivedOn);
    await performAction(db, coordinator, c.id, 'acknowledge', { on: receivedOn });
    const client = new PageClient(await testApp(ctx.database));
    await client.logIn(org.coordinator.email, TEST_PASSWORD);
    const text = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');
    const dossier = text((await client.get(`/klachten/${c.id}`)).html);
    assert.match(dossier, /Termijn die nu loopt: Beslissing \d{1,2} \w+ \d{4}\./);
    assert.match(dossier, /Bericht niet-ontvankelijk \d{1,2} \w+ \d{4} Voorbij: de klacht geldt als ontvankelijk/);
    assert.doesNotMatch(dossier, /Bericht niet-ontvankelijk [^.]*Te laat/);
    const start = text((await client.get('/start')).html);
    assert.ok(start.includes(c.reference), 'the complaint is on the start page');
    assert.doesNotMatch(start, /Bericht niet-ontvankelijk/, 'the start page shows no passed inadmissibility window');
  });
});
