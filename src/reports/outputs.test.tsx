/**
 * The four outputs of a report (ADR 0016) from one fixture document: the same figures in HTML, PDF, XLSX and
 * CSV; for the board "< 5" where a count is 1–4 and the exact number nowhere, for staff the exact number;
 * Dutch numbers and dates; charts as SVG that pass a strict CSP and carry an accessible name.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import ExcelJS from 'exceljs';
import { pdfText } from '../../test/support/pdf.ts';
import { fixtureDocument } from '../../test/support/report-fixture.ts';
import type { ReportDocument } from '../domain/reports/document.ts';
import { chartsFor } from './charts.ts';
import { csvField, reportCsv } from './csv.ts';
import { ReportView, reportHtmlDocument } from './html.tsx';
import { documentJson, reportTables, summarySentence } from './model.ts';
import { reportPdf } from './pdf.ts';
import { reportXlsx } from './xlsx.ts';

/** A document whose every kind count is small (1–4) in all three periods. */
function smallKinds(audience: ReportDocument['audience']): ReportDocument {
  const doc = fixtureDocument(audience);
  for (const p of [doc.figures.current, doc.figures.previous, doc.figures.lastYear]) {
    const kind = p.breakdowns.find((b) => b.key === 'kind')!;
    kind.rows = [1, 2, 3, 4].map((n, i) => ({ key: `k${i}`, label: `Soort ${i}`, count: n }));
    kind.total = 10;
  }
  return doc;
}

async function xlsxCells(buf: Buffer): Promise<Map<string, unknown[]>> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buf as never);
  const out = new Map<string, unknown[]>();
  wb.eachSheet((ws) => {
    const values: unknown[] = [];
    ws.eachRow((row) => row.eachCell((cell) => values.push(cell.value)));
    out.set(ws.name, values);
  });
  return out;
}

