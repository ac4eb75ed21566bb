/**
 * Issue 12 (ADR 0026) through the API, on PGlite and PostgreSQL: a regulation with mediation first, a
 * klachtencommissie on request, the decision term from forwarding, own milestones and proof of capacity
 * (src/domain/workflow/procedure-fixture.ts). Each new action: its refusal naming the article, the stored event,
 * and the complaint's `deadlines` (own keys included) in the JSON, the list's running deadline with its label.
 * Dates worked out by hand (2026: Koningsdag 27 April, Bevrijdingsdag 5 May, Ascension 14 May).
 */
import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import { procedureRegulation } from '../../src/domain/workflow/procedure-fixture.ts';
import { activateRegulation } from '../../src/usecases/regulations/regulations.ts';
import { ApiClient, expectStatus, fieldsOf } from '../support/api.ts';
import { forEachDatabase } from '../support/databases.ts';
import { bindRegulationRole, makeOrganisation, makeToken, makeUser } from '../support/factories.ts';

const CONTENTS = ['de datum van de gebeurtenis', 'een korte samenvatting van de feiten'];

forEachDatabase('mediation, committee, response and own milestones through the API', (ctx) => {
  let api: ApiClient;
  let t: { officer: string; member: string; board: string; intake: string };
  let unitId: string;
  let memberId: string;

  before(async () => {
    const db = ctx.database.db;
    api = await ApiClient.create(ctx.database);
    const { org, unit } = await makeOrganisation(db, 'Zorg met commissie');
    unitId = unit.id;
    const activated = await db.transaction().execute((tx) =>
      activateRegulation(tx, { organisationId: org.id, unitId: null, source: { document: procedureRegulation() }, fills: {}, actorUserId: null }),
    );
    assert.ok(activated, 'activated');
    const officer = await makeUser(db, org.id, 'coordinator');
    const board = await makeUser(db, org.id, 'coordinator');
    const member = await makeUser(db, org.id, 'handler', { unitId: unit.id });
    const intake = await makeUser(db, org.id, 'intake', { unitId: unit.id });
    memberId = member.user.id;
    await bindRegulationRole(db, org.id, 'complaints_officer', officer.user.id);
    await bindRegulationRole(db, org.id, 'board', board.user.id);
    await bindRegulationRole(db, org.id, 'committee_member', member.user.id, unit.id);
    t = {
      officer: await makeToken(db, org.id, officer.user.id),
      board: await makeToken(db, org.id, board.user.id),
      member: await makeToken(db, org.id, member.user.id),
      intake: await makeToken(db, org.id, intake.user.id),
    };
  });

  const register = async () =>
    expectStatus(
      await api.post('/api/v1/complaints', t.intake, {
        unitId,
        channel: 'letter',
        receivedOn: '2026-03-02', // Monday
        description: 'Mijn moeder kreeg haar medicatie twee dagen te laat.',
        complainant: { relation: 'client', name: 'Anna de Vries', postalAddress: 'Kade 2, 1234 AB Ergens', email: 'anna@example.nl', phone: '06 11111111' },
        signed: true,
        documentDate: '2026-03-02',
      }),
      201,
      'register',
    ).body;

  it('walks mediation → request → committee → judgement with recommendations → response, with the dates in the JSON', async () => {
    const c = await register();
    const id: string = c.id;
    // 1 week → Mon 9 Mar; 4 weeks → Mon 30 Mar; written_confirmation 5 working days → Mon 9 Mar. No decision yet (K7.2).
    assert.deepEqual(c.deadlines, { acknowledgement: '2026-03-09', inadmissibilityNotice: '2026-03-30', written_confirmation: '2026-03-09' });

    // The written confirmation must contain what K4.2 names.
    const incomplete = expectStatus(await api.action(t.officer, id, 'acknowledge', { on: '2026-03-04', contents: [CONTENTS[0]] }), 422);
    assert.deepEqual(fieldsOf(incomplete), ['contents']);
    expectStatus(await api.action(t.officer, id, 'acknowledge', { on: '2026-03-04', contents: CONTENTS }), 200);
    expectStatus(await api.action(t.officer, id, 'assign', { handlerUserId: memberId }), 200);

    // On request (K6): no forwarding before the complainant asks.
    const early = expectStatus(await api.action(t.officer, id, 'forward-to-committee', { on: '2026-03-05' }), 409);
    assert.match(early.body.error.message, /K6/);
    const future = expectStatus(await api.action(t.officer, id, 'request-judgement', { on: '2099-01-01', via: 'per brief' }), 422);
    assert.deepEqual(fieldsOf(future), ['on']);
    const req = expectStatus(await api.action(t.officer, id, 'request-judgement', { on: '2026-03-16', via: 'per brief' }), 200);
    // forward_to_committee: 5 working days from Mon 16 Mar → Mon 23 Mar.
    assert.equal(req.body.deadlines.forward_to_committee, '2026-03-23');
    assert.equal(req.body.deadlines.decision, undefined);

    // The list shows the own milestone as the running deadline, with its label.
    const list = expectStatus(await api.get('/api/v1/complaints?from=2026-03-02&to=2026-03-02', t.officer), 200);
    const item = list.body.items.find((i: { id: string }) => i.id === id);
    assert.equal(item.nextDueKey, 'forward_to_committee');
    assert.equal(item.nextDueLabel, 'Klacht doorsturen naar de klachtencommissie');

    // Forwarded Fri 20 Mar: decision 8 weeks → Fri 15 May; with the Awb 9:11 maximum of 4 weeks → Fri 12 June.
    const fwd = expectStatus(await api.action(t.officer, id, 'forward-to-committee', { on: '2026-03-20' }), 200);
    assert.equal(fwd.body.deadlines.decision, '2026-05-15');
    assert.equal(fwd.body.deadlines.decisionMaxExtended, '2026-06-12');

    // The committee hears and judges (decidedBy committee_member, K7.1): the klachtenfunctionaris may not.
    for (const party of ['complainant', 'respondent']) {
      expectStatus(await api.action(t.member, id, 'record-hearing', { party, on: '2026-04-14', report: 'Gehoord door de commissie.' }), 200);
    }
    const judgement = { outcome: 'partly_upheld', reasoning: 'De commissie heeft beide kanten gehoord en oordeelt zo.', decidedOn: '2026-04-30', recommendations: ['Leg afspraken over medicatie schriftelijk vast.'], externalBodyNamed: true };
    const notOfficer = expectStatus(await api.action(t.officer, id, 'decide', judgement), 403);
    assert.equal(notOfficer.body.error.code, 'not_permitted');
    const decided = expectStatus(await api.action(t.member, id, 'decide', judgement), 200);
    // response_to_judgement: 1 month from Thu 30 Apr → Sat 30 May, no Atw for this term (K8.1).
    assert.equal(decided.body.deadlines.response_to_judgement, '2026-05-30');

    // The response is the bestuurder's (K8.1): 403 naming the article for anyone else.
    const response = { on: '2026-05-29', text: 'Wij nemen de aanbeveling over.', measures: [{ text: 'Afspraken schriftelijk vastleggen', due: '2026-07-01' }] };
    const notBoard = expectStatus(await api.action(t.officer, id, 'record-response', response), 403);
    assert.equal(notBoard.body.error.code, 'not_permitted');
    assert.match(notBoard.body.error.message, /bestuurder.*K8\.1/);
    const responded = expectStatus(await api.action(t.board, id, 'record-response', { ...response, registerMeasures: true }), 200);
    // The response's measure goes into the improvement register with its term (like a decision's measures).
    assert.equal(responded.body.measureIds.length, 1);
    const measure = await ctx.database.db.selectFrom('improvement_measures').select(['title', 'due_on']).where('id', '=', responded.body.measureIds[0]).executeTakeFirstOrThrow();
    assert.equal(measure.title, 'Afspraken schriftelijk vastleggen');
    assert.equal(String(measure.due_on).slice(0, 10), '2026-07-01');

    // The stored events, in the database itself.
    const events = await ctx.database.db.selectFrom('complaint_events').select(['type', 'data']).where('complaint_id', '=', id).orderBy('seq').execute();
    const byType = (type: string) => events.find((e) => e.type === type)?.data as Record<string, unknown> | undefined;
    assert.deepEqual(events.map((e) => e.type), ['registered', 'acknowledge', 'assign', 'request-judgement', 'forward-to-committee', 'record-hearing', 'record-hearing', 'decide', 'record-response']);
    assert.deepEqual(byType('acknowledge')?.['contents'], CONTENTS);
    assert.equal(byType('request-judgement')?.['on'], '2026-03-16');
    assert.equal(byType('request-judgement')?.['via'], 'per brief');
    assert.equal(byType('forward-to-committee')?.['on'], '2026-03-20');
    assert.deepEqual(byType('decide')?.['recommendations'], ['Leg afspraken over medicatie schriftelijk vast.']);
    assert.deepEqual(byType('record-response')?.['measures'], [{ text: 'Afspraken schriftelijk vastleggen', due: '2026-07-01' }]);

    // The complaint JSON: every clock, own ones under their own key, met where their event happened.
    const dossier = expectStatus(await api.get(`/api/v1/complaints/${id}`, t.officer), 200);
    assert.deepEqual(dossier.body.deadlines, {
      acknowledgement: '2026-03-09',
      inadmissibilityNotice: '2026-03-30',
      decision: '2026-05-15',
      decisionMaxExtended: '2026-06-12',
      written_confirmation: '2026-03-09',
      forward_to_committee: '2026-03-23',
      response_to_judgement: '2026-05-30',
    });
    assert.equal(dossier.body.deadlineStates.response_to_judgement.own.byLabel, 'bestuurder');
    assert.equal(dossier.body.procedure.phase.label, 'De organisatie heeft gereageerd op het oordeel');
    assert.deepEqual(dossier.body.procedure.judgementRequested, { on: '2026-03-16', via: 'per brief', note: null });
    assert.deepEqual(dossier.body.procedure.recommendations, ['Leg afspraken over medicatie schriftelijk vast.']);
    assert.equal(dossier.body.procedure.response.text, 'Wij nemen de aanbeveling over.');
  });

  it('proof of capacity: asked and recorded by the klachtenfunctionaris only (K3.2)', async () => {
    const c = await register();
    const id: string = c.id;
    const notYet = expectStatus(await api.action(t.officer, id, 'record-proof-of-capacity', { result: 'received' }), 409);
    assert.equal(notYet.body.error.code, 'invalid_transition');
    const refused = expectStatus(await api.action(t.board, id, 'request-proof-of-capacity', { asked: 'Een machtiging', on: '2026-03-03' }), 403);
    assert.match(refused.body.error.message, /K3\.2/);
    expectStatus(await api.action(t.officer, id, 'request-proof-of-capacity', { asked: 'Een schriftelijke machtiging', on: '2026-03-03' }), 200);
    expectStatus(await api.action(t.officer, id, 'record-proof-of-capacity', { result: 'received', note: 'Machtiging ontvangen.', on: '2026-03-06' }), 200);
    const events = await ctx.database.db.selectFrom('complaint_events').select(['type', 'data']).where('complaint_id', '=', id).orderBy('seq').execute();
    assert.deepEqual(
      events.slice(1).map((e) => [e.type, (e.data as Record<string, unknown>)['on']]),
      [
        ['request-proof-of-capacity', '2026-03-03'],
        ['record-proof-of-capacity', '2026-03-06'],
      ],
    );
    const dossier = expectStatus(await api.get(`/api/v1/complaints/${id}`, t.officer), 200);
    assert.equal(dossier.body.status, 'new', 'no consequence the regulation does not state');
    assert.deepEqual(dossier.body.procedure.proofOfCapacity.results.map((r: { result: string }) => r.result), ['received']);
  });
});

