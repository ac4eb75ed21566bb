import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { expectNoAxeViolations, loggedInPage, logInThroughForm } from '../support/browser.ts';
import { makeOrganisationWithRegulation, makeUser } from '../support/factories.ts';
import { liveServerAndBrowser } from '../support/live-server.ts';
import { today } from '../../src/usecases/complaints/dossier.ts';

/**
 * The improvement register in a real Chromium, at desktop and 375 px (ADR 0017): the coordinator makes a
 * measure (an error keeps what was typed), changes its status (dropping needs a reason), adds a note, records
 * the effect check; the overdue measure is on the start page; the board's start page shows the overview
 * without names. Axe on every state, and no sideways scrolling on the phone.
 */
describe('improvement register in Chromium', () => {
  const live = liveServerAndBrowser();

  for (const [width, height, label] of [
    [1280, 900, 'desktop'],
    [375, 812, 'phone'],
  ] as const) {
    describe(label, () => {
      let page: Page;
      let board: { email: string; password: string };

      const noSideways = async (what: string) => {
        if (width > 400) return;
        const wide = Number(await page.evaluate('document.documentElement.scrollWidth'));
        assert.ok(wide <= width + 1, `${what}: the page is ${wide}px wide at ${width}px`);
      };

      before(async () => {
        const o = await makeOrganisationWithRegulation(live.server.database.db, 'conneqt');
        board = await makeUser(live.server.database.db, o.org.id, 'board');
        page = await loggedInPage(live.browser, live.server.url, o.coordinator, { viewport: { width, height } });
      });
      after(async () => {
        await page?.close();
      });

      it('makes a measure, keeps what was typed on an error, and follows it up', async () => {
        await page.goto(live.server.url + '/verbetermaatregelen');
        await page.getByRole('heading', { level: 1, name: 'Verbetermaatregelen' }).waitFor();
        await page.getByText(/artikel 9\.1/).waitFor();
        await expectNoAxeViolations(page, `/verbetermaatregelen ${label}`);
        await noSideways('list');

        await page.getByRole('link', { name: 'Nieuwe maatregel' }).click();
        await page.getByRole('heading', { level: 1, name: 'Nieuwe verbetermaatregel' }).waitFor();
        await page.getByLabel('Beschrijving').fill('Elke afspraak krijgt een sms.');
        await page.getByLabel('Streefdatum').fill('2026-01-15');
        await page.getByRole('button', { name: 'Maatregel opslaan' }).click();
        await page.locator('#title-fout').waitFor();
        assert.equal(await page.getByLabel('Beschrijving').inputValue(), 'Elke afspraak krijgt een sms.', 'what was typed stays');
        await expectNoAxeViolations(page, `/verbetermaatregelen/nieuw with error ${label}`);
        await noSideways('new with error');

        await page.getByLabel('Titel').fill('Afspraken bevestigen per sms');
        await page.getByLabel('Toelichting bij de bron').fill('Uit het teamoverleg');
        await page.getByRole('button', { name: 'Maatregel opslaan' }).click();
        await page.getByText('De maatregel staat in het verbeterregister.').waitFor();
        await page.getByRole('heading', { level: 1, name: 'Afspraken bevestigen per sms' }).waitFor();
        await page.getByText('Gepland, over de streefdatum').first().waitFor();
        await expectNoAxeViolations(page, `measure ${label}`);
        await noSideways('measure');

        await page.getByLabel('Nieuwe status').selectOption({ label: 'Vervallen' });
        await page.getByRole('button', { name: 'Status opslaan' }).click();
        await page.locator('#note-fout').getByText('Schrijf waarom de maatregel vervalt.').waitFor();
        await expectNoAxeViolations(page, `measure status error ${label}`);

        await page.getByLabel('Nieuwe status').selectOption({ label: 'Uitgevoerd' });
        await page.locator('#note').fill('Sms-dienst draait.');
        await page.getByRole('button', { name: 'Status opslaan' }).click();
        await page.getByText('De status is veranderd.').waitFor();
        await page.getByText(/Status van gepland naar uitgevoerd\. Sms-dienst draait\./).waitFor();

        await page.getByLabel('Notitie', { exact: true }).fill('Na drie maanden evalueren.');
        await page.getByRole('button', { name: 'Notitie toevoegen' }).click();
        await page.getByText('De notitie is toegevoegd.').waitFor();

        await page.getByLabel('Wat liet de controle zien?').fill('Minder klachten over gemiste afspraken.');
        await page.getByRole('button', { name: 'Controle vastleggen' }).click();
        await page.locator('#checkedOn-fout').waitFor();
        assert.equal(await page.getByLabel('Wat liet de controle zien?').inputValue(), 'Minder klachten over gemiste afspraken.');
        await page.getByLabel('Datum van de controle').fill(today());
        await page.getByRole('button', { name: 'Controle vastleggen' }).click();
        await page.getByText('De controle van het effect is vastgelegd.').waitFor();
        await expectNoAxeViolations(page, `measure followed up ${label}`);
        await noSideways('measure followed up');
      });

      it('puts overdue measures on the start page, and gives the board the overview without names', async () => {
        await page.goto(live.server.url + '/verbetermaatregelen/nieuw');
        await page.getByLabel('Titel').fill('Wachtkamer opknappen');
        await page.getByLabel('Streefdatum').fill('2026-02-01');
        await page.getByRole('button', { name: 'Maatregel opslaan' }).click();
        await page.getByText('De maatregel staat in het verbeterregister.').waitFor();
        await page.goto(live.server.url + '/start');
        await page.getByRole('heading', { name: /Verbetermaatregelen over de streefdatum/ }).waitFor();
        await page.getByRole('link', { name: 'Wachtkamer opknappen' }).waitFor();
        await expectNoAxeViolations(page, `/start with overdue measures ${label}`);
        await noSideways('start');

        const boardPage = await live.browser.newPage({ viewport: { width, height } });
        await logInThroughForm(boardPage, live.server.url, board);
        const section = boardPage.locator('section', { has: boardPage.getByRole('heading', { name: 'Verbetermaatregelen', exact: true }) });
        await section.getByText('Wachtkamer opknappen').waitFor();
        assert.equal(await section.getByRole('link').count(), 0, 'the board reads titles, it opens no measure');
        assert.ok(!(await section.innerText()).includes('Test coordinator'), 'no owner or author names');
        await expectNoAxeViolations(boardPage, `/start board ${label}`);
        await boardPage.close();
      });
    });
  }
});
