import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { ADOPTION_FILLS } from '../../src/domain/regulation/test-support.ts';
import { getPreset } from '../../src/regulations/library.ts';
import { registerComplaint } from '../../src/usecases/complaints/register-complaint.ts';
import { performAction } from '../../src/usecases/complaints/perform-action.ts';
import { saveTemplate } from '../../src/usecases/letters/templates.ts';
import { activateRegulation } from '../../src/usecases/regulations/regulations.ts';
import { createUnit } from '../../src/usecases/units/units.ts';
import { expectNoAxeViolations, launchBrowser, loggedInPage, logInThroughForm } from '../support/browser.ts';
import { actorOf, makeOrganisation, makeOrganisationWithRegulation, makeUser } from '../support/factories.ts';
import { startLiveServer } from '../support/live-server.ts';

/**
 * The pages sessions 14 and 15 changed, walked in Chromium at 1280 and 375 px with axe (lane walk15), as their users see
 * them: the letter-template notice "Past niet meer bij de klachtenregeling" under 001 (art. 3.3, no merits judged) for
 * the organisation's text and for a unit that uses it; the overview's notice on a 001 version stored before
 * `handling.decision.outcomes`, as a klachtenfunctionaris; the dossier's access log in the regulation's own words (001
 * "standpunt", 003 "antwoord"); and, without JavaScript, "Vragen voor deze werkmaatschappij" in the staff registration
 * (004 §2: one procedure per werkmaatschappij) with what was typed kept. One server for the file.
 */
