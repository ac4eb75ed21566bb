/**
 * Issue 10, gov lane (ADR 0018): the yearly meeting (000/002 art. 8) gets an agenda generated from the yearly
 * analysis (its figures, recommendations and decisions) and the measures, then minutes; the regulation's yearly
 * review (003 Bekendmaking) is approved only by a user bound to the approving role (het bestuur), and the adjusted
 * version cannot be activated before that approval is recorded.
 */
import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import { stringify as toYaml } from 'yaml';
import { forEachDatabase } from '../support/databases.ts';
import { PageClient, testApp } from '../support/http.ts';
import { CBF_FILLS, LENTL_FILLS } from '../support/api.ts';
import { actorOf, bindRegulationRole, makeOrganisationWithRegulation, makeUser, regulationInForceFrom } from '../support/factories.ts';
import { AppError } from '../../src/shared/errors.ts';
import { registerComplaint } from '../../src/usecases/complaints/register-complaint.ts';
import { today } from '../../src/usecases/complaints/dossier.ts';
import type { Actor } from '../../src/usecases/actor.ts';
import { decidedMeasures, generateAgenda, meetingsDue, meetingsOverview, meetingView, planMeeting, recordDecidedMeasure, recordMinutes } from '../../src/usecases/meetings/meetings.ts';
import { activateRegulation, activeRegulation } from '../../src/usecases/regulations/regulations.ts';
import { approveReview, closeReview, publishReview, reviewScopes, reviewsDue, reviewView, saveDraft, saveEvaluation, startReview } from '../../src/usecases/regulations/review.ts';

async function refused(p: Promise<unknown>, code: string, message?: RegExp): Promise<AppError> {
  try {
    await p;
  } catch (err) {
    assert.ok(err instanceof AppError, String(err));
    assert.equal(err.code, code, err.message);
    if (message) assert.match(err.message, message);
    return err;
  }
  assert.fail(`expected ${code}`);
}