describe('report outputs', () => {
  it('reads the figures as tables with three periods and the small-cell rule per audience', () => {
    const board = reportTables(fixtureDocument('board'));
    const channel = board.find((t) => t.key === 'channel')!;
    assert.deepEqual(channel.columns.map((c) => c.period), ['2026-H1', '2025-H2', '2025-H1']);
    assert.deepEqual(channel.rows.map((r) => r.label), ['E-mail', 'Webformulier', 'Brief', 'Telefoon', 'Totaal']);
    const json = JSON.stringify(documentJson(fixtureDocument('board')));
    assert.match(json, /"label":"Telefoon","count":"< 5"/);
    assert.match(json, /"label":"E-mail","count":700/);
    assert.doesNotMatch(json, /"count":[1-4][,}]/, 'no count of 1–4 in the board JSON');
    assert.doesNotMatch(json, /Directeur De Vries/);
    const serviceNorm = (documentJson(fixtureDocument('board')) as ReportDocument).figures.current.terms.find((t) => t.key === 'serviceNorm')!;
    assert.equal(serviceNorm.medianDays, null, 'days of a term met fewer than 5 times are not shown to the board');
    const staff = documentJson(fixtureDocument('staff')) as ReportDocument;
    assert.equal(staff.figures.current.breakdowns.find((b) => b.key === 'channel')!.rows.find((r) => r.key === 'phone')!.count, 3);
  });

  it('draws charts as CSP-safe SVG with an accessible name, and small cells hatched at one height with "< 5"', () => {
    const board = chartsFor(smallKinds('board')).get('kind')!;
    const staff = chartsFor(smallKinds('staff')).get('kind')!;
    for (const c of [board, staff]) {
      assert.match(c.svg, /^<svg role="img" aria-label="Staafdiagram: Ontvangen meldingen per soort/);
      assert.match(c.svg, /<title>Ontvangen meldingen per soort<\/title>/);
      assert.doesNotMatch(c.svg, /style=|<style|<script|class=/, 'no inline styles (CSP) and no script');
    }
    assert.equal(board.svg.match(/&lt; 5/g)?.length, 12, 'every one of the 12 small bars says "< 5"');
    assert.ok(board.hasHidden);
    assert.equal(staff.svg.match(/&lt; 5/g), null);
    assert.equal(staff.hasHidden, false);
    // Board: the 12 bars all have the same length (no exact value drawn); staff: four different lengths.
    const lengths = (svg: string) => new Set([...svg.matchAll(/<path d="M[\d.]+ [\d.]+l([\d.]+) 0l0 [\d.]+l-[\d.]+ 0Z" fill="#/g)].map((m) => m[1]));
    assert.equal(lengths(board.svg).size, 1);
    assert.equal(lengths(staff.svg).size, 4);
    // Two charts on one page never share an id (hatching patterns).
    const ids = (svg: string) => [...svg.matchAll(/id="([^"]+)"/g)].map((m) => m[1]);
    const other = chartsFor(smallKinds('board')).get('kind')!;
    assert.ok(ids(board.svg).length > 0);
    assert.ok(ids(board.svg).every((id) => !ids(other.svg).includes(id)));
  });

  it('words the summary in good Dutch: 1 in the singular, 0 as "geen" (walkthrough 2 Dec 2026)', () => {
    const sentence = (audience: ReportDocument['audience'], set: (f: ReportDocument['figures']['current']) => void) => {
      const doc = fixtureDocument(audience);
      set(doc.figures.current);
      return summarySentence(doc);
    };
    assert.equal(
      sentence('staff', (f) => Object.assign(f, { received: 1, complaints: 1, openAtEnd: 1, overdueAtEnd: 1 })),
      'In het eerste halfjaar 2026 kwam 1 melding binnen, waarvan 1 klacht. Aan het eind van de periode was er nog 1 open; 1 daarvan was over de termijn.',
    );
    assert.match(sentence('staff', (f) => Object.assign(f, { openAtEnd: 3, overdueAtEnd: 0 })), /waren er nog 3 open; geen daarvan was over de termijn\.$/);
    assert.match(sentence('board', (f) => Object.assign(f, { openAtEnd: 3, overdueAtEnd: 0 })), /waren er nog < 5 open; geen daarvan was over de termijn\.$/);
    assert.match(sentence('board', (f) => Object.assign(f, { openAtEnd: 0, overdueAtEnd: 0 })), /Aan het eind van de periode was er geen klacht meer open\.$/);
    assert.match(sentence('board', (f) => Object.assign(f, { openAtEnd: 9, overdueAtEnd: 1 })), /waren er nog 9 open; < 5 daarvan waren over de termijn\.$/);
  });

  it('says a report of a period still running is an interim count, in the present tense (walkthrough 2 Dec 2026)', () => {
    const doc = fixtureDocument('staff');
    Object.assign(doc.figures.current, { period: { key: '2026', label: '2026', from: '2026-01-01', to: '2026-12-31' }, asOf: '2026-12-02', openAtEnd: 3, overdueAtEnd: 1 });
    assert.match(summarySentence(doc), /^Tot nu toe \(stand van 2 december 2026\) kwamen in 2026 1\.243 meldingen binnen, waarvan 1\.100 klachten\. Nu zijn er nog 3 open; 1 daarvan is over de termijn\.$/);
    assert.doesNotMatch(summarySentence(doc), /Aan het eind|waren/);
    const tables = reportTables(doc);
    assert.match(tables.find((t) => t.key === 'summary')!.note ?? '', /^Tussenstand: 2026 loopt nog tot en met 31 december 2026\..*stand van 2 december 2026/);
    assert.ok(tables.find((t) => t.key === 'terms')!.columns.some((c) => c.label === 'Nog niet gehaald, termijn voorbij op 2 december 2026'));
  });

  it('draws charts readable on a 375 px phone, a hidden cell in its series\' colour (walkthrough 2 Dec 2026)', () => {
    const doc = smallKinds('board');
    doc.figures.current.terms = [{ key: 'decision', label: 'Beslissing op de klacht', onTime: 3, late: 2, overdueOpen: 0, medianDays: null, p90Days: null }];
    const charts = [...chartsFor(doc).values()];
    assert.ok(charts.length >= 3);
    for (const c of charts) {
      const width = Number(/^<svg[^>]* width="(\d+)"/.exec(c.svg)![1]);
      const sizes = [...c.svg.matchAll(/font-size="([\d.]+)px"/g)].map((m) => Number(m[1]));
      assert.ok(sizes.length > 0, c.key);
      // Shown at most 343 px wide on a 375 px screen (16 px margins): every text at least 12 px there.
      assert.ok(Math.min(...sizes) * Math.min(1, 343 / width) >= 12, `${c.key}: ${Math.min(...sizes)}px text in a ${width} wide chart`);
      assert.doesNotMatch(c.svg, /#9e9e9e/i, `${c.key}: no grey bar that loses its series`);
    }
    // Both stacked series small: each keeps its own colour and says "< 5".
    const terms = chartsFor(doc).get('terms')!.svg;
    assert.match(terms, /fill="#1d4f91" stroke="#222" stroke-dasharray/, 'op tijd: blue, hatched');
    assert.match(terms, /fill="#b3261e" stroke="#222" stroke-dasharray/, 'te laat: red, hatched');
    assert.equal(terms.match(/&lt; 5/g)?.length, 2);
  });

  it('never breaks a word of a bar label in the middle (walkthrough 3 Dec 2026: "Ontvangstbevestigi" / "ng")', () => {
    const doc = fixtureDocument('staff');
    doc.figures.current.terms = [
      { key: 'acknowledgement', label: 'Ontvangstbevestiging', onTime: 3, late: 2, overdueOpen: 0, medianDays: null, p90Days: null },
      { key: 'decision', label: 'Standpunt van de directie', onTime: 3, late: 2, overdueOpen: 0, medianDays: null, p90Days: null },
    ];
    const svg = chartsFor(doc).get('terms')!.svg;
    const texts = [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]!);
    assert.ok(texts.includes('Ontvangstbevestiging'), texts.join(' | '));
    const words = new Set(['Ontvangstbevestiging', 'Standpunt', 'van', 'de', 'directie']);
    const labelTexts = texts.filter((t) => !['Op tijd', 'Te laat'].includes(t) && !/^[\d.,<&; ]+$/.test(t));
    for (const t of labelTexts) assert.ok(t.split(' ').every((w) => words.has(w)), `"${t}" is a piece of a word`);
  });

  it('renders the HTML page with tables, charts, trends, texts and decisions, in Dutch', () => {
    const html = reportHtmlDocument(fixtureDocument('board'));
    assert.match(html, /^<!DOCTYPE html><html lang="nl">/);
    assert.doesNotMatch(html, /<script/);
    assert.match(html, /<h1[^>]*>Halfjaarrapportage klachten<\/h1>/);
    assert.match(html, /eerste halfjaar 2026 \(1 januari 2026 tot en met 30 juni 2026\)/);
    assert.match(html, /Definitief, vastgesteld op 3 juli 2026 door A\. Coördinator/);
    assert.match(html, /In het eerste halfjaar 2026 kwamen 1\.243 meldingen binnen, waarvan 1\.100 klachten\. Aan het eind van de periode waren er nog 60 open; &lt; 5 daarvan/);
    assert.match(html, /De klachtenregeling vraagt om deze rapportage \(Rapportage \/ verantwoording\)\./);
    assert.match(html, /<caption class="utrecht-table__caption">Hoe|<caption class="utrecht-table__caption">Kanaal/);
    assert.match(html, /<th class="utrecht-table__header-cell" scope="row">Telefoon<\/th><td class="utrecht-table__cell kw-num">&lt; 5<\/td>/);
    assert.match(html, /scope="row">E-mail<\/th><td class="utrecht-table__cell kw-num">700<\/td>/);
    assert.match(html, /scope="row">Totaal<\/th><td class="utrecht-table__cell kw-num">1.243<\/td>/, 'Dutch thousands separator');
    assert.match(html, /31,5/, 'Dutch decimal comma (median days)');
    assert.match(html, /Kwaliteit van zorg steeg van gemiddeld 380,5 naar 520/);
    assert.match(html, /Regel: Een waarde is een trend/);
    assert.match(html, /Een zeer ernstige klacht over een val bij het douchen/);
    assert.match(html, /Overgenomen op 10 juli 2026/);
    assert.match(html, /Nog geen besluit/);
    assert.match(html, /<svg role="img"/);
    assert.doesNotMatch(html, /Directeur De Vries/, 'who recorded a decision is for staff only');
    assert.match(html, /<h2 class="utrecht-heading-2" id="h-kerncijfers">Kerncijfers<\/h2>/);
    const embedded = String((<ReportView doc={fixtureDocument('board')} embedded />).toString());
    assert.doesNotMatch(embedded, /<h1|<h2/, 'inside a report page: no h1 of its own, sections at h3');
    assert.match(embedded, /<h3 class="utrecht-heading-3" id="h-kerncijfers">Kerncijfers<\/h3>/);
    assert.match(embedded, /<h4 class="utrecht-heading-4">Analyse<\/h4>/);
    const staff = reportHtmlDocument(fixtureDocument('staff'));
    assert.match(staff, /scope="row">Telefoon<\/th><td class="utrecht-table__cell kw-num">3<\/td>/);
    assert.match(staff, /door Directeur De Vries/);
    assert.doesNotMatch(staff, /&lt; 5/);
  });

  it('writes a PDF with the same figures, "< 5" for the board, page numbers and the title on every page', async () => {
    const text = pdfText(await reportPdf(fixtureDocument('board')));
    assert.match(text, /Halfjaarrapportage klachten/);
    assert.match(text, /Periode: eerste halfjaar 2026 \(1 januari 2026 tot en met 30 juni 2026\)/);
    assert.match(text, /Telefoon\s+< 5\s+< 5\s+< 5/);
    assert.match(text, /E-mail\s+700\s+560\s+490/);
    assert.match(text, /Pagina 1 van (\d+)/);
    const pages = Number(/Pagina 1 van (\d+)/.exec(text)![1]);
    assert.ok(pages >= 3);
    assert.equal(text.match(/Halfjaarrapportage klachten · eerste halfjaar 2026/g)?.length, pages - 1, 'running header from page 2');
    assert.match(text, /Kwaliteit van zorg steeg van gemiddeld 380,5 naar 520/);
    const staff = pdfText(await reportPdf(fixtureDocument('staff')));
    assert.match(staff, /Telefoon\s+3\s+3\s+3/);
    assert.doesNotMatch(staff, /< 5/);
  });

  it('writes an XLSX with numbers as numbers, "< 5" as text for the board, and Dutch dates', async () => {
    const board = await xlsxCells(await reportXlsx(fixtureDocument('board')));
    assert.deepEqual([...board.keys()], ['Samenvatting', 'Kenmerken', 'Onderwerpen', 'Termijnen', 'Escalaties en extern', 'Maatregelen', 'Trends', 'Analyse', 'Aanbevelingen']);
    const all = [...board.values()].flat();
    assert.ok(all.includes(1243), 'a count is a number');
    assert.ok(all.includes('< 5'));
    const kenmerken = board.get('Kenmerken')!;
    const i = kenmerken.indexOf('Telefoon');
    assert.deepEqual(kenmerken.slice(i, i + 4), ['Telefoon', '< 5', '< 5', '< 5']);
    const counts = ['Samenvatting', 'Kenmerken', 'Onderwerpen', 'Escalaties en extern'].flatMap((name) => board.get(name)!);
    assert.ok(!counts.some((v) => v === 3 || v === 2 || v === 1 || v === 4), 'no small count as a number on the sheets of counts');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await reportXlsx(fixtureDocument('board'))) as never);
    const sum = wb.getWorksheet('Samenvatting')!;
    let van: ExcelJS.Cell | undefined;
    sum.eachRow((row) => {
      if (row.getCell(1).value === 'Van') van = row.getCell(2);
    });
    assert.ok(van?.value instanceof Date);
    assert.equal((van.value as Date).toISOString().slice(0, 10), '2026-01-01');
    assert.equal(van.numFmt, '[$-413]d mmmm yyyy');
    const staff = await xlsxCells(await reportXlsx(fixtureDocument('staff')));
    const sk = staff.get('Kenmerken')!;
    const j = sk.indexOf('Telefoon');
    assert.deepEqual(sk.slice(j, j + 4), ['Telefoon', 3, 3, 3]);
  });

  it('lists exceptional complaints only where the regulation asks them in this report (003), in HTML, PDF and XLSX (lane words13b)', async () => {
    // 001's inventory: no list asked, none written: no heading, no "Geen uitzonderlijke klachten beschreven."
    const none = fixtureDocument('board', { asksExceptional: false, narrative: { analysis: 'Analyse.' } });
    const html = reportHtmlDocument(none);
    assert.doesNotMatch(html, /[Uu]itzonderlijke klachten/);
    assert.doesNotMatch(pdfText(await reportPdf(none)), /[Uu]itzonderlijke klachten/);
    const cells = await xlsxCells(await reportXlsx(none));
    assert.ok(!cells.get('Analyse')!.some((v) => /[Uu]itzonderlijke klachten/.test(String(v))), 'no exceptional complaints in the xlsx');
    // 003's half-yearly board report asks one: the heading, and the empty list said.
    const asked = fixtureDocument('board', { asksExceptional: true, narrative: {} });
    assert.match(reportHtmlDocument(asked), /Geen uitzonderlijke klachten beschreven\./);
    assert.match(pdfText(await reportPdf(asked)), /Geen uitzonderlijke klachten beschreven\./);
    assert.ok((await xlsxCells(await reportXlsx(asked))).get('Analyse')!.includes('Geen uitzonderlijke klachten beschreven.'));
  });

  it('shows rows only for the steps the regulation has, in its own words: 003 has no external body or satisfaction, and consults het bestuur (walk14)', async () => {
    const doc = fixtureDocument('staff', { narrative: {} });
    doc.figures.steps = { escalation: true, consultation: true, externalBody: false, satisfaction: false, decision: 'het antwoord' };
    for (const p of [doc.figures.current, doc.figures.previous, doc.figures.lastYear]) {
      p.external = { started: 0, byBody: [], rulings: 0 };
      p.satisfaction = { recorded: 0, satisfied: 0, notSatisfied: 0 };
      p.breakdowns = p.breakdowns.filter((b) => b.key !== 'satisfaction');
      p.escalated = 7;
      p.escalations = [{ key: 'director', label: 'Directeur', count: 7 }];
      p.consulted = 2;
      p.consultations = [{ key: 'board', label: 'Bestuur', count: 2 }];
    }
    const summary = reportTables(doc).find((t) => t.key === 'summary')!;
    assert.deepEqual(summary.rows.map((r) => r.label), [
      'Ontvangen meldingen (alle soorten)', 'Waarvan klachten', 'Afgehandeld in de periode', 'Nog open aan het eind van de periode',
      'Daarvan over de termijn voor het antwoord', 'Geëscaleerd', 'Voorgelegd voor overleg',
    ]);
    assert.deepEqual(reportTables(doc).filter((t) => t.section === 'escalations' || t.section === 'external').map((t) => t.caption), ['Escalaties naar rol', 'Overleg naar rol']);
    const html = reportHtmlDocument(doc);
    const pdf = pdfText(await reportPdf(doc));
    const cells = await xlsxCells(await reportXlsx(doc));
    const xlsx = [...cells.values()].flat().map(String).join('\n');
    for (const [name, text] of [['html', html], ['pdf', pdf], ['xlsx', xlsx]] as const) {
      assert.doesNotMatch(text, /externe instantie|Externe procedures|Tevredenheid gevraagd|Niet tevreden|termijn voor de beslissing/, name);
      assert.match(text, /Voorgelegd voor overleg/, name);
    }
    assert.match(html, /Escalaties en overleg/);
    assert.match(pdf, /Escalaties en overleg/);
    assert.ok(cells.has('Escalaties en overleg'), [...cells.keys()].join(', '));
    // A step the regulation lacks but that was counted (under an earlier version) keeps its row.
    doc.figures.previous.external = { started: 1, byBody: [{ key: 'other', label: 'Anders', count: 1 }], rulings: 0 };
    assert.ok(reportTables(doc).find((t) => t.key === 'summary')!.rows.some((r) => r.key === 'externalStarted'));
  });

  it('says in a sentence that no complaint was escalated or consulted on, never a table with a header and no rows (a screen reader announces an empty table; lane walk15)', async () => {
    const doc = fixtureDocument('board', { narrative: {} });
    doc.figures.steps = { escalation: true, consultation: true, externalBody: false, satisfaction: false, decision: 'het antwoord' };
    for (const p of [doc.figures.current, doc.figures.previous, doc.figures.lastYear]) {
      p.external = { started: 0, byBody: [], rulings: 0 };
      p.escalated = 0;
      p.escalations = [];
      p.consulted = 0;
      p.consultations = [];
    }
    const html = reportHtmlDocument(doc);
    const pdf = pdfText(await reportPdf(doc)).replace(/\s+/g, ' ');
    const xlsx = [...(await xlsxCells(await reportXlsx(doc))).values()].flat().map(String).join('\n');
    for (const [name, text] of [['html', html], ['pdf', pdf], ['xlsx', xlsx]] as const) {
      assert.match(text, /Escalaties naar rol: in de perioden van dit verslag is geen klacht geëscaleerd\./, name);
      assert.match(text, /Overleg naar rol: in de perioden van dit verslag is geen klacht voorgelegd voor overleg\./, name);
      assert.doesNotMatch(text, /Geëscaleerd naar|Voorgelegd aan/, name);
    }
    assert.doesNotMatch(html, /<caption[^>]*>(Escalaties|Overleg) naar rol/);
  });

  it('cites an article with its own brackets in one pair: "(Definities, Complexe of gevoelige klacht)", never "(Definities (…))" (003; lane walk15)', async () => {
    const doc = fixtureDocument('staff', { narrative: {} });
    for (const p of [doc.figures.current, doc.figures.previous, doc.figures.lastYear]) {
      const b = p.breakdowns.find((x) => x.key === 'class:category')!;
      b.article = 'Definities (Complexe of gevoelige klacht)';
    }
    const html = reportHtmlDocument(doc);
    const pdf = pdfText(await reportPdf(doc)).replace(/\s+/g, ' ');
    const xlsx = [...(await xlsxCells(await reportXlsx(doc))).values()].flat().map(String).join('\n');
    for (const [name, text] of [['html', html], ['pdf', pdf], ['xlsx', xlsx]] as const) {
      assert.match(text, /Categorie \(Definities, Complexe of gevoelige klacht\)/, name);
      assert.doesNotMatch(text, /\(Definities \(/, name);
    }
  });

  it('writes one long CSV table: BOM, ";", decimal comma, RFC 4180 quoting, "< 5" for the board', () => {
    const csv = reportCsv(fixtureDocument('board'));
    assert.ok(csv.startsWith('\uFEFFOnderdeel;Dimensie;Waarde;Periode;Aantal\r\n'));
    assert.ok(csv.endsWith('\r\n'));
    const lines = csv.slice(1).trimEnd().split('\r\n');
    assert.ok(lines.includes('Meldingen naar soort en kenmerk;Kanaal;Telefoon;2026-H1;< 5'));
    assert.ok(lines.includes('Meldingen naar soort en kenmerk;Kanaal;E-mail;2026-H1;700'));
    assert.ok(lines.includes('Meldingen naar soort en kenmerk;Kanaal;Totaal;2026-H1;1243'));
    assert.ok(lines.includes('Termijnen;Beslissing;Mediaan (dagen);2026-H1;31,5'));
    assert.ok(lines.includes('Termijnen;Servicenorm;Mediaan (dagen);2026-H1;–'), 'days of a term met fewer than 5 times are not shown');
    assert.ok(lines.every((l) => l.split(';').length === 5 || l.includes('"')), 'five fields a line');
    assert.equal(csvField('a;b'), '"a;b"');
    assert.equal(csvField('zei "ja"'), '"zei ""ja"""');
    assert.equal(csvField('twee\nregels'), '"twee\nregels"');
    const staff = reportCsv(fixtureDocument('staff'));
    assert.ok(staff.includes('Meldingen naar soort en kenmerk;Kanaal;Telefoon;2026-H1;3\r\n'));
    assert.ok(!staff.includes('< 5'));
  });
});