describe('pages changed in sessions 14 and 15, in Chromium', () => {
  let server: Awaited<ReturnType<typeof startLiveServer>>;
  let browser: Browser;
  let hss: Awaited<ReturnType<typeof makeOrganisationWithRegulation>>;
  let cbf: Awaited<ReturnType<typeof makeOrganisationWithRegulation>>;
  let lentl: Awaited<ReturnType<typeof makeOrganisationWithRegulation>>;
  let oldVersionCoordinator: Awaited<ReturnType<typeof makeUser>>;
  let noordId = '';
  const decided: Record<string, string> = {};

  before(async () => {
    server = await startLiveServer();
    const db = server.database.db;
    hss = await makeOrganisationWithRegulation(db, 'hss');
    cbf = await makeOrganisationWithRegulation(db, 'cbf-template', ADOPTION_FILLS['cbf-template'] ?? {});
    lentl = await makeOrganisationWithRegulation(db, 'lentl', ADOPTION_FILLS['lentl'] ?? {});
    // 001: the organisation's saved text has the old outcome sentence; Afdeling Noord has no text of its own.
    noordId = (await db.transaction().execute((tx) => createUnit(tx, hss.org.id, { name: 'Afdeling Noord', kind: 'afdeling', parentId: hss.unit.id }, null))).id;
    await saveTemplate(db, await actorOf(db, hss.coordinator), { kind: 'decision', unitId: null, subject: 'Beslissing {{ kenmerk }}', body: 'Geachte {{ ontvanger.naam }},\n\nOns oordeel: uw klacht is {{ beslissing.uitkomst }}.\n' });
    // A complaint decided under 001 and one answered under 003, for the access log.
    for (const [key, o] of [['hss', hss], ['cbf', cbf]] as const) {
      const kf = await actorOf(db, o.coordinator);
      const c = await registerComplaint(db, {
        organisationId: o.org.id,
        actor: kf,
        door: 'staff',
        input: { unitId: o.unit.id, channel: 'email', subject: 'Advies te laat', description: 'Het advies kwam te laat en was onvolledig.', complainant: { relation: 'client', name: 'Piet Post', email: 'piet@example.nl' } },
      });
      await performAction(db, kf, c.id, 'acknowledge', {});
      if (key === 'cbf') await performAction(db, kf, c.id, 'assign', { handlerUserId: o.coordinator.user.id });
      await performAction(db, kf, c.id, 'decide', { outcome: 'decided', reasoning: 'Het advies was onvolledig; wij vullen het aan.', externalBodyNamed: true });
      decided[key] = c.id;
    }
    // A 001 version adopted before the field (every outcome still available).
    const old = await makeOrganisation(db, 'Stichting Oude Versie');
    oldVersionCoordinator = await makeUser(db, old.org.id, 'coordinator');
    const doc = structuredClone(getPreset('hss')!.build());
    delete (doc.handling.decision as { outcomes?: unknown }).outcomes;
    await db.transaction().execute((tx) => activateRegulation(tx, { organisationId: old.org.id, unitId: null, source: { document: doc }, fills: {}, actorUserId: null }));
    // 004: a second werkmaatschappij with its own procedure (here 001's).
    const zuid = await db.transaction().execute((tx) => createUnit(tx, lentl.org.id, { name: 'Werkmaatschappij Zuid', kind: 'werkmaatschappij', parentId: null }, null));
    await db.transaction().execute((tx) => activateRegulation(tx, { organisationId: lentl.org.id, unitId: zuid.id, source: { preset: 'hss' }, fills: {}, actorUserId: null }));
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await server?.dispose();
  });

  async function check(page: Page, what: string, width: number) {
    await expectNoAxeViolations(page, `${what} at ${width} px`);
    const wide = Number(await page.evaluate('document.documentElement.scrollWidth'));
    assert.ok(wide <= width, `${what} scrolls sideways at ${width} px: ${wide} px wide`);
  }
  const mainText = async (page: Page) => (await page.locator('main').innerText()).replace(/\s+/g, ' ');

  for (const width of [1280, 375]) {
    it(`at ${width} px: the letter-template notice under 001 for the organisation's text and for a unit that uses it`, async () => {
      const page = await loggedInPage(browser, server.url, hss.coordinator, { viewport: { width, height: 900 } });
      await page.goto(`${server.url}/beheer/briefsjablonen`);
      assert.match(await mainText(page), /Eigen tekst van de organisatie\. Past niet meer bij de klachtenregeling: open de tekst\./);
      await check(page, 'Briefsjablonen', width);
      await page.getByRole('link', { name: 'Beslissing op de klacht' }).click();
      const warning = page.getByRole('status').filter({ hasText: 'oordeelt niet' });
      assert.match(await warning.innerText(), /oordeelt niet of een klacht gegrond is \(artikel 3\.3\)\..*"… is standpunt van de directie gegeven"\..*Eigen tekst weghalen/s);
      await page.getByRole('button', { name: 'Eigen tekst weghalen' }).waitFor();
      await check(page, 'the organisation\'s decision text', width);
      // Afdeling Noord uses the organisation's text: the notice sends the user there, and offers no button that removes nothing.
      await page.getByLabel('Tekst voor').selectOption(noordId);
      await page.getByRole('button', { name: 'Kiezen' }).click();
      await page.waitForURL(/eenheid=/);
      assert.match(await warning.innerText(), /Deze tekst is van de organisatie; Afdeling Noord heeft geen eigen tekst\. Pas de tekst aan bij de organisatie\./);
      assert.equal(await page.getByRole('button', { name: 'Eigen tekst weghalen' }).count(), 0);
      await check(page, 'Afdeling Noord\'s decision text', width);
      await warning.getByRole('link', { name: 'De tekst van de organisatie openen' }).click();
      await page.waitForURL(/\/beheer\/briefsjablonen\/decision$/);
      await page.close();
    });

    it(`at ${width} px: the overview tells a klachtenfunctionaris about a 001 version stored before "how it decides", and who can change it`, async () => {
      const page = await loggedInPage(browser, server.url, oldVersionCoordinator, { viewport: { width, height: 900 } });
      await page.goto(`${server.url}/beheer/klachtenregeling`);
      const text = await mainText(page);
      assert.match(text, /Deze versie is gemaakt voordat Klachtwijs vastlegde hoe de regeling beslist\. Zij biedt daarom nog alle uitkomsten, ook gegrond en ongegrond\./);
      assert.match(text, /oordeelt niet of een klacht gegrond of ongegrond is \(artikel 3\.3\)\. Dat verandert niet vanzelf: een beheerder kan een nieuwe versie maken/);
      assert.equal(await page.getByRole('link', { name: /Nieuwe versie maken/ }).count(), 0, 'a klachtenfunctionaris makes no version');
      await check(page, 'Klachtenregeling (klachtenfunctionaris)', width);
      await page.close();
    });

    it(`at ${width} px: the access log says "standpunt vastleggen" under 001 (art. 3.3) and "antwoord vastleggen" under 003`, async () => {
      for (const [key, o, word] of [['hss', hss, 'standpunt vastleggen'], ['cbf', cbf, 'antwoord vastleggen']] as const) {
        const page = await loggedInPage(browser, server.url, o.coordinator, { viewport: { width, height: 900 } });
        await page.goto(`${server.url}/klachten/${decided[key]}`);
        await page.getByText(/Toon inzage en wijzigingen/).click();
        const log = page.getByRole('table', { name: /Inzage en wijzigingen/ });
        const rows = await log.locator('tbody tr td:nth-child(3)').allInnerTexts();
        assert.ok(rows.includes(word), `${key}: ${rows.join(', ')}`);
        assert.ok(!rows.includes('beslissing vastleggen'), key);
        await check(page, `access log ${key}`, width);
        await page.close();
      }
    });

    it(`at ${width} px, without JavaScript: "Vragen voor deze werkmaatschappij" shows the chosen werkmaatschappij's questions and keeps what was typed (004 §2)`, async () => {
      const context = await browser.newContext({ viewport: { width, height: 900 }, javaScriptEnabled: false });
      const page = await context.newPage();
      await logInThroughForm(page, server.url, lentl.coordinator);
      await page.goto(`${server.url}/klachten/nieuw`);
      assert.match(await mainText(page), /De klacht valt onder: Klachtenbeleid Organisatie lentl\./);
      await page.getByLabel('Omschrijving van de klacht').fill('Mijn zoon kreeg drie weken geen begeleiding.');
      await page.getByLabel(/Naam van de klager/).fill('Karin Jansen');
      await page.getByLabel('Werkmaatschappij', { exact: true }).selectOption({ label: 'Werkmaatschappij Zuid' });
      await page.getByRole('button', { name: 'Vragen voor deze werkmaatschappij' }).click();
      await page.waitForLoadState();
      const text = await mainText(page);
      // Zuid's procedure (001): its own name, its "not a complaint" subject (§1: administratiekosten).
      assert.match(text, /De klacht valt onder: Klachtenprocedure/);
      assert.match(text, /Volgens de klachtenregeling geen klacht: klachten over administratiekosten\./);
      assert.equal(await page.getByLabel('Omschrijving van de klacht').inputValue(), 'Mijn zoon kreeg drie weken geen begeleiding.');
      assert.equal(await page.getByLabel(/Naam van de klager/).inputValue(), 'Karin Jansen');
      assert.equal(await page.locator('select[name="unitId"] option:checked').innerText(), 'Werkmaatschappij Zuid');
      const count = await server.database.db.selectFrom('complaints').select((eb) => eb.fn.countAll<string>().as('n')).where('organisation_id', '=', lentl.org.id).executeTakeFirstOrThrow();
      assert.equal(Number(count.n), 0, 'nothing registered');
      await context.close();
    });
  }
});
