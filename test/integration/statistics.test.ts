import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import { sql, type Kysely } from 'kysely';
import type { DB } from '../../src/db/types.ts';
import type { Actor } from '../../src/usecases/actor.ts';
import { performAction } from '../../src/usecases/complaints/perform-action.ts';
import { refoldComplaints } from '../../src/usecases/complaints/refold.ts';
import { registerComplaint } from '../../src/usecases/complaints/register-complaint.ts';
import { parsePeriod } from '../../src/domain/reports/periods.ts';
import { up as dropMaxExtended } from '../../src/db/migrations/2026-12-03T0040-statistics-without-max-extended.ts';
import { buildReportDocument, measuresStatus } from '../../src/usecases/reports/document.ts';
import { loadStatistics } from '../../src/usecases/reports/statistics.ts';
import { backfillEscalationKinds } from '../../src/db/migrations/2026-12-03T1700-statistics-escalation-kinds.ts';
import { CBF_FILLS } from '../../src/domain/workflow/test-support.ts';
import { forEachDatabase } from '../support/databases.ts';
import { actorOf, bindRegulationRole, makeOrganisationWithRegulation, makeUser, regulationInForceFrom } from '../support/factories.ts';

/**
 * The anonymous statistical record (ADR 0015): written with the complaint in the same transaction, kept up to
 * date by every action, rebuilt by a refold, and holding nothing a person wrote.
 */
const at = (day: string) => new Date(`${day}T10:00:00+02:00`);

