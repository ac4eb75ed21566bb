import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import type { Kysely } from 'kysely';
import type { DB } from '../../src/db/types.ts';
import { jobQueue } from '../../src/jobs/queue.ts';
import { loadConfig } from '../../src/config.ts';
import type { Actor } from '../../src/usecases/actor.ts';
import { addComplainantInformation, withdrawByComplainant } from '../../src/usecases/complainant-page/actions.ts';
import { performAction } from '../../src/usecases/complaints/perform-action.ts';
import { registerComplaint } from '../../src/usecases/complaints/register-complaint.ts';
import { checkTerms } from '../../src/usecases/notifications/check-terms.job.ts';
import { inboxOf, markRead, preferencesOf, savePreferences, setOrganisationTermDays } from '../../src/usecases/notifications/inbox.ts';
import { notifyAboutComplaint } from '../../src/usecases/notifications/notify.ts';
import { sweepNotifications } from '../../src/usecases/notifications/sweep-notifications.job.ts';
import { isDigestTime, sendDigests } from '../../src/usecases/notifications/send-digest.job.ts';
import { digestMail, notificationLine, NOTIFICATION_KINDS } from '../../src/usecases/notifications/kinds.ts';
import { RESET_THROTTLE, useLink } from '../../src/usecases/users/password-links.ts';
import { forEachDatabase } from '../support/databases.ts';
import { CBF_FILLS } from '../../src/domain/workflow/test-support.ts';
import { actorOf, bindRegulationRole, makeOrganisationWithRegulation, makeUser } from '../support/factories.ts';
import { PageClient, testApp } from '../support/http.ts';
import { runJobs } from '../support/jobs.ts';
import { startSmtpSink, type SmtpSink } from '../support/smtp.ts';
import { today } from '../../src/usecases/complaints/dossier.ts';

/**
 * Notifications for staff (issue 9, ADR 0013) with a real SMTP server in the test process: what a staff mail
 * says (the reference and a link, never the complainant or the complaint's text), the digest, the daily term
 * check said once, invitations and "wachtwoord vergeten" links that work once and expire.
 */
const SECRET = {
  name: 'Jan Jansen-Geheim',
  address: 'Dorpsstraat 1, 1234 AB Ergens',
  email: 'jan.geheim@example.nl',
  description: 'De medewerker kwam drie keer niet opdagen bij de afspraak in het ziekenhuis.',
  subject: 'Afspraak niet nagekomen',
};
const at = (day: string, time = '10:00:00') => new Date(`${day}T${time}+01:00`);

