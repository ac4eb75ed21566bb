import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { ADOPTION_FILLS } from '../../src/domain/regulation/test-support.ts';
import { expectAccessibleFit, launchBrowser } from '../support/browser.ts';
import { makeOrganisationWithRegulation } from '../support/factories.ts';
import { startLiveServer } from '../support/live-server.ts';

/**
 * The public form and its receipt in each regulation's own words (lane words15), at 1280 and 375 px with axe:
 * 003 Bijlage 1 lists "Contactgegevens (naam, e-mail, telefoonnummer)" without requiring them, so one way to reach the
 * complainant is enough; 001 §3.2 calls its acknowledgement a "bevestigingsbrief"; 004 §3 does not say how the answer
 * is given, so its receipt does not say "in een gesprek of op papier".
 */
describe("public form and receipt in the regulation's own words", () => {
  let server: Awaited<ReturnType<typeof startLiveServer>>;
  let browser: Browser;
  const orgs: Record<string, Awaited<ReturnType<typeof makeOrganisationWithRegulation>>> = {};

  before(async () => {
    server = await startLiveServer();
    for (const key of ['cbf-template', 'hss', 'lentl']) orgs[key] = await makeOrganisationWithRegulation(server.database.db, key, ADOPTION_FILLS[key] ?? {});
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await server?.dispose();
  });

  const check = expectAccessibleFit;

  /** Fills the form with a description and an e-mail address only, sends it, and returns the receipt's text. */
  const send = async (page: Page, key: string, label: string): Promise<string> => {
    await page.goto(`${server.url}/${orgs[key]!.org.slug}/klacht`);
    await page.getByLabel('Wat is er gebeurd?').waitFor();
    await check(page, `form ${label}`);
    await page.getByLabel('Wat is er gebeurd?').fill('Niemand belde terug over mijn vraag, drie keer beloofd.');
    await page.getByLabel('Uw e-mailadres').fill('relatie@example.nl');
    await page.getByRole('button', { name: 'Verder' }).click();
    await page.getByRole('heading', { name: 'Controleer uw klacht' }).waitFor();
    await page.getByRole('button', { name: 'Klacht versturen' }).click();
    await page.getByRole('heading', { name: 'Wij hebben uw klacht ontvangen' }).waitFor();
    await check(page, `receipt ${label}`);
    return ((await page.textContent('main')) ?? '').replace(/\s+/g, ' ');
  };

  for (const width of [1280, 375]) {
    it(`003 at ${width} px: name, e-mail and phone are asked, none required; an e-mail address alone is enough (Bijlage 1)`, async () => {
      const context = await browser.newContext({ viewport: { width, height: 900 } });
      const page = await context.newPage();
      await page.goto(`${server.url}/${orgs['cbf-template']!.org.slug}/klacht`);
      for (const name of ['Uw naam', 'Uw e-mailadres', 'Uw telefoonnummer']) {
        assert.equal(await page.getByLabel(name).getAttribute('required'), null, `${name} is not required`);
      }
      assert.match((await page.textContent('main')) ?? '', /Vul minstens één manier in waarop wij u kunnen bereiken/);
      const receipt = await send(page, 'cbf-template', `003 ${width}px`);
      assert.doesNotMatch(receipt, /in een gesprek of op papier/, '003 does not say how it answers');
      await context.close();
    });

    it(`001 at ${width} px: the receipt promises a "bevestigingsbrief" (§3.2), not an "ontvangstbevestiging"`, async () => {
      const context = await browser.newContext({ viewport: { width, height: 900 } });
      const page = await context.newPage();
      const receipt = await send(page, 'hss', `001 ${width}px`);
      assert.match(receipt, /U krijgt binnen 7 werkdagen een bevestigingsbrief, uiterlijk op /);
      assert.doesNotMatch(receipt, /ontvangstbevestiging/);
      await context.close();
    });

    it(`004 at ${width} px: the receipt does not say how the answer is given (§3 is silent)`, async () => {
      const context = await browser.newContext({ viewport: { width, height: 900 } });
      const page = await context.newPage();
      const receipt = await send(page, 'lentl', `004 ${width}px`);
      assert.doesNotMatch(receipt, /in een gesprek of op papier/);
      await context.close();
    });
  }
});
