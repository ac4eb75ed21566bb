import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { intakeInputFromForm } from '../../src/http/routes/public-complaint.tsx';
import { issueComplainantLink } from '../../src/usecases/complainant-page/links.ts';
import { registerComplaint } from '../../src/usecases/complaints/register-complaint.ts';
import { expectAccessibleFit, launchBrowser } from '../support/browser.ts';
import { actorOf, makeOrganisationWithRegulation, registerLetterComplaint, WKKGZ_MODEL_FILLS } from '../support/factories.ts';
import { STADSRING_FORM_OK } from '../support/http.ts';
import { startLiveServer } from '../support/live-server.ts';

/**
 * The complainant's own page in Chromium at desktop width and at 375 px, axe on every page: the page, adding
 * information with a file after the cookie expired (the text and the file are kept, nothing stored), sending it,
 * withdrawing with confirmation, the friendly 404 and the form that re-sends the link.
 */
describe('Mijn klacht in Chromium', () => {
  let server: Awaited<ReturnType<typeof startLiveServer>>;
  let browser: Browser;
  let org: Awaited<ReturnType<typeof makeOrganisationWithRegulation>>;
  const file = path.join(tmpdir(), `kw-mijn-${process.pid}.txt`);
  writeFileSync(file, 'De brief die ik kreeg.');

  before(async () => {
    server = await startLiveServer();
    org = await makeOrganisationWithRegulation(server.database.db, 'stadsring51');
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await server?.dispose();
  });

  let wk: Awaited<ReturnType<typeof makeOrganisationWithRegulation>> | undefined;
  const wkkgz = async () =>
    (wk ??= await makeOrganisationWithRegulation(server.database.db, 'wkkgz-model', WKKGZ_MODEL_FILLS));

  const check = expectAccessibleFit;

  async function newComplaint(n: number) {
    const db = server.database.db;
    const input = intakeInputFromForm({ ...STADSRING_FORM_OK, 'complainant.email': 'jan@example.nl', subject: 'Gemiste afspraken bij de thuiszorg', idempotencyKey: `browser-mijn-${n}` }, 'public');
    const r = await registerComplaint(db, { organisationId: org.org.id, actor: null, door: 'public', input });
    const link = await db.transaction().execute((tx) => issueComplainantLink(tx, { organisationId: org.org.id, complaintId: r.id, baseUrl: server.url }));
    return { ...r, url: link.url };
  }

  for (const width of [1280, 375]) {
    it(`at ${width} px: the page, information after an expired form, withdrawing`, async () => {
      const c = await newComplaint(width);
      const context = await browser.newContext({ viewport: { width, height: 900 } });
      const page = await context.newPage();
      const at = `${width}px`;
      await page.goto(c.url);
      await page.getByRole('heading', { name: 'Waar staat uw klacht?' }).waitFor();
      await check(page, `page ${at}`);

      await page.getByLabel('Uw informatie').fill('Ik heb nog een brief gevonden.');
      await page.getByLabel('Wilt u bestanden meesturen?').setInputFiles(file);
      await context.clearCookies(); // the form's token no longer matches: it comes back filled in
      await page.getByRole('button', { name: 'Toevoegen aan mijn klacht' }).click();
      await page.getByText('Uw formulier was verlopen').waitFor();
      await check(page, `expired form ${at}`);
      assert.equal(await page.getByLabel('Uw informatie').inputValue(), 'Ik heb nog een brief gevonden.');
      assert.ok(await page.getByText(/Verwijderen: kw-mijn-.*\.txt/).isVisible(), 'the chosen file is held');
      const events = () => server.database.db.selectFrom('complaint_events').select('type').where('complaint_id', '=', c.id).execute();
      assert.equal((await events()).length, 1, 'nothing stored yet');

      await page.getByRole('button', { name: 'Toevoegen aan mijn klacht' }).click();
      await page.getByText('Wij hebben uw informatie aan het dossier toegevoegd').waitFor();
      await check(page, `information added ${at}`);
      assert.deepEqual((await events()).map((e) => e.type), ['registered', 'complainant-added-information']);

      await page.getByRole('link', { name: 'Klacht intrekken' }).click();
      await page.getByRole('heading', { name: 'Weet u zeker dat u uw klacht wilt intrekken?' }).waitFor();
      await check(page, `withdraw confirmation ${at}`);
      await page.getByLabel('Wilt u zeggen waarom u de klacht intrekt?').fill('Het is toch opgelost.');
      await page.getByRole('button', { name: 'Ja, klacht intrekken' }).click();
      await page.getByText('U heeft uw klacht ingetrokken. Wij behandelen de klacht niet verder.').first().waitFor();
      await check(page, `withdrawn ${at}`);
      await context.close();
    });

    it(`at ${width} px: asking for a judgement where the regulation has it (Wkkgz model art. 5.2)`, async () => {
      const db = server.database.db;
      const wk = await wkkgz();
      const r = await registerLetterComplaint(db, wk, await actorOf(db, wk.coordinator), new Date().toISOString().slice(0, 10), { input: { idempotencyKey: `browser-oordeel-${width}` } });
      const link = await db.transaction().execute((tx) => issueComplainantLink(tx, { organisationId: wk.org.id, complaintId: r.id, baseUrl: server.url }));
      const context = await browser.newContext({ viewport: { width, height: 900 } });
      const page = await context.newPage();
      const at = `${width}px`;
      await page.goto(link.url);
      await page.getByRole('heading', { name: 'Om een oordeel vragen' }).waitFor();
      await check(page, `judgement offered ${at}`);
      await page.getByLabel('Wilt u er iets bij zeggen?').fill('Ik wil een uitspraak.');
      await page.getByRole('button', { name: 'Om een oordeel vragen' }).click();
      await page.getByText('Wij hebben uw vraag om een oordeel ontvangen.').waitFor();
      await check(page, `judgement asked ${at}`);
      assert.equal(await page.getByRole('heading', { name: 'Om een oordeel vragen' }).count(), 0);
      await context.close();
    });

    it(`at ${width} px: a link that does not work, and asking for a new one`, async () => {
      const context = await browser.newContext({ viewport: { width, height: 900 } });
      const page = await context.newPage();
      const at = `${width}px`;
      const res = await page.goto(`${server.url}/${org.org.slug}/mijn-klacht/${'x'.repeat(43)}`);
      assert.equal(res?.status(), 404);
      await check(page, `link not found ${at}`);
      await page.getByRole('link', { name: 'nieuwe link aanvragen' }).click();
      await page.getByRole('heading', { name: 'Link naar uw klacht aanvragen' }).waitFor();
      await check(page, `request link ${at}`);
      await page.getByLabel('Uw e-mailadres').fill('geen-adres');
      await page.getByLabel(/Kenmerk van uw klacht/).fill('abc');
      // The browser's own check would stop an invalid address: the server's message is what counts here.
      await page.locator('form.kw-form').evaluate((f) => f.setAttribute('novalidate', ''));
      await page.getByRole('button', { name: 'Stuur mij een nieuwe link' }).click();
      await page.locator('#foutmeldingen').waitFor();
      await check(page, `request link errors ${at}`);
      assert.equal(await page.getByLabel('Uw e-mailadres').inputValue(), 'geen-adres');
      await page.getByLabel('Uw e-mailadres').fill(`jan${width}@example.nl`);
      await page.getByLabel(/Kenmerk van uw klacht/).fill('');
      await page.getByRole('button', { name: 'Stuur mij een nieuwe link' }).click();
      await page.getByText(/Hoort dit e-mailadres bij een klacht/).waitFor();
      await check(page, `request link sent ${at}`);
      await context.close();
    });
  }
});
