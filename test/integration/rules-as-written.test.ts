/**
 * Issue 7, "Rules as written, no more and no fewer", THROUGH THE API on both databases: each missing
 * check fires with a Dutch message naming the article, and no invented rule fires. Dates are explicit
 * and in the past, so the checks do not depend on the day the tests run.
 */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { ApiClient, CBF_FILLS, expectStatus, fieldsOf, type ApiResponse } from '../support/api.ts';
import { forEachDatabase, type SuiteContext } from '../support/databases.ts';
import { makeOrganisationWithRegulation, makeToken } from '../support/factories.ts';

const REASONING = 'Wij hebben de stukken bekeken en met de betrokkenen gesproken. Daaruit volgt deze beslissing.';

interface Org {
  slug: string;
  unitId: string;
  coordinator: string;
  handler: string;
  handlerId: string;
  intake: string;
}

async function organisation(ctx: SuiteContext, preset: string, fills: Record<string, string> = {}): Promise<Org> {
  const db = ctx.database.db;
  const o = await makeOrganisationWithRegulation(db, preset, fills);
  return {
    slug: o.org.slug,
    unitId: o.unit.id,
    coordinator: await makeToken(db, o.org.id, o.coordinator.user.id),
    handler: await makeToken(db, o.org.id, o.handler.user.id),
    handlerId: o.handler.user.id,
    intake: await makeToken(db, o.org.id, o.intake.user.id),
  };
}

function messageOf(res: ApiResponse, field?: string): string {
  const e = (res.body as { error: { message: string; fields?: { field: string; message: string }[] } }).error;
  return field ? (e.fields?.find((f) => f.field === field)?.message ?? '') : e.message;
}

