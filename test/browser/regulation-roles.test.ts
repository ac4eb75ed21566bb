import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { CBF_FILLS } from '../support/api.ts';
import { expectNoAxeViolations, loggedInPage } from '../support/browser.ts';
import { makeOrganisationWithRegulation } from '../support/factories.ts';
import { liveServerAndBrowser } from '../support/live-server.ts';

/**
 * "Rollen uit de klachtenregeling" in a real Chromium, at desktop and phone width: a coordinator binds the
 * directeur of the CBF template (003) to a colleague, sees the deputy line, records and ends an absence.
 * Errors appear at the field and keep what was typed. Axe on every state.
 */
describe('regulation roles page in Chromium', () => {
  const live = liveServerAndBrowser();

  for (const [width, height, label] of [
    [1280, 900, 'desktop'],
    [390, 844, 'phone'],
  ] as const) {
    describe(label, () => {
      let page: Page;
      let directorOption = '';

      before(async () => {
        const o = await makeOrganisationWithRegulation(live.server.database.db, 'cbf-template', CBF_FILLS);
        await live.server.database.db.updateTable('users').set({ name: 'Dirk Directeur' }).where('id', '=', o.handler.user.id).execute();
        directorOption = `Dirk Directeur (${o.handler.email})`;
        page = await loggedInPage(live.browser, live.server.url, o.coordinator, { viewport: { width, height } });
      });
      after(async () => {
        await page?.close();
      });

      it('binds a role, flags roles nobody holds, shows the deputy', async () => {
        await page.goto(live.server.url + '/rollen');
        await page.getByRole('heading', { level: 1, name: 'Rollen uit de klachtenregeling' }).waitFor();
        await expectNoAxeViolations(page, `/rollen ${label}`);
        const directorRow = page.getByRole('row', { name: /^directeur/ });
        await directorRow.getByText('Niemand heeft deze rol.').waitFor();
        await page.getByRole('row', { name: /^klachtencoördinator/ }).getByText('Bij afwezigheid: directeur').waitFor();

        await page.getByRole('button', { name: /Rol toewijzen/ }).click();
        await page.locator('#roleKey-fout').waitFor();
        await expectNoAxeViolations(page, `/rollen with error ${label}`);

        await page.getByLabel('Rol', { exact: true }).selectOption({ label: 'directeur' });
        await page.locator('#userId').selectOption({ label: directorOption });
        await page.getByRole('button', { name: /Rol toewijzen/ }).click();
        await page.getByText('De rol is toegewezen.').waitFor();
        await page.getByRole('row', { name: /^directeur/ }).getByText('Dirk Directeur').waitFor();
        await expectNoAxeViolations(page, `/rollen bound ${label}`);
      });

      it('records an absence (a wrong end date stays in the form with a message) and ends it', async () => {
        await page.goto(live.server.url + '/rollen');
        const form = page.locator('form', { has: page.getByRole('button', { name: 'Afwezigheid vastleggen' }) });
        await form.locator('select[name="userId"]').selectOption({ label: directorOption });
        await form.getByLabel('Eerste dag').fill('2026-12-10');
        await form.getByLabel('Laatste dag').fill('2026-12-01');
        await form.getByLabel('Toelichting').fill('Vakantie');
        await page.getByRole('button', { name: 'Afwezigheid vastleggen' }).click();
        await page.locator('#endsOn-fout').waitFor();
        assert.equal(await page.getByLabel('Toelichting').inputValue(), 'Vakantie', 'what was typed stays');
        await expectNoAxeViolations(page, `/rollen absence error ${label}`);
        await page.getByLabel('Laatste dag').fill('');
        await page.getByRole('button', { name: 'Afwezigheid vastleggen' }).click();
        await page.getByText('De afwezigheid is vastgelegd.').waitFor();
        await page.getByText(/vanaf 2026-12-10/).waitFor();
        await page.getByRole('button', { name: /Afwezigheid van .* beëindigen/ }).click();
        await page.getByText('De afwezigheid is beëindigd.').waitFor();
        await expectNoAxeViolations(page, `/rollen absence ended ${label}`);
      });
    });
  }
});
