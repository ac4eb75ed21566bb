import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { before, it } from 'node:test';
import type { Kysely } from 'kysely';
import { loadConfig } from '../../src/config.ts';
import type { CliContext } from '../../src/cli/context.ts';
import { runProgram } from '../../src/cli/program.ts';
import type { DB } from '../../src/db/types.ts';
import { AppError } from '../../src/shared/errors.ts';
import type { Actor } from '../../src/usecases/actor.ts';
import { performAction } from '../../src/usecases/complaints/perform-action.ts';
import { registerComplaint } from '../../src/usecases/complaints/register-complaint.ts';
import { exportPersonalData } from '../../src/usecases/privacy/export.ts';
import { privacyExportPdf } from '../../src/usecases/privacy/export-pdf.ts';
import { findPerson, normaliseName, parsePersonQuery } from '../../src/usecases/privacy/find-person.ts';
import { processingRecord } from '../../src/usecases/privacy/processing-record.ts';
import { dueDossiers } from '../../src/usecases/retention/retention.ts';
import { dayZero } from '../../src/domain/deadlines/index.ts';
import { decidePrivacyRequest, erasureGrantedDossiers, extendPrivacyRequest, privacyRequest, recordPrivacyRequest } from '../../src/usecases/privacy/requests.ts';
import { activeHolds } from '../../src/usecases/retention/holds.ts';
import { storeRetentionSettings } from '../../src/usecases/retention/settings.ts';
import { createUnit } from '../../src/usecases/units/units.ts';
import { ApiClient, LENTL_FILLS } from '../support/api.ts';
import { forEachDatabase } from '../support/databases.ts';
import { actorOf, makeOrganisationWithRegulation, makeToken, makeUser } from '../support/factories.ts';
import { PageClient, testApp } from '../support/http.ts';
import { pdfText } from '../support/pdf.ts';

/**
 * The complainant's AVG rights (issue 11, ADR 0020): a person with three dossiers in two units (two found by
 * e-mail, one only by phone) is found whole, and nothing of another person or another organisation comes along;
 * the export is audited without the address; a request places `avg_request` holds and answering lifts them;
 * erasure is weighed against the duty to keep and recorded either way; the CLI and the pages do the same.
 */
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

