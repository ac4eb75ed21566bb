import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { generate } from 'otplib';
import type { Browser, Page } from 'playwright-core';
import { expectNoAxeViolations, launchBrowser, loggedInPage } from '../support/browser.ts';
import { makeOrganisation, makeUser } from '../support/factories.ts';
import { startLiveServer } from '../support/live-server.ts';

/**
 * Log-in security in Chromium (issue 11): an admin of an organisation that requires two-factor sets it up right after
 * the password (QR code and secret; the pages use no JavaScript of their own), sees the recovery codes, then the security page (sessions)
 * and the admin's setting; the next log-in asks the code. Axe at desktop width and at 375 px on every page.
 */
describe('log-in security pages in Chromium', () => {
  let server: Awaited<ReturnType<typeof startLiveServer>>;
  let browser: Browser;
  let page: Page;
  let admin: Awaited<ReturnType<typeof makeUser>>;
  let handler: Awaited<ReturnType<typeof makeUser>>;
  const PHONE = { width: 375, height: 740 };
  const DESKTOP = { width: 1280, height: 900 };

  async function axeBoth(label: string) {
    await page.setViewportSize(DESKTOP);
    await expectNoAxeViolations(page, `${label} desktop`);
    await page.setViewportSize(PHONE);
    await expectNoAxeViolations(page, `${label} 375`);
    await page.setViewportSize(DESKTOP);
  }

  async function logIn() {
    await page.goto(server.url + '/inloggen');
    await page.getByLabel('E-mailadres').fill(admin.email);
    await page.getByLabel('Wachtwoord').fill(admin.password);
    await page.getByRole('button', { name: 'Inloggen' }).click();
  }

  before(async () => {
    server = await startLiveServer();
    const org = await makeOrganisation(server.database.db, 'Stichting Tweestap');
    await server.database.db.updateTable('organisations').set({ two_factor_required: 'admin_coordinator' }).where('id', '=', org.org.id).execute();
    admin = await makeUser(server.database.db, org.org.id, 'admin');
    handler = await makeUser(server.database.db, org.org.id, 'handler', { unitId: org.unit.id });
    browser = await launchBrowser();
    page = await browser.newPage();
    page.setDefaultTimeout(20_000);
  });
  after(async () => {
    await browser?.close();
    await server?.dispose();
  });

  it('sets up two-factor right after the password, then the next log-in asks the code', async () => {
    await logIn();
    await page.waitForURL('**/inloggen/tweestap-instellen**');
    await axeBoth('forced set-up');
    await page.goto(server.url + '/start');
    assert.match(page.url(), /\/inloggen\/tweestap-instellen/, 'nothing else is reachable');
    const secret = ((await page.locator('code.kw-token').textContent()) ?? '').replace(/\s/g, '');
    await page.getByLabel('Code uit de app').fill('000000');
    await page.getByRole('button', { name: 'Tweestapsverificatie aanzetten' }).click();
    await page.locator('#code-fout').waitFor();
    await axeBoth('set-up with error');
    await page.getByLabel('Code uit de app').fill(await generate({ secret }));
    await page.getByRole('button', { name: 'Tweestapsverificatie aanzetten' }).click();
    await page.getByRole('heading', { name: 'Tweestapsverificatie staat aan' }).waitFor();
    assert.equal(await page.locator('.kw-recovery-codes li').count(), 10);
    await axeBoth('recovery codes');
    await page.getByRole('link', { name: /Verder naar Klachtwijs/ }).click();
    await page.waitForURL('**/start');

    await page.getByRole('link', { name: 'Inloggen en beveiliging' }).click();
    await page.waitForURL('**/account/beveiliging');
    await page.getByText('Deze browser').waitFor();
    await axeBoth('/account/beveiliging');
    await page.getByRole('link', { name: 'Beveiliging', exact: true }).click();
    await page.waitForURL('**/beheer/beveiliging');
    await axeBoth('/beheer/beveiliging');

    await page.getByRole('button', { name: 'Uitloggen' }).click();
    await page.waitForURL('**/inloggen?uitgelogd=1');
    await logIn();
    await page.waitForURL('**/inloggen/code**');
    await page.getByLabel('Code uit de app of herstelcode').fill('123456');
    await page.getByRole('button', { name: 'Verder' }).click();
    await page.locator('#code-fout').waitFor();
    await axeBoth('second step with error');
    await page.getByLabel('Code uit de app of herstelcode').fill(await generate({ secret, epoch: Math.floor(Date.now() / 1000) + 30 }));
    await page.getByRole('button', { name: 'Verder' }).click();
    await page.waitForURL('**/start');
  });

  it('loggedInPage (test support): the form once per user, then its session in a new context; the form again after log-out', async () => {
    const sessions = async () =>
      (await server.database.db.selectFrom('sessions').select('id_hash').where('user_id', '=', handler.user.id).execute()).map((r) => r.id_hash);
    const first = await loggedInPage(browser, server.url, handler);
    const [session] = await sessions();
    assert.ok(session !== undefined, 'the first page logged in through the form');
    const second = await loggedInPage(browser, server.url, handler, { viewport: PHONE });
    assert.equal(new URL(second.url()).pathname, '/start');
    assert.notEqual(second.context(), first.context(), 'a context of its own');
    assert.equal(second.viewportSize()?.width, PHONE.width, 'with the options asked for');
    assert.deepEqual(await sessions(), [session], 'no second log-in: the same session');

    await first.getByRole('button', { name: 'Uitloggen' }).click();
    await first.waitForURL('**/inloggen?uitgelogd=1');
    assert.deepEqual(await sessions(), [], 'logged out');
    const third = await loggedInPage(browser, server.url, handler);
    assert.equal(new URL(third.url()).pathname, '/start');
    const now = await sessions();
    assert.equal(now.length, 1, 'logged in through the form again');
    assert.notEqual(now[0], session);
    for (const page of [first, second, third]) await page.close();
  });
});
