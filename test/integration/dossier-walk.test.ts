import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import { performAction } from '../../src/usecases/complaints/perform-action.ts';
import { today } from '../../src/usecases/complaints/dossier.ts';
import { ApiClient, CBF_FILLS, expectStatus, fieldsOf } from '../support/api.ts';
import { forEachDatabase, type SuiteContext } from '../support/databases.ts';
import { actorOf, makeOrganisationWithRegulation, makeToken, makeUser, registerLetterComplaint, TEST_PASSWORD } from '../support/factories.ts';
import { PageClient, testApp } from '../support/http.ts';
import { legalCheck } from '../../src/domain/regulation/legal-check.ts';
import { seedDemo } from '../../src/usecases/demo/seed-demo.ts';
import { organisationFrameworks } from '../../src/usecases/organisations/legal-frameworks.ts';
import { activeRegulation } from '../../src/usecases/regulations/regulations.ts';

/**
 * Found walking the demo (lane walk), on the dossier page: "Termijn verlengen" offered after the decision term had
 * passed (Awb 9:11 lid 2); the "Bericht niet-ontvankelijk" row saying "Voorbij" while new but "Loopt nu niet" once
 * assigned; the escalation form's "Nieuwe behandelaar" offering every user of the organisation.
 */
const textOf = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&').replace(/\s+/g, ' ');
/** The "Stand" of one row of the deadline table. */
const deadlineRow = (html: string, label: string) => {
  const row = new RegExp(`<th class="utrecht-table__cell" scope="row">\\s*${label}[\\s\\S]*?</tr>`).exec(html)?.[0];
  return row ? textOf(row).trim() : undefined;
};
/** The option values of a select, by the select's id. */
const optionsOf = (html: string, id: string) => {
  const select = new RegExp(`<select[^>]*id="${id}"[\\s\\S]*?</select>`).exec(html)?.[0] ?? '';
  return [...select.matchAll(/<option value="([^"]*)"/g)].map((m) => m[1]!).filter((v) => v !== '');
};
const daysAgo = (n: number) => today(new Date(Date.now() - n * 86_400_000));

