import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { AppError } from '../../src/shared/errors.ts';
import { NOT_VISIBLE } from '../../src/usecases/complaints/access.ts';
import { assignMany } from '../../src/usecases/complaints/bulk-assign.ts';
import { getComplaint } from '../../src/usecases/complaints/get-complaint.ts';
import { listComplaints } from '../../src/usecases/complaints/list-complaints.ts';
import { performAction } from '../../src/usecases/complaints/perform-action.ts';
import { refoldComplaints } from '../../src/usecases/complaints/refold.ts';
import { registerComplaint } from '../../src/usecases/complaints/register-complaint.ts';
import { createUnit } from '../../src/usecases/units/units.ts';
import { forEachDatabase } from '../support/databases.ts';
import { ApiClient, expectStatus } from '../support/api.ts';
import { actorOf, makeOrganisationWithRegulation, makeToken, makeUser } from '../support/factories.ts';
import { PageClient, testApp } from '../support/http.ts';

/**
 * Finding and working (issue 8): search by the complainant's name, e-mail, phone and postal code, by the
 * person complained about and by a partial reference, within need-to-know; the unit-tree filter; the intake
 * desk registers for its own units and reads while open; bulk assign with mixed results; corrections as
 * events (cached columns, refold gives the same); the same complainant's other complaints.
 */
