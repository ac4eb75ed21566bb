import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { createOrganisation, type CreatedOrganisation } from '../../src/usecases/organisations/create-organisation.ts';
import { bindRole } from '../../src/usecases/regulation-roles/bindings.ts';
import { activateRegulation } from '../../src/usecases/regulations/regulations.ts';
import { expectNoAxeViolations, launchBrowser, loggedInPage } from '../support/browser.ts';
import { makeUser } from '../support/factories.ts';
import { startLiveServer } from '../support/live-server.ts';

/**
 * The admin's start page shows the set-up checklist of a new organisation (issue 8): regulation, units, the
 * regulation's roles, the public form, each with why it is not done and a link to where it is done; it can
 * be folded away and disappears once everything is done. Chromium with axe at desktop width and at 375 px.
 */
describe('set-up checklist on the admin start page in Chromium', () => {
  let server: Awaited<ReturnType<typeof startLiveServer>>;
  let browser: Browser;
  let org: CreatedOrganisation;
  let coordinatorId = '';
  const pages: [string, Page][] = [];

  before(async () => {
    server = await startLiveServer();
    const db = server.database.db;
    org = await db.transaction().execute((tx) => createOrganisation(tx, { slug: 'zorg-noord', name: 'Zorg Noord' }));
    const admin = await makeUser(db, org.id, 'admin');
    coordinatorId = (await makeUser(db, org.id, 'coordinator')).user.id;
    browser = await launchBrowser();
    for (const [width, label] of [
      [1280, 'desktop'],
      [375, '375 px'],
    ] as const) {
      const page = await loggedInPage(browser, server.url, admin, { viewport: { width, height: 900 } });
      pages.push([label, page]);
    }
  });
  after(async () => {
    await browser?.close();
    await server?.dispose();
  });

  const step = (page: Page, key: string) => page.locator(`#inrichting-${key}`);

  it('shows a new organisation what is still to do, why, and where', async () => {
    for (const [label, page] of pages) {
      await page.goto(server.url + '/start');
      await page.getByRole('heading', { level: 2, name: 'Inrichting' }).waitFor();
      assert.match(await step(page, 'frameworks').innerText(), /^Nog te doen: Wetten die voor uw organisatie gelden\. U heeft nog niet gekozen/);
      assert.equal(await step(page, 'frameworks').getByRole('link').getAttribute('href'), '/beheer/wetten');
      assert.match(await step(page, 'regulation').innerText(), /^Nog te doen: Klachtenregeling actief\. Er is nog geen klachtenregeling actief\./);
      assert.match(await step(page, 'units').innerText(), /^Gedaan: Eenheden\. Alle klachten komen binnen bij Zorg Noord\./);
      assert.match(await step(page, 'roles').innerText(), /^Nog te doen: .*Kan pas als er een klachtenregeling actief is/);
      assert.match(await step(page, 'form').innerText(), /^Nog te doen: Klachtenformulier online\. Het openbare klachtenformulier werkt nog niet, omdat er nog geen klachtenregeling actief is\./);
      assert.equal(await step(page, 'regulation').getByRole('link').getAttribute('href'), '/beheer/klachtenregeling');
      assert.equal(await step(page, 'form').getByRole('link').getAttribute('href'), '/zorg-noord/klacht');
      await page.getByText('Nog 4 stappen te doen').waitFor();
      await expectNoAxeViolations(page, `/start checklist ${label}`);
      // It folds away.
      await page.getByText('Nog 4 stappen te doen').click();
      assert.equal(await step(page, 'regulation').isVisible(), false);
      await expectNoAxeViolations(page, `/start checklist folded ${label}`);
    }
  });

  it('the admin states which laws apply on Beheer → Wetten (issue 12), without JavaScript too', async () => {
    for (const [label, page] of pages) {
      await page.goto(server.url + '/beheer/wetten');
      await page.getByRole('heading', { level: 1, name: 'Welke wetten gelden voor uw organisatie?' }).waitFor();
      await expectNoAxeViolations(page, `/beheer/wetten ${label}`);
      await page.getByRole('checkbox', { name: 'Wkkgz' }).check();
      await page.getByRole('button', { name: 'Opslaan' }).click();
      await page.getByText('Opgeslagen.').waitFor();
      assert.equal(await page.getByRole('checkbox', { name: 'Wkkgz' }).isChecked(), true, label);
      assert.equal(await page.getByRole('checkbox', { name: 'Awb hoofdstuk 9' }).isChecked(), false, label);
      await expectNoAxeViolations(page, `/beheer/wetten saved ${label}`);
      await page.goto(server.url + '/start');
      assert.match(await step(page, 'frameworks').innerText(), /^Gedaan: Wetten die voor uw organisatie gelden\. Gekozen: Wkkgz\./);
      await page.getByText('Nog 3 stappen te doen').waitFor();
    }
    // Without JavaScript: the form is a plain post.
    const context = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 375, height: 900 } });
    const cookies = await pages[0]![1].context().cookies();
    await context.addCookies(cookies);
    const plain = await context.newPage();
    await plain.goto(server.url + '/beheer/wetten');
    await plain.getByRole('checkbox', { name: 'Jeugdwet' }).check();
    await plain.getByRole('button', { name: 'Opslaan' }).click();
    await plain.getByText('Opgeslagen.').waitFor();
    assert.equal(await plain.getByRole('checkbox', { name: 'Jeugdwet' }).isChecked(), true);
    await context.close();
  });

  it('follows the set-up: a regulation names roles nobody holds yet; bound, the checklist is gone', async () => {
    const db = server.database.db;
    await db.transaction().execute((tx) => activateRegulation(tx, { organisationId: org.id, unitId: null, source: { preset: 'stadsring51' }, fills: {}, actorUserId: null }));
    for (const [label, page] of pages) {
      await page.goto(server.url + '/start');
      assert.match(await step(page, 'regulation').innerText(), /^Gedaan: Klachtenregeling actief\. Actief: /);
      assert.match(await step(page, 'roles').innerText(), /^Nog te doen: Rollen uit de klachtenregeling toegewezen\. Niemand heeft nog deze rol: klachtenfunctionaris/);
      assert.match((await step(page, 'roles').getByRole('link').getAttribute('href')) ?? '', /^\/rollen\?eenheid=/);
      assert.match(await step(page, 'form').innerText(), /^Gedaan: Klachtenformulier online\. Het formulier staat online op \/zorg-noord\/klacht\./);
      await page.getByText('Nog 1 stap te doen').waitFor();
      await expectNoAxeViolations(page, `/start checklist roles ${label}`);
    }
    await db.transaction().execute((tx) => bindRole(tx, { organisationId: org.id, actor: null }, { roleKey: 'complaints_officer', userId: coordinatorId, unitId: null }));
    for (const [label, page] of pages) {
      await page.goto(server.url + '/start');
      await page.getByRole('heading', { level: 1 }).waitFor();
      assert.equal(await page.getByRole('heading', { level: 2, name: 'Inrichting' }).count(), 0, `everything done: no checklist (${label})`);
      await expectNoAxeViolations(page, `/start set up ${label}`);
    }
  });
});