forEachDatabase('complaint statistics', (ctx) => {
  let db: Kysely<DB>;
  let org: Awaited<ReturnType<typeof makeOrganisationWithRegulation>>;
  let coordinator: Actor;
  let handler: Actor;
  before(async () => {
    db = ctx.database.db;
    org = await makeOrganisationWithRegulation(db, 'stadsring51');
    coordinator = await actorOf(db, org.coordinator);
    handler = await actorOf(db, org.handler);
  });

  it('follows the complaint from registration to decision and keeps no personal data', async () => {
    const c = await registerComplaint(db, {
      organisationId: org.org.id,
      actor: coordinator,
      door: 'staff',
      now: at('2026-03-02'),
      input: {
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
    const first = await db.selectFrom('complaint_statistics').selectAll().where('complaint_id', '=', c.id).executeTakeFirstOrThrow();
    assert.equal(first.status, 'new');
    assert.equal(first.channel, 'letter');
    assert.equal(first.relation, 'client');
    assert.equal(first.received_on, '2026-03-02');
    assert.equal(first.ended_on, null);
    assert.equal(first.terms.decision?.due, '2026-04-28');

    await performAction(db, coordinator, c.id, 'acknowledge', {}, { now: at('2026-03-04') });
    await performAction(db, coordinator, c.id, 'assign', { handlerUserId: org.handler.user.id }, { now: at('2026-03-04') });
    await performAction(db, handler, c.id, 'send-copy-to-respondent', { on: '2026-03-05', includesDocuments: true }, { now: at('2026-03-05') });
    await performAction(db, handler, c.id, 'record-hearing', { party: 'complainant', on: '2026-03-10', report: 'Jan Jansen vertelt.' }, { now: at('2026-03-10') });
    await performAction(db, handler, c.id, 'record-hearing', { party: 'respondent', on: '2026-03-11', report: 'Pietersen vertelt.' }, { now: at('2026-03-11') });
    await performAction(db, handler, c.id, 'decide', { outcome: 'partly_upheld', reasoning: 'Uit het onderzoek blijkt dat Jan Jansen gelijk heeft.', externalBodyNamed: 'Nationale ombudsman', decidedOn: '2026-04-30' }, { now: at('2026-04-30') });
    const [after] = await loadStatistics(db, org.org.id, { from: '2026-01-01', to: '2026-12-31' });
    assert.equal(after?.status, 'decided');
    assert.equal(after?.outcome, 'partly_upheld');
    assert.equal(after?.ended_on, '2026-04-30');
    assert.deepEqual(after?.terms.acknowledgement, { due: '2026-03-09', metOn: '2026-03-04', late: false });
    assert.equal(after?.terms.decision?.late, true);
    assert.equal(after?.terms.decision?.metOn, '2026-04-30');
    const text = JSON.stringify(after);
    for (const personal of ['Jan', 'Jansen', 'Dorpsstraat', 'jan@example.nl', 'Pietersen', 'Geheime', 'onderzoek']) assert.ok(!text.includes(personal), personal);
  });

  it('is rebuilt by a refold when missing', async () => {
    await db.deleteFrom('complaint_statistics').where('organisation_id', '=', org.org.id).execute();
    await refoldComplaints(db, { organisationId: org.org.id });
    const rows = await loadStatistics(db, org.org.id, { from: '2026-01-01', to: '2026-12-31' });
    assert.equal(rows.length, 1);
    assert.equal(rows[0]?.outcome, 'partly_upheld');
  });

  it('gives a report document for a period with the figures and nothing personal', async () => {
    await db.insertInto('improvement_measures').values({ organisation_id: org.org.id, title: 'Afspraken bevestigen per sms', due_on: '2026-06-01' }).execute();
    const doc = await buildReportDocument(db, { organisationId: org.org.id, unitId: null, period: parsePeriod('2026')!, reportKey: 'yearly_analysis', audience: 'board', now: at('2026-12-01') });
    assert.equal(doc.title, 'Klachtenanalyse 2026');
    assert.equal(doc.figures.current.complaints, 1);
    assert.equal(doc.figures.current.breakdowns.find((b) => b.key === 'outcome')?.rows.find((r) => r.key === 'partly_upheld')?.count, 1);
    assert.equal(doc.figures.current.terms.find((t) => t.key === 'decision')?.late, 1);
    // Never extended, decided after its term: no "Beslissing, uiterlijk na verlenging" row counting it on time.
    assert.ok(doc.figures.current.terms.some((t) => t.key === 'decision'));
    assert.equal(doc.figures.current.terms.find((t) => t.key === 'decisionMaxExtended'), undefined);
    assert.deepEqual(doc.figures.measures, await measuresStatus(db, org.org.id, null, '2026-12-31'));
    assert.equal(doc.figures.measures.overdue, 1);
    const text = JSON.stringify(doc);
    for (const personal of ['Jan', 'Jansen', 'Dorpsstraat', 'jan@example.nl', 'Pietersen', 'Geheime']) assert.ok(!text.includes(personal), personal);
  });

  it('counts an extended complaint against its extended term in the decision row; the latest day with the maximum extension is no term (Awb 9:11 lid 2)', async () => {
    const register = (receivedOn: string) =>
      registerComplaint(db, {
        organisationId: org.org.id,
        actor: coordinator,
        door: 'staff',
        now: at(receivedOn),
        input: { channel: 'letter', receivedOn, description: 'Te laat geholpen.', complainant: { relation: 'client', name: 'Piet Klaassen', postalAddress: 'Laan 2, 1234 AB Ergens' }, signed: true, documentDate: receivedOn, respondentName: 'K. Visser', subject: 'Te laat geholpen' },
      });
    // The steps 002 asks before a decision (art. 6: acknowledgement, copy, hearing both sides), on 1–3 June.
    const handle = async (id: string) => {
      await performAction(db, coordinator, id, 'acknowledge', {}, { now: at('2026-06-02') });
      await performAction(db, coordinator, id, 'assign', { handlerUserId: org.handler.user.id }, { now: at('2026-06-02') });
      await performAction(db, handler, id, 'send-copy-to-respondent', { on: '2026-06-02', includesDocuments: true }, { now: at('2026-06-02') });
      await performAction(db, handler, id, 'record-hearing', { party: 'complainant', on: '2026-06-03', report: 'Verteld.' }, { now: at('2026-06-03') });
      await performAction(db, handler, id, 'record-hearing', { party: 'respondent', on: '2026-06-03', report: 'Verteld.' }, { now: at('2026-06-03') });
    };
    // Received 1 June (decision due 27 July); extended by 2 weeks on 1 July: due 10 August; decided 5 August.
    const extended = await register('2026-06-01');
    await handle(extended.id);
    await performAction(db, handler, extended.id, 'extend', { term: { amount: 2, unit: 'weeks' }, noticeOn: '2026-07-01', reason: 'Wij willen beide kanten eerst horen.' }, { now: at('2026-07-01') });
    await performAction(db, handler, extended.id, 'decide', { outcome: 'upheld', reasoning: 'De afspraak is niet nagekomen, dat klopt.', externalBodyNamed: 'Nationale ombudsman', decidedOn: '2026-08-05' }, { now: at('2026-08-05') });
    // Received 1 June, never extended, decided 5 August: after its term (27 July), before the latest day an extension could reach.
    const plain = await register('2026-06-01');
    await handle(plain.id);
    await performAction(db, handler, plain.id, 'decide', { outcome: 'not_upheld', reasoning: 'De afspraak is wel nagekomen, zo blijkt uit de agenda.', externalBodyNamed: 'Nationale ombudsman', decidedOn: '2026-08-05' }, { now: at('2026-08-05') });
    const records = await db.selectFrom('complaint_statistics').select(['complaint_id', 'terms']).where('complaint_id', 'in', [extended.id, plain.id]).execute();
    const termsOf = (id: string) => records.find((r) => r.complaint_id === id)!.terms;
    assert.deepEqual(termsOf(extended.id).decision, { due: '2026-08-10', metOn: '2026-08-05', late: false });
    assert.deepEqual(termsOf(plain.id).decision, { due: '2026-07-27', metOn: '2026-08-05', late: true });
    for (const id of [extended.id, plain.id]) assert.equal(termsOf(id).decisionMaxExtended, undefined, 'the record keeps no bound');
    const doc = await buildReportDocument(db, { organisationId: org.org.id, unitId: null, period: parsePeriod('2026')!, reportKey: 'yearly_analysis', audience: 'board', now: at('2026-12-01') });
    const decision = doc.figures.current.terms.find((t) => t.key === 'decision');
    assert.deepEqual([decision?.onTime, decision?.late], [1, 2], 'the first complaint of this file (late), the extended one (on time), the plain one (late)');
    assert.equal(doc.figures.current.terms.find((t) => t.key === 'decisionMaxExtended'), undefined);
  });

  it('the migration takes the bound out of the records stored before (what a refold would write)', async () => {
    const stored = await db.selectFrom('complaint_statistics').select(['complaint_id', 'terms']).where('organisation_id', '=', org.org.id).execute();
    // A record as the old code stored it: the bound beside the terms.
    await sql`update complaint_statistics set terms = terms || ${JSON.stringify({ decisionMaxExtended: { due: '2026-08-24', metOn: '2026-08-05', late: false } })}::jsonb where organisation_id = ${org.org.id}`.execute(db);
    await dropMaxExtended(db);
    const after = await db.selectFrom('complaint_statistics').select(['complaint_id', 'terms']).where('organisation_id', '=', org.org.id).execute();
    assert.deepEqual(
      after.map((r) => [r.complaint_id, r.terms]).sort(),
      stored.map((r) => [r.complaint_id, r.terms]).sort(),
    );
    await refoldComplaints(db, { organisationId: org.org.id });
    const refolded = await db.selectFrom('complaint_statistics').select(['complaint_id', 'terms']).where('organisation_id', '=', org.org.id).execute();
    assert.deepEqual(refolded.map((r) => [r.complaint_id, r.terms]).sort(), after.map((r) => [r.complaint_id, r.terms]).sort());
  });
});

/**
 * The kind of an escalation (a handover, or overleg: 003 "bij wijze van de-escalatie") is kept in the record as it was
 * when the step happened (session 15, ADR 0015): a report read after a later regulation version changed the step counts
 * what happened, not what the regulation in force says now.
 */
forEachDatabase('complaint statistics: the escalation kind as it was', (ctx) => {
  let db: Kysely<DB>;
  let cbf: Awaited<ReturnType<typeof makeOrganisationWithRegulation>>;
  let complaintId: string;
  let v1: { id: string; document: unknown };
  let v2Id: string;
  before(async () => {
    db = ctx.database.db;
    cbf = await makeOrganisationWithRegulation(db, 'cbf-template', CBF_FILLS);
    await regulationInForceFrom(db, cbf.org.id, '2026-01-02');
    const director = await makeUser(db, cbf.org.id, 'handler');
    const board = await makeUser(db, cbf.org.id, 'board');
    await bindRegulationRole(db, cbf.org.id, 'director', director.user.id);
    await bindRegulationRole(db, cbf.org.id, 'board', board.user.id);
    const [coord, hand] = [await actorOf(db, cbf.coordinator), await actorOf(db, cbf.handler)];
    const c = await registerComplaint(db, {
      organisationId: cbf.org.id,
      actor: coord,
      door: 'staff',
      now: at('2026-03-02'),
      input: { channel: 'letter', receivedOn: '2026-03-02', description: 'De afspraak werd drie keer verzet.', complainant: { relation: 'client', name: 'Jan Jansen', postalAddress: 'Dorpsstraat 1, 1234 AB Ergens' }, signed: true, documentDate: '2026-03-01', subject: 'Klacht' },
    });
    complaintId = c.id;
    await performAction(db, coord, c.id, 'assign', { handlerUserId: cbf.handler.user.id }, { now: at('2026-03-03') });
    // Version 1 (003): the board is consulted (de-escalatie), the director takes the complaint over.
    await performAction(db, coord, c.id, 'escalate', { to: 'board', reason: 'Zeer ernstige klacht.' }, { now: at('2026-03-04') });
    await performAction(db, hand, c.id, 'escalate', { to: 'director', reason: 'Geen oplossing.' }, { now: at('2026-03-05') });
    v1 = await db.selectFrom('regulation_versions').select(['id', 'document']).where('organisation_id', '=', cbf.org.id).where('version', '=', 1).executeTakeFirstOrThrow();
    // Version 2 turns both steps round: the board takes over, the director is only consulted.
    const document = structuredClone(v1.document) as { routing: { escalation: { to: string; kind: string }[] } };
    for (const step of document.routing.escalation) step.kind = step.to === 'board' ? 'handover' : 'consult';
    // Stored as the next version directly: activating it through the product asks the board's recorded approval first
    // (003 "Bekendmaking"), which is not what this test is about.
    const v2 = await db
      .insertInto('regulation_versions')
      .values({ organisation_id: cbf.org.id, unit_id: null, version: 2, preset: 'cbf-template', document: JSON.stringify(document), fills: JSON.stringify(CBF_FILLS), activated_at: new Date('2026-06-01T12:00:00Z') })
      .returning('id')
      .executeTakeFirstOrThrow();
    v2Id = v2.id;
  });

  it('the record keeps each escalation with its kind under the version the complaint ran under', async () => {
    const row = await db.selectFrom('complaint_statistics').select(['escalations', 'escalation_kinds', 'regulation_version_id']).where('complaint_id', '=', complaintId).executeTakeFirstOrThrow();
    assert.equal(row.regulation_version_id, v1.id);
    assert.deepEqual(row.escalations, ['board', 'director']);
    assert.deepEqual(row.escalation_kinds, { board: 'consult', director: 'handover' });
  });

  it('a report read after version 2 changed the steps counts them as they happened', async () => {
    const doc = await buildReportDocument(db, { organisationId: cbf.org.id, unitId: null, period: parsePeriod('2026')!, audience: 'board', now: at('2026-12-01') });
    assert.equal(doc.figures.current.escalated, 1);
    assert.deepEqual(doc.figures.current.escalations.map((r) => [r.key, r.count]), [['director', 1]]);
    assert.deepEqual(doc.figures.current.consultations?.map((r) => [r.key, r.count]), [['board', 1]]);
  });

  it('the migration fills the kind from the escalate events, and without a dossier from the version it ran under', async () => {
    await sql`update complaint_statistics set escalation_kinds = '{}'::jsonb where complaint_id = ${complaintId}`.execute(db);
    // Two records of destroyed dossiers (no events left), escalated under version 1 and under version 2.
    const base = { organisation_id: cbf.org.id, unit_id: cbf.unit.id, kind: 'complaint', status: 'closed', channel: 'letter', relation: 'client', received_on: '2024-02-01', ended_on: '2024-02-01', classification: '{}', terms: '{}', escalations: JSON.stringify(['director', 'board', 'elsewhere']), external: '[]' };
    const gone = await db.insertInto('complaint_statistics').values([{ ...base, regulation_version_id: v1.id }, { ...base, regulation_version_id: v2Id }]).returning('id').execute();
    try {
      await backfillEscalationKinds(db);
      const row = await db.selectFrom('complaint_statistics').select('escalation_kinds').where('complaint_id', '=', complaintId).executeTakeFirstOrThrow();
      assert.deepEqual(row.escalation_kinds, { board: 'consult', director: 'handover' });
      const [underV1, underV2] = await Promise.all(gone.map((g) => db.selectFrom('complaint_statistics').select('escalation_kinds').where('id', '=', g.id).executeTakeFirstOrThrow()));
      // A role that is no step of the version (and no escalating trigger) was a consultation, as escalationKind says.
      assert.deepEqual(underV1!.escalation_kinds, { board: 'consult', director: 'handover', elsewhere: 'consult' });
      assert.deepEqual(underV2!.escalation_kinds, { board: 'handover', director: 'consult', elsewhere: 'consult' });
    } finally {
      await db.deleteFrom('complaint_statistics').where('id', 'in', gone.map((g) => g.id)).execute();
    }
  });
});
