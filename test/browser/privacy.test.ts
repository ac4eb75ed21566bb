import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { registerComplaint } from '../../src/usecases/complaints/register-complaint.ts';
import { expectNoAxeViolations, launchBrowser, loggedInPage } from '../support/browser.ts';
import { actorOf, makeOrganisationWithRegulation } from '../support/factories.ts';
import { startLiveServer } from '../support/live-server.ts';

/**
 * The privacy pages (issue 11, ADR 0020) in a real Chromium at desktop width and at 375 px, with axe on every
 * state: the coordinator searches a person (a bad phone number keeps what was typed), sees the dossiers, downloads
 * the JSON export, records an erasure request, answers it (a missing choice is shown at the field) and reads the
 * letter; the record of processing (art. 30) page.
 */
describe('privacy pages in Chromium', () => {
  let server: Awaited<ReturnType<typeof startLiveServer>>;
  let browser: Browser;
  let login: { email: string; password: string };
  const references: string[] = [];

  before(async () => {
    server = await startLiveServer();
    const db = server.database.db;
    const s = await makeOrganisationWithRegulation(db, 'stadsring51');
    login = s.coordinator;
    const actor = await actorOf(db, s.coordinator);
    for (const complainant of [
      { name: 'Zoë de Vries', email: 'zoe@example.nl' },
      { name: 'Z. Vries', phone: '06 12345678' },
    ]) {
      const c = await registerComplaint(db, {
        organisationId: s.org.id,
        actor,
        door: 'staff',
        input: { unitId: s.unit.id, channel: 'letter', description: 'Een klacht over de wachttijd.', complainant: { relation: 'client', postalAddress: 'Dorpsstraat 1, 1234 AB Ergens', ...complainant }, signed: true, documentDate: '2026-11-02' },
      });
      references.push(c.reference);
    }
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await server?.dispose();
  });

  const logIn = (width: number): Promise<Page> =>
    loggedInPage(browser, server.url, login, { viewport: { width, height: 900 }, acceptDownloads: true });

  /** Axe, and no sideways scrolling at the page's width. */
  async function checkPage(page: Page, label: string, width: number) {
    await expectNoAxeViolations(page, label);
    const wide = Number(await page.evaluate('document.documentElement.scrollWidth'));
    assert.ok(wide <= width, `${label} scrolls sideways: ${wide} px wide`);
  }

  for (const [width, label] of [
    [1280, 'desktop'],
    [375, '375 px'],
  ] as const) {
    it(`finds a person, exports, records and answers a request (${label})`, async () => {
      const page = await logIn(width);
      await page.getByRole('link', { name: 'Privacy', exact: true }).click();
      await page.getByRole('heading', { level: 1, name: 'Privacy: verzoeken van klagers' }).waitFor();
      await checkPage(page, `/privacy ${label}`, width);

      await page.getByLabel('E-mailadres').fill('zoe@example.nl');
      await page.getByLabel('Telefoonnummer').fill('12');
      await page.getByRole('button', { name: 'Zoeken' }).click();
      await page.locator('#phone-fout').waitFor();
      assert.equal(await page.getByLabel('E-mailadres').inputValue(), 'zoe@example.nl', 'what was typed stays');
      await checkPage(page, `/privacy with an error ${label}`, width);

      await page.getByLabel('Telefoonnummer').fill('+31 6 1234 5678');
      await page.getByRole('button', { name: 'Zoeken' }).click();
      await page.getByRole('heading', { level: 2, name: 'Gevonden: 2 dossiers' }).waitFor();
      for (const r of references) await page.getByRole('link', { name: r }).first().waitFor();
      await checkPage(page, `/privacy with results ${label}`, width);

      if (width === 1280) {
        const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download JSON' }).click()]);
        // A stream, not download.path(): the run's shared Chromium is a remote browser to this process (no local path).
        const body = Buffer.concat(await (await download.createReadStream()).toArray()).toString('utf8');
        const data = JSON.parse(body) as { dossiers: { reference: string }[] };
        assert.deepEqual(data.dossiers.map((d) => d.reference).sort(), [...references].sort());
      }

      await page.getByLabel('Soort verzoek').selectOption('erasure');
      await page.getByRole('button', { name: 'Verzoek vastleggen' }).click();
      await page.getByText('Het verzoek is vastgelegd.').waitFor();
      await checkPage(page, `/privacy/verzoeken/:id ${label}`, width);
      await page.getByRole('button', { name: 'Antwoord vastleggen' }).click();
      await page.locator('.kw-field-error').first().waitFor();
      await checkPage(page, `/privacy/verzoeken/:id with an error ${label}`, width);
      for (const r of references) await page.getByRole('group', { name: `Dossier ${r}` }).getByLabel('Bewaren').check();
      await page.getByLabel('Toelichting').fill('De klachten worden nog behandeld.');
      await page.getByRole('button', { name: 'Antwoord vastleggen' }).click();
      await page.getByText('Het antwoord is vastgelegd.').waitFor();
      await page.getByRole('heading', { level: 3, name: 'Brief aan de verzoeker' }).waitFor();
      await checkPage(page, `/privacy/verzoeken/:id answered ${label}`, width);

      await page.goto(server.url + '/privacy/verwerkingsregister');
      await page.getByRole('heading', { level: 1, name: 'Verwerkingsregister: klachtenbehandeling' }).waitFor();
      await page.getByRole('heading', { level: 2, name: 'Bewaartermijn' }).waitFor();
      await checkPage(page, `/privacy/verwerkingsregister ${label}`, width);
      await page.context().close();
    });
  }
});
