import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { procedureRegulation } from '../../src/domain/workflow/procedure-fixture.ts';
import { registerComplaint } from '../../src/usecases/complaints/register-complaint.ts';
import { activateRegulation } from '../../src/usecases/regulations/regulations.ts';
import { expectNoAxeViolations, launchBrowser, loggedInPage } from '../support/browser.ts';
import { actorOf, bindRegulationRole, makeOrganisation, makeUser } from '../support/factories.ts';
import { startLiveServer } from '../support/live-server.ts';
import { today } from '../../src/usecases/complaints/dossier.ts';

/**
 * Issue 12 (ADR 0026) in Chromium (plain forms that post, no script of ours): the dossier of a complaint under a regulation with
 * mediation first, a klachtencommissie and own milestones shows the phase and why the decision term does not run
 * yet; the acknowledgement asks to confirm the contents the regulation names; the request for a judgement and
 * proof of capacity are forms that post; the own milestone then shows in the deadlines table. Axe at 1280 and 375 px.
 */
describe('the dossier with mediation, a committee and own milestones, in Chromium', () => {
  let server: Awaited<ReturnType<typeof startLiveServer>>;
  let browser: Browser;
  let officer: Awaited<ReturnType<typeof makeUser>>;
  let id = '';
  let reference = '';

  before(async () => {
    server = await startLiveServer();
    const db = server.database.db;
    const { org, unit } = await makeOrganisation(db, 'Zorg met commissie');
    await db.transaction().execute((tx) => activateRegulation(tx, { organisationId: org.id, unitId: null, source: { document: procedureRegulation() }, fills: {}, actorUserId: null }));
    officer = await makeUser(db, org.id, 'coordinator');
    await bindRegulationRole(db, org.id, 'complaints_officer', officer.user.id);
    const c = await registerComplaint(db, {
      organisationId: org.id,
      actor: await actorOf(db, officer),
      door: 'staff',
      input: {
        unitId: unit.id,
        channel: 'letter',
        description: 'Mijn vader kreeg zijn medicatie twee dagen te laat.',
        complainant: { relation: 'client', name: 'Anna de Vries', postalAddress: 'Kade 2, 1234 AB Ergens' },
        signed: true,
        documentDate: today(),
        subject: 'Medicatie te laat',
      },
    });
    id = c.id;
    reference = c.reference;
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await server?.dispose();
  });

  for (const viewport of [
    { width: 1280, height: 900 },
    { width: 375, height: 740 },
  ]) {
    it(`shows the phase and the new forms at ${viewport.width} px`, async () => {
      const page = await loggedInPage(browser, server.url, officer, { viewport });
      await page.goto(`${server.url}/klachten/${id}`);
      await page.getByRole('heading', { name: `Klacht ${reference}` }).waitFor();
      const main = (await page.textContent('main')) ?? '';
      assert.ok(main.includes('Fase van de klacht'), 'the phase is shown');
      if (viewport.width === 1280) {
        assert.ok(main.includes('Bemiddeling door de klachtenfunctionaris'), main.slice(0, 400));
        assert.ok(main.includes('De termijn voor het oordeel begint als de klacht is doorgestuurd naar de klachtencommissie'));
        assert.ok(main.includes('Klacht doorsturen naar de klachtencommissie: 5 werkdagen, loopt vanaf het verzoek van de klager om een oordeel'));
      }
      // Every form open, so axe sees their fields too.
      for (const d of await page.locator('details.kw-action').all()) await d.evaluate((el) => el.setAttribute('open', ''));
      await expectNoAxeViolations(page, `dossier with mediation and a committee at ${viewport.width} px`);

      if (viewport.width === 1280) {
        // The written confirmation: refused until both contents are checked (K4.2), then recorded.
        const ack = page.locator('#actie-acknowledge');
        await ack.getByRole('button', { name: 'Ontvangstbevestiging vastleggen' }).click();
        await page.getByText(/De bevestiging moet dit bevatten \(onderdeel "K4\.2"\)/).first().waitFor();
        await page.locator('#actie-acknowledge').getByLabel('De datum van de gebeurtenis').check();
        await page.locator('#actie-acknowledge').getByLabel('Een korte samenvatting van de feiten').check();
        await page.locator('#actie-acknowledge').getByRole('button', { name: 'Ontvangstbevestiging vastleggen' }).click();
        // The acknowledgement owes a letter: Klachtwijs may go on to propose it; back to the dossier.
        await page.waitForLoadState();
        await page.goto(`${server.url}/klachten/${id}`);
        await page.getByRole('heading', { name: `Klacht ${reference}` }).waitFor();
        assert.ok(((await page.textContent('main')) ?? '').includes('Bevestigd op'), 'the acknowledgement is recorded');

        // The complainant asks for a judgement.
        for (const d of await page.locator('details.kw-action').all()) await d.evaluate((el) => el.setAttribute('open', ''));
        await page.locator('#actie-request-judgement').getByLabel('Hoe kwam het verzoek binnen?').fill('per brief');
        await page.locator('#actie-request-judgement').getByRole('button', { name: 'Klager vraagt om een oordeel' }).click();
        await page.waitForLoadState();
        await page.goto(`${server.url}/klachten/${id}`);
        await page.getByRole('heading', { name: `Klacht ${reference}` }).waitFor();
        const after = (await page.textContent('main')) ?? '';
        assert.ok(after.includes('De klager heeft om een oordeel gevraagd'), 'the phase moved on');
        assert.ok(/Klacht doorsturen naar de klachtencommissie\s*Door: klachtenfunctionaris/.test(after), 'the own milestone is in the deadlines table with who does it');
        assert.ok(after.includes('Bewijs van vertegenwoordiging vragen'));
        for (const d of await page.locator('details.kw-action').all()) await d.evaluate((el) => el.setAttribute('open', ''));
        await expectNoAxeViolations(page, 'dossier after the request for a judgement');
      }
      await page.context().close();
    });
  }
});