forEachDatabase('privacy: the complainant’s AVG rights', (ctx) => {
  let db: Kysely<DB>;
  let org: Awaited<ReturnType<typeof makeOrganisationWithRegulation>>;
  let other: Awaited<ReturnType<typeof makeOrganisationWithRegulation>>;
  let coordinator: Actor;
  let unitCoordinator: Actor;
  let handler: Actor;
  const zoe: { id: string; reference: string }[] = [];
  let piet: { id: string; reference: string };
  let otherOrgZoe: { id: string; reference: string };

  const register = (actor: Actor, organisationId: string, unitId: string, complainant: Record<string, string>, description: string) =>
    registerComplaint(db, {
      organisationId,
      actor,
      door: 'staff',
      input: { unitId, channel: 'letter', description, complainant: { relation: 'client', postalAddress: 'Dorpsstraat 1, 1234 AB Ergens', ...complainant }, signed: true, documentDate: '2026-11-02', respondentName: 'P. Pietersen' },
    });

  before(async () => {
    db = ctx.database.db;
    org = await makeOrganisationWithRegulation(db, 'stadsring51');
    other = await makeOrganisationWithRegulation(db, 'stadsring51');
    coordinator = await actorOf(db, org.coordinator);
    handler = await actorOf(db, org.handler);
    const noord = await db.transaction().execute((t) => createUnit(t, org.org.id, { name: 'Wijkteam Noord', kind: 'afdeling' }, null));
    unitCoordinator = await actorOf(db, await makeUser(db, org.org.id, 'coordinator', { unitId: noord.id }));
    zoe.push(await register(coordinator, org.org.id, org.unit.id, { name: 'Zoë de Vries', email: ' ZOE@Example.nl ' }, 'Eerste klacht van Zoë over de wachttijd.'));
    zoe.push(await register(coordinator, org.org.id, noord.id, { name: 'Zoë de Vries', email: 'zoe@example.nl' }, 'Tweede klacht van Zoë over een andere afdeling.'));
    zoe.push(await register(coordinator, org.org.id, org.unit.id, { name: 'Z. Vries', phone: '+31 6 1234 5678' }, 'Telefonische klacht, alleen het nummer bekend.'));
    piet = await register(coordinator, org.org.id, org.unit.id, { name: 'Piet Pietersen', email: 'piet@example.nl', phone: '06 99999999' }, 'Klacht van iemand anders.');
    otherOrgZoe = await register(await actorOf(db, other.coordinator), other.org.id, other.unit.id, { name: 'Zoë de Vries', email: 'zoe@example.nl', phone: '0612345678' }, 'Zelfde persoon, andere organisatie.');
    // A mail from the address in the triage, not joined to a dossier.
    await db
      .insertInto('inbound_messages')
      .values({ organisation_id: org.org.id, message_id: `<m-${org.org.id}@test>`, sent_at: new Date(), from_address: 'Zoe@example.nl', from_name: 'Zoë', subject: 'Nog een vraag', text: 'Losse mail van Zoë.', raw: new Uint8Array(Buffer.from('x')), status: 'triage' })
      .execute();
  });

  it('finds every dossier of the person, in every unit, by e-mail, phone and name; nothing of anyone else', async () => {
    const byEmailAndPhone = await findPerson(db, org.org.id, parsePersonQuery({ email: 'zoe@example.nl', phone: '06-12345678' }));
    assert.deepEqual(byEmailAndPhone.dossiers.map((d) => d.reference).sort(), zoe.map((z) => z.reference).sort());
    assert.deepEqual(byEmailAndPhone.dossiers.find((d) => d.id === zoe[2]!.id)?.matchedBy, ['phone']);
    assert.equal(byEmailAndPhone.unjoinedMailIds.length, 1);
    const byEmail = await findPerson(db, org.org.id, parsePersonQuery({ email: 'Zoe@Example.NL' }));
    assert.deepEqual(byEmail.dossiers.map((d) => d.id).sort(), [zoe[0]!.id, zoe[1]!.id].sort());
    const byName = await findPerson(db, org.org.id, parsePersonQuery({ name: '  zoe   DE vries ' }));
    assert.deepEqual(byName.dossiers.map((d) => d.id).sort(), [zoe[0]!.id, zoe[1]!.id].sort(), 'accents, case and spaces do not matter');
    assert.equal(normaliseName('Zoë  Dé Vriës'), 'zoe de vries');
    const byPhone = await findPerson(db, org.org.id, parsePersonQuery({ phone: '0031612345678' }));
    assert.deepEqual(byPhone.dossiers.map((d) => d.id), [zoe[2]!.id], '+31 / 0031 / 0 are the same number');
    await rejects(Promise.resolve().then(() => parsePersonQuery({})), 'validation_failed', 'email');
  });

  it('exports everything about the person as JSON and PDF, audited without the address; only organisation-wide coordinators may', async () => {
    const data = await exportPersonalData(db, { organisationId: org.org.id, actor: coordinator, query: { email: 'zoe@example.nl', phone: '06 12345678' }, via: 'page' });
    assert.deepEqual(data.dossiers.map((d) => d.reference).sort(), zoe.map((z) => z.reference).sort());
    const json = JSON.stringify(data);
    assert.doesNotMatch(json, /Piet Pietersen|piet@example\.nl|Klacht van iemand anders/);
    assert.ok(!json.includes(otherOrgZoe.reference) || zoe.some((z) => z.reference === otherOrgZoe.reference), 'no dossier of another organisation');
    assert.doesNotMatch(json, /andere organisatie/);
    assert.ok(data.dossiers.every((d) => d.history.some((e) => e.type === 'registered')), 'the history is in the export');
    assert.equal(data.mailsNotJoined.length, 1);
    assert.ok(data.processing.regulations.length > 0 && data.processing.retention.length > 0);

    const lines = await db.selectFrom('audit_log').select(['action', 'actor_user_id', 'details', 'subject_id']).where('organisation_id', '=', org.org.id).where('action', 'in', ['privacy.exported', 'complaint.exported_for_access']).execute();
    const main = lines.find((l) => l.action === 'privacy.exported');
    assert.ok(main);
    assert.equal(main.actor_user_id, coordinator.userId);
    assert.deepEqual([...(main.details['complaintIds'] as string[])].sort(), zoe.map((z) => z.id).sort());
    assert.match(String(main.details['subject']), /^[\w-]{32}$/);
    assert.doesNotMatch(JSON.stringify(lines), /zoe@example|612345678|Zoë/i, 'the audit log holds no address, number or name');
    assert.equal(lines.filter((l) => l.action === 'complaint.exported_for_access').length, 3);

    const text = pdfText(await privacyExportPdf(data));
    for (const z of zoe) assert.ok(text.includes(z.reference), `the PDF names ${z.reference}`);
    assert.match(text, /Inzage in uw persoonsgegevens/);
    assert.doesNotMatch(text, /Piet Pietersen/);

    await rejects(exportPersonalData(db, { organisationId: org.org.id, actor: unitCoordinator, query: { email: 'zoe@example.nl' }, via: 'page' }), 'not_permitted');
    await rejects(exportPersonalData(db, { organisationId: org.org.id, actor: handler, query: { email: 'zoe@example.nl' }, via: 'page' }), 'not_permitted');
  });

  it('writes the export from the command line (PDF and JSON) and names only the references', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'klachtwijs-privacy-'));
    const out = { stdout: '', stderr: '' };
    const cli: CliContext = {
      io: { stdout: (s) => void (out.stdout += s), stderr: (s) => void (out.stderr += s) },
      cwd: dir,
      config: () => loadConfig({ KLACHTWIJS_DEMO: 'false' }),
      withDatabase: (fn) => fn(ctx.database),
      server: null,
      exitCode: 0,
    };
    const code = await runProgram(['privacy', 'export', '--org', org.org.slug, '--email', 'zoe@example.nl', '--phone', '+31612345678', '--out', 'zoe'], cli);
    assert.equal(code, 0, out.stderr);
    const data = JSON.parse(readFileSync(join(dir, 'zoe.json'), 'utf8')) as { dossiers: { reference: string }[] };
    assert.deepEqual(data.dossiers.map((d) => d.reference).sort(), zoe.map((z) => z.reference).sort());
    assert.ok(pdfText(readFileSync(join(dir, 'zoe.pdf'))).includes(zoe[2]!.reference));
    for (const z of zoe) assert.ok(out.stdout.includes(z.reference));
    assert.doesNotMatch(out.stdout + out.stderr, /zoe@example|Zoë/i);
    const cliAudit = await db.selectFrom('audit_log').select(['actor_user_id', 'details']).where('organisation_id', '=', org.org.id).where('action', '=', 'privacy.exported').orderBy('id', 'desc').executeTakeFirstOrThrow();
    assert.equal(cliAudit.actor_user_id, null);
    assert.equal(cliAudit.details['via'], 'cli');
    assert.equal(await runProgram(['privacy', 'export', '--org', org.org.slug, '--email', 'zoe@example.nl', '--out', 'zoe'], cli), 1, 'an existing file is not overwritten');
  });

  it('places an avg_request hold while a request runs; erasure is weighed per dossier and recorded either way; answering lifts the holds', async () => {
    // Close the phone dossier: withdrawn.
    await performAction(db, coordinator, zoe[2]!.id, 'withdraw', { reason: 'Klager trekt in.' });
    const { id } = await db.transaction().execute((tx) =>
      recordPrivacyRequest(tx, coordinator, org.org.id, { kind: 'erasure', receivedOn: '2026-11-25', requesterName: 'Zoë de Vries', requesterEmail: 'zoe@example.nl', complaintIds: zoe.map((z) => z.id) }, new Date('2026-11-26T10:00:00Z')),
    );
    const holds = await activeHolds(db, org.org.id, zoe.map((z) => z.id));
    for (const z of zoe) assert.equal(holds.get(z.id)?.[0]?.kind, 'avg_request', 'nothing is destroyed while the request runs');
    const { request, weighing } = await privacyRequest(db, coordinator, org.org.id, id);
    assert.equal(request.due_on, '2026-12-25', 'one month after receipt (AVG art. 12(3))');
    const open = weighing.find((w) => w.complaintId === zoe[0]!.id)!;
    assert.match(open.keepGround ?? '', /art\. 17 lid 3 onder b/);

    // A running complaint cannot be erased; a choice is needed for every dossier.
    await rejects(db.transaction().execute((tx) => decidePrivacyRequest(tx, coordinator, org.org.id, id, { outcomes: { [zoe[0]!.id]: 'erase' } })), 'validation_failed', `outcome-${zoe[0]!.id}`);
    const closed = weighing.find((w) => !w.running);
    assert.equal(closed?.complaintId, zoe[2]!.id, 'the withdrawn dossier is closed; the other two still run');
    const outcomes = Object.fromEntries(zoe.map((z) => [z.id, z.id === zoe[2]!.id ? 'erase' : 'keep']));
    await rejects(db.transaction().execute((tx) => decidePrivacyRequest(tx, coordinator, org.org.id, id, { outcomes })), 'validation_failed', 'reason');
    const decided = await db.transaction().execute((tx) => decidePrivacyRequest(tx, coordinator, org.org.id, id, { outcomes, reason: 'Twee klachten lopen nog.' }));
    assert.equal(decided.status, 'partly_granted');
    for (const z of zoe) assert.ok(decided.letter.includes(z.reference), 'the letter names every dossier');
    const after = await activeHolds(db, org.org.id, zoe.map((z) => z.id));
    assert.equal([...after.values()].flat().filter((h) => h.kind === 'avg_request').length, 0, 'answering lifts the holds');
    assert.deepEqual(await erasureGrantedDossiers(db, org.org.id), [{ complaintId: zoe[2]!.id, requestId: id }]);
    // The granted erasure makes that dossier due for destruction (AVG art. 17); the kept ones are not due.
    const due = await dueDossiers(db, org.org.id, dayZero(new Date()));
    const erased = due.find((d) => d.complaintId === zoe[2]!.id);
    assert.ok(erased && /AVG artikel 17/.test(erased.basis), `a granted erasure is due for destruction: ${JSON.stringify(due)}`);
    assert.ok(!due.some((d) => d.complaintId === zoe[0]!.id || d.complaintId === zoe[1]!.id), 'the kept dossiers are not due');
    const audit = await db.selectFrom('audit_log').select(['action', 'details']).where('organisation_id', '=', org.org.id).where('subject_id', '=', id).execute();
    assert.deepEqual(audit.map((a) => a.action).sort(), ['privacy.request_decided', 'privacy.request_recorded']);
    await rejects(db.transaction().execute((tx) => decidePrivacyRequest(tx, coordinator, org.org.id, id, { status: 'granted' })), 'invalid_transition');
  });

  it('extends the answer term once by two months, only within the first month (AVG art. 12(3))', async () => {
    const { id } = await db.transaction().execute((tx) => recordPrivacyRequest(tx, coordinator, org.org.id, { kind: 'access', receivedOn: '2026-10-01', requesterEmail: 'zoe@example.nl' }, new Date('2026-10-02T10:00:00Z')));
    await rejects(db.transaction().execute((tx) => extendPrivacyRequest(tx, coordinator, org.org.id, id, { reason: 'Veel dossiers.' }, new Date('2026-11-05T10:00:00Z'))), 'validation_failed', 'reason');
    const r = await db.transaction().execute((tx) => extendPrivacyRequest(tx, coordinator, org.org.id, id, { reason: 'Veel dossiers.' }, new Date('2026-10-20T10:00:00Z')));
    assert.equal(r.extendedTo, '2027-01-01');
    await rejects(db.transaction().execute((tx) => extendPrivacyRequest(tx, coordinator, org.org.id, id, { reason: 'Nog meer.' }, new Date('2026-10-21T10:00:00Z'))), 'invalid_transition');
  });

  it('generates the record of processing from the configuration', async () => {
    const r = await processingRecord(db, org.org.id, { smtpConfigured: true });
    assert.equal(r.controller, org.org.name);
    assert.ok(r.regulations.length === 1 && r.regulations[0]!.title);
    assert.ok(r.recipients.some((x) => /mailserver/.test(x)));
    assert.ok(r.retention[0]!.text.length > 10);
    assert.ok(r.dataSubjects.includes('Klagers'));
    // A care organisation (004: the dossier beside the client file, kept as long as the client file): health data.
    const lentl = await makeOrganisationWithRegulation(db, 'lentl', LENTL_FILLS);
    const care = await processingRecord(db, lentl.org.id, { smtpConfigured: false });
    assert.match(care.specialCategories.join(' '), /Gezondheidsgegevens .*art\. 9/);
    assert.match(care.retention[0]!.text, /cliëntdossier/);
    assert.ok(!care.recipients.some((x) => /mailserver/.test(x)), 'no mail server named when none is configured');
  });

  it('promises destruction in the record only where dossiers are made due: not when the organisation keeps them without end', async () => {
    // 002 (stadsring51) names no retention period: the organisation's own setting decides (ADR 0019).
    const own = await makeOrganisationWithRegulation(db, 'stadsring51');
    const before = await processingRecord(db, own.org.id, { smtpConfigured: false });
    assert.match(before.security.join(' '), /na de bewaartermijn vernietigd/);
    await storeRetentionSettings(db, own.org.id, null, { defaultPeriod: 'forever', briefRecordPeriod: { amount: 12, unit: 'months' }, autoDestroy: false });
    const after = await processingRecord(db, own.org.id, { smtpConfigured: false });
    assert.doesNotMatch(after.security.join(' '), /na de bewaartermijn vernietigd/);
    assert.match(after.security.join(' '), /zonder einddatum .*eigen instelling/);
  });

  it('serves /privacy, the export download and the register to an organisation-wide coordinator only', async () => {
    const app = await testApp(ctx.database);
    const page = new PageClient(app);
    await page.logIn(org.coordinator.email, org.coordinator.password);
    const start = await page.get('/privacy');
    assert.equal(start.res.status, 200);
    const res = await page.postForm('/privacy', { _csrf: start.csrf, email: 'zoe@example.nl', phone: '06 12345678' });
    const html = await res.text();
    assert.equal(res.status, 200);
    for (const z of zoe) assert.ok(html.includes(z.reference));
    assert.ok(!html.includes(piet.reference));
    const bad = await page.postForm('/privacy', { _csrf: start.csrf, phone: '12' });
    assert.equal(bad.status, 422);
    assert.match(await bad.text(), /minstens 6 cijfers/);
    const searched = await ctx.database.db.selectFrom('audit_log').select(['details']).where('organisation_id', '=', org.org.id).where('action', '=', 'privacy.searched').execute();
    assert.equal(searched.length, 1, 'the search is audited');
    assert.doesNotMatch(JSON.stringify(searched), /zoe@example/);
    const json = await page.postForm('/privacy/export', { _csrf: start.csrf, email: 'zoe@example.nl', phone: '06 12345678', format: 'json' });
    assert.equal(json.status, 200);
    assert.match(json.headers.get('content-disposition') ?? '', /attachment/);
    assert.match(json.headers.get('cache-control') ?? '', /no-store/);
    assert.equal(((await json.json()) as { dossiers: unknown[] }).dossiers.length, 3);
    const noCsrf = await page.postForm('/privacy/export', { email: 'zoe@example.nl', format: 'json' });
    assert.equal(noCsrf.status, 403);
    const made = await page.postForm('/privacy/verzoeken', { _csrf: start.csrf, kind: 'correction', receivedOn: '2026-11-30', requesterEmail: 'zoe@example.nl', complaintIds: zoe[0]!.id });
    assert.equal(made.status, 303);
    const detail = await page.get(made.headers.get('location')!);
    assert.match(detail.html, /Gegevens corrigeren in dit dossier/);
    const reg = await page.get('/privacy/verwerkingsregister');
    assert.equal(reg.res.status, 200);
    assert.ok(reg.html.includes(org.org.name));

    const handlerPage = new PageClient(app);
    await handlerPage.logIn(org.handler.email, org.handler.password);
    assert.equal((await handlerPage.get('/privacy')).res.status, 403);
    assert.equal((await handlerPage.get('/privacy/verwerkingsregister')).res.status, 403);
  });

  it('answers the export on the API for a coordinator token, refuses a handler, and documents it', async () => {
    const api = await ApiClient.create(ctx.database);
    const token = await makeToken(db, org.org.id, org.coordinator.user.id);
    const res = await api.post('/api/v1/privacy/export', token, { email: 'ZOE@example.nl', phone: '0612345678' });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.deepEqual((res.body.dossiers as { reference: string }[]).map((d) => d.reference).sort(), zoe.map((z) => z.reference).sort());
    const refused = await api.post('/api/v1/privacy/export', await makeToken(db, org.org.id, org.handler.user.id), { email: 'zoe@example.nl' });
    assert.equal(refused.status, 403);
    assert.equal(refused.body.error.code, 'not_permitted');
    const empty = await api.post('/api/v1/privacy/export', token, {});
    assert.equal(empty.status, 422);
    const doc = await api.request('GET', '/api/openapi.json');
    assert.ok(doc.body.paths['/api/v1/privacy/export']);
  });

  // Last: it adds a fourth dossier of the person.
  it('asked by e-mail only, also holds the dossier that carries only a phone number the person gave in another dossier (one step, marked)', async () => {
    const before = await findPerson(db, org.org.id, parsePersonQuery({ email: 'zoe@example.nl' }));
    assert.ok(!before.dossiers.some((d) => d.id === zoe[2]!.id), 'no dossier of the person carries both yet');
    const both = await register(coordinator, org.org.id, org.unit.id, { name: 'Zoë de Vries', email: 'zoe@example.nl', phone: '06 12345678' }, 'Vierde klacht, met e-mail en telefoon.');
    const found = await findPerson(db, org.org.id, parsePersonQuery({ email: 'zoe@example.nl' }));
    assert.deepEqual(found.dossiers.map((d) => d.id).sort(), [...zoe.map((z) => z.id), both.id].sort());
    assert.deepEqual(found.dossiers.find((d) => d.id === zoe[2]!.id)?.matchedBy, ['linked']);
    assert.ok(!found.dossiers.some((d) => d.id === piet.id), 'the same postal code with another name is another person');
    const cli = await exportPersonalData(db, { organisationId: org.org.id, actor: null, query: { email: 'zoe@example.nl' }, via: 'cli' });
    assert.equal(cli.dossiers.length, 4);
  });
});
