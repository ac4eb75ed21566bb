import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { activeRegulation } from '../../src/usecases/regulations/regulations.ts';
import { expectNoAxeViolations, launchBrowser, loggedInPage } from '../support/browser.ts';
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
    page = await loggedInPage(browser, server.url, admin);
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

  it('refuses lentl without the answers to its open questions, with messages at the fields', async () => {
    await page.getByLabel('Een voorbeeld- of modelregeling').check();
    await page.getByLabel('Klachtenbeleid Lentl (per werkmaatschappij)').check();
    await page.getByRole('button', { name: 'Begin hiermee' }).click();
    await page.getByText('Deze regeling laat 9 vragen open.').waitFor();
    await expectNoAxeViolations(page, 'lentl chosen, its open questions asked');
    // The channels are checkboxes with Dutch labels, never "web_form, letter, …".
    await page.getByRole('group', { name: /Manieren om een klacht in te dienen/ }).getByLabel('per e-mail').check();
    await page.getByLabel('Termijn voor de afhandeling').fill('6 weken');
    await page.getByRole('button', { name: 'Activeren als nieuwe versie' }).first().click();
    await page.locator('[id="fill.okc_contact-fout"]').waitFor();
    await expectNoAxeViolations(page, 'lentl refused');
    assert.equal(await page.getByLabel('Termijn voor de afhandeling').inputValue(), '6 weken', 'typed value kept');
    assert.equal(await page.getByRole('group', { name: /Manieren om een klacht in te dienen/ }).getByLabel('per e-mail').isChecked(), true, 'ticked box kept');
    assert.equal(await activeRegulation(server.database.db, org.org.id, null), null);
  });

  it('chooses stadsring51, changes a term with the unit picker, previews the legal check and due dates, then activates it', async () => {
    await page.getByLabel('Klachtenregeling voor cliënten Stadsring51').check();
    await page.getByRole('button', { name: 'Begin hiermee' }).click();
    await page.locator('[id="veld.termijn.acknowledgement.aantal"]').waitFor();
    // 002 art. 6.3 says one week; this organisation writes two weeks.
    await page.locator('[id="veld.termijn.acknowledgement.aantal"]').fill('2');
    await page.locator('[id="veld.termijn.acknowledgement.eenheid"]').selectOption('weeks');
    await page.getByLabel('Wkkgz', { exact: true }).check();
    await page.getByLabel('Voorbeelddatum van ontvangst').fill('2026-04-02');
    await page.getByRole('button', { name: 'Voorbeeld bekijken' }).click();
    await page.getByRole('heading', { name: 'Voorbeeld: Klachtenregeling voor cliënten Stichting Regeling in Beeld' }).waitFor();
    await expectNoAxeViolations(page, 'stadsring51 preview');
    const preview = (await page.textContent('.kw-preview')) ?? '';
    assert.ok(preview.includes('Wkkgz: beslistermijn 8 weken is langer dan 6 weken (art. 17)'));
    // Received Thursday 2 April 2026: 2 weeks is Thursday 16 April 2026, 8 weeks Thursday 28 May 2026 (no holiday on either).
    assert.ok(preview.includes('donderdag 16 april 2026'));
    assert.ok(preview.includes('donderdag 28 mei 2026'));
    assert.ok(preview.includes('Er geldt nog geen versie: dit wordt de eerste.'));
    assert.equal(await activeRegulation(server.database.db, org.org.id, null), null, 'preview activates nothing');

    await page.getByLabel('Ik activeer deze versie ondanks de fouten uit de wettelijke toets').check();
    await page.locator('.kw-preview').getByRole('button', { name: 'Activeren als nieuwe versie' }).click();
    await page.waitForURL('**/beheer/klachtenregeling?geactiveerd=1#inhoud');
    await page.getByText('Versie 1 van de klachtenregeling is geactiveerd.').waitFor();
    await expectNoAxeViolations(page, 'overview after activation');
    const active = await activeRegulation(server.database.db, org.org.id, null);
    assert.equal(active?.preset, 'stadsring51');
    assert.deepEqual(active?.regulation.deadlines.acknowledgement && 'amount' in active.regulation.deadlines.acknowledgement ? [active.regulation.deadlines.acknowledgement.amount, active.regulation.deadlines.acknowledgement.unit] : null, [2, 'weeks']);
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
    await page.getByRole('radio', { name: 'Geavanceerd: de regeling als tekstbestand (YAML)' }).check();
    await page.locator('details.kw-advanced summary').click();
    const textbox = page.getByRole('textbox', { name: 'Geavanceerd: de regeling als tekstbestand (YAML)' });
    const yaml = await textbox.inputValue();
    assert.match(yaml, /format: klachtwijs\/regulation@1/);
    await textbox.fill(yaml.replace('title: Klachtenregeling voor cliënten Stichting Regeling in Beeld', 'titel: Klachtenregeling voor cliënten Stichting Regeling in Beeld'));
    await page.getByRole('button', { name: 'Activeren als nieuwe versie' }).click();
    await page.locator('#document-fout').waitFor();
    await expectNoAxeViolations(page, 'yaml error');
    assert.match((await page.textContent('#document-fout')) ?? '', /Algemeen \(metadata\.titel\): onbekend veld/);
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

  it('a new version from the one in force: the keyboard changes a term, the difference is shown in Dutch, then it is version 3', async () => {
    await visit('/beheer/klachtenregeling/nieuw');
    assert.equal(await page.getByRole('radio', { name: /De versie die nu geldt/ }).isChecked(), true);
    assert.equal(await page.locator('[id="veld.termijn.acknowledgement.aantal"]').inputValue(), '2', 'its own change is carried over');
    // Keyboard only: the decision term to 6 weeks, Enter sends the form (its first button keeps what was typed).
    await page.locator('[id="veld.termijn.decision.aantal"]').focus();
    await page.keyboard.press('Control+A');
    await page.keyboard.type('6');
    await page.keyboard.press('Enter');
    await page.locator('#verschil').waitFor();
    await expectNoAxeViolations(page, 'difference before activation');
    const changes = await page.locator('.kw-changes li').allTextContents();
    assert.deepEqual(changes, ['Beslistermijn: 8 weken → 6 weken']);
    const confirm = page.getByLabel('Ik activeer deze versie ondanks de fouten uit de wettelijke toets');
    if (await confirm.count()) await confirm.check();
    await page.locator('.kw-preview').getByRole('button', { name: 'Activeren als nieuwe versie' }).click();
    await page.waitForURL('**/beheer/klachtenregeling?geactiveerd=3#inhoud');
    const active = await activeRegulation(server.database.db, org.org.id, null);
    assert.equal(active?.version, 3);
  });

  it('the editor at 375 px: accessible, no sideways scrolling', async () => {
    const phone = await loggedInPage(browser, server.url, admin, { viewport: { width: 375, height: 800 } });
    try {
      await phone.goto(server.url + '/beheer/klachtenregeling/nieuw');
      await expectNoAxeViolations(phone, 'editor at 375 px');
      await phone.locator('details.kw-advanced summary').click();
      const wide = Number(await phone.evaluate('document.documentElement.scrollWidth'));
      assert.ok(wide <= 375, `the editor scrolls sideways on a phone: ${wide} px`);
    } finally {
      await phone.close();
    }
  });
});
