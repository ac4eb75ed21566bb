import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import type { Kysely } from 'kysely';
import type { DB } from '../../src/db/types.ts';
import { failedMails, retryMail } from '../../src/mail/outbox.ts';
import type { Actor } from '../../src/usecases/actor.ts';
import { complainantPage } from '../../src/usecases/complainant-page/page.ts';
import { getComplaint } from '../../src/usecases/complaints/get-complaint.ts';
import { listComplaints } from '../../src/usecases/complaints/list-complaints.ts';
import { performAction } from '../../src/usecases/complaints/perform-action.ts';
import { markLetterPosted } from '../../src/usecases/letters/dossier-letters.ts';
import { forEachDatabase } from '../support/databases.ts';
import { actorOf, makeOrganisationWithRegulation, registerLetterComplaint, TEST_PASSWORD } from '../support/factories.ts';
import { PageClient, testApp } from '../support/http.ts';
import { runJobs } from '../support/jobs.ts';
import { startSmtpSink } from '../support/smtp.ts';

/**
 * The decision term is met when the complainant is told (002 art. 6.8 with 6.9: "stelt de klager schriftelijk en
 * gemotiveerd in kennis"): for a written decision whose letter the product made, on the day that letter was sent (the
 * mail server took it, or "Verstuurd per post"), not on the decision's date. Until then the term runs on, also while
 * the complaint is decided: overdue after the term in the dossier, the lists and the statistical record. A decision
 * recorded without a letter from the product counts from its date, as before.
 *
 * Stadsring51, received 2 March 2026: decision due 28 April 2026.
 */
const at = (day: string) => new Date(`${day}T10:00:00+02:00`);
const textOf = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/&#39;/g, "'").replace(/&quot;/g, '"').replace(/&amp;/g, '&').replace(/\s+/g, ' ').replace(/ ([.,)])/g, '$1');

