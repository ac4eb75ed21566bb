/**
 * Whole procedures per preset, walked THROUGH THE API (issue 4, "How it will be checked"), with the
 * people the regulation names: intake registers, the coordinator triages, the assigned handler handles.
 * Every step checks the history: one event more for an accepted action, nothing for a refused one, and
 * the events already there never change.
 *
 * Actions carry explicit dates in the past, so the scenarios do not depend on the day the tests run.
 */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { ApiClient, CBF_FILLS, expectStatus, fieldsOf, LENTL_FILLS, type ApiResponse } from '../support/api.ts';
import { forEachDatabase, type SuiteContext } from '../support/databases.ts';
import { bindRegulationRole, makeOrganisationWithRegulation, makeToken, makeUser } from '../support/factories.ts';
import { today } from '../../src/usecases/complaints/dossier.ts';

const REASONING = 'Wij hebben beide kanten gehoord en de stukken bekeken. Daaruit volgt deze beslissing.';

interface People {
  coordinator: string;
  handler: string;
  intake: string;
  /** An employee of the unit (intake role), e.g. the person a complaint is about. */
  employee: string;
  /** A second handler of the unit, e.g. bound to the role a complaint is escalated to. */
  other: string;
  handlerId: string;
  employeeId: string;
  otherId: string;
  unitId: string;
  orgId: string;
}
type Who = keyof Omit<People, 'handlerId' | 'employeeId' | 'otherId' | 'unitId' | 'orgId'>;

async function organisation(ctx: SuiteContext, preset: string, fills: Record<string, string> = {}): Promise<People> {
  const db = ctx.database.db;
  const o = await makeOrganisationWithRegulation(db, preset, fills);
  const employee = await makeUser(db, o.org.id, 'intake', { unitId: o.unit.id });
  const other = await makeUser(db, o.org.id, 'handler', { unitId: o.unit.id });
  return {
    coordinator: await makeToken(db, o.org.id, o.coordinator.user.id),
    handler: await makeToken(db, o.org.id, o.handler.user.id),
    intake: await makeToken(db, o.org.id, o.intake.user.id),
    employee: await makeToken(db, o.org.id, employee.user.id),
    other: await makeToken(db, o.org.id, other.user.id),
    handlerId: o.handler.user.id,
    employeeId: employee.user.id,
    otherId: other.user.id,
    unitId: o.unit.id,
    orgId: o.org.id,
  };
}

/** One complaint's procedure through the API; every step checks the history stays append-only. */
class Procedure {
  events = 0;
  history: unknown[] = [];
  constructor(
    private readonly api: ApiClient,
    private readonly people: People,
    readonly id: string,
  ) {}

  static async register(api: ApiClient, people: People, body: Record<string, unknown>, token = people.intake): Promise<Procedure> {
    // A letter, signed and dated (002 art. 4.3 asks both; the other regulations ignore them).
    const res = expectStatus(await api.post('/api/v1/complaints', token, { unitId: people.unitId, channel: 'letter', signed: true, documentDate: body['receivedOn'], ...body }), 201, 'register');
    const p = new Procedure(api, people, res.body.id);
    await p.checkHistory(1);
    return p;
  }

  async dossier(who: Who = 'coordinator') {
    return expectStatus(await this.api.get(`/api/v1/complaints/${this.id}`, this.people[who]), 200).body;
  }

  private async checkHistory(expected: number, type?: string): Promise<void> {
    const history = (await this.dossier()).history as { seq: number; type: string }[];
    assert.equal(history.length, expected, `history has ${history.length} events, expected ${expected}`);
    assert.deepEqual(history.slice(0, this.history.length), this.history, 'earlier events are never rewritten');
    assert.deepEqual(history.map((h) => h.seq), history.map((_, i) => i + 1));
    if (type) assert.equal(history.at(-1)?.type, type);
    this.history = history;
    this.events = expected;
  }

  /** An action that must be accepted (200): one event more. */
  async must(token: Who, action: string, input: Record<string, unknown> = {}): Promise<ApiResponse> {
    const res = expectStatus(await this.api.action(this.people[token], this.id, action, input), 200, action);
    assert.equal(res.body.seq, this.events + 1);
    await this.checkHistory(this.events + 1, action);
    return res;
  }

