import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { intakeInputFromForm } from '../../src/http/routes/public-complaint.tsx';
import { complaintDeadlines } from '../../src/domain/workflow/index.ts';
import { retryMail } from '../../src/mail/outbox.ts';
import { complainantPage } from '../../src/usecases/complainant-page/page.ts';
import { loadFacts, loadRegulation, today } from '../../src/usecases/complaints/dossier.ts';
import { performAction } from '../../src/usecases/complaints/perform-action.ts';
import { registerComplaint } from '../../src/usecases/complaints/register-complaint.ts';
import { markLetterPosted } from '../../src/usecases/letters/dossier-letters.ts';
import { forEachDatabase } from '../support/databases.ts';
import { actorOf, makeOrganisationWithRegulation } from '../support/factories.ts';
import { STADSRING_FORM_OK } from '../support/http.ts';
import { runJobs } from '../support/jobs.ts';
import { startSmtpSink, type SmtpSink } from '../support/smtp.ts';

/**
 * The acknowledgement is a written confirmation (002 art. 6.3): it is given when its letter goes out (the mail server
 * took the e-mail, or "Verstuurd per post"), not when the letter was queued or its mail failed. Until then the
 * acknowledgement's term runs on (dossier, lists, reports) and Mijn klacht does not say it was sent.
 */
forEachDatabase('acknowledgement given when its letter is sent', (ctx) => {
  let s51: Awaited<ReturnType<typeof makeOrganisationWithRegulation>>;
  let sink: SmtpSink;
  before(async () => {
    s51 = await makeOrganisationWithRegulation(ctx.database.db, 'stadsring51');
    sink = await startSmtpSink();
  });
  after(() => sink.stop());

  let n = 0;
  async function complaint(extra: Record<string, string> = {}) {
    const input = intakeInputFromForm({ ...STADSRING_FORM_OK, 'complainant.email': 'jan@example.nl', ...extra, idempotencyKey: `ack-delivery-${++n}` }, 'public');
    return registerComplaint(ctx.database.db, { organisationId: s51.org.id, actor: null, door: 'public', input });
  }
  async function state(id: string) {
    const db = ctx.database.db;
    const facts = await loadFacts(db, id);
    const row = await db.selectFrom('complaints').select(['regulation_version_id', 'next_due_key']).where('id', '=', id).executeTakeFirstOrThrow();
    const { policy } = await loadRegulation(db, s51.org.id, row.regulation_version_id);
    const page = await complainantPage(db, { organisationId: s51.org.id, complaintId: id, linkId: 'test' }, { audit: false });
    const ackDate = page.dates.find((d) => d.label === 'Ontvangstbevestiging')?.text ?? '';
    return { facts, deadline: complaintDeadlines(policy, facts, today())['acknowledgement']!, nextDueKey: row.next_due_key, ackDate };
  }

  it('the automatic acknowledgement whose mail failed (no mail server) is not met; Mijn klacht does not say sent; after a retry that is delivered it is met', async () => {
    const db = ctx.database.db;
    await db.insertInto('letterheads').values({ organisation_id: s51.org.id, auto_acknowledge: true, updated_at: new Date() }).onConflict((oc) => oc.column('organisation_id').doUpdateSet({ auto_acknowledge: true })).execute();
    const c = await complaint();
    await runJobs(db); // no SMTP_URL: the mail fails
    const mail = await db.selectFrom('outbound_mails').select(['id', 'status']).where('complaint_id', '=', c.id).where('purpose', '=', 'acknowledgement').executeTakeFirstOrThrow();
    assert.equal(mail.status, 'failed');

    const failed = await state(c.id);
    assert.equal(failed.facts.acknowledgedOn, null, 'a failed mail is not a written confirmation');
    assert.equal(failed.deadline.met, false);
    assert.equal(failed.deadline.running, true);
    assert.equal(failed.nextDueKey, 'acknowledgement', 'the lists show the acknowledgement as still due');
    assert.doesNotMatch(failed.ackDate, /verstuurd op/);
    assert.match(failed.ackDate, /^nog niet verstuurd/);
    // Acknowledging again is refused with what to do instead, citing the article.
    const coordinator = await actorOf(db, s51.coordinator);
    await assert.rejects(performAction(db, coordinator, c.id, 'acknowledge', { on: today() }), (e: Error) => /nog niet verstuurd \(artikel 6\.3\)/.test(e.message));

    await retryMail(db, coordinator, mail.id);
    await runJobs(db, { smtpUrl: sink.url });
    const sent = await state(c.id);
    assert.equal(sent.facts.acknowledgedOn, today());
    assert.equal(sent.deadline.met, true);
    assert.notEqual(sent.nextDueKey, 'acknowledgement');
    assert.match(sent.ackDate, /^verstuurd op /);
  });

  it('an acknowledgement letter for the post counts from "Verstuurd per post", not from the action', async () => {
    const db = ctx.database.db;
    await db.updateTable('letterheads').set({ auto_acknowledge: false }).where('organisation_id', '=', s51.org.id).execute();
    const c = await complaint({ 'complainant.email': '' });
    const coordinator = await actorOf(db, s51.coordinator);
    const done = await performAction(db, coordinator, c.id, 'acknowledge', { on: today() }, { letter: { channel: 'post' } });
    assert.ok(done.letter);
    const printed = await state(c.id);
    assert.equal(printed.facts.acknowledgedOn, null);
    assert.equal(printed.deadline.met, false);
    await markLetterPosted(db, coordinator, c.id, done.letter.id);
    const posted = await state(c.id);
    assert.equal(posted.facts.acknowledgedOn, today());
    assert.equal(posted.deadline.met, true);
    // Recorded without a letter from the product (sent some other way): counts from its day, as before.
    const other = await complaint();
    await performAction(db, coordinator, other.id, 'acknowledge', { on: today() });
    assert.equal((await state(other.id)).deadline.met, true);
  });
});