forEachDatabase('finding and working', (ctx) => {
  let org: Awaited<ReturnType<typeof makeOrganisationWithRegulation>>;
  const u = {} as Record<'wm' | 'afd' | 'team' | 'other', string>;
  const c = {} as Record<string, { id: string; reference: string }>;
  let coordinator: Awaited<ReturnType<typeof actorOf>>;
  let unitCoordinator: Awaited<ReturnType<typeof actorOf>>;
  let handler: Awaited<ReturnType<typeof actorOf>>;
  let deskIntake: Awaited<ReturnType<typeof actorOf>>;
  let deskLogin: { email: string; password: string };

  const input = (unitId: string, complainant: Record<string, string>, extra: Record<string, unknown> = {}) => ({
    unitId,
    channel: 'web_form',
    subject: 'Afspraak niet nagekomen',
    description: 'De medewerker kwam drie keer niet opdagen bij de afspraak.',
    complainant: { relation: 'client', ...complainant },
    signed: true,
    ...extra,
  });
  const register = async (key: string, unitId: string, complainant: Record<string, string>, extra: Record<string, unknown> = {}) => {
    const r = await registerComplaint(ctx.database.db, { organisationId: org.org.id, actor: null, door: 'public', input: input(unitId, complainant, extra) });
    c[key] = { id: r.id, reference: r.reference };
    return r;
  };
  const ids = async (actor: typeof coordinator, filters: Record<string, unknown>) => (await listComplaints(ctx.database.db, actor, { limit: 200, ...filters })).items.map((i) => i.id).sort();
  const only = (...keys: string[]) => keys.map((k) => c[k]!.id).sort();

  before(async () => {
    const db = ctx.database.db;
    org = await makeOrganisationWithRegulation(db, 'stadsring51');
    const unit = (name: string, kind: 'werkmaatschappij' | 'afdeling' | 'team', parentId: string | null) => db.transaction().execute((tx) => createUnit(tx, org.org.id, { name, kind, parentId }, null));
    u.wm = (await unit('Stadsring Zorg', 'werkmaatschappij', null)).id;
    u.afd = (await unit('Thuiszorg', 'afdeling', u.wm)).id;
    u.team = (await unit('Team Noord', 'team', u.afd)).id;
    u.other = (await unit('Stadsring Wonen', 'werkmaatschappij', null)).id;
    coordinator = await actorOf(db, org.coordinator);
    unitCoordinator = await actorOf(db, await makeUser(db, org.org.id, 'coordinator', { unitId: u.afd }));
    handler = await actorOf(db, org.handler);
    const desk = await makeUser(db, org.org.id, 'intake', { unitId: u.afd });
    deskLogin = desk;
    deskIntake = await actorOf(db, desk);

    await register('fatima', u.team, { name: 'Fatima de Vries', email: 'Fatima.deVries@example.nl', phone: '06-12 34 56 78', postalAddress: 'Kerkstraat 12\n1234 AB Utrecht' }, { respondentName: 'P. Pietersen' });
    await register('jan', u.other, { name: 'Jan Jansen', email: 'jan@example.nl', postalAddress: 'Dorpsstraat 1, 9876 ZX Ergens' });
    // The same complainant again: by e-mail, by phone (+31), by name and postal code; a namesake elsewhere is not her.
    await register('sameEmail', u.afd, { name: 'F. de Vries', email: 'fatima.devries@example.nl', postalAddress: 'Postbus 1, 1000 AA Amsterdam' });
    await register('samePhone', u.team, { name: 'Fatima', phone: '+31 6 1234 5678', postalAddress: 'Kerkstraat 12, 1234 AB Utrecht' });
    await register('sameNamePostal', u.other, { name: 'fatima de vries', postalAddress: 'Kerkstraat 14, 1234ab Utrecht', email: 'andere@example.nl' });
    await register('namesake', u.team, { name: 'Fatima de Vries', postalAddress: 'Laan 3, 5555 XX Elders', email: 'naamgenoot@example.nl' });
  });

  describe('search', () => {
    it('finds by the complainant name, e-mail, phone and postal code, case and spelling aside', async () => {
      assert.deepEqual(await ids(coordinator, { q: 'Fatima de Vries' }), only('fatima', 'namesake', 'sameNamePostal'));
      assert.deepEqual(await ids(coordinator, { q: 'FATIMA.DEVRIES@example' }), only('fatima', 'sameEmail'));
      assert.deepEqual(await ids(coordinator, { q: '0612345678' }), only('fatima', 'samePhone'));
      assert.deepEqual(await ids(coordinator, { q: '+31 6-12345678' }), only('fatima', 'samePhone'));
      assert.deepEqual(await ids(coordinator, { q: '1234ab' }), only('fatima', 'samePhone', 'sameNamePostal'));
      assert.deepEqual(await ids(coordinator, { q: '1234 AB' }), only('fatima', 'samePhone', 'sameNamePostal'));
      assert.deepEqual(await ids(coordinator, { q: '9876 zx' }), only('jan'));
    });

    it('finds by the person complained about and by a partial reference; wildcards are plain characters', async () => {
      assert.deepEqual(await ids(coordinator, { q: 'pietersen' }), only('fatima'));
      const tail = c['jan']!.reference.slice(-4);
      assert.match(tail, /^\d{4}$/);
      assert.deepEqual(await ids(coordinator, { q: tail }), only('jan'));
      assert.deepEqual(await ids(coordinator, { q: c['jan']!.reference }), only('jan'));
      assert.deepEqual(await ids(coordinator, { q: '%' }), []);
      assert.deepEqual(await ids(coordinator, { q: '_' }), []);
    });

    it('respects need-to-know: a handler does not find what is not theirs, a unit coordinator only their units', async () => {
      assert.deepEqual(await ids(handler, { q: 'Fatima' }), []);
      assert.deepEqual(await ids(unitCoordinator, { q: 'Fatima de Vries' }), only('fatima', 'namesake'));
      assert.deepEqual(await ids(unitCoordinator, { q: 'Jansen' }), []);
    });
  });

  it('filters a werkmaatschappij with its afdelingen and teams', async () => {
    assert.deepEqual(await ids(coordinator, { unitId: u.wm }), only('fatima', 'sameEmail', 'samePhone', 'namesake'));
    assert.deepEqual(await ids(coordinator, { unitId: u.afd }), only('fatima', 'sameEmail', 'samePhone', 'namesake'));
    assert.deepEqual(await ids(coordinator, { unitId: u.team }), only('fatima', 'samePhone', 'namesake'));
    assert.deepEqual(await ids(coordinator, { unitId: u.other }), only('jan', 'sameNamePostal'));
  });

  it('the API filters the unit tree by short name and searches with q', async () => {
    const api = await ApiClient.create(ctx.database);
    const token = await makeToken(ctx.database.db, org.org.id, org.coordinator.user.id);
    const slug = (await ctx.database.db.selectFrom('units').select('slug').where('id', '=', u.wm).executeTakeFirstOrThrow()).slug;
    const tree = expectStatus(await api.get(`/api/v1/complaints?unit=${slug}&limit=200`, token), 200);
    assert.deepEqual(tree.body.items.map((i: { id: string }) => i.id).sort(), only('fatima', 'sameEmail', 'samePhone', 'namesake'));
    expectStatus(await api.get('/api/v1/complaints?unit=bestaat-niet', token), 422);
    const found = expectStatus(await api.get(`/api/v1/complaints?q=${encodeURIComponent('fatima de vries')}&unit=${slug}`, token), 200);
    assert.deepEqual(found.body.items.map((i: { id: string }) => i.id).sort(), only('fatima', 'namesake'));
  });

  it('sorts on reference, received date and status, with a stable order', async () => {
    const refs = (await listComplaints(ctx.database.db, coordinator, { sort: 'reference', limit: 200 })).items.map((i) => i.reference);
    assert.deepEqual(refs, [...refs].sort());
    const down = (await listComplaints(ctx.database.db, coordinator, { sort: '-reference', limit: 200 })).items.map((i) => i.reference);
    assert.deepEqual(down, [...refs].reverse());
    const a = await listComplaints(ctx.database.db, coordinator, { sort: 'status', limit: 200 });
    const b = await listComplaints(ctx.database.db, coordinator, { sort: 'status', limit: 200 });
    assert.deepEqual(a.items.map((i) => i.id), b.items.map((i) => i.id));
    await assert.rejects(listComplaints(ctx.database.db, coordinator, { sort: 'name' }), (err: unknown) => err instanceof AppError && err.code === 'validation_failed');
  });

  it('shows the same complainant\'s other complaints, only those the reader may see', async () => {
    const all = await getComplaint(ctx.database.db, coordinator, c['fatima']!.id, { audit: false });
    assert.deepEqual(all.sameComplainant.map((x) => x.id).sort(), only('sameEmail', 'samePhone', 'sameNamePostal'));
    const unitOnly = await getComplaint(ctx.database.db, unitCoordinator, c['fatima']!.id, { audit: false });
    assert.deepEqual(unitOnly.sameComplainant.map((x) => x.id).sort(), only('sameEmail', 'samePhone'));
  });

  describe('intake desk', () => {
    const staffInput = (unitId: string | undefined) => ({
      ...(unitId ? { unitId } : {}),
      channel: 'email',
      receivedOn: '2026-11-30',
      description: 'Telefonisch doorgegeven klacht over de planning van de zorg.',
      complainant: { relation: 'client', name: 'Kees Bakker', email: 'kees@example.nl', postalAddress: 'Plein 1, 2222 BB Stad' },
      signed: true,
      writtenDownAndSigned: true,
      documentDate: '2026-11-29',
    });

    it('registers only for its own units (and the units below them)', async () => {
      const db = ctx.database.db;
      const r = await registerComplaint(db, { organisationId: org.org.id, actor: deskIntake, door: 'staff', input: staffInput(u.team) });
      c['desk'] = { id: r.id, reference: r.reference };
      await assert.rejects(
        registerComplaint(db, { organisationId: org.org.id, actor: deskIntake, door: 'staff', input: staffInput(u.other) }),
        (err: unknown) => err instanceof AppError && err.code === 'validation_failed' && err.fields.some((f) => f.field === 'unitId' && f.message.includes('Thuiszorg')),
      );
      await assert.rejects(
        registerComplaint(db, { organisationId: org.org.id, actor: deskIntake, door: 'staff', input: staffInput(undefined) }),
        (err: unknown) => err instanceof AppError && err.code === 'validation_failed' && err.fields.some((f) => f.field === 'unitId'),
      );
    });

    it('the registration form offers only its own units', async () => {
      const pc = new PageClient(await testApp(ctx.database));
      await pc.logIn(deskLogin.email, deskLogin.password);
      const { html } = await pc.get('/klachten/nieuw');
      const options = [...html.matchAll(/<option value="([^"]+)"[^>]*>([^<]*)<\/option>/g)].map((m) => m[1]);
      assert.ok(options.includes(u.afd) && options.includes(u.team), 'its afdeling and the team below it');
      assert.ok(!options.includes(u.other) && !options.includes(u.wm), 'no other units');
    });

    it('reads what it registered while it is open, not after', async () => {
      const db = ctx.database.db;
      assert.deepEqual(await ids(deskIntake, {}), only('desk'));
      await performAction(db, coordinator, c['desk']!.id, 'withdraw', { reason: 'De klager trekt de klacht in.' });
      assert.deepEqual(await ids(deskIntake, {}), []);
      await assert.rejects(getComplaint(db, deskIntake, c['desk']!.id), (err: unknown) => err instanceof AppError && err.code === 'not_found');
    });
  });

  it('assigns in bulk: each row the normal assign action, refusals reported per row', async () => {
    const db = ctx.database.db;
    const suggestion = await registerComplaint(db, { organisationId: org.org.id, actor: null, door: 'public', input: input(u.afd, { name: 'Piet', email: 'piet@example.nl', postalAddress: 'Weg 2, 3333 CC Dorp' }, { kind: 'suggestion' }) });
    const results = await assignMany(db, unitCoordinator, [c['fatima']!.id, c['jan']!.id, suggestion.id, 'geen-id'], org.handler.user.id);
    const byId = new Map(results.map((r) => [r.id, r]));
    assert.equal(byId.get(c['fatima']!.id)?.ok, true);
    assert.equal(byId.get(c['jan']!.id)?.ok, false);
    assert.equal(byId.get(c['jan']!.id)?.reference, null, 'a complaint the coordinator may not see is not named');
    assert.equal(byId.get(c['jan']!.id)?.message, NOT_VISIBLE);
    assert.equal(byId.get(suggestion.id)?.ok, false);
    assert.equal(byId.get(suggestion.id)?.reference, suggestion.reference);
    assert.match(byId.get(suggestion.id)?.message ?? '', /Suggestie/);
    assert.equal(byId.get('geen-id')?.ok, false);
    const dossier = await getComplaint(db, handler, c['fatima']!.id, { audit: false });
    assert.equal(dossier.history.at(-1)?.type, 'assign');
    await assert.rejects(assignMany(db, unitCoordinator, [], org.handler.user.id), (err: unknown) => err instanceof AppError && err.code === 'validation_failed');
  });

  describe('corrections', () => {
    it('moves the unit, corrects the complainant and links an earlier complaint, as one event with before and after', async () => {
      const db = ctx.database.db;
      await assert.rejects(getComplaint(db, unitCoordinator, c['jan']!.id), (err: unknown) => err instanceof AppError && err.code === 'not_found');
      await performAction(db, coordinator, c['jan']!.id, 'correct-registration', {
        reason: 'Verkeerde eenheid en een typefout in de naam.',
        unitId: u.team,
        // The address as a browser sends a textarea back (CRLF), unchanged otherwise: not a change.
        complainant: { name: 'Johan Jansen', phone: '010 123 4567', postalAddress: 'Dorpsstraat 1, 9876 ZX Ergens\r\n' },
        linkedComplaint: c['fatima']!.reference,
      });
      const row = await db.selectFrom('complaints').select(['unit_id', 'complainant']).where('id', '=', c['jan']!.id).executeTakeFirstOrThrow();
      assert.equal(row.unit_id, u.team);
      assert.equal(row.complainant['name'], 'Johan Jansen');
      assert.equal(row.complainant['phone'], '010 123 4567');
      assert.equal(row.complainant['email'], 'jan@example.nl', 'what was not corrected stays');
      // Need-to-know follows the new unit: the afdeling's coordinator sees it now.
      const dossier = await getComplaint(db, unitCoordinator, c['jan']!.id, { audit: false });
      const event = dossier.history.at(-1)!;
      assert.equal(event.type, 'correct-registration');
      const changes = (event.data as { changes: { field: string; from: string | null; to: string | null }[] }).changes;
      assert.deepEqual(changes.find((x) => x.field === 'unit'), { field: 'unit', from: 'Stadsring Wonen', to: 'Team Noord' });
      assert.deepEqual(changes.find((x) => x.field === 'complainant.name'), { field: 'complainant.name', from: 'Jan Jansen', to: 'Johan Jansen' });
      assert.deepEqual(changes.find((x) => x.field === 'linkedComplaint'), { field: 'linkedComplaint', from: null, to: c['fatima']!.reference });
      assert.equal(changes.find((x) => x.field === 'complainant.postalAddress'), undefined);
      assert.deepEqual(dossier.linkedComplaint, { id: c['fatima']!.id, reference: c['fatima']!.reference });
      assert.equal(dossier.complaint.complainant['name'], 'Johan Jansen');
      // Search finds the corrected name.
      assert.deepEqual(await ids(coordinator, { q: 'Johan' }), only('jan'));
    });

    it('refold gives the same columns, and restores them from the history', async () => {
      const db = ctx.database.db;
      const before = await db.selectFrom('complaints').select(['unit_id', 'complainant', 'kind', 'status']).where('id', '=', c['jan']!.id).executeTakeFirstOrThrow();
      const first = await refoldComplaints(db, { organisationId: org.org.id });
      assert.equal(first.changed, 0, 'the cached columns already agree with the history');
      await db.updateTable('complaints').set({ unit_id: u.other, complainant: JSON.stringify({ name: 'Fout' }) }).where('id', '=', c['jan']!.id).execute();
      const second = await refoldComplaints(db, { organisationId: org.org.id });
      assert.equal(second.changed, 1);
      const after = await db.selectFrom('complaints').select(['unit_id', 'complainant', 'kind', 'status']).where('id', '=', c['jan']!.id).executeTakeFirstOrThrow();
      assert.deepEqual(after, before);
    });

    it('refuses a correction that changes nothing, a bad e-mail address, an unknown earlier complaint; intake only to its own units', async () => {
      const db = ctx.database.db;
      const fieldsOf = (err: unknown) => (err instanceof AppError ? err.fields.map((f) => f.field) : []);
      await assert.rejects(performAction(db, coordinator, c['jan']!.id, 'correct-registration', { reason: 'Niets', unitId: u.team }), (err: unknown) => fieldsOf(err).includes('reason'));
      await assert.rejects(performAction(db, coordinator, c['jan']!.id, 'correct-registration', { reason: 'Mail', complainant: { email: 'geen-adres' } }), (err: unknown) => fieldsOf(err).includes('complainant.email'));
      await assert.rejects(performAction(db, coordinator, c['jan']!.id, 'correct-registration', { reason: 'Koppeling', linkedComplaint: '1999-9999' }), (err: unknown) => fieldsOf(err).includes('linkedComplaint'));
      const r = await registerComplaint(db, {
        organisationId: org.org.id,
        actor: deskIntake,
        door: 'staff',
        input: { unitId: u.afd, channel: 'email', receivedOn: '2026-11-30', description: 'Een klacht over de bereikbaarheid.', complainant: { relation: 'client', name: 'Els', email: 'els@example.nl', postalAddress: 'Markt 5, 5555 EE Stad' }, signed: true, writtenDownAndSigned: true, documentDate: '2026-11-29' },
      });
      await assert.rejects(performAction(db, deskIntake, r.id, 'correct-registration', { reason: 'Andere eenheid', unitId: u.other }), (err: unknown) => fieldsOf(err).includes('unitId'));
      await performAction(db, deskIntake, r.id, 'correct-registration', { reason: 'Team', unitId: u.team });
    });

    it('sets the unit of a complaint filed with the organisation\'s top unit (triage)', async () => {
      const db = ctx.database.db;
      const r = await registerComplaint(db, { organisationId: org.org.id, actor: null, door: 'public', input: input(org.unit.id, { name: 'Triage', email: 'triage@example.nl', postalAddress: 'Hof 4, 4444 DD Stad' }) });
      await performAction(db, coordinator, r.id, 'correct-registration', { reason: 'De klacht gaat over de thuiszorg.', unitId: u.afd });
      assert.deepEqual(await ids(unitCoordinator, { q: 'Triage' }), [r.id]);
    });

    it('confirms a "Weet ik niet" complaint at the unit it waits at: triage ends, the history says so', async () => {
      const db = ctx.database.db;
      const r = await registerComplaint(db, { organisationId: org.org.id, actor: null, door: 'public', unitUnknown: true, input: input(org.unit.id, { name: 'Onbekend', email: 'onbekend@example.nl', postalAddress: 'Hof 5, 4444 DD Stad' }, { unitId: undefined }) });
      const before = await db.selectFrom('complaints').select(['unit_id', 'unit_unknown']).where('id', '=', r.id).executeTakeFirstOrThrow();
      assert.equal(before.unit_unknown, true);
      await performAction(db, coordinator, r.id, 'correct-registration', { reason: 'De klacht hoort bij deze eenheid.', unitId: before.unit_id });
      const after = await db.selectFrom('complaints').select(['unit_id', 'unit_unknown']).where('id', '=', r.id).executeTakeFirstOrThrow();
      assert.deepEqual(after, { unit_id: before.unit_id, unit_unknown: false });
    });
  });

  it('lists the registrations that are not complaints (kind=other)', async () => {
    const items = (await listComplaints(ctx.database.db, coordinator, { kind: 'other', limit: 200 })).items;
    assert.ok(items.length >= 1);
    assert.ok(items.every((i) => i.kind !== 'complaint'));
  });
});
