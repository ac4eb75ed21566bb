import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { recordSecurityEvent } from '../../src/usecases/security/events.ts';
import { expectNoAxeViolations, launchBrowser } from '../support/browser.ts';
import { makeOrganisation, makeUser } from '../support/factories.ts';
import { startLiveServer } from '../support/live-server.ts';

/** The admin's security log (issue 11) in a real Chromium: the events, the kind filter and the upload quota; axe at desktop and 375 px. */
describe('security log in Chromium', () => {
  let server: Awaited<ReturnType<typeof startLiveServer>>;
  let browser: Browser;
  let page: Page;

  before(async () => {
    server = await startLiveServer();
    const db = server.database.db;
    const org = await makeOrganisation(db, 'Stichting Beveiligingstest');
    const admin = await makeUser(db, org.org.id, 'admin');
    const handler = await makeUser(db, org.org.id, 'handler', { unitId: org.unit.id });
    await db.updateTable('users').set({ name: 'Hanna Handler' }).where('id', '=', handler.user.id).execute();
    await recordSecurityEvent(db, { kind: 'access_refused', organisationId: org.org.id, userId: handler.user.id, clientAddress: '192.0.2.10', detail: { route: '/klachten/:id', complaintId: '00000000-0000-4000-8000-000000000001' } });
    await recordSecurityEvent(db, { kind: 'upload_refused', organisationId: org.org.id, clientAddress: '192.0.2.11', detail: { reason: 'archive_too_large', files: 1, bytes: 2048 } });
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

  it('lists the events with who and from where, filters by kind, and sets the daily upload quota', async () => {
    await page.getByRole('link', { name: 'Beveiligingslog' }).click();
    await page.waitForURL('**/beheer/beveiligingslog');
    const table = page.getByRole('table');
    assert.match(await table.innerText(), /Geen toegang \(lezen geweigerd\)[\s\S]*Hanna Handler[\s\S]*192\.0\.2\.10/);
    assert.match(await table.innerText(), /Bestand geweigerd[\s\S]*reason: archive_too_large/);
    await expectNoAxeViolations(page, 'security log');

    await page.getByLabel('Soort').selectOption('upload_refused');
    await page.getByRole('button', { name: 'Toon' }).click();
    await page.waitForURL('**soort=upload_refused');
    assert.doesNotMatch(await page.getByRole('table').innerText(), /Hanna Handler/);

    await page.getByLabel('Hoeveel mag per dag binnenkomen (MB)').fill('veel');
    await page.getByRole('button', { name: 'Dagquotum opslaan' }).click();
    await page.locator('#mb-fout').waitFor();
    assert.equal(await page.getByLabel('Hoeveel mag per dag binnenkomen (MB)').inputValue(), 'veel', 'keeps what was typed');
    await expectNoAxeViolations(page, 'quota with error');
    await page.getByLabel('Hoeveel mag per dag binnenkomen (MB)').fill('50');
    await page.getByRole('button', { name: 'Dagquotum opslaan' }).click();
    await page.getByText('Het dagquotum is opgeslagen.').waitFor();
    assert.equal(await page.getByLabel('Hoeveel mag per dag binnenkomen (MB)').inputValue(), '50');

    await page.setViewportSize({ width: 375, height: 800 });
    await page.reload();
    await expectNoAxeViolations(page, 'security log at 375 px');
    const overflow = Number(await page.evaluate('document.documentElement.scrollWidth - document.documentElement.clientWidth'));
    assert.ok(overflow <= 0, `no horizontal scroll of the page at 375 px (${overflow})`);
  });
});
