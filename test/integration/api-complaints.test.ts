/**
 * The complaint JSON API (issue 4, "JSON API"): staff intake with idempotency and atomic classification,
 * list and dossier, actions with their error codes, need-to-know (404), roles (403), the public twin
 * with its rate limit, the OpenAPI document, and the append-only history in the database itself.
 */
import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import { sql } from 'kysely';
import { ACTION_NAMES, DEADLINE_KEYS } from '../../src/domain/workflow/index.ts';
import { ApiClient, expectStatus, fieldsOf } from '../support/api.ts';
import { awayFromMinuteEdge } from '../support/http.ts';
import { forEachDatabase } from '../support/databases.ts';
import { makeOrganisationWithRegulation, makeToken, makeUser } from '../support/factories.ts';
import { createUnit } from '../../src/usecases/units/units.ts';

const letter = (extra: Record<string, unknown> = {}) => ({
  channel: 'letter',
  receivedOn: '2026-03-02',
  subject: 'Afspraak niet nagekomen',
  description: 'De medewerker kwam drie keer niet opdagen bij de afgesproken huisbezoeken.',
  complainant: { relation: 'client', name: 'Jan Jansen', postalAddress: 'Dorpsstraat 1, 1234 AB Ergens', email: 'jan@example.nl' },
  respondentName: 'P. Pietersen',
  // 002 art. 4.3: the letter is signed and dated.
  signed: true,
  documentDate: '2026-02-27',
  ...extra,
});