forEachDatabase('yearly meeting', (ctx) => {
  let orgId: string;
  let coordinator: Actor;
  let intake: Actor;
  let board: Actor;
  let reportId: string;
  let coordinatorLogin: { email: string; password: string };

  before(async () => {
    const db = ctx.database.db;
    const o = await makeOrganisationWithRegulation(db, 'stadsring51');
    orgId = o.org.id;
    coordinator = await actorOf(db, o.coordinator);
    coordinatorLogin = o.coordinator;
    intake = await actorOf(db, o.intake);
    board = await actorOf(db, await makeUser(db, orgId, 'board'));
    // Anonymous statistical records of 2026: 3 received, 2 complaints, 1 upheld, 1 decided late; one of 2025.
    const rec = (receivedOn: string, kind: string, outcome: string | null, late: boolean) => ({
      organisation_id: orgId,
      unit_id: o.unit.id,
      kind,
      status: outcome ? 'decided' : 'registered',
      channel: 'letter',
      received_on: receivedOn,
      outcome,
      terms: JSON.stringify(outcome ? { decision: { due: '2026-06-01', metOn: '2026-06-05', late } } : {}),
    });
    await db
      .insertInto('complaint_statistics')
      .values([rec('2026-03-01', 'complaint', 'upheld', true), rec('2026-04-01', 'complaint', 'not_upheld', false), rec('2026-05-01', 'suggestion', null, false), rec('2025-05-01', 'complaint', 'upheld', false)])
      .execute();
    const report = await db
      .insertInto('reports')
      .values({ organisation_id: orgId, unit_id: null, report_key: 'yearly_analysis', period: '2026', period_from: '2026-01-01', period_to: '2026-12-31', title: 'Jaaranalyse klachten 2026', created_by: coordinator.userId })
      .returning('id')
      .executeTakeFirstOrThrow();
    reportId = report.id;
    await db
      .insertInto('report_recommendations')
      .values([
        { organisation_id: orgId, report_id: reportId, position: 1, text: 'Bevestig afspraken voortaan schriftelijk.', decision: 'adopted', decided_at: new Date() },
        { organisation_id: orgId, report_id: reportId, position: 2, text: 'Zet een wachtlijst op de website.', decision: null },
      ])
      .execute();
    await db
      .insertInto('improvement_measures')
      .values([
        { organisation_id: orgId, title: 'Afsprakenbrief', status: 'in_progress', due_on: '2027-01-15' },
        { organisation_id: orgId, title: 'Training bejegening', status: 'done', completed_on: '2026-10-01' },
        { organisation_id: orgId, title: 'Nieuwe website', status: 'planned', due_on: '2027-06-01' },
      ])
      .execute();
  });

  it('is due in the year after, for the klachtenfunctionaris (002 art. 8), not for intake', async () => {
    const db = ctx.database.db;
    const due = await meetingsDue(db, coordinator, '2027-02-01');
    assert.equal(due?.year, 2026);
    assert.equal(due?.meeting, null);
    assert.equal(due?.analysisFinal, false);
    assert.equal(due?.article, '8.1–8.2');
    assert.equal(await meetingsDue(db, intake, '2027-02-01'), null);
    await refused(meetingsOverview(db, intake, '2027-02-01'), 'forbidden');
    await refused(db.transaction().execute((tx) => planMeeting(tx, intake, { year: 2026, plannedOn: '2027-03-01' }, '2027-02-01')), 'not_permitted', /klachtenfunctionaris \(artikel 8\.1–8\.2\)/);
  });

  it('owes no meeting about a year before the regulation was in force (002 art. 8: the complaints handled under it); the first year, even partly, is owed', async () => {
    const db = ctx.database.db;
    // An organisation made today (found walking the demo: its start page asked for last year's meeting).
    const o = await makeOrganisationWithRegulation(db, 'stadsring51');
    const officer = await actorOf(db, o.coordinator);
    const day = today();
    const thisYear = Number(day.slice(0, 4));
    assert.equal(await meetingsDue(db, officer, day), null);
    assert.equal((await meetingsOverview(db, officer, day)).dueYear, thisYear, 'the form offers the first year it was in force');
    const client = new PageClient(await testApp(ctx.database));
    await client.logIn(o.coordinator.email, o.coordinator.password);
    const start = await client.get('/start');
    assert.equal(start.res.status, 200);
    assert.doesNotMatch(start.html, /Jaaroverleg/);
    assert.match((await client.get('/jaaroverleg')).html, new RegExp(`name="year"[^>]*value="${thisYear}"|value="${thisYear}"[^>]*name="year"`));
    // In force since 1 March 2026: nothing about 2025; the meeting about 2026 is due in 2027.
    await regulationInForceFrom(db, o.org.id, '2026-03-01');
    assert.equal(await meetingsDue(db, officer, '2026-12-01'), null);
    assert.equal((await meetingsDue(db, officer, '2027-02-01'))?.year, 2026);
    // Nor can one be planned about 2025 (walkthrough: its agenda counted 0 for a year with nothing under the regulation).
    const err = await refused(db.transaction().execute((tx) => planMeeting(tx, officer, { year: 2025, plannedOn: '2027-03-01' }, '2027-02-01')), 'validation_failed');
    assert.deepEqual(err.fields.map((f) => f.field), ['year']);
    assert.match(err.fields[0]!.message, /Over 2025 is er geen jaaroverleg: de klachtenregeling geldt sinds 1 maart 2026, en het overleg gaat over de klachten onder de regeling \(artikel 8\.1–8\.2\)\. Kies 2026 of later\./);
    assert.equal(await db.selectFrom('meetings').select('id').where('organisation_id', '=', o.org.id).executeTakeFirst(), undefined);
    // Nor about a year that has not begun (walkthrough: a meeting about 2028 planned in 2027 counted nothing), at the field
    // with the article; the current year may be planned ("eenmaal per jaar").
    const future = await refused(db.transaction().execute((tx) => planMeeting(tx, officer, { year: 2028, plannedOn: '2027-03-01' }, '2027-02-01')), 'validation_failed');
    assert.deepEqual(future.fields.map((f) => f.field), ['year']);
    assert.match(future.fields[0]!.message, /^Over 2028 is er nog geen jaaroverleg: dat jaar is nog niet begonnen\. Het overleg bespreekt de klachtgegevens van een jaar en de analyse daarvan \(artikel 8\.1–8\.2\)\. Kies 2027 of eerder\.$/);
    assert.equal(await db.selectFrom('meetings').select('id').where('organisation_id', '=', o.org.id).executeTakeFirst(), undefined);
    await db.transaction().execute((tx) => planMeeting(tx, officer, { year: 2027, plannedOn: '2027-12-01' }, '2027-02-01'));
    await db.transaction().execute((tx) => planMeeting(tx, officer, { year: 2026, plannedOn: '2027-03-01' }, '2027-02-01'));
    // In force since the last day of 2025: the meeting about 2025 is owed.
    await regulationInForceFrom(db, o.org.id, '2025-12-31');
    assert.equal((await meetingsDue(db, officer, '2026-12-01'))?.year, 2025);
  });

  it('a handler who is the klachtenfunctionaris of one unit only neither sees nor opens the organisation\'s meeting', async () => {
    const db = ctx.database.db;
    // Its own organisation: the handler is bound to complaints_officer for the unit (the factory, as the demo does).
    const o = await makeOrganisationWithRegulation(db, 'stadsring51');
    await regulationInForceFrom(db, o.org.id, '2024-01-01'); // last year's meeting is owed (002 art. 8)
    const handler = await actorOf(db, o.handler);
    const bindings = await db.selectFrom('regulation_role_bindings').select(['role_key', 'unit_id']).where('user_id', '=', handler.userId).execute();
    assert.deepEqual(bindings, [{ role_key: 'complaints_officer', unit_id: o.unit.id }], 'the case this test is about');
    const day = today();
    assert.equal(await meetingsDue(db, handler, day), null);
    await refused(meetingsOverview(db, handler, day), 'forbidden');
    await refused(db.transaction().execute((tx) => planMeeting(tx, handler, { year: Number(day.slice(0, 4)) - 1, plannedOn: day }, day)), 'not_permitted');
    const officer = await actorOf(db, o.coordinator);
    const { id } = await db.transaction().execute((tx) => planMeeting(tx, officer, { year: Number(day.slice(0, 4)) - 1, plannedOn: day }, day));
    const client = new PageClient(await testApp(ctx.database));
    await client.logIn(o.handler.email, o.handler.password);
    const start = await client.get('/start');
    assert.equal(start.res.status, 200);
    assert.doesNotMatch(start.html, /Jaaroverleg/);
    assert.doesNotMatch(start.html, /href="\/jaaroverleg/);
    for (const path of ['/jaaroverleg', `/jaaroverleg/${id}`]) assert.equal((await client.get(path)).res.status, 404, path);
    // Bound for the whole organisation, the same user prepares it.
    await bindRegulationRole(db, o.org.id, 'complaints_officer', handler.userId, null);
    const page = await client.get('/jaaroverleg');
    assert.equal(page.res.status, 200);
    // The text says who prepares (the regulation's role) and who may plan it as well (the product's roles, mayPrepare).
    assert.match(page.html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' '), /Het overleg wordt voorbereid door de klachtenfunctionaris\. Een beheerder kan het ook plannen en vastleggen\./);
    assert.match((await client.get('/start')).html, /href="\/jaaroverleg\/[0-9a-f-]{36}"/);
  });

  it('plans the meeting with an agenda from the analysis, its recommendations and the measures', async () => {
    const db = ctx.database.db;
    const { id } = await db.transaction().execute((tx) => planMeeting(tx, coordinator, { year: 2026, plannedOn: '2027-03-01', attendees: 'directie, klachtenfunctionaris' }, '2027-02-01'));
    const row = await db.selectFrom('meetings').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    assert.equal(row.status, 'planned');
    const agenda = row.agenda;
    const analysis = agenda.find((i) => i.kind === 'analysis');
    assert.equal(analysis?.reportId, reportId);
    assert.equal(analysis?.title, 'Bespreking: Jaaranalyse klachten 2026');
    assert.deepEqual(analysis?.figures, { received: 3, complaints: 2, upheld: 1, late: 1, final: false });
    assert.equal(analysis?.article, '7.2–7.3');
    const recs = agenda.find((i) => i.kind === 'recommendations');
    assert.deepEqual(
      recs?.recommendations?.map((r) => [r.text, r.decision]),
      [
        ['Bevestig afspraken voortaan schriftelijk.', 'adopted'],
        ['Zet een wachtlijst op de website.', null],
      ],
    );
    assert.deepEqual(agenda.find((i) => i.kind === 'measures')?.measures, { open: 2, overdue: 1, doneInYear: 1 });
    const standing = agenda.filter((i) => i.kind === 'standing');
    assert.ok(standing.some((i) => i.article === '8.1–8.2' && /besproken/.test(i.text ?? '')), 'the regulation\'s description');
    assert.ok(standing.some((i) => i.article === '9.1'), 'the regulation\'s measures (art. 9.1)');
    const due = await meetingsDue(db, coordinator, '2027-02-01');
    assert.equal(due?.meeting?.id, id);
  });

  it('uses the frozen figures of a final analysis', async () => {
    const db = ctx.database.db;
    const frozen = { current: { received: 40, complaints: 30, breakdowns: [{ key: 'outcome', title: 'Uitkomst', total: 20, rows: [{ key: 'upheld', label: 'gegrond', count: 7 }, { key: 'partly_upheld', label: 'deels gegrond', count: 3 }, { key: 'not_upheld', label: 'ongegrond', count: 10 }] }], terms: [{ key: 'decision', label: 'Afhandeling', onTime: 25, late: 5 }] } };
    await db.updateTable('reports').set({ status: 'final', figures: JSON.stringify(frozen), finalised_at: new Date() }).where('id', '=', reportId).execute();
    const overview = await meetingsOverview(db, coordinator, '2027-02-01');
    const agenda = await generateAgenda(db, orgId, overview.rule!, 2026, '2027-02-01');
    assert.deepEqual(agenda.find((i) => i.kind === 'analysis')?.figures, { received: 40, complaints: 30, upheld: 10, late: 5, final: true });
    assert.equal((await meetingsDue(db, coordinator, '2027-02-01'))?.analysisFinal, true);
  });

  it('the board reads the meeting pages: figures, no personal data of any complaint', async () => {
    const db = ctx.database.db;
    const PERSONAL = {
      name: 'Fatima de Vries-van Oosterhout',
      email: 'fatima.devries@example.nl',
      phone: '06 12345678',
      postalAddress: 'Kerkstraat 12, 1234 AB Utrecht',
      description: 'De wijkverpleegkundige kwam drie keer niet opdagen bij de afspraak.',
      subject: 'Afspraak niet nagekomen door de wijkverpleegkundige',
    };
    // An organisation of its own, so the figures are this one complaint's.
    const o = await makeOrganisationWithRegulation(db, 'stadsring51');
    const officer = await actorOf(db, o.coordinator);
    const boardUser = await makeUser(db, o.org.id, 'board');
    const r = await registerComplaint(db, {
      organisationId: o.org.id,
      actor: null,
      door: 'public',
      input: {
        unitId: o.unit.id,
        channel: 'web_form',
        subject: PERSONAL.subject,
        description: PERSONAL.description,
        complainant: { relation: 'client', name: PERSONAL.name, email: PERSONAL.email, phone: PERSONAL.phone, postalAddress: PERSONAL.postalAddress },
        signed: true,
      },
    });
    const reference = (await db.selectFrom('complaints').select('reference').where('id', '=', r.id).executeTakeFirstOrThrow()).reference;
    const year = Number(today().slice(0, 4));
    const { id } = await db.transaction().execute((tx) => planMeeting(tx, officer, { year, plannedOn: today() }, today()));
    const client = new PageClient(await testApp(ctx.database));
    await client.logIn(boardUser.email, boardUser.password);
    for (const path of ['/jaaroverleg', `/jaaroverleg/${id}`, '/start']) {
      const { res, html } = await client.get(path);
      assert.equal(res.status, 200, path);
      for (const value of [...Object.values(PERSONAL), reference]) assert.ok(!html.includes(value), `${path} shows "${value}"`);
    }
    const { html } = await client.get(`/jaaroverleg/${id}`);
    // The one small-cell rule of the board's reports (shownCount): 1 received complaint is "< 5", as in the report.
    assert.match(html, /Ontvangen meldingen<\/dt><dd>&lt; 5<\/dd>/, 'the figures are there, small ones as "< 5"');
    assert.match(html, /Gegrond of deels gegrond<\/dt><dd>0<\/dd>/, 'nothing is not a small cell');
    assert.doesNotMatch(html, /<dd>[1-4]<\/dd>/, 'no count of 1–4 for the board');
    assert.doesNotMatch(html, /Verslag opslaan/, 'the board reads, it does not record');
    // The klachtenfunctionaris who prepares the meeting works with the exact figures, as in the staff report.
    const officerClient = new PageClient(await testApp(ctx.database));
    await officerClient.logIn(o.coordinator.email, o.coordinator.password);
    assert.match((await officerClient.get(`/jaaroverleg/${id}`)).html, /Ontvangen meldingen<\/dt><dd>1<\/dd>/);
  });

  it('records the minutes; then it is no longer due; the board reads it', async () => {
    const db = ctx.database.db;
    const meeting = await db.selectFrom('meetings').select('id').where('organisation_id', '=', orgId).executeTakeFirstOrThrow();
    const bad = await refused(db.transaction().execute((tx) => recordMinutes(tx, coordinator, meeting.id, { heldOn: '2027-03-02', minutes: '' }, '2027-03-02')), 'validation_failed');
    assert.ok(bad.fields.some((f) => f.field === 'minutes'));
    await refused(db.transaction().execute((tx) => recordMinutes(tx, coordinator, meeting.id, { heldOn: '2027-04-01', minutes: 'x' }, '2027-03-02')), 'validation_failed');
    await db.transaction().execute((tx) => recordMinutes(tx, coordinator, meeting.id, { heldOn: '2027-03-01', minutes: 'De analyse is besproken. Besloten: afsprakenbrief invoeren.', attendees: 'directie' }, '2027-03-02'));
    const row = await db.selectFrom('meetings').selectAll().where('id', '=', meeting.id).executeTakeFirstOrThrow();
    assert.equal(row.status, 'held');
    assert.equal(row.held_on, '2027-03-01');
    assert.equal(await meetingsDue(db, coordinator, '2027-03-02'), null);
    const seen = await meetingsOverview(db, board, '2027-03-02');
    assert.equal(seen.mayPrepare, false);
    assert.equal(seen.meetings.length, 1);
    const audited = await db.selectFrom('audit_log').select('action').where('subject_id', '=', meeting.id).execute();
    assert.deepEqual(audited.map((a) => a.action).sort(), ['meeting.held', 'meeting.planned']);
  });

  it('records a measure decided in the meeting in the improvement register, with the meeting as its source', async () => {
    const db = ctx.database.db;
    const meeting = await db.selectFrom('meetings').select(['id', 'year']).where('organisation_id', '=', orgId).executeTakeFirstOrThrow();
    const bad = await refused(db.transaction().execute((tx) => recordDecidedMeasure(tx, coordinator, meeting.id, { title: '' })), 'validation_failed');
    assert.ok(bad.fields.some((f) => f.field === 'title'));
    await refused(db.transaction().execute((tx) => recordDecidedMeasure(tx, intake, meeting.id, { title: 'Afsprakenbrief' })), 'not_permitted', /artikel 8\.1–8\.2/);
    const { id } = await db.transaction().execute((tx) => recordDecidedMeasure(tx, coordinator, meeting.id, { title: 'Afsprakenbrief invoeren', dueOn: '2027-06-01' }));
    const source = await db.selectFrom('measure_sources').selectAll().where('measure_id', '=', id).executeTakeFirstOrThrow();
    assert.equal(source.kind, 'meeting');
    assert.equal(source.note, `Besloten in het jaaroverleg over ${meeting.year}`);
    const listed = await decidedMeasures(db, orgId, meeting.year);
    assert.deepEqual(listed.map((m) => [m.title, m.status, m.due_on]), [['Afsprakenbrief invoeren', 'planned', '2027-06-01']]);
    assert.deepEqual(await decidedMeasures(db, orgId, meeting.year - 1), [], 'another year\'s meeting decided nothing');
    const seen = await meetingView(db, board, meeting.id);
    assert.equal(seen.measures.length, 1, 'the board reads the decided measures');
    // The register's full form, reached from the meeting, names the meeting's year in the source's note.
    const client = new PageClient(await testApp(ctx.database));
    await client.logIn(coordinatorLogin.email, coordinatorLogin.password);
    const form = await client.get(`/verbetermaatregelen/nieuw?meeting=${meeting.id}`);
    assert.equal(form.res.status, 200);
    assert.match(form.html, new RegExp(`value="Besloten in het jaaroverleg over ${meeting.year}"`));
    assert.match((await client.get('/rapportages')).html, /href="\/jaaroverleg"/, 'the yearly meeting is reached from the reports page');
  });

  it('a date in the past is refused unless the meeting was already held and is recorded afterwards (walkthrough 2 Dec 2026)', async () => {
    const db = ctx.database.db;
    const o = await makeOrganisationWithRegulation(db, 'stadsring51');
    const officer = await actorOf(db, o.coordinator);
    const plan = (input: { plannedOn: string; heldAlready?: string }) => db.transaction().execute((tx) => planMeeting(tx, officer, { year: 2026, ...input }, '2027-03-10'));
    const past = await refused(plan({ plannedOn: '2027-03-01' }), 'validation_failed');
    assert.deepEqual(past.fields.map((f) => f.field), ['plannedOn']);
    assert.match(past.fields[0]!.message, /al voorbij.*al is gehouden/);
    const future = await refused(plan({ plannedOn: '2027-03-20', heldAlready: 'ja' }), 'validation_failed');
    assert.match(future.fields[0]!.message, /vandaag of eerder/);
    const { id } = await plan({ plannedOn: '2027-03-01', heldAlready: 'ja' });
    assert.equal((await db.selectFrom('meetings').select('planned_on').where('id', '=', id).executeTakeFirstOrThrow()).planned_on, '2027-03-01');
    // The form: the typed values stay, the error is at the date, and the box to record a held meeting is there.
    const client = new PageClient(await testApp(ctx.database));
    await client.logIn(o.coordinator.email, o.coordinator.password);
    const page = await client.get('/jaaroverleg');
    assert.match(page.html, /name="heldAlready"/);
    const res = await client.postForm('/jaaroverleg', { _csrf: page.csrf, year: '2025', plannedOn: '2020-01-15', attendees: 'directie' });
    assert.equal(res.status, 422);
    const html = await res.text();
    assert.match(html, /id="plannedOn-fout"[^>]*>[\s\S]*?al voorbij/);
    assert.match(html, /value="2020-01-15"/);
  });
});

