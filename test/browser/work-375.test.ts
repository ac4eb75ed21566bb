import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { registerComplaint } from '../../src/usecases/complaints/register-complaint.ts';
import { createUnit } from '../../src/usecases/units/units.ts';
import { expectNoAxeViolations, launchBrowser } from '../support/browser.ts';
import { makeOrganisationWithRegulation, makeUser } from '../support/factories.ts';
import { startLiveServer } from '../support/live-server.ts';

/**
 * Finding and working on a phone (375 px) in Chromium: search by the complainant's name and a partial
 * reference, a filter over the unit tree, sorting by a column header link, bulk assign with a mixed result,
 * the dossier (deadline at the top, the same complainant's other complaints, a correction with an error
 * that keeps the input and then its before/after in the history) and the regulation admin pages. Axe on
 * every page visited, at 375 px, and the list and dossier at desktop width too.
 */
describe('finding and working at 375 px in Chromium', () => {
  let server: Awaited<ReturnType<typeof startLiveServer>>;
  let browser: Browser;
  let page: Page;
  let org: Awaited<ReturnType<typeof makeOrganisationWithRegulation>>;
  let fatima: { id: string; reference: string };
  let team = '';
  const PHONE = { width: 375, height: 740 };

  before(async () => {
    server = await startLiveServer();
    const db = server.database.db;
    org = await makeOrganisationWithRegulation(db, 'stadsring51');
    const unit = (name: string, kind: 'werkmaatschappij' | 'afdeling' | 'team', parentId: string | null) => db.transaction().execute((tx) => createUnit(tx, org.org.id, { name, kind, parentId }, null));
    const wm = (await unit('Stadsring Zorg', 'werkmaatschappij', null)).id;
    const afd = (await unit('Thuiszorg', 'afdeling', wm)).id;
    team = (await unit('Team Noord', 'team', afd)).id;
    const other = (await unit('Stadsring Wonen', 'werkmaatschappij', null)).id;
    const register = (unitId: string, name: string, email: string, extra: Record<string, unknown> = {}, phone = '06 12345678') =>
      registerComplaint(db, {
        organisationId: org.org.id,
        actor: null,
        door: 'public',
        input: {
          unitId,
          channel: 'web_form',
          subject: `Klacht van ${name}`,
          description: 'De medewerker kwam drie keer niet opdagen bij de afspraak.',
          complainant: { relation: 'client', name, email, phone, postalAddress: 'Kerkstraat 12, 1234 AB Utrecht' },
          signed: true,
          ...extra,
        },
      });
    fatima = await register(team, 'Fatima de Vries', 'fatima@example.nl');
    await register(other, 'Fatima de Vries', 'fatima@example.nl', { subject: 'Een tweede klacht over de woning' });
    await register(other, 'Jan Jansen', 'jan@example.nl', {}, '06 99999999');
    await register(afd, 'Piet Smit', 'piet@example.nl', { kind: 'suggestion', subject: 'Suggestie over de planning' }, '06 88888888');
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: PHONE });
    await logIn(page, org.coordinator.email, org.coordinator.password);
  });
  after(async () => {
    await browser?.close();
    await server?.dispose();
  });

  async function logIn(p: Page, email: string, password: string) {
    await p.goto(server.url + '/inloggen');
    await p.getByLabel('E-mailadres').fill(email);
    await p.getByLabel('Wachtwoord').fill(password);
    await p.getByRole('button', { name: 'Inloggen' }).click();
    await p.waitForURL('**/start');
  }

  it('start page names the deadline and counts onvrede and suggestions', async () => {
    await expectNoAxeViolations(page, '/start 375');
    await page.locator('#nieuw').waitFor();
    assert.match(await page.locator('main').innerText(), /Ontvangstbevestiging uiterlijk/);
    assert.match(await page.locator('#overig').innerText(), /\(1\)/);
  });

  it('searches by name and partial reference, filters over the unit tree, sorts by a header link', async () => {
    await page.goto(server.url + '/klachten');
    await expectNoAxeViolations(page, '/klachten 375');
    await page.getByLabel('Zoeken in klachten').fill('fatima de vries');
    await page.getByRole('button', { name: 'Zoeken' }).click();
    await page.getByText('2 klachten gevonden').waitFor();
    await expectNoAxeViolations(page, '/klachten search 375');

    await page.getByLabel('Zoeken in klachten').fill(fatima.reference.slice(-4));
    await page.getByRole('button', { name: 'Zoeken' }).click();
    await page.getByText('1 klacht gevonden').waitFor();
    await page.getByRole('link', { name: fatima.reference }).waitFor();

    await page.getByLabel('Zoeken in klachten').fill('');
    await page.getByLabel('Eenheid', { exact: true }).selectOption({ label: 'Stadsring Zorg' });
    await page.getByRole('button', { name: 'Zoeken' }).click();
    await page.getByText('2 klachten gevonden').waitFor();
    assert.ok(await page.getByRole('link', { name: fatima.reference }).isVisible(), 'a complaint of a team under the werkmaatschappij');
    await expectNoAxeViolations(page, '/klachten unit tree 375');

    await page.goto(server.url + '/klachten');
    await page.getByRole('link', { name: /^Kenmerk/ }).click();
    await page.waitForURL(/sort=-reference/);
    assert.equal(await page.locator('th[aria-sort]').getAttribute('aria-sort'), 'descending');
    const refs = await page.locator('tbody tr td:nth-child(2) a').allInnerTexts();
    assert.deepEqual(refs, [...refs].sort().reverse());
    await expectNoAxeViolations(page, '/klachten sorted 375');
    await page.setViewportSize({ width: 1280, height: 900 });
    await expectNoAxeViolations(page, '/klachten sorted desktop');
    await page.setViewportSize(PHONE);
  });

  it('assigns selected rows in bulk and reports per row', async () => {
    await page.goto(server.url + '/klachten?sort=reference');
    await page.getByLabel(`Kies ${fatima.reference}`).check();
    await page.getByRole('row', { name: /Suggestie/ }).getByRole('checkbox').check();
    await page.locator('#toewijzen-behandelaar').selectOption({ index: 1 });
    await page.getByRole('button', { name: 'Toewijzen aan gekozen klachten' }).click();
    await page.getByRole('heading', { name: 'Toegewezen', exact: true }).waitFor();
    await page.getByRole('heading', { name: 'Niet toegewezen' }).waitFor();
    assert.match(await page.locator('main').innerText(), /1 van de 2 klachten zijn toegewezen; 1 niet/);
    await expectNoAxeViolations(page, 'bulk assign result 375');
  });

  it('dossier: deadline at the top, other complaints of the complainant, a correction in the history', async () => {
    await page.goto(`${server.url}/klachten/${fatima.id}`);
    const deadline = page.locator('.kw-running-deadline');
    await deadline.waitFor();
    const box = await deadline.boundingBox();
    assert.ok(box && box.y < PHONE.height, 'the running deadline is on the first screen of a phone');
    const others = page.locator('ul[aria-labelledby="eerder-kop"] a');
    assert.equal(await others.count(), 1);
    await expectNoAxeViolations(page, 'dossier 375');
    assert.equal(await page.evaluate('document.documentElement.scrollWidth <= window.innerWidth + 1'), true, 'no sideways scrolling of the page');

    await page.locator('#actie-correct-registration summary').click();
    const form = page.locator('#actie-correct-registration form');
    await form.getByLabel('Naam van de klager').fill('Fatima de Vries-Bakker');
    await form.getByRole('button', { name: 'Registratie corrigeren' }).click();
    await page.locator('#foutmeldingen').waitFor();
    assert.equal(await page.locator('#actie-correct-registration form').getByLabel('Naam van de klager').inputValue(), 'Fatima de Vries-Bakker', 'what was typed stays');
    await expectNoAxeViolations(page, 'dossier correction error 375');
    const again = page.locator('#actie-correct-registration form');
    await again.locator('select[name="unitId"]').selectOption({ label: '– Thuiszorg' });
    await again.getByLabel('Waarom corrigeert u de registratie?').fill('Typefout in de naam en de verkeerde eenheid.');
    await again.getByRole('button', { name: 'Registratie corrigeren' }).click();
    await page.getByText('Gelukt: Registratie corrigeren.').waitFor();
    const history = await page.locator('section[aria-labelledby="geschiedenis-kop"]').innerText();
    assert.match(history, /Naam van de klager: "Fatima de Vries" werd "Fatima de Vries-Bakker"/);
    assert.match(history, /Eenheid: "Team Noord" werd "Thuiszorg"/);
    await expectNoAxeViolations(page, 'dossier corrected 375');
    await page.setViewportSize({ width: 1280, height: 900 });
    await expectNoAxeViolations(page, 'dossier corrected desktop');
    await page.setViewportSize(PHONE);
  });

  it('regulation admin pages are axe-clean at 375 px', async () => {
    const admin = await makeUser(server.database.db, org.org.id, 'admin');
    const adminPage = await browser.newPage({ viewport: PHONE });
    await logIn(adminPage, admin.email, admin.password);
    for (const path of ['/beheer/klachtenregeling', '/beheer/klachtenregeling/nieuw', '/beheer/eenheden', '/beheer/gebruikers']) {
      await adminPage.goto(server.url + path);
      await expectNoAxeViolations(adminPage, `${path} 375`);
    }
    await adminPage.close();
  });
});