forEachDatabase('the dossier as walked in the demo', (ctx: SuiteContext) => {
  let api: ApiClient;
  before(async () => {
    api = await ApiClient.create(ctx.database);
  });

  async function stadsring() {
    const db = ctx.database.db;
    const org = await makeOrganisationWithRegulation(db, 'stadsring51');
    const coordinator = await actorOf(db, org.coordinator);
    const register = async (receivedOn: string) => (await registerLetterComplaint(db, org, coordinator, receivedOn)).id;
    const assign = (id: string) => performAction(db, coordinator, id, 'assign', { handlerUserId: org.handler.user.id });
    const client = new PageClient(await testApp(ctx.database));
    await client.logIn(org.coordinator.email, TEST_PASSWORD);
    return { org, register, assign, client };
  }

  it('"Bericht niet-ontvankelijk" says the same true thing new and assigned: open while its term runs, passed after', async () => {
    const { register, assign, client } = await stadsring();
    const fresh = await register(today());
    const old = await register(daysAgo(35));
    const row = async (id: string) => deadlineRow((await client.get(`/klachten/${id}`)).html, 'Bericht niet-ontvankelijk');
    assert.match((await row(fresh)) ?? '', /Nog mogelijk \(nog \d+ dagen\)/, 'new, within the window');
    assert.match((await row(old)) ?? '', /Voorbij: de klacht geldt als ontvankelijk/, 'new, window passed');
    await assign(fresh);
    await assign(old);
    assert.match((await row(fresh)) ?? '', /Nog mogelijk \(nog \d+ dagen\)/, 'assigned, within the window: a ground can still arise (5.1c)');
    assert.match((await row(old)) ?? '', /Voorbij: de klacht geldt als ontvankelijk/, 'assigned, window passed: not "Loopt nu niet"');
    for (const id of [fresh, old]) assert.doesNotMatch((await row(id)) ?? '', /Loopt nu niet|Te laat/);
  });

  it('a new complaint says what was done: acknowledged and waiting for a handler, not "nog niet in behandeling" (walkthrough)', async () => {
    const { org, register, assign, client } = await stadsring();
    const coordinator = await actorOf(ctx.database.db, org.coordinator);
    const id = await register(daysAgo(3));
    const status = async () => /<span class="kw-status[^"]*">[^<]*<\/span>([^<]*)/.exec((await client.get(`/klachten/${id}`)).html)?.[1]?.trim();
    assert.equal(await status(), 'De klacht is geregistreerd. De ontvangst is nog niet bevestigd en er is nog geen behandelaar toegewezen.');
    await performAction(ctx.database.db, coordinator, id, 'acknowledge', { on: daysAgo(1) });
    assert.equal(await status(), 'De ontvangst is bevestigd. Er is nog geen behandelaar toegewezen.');
    await assign(id);
    assert.equal(await status(), 'De klacht wordt behandeld.');
  });

  it('reopened without a handler it is "Nieuw" again and waits for one, not "In behandeling" with nobody handling it', async () => {
    const { org, register, assign, client } = await stadsring();
    const db = ctx.database.db;
    const coordinator = await actorOf(db, org.coordinator);
    const id = await register(daysAgo(3));
    await performAction(db, coordinator, id, 'acknowledge', { on: daysAgo(2) });
    await performAction(db, coordinator, id, 'withdraw', { on: daysAgo(1) });
    await performAction(db, coordinator, id, 'reopen', { reason: 'De klager wil toch verder.', on: today() });
    const row = await db.selectFrom('complaints').select(['status', 'handler_user_id']).where('id', '=', id).executeTakeFirstOrThrow();
    assert.deepEqual(row, { status: 'new', handler_user_id: null });
    const status = async () => /<span class="kw-status[^"]*">([^<]*)<\/span>([^<]*)/.exec((await client.get(`/klachten/${id}`)).html)?.slice(1).map((x) => x.trim());
    assert.deepEqual(await status(), ['Nieuw', 'De ontvangst is bevestigd. Er is nog geen behandelaar toegewezen.']);
    await assign(id);
    assert.equal((await db.selectFrom('complaints').select('status').where('id', '=', id).executeTakeFirstOrThrow()).status, 'in_progress');
  });

  it('"Termijn verlengen" stays offered after the decision term: a notice sent in time is recorded, one sent after it is refused at its date with the article', async () => {
    const { register, assign, client } = await stadsring();
    const inTime = await register(today());
    const late = await register(daysAgo(70));
    await assign(inTime);
    await assign(late);
    const open = await client.get(`/klachten/${inTime}`);
    assert.match(open.html, new RegExp(`action="/klachten/${inTime}/acties/extend`), 'within the term: offered');
    const passed = await client.get(`/klachten/${late}`);
    assert.match(passed.html, new RegExp(`action="/klachten/${late}/acties/extend`), 'after the term: still offered (the notice may have gone out in time)');
    // A notice sent today, after the term: refused at the date, the article named, what was typed kept.
    const refused = await client.postForm(`/klachten/${late}/acties/extend`, { _csrf: passed.csrf, 'term.amount': '2', 'term.unit': 'weeks', noticeOn: today(), reason: 'Meer tijd nodig.' });
    assert.equal(refused.status, 422);
    const refusedHtml = await refused.text();
    assert.match(textOf(refusedHtml), /Het bericht ging weg na het einde van de termijn voor de beslissing \(tot en met \d+ \w+ \d{4}\)\. .*\(Awb 9:11 lid 2\)/);
    assert.match(refusedHtml, /Meer tijd nodig\./);
    // The notice went out within the term, entered only now: recorded, not late.
    const recorded = await client.postForm(`/klachten/${late}/acties/extend`, { _csrf: passed.csrf, 'term.amount': '2', 'term.unit': 'weeks', noticeOn: daysAgo(20), reason: 'Wij wachten op een verklaring.' });
    assert.equal(recorded.status, 303);
    assert.doesNotMatch(textOf((await client.get(`/klachten/${late}`)).html), /Te laat: het bericht ging weg|te laat: na het einde/);

    // The form says where the maximum comes from (002 takes it from the Awb) and promises no late recording here.
    const openText = textOf(open.html);
    assert.match(openText, /Volgens .* mag de termijn met ten hoogste 4 weken worden verlengd \(Awb 9:11 lid 2\)/);
    assert.doesNotMatch(openText, /De klachtenregeling staat een verlenging toe/);
    assert.doesNotMatch(openText, /Ging het bericht later weg/);
    // Extended: the decision row holds the new date; the latest date an extension could reach is no longer shown.
    assert.match(openText, /Beslissing, uiterlijk als de termijn wordt verlengd/);
    const extended = await client.postForm(`/klachten/${inTime}/acties/extend`, { _csrf: open.csrf, 'term.amount': '1', 'term.unit': 'weeks', noticeOn: today(), reason: 'Wij wachten op een verslag.' });
    assert.equal(extended.status, 303);
    const after = textOf((await client.get(`/klachten/${inTime}`)).html);
    assert.doesNotMatch(after, /uiterlijk (als de termijn wordt verlengd|na verlenging)/);
  });

  it('"Horen plannen" asks the time and the place; the history and the invitation letter carry them; a wrong time is refused at the field', async () => {
    const { register, assign, client } = await stadsring();
    const id = await register(today());
    await assign(id);
    const page = await client.get(`/klachten/${id}`);
    assert.match(page.html, /name="time"/);
    assert.match(page.html, /name="place"/);
    const on = today(new Date(Date.now() + 7 * 86_400_000));
    const bad = await client.postForm(`/klachten/${id}/acties/plan-hearing`, { _csrf: page.csrf, party: 'complainant', on, time: '25:00', place: 'Kantoor' });
    assert.equal(bad.status, 422);
    const badText = textOf(await bad.text());
    assert.match(badText, /Vul de tijd in als uren en minuten, bijvoorbeeld 14:30\./);
    const planned = await client.postForm(`/klachten/${id}/acties/plan-hearing`, { _csrf: page.csrf, party: 'complainant', on, time: '9.30', place: 'ons kantoor, Dorpsstraat 1 in Ergens' });
    assert.equal(planned.status, 303);
    const letter = textOf((await client.get(planned.headers.get('location')!)).html);
    assert.match(letter, /Het gesprek is op \d+ \w+ \d{4} om 09:30 uur\. Plaats: ons kantoor, Dorpsstraat 1 in Ergens\./);
    const dossier = textOf((await client.get(`/klachten/${id}`)).html);
    assert.match(dossier, /om 09:30 uur\. Plaats: ons kantoor, Dorpsstraat 1 in Ergens/);
  });

  it('the escalation form offers only who may take the complaint over (the role’s holders), and the action refuses others', async () => {
    const db = ctx.database.db;
    const o = await makeOrganisationWithRegulation(db, 'cbf-template', CBF_FILLS);
    const coordinatorToken = await makeToken(db, o.org.id, o.coordinator.user.id);
    const director = await makeUser(db, o.org.id, 'handler', { unitId: o.unit.id });
    const admin = await makeUser(db, o.org.id, 'admin');
    const board = await makeUser(db, o.org.id, 'board');
    expectStatus(await api.post('/api/v1/role-bindings', coordinatorToken, { roleKey: 'director', userId: director.user.id, unitId: o.unit.id }), 201);
    const coordinator = await actorOf(db, o.coordinator);
    const c = expectStatus(
      await api.post('/api/v1/complaints', coordinatorToken, {
        unitId: o.unit.id,
        channel: 'letter',
        receivedOn: today(),
        description: 'De afspraak werd drie keer verzet zonder bericht.',
        complainant: { relation: 'client', name: 'Jan Jansen', postalAddress: 'Dorpsstraat 1, 1234 AB Ergens', email: 'jan@example.nl', phone: '06 12345678' },
      }),
      201,
    ).body as { id: string };
    await performAction(db, coordinator, c.id, 'assign', { handlerUserId: o.handler.user.id });
    const client = new PageClient(await testApp(ctx.database));
    await client.logIn(o.coordinator.email, TEST_PASSWORD);
    const page = await client.get(`/klachten/${c.id}`);
    assert.match(page.html, new RegExp(`action="/klachten/${c.id}/acties/escalate`), 'the dossier offers "Escaleren"');
    const offered = optionsOf(page.html, 'escalate-handlerUserId');
    assert.deepEqual(offered, [director.user.id], 'only the directeur; not the admin, the board member, intake or the coordinator');
    assert.match(page.html, /Test handler \(directeur\)/i);
    // The use case refuses anyone else, with a stable code and the field.
    for (const other of [admin, board, o.intake]) {
      const res = await api.action(coordinatorToken, c.id, 'escalate', { to: 'director', reason: 'Geen oplossing.', handlerUserId: other.user.id });
      expectStatus(res, 422);
      assert.equal(res.body.error.code, 'validation_failed');
      assert.deepEqual(fieldsOf(res), ['handlerUserId']);
    }
  });
});

