import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import { AppError } from '../../src/shared/errors.ts';
import { getComplaint } from '../../src/usecases/complaints/get-complaint.ts';
import { listComplaints } from '../../src/usecases/complaints/list-complaints.ts';
import { performAction } from '../../src/usecases/complaints/perform-action.ts';
import { registerComplaint } from '../../src/usecases/complaints/register-complaint.ts';
import { forEachDatabase } from '../support/databases.ts';
import { actorOf, makeOrganisationWithRegulation, publicComplaintInput } from '../support/factories.ts';

forEachDatabase('complaint use cases', (ctx) => {
  let org: Awaited<ReturnType<typeof makeOrganisationWithRegulation>>;
  before(async () => {
    org = await makeOrganisationWithRegulation(ctx.database.db, 'stadsring51');
  });


  it('registers from the public form with a reference and the preset due dates; a double submit is one complaint', async () => {
    const now = new Date('2026-03-02T10:00:00+01:00');
    const first = await registerComplaint(ctx.database.db, { organisationId: org.org.id, actor: null, door: 'public', input: publicComplaintInput({ idempotencyKey: 'form-abc-123456' }), now });
    assert.match(first.reference, /^2026-\d{4}$/);
    assert.equal(first.status, 'new');
    assert.deepEqual(first.deadlines, { acknowledgement: '2026-03-09', inadmissibilityNotice: '2026-03-30', decision: '2026-04-28', decisionMaxExtended: '2026-05-26' });
    const again = await registerComplaint(ctx.database.db, { organisationId: org.org.id, actor: null, door: 'public', input: publicComplaintInput({ idempotencyKey: 'form-abc-123456' }), now });
    assert.equal(again.id, first.id);
    assert.equal(again.duplicate, true);
  });

  it('refuses what stadsring51 requires but is missing, at the field', async () => {
    await assert.rejects(
      registerComplaint(ctx.database.db, { organisationId: org.org.id, actor: null, door: 'public', input: publicComplaintInput({ complainant: { name: 'Jan' }, signed: false }) }),
      (err: unknown) => err instanceof AppError && err.code === 'validation_failed' && err.fields.some((f) => f.field === 'complainant.postalAddress') && err.fields.some((f) => f.field === 'signed'),
    );
  });

  it('acknowledges, assigns, guards the decision, checks roles, and lists and searches with need-to-know', async () => {
    const db = ctx.database.db;
    const coordinator = await actorOf(db, org.coordinator);
    const intake = await actorOf(db, org.intake);
    const c = await registerComplaint(db, { organisationId: org.org.id, actor: intake, door: 'staff', input: { ...publicComplaintInput(), channel: 'letter', receivedOn: '2026-03-02', documentDate: '2026-02-27', respondentName: 'P. Pietersen', subject: 'Afspraak niet nagekomen' } });
    await performAction(db, coordinator, c.id, 'acknowledge', {});
    await performAction(db, coordinator, c.id, 'assign', { handlerUserId: org.handler.user.id });
    await assert.rejects(performAction(db, coordinator, c.id, 'decide', { outcome: 'not_upheld', reasoning: 'Geen bewijs gevonden voor de klacht.', externalBodyNamed: true }), (err: unknown) => err instanceof AppError && err.code === 'invalid_transition');
    const handler = await actorOf(db, org.handler);
    const dossier = await getComplaint(db, handler, c.id);
    assert.equal(dossier.complaint.handler?.id, org.handler.user.id);
    assert.ok(dossier.actions.some((a) => a.action === 'decide'));
    await assert.rejects(performAction(db, intake, c.id, 'decide', {}), (err: unknown) => err instanceof AppError && err.code === 'not_permitted');
    const list = await listComplaints(db, coordinator, { q: 'afspraak opdagen' });
    assert.ok(list.items.some((i) => i.id === c.id), 'Dutch full-text search finds the complaint');
    const none = await listComplaints(db, coordinator, { q: 'fietsenstalling' });
    assert.equal(none.items.length, 0);
    const intakeList = await listComplaints(db, intake, {});
    assert.deepEqual(intakeList.items.map((i) => i.id), [c.id], 'intake sees only what it registered');
  });
});
