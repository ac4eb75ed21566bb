import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { expectNoAxeViolations, launchBrowser } from '../support/browser.ts';
import { makeOrganisationWithRegulation } from '../support/factories.ts';
import { startLiveServer } from '../support/live-server.ts';
import { today } from '../../src/usecases/complaints/dossier.ts';

/**
 * A new user submits the public complaint form in Chromium, with and without JavaScript, and sees the
 * reference; a coordinator then finds the complaint on the start page and in the list, opens the dossier
 * and handles it (acknowledge, assign, a refused hearing record, waive the hearing, decide). Axe runs on
 * every page visited, including the pages with validation errors.
 */
describe('complaint pages in Chromium', () => {
  let server: Awaited<ReturnType<typeof startLiveServer>>;
  let browser: Browser;
  let org: Awaited<ReturnType<typeof makeOrganisationWithRegulation>>;
  const references: string[] = [];
  const screenshots = process.env.KW_SCREENSHOTS; // a folder: save a screenshot of each page there

  before(async () => {
    server = await startLiveServer();
    org = await makeOrganisationWithRegulation(server.database.db, 'stadsring51');
    browser = await launchBrowser();
  });
  after(async () => {
    await checkerContext?.close();
    await browser?.close();
    await server?.dispose();
  });

  /**
   * Axe on the page as the user sees it. Axe needs script, which a page without JavaScript cannot run:
   * there, the same HTML is checked in a scripted page on the same origin (same styles, same CSP).
   */
  const check = async (page: Page, label: string, scripted = true) => {
    if (screenshots) await page.screenshot({ path: path.join(screenshots, `${label.replace(/[^\w-]+/g, '_')}.png`), fullPage: true });
    if (scripted) return expectNoAxeViolations(page, label);
    const html = await page.content();
    const checker = await (checkerContext ??= await browser.newContext()).newPage();
    await checker.goto(`${server.url}/health`);
    await checker.setContent(html, { waitUntil: 'load' });
    await expectNoAxeViolations(checker, `${label} (HTML checked with script)`);
    await checker.close();
  };
  let checkerContext: BrowserContext | undefined;

  async function fillPublicForm(page: Page) {
    await page.getByLabel('Wat is er gebeurd?').fill('Mijn afspraak op dinsdag werd twee keer afgezegd zonder uitleg.');
    await page.getByLabel(`Cliënt van ${org.org.name}`, { exact: true }).check();
    await page.getByLabel('Voor mijzelf').check();
    await page.getByLabel('Uw naam').fill('Fatima de Vries');
    await page.getByLabel('Uw postadres').fill('Kerkstraat 12\n1234 AB Utrecht');
    await page.getByLabel('Uw e-mailadres').fill('fatima@example.nl');
  }

  async function submitPublic(context: BrowserContext, withJs: boolean) {
    const page = await context.newPage();
    await page.goto(`${server.url}/${org.org.slug}/klacht`);
    await check(page, `public form ${withJs ? 'js' : 'no-js'}`, withJs);
    if (withJs) assert.equal(await page.evaluate('document.compatMode'), 'CSS1Compat');

    // First without the required data, with a file: errors at the top and at the fields, typed text and the file kept.
    const attachment = path.join(tmpdir(), `kw-brief-${process.pid}.txt`);
    writeFileSync(attachment, 'De brief met de afzegging.');
    await page.getByLabel('Uw naam').fill('Fatima de Vries');
    await page.getByLabel('Wilt u bestanden meesturen?').setInputFiles(attachment);
    await page.getByRole('button', { name: 'Verder' }).click();
    await page.locator('#foutmeldingen').waitFor();
    await check(page, `public form errors ${withJs ? 'js' : 'no-js'}`, withJs);
    assert.equal(await page.getByLabel('Uw naam').inputValue(), 'Fatima de Vries');
    assert.ok(await page.locator('#description-fout').isVisible());
    assert.ok(await page.locator('#signed-fout').isVisible());
    assert.ok(await page.getByText(/Verwijderen: kw-brief-.*\.txt/).isVisible(), 'the file is held: "al toegevoegd"');
    // The summary links to the field.
    await page.locator('#foutmeldingen a[href="#description"]').click();

    await fillPublicForm(page);
    await page.getByLabel(/Ik onderteken deze klacht/).check();
    await page.getByRole('button', { name: 'Verder' }).click();
    await page.getByRole('heading', { name: 'Controleer uw klacht' }).waitFor();
    await check(page, `public form check ${withJs ? 'js' : 'no-js'}`, withJs);
    assert.match((await page.textContent('main')) ?? '', /kw-brief-.*\.txt/);
    await page.getByRole('button', { name: 'Klacht versturen' }).click();
    await page.getByRole('heading', { name: 'Wij hebben uw klacht ontvangen' }).waitFor();
    await check(page, `confirmation ${withJs ? 'js' : 'no-js'}`, withJs);
    const reference = (await page.locator('.kw-reference__number').textContent())?.trim() ?? '';
    assert.match(reference, /^\d{4}-\d{4}$/);
    const text = (await page.textContent('main')) ?? '';
    assert.match(text, /U krijgt binnen 1 week een ontvangstbevestiging/);
    assert.match(text, /Nationale ombudsman/);
    references.push(reference);
    await page.close();
  }

  it('a new user submits the public form with JavaScript', async () => {
    const context = await browser.newContext();
    await submitPublic(context, true);
    await context.close();
  });

  it('a new user submits the public form without JavaScript', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    await submitPublic(context, false);
    await context.close();
  });

  it('a coordinator finds the complaint, opens the dossier and handles it', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${server.url}/inloggen`);
    await page.getByLabel('E-mailadres').fill(org.coordinator.email);
    await page.getByLabel('Wachtwoord').fill(org.coordinator.password);
    await page.getByRole('button', { name: 'Inloggen' }).click();
    await page.waitForURL('**/start');
    await check(page, 'start coordinator');
    const reference = references[0]!;
    const triage = page.locator('section', { has: page.getByRole('heading', { name: /Nieuw: wacht op indeling/ }) });
    assert.ok(await triage.getByRole('link', { name: reference }).isVisible(), 'the new complaint waits for triage on the start page');

    await page.getByRole('navigation', { name: 'Hoofdmenu' }).getByRole('link', { name: 'Klachten', exact: true }).click();
    await page.waitForURL('**/klachten');
    await check(page, 'list');
    await page.getByLabel('Zoeken in klachten').fill('afgezegd');
    await page.getByRole('button', { name: 'Zoeken' }).click();
    await page.waitForURL('**/klachten?**');
    await check(page, 'list search');
    await page.getByRole('link', { name: reference }).click();
    await page.getByRole('heading', { name: `Klacht ${reference}` }).waitFor();
    await check(page, 'dossier');
    assert.ok(await page.getByRole('link', { name: /kw-brief-.*\.txt/ }).isVisible(), 'the attachment is listed');

    const act = async (label: string, fill: () => Promise<void> = async () => {}) => {
      const form = page.locator(`details.kw-action:has(summary:text-is("${label}"))`);
      await form.locator('summary').click();
      await fill();
      await form.getByRole('button', { name: label }).click();
    };

    await act('Ontvangstbevestiging vastleggen');
    // The step owes a letter (002 art. 6.3): the proposed letter comes next, with the step confirmed.
    await page.getByText('Gelukt: Ontvangstbevestiging vastleggen. De brief hieronder is nog niet verstuurd.').waitFor();
    await page.getByRole('heading', { name: 'Brief: Ontvangstbevestiging' }).waitFor();
    await check(page, 'proposed letter after acknowledge');
    await page.getByRole('link', { name: `Terug naar klacht ${reference}` }).click();
    await page.getByRole('heading', { name: `Klacht ${reference}` }).waitFor();
    await check(page, 'dossier after acknowledge');

    await act('Behandelaar toewijzen', async () => {
      await page.locator('#assign-handlerUserId').selectOption({ label: 'Test handler' });
    });
    await page.getByText('Gelukt: Behandelaar toewijzen.').waitFor();
    await check(page, 'dossier after assign');

    // Recording a hearing without the report the regulation requires (002 art. 6.7): the message at the field.
    await act('Horen vastleggen', async () => {
      await page.locator('#record-hearing-party').check();
    });
    await page.locator('#record-hearing-report-fout').waitFor();
    await check(page, 'dossier with action error');
    assert.match((await page.locator('#record-hearing-report-fout').textContent()) ?? '', /Schrijf een verslag/);

    await act('Afzien van horen', async () => {
      await page.locator('#waive-hearing-party').check();
      await page.getByLabel('De klacht is kennelijk ongegrond').check();
      await page.locator('#waive-hearing-explanation').fill('De klacht is bij nader inzien een misverstand over de datum.');
    });
    await page.getByText('Gelukt: Afzien van horen.').waitFor();
    await check(page, 'dossier after waiver');

    await act('Beslissing vastleggen', async () => {
      await page.getByLabel('Ongegrond', { exact: true }).check();
      await page.locator('#decide-reasoning').fill('De afspraak is één keer verzet, met bericht vooraf. Dat is volgens de afspraken.');
      await page.locator('#decide-measures').fill('Bevestig verzette afspraken voortaan schriftelijk');
    });
    // The decision owes a written, reasoned letter (002 art. 6.9): proposed next; here it is not sent now.
    await page.getByText('Gelukt: Beslissing vastleggen. De brief hieronder is nog niet verstuurd.').waitFor();
    assert.match((await page.locator('#body').inputValue().catch(() => '')) || ((await page.textContent('main')) ?? ''), /Nationale ombudsman/);
    await page.getByRole('link', { name: 'Nu geen brief versturen' }).click();
    await page.getByRole('heading', { name: `Klacht ${reference}` }).waitFor();
    await check(page, 'dossier after decision');
    const main = (await page.textContent('main')) ?? '';
    assert.match(main, /Afgehandeld/);
    assert.match(main, /Ongegrond/);
    await context.close();
  });

  it('an intake user registers a letter received last week on the registration form', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${server.url}/inloggen`);
    await page.getByLabel('E-mailadres').fill(org.intake.email);
    await page.getByLabel('Wachtwoord').fill(org.intake.password);
    await page.getByRole('button', { name: 'Inloggen' }).click();
    await page.waitForURL('**/start');
    await check(page, 'start intake');
    await page.goto(`${server.url}/klachten/nieuw`);
    await check(page, 'registration form');
    await page.getByRole('button', { name: 'Registreren' }).click();
    await page.locator('#foutmeldingen').waitFor();
    await check(page, 'registration form errors');
    await page.getByLabel('Hoe kwam de klacht binnen?').selectOption('letter');
    const lastWeek = today(new Date(Date.now() - 7 * 86_400_000));
    await page.getByLabel('Datum van ontvangst').fill(lastWeek);
    await page.getByLabel('Omschrijving van de klacht').fill('Brief van meneer over een rekening die twee keer is verstuurd.');
    await page.getByLabel('Naam van de klager').fill('Meneer Bakker');
    await page.getByLabel('Postadres').fill('Molenweg 3, 1234 CD Ergens');
    // 002 art. 4.1 and 4.3: who the complainant is, and a signed, dated letter.
    await page.getByLabel(`Cliënt van ${org.org.name}`, { exact: true }).check();
    await page.getByLabel('De brief is door de klager ondertekend').check();
    await page.getByLabel('Datum op de brief (dagtekening)').fill(lastWeek);
    await page.getByRole('button', { name: 'Registreren' }).click();
    await page.getByText('De klacht is geregistreerd.', { exact: true }).waitFor(); // the flash; the status line starts with the same sentence
    await check(page, 'dossier registered by intake');
    await context.close();
  });
});
