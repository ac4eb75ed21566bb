import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import { sql, type Kysely } from 'kysely';
import type { DB } from '../../src/db/types.ts';
import { parsePeriod } from '../../src/domain/reports/periods.ts';
import { AppError } from '../../src/shared/errors.ts';
import type { Actor } from '../../src/usecases/actor.ts';
import { today as todayOf } from '../../src/usecases/complaints/dossier.ts';
import { performAction } from '../../src/usecases/complaints/perform-action.ts';
import { registerComplaint } from '../../src/usecases/complaints/register-complaint.ts';
import { buildReportDocument } from '../../src/usecases/reports/document.ts';
import { chartsFor } from '../../src/reports/charts.ts';
import { reportTables } from '../../src/reports/model.ts';
import {
  addRecommendation,
  decideRecommendation,
  editRecommendation,
  exceptionalCandidates,
  finaliseReport,
  getReport,
  listReports,
  moveRecommendation,
  removeRecommendation,
  reportDocumentOf,
  reportsDue,
  saveNarrative,
  setPeriodicLength,
  startReport,
} from '../../src/usecases/reports/reports.ts';
import { activateRegulation, regulationInForceSince } from '../../src/usecases/regulations/regulations.ts';
import { createUnit } from '../../src/usecases/units/units.ts';
import { CBF_FILLS, LENTL_FILLS } from '../support/api.ts';
import { forEachDatabase } from '../support/databases.ts';
import { PageClient, testApp } from '../support/http.ts';
import { actorOf, bindRegulationRole, makeOrganisationWithRegulation, makeUser, regulationInForceFrom } from '../support/factories.ts';

/**
 * Reports as the regulation prescribes them (issue 10, ADR 0015), through the use cases: which are due, a draft
 * per period and scope, the narrative and recommendations, finalising as a frozen snapshot that later data
 * never changes, the decision per recommendation by the audience the regulation names (003), need-to-know,
 * and a board version with nothing personal in it.
 */
const at = (day: string) => new Date(`${day}T10:00:00+02:00`);

const PERSONAL = ['Mies', 'Bouwman', 'mies@example.nl', '06 11112222', 'Plein 4', 'twee keer afgeschreven'];

async function register(db: Kysely<DB>, org: { org: { id: string }; unit: { id: string } }, actor: Actor, receivedOn: string) {
  return registerComplaint(db, {
    organisationId: org.org.id,
    actor,
    door: 'staff',
    now: at(receivedOn),
    input: {
      unitId: org.unit.id,
      channel: 'letter',
      receivedOn,
      description: 'Mijn donatie is twee keer afgeschreven en niemand belt terug.',
      complainant: { relation: 'client', name: 'Mies Bouwman', email: 'mies@example.nl', phone: '06 11112222', postalAddress: 'Plein 4, 1234 AB Ergens' },
      signed: true,
      documentDate: receivedOn,
    },
  });
}

async function refused(p: Promise<unknown>, code: string, message?: RegExp): Promise<AppError> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  assert.ok(err instanceof AppError, `expected an AppError ${code}, got ${String(err)}`);
  assert.equal(err.code, code, err.message);
  if (message) assert.match([err.message, ...err.fields.map((f) => f.message)].join(' | '), message);
  return err;
}

