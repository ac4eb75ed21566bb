import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { fetchMailbox } from '../../src/usecases/mailbox/fetch.ts';
import { saveMailbox } from '../../src/usecases/mailbox/mailboxes.ts';
import { LENTL_FILLS } from '../support/api.ts';
import { expectNoAxeViolations, launchBrowser, loggedInPage } from '../support/browser.ts';
import { startDovecot, type DovecotServer } from '../support/dovecot.ts';
import { actorOf, makeOrganisationWithRegulation, makeUser } from '../support/factories.ts';
import { startLiveServer } from '../support/live-server.ts';
import { rawMail } from '../support/mail.ts';

/**
 * The complaints mailbox pages in a real Chromium at desktop and 375 px, with axe on every state: the admin's
 * "Klachtenmailbox" (Verbinding testen against a real Dovecot) and the coordinator's "Nieuw via e-mail"
 * (an error at the field that keeps the page, "Klacht van maken" opening the filled-in form). No sideways scrolling.
 */
describe('complaints mailbox pages in Chromium', () => {
  let server: Awaited<ReturnType<typeof startLiveServer>>;
  let dovecot: DovecotServer;
  let browser: Browser;
  let org: Awaited<ReturnType<typeof makeOrganisationWithRegulation>>;
  let admin: Awaited<ReturnType<typeof makeUser>>;

  before(async () => {
    server = await startLiveServer({ KLACHTWIJS_SERVICES: 'web' });
    dovecot = await startDovecot();
    const db = server.database.db;
    org = await makeOrganisationWithRegulation(db, 'lentl', LENTL_FILLS);
    admin = await makeUser(db, org.org.id, 'admin');
    const { id } = await saveMailbox(db, await actorOf(db, admin), { address: 'klachten@werkmaatschappij.nl', host: dovecot.host, port: dovecot.port, tls: '', username: dovecot.user, password: dovecot.password });
    await dovecot.deliver(rawMail({ from: 'Een heel lange afzendernaam <heel.lang.adres.van.een.klager.zonder.spaties@voorbeeld-organisatie.nl>', subject: 'Mijn aanvraag voor begeleiding is nooit beantwoord', text: 'Ik wacht al zes weken op een antwoord over mijn aanvraag. https://voorbeeld.nl/een/heel/lange/link/zonder/spaties/die/niet/past', messageId: '<browser-1@voorbeeld.nl>' }));
    await fetchMailbox(db, id);
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await server?.dispose();
    await dovecot?.stop();
  });

  const noSideways = async (page: Page, what: string) => assert.equal(await page.evaluate('document.documentElement.scrollWidth <= window.innerWidth + 1'), true, `${what}: no sideways scrolling`);

  for (const [width, height, label] of [
    [1280, 900, 'desktop'],
    [375, 812, '375 px'],
  ] as const) {
    it(`Klachtenmailbox: connect errors at the field, Verbinding testen (${label})`, async () => {
      const page = await loggedInPage(browser, server.url, admin, { viewport: { width, height } });
      try {
        await page.goto(server.url + '/beheer/klachtenmailbox');
        await page.getByRole('heading', { level: 1, name: 'Klachtenmailbox' }).waitFor();
        await expectNoAxeViolations(page, `/beheer/klachtenmailbox ${label}`);
        await noSideways(page, 'Klachtenmailbox');
        await page.getByLabel('Server (IMAP)').fill('imap.voorbeeld.nl');
        await page.getByRole('button', { name: 'Mailbox koppelen' }).click();
        await page.locator('#address-fout').waitFor();
        assert.equal(await page.getByLabel('Server (IMAP)').inputValue(), 'imap.voorbeeld.nl', 'what was typed stays');
        await expectNoAxeViolations(page, `/beheer/klachtenmailbox with errors ${label}`);
        await page.getByRole('button', { name: /Verbinding testen/ }).first().click();
        await page.getByText(/De verbinding werkt\. In de map staan \d+ berichten\./).waitFor();
        await expectNoAxeViolations(page, `/beheer/klachtenmailbox tested ${label}`);
        await noSideways(page, 'Klachtenmailbox tested');
      } finally {
        await page.close();
      }
    });

    it(`Nieuw via e-mail: Geen klacht needs a note, Klacht van maken fills the form (${label})`, async () => {
      const page = await loggedInPage(browser, server.url, org.coordinator, { viewport: { width, height } });
      try {
        await page.getByRole('link', { name: /Nieuw via e-mail: 1 bericht wacht/ }).click();
        await page.getByRole('heading', { level: 1, name: 'Nieuw via e-mail' }).waitFor();
        await expectNoAxeViolations(page, `/nieuw-via-e-mail ${label}`);
        await noSideways(page, 'Nieuw via e-mail');
        await page.getByRole('button', { name: 'Geen klacht' }).click();
        await page.getByText('Schrijf kort op waarom dit geen klacht is.').first().waitFor();
        await expectNoAxeViolations(page, `/nieuw-via-e-mail with error ${label}`);
        await page.getByRole('link', { name: /Klacht van maken/ }).click();
        await page.getByRole('heading', { level: 1, name: 'Klacht registreren' }).waitFor();
        assert.match(await page.locator('textarea[name="description"]').inputValue(), /zes weken/);
        assert.equal(await page.locator('input[name="receivedOn"]').inputValue(), '2026-11-20', "the date of receipt is the mail's date");
        await noSideways(page, 'registration form from a mail');
      } finally {
        await page.close();
      }
    });
  }
});
