import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { registerComplaint } from '../../src/usecases/complaints/register-complaint.ts';
import { expectNoAxeViolations, launchBrowser, loggedInPage } from '../support/browser.ts';
import { makeOrganisationWithRegulation, makeUser } from '../support/factories.ts';
import { startLiveServer } from '../support/live-server.ts';
import { startSmtpSink, type SmtpSink } from '../support/smtp.ts';

/**
 * Letters in Chromium with axe at desktop width and at 375 px (issue 9): the proposed letter after the
 * acknowledgement, sending it by e-mail (it arrives at a real SMTP server through the server's own worker), the
 * dossier's "Brieven", the "Briefsjablonen" page with a template error and a preview, and "Briefpapier". No page
 * scrolls sideways on a phone.
 */
describe('letters in Chromium', () => {
  let server: Awaited<ReturnType<typeof startLiveServer>>;
  let sink: SmtpSink;
  let browser: Browser;
  let org: Awaited<ReturnType<typeof makeOrganisationWithRegulation>>;
  let admin: Awaited<ReturnType<typeof makeUser>>;
  const complaints: { id: string; reference: string }[] = [];

  before(async () => {
    sink = await startSmtpSink();
    server = await startLiveServer({ SMTP_URL: sink.url });
    const db = server.database.db;
    org = await makeOrganisationWithRegulation(db, 'stadsring51');
    admin = await makeUser(db, org.org.id, 'admin');
    for (const name of ['Fatima de Vries-van Oosterhout', 'Karel Klaaglijn']) {
      const r = await registerComplaint(db, {
        organisationId: org.org.id,
        actor: null,
        door: 'public',
        input: {
          unitId: org.unit.id,
          channel: 'web_form',
          subject: 'Afspraak niet nagekomen door de wijkverpleegkundige van het team',
          description: 'De medewerker kwam drie keer niet opdagen bij de afspraak. Niemand belde om het te zeggen.',
          complainant: { relation: 'client', name, email: `${name.split(' ')[0]!.toLowerCase()}@example.nl`, postalAddress: 'Kerkstraat 12, 1234 AB Utrecht' },
          signed: true,
        },
      });
      complaints.push({ id: r.id, reference: r.reference });
    }
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await server?.dispose();
    await sink?.stop();
  });

  const logIn = (width: number, who: { email: string; password: string }): Promise<Page> =>
    loggedInPage(browser, server.url, who, { viewport: { width, height: 900 } });
  async function noSideways(page: Page, label: string) {
    const overflow = Number(await page.evaluate('document.documentElement.scrollWidth - window.innerWidth'));
    assert.ok(overflow <= 0, `${label}: no sideways scrolling (${overflow} px too wide)`);
  }

  const WIDTHS = [
    [1280, 'desktop'],
    [375, '375 px'],
  ] as const;

  it('acknowledge, review the proposed letter, send it by e-mail: it arrives with the PDF, and the dossier lists it', async () => {
    for (const [i, [width, label]] of WIDTHS.entries()) {
      const c = complaints[i]!;
      const page = await logIn(width, org.coordinator);
      await page.goto(`${server.url}/klachten/${c.id}`);
      await page.getByText('Ontvangstbevestiging vastleggen').first().click();
      await page.locator('#actie-acknowledge').getByRole('button', { name: 'Ontvangstbevestiging vastleggen' }).click();
      await page.getByRole('heading', { level: 1, name: 'Brief: Ontvangstbevestiging' }).waitFor();
      await expectNoAxeViolations(page, `compose ${label}`);
      await noSideways(page, `compose ${label}`);
      assert.match(await page.getByLabel('Onderwerp').inputValue(), new RegExp(c.reference));
      assert.match(await page.getByLabel('Tekst van de brief').inputValue(), /\(artikel 6\.3\)/);
      await page.getByLabel('Tekst van de brief').fill('Geachte mevrouw,\n\nWij hebben uw klacht ontvangen. Wij bellen u deze week.\n\nMet vriendelijke groet,\nDe klachtenfunctionaris');
      await page.getByRole('button', { name: 'Versturen per e-mail' }).click();
      await page.getByRole('heading', { level: 2, name: 'Brieven' }).waitFor();
      // Other mail (staff notifications) reaches the same server: the letter is the one to the complainant.
      const to = i === 0 ? 'fatima@example.nl' : 'karel@example.nl';
      const deadline = Date.now() + 20_000;
      while (!sink.messages.some((m) => m.envelopeTo.includes(to)) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
      const mail = sink.messages.find((m) => m.envelopeTo.includes(to));
      assert.ok(mail, `the letter reached ${to}`);
      assert.ok(mail.subject?.includes(c.reference));
      assert.match(mail.text ?? '', /Wij bellen u deze week/);
      assert.equal(mail.attachments[0]?.contentType, 'application/pdf');
      await page.reload();
      await page.getByText(/Verstuurd op/).waitFor();
      await expectNoAxeViolations(page, `dossier with letters ${label}`);
      await noSideways(page, `dossier ${label}`);
      await page.close();
    }
  });

  it('Briefsjablonen and Briefpapier pages: errors at the field, preview, axe at both widths', async () => {
    for (const [width, label] of WIDTHS) {
      const page = await logIn(width, org.coordinator);
      await page.goto(server.url + '/beheer/briefsjablonen');
      await expectNoAxeViolations(page, `template list ${label}`);
      await noSideways(page, `template list ${label}`);
      await page.getByRole('link', { name: 'Beslissing op de klacht' }).click();
      await page.getByRole('heading', { level: 1, name: 'Briefsjabloon: Beslissing op de klacht' }).waitFor();
      await expectNoAxeViolations(page, `template ${label}`);
      await noSideways(page, `template ${label}`);
      await page.getByLabel('Tekst', { exact: true }).fill('{% if beslissing.uitkomst %}Uw klacht is {{ beslissing.uitkomst }}');
      await page.getByRole('button', { name: 'Opslaan' }).click();
      await page.getByText(/niet goed is afgesloten/).first().waitFor();
      assert.match(await page.getByLabel('Tekst', { exact: true }).inputValue(), /^\{% if beslissing\.uitkomst %\}/);
      await expectNoAxeViolations(page, `template error ${label}`);
      await page.getByLabel('Tekst', { exact: true }).fill('Geachte {{ ontvanger.naam }}, over {{ klacht.onderwerp }}.');
      await page.getByLabel('Kenmerk voor het voorbeeld').fill(complaints[0]!.reference);
      await page.getByRole('button', { name: 'Voorbeeld' }).click();
      await page.getByRole('heading', { level: 2, name: 'Voorbeeld' }).waitFor();
      assert.match(await page.locator('.kw-letter-preview').innerText(), /Geachte Fatima de Vries-van Oosterhout, over Afspraak niet nagekomen/);
      await expectNoAxeViolations(page, `template preview ${label}`);
      await noSideways(page, `template preview ${label}`);
      await page.close();

      const adminPage = await logIn(width, admin);
      await adminPage.goto(server.url + '/beheer/briefpapier');
      await expectNoAxeViolations(adminPage, `letterhead ${label}`);
      await adminPage.getByLabel('E-mailadres').fill('geen-adres');
      await adminPage.getByRole('button', { name: 'Opslaan' }).click();
      await adminPage.getByText(/Vul een geldig e-mailadres in/).first().waitFor();
      await expectNoAxeViolations(adminPage, `letterhead error ${label}`);
      await noSideways(adminPage, `letterhead ${label}`);
      await adminPage.close();
    }
  });
});