/**
 * The klachtencommissie modelregeling as an organisation runs it (found in a walkthrough): the committee's members
 * read a complaint once it is forwarded to them, not before; every complaint goes to the committee, so no judgement
 * before forwarding; the directeur-bestuurder who writes the response reads the complaint after the judgement, and
 * the response term stays the running deadline after the decision.
 */
forEachDatabase('the klachtencommissie model: who reads the complaint when, and the running deadline after the judgement', (ctx) => {
  it('forward → the committee reads it; judgement → the bestuurder reads it and the response term runs', async () => {
    const db = ctx.database.db;
    const api = await ApiClient.create(ctx.database);
    const { org, unit } = await makeOrganisation(db, 'Jeugdhulp Voorbeeld');
    await db.transaction().execute((tx) =>
      activateRegulation(tx, {
        organisationId: org.id,
        unitId: null,
        source: { preset: 'klachtencommissie-model' },
        fills: { adopted_date: '2026-03-01', committee_email: 'kc@voorbeeld.nl', committee_postal_address: 'Postbus 2, 3500 AA Utrecht', committee_name: 'Klachtencommissie Voorbeeld' },
        actorUserId: null,
      }),
    );
    const secretary = await makeUser(db, org.id, 'coordinator');
    const member = await makeUser(db, org.id, 'handler', { unitId: unit.id });
    const other = await makeUser(db, org.id, 'handler', { unitId: unit.id });
    const director = await makeUser(db, org.id, 'board');
    await bindRegulationRole(db, org.id, 'secretary', secretary.user.id);
    await bindRegulationRole(db, org.id, 'committee', member.user.id);
    await bindRegulationRole(db, org.id, 'committee', other.user.id);
    await bindRegulationRole(db, org.id, 'management', director.user.id);
    const t = {
      secretary: await makeToken(db, org.id, secretary.user.id),
      member: await makeToken(db, org.id, member.user.id),
      other: await makeToken(db, org.id, other.user.id),
      director: await makeToken(db, org.id, director.user.id),
    };
    const c = expectStatus(
      await api.post('/api/v1/complaints', t.secretary, {
        unitId: unit.id,
        channel: 'email',
        receivedOn: '2026-04-24', // Friday
        description: 'Mijn zoon kreeg zijn begeleiding drie weken niet.',
        complainant: { relation: 'client', name: 'Eva Bakker', postalAddress: 'Laan 3, 1234 AB Ergens', email: 'eva@example.nl' },
      }),
      201,
      'register',
    ).body;
    const id: string = c.id;
    // forward_to_committee (art. 4.5): 5 working days from Fri 24 Apr: Tue 28 (Mon 27 Koningsdag), Wed 29, Thu 30,
    // Fri 1 May, Mon 4 May → Mon 4 May.
    assert.equal(c.deadlines.forward_to_committee, '2026-05-04');
    expectStatus(await api.get(`/api/v1/complaints/${id}`, t.other), 404);
    expectStatus(await api.action(t.secretary, id, 'assign', { handlerUserId: member.user.id }), 200);
    for (const party of ['complainant', 'respondent']) {
      expectStatus(await api.action(t.member, id, 'record-hearing', { party, on: '2026-04-28', report: 'Gehoord door de commissie.' }), 200);
    }
    const judgement = { outcome: 'upheld', reasoning: 'De commissie heeft beide kanten gehoord.', decidedOn: '2026-04-30', recommendations: ['Zorg voor vervanging bij ziekte.'], externalBodyNamed: true };
    // Every complaint goes to the committee (route every_complaint): no judgement before it has been forwarded.
    const early = expectStatus(await api.action(t.member, id, 'decide', judgement), 409);
    assert.match(early.body.error.message, /doorsturen|Stuur de klacht eerst door/);
    expectStatus(await api.action(t.secretary, id, 'forward-to-committee', { on: '2026-04-29' }), 200);
    // Forwarded: every member of the committee reads it (art. 6), not only the one who handles it.
    expectStatus(await api.get(`/api/v1/complaints/${id}`, t.other), 200);
    expectStatus(await api.get(`/api/v1/complaints/${id}`, t.director), 404);
    expectStatus(await api.action(t.member, id, 'decide', judgement), 200);
    // The judgement is in: the directeur-bestuurder, who writes the response (art. 8.1), reads the complaint, and the
    // response term — 1 month from Thu 30 Apr = Sat 30 May → Mon 1 June (Atw) — is the running deadline.
    const seen = expectStatus(await api.get(`/api/v1/complaints/${id}`, t.director), 200);
    assert.equal(seen.body.deadlines.response_on_measures, '2026-06-01');
    const list = expectStatus(await api.get('/api/v1/complaints?from=2026-04-24&to=2026-04-24', t.secretary), 200);
    const item = list.body.items.find((i: { id: string }) => i.id === id);
    assert.equal(item.nextDueKey, 'response_on_measures');
    assert.equal(item.nextDue, '2026-06-01');
    expectStatus(
      await api.action(t.director, id, 'record-response', { on: '2026-05-20', text: 'Wij regelen vervanging.', measures: [{ text: 'Vervangingsrooster maken', due: '2026-07-01' }] }),
      200,
    );
  });
});
