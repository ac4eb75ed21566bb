import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { performAction } from '../../src/usecases/complaints/perform-action.ts';
import { registerComplaint } from '../../src/usecases/complaints/register-complaint.ts';
import { expectNoAxeViolations, launchBrowser, loggedInPage } from '../support/browser.ts';
import { actorOf, makeOrganisationWithRegulation } from '../support/factories.ts';
import { startLiveServer } from '../support/live-server.ts';

/**
 * Retention in a real Chromium at desktop and 375 px (issue 11, ADR 0019): the dossier's part (date and basis, the
 * client-file line, a hold that needs a reason, lifting it), `/bewaartermijnen` (the due list, approval needs the tick,
 * destroying, the destruction log). Axe on every state, no sideways scrolling on the phone, no JavaScript needed.
 */
describe('retention pages in Chromium', () => {
  let server: Awaited<ReturnType<typeof startLiveServer>>;
  let browser: Browser;
  const dossiers: { id: string; reference: string }[] = [];
  const toDecide: { id: string; reference: string }[] = [];
  let coordinator: { email: string; password: string };

  before(async () => {
    server = await startLiveServer();
    const db = server.database.db;
    const o = await makeOrganisationWithRegulation(db, 'hss');
    coordinator = o.coordinator;
    const actor = await actorOf(db, o.coordinator);
    // A complaint of 2 April 2020, acknowledged.
    const acknowledged = async (name: string) => {
      const c = await registerComplaint(db, {
        organisationId: o.org.id,
        actor,
        door: 'staff',
        input: { channel: 'email', receivedOn: '2020-04-02', description: `${name} is niet teruggebeld.`, complainant: { relation: 'client', name, email: 'x@example.nl' } },
      });
      await performAction(db, actor, c.id, 'acknowledge', {});
      return c;
    };
    for (const name of ['Desiree Bureaublad', 'Teun Telefoon']) {
      const c = await acknowledged(name);
      await performAction(db, actor, c.id, 'decide', { outcome: 'decided', reasoning: 'Wij hadden moeten terugbellen.', externalBodyNamed: true, decidedOn: '2020-05-01' });
      dossiers.push({ id: c.id, reference: c.reference });
    }
    // Lane outcome14b: one acknowledged complaint per width for the decision form under 001 (no merits, art. 3.3).
    for (const name of ['Bert Breed', 'Sanne Smal']) {
      const c = await acknowledged(name);
      toDecide.push({ id: c.id, reference: c.reference });
    }
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await server?.dispose();
  });

  for (const [i, [width, height, label]] of ([
    [1280, 900, 'desktop'],
    [375, 812, 'phone'],
  ] as const).entries()) {
    it(`holds, approves and destroys (${label})`, async () => {
      const page: Page = await loggedInPage(browser, server.url, coordinator, { viewport: { width, height } });
      const noSideways = async (what: string) => {
        if (width > 400) return;
        const wide = Number(await page.evaluate('document.documentElement.scrollWidth').catch(() => width));
        assert.ok(wide <= width + 1, `${what}: the page is ${wide}px wide at ${width}px`);
      };
      const d = dossiers[i]!;

      // The dossier: date and basis; no client-file line or client-file framework, as the HSS procedure names no client
      // file (only 004 §5 does; walk 12 saw them on a charity's dossier); a hold without a reason keeps what was chosen.
      await page.goto(`${server.url}/klachten/${d.id}#bewaren`);
      await page.getByRole('heading', { level: 2, name: 'Bewaren en vernietigen' }).waitFor();
      await page.getByText('Vernietigen vanaf 1 mei 2022.').waitFor();
      assert.equal(await page.getByText(`Klachtdossier ${d.reference}`).count(), 0, 'no client-file line where the regulation has none');
      assert.equal(await page.getByLabel('Wettelijk kader van het cliëntdossier').count(), 0, 'no client-file framework where retention does not depend on it');
      await expectNoAxeViolations(page, `dossier retention ${label}`);
      await noSideways('dossier');
      await page.getByLabel('Soort blokkade').selectOption('dispute');
      await page.getByRole('button', { name: 'Blokkade zetten' }).click();
      await page.locator('#bewaren-reason-fout').waitFor();
      assert.equal(await page.getByLabel('Soort blokkade').inputValue(), 'dispute', 'what was chosen stays');
      await expectNoAxeViolations(page, `dossier hold error ${label}`);
      await page.getByLabel('Reden').fill('Geschil bij de rechter.');
      await page.getByRole('button', { name: 'Blokkade zetten' }).click();
      await page.getByText('Geschil: Geschil bij de rechter.').waitFor();

      // The due list shows it held; approval needs the tick.
      await page.goto(server.url + '/bewaartermijnen');
      await page.getByRole('heading', { level: 1, name: 'Bewaartermijnen' }).waitFor();
      await page.getByRole('row', { name: new RegExp(d.reference) }).getByText(/Geschil bij de rechter/).waitFor();
      await expectNoAxeViolations(page, `/bewaartermijnen ${label}`);
      await noSideways('due list');

      // Lift the hold on the dossier, then approve and destroy.
      await page.goto(`${server.url}/klachten/${d.id}#bewaren`);
      await page.getByRole('button', { name: 'Blokkade opheffen' }).click();
      await page.getByText('Vernietigen vanaf 1 mei 2022.').waitFor();
      assert.equal(await page.getByRole('button', { name: 'Blokkade opheffen' }).count(), 0);
      await page.goto(server.url + '/bewaartermijnen');
      await page.getByLabel(`Kies ${d.reference}`).check();
      await page.getByRole('button', { name: 'Gekozen dossiers vernietigen' }).click();
      await page.locator('#confirm-fout').waitFor();
      await expectNoAxeViolations(page, `/bewaartermijnen without approval ${label}`);
      await page.getByLabel(`Kies ${d.reference}`).check();
      await page.getByLabel('Ik heb de lijst bekeken en keur de vernietiging goed.').check();
      await page.getByRole('button', { name: 'Gekozen dossiers vernietigen' }).click();
      await page.getByText('1 dossier(s) vernietigd.').waitFor();
      await page.getByRole('table', { name: /Vernietigde dossiers/ }).getByText(d.reference).waitFor();
      await expectNoAxeViolations(page, `/bewaartermijnen after destruction ${label}`);
      await noSideways('log');
      const gone = await page.goto(`${server.url}/klachten/${d.id}`);
      assert.equal(gone?.status(), 404);
      await page.close();
    });
  }
  // The decision form under a regulation that judges no merits (001 art. 3.3, lane outcome14): one outcome in the
  // regulation's own word, the sentence with its article, axe-clean and no sideways scrolling at both widths.
  for (const [i, [width, height, label]] of ([
    [1280, 900, 'desktop'],
    [375, 812, 'phone'],
  ] as const).entries()) {
    it(`the decision form offers no gegrond under 001 (art. 3.3) and is axe-clean (${label})`, async () => {
      const page: Page = await loggedInPage(browser, server.url, coordinator, { viewport: { width, height } });
      const d = toDecide[i]!;
      await page.goto(`${server.url}/klachten/${d.id}`);
      const form = page.locator('#actie-decide');
      await form.locator('summary').click();
      const radios = form.locator('input[name="outcome"]');
      assert.deepEqual(await radios.evaluateAll((els) => els.map((e) => e.getAttribute("value"))), ['decided']);
      const body = (await form.innerText()).replace(/\s+/g, ' ');
      assert.match(body, /Standpunt van de directie gegeven/);
      assert.match(body, /De klachtenregeling oordeelt niet of de klacht gegrond is \(artikel 3\.3\)\./);
      assert.doesNotMatch(body, /gegrond(?! is)|Geen oordeel|Opgelost in overleg/i);
      await expectNoAxeViolations(page, `decision form 001 ${label}`);
      if (width < 400) {
        const wide = Number(await page.evaluate('document.documentElement.scrollWidth'));
        assert.ok(wide <= width + 1, `the decision form is ${wide}px wide at ${width}px`);
      }
      // Submitted without the position's text (001 3.3 asks a reasoned position): the error at the field keeps the choice.
      await radios.first().check();
      await form.locator('button[type="submit"]').click();
      const again = page.locator('#actie-decide');
      assert.equal(await again.locator('input[name="outcome"][value="decided"]').isChecked(), true);
      await expectNoAxeViolations(page, `decision form 001 with an error ${label}`);
      await again.locator('textarea[name="reasoning"]').fill('Wij hadden u moeten terugbellen en doen dat voortaan binnen een dag.');
      await again.locator('button[type="submit"]').click();
      // The proposed decision letter speaks of the position, never "Ons oordeel … gegrond".
      const letter = (await page.locator('textarea').evaluateAll((els) => els.map((e) => (e as unknown as { value: string }).value))).join('\n');
      assert.match(letter, /In deze brief leest u het standpunt van de directie over uw klacht \(artikel 3\.3\)\./);
      assert.doesNotMatch(letter, /Ons oordeel|gegrond/);
      await page.close();
    });
  }
});