forEachDatabase('the demo organisation passes its own legal check', (ctx: SuiteContext) => {
  it('the demo states the laws that bind a Wmo stichting (not Awb chapter 9) and its regulation has no error on /beheer/klachtenregeling', async () => {
    const db = ctx.database.db;
    const logins = await seedDemo(db);
    assert.ok(logins, 'an empty database gets the demo');
    const org = await db.selectFrom('organisations').select('id').executeTakeFirstOrThrow();
    const frameworks = await organisationFrameworks(db, org.id);
    assert.ok(!frameworks.includes('awb9'), 'a stichting is no bestuursorgaan: Awb 9:1 does not bind it');
    assert.ok(frameworks.length > 0, 'the demo states its laws (ADR 0027)');
    const active = await activeRegulation(db, org.id, null);
    assert.ok(active);
    assert.deepEqual(legalCheck(active.regulation, frameworks).filter((f) => f.severity === 'error'), []);
    const admin = logins.find((l) => l.role === 'admin')!;
    const client = new PageClient(await testApp(ctx.database));
    await client.logIn(admin.email, admin.password);
    const page = await client.get('/beheer/klachtenregeling');
    assert.equal(page.res.status, 200);
    assert.match(textOf(page.html), /Wettelijke toets/);
    assert.doesNotMatch(textOf(page.html), /Awb 9:11: afhandeltermijn/);
  });
});
