import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { registerComplaint } from '../../src/usecases/complaints/register-complaint.ts';
import { CBF_FILLS } from '../support/api.ts';
import { expectNoAxeViolations, launchBrowser, loggedInPage } from '../support/browser.ts';
import { actorOf, bindRegulationRole, makeOrganisationWithRegulation, makeUser, regulationInForceFrom } from '../support/factories.ts';
import { startLiveServer } from '../support/live-server.ts';

/**
 * Rapportages in a real Chromium at desktop and 375 px, as the coordinator and as a board member (003, the
 * half-yearly report for the bestuur): a wrong period stays in the form with a message at the field; the
 * coordinator writes the narrative and a recommendation, finalises after confirming; the board finds the final
 * report on its start page, reads it with nothing personal in it, and records its decision. Axe on every state.
 */
const PERSONAL = ['Mies', 'Bouwman', 'mies@example.nl', '06 11112222', 'Plein 4', 'twee keer afgeschreven'];

describe('reports pages in Chromium', () => {
  let server: Awaited<ReturnType<typeof startLiveServer>>;
  let browser: Browser;
  let org: Awaited<ReturnType<typeof makeOrganisationWithRegulation>>;
  let board: Awaited<ReturnType<typeof makeUser>>;
  let director: Awaited<ReturnType<typeof makeUser>>;

  before(async () => {
    server = await startLiveServer();
    const db = server.database.db;
    // Adopted and in force since 2024: 2025 and 2026 reports are owed (003).
    org = await makeOrganisationWithRegulation(db, 'cbf-template', { ...CBF_FILLS, adopted_date: '2024-01-15' });
    await regulationInForceFrom(db, org.org.id, '2024-01-01');
    board = await makeUser(db, org.org.id, 'board');
    await bindRegulationRole(db, org.org.id, 'board', board.user.id);
    director = await makeUser(db, org.org.id, 'handler', { unitId: org.unit.id });
    await bindRegulationRole(db, org.org.id, 'director', director.user.id);
    const coordinator = await actorOf(db, org.coordinator);
    for (const receivedOn of ['2025-09-01', '2026-02-02', '2026-03-02', '2026-05-11']) {
      await registerComplaint(db, {
        organisationId: org.org.id,
        actor: coordinator,
        door: 'staff',
        now: new Date(`${receivedOn}T10:00:00+02:00`),
        input: {
          channel: 'letter',
          receivedOn,
          description: 'Mijn donatie is twee keer afgeschreven en niemand belt terug.',
          complainant: { relation: 'client', name: 'Mies Bouwman', email: 'mies@example.nl', phone: '06 11112222', postalAddress: 'Plein 4, 1234 AB Ergens' },
          signed: true,
          documentDate: receivedOn,
        },
      });
    }
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await server?.dispose();
  });

  const logIn = (width: number, who: { email: string; password: string }): Promise<Page> =>
    loggedInPage(browser, server.url, who, { viewport: { width, height: 900 } });

  /** Axe, and at phone width no sideways scrolling. */
  async function checkPage(page: Page, what: string, width: number) {
    await expectNoAxeViolations(page, what);
    const wide = Number(await page.evaluate('document.documentElement.scrollWidth'));
    assert.ok(wide <= width, `${what} scrolls sideways: ${wide} px wide`);
  }

  for (const [width, label, period, periodLabel] of [
    [1280, 'desktop', '2026-H1', 'eerste halfjaar 2026'],
    [375, '375 px', '2025-H2', 'tweede halfjaar 2025'],
  ] as const) {
    it(`the coordinator makes and finalises a report (${label})`, async () => {
      const page = await logIn(width, org.coordinator);
      await page.getByRole('heading', { name: /Rapportages die klaar moeten/ }).waitFor();
      await checkPage(page, `/start coordinator ${label}`, width);
      if (width < 400) await page.goto(server.url + '/rapportages');
      else await page.getByRole('navigation', { name: 'Hoofdmenu' }).getByRole('link', { name: 'Rapportages' }).click();
      await page.getByRole('heading', { level: 1, name: 'Rapportages' }).waitFor();
      await checkPage(page, `/rapportages ${label}`, width);

      await page.getByLabel('Rapportage', { exact: true }).selectOption({ index: 1 });
      await page.getByLabel('Periode').fill('2026-Q1');
      await page.getByRole('button', { name: 'Rapportage maken' }).click();
      await page.locator('#period-fout').getByText(/halfjaar/).waitFor();
      assert.equal(await page.getByLabel('Periode').inputValue(), '2026-Q1', 'what was typed stays');
      await checkPage(page, `/rapportages with an error ${label}`, width);
      await page.getByLabel('Periode').fill(period);
      await page.getByRole('button', { name: 'Rapportage maken' }).click();
      await page.getByText('Het concept van de rapportage is gemaakt.').waitFor();
      await page.getByRole('heading', { level: 1, name: new RegExp(periodLabel) }).waitFor();
      await page.getByText('Schrijf geen namen of andere persoonsgegevens', { exact: false }).first().waitFor();
      await checkPage(page, `draft ${label}`, width);

      await page.locator('textarea[name="analysis"]').fill('Terugbellen gaat vaak mis.');
      await page.getByLabel('Uitzonderlijke klacht 1').fill('Een zeer ernstige klacht over een dubbele afschrijving.');
      await page.getByRole('button', { name: 'Tekst opslaan' }).click();
      await page.getByText('De tekst is opgeslagen.').waitFor();
      assert.equal(await page.getByLabel('Uitzonderlijke klacht 1').inputValue(), 'Een zeer ernstige klacht over een dubbele afschrijving.');
      await page.getByLabel('Nieuwe aanbeveling').fill('Bel binnen twee werkdagen terug.');
      await page.getByRole('button', { name: 'Aanbeveling toevoegen' }).click();
      await page.getByText('De aanbeveling is toegevoegd.').waitFor();

      // 003's audience is "het bestuur": its article, never "De bestuur" (walk 12).
      const draftText = await page.locator('main').innerText();
      assert.match(draftText, /Het bestuur van Stichting Voorbeeld ziet de rapportage dan\./);
      assert.doesNotMatch(draftText, /\bDe bestuur\b/);
      await page.getByRole('button', { name: 'Definitief maken' }).click();
      await page.locator('#confirm-fout').waitFor();
      await checkPage(page, `finalise without confirmation ${label}`, width);
      await page.getByLabel(/Ik heb de rapportage nagelezen/).check();
      await page.getByRole('button', { name: 'Definitief maken' }).click();
      await page.getByText('De rapportage is definitief. De cijfers liggen nu vast.').waitFor();
      await page.getByRole('link', { name: 'PDF' }).waitFor();
      assert.equal(await page.getByRole('button', { name: 'Tekst opslaan' }).count(), 0, 'a final report cannot be edited');
      assert.match(await page.locator('main').innerText(), /De directie bepaalt of een aanbeveling wordt overgenomen/);
      await checkPage(page, `final report (coordinator) ${label}`, width);
      await page.context().close();
    });

    it(`the board reads the final report with nothing personal, and does not decide (${label})`, async () => {
      const page = await logIn(width, board);
      const section = page.locator('section', { has: page.getByRole('heading', { name: /^Rapportages/ }) });
      await section.getByRole('link', { name: new RegExp(periodLabel) }).waitFor();
      await checkPage(page, `/start board ${label}`, width);
      await section.getByRole('link', { name: new RegExp(periodLabel) }).click();
      await page.getByRole('heading', { level: 1, name: new RegExp(periodLabel) }).waitFor();
      const text = await page.locator('main').innerText();
      for (const p of PERSONAL) assert.ok(!text.includes(p), `the board page shows "${p}"`);
      assert.ok(text.includes('Een zeer ernstige klacht over een dubbele afschrijving.'), 'the texts written for the report are there');
      assert.equal(await page.locator('main a[href^="/klachten/"]').count(), 0, 'no links to dossiers');
      await checkPage(page, `final report (board) ${label}`, width);
      // 003 "Rapportage / verantwoording": the bestuur gets the list of recommendations, the Directie decides on them.
      assert.equal(await page.getByLabel('Besluit over aanbeveling 1').count(), 0, 'the bestuur does not decide on the recommendations');
      assert.match(text, /De directie bepaalt of een aanbeveling wordt overgenomen \(onderdeel "Rapportage \/ verantwoording"\)\./);
      await page.context().close();
    });

    it(`the directeur decides on the recommendations of the bestuur's report (${label})`, async () => {
      const page = await logIn(width, director);
      await page.goto(server.url + '/rapportages');
      await page.getByRole('link', { name: new RegExp(periodLabel) }).click();
      await page.getByRole('heading', { level: 1, name: new RegExp(periodLabel) }).waitFor();
      await page.getByLabel('Besluit over aanbeveling 1').selectOption({ label: 'Overgenomen' });
      await page.getByRole('button', { name: /Besluit vastleggen/ }).click();
      await page.getByText('Het besluit over de aanbeveling is vastgelegd.').waitFor();
      await page.getByText(/Besluit:\s*Overgenomen/).waitFor();
      await checkPage(page, `decided (directeur) ${label}`, width);
      await page.context().close();
    });
  }
});
