import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { jobQueue } from '../../src/jobs/queue.ts';
import { queueMail } from '../../src/mail/outbox.ts';
import { expectNoAxeViolations, launchBrowser, loggedInPage } from '../support/browser.ts';
import { makeOrganisation, makeUser } from '../support/factories.ts';
import { startLiveServer } from '../support/live-server.ts';

/**
 * The start page lists e-mails that could not be sent, with the reason and "Opnieuw proberen" (ADR 0014).
 * The server runs without a mail server, so its worker marks the mail failed. Chromium with axe at desktop
 * width and at 375 px, as the admin sees it.
 */
describe('e-mails that could not be sent, on the start page in Chromium', () => {
  let server: Awaited<ReturnType<typeof startLiveServer>>;
  let browser: Browser;
  let admin: Awaited<ReturnType<typeof makeUser>>;

  before(async () => {
    server = await startLiveServer();
    const db = server.database.db;
    const { org } = await makeOrganisation(db, 'Zorg Noord');
    admin = await makeUser(db, org.id, 'admin');
    const jobs = await jobQueue(db);
    const { id } = await db.transaction().execute((tx) => queueMail(tx, jobs, { organisationId: org.id, purpose: 'link', to: 'nieuw@example.nl', subject: 'Uw uitnodiging', text: 'Welkom.' }));
    const until = Date.now() + 20_000;
    while ((await db.selectFrom('outbound_mails').select('status').where('id', '=', id).executeTakeFirstOrThrow()).status !== 'failed') {
      if (Date.now() > until) throw new Error('the worker did not mark the mail failed within 20 s');
      await new Promise((r) => setTimeout(r, 100));
    }
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await server?.dispose();
  });

  it('shows the mail, the reason and "Opnieuw proberen", axe-clean at desktop and 375 px; retrying queues it again', async () => {
    for (const width of [1280, 375]) {
      const page = await loggedInPage(browser, server.url, admin, { viewport: { width, height: 900 } });
      const section = page.locator('section[aria-labelledby="niet-verstuurd"]');
      await section.getByRole('heading', { name: /E-mails die niet verstuurd konden worden \(1\)/ }).waitFor();
      assert.match(await section.innerText(), /Uw uitnodiging.*nieuw@example\.nl[\s\S]*Reden: Er is geen mailserver ingesteld \(SMTP_URL\)\./);
      await expectNoAxeViolations(page, `start page with an unsent mail at ${width} px`);
      assert.ok(Number(await page.evaluate('document.documentElement.scrollWidth - window.innerWidth')) <= 0, `no sideways scrolling at ${width} px`);
      await page.close();
    }
    const page = await loggedInPage(browser, server.url, admin);
    await page.getByRole('button', { name: /Opnieuw proberen/ }).click();
    await page.getByText('Het bericht staat weer in de wachtrij en wordt zo verstuurd.').waitFor();
    await page.close();
  });
});
