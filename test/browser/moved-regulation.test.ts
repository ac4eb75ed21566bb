import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatDutchDate } from '../../src/domain/deadlines/index.ts';
import { complaintDeadlines, foldFacts } from '../../src/domain/workflow/index.ts';
import { issueComplainantLink } from '../../src/usecases/complainant-page/links.ts';
import { loadHistory, today } from '../../src/usecases/complaints/dossier.ts';
import { performAction } from '../../src/usecases/complaints/perform-action.ts';
import { registerComplaint } from '../../src/usecases/complaints/register-complaint.ts';
import { activateRegulation, activeRegulation } from '../../src/usecases/regulations/regulations.ts';
import { createUnit } from '../../src/usecases/units/units.ts';
import { expectAccessibleFit, loggedInPage } from '../support/browser.ts';
import { actorOf, makeOrganisationWithRegulation, publicComplaintInput } from '../support/factories.ts';
import { liveServerAndBrowser } from '../support/live-server.ts';

/**
 * A "Weet ik niet" complaint moved to a werkmaatschappij with its own regulation (004 §2) while nothing happened yet:
 * its version switches (ADR 0003 addendum). In Chromium at 1280 and 375 px, axe on every page: the dossier says whose
 * regulation it runs under and shows that regulation's deadlines, the history line names both versions, Mijn klacht
 * and the acknowledgement letter give the new regulation's dates, never the triage version's.
 */
describe('a complaint moved to a unit with its own regulation, in Chromium', () => {
  const live = liveServerAndBrowser();

  const check = expectAccessibleFit;

  for (const width of [1280, 375]) {
    it(`at ${width} px: dossier, history, deadlines, Mijn klacht and the acknowledgement say the new regulation`, async () => {
      const db = live.server.database.db;
      const org = await makeOrganisationWithRegulation(db, 'stadsring51');
      const own = (await activeRegulation(db, org.org.id, null))!;
      const zuid = await db.transaction().execute((tx) => createUnit(tx, org.org.id, { name: 'Werkmaatschappij Zuid', kind: 'werkmaatschappij' }, null));
      const zuids = await db.transaction().execute((tx) => activateRegulation(tx, { organisationId: org.org.id, unitId: zuid.id, source: { preset: 'hss' }, fills: {}, actorUserId: null }));
      const c = await registerComplaint(db, { organisationId: org.org.id, actor: null, door: 'public', unitUnknown: true, input: publicComplaintInput({ idempotencyKey: `verplaatst-${width}` }) });
      const coordinator = await actorOf(db, org.coordinator);
      await performAction(db, coordinator, c.id, 'correct-registration', { reason: 'Gaat over Zuid.', unitId: zuid.id });
      const moved = await db.selectFrom('complaints').select('regulation_version_id').where('id', '=', c.id).executeTakeFirstOrThrow();
      assert.equal(moved.regulation_version_id, zuids.versionId);

      // The dates of Zuid's regulation (001: 7 working days, 6 weeks) and those of the triage version (002: 1 week, 8 weeks).
      const facts = foldFacts(await loadHistory(db, c.id));
      const day = today();
      const theirs = complaintDeadlines(zuids.regulation, facts, day);
      const triage = complaintDeadlines(own.regulation, facts, day);
      const ack = formatDutchDate(theirs['acknowledgement']!.due);
      const decision = formatDutchDate(theirs['decision']!.due);
      const wrong = [formatDutchDate(triage['acknowledgement']!.due), formatDutchDate(triage['decision']!.due)];
      assert.ok(!wrong.includes(ack) && !wrong.includes(decision), 'the two regulations give other dates');

      const page = await loggedInPage(live.browser, live.server.url, org.coordinator, { viewport: { width, height: 900 } });
      await page.goto(`${live.server.url}/klachten/${c.id}`);
      await page.getByRole('heading', { name: `Klacht ${c.reference}` }).waitFor();
      await check(page, `${width}px dossier`);
      const dossier = ((await page.textContent('main')) ?? '').replace(/\s+/g, ' ');
      assert.ok(dossier.includes(`${zuids.regulation.metadata.title}, versie 1 van Werkmaatschappij Zuid`), `the dossier says whose regulation: ${dossier.slice(dossier.indexOf('Klachtenregeling'), dossier.indexOf('Klachtenregeling') + 200)}`);
      assert.ok(dossier.includes(`Klachtenregeling: "versie 1 van ${org.org.name}" werd "versie 1 van Werkmaatschappij Zuid"`), 'the history line names both versions');
      assert.ok(dossier.includes(ack) && dossier.includes(decision), `the dossier shows Zuid's dates ${ack}, ${decision}`);
      for (const w of wrong) assert.ok(!dossier.includes(w), `no date of the triage version (${w}) in the dossier`);

      // Mijn klacht: the complainant's own page.
      const link = await db.transaction().execute((tx) => issueComplainantLink(tx, { organisationId: org.org.id, complaintId: c.id, baseUrl: live.server.url }));
      await page.goto(link.url);
      await check(page, `${width}px Mijn klacht`);
      const mine = ((await page.textContent('main')) ?? '').replace(/\s+/g, ' ');
      assert.ok(mine.includes(ack) && mine.includes(decision), `Mijn klacht shows Zuid's dates: ${mine.slice(0, 1500)}`);
      for (const w of wrong) assert.ok(!mine.includes(w), `no date of the triage version (${w}) on Mijn klacht`);

      // The acknowledgement letter proposed after the step.
      const done = await performAction(db, coordinator, c.id, 'acknowledge', {});
      await page.goto(`${live.server.url}/klachten/${c.id}/brief/${done.seq}`);
      await check(page, `${width}px acknowledgement letter`);
      const letter = await page.locator('textarea[name="body"]').inputValue();
      assert.ok(letter.includes(decision), `the letter names Zuid's decision date ${decision}: ${letter}`);
      for (const w of wrong) assert.ok(!letter.includes(w), `no date of the triage version (${w}) in the letter`);
      await page.close();
    });
  }
});
