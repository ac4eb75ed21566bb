import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import type { Kysely } from 'kysely';
import type { DB } from '../../src/db/types.ts';
import { AppError } from '../../src/shared/errors.ts';
import type { Actor } from '../../src/usecases/actor.ts';
import { performAction } from '../../src/usecases/complaints/perform-action.ts';
import { registerComplaint } from '../../src/usecases/complaints/register-complaint.ts';
import {
  addMeasureNote,
  addMeasureSource,
  changeMeasureStatus,
  createMeasure,
  getMeasure,
  listMeasures,
  measuresFromComplaint,
  measuresOverview,
  overdueMeasures,
  recordEffectCheck,
  removeMeasureSource,
  updateMeasure,
} from '../../src/usecases/measures/measures.ts';
import { checkMeasures } from '../../src/usecases/measures/check-measures.job.ts';
import { inboxOf } from '../../src/usecases/notifications/inbox.ts';
import { createUnit } from '../../src/usecases/units/units.ts';
import { ApiClient, expectStatus, fieldsOf } from '../support/api.ts';
import { forEachDatabase } from '../support/databases.ts';
import { actorOf, makeOrganisationWithRegulation, makeToken, makeUser } from '../support/factories.ts';
import { PageClient, testApp } from '../support/http.ts';

/**
 * The improvement register (ADR 0017): measures with sources, owner, due date, status history, notes, the
 * effect check and overdue; a decision that puts its measures in the register in its own transaction;
 * need-to-know for complaint sources; the board's overview without names or references; pages and API.
 */
const at = (day: string) => new Date(`${day}T10:00:00+02:00`);

async function rejects(p: Promise<unknown>, code: string, field?: string): Promise<AppError> {
  try {
    await p;
  } catch (err) {
    assert.ok(err instanceof AppError, String(err));
    assert.equal(err.code, code, `${err.code}: ${err.message} ${JSON.stringify(err.fields)}`);
    if (field) assert.ok(err.fields.some((f) => f.field === field), JSON.stringify(err.fields));
    return err;
  }
  assert.fail(`expected ${code}`);
}

