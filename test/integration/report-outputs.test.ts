/**
 * Report outputs end to end (issue 10, ADR 0016): complaints registered with known counts and distinctive
 * personal data; the report generated through the CLI (in process, all four formats) and the API (list, JSON,
 * PDF, XLSX, CSV, ad hoc); the figures match the counts, small cells are "< 5" for the board and exact for
 * staff, and NOTHING personal (name, e-mail, phone, address, description, subject, respondent) appears in
 * any board output. A final report keeps its frozen figures when later complaints arrive.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { before, it } from 'node:test';
import ExcelJS from 'exceljs';
import type { Kysely } from 'kysely';
import { runProgram } from '../../src/cli/program.ts';
import type { CliContext } from '../../src/cli/context.ts';
import { loadConfig } from '../../src/config.ts';
import type { DB } from '../../src/db/types.ts';
import { parsePeriod } from '../../src/domain/reports/periods.ts';
import { reportCsv } from '../../src/reports/csv.ts';
import { reportHtmlDocument } from '../../src/reports/html.tsx';
import { documentJson } from '../../src/reports/model.ts';
import { reportPdf } from '../../src/reports/pdf.ts';
import { reportXlsx } from '../../src/reports/xlsx.ts';
import type { Actor } from '../../src/usecases/actor.ts';
import { registerComplaint } from '../../src/usecases/complaints/register-complaint.ts';
import { buildReportDocument } from '../../src/usecases/reports/document.ts';
import { ApiClient, expectStatus } from '../support/api.ts';
import { forEachDatabase } from '../support/databases.ts';
import { actorOf, makeOrganisationWithRegulation, makeToken, makeUser, TEST_PASSWORD } from '../support/factories.ts';
import { PageClient } from '../support/http.ts';
import { pdfText } from '../support/pdf.ts';

const at = (day: string) => new Date(`${day}T10:00:00+02:00`);
const H1 = parsePeriod('2026-H1')!;

/** Distinctive personal data per complaint; none of it may reach a board output. */
function person(i: number) {
  return {
    name: `Hendrikus Zwartkruis${i}`,
    email: `h.zwartkruis${i}@voorbeeld-prive.nl`,
    phone: `06-9876543${i}`,
    postalAddress: `Kwikstaartlaan ${70 + i}, 9999 ZZ Nergenshuizen`,
    description: `Mijn buurvrouw Gertruda Plompenbeek${i} viel van de trap`,
    subject: `Trapval bij Plompenbeek${i}`,
    respondentName: `Dr. Waldemar Ooievaar${i}`,
  };
}
const PERSONAL = (n: number) => Array.from({ length: n }, (_, i) => Object.values(person(i))).flat().concat(['Zwartkruis', 'Plompenbeek', 'Ooievaar', 'Kwikstaartlaan', 'Nergenshuizen', 'voorbeeld-prive', '06-9876543']);

async function xlsxText(buf: Buffer): Promise<string> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buf as never);
  const values: string[] = [];
  wb.eachSheet((ws) => ws.eachRow((row) => row.eachCell((cell) => values.push(String(cell.value instanceof Date ? cell.value.toISOString() : cell.value)))));
  return values.join('\n');
}

function assertNothingPersonal(what: string, text: string, count: number) {
  for (const s of PERSONAL(count)) assert.ok(!text.includes(s), `${what} contains "${s}"`);
}

