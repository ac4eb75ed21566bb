import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { expectNoAxeViolations, launchBrowser } from '../support/browser.ts';
import { makeOrganisation, makeUser } from '../support/factories.ts';
import { startLiveServer } from '../support/live-server.ts';
import { startSmtpSink, type SmtpSink } from '../support/smtp.ts';

/**
 * Notifications in a real Chromium with a real SMTP server (ADR 0013): the preferences page, "Meldingen" on the
 * start page, "wachtwoord vergeten" and an invitation followed from the e-mail. Axe at desktop and at 375 px,
 * and no sideways scrolling on a phone.
 */
const PHONE = { width: 375, height: 740 };

describe('notifications, invitation and forgotten password in Chromium', () => {
  let server: Awaited<ReturnType<typeof startLiveServer>>;
  let sink: SmtpSink;
  let browser: Browser;
  let admin: Awaited<ReturnType<typeof makeUser>>;
  let handler: Awaited<ReturnType<typeof makeUser>>;
  let org: Awaited<ReturnType<typeof makeOrganisation>>;

  before(async () => {
    sink = await startSmtpSink();
    server = await startLiveServer({ SMTP_URL: sink.url });
    org = await makeOrganisation(server.database.db, 'Stichting Meldingtest');
    admin = await makeUser(server.database.db, org.org.id, 'admin');
    handler = await makeUser(server.database.db, org.org.id, 'handler', { unitId: org.unit.id });
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await server?.dispose();
    await sink?.stop();
  });

  async function logIn(p: Page, email: string, password: string) {
    await p.goto(server.url + '/inloggen');
    await p.getByLabel('E-mailadres').fill(email);
    await p.getByLabel('Wachtwoord', { exact: true }).fill(password);
    await p.getByRole('button', { name: 'Inloggen' }).click();
    await p.waitForURL('**/start');
  }
  async function checkBoth(p: Page, label: string) {
    await expectNoAxeViolations(p, `${label} desktop`);
    await p.setViewportSize(PHONE);
    await expectNoAxeViolations(p, `${label} 375 px`);
    assert.equal(await p.evaluate('document.documentElement.scrollWidth <= window.innerWidth + 1'), true, `${label}: no sideways scrolling at 375 px`);
    await p.setViewportSize({ width: 1280, height: 800 });
  }
  const linkIn = async (to: string) => {
    const until = Date.now() + 15_000;
    for (;;) {
      const mail = sink.messages.filter((m) => m.envelopeTo.includes(to)).at(-1);
      const path = mail ? /http:\/\/[^/\s]+(\/wachtwoord-instellen\/[\w-]+)/.exec(mail.text ?? '')?.[1] : undefined;
      if (path) return path;
      if (Date.now() > until) throw new Error(`no link mailed to the test address within 15 s (${sink.messages.length} mails)`);
      await new Promise((r) => setTimeout(r, 100));
    }
  };

  it('preferences: an error at the field keeps the choices, then saved; the start page shows Meldingen and marks them read', async () => {
    const page = await browser.newPage();
    await logIn(page, handler.email, handler.password);
    await page.getByRole('link', { name: 'Meldingen', exact: true }).click();
    await page.waitForURL('**/account/meldingen');
    await checkBoth(page, '/account/meldingen');
    await page.getByLabel('Een klacht is aan mij toegewezen').selectOption('digest');
    await page.getByLabel('Hoeveel werkdagen van tevoren').fill('0');
    await page.getByRole('button', { name: 'Opslaan' }).click();
    await page.locator('#termDays-fout').waitFor();
    await checkBoth(page, '/account/meldingen with error');
    assert.equal(await page.getByLabel('Een klacht is aan mij toegewezen').inputValue(), 'digest', 'the choice is kept');
    await page.getByLabel('Hoeveel werkdagen van tevoren').fill('5');
    await page.getByRole('button', { name: 'Opslaan' }).click();
    await page.getByText('Uw keuzes zijn opgeslagen.').waitFor();
    const prefs = await server.database.db.selectFrom('notification_preferences').select(['deliveries', 'term_days']).where('user_id', '=', handler.user.id).executeTakeFirstOrThrow();
    assert.equal(prefs.deliveries['assigned'], 'digest');
    assert.equal(prefs.term_days, 5);

    await server.database.db
      .insertInto('notifications')
      .values([
        { organisation_id: org.org.id, user_id: handler.user.id, kind: 'new_mail_in_triage', complaint_id: null, delivery: 'off' },
        { organisation_id: org.org.id, user_id: handler.user.id, kind: 'assigned', complaint_id: null, delivery: 'off' },
      ])
      .execute();
    await page.goto(server.url + '/start');
    await page.getByRole('heading', { name: /Meldingen \(2 nieuw\)/ }).waitFor();
    await checkBoth(page, '/start with notifications');
    await page.getByRole('button', { name: /Melding "Een klacht is aan u toegewezen\." markeren als gelezen/ }).click();
    await page.getByRole('heading', { name: /Meldingen \(1 nieuw\)/ }).waitFor();
    await page.close();
  });

  it('forgotten password from the log-in page: the link from the e-mail sets a new password, then log-in works', async () => {
    const page = await browser.newPage();
    await page.goto(server.url + '/inloggen');
    await page.getByRole('link', { name: 'Wachtwoord vergeten?' }).click();
    await page.waitForURL('**/wachtwoord-vergeten');
    await checkBoth(page, '/wachtwoord-vergeten');
    await page.getByLabel('E-mailadres').fill(handler.email);
    await page.getByRole('button', { name: 'Stuur mij een link' }).click();
    await page.getByText('Als dit e-mailadres bij een account hoort').waitFor();
    await checkBoth(page, '/wachtwoord-vergeten answered');

    await page.goto(server.url + (await linkIn(handler.email)));
    await page.getByRole('heading', { name: 'Kies een nieuw wachtwoord' }).waitFor();
    await checkBoth(page, 'reset link');
    await page.getByLabel('Nieuw wachtwoord', { exact: true }).fill('mijn vergeten wachtwoord is terug');
    await page.getByLabel('Nieuw wachtwoord nog een keer').fill('iets heel anders dan dat');
    await page.getByRole('button', { name: 'Wachtwoord opslaan' }).click();
    await page.locator('#passwordAgain-fout').waitFor();
    await checkBoth(page, 'reset link with error');
    await page.getByLabel('Nieuw wachtwoord', { exact: true }).fill('mijn vergeten wachtwoord is terug');
    await page.getByLabel('Nieuw wachtwoord nog een keer').fill('mijn vergeten wachtwoord is terug');
    await page.getByRole('button', { name: 'Wachtwoord opslaan' }).click();
    await page.getByText('Uw wachtwoord is opgeslagen.').waitFor();
    await logIn(page, handler.email, 'mijn vergeten wachtwoord is terug');
    await page.close();
  });

  it('invitation: the admin adds a user with an invitation; the users page shows it; the invited user chooses a password and logs in', async () => {
    const page = await browser.newPage();
    await logIn(page, admin.email, admin.password);
    await page.goto(server.url + '/beheer/gebruikers');
    const email = 'nieuwe.collega@test.klachtwijs.nl';
    await page.getByLabel('Naam').fill('Nieuwe Collega');
    await page.getByLabel('E-mailadres').fill(email);
    assert.equal(await page.getByLabel('Uitnodiging sturen per e-mail').isChecked(), true, 'an invitation is the default');
    await page.getByLabel('Rol', { exact: true }).selectOption('handler');
    await page.getByRole('button', { name: 'Gebruiker toevoegen' }).click();
    await page.getByText('Account voor "Nieuwe Collega" is aangemaakt.').waitFor();
    await page.getByRole('cell', { name: /Uitgenodigd/ }).waitFor();
    await checkBoth(page, '/beheer/gebruikers with an invitation');

    const invited = await browser.newPage();
    await invited.goto(server.url + (await linkIn(email)));
    await invited.getByRole('heading', { name: 'Welkom: kies uw wachtwoord' }).waitFor();
    await checkBoth(invited, 'invitation link');
    await invited.getByLabel('Nieuw wachtwoord', { exact: true }).fill('een wachtwoord voor mij');
    await invited.getByLabel('Nieuw wachtwoord nog een keer').fill('een wachtwoord voor mij');
    await invited.getByRole('button', { name: 'Wachtwoord opslaan' }).click();
    await invited.getByText('Uw wachtwoord is opgeslagen.').waitFor();
    await logIn(invited, email, 'een wachtwoord voor mij');

    await page.reload();
    await page.getByRole('cell', { name: /Uitnodiging aangenomen/ }).waitFor();

    // The admin sets the organisation's default N on the same page as their own choices.
    await page.goto(server.url + '/account/meldingen');
    await page.getByLabel('Standaard voor de organisatie: hoeveel werkdagen van tevoren').fill('4');
    await page.getByRole('button', { name: 'Standaard opslaan' }).click();
    await page.getByText('De standaard van de organisatie is opgeslagen.').waitFor();
    await checkBoth(page, '/account/meldingen as admin');
    assert.equal(await page.getByLabel('Standaard voor de organisatie: hoeveel werkdagen van tevoren').inputValue(), '4');
    // An admin hears about no term (only handlers and coordinators do): no own "days before" field, no "termijn" kinds.
    assert.equal(await page.locator('#termDays').count(), 0);
    assert.equal(await page.getByLabel('Een termijn van mijn klacht loopt bijna af').count(), 0);
    await page.close();
    await invited.close();
  });
});
