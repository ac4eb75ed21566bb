import assert from 'node:assert/strict';
import { it } from 'node:test';
import { runProgram } from '../../src/cli/program.ts';
import type { CliContext } from '../../src/cli/context.ts';
import { loadConfig } from '../../src/config.ts';
import { organisationFrameworks, organisationFrameworkState, setOrganisationFrameworks } from '../../src/usecases/organisations/legal-frameworks.ts';
import { setupChecklist } from '../../src/usecases/organisations/setup-checklist.ts';
import { activateRegulation } from '../../src/usecases/regulations/regulations.ts';
import { forEachDatabase } from '../support/databases.ts';
import { makeOrganisation, makeUser } from '../support/factories.ts';
import { PageClient, testApp } from '../support/http.ts';

/**
 * Issue 12, lane models (ADR 0027): the organisation states its legal frameworks once — on Beheer → Wetten or with
 * `klachtwijs orgs frameworks` — and the set-up checklist, the regulation page and `regulations check/activate`
 * without --framework follow them.
 */
forEachDatabase('the organisation\'s legal frameworks (issue 12)', (ctx) => {
  const cli = () => {
    const io = { out: '', err: '' };
    const c: CliContext = {
      io: { stdout: (s) => void (io.out += s), stderr: (s) => void (io.err += s) },
      cwd: process.cwd(),
      config: () => loadConfig({}),
      withDatabase: (fn) => fn(ctx.database),
      server: null,
      exitCode: 0,
    };
    return { c, io };
  };

  it('not stated, then stated (also "none"); unknown laws are refused; audited', async () => {
    const db = ctx.database.db;
    const { org } = await makeOrganisation(db);
    assert.deepEqual(await organisationFrameworkState(db, org.id), { stated: false, frameworks: [] });
    const checklist = await setupChecklist(db, org.id);
    assert.equal(checklist.steps[0]?.key, 'frameworks');
    assert.equal(checklist.steps[0]?.done, false);
    assert.equal(checklist.steps[0]?.href, '/beheer/wetten');

    await assert.rejects(
      db.transaction().execute((tx) => setOrganisationFrameworks(tx, { userId: null, organisationId: org.id }, ['wkkgz', 'awb'])),
      (err: { code?: string; fields?: { field: string; message: string }[] }) => err.code === 'validation_failed' && /Onbekende wet: awb\./.test(err.fields?.[0]?.message ?? ''),
    );
    assert.deepEqual(
      await db.transaction().execute((tx) => setOrganisationFrameworks(tx, { userId: null, organisationId: org.id }, ['jeugdwet', 'wkkgz', 'wkkgz'])),
      ['wkkgz', 'jeugdwet'],
    );
    assert.deepEqual(await organisationFrameworks(db, org.id), ['wkkgz', 'jeugdwet']);
    const after = await setupChecklist(db, org.id);
    assert.equal(after.steps[0]?.done, true);
    assert.equal(after.steps[0]?.detail, 'Gekozen: Wkkgz, Jeugdwet.');

    await db.transaction().execute((tx) => setOrganisationFrameworks(tx, { userId: null, organisationId: org.id }, []));
    assert.deepEqual(await organisationFrameworkState(db, org.id), { stated: true, frameworks: [] });
    const audits = await db.selectFrom('audit_log').select('action').where('organisation_id', '=', org.id).where('action', '=', 'organisation.legal_frameworks').execute();
    assert.equal(audits.length, 2);
  });

  it('the admin page: B1 question, explanation per law, CSRF, keeps the choice; others may not', async () => {
    const db = ctx.database.db;
    const { org } = await makeOrganisation(db);
    const admin = await makeUser(db, org.id, 'admin');
    const client = new PageClient(await testApp(ctx.database));
    await client.logIn(admin.email, admin.password);
    const page = await client.get('/beheer/wetten');
    assert.equal(page.res.status, 200);
    assert.match(page.html, /<h1[^>]*>Welke wetten gelden voor uw organisatie\?<\/h1>/);
    assert.match(page.html, /Alleen als uw organisatie een bestuursorgaan is/);
    assert.match(page.html, /name="_csrf"/);
    assert.doesNotMatch(/<main[\s\S]*<\/main>/.exec(page.html)?.[0] ?? '', /preset|seed|sleutel|YAML/i, 'no internal words in the page itself');
    const saved = await client.postForm('/beheer/wetten', { _csrf: page.csrf, frameworks: 'wkkgz' });
    assert.equal(saved.status, 200);
    const html = await saved.text();
    assert.match(html, /Opgeslagen\./);
    assert.match(html, /value="wkkgz"[^>]*checked/);
    assert.deepEqual(await organisationFrameworks(db, org.id), ['wkkgz']);
    const refused = await client.postForm('/beheer/wetten', { _csrf: page.csrf, frameworks: 'koopwet' });
    assert.equal(refused.status, 422);
    assert.match(await refused.text(), /Onbekende wet: koopwet/);
    assert.deepEqual(await organisationFrameworks(db, org.id), ['wkkgz'], 'a refused choice changes nothing');
    const noCsrf = await client.postForm('/beheer/wetten', { frameworks: 'awb9' });
    assert.notEqual(noCsrf.status, 200);
    assert.deepEqual(await organisationFrameworks(db, org.id), ['wkkgz']);

    const coordinator = await makeUser(db, org.id, 'coordinator');
    const other = new PageClient(await testApp(ctx.database));
    await other.logIn(coordinator.email, coordinator.password);
    assert.equal((await other.request('/beheer/wetten')).status, 404, 'a page refused looks missing (need-to-know)');
  });

  it('the regulation page checks against the organisation\'s frameworks: an Awb rule in a Wkkgz organisation is flagged', async () => {
    const db = ctx.database.db;
    const { org } = await makeOrganisation(db);
    const admin = await makeUser(db, org.id, 'admin');
    await db.transaction().execute((tx) => activateRegulation(tx, { organisationId: org.id, unitId: null, source: { preset: 'stadsring51' }, fills: {}, actorUserId: null }));
    await db.transaction().execute((tx) => setOrganisationFrameworks(tx, { userId: null, organisationId: org.id }, ['wkkgz']));
    const client = new PageClient(await testApp(ctx.database));
    await client.logIn(admin.email, admin.password);
    const page = await client.get('/beheer/klachtenregeling');
    assert.equal(page.res.status, 200);
    assert.match(page.html, /Deze regel komt uit de Awb, die volgens uw instellingen niet voor uw organisatie geldt \(Awb 9:11 lid 2\)/);
    assert.match(page.html, /beslistermijn 8 weken is langer dan 6 weken/);
  });

  it('klachtwijs orgs frameworks shows and sets; regulations activate and check without --framework use them', async () => {
    const db = ctx.database.db;
    const { org } = await makeOrganisation(db);
    const show = cli();
    assert.equal(await runProgram(['orgs', 'frameworks', '--org', org.slug], show.c), 0, show.io.err);
    assert.match(show.io.out, /heeft nog niet gekozen welke wetten gelden/);
    const wrong = cli();
    assert.equal(await runProgram(['orgs', 'frameworks', '--org', org.slug, '--set', 'wkkgz,awb'], wrong.c), 1);
    assert.match(wrong.io.err, /Onbekende wet: awb/);
    const set = cli();
    assert.equal(await runProgram(['orgs', 'frameworks', '--org', org.slug, '--set', 'wkkgz'], set.c), 0, set.io.err);
    assert.match(set.io.out, /wetten: Wkkgz\./);

    const activate = cli();
    assert.equal(await runProgram(['regulations', 'activate', '--org', org.slug, '--regulation', 'stadsring51'], activate.c), 0, activate.io.err);
    assert.match(activate.io.out, /Wettelijke toets \(Wkkgz\):/);
    assert.match(activate.io.out, /beslistermijn 8 weken is langer dan 6 weken/);
    const stored = await db.selectFrom('regulation_versions').select('frameworks').where('organisation_id', '=', org.id).executeTakeFirstOrThrow();
    assert.deepEqual(stored.frameworks, ['wkkgz'], 'the version records the frameworks it was checked against');

    const check = cli();
    assert.equal(await runProgram(['regulations', 'check', 'regulations/wkkgz-model.yaml', '--org', org.slug], check.c), 0, check.io.err);
    assert.match(check.io.out, /Wettelijke toets \(Wkkgz\): 0 fout, 0 waarschuwing/);

    const none = cli();
    assert.equal(await runProgram(['orgs', 'frameworks', '--org', org.slug, '--set', 'geen'], none.c), 0, none.io.err);
    assert.match(none.io.out, /wetten: geen\./);
  });
});