forEachDatabase('reports as the regulation prescribes them', (ctx) => {
  let db: Kysely<DB>;
  let org: Awaited<ReturnType<typeof makeOrganisationWithRegulation>>;
  let coordinator: Actor;
  let handler: Actor;
  let boardMember: Actor;
  let director: Actor;
  let reportId = '';
  let otherUnitDraft = '';
  let secondHalf = '';
  let board: Awaited<ReturnType<typeof makeUser>>;

  before(async () => {
    db = ctx.database.db;
    // Adopted and in force since 2024: the periods asked for below, 2025 among them, are owed (003).
    org = await makeOrganisationWithRegulation(db, 'cbf-template', { ...CBF_FILLS, adopted_date: '2024-01-15' });
    await regulationInForceFrom(db, org.org.id, '2024-01-01');
    coordinator = await actorOf(db, org.coordinator);
    handler = await actorOf(db, org.handler);
    board = await makeUser(db, org.org.id, 'board');
    await bindRegulationRole(db, org.org.id, 'board', board.user.id);
    boardMember = await actorOf(db, board);
    const dir = await makeUser(db, org.org.id, 'handler', { unitId: org.unit.id });
    await bindRegulationRole(db, org.org.id, 'director', dir.user.id);
    director = await actorOf(db, dir);
    for (const day of ['2026-02-02', '2026-03-02', '2026-05-11']) await register(db, org, coordinator, day);
    secondHalf = (await register(db, org, coordinator, '2026-08-03')).id; // second half year: not in 2026-H1
  });

  it('lists the reports the regulation asks for that are due (003: half-yearly for the bestuur, annual in January)', async () => {
    const due = await reportsDue(db, coordinator, '2026-12-01');
    assert.deepEqual(due.due.map((d) => [d.key, d.period.key, d.reportId]), [
      ['half_yearly_board_report', '2026-H1', null],
      ['annual_report', '2025', null],
    ]);
    assert.equal(due.due[0]?.authorLabel, 'klachtencoördinator');
    // 003 says the bestuur is informed every half year, not by whom: the author is the organisation's choice, not the
    // article's (walk 12); the annual report's author is 003's own ("De klachtencoördinator stelt jaarlijks … op").
    assert.deepEqual(due.due.map((d) => d.authorChoice), [true, false]);
    // The board makes no reports: nothing is due for it; the handler neither.
    assert.equal((await reportsDue(db, boardMember, '2026-12-01')).due.length, 0);
    assert.equal((await reportsDue(db, handler, '2026-12-01')).due.length, 0);
  });

  it('starts a draft once per period and scope; refuses a wrong period and who is not the author', async () => {
    const first = await startReport(db, coordinator, { reportKey: 'half_yearly_board_report', period: '2026-H1' }, at('2026-12-01'));
    assert.equal(first.created, true);
    const again = await startReport(db, coordinator, { reportKey: 'half_yearly_board_report', period: '2026-h1' }, at('2026-12-01'));
    assert.deepEqual(again, { id: first.id, created: false });
    reportId = first.id;
    const bad = await refused(startReport(db, coordinator, { reportKey: 'half_yearly_board_report', period: 'vorig jaar' }), 'validation_failed');
    assert.equal(bad.fields[0]?.field, 'period');
    const quarter = await refused(startReport(db, coordinator, { reportKey: 'half_yearly_board_report', period: '2026-Q1' }), 'validation_failed');
    assert.match(quarter.fields[0]!.message, /halfjaar \(onderdeel "Rapportage \/ verantwoording"\)/);
    await refused(startReport(db, coordinator, { reportKey: 'half_yearly_board_report', period: '2027-H2' }, at('2026-12-01')), 'validation_failed', /nog niet begonnen/);
    await refused(startReport(db, coordinator, { reportKey: 'onbekend', period: '2026' }), 'validation_failed');
    await refused(startReport(db, handler, { reportKey: 'half_yearly_board_report', period: '2026-H1' }), 'not_permitted', /^Alleen de klachtencoördinator \(onderdeel "Rapportage \/ verantwoording"\) mag deze rapportage maken/);
    const due = await reportsDue(db, coordinator, '2026-12-01');
    assert.equal(due.due[0]?.reportId, reportId, 'a started draft is still due, and links to the draft');
    const audits = await db.selectFrom('audit_log').select('action').where('subject_id', '=', reportId).execute();
    assert.deepEqual(audits.map((a) => a.action), ['report.started']);
  });

  it('keeps a draft from the board; the coordinator writes the narrative and the recommendations', async () => {
    assert.equal((await listReports(db, boardMember)).length, 0);
    await refused(getReport(db, boardMember, reportId), 'not_found');
    await refused(saveNarrative(db, handler, reportId, { analysis: 'x' }), 'not_found');
    await saveNarrative(db, coordinator, reportId, {
      analysis: 'Het aantal klachten is gelijk gebleven.',
      conclusions: 'Terugbellen gaat vaak mis.',
      exceptional: [{ summary: 'Een zeer ernstige klacht over een dubbele afschrijving.' }, { summary: '  ' }],
    });
    const a = await addRecommendation(db, coordinator, reportId, { text: 'Bel binnen twee dagen terug.' });
    const b = await addRecommendation(db, coordinator, reportId, { text: 'Controleer afschrijvingen wekelijks.' });
    const c = await addRecommendation(db, coordinator, reportId, { text: 'Weg ermee.' });
    await refused(addRecommendation(db, coordinator, reportId, { text: '' }), 'validation_failed');
    await moveRecommendation(db, coordinator, b.id, 'up');
    await editRecommendation(db, coordinator, a.id, { text: 'Bel binnen twee werkdagen terug.' });
    await removeRecommendation(db, coordinator, c.id);
    const detail = await getReport(db, coordinator, reportId);
    assert.equal(detail.asksExceptional, true, '003 asks "een lijst met uitzonderlijke klachten" (Rapportage / verantwoording)');
    assert.deepEqual(detail.narrative.exceptional, [{ summary: 'Een zeer ernstige klacht over een dubbele afschrijving.' }]);
    assert.deepEqual(detail.recommendations.map((r) => r.text), ['Controleer afschrijvingen wekelijks.', 'Bel binnen twee werkdagen terug.']);
    assert.equal(detail.access.write, true);
    const doc = await reportDocumentOf(db, coordinator, reportId);
    assert.equal(doc.status, 'draft');
    assert.equal(doc.audience, 'staff');
    assert.equal(doc.figures.current.received, 3, 'live figures: the three complaints of the first half year');
  });

  it('finalises a frozen snapshot: later complaints do not change it, nothing can be edited any more', async () => {
    await refused(finaliseReport(db, handler, reportId), 'not_found');
    await finaliseReport(db, coordinator, reportId, at('2026-12-01'));
    await register(db, org, coordinator, '2026-04-01'); // received in the period, registered after finalising
    const live = await buildReportDocument(db, { organisationId: org.org.id, unitId: null, period: parsePeriod('2026-H1')!, audience: 'staff' });
    assert.equal(live.figures.current.received, 4, 'the live figures see the new complaint');
    const doc = await reportDocumentOf(db, coordinator, reportId);
    assert.equal(doc.status, 'final');
    assert.equal(doc.figures.current.received, 3, 'the final report keeps its frozen figures');
    assert.equal(doc.author, org.coordinator.user.name);
    assert.ok(doc.finalisedAt);
    await refused(saveNarrative(db, coordinator, reportId, { analysis: 'later' }), 'conflict', /definitief/);
    await refused(addRecommendation(db, coordinator, reportId, { text: 'Nog een.' }), 'conflict');
    await refused(finaliseReport(db, coordinator, reportId), 'conflict');
    const due = await reportsDue(db, coordinator, '2026-12-01');
    assert.deepEqual(due.due.map((d) => d.key), ['annual_report'], 'a final report is no longer due');
  });

  it('shows the board the final report with nothing personal; the directeur, not the bestuur, decides per recommendation (003 "De Directie ... bepaalt of de aanbevelingen overgenomen ... worden")', async () => {
    const list = await listReports(db, boardMember);
    assert.deepEqual(list.map((r) => [r.id, r.status]), [[reportId, 'final']]);
    const doc = await reportDocumentOf(db, boardMember, reportId, 'staff');
    assert.equal(doc.audience, 'board', 'the board always gets the board version');
    const text = JSON.stringify(doc);
    for (const p of PERSONAL) assert.ok(!text.includes(p), `board document holds "${p}"`);
    const [first] = (await getReport(db, boardMember, reportId)).recommendations;
    await refused(decideRecommendation(db, coordinator, first!.id, { decision: 'adopted' }), 'not_permitted', /^Alleen de directie bepaalt of een aanbeveling wordt overgenomen \(onderdeel "Rapportage \/ verantwoording"\)\.$/);
    await refused(decideRecommendation(db, boardMember, first!.id, { decision: 'adopted' }), 'not_permitted', /directie/);
    const forDirector = await getReport(db, director, reportId);
    assert.equal(forDirector.access.decide, true, 'the directeur reads the bestuur\'s report and decides');
    // 003 "Rapportage / verantwoording": "De Directie analyseert de klachten en bepaalt of de aanbevelingen overgenomen en
    // geïmplementeerd worden": the regulation's role word and verb, not the role label "directeur" with "legt vast".
    assert.equal((await getReport(db, boardMember, reportId)).decidersText, 'de directie');
    assert.equal((await getReport(db, boardMember, reportId)).decidersVerb, 'bepaalt');
    await refused(decideRecommendation(db, director, first!.id, { decision: 'misschien' as 'adopted' }), 'validation_failed');
    await decideRecommendation(db, director, first!.id, { decision: 'adopted', note: 'Per 1 januari.' }, at('2026-12-02'));
    const after = (await getReport(db, coordinator, reportId)).recommendations[0]!;
    assert.equal(after.decision, 'adopted');
    assert.equal(after.decisionNote, 'Per 1 januari.');
    assert.equal(after.decidedByName, director.name);
    const boardDoc = await reportDocumentOf(db, boardMember, reportId);
    assert.equal(boardDoc.recommendations[0]?.decision, 'adopted');
    assert.equal(boardDoc.recommendations[0]?.decidedByName, undefined, 'no name of who decided for the board');
    const audits = await db.selectFrom('audit_log').select('action').where('subject_id', '=', reportId).orderBy('id').execute();
    assert.ok(audits.some((a) => a.action === 'report.finalised'));
    assert.ok(audits.some((a) => a.action === 'report.recommendation_decided'));
  });

  it('the annual report is for the directie (003): the directeur decides, the board does not; drafts cannot be decided', async () => {
    const { id } = await startReport(db, coordinator, { reportKey: 'annual_report', period: '2025' }, at('2026-12-01'));
    // One name for its readers, as "Bestemd voor" says ("rapporteert aan de Directie"), not also "de directeur" (walk14).
    const draft = await getReport(db, coordinator, id);
    assert.equal(draft.audience, 'de directie');
    assert.deepEqual(draft.audienceLabels, ['de directie']);
    const rec = await addRecommendation(db, coordinator, id, { text: 'Maak een klachtenfolder.' });
    await refused(decideRecommendation(db, director, rec.id, { decision: 'adopted' }), 'not_found', /bestaat niet/);
    await finaliseReport(db, coordinator, id);
    await refused(decideRecommendation(db, boardMember, rec.id, { decision: 'adopted' }), 'not_permitted', /directeur/); // the audience decides here (no recommendationsDecidedBy): its role label
    await decideRecommendation(db, director, rec.id, { decision: 'not_adopted', note: 'Eerst de website.' });
    assert.equal((await getReport(db, director, id)).recommendations[0]?.decision, 'not_adopted');
  });

  it('refuses to make final a report whose period has not ended (walkthrough: 2026 made final on 2 Dec 2026)', async () => {
    const { id } = await startReport(db, coordinator, { reportKey: 'annual_report', period: '2026' }, at('2026-12-02'));
    const err = await refused(finaliseReport(db, coordinator, id, at('2026-12-02')), 'period_not_ended', /loopt tot en met 31 december 2026: u kunt haar definitief maken vanaf 1 januari 2027/);
    assert.equal(err.fields.length, 0);
    await refused(finaliseReport(db, coordinator, id, new Date('2026-12-31T12:00:00Z')), 'period_not_ended');
    assert.equal((await getReport(db, coordinator, id)).status, 'draft');
    const doc = await reportDocumentOf(db, coordinator, id, 'staff', at('2026-12-02'));
    assert.equal(doc.figures.current.asOf, '2026-12-02', 'the draft reads as an interim count');
    await finaliseReport(db, coordinator, id, new Date('2027-01-01T09:00:00Z'));
    assert.equal((await getReport(db, coordinator, id)).status, 'final');
  });

  it('need-to-know: a coordinator of another unit sees neither the organisation\'s reports nor their drafts', async () => {
    const other = await db.transaction().execute((tx) => createUnit(tx, org.org.id, { name: `Andere eenheid ${Date.now()}` }, null));
    const unitCoordinator = await actorOf(db, await makeUser(db, org.org.id, 'coordinator', { unitId: other.id }));
    assert.equal((await listReports(db, unitCoordinator)).length, 0);
    await refused(getReport(db, unitCoordinator, reportId), 'not_found');
    // It makes the reports of its own unit.
    const own = await startReport(db, unitCoordinator, { reportKey: 'half_yearly_board_report', period: '2026-H1', unitId: other.id }, at('2026-12-01'));
    assert.deepEqual((await listReports(db, unitCoordinator)).map((r) => r.id), [own.id]);
    otherUnitDraft = own.id;
    assert.match((await getReport(db, coordinator, own.id)).title, /\(Andere eenheid/);
  });

  it('pages: CSRF on every form, bad input kept with a message, a refused report looks missing', async () => {
    const app = await testApp(ctx.database);
    const staff = new PageClient(app);
    await staff.logIn(org.coordinator.email, org.coordinator.password);
    const index = await staff.get('/rapportages');
    assert.equal(index.res.status, 200);
    assert.match(index.html, /Definitieve rapportages/);
    assert.equal((await staff.postForm('/rapportages', { reportKey: 'annual_report', period: '2024' })).status, 403, 'no CSRF token');
    const bad = await staff.postForm('/rapportages', { _csrf: index.csrf, reportKey: 'annual_report', period: '2024-Q9' });
    assert.equal(bad.status, 422);
    const html = await bad.text();
    assert.match(html, /id="period-fout"/);
    assert.match(html, /value="2024-Q9"/);
    const final = await staff.get(`/rapportages/${reportId}`);
    assert.match(final.html, /download\.pdf/);
    assert.doesNotMatch(final.html, /Tekst opslaan/);

    const boardPage = new PageClient(app);
    await boardPage.logIn(board.email, board.password);
    assert.equal((await boardPage.get(`/rapportages/${otherUnitDraft}`)).res.status, 404, 'the board never sees a draft');
    const start = await boardPage.get('/start');
    assert.match(start.html, /Rapportages zonder persoonsgegevens/);
    assert.ok(start.html.includes(`/rapportages/${reportId}`), 'the final report is on the board start page');
    for (const p of PERSONAL) assert.ok(!start.html.includes(p), p);
    const boardReport = await boardPage.get(`/rapportages/${reportId}`);
    for (const p of PERSONAL) assert.ok(!boardReport.html.includes(p), p);
    assert.doesNotMatch(boardReport.html, /href="\/klachten\//);

    const handlerPage = new PageClient(app);
    await handlerPage.logIn(org.handler.email, org.handler.password);
    const h = await handlerPage.get('/rapportages');
    assert.equal((await handlerPage.get(`/rapportages/${reportId}`)).res.status, 404);
    assert.equal((await handlerPage.postForm(`/rapportages/${otherUnitDraft}/tekst`, { _csrf: h.csrf, analysis: 'x' })).status, 404);
  });

  it('shows the author the very serious or sensitive complaints of the period to summarise (staff only, need-to-know)', async () => {
    const { id } = await startReport(db, coordinator, { reportKey: 'half_yearly_board_report', period: '2026-H2' }, at('2026-12-01'));
    assert.deepEqual(await exceptionalCandidates(db, coordinator, id), []);
    await performAction(db, coordinator, secondHalf, 'classify', { values: {}, severity: 'very_serious', sensitive: false }, { now: at('2026-08-04') });
    const other = await register(db, org, coordinator, '2026-09-01');
    await performAction(db, coordinator, other.id, 'classify', { values: {}, severity: 'normal', sensitive: false }, { now: at('2026-09-02') });
    const list = await exceptionalCandidates(db, coordinator, id);
    assert.deepEqual(list.map((k) => [k.id, k.severityLabel]), [[secondHalf, 'zeer ernstig']]);
    assert.match(list[0]!.reference, /\S/);
    await refused(exceptionalCandidates(db, boardMember, id), 'not_found');
    const page = new PageClient(await testApp(ctx.database));
    await page.logIn(org.coordinator.email, org.coordinator.password);
    assert.ok((await page.get(`/rapportages/${id}`)).html.includes(`/klachten/${secondHalf}`), 'the draft links the dossier for its author');
    // A recommendation's own form keeps the error at its field (and what was typed).
    const rec = await addRecommendation(db, coordinator, id, { text: 'Eerste versie.' });
    const { csrf } = await page.get(`/rapportages/${id}`);
    const bad = await page.postForm(`/rapportages/${id}/aanbevelingen/${rec.id}`, { _csrf: csrf, text: 'x' });
    assert.equal(bad.status, 422);
    const html = await bad.text();
    assert.ok(html.includes(`id="text-${rec.id}-fout"`), 'error at the recommendation');
    assert.ok(html.includes(`href="#text-${rec.id}"`), 'the summary links to it');
  });

  it('"periodiek" (000 art. 7.2) waits for the organisation to choose its length', async () => {
    const c = await makeOrganisationWithRegulation(db, 'conneqt');
    await regulationInForceFrom(db, c.org.id, '2024-01-01');
    const officer = await actorOf(db, c.coordinator);
    const before = await reportsDue(db, officer, '2026-12-01');
    assert.deepEqual(before.needsPeriodicLength.map((n) => [n.key, n.article]), [['periodic_report', '7.2']]);
    await refused(startReport(db, officer, { reportKey: 'periodic_report', period: '2026-H1' }, at('2026-12-01')), 'validation_failed', /hoe vaak/);
    await refused(setPeriodicLength(db, officer, 'maandelijks'), 'validation_failed');
    assert.deepEqual(before.periodic, [{ key: 'periodic_report', article: '7.2' }]);
    // Asked on the reports page; a wrong answer stays with a message at the field.
    const page = new PageClient(await testApp(ctx.database));
    await page.logIn(c.coordinator.email, c.coordinator.password);
    const index = await page.get('/rapportages');
    assert.match(index.html, /Hoe vaak komt de periodieke rapportage\?/);
    assert.match(index.html, /U heeft nog niet gekozen/);
    const wrong = await page.postForm('/rapportages/hoe-vaak', { _csrf: index.csrf, periodicLength: 'maandelijks' });
    assert.equal(wrong.status, 422);
    assert.match(await wrong.text(), /id="periodicLength-fout"/);
    assert.equal((await page.postForm('/rapportages/hoe-vaak', { _csrf: index.csrf, periodicLength: 'quarter' })).status, 303);
    assert.match((await page.get('/rapportages')).html, /Nu: per kwartaal\./);
    await setPeriodicLength(db, officer, 'half');
    const afterChoice = await reportsDue(db, officer, '2026-12-01');
    assert.equal(afterChoice.periodicLength, 'half');
    assert.deepEqual(afterChoice.due.map((d) => [d.key, d.period.key]), [['periodic_report', '2026-H1'], ['yearly_analysis', '2025']]);
    assert.equal(afterChoice.needsPeriodicLength.length, 0);
  });

  it('start page: "Rapportages die klaar moeten" only over reports to make; the open choice of length has its own heading', async () => {
    const c = await makeOrganisationWithRegulation(db, 'conneqt');
    const admin = await makeUser(db, c.org.id, 'admin');
    const adminActor = await actorOf(db, admin);
    const due = await reportsDue(db, adminActor);
    assert.equal(due.due.length, 0, 'the admin writes no report');
    assert.equal(due.needsPeriodicLength.length, 1, 'but chooses how often the periodic one comes');
    const page = new PageClient(await testApp(ctx.database));
    await page.logIn(admin.email, admin.password);
    const start = await page.get('/start');
    assert.equal(start.res.status, 200);
    assert.doesNotMatch(start.html, /Rapportages die klaar moeten/, 'no heading over nothing to make');
    assert.match(start.html, /<h2[^>]*id="rapportages-hoe-vaak"[^>]*>\s*Periodieke rapportage/);
    assert.match(start.html, /vraagt om een periodieke rapportage \(artikel 7\.2\)\. Hoe vaak die komt, is nog niet gekozen\./);
    assert.match(start.html, /href="\/rapportages#hoe-vaak"/);
    // Who makes no report and chooses nothing sees no reports section at all.
    const handlerPage = new PageClient(await testApp(ctx.database));
    await handlerPage.logIn(c.intake.email, c.intake.password);
    const intakeStart = (await handlerPage.get('/start')).html;
    assert.doesNotMatch(intakeStart, /Rapportages die klaar moeten|Periodieke rapportage/);
  });

  it('owes no report about a period before the regulation was in force (000 art. 7: the complaints handled under it); the partial first period is owed', async () => {
    // An organisation made today (found walking the demo: its start page asked for last year's analysis).
    const c = await makeOrganisationWithRegulation(db, 'conneqt');
    const officer = await actorOf(db, c.coordinator);
    const lastYear = String(Number(todayOf().slice(0, 4)) - 1);
    await setPeriodicLength(db, officer, 'year');
    const now = await reportsDue(db, officer);
    assert.deepEqual(now.due.filter((d) => d.period.key === lastYear), [], `nothing about ${lastYear}`);
    const page = new PageClient(await testApp(ctx.database));
    await page.logIn(c.coordinator.email, c.coordinator.password);
    const start = await page.get('/start');
    assert.equal(start.res.status, 200);
    assert.doesNotMatch(start.html, /Rapportages die klaar moeten|Jaarlijkse klachtenanalyse/);
    // In force since 1 March 2026: in December the first half of 2026 is owed, not 2025; in 2027 the whole of 2026.
    await setPeriodicLength(db, officer, 'half');
    await regulationInForceFrom(db, c.org.id, '2026-03-01');
    assert.deepEqual((await reportsDue(db, officer, '2026-12-01')).due.map((d) => [d.key, d.period.key]), [['periodic_report', '2026-H1']]);
    assert.deepEqual((await reportsDue(db, officer, '2027-02-01')).due.map((d) => [d.key, d.period.key]), [['periodic_report', '2026-H2'], ['yearly_analysis', '2026']]);
    // Activated before its filled date of adoption: in force from that date (effectiveSince, as the review counts it).
    await regulationInForceFrom(db, c.org.id, '2024-01-01');
    await db.updateTable('regulation_versions').set({ document: sql`jsonb_set(document, '{metadata,effectiveDate}', '"2026-07-01"')` }).where('organisation_id', '=', c.org.id).execute();
    assert.deepEqual((await reportsDue(db, officer, '2026-12-01')).due.map((d) => [d.key, d.period.key]), []);
  });

  it('a compared period before the regulation was in force reads "–" with a note, not 0, and is not drawn (walkthrough: "Het jaar ervoor" 0)', async () => {
    const c = await makeOrganisationWithRegulation(db, 'stadsring51');
    await regulationInForceFrom(db, c.org.id, '2026-03-01');
    const officer = await actorOf(db, c.coordinator);
    await register(db, { org: c.org, unit: c.unit }, officer, '2026-04-01');
    const year = await buildReportDocument(db, { organisationId: c.org.id, unitId: null, period: parsePeriod('2026')!, audience: 'staff', now: at('2027-01-10') });
    const tables = reportTables(year);
    const summary = tables.find((t) => t.key === 'summary')!;
    assert.equal(summary.columns[1]!.label, 'Het jaar ervoor (2025)');
    for (const row of summary.rows) assert.deepEqual(row.cells[1], { t: 'text', s: '–' }, row.label);
    assert.match(summary.note ?? '', /"–": in 2025 gold de klachtenregeling nog niet\. De regeling geldt sinds 1 maart 2026\. Daarom is toen niets onder deze regeling geteld\./);
    const kind = tables.find((t) => t.key === 'kind')!;
    assert.ok(kind.rows.every((r) => r.cells[1]!.t === 'text'), 'every breakdown too');
    assert.ok(!chartsFor(year, tables).get('kind')!.svg.includes('2025'), 'the chart draws no 2025 series');
    // A half year: the one before (2025-H2) and a year earlier (2025-H1) both ended before 1 March 2026.
    const half = reportTables(await buildReportDocument(db, { organisationId: c.org.id, unitId: null, period: parsePeriod('2026-H1')!, audience: 'staff', now: at('2026-08-10') }));
    const s = half.find((t) => t.key === 'summary')!;
    assert.deepEqual(s.rows[0]!.cells.map((x) => x.t), ['count', 'text', 'text']);
    assert.match(s.note ?? '', /"–": in het tweede halfjaar 2025 en het eerste halfjaar 2025 gold de klachtenregeling nog niet\./);
    // Once the compared period lies under the regulation, its counts are counts again (0 is then a count).
    const later = reportTables(await buildReportDocument(db, { organisationId: c.org.id, unitId: null, period: parsePeriod('2027')!, audience: 'staff', now: at('2028-01-10') }));
    assert.deepEqual(later.find((t) => t.key === 'summary')!.rows[0]!.cells.map((x) => x.t), ['count', 'count']);
    assert.equal(later.find((t) => t.key === 'summary')!.note, undefined);
  });

  it('Lentl (004 §3): the yearly analysis is due per werkmaatschappij', async () => {
    const l = await makeOrganisationWithRegulation(db, 'lentl', LENTL_FILLS);
    await regulationInForceFrom(db, l.org.id, '2024-01-01');
    await db.transaction().execute((tx) => createUnit(tx, l.org.id, { name: 'Werkmaatschappij Zuid', kind: 'werkmaatschappij' }, null));
    const officer = await actorOf(db, l.coordinator);
    const due = await reportsDue(db, officer, '2026-12-01');
    assert.equal(due.due.length, 2);
    assert.ok(due.due.every((d) => d.key === 'yearly_analysis' && d.period.key === '2025' && d.unitId !== null));
    const started = await startReport(db, officer, { reportKey: 'yearly_analysis', period: '2025', unitId: due.due[0]!.unitId }, at('2026-12-01'));
    assert.equal((await reportsDue(db, officer, '2026-12-01')).due.find((d) => d.unitId === due.due[0]!.unitId)?.reportId, started.id);
  });

  it('Lentl (004 §2: a procedure per werkmaatschappij): a werkmaatschappij with its own regulation owes from its own date, the others from the organisation\'s', async () => {
    const l = await makeOrganisationWithRegulation(db, 'lentl', LENTL_FILLS);
    const zuid = await db.transaction().execute((tx) => createUnit(tx, l.org.id, { name: 'Werkmaatschappij Zuid', kind: 'werkmaatschappij' }, null));
    await db.transaction().execute((tx) => activateRegulation(tx, { organisationId: l.org.id, unitId: zuid.id, source: { preset: 'lentl' }, fills: LENTL_FILLS, actorUserId: null }));
    // Zuid adopted its own in 2024 (its own date of adoption, 1 June 2024); the organisation's own is in force since March 2026.
    await regulationInForceFrom(db, l.org.id, '2024-01-01');
    await db.updateTable('regulation_versions').set({ activated_at: new Date('2026-03-01T12:00:00Z') }).where('organisation_id', '=', l.org.id).where('unit_id', 'is', null).execute();
    const officer = await actorOf(db, l.coordinator);
    const due = (await reportsDue(db, officer, '2026-12-01')).due;
    assert.deepEqual(
      due.map((d) => [d.key, d.period.key, d.unitId]),
      [['yearly_analysis', '2025', zuid.id]],
      "2025 is owed by Zuid's own regulation only: the default werkmaatschappij had none in force then (Zuid's own never counted for it)",
    );
    // The report of the default werkmaatschappij compares with 2025, before its regulation: "–"; Zuid's 2025 counts.
    const home = reportTables(await buildReportDocument(db, { organisationId: l.org.id, unitId: l.unit.id, period: parsePeriod('2026')!, audience: 'staff', now: at('2027-01-10') }));
    assert.match(home.find((t) => t.key === 'summary')!.note ?? '', /in 2025 gold de klachtenregeling nog niet\. De regeling geldt sinds 1 maart 2026\./);
    const own = reportTables(await buildReportDocument(db, { organisationId: l.org.id, unitId: zuid.id, period: parsePeriod('2026')!, audience: 'staff', now: at('2027-01-10') }));
    assert.equal(own.find((t) => t.key === 'summary')!.note, undefined, 'Zuid had its regulation in 2025');
    // A unit below Zuid, without one of its own, runs Zuid's and owes from Zuid's date.
    assert.equal(await regulationInForceSince(db, l.org.id, (await db.transaction().execute((tx) => createUnit(tx, l.org.id, { name: 'Team Zuid-1', kind: 'team', parentId: zuid.id }, null))).id), '2024-06-01');
    assert.equal(await regulationInForceSince(db, l.org.id, null), '2026-03-01');
  });
});