forEachDatabase('review of the regulation', (ctx) => {
  let orgId: string;
  let coordinator: Actor;
  let admin: Actor;
  let boardBound: Actor;
  let boardUnbound: Actor;
  let reviewId: string;
  let draftYaml: string;
  const logins: Record<string, { email: string; password: string }> = {};

  before(async () => {
    const db = ctx.database.db;
    const o = await makeOrganisationWithRegulation(db, 'cbf-template', CBF_FILLS);
    orgId = o.org.id;
    coordinator = await actorOf(db, o.coordinator);
    admin = await actorOf(db, await makeUser(db, orgId, 'admin'));
    const b1 = await makeUser(db, orgId, 'board');
    const b2 = await makeUser(db, orgId, 'board');
    await bindRegulationRole(db, orgId, 'board', b1.user.id);
    boardBound = await actorOf(db, b1);
    boardUnbound = await actorOf(db, b2);
    logins['board'] = b1;
    logins['boardUnbound'] = b2;
    logins['intake'] = o.intake;
    logins['coordinator'] = o.coordinator;
  });

  it('is due a year after the version took effect (003 Bekendmaking) and reminds a month before', async () => {
    const db = ctx.database.db;
    const [scope] = await reviewScopes(db, coordinator, '2026-12-01');
    assert.ok(scope);
    assert.equal(scope.unitId, null);
    assert.equal(scope.due.approvedByRole, 'board');
    const dueOn = scope.due.dueOn;
    assert.ok(dueOn > '2027-01-01');
    assert.equal((await reviewsDue(db, coordinator, '2026-12-01')).length, 0);
    assert.equal((await reviewsDue(db, coordinator, scope.due.remindFrom)).length, 1);
    assert.equal((await reviewsDue(db, boardBound, scope.due.remindFrom)).length, 0, 'the reminder is for admin and coordinator');
  });

  it('evaluation and draft, then approval only by a user bound to the bestuur role', async () => {
    const db = ctx.database.db;
    ({ id: reviewId } = await db.transaction().execute((tx) => startReview(tx, coordinator, { unitId: null }, '2027-01-01')));
    const again = await db.transaction().execute((tx) => startReview(tx, coordinator, { unitId: null }, '2027-01-01'));
    assert.equal(again.id, reviewId, 'one review in progress per scope');
    await db.transaction().execute((tx) => saveEvaluation(tx, coordinator, reviewId, { evaluation: 'De termijn van 5 werkdagen is vaak te kort.' }));
    const active = await activeRegulation(db, orgId, null);
    const next = structuredClone(active!.regulation);
    next.deadlines.decision = { ...(next.deadlines.decision as { amount: number; unit: 'workingDays'; source: { article: string } }), amount: 10 };
    draftYaml = toYaml(next);
    await refused(db.transaction().execute((tx) => saveDraft(tx, coordinator, reviewId, { document: draftYaml })), 'not_permitted');
    const invalid = await refused(db.transaction().execute((tx) => saveDraft(tx, admin, reviewId, { document: 'format: nee' })), 'validation_failed');
    assert.equal(invalid.fields[0]?.field, 'document');
    await db.transaction().execute((tx) => saveDraft(tx, admin, reviewId, { document: draftYaml }));

    const view = await reviewView(db, boardUnbound, reviewId, { name: 'X' });
    assert.ok(view.diff.length > 0, 'the board reads the difference');
    assert.equal(view.canApprove, false);
    assert.match(view.approveRefusal ?? '', /rol bestuur.*\(onderdeel "Bekendmaking"\)/);
    assert.equal(view.canRun, false);

    await refused(db.transaction().execute((tx) => approveReview(tx, coordinator, reviewId, {})), 'not_permitted', /Alleen wie de rol bestuur heeft.*Bekendmaking/);
    await refused(db.transaction().execute((tx) => approveReview(tx, boardUnbound, reviewId, {})), 'not_permitted', /bestuur/);
  });

  it('activation of the adjusted version is refused before the approval, and allowed after', async () => {
    const db = ctx.database.db;
    const review = await db.selectFrom('regulation_reviews').selectAll().where('id', '=', reviewId).executeTakeFirstOrThrow();
    // Straight through the editor or the command line: refused, naming the article.
    await refused(
      db.transaction().execute((tx) => activateRegulation(tx, { organisationId: orgId, unitId: null, source: { document: review.draft_document }, fills: {}, actorUserId: admin.userId })),
      'not_permitted',
      /goedkeuring door het bestuur van .*\(onderdeel "Bekendmaking"\)/,
    );
    await refused(db.transaction().execute((tx) => publishReview(tx, admin, reviewId)), 'not_permitted', /nog niet goedgekeurd/);

    await db.transaction().execute((tx) => approveReview(tx, boardBound, reviewId, { note: 'Akkoord in de bestuursvergadering.' }));
    // Changing the draft after approval needs a new approval.
    await db.transaction().execute((tx) => saveDraft(tx, admin, reviewId, { document: draftYaml }));
    await refused(db.transaction().execute((tx) => publishReview(tx, admin, reviewId)), 'not_permitted');
    await db.transaction().execute((tx) => approveReview(tx, boardBound, reviewId, { note: 'Akkoord.' }));
    const approved = await db.selectFrom('regulation_reviews').selectAll().where('id', '=', reviewId).executeTakeFirstOrThrow();
    assert.equal(approved.approved_by, boardBound.userId);
    assert.equal(approved.status, 'approved');
    // An approved review does not open the door to a different document.
    const other = structuredClone(approved.draft_document as Record<string, unknown>);
    (other['metadata'] as { title: string }).title = 'Iets anders';
    await refused(
      db.transaction().execute((tx) => activateRegulation(tx, { organisationId: orgId, unitId: null, source: { document: other }, fills: {}, actorUserId: admin.userId, reviewId })),
      'not_permitted',
    );

    const published = await db.transaction().execute((tx) => publishReview(tx, admin, reviewId));
    assert.equal(published.version, 2);
    const term = published.regulation.deadlines.decision as { amount: number };
    assert.equal(term.amount, 10);
    const done = await db.selectFrom('regulation_reviews').selectAll().where('id', '=', reviewId).executeTakeFirstOrThrow();
    assert.equal(done.status, 'published');
    assert.equal(done.published_version_id, published.versionId);
    const actions = await db.selectFrom('audit_log').select('action').where('subject_id', '=', reviewId).execute();
    assert.ok(actions.some((a) => a.action === 'regulation_review.approved'));
  });

  it('003 has no yearly meeting: the reports page links to none, for the coordinator nor the bestuur (walk 12)', async () => {
    const app = await testApp(ctx.database);
    for (const who of ['coordinator', 'board']) {
      const client = new PageClient(app);
      await client.logIn(logins[who]!.email, logins[who]!.password);
      const page = await client.get('/rapportages');
      assert.equal(page.res.status, 200, who);
      assert.doesNotMatch(page.html, /href="\/jaaroverleg"|Jaaroverleg/, who);
    }
  });

  it('pages: the bestuur reads the review and sees it on its start page; others find no review; CSRF on every form', async () => {
    const app = await testApp(ctx.database);
    const as = async (who: string) => {
      const client = new PageClient(app);
      await client.logIn(logins[who]!.email, logins[who]!.password);
      return client;
    };
    const board = await as('board');
    const page = await board.get(`/regeling/evaluatie/${reviewId}`);
    assert.equal(page.res.status, 200);
    assert.match(page.html, /Wat verandert er\?/);
    // 003: "binnen 5 werkdagen"; the draft makes it 10 — said in plain Dutch above the text difference.
    assert.ok(page.html.includes('Beslistermijn: 5 werkdagen → 10 werkdagen'), 'the difference in plain Dutch');
    assert.doesNotMatch(page.html, /name="document"/, 'the bestuur does not edit the draft');
    assert.equal((await board.get('/regeling/evaluatie')).res.status, 404, 'the overview is for admin and coordinator (forbidden answers as missing)');
    const intake = await as('intake');
    assert.equal((await intake.get(`/regeling/evaluatie/${reviewId}`)).res.status, 404, 'a review the user may not read looks missing');
    const coord = await as('coordinator');
    const overview = await coord.get('/regeling/evaluatie');
    assert.equal(overview.res.status, 200);
    const noToken = await coord.postForm('/regeling/evaluatie', { unitId: '' });
    assert.equal(noToken.status, 403, 'a form post without the CSRF token is refused');
    // The unbound board member cannot approve: 403 with the Dutch reason naming the article.
    const { id } = await ctx.database.db.transaction().execute((tx) => startReview(tx, coordinator, { unitId: null }, '2027-06-01'));
    await ctx.database.db.transaction().execute((tx) => saveDraft(tx, admin, id, { document: draftYaml }));
    const unbound = await as('boardUnbound');
    const form = await unbound.get(`/regeling/evaluatie/${id}`);
    const refusedPost = await unbound.postForm(`/regeling/evaluatie/${id}/goedkeuren`, { _csrf: form.csrf, note: 'ok' });
    assert.equal(refusedPost.status, 403);
    assert.match(await refusedPost.text(), /Alleen wie de rol bestuur heeft, keurt de bijgestelde klachtenregeling goed \(onderdeel &quot;Bekendmaking&quot;\)|Alleen wie de rol bestuur heeft, keurt de bijgestelde klachtenregeling goed \(onderdeel "Bekendmaking"\)/);
    const start = await board.get('/start');
    assert.match(start.html, /Bijgestelde klachtenregeling goedkeuren/);
    assert.match(start.html, new RegExp(`/regeling/evaluatie/${id}`));
    await ctx.database.db.transaction().execute(async (tx) => {
      await saveEvaluation(tx, coordinator, id, { evaluation: 'Geen wijziging.' });
      await closeReview(tx, coordinator, id);
    });
  });

  it('a review that changes nothing is closed after its evaluation', async () => {
    const db = ctx.database.db;
    const { id } = await db.transaction().execute((tx) => startReview(tx, coordinator, { unitId: null }, '2028-01-01'));
    assert.notEqual(id, reviewId);
    await refused(db.transaction().execute((tx) => closeReview(tx, coordinator, id)), 'validation_failed');
    await db.transaction().execute((tx) => saveEvaluation(tx, coordinator, id, { evaluation: 'Geen wijzigingen nodig.' }));
    await db.transaction().execute((tx) => closeReview(tx, coordinator, id));
    const [scope] = await reviewScopes(db, coordinator, '2028-01-01');
    assert.equal(scope?.open, null);
  });
});