forEachDatabase('rules as written through the API', (ctx) => {
  let api: ApiClient;
  before(async () => {
    api = await ApiClient.create(ctx.database);
  });

  describe('000 conneqt', () => {
    let o: Org;
    before(async () => {
      o = await organisation(ctx, 'conneqt');
    });

    it('refuses a decision before the required classification (5.3); closing asks satisfaction first (5.5); satisfaction once, then a correction', async () => {
      const created = expectStatus(await api.post('/api/v1/complaints', o.intake, { unitId: o.unitId, channel: 'phone', receivedOn: '2026-02-02', description: 'De medewerker was onvriendelijk aan de telefoon.', complainant: { name: 'A. Klager', phone: '06 12345678' } }), 201);
      const id = created.body.id as string;
      const early = expectStatus(await api.action(o.coordinator, id, 'decide', { outcome: 'not_upheld', reasoning: REASONING, decidedOn: '2026-02-10' }), 409);
      assert.equal(early.body.error.code, 'invalid_transition');
      assert.match(messageOf(early), /\(artikel 5\.3\)/);
      const dossier = expectStatus(await api.get(`/api/v1/complaints/${id}`, o.coordinator), 200).body;
      assert.ok(!(dossier.availableActions as string[]).includes('decide'));
      expectStatus(await api.action(o.coordinator, id, 'classify', { values: { submission: ['oral'], nature: ['conduct'] } }), 200);
      expectStatus(await api.action(o.coordinator, id, 'decide', { outcome: 'decided', reasoning: REASONING, decidedOn: '2026-02-10' }), 200);
      const close = expectStatus(await api.action(o.coordinator, id, 'close', { on: '2026-02-11' }), 409);
      assert.match(messageOf(close), /tevreden.*\(artikel 5\.5\)/);
      expectStatus(await api.action(o.coordinator, id, 'record-satisfaction', { satisfied: false, on: '2026-02-11' }), 200);
      const twice = expectStatus(await api.action(o.coordinator, id, 'record-satisfaction', { satisfied: true, on: '2026-02-12' }), 409);
      assert.match(messageOf(twice), /Tevredenheid corrigeren/);
      expectStatus(await api.action(o.coordinator, id, 'correct-satisfaction', { satisfied: true, reason: 'Klager belde: toch tevreden.', on: '2026-02-12' }), 200);
      // Satisfied now: the registration form must be signed before closing (5.5).
      assert.match(messageOf(expectStatus(await api.action(o.coordinator, id, 'close', { on: '2026-02-12' }), 409)), /getekend/);
      const history = expectStatus(await api.get(`/api/v1/complaints/${id}`, o.coordinator), 200).body.history as { type: string }[];
      assert.deepEqual(history.map((h) => h.type).slice(-2), ['record-satisfaction', 'correct-satisfaction']);
    });
  });

  describe('001 hss', () => {
    let o: Org;
    before(async () => {
      o = await organisation(ctx, 'hss');
    });

    it('asks no signature for any channel (3.2): a phone or social-media complaint without signature is accepted', async () => {
      for (const channel of ['phone', 'social_media']) {
        expectStatus(await api.post('/api/v1/complaints', o.intake, { unitId: o.unitId, channel, receivedOn: '2026-04-02', description: 'Het advies over mijn uitkering was onjuist.', complainant: { name: 'B. Klager', phone: '06 12345678' } }), 201, channel);
      }
    });

    it('"geen klacht" needs an excluded subject and can become a complaint later (3.1)', async () => {
      const base = { unitId: o.unitId, kind: 'not_a_complaint', channel: 'email', receivedOn: '2026-04-02', description: 'Vraag over de administratiekosten op de factuur.', complainant: { name: 'C. Klager', email: 'c@example.nl' } };
      const bare = expectStatus(await api.post('/api/v1/complaints', o.coordinator, base), 422);
      assert.deepEqual(fieldsOf(bare), ['notComplaintKey']);
      assert.match(messageOf(bare, 'notComplaintKey'), /administratiekosten \(artikel 3\.1\)/);
      const created = expectStatus(await api.post('/api/v1/complaints', o.coordinator, { ...base, notComplaintKey: 'administration_costs' }), 201);
      assert.equal(created.body.status, 'closed');
      const id = created.body.id as string;
      expectStatus(await api.action(o.handler, id, 'convert-to-complaint', { reason: 'x', receivedOn: '2026-04-20' }), 404);
      const converted = expectStatus(await api.action(o.coordinator, id, 'convert-to-complaint', { reason: 'De klager is ontevreden over hoe wij zijn vraag afhandelden.', receivedOn: '2026-04-20' }), 200);
      assert.equal(converted.body.status, 'new');
      assert.deepEqual(converted.body.deadlines, { acknowledgement: '2026-04-30', decision: '2026-06-01' });
      const dossier = expectStatus(await api.get(`/api/v1/complaints/${id}`, o.coordinator), 200).body;
      assert.equal(dossier.kind, 'complaint');
      assert.equal(dossier.receivedOn, '2026-04-20');
      const list = expectStatus(await api.get('/api/v1/complaints?kind=complaint', o.coordinator), 200).body;
      assert.ok((list.items as { id: string }[]).some((i) => i.id === id), 'the list knows it is a complaint now');
    });
  });

  describe('002 stadsring51', () => {
    let o: Org;
    before(async () => {
      o = await organisation(ctx, 'stadsring51');
    });
    const letter = (extra: Record<string, unknown> = {}) => ({
      channel: 'letter',
      receivedOn: '2026-03-02',
      description: 'De medewerker kwam drie keer niet opdagen bij de afgesproken huisbezoeken.',
      complainant: { relation: 'client', name: 'D. Klager', postalAddress: 'Dorpsstraat 1, 1234 AB Ergens' },
      respondentName: 'P. Pietersen',
      signed: true,
      documentDate: '2026-02-27',
      ...extra,
    });

    it('checks who may complain (4.1), at the public door and the staff door', async () => {
      const pub = { channel: 'web_form', description: 'Ik kreeg geen antwoord op mijn brief van vorige maand.', complainant: { name: 'E. Buur', postalAddress: 'Kerkstraat 2, 1234 AB Ergens', relation: 'other' }, signed: true };
      const refused = expectStatus(await api.post(`/api/v1/public/${o.slug}/complaints`, undefined, pub), 422);
      assert.deepEqual(fieldsOf(refused), ['complainant.relation']);
      assert.match(messageOf(refused, 'complainant.relation'), /\(artikel 4\.1\)/);
      expectStatus(await api.post(`/api/v1/public/${o.slug}/complaints`, undefined, { ...pub, complainant: { ...pub.complainant, relation: 'former_client' } }), 201);
      const staff = expectStatus(await api.post('/api/v1/complaints', o.intake, letter({ complainant: { name: 'E. Buur', postalAddress: 'Kerkstraat 2' } })), 422);
      assert.deepEqual(fieldsOf(staff), ['complainant.relation']);
      assert.match(messageOf(staff, 'complainant.relation'), /Kies wie de klager is/);
    });

    it('a letter registered by staff records signature and dagtekening (4.3); messages speak about the complainant', async () => {
      const res = expectStatus(await api.post('/api/v1/complaints', o.intake, letter({ signed: undefined, documentDate: undefined, complainant: { relation: 'client' } })), 422);
      assert.deepEqual(fieldsOf(res).sort(), ['complainant.name', 'complainant.postalAddress', 'documentDate', 'signed']);
      assert.match(messageOf(res, 'complainant.postalAddress'), /^Vul het postadres van de klager in/);
      assert.match(messageOf(res, 'signed'), /\(artikel 4\.3\)/);
      assert.match(messageOf(res, 'documentDate'), /dagtekening.*\(artikel 4\.3\)/);
      expectStatus(await api.post('/api/v1/complaints', o.intake, letter()), 201);
    });

    it('a waiver ground must fit the party (6.6); upholding after "kennelijk ongegrond" asks a reason', async () => {
      const id = expectStatus(await api.post('/api/v1/complaints', o.intake, letter()), 201).body.id as string;
      expectStatus(await api.action(o.coordinator, id, 'assign', { handlerUserId: o.handlerId }), 200);
      expectStatus(await api.action(o.handler, id, 'send-copy-to-respondent', { on: '2026-03-03', includesDocuments: true }), 200);
      const wrong = expectStatus(await api.action(o.handler, id, 'waive-hearing', { party: 'respondent', ground: 'complainant_declined' }), 422);
      assert.deepEqual(fieldsOf(wrong), ['ground']);
      assert.match(messageOf(wrong, 'ground'), /\(artikel 6\.6\)/);
      expectStatus(await api.action(o.handler, id, 'waive-hearing', { party: 'complainant', ground: 'manifestly_unfounded' }), 200);
      expectStatus(await api.action(o.handler, id, 'record-hearing', { party: 'respondent', on: '2026-03-10', report: 'De medewerker licht toe.' }), 200);
      const upheld = { outcome: 'upheld', reasoning: REASONING, externalBodyNamed: true, decidedOn: '2026-03-20' };
      const noReason = expectStatus(await api.action(o.handler, id, 'decide', upheld), 422);
      assert.deepEqual(fieldsOf(noReason), ['waiverContradictionReason']);
      assert.match(messageOf(noReason, 'waiverContradictionReason'), /kennelijk ongegrond was \(artikel 6\.6\)/);
      expectStatus(await api.action(o.handler, id, 'decide', { ...upheld, waiverContradictionReason: 'Het horen van de medewerker liet zien dat de klacht klopt.' }), 200);
    });

    it('an extension whose notice went out after the term is refused at its date with the law; the shown term stays (Awb 9:11 lid 2)', async () => {
      const id = expectStatus(await api.post('/api/v1/complaints', o.intake, letter()), 201).body.id as string;
      expectStatus(await api.action(o.coordinator, id, 'assign', { handlerUserId: o.handlerId }), 200);
      const res = expectStatus(await api.action(o.handler, id, 'extend', { term: { amount: 2, unit: 'weeks' }, noticeOn: '2026-04-29', reason: 'Te druk.' }), 422);
      assert.equal(res.body.error.code, 'validation_failed');
      assert.deepEqual(fieldsOf(res), ['noticeOn']);
      assert.match(messageOf(res, 'noticeOn'), /na het einde van de termijn voor de beslissing .*\(Awb 9:11 lid 2\)/);
      const dossier = expectStatus(await api.get(`/api/v1/complaints/${id}`, o.coordinator), 200).body;
      assert.equal(dossier.deadlines.decision, '2026-04-28');
      assert.ok(!(dossier.history as { type: string }[]).some((h) => h.type === 'extend'));
    });

    it('publishes the Awb extension as the law\'s', async () => {
      const res = await api.request('GET', `/${o.slug}/klachtenregeling`);
      assert.equal(res.status, 200);
      assert.match(String(res.body), /Volgens de Algemene wet bestuursrecht kan de termijn/);
    });
  });

  describe('003 cbf-template', () => {
    let o: Org;
    before(async () => {
      o = await organisation(ctx, 'cbf-template', CBF_FILLS);
    });

    it('decides a sensitive, not very serious complaint without the bestuur', async () => {
      const id = expectStatus(await api.post('/api/v1/complaints', o.intake, { unitId: o.unitId, channel: 'phone', receivedOn: '2026-03-02', description: 'Klacht over een bericht op sociale media.', complainant: { name: 'F. Klager', phone: '06 12345678' } }), 201).body.id as string;
      expectStatus(await api.action(o.coordinator, id, 'classify', { severity: 'normal', sensitive: true }), 200);
      // The klachtencoördinator asks a klachtenbehandelaar, who decides (Definities); no bestuur is asked.
      expectStatus(await api.action(o.coordinator, id, 'assign', { handlerUserId: o.handlerId }), 200);
      expectStatus(await api.action(o.handler, id, 'decide', { outcome: 'decided', reasoning: REASONING, decidedOn: '2026-03-04' }), 200);
    });

    it('a letter needs a postal address, not the web form\'s e-mail and phone; missing registration fields show as "onvolledig" (bijlage 2)', async () => {
      const body = { unitId: o.unitId, channel: 'letter', receivedOn: '2026-03-02', description: 'Brief over een verkeerde rekening.', complainant: { name: 'G. Klager' } };
      const noAddress = expectStatus(await api.post('/api/v1/complaints', o.intake, body), 422);
      assert.deepEqual(fieldsOf(noAddress), ['complainant.postalAddress']);
      assert.match(messageOf(noAddress, 'complainant.postalAddress'), /^Vul het postadres van de klager in/);
      const incomplete = expectStatus(await api.post('/api/v1/complaints', o.intake, { ...body, complainant: { name: 'G. Klager', postalAddress: 'Laan 1, Ergens' } }), 201).body.id as string;
      const complete = expectStatus(
        await api.post('/api/v1/complaints', o.intake, {
          ...body,
          complainant: { name: 'H. Klager', postalAddress: 'Laan 2, Ergens' },
          establishedBy: '2 maart, per brief, door de administratie',
          receivedBy: 'Administratie',
          passedTo: 'Klachtencoördinator',
        }),
        201,
      ).body.id as string;
      const onlyIncomplete = expectStatus(await api.get('/api/v1/complaints?incomplete=true', o.coordinator), 200).body.items as { id: string; registrationGaps: string[] }[];
      assert.ok(onlyIncomplete.some((i) => i.id === incomplete));
      assert.ok(!onlyIncomplete.some((i) => i.id === complete));
      assert.deepEqual(onlyIncomplete.find((i) => i.id === incomplete)?.registrationGaps, ['established_by', 'received_by', 'passed_to']);
      const rest = expectStatus(await api.get('/api/v1/complaints?incomplete=false', o.coordinator), 200).body.items as { id: string }[];
      assert.ok(rest.some((i) => i.id === complete));
    });
  });
});
