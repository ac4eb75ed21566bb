import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { expectNoAxeViolations, launchBrowser } from '../support/browser.ts';
import { makeOrganisation, makeUser } from '../support/factories.ts';
import { startLiveServer } from '../support/live-server.ts';

/** A new user in a real Chromium: log in, find their organisation, manage units and users, keyboard only where it matters. Axe on every page. */
describe('foundation pages in Chromium', () => {
  let server: Awaited<ReturnType<typeof startLiveServer>>;
  let browser: Browser;
  let page: Page;
  let admin: Awaited<ReturnType<typeof makeUser>>;
  let org: Awaited<ReturnType<typeof makeOrganisation>>;

  before(async () => {
    server = await startLiveServer();
    org = await makeOrganisation(server.database.db, 'Stichting Browsertest');
    admin = await makeUser(server.database.db, org.org.id, 'admin');
    browser = await launchBrowser();
    page = await browser.newPage();
  });
  after(async () => {
    await browser?.close();
    await server?.dispose();
  });

  const visit = async (path: string) => {
    const res = await page.goto(server.url + path);
    await expectNoAxeViolations(page, path);
    return res;
  };

  it('log-in page is Dutch, standards mode and accessible; a wrong password gets a message', async () => {
    await visit('/inloggen');
    assert.equal(await page.evaluate('document.compatMode'), 'CSS1Compat', 'no quirks mode');
    assert.equal(await page.getAttribute('html', 'lang'), 'nl');
    await page.getByLabel('E-mailadres').fill(admin.email);
    await page.getByLabel('Wachtwoord').fill('dit is niet goed');
    await page.getByRole('button', { name: 'Inloggen' }).click();
    await page.getByText('Het e-mailadres of het wachtwoord klopt niet.').waitFor();
    await expectNoAxeViolations(page, 'log-in with error');
    assert.equal(await page.getByLabel('E-mailadres').inputValue(), admin.email);
  });

  it('logs in with the keyboard only and shows the organisation and units', async () => {
    await page.goto(server.url + '/inloggen');
    await page.getByLabel('E-mailadres').focus();
    await page.keyboard.type(admin.email);
    await page.keyboard.press('Tab');
    await page.keyboard.type(admin.password);
    await page.keyboard.press('Enter');
    await page.waitForURL('**/start');
    await expectNoAxeViolations(page, '/start');
    assert.ok((await page.textContent('main'))?.includes('Stichting Browsertest'));
    assert.ok((await page.textContent('main'))?.includes(org.unit.name));
  });

  it('adds a unit, with an inline error first that keeps the input', async () => {
    await visit('/beheer/eenheden');
    await page.getByLabel('Naam').fill('X');
    await page.getByRole('button', { name: 'Eenheid toevoegen' }).click();
    await page.locator('#name-fout').waitFor();
    await expectNoAxeViolations(page, 'units with error');
    assert.equal(await page.getByLabel('Naam').inputValue(), 'X');
    await page.getByLabel('Naam').fill('Werkmaatschappij Oost');
    await page.getByLabel('Soort').selectOption('werkmaatschappij');
    await page.getByRole('button', { name: 'Eenheid toevoegen' }).click();
    await page.getByText('Eenheid "Werkmaatschappij Oost" is toegevoegd.').waitFor();
    await expectNoAxeViolations(page, 'units after add');
  });

  it('adds a user and shows the users page', async () => {
    await visit('/beheer/gebruikers');
    await page.getByLabel('Naam', { exact: true }).fill('Henk Handelaar');
    await page.getByLabel('E-mailadres').fill('henk@browsertest.nl');
    await page.getByLabel('Eerste wachtwoord').fill('een sterk wachtwoord');
    await page.getByLabel('Rol').selectOption('handler');
    await page.getByRole('button', { name: 'Gebruiker toevoegen' }).click();
    await page.getByText('Account voor "Henk Handelaar" is aangemaakt.').waitFor();
    await expectNoAxeViolations(page, 'users after add');
  });

  it('makes an API token on the tokens page', async () => {
    await visit('/account/sleutels');
    await page.getByLabel('Naam').fill('koppeling');
    await page.getByRole('button', { name: 'Sleutel maken' }).click();
    await page.locator('.kw-token').waitFor();
    assert.match((await page.textContent('.kw-token')) ?? '', /^kw_/);
    await expectNoAxeViolations(page, 'tokens after create');
  });

  it('shows an accessible 404 page', async () => {
    const res = await visit('/bestaat-niet');
    assert.equal(res?.status(), 404);
  });

  it('logs out', async () => {
    await page.goto(server.url + '/start');
    await page.getByRole('button', { name: 'Uitloggen' }).click();
    await page.getByText('U bent uitgelogd.').waitFor();
    await expectNoAxeViolations(page, 'logged out');
  });
});
