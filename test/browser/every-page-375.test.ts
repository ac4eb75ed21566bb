import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { registerComplaint } from '../../src/usecases/complaints/register-complaint.ts';
import { createUnit } from '../../src/usecases/units/units.ts';
import { expectNoAxeViolations, launchBrowser, loggedInPage } from '../support/browser.ts';
import { makeOrganisationWithRegulation, makeUser } from '../support/factories.ts';
import { startLiveServer } from '../support/live-server.ts';

/**
 * Every page a new organisation's people visit, at phone width (375 px) in Chromium: axe finds no WCAG 2.1
 * A/AA violation and the page never scrolls sideways. The walk of a new user (issue 8): the anonymous pages
 * (log-in, the public form's steps, the published regulation, a missing page), the admin's set-up pages and
 * the coordinator's daily pages. Other browser tests check what these pages do; this one checks that each
 * of them works on a phone.
 */
describe('every page at 375 px in Chromium', () => {
  let server: Awaited<ReturnType<typeof startLiveServer>>;
  let browser: Browser;
  let org: Awaited<ReturnType<typeof makeOrganisationWithRegulation>>;
  let admin: Awaited<ReturnType<typeof makeUser>>;
  let complaintId = '';
  const PHONE = { width: 375, height: 740 };

  before(async () => {
    server = await startLiveServer();
    const db = server.database.db;
    org = await makeOrganisationWithRegulation(db, 'stadsring51');
    admin = await makeUser(db, org.org.id, 'admin');
    await db.transaction().execute((tx) => createUnit(tx, org.org.id, { name: 'Team Wijkzorg Noord-Oost', kind: 'team', parentId: org.unit.id }, null));
    const r = await registerComplaint(db, {
      organisationId: org.org.id,
      actor: null,
      door: 'public',
      input: {
        unitId: org.unit.id,
        channel: 'web_form',
        subject: 'Afspraak niet nagekomen door de wijkverpleegkundige van het team',
        description: 'De medewerker kwam drie keer niet opdagen bij de afspraak. Niemand belde om het te zeggen.',
        complainant: { relation: 'client', name: 'Fatima de Vries-van Oosterhout', email: 'fatima.devries-vanoosterhout@example.nl', phone: '06 12345678', postalAddress: 'Kerkstraat 12, 1234 AB Utrecht' },
        signed: true,
      },
    });
    complaintId = r.id;
    // A long name, as the demo's: the start page's title is "Welkom, Karin Klachtenfunctionaris".
    await db.updateTable('users').set({ name: 'Karin Klachtenfunctionaris' }).where('id', '=', org.coordinator.user.id).execute();
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await server?.dispose();
  });

  async function phonePage(login?: { email: string; password: string }): Promise<Page> {
    return login ? loggedInPage(browser, server.url, login, { viewport: PHONE }) : browser.newPage({ viewport: PHONE });
  }

  async function check(page: Page, path: string, status = 200) {
    const res = await page.goto(server.url + path);
    assert.equal(res?.status(), status, `${path}: status`);
    await expectNoAxeViolations(page, `${path} at 375 px`);
    const wide = Number(await page.evaluate('document.documentElement.scrollWidth'));
    const culprits = wide > PHONE.width ? await page.evaluate(`[...document.querySelectorAll('body *')].filter((e) => e.getBoundingClientRect().right > 376 && ![...e.children].some((k) => k.getBoundingClientRect().right > 376)).slice(0, 5).map((e) => e.tagName + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right) + ' ' + getComputedStyle(e).position + ' ' + (e.textContent || '').slice(0, 30)).join(' | ')`) : '';
    assert.ok(wide <= PHONE.width, `${path} scrolls sideways on a phone: ${wide} px wide (${String(culprits)})`);
    // The page's title wraps between words, never inside one (the walkthrough saw "Welkom, Karin Klachtenfunctio-naris").
    const split = await page.evaluate(`(() => {
      const h = document.querySelector('h1');
      const out = [];
      if (!h) return out;
      const walker = document.createTreeWalker(h, NodeFilter.SHOW_TEXT);
      for (let n = walker.nextNode(); n; n = walker.nextNode()) {
        for (const m of n.data.matchAll(/\\S+/g)) {
          const r = document.createRange();
          r.setStart(n, m.index);
          r.setEnd(n, m.index + m[0].length);
          if (new Set([...r.getClientRects()].map((x) => Math.round(x.top))).size > 1) out.push(m[0]);
        }
      }
      return out;
    })()`);
    assert.deepEqual(split, [], `${path}: the title breaks inside a word at 375 px`);
  }

  it('anonymous pages: log-in, the public form, the published regulation, a missing page', async () => {
    const page = await phonePage();
    await check(page, '/inloggen');
    await check(page, `/${org.org.slug}/klacht`);
    await check(page, `/${org.org.slug}/klacht?eenheid=${org.unit.id}`);
    await check(page, `/${org.org.slug}/klachtenregeling`);
    await check(page, '/bestaat-niet', 404);
    await page.close();
  });

  it("the admin's set-up pages", async () => {
    const page = await phonePage(admin);
    for (const path of ['/start', '/beheer/eenheden', '/beheer/gebruikers', `/beheer/gebruikers/${org.handler.user.id}`, '/beheer/klachtenregeling', '/beheer/klachtenregeling/nieuw', '/rollen', '/account/sleutels', '/account/wachtwoord']) {
      await check(page, path);
    }
    await page.close();
  });

  it("the coordinator's daily pages", async () => {
    const page = await phonePage(org.coordinator);
    for (const path of ['/start', '/klachten', '/klachten?q=Fatima', '/klachten/nieuw', `/klachten/${complaintId}`, '/rollen']) {
      await check(page, path);
    }
    await page.close();
  });
});