forEachDatabase('complaint API', (ctx) => {
  let api: ApiClient;
  let a: Awaited<ReturnType<typeof makeOrganisationWithRegulation>>;
  let b: Awaited<ReturnType<typeof makeOrganisationWithRegulation>>;
  const t = {} as Record<'coordinator' | 'handler' | 'otherHandler' | 'intake' | 'board' | 'admin' | 'coordinatorB' | 'intakeB', string>;
  const count = async (organisationId: string) =>
    Number((await ctx.database.db.selectFrom('complaints').select((eb) => eb.fn.countAll<number>().as('n')).where('organisation_id', '=', organisationId).executeTakeFirstOrThrow()).n);

  before(async () => {
    const db = ctx.database.db;
    api = await ApiClient.create(ctx.database);
    a = await makeOrganisationWithRegulation(db, 'stadsring51');
    b = await makeOrganisationWithRegulation(db, 'conneqt');
    const other = await makeUser(db, a.org.id, 'handler', { unitId: a.unit.id });
    const board = await makeUser(db, a.org.id, 'board');
    const admin = await makeUser(db, a.org.id, 'admin');
    t.coordinator = await makeToken(db, a.org.id, a.coordinator.user.id);
    t.handler = await makeToken(db, a.org.id, a.handler.user.id);
    t.otherHandler = await makeToken(db, a.org.id, other.user.id);
    t.intake = await makeToken(db, a.org.id, a.intake.user.id);
    t.board = await makeToken(db, a.org.id, board.user.id);
    t.admin = await makeToken(db, a.org.id, admin.user.id);
    t.coordinatorB = await makeToken(db, b.org.id, b.coordinator.user.id);
    t.intakeB = await makeToken(db, b.org.id, b.intake.user.id);
  });

  it('registers a complaint through staff intake: 201 with id, reference, status and the preset due dates', async () => {
    const res = expectStatus(await api.post('/api/v1/complaints', t.intake, letter({ unitId: a.unit.id })), 201);
    assert.match(res.body.id, /^[0-9a-f-]{36}$/);
    assert.match(res.body.reference, /^2026-\d{4}$/);
    assert.equal(res.body.status, 'new');
    assert.equal(res.headers.get('location'), `/api/v1/complaints/${res.body.id}`);
    // Monday 2 March 2026: 1 week, 4 weeks, 8 weeks (27 April is Koningsdag), + 4 weeks at most.
    assert.deepEqual(res.body.deadlines, { acknowledgement: '2026-03-09', inadmissibilityNotice: '2026-03-30', decision: '2026-04-28', decisionMaxExtended: '2026-05-26' });
    assert.ok(Object.keys(res.body.deadlines).every((k) => (DEADLINE_KEYS as readonly string[]).includes(k)));
  });

  it('accepts receivedAt (a date or a moment) as the date of receipt, day 0 in Europe/Amsterdam', async () => {
    const late = expectStatus(await api.post('/api/v1/complaints', t.coordinator, { ...letter(), receivedOn: undefined, receivedAt: '2026-03-01T23:30:00Z' }), 201);
    assert.equal(late.body.receivedOn, '2026-03-02', '23:30 UTC on 1 March is 00:30 on 2 March in Amsterdam');
    const plain = expectStatus(await api.post('/api/v1/complaints', t.coordinator, { ...letter(), receivedOn: undefined, receivedAt: '2026-03-03' }), 201);
    assert.equal(plain.body.receivedOn, '2026-03-03');
    const bad = expectStatus(await api.post('/api/v1/complaints', t.coordinator, { ...letter(), receivedOn: undefined, receivedAt: 'gisteren' }), 422);
    assert.deepEqual(fieldsOf(bad), ['receivedAt']);
  });

  it('accepts the unit by its short name (unit) as well as by id (unitId)', async () => {
    const res = expectStatus(await api.post('/api/v1/complaints', t.intake, { ...letter(), unit: a.unit.slug }), 201);
    const dossier = expectStatus(await api.get(`/api/v1/complaints/${res.body.id}`, t.coordinator), 200);
    assert.equal(dossier.body.unit.id, a.unit.id);
    const bad = expectStatus(await api.post('/api/v1/complaints', t.intake, { ...letter(), unit: 'bestaat-niet' }), 422);
    assert.deepEqual(fieldsOf(bad), ['unit']);
    const foreign = expectStatus(await api.post('/api/v1/complaints', t.intake, { ...letter(), unit: b.unit.slug }), 422);
    assert.deepEqual(fieldsOf(foreign), ['unit']);
  });

  it('honours Idempotency-Key (header or body): a repeat is the same complaint with 200', async () => {
    const before = await count(a.org.id);
    const first = expectStatus(await api.post('/api/v1/complaints', t.intake, letter(), { 'idempotency-key': 'api-test-key-0001' }), 201);
    const again = expectStatus(await api.post('/api/v1/complaints', t.intake, letter(), { 'idempotency-key': 'api-test-key-0001' }), 200);
    assert.equal(again.body.id, first.body.id);
    assert.equal(again.body.reference, first.body.reference);
    const viaBody = expectStatus(await api.post('/api/v1/complaints', t.intake, letter({ idempotencyKey: 'api-test-key-0001' })), 200);
    assert.equal(viaBody.body.id, first.body.id);
    const clash = expectStatus(await api.post('/api/v1/complaints', t.intake, letter({ idempotencyKey: 'api-test-key-0002' }), { 'idempotency-key': 'api-test-key-0001' }), 422);
    assert.deepEqual(fieldsOf(clash), ['idempotencyKey']);
    const badKey = expectStatus(await api.post('/api/v1/complaints', t.intake, letter(), { 'idempotency-key': 'kort' }), 422);
    assert.deepEqual(fieldsOf(badKey), ['idempotencyKey']);
    assert.equal(await count(a.org.id), before + 1);
  });

  it('registers and classifies in one transaction: a refused classification leaves no complaint', async () => {
    const before = await count(b.org.id);
    const body = { ...letter(), classification: { values: { submission: ['written'], nature: ['conduct', 'financial'] }, sensitive: false } };
    const ok = expectStatus(await api.post('/api/v1/complaints', t.coordinatorB, body), 201);
    const dossier = expectStatus(await api.get(`/api/v1/complaints/${ok.body.id}`, t.coordinatorB), 200);
    assert.deepEqual(dossier.body.history.map((h: { type: string }) => h.type), ['registered', 'classify']);
    assert.deepEqual(dossier.body.classification.values.nature, ['conduct', 'financial']);

    const bad = expectStatus(await api.post('/api/v1/complaints', t.coordinatorB, { ...body, classification: { values: { submission: ['written'], nature: ['weather'] } } }), 422);
    assert.deepEqual(fieldsOf(bad), ['classification.values.nature']);
    const notObject = expectStatus(await api.post('/api/v1/complaints', t.coordinatorB, { ...body, classification: 'ernstig' }), 422);
    assert.deepEqual(fieldsOf(notObject), ['classification']);
    // Intake may register but not classify (the table gives classify to the coordinator): all or nothing.
    const intake = expectStatus(await api.post('/api/v1/complaints', t.intakeB, body), 403);
    assert.equal(intake.body.error.code, 'not_permitted');
    assert.equal(await count(b.org.id), before + 1);
    // A repeat with the key of a classified complaint is the same complaint.
    const keyed = expectStatus(await api.post('/api/v1/complaints', t.coordinatorB, body, { 'idempotency-key': 'classified-0001' }), 201);
    const repeat = expectStatus(await api.post('/api/v1/complaints', t.coordinatorB, body, { 'idempotency-key': 'classified-0001' }), 200);
    assert.equal(repeat.body.id, keyed.body.id);
  });

  it('stores one complaint when the same key arrives several times at once (with and without classification)', async () => {
    const before = await count(b.org.id);
    const body = { ...letter(), classification: { values: { submission: ['written'], nature: ['general'] } } };
    const staff = await Promise.all(Array.from({ length: 6 }, () => api.post('/api/v1/complaints', t.coordinatorB, body, { 'idempotency-key': 'race-staff-0001' })));
    assert.deepEqual(staff.map((r) => r.status).sort(), [200, 200, 200, 200, 200, 201]);
    assert.equal(new Set(staff.map((r) => r.body.id)).size, 1);
    const pub = { channel: 'web_form', description: 'Twee keer op verzenden gedrukt bij een trage verbinding.', complainant: { relation: 'client', name: 'Els', email: 'els@example.nl' } };
    const doors = await Promise.all(Array.from({ length: 6 }, () => api.post(`/api/v1/public/${b.org.slug}/complaints`, undefined, pub, { 'idempotency-key': 'race-public-0001' })));
    assert.deepEqual(doors.map((r) => r.status).sort(), [200, 200, 200, 200, 200, 201]);
    assert.equal(new Set(doors.map((r) => r.body.reference)).size, 1);
    assert.equal(await count(b.org.id), before + 2);
  });

  it('refuses staff intake to board members and admins (403), without a token (401), and bad bodies (415, 422, at the field)', async () => {
    assert.equal(expectStatus(await api.post('/api/v1/complaints', t.board, letter()), 403).body.error.code, 'not_permitted');
    expectStatus(await api.post('/api/v1/complaints', t.admin, letter()), 403);
    const anonymous = expectStatus(await api.post('/api/v1/complaints', undefined, letter()), 401);
    assert.equal(anonymous.headers.get('www-authenticate'), 'Bearer realm="klachtwijs"');
    const form = await api.request('POST', '/api/v1/complaints', { token: t.intake, headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    assert.equal(form.status, 415);
    assert.equal(form.body.error.code, 'unsupported_media_type');
    const broken = await api.app.request('/api/v1/complaints', { method: 'POST', headers: { authorization: `Bearer ${t.intake}`, 'content-type': 'application/json' }, body: '{"channel": "letter",' });
    assert.equal(broken.status, 422);
    const array = expectStatus(await api.post('/api/v1/complaints', t.intake, [letter()]), 422);
    assert.deepEqual(fieldsOf(array), ['_']);
    const missing = expectStatus(await api.post('/api/v1/complaints', t.intake, { channel: 'fax', description: 'kort', receivedOn: '2026-02-30' }), 422);
    assert.deepEqual(fieldsOf(missing).sort(), ['channel', 'description', 'receivedOn']);
    const future = expectStatus(await api.post('/api/v1/complaints', t.intake, letter({ receivedOn: '2999-01-01' })), 422);
    assert.deepEqual(fieldsOf(future), ['receivedOn']);
    const foreignUnit = expectStatus(await api.post('/api/v1/complaints', t.intake, letter({ unitId: b.unit.id })), 422);
    assert.deepEqual(fieldsOf(foreignUnit), ['unitId']);
    // Text the database cannot store is refused at its field (it used to be a 500).
    const nul = expectStatus(await api.post('/api/v1/complaints', t.intake, letter({ description: 'Een klacht met een \u0000 erin.', complainant: { relation: 'client', name: 'Half \ud800 teken', email: 'x@example.nl' } })), 422);
    assert.deepEqual(fieldsOf(nul).sort(), ['complainant.name', 'description']);
  });

  it('refuses ids that are no UUID before they reach the database (404 for the complaint, 422 for a handler)', async () => {
    const c = expectStatus(await api.post('/api/v1/complaints', t.coordinator, letter()), 201);
    expectStatus(await api.get(`/api/v1/complaints/${'-'.repeat(36)}`, t.coordinator), 404);
    expectStatus(await api.action(t.coordinator, 'a'.repeat(36), 'add-note', { text: 'x' }), 404);
    const handler = expectStatus(await api.action(t.coordinator, c.body.id, 'assign', { handlerUserId: '2026-02-29' }), 422);
    assert.deepEqual(fieldsOf(handler), ['handlerUserId']);
    expectStatus(await api.get(`/api/v1/units/${'-'.repeat(36)}`, t.coordinator), 404);
  });

  it('lists what the user may see, with filters, Dutch full-text search and paging', async () => {
    const c = expectStatus(
      await api.post('/api/v1/complaints', t.coordinator, letter({ channel: 'web_form', receivedOn: '2026-01-15', description: 'De fietsenstalling bij de hoofdingang is al weken kapot.', complainant: { relation: 'client', name: 'Wilhelmina Zwaanswijk', postalAddress: 'Dorpsstraat 1, 1234 AB Ergens', email: 'w.zwaanswijk@example.nl' } })),
      201,
    );
    // The same q as the list page: the complainant by name, a part of the reference (issue 8); sort.
    const byName = expectStatus(await api.get('/api/v1/complaints?q=ZWAANSWIJK', t.coordinator), 200);
    assert.deepEqual(byName.body.items.map((i: { id: string }) => i.id), [c.body.id]);
    const byRef = expectStatus(await api.get(`/api/v1/complaints?q=${c.body.reference.slice(-4)}`, t.coordinator), 200);
    assert.ok(byRef.body.items.some((i: { id: string }) => i.id === c.body.id));
    const sorted = expectStatus(await api.get('/api/v1/complaints?sort=-reference&limit=200', t.coordinator), 200);
    const refs = sorted.body.items.map((i: { reference: string }) => i.reference);
    assert.deepEqual(refs, [...refs].sort().reverse());
    const all = expectStatus(await api.get('/api/v1/complaints', t.coordinator), 200);
    assert.equal(all.body.total, all.body.items.length);
    assert.ok(all.body.items.some((i: { id: string }) => i.id === c.body.id));
    const search = expectStatus(await api.get('/api/v1/complaints?q=fietsenstallingen', t.coordinator), 200);
    assert.deepEqual(search.body.items.map((i: { id: string }) => i.id), [c.body.id], 'Dutch stemming: fietsenstallingen finds fietsenstalling');
    const byChannel = expectStatus(await api.get('/api/v1/complaints?channel=web_form', t.coordinator), 200);
    assert.deepEqual(byChannel.body.items.map((i: { id: string }) => i.id), [c.body.id]);
    const period = expectStatus(await api.get('/api/v1/complaints?from=2026-01-01&to=2026-01-31', t.coordinator), 200);
    assert.deepEqual(period.body.items.map((i: { id: string }) => i.id), [c.body.id]);
    const unit = expectStatus(await api.get(`/api/v1/complaints?unit=${a.unit.id}&status=open`, t.coordinator), 200);
    assert.equal(unit.body.total, all.body.total);
    const overdue = expectStatus(await api.get('/api/v1/complaints?overdue=true', t.coordinator), 200);
    assert.ok(overdue.body.items.some((i: { id: string }) => i.id === c.body.id), 'received in January, never acknowledged: overdue');
    const page = expectStatus(await api.get('/api/v1/complaints?limit=1&offset=1', t.coordinator), 200);
    assert.equal(page.body.items.length, 1);
    assert.equal(page.body.total, all.body.total);
    assert.equal(page.body.items[0].id, all.body.items[1].id);
    const bad = expectStatus(await api.get('/api/v1/complaints?status=lost&limit=0', t.coordinator), 422);
    assert.deepEqual(fieldsOf(bad).sort(), ['limit', 'status']);
    // Need-to-know: another organisation sees none of these; an unassigned handler none either.
    const other = expectStatus(await api.get('/api/v1/complaints', t.coordinatorB), 200);
    assert.ok(!other.body.items.some((i: { id: string }) => i.id === c.body.id));
    const handler = expectStatus(await api.get('/api/v1/complaints', t.otherHandler), 200);
    assert.equal(handler.body.total, 0);
  });

  it('shows one complaint with deadlines, history and available actions; acts; answers 409/422/404/403 as documented', async () => {
    const c = expectStatus(await api.post('/api/v1/complaints', t.intake, letter()), 201);
    const id: string = c.body.id;
    const d = expectStatus(await api.get(`/api/v1/complaints/${id}`, t.coordinator), 200);
    assert.equal(d.body.reference, c.body.reference);
    assert.deepEqual(d.body.deadlines, c.body.deadlines);
    assert.equal(d.body.history.length, 1);
    assert.equal(d.body.history[0].seq, 1);
    assert.equal(d.body.history[0].type, 'registered');
    assert.equal(d.body.history[0].actorName, 'Test intake');
    assert.ok(!Number.isNaN(Date.parse(d.body.history[0].at)));
    assert.ok(d.body.availableActions.includes('acknowledge'));
    assert.ok(d.body.availableActions.includes('assign'));
    assert.ok(!d.body.availableActions.includes('decide'), 'stadsring51: hear first');
    assert.match(d.body.actions.find((x: { action: string }) => x.action === 'decide').reason, /gehoord/);

    const ack = expectStatus(await api.action(t.coordinator, id, 'acknowledge', { on: '2026-03-04' }), 200);
    assert.deepEqual(Object.keys(ack.body).sort(), ['deadlines', 'id', 'reference', 'seq', 'status']);
    assert.equal(ack.body.seq, 2);
    assert.equal(ack.body.status, 'new');
    const twice = expectStatus(await api.action(t.coordinator, id, 'acknowledge', {}), 409);
    assert.equal(twice.body.error.code, 'invalid_transition');
    assert.match(twice.body.error.message, /al bevestigd/);

    const noHandler = expectStatus(await api.action(t.coordinator, id, 'assign', {}), 422);
    assert.equal(noHandler.body.error.code, 'validation_failed');
    assert.deepEqual(fieldsOf(noHandler), ['handlerUserId']);
    const strangerHandler = expectStatus(await api.action(t.coordinator, id, 'assign', { handlerUserId: b.handler.user.id }), 422);
    assert.deepEqual(fieldsOf(strangerHandler), ['handlerUserId']);
    assert.equal(expectStatus(await api.action(t.coordinator, id, 'fly-to-the-moon', {}), 404).body.error.code, 'not_found');
    expectStatus(await api.action(t.coordinator, '00000000-0000-4000-8000-000000000000', 'acknowledge', {}), 404);
    expectStatus(await api.action(t.coordinator, 'not-a-uuid', 'acknowledge', {}), 404);
    expectStatus(await api.request('POST', `/api/v1/complaints/${id}/actions/add-note`, { token: t.coordinator, headers: { 'content-type': 'text/plain' } }), 415);

    // The unassigned handler sees nothing and can do nothing: 404, no leak.
    expectStatus(await api.get(`/api/v1/complaints/${id}`, t.handler), 404);
    expectStatus(await api.action(t.handler, id, 'add-note', { text: 'Ik kijk even mee.' }), 404);
    // Another organisation: 404 for reading and acting.
    expectStatus(await api.get(`/api/v1/complaints/${id}`, t.coordinatorB), 404);
    expectStatus(await api.action(t.coordinatorB, id, 'add-note', { text: 'Inbraak.' }), 404);

    expectStatus(await api.action(t.coordinator, id, 'assign', { handlerUserId: a.handler.user.id }), 200);
    const seen = expectStatus(await api.get(`/api/v1/complaints/${id}`, t.handler), 200);
    assert.equal(seen.body.handler.id, a.handler.user.id);
    expectStatus(await api.get(`/api/v1/complaints/${id}`, t.otherHandler), 404);
    expectStatus(await api.action(t.otherHandler, id, 'add-note', { text: 'Niet mijn klacht.' }), 404);

    // Intake registered it, so it may see it, but not decide it.
    const intakeDecides = expectStatus(
      await api.action(t.intake, id, 'decide', { outcome: 'not_upheld', reasoning: 'Geen bewijs gevonden voor de klacht.', externalBodyNamed: true }),
      403,
    );
    assert.equal(intakeDecides.body.error.code, 'not_permitted');
    // The board reads reports, not dossiers.
    expectStatus(await api.get(`/api/v1/complaints/${id}`, t.board), 404);
    const history = expectStatus(await api.get(`/api/v1/complaints/${id}`, t.coordinator), 200).body.history;
    assert.deepEqual(history.map((h: { type: string }) => h.type), ['registered', 'acknowledge', 'assign'], 'refused actions add nothing');
  });

  it('takes public complaints without a token (201, no internal id), double submits once, unknown organisations 404', async () => {
    const before = await count(a.org.id);
    const body = { channel: 'web_form', description: 'Ik kreeg geen antwoord op mijn brief van vorige maand.', complainant: { relation: 'client', name: 'Els de Boer', postalAddress: 'Kerkstraat 2, 1234 AB Ergens' }, signed: true };
    const res = expectStatus(await api.post(`/api/v1/public/${a.org.slug}/complaints`, undefined, body, { 'idempotency-key': 'public-key-0001' }), 201);
    assert.deepEqual(Object.keys(res.body).sort(), ['complainantPageUrl', 'deadlines', 'kind', 'receivedOn', 'reference', 'status']);
    assert.equal(res.body.status, 'new');
    assert.ok(res.body.deadlines.decision);
    expectStatus(await api.post(`/api/v1/public/${a.org.slug}/complaints`, undefined, body, { 'idempotency-key': 'public-key-0001' }), 200);
    const unsigned = expectStatus(await api.post(`/api/v1/public/${a.org.slug}/complaints`, undefined, { ...body, signed: false }), 422);
    assert.deepEqual(fieldsOf(unsigned), ['signed']);
    const notAComplaint = expectStatus(await api.post(`/api/v1/public/${a.org.slug}/complaints`, undefined, { ...body, kind: 'not_a_complaint' }), 422);
    assert.deepEqual(fieldsOf(notAComplaint), ['kind']);
    expectStatus(await api.post('/api/v1/public/bestaat-niet/complaints', undefined, body), 404);
    expectStatus(await api.post('/api/v1/public/%E2%98%83/complaints', undefined, body), 404);
    assert.equal(await count(a.org.id), before + 1);
  });

  it('rate-limits the public endpoint per address (429 with Retry-After), as configured', async () => {
    await awayFromMinuteEdge(); // fixed windows aligned to the minute (issue 11)
    const limited = await ApiClient.create(ctx.database, { KLACHTWIJS_PUBLIC_RATE_LIMIT: '3' });
    const statuses = [];
    for (let i = 0; i < 5; i++) statuses.push((await limited.post(`/api/v1/public/${a.org.slug}/complaints`, undefined, {})).status);
    assert.deepEqual(statuses, [422, 422, 422, 429, 429]);
    const res = await limited.post(`/api/v1/public/${a.org.slug}/complaints`, undefined, {});
    assert.equal(res.body.error.code, 'rate_limited');
    assert.ok(Number(res.headers.get('retry-after')) > 0);
    // The staff API is not limited by it.
    expectStatus(await limited.get('/api/v1/complaints?limit=1', t.coordinator), 200);
  });

  it('keeps the history append-only in the database itself: UPDATE on complaint_events is refused', async () => {
    const c = expectStatus(await api.post('/api/v1/complaints', t.coordinator, letter()), 201);
    expectStatus(await api.action(t.coordinator, c.body.id, 'add-note', { text: 'Eerste notitie.' }), 200);
    const before = expectStatus(await api.get(`/api/v1/complaints/${c.body.id}`, t.coordinator), 200).body.history;
    await assert.rejects(sql`update complaint_events set data = '{"text":"herschreven"}'::jsonb where complaint_id = ${c.body.id}`.execute(ctx.database.db), /append-only/);
    await assert.rejects(ctx.database.db.updateTable('complaint_events').set({ type: 'decide' }).where('complaint_id', '=', c.body.id).where('seq', '=', 1).execute(), /append-only/);
    const after = expectStatus(await api.get(`/api/v1/complaints/${c.body.id}`, t.coordinator), 200).body.history;
    assert.deepEqual(after, before);
  });

  it('documents every endpoint and action in /api/openapi.json, request bodies from the zod schemas', async () => {
    const doc = expectStatus(await api.request('GET', '/api/openapi.json'), 200).body;
    for (const path of ['/api/v1/complaints', '/api/v1/complaints/{id}', '/api/v1/public/{orgSlug}/complaints']) assert.ok(doc.paths[path], path);
    assert.ok(doc.paths['/api/v1/complaints'].get.parameters.some((p: { name: string }) => p.name === 'q'));
    const intake = doc.paths['/api/v1/complaints'].post.requestBody.content['application/json'].schema;
    assert.deepEqual(intake.required.sort(), ['channel', 'description']);
    assert.ok(intake.properties.classification.properties.values);
    for (const action of ACTION_NAMES) {
      const op = doc.paths[`/api/v1/complaints/{id}/actions/${action}`]?.post;
      assert.ok(op, action);
      assert.equal(op.requestBody.content['application/json'].schema.type, 'object', action);
      assert.ok(op.responses['409'] && op.responses['422'], action);
    }
    // The reasoning is required per regulation (a reasoned decision, or 003's "hoe opgelost"), so not in the schema itself.
    const decide = doc.paths['/api/v1/complaints/{id}/actions/decide'].post.requestBody.content['application/json'].schema;
    assert.deepEqual(decide.required, ['outcome']);
    assert.match(decide.properties.reasoning.description, /Required where the regulation asks for a reasoned decision/);
    assert.deepEqual(doc.paths['/api/v1/public/{orgSlug}/complaints'].post.security, []);
    assert.ok(!(doc.paths['/api/v1/public/{orgSlug}/complaints'].post.requestBody.content['application/json'].schema.required ?? []).includes('channel'));
    // Every $ref resolves.
    const refs = JSON.stringify(doc).match(/"\$ref":"[^"]+"/g) ?? [];
    for (const ref of new Set(refs)) {
      const target = ref.slice(8, -1).replace(/^#\//, '').split('/').reduce<unknown>((o, k) => (o as Record<string, unknown> | undefined)?.[k], doc);
      assert.ok(target, ref);
    }
  });
  // Last: it gives organisation b a second unit.
  it('public door: the channel is the web form, the unit may be named by its short name, no unit among several goes to triage', async () => {
    const db = ctx.database.db;
    const body = { description: 'Mijn afspraak werd twee keer verzet zonder bericht.', complainant: { relation: 'client', name: 'Piet Publiek', email: 'piet@example.nl', postalAddress: 'Laan 3, 1234 AB Stad' }, signed: true };
    const one = expectStatus(await api.post(`/api/v1/public/${b.org.slug}/complaints`, undefined, body), 201);
    const second = await db.transaction().execute((tx) => createUnit(tx, b.org.id, { name: 'Team Oost', slug: 'team-oost', kind: 'team', parentId: b.unit.id }, null));
    // Another channel is refused, not silently replaced (issue 11: the public door has its own schema).
    assert.deepEqual(fieldsOf(expectStatus(await api.post(`/api/v1/public/${b.org.slug}/complaints`, undefined, { ...body, channel: 'letter' }), 422)), ['channel']);
    const triage = expectStatus(await api.post(`/api/v1/public/${b.org.slug}/complaints`, undefined, { ...body, channel: 'web_form' }), 201);
    const named = expectStatus(await api.post(`/api/v1/public/${b.org.slug}/complaints`, undefined, { ...body, unit: 'team-oost' }), 201);
    const wrong = expectStatus(await api.post(`/api/v1/public/${b.org.slug}/complaints`, undefined, { ...body, unit: 'bestaat-niet' }), 422);
    assert.deepEqual(fieldsOf(wrong), ['unit']);
    const row = (reference: string) => db.selectFrom('complaints').select(['unit_id', 'unit_unknown', 'channel']).where('organisation_id', '=', b.org.id).where('reference', '=', reference).executeTakeFirstOrThrow();
    assert.deepEqual(await row(one.body.reference), { unit_id: b.unit.id, unit_unknown: false, channel: 'web_form' });
    assert.deepEqual(await row(triage.body.reference), { unit_id: b.unit.id, unit_unknown: true, channel: 'web_form' });
    assert.deepEqual(await row(named.body.reference), { unit_id: second.id, unit_unknown: false, channel: 'web_form' });
  });
});
