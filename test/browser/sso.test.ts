import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { saveSsoProvider } from '../../src/usecases/sso/providers.ts';
import { expectNoAxeViolations, launchBrowser } from '../support/browser.ts';
import { actorOf, makeOrganisation, makeUser } from '../support/factories.ts';
import { startLiveServer } from '../support/live-server.ts';
import { startOidcProvider, type OidcTestProvider } from '../support/oidc-provider.ts';

/**
 * Single sign-on in a real Chromium at desktop and 375 px, with axe on every state: the admin's page "Eenmalig
 * inloggen (SSO)" (an error at the field that keeps what was typed, Verbinding testen against a real oidc-provider),
 * the start page `/<org>/inloggen/sso`, the whole log-in through the provider back to the start page, and the
 * refusal page for an e-mail address without an account in this organisation. No sideways scrolling.
 */
describe('single sign-on pages in Chromium', () => {
  let server: Awaited<ReturnType<typeof startLiveServer>>;
  let idp: OidcTestProvider;
  let browser: Browser;
  let org: Awaited<ReturnType<typeof makeOrganisation>>;
  let admin: Awaited<ReturnType<typeof makeUser>>;
  let handler: Awaited<ReturnType<typeof makeUser>>;
  let base: string;

  before(async () => {
    server = await startLiveServer({ KLACHTWIJS_SERVICES: 'web' });
    base = `http://localhost:${server.port}`; // the server's base URL (the redirect URI must match it)
    const db = server.database.db;
    org = await makeOrganisation(db, 'Zorggroep Chromium');
    admin = await makeUser(db, org.org.id, 'admin');
    handler = await makeUser(db, org.org.id, 'handler', { unitId: org.unit.id });
    idp = await startOidcProvider({ redirectUris: [`${base}/${org.org.slug}/inloggen/sso/terug`], emailInIdToken: true }); // the integration test takes the UserInfo way
    await saveSsoProvider(db, await actorOf(db, admin), { displayName: 'Testprovider', issuerUrl: idp.issuer, clientId: idp.clientId, clientSecret: idp.clientSecret, scopes: 'openid email profile', enabled: 'ja' }, { loopbackHttp: true });
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await server?.dispose();
    await idp?.stop();
  });

  const logIn = async (page: Page, who: { email: string; password: string }) => {
    await page.goto(base + '/inloggen');
    await page.getByLabel('E-mailadres').fill(who.email);
    await page.getByLabel('Wachtwoord').fill(who.password);
    await page.getByRole('button', { name: 'Inloggen' }).click();
    await page.waitForURL('**/start');
  };
  const noSideways = async (page: Page, what: string) => assert.equal(await page.evaluate('document.documentElement.scrollWidth <= window.innerWidth + 1'), true, `${what}: no sideways scrolling`);

  for (const [width, height, label] of [
    [1280, 900, 'desktop'],
    [375, 812, '375 px'],
  ] as const) {
    it(`Eenmalig inloggen (SSO): error at the field, Verbinding testen (${label})`, async () => {
      const page = await browser.newPage({ viewport: { width, height } });
      try {
        await logIn(page, admin);
        await page.getByRole('link', { name: 'Eenmalig inloggen' }).click();
        await page.getByRole('heading', { level: 1, name: 'Eenmalig inloggen (SSO)' }).waitFor();
        await expectNoAxeViolations(page, `/beheer/eenmalig-inloggen ${label}`);
        await noSideways(page, 'Eenmalig inloggen');
        await page.getByLabel('URL van de uitgever (issuer)').fill('http://idp.voorbeeld.nl');
        await page.getByRole('button', { name: 'Opslaan' }).click();
        await page.locator('#issuerUrl-fout').waitFor();
        assert.equal(await page.getByLabel('URL van de uitgever (issuer)').inputValue(), 'http://idp.voorbeeld.nl', 'what was typed stays');
        await expectNoAxeViolations(page, `/beheer/eenmalig-inloggen with errors ${label}`);
        await noSideways(page, 'Eenmalig inloggen with errors');
        await page.getByRole('button', { name: 'Verbinding testen' }).click();
        await page.getByText('De verbinding werkt.').waitFor();
        await expectNoAxeViolations(page, `/beheer/eenmalig-inloggen tested ${label}`);
      } finally {
        await page.close();
      }
    });

    it(`log in with single sign-on from the start page; no account is a clear page (${label})`, async () => {
      const page = await browser.newPage({ viewport: { width, height } });
      try {
        await page.goto(`${base}/${org.org.slug}/inloggen/sso`);
        await page.getByRole('heading', { level: 1, name: `Inloggen bij ${org.org.name}` }).waitFor();
        await expectNoAxeViolations(page, `/${org.org.slug}/inloggen/sso ${label}`);
        await noSideways(page, 'SSO start page');
        idp.loginAs({ sub: 'chromium-handler', email: handler.email, email_verified: true, name: 'Test handler' });
        await page.getByRole('link', { name: 'Inloggen met Testprovider' }).click();
        await page.waitForURL('**/start');
        await page.getByRole('button', { name: 'Uitloggen' }).waitFor();
      } finally {
        await page.close();
      }
      const other = await browser.newPage({ viewport: { width, height } });
      try {
        await other.goto(`${base}/${org.org.slug}/inloggen/sso`);
        idp.loginAs({ sub: `nobody-${label}`, email: 'niemand@elders.example', email_verified: true, name: 'Niemand' });
        await other.getByRole('link', { name: 'Inloggen met Testprovider' }).click();
        await other.getByText(`Er is geen account met dit e-mailadres bij ${org.org.name}. Vraag de beheerder om een account.`).waitFor();
        await expectNoAxeViolations(other, `SSO refused ${label}`);
        await noSideways(other, 'SSO refused');
      } finally {
        await other.close();
      }
    });
  }
});