forEachDatabase('notifications for staff', (ctx) => {
  let db: Kysely<DB>;
  let sink: SmtpSink;
  let org: Awaited<ReturnType<typeof makeOrganisationWithRegulation>>;
  let coordinator: Actor;
  let intake: Actor;
  let handler: Actor;

  before(async () => {
    db = ctx.database.db;
    sink = await startSmtpSink();
    org = await makeOrganisationWithRegulation(db, 'stadsring51');
    coordinator = await actorOf(db, org.coordinator);
    intake = await actorOf(db, org.intake);
    handler = await actorOf(db, org.handler);
  });
  after(async () => {
    await sink.stop();
  });

  const run = () => runJobs(db, { smtpUrl: sink.url });
  const mailsTo = (email: string) => sink.messages.filter((m) => m.envelopeTo.includes(email));
  const register = (now?: Date) =>
    registerComplaint(db, {
      organisationId: org.org.id,
      actor: intake,
      door: 'staff',
      ...(now ? { now } : {}),
      input: {
        channel: 'letter',
        receivedOn: today(now ?? new Date()),
        description: SECRET.description,
        complainant: { relation: 'client', name: SECRET.name, postalAddress: SECRET.address, email: SECRET.email },
        signed: true,
        documentDate: '2026-03-01',
        respondentName: 'P. Pietersen',
        subject: SECRET.subject,
      },
    });
  const assertNothingPersonal = (text: string) => {
    for (const secret of [SECRET.name, 'Jansen', SECRET.address, 'Dorpsstraat', SECRET.email, SECRET.description, 'ziekenhuis', SECRET.subject, 'Pietersen']) {
      assert.ok(!text.includes(secret), `a staff mail must not contain "${secret}"`);
    }
  };

  it('intake tells the coordinator, assign tells the handler: one mail each with the reference and a link, nothing personal', async () => {
    const c = await register();
    await performAction(db, coordinator, c.id, 'acknowledge', { on: today() });
    await performAction(db, coordinator, c.id, 'assign', { handlerUserId: handler.userId });
    await run();
    const toHandler = mailsTo(handler.email);
    assert.equal(toHandler.length, 1, 'the handler gets exactly one mail');
    const mail = toHandler[0]!;
    assert.match(mail.subject ?? '', new RegExp(`Klacht ${c.reference} is aan u toegewezen`));
    assert.ok(mail.text?.includes(`http://localhost:3000/klachten/${c.id}`), 'a link to the dossier');
    assertNothingPersonal(`${mail.subject}\n${mail.text}\n${mail.html || ''}\n${mail.raw.toString('utf8')}`);
    assert.equal(mail.attachments.length, 0);

    const toCoordinator = mailsTo(coordinator.email).filter((m) => m.text?.includes(c.reference));
    assert.equal(toCoordinator.length, 1, 'the coordinator hears of the new complaint in the unit once');
    // The coordinator coordinates the whole organisation: the text names the complaint's unit, not "uw eenheid".
    assert.match(toCoordinator[0]!.text ?? '', new RegExp(`Klacht ${c.reference} is nieuw binnengekomen bij ${org.unit.name}\\.`));
    assert.match(toCoordinator[0]!.subject ?? '', new RegExp(`is nieuw binnengekomen bij ${org.unit.name} \\(`));
    assert.doesNotMatch(`${toCoordinator[0]!.subject}\n${toCoordinator[0]!.text}`, /uw eenheid/);
    const coordinatorInbox = await inboxOf(db, coordinator);
    assert.ok(coordinatorInbox.items.some((i) => i.line === `Klacht ${c.reference} is nieuw binnengekomen bij ${org.unit.name}.`), 'the start page says the same');
    assertNothingPersonal(toCoordinator[0]!.raw.toString('utf8'));
    assert.equal(mailsTo(intake.email).length, 0, 'who registered it is not told about it');

    // Running the jobs again sends nothing twice.
    await run();
    assert.equal(mailsTo(handler.email).length, 1);

    // The start page list: unread first; marking read; another user cannot mark it.
    const inbox = await inboxOf(db, handler);
    assert.equal(inbox.unread, 1);
    assert.equal(inbox.items[0]!.href, `/klachten/${c.id}`);
    await assert.rejects(markRead(db, coordinator, inbox.items[0]!.id), /bestaat niet/);
    await markRead(db, handler, inbox.items[0]!.id);
    assert.equal((await inboxOf(db, handler)).unread, 0);
  });

  it('without a mail server a notification stays on the start page only: no e-mail is made to fail', async () => {
    await run(); // what earlier tests left queued goes out first
    const c = await register();
    await runJobs(db, {}); // no SMTP_URL
    const made = await db.selectFrom('notifications').select(['mailed_at', 'outbound_mail_id']).where('complaint_id', '=', c.id).execute();
    assert.ok(made.length >= 1);
    assert.ok(made.every((n) => n.mailed_at !== null && n.outbound_mail_id === null));
    await run();
    assert.equal(mailsTo(org.coordinator.email).filter((m) => m.text?.includes(c.reference)).length, 0, 'not mailed late once a server is there');
  });

  it('an escalation tells whoever holds the role it goes to under the regulation (003: directeur, bestuur), not who escalated', async () => {
    const cbf = await makeOrganisationWithRegulation(db, 'cbf-template', CBF_FILLS);
    const director = await makeUser(db, cbf.org.id, 'handler');
    const board = await makeUser(db, cbf.org.id, 'board');
    await bindRegulationRole(db, cbf.org.id, 'director', director.user.id);
    await bindRegulationRole(db, cbf.org.id, 'board', board.user.id);
    const [coord, hand] = [await actorOf(db, cbf.coordinator), await actorOf(db, cbf.handler)];
    const c = await registerComplaint(db, {
      organisationId: cbf.org.id,
      actor: coord,
      door: 'staff',
      input: {
        channel: 'letter',
        receivedOn: today(),
        description: SECRET.description,
        complainant: { relation: 'client', name: SECRET.name, postalAddress: SECRET.address, email: SECRET.email },
        signed: true,
        documentDate: today(),
        subject: SECRET.subject,
      },
    });
    await performAction(db, coord, c.id, 'assign', { handlerUserId: hand.userId });
    await performAction(db, coord, c.id, 'escalate', { to: 'board', reason: 'Zeer ernstige klacht.' });
    await performAction(db, hand, c.id, 'escalate', { to: 'director', reason: 'Geen oplossing.' });
    const rows = await db.selectFrom('notifications').select(['kind', 'user_id']).where('complaint_id', '=', c.id).orderBy('created_at').execute();
    assert.deepEqual(
      rows.map((r) => [r.kind, r.user_id]),
      [
        ['assigned', hand.userId],
        ['escalated', board.user.id],
        ['escalated', director.user.id],
      ],
    );
    // The hooks of the other lanes: the handler now (the directeur after the handover) hears what the complainant did.
    const jobs = await jobQueue(db);
    await db.transaction().execute((tx) => notifyAboutComplaint(tx, jobs, { organisationId: cbf.org.id, kind: 'complainant_added', complaintId: c.id }));
    const added = await db.selectFrom('notifications').select('user_id').where('complaint_id', '=', c.id).where('kind', '=', 'complainant_added').execute();
    assert.deepEqual(added.map((r) => r.user_id), [director.user.id]);
    await run();
    const mail = mailsTo(director.email).find((m) => /voorgelegd of overgedragen/.test(m.subject ?? ''));
    assert.match(mail?.subject ?? '', new RegExp(`Klacht ${c.reference} is aan u voorgelegd of overgedragen`));
    assertNothingPersonal(mail!.raw.toString('utf8'));
  });

  it('a complaint registered inside a caller\'s transaction (API register-and-classify) is mailed at once, and the sweep never mails it twice', async () => {
    const c = await db.transaction().execute((tx) =>
      registerComplaint(tx, {
        organisationId: org.org.id,
        actor: intake,
        door: 'staff',
        input: {
          channel: 'letter',
          receivedOn: today(),
          description: SECRET.description,
          complainant: { relation: 'client', name: SECRET.name, postalAddress: SECRET.address, email: SECRET.email },
          signed: true,
          documentDate: '2026-03-01',
          subject: SECRET.subject,
        },
      }),
    );
    const about = () => mailsTo(coordinator.email).filter((m) => m.text?.includes(c.reference));
    await run();
    // The queue of the database the transaction runs on is found through the transaction: the mail job is made there.
    assert.equal(about().length, 1, 'mailed at once');
    const jobs = await jobQueue(db);
    const later = new Date(Date.now() + 2 * 60_000);
    await sweepNotifications(db, jobs, later);
    await run();
    assert.equal(about().length, 1, 'mailed once');
  });

  it('what the complainant does on Mijn klacht reaches the handler, with nothing of what they wrote', async () => {
    const c = await register();
    await performAction(db, coordinator, c.id, 'acknowledge', { on: today() });
    await performAction(db, coordinator, c.id, 'assign', { handlerUserId: handler.userId });
    const target = { organisationId: org.org.id, complaintId: c.id, linkId: '00000000-0000-4000-8000-000000000000' };
    await addComplainantInformation(db, target, { text: 'Mijn buurvrouw Klaasje was er ook bij.' });
    await withdrawByComplainant(db, target, { reason: 'Het is opgelost met Klaasje.' });
    const rows = await db.selectFrom('notifications').select(['kind', 'user_id']).where('complaint_id', '=', c.id).where('kind', 'like', 'complainant%').orderBy('created_at').execute();
    assert.deepEqual(rows, [
      { kind: 'complainant_added', user_id: handler.userId },
      { kind: 'complainant_withdrew', user_id: handler.userId },
    ]);
    await run();
    const mails = mailsTo(handler.email).filter((m) => m.text?.includes(c.reference) && /klager/.test(m.text ?? ''));
    assert.equal(mails.length, 2);
    for (const m of mails) assert.ok(!m.raw.toString('utf8').includes('Klaasje'), 'nothing of what the complainant wrote');
  });

  it('a user who prefers the digest gets no mail at once, and one digest mail after the digest job (once)', async () => {
    const other = await makeUser(db, org.org.id, 'handler', { unitId: org.unit.id });
    const otherActor = await actorOf(db, other);
    const deliveries = Object.fromEntries(NOTIFICATION_KINDS.map((k) => [k, 'digest']));
    await savePreferences(db, otherActor, { deliveries, termDays: 3 });
    const a = await register();
    const b = await register();
    for (const c of [a, b]) {
      await performAction(db, coordinator, c.id, 'acknowledge', { on: today() });
      await performAction(db, coordinator, c.id, 'assign', { handlerUserId: other.user.id });
    }
    await run();
    assert.equal(mailsTo(other.email).length, 0, 'nothing at once');
    assert.equal((await inboxOf(db, otherActor)).unread, 2, 'but both show on the start page');

    const config = loadConfig({ KLACHTWIJS_DEMO: 'false', SMTP_URL: sink.url });
    const jobs = await jobQueue(db);
    const morning = at('2026-12-01', '07:05:00');
    assert.ok(await sendDigests(db, jobs, config, morning) >= 1);
    await run();
    assert.equal(await sendDigests(db, jobs, config, morning), 0, 'a second run finds nothing left');
    await run();
    const digests = mailsTo(other.email);
    assert.equal(digests.length, 1, 'one digest mail');
    assert.match(digests[0]!.subject ?? '', /2 meldingen/);
    assert.ok(digests[0]!.text?.includes(a.reference) && digests[0]!.text.includes(b.reference));
    assertNothingPersonal(digests[0]!.raw.toString('utf8'));
  });

  it('a new complaint is named with its unit in every variant (line, single mail, digest), never "uw eenheid"', () => {
    assert.equal(notificationLine('new_in_unit', '2026-0007', 'Wijkteam Noord'), 'Klacht 2026-0007 is nieuw binnengekomen bij Wijkteam Noord.');
    assert.equal(notificationLine('new_in_unit', '2026-0007', null), 'Klacht 2026-0007 is nieuw binnengekomen.');
    const digest = digestMail([{ kind: 'new_in_unit', reference: '2026-0007', complaintId: null, unitName: 'Jeugdhulp Zuid' }], 'Org', 'http://localhost:3000');
    assert.match(digest.text, /- Klacht 2026-0007 is nieuw binnengekomen bij Jeugdhulp Zuid\./);
    assert.doesNotMatch(digest.text, /uw eenheid/);
  });

  it('the digest goes out at 07:00 Amsterdam time on working days only', () => {
    assert.equal(isDigestTime(new Date('2026-12-01T06:10:00Z')), true, 'Tuesday 07:10 winter time');
    assert.equal(isDigestTime(new Date('2026-07-01T05:10:00Z')), true, 'Wednesday 07:10 summer time');
    assert.equal(isDigestTime(new Date('2026-07-01T06:10:00Z')), false, '08:10 summer time');
    assert.equal(isDigestTime(new Date('2026-12-05T06:10:00Z')), false, 'Saturday');
    assert.equal(isDigestTime(new Date('2026-12-25T06:10:00Z')), false, 'Christmas (Atw)');
  });

  it('the term check says "termijn loopt bijna af" once per complaint per term per day, then "verlopen"', async () => {
    // Stadsring51: received Monday 2 March 2026, the acknowledgement is due 9 March (002 art. 6.3).
    const c = await register(at('2026-03-02'));
    const jobs = await jobQueue(db);
    const rows = () => db.selectFrom('notifications').select(['kind', 'user_id']).where('complaint_id', '=', c.id).where('kind', 'in', ['term_ending', 'overdue']).execute();
    await checkTerms(db, jobs, at('2026-03-03'));
    assert.equal((await rows()).length, 0, 'Tuesday 3 March: more than 3 working days before the 9th');
    await checkTerms(db, jobs, at('2026-03-04'));
    await checkTerms(db, jobs, at('2026-03-04', '11:00:00'));
    const first = await rows();
    assert.deepEqual(first, [{ kind: 'term_ending', user_id: coordinator.userId }], 'twice on one day: one notification, to the coordinator (no handler yet)');
    await checkTerms(db, jobs, at('2026-03-10'));
    await checkTerms(db, jobs, at('2026-03-10'));
    const later = await rows();
    assert.equal(later.filter((r) => r.kind === 'overdue').length, 1, 'after the date: one "verlopen"');
    await run();
    const mail = mailsTo(coordinator.email).find((m) => m.text?.includes(c.reference) && /verlopen/.test(m.subject ?? ''));
    assert.ok(mail, 'the overdue mail reached the coordinator');
    assert.ok(mail.text?.includes('2026-03-09'), 'it names the date of the term');
    assertNothingPersonal(mail.raw.toString('utf8'));
  });

  it('N comes from the user, else from the organisation (set by an admin), else 3', async () => {
    const o = await makeOrganisationWithRegulation(db, 'stadsring51');
    const [coord, adminActor] = [await actorOf(db, o.coordinator), await actorOf(db, await makeUser(db, o.org.id, 'admin'))];
    const newComplaint = () =>
      registerComplaint(db, {
        organisationId: o.org.id,
        actor: coord,
        door: 'staff',
        now: at('2026-03-02'),
        input: { channel: 'letter', receivedOn: '2026-03-02', description: SECRET.description, complainant: { relation: 'client', name: SECRET.name, postalAddress: SECRET.address }, signed: true, documentDate: '2026-03-01' },
      });
    const told = async (id: string) => (await db.selectFrom('notifications').select('id').where('complaint_id', '=', id).where('kind', '=', 'term_ending').execute()).length;
    const jobs = await jobQueue(db);
    // Monday 2 March, the acknowledgement is due Monday 9 March: 5 working days ahead.
    const a = await newComplaint();
    await checkTerms(db, jobs, at('2026-03-02'));
    assert.equal(await told(a.id), 0, 'the default of 3 working days: not yet');
    await assert.rejects(setOrganisationTermDays(db, coord, { organisationTermDays: 6 }), /beheerder/);
    await assert.rejects(setOrganisationTermDays(db, adminActor, { organisationTermDays: 0 }), /Niet alle gegevens/);
    await setOrganisationTermDays(db, adminActor, { organisationTermDays: 6 });
    assert.deepEqual((await preferencesOf(db, coord)).organisationTermDays, 6);
    const b = await newComplaint();
    await checkTerms(db, jobs, at('2026-03-02', '11:00:00'));
    assert.equal(await told(b.id), 1, 'the organisation’s 6 working days: now');
    await savePreferences(db, coord, { deliveries: Object.fromEntries(NOTIFICATION_KINDS.map((k) => [k, 'now'])), termDays: '1' });
    const c = await newComplaint();
    await checkTerms(db, jobs, at('2026-03-02', '12:00:00'));
    assert.equal(await told(c.id), 0, 'the user’s own 1 working day wins');
    await run();
  });

  it('invitation: the admin makes a user with an invitation, the link sets a password once, then log-in works', async () => {
    const admin = await makeUser(db, org.org.id, 'admin');
    const client = new PageClient(await testApp(ctx.database, { SMTP_URL: sink.url }));
    assert.equal((await client.logIn(admin.email, admin.password)).status, 303);
    const { csrf } = await client.get('/beheer/gebruikers');
    const email = `nieuw-${Date.now()}-${ctx.kind}@test.klachtwijs.nl`;
    const made = await client.postForm('/beheer/gebruikers', { _csrf: csrf, name: 'Nieuwe Collega', email, invite: 'ja', password: '', role: 'handler', unitId: '' });
    assert.equal(made.status, 303);
    await run();
    const mails = mailsTo(email);
    assert.equal(mails.length, 1, 'one invitation mail');
    assert.match(mails[0]!.text ?? '', /72 uur/);
    let link = /http:\/\/localhost:3000(\/wachtwoord-instellen\/[\w-]+)/.exec(mails[0]!.text ?? '')?.[1];
    assert.ok(link, 'the mail carries the link');
    const token = link.split('/').at(-1)!;
    const stored = await db.selectFrom('user_tokens').select('token_hash').where('purpose', '=', 'invitation').execute();
    assert.ok(stored.every((t) => t.token_hash !== token), 'only the hash is stored');

    const list = await client.get('/beheer/gebruikers');
    assert.ok(list.html.includes('Uitgenodigd'), 'the users page shows the invitation');
    assert.ok(!list.html.includes(`/beheer/gebruikers/${admin.user.id}/uitnodigen`), 'no invitation for a user who has a password');

    // Re-sent: a new link in a new mail; the first one stops working.
    const invitedId = (await db.selectFrom('users').select('id').where('email', '=', email).executeTakeFirstOrThrow()).id;
    const resent = await client.postForm(`/beheer/gebruikers/${invitedId}/uitnodigen`, { _csrf: list.csrf });
    assert.equal(resent.status, 303);
    await run();
    assert.equal(mailsTo(email).length, 2);
    const first = link;
    link = /http:\/\/localhost:3000(\/wachtwoord-instellen\/[\w-]+)/.exec(mailsTo(email)[1]!.text ?? '')![1]!;
    assert.notEqual(link, first);
    assert.equal((await new PageClient(await testApp(ctx.database)).get(first)).res.status, 410, 'the earlier link stops working');

    const anon = new PageClient(await testApp(ctx.database));
    const form = await anon.get(link);
    assert.equal(form.res.status, 200);
    assert.ok(form.html.includes(email));
    const weak = await anon.postForm(link, { _csrf: form.csrf, password: 'kort', passwordAgain: 'kort' });
    assert.equal(weak.status, 422, 'the password rules of the account page');
    const different = await anon.postForm(link, { _csrf: form.csrf, password: 'een lang nieuw wachtwoord', passwordAgain: 'een ander wachtwoord' });
    assert.equal(different.status, 422);
    const set = await anon.postForm(link, { _csrf: form.csrf, password: 'een lang nieuw wachtwoord', passwordAgain: 'een lang nieuw wachtwoord' });
    assert.equal(set.status, 303);
    assert.equal(set.headers.get('location'), '/inloggen?wachtwoord=1');
    assert.equal((await anon.logIn(email, 'een lang nieuw wachtwoord')).status, 303, 'log-in with the chosen password');
    const again = await new PageClient(await testApp(ctx.database)).get(link);
    assert.equal(again.res.status, 410, 'the link works once');
    assert.ok((await client.get('/beheer/gebruikers')).html.includes('Uitnodiging aangenomen'));
  });

  it('forgotten password: the same answer for any address, a link that works once, expires after an hour, ends other sessions; throttled', async () => {
    const user = await makeUser(db, org.org.id, 'handler');
    const elsewhere = new PageClient(await testApp(ctx.database));
    assert.equal((await elsewhere.logIn(user.email, user.password)).status, 303);
    let anon = new PageClient(await testApp(ctx.database));
    const ask = async (email: string) => {
      const { csrf } = await anon.get('/wachtwoord-vergeten');
      const res = await anon.postForm('/wachtwoord-vergeten', { _csrf: csrf, email });
      return { status: res.status, html: (await res.text()).replace(/name="_csrf" value="[^"]*"/, '').replace(/value="[^"]*@[^"]*"/, '') };
    };
    const known = await ask(user.email);
    const unknown = await ask(`niemand-${ctx.kind}@test.klachtwijs.nl`);
    assert.equal(known.status, 200);
    assert.equal(unknown.status, known.status);
    assert.equal(unknown.html, known.html, 'the same answer whether or not the address has an account');
    await run();
    const mails = mailsTo(user.email);
    assert.equal(mails.length, 1);
    assert.match(mails[0]!.text ?? '', /1 uur/);
    const link = /http:\/\/localhost:3000(\/wachtwoord-instellen\/[\w-]+)/.exec(mails[0]!.text ?? '')![1]!;
    const token = link.split('/').at(-1)!;

    await assert.rejects(useLink(db, token, { password: 'nog een nieuw wachtwoord', passwordAgain: 'nog een nieuw wachtwoord' }, new Date(Date.now() + 61 * 60 * 1000)), /werkt niet meer/, 'expired after an hour');
    const form = await anon.get(link);
    assert.equal(form.res.status, 200);
    const set = await anon.postForm(link, { _csrf: form.csrf, password: 'nog een nieuw wachtwoord', passwordAgain: 'nog een nieuw wachtwoord' });
    assert.equal(set.status, 303);
    assert.equal((await elsewhere.request('/start')).status === 200, false, 'the other session has ended');
    const twice = await anon.postForm(link, { _csrf: form.csrf, password: 'weer een ander wachtwoord', passwordAgain: 'weer een ander wachtwoord' });
    assert.equal(twice.status, 410, 'the link works once');
    assert.equal((await anon.logIn(user.email, 'nog een nieuw wachtwoord')).status, 303);

    // Throttled: beyond the limit per address nothing more is sent, and the answer stays the same.
    anon = new PageClient(await testApp(ctx.database));
    for (let i = 0; i < RESET_THROTTLE.perEmail + 1; i++) assert.equal((await ask(user.email)).html, known.html);
    await run();
    assert.equal(mailsTo(user.email).length, 1 + RESET_THROTTLE.perEmail - 1, 'at most the limit per 15 minutes');
  });
});
