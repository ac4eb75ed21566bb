import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import { registerComplaint } from '../../src/usecases/complaints/register-complaint.ts';
import { forEachDatabase } from '../support/databases.ts';
import { makeOrganisationWithRegulation, makeToken, makeUser } from '../support/factories.ts';
import { PageClient, testApp } from '../support/http.ts';

/** Documents join a dossier after registration (004 §5), through the pages and the API; broken text in forms never gives a 500. */
forEachDatabase('dossier documents and form robustness', (ctx) => {
  let org: Awaited<ReturnType<typeof makeOrganisationWithRegulation>>;
  let complaintId: string;
  let coordinatorToken: string;

  before(async () => {
    const db = ctx.database.db;
    org = await makeOrganisationWithRegulation(db, 'stadsring51');
    coordinatorToken = await makeToken(db, org.org.id, org.coordinator.user.id);
    const c = await registerComplaint(db, {
      organisationId: org.org.id,
      actor: null,
      door: 'public',
      input: { channel: 'web_form', description: 'Mijn dossier is kwijtgeraakt bij de overdracht.', complainant: { relation: 'client', name: 'Kees de Boer', postalAddress: 'Laan 2, 1234 AB Ergens' }, signed: true },
    });
    complaintId = c.id;
  });

  const upload = (token: string, files: { name: string; type: string; body: string }[], note?: string) => {
    const form = new FormData();
    for (const f of files) form.append('attachments', new File([f.body], f.name, { type: f.type }));
    if (note) form.append('note', note);
    return testApp(ctx.database).then((app) => app.request(`/api/v1/complaints/${complaintId}/attachments`, { method: 'POST', body: form, headers: { authorization: `Bearer ${token}` } }));
  };

  it('adds documents through the API with one history event, and refuses a wrong type at the field', async () => {
    const res = await upload(coordinatorToken, [{ name: 'verweerschrift.pdf', type: 'application/pdf', body: '%PDF-1.4 test' }], 'Verweerschrift voor de OKC');
    assert.equal(res.status, 201);
    assert.deepEqual(await res.json(), { seq: 2, count: 1 });
    const app = await testApp(ctx.database);
    const dossier = (await (await app.request(`/api/v1/complaints/${complaintId}`, { headers: { authorization: `Bearer ${coordinatorToken}` } })).json()) as { history: { type: string; data: { files: { filename: string }[] } }[]; attachments: { filename: string }[] };
    assert.equal(dossier.history.at(-1)?.type, 'attachments-added');
    assert.equal(dossier.history.at(-1)?.data.files[0]?.filename, 'verweerschrift.pdf');
    assert.deepEqual(dossier.attachments.map((a) => a.filename), ['verweerschrift.pdf']);

    const bad = await upload(coordinatorToken, [{ name: 'script.exe', type: 'application/x-msdownload', body: 'MZ' }]);
    assert.equal(bad.status, 422);
    const body = (await bad.json()) as { error: { fields: { field: string; message: string }[] } };
    assert.equal(body.error.fields[0]?.field, 'attachments');
    assert.match(body.error.fields[0]?.message ?? '', /soort die we niet aannemen/);
  });

  it('refuses documents from someone without a role on the complaint (404: need-to-know)', async () => {
    const outsider = await makeUser(ctx.database.db, org.org.id, 'handler');
    const token = await makeToken(ctx.database.db, org.org.id, outsider.user.id);
    const res = await upload(token, [{ name: 'x.txt', type: 'text/plain', body: 'x' }]);
    assert.equal(res.status, 404);
  });

  it('adds a document through the dossier page (multipart with CSRF)', async () => {
    const client = new PageClient(await testApp(ctx.database));
    await client.logIn(org.coordinator.email, org.coordinator.password);
    const { csrf, html } = await client.get(`/klachten/${complaintId}`);
    assert.ok(html.includes('Stukken toevoegen'));
    const form = new FormData();
    form.append('_csrf', csrf);
    form.append('attachments', new File(['Verslag van het horen'], 'hoorverslag.txt', { type: 'text/plain' }));
    const res = await client.request(`/klachten/${complaintId}/bijlagen`, { method: 'POST', body: form });
    assert.equal(res.status, 303);
    const bad = new FormData();
    bad.append('_csrf', csrf);
    bad.append('attachments', new File(['MZ'], 'programma.exe', { type: 'application/x-msdownload' }));
    const refused = await client.request(`/klachten/${complaintId}/bijlagen`, { method: 'POST', body: bad });
    assert.equal(refused.status, 422);
    const refusedHtml = await refused.text();
    assert.match(refusedHtml, /<title>Fout in formulier: /, 'the title says the form failed');
    assert.ok(refusedHtml.includes('De stukken zijn niet toegevoegd'), 'the error is at the top of the page, linked to the field');
    const after = await client.get(`/klachten/${complaintId}?bijlagen=1`);
    assert.ok(after.html.includes('hoorverslag.txt'));
    assert.ok(after.html.includes('Stukken toegevoegd'));
  });

  it("shows the unit's coordinator who read and changed the dossier, and nobody else", async () => {
    const coordinator = new PageClient(await testApp(ctx.database));
    await coordinator.logIn(org.coordinator.email, org.coordinator.password);
    const { html } = await coordinator.get(`/klachten/${complaintId}`);
    assert.ok(html.includes('Wie heeft dit dossier ingezien of gewijzigd'));
    assert.ok(html.includes('Op weg naar de beslissing'), 'an open complaint shows what the regulation still asks');
    assert.match(html, /<span class="kw-checklist__state">Nog te doen<\/span>: Beslissing vastgelegd/);
    assert.match(html, /Test coordinator<\/td><td class="utrecht-table__cell">ingezien/);
    assert.match(html, /Klager \(formulier\)<\/td><td class="utrecht-table__cell">geregistreerd/);
    const db = ctx.database.db;
    const { performAction } = await import('../../src/usecases/complaints/perform-action.ts');
    const { actorOf } = await import('../support/factories.ts');
    await performAction(db, await actorOf(db, org.coordinator), complaintId, 'assign', { handlerUserId: org.handler.user.id });
    const handler = new PageClient(await testApp(ctx.database));
    await handler.logIn(org.handler.email, org.handler.password);
    const seen = await handler.get(`/klachten/${complaintId}`);
    assert.equal(seen.res.status, 200);
    assert.ok(!seen.html.includes('Wie heeft dit dossier ingezien'), 'a handler does not see the access log');
  });

  it('keeps a form with a NUL character or half a surrogate pair working (no 500)', async () => {
    const client = new PageClient(await testApp(ctx.database));
    const { csrf, html } = await client.get(`/${org.org.slug}/klacht`);
    const key = /name="idempotencyKey" value="([^"]+)"/.exec(html)?.[1] ?? '';
    const res = await client.postForm(`/${org.org.slug}/klacht`, {
      _csrf: csrf,
      idempotencyKey: key,
      description: 'Een klacht met een nulteken\u0000 en een half teken \ud800 erin.',
      'complainant.name': 'Nul\u0000 Teken',
      'complainant.postalAddress': 'Straat 1, 1234 AB Plaats',
      signed: 'ja',
    });
    assert.ok(res.status < 500, `status ${res.status}`);
    const staff = new PageClient(await testApp(ctx.database));
    await staff.logIn(org.coordinator.email, org.coordinator.password);
    const list = await staff.get('/klachten?q=' + encodeURIComponent('nulteken\u0000'));
    assert.ok(list.res.status < 500);
  });
});
