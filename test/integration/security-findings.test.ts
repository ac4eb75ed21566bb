import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { crc32, deflateRawSync } from 'node:zlib';
import { before, it } from 'node:test';
import { sql } from 'kysely';
import { pino } from 'pino';
import { openDatabase, type Database } from '../../src/db/database.ts';
import { loadConfig } from '../../src/config.ts';
import { createApp } from '../../src/http/app.tsx';
import { holdUploads } from '../../src/usecases/complaints/pending-uploads.ts';
import { registerComplaint } from '../../src/usecases/complaints/register-complaint.ts';
import { serverSecret } from '../../src/usecases/settings.ts';
import { forEachDatabase } from '../support/databases.ts';
import { actorOf, makeOrganisationWithRegulation, makeToken, makeUser } from '../support/factories.ts';
import { awayFromMinuteEdge, PageClient, STADSRING_FORM_OK, testApp } from '../support/http.ts';

/**
 * The findings of the security review of issue 11 (other than log-in), each held by a test that failed before its fix:
 * the public door's own schema, the sandbox CSP on downloads, zip bombs and the anonymous upload quota, security
 * events, the request log, the append-only audit log, the public rate limit across instances, and the low findings.
 */

const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

/** A zip file whose central directory declares the given sizes (what a zip bomb claims is what yauzl reads). */
function zipOf(entries: { name: string; data: Buffer; uncompressedSize?: number; crc?: number }[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.from(e.name);
    const compressed = deflateRawSync(e.data);
    const size = e.uncompressedSize ?? e.data.length;
    const crc = e.crc ?? crc32(e.data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(crc >>> 0, 14);
    local.writeUInt32LE(compressed.length, 18);
    local.writeUInt32LE(size >>> 0, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(crc >>> 0, 16);
    central.writeUInt32LE(compressed.length, 20);
    central.writeUInt32LE(size >>> 0, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, compressed);
    centrals.push(central, name);
    offset += 30 + name.length + compressed.length;
  }
  const cd = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, end]);
}

