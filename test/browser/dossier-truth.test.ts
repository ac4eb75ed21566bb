import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { getComplaint } from '../../src/usecases/complaints/get-complaint.ts';
import { performAction } from '../../src/usecases/complaints/perform-action.ts';
import { registerComplaint } from '../../src/usecases/complaints/register-complaint.ts';
import { expectNoAxeViolations, launchBrowser } from '../support/browser.ts';
import { actorOf, makeOrganisationWithRegulation } from '../support/factories.ts';
import { startLiveServer } from '../support/live-server.ts';
import { today } from '../../src/usecases/complaints/dossier.ts';

/**
 * Everything recorded is shown (issue 7): the dossier in Chromium shows the hearing report, the actions
 * and agreements of a contact, the explanation of a waiver, the copy sent with the documents, and the
 * list names the running deadline. Axe on both pages.
 */
describe('the dossier shows everything recorded, in Chromium', () => {
  let server: Awaited<ReturnType<typeof startLiveServer>>;
  let browser: Browser;
  let org: Awaited<ReturnType<typeof makeOrganisationWithRegulation>>;
  let id = '';
  let reference = '';

  before(async () => {
    server = await startLiveServer();
    const db = server.database.db;
    org = await makeOrganisationWithRegulation(db, 'stadsring51');
    const coordinator = await actorOf(db, org.coordinator);
    const c = await registerComplaint(db, {
      organisationId: org.org.id,
      actor: coordinator,
      door: 'staff',
      input: {
        channel: 'letter',
        description: 'De medewerker kwam drie keer niet opdagen bij de afspraak.',
        complainant: { relation: 'client', name: 'Jan Jansen', postalAddress: 'Dorpsstraat 1, 1234 AB Ergens' },
        signed: true,
        documentDate: today(),
        respondentName: 'P. Pietersen',
        subject: 'Afspraak niet nagekomen',
      },
    });
    id = c.id;
    reference = c.reference;
    const on = today();
    await performAction(db, coordinator, id, 'acknowledge', { note: 'Bevestiging per brief verstuurd.' });
    await performAction(db, coordinator, id, 'assign', { handlerUserId: org.handler.user.id });
    await performAction(db, coordinator, id, 'record-contact', { on, with: 'De klager', summary: 'Telefonisch gesproken.', agreements: 'Wij bellen vrijdag terug.', actions: 'Planning nakijken bij het team.' });
    await performAction(db, coordinator, id, 'waive-hearing', { party: 'complainant', ground: 'manifestly_unfounded', explanation: 'De afspraak staat aantoonbaar in de agenda.' });
    await performAction(db, coordinator, id, 'record-hearing', { party: 'respondent', on, report: 'Mevrouw Pietersen legt uit dat de afspraak was verzet.' });
    await performAction(db, coordinator, id, 'send-copy-to-respondent', { includesDocuments: true, note: 'Per interne post.' });
    const d = await getComplaint(db, coordinator, id, { audit: false });
    assert.equal(d.facts.unreadableEvents.length, 0);
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await server?.dispose();
  });

  it('shows the hearing report, the contact actions, the waiver explanation and the running deadline by name', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${server.url}/inloggen`);
    await page.getByLabel('E-mailadres').fill(org.coordinator.email);
    await page.getByLabel('Wachtwoord').fill(org.coordinator.password);
    await page.getByRole('button', { name: 'Inloggen' }).click();
    await page.waitForURL('**/start');

    await page.goto(`${server.url}/klachten`);
    const row = page.locator('tr', { has: page.getByRole('link', { name: reference }) });
    const due = (await row.locator('td').last().textContent()) ?? '';
    assert.match(due, /Beslissing uiterlijk \d{1,2} \w+ \d{4}/, `the list names the running deadline: ${due}`);
    assert.doesNotMatch(due, /Te laat/);
    await expectNoAxeViolations(page, 'list with running deadlines');

    await page.goto(`${server.url}/klachten/${id}`);
    await page.getByRole('heading', { name: `Klacht ${reference}` }).waitFor();
    await expectNoAxeViolations(page, 'dossier with everything recorded');
    const main = (await page.textContent('main')) ?? '';
    for (const text of [
      'Mevrouw Pietersen legt uit dat de afspraak was verzet.',
      'Planning nakijken bij het team.',
      'Wij bellen vrijdag terug.',
      'De afspraak staat aantoonbaar in de agenda.',
      'met de stukken',
      'Per interne post.',
      'Bevestiging per brief verstuurd.',
    ]) {
      assert.ok(main.includes(text), `the dossier shows: ${text}`);
    }
    const section = page.locator('section', { has: page.getByRole('heading', { name: 'Horen en contact' }) });
    assert.ok(await section.isVisible());
    await context.close();
  });
});
