import assert from 'node:assert/strict';
import { it } from 'node:test';
import { sql } from 'kysely';
import { addDays, dayZero, formatDutchDate } from '../../src/domain/deadlines/index.ts';
import { AppError } from '../../src/shared/errors.ts';
import { issueComplainantLink } from '../../src/usecases/complainant-page/links.ts';
import { performAction } from '../../src/usecases/complaints/perform-action.ts';
import { registerComplaint } from '../../src/usecases/complaints/register-complaint.ts';
import { setupChecklist } from '../../src/usecases/organisations/setup-checklist.ts';
import { activateRegulation, activeRegulation } from '../../src/usecases/regulations/regulations.ts';
import { createUnit } from '../../src/usecases/units/units.ts';
import { forEachDatabase } from '../support/databases.ts';
import { actorOf, makeOrganisation, makeOrganisationWithRegulation, makeUser, TEST_PASSWORD, publicComplaintInput } from '../support/factories.ts';
import { ApiClient } from '../support/api.ts';
import { PageClient, STADSRING_FORM_OK, testApp } from '../support/http.ts';

/**
 * The regulation version a complaint runs under (ADR 0003, addendum): the one in force for its unit on the day it was
 * received, never a version that takes effect later (its "Datum van vaststelling", `effectiveDate`).
 */