forEachDatabase('improvement register', (ctx) => {
  let db: Kysely<DB>;
  let org: Awaited<ReturnType<typeof makeOrganisationWithRegulation>>;
  let coordinator: Actor;
  let handler: Actor;
  let otherHandler: Actor;
  let board: Actor;
  let unitCoordinator: Actor;
  let otherUnitId: string;
  let complaint: { id: string; reference: string };

  const tx = <T,>(fn: (t: Kysely<DB>) => Promise<T>) => db.transaction().execute(fn);

  /** A complaint registered, acknowledged, assigned, copied and heard on both sides: ready for a decision (002 art. 6). */
  async function readyToDecide(): Promise<{ id: string; reference: string }> {
    const c = await registerComplaint(db, {
      organisationId: org.org.id,
      actor: coordinator,
      door: 'staff',
      now: at('2026-03-02'),
      input: { unitId: org.unit.id, channel: 'letter', receivedOn: '2026-03-02', description: 'Afspraak niet nagekomen.', complainant: { relation: 'client', name: 'Els Eerdmans', postalAddress: 'Kade 2, 1234 AB Ergens' }, signed: true, documentDate: '2026-03-01', respondentName: 'P. Pietersen' },
    });
    await performAction(db, coordinator, c.id, 'acknowledge', {}, { now: at('2026-03-04') });
    await performAction(db, coordinator, c.id, 'assign', { handlerUserId: org.handler.user.id }, { now: at('2026-03-04') });
    await performAction(db, handler, c.id, 'send-copy-to-respondent', { on: '2026-03-05', includesDocuments: true }, { now: at('2026-03-05') });
    await performAction(db, handler, c.id, 'record-hearing', { party: 'complainant', on: '2026-03-10', report: 'Klager vertelt.' }, { now: at('2026-03-10') });
    await performAction(db, handler, c.id, 'record-hearing', { party: 'respondent', on: '2026-03-11', report: 'Medewerker vertelt.' }, { now: at('2026-03-11') });
    return c;
  }

  before(async () => {
    db = ctx.database.db;
    org = await makeOrganisationWithRegulation(db, 'stadsring51');
    coordinator = await actorOf(db, org.coordinator);
    handler = await actorOf(db, org.handler);
    otherHandler = await actorOf(db, await makeUser(db, org.org.id, 'handler', { unitId: org.unit.id }));
    board = await actorOf(db, await makeUser(db, org.org.id, 'board'));
    const other = await tx((t) => createUnit(t, org.org.id, { name: 'Wijkteam Noord', kind: 'afdeling' }, null));
    otherUnitId = other.id;
    unitCoordinator = await actorOf(db, await makeUser(db, org.org.id, 'coordinator', { unitId: otherUnitId }));
    complaint = await registerComplaint(db, {
      organisationId: org.org.id,
      actor: coordinator,
      door: 'staff',
      now: at('2026-03-02'),
      input: {
        unitId: org.unit.id,
        channel: 'letter',
        receivedOn: '2026-03-02',
        description: 'Geheime omschrijving van Jan Jansen.',
        complainant: { relation: 'client', name: 'Jan Jansen', postalAddress: 'Dorpsstraat 1, 1234 AB Ergens', email: 'jan@example.nl' },
        signed: true,
        documentDate: '2026-03-01',
        respondentName: 'P. Pietersen',
        subject: 'Afspraak niet nagekomen',
      },
    });
  });

  it('puts a measure in the register with its sources, and keeps need-to-know for a complaint source', async () => {
    const { id } = await tx((t) =>
      createMeasure(t, coordinator, {
        title: 'Afspraken bevestigen per sms',
        description: 'Elke afspraak krijgt een bevestiging.',
        unitId: org.unit.id,
        ownerUserId: otherHandler.userId,
        dueOn: '2026-06-30',
        effectCheck: 'Na een half jaar het aantal klachten over afspraken tellen.',
        sources: [
          { kind: 'complaint', complaintId: complaint.id },
          { kind: 'complaint', complaintReference: complaint.reference, note: 'ook via het kenmerk' },
          { kind: 'other', note: 'Uit het teamoverleg' },
        ],
      }),
    );
    const seen = await getMeasure(db, coordinator, id);
    assert.equal(seen.status, 'planned');
    assert.equal(seen.ownerName, 'Test handler');
    assert.equal(seen.sources.length, 3);
    assert.equal(seen.sources[0]?.reference, complaint.reference);
    assert.equal(seen.sources[0]?.complaintId, complaint.id);
    assert.equal(seen.sources[1]?.reference, complaint.reference);
    assert.deepEqual(seen.notes.map((n) => n.statusTo), ['planned']);
    // The owner may not see the dossier (not assigned to them): "een klacht", no reference, no link.
    const asOwner = await getMeasure(db, otherHandler, id);
    assert.equal(asOwner.sources[0]?.complaintId, null);
    assert.equal(asOwner.sources[0]?.reference, null);
    assert.equal(asOwner.sources[0]?.hiddenComplaint, true);
    assert.ok(!JSON.stringify(asOwner.sources).includes(complaint.reference));
    assert.deepEqual(asOwner.may, { edit: false, changeStatus: true, note: true, effect: false, sources: false });
    // Someone who is neither keeper nor owner does not see it at all.
    await rejects(getMeasure(db, handler, id), 'not_found');
    // Nobody links a dossier they cannot see.
    await rejects(tx((t) => createMeasure(t, unitCoordinator, { title: 'Probeer', unitId: otherUnitId, sources: [{ kind: 'complaint', complaintReference: complaint.reference }] })), 'validation_failed', 'sources.0.complaintReference');
    const audit = await db.selectFrom('audit_log').select('action').where('subject_id', '=', id).execute();
    assert.deepEqual(audit.map((a) => a.action), ['measure.create']);
  });

  it('takes a recommendation of a report as source, with its report', async () => {
    const report = await db
      .insertInto('reports')
      .values({ organisation_id: org.org.id, report_key: 'annual_analysis', period: '2026', period_from: '2026-01-01', period_to: '2026-12-31', title: 'Jaaranalyse 2026', narrative: '{}' })
      .returning('id')
      .executeTakeFirstOrThrow();
    const rec = await db.insertInto('report_recommendations').values({ organisation_id: org.org.id, report_id: report.id, position: 1, text: 'Bel klagers binnen twee dagen terug.', decision: 'adopted', decision_note: null, decided_by: null, decided_at: null }).returning('id').executeTakeFirstOrThrow();
    const { id } = await tx((t) => createMeasure(t, coordinator, { title: 'Terugbelnorm invoeren', sources: [{ kind: 'recommendation', recommendationId: rec.id }, { kind: 'report', reportId: report.id }] }));
    const m = await getMeasure(db, coordinator, id);
    assert.equal(m.sources[0]?.recommendationText, 'Bel klagers binnen twee dagen terug.');
    assert.equal(m.sources[0]?.reportId, report.id, 'a recommendation brings its report');
    assert.equal(m.sources[1]?.reportTitle, 'Jaaranalyse 2026');
    assert.deepEqual((await listMeasures(db, coordinator, { sourceKind: 'recommendation' })).items.map((i) => i.id), [id]);
    await rejects(tx((t) => createMeasure(t, coordinator, { title: 'Zonder aanbeveling', sources: [{ kind: 'recommendation' }] })), 'validation_failed', 'sources.0.recommendationId');
    const pages = new PageClient(await testApp(ctx.database));
    await pages.logIn(org.coordinator.email, org.coordinator.password);
    assert.match((await pages.get(`/verbetermaatregelen/nieuw?recommendation=${rec.id}`)).html, /Bel klagers binnen twee dagen terug\./);
    assert.match((await pages.get(`/verbetermaatregelen/nieuw?report=${report.id}`)).html, /Rapportage: Jaaranalyse 2026/);
  });

  it('checks who may create and what is filled in', async () => {
    await rejects(tx((t) => createMeasure(t, handler, { title: 'Niet van mij', sources: [] })), 'not_permitted');
    await rejects(tx((t) => createMeasure(t, coordinator, { title: '', sources: [] })), 'validation_failed', 'title');
    await rejects(tx((t) => createMeasure(t, coordinator, { title: 'Datum fout', dueOn: '2026-02-30', sources: [] })), 'validation_failed', 'dueOn');
    await rejects(tx((t) => createMeasure(t, coordinator, { title: 'Zonder toelichting', sources: [{ kind: 'other' }] })), 'validation_failed', 'sources.0.note');
    // A unit's coordinator keeps their own unit's measures only, not the organisation-wide ones.
    await rejects(tx((t) => createMeasure(t, unitCoordinator, { title: 'Voor iedereen', sources: [] })), 'validation_failed', 'unitId');
    await rejects(tx((t) => createMeasure(t, unitCoordinator, { title: 'Andere eenheid', unitId: org.unit.id, sources: [] })), 'validation_failed', 'unitId');
    const own = await tx((t) => createMeasure(t, unitCoordinator, { title: 'Wachtkamer opknappen', unitId: otherUnitId, sources: [] }));
    const list = await listMeasures(db, unitCoordinator);
    assert.ok(list.items.some((i) => i.id === own.id));
    assert.ok(!list.items.some((i) => i.unitId === org.unit.id), 'another unit\'s measures stay out of sight');
  });

  it('follows the status flow with history, notes and the effect check', async () => {
    const { id } = await tx((t) => createMeasure(t, coordinator, { title: 'Telefoon beter bereikbaar', unitId: org.unit.id, ownerUserId: otherHandler.userId, dueOn: '2026-05-01', sources: [] }));
    await rejects(recordEffectCheck(db, coordinator, id, { checkedOn: '2026-04-01', result: 'Werkt goed.' }, { now: at('2026-04-01') }), 'validation_failed', 'status');
    await rejects(changeMeasureStatus(db, otherHandler, id, { status: 'planned' }), 'validation_failed', 'status');
    await changeMeasureStatus(db, otherHandler, id, { status: 'in_progress', note: 'Gestart met nieuwe telefooncentrale.' }, { now: at('2026-03-10') });
    await rejects(changeMeasureStatus(db, otherHandler, id, { status: 'dropped', note: '  ' }), 'validation_failed', 'note');
    await addMeasureNote(db, otherHandler, id, { text: 'Leverancier komt 20 maart.' });
    // The owner changes status and notes, not what the measure is.
    await rejects(updateMeasure(db, otherHandler, id, { title: 'Anders' }), 'not_permitted');
    await changeMeasureStatus(db, coordinator, id, { status: 'done', note: 'Centrale werkt.' }, { now: at('2026-03-25') });
    let m = await getMeasure(db, coordinator, id);
    assert.equal(m.completedOn, '2026-03-25');
    await rejects(recordEffectCheck(db, coordinator, id, { checkedOn: '2026-03-20', result: 'Te vroeg.' }, { now: at('2026-04-01') }), 'validation_failed', 'checkedOn');
    await rejects(recordEffectCheck(db, otherHandler, id, { checkedOn: '2026-04-01', result: 'Ik mag dit niet.' }, { now: at('2026-04-01') }), 'not_permitted');
    await recordEffectCheck(db, coordinator, id, { checkedOn: '2026-04-01', result: 'Geen klachten meer over bereikbaarheid.' }, { now: at('2026-04-01') });
    m = await getMeasure(db, coordinator, id);
    assert.equal(m.effectCheckedOn, '2026-04-01');
    assert.equal(m.effectResult, 'Geen klachten meer over bereikbaarheid.');
    assert.deepEqual(
      m.notes.filter((n) => n.statusTo).map((n) => [n.statusFrom, n.statusTo]),
      [[null, 'planned'], ['planned', 'in_progress'], ['in_progress', 'done']],
    );
    assert.ok(m.notes.some((n) => n.text === 'Leverancier komt 20 maart.'));
    // Reopened: completed_on is cleared.
    await changeMeasureStatus(db, coordinator, id, { status: 'in_progress', note: 'Toch weer problemen.' });
    assert.equal((await getMeasure(db, coordinator, id)).completedOn, null);
    const actions = (await db.selectFrom('audit_log').select('action').where('subject_id', '=', id).orderBy('id').execute()).map((a) => a.action);
    assert.deepEqual(actions, ['measure.create', 'measure.status', 'measure.note', 'measure.status', 'measure.effect', 'measure.status']);
  });

  it('edits, adds and removes sources', async () => {
    const { id } = await tx((t) => createMeasure(t, coordinator, { title: 'Brieven in B1', sources: [] }));
    await updateMeasure(db, coordinator, id, { title: 'Brieven in eenvoudige taal', unitId: org.unit.id, dueOn: '2026-09-01', ownerUserId: otherHandler.userId });
    const source = await addMeasureSource(db, coordinator, id, { kind: 'decision', complaintReference: complaint.reference });
    let m = await getMeasure(db, coordinator, id);
    assert.equal(m.title, 'Brieven in eenvoudige taal');
    assert.equal(m.unitName, org.unit.name);
    assert.equal(m.sources[0]?.kind, 'decision');
    await rejects(removeMeasureSource(db, otherHandler, id, source.id), 'not_permitted');
    await removeMeasureSource(db, coordinator, id, source.id);
    m = await getMeasure(db, coordinator, id);
    assert.equal(m.sources.length, 0);
    const filtered = await listMeasures(db, coordinator, { sourceKind: 'other' });
    assert.ok(filtered.items.every((i) => i.sourceKinds.includes('other')));
    assert.ok(filtered.items.length >= 1);
  });

  it('shows overdue measures to the owner and the coordinator, and the board an overview without names or references', async () => {
    const late = await tx((t) => createMeasure(t, coordinator, { title: 'Wachttijd korter', unitId: org.unit.id, ownerUserId: otherHandler.userId, dueOn: '2026-01-15', sources: [{ kind: 'complaint', complaintId: complaint.id }] }));
    const asOf = '2026-02-01';
    const mine = await overdueMeasures(db, otherHandler, { ownerUserId: otherHandler.userId, asOf });
    assert.ok(mine.some((m) => m.id === late.id));
    assert.ok(mine.every((m) => m.ownerUserId === otherHandler.userId));
    assert.ok((await overdueMeasures(db, coordinator, { asOf })).some((m) => m.id === late.id));
    assert.ok(!(await overdueMeasures(db, handler, { asOf })).some((m) => m.id === late.id), 'neither owner nor keeper');
    // The due date itself is still on time.
    assert.ok(!(await overdueMeasures(db, coordinator, { asOf: '2026-01-15' })).some((m) => m.id === late.id));
    const overdueOnly = await listMeasures(db, coordinator, { overdue: true }, { asOf });
    assert.ok(overdueOnly.items.some((m) => m.id === late.id));
    assert.ok(overdueOnly.items.every((m) => m.overdue));

    // The daily check tells the owner once per due date; a second run says nothing new.
    const at2 = new Date(`${asOf}T06:00:00+01:00`);
    assert.ok((await checkMeasures(db, null, at2)) >= 1);
    assert.equal(await checkMeasures(db, null, at2), 0);
    const inbox = await inboxOf(db, otherHandler);
    const told = inbox.items.filter((n) => n.kind === 'measure_overdue');
    assert.equal(told.length, 1);
    assert.equal(told[0]?.href, '/verbetermaatregelen?overdue=ja');
    assert.ok(!told[0]?.line.includes('Wachttijd'), 'a notification line names no measure');

    const overview = await measuresOverview(db, board, { asOf });
    assert.ok(overview.status.overdue >= 1);
    const item = overview.items.find((i) => i.id === late.id);
    assert.equal(item?.overdue, true);
    assert.equal(item?.unitName, org.unit.name);
    const text = JSON.stringify(overview);
    for (const personal of [complaint.reference, 'Test handler', otherHandler.email, 'Jan Jansen']) assert.ok(!text.includes(personal), personal);
    // The board reads the overview, not the register.
    await rejects(listMeasures(db, board), 'forbidden');
    await rejects(getMeasure(db, board, late.id), 'not_found');
    await rejects(measuresOverview(db, handler), 'forbidden');
  });

  it('puts the decision\'s measures in the register in the same transaction, and a refused decision none', async () => {
    await performAction(db, coordinator, complaint.id, 'acknowledge', {}, { now: at('2026-03-04') });
    await performAction(db, coordinator, complaint.id, 'assign', { handlerUserId: org.handler.user.id }, { now: at('2026-03-04') });
    await performAction(db, handler, complaint.id, 'send-copy-to-respondent', { on: '2026-03-05', includesDocuments: true }, { now: at('2026-03-05') });
    await performAction(db, handler, complaint.id, 'record-hearing', { party: 'complainant', on: '2026-03-10', report: 'Klager vertelt.' }, { now: at('2026-03-10') });
    await performAction(db, handler, complaint.id, 'record-hearing', { party: 'respondent', on: '2026-03-11', report: 'Medewerker vertelt.' }, { now: at('2026-03-11') });
    const count = async () => Number((await db.selectFrom('measure_sources').select((eb) => eb.fn.countAll<string>().as('n')).where('kind', '=', 'decision').where('complaint_id', '=', complaint.id).executeTakeFirstOrThrow()).n);
    // A decision that fails (the reasoning is too short) writes no measure.
    await rejects(performAction(db, handler, complaint.id, 'decide', { outcome: 'upheld', reasoning: 'Kort', measures: ['Roosters eerder delen'], externalBodyNamed: 'Nationale ombudsman' }, { registerMeasures: true, now: at('2026-03-20') }), 'validation_failed');
    assert.equal(await count(), 0);
    // Another action cannot ask for it.
    await rejects(performAction(db, handler, complaint.id, 'add-note', { text: 'x' }, { registerMeasures: true }), 'validation_failed', 'registerMeasures');
    const done = await performAction(
      db,
      handler,
      complaint.id,
      'decide',
      { outcome: 'upheld', reasoning: 'De afspraak is drie keer niet nagekomen; dat had niet mogen gebeuren.', measures: ['Roosters een week eerder delen', 'Afspraken bevestigen per sms'], externalBodyNamed: 'Nationale ombudsman' },
      { registerMeasures: true, now: at('2026-03-20') },
    );
    assert.equal(done.measureIds?.length, 2);
    assert.equal(await count(), 2);
    const m = await getMeasure(db, coordinator, done.measureIds![0]!);
    assert.equal(m.title, 'Roosters een week eerder delen');
    assert.equal(m.status, 'planned');
    assert.equal(m.unitId, org.unit.id);
    assert.equal(m.sources[0]?.kind, 'decision');
    assert.equal(m.sources[0]?.reference, complaint.reference);
    // The dossier lists them, with a link for who may read the measure.
    const fromComplaint = await measuresFromComplaint(db, handler, complaint.id);
    assert.ok(fromComplaint);
    assert.ok(fromComplaint.items.some((i) => i.id === done.measureIds![0] && !i.readable));
    assert.equal((await measuresFromComplaint(db, coordinator, complaint.id))?.items.find((i) => i.id === done.measureIds![0])?.readable, true);
    assert.equal(await measuresFromComplaint(db, otherHandler, complaint.id), null, 'a dossier one may not see');
  });

  it('answers the API and the pages', async () => {
    const api = await ApiClient.create(ctx.database);
    const token = await makeToken(db, org.org.id, org.coordinator.user.id);
    const list = expectStatus(await api.get('/api/v1/measures?status=open', token), 200);
    assert.ok(list.body.items.length >= 1);
    assert.ok(list.body.items.every((i: { status: string }) => i.status === 'planned' || i.status === 'in_progress'));
    assert.equal(typeof list.body.counts.planned, 'number');
    const one = expectStatus(await api.get(`/api/v1/measures/${list.body.items[0].id}`, token), 200);
    assert.equal(one.body.id, list.body.items[0].id);
    assert.deepEqual(fieldsOf(expectStatus(await api.get('/api/v1/measures?overdue=misschien', token), 422)), ['overdue']);
    assert.deepEqual(fieldsOf(expectStatus(await api.get('/api/v1/measures?status=klaar', token), 422)), ['status']);
    expectStatus(await api.get('/api/v1/measures/00000000-0000-0000-0000-000000000000', token), 404);
    expectStatus(await api.get('/api/v1/measures', await makeToken(db, org.org.id, org.handler.user.id)), 404);
    const spec = expectStatus(await api.request('GET', '/api/openapi.json'), 200);
    assert.ok(spec.body.paths['/api/v1/measures/{id}']);
    assert.ok(spec.body.paths['/api/v1/complaints/{id}/actions/decide'].post.requestBody.content['application/json'].schema.properties.registerMeasures);

    const pages = new PageClient(await testApp(ctx.database));
    await pages.logIn(org.coordinator.email, org.coordinator.password);
    const listPage = await pages.get('/verbetermaatregelen?status=open');
    assert.equal(listPage.res.status, 200);
    assert.match(listPage.html, /Verbetermaatregelen/);
    assert.match(listPage.html, /artikel 9/, 'the regulation\'s words on measures, with the article');
    const form = await pages.get(`/verbetermaatregelen/nieuw?complaint=${complaint.id}&source=external_ruling`);
    assert.match(form.html, new RegExp(`klacht ${complaint.reference}`));
    const bad = await pages.postForm('/verbetermaatregelen', { _csrf: form.csrf, title: '', description: 'Wat ik typte', 'sources.0.kind': 'external_ruling', 'sources.0.complaintId': complaint.id });
    assert.equal(bad.status, 422);
    const badHtml = await bad.text();
    assert.match(badHtml, /Wat ik typte/);
    assert.match(badHtml, new RegExp(`klacht ${complaint.reference}`), 'the prefilled source stays');
    const made = await pages.postForm('/verbetermaatregelen', { _csrf: form.csrf, title: 'Uitspraak ombudsman verwerken', unitId: org.unit.id, dueOn: '2026-12-01', 'sources.0.kind': 'external_ruling', 'sources.0.complaintId': complaint.id });
    assert.equal(made.status, 303);
    const location = made.headers.get('location')!;
    const detail = await pages.get(location);
    assert.match(detail.html, /Uitspraak van een externe klachtinstantie/);
    assert.match(detail.html, new RegExp(`href="/klachten/${complaint.id}"`));
    const noReason = await pages.postForm(`${location.split('?')[0]}/status`, { _csrf: detail.csrf, status: 'dropped', note: '' });
    assert.equal(noReason.status, 422);
    assert.match(await noReason.text(), /Schrijf waarom de maatregel vervalt/);
    const dropped = await pages.postForm(`${location.split('?')[0]}/status`, { _csrf: detail.csrf, status: 'dropped', note: 'Al geregeld.' });
    assert.equal(dropped.status, 303);
    const dossier = await pages.get(`/klachten/${complaint.id}`);
    assert.match(dossier.html, /Uitspraak ombudsman verwerken/);
    assert.match(dossier.html, /Roosters een week eerder delen/);
    assert.match(dossier.html, /Maatregel maken/);
    const start = await pages.get('/start');
    assert.match(start.html, /Verbetermaatregelen over de streefdatum/);

    // The decide form's "Zet deze maatregelen in het verbeterregister" and the API's registerMeasures reach the register.
    const viaForm = await readyToDecide();
    const handlerPages = new PageClient(await testApp(ctx.database));
    await handlerPages.logIn(org.handler.email, org.handler.password);
    const decideForm = await handlerPages.get(`/klachten/${viaForm.id}`);
    assert.match(decideForm.html, /Zet deze maatregelen in het verbeterregister/);
    const decided = await handlerPages.postForm(`/klachten/${viaForm.id}/acties/decide`, {
      _csrf: decideForm.csrf,
      outcome: 'upheld',
      reasoning: 'De afspraak is niet nagekomen; dat had niet mogen gebeuren.',
      measures: 'Wachtlijst wekelijks nalopen\nTeamleider belt terug',
      externalBodyNamed: 'ja',
      form: 'written',
      registerMeasures: 'ja',
    });
    assert.equal(decided.status, 303, await decided.text());
    assert.deepEqual((await measuresFromComplaint(db, coordinator, viaForm.id))?.items.map((i) => i.title), ['Wachtlijst wekelijks nalopen', 'Teamleider belt terug']);
    const viaApi = await readyToDecide();
    const handlerToken = await makeToken(db, org.org.id, org.handler.user.id);
    assert.deepEqual(fieldsOf(expectStatus(await api.action(handlerToken, viaApi.id, 'decide', { outcome: 'upheld', reasoning: 'x'.repeat(40), registerMeasures: 'ja' }), 422)), ['registerMeasures']);
    const apiDecided = expectStatus(await api.action(handlerToken, viaApi.id, 'decide', { outcome: 'upheld', reasoning: 'De afspraak is niet nagekomen; dat had niet mogen gebeuren.', measures: ['Roosters delen'], externalBodyNamed: 'Nationale ombudsman', registerMeasures: true }), 200);
    assert.equal(apiDecided.body.measureIds.length, 1);
    const unticked = await readyToDecide();
    expectStatus(await api.action(handlerToken, unticked.id, 'decide', { outcome: 'upheld', reasoning: 'De afspraak is niet nagekomen; dat had niet mogen gebeuren.', measures: ['Niet in het register'], externalBodyNamed: 'Nationale ombudsman' }), 200);
    assert.deepEqual((await measuresFromComplaint(db, coordinator, unticked.id))?.items, [], 'without registerMeasures nothing goes in the register');

    const boardUser = await makeUser(db, org.org.id, 'board');
    const boardPages = new PageClient(await testApp(ctx.database));
    await boardPages.logIn(boardUser.email, boardUser.password);
    const boardStart = await boardPages.get('/start');
    assert.match(boardStart.html, /Verbetermaatregelen/);
    assert.match(boardStart.html, /Wachttijd korter/);
    for (const personal of [complaint.reference, 'Test handler', 'Jan Jansen']) assert.ok(!boardStart.html.includes(personal), personal);
    assert.equal((await boardPages.get('/verbetermaatregelen')).res.status, 404);
  });
});
