import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { activeRegulation } from '../../src/usecases/regulations/regulations.ts';
import { expectNoAxeViolations, launchBrowser } from '../support/browser.ts';
import { makeOrganisation, makeUser } from '../support/factories.ts';
import { startLiveServer } from '../support/live-server.ts';

/** An admin in a real Chromium chooses a regulation, previews it, activates it, and reads the public page. Axe on every page. */
describe('regulation pages in Chromium', () => {
  let server: Awaited<ReturnType<typeof startLiveServer>>;
  let browser: Browser;
  let page: Page;
  let admin: Awaited<ReturnType<typeof makeUser>>;
  let org: Awaited<ReturnType<typeof makeOrganisation>>;

  before(async () => {
    server = await startLiveServer();
    org = await makeOrganisation(server.database.db, 'Stichting Regeling in Beeld');
    admin = await makeUser(server.database.db, org.org.id, 'admin');
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

  const visit = async (path: string) => {
    const res = await page.goto(server.url + path);
    await expectNoAxeViolations(page, path);
    return res;
  };

  it('shows the empty overview and opens the form', async () => {
    await visit('/beheer/klachtenregeling');
    await page.getByText('Er is nog geen klachtenregeling actief.').waitFor();
    await page.getByRole('link', { name: 'Nieuwe versie maken (voorbeeldregeling kiezen of tekst aanpassen)' }).click();
    await page.waitForURL('**/beheer/klachtenregeling/nieuw');
    await expectNoAxeViolations(page, 'editor');
  });

  it('refuses lentl without its open points, with messages at the fields', async () => {
    await page.getByLabel(/^Voorbeeldregeling/).selectOption('lentl');
    await page.getByRole('button', { name: 'Voorbeeld bekijken' }).click();
    await page.locator('#voorbeeld').waitFor();
    await expectNoAxeViolations(page, 'lentl preview with open points');
    await page.getByText('Nog niet ingevuld:').waitFor();
    await page.getByLabel('Termijn voor de afhandeling').fill('6 weken');
    await page.getByRole('button', { name: 'Activeren als nieuwe versie' }).first().click();
    await page.locator('[id="fill.okc_contact-fout"]').waitFor();
    await expectNoAxeViolations(page, 'lentl refused');
    assert.equal(await page.getByLabel('Termijn voor de afhandeling').inputValue(), '6 weken', 'typed value kept');
    assert.equal(await activeRegulation(server.database.db, org.org.id, null), null);
  });

  it('previews stadsring51 with the legal check and due dates, then activates it', async () => {
    await page.getByLabel(/^Voorbeeldregeling/).selectOption('stadsring51');
    await page.getByLabel('Wkkgz').check();
    await page.getByLabel('Voorbeelddatum van ontvangst').fill('2026-04-02');
    await page.getByRole('button', { name: 'Voorbeeld bekijken' }).click();
    await page.getByRole('heading', { name: 'Voorbeeld: Klachtenregeling voor cliënten Stichting Regeling in Beeld' }).waitFor();
    await expectNoAxeViolations(page, 'stadsring51 preview');
    const preview = (await page.textContent('.kw-preview')) ?? '';
    assert.ok(preview.includes('Wkkgz: beslistermijn 8 weken is langer dan 6 weken (art. 17)'));
    // Received Thursday 2 April 2026: 8 weeks is Thursday 28 May 2026 (no holiday); 1 week is 9 April.
    assert.ok(preview.includes('donderdag 9 april 2026'));
    assert.ok(preview.includes('donderdag 28 mei 2026'));
    assert.equal(await activeRegulation(server.database.db, org.org.id, null), null, 'preview activates nothing');

    await page.getByLabel('Ik activeer deze versie ondanks de fouten uit de wettelijke toets').check();
    await page.locator('.kw-preview').getByRole('button', { name: 'Activeren als nieuwe versie' }).click();
    await page.waitForURL('**/beheer/klachtenregeling?geactiveerd=1#inhoud');
    await page.getByText('Versie 1 van de klachtenregeling is geactiveerd.').waitFor();
    await expectNoAxeViolations(page, 'overview after activation');
    assert.equal((await activeRegulation(server.database.db, org.org.id, null))?.preset, 'stadsring51');
  });

  it('opens the public page, readable and accessible, without log-in', async () => {
    const anonymous = await browser.newPage();
    try {
      const res = await anonymous.goto(`${server.url}/${org.org.slug}/klachtenregeling`);
      assert.equal(res?.status(), 200);
      await expectNoAxeViolations(anonymous, 'public regulation');
      assert.equal(await anonymous.getAttribute('html', 'lang'), 'nl');
      assert.equal(await anonymous.locator('h1').textContent(), 'Klachtenregeling voor cliënten Stichting Regeling in Beeld');
      const headings = await anonymous.locator('main h2').allTextContents();
      assert.ok(headings.includes('Wat is een klacht?'));
      assert.ok(headings.includes('Hoor en wederhoor'));
      assert.match((await anonymous.textContent('main')) ?? '', /Versie 1/);
      await anonymous.emulateMedia({ media: 'print' });
      assert.equal(await anonymous.locator('header.kw-header').isVisible(), false, 'printing leaves out the page header');
    } finally {
      await anonymous.close();
    }
  });

  it('edits the YAML: a wrong field is named, then a good edit is version 2', async () => {
    await visit('/beheer/klachtenregeling/nieuw');
    await page.getByLabel('Eigen tekst (voor gevorderden): de regeling als YAML of JSON in het tekstvak hieronder').check();
    const textbox = page.getByLabel(/^Eigen tekst \(YAML of JSON\)/);
    const yaml = await textbox.inputValue();
    assert.match(yaml, /format: klachtwijs\/regulation@1/);
    await textbox.fill(yaml.replace('title: Klachtenregeling voor cliënten Stichting Regeling in Beeld', 'titel: Klachtenregeling voor cliënten Stichting Regeling in Beeld'));
    await page.getByRole('button', { name: 'Activeren als nieuwe versie' }).click();
    await page.locator('#document-fout').waitFor();
    await expectNoAxeViolations(page, 'yaml error');
    assert.match((await page.textContent('#document-fout')) ?? '', /metadata\.titel: onbekend veld/);
    await textbox.fill(yaml.replace('title: Klachtenregeling voor cliënten Stichting Regeling in Beeld', 'title: Klachtenregeling Regeling in Beeld'));
    await page.getByRole('button', { name: 'Activeren als nieuwe versie' }).first().click();
    // The frameworks chosen before still find errors: activating asks for an explicit confirmation.
    const confirm = page.getByLabel('Ik activeer deze versie ondanks de fouten uit de wettelijke toets');
    await confirm.waitFor();
    await expectNoAxeViolations(page, 'legal errors need confirmation');
    await confirm.check();
    await page.getByRole('button', { name: 'Activeren als nieuwe versie' }).first().click();
    await page.waitForURL('**/beheer/klachtenregeling?geactiveerd=2#inhoud');
    await expectNoAxeViolations(page, 'overview after edit');
    await visit(`/${org.org.slug}/klachtenregeling`);
    assert.equal(await page.locator('h1').textContent(), 'Klachtenregeling Regeling in Beeld');
  });
});