forEachDatabase('regulation version in force on the day of receipt', (ctx) => {
  const today = dayZero(new Date());
  const versionOf = async (id: string) => (await ctx.database.db.selectFrom('complaints').select('regulation_version_id').where('id', '=', id).executeTakeFirstOrThrow()).regulation_version_id;
  const unescape = (html: string) => html.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&');
  /** An organisation under `preset` whose version 1 is in force since 100 days ago and whose version 2 (the same preset) is activated today, in force from today. */
  const withNewerVersion = async (preset: 'stadsring51' | 'hss') => {
    const db = ctx.database.db;
    const org = await makeOrganisationWithRegulation(db, preset);
    const v1 = (await activeRegulation(db, org.org.id, null))!;
    await sql`update regulation_versions set activated_at = ${`${addDays(today, -100)}T12:00:00Z`}::timestamptz where organisation_id = ${org.org.id}`.execute(db);
    const v2 = await db.transaction().execute((tx) => activateRegulation(tx, { organisationId: org.org.id, unitId: null, source: { preset }, fills: {}, actorUserId: null }));
    return { org, v1, v2 };
  };

  it('a letter registered after a newer version was activated runs under the version in force on the day it was received', async () => {
    const db = ctx.database.db;
    const { org, v1, v2 } = await withNewerVersion('stadsring51');
    const intake = await actorOf(db, org.intake);
    const letter = (receivedOn: string) =>
      registerComplaint(db, { organisationId: org.org.id, actor: intake, door: 'staff', input: { ...publicComplaintInput(), channel: 'letter', receivedOn, documentDate: receivedOn, respondentName: 'P. Pietersen', subject: 'Afspraak' } });
    const earlier = await letter(addDays(today, -20));
    assert.equal(await versionOf(earlier.id), v1.versionId, 'received 20 days ago, under version 1: the procedure of its day');
    const now = await letter(today);
    assert.equal(await versionOf(now.id), v2.versionId, 'received today: version 2');
    // Received before version 1 took effect (there was none yet): the first version in force.
    const before = await letter(addDays(today, -300));
    assert.equal(await versionOf(before.id), v1.versionId);
  });

  it('a version that takes effect later does not apply yet: both doors keep the version in force; the public page says since when and what comes', async () => {
    const db = ctx.database.db;
    const org = await makeOrganisationWithRegulation(db, 'stadsring51');
    const v1 = (await activeRegulation(db, org.org.id, null))!;
    const from = addDays(today, 40);
    const document = structuredClone(v1.regulation);
    document.metadata.effectiveDate = from;
    const v2 = await db.transaction().execute((tx) => activateRegulation(tx, { organisationId: org.org.id, unitId: null, source: { document }, fills: {}, actorUserId: null }));
    assert.equal(v2.version, 2);
    const web = await registerComplaint(db, { organisationId: org.org.id, actor: null, door: 'public', input: publicComplaintInput() });
    assert.equal(await versionOf(web.id), v1.versionId, 'submitted today: version 1, version 2 begins in 40 days');
    const intake = await actorOf(db, org.intake);
    const letter = await registerComplaint(db, { organisationId: org.org.id, actor: intake, door: 'staff', input: { ...publicComplaintInput(), channel: 'letter', receivedOn: today, documentDate: today, respondentName: 'P. Pietersen' } });
    assert.equal(await versionOf(letter.id), v1.versionId);

    const app = await testApp(ctx.database);
    const html = unescape(await (await app.request(`/${org.org.slug}/klachtenregeling`)).text());
    assert.match(html, /Versie 1, geldt sinds <time datetime="\d{4}-\d{2}-\d{2}">/);
    assert.ok(html.includes(`Vanaf <time datetime="${from}">${formatDutchDate(from)}</time> geldt versie 2.`), 'the coming version and its day');
  });

  it('only a version that takes effect later: no complaint is taken yet, and the refusal says from when; the page says when it begins', async () => {
    const db = ctx.database.db;
    const base = await makeOrganisation(db, 'Stichting Later');
    const model = await makeOrganisationWithRegulation(db, 'stadsring51');
    const from = addDays(today, 10);
    const document = structuredClone((await activeRegulation(db, model.org.id, null))!.regulation);
    document.metadata.effectiveDate = from;
    await db.transaction().execute((tx) => activateRegulation(tx, { organisationId: base.org.id, unitId: null, source: { document }, fills: {}, actorUserId: null }));
    await assert.rejects(
      registerComplaint(db, { organisationId: base.org.id, actor: null, door: 'public', input: publicComplaintInput() }),
      (err: unknown) => err instanceof AppError && err.code === 'intake_unavailable' && err.message.includes(`gaat in op ${formatDutchDate(from)}`),
    );
    const app = await testApp(ctx.database);
    const html = unescape(await (await app.request(`/${base.org.slug}/klachtenregeling`)).text());
    assert.ok(html.includes(`Versie 1, gaat in op <time datetime="${from}">`), html.slice(0, 200));
    // The public form, staff registration and the admin's setup checklist say from when too, not "nog geen klachtenregeling actief".
    const form = unescape(await (await app.request(`/${base.org.slug}/klacht`)).text());
    assert.ok(form.includes(`De klachtenregeling van ${base.org.name} gaat in op <time datetime="${from}">${formatDutchDate(from)}</time>. Vanaf die dag kunt u hier een klacht indienen.`), form.slice(form.indexOf('<main'), form.indexOf('<main') + 600));
    assert.ok(!form.includes('nog niet ingesteld'));
    const intake = await makeUser(db, base.org.id, 'intake');
    const staff = new PageClient(app);
    await staff.logIn(intake.email, TEST_PASSWORD);
    const register = await staff.get('/klachten/nieuw');
    assert.equal(register.res.status, 409);
    const said = unescape(register.html);
    assert.ok(said.includes(`De klachtenregeling voor ${base.unit.name} gaat in op ${formatDutchDate(from)}. Tot die dag kunt u hier nog geen klacht registreren.`), said.slice(said.indexOf('<main'), said.indexOf('<main') + 600));
    assert.ok(!said.includes('nog geen klachtenregeling actief'));
    const checklist = await setupChecklist(db, base.org.id);
    const step = (key: string) => checklist.steps.find((st) => st.key === key)!;
    assert.equal(step('regulation').detail, `Geactiveerd: ${document.metadata.title}. De klachtenregeling gaat in op ${formatDutchDate(from)}: tot die dag neemt Klachtwijs geen klachten aan.`);
    assert.equal(step('form').done, false);
    assert.equal(step('form').detail, `Het openbare klachtenformulier werkt nog niet. De klachtenregeling gaat in op ${formatDutchDate(from)}: tot die dag neemt Klachtwijs geen klachten aan. Bezoekers zien dat ze nog geen klacht kunnen indienen.`);
    // A second version activated before the first began, beginning later: the page shows the first with its day and
    // names the second's (review 12: it showed version 2 "gaat in op" version 1's day).
    const later = addDays(today, 30);
    const second = structuredClone(document);
    second.metadata.effectiveDate = later;
    await db.transaction().execute((tx) => activateRegulation(tx, { organisationId: base.org.id, unitId: null, source: { document: second }, fills: {}, actorUserId: null }));
    const html2 = unescape(await (await app.request(`/${base.org.slug}/klachtenregeling`)).text());
    assert.ok(html2.includes(`Versie 1, gaat in op <time datetime="${from}">`), html2.slice(0, 400));
    assert.ok(html2.includes(`Vanaf <time datetime="${later}">${formatDutchDate(later)}</time> geldt versie 2.`), html2.slice(0, 400));
  });

  it('"geen klacht" converted to a complaint (001 §3.1) runs under the version in force on its new day of receipt', async () => {
    const db = ctx.database.db;
    const { org, v1, v2 } = await withNewerVersion('hss');
    const coordinator = await actorOf(db, org.coordinator);
    const notAComplaint = () =>
      registerComplaint(db, {
        organisationId: org.org.id,
        actor: coordinator,
        door: 'staff',
        input: { kind: 'not_a_complaint', notComplaintKey: 'administration_costs', channel: 'email', receivedOn: addDays(today, -20), description: 'Vraag over de administratiekosten op de factuur.', complainant: { name: 'C. Klager', email: 'c@example.nl' } },
      });
    const first = await notAComplaint();
    assert.equal(await versionOf(first.id), v1.versionId, 'registered under the version of its day');
    await performAction(db, coordinator, first.id, 'convert-to-complaint', { reason: 'De klager is ontevreden over hoe wij zijn vraag afhandelden.', receivedOn: today });
    assert.equal(await versionOf(first.id), v2.versionId, 'a complaint received today: version 2');
    const event = await db.selectFrom('complaint_events').select('data').where('complaint_id', '=', first.id).where('type', '=', 'convert-to-complaint').executeTakeFirstOrThrow();
    assert.equal((event.data as { regulationVersionId?: string }).regulationVersionId, v2.versionId, 'the event says which version it runs under now');
    // Its new day of receipt still under version 1: it stays.
    const second = await notAComplaint();
    await performAction(db, coordinator, second.id, 'convert-to-complaint', { reason: 'De klager is ontevreden over hoe wij zijn vraag afhandelden.', receivedOn: addDays(today, -5) });
    assert.equal(await versionOf(second.id), v1.versionId);
  });

  it('moved from triage ("Weet ik niet") to a werkmaatschappij with its own regulation (004 §2): its version while nothing happened yet, else the old one kept', async () => {
    const db = ctx.database.db;
    const org = await makeOrganisationWithRegulation(db, 'stadsring51');
    const own = (await activeRegulation(db, org.org.id, null))!;
    const zuid = await db.transaction().execute((tx) => createUnit(tx, org.org.id, { name: 'Werkmaatschappij Zuid', kind: 'werkmaatschappij' }, null));
    const zuids = await db.transaction().execute((tx) => activateRegulation(tx, { organisationId: org.org.id, unitId: zuid.id, source: { preset: 'hss' }, fills: {}, actorUserId: null }));
    const coordinator = await actorOf(db, org.coordinator);
    const triaged = () => registerComplaint(db, { organisationId: org.org.id, actor: null, door: 'public', unitUnknown: true, input: publicComplaintInput() });
    const row = (id: string) => db.selectFrom('complaints').select(['unit_id', 'regulation_version_id', 'deadlines']).where('id', '=', id).executeTakeFirstOrThrow();

    const fresh = await triaged();
    assert.equal((await row(fresh.id)).regulation_version_id, own.versionId, 'at triage: the organisation\'s version');
    await performAction(db, coordinator, fresh.id, 'correct-registration', { reason: 'Gaat over Zuid.', unitId: zuid.id });
    const moved = await row(fresh.id);
    assert.equal(moved.unit_id, zuid.id);
    assert.equal(moved.regulation_version_id, zuids.versionId, "nothing happened yet: Zuid's own procedure");
    const event = await db.selectFrom('complaint_events').select('data').where('complaint_id', '=', fresh.id).where('type', '=', 'correct-registration').executeTakeFirstOrThrow();
    const changes = (event.data as { changes: { field: string; from: string; to: string }[] }).changes;
    assert.deepEqual(changes.find((c) => c.field === 'regulation'), { field: 'regulation', from: `versie 1 van ${org.org.name}`, to: 'versie 1 van Werkmaatschappij Zuid' });

    const acknowledged = await triaged();
    // The correction form says at the unit field which regulation a move leads to, before and after the acknowledgement.
    const staff = new PageClient(await testApp(ctx.database));
    await staff.logIn(org.coordinator.email, TEST_PASSWORD);
    const form = async () => unescape((await staff.get(`/klachten/${acknowledged.id}`)).html);
    assert.ok((await form()).includes('Heeft de eenheid een eigen klachtenregeling (bijvoorbeeld een werkmaatschappij), dan geldt voor de klacht die regeling'));
    await performAction(db, coordinator, acknowledged.id, 'acknowledge', {});
    assert.ok((await form()).includes('De klacht blijft onder de klachtenregeling waaronder hij is ontvangen, ook als u hem naar een eenheid met een eigen regeling verplaatst'));
    await performAction(db, coordinator, acknowledged.id, 'correct-registration', { reason: 'Gaat over Zuid.', unitId: zuid.id });
    const kept = await row(acknowledged.id);
    assert.equal(kept.unit_id, zuid.id);
    assert.equal(kept.regulation_version_id, own.versionId, 'acknowledged under the old version (its terms were told): kept');
  });

  it('the receipt of a "Weet ik niet" complaint names no dates while its unit may still bring another regulation; otherwise it does', async () => {
    const db = ctx.database.db;
    const app = await testApp(ctx.database);
    const receipt = async (slug: string, reference: string, key: string) => {
      const res = await app.request(`/${slug}/klacht/ontvangen/${reference}?k=${key}`);
      assert.equal(res.status, 200);
      return unescape(await res.text());
    };
    const submit = (organisationId: string, key: string) =>
      registerComplaint(db, { organisationId, actor: null, door: 'public', unitUnknown: true, input: publicComplaintInput({ idempotencyKey: key }) });

    // A werkmaatschappij with its own regulation (004 §2): the move from triage may change the version and its terms.
    const org = await makeOrganisationWithRegulation(db, 'stadsring51');
    const zuid = await db.transaction().execute((tx) => createUnit(tx, org.org.id, { name: 'Werkmaatschappij Zuid', kind: 'werkmaatschappij' }, null));
    await db.transaction().execute((tx) => activateRegulation(tx, { organisationId: org.org.id, unitId: zuid.id, source: { preset: 'hss' }, fills: {}, actorUserId: null }));
    const open = await submit(org.org.id, 'weet-ik-niet-1');
    const html = await receipt(org.org.slug, open.reference, 'weet-ik-niet-1');
    assert.ok(html.includes(`U wist niet over welk onderdeel van ${org.org.name} uw klacht gaat. Wij zoeken dat eerst uit.`), html.slice(html.indexOf('<main'), html.indexOf('<main') + 1500));
    assert.ok(html.includes('Daarom noemen wij hier nog geen data'));
    assert.ok(!html.includes('uiterlijk op'), 'no triage dates');
    assert.ok(html.includes(`href="/${org.org.slug}/klachtenregeling"`), 'the regulations, not the triage one as if it applied');
    // Acknowledged under the triage version: the version is fixed (versionAfterMove keeps it), so its dates are true.
    await performAction(db, await actorOf(db, org.coordinator), open.id, 'acknowledge', {});
    assert.match(await receipt(org.org.slug, open.reference, 'weet-ik-niet-1'), /Wij beslissen uiterlijk op/);

    // One regulation for every unit: the move cannot change it, and the receipt names the dates.
    const single = await makeOrganisationWithRegulation(db, 'stadsring51');
    await db.transaction().execute((tx) => createUnit(tx, single.org.id, { name: 'Afdeling Noord', kind: 'afdeling' }, null));
    const plain = await submit(single.org.id, 'weet-ik-niet-2');
    const same = await receipt(single.org.slug, plain.reference, 'weet-ik-niet-2');
    assert.match(same, /Wij beslissen uiterlijk op/);
    assert.ok(!same.includes('Daarom noemen wij hier nog geen data'));
  });

  it('the public API answers a "Weet ik niet" complaint without the triage version\'s dates while its unit may still bring another regulation; otherwise with them', async () => {
    const db = ctx.database.db;
    const api = await ApiClient.create(ctx.database);
    const body = { description: 'Ik kreeg geen antwoord op mijn brief van vorige maand.', complainant: { relation: 'client', name: 'Els de Boer', postalAddress: 'Kerkstraat 2, 1234 AB Ergens' }, signed: true };
    const submit = (slug: string, extra: Record<string, unknown> = {}) => api.post(`/api/v1/public/${slug}/complaints`, undefined, { ...body, ...extra });

    const org = await makeOrganisationWithRegulation(db, 'stadsring51');
    const zuid = await db.transaction().execute((tx) => createUnit(tx, org.org.id, { name: 'Werkmaatschappij Zuid', kind: 'werkmaatschappij' }, null));
    await db.transaction().execute((tx) => activateRegulation(tx, { organisationId: org.org.id, unitId: zuid.id, source: { preset: 'hss' }, fills: {}, actorUserId: null }));
    const open = await submit(org.org.slug);
    assert.equal(open.status, 201, JSON.stringify(open.body));
    assert.equal(open.body.deadlines, null, 'no dates of the triage version');
    assert.equal(open.body.deadlinesReason, 'unit_unknown');
    assert.ok(open.body.complainantPageUrl && open.body.reference);
    // The unit named: its own regulation's dates, and no reason.
    const named = await submit(org.org.slug, { unitId: zuid.id });
    assert.equal(named.status, 201);
    assert.ok(named.body.deadlines && typeof named.body.deadlines === 'object');
    assert.ok(!('deadlinesReason' in named.body));

    // One regulation for every unit: the move cannot change it, and the dates are given.
    const single = await makeOrganisationWithRegulation(db, 'stadsring51');
    await db.transaction().execute((tx) => createUnit(tx, single.org.id, { name: 'Afdeling Noord', kind: 'afdeling' }, null));
    const plain = await submit(single.org.slug);
    assert.equal(plain.status, 201);
    assert.ok(plain.body.deadlines && typeof plain.body.deadlines === 'object', JSON.stringify(plain.body));
    assert.ok(!('deadlinesReason' in plain.body));
  });

  it("staff registration with units under different regulations (004 §2): the form asks the chosen unit's questions, keeps what was typed, and judges by that unit's version", async () => {
    const db = ctx.database.db;
    // The organisation under Stadsring51 (a letter must be signed), Zuid under HSS (no signature; "geen klacht" topics).
    const org = await makeOrganisationWithRegulation(db, 'stadsring51');
    const own = (await activeRegulation(db, org.org.id, null))!;
    const zuid = await db.transaction().execute((tx) => createUnit(tx, org.org.id, { name: 'Werkmaatschappij Zuid', kind: 'werkmaatschappij' }, null));
    const zuids = await db.transaction().execute((tx) => activateRegulation(tx, { organisationId: org.org.id, unitId: zuid.id, source: { preset: 'hss' }, fills: {}, actorUserId: null }));
    const staff = new PageClient(await testApp(ctx.database));
    await staff.logIn(org.coordinator.email, TEST_PASSWORD);
    const main = (html: string) => html.slice(html.indexOf('<main'), html.indexOf('</main>'));
    const complaints = () => db.selectFrom('complaints').select(['unit_id', 'regulation_version_id']).where('organisation_id', '=', org.org.id).execute();

    const form = await staff.get('/klachten/nieuw');
    const first = main(unescape(form.html));
    assert.ok(first.includes(`Het meldingsformulier klachten voor een klacht`) && first.includes(`De klacht valt onder: ${own.regulation.metadata.title}.`) && first.includes('name="signed"'), first.slice(0, 1200));
    assert.ok(first.includes('name="kies" value="eenheid"'), 'a button that shows the chosen unit\'s questions');
    const typed = { _csrf: form.csrf, idempotencyKey: 'eenheid-kiezen-1', kind: 'complaint', unitId: zuid.id, channel: 'letter', receivedOn: today, subject: 'Afspraak', description: 'Niemand belde terug na mijn brief.', 'complainant.name': 'Jan Jansen', 'complainant.postalAddress': 'Dorpsstraat 1, 1234 AB Ergens', 'complainant.relation': 'client', forWhom: 'self' };
    // Zuid chosen, "Vragen voor deze eenheid": Zuid's questions (HSS), what was typed kept, nothing registered or refused.
    const chosen = await staff.postForm('/klachten/nieuw', { ...typed, kies: 'eenheid' });
    const again = main(unescape(await chosen.text()));
    assert.equal(chosen.status, 200, again.slice(0, 1500));
    assert.ok(again.includes('Het intern klachtenformulier voor een klacht') && again.includes(`De klacht valt onder: ${zuids.regulation.metadata.title}.`), again.slice(0, 1500));
    assert.ok(again.includes('name="notComplaintKey"') && !again.includes('name="signed"'), "HSS's fields, not Stadsring51's");
    assert.ok(again.includes('Niemand belde terug na mijn brief.') && again.includes(`<option value="${zuid.id}" selected`), 'what was typed, and the unit, kept');
    assert.ok(!again.includes('utrecht-form-field-error-message') && !again.includes('Fout in formulier'), 'no error messages');
    assert.equal((await complaints()).length, 0);
    assert.ok(!again.includes('Kies de bijlagen opnieuw'), 'no files chosen, nothing to choose again');
    const csrf = /name="_csrf" value="([^"]*)"/.exec(again)?.[1] ?? form.csrf;

    // With a file chosen: it must be chosen again, and the page says why; not "met een foutmelding", untrue here (walk14).
    const withFile = new FormData();
    for (const [k, v] of Object.entries({ ...typed, _csrf: csrf, kies: 'eenheid' })) withFile.append(k, v);
    withFile.append('attachments', new File(['%PDF-1.4 brief'], 'brief.pdf', { type: 'application/pdf' }));
    const chosenWithFile = await staff.request('/klachten/nieuw', { method: 'POST', body: withFile });
    const withFilePage = main(unescape(await chosenWithFile.text()));
    assert.equal(chosenWithFile.status, 200);
    assert.ok(withFilePage.includes('Kies de bijlagen opnieuw. U ziet nu de vragen voor de gekozen'), withFilePage.slice(0, 1500));
    assert.ok(!withFilePage.includes('foutmelding'), 'no error was shown');
    assert.ok(withFilePage.includes(`De klacht valt onder: ${zuids.regulation.metadata.title}.`), withFilePage.slice(0, 1500));
    assert.equal((await complaints()).length, 0);

    // Judged by the chosen unit's version: an unsigned letter is refused for the organisation's unit (Stadsring51) …
    const refused = await staff.postForm('/klachten/nieuw', { ...typed, _csrf: csrf, unitId: org.unit.id });
    assert.equal(refused.status, 422);
    assert.ok(unescape(await refused.text()).includes('id="signed-fout"'));
    // … and registered for Zuid (HSS asks no signature), under Zuid's version.
    const made = await staff.postForm('/klachten/nieuw', { ...typed, _csrf: csrf });
    assert.equal(made.status, 303, main(unescape(await made.clone().text())).slice(0, 1500));
    assert.deepEqual(await complaints(), [{ unit_id: zuid.id, regulation_version_id: zuids.versionId }]);
    assert.notEqual(zuids.versionId, own.versionId);
  });

  it("a werkmaatschappij's own regulation from its own day: before it, the inherited one; the page names what comes, never a replaced version", async () => {
    const db = ctx.database.db;
    const org = await makeOrganisationWithRegulation(db, 'stadsring51');
    const own = (await activeRegulation(db, org.org.id, null))!;
    const zuid = await db.transaction().execute((tx) => createUnit(tx, org.org.id, { name: 'Werkmaatschappij Zuid', kind: 'werkmaatschappij' }, null));
    const from = addDays(today, 20);
    const document = structuredClone(own.regulation);
    document.metadata.effectiveDate = from;
    await db.transaction().execute((tx) => activateRegulation(tx, { organisationId: org.org.id, unitId: zuid.id, source: { document }, fills: {}, actorUserId: null }));
    const web = await registerComplaint(db, { organisationId: org.org.id, actor: null, door: 'public', input: publicComplaintInput({ unitId: zuid.id }) });
    assert.equal(await versionOf(web.id), own.versionId, "Zuid's own begins in 20 days: the organisation's until then");
    const app = await testApp(ctx.database);
    const page = unescape(await (await app.request(`/${org.org.slug}/klachtenregeling/${zuid.slug}`)).text());
    assert.ok(page.includes(`Vanaf <time datetime="${from}">${formatDutchDate(from)}</time> geldt een eigen klachtenregeling voor Werkmaatschappij Zuid.`), 'the coming own regulation');

    // The organisation's version 2 (later) replaced before it took effect by version 3 (now): version 2 never applies.
    const later = structuredClone(own.regulation);
    later.metadata.effectiveDate = addDays(today, 30);
    await db.transaction().execute((tx) => activateRegulation(tx, { organisationId: org.org.id, unitId: null, source: { document: later }, fills: {}, actorUserId: null }));
    await db.transaction().execute((tx) => activateRegulation(tx, { organisationId: org.org.id, unitId: null, source: { preset: 'stadsring51' }, fills: {}, actorUserId: null }));
    const orgPage = unescape(await (await app.request(`/${org.org.slug}/klachtenregeling`)).text());
    assert.match(orgPage, /Versie 3, geldt sinds/);
    assert.ok(!orgPage.includes('geldt versie 2'), 'a replaced version is not announced');
  });
  it('staff register for the units whose regulation is in force; a unit whose own begins later is named with its day, and a submission for it is refused at the unit field (004 §2)', async () => {
    const db = ctx.database.db;
    // 004: no regulation of the organisation itself, one per werkmaatschappij. Zuid's is in force, Noord's begins in 20 days.
    const base = await makeOrganisation(db, 'Groep Later');
    const model = await makeOrganisationWithRegulation(db, 'stadsring51');
    const document = structuredClone((await activeRegulation(db, model.org.id, null))!.regulation);
    const unit = (name: string) => db.transaction().execute((tx) => createUnit(tx, base.org.id, { name, kind: 'werkmaatschappij' }, null));
    const noord = await unit('Werkmaatschappij Noord');
    const zuid = await unit('Werkmaatschappij Zuid');
    const from = addDays(today, 20);
    const later = structuredClone(document);
    later.metadata.effectiveDate = from;
    await db.transaction().execute((tx) => activateRegulation(tx, { organisationId: base.org.id, unitId: noord.id, source: { document: later }, fills: {}, actorUserId: null }));
    const zuids = await db.transaction().execute((tx) => activateRegulation(tx, { organisationId: base.org.id, unitId: zuid.id, source: { document }, fills: {}, actorUserId: null }));
    const intake = await makeUser(db, base.org.id, 'intake');
    const staff = new PageClient(await testApp(ctx.database));
    await staff.logIn(intake.email, TEST_PASSWORD);

    const form = await staff.get('/klachten/nieuw');
    const html = unescape(form.html);
    assert.equal(form.res.status, 200, html.slice(html.indexOf('<main'), html.indexOf('<main') + 600));
    assert.ok(html.includes(`<option value="${zuid.id}"`), 'Zuid takes complaints');
    assert.ok(!html.includes(`<option value="${noord.id}"`) && !html.includes(`<option value="${base.unit.id}"`), 'Noord and the unit without a regulation are not offered');
    assert.ok(
      html.includes(`Voor deze eenheden kunt u nog geen klacht registreren: ${base.unit.name} (nog geen klachtenregeling actief), Werkmaatschappij Noord (de klachtenregeling gaat in op ${formatDutchDate(from)}).`),
      html.slice(html.indexOf('name="unitId"') - 1200, html.indexOf('name="unitId"') + 200),
    );

    const letter = (unitId: string) => ({
      _csrf: form.csrf,
      idempotencyKey: `eenheid-${unitId}`,
      kind: 'complaint',
      unitId,
      channel: 'letter',
      receivedOn: today,
      documentDate: today,
      ...STADSRING_FORM_OK,
      respondentName: 'P. Pietersen',
      subject: 'Afspraak',
    });
    // For Noord: refused at the unit field, with what was typed kept; nothing stored.
    const refused = await staff.postForm('/klachten/nieuw', letter(noord.id));
    const said = unescape(await refused.text());
    assert.equal(refused.status, 409, said.slice(said.indexOf('<main'), said.indexOf('<main') + 800));
    const atField = said.slice(said.indexOf('id="unitId-fout"'), said.indexOf('id="unitId-fout"') + 400);
    assert.ok(said.includes('id="unitId-fout"') && atField.includes(`De klachtenregeling voor Werkmaatschappij Noord gaat in op ${formatDutchDate(from)}.`), said.slice(said.indexOf('<main'), said.indexOf('<main') + 1500));
    assert.ok(said.includes('De medewerker kwam drie keer niet opdagen bij de afspraak.'), 'the description is kept');
    assert.equal((await db.selectFrom('complaints').select('id').where('organisation_id', '=', base.org.id).execute()).length, 0);
    // For Zuid: registered, under Zuid's own version.
    const made = await staff.postForm('/klachten/nieuw', letter(zuid.id));
    assert.equal(made.status, 303, unescape(await made.clone().text()).slice(0, 800));
    const row = await db.selectFrom('complaints').select(['unit_id', 'regulation_version_id']).where('organisation_id', '=', base.org.id).executeTakeFirstOrThrow();
    assert.deepEqual(row, { unit_id: zuid.id, regulation_version_id: zuids.versionId });
  });
  it('"Weet ik niet" with the automatic acknowledgement on: no acknowledgement with the triage version\'s dates while a unit runs under another; the move brings its unit\'s version', async () => {
    const db = ctx.database.db;
    const app = await testApp(ctx.database);
    const autoAck = (organisationId: string) =>
      db.insertInto('letterheads').values({ organisation_id: organisationId, auto_acknowledge: true, updated_at: new Date() }).onConflict((oc) => oc.column('organisation_id').doUpdateSet({ auto_acknowledge: true })).execute();
    const submit = (organisationId: string, key: string) =>
      registerComplaint(db, { organisationId, actor: null, door: 'public', unitUnknown: true, input: publicComplaintInput({ idempotencyKey: key }) });
    const mails = async (id: string) => (await db.selectFrom('outbound_mails').select('id').where('complaint_id', '=', id).where('purpose', '=', 'acknowledgement').execute()).length;
    const receipt = async (slug: string, reference: string, key: string) => unescape(await (await app.request(`/${slug}/klacht/ontvangen/${reference}?k=${key}`)).text());

    const org = await makeOrganisationWithRegulation(db, 'stadsring51');
    const zuid = await db.transaction().execute((tx) => createUnit(tx, org.org.id, { name: 'Werkmaatschappij Zuid', kind: 'werkmaatschappij' }, null));
    const zuids = await db.transaction().execute((tx) => activateRegulation(tx, { organisationId: org.org.id, unitId: zuid.id, source: { preset: 'hss' }, fills: {}, actorUserId: null }));
    await autoAck(org.org.id);
    const open = await submit(org.org.id, 'weet-ik-niet-ack-1');
    assert.equal(await mails(open.id), 0, 'no acknowledgement mail with the triage version\'s terms');
    assert.equal((await db.selectFrom('letters').select('id').where('complaint_id', '=', open.id).execute()).length, 0);
    const page = await receipt(org.org.slug, open.reference, 'weet-ik-niet-ack-1');
    assert.ok(page.includes('Daarom noemen wij hier nog geen data') && !page.includes('uiterlijk op'), 'the page and the (absent) mail say the same: no dates yet');
    // Mijn klacht, linked from the receipt, says the same: no dates of the triage version.
    const link = await db.transaction().execute((tx) => issueComplainantLink(tx, { organisationId: org.org.id, complaintId: open.id }));
    const mine = unescape(await (await app.request(link.path)).text());
    assert.ok(mine.includes('Daarom noemen wij hier nog geen data') && !mine.includes('uiterlijk op'), mine.slice(mine.indexOf('<main'), mine.indexOf('<main') + 2500));
    assert.ok(mine.includes(`href="/${org.org.slug}/klachtenregeling"`));
    await performAction(db, await actorOf(db, org.coordinator), open.id, 'correct-registration', { reason: 'Gaat over Zuid.', unitId: zuid.id });
    const moved = await db.selectFrom('complaints').select('regulation_version_id').where('id', '=', open.id).executeTakeFirstOrThrow();
    assert.equal(moved.regulation_version_id, zuids.versionId, "moved to Zuid: Zuid's own procedure, as nothing was told under the other");

    // One regulation for every unit: the move cannot change it, and the automatic acknowledgement goes at once.
    const single = await makeOrganisationWithRegulation(db, 'stadsring51');
    await db.transaction().execute((tx) => createUnit(tx, single.org.id, { name: 'Afdeling Noord', kind: 'afdeling' }, null));
    await autoAck(single.org.id);
    const plain = await submit(single.org.id, 'weet-ik-niet-ack-2');
    assert.equal(await mails(plain.id), 1);
    assert.match(await receipt(single.org.slug, plain.reference, 'weet-ik-niet-ack-2'), /uiterlijk op/);
    const plainLink = await db.transaction().execute((tx) => issueComplainantLink(tx, { organisationId: single.org.id, complaintId: plain.id }));
    assert.ok(!unescape(await (await app.request(plainLink.path)).text()).includes('Daarom noemen wij hier nog geen data'));
  });
  it('"Weet ik niet" with the automatic acknowledgement on: the move to its unit sends it, once, with the dates of the version it now runs under', async () => {
    const db = ctx.database.db;
    const org = await makeOrganisationWithRegulation(db, 'stadsring51');
    const zuid = await db.transaction().execute((tx) => createUnit(tx, org.org.id, { name: 'Werkmaatschappij Zuid', kind: 'werkmaatschappij' }, null));
    const noord = await db.transaction().execute((tx) => createUnit(tx, org.org.id, { name: 'Werkmaatschappij Noord', kind: 'werkmaatschappij' }, null));
    const zuids = await db.transaction().execute((tx) => activateRegulation(tx, { organisationId: org.org.id, unitId: zuid.id, source: { preset: 'hss' }, fills: {}, actorUserId: null }));
    await db.insertInto('letterheads').values({ organisation_id: org.org.id, auto_acknowledge: true, updated_at: new Date() }).execute();
    const coordinator = await actorOf(db, org.coordinator);
    const submit = (key: string) => registerComplaint(db, { organisationId: org.org.id, actor: null, door: 'public', unitUnknown: true, input: publicComplaintInput({ idempotencyKey: key }) });
    const letters = (id: string) => db.selectFrom('letters').select(['kind', 'body', 'outbound_mail_id']).where('complaint_id', '=', id).execute();
    const mails = async (id: string) => (await db.selectFrom('outbound_mails').select('id').where('complaint_id', '=', id).where('purpose', '=', 'acknowledgement').execute()).length;
    const acks = async (id: string) => (await db.selectFrom('complaint_events').select('data').where('complaint_id', '=', id).where('type', '=', 'acknowledge').execute()).map((e) => e.data as { automatic?: boolean; note?: string });

    const open = await submit('weet-ik-niet-move-1');
    assert.equal(await mails(open.id), 0, 'nothing at intake: the move may bring another version');
    const moved = await performAction(db, coordinator, open.id, 'correct-registration', { reason: 'Gaat over Zuid.', unitId: zuid.id });
    const row = await db.selectFrom('complaints').select(['regulation_version_id', 'deadlines', 'status']).where('id', '=', open.id).executeTakeFirstOrThrow();
    assert.equal(row.regulation_version_id, zuids.versionId, "Zuid's own version");
    assert.equal(row.status, moved.status, 'the answer gives the status after the acknowledgement');
    assert.deepEqual(moved.deadlines, row.deadlines);
    const ack = await db.selectFrom('complaint_events').select('seq').where('complaint_id', '=', open.id).where('type', '=', 'acknowledge').executeTakeFirstOrThrow();
    assert.equal(moved.seq, ack.seq, "the answer's seq is the acknowledgement's, as its status and deadlines (review of session 14)");
    assert.deepEqual((await acks(open.id)).map((a) => a.automatic), [true], 'one automatic acknowledgement');
    // The history says when it went: at the move, not "bij ontvangst" (review of session 14).
    assert.deepEqual((await acks(open.id)).map((a) => a.note), ['Automatisch verstuurd per e-mail nadat de afdeling van de klacht is vastgesteld.']);
    assert.equal(await mails(open.id), 1, 'its mail queued in the same transaction');
    const [letter, ...more] = await letters(open.id);
    assert.equal(more.length, 0);
    assert.equal(letter!.kind, 'acknowledgement');
    assert.ok(letter!.outbound_mail_id);
    const decision = (row.deadlines as Record<string, string>)['decision'];
    assert.ok(decision && letter!.body.includes(formatDutchDate(decision)), `Zuid's decision date ${decision} in the letter: ${letter!.body}`);

    // A second move (to Noord, no own regulation): no second acknowledgement.
    await performAction(db, coordinator, open.id, 'correct-registration', { reason: 'Toch Noord.', unitId: noord.id });
    assert.equal((await acks(open.id)).length, 1);
    assert.equal(await mails(open.id), 1);
    assert.equal((await letters(open.id)).length, 1);

    // Acknowledged by hand before the move: the move sends nothing more.
    const byHand = await submit('weet-ik-niet-move-2');
    await performAction(db, coordinator, byHand.id, 'acknowledge', {});
    await performAction(db, coordinator, byHand.id, 'correct-registration', { reason: 'Gaat over Zuid.', unitId: zuid.id });
    assert.deepEqual((await acks(byHand.id)).map((a) => a.automatic ?? false), [false]);
    assert.equal(await mails(byHand.id), 0);
  });
});