forEachDatabase('lentl (004): no meeting; a review in June that names no approving role', (ctx) => {
  it('has no meeting; the coordinator records the approval and the page says the regulation names no approver', async () => {
    const db = ctx.database.db;
    const o = await makeOrganisationWithRegulation(db, 'lentl', LENTL_FILLS);
    const coord = await actorOf(db, o.coordinator);
    const admin = await actorOf(db, await makeUser(db, o.org.id, 'admin'));
    assert.equal(await meetingsDue(db, coord, '2027-02-01'), null);
    await refused(db.transaction().execute((tx) => planMeeting(tx, coord, { year: 2026, plannedOn: '2027-03-01' }, '2027-02-01')), 'not_permitted', /geen jaaroverleg/);
    const [scope] = await reviewScopes(db, coord, '2027-05-30');
    assert.match(scope?.due.dueOn ?? '', /^\d{4}-06-30$/);
    assert.equal(scope?.due.approvalRequired, false);
    const { id } = await db.transaction().execute((tx) => startReview(tx, coord, { unitId: null }, '2027-06-01'));
    const active = await activeRegulation(db, o.org.id, null);
    await db.transaction().execute((tx) => saveDraft(tx, admin, id, { document: toYaml(active!.regulation) }));
    const view = await reviewView(db, coord, id, { name: 'X' });
    assert.equal(view.approverRoleLabel, null);
    assert.equal(view.canApprove, true);
    assert.equal(view.diff.length, 0, 'an unchanged draft shows no difference');
    await db.transaction().execute((tx) => approveReview(tx, coord, id, {}));
  });
});
