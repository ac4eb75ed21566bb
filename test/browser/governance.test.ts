import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { CBF_FILLS } from '../support/api.ts';
import { expectNoAxeViolations, launchBrowser, loggedInPage } from '../support/browser.ts';
import { bindRegulationRole, makeOrganisationWithRegulation, makeUser, regulationInForceFrom } from '../support/factories.ts';
import { startLiveServer } from '../support/live-server.ts';

/**
 * The yearly meeting (002 art. 8) and the review of the regulation (003 Bekendmaking) in a real Chromium at
 * desktop width and at 375 px, with axe on every state: the start page names the meeting that is due, the
 * klachtenfunctionaris plans it (an error keeps what was typed), sees the generated agenda and records the
 * minutes; the admin starts the review, writes the evaluation and a draft, cannot approve it (only the bestuur),
 * the bestuur reads the difference and approves, and then the admin activates the adjusted regulation.
 */
describe('yearly meeting and review of the regulation in Chromium', () => {
  let server: Awaited<ReturnType<typeof startLiveServer>>;
  let browser: Browser;
  const logins: Record<string, { email: string; password: string }> = {};

  before(async () => {
    server = await startLiveServer();
    const db = server.database.db;
    const s = await makeOrganisationWithRegulation(db, 'stadsring51');
    await regulationInForceFrom(db, s.org.id, '2024-01-01'); // last year's meeting is owed (002 art. 8)
    logins['officer'] = s.coordinator;
    const c = await makeOrganisationWithRegulation(db, 'cbf-template', CBF_FILLS);
    logins['admin'] = await makeUser(db, c.org.id, 'admin');
    const board = await makeUser(db, c.org.id, 'board');
    await bindRegulationRole(db, c.org.id, 'board', board.user.id);
    logins['board'] = board;
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await server?.dispose();
  });

  const logIn = (who: string, width: number): Promise<Page> =>
    loggedInPage(browser, server.url, logins[who]!, { viewport: { width, height: 900 } });

  for (const [width, label, year] of [
    [1280, 'desktop', '2025'],
    [375, '375 px', '2024'],
  ] as const) {
    it(`plans the yearly meeting and records the minutes (${label})`, async () => {
      const page = await logIn('officer', width);
      if (year === '2025') {
        await page.getByRole('heading', { level: 2, name: 'Jaaroverleg' }).waitFor();
        await expectNoAxeViolations(page, `/start with the meeting due ${label}`);
        await page.getByRole('link', { name: 'Jaaroverleg plannen' }).click();
      } else {
        await page.goto(server.url + '/jaaroverleg');
      }
      await page.getByRole('heading', { level: 1, name: 'Jaaroverleg' }).waitFor();
      await expectNoAxeViolations(page, `/jaaroverleg ${label}`);
      await page.getByLabel('Over welk jaar gaat het overleg?').fill(year);
      await page.getByLabel('Welke functies zijn erbij?').fill('directie, klachtenfunctionaris');
      await page.getByRole('button', { name: 'Plannen en agenda maken' }).click();
      await page.locator('#plannedOn-fout').waitFor();
      assert.equal(await page.getByLabel('Welke functies zijn erbij?').inputValue(), 'directie, klachtenfunctionaris', 'what was typed stays');
      await expectNoAxeViolations(page, `/jaaroverleg with an error ${label}`);
      await page.getByLabel('Datum van het overleg').fill('2026-11-20');
      // A meeting held already is recorded afterwards: a date in the past only with the box ticked.
      await page.getByLabel(/Het overleg is al gehouden/).check();
      await page.getByRole('button', { name: 'Plannen en agenda maken' }).click();
      await page.getByText('Het jaaroverleg en de agenda zijn vastgelegd. Leg nu het verslag vast.').waitFor();
      await page.getByRole('heading', { level: 1, name: `Jaaroverleg over ${year}` }).waitFor();
      await page.getByText('Stand van de verbetermaatregelen').waitFor();
      await page.getByText('Ontvangen meldingen').waitFor();
      assert.equal(
        await page.getByRole('link', { name: 'het volledige formulier van het register' }).getAttribute('href'),
        new URL(page.url()).pathname.replace('/jaaroverleg/', '/verbetermaatregelen/nieuw?meeting='),
      );
      await expectNoAxeViolations(page, `/jaaroverleg/:id ${label}`);
      await page.getByLabel('Datum waarop het overleg is gehouden').fill('2026-11-20');
      await page.getByRole('button', { name: 'Verslag opslaan' }).click();
      await page.locator('#minutes-fout').waitFor();
      await expectNoAxeViolations(page, `/jaaroverleg/:id with an error ${label}`);
      await page.getByLabel('Verslag', { exact: true }).fill('De analyse is besproken. Besloten: een afsprakenbrief.');
      await page.getByRole('button', { name: 'Verslag opslaan' }).click();
      await page.getByText('Het verslag is vastgelegd.').waitFor();
      await page.getByText(/Gehouden op 20 november 2026/).waitFor();
      await expectNoAxeViolations(page, `/jaaroverleg/:id held ${label}`);
      await page.getByLabel('Maatregel', { exact: true }).fill('Afsprakenbrief invoeren');
      await page.getByLabel('Klaar op').fill('2027-06-01');
      await page.getByRole('button', { name: 'Maatregel vastleggen' }).click();
      await page.getByText('De maatregel staat in het verbeterregister.').waitFor();
      await page.getByRole('link', { name: 'Afsprakenbrief invoeren' }).waitFor();
      await expectNoAxeViolations(page, `/jaaroverleg/:id with a decided measure ${label}`);
      await page.context().close();
    });

    it(`evaluates the regulation; only the bestuur approves; then it is activated (${label})`, async () => {
      const admin = await logIn('admin', width);
      await admin.goto(server.url + '/beheer/klachtenregeling');
      await admin.getByRole('link', { name: 'Regeling evalueren' }).click();
      await admin.getByRole('heading', { level: 1, name: 'Evaluatie van de klachtenregeling' }).waitFor();
      await expectNoAxeViolations(admin, `/regeling/evaluatie ${label}`);
      await admin.getByRole('button', { name: /Evaluatie beginnen/ }).click();
      await admin.getByRole('button', { name: 'Evaluatie opslaan' }).click();
      await admin.locator('#evaluation-fout').waitFor();
      await expectNoAxeViolations(admin, `/regeling/evaluatie/:id with an error ${label}`);
      await admin.getByLabel('Evaluatie').fill('De regeling werkt; de titel moet korter.');
      await admin.getByRole('button', { name: 'Evaluatie opslaan' }).click();
      await admin.getByText('De evaluatie is opgeslagen.').waitFor();
      const field = admin.getByLabel('Geavanceerd: de regeling als tekstbestand (YAML)');
      const yaml = await field.inputValue();
      await field.fill(yaml.replace(/^ {2}title: .*$/m, `  title: Klachtenregeling ${label}`));
      await admin.getByRole('button', { name: 'Concept opslaan' }).click();
      await admin.getByText('Het concept is opgeslagen.').waitFor();
      await admin.getByRole('heading', { level: 3, name: /Titel/ }).waitFor();
      await admin.getByText(/Alleen wie de rol bestuur heeft, keurt de bijgestelde klachtenregeling goed \(onderdeel "Bekendmaking"\)/).waitFor();
      assert.equal(await admin.getByRole('button', { name: 'Bijgestelde regeling activeren' }).count(), 0, 'no activation before the approval');
      await expectNoAxeViolations(admin, `/regeling/evaluatie/:id with a draft ${label}`);
      const reviewUrl = admin.url().replace(/\?.*$/, '');

      const board = await logIn('board', width);
      await board.getByRole('heading', { level: 2, name: 'Bijgestelde klachtenregeling goedkeuren' }).waitFor();
      await expectNoAxeViolations(board, `/start of the bestuur with a draft to approve ${label}`);
      await board.getByRole('link', { name: /concept en wijzigingen lezen/ }).click();
      assert.equal(board.url(), reviewUrl);
      await board.getByRole('heading', { level: 2, name: 'Wat verandert er?' }).waitFor();
      await board.getByText(`Klachtenregeling ${label}`).first().waitFor();
      assert.equal(await board.getByRole('button', { name: 'Concept opslaan' }).count(), 0, 'the bestuur reads, it does not edit');
      await expectNoAxeViolations(board, `/regeling/evaluatie/:id for the bestuur ${label}`);
      await board.getByLabel('Toelichting bij de goedkeuring').fill('Besloten in de bestuursvergadering.');
      await board.getByRole('button', { name: 'Concept goedkeuren' }).click();
      await board.getByText('De goedkeuring is vastgelegd.').waitFor();
      await expectNoAxeViolations(board, `/regeling/evaluatie/:id approved ${label}`);
      await board.context().close();

      await admin.goto(reviewUrl);
      await admin.getByRole('button', { name: 'Bijgestelde regeling activeren' }).click();
      await admin.getByText('De bijgestelde regeling is geactiveerd.').waitFor();
      await expectNoAxeViolations(admin, `/regeling/evaluatie/:id activated ${label}`);
      await admin.goto(server.url + '/beheer/klachtenregeling');
      await admin.getByText(`Klachtenregeling ${label}`).first().waitFor();
      await admin.context().close();
    });
  }
});
