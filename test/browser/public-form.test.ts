import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { createUnit } from '../../src/usecases/units/units.ts';
import { expectAccessibleFit, launchBrowser } from '../support/browser.ts';
import { makeOrganisationWithRegulation } from '../support/factories.ts';
import { startLiveServer } from '../support/live-server.ts';

/**
 * The whole public flow in Chromium, at desktop width and at 375 px, axe on every page: the unit first ("Weet
 * ik niet" or a unit), an error with a file chosen (the file is held, not chosen again), an expired cookie with
 * another file (the form comes back filled in, nothing sent), "Wijzigen" from the check step, and one click to send.
 */
describe('public complaint form in Chromium: nothing given is lost', () => {
  let server: Awaited<ReturnType<typeof startLiveServer>>;
  let browser: Browser;
  let org: Awaited<ReturnType<typeof makeOrganisationWithRegulation>>;
  const files = [1, 2].map((n) => {
    const file = path.join(tmpdir(), `kw-bijlage-${n}-${process.pid}.txt`);
    writeFileSync(file, `Bijlage ${n}: de brief met de afzegging.`);
    return file;
  });

  before(async () => {
    server = await startLiveServer();
    org = await makeOrganisationWithRegulation(server.database.db, 'stadsring51');
    await server.database.db.transaction().execute((tx) => createUnit(tx, org.org.id, { name: 'Locatie Noord' }, null));
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await server?.dispose();
  });

  const check = expectAccessibleFit;

  for (const { width, unknown } of [{ width: 1280, unknown: false }, { width: 375, unknown: true }]) {
    it(`at ${width} px: unit first, an error with a file, an expired cookie, check and send`, async () => {
      const context = await browser.newContext({ viewport: { width, height: 900 } });
      const page = await context.newPage();
      const at = `${width}px`;
      await page.goto(`${server.url}/${org.org.slug}/klacht`);
      await page.getByRole('group', { name: /Over welke .* gaat uw klacht\?/ }).waitFor();
      await check(page, `unit step ${at}`);
      await page.getByLabel(unknown ? 'Weet ik niet' : 'Locatie Noord', { exact: true }).check();
      await page.getByRole('button', { name: 'Verder' }).click();
      await page.getByText(`Uw klacht gaat over: ${unknown ? 'Weet ik niet' : 'Locatie Noord'}`).waitFor();
      await check(page, `form ${at}`);

      // An error, with a file chosen: the file is held and shown as "al toegevoegd".
      await page.getByLabel('Uw naam').fill('Fatima de Vries');
      await page.getByLabel('Wilt u bestanden meesturen?').setInputFiles(files[0]!);
      await page.getByRole('button', { name: 'Verder' }).click();
      await page.locator('#foutmeldingen').waitFor();
      await check(page, `form errors ${at}`);
      assert.ok(await page.getByText(/Verwijderen: kw-bijlage-1-.*\.txt/).isVisible());
      assert.equal(await page.getByLabel('Uw naam').inputValue(), 'Fatima de Vries');

      await page.getByLabel('Wat is er gebeurd?').fill('Mijn afspraak op dinsdag werd twee keer afgezegd zonder uitleg.');
      await page.getByLabel(`Cliënt van ${org.org.name}`, { exact: true }).check();
      await page.getByLabel('Uw postadres').fill('Kerkstraat 12\n1234 AB Utrecht');
      await page.getByLabel('Uw e-mailadres').fill('fatima@example.nl');
      await page.getByLabel(/Ik onderteken deze klacht/).check();
      await page.getByLabel('Wilt u nog meer bestanden meesturen?').setInputFiles(files[1]!);

      // The cookie expired (the browser was closed): the form comes back with everything, nothing is sent.
      await context.clearCookies();
      await page.getByLabel('Uw naam').press('Enter'); // Enter goes forward (the default button), not to "Andere keuze"
      await page.getByRole('heading', { name: 'Controleer uw klacht' }).waitFor();
      await check(page, `check after expired cookie ${at}`);
      const main = async () => (await page.textContent('main')) ?? '';
      assert.match(await main(), /Uw formulier was verlopen/);
      assert.match(await main(), /kw-bijlage-1-/);
      assert.match(await main(), /kw-bijlage-2-/);
      const stored = async () => (await server.database.db.selectFrom('complaints').select(['id', 'unit_unknown']).where('organisation_id', '=', org.org.id).where('description', 'like', 'Mijn afspraak op dinsdag%').execute());
      const earlier = new Set((await stored()).map((r) => r.id));
      const before = earlier.size;

      // Change an answer from the check step: back in the form at that field, everything kept.
      await page.getByRole('button', { name: 'Wijzigen e-mailadres' }).click();
      await page.getByLabel('Uw e-mailadres').waitFor();
      assert.equal(await page.getByLabel('Uw naam').inputValue(), 'Fatima de Vries');
      assert.ok(await page.getByText(/Verwijderen: kw-bijlage-2-.*\.txt/).isVisible());
      await page.getByLabel('Uw e-mailadres').fill('f.devries@example.nl');
      await page.getByRole('button', { name: 'Verder' }).click();
      await page.getByRole('heading', { name: 'Controleer uw klacht' }).waitFor();
      assert.doesNotMatch(await main(), /verlopen/);
      assert.match(await main(), /f\.devries@example\.nl/);
      assert.equal((await stored()).length, before, 'nothing sent before "Klacht versturen"');

      await page.getByRole('button', { name: 'Klacht versturen' }).click();
      await page.getByRole('heading', { name: 'Wij hebben uw klacht ontvangen' }).waitFor();
      await check(page, `receipt ${at}`);
      const rows = await stored();
      assert.equal(rows.length, before + 1, 'exactly one complaint');
      const complaint = rows.find((r) => !earlier.has(r.id))!; // the rows come in no set order (no ORDER BY)
      assert.equal(complaint.unit_unknown, unknown);
      const attached = await server.database.db.selectFrom('complaint_attachments').select('filename').where('complaint_id', '=', complaint.id).execute();
      assert.equal(attached.length, 2, 'both files, each once');
      await context.close();
    });
  }
});
