import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { committeeFixture } from '../../src/domain/regulation/intake-fixture.ts';
import { activateRegulation } from '../../src/usecases/regulations/regulations.ts';
import { expectAccessibleFit, launchBrowser } from '../support/browser.ts';
import { makeOrganisation } from '../support/factories.ts';
import { startLiveServer } from '../support/live-server.ts';

/**
 * Issue 12, lane intake, in Chromium at 1280 and 375 px with axe: the public regulation page of a regulation with a
 * committee, mediation and own milestones, and the public form with the new complainant kinds, for whom, proof of
 * capacity and the subjects that are not a complaint (a link to where to go instead); a nabestaande is asked the
 * deceased client's name at the field, and what was typed stays.
 */
describe('issue 12 intake pages in Chromium', () => {
  let server: Awaited<ReturnType<typeof startLiveServer>>;
  let browser: Browser;
  let slug: string;

  before(async () => {
    server = await startLiveServer();
    const org = await makeOrganisation(server.database.db, 'Stichting Voorbeeldzorg');
    slug = org.org.slug;
    await server.database.db
      .transaction()
      .execute((tx) => activateRegulation(tx, { organisationId: org.org.id, unitId: null, source: { document: committeeFixture() }, fills: {}, actorUserId: null }));
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await server?.dispose();
  });

  const check = expectAccessibleFit;

  for (const width of [1280, 375]) {
    it(`at ${width} px: the regulation page and the form`, async () => {
      const context = await browser.newContext({ viewport: { width, height: 900 } });
      const page = await context.newPage();
      page.setDefaultTimeout(60_000);
      await page.goto(`${server.url}/${slug}/klachtenregeling`);
      await page.getByRole('heading', { name: 'De klachtencommissie' }).waitFor();
      await page.getByRole('heading', { name: 'Welke termijnen gelden nog meer?' }).waitFor();
      assert.ok(await page.getByText(/Eerst probeert de klachtenfunctionaris samen met u een oplossing te vinden/).isVisible());
      await check(page, `regulation page ${width}px`);

      await page.goto(`${server.url}/${slug}/klacht`);
      await page.getByRole('heading', { name: 'Waarvoor is dit formulier niet?' }).waitFor();
      assert.equal(await page.getByRole('link', { name: 'Afdeling Financiën' }).getAttribute('href'), 'https://voorbeeldzorg.nl/facturen');
      await page.getByRole('group', { name: /Ik dien de klacht in als/ }).waitFor();
      await check(page, `form ${width}px`);

      await page.getByLabel('Wat is er gebeurd?').fill('Mijn moeder kreeg haar medicijnen steeds te laat.');
      await page.getByLabel('Nabestaande van een overleden cliënt', { exact: true }).check();
      await page.getByLabel('Uw naam').fill('Anna de Vries');
      await page.getByLabel('Uw postadres').fill('Dorpsstraat 1\n1234 AB Ergens');
      await page.getByLabel(/Ik onderteken deze klacht/).check();
      await page.getByRole('button', { name: 'Verder' }).click();
      await page.locator('#foutmeldingen').waitFor();
      assert.match((await page.textContent('main')) ?? '', /Vul de naam van de overleden cliënt in voor wie u de klacht indient \(artikel 4\.1d\)/);
      assert.equal(await page.getByLabel('Uw naam').inputValue(), 'Anna de Vries');
      await check(page, `form error ${width}px`);
      await context.close();
    });
  }
});
