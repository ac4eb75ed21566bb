import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page, Request } from 'playwright-core';
import { createUnit } from '../../src/usecases/units/units.ts';
import { today } from '../../src/usecases/complaints/dossier.ts';
import { expectNoAxeViolations, launchBrowser, loggedInPage } from '../support/browser.ts';
import { makeOrganisationWithRegulation } from '../support/factories.ts';
import { startLiveServer } from '../support/live-server.ts';

/**
 * Enter in the staff registration form (Klachtenregistratieformulier, /klachten/nieuw). With more than one unit the form
 * has a second submit button, "Vragen voor deze afdeling" (the form again for the chosen unit's regulation, 004 §2),
 * before "Registreren" in the page's order; Enter in a field submits with the form's default button, the first submit
 * button in tree order. A hidden default button at the top makes that "Registreren" (no `kies`); without it Enter in any
 * field showed the form again instead. Checked in every text field at 1280 and 375 px, with axe on the form.
 */
describe('Enter in the staff registration form registers (Chromium)', () => {
  let server: Awaited<ReturnType<typeof startLiveServer>>;
  let browser: Browser;
  let org: Awaited<ReturnType<typeof makeOrganisationWithRegulation>>;

  before(async () => {
    server = await startLiveServer();
    org = await makeOrganisationWithRegulation(server.database.db, 'stadsring51');
    await server.database.db.transaction().execute((tx) => createUnit(tx, org.org.id, { name: 'Afdeling Noord', kind: 'afdeling', parentId: org.unit.id }, null));
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await server?.dispose();
  });

  /** The form's posts, answered 204 (the page stays, so every field is tried on the same page; nothing is registered). */
  async function capturePosts(page: Page) {
    const posts: Request[] = [];
    await page.route('**/klachten/nieuw', async (route) => {
      if (route.request().method() !== 'POST') return route.continue();
      posts.push(route.request());
      await route.fulfill({ status: 204 });
    });
    const body = (r: Request) => r.postDataBuffer()?.toString('utf8') ?? '';
    return {
      posts,
      body,
      /** The one post `act` sends (null: none within 400 ms). */
      async after(act: () => Promise<void>): Promise<string | null> {
        const before = posts.length;
        await act();
        for (let i = 0; i < 20 && posts.length === before; i++) await page.waitForTimeout(20);
        if (posts.length === before) await page.waitForTimeout(400);
        // The page stayed (204): klachtwijs.js holds a form sent once (data-kw-once) until the page is shown again.
        await page.evaluate(`document.querySelector('form[data-kw-sent]')?.removeAttribute('data-kw-sent')`);
        return posts.length > before ? body(posts[posts.length - 1]!) : null;
      },
    };
  }

  for (const width of [1280, 375]) {
    it(`at ${width} px: Enter in every text field posts the registration, never "Vragen voor deze afdeling"; a textarea takes a new line`, async () => {
      const page = await loggedInPage(browser, server.url, org.coordinator, { viewport: { width, height: 900 } });
      try {
        await page.goto(`${server.url}/klachten/nieuw`);
        await expectNoAxeViolations(page, `registration form ${width}`);
        const unitButton = page.getByRole('button', { name: 'Vragen voor deze afdeling' });
        assert.equal(await unitButton.count(), 1, 'two units: the unit chooser has its button');

        const capture = await capturePosts(page);
        // The unit chooser's own button posts kies=eenheid: what Enter must not do.
        const chosen = await capture.after(() => unitButton.click());
        assert.match(chosen ?? '', /name="kies"\r\n\r\neenheid/);

        // Every input one types in that is shown (not the hidden ones, boxes, radios or the file chooser).
        const names = await page.evaluate<string[]>(
          `[...document.querySelectorAll('form[action="/klachten/nieuw"] input:not([type=hidden]):not([type=checkbox]):not([type=radio]):not([type=file])')].filter((e) => e.offsetParent !== null).map((e) => e.name)`,
        );
        for (const name of ['receivedOn', 'receivedBy', 'passedTo', 'subject', 'conductOn']) assert.ok(names.includes(name), `${name} among ${names.join(', ')}`);
        for (const name of names) {
          const field = page.locator(`form[action="/klachten/nieuw"] [name="${name}"]`);
          const posted = await capture.after(async () => {
            await field.focus();
            await page.keyboard.press('Enter');
          });
          assert.ok(posted !== null, `Enter in ${name} submits the form`);
          assert.doesNotMatch(posted, /name="kies"/, `Enter in ${name} is "Registreren", not "Vragen voor deze afdeling"`);
          assert.match(posted, /name="idempotencyKey"/);
        }

        for (const name of await page.evaluate<string[]>(`[...document.querySelectorAll('form[action="/klachten/nieuw"] textarea')].map((e) => e.name)`)) {
          const area = page.locator(`textarea[name="${name}"]`);
          await area.fill('Eerste regel');
          const posted = await capture.after(async () => {
            await area.focus();
            await page.keyboard.press('End');
            await page.keyboard.press('Enter');
          });
          assert.equal(posted, null, `Enter in the textarea ${name} does not submit`);
          assert.equal(await area.inputValue(), 'Eerste regel\n', `Enter in ${name} starts a new line`);
        }
      } finally {
        await page.close();
      }
    });

    it(`at ${width} px: a filled-in form registered with Enter in the complainant's name`, async () => {
      const page = await loggedInPage(browser, server.url, org.coordinator, { viewport: { width, height: 900 } });
      try {
        await page.goto(`${server.url}/klachten/nieuw`);
        await page.getByLabel('Hoe kwam de klacht binnen?').selectOption('letter');
        const lastWeek = today(new Date(Date.now() - 7 * 86_400_000));
        await page.getByLabel('Datum van ontvangst').fill(lastWeek);
        await page.getByLabel('Omschrijving van de klacht').fill(`Brief over een rekening die twee keer is verstuurd (${width} px).`);
        await page.getByLabel('Postadres').fill('Molenweg 3, 1234 CD Ergens');
        await page.getByLabel(`Cliënt van ${org.org.name}`, { exact: true }).check();
        await page.getByLabel('De brief is door de klager ondertekend').check();
        await page.getByLabel('Datum op de brief (dagtekening)').fill(lastWeek);
        await page.getByLabel('Naam van de klager').fill('Meneer Bakker');
        await page.getByLabel('Naam van de klager').press('Enter');
        await page.getByText('De klacht is geregistreerd.', { exact: true }).waitFor();
        await expectNoAxeViolations(page, `dossier registered with Enter ${width}`);
      } finally {
        await page.close();
      }
    });
  }
});