forEachDatabase('report outputs', (ctx) => {
  let db: Kysely<DB>;
  let org: Awaited<ReturnType<typeof makeOrganisationWithRegulation>>;
  let coordinator: Actor;
  let api: ApiClient;
  let tokens: { coordinator: string; board: string; handler: string };
  let reportId: string;
  let boardLogin: { email: string };
  const EMAIL = 7;
  const LETTER = 2;

  const register = (i: number, channel: string, day: string) => {
    const p = person(i);
    return registerComplaint(db, {
      organisationId: org.org.id,
      actor: coordinator,
      door: 'staff',
      now: at(day),
      input: {
        channel,
        receivedOn: day,
        description: p.description,
        complainant: { relation: 'client', name: p.name, postalAddress: p.postalAddress, email: p.email, phone: p.phone },
        signed: true,
        writtenDownAndSigned: true,
        documentDate: day,
        respondentName: p.respondentName,
        subject: p.subject,
      },
    });
  };

  before(async () => {
    db = ctx.database.db;
    org = await makeOrganisationWithRegulation(db, 'stadsring51');
    coordinator = await actorOf(db, org.coordinator);
    for (let i = 0; i < EMAIL; i++) await register(i, 'email', `2026-02-${String(2 + i).padStart(2, '0')}`);
    for (let i = EMAIL; i < EMAIL + LETTER; i++) await register(i, 'letter', '2026-03-10');
    const board = await makeUser(db, org.org.id, 'board');
    boardLogin = board;
    api = await ApiClient.create(ctx.database);
    tokens = {
      coordinator: await makeToken(db, org.org.id, org.coordinator.user.id),
      board: await makeToken(db, org.org.id, board.user.id),
      handler: await makeToken(db, org.org.id, org.handler.user.id),
    };
  });

  it('counts what was registered, shows "< 5" to the board and the exact count to staff, in every format', async () => {
    const board = await buildReportDocument(db, { organisationId: org.org.id, unitId: null, period: H1, audience: 'board' });
    const channel = board.figures.current.breakdowns.find((b) => b.key === 'channel')!;
    assert.equal(channel.rows.find((r) => r.key === 'email')?.count, EMAIL);
    assert.equal(channel.rows.find((r) => r.key === 'letter')?.count, LETTER);
    assert.equal(board.figures.current.received, EMAIL + LETTER);

    const html = reportHtmlDocument(board);
    assert.match(html, /scope="row">Brief<\/th><td class="utrecht-table__cell kw-num">&lt; 5<\/td>/);
    assert.match(html, /scope="row">E-mail<\/th><td class="utrecht-table__cell kw-num">7<\/td>/);
    const pdf = pdfText(await reportPdf(board));
    assert.match(pdf, /Brief\s+< 5/);
    assert.match(pdf, /E-mail\s+7/);
    const csv = reportCsv(board);
    assert.match(csv, /;Brief;2026-H1;< 5\r\n/);
    assert.match(csv, /;E-mail;2026-H1;7\r\n/);
    const xlsx = await xlsxText(await reportXlsx(board));
    assert.match(xlsx, /Brief\n< 5/);

    const staff = await buildReportDocument(db, { organisationId: org.org.id, unitId: null, period: H1, audience: 'staff' });
    assert.match(reportHtmlDocument(staff), /scope="row">Brief<\/th><td class="utrecht-table__cell kw-num">2<\/td>/);
    assert.match(reportCsv(staff), /;Brief;2026-H1;2\r\n/);
  });

  it('puts no name, e-mail, phone, address, description or subject of any complaint in any board output', async () => {
    const board = await buildReportDocument(db, { organisationId: org.org.id, unitId: null, period: H1, audience: 'board' });
    const n = EMAIL + LETTER;
    assertNothingPersonal('HTML', reportHtmlDocument(board), n);
    assertNothingPersonal('PDF', pdfText(await reportPdf(board)), n);
    assertNothingPersonal('XLSX', await xlsxText(await reportXlsx(board)), n);
    assertNothingPersonal('CSV', reportCsv(board), n);
    assertNothingPersonal('JSON', JSON.stringify(documentJson(board)), n);
    const adhoc = expectStatus(await api.get('/api/v1/reports/adhoc?period=2026-H1', tokens.board), 200);
    assertNothingPersonal('API JSON', JSON.stringify(adhoc.body), n);
    assert.equal(adhoc.body.figures.current.breakdowns.find((b: { key: string }) => b.key === 'channel').rows.find((r: { key: string }) => r.key === 'letter').count, '< 5');
    const posted = expectStatus(await api.post('/api/v1/reports/generate', tokens.coordinator, { period: '2026-H1', format: 'csv' }), 200);
    assert.match(posted.body, /;Brief;2026-H1;< 5\r\n/);
    assertNothingPersonal('API CSV (generate)', posted.body, n);
    expectStatus(await api.post('/api/v1/reports/generate', tokens.coordinator, { period: '2026-H9' }), 422);
    expectStatus(await api.get('/api/v1/reports/adhoc?period=2026', tokens.handler), 403);
    // The check would catch it: the staff dossier data does hold these strings.
    const row = await db.selectFrom('complaints').select(['description', 'complainant']).where('organisation_id', '=', org.org.id).executeTakeFirstOrThrow();
    assert.match(JSON.stringify(row), /Zwartkruis/);
  });

  it('generates all four formats through the CLI, with progress on stderr and clear Dutch errors', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'kw-report-cli-'));
    const run = async (argv: string[]) => {
      const c = { out: '', err: '' };
      const cli: CliContext = {
        io: { stdout: (s) => void (c.out += s), stderr: (s) => void (c.err += s) },
        cwd: dir,
        config: () => loadConfig({}),
        withDatabase: (fn) => fn(ctx.database),
        server: null,
        exitCode: 0,
      };
      return { code: await runProgram(argv, cli), ...c };
    };
    for (const format of ['html', 'pdf', 'xlsx', 'csv']) {
      const r = await run(['reports', 'generate', '--org', org.org.slug, '--period', '2026-H1', '--format', format, '--out', `r.${format}`]);
      assert.equal(r.code, 0, r.err);
      assert.match(r.err, /Cijfers berekenen voor eerste halfjaar 2026…/);
      assert.match(r.out, new RegExp(`geschreven naar ${dir.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/r\\.${format}`));
    }
    assert.match(readFileSync(path.join(dir, 'r.csv'), 'utf8'), /;Brief;2026-H1;< 5\r\n/);
    assertNothingPersonal('CLI PDF', pdfText(readFileSync(path.join(dir, 'r.pdf'))), EMAIL + LETTER);
    assertNothingPersonal('CLI XLSX', await xlsxText(readFileSync(path.join(dir, 'r.xlsx'))), EMAIL + LETTER);
    assertNothingPersonal('CLI HTML', readFileSync(path.join(dir, 'r.html'), 'utf8'), EMAIL + LETTER);
    const staff = await run(['reports', 'generate', '--org', org.org.slug, '--period', '2026-H1', '--format', 'csv', '--out', 'staff.csv', '--audience', 'staff']);
    assert.equal(staff.code, 0, staff.err);
    assert.match(readFileSync(path.join(dir, 'staff.csv'), 'utf8'), /;Brief;2026-H1;2\r\n/);

    const again = await run(['reports', 'generate', '--org', org.org.slug, '--period', '2026-H1', '--format', 'csv', '--out', 'r.csv']);
    assert.equal(again.code, 1);
    assert.match(again.err, /bestaat al\. Kies een andere naam of gebruik --force/);
    for (const [argv, message] of [
      [['--period', '2026-H3', '--format', 'pdf'], /Onbekende periode "2026-H3"\.\n {2}period: Geef een jaar \(2026\), een halfjaar/],
      [['--period', '2026', '--format', 'docx'], /Onbekend formaat "docx"\.\n {2}format: Kies html, pdf, xlsx of csv\./],
      [['--period', '2026', '--format', 'pdf', '--unit', 'bestaat-niet'], /Eenheid "bestaat-niet" bestaat niet in deze organisatie\./],
      [['--period', '2026', '--format', 'pdf', '--audience', 'iedereen'], /Onbekende versie "iedereen"/],
    ] as const) {
      const r = await run(['reports', 'generate', '--org', org.org.slug, '--out', 'x.pdf', ...argv]);
      assert.equal(r.code, 1, argv.join(' '));
      assert.match(r.err, message);
    }
    const unknownOrg = await run(['reports', 'generate', '--org', 'bestaat-niet', '--period', '2026', '--format', 'pdf', '--out', 'y.pdf']);
    assert.equal(unknownOrg.code, 1);
    assert.match(unknownOrg.err, /Organisatie "bestaat-niet" bestaat niet/);
    const list = await run(['reports', 'list', '--org', org.org.slug]);
    assert.equal(list.code, 0);
    assert.match(list.out, /nog geen opgeslagen rapportages/);
  });

  it('lists and returns stored reports through the API with need-to-know; a final report keeps its frozen figures', async () => {
    const doc = await buildReportDocument(db, { organisationId: org.org.id, unitId: null, period: H1, reportKey: 'periodic_report', audience: 'staff' });
    const row = await db
      .insertInto('reports')
      .values({
        organisation_id: org.org.id,
        unit_id: null,
        report_key: 'periodic_report',
        period: H1.key,
        period_from: H1.from,
        period_to: H1.to,
        title: 'Periodieke rapportage eerste halfjaar 2026',
        status: 'final',
        narrative: JSON.stringify({ analysis: 'Meer klachten per e-mail.', exceptional: [{ summary: 'Een val, zorg aangepast.' }] }),
        figures: JSON.stringify(doc.figures),
        created_by: org.coordinator.user.id,
        finalised_at: new Date('2026-07-02T10:00:00Z'),
        finalised_by: org.coordinator.user.id,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    reportId = row.id;
    // Later data never changes a final report.
    await register(99, 'letter', '2026-04-01');

    const list = expectStatus(await api.get('/api/v1/reports', tokens.board), 200);
    assert.deepEqual(list.body.items.map((i: { id: string }) => i.id), [reportId]);
    assert.equal(list.body.items[0].links.pdf, `/api/v1/reports/${reportId}.pdf`);
    assert.equal(list.body.items[0].status, 'final');
    assert.deepEqual(expectStatus(await api.get('/api/v1/reports', tokens.handler), 200).body.items, [], 'a handler lists no reports');

    const json = expectStatus(await api.get(`/api/v1/reports/${reportId}`, tokens.board), 200);
    assert.equal(json.body.audience, 'board');
    assert.equal(json.body.figures.current.received, EMAIL + LETTER, 'frozen: the complaint of 1 April is not in it');
    assert.equal(json.body.figures.current.breakdowns.find((b: { key: string }) => b.key === 'channel').rows.find((r: { key: string }) => r.key === 'letter').count, '< 5');
    assert.equal(json.body.narrative.analysis, 'Meer klachten per e-mail.');
    expectStatus(await api.get(`/api/v1/reports/${reportId}?audience=staff`, tokens.board), 403);
    expectStatus(await api.get(`/api/v1/reports/${reportId}`, tokens.handler), 404);
    expectStatus(await api.get('/api/v1/reports/00000000-0000-4000-8000-000000000000.pdf', tokens.coordinator), 404);

    const pdf = await api.app.request(`/api/v1/reports/${reportId}.pdf`, { headers: { authorization: `Bearer ${tokens.board}` } });
    assert.equal(pdf.status, 200);
    assert.equal(pdf.headers.get('content-type'), 'application/pdf');
    assert.match(pdf.headers.get('content-disposition') ?? '', /^attachment; filename="periodieke-rapportage-eerste-halfjaar-2026-2026-h1\.pdf"$/);
    const text = pdfText(Buffer.from(await pdf.arrayBuffer()));
    assert.match(text, /Periodieke rapportage eerste halfjaar 2026/);
    assert.match(text, /Brief\s+< 5/);
    assert.match(text, /Een val, zorg aangepast\./);
    assertNothingPersonal('API PDF', text, 100);
    // No staff name in the board's version: the author is the role (walkthrough 2 Dec 2026: "door Karin Klachtenfunctionaris").
    const staffName = org.coordinator.user.name;
    assert.match(text, /door de klachtenfunctionaris/);
    assert.ok(!text.includes(staffName), `the board PDF names ${staffName}`);
    assert.equal(json.body.author, 'de klachtenfunctionaris');
    assert.ok(!JSON.stringify(json.body).includes(staffName), 'the board JSON names a staff member');

    const xlsx = await api.app.request(`/api/v1/reports/${reportId}.xlsx?audience=staff`, { headers: { authorization: `Bearer ${tokens.coordinator}` } });
    assert.equal(xlsx.status, 200);
    assert.match(await xlsxText(Buffer.from(await xlsx.arrayBuffer())), /Brief\n2\n/);
    const boardXlsx = await api.app.request(`/api/v1/reports/${reportId}.xlsx`, { headers: { authorization: `Bearer ${tokens.board}` } });
    const boardXlsxText = await xlsxText(Buffer.from(await boardXlsx.arrayBuffer()));
    assertNothingPersonal('API XLSX', boardXlsxText, 100);
    assert.ok(!boardXlsxText.includes(staffName), 'the board XLSX names a staff member');
    assert.match(boardXlsxText, /door de klachtenfunctionaris/);
    const csv = await api.app.request(`/api/v1/reports/${reportId}.csv`, { headers: { authorization: `Bearer ${tokens.board}` } });
    assert.equal(csv.headers.get('content-type'), 'text/csv; charset=utf-8');
    const csvText = await csv.text();
    assert.match(csvText, /;Brief;2026-H1;< 5\r\n/);
    assertNothingPersonal('API CSV', csvText, 100);

    const openapi = (await (await api.app.request('/api/openapi.json')).json()) as { paths: Record<string, unknown> };
    for (const p of ['/api/v1/reports', '/api/v1/reports/{id}', '/api/v1/reports/{id}.pdf', '/api/v1/reports/{id}.xlsx', '/api/v1/reports/{id}.csv', '/api/v1/reports/adhoc']) assert.ok(openapi.paths[p], `OpenAPI documents ${p}`);

    const audited = await db.selectFrom('audit_log').select(['action', 'details']).where('subject_id', '=', reportId).execute();
    assert.ok(audited.some((a) => a.action === 'report.download'));
    assert.ok(audited.some((a) => a.action === 'report.read'));

    // Downloads from the pages: a session, need-to-know as the API, the board's version unless staff asks.
    const coordinatorPage = new PageClient(api.app);
    await coordinatorPage.logIn(org.coordinator.email, TEST_PASSWORD);
    const dl = await coordinatorPage.request(`/rapportages/${reportId}/download.csv`);
    assert.equal(dl.status, 200);
    assert.match(await dl.text(), /;Brief;2026-H1;< 5\r\n/);
    const dlStaff = await coordinatorPage.request(`/rapportages/${reportId}/download.csv?versie=medewerkers`);
    assert.match(await dlStaff.text(), /;Brief;2026-H1;2\r\n/);
    // The report's page: the board reads the role, the coordinator (staff) the name.
    const boardPage = new PageClient(api.app);
    await boardPage.logIn(boardLogin.email, TEST_PASSWORD);
    const boardHtml = (await boardPage.get(`/rapportages/${reportId}`)).html;
    assert.match(boardHtml, /door de klachtenfunctionaris/);
    assert.ok(!boardHtml.includes(staffName), 'the board\'s report page names a staff member');
    assert.ok((await coordinatorPage.get(`/rapportages/${reportId}`)).html.includes(staffName), 'staff read who made it final');
    const handlerPage = new PageClient(api.app);
    await handlerPage.logIn(org.handler.email, TEST_PASSWORD);
    assert.equal((await handlerPage.request(`/rapportages/${reportId}/download.pdf`)).status, 404);
    assert.equal((await new PageClient(api.app).request(`/rapportages/${reportId}/download.pdf`)).status, 303, 'not logged in: to the log-in page');

    // The CLI uses the stored (final) report for that key and period.
    const dir = mkdtempSync(path.join(tmpdir(), 'kw-report-cli-'));
    const c = { out: '', err: '' };
    const code = await runProgram(['reports', 'generate', '--org', org.org.slug, '--period', '2026-H1', '--report', 'periodic_report', '--format', 'csv', '--out', 'final.csv'], {
      io: { stdout: (s) => void (c.out += s), stderr: (s) => void (c.err += s) },
      cwd: dir,
      config: () => loadConfig({}),
      withDatabase: (fn) => fn(ctx.database),
      server: null,
      exitCode: 0,
    });
    assert.equal(code, 0, c.err);
    assert.match(c.err, /Opgeslagen rapportage gebruikt \(definitief\)/);
    assert.match(readFileSync(path.join(dir, 'final.csv'), 'utf8'), /Kerncijfers;Kerncijfers;Ontvangen meldingen \(alle soorten\);2026-H1;9\r\n/);
  });

  it('starts a report the regulation prescribes through the API, returns its figures and finalises it once', async () => {
    const started = expectStatus(await api.post('/api/v1/reports', tokens.coordinator, { reportKey: 'yearly_analysis', period: '2026' }), 201);
    const id = started.body.id as string;
    assert.equal(started.body.links.csv, `/api/v1/reports/${id}.csv`);
    assert.equal(expectStatus(await api.post('/api/v1/reports', tokens.coordinator, { reportKey: 'yearly_analysis', period: '2026' }), 200).body.id, id, 'starting again opens the same report');
    expectStatus(await api.post('/api/v1/reports', tokens.coordinator, { reportKey: 'yearly_analysis', period: '2026-H5' }), 422);
    expectStatus(await api.post('/api/v1/reports', tokens.coordinator, { reportKey: 'no_such_report', period: '2026' }), 422);
    expectStatus(await api.post('/api/v1/reports', tokens.handler, { reportKey: 'yearly_analysis', period: '2026' }), 403);

    const csv = await api.app.request(`/api/v1/reports/${id}.csv?audience=staff`, { headers: { authorization: `Bearer ${tokens.coordinator}` } });
    assert.equal(csv.status, 200);
    const text = await csv.text();
    assert.match(text, /;E-mail;2026;7\r\n/);

    // A year still running cannot be made final (its figures are an interim count): a stable code.
    const thisYear = new Date().toLocaleDateString('en-CA', { timeZone: 'Europe/Amsterdam' }).slice(0, 4);
    const running = expectStatus(await api.post('/api/v1/reports', tokens.coordinator, { reportKey: 'yearly_analysis', period: thisYear }), thisYear === '2026' ? 200 : 201).body.id as string;
    const early = expectStatus(await api.post(`/api/v1/reports/${running}/finalise`, tokens.coordinator, {}), 409);
    assert.equal(early.body.error.code, 'period_not_ended');
    const ended = expectStatus(await api.post('/api/v1/reports', tokens.coordinator, { reportKey: 'yearly_analysis', period: '2025' }), 201).body.id as string;
    assert.equal(expectStatus(await api.post(`/api/v1/reports/${ended}/finalise`, tokens.coordinator, {}), 200).body.status, 'final');
    expectStatus(await api.post(`/api/v1/reports/${ended}/finalise`, tokens.coordinator, {}), 409);
    const listed = expectStatus(await api.get('/api/v1/reports', tokens.board), 200).body.items.map((i: { id: string }) => i.id);
    assert.ok(listed.includes(ended), 'the board lists the final report');
  });
});