forEachDatabase('the decision term is met when its letter is sent', (ctx) => {
  let org: Awaited<ReturnType<typeof makeOrganisationWithRegulation>>;
  let coordinator: Actor;
  let handler: Actor;
  let db: Kysely<DB>;
  before(async () => {
    db = ctx.database.db;
    org = await makeOrganisationWithRegulation(db, 'stadsring51');
    coordinator = await actorOf(db, org.coordinator);
    handler = await actorOf(db, org.handler);
  });

  const act = (actor: Actor, id: string, action: string, input: unknown, day: string, extra: Record<string, unknown> = {}) => performAction(db, actor, id, action, input, { now: at(day), ...extra });

  /** A complaint ready to be decided on 20 April 2026 (heard, copy sent). */
  async function readyToDecide() {
    const c = await registerLetterComplaint(db, org, coordinator, '2026-03-02', {
      now: at('2026-03-02'),
      input: { documentDate: '2026-03-01', respondentName: 'P. Pietersen', subject: 'Afspraak niet nagekomen', complainant: { email: 'jan@example.nl' } },
    });
    await act(coordinator, c.id, 'acknowledge', { on: '2026-03-03' }, '2026-03-03');
    await act(coordinator, c.id, 'assign', { handlerUserId: org.handler.user.id }, '2026-03-03');
    await act(handler, c.id, 'send-copy-to-respondent', { on: '2026-03-05', includesDocuments: true }, '2026-03-05');
    await act(handler, c.id, 'record-hearing', { party: 'complainant', on: '2026-03-20', report: 'De klager vertelt wat er gebeurde.' }, '2026-03-20');
    await act(handler, c.id, 'record-hearing', { party: 'respondent', on: '2026-03-24', report: 'Mevrouw legt uit hoe de afspraak is gemaakt.' }, '2026-03-24');
    return c;
  }
  const DECISION = { outcome: 'not_upheld', reasoning: 'Uit het onderzoek blijkt dat de afspraak is nagekomen.', externalBodyNamed: 'Nationale ombudsman', decidedOn: '2026-04-20' };

  async function state(id: string, day: string) {
    const dossier = await getComplaint(db, coordinator, id, { now: at(day), audit: false });
    const list = await listComplaints(db, coordinator, { limit: 200, overdue: 'true' }, at(day));
    const row = await db.selectFrom('complaints').select(['next_due_key', 'decided_late']).where('id', '=', id).executeTakeFirstOrThrow();
    const stats = await db.selectFrom('complaint_statistics').select(['terms', 'decided_on']).where('complaint_id', '=', id).executeTakeFirstOrThrow();
    const terms = (typeof stats.terms === 'string' ? JSON.parse(stats.terms) : stats.terms) as Record<string, { metOn: string | null; late: boolean }>;
    return { decision: dossier.deadlines.decision!, running: dossier.runningDeadline, inOverdueList: list.items.some((i) => i.id === id), row, stats: { decision: terms['decision']!, decidedOn: stats.decided_on } };
  }

  it('a written decision whose e-mail failed keeps the term running (overdue after 28 April); met on the day the mail went out, late', async () => {
    const c = await readyToDecide();
    await act(handler, c.id, 'decide', DECISION, '2026-04-20', { letter: { channel: 'email' } });
    await runJobs(db, { now: () => at('2026-04-20') }); // no mail server: the mail fails
    const mail = await db.selectFrom('outbound_mails').select(['id', 'status']).where('complaint_id', '=', c.id).where('purpose', '=', 'letter').executeTakeFirstOrThrow();
    assert.equal(mail.status, 'failed');

    const before = await state(c.id, '2026-04-25');
    assert.equal(before.decision.met, false, 'a decision whose letter did not go out has not been told');
    assert.equal(before.decision.running, true);
    assert.equal(before.decision.overdue, false);
    assert.equal(before.running?.key, 'decision');
    assert.equal(before.row.next_due_key, 'decision', 'the lists show the decision as still due');
    assert.equal(before.stats.decision.metOn, null);
    assert.equal(before.stats.decidedOn, '2026-04-20', 'the decision itself keeps its date');
    const late = await state(c.id, '2026-04-29');
    assert.equal(late.decision.overdue, true, 'after the term the untold decision is overdue');
    assert.ok(late.inOverdueList, 'in "te laat"');

    // The dossier says so; Mijn klacht does not point to a letter that did not go out.
    const client = new PageClient(await testApp(ctx.database));
    await client.logIn(org.coordinator.email, TEST_PASSWORD);
    const page = await client.get(`/klachten/${c.id}`);
    assert.match(page.html, /Beslissing genomen, brief nog niet verstuurd/);
    const mine = await complainantPage(db, { organisationId: org.org.id, complaintId: c.id, linkId: 'test' }, { audit: false });
    assert.ok(!mine.letters.some((l) => l.kind === 'decision'));
    assert.match(mine.statusText, /nog in een brief/);

    const sink = await startSmtpSink();
    try {
      await retryMail(db, coordinator, mail.id);
      await runJobs(db, { smtpUrl: sink.url, now: () => at('2026-05-04') });
    } finally {
      await sink.stop();
    }
    const sent = await state(c.id, '2026-05-06');
    assert.equal(sent.decision.met, true);
    assert.equal(sent.decision.metOn, '2026-05-04', 'met on the day the mail server took the letter');
    assert.equal(sent.decision.late, true);
    assert.equal(sent.row.decided_late, true);
    assert.notEqual(sent.row.next_due_key, 'decision');
    assert.ok(!sent.inOverdueList);
    assert.deepEqual([sent.stats.decision.metOn, sent.stats.decision.late], ['2026-05-04', true]);
    const after = await client.get(`/klachten/${c.id}`);
    assert.doesNotMatch(after.html, /brief nog niet verstuurd/);
    assert.match(after.html, /Brief verstuurd op 4 mei 2026/);
  });

  it('a written decision whose e-mail failed can go by post instead: "Verstuurd per post" in Brieven meets the term and lets the file close (walk 9)', async () => {
    const c = await readyToDecide();
    const done = await act(handler, c.id, 'decide', DECISION, '2026-04-20', { letter: { channel: 'email' } });
    assert.ok(done.letter);
    await assert.rejects(markLetterPosted(db, handler, c.id, done.letter.id, { now: at('2026-04-20') }), (e: Error & { code?: string }) => {
      assert.equal(e.code, 'invalid_transition', 'an e-mail still waiting to go out is not posted');
      return true;
    });
    await runJobs(db, { now: () => at('2026-04-20') }); // no mail server: the mail fails
    await act(coordinator, c.id, 'inform-respondent', { on: '2026-04-21' }, '2026-04-21');
    await assert.rejects(act(coordinator, c.id, 'close', { on: '2026-04-21' }, '2026-04-21'), (e: Error) => {
      assert.match(e.message, /Brieven.*"Verstuurd per post"/, 'the refusal points to what the dossier offers');
      return true;
    });

    const client = new PageClient(await testApp(ctx.database));
    await client.logIn(org.coordinator.email, TEST_PASSWORD);
    const page = await client.get(`/klachten/${c.id}`);
    const posted = `/klachten/${c.id}/brieven/${done.letter.id}/verstuurd`;
    assert.ok(page.html.includes(`action="${posted}"`), 'the failed e-mail letter offers "Verstuurd per post" in Brieven');
    assert.match(page.html, /Niet verstuurd/);
    const failedMail = await db.selectFrom('outbound_mails').select('id').where('complaint_id', '=', c.id).where('purpose', '=', 'letter').executeTakeFirstOrThrow();
    assert.ok((await failedMails(db, coordinator)).some((m) => m.id === failedMail.id), 'the start page lists the failed mail');
    await markLetterPosted(db, handler, c.id, done.letter.id, { now: at('2026-04-23') }); // what that form does, on 23 April
    assert.ok(!(await failedMails(db, coordinator)).some((m) => m.id === failedMail.id), 'a letter that went by post asks nothing more on the start page');

    const after = await state(c.id, '2026-04-24');
    assert.deepEqual([after.decision.met, after.decision.metOn, after.decision.late], [true, '2026-04-23', false], 'told by post, within the term');
    assert.equal(after.stats.decision.late, false);
    await act(coordinator, c.id, 'close', { on: '2026-04-24' }, '2026-04-24');
    const closed = await client.get(`/klachten/${c.id}`);
    // Walkthrough: it read "per e-mail. Afgedrukt en verstuurd per post op …"; now what happened, in order.
    assert.match(textOf(closed.html), /aan [^.]+\. Per post verstuurd op 23 april 2026[^,]*, nadat de e-mail niet lukte \(reden: Er is geen mailserver ingesteld \(SMTP_URL\)\)\./);
    assert.doesNotMatch(textOf(closed.html), /per e-mail\. Afgedrukt|verstuurd per post op|\.\)\./);
    assert.ok(!closed.html.includes(`action="${posted}"`), 'posted once');
    assert.ok(!closed.html.includes(`action="/mail/${failedMail.id}/opnieuw"`), 'a letter that went by post offers no retry of its mail');
    await assert.rejects(retryMail(db, coordinator, failedMail.id), (e: Error & { code?: string }) => {
      assert.equal(e.code, 'invalid_transition', 'the same letter is not sent a second time by e-mail');
      return true;
    });
  });

  it('a letter for the post counts from "Verstuurd per post" (in time); a decision recorded without a letter counts from its date', async () => {
    const c = await readyToDecide();
    const done = await act(handler, c.id, 'decide', DECISION, '2026-04-20', { letter: { channel: 'post' } });
    assert.ok(done.letter);
    const printed = await state(c.id, '2026-04-22');
    assert.equal(printed.decision.met, false);
    assert.equal(printed.row.next_due_key, 'decision');
    await act(coordinator, c.id, 'inform-respondent', { on: '2026-04-21' }, '2026-04-21');
    await assert.rejects(act(coordinator, c.id, 'close', { on: '2026-04-22' }, '2026-04-22'), (e: Error) => {
      assert.match(e.message, /brief met de beslissing is nog niet verstuurd/, 'closing waits for the letter: the complainant is not yet told (art. 6.9)');
      return true;
    });
    await markLetterPosted(db, handler, c.id, done.letter.id, { now: at('2026-04-23') });
    await act(coordinator, c.id, 'close', { on: '2026-04-24' }, '2026-04-24');
    const posted = await state(c.id, '2026-04-30');
    assert.deepEqual([posted.decision.met, posted.decision.metOn, posted.decision.late], [true, '2026-04-23', false]);
    assert.equal(posted.row.decided_late, false);
    assert.deepEqual([posted.stats.decision.metOn, posted.stats.decision.late], ['2026-04-23', false]);

    const other = await readyToDecide();
    await act(handler, other.id, 'decide', DECISION, '2026-04-20');
    const plain = await state(other.id, '2026-04-30');
    assert.deepEqual([plain.decision.met, plain.decision.metOn, plain.decision.late], [true, '2026-04-20', false]);
    assert.equal(plain.running, null);
  });
});