  /** An action that must be refused with `status`: the history stays as it was. */
  async refused(token: Who, action: string, input: Record<string, unknown>, status: 403 | 404 | 409 | 422): Promise<ApiResponse> {
    const res = expectStatus(await this.api.action(this.people[token], this.id, action, input), status, action);
    const code = { 403: 'not_permitted', 404: 'not_found', 409: 'invalid_transition', 422: 'validation_failed' }[status];
    assert.equal(res.body.error.code, code);
    await this.checkHistory(this.events);
    return res;
  }
}

forEachDatabase('procedures per preset through the API', (ctx) => {
  let api: ApiClient;
  before(async () => {
    api = await ApiClient.create(ctx.database);
  });

  describe('002 stadsring51', () => {
    let p: People;
    const complaint = {
      receivedOn: '2026-03-02',
      description: 'De medewerker kwam drie keer niet opdagen bij de afgesproken huisbezoeken.',
      complainant: { relation: 'client', name: 'Jan Jansen', postalAddress: 'Dorpsstraat 1, 1234 AB Ergens' },
      respondentName: 'J. de Vries',
    };
    before(async () => {
      p = await organisation(ctx, 'stadsring51');
    });

    it('declares a complaint about conduct older than one year inadmissible within 4 weeks (5.1b, 5.3)', async () => {
      const c = await Procedure.register(api, p, complaint);
      await c.must('coordinator', 'acknowledge', { on: '2026-03-04' });
      const missing = await c.refused('coordinator', 'declare-inadmissible', { ground: 'older_than_limit', explanation: 'Het gaat om een gesprek in 2024.', on: '2026-03-20' }, 422);
      assert.deepEqual(fieldsOf(missing), ['conductOn']);
      const recent = await c.refused('coordinator', 'declare-inadmissible', { ground: 'older_than_limit', explanation: 'Oud gesprek.', conductOn: '2025-06-01', on: '2026-03-20' }, 422);
      assert.deepEqual(fieldsOf(recent), ['conductOn']);
      const unknown = await c.refused('coordinator', 'declare-inadmissible', { ground: 'too_busy', explanation: 'Geen tijd.' }, 422);
      assert.deepEqual(fieldsOf(unknown), ['ground']);

      const done = await c.must('coordinator', 'declare-inadmissible', {
        ground: 'older_than_limit',
        explanation: 'Het gesprek waar de klacht over gaat was op 15 januari 2025.',
        conductOn: '2025-01-15',
        on: '2026-03-20',
      });
      assert.equal(done.body.status, 'inadmissible');
      const d = await c.dossier();
      assert.equal(d.deadlines.inadmissibilityNotice, '2026-03-30');
      assert.equal(d.deadlineStates.inadmissibilityNotice.met, true);
      assert.equal(d.deadlineStates.inadmissibilityNotice.metOn, '2026-03-20');
      assert.equal(d.deadlineStates.inadmissibilityNotice.late, false, 'within the 4 weeks');
      assert.equal(d.deadlineStates.decision.overdue, false, 'no decision is due any more');
      assert.ok(d.availableActions.includes('reopen'));
      await c.refused('handler', 'decide', { outcome: 'not_upheld', reasoning: REASONING, externalBodyNamed: true }, 404);
      await c.refused('coordinator', 'decide', { outcome: 'not_upheld', reasoning: REASONING, externalBodyNamed: true }, 409);
    });

    it('waives hearing the complainant as manifestly unfounded, hears the respondent with a report, sends the copy, then decides (6.4–6.11)', async () => {
      const c = await Procedure.register(api, p, complaint);
      await c.must('coordinator', 'acknowledge', { on: '2026-03-03' });
      await c.must('coordinator', 'assign', { handlerUserId: p.handlerId });
      const early = await c.refused('handler', 'decide', { outcome: 'not_upheld', reasoning: REASONING, externalBodyNamed: true, decidedOn: '2026-03-20' }, 409);
      assert.match(early.body.error.message, /gehoord/);
      const badGround = await c.refused('handler', 'waive-hearing', { party: 'complainant', ground: 'no_time' }, 422);
      assert.deepEqual(fieldsOf(badGround), ['ground']);
      await c.must('handler', 'waive-hearing', { party: 'complainant', ground: 'manifestly_unfounded', explanation: 'De klacht gaat over een afspraak die aantoonbaar is nagekomen.' });
      const respondent = await c.refused('handler', 'decide', { outcome: 'not_upheld', reasoning: REASONING, externalBodyNamed: true, decidedOn: '2026-03-20' }, 409);
      assert.match(respondent.body.error.message, /degene over wie de klacht gaat/);
      const noReport = await c.refused('handler', 'record-hearing', { party: 'respondent', on: '2026-03-10' }, 422);
      assert.deepEqual(fieldsOf(noReport), ['report']);
      await c.must('handler', 'record-hearing', { party: 'respondent', on: '2026-03-10', report: 'Mevrouw De Vries legt uit hoe de afspraak is gemaakt.' });
      const noCopy = await c.refused('handler', 'decide', { outcome: 'not_upheld', reasoning: REASONING, externalBodyNamed: true, decidedOn: '2026-03-20' }, 409);
      assert.match(noCopy.body.error.message, /afschrift/);
      await c.must('handler', 'send-copy-to-respondent', { on: '2026-03-05', includesDocuments: true });
      const unnamed = await c.refused('handler', 'decide', { outcome: 'not_upheld', reasoning: REASONING, form: 'oral', decidedOn: '2026-03-20' }, 422);
      assert.deepEqual(fieldsOf(unnamed).sort(), ['externalBodyNamed', 'form']);
      const decided = await c.must('handler', 'decide', { outcome: 'not_upheld', reasoning: REASONING, externalBodyNamed: 'Nationale ombudsman', decidedOn: '2026-03-20' });
      assert.equal(decided.body.status, 'decided');
      const d = await c.dossier();
      assert.equal(d.deadlineStates.decision.met, true);
      assert.equal(d.deadlineStates.decision.late, false);
      assert.ok(!d.availableActions.includes('sign-off'), 'no sign-off in this regulation');
      assert.match(d.actions.find((a: { action: string }) => a.action === 'sign-off').reason, /geen ondertekening/);
      assert.equal(d.actions.find((a: { action: string }) => a.action === 'sign-off').absent, true, 'the API keeps the step, marked as one the regulation lacks');
      // 6.9: the one complained about is told the outcome too; closing waits for it.
      const uninformed = await c.refused('coordinator', 'close', { on: '2026-03-21' }, 409);
      assert.match(uninformed.body.error.message, /artikel 6\.9/);
      await c.must('handler', 'inform-respondent', { on: '2026-03-21' });
      assert.equal((await c.must('coordinator', 'close', { on: '2026-03-21' })).body.status, 'closed');
      assert.deepEqual(
        (await c.dossier()).history.map((h: { type: string }) => h.type),
        ['registered', 'acknowledge', 'assign', 'waive-hearing', 'record-hearing', 'send-copy-to-respondent', 'decide', 'inform-respondent', 'close'],
      );
    });

    it('extends once with notice before the term ends (the due date moves), refuses a second or a too long one', async () => {
      // Received today: the term still runs (once it has passed the step is closed, Awb 9:11 lid 2; the next test).
      const c = await Procedure.register(api, p, { ...complaint, receivedOn: today() });
      await c.must('coordinator', 'assign', { handlerUserId: p.handlerId });
      const before = (await c.dossier()).deadlines;
      const tooLong = await c.refused('handler', 'extend', { term: { amount: 6, unit: 'weeks' }, noticeOn: today(), reason: 'Wacht op stukken.' }, 422);
      assert.deepEqual(fieldsOf(tooLong), ['term']);
      const ext = await c.must('handler', 'extend', { term: { amount: 4, unit: 'weeks' }, noticeOn: today(), reason: 'Wij wachten op stukken van de klager.' });
      assert.equal(ext.body.status, 'in_progress');
      assert.equal(ext.body.deadlines.decision, before.decisionMaxExtended, 'the term + 4 weeks, the maximum');
      assert.ok(ext.body.deadlines.decision > before.decision);
      assert.equal((await c.dossier()).deadlines.decision, before.decisionMaxExtended);
      const again = await c.refused('handler', 'extend', { term: { amount: 1, unit: 'weeks' }, noticeOn: today(), reason: 'Nog meer tijd.' }, 409);
      assert.match(again.body.error.message, /al een keer verlengd/);
    });

    it('after the original term: a notice sent after it is refused at its date with the article; one sent in time is recorded and moves the term (Awb 9:11 lid 2)', async () => {
      const c = await Procedure.register(api, p, complaint);
      await c.must('coordinator', 'assign', { handlerUserId: p.handlerId });
      assert.ok((await c.dossier()).availableActions.includes('extend'), 'still offered after the term: the notice may have gone out in time');
      const late = await c.refused('handler', 'extend', { term: { amount: 2, unit: 'weeks' }, noticeOn: '2026-04-29', reason: 'Te druk.' }, 422);
      assert.equal(late.body.error.code, 'validation_failed');
      const field = (late.body.error.fields as { field: string; message: string }[]).find((f) => f.field === 'noticeOn');
      assert.match(field?.message ?? '', /tot en met 28 april 2026\)\..*\(Awb 9:11 lid 2\)/);
      assert.equal((await c.dossier()).deadlines.decision, '2026-04-28');
      await c.must('handler', 'extend', { term: { amount: 2, unit: 'weeks' }, noticeOn: '2026-04-28', reason: 'Wij wachten op een verklaring.' });
      assert.equal((await c.dossier()).deadlines.decision, '2026-05-12');
    });
  });

  describe('000 conneqt', () => {
    let p: People;
    before(async () => {
      p = await organisation(ctx, 'conneqt');
    });

    it('resolves at the first line by agreement, closes only with both sign-offs (4.2, 5.5)', async () => {
      const c = await Procedure.register(api, p, {
        channel: 'phone',
        receivedOn: '2026-02-02',
        description: 'De factuur van januari klopt niet: er staan uren op die niet gewerkt zijn.',
        complainant: { relation: 'client', name: 'Ahmet Yilmaz', phone: '06 98765432' },
        respondentUserId: p.employeeId,
      });
      await c.must('coordinator', 'classify', { values: { submission: ['oral'], nature: ['conduct', 'financial'] } });
      // 4.2: the employee the complaint is about tries to solve it with the client first, and records it.
      const contact = await c.must('employee', 'record-contact', {
        on: '2026-02-03',
        with: 'de cliënt en P. Jansen',
        agreements: 'De factuur wordt gecorrigeerd.',
        actions: 'P. Jansen stuurt de nieuwe factuur.',
        firstLine: true,
      });
      assert.equal(contact.body.status, 'new');
      await c.must('coordinator', 'assign', { handlerUserId: p.handlerId });
      await c.must('handler', 'decide', { outcome: 'resolved_by_agreement', reasoning: 'In overleg opgelost: de factuur wordt gecorrigeerd en de cliënt is akkoord.', decidedOn: '2026-02-05' });
      await c.must('handler', 'record-satisfaction', { satisfied: true, on: '2026-02-05' });

      const none = await c.refused('coordinator', 'close', {}, 409);
      assert.match(none.body.error.message, /betrokken medewerker, klachtenfunctionaris/);
      assert.match(none.body.error.message, /5\.5/);
      const badRole = await c.refused('handler', 'sign-off', { role: 'director' }, 422);
      assert.deepEqual(fieldsOf(badRole), ['role']);
      // 5.5: each signs for themselves; the klachtenfunctionaris cannot sign for the employee concerned.
      const forOther = await c.refused('handler', 'sign-off', { role: 'employee', on: '2026-02-06' }, 403);
      assert.match(forOther.body.error.message, /alleen voor uzelf/);
      assert.match(forOther.body.error.message, /artikel 5\.5/);
      await c.must('employee', 'sign-off', { role: 'employee', on: '2026-02-06' });
      const oneMissing = await c.refused('coordinator', 'close', {}, 409);
      assert.match(oneMissing.body.error.message, /klachtenfunctionaris/);
      assert.doesNotMatch(oneMissing.body.error.message, /betrokken medewerker/);
      // The intake user who registered it reads it only while it is open (issue 8): once decided, it looks missing.
      await c.refused('intake', 'sign-off', { role: 'complaints_officer' }, 404);
      await c.must('coordinator', 'sign-off', { role: 'complaints_officer', on: '2026-02-06' });
      assert.equal((await c.must('coordinator', 'close', { on: '2026-02-06' })).body.status, 'closed');
      const d = await c.dossier();
      assert.equal(d.deadlines.decision, '2026-03-02', '6.4: 4 weeks');
      assert.equal(d.deadlineStates.decision.met, true);
      assert.deepEqual(d.history.filter((h: { type: string }) => h.type === 'sign-off').map((h: { data: { role: string } }) => h.data.role), ['employee', 'complaints_officer']);
    });
  });

  describe('003 cbf-template', () => {
    let p: People;
    const complaint = {
      receivedOn: '2026-03-02',
      description: 'Mijn donatie is twee keer afgeschreven en niemand belt terug.',
      complainant: { relation: 'client', name: 'Mies Bouwman', email: 'mies@example.nl', phone: '06 11112222', postalAddress: 'Plein 4, 1234 AB Ergens' },
    };
    before(async () => {
      p = await organisation(ctx, 'cbf-template', CBF_FILLS);
    });

    it('escalates to the directeur when no solution is found: a handover, the directeur then decides', async () => {
      await bindRegulationRole(ctx.database.db, p.orgId, 'director', p.otherId, p.unitId);
      const c = await Procedure.register(api, p, complaint);
      await c.must('coordinator', 'assign', { handlerUserId: p.handlerId });
      const bad = await c.refused('handler', 'escalate', { to: 'ceo', reason: 'Geen oplossing.' }, 422);
      assert.deepEqual(fieldsOf(bad), ['to']);
      assert.match(bad.body.error.fields[0].message, /directeur/);
      await c.must('handler', 'escalate', { to: 'director', reason: 'Klager en behandelaar komen er samen niet uit.' });
      const twice = await c.refused('other', 'escalate', { to: 'director', reason: 'Nog eens.' }, 422);
      assert.deepEqual(fieldsOf(twice), ['to']);
      // The handover: the directeur handles now; the earlier handler no longer does.
      await c.refused('handler', 'decide', { outcome: 'decided', reasoning: 'Te laat.', decidedOn: '2026-03-06' }, 404);
      const decided = await c.must('other', 'decide', { outcome: 'decided', reasoning: 'De directeur erkent dat de reactie te laat was.', measures: ['Termijnen bewaken'], decidedOn: '2026-03-06' });
      assert.equal(decided.body.status, 'decided');
      const esc = (await c.dossier()).history.find((h: { type: string }) => h.type === 'escalate');
      assert.equal(esc.data.to, 'director');
      assert.equal(esc.data.kind, 'handover');
      assert.equal(esc.data.handlerUserId, p.otherId);
    });

    it('a very serious complaint is consulted with the bestuur before a decision; a sensitive one alone is not (invented rule gone)', async () => {
      const c = await Procedure.register(api, p, complaint);
      await c.must('coordinator', 'classify', { values: {}, severity: 'very_serious', sensitive: true });
      await c.must('coordinator', 'assign', { handlerUserId: p.handlerId });
      const r = await c.refused('handler', 'decide', { outcome: 'decided', reasoning: 'De klacht is terecht; wij bieden excuses aan.', decidedOn: '2026-03-06' }, 409);
      assert.match(r.body.error.message, /bestuur/);
      const d = await c.dossier('handler');
      assert.match(d.actions.find((a: { action: string }) => a.action === 'decide').reason, /bestuur/);
      await c.must('coordinator', 'escalate', { to: 'board', reason: 'Zeer ernstige klacht: overleg ter de-escalatie.' });
      assert.equal((await c.must('handler', 'decide', { outcome: 'decided', reasoning: 'De klacht is terecht; wij bieden excuses aan.', decidedOn: '2026-03-06' })).body.status, 'decided');

      const sensitive = await Procedure.register(api, p, complaint);
      await sensitive.must('coordinator', 'classify', { values: {}, severity: 'normal', sensitive: true });
      await sensitive.must('coordinator', 'assign', { handlerUserId: p.handlerId });
      assert.equal((await sensitive.must('handler', 'decide', { outcome: 'decided', reasoning: 'De klacht is terecht; wij bieden excuses aan.', decidedOn: '2026-03-06' })).body.status, 'decided');
    });
  });

  describe('004 lentl', () => {
    let p: People;
    before(async () => {
      p = await organisation(ctx, 'lentl', LENTL_FILLS);
    });

    it('runs the OKC route: decision, external procedure, ruling, the organisation’s reaction, close (§5)', async () => {
      const c = await Procedure.register(api, p, {
        receivedOn: '2026-05-04',
        description: 'De zorg voor mijn moeder werd steeds op het laatste moment afgezegd.',
        complainant: { name: 'Karin Smit', email: 'karin@example.nl', phone: '06 33334444', postalAddress: 'Hof 5, 1234 AB Ergens', relation: 'relative', onBehalfOf: 'A. Smit' },
        respondentName: 'A. Bakker',
      });
      // §3: the hierarchical leidinggevende decides who handles, not the klachtenfunctionaris.
      const notTheirs = await c.refused('coordinator', 'assign', { handlerUserId: p.handlerId }, 403);
      assert.match(notTheirs.body.error.message, /leidinggevende bepaalt wie de klacht behandelt \(§3\)/);
      await c.must('handler', 'assign', { handlerUserId: p.handlerId });
      await c.must('handler', 'decide', { outcome: 'not_upheld', reasoning: 'De leidinggevende ziet geen fout in de planning van de zorg.', externalBodyNamed: true, decidedOn: '2026-05-20' });
      await c.refused('coordinator', 'record-external-ruling', { on: '2026-07-01', outcome: 'Gegrond' }, 409);
      await c.must('coordinator', 'record-external-procedure', { bodyName: 'Onafhankelijke klachtencommissie (OKC)', bodyKind: 'complaints_committee', submittedOn: '2026-06-01', reference: 'OKC-2026-17' });
      await c.refused('coordinator', 'record-organisation-reaction', { on: '2026-07-10', text: 'Wij nemen de uitspraak over.', by: 'directie' }, 409);
      const early = await c.refused('coordinator', 'record-external-ruling', { on: '2026-05-30', outcome: 'Gegrond' }, 422);
      assert.deepEqual(fieldsOf(early), ['on']);
      await c.refused('handler', 'record-external-ruling', { on: '2026-07-01', outcome: 'Gegrond' }, 403);
      await c.must('coordinator', 'record-external-ruling', { on: '2026-07-01', outcome: 'De OKC verklaart de klacht gegrond.' });
      await c.must('coordinator', 'record-organisation-reaction', { on: '2026-07-10', text: 'De directie neemt de uitspraak over en past de planning aan.', by: 'directie' });
      assert.equal((await c.must('coordinator', 'close', { on: '2026-07-11' })).body.status, 'closed');
      const d = await c.dossier();
      assert.deepEqual(
        d.history.slice(3).map((h: { type: string; data: Record<string, unknown> }) => [h.type, h.data.on ?? h.data.submittedOn]),
        [
          ['record-external-procedure', '2026-06-01'],
          ['record-external-ruling', '2026-07-01'],
          ['record-organisation-reaction', '2026-07-10'],
          ['close', '2026-07-11'],
        ],
      );
      assert.ok(d.availableActions.includes('record-external-procedure'), 'facts can still be added after closing');
    });
  });

  describe('001 hss', () => {
    let p: People;
    before(async () => {
      p = await organisation(ctx, 'hss');
    });

    it('records administratiekosten as not a complaint (3.1): closed, no terms, no procedure', async () => {
      const c = await Procedure.register(
        api,
        p,
        {
          kind: 'not_a_complaint',
          notComplaintKey: 'administration_costs',
          channel: 'phone',
          receivedOn: '2026-04-02',
          description: 'Beller vindt de administratiekosten van het dossier te hoog.',
        },
        p.coordinator,
      );
      const d = await c.dossier();
      assert.equal(d.status, 'closed');
      assert.equal(d.kind, 'not_a_complaint');
      assert.deepEqual(d.deadlines, {});
      // 3.1: the handling around this subject can still become a complaint.
      assert.deepEqual(d.availableActions, ['classify', 'add-note', 'convert-to-complaint', 'correct-registration']);
      const r = await c.refused('coordinator', 'acknowledge', {}, 409);
      assert.match(r.body.error.message, /Geen klacht/);
      await c.refused('coordinator', 'decide', { outcome: 'no_judgement', reasoning: 'Geen klacht, dus geen oordeel nodig.' }, 409);
      await c.must('coordinator', 'add-note', { text: 'Doorverwezen naar de tarievenlijst.' });
      const list = expectStatus(await api.get('/api/v1/complaints?kind=not_a_complaint', p.coordinator), 200);
      assert.deepEqual(list.body.items.map((i: { id: string }) => i.id), [c.id], 'it counts in the lists and the analysis');
    });

    it('acknowledges within 7 working days and decides within 6 weeks, across Easter and Ascension Day (3.2, 3.3)', async () => {
      const c = await Procedure.register(api, p, {
        channel: 'email',
        receivedOn: '2026-04-02',
        description: 'Het advies over mijn schuldregeling was onvolledig en te laat.',
        complainant: { relation: 'client', name: 'Piet Post', email: 'piet@example.nl' },
      });
      const d0 = await c.dossier();
      assert.deepEqual(d0.deadlines, { acknowledgement: '2026-04-15', decision: '2026-05-15' });
      await c.must('coordinator', 'acknowledge', { on: '2026-04-14' });
      await c.must('coordinator', 'decide', { outcome: 'decided', reasoning: 'Het advies was onvolledig; wij vullen het aan.', form: 'oral', externalBodyNamed: true, decidedOn: '2026-05-15' });
      const d = await c.dossier();
      assert.equal(d.deadlineStates.acknowledgement.late, false);
      assert.equal(d.deadlineStates.decision.met, true);
      assert.equal(d.deadlineStates.decision.late, false, 'decided on the last day, which Hemelvaartsdag moved');
    });
  });
});