forEachDatabase('security findings', (ctx) => {
  let org: Awaited<ReturnType<typeof makeOrganisationWithRegulation>>;
  let complaintId: string;
  const publicBody = { description: 'De behandeling duurde veel te lang en niemand belde terug.', complainant: { relation: 'client', name: 'Els Smit', postalAddress: 'Plein 3, 1234 AB Ergens' }, signed: true };
  const eventsOf = (kind: string) =>
    ctx.database.db.selectFrom('security_events').selectAll().where('organisation_id', '=', org.org.id).where('kind', '=', kind as 'access_refused').orderBy('id').execute();
  const post = (app: Awaited<ReturnType<typeof testApp>>, body: unknown, headers: Record<string, string> = {}) =>
    app.request(`/api/v1/public/${org.org.slug}/complaints`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });

  before(async () => {
    org = await makeOrganisationWithRegulation(ctx.database.db, 'stadsring51');
    const pdf = new TextEncoder().encode('%PDF-1.4\n%%EOF\n');
    complaintId = (await registerComplaint(ctx.database.db, { organisationId: org.org.id, actor: null, door: 'public', input: { ...publicBody, channel: 'web_form' }, attachments: [{ filename: 'scan.pdf', contentType: 'application/pdf', data: pdf }] })).id;
  });

  it('mass assignment: the public door refuses staff-only and unknown fields, one Dutch message per field', async () => {
    const app = await testApp(ctx.database, { KLACHTWIJS_PUBLIC_RATE_LIMIT: '0' });
    const count = async () => Number((await ctx.database.db.selectFrom('complaints').select((eb) => eb.fn.countAll().as('n')).where('organisation_id', '=', org.org.id).executeTakeFirstOrThrow()).n);
    const before = await count();
    const staffOnly = { note: 'intern', receivedBy: 'balie', passedTo: 'directie', writtenDownAndSigned: true, respondentUserId: org.coordinator.user.id, receivedOn: '2020-01-02', establishedBy: 'x', documentDate: '2026-01-01' };
    const res = await post(app, { ...publicBody, ...staffOnly, complainant: { ...publicBody.complainant, isAdmin: true } });
    assert.equal(res.status, 422);
    const body = (await res.json()) as { error: { code: string; fields: { field: string; message: string }[] } };
    assert.equal(body.error.code, 'unknown_fields');
    assert.deepEqual(body.error.fields.map((f) => f.field).sort(), [...Object.keys(staffOnly), 'complainant.isAdmin'].sort());
    for (const f of body.error.fields) assert.match(f.message, /openbare formulier/);
    const channel = await post(app, { ...publicBody, channel: 'letter' });
    assert.equal(channel.status, 422);
    assert.deepEqual(((await channel.json()) as { error: { fields: { field: string }[] } }).error.fields.map((f) => f.field), ['channel']);
    assert.equal(await count(), before, 'nothing stored');
    // The form's own fields still work, with or without channel web_form.
    assert.equal((await post(app, { ...publicBody, channel: 'web_form', respondentName: 'mevrouw Jansen', conductOn: '2026-01-05' })).status, 201);
    const doc = (await (await app.request('/api/openapi.json')).json()) as { paths: Record<string, { post: { requestBody: { content: { 'application/json': { schema: { additionalProperties: boolean; properties: Record<string, unknown> } } } } } }> };
    const schema = doc.paths['/api/v1/public/{orgSlug}/complaints']!.post.requestBody.content['application/json'].schema;
    assert.equal(schema.additionalProperties, false);
    for (const k of Object.keys(staffOnly)) assert.ok(!(k in schema.properties), `${k} is not in the public schema`);
  });

  it('downloads keep their sandbox CSP (the page policy does not overwrite it)', async () => {
    const client = new PageClient(await testApp(ctx.database));
    await client.logIn(org.coordinator.email, org.coordinator.password);
    const attachment = await ctx.database.db.selectFrom('complaint_attachments').select('id').where('complaint_id', '=', complaintId).executeTakeFirstOrThrow();
    const res = await client.request(`/klachten/${complaintId}/bijlagen/${attachment.id}`);
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('content-security-policy'), "sandbox; default-src 'none'");
    assert.equal((await client.request('/klachten')).headers.get('content-security-policy')?.includes('sandbox'), false, 'pages keep the page policy');
  });

  it('security headers: X-Frame-Options DENY like frame-ancestors, a Permissions-Policy, HSTS only under https', async () => {
    const http = await (await testApp(ctx.database)).request('/inloggen');
    assert.equal(http.headers.get('x-frame-options'), 'DENY');
    assert.match(http.headers.get('content-security-policy') ?? '', /frame-ancestors 'none'/);
    assert.match(http.headers.get('permissions-policy') ?? '', /camera=\(\)/);
    assert.match(http.headers.get('permissions-policy') ?? '', /geolocation=\(\)/);
    assert.equal(http.headers.get('strict-transport-security'), null, 'no HSTS under an http base URL');
    const https = await (await testApp(ctx.database, { KLACHTWIJS_BASE_URL: 'https://klachten.example.nl' })).request('/inloggen');
    assert.match(https.headers.get('strict-transport-security') ?? '', /max-age=\d+/);
  });

  it('the public form never lets a cache keep what the complainant typed, errors included', async () => {
    const app = await testApp(ctx.database, { KLACHTWIJS_PUBLIC_RATE_LIMIT: '0' });
    const client = new PageClient(app);
    const { csrf, html } = await client.get(`/${org.org.slug}/klacht`);
    const key = /name="idempotencyKey" value="([^"]*)"/.exec(html)?.[1] ?? '';
    const res = await client.postForm(`/${org.org.slug}/klacht`, { ...STADSRING_FORM_OK, _csrf: csrf, idempotencyKey: key, description: 'kort' });
    assert.equal(res.status, 422);
    assert.match(await res.text(), /Jan Jansen/, 'the form comes back filled in');
    assert.match(res.headers.get('cache-control') ?? '', /no-store/);
    // A body that cannot be read, or a refused CSRF elsewhere: the error page is not stored either.
    const broken = await client.request(`/${org.org.slug}/klacht`, { method: 'POST', headers: { 'content-type': 'multipart/form-data; boundary=x' }, body: '--x\r\nbroken' });
    assert.ok(broken.status >= 400);
    assert.match(broken.headers.get('cache-control') ?? '', /no-store/);
  });

  it('anonymous idempotency keys: a second sender with the same key does not get the first complainant\'s reference', async () => {
    const app = await testApp(ctx.database, { KLACHTWIJS_PUBLIC_RATE_LIMIT: '0' });
    const first = await post(app, publicBody, { 'idempotency-key': 'shared-key-0001' });
    assert.equal(first.status, 201);
    const again = await post(app, publicBody, { 'idempotency-key': 'shared-key-0001' });
    assert.equal(again.status, 200, 'the same submission twice is still one complaint');
    const other = await post(app, { ...publicBody, complainant: { ...publicBody.complainant, name: 'Iemand Anders' } }, { 'idempotency-key': 'shared-key-0001' });
    assert.equal(other.status, 201);
    const [a, b] = [(await first.json()) as { reference: string }, (await other.json()) as { reference: string }];
    assert.notEqual(b.reference, a.reference);
  });

  it('refused reads and refused actions are security events (the read still answers 404)', async () => {
    const db = ctx.database.db;
    const respondent = await makeUser(db, org.org.id, 'coordinator');
    const intake = await actorOf(db, org.intake);
    const about = await registerComplaint(db, { organisationId: org.org.id, actor: intake, door: 'staff', input: { ...publicBody, channel: 'letter', documentDate: '2026-01-05', respondentUserId: respondent.user.id } });
    const client = new PageClient(await testApp(ctx.database));
    await client.logIn(respondent.email, respondent.password);
    assert.equal((await client.request(`/klachten/${about.id}`)).status, 404);
    const refused = await eventsOf('access_refused');
    assert.equal(refused.length, 1);
    assert.equal(refused[0]!.user_id, respondent.user.id);
    assert.equal((refused[0]!.detail as { complaintId?: string }).complaintId, about.id);
    // A missing dossier is not a refusal.
    assert.equal((await client.request('/klachten/00000000-0000-4000-8000-000000000000')).status, 404);
    assert.equal((await eventsOf('access_refused')).length, 1);

    const token = await makeToken(db, org.org.id, org.intake.user.id);
    const app = await testApp(ctx.database);
    const act = await app.request(`/api/v1/complaints/${about.id}/actions/decide`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify({ outcome: 'founded', reasoning: 'x' }) });
    assert.equal(act.status, 403);
    const actions = await eventsOf('action_refused');
    assert.equal(actions.length, 1);
    assert.equal(actions[0]!.user_id, org.intake.user.id);
    assert.equal((actions[0]!.detail as { action?: string }).action, 'decide');
  });

  it('one request log line per request at the default level: method, path without query, status, duration, client address', async () => {
    const lines: Record<string, unknown>[] = [];
    const stream = new Writable({ write(chunk: Buffer, _enc, done) { lines.push(JSON.parse(chunk.toString())); done(); } });
    const config = loadConfig({ KLACHTWIJS_DEMO: 'false', PORT: '3000' });
    const app = createApp({ db: ctx.database.db, config, logger: pino({ level: config.logLevel }, stream), csrfSecret: await serverSecret(ctx.database.db, 'csrf_secret') });
    await app.request('/klachten?q=Els%20Smit', {}, { incoming: { socket: { remoteAddress: '192.0.2.44' } } });
    const line = lines.find((l) => l['msg'] === 'request');
    assert.ok(line, `a request line at level ${config.logLevel}`);
    assert.equal(line['method'], 'GET');
    assert.equal(line['path'], '/klachten');
    assert.equal(line['status'], 303);
    assert.equal(typeof line['ms'], 'number');
    assert.equal(line['clientAddress'], '192.0.2.44');
    assert.doesNotMatch(JSON.stringify(lines), /Els/, 'no query values in the log');
  });

  it('the audit log is append-only, except blanking under klachtwijs.destroying in the destruction transaction', async () => {
    const db = ctx.database.db;
    const row = await db.selectFrom('audit_log').select(['id']).where('organisation_id', '=', org.org.id).orderBy('id').executeTakeFirstOrThrow();
    await assert.rejects(db.updateTable('audit_log').set({ details: '{}' }).where('id', '=', row.id).execute(), /append-only/);
    await assert.rejects(db.deleteFrom('audit_log').where('id', '=', row.id).execute(), /append-only/);
    await db.transaction().execute(async (tx) => {
      await sql`select set_config('klachtwijs.destroying', 'on', true)`.execute(tx);
      await tx.updateTable('audit_log').set({ details: JSON.stringify({ destroyed: true }) }).where('id', '=', row.id).execute();
    });
    const after = await db.selectFrom('audit_log').select(['details']).where('id', '=', row.id).executeTakeFirstOrThrow();
    assert.deepEqual(after.details, { destroyed: true });
    // The setting is transaction-local: the next statement is refused again.
    await assert.rejects(db.updateTable('audit_log').set({ details: '{}' }).where('id', '=', row.id).execute(), /append-only/);
  });

  it('the public rate limit holds across two instances on one database, and a hit limit is a security event', async () => {
    const second: Database = ctx.url ? await openDatabase({ kind: 'postgres', url: ctx.url }) : ctx.database;
    try {
      const env = { KLACHTWIJS_TRUST_PROXY: 'true', KLACHTWIJS_PUBLIC_RATE_LIMIT: '2' };
      const one = await testApp(ctx.database, env);
      const two = await testApp(second, env);
      const from = { 'x-forwarded-for': '198.51.100.77' };
      await awayFromMinuteEdge();
      assert.notEqual((await post(one, {}, from)).status, 429);
      assert.notEqual((await post(two, {}, from)).status, 429);
      const third = await post(two, {}, from);
      assert.equal(third.status, 429, 'the third request, at the other instance, is limited');
      assert.ok(Number(third.headers.get('retry-after')) > 0);
      assert.notEqual((await post(one, {}, { 'x-forwarded-for': '198.51.100.78' })).status, 429, 'another client is not');
      const events = await eventsOf('rate_limited');
      assert.equal(events.length, 1);
      assert.equal(events[0]!.client_address, '198.51.100.77');
    } finally {
      if (second !== ctx.database) await second.close();
    }
  });

  it('zip bombs are refused (declared size or ratio too large), a real docx passes, and the refusal is a security event', async () => {
    const db = ctx.database.db;
    const fine = zipOf([{ name: 'word/document.xml', data: Buffer.from('<w:document>' + 'Hallo '.repeat(200) + '</w:document>') }]);
    assert.deepEqual(await holdUploads(db, org.org.id, 'form-key-zip-ok-01', [{ filename: 'brief.docx', contentType: DOCX, data: fine }]), []);
    const bomb = zipOf([{ name: 'word/document.xml', data: Buffer.alloc(1000), uncompressedSize: 4_000_000_000 }]);
    const problems = await holdUploads(db, org.org.id, 'form-key-zip-bomb1', [{ filename: 'bom.docx', contentType: DOCX, data: bomb }], { clientAddress: '192.0.2.9' });
    assert.equal(problems.length, 1);
    assert.equal(problems[0]!.field, 'attachments');
    assert.match(problems[0]!.message, /bom\.docx/);
    const ratio = zipOf([{ name: 'a.xml', data: Buffer.alloc(50_000_000) }]);
    assert.equal((await holdUploads(db, org.org.id, 'form-key-zip-bomb2', [{ filename: 'ratio.docx', contentType: DOCX, data: ratio }])).length, 1);
    const held = await db.selectFrom('pending_uploads').select('filename').where('organisation_id', '=', org.org.id).execute();
    assert.deepEqual(held.map((h) => h.filename), ['brief.docx']);
    const events = await eventsOf('upload_refused');
    assert.equal(events.length, 2);
    assert.equal(events[0]!.client_address, '192.0.2.9');
    assert.equal((events[0]!.detail as { reason?: string }).reason, 'archive_too_large');
  });

  it('anonymous uploads have a daily quota per organisation', async () => {
    const db = ctx.database.db;
    const other = await makeOrganisationWithRegulation(db, 'stadsring51');
    await db.insertInto('settings').values({ key: `uploads.anonymous_daily_bytes:${other.org.id}`, value: '3000' }).execute();
    const file = (n: number) => ({ filename: `f${n}.txt`, contentType: 'text/plain', data: Buffer.alloc(1200, 'a') });
    assert.deepEqual(await holdUploads(db, other.org.id, 'form-key-quota-01', [file(1)]), []);
    assert.deepEqual(await holdUploads(db, other.org.id, 'form-key-quota-02', [file(2)]), []);
    const third = await holdUploads(db, other.org.id, 'form-key-quota-03', [file(3)]);
    assert.equal(third.length, 1, 'the third file passes the day\'s quota');
    assert.match(third[0]!.message, /vandaag/);
    const events = await db.selectFrom('security_events').select(['detail']).where('organisation_id', '=', other.org.id).where('kind', '=', 'upload_refused').execute();
    assert.deepEqual(events.map((e) => (e.detail as { reason: string }).reason), ['quota']);
  });

  it('the security log page: admin only, lists the organisation\'s events, the quota form needs its CSRF token', async () => {
    const db = ctx.database.db;
    const admin = await makeUser(db, org.org.id, 'admin');
    const app = await testApp(ctx.database);
    const coordinator = new PageClient(app);
    await coordinator.logIn(org.coordinator.email, org.coordinator.password);
    assert.equal((await coordinator.request('/beheer/beveiligingslog')).status, 404);
    const client = new PageClient(app);
    await client.logIn(admin.email, admin.password);
    const { res, html, csrf } = await client.get('/beheer/beveiligingslog');
    assert.equal(res.status, 200);
    assert.match(html, /Handeling geweigerd/);
    assert.match(res.headers.get('cache-control') ?? '', /no-store/);
    assert.equal((await client.postForm('/beheer/beveiligingslog/quotum', { mb: '1' })).status, 403, 'no CSRF token, no change');
    assert.equal((await client.postForm('/beheer/beveiligingslog/quotum', { _csrf: csrf, mb: '-3' })).status, 422);
    assert.equal((await client.postForm('/beheer/beveiligingslog/quotum', { _csrf: csrf, mb: '1' })).status, 303);
    const row = await db.selectFrom('settings').select('value').where('key', '=', `uploads.anonymous_daily_bytes:${org.org.id}`).executeTakeFirstOrThrow();
    assert.equal(row.value, String(1024 * 1024));
  });
});
