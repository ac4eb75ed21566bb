import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { expectNoAxeViolations, launchBrowser } from '../support/browser.ts';
import { makeOrganisation, makeUser } from '../support/factories.ts';
import { startLiveServer } from '../support/live-server.ts';

/** Account pages in a real Chromium: change the own password, then block a colleague. Axe on every page and error state. */
describe('account pages in Chromium', () => {
  let server: Awaited<ReturnType<typeof startLiveServer>>;
  let browser: Browser;
  let page: Page;
  let admin: Awaited<ReturnType<typeof makeUser>>;
  let colleague: Awaited<ReturnType<typeof makeUser>>;
  const newPassword = 'mijn nieuwe wachtwoordzin';

  before(async () => {
    server = await startLiveServer();
    const org = await makeOrganisation(server.database.db, 'Stichting Accounttest');
    admin = await makeUser(server.database.db, org.org.id, 'admin');
    colleague = await makeUser(server.database.db, org.org.id, 'handler', { unitId: org.unit.id });
    await server.database.db.updateTable('users').set({ name: 'Cor Collega' }).where('id', '=', colleague.user.id).execute();
    browser = await launchBrowser();
    page = await browser.newPage();
    await page.goto(server.url + '/inloggen');
    await page.getByLabel('E-mailadres').fill(admin.email);
    await page.getByLabel('Wachtwoord').fill(admin.password);
    await page.getByRole('button', { name: 'Inloggen' }).click();
    await page.waitForURL('**/start');
  });
  after(async () => {
    await browser?.close();
    await server?.dispose();
  });

  it('changes the own password from the menu, with an error at the field first', async () => {
    await page.getByRole('link', { name: 'Wachtwoord', exact: true }).click();
    await page.waitForURL('**/account/wachtwoord');
    await expectNoAxeViolations(page, '/account/wachtwoord');

    await page.getByLabel('Huidig wachtwoord').fill(admin.password);
    await page.getByLabel('Nieuw wachtwoord', { exact: true }).fill(newPassword);
    await page.getByLabel('Nieuw wachtwoord nog een keer').fill('iets anders dan dat');
    await page.getByRole('button', { name: 'Wachtwoord wijzigen' }).click();
    await page.locator('#newPasswordAgain-fout').waitFor();
    await expectNoAxeViolations(page, 'password with error');
    assert.equal(await page.getByLabel('Huidig wachtwoord').inputValue(), '', 'passwords are not kept');
    assert.equal(await page.getByLabel('Nieuw wachtwoord nog een keer').getAttribute('aria-invalid'), 'true');

    await page.getByLabel('Huidig wachtwoord').fill(admin.password);
    await page.getByLabel('Nieuw wachtwoord', { exact: true }).fill(newPassword);
    await page.getByLabel('Nieuw wachtwoord nog een keer').fill(newPassword);
    await page.getByRole('button', { name: 'Wachtwoord wijzigen' }).click();
    await page.getByText('Uw wachtwoord is gewijzigd.').waitFor();
    await expectNoAxeViolations(page, 'password changed');
    await page.goto(server.url + '/start');
    assert.ok(page.url().endsWith('/start'), 'still logged in here');
  });

  it('shows the own account without a block button', async () => {
    await page.goto(server.url + `/beheer/gebruikers/${admin.user.id}`);
    await expectNoAxeViolations(page, 'own user page');
    assert.equal(await page.getByRole('button', { name: 'Account blokkeren' }).count(), 0);
    await page.getByText('Uw laatste beheerdersrol kunt u niet zelf verwijderen.').waitFor();
  });

  it('blocks a colleague from the users page, after a refused password', async () => {
    await page.goto(server.url + '/beheer/gebruikers');
    await expectNoAxeViolations(page, '/beheer/gebruikers');
    await page.getByRole('link', { name: 'Cor Collega' }).click();
    await page.getByRole('heading', { level: 1, name: 'Cor Collega' }).waitFor();
    await expectNoAxeViolations(page, 'user page');

    await page.getByRole('textbox', { name: 'Nieuw wachtwoord' }).fill('kort');
    await page.getByRole('button', { name: 'Wachtwoord instellen' }).click();
    await page.locator('#password-fout').waitFor();
    await expectNoAxeViolations(page, 'user page with error');

    await page.getByLabel('Rol', { exact: true }).selectOption('coordinator');
    await page.getByRole('button', { name: 'Rol toevoegen' }).click();
    await page.getByText('De rol is toegevoegd.').waitFor();
    await expectNoAxeViolations(page, 'role added');
    await page.getByLabel('Rol', { exact: true }).selectOption('coordinator');
    await page.getByRole('button', { name: 'Rol toevoegen' }).click();
    await page.locator('#role-fout').waitFor();
    await expectNoAxeViolations(page, 'user page with role error');

    await page.getByRole('button', { name: 'Account blokkeren' }).click();
    await page.getByText('Het account is geblokkeerd.').waitFor();
    await expectNoAxeViolations(page, 'user blocked');
    await page.getByRole('button', { name: 'Account deblokkeren' }).waitFor();

    await page.goto(server.url + '/beheer/gebruikers');
    assert.ok((await page.textContent('main'))?.includes('(geblokkeerd)'));
  });
});
