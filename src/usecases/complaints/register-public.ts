import { sql, type Kysely, type RawBuilder } from 'kysely';
import { compiledPerShape, type SlotOf } from '../../db/compiled-once.ts';
import { randomToken, sha256 } from '../../auth/tokens.ts';
import { loadConfig } from '../../config.ts';
import { isEmbedded } from '../../db/database.ts';
import { PREPARED } from '../../db/prepared.ts';
import type { DB } from '../../db/types.ts';
import { statisticsOf } from '../../domain/reports/statistics.ts';
import { afterOf, registerComplaint as registerInDomain, type DeadlineDates } from '../../domain/workflow/index.ts';
import { queueFor, type JobQueue } from '../../jobs/queue.ts';
import { AppError, validationFailed } from '../../shared/errors.ts';
import { parseInput } from '../../shared/validation.ts';
import { complainantPagePath } from '../complainant-page/links.ts';
import { autoAcknowledge } from '../letters/auto-acknowledge.ts';
import { mailNotificationJob } from '../notifications/mail-notification.job.ts';
import { DELIVERIES } from '../notifications/kinds.ts';
import { storeAttachments } from './attachments.ts';
import { cachedColumns, policyFor, today } from './dossier.ts';
import { forgetIntakeContext, intakeContext, isCurrent, type IntakeContext } from './intake-context.ts';
import { intakeSchema, requiredIntakeProblems, withContactOnRefusal } from './intake.ts';
import { FORM_KEY, formKeyHash } from './pending-uploads.ts';
import { findByIdempotencyKey, idempotencyKeyFor, intakeRegulation, triageUnit, type RegisterRequest, type RegisteredComplaint } from './registration.ts';

/**
 * The public door's registration in as few round trips as it can (issue 13, ADR 0029). Same rules and the same rows
 * as the general path in register-complaint.ts (which staff, callers with their own transaction and this path's
 * fallbacks use); what differs is how they are written:
 *
 * - the organisation, its units and the active regulation version come from the per-process intake context
 *   (intake-context.ts), checked in the registration statement itself against `organisations.intake_generation`;
 * - one statement (data-modifying CTEs) checks that number, takes the reference number, inserts the complaint
 *   (`on conflict do nothing` on the idempotency key: no SELECT before), its first history event, its statistical
 *   record, the audit line, the complainant's private link (when asked) and the coordinators' notifications;
 * - when nothing else has to be written with it, that statement is sent alone (no BEGIN/COMMIT; it checks this
 *   itself and otherwise stores nothing), grouped with the submissions that arrive meanwhile (ADR 0033: one text for
 *   one submission or a group), followed by one pg-boss insert of the group's mail jobs for the coordinators told at
 *   once (the sweep makes a job that a crash in between left out); when something does, in one transaction with it: the held
 *   uploads of the form (one DELETE … RETURNING), their attachments, the notifications' mail jobs (pg-boss) and the
 *   automatic acknowledgement when the organisation has turned it on.
 *
 * So a JSON submission is one statement (two with a coordinator told at once); every 2xx is still a committed
 * complaint with its history.
 */
export async function registerPublicComplaint(
  db: Kysely<DB>,
  req: RegisterRequest & { issueLink?: { baseUrl?: string | undefined } | undefined },
): Promise<RegisteredComplaint & { complainantPage?: { url: string; path: string; token: string } }> {
  const input = parseInput(intakeSchema, req.input);
  if (input.kind !== 'complaint' && input.kind !== 'suggestion') {
    throw validationFailed([{ field: 'kind', message: 'Via het formulier kunt u een klacht of een suggestie indienen.' }]);
  }
  const now = req.now ?? new Date();
  const day = today(now);
  for (let attempt = 0; ; attempt++) {
    const ctx = await intakeContext(db, req.organisationId);
    if (!ctx || (req.expectSlug !== undefined && ctx.organisation.slug !== req.expectSlug.toLowerCase())) {
      throw new AppError('not_found', 'Deze organisatie bestaat niet.');
    }
    let result: Awaited<ReturnType<typeof attempt_>>;
    try {
      result = await attempt_(db, ctx, req, input, now, day);
    } catch (err) {
      // A refusal (a missing field, no regulation, the unit question) must follow the current regulation and units:
      // when the cached context is not current any more, read it again and judge once more.
      if (!(err instanceof AppError) || (await isCurrent(db, ctx))) throw err;
      result = 'stale';
    }
    if (result !== 'stale') return result;
    // The organisation, a unit or a regulation version changed since the context was read: read it again.
    forgetIntakeContext(db, req.organisationId);
    if (attempt >= 4) throw new Error('the intake context kept changing while registering (5 attempts)');
  }
}

type Input = ReturnType<typeof intakeSchema.parse>;

async function attempt_(
  db: Kysely<DB>,
  ctx: IntakeContext,
  req: RegisterRequest & { issueLink?: { baseUrl?: string | undefined } | undefined },
  input: Input,
  now: Date,
  day: string,
): Promise<(RegisteredComplaint & { complainantPage?: { url: string; path: string; token: string } }) | 'stale'> {
  const org = ctx.organisation;
  const units = ctx.units;
  if (!units.length) throw new AppError('intake_unavailable', 'Deze organisatie heeft nog geen eenheden. Vraag de beheerder er een aan te maken.');
  const unitUnknown = !input.unitId && units.length > 1 && req.unitUnknown === true;
  if (!input.unitId && units.length > 1 && !unitUnknown) throw validationFailed([{ field: 'unitId', message: 'Kies de afdeling of werkmaatschappij waar de klacht over gaat.' }]);
  const unit = input.unitId ? units.find((u) => u.id === input.unitId) : unitUnknown ? triageUnit(units) : units[0];
  if (!unit) throw validationFailed([{ field: 'unitId', message: 'Kies een bestaande afdeling of werkmaatschappij.' }]);

  const active = intakeRegulation(await ctx.regulationFor(unit.id, day), unit.name);
  const storedKey = input.idempotencyKey ? idempotencyKeyFor('public', null, input.idempotencyKey, input) : null;

  const problems = await withContactOnRefusal(db, org.id, active.regulation, (contact) => requiredIntakeProblems(active.regulation, input, 'public', day, contact));
  if (input.respondentUserId) {
    const respondent = await db.selectFrom('users').select('id').where('id', '=', input.respondentUserId).where('organisation_id', '=', org.id).executeTakeFirst();
    if (!respondent) problems.push({ field: 'respondentUserId', message: 'Kies een bestaande medewerker.' });
  }
  if (problems.length) {
    // A double submit whose first copy was stored under an older regulation still finds its complaint.
    if (storedKey) {
      const existing = await findByIdempotencyKey(db, org.id, storedKey);
      if (existing) return existing;
    }
    throw validationFailed(problems);
  }

  const policy = policyFor(active.versionId, active.regulation);
  const registered = registerInDomain({
    input: { kind: input.kind, receivedOn: day, respondentUserId: input.respondentUserId ?? null, respondentName: input.respondentName, notComplaintKey: input.notComplaintKey, note: input.note },
    policy,
    actor: { userId: 'public', roles: [] },
    today: day,
    now: now.toISOString(),
  });
  if (!registered.ok) throw validationFailed(registered.fields, registered.message);
  const columns = cachedColumns(policy, registered.facts, day);
  const stats = statisticsOf(policy, registered.facts, day);
  const chain: string[] = [];
  const parentOf = new Map(units.map((u) => [u.id, u.parent_id]));
  for (let u: string | null | undefined = unit.id; u && !chain.includes(u); u = parentOf.get(u)) chain.push(u);
  const token = req.issueLink ? randomToken(32) : null;
  const tokenHash = token ? sha256(token) : null;
  const jobs = await queueFor(db);
  const year = receivedYear(day);

  const complaint = json({
    organisation_id: org.id,
    unit_id: unit.id,
    unit_unknown: unitUnknown,
    regulation_version_id: active.versionId,
    channel: 'web_form',
    received_on: day,
    subject: input.subject ?? null,
    description: input.description,
    complainant: input.complainant,
    details: {
      respondentName: input.respondentName,
      respondentDepartment: input.respondentDepartment,
      conductOn: input.conductOn,
      signed: input.signed,
      writtenDownAndSigned: input.writtenDownAndSigned,
      documentDate: input.documentDate,
      establishedBy: input.establishedBy,
      registrationGaps: [],
      receivedBy: input.receivedBy,
      passedTo: input.passedTo,
      note: input.note,
    },
    registered_by: null,
    idempotency_key: storedKey,
    ...parsedJson(columns, ['classification', 'deadlines', 'complainant', 'consulted_roles', 'procedure_roles']),
  });
  const event = {
    organisation_id: org.id,
    seq: 1,
    type: 'registered',
    at: now.toISOString(),
    actor_user_id: null,
    actor_roles: [],
    data: { ...registered.event.data, channel: 'web_form', unitId: unit.id, ...(unitUnknown ? { unitUnknown: true } : {}), door: 'public', after: afterOf(null, registered.facts) },
  };
  const statistics = stats
    ? {
        organisation_id: org.id,
        unit_id: unit.id,
        regulation_version_id: active.versionId,
        kind: stats.kind,
        status: stats.status,
        channel: 'web_form',
        relation: input.complainant.relation ?? null,
        received_on: stats.receivedOn,
        ended_on: stats.endedOn,
        decided_on: stats.decidedOn,
        classification: stats.classification,
        severity: stats.severity,
        sensitive: stats.sensitive,
        inadmissible_ground: stats.inadmissibleGround,
        outcome: stats.outcome,
        terms: stats.terms,
        escalations: stats.escalations,
        external: stats.external,
        satisfied: stats.satisfied,
        reopen_count: stats.reopenCount,
      }
    : null;

  const ackMatters = jobs !== null && input.kind === 'complaint' && !!input.complainant.email?.trim();
  const heldKey = req.pendingFormKey && FORM_KEY.test(req.pendingFormKey) ? formKeyHash(org.id, req.pendingFormKey) : null;
  const statementFor = (solo: boolean, files: number): Statement => ({
    org: org.id,
    generation: ctx.generation,
    year,
    storedKey,
    complaint,
    event,
    statistics,
    audit: { organisation_id: org.id, actor_user_id: null, action: 'complaint.registered', subject_type: 'complaint', details: { door: 'public', kind: input.kind, attachments: files, ...(unitUnknown ? { unitUnknown: true } : {}) } },
    tokenHash,
    chain,
    respondentUserId: input.respondentUserId ?? null,
    solo: solo ? { ackMatters, heldKey } : null,
  });
  const register = async (exec: Kysely<DB>, solo: boolean, files: number) => (await registrationStatement(exec, [statementFor(solo, files)]))[0]!;

  // Alone first (issue 13): when nothing else has to be written in the same transaction (no attachments, no held
  // uploads, no automatic acknowledgement: the statement itself checks), the one statement is the whole registration,
  // atomic as any statement. Otherwise it stores nothing and the transaction below does it all.
  let outcome: Awaited<ReturnType<typeof registerInTransaction>> | null = null;
  if (!req.attachments?.length && !needsTransaction.has(ctx)) {
    const row = await registerSolo(db, statementFor(true, 0), jobs, req.logger);
    if (row.generation !== ctx.generation) return 'stale';
    if (row.id && row.reference) {
      // The coordinators' mail jobs were enqueued after the committed statement, before this answer (see answerGroup).
      outcome = { id: row.id, reference: row.reference, acknowledged: null };
    } else if (!row.waits) outcome = 'duplicate';
    // The acknowledgement is this organisation's rule, not this submission's: go straight to the transaction while
    // this context lasts (held uploads are this submission's own).
    else if (row.waits === 'jobs') needsTransaction.add(ctx);
  }
  outcome ??= await registerInTransaction();

  async function registerInTransaction() {
    return db
      .transaction()
      .execute(async (tx) => {
        // The form's held files become attachments: taken in one statement (a rolled-back registration gives them back).
        const held = req.pendingFormKey ? await takePendingUploads(tx, org.id, req.pendingFormKey, now) : [];
        const files = [...held, ...(req.attachments ?? [])];
        const row = await register(tx, false, files.length);
        // Nothing was stored: roll back (the held uploads stay held) and say why.
        if (row.generation !== ctx.generation) throw new NotStored('stale');
        if (!row.id || !row.reference) throw new NotStored('duplicate');
        const complaintId = row.id;
        if (files.length) await storeAttachments(tx, org.id, complaintId, files, null);
        if (jobs) await jobs.enqueueMany(tx, mailNotificationJob, row.mail_now.map((id) => ({ payload: { notificationId: id }, singletonKey: id })));
        const acknowledged = row.auto_acknowledge && ackMatters && jobs ? await autoAcknowledge(tx, jobs, { organisationId: org.id, complaintId, now }) : null;
        return { id: complaintId, reference: row.reference, acknowledged };
      })
      .catch((err: unknown) => {
        if (err instanceof NotStored) return err.why;
        throw err;
      });
  }
  if (outcome === 'stale') return 'stale';
  if (outcome === 'duplicate') {
    // The same submission was stored before (or by a request racing this one, which the unique key made wait).
    const existing = storedKey ? await findByIdempotencyKey(db, org.id, storedKey) : null;
    if (!existing) throw new Error('registration stored nothing and found no earlier submission');
    return existing;
  }
  const page = token ? complainantPageFor(org.slug, token, req.issueLink?.baseUrl) : undefined;
  return {
    id: outcome.id,
    reference: outcome.reference,
    status: outcome.acknowledged?.status ?? registered.status,
    kind: input.kind,
    receivedOn: day,
    deadlines: outcome.acknowledged?.deadlines ?? (JSON.parse(columns.deadlines) as DeadlineDates),
    duplicate: false,
    ...(page ? { complainantPage: page } : {}),
  };
}

/**
 * Contexts (one per organisation, until it is read again) whose submissions need the transaction: the automatic
 * acknowledgement is on (its letter changes the complaint and queues its mail in the same transaction).
 */
const needsTransaction = new WeakSet<IntakeContext>();

interface Statement {
  org: string;
  generation: string;
  year: number;
  storedKey: string | null;
  complaint: Record<string, unknown>;
  event: Record<string, unknown>;
  statistics: Record<string, unknown> | null;
  audit: Record<string, unknown>;
  tokenHash: string | null;
  chain: string[];
  respondentUserId: string | null;
  /**
   * Run alone (outside a transaction): store only when nothing else must be written with it: no automatic
   * acknowledgement (when `ackMatters`), no held upload of the form (`heldKey`). The coordinators' mail jobs follow it.
   */
  solo: { ackMatters: boolean; heldKey: string | null } | null;
}

/**
 * The registering statement (data-modifying CTEs, ADR 0029 and 0033), for one submission or a group of them (a single
 * submission is a group of one: one statement text per shape): checks the context's generation, takes the reference
 * numbers, inserts each complaint (`on conflict do nothing` on the idempotency key), its first event, its statistical
 * record, the audit line, the complainant's link and the coordinators' notifications. One row per submission, in
 * order; `waits` says why a solo run stored nothing: 'jobs' (the acknowledgement must follow in the same transaction)
 * or 'uploads'.
 *
 * Its text is built and compiled once per shape (the columns each row names, whether there is a statistical record and
 * a link; a handful in practice; src/db/compiled-once.ts); a submission only fills the values in (issue 13, session 6:
 * building and compiling the `sql` templates anew was ~80 KB allocated per submission).
 */
async function registrationStatement(exec: Kysely<DB>, ps: readonly Statement[]): Promise<RegistrationRow[]> {
  const first = statementOf(ps[0]!);
  const values: Values = {
    org: ps[0]!.org,
    deliveries: DELIVERY_LIST,
    year: ps[0]!.year,
    generation: ps[0]!.generation,
    referencePrefix: `${ps[0]!.year}-`,
    batch: ps.length === 1 ? `[${first.item}]` : `[${ps.map((p) => statementOf(p).item).join(',')}]`,
  };
  const { rows } = await exec.executeQuery(registrationQuery(exec, first.key, first.shape, values));
  // No row: the organisation is gone.
  if (rows.length !== ps.length) throw new AppError('not_found', 'Deze organisatie bestaat niet.');
  return rows;
}

/** A submission's element of the statement's JSON array, the shape of its statement and that shape as a key (made once per submission). */
function statementOf(p: Statement) {
  let made = statementsMade.get(p);
  if (!made) statementsMade.set(p, (made = makeStatement(p)));
  return made;
}
const statementsMade = new WeakMap<Statement, ReturnType<typeof makeStatement>>();

function makeStatement(p: Statement) {
  const event = json(p.event);
  const statistics = p.statistics ? json(p.statistics) : null;
  const audit = json(p.audit);
  // Alone (outside a transaction) the statement stores nothing when something must be written with it; in the
  // transaction (`solo` null) it always stores.
  const item = JSON.stringify({
    complaint: p.complaint,
    event,
    statistics,
    audit,
    tokenHash: p.tokenHash,
    chain: p.chain,
    respondentUserId: p.respondentUserId,
    storedKey: p.storedKey,
    ackMatters: p.solo?.ackMatters ?? false,
    heldKey: p.solo?.heldKey ?? null,
  });
  const shape: Shape = {
    complaint: Object.keys(p.complaint),
    event: Object.keys(event),
    statistics: statistics ? Object.keys(statistics) : null,
    audit: Object.keys(audit),
    link: p.tokenHash !== null,
  };
  return { item, shape, key: JSON.stringify(shape) };
}

interface RegistrationRow {
  /** The submission's place in the statement (1, 2, …). */
  i: number;
  generation: string;
  id: string | null;
  reference: string | null;
  auto_acknowledge: boolean | null;
  mail_now: string[];
  waits: 'jobs' | 'uploads' | null;
}

const DELIVERY_LIST: readonly string[] = [...DELIVERIES];

/** The values of a registering statement, by name: the group's own, and its submissions' as one JSON array. */
interface Values extends Record<string, unknown> {
  org: string;
  deliveries: readonly string[];
  year: number;
  generation: string;
  referencePrefix: string;
  /** One element per submission (see makeStatement), in order. */
  batch: string;
}

interface Shape {
  complaint: string[];
  event: string[];
  statistics: string[] | null;
  audit: string[];
  link: boolean;
}

/**
 * The statement's text for N submissions of one organisation, generation, year and shape, run alone (autocommit: one
 * commit for all N; ADR 0033) or in the form's transaction (N = 1). Each submission's values travel as one element of a
 * JSON array (`batch`); `i` is its place in that array. The reference counter is raised by the number stored in one
 * upsert and each stored submission takes its own number below the new value, in the array's order. A submission that
 * would wait (`jobs`, `uploads`) or is a double submit is left out (a double submit takes no number; one racing an
 * uncommitted twin does: the gap is allowed).
 */
const registrationQuery = compiledPerShape((_db, v: SlotOf<Values>, shape: Shape) =>
  // Each element's values are taken out of the JSON once, in `b` (the idempotency key as a column, so the double-submit
  // check uses the key's index: an expression on the element made it scan the organisation's complaints). The array is
  // `jsonb`, parsed once: as `json` every `->` and `json_populate_record` parsed the element's text again (about ten
  // times per submission; a fifth of the server's CPU per submission, issue 13 session 11). Named on the
  // PostgreSQL server (parsed and planned once per connection, src/db/prepared.ts); the same text alone, grouped or in
  // the transaction.
  sql<RegistrationRow>`${sql.raw(PREPARED)}with b as (
        select t.ord::int as i, t.x->'complaint' as complaint, t.x->'event' as event, t.x->'statistics' as statistics,
          t.x->'audit' as audit, t.x->>'tokenHash' as token_hash, (t.x->>'respondentUserId')::uuid as respondent,
          array(select jsonb_array_elements_text(t.x->'chain'))::uuid[] as chain, t.x->>'storedKey' as stored_key,
          (t.x->>'ackMatters')::boolean as ack_matters, t.x->>'heldKey' as held_key
        from jsonb_array_elements(${v('batch')}::jsonb) with ordinality as t(x, ord)),
      g as (select intake_generation::text as generation from organisations where id = ${v('org')}),
      ack as (select auto_acknowledge from letterheads where organisation_id = ${v('org')}),
      w as (
        select b.i, case
          when b.ack_matters and coalesce((select auto_acknowledge from ack), false) then 'jobs'
          when exists (select 1 from pending_uploads where organisation_id = ${v('org')} and form_key_hash = b.held_key) then 'uploads'
        end as waits
        from b),
      k as (
        select b.*, row_number() over (order by b.i) as nr
        from b join w on w.i = b.i cross join g
        where g.generation = ${v('generation')} and w.waits is null
          and not exists (select 1 from complaints where organisation_id = ${v('org')} and idempotency_key = b.stored_key)),
      ref as (
        insert into reference_counters (organisation_id, year, last)
        select ${v('org')}::uuid, ${v('year')}::int, count(*) from k having count(*) > 0
        on conflict (organisation_id, year) do update set last = reference_counters.last + excluded.last
        returning last),
      kr as (
        select k.*, ${v('referencePrefix')} || case when q.n < 10000 then lpad(q.n::text, 4, '0') else q.n::text end as reference
        from k cross join ref cross join lateral (select ref.last - (select count(*) from k) + k.nr as n) q),
      c as (${insertFrom('complaints', shape.complaint, sql`kr.complaint`, 'kr', { reference: sql`kr.reference` }, sql`on conflict on constraint complaints_org_idempotency do nothing returning id, reference`)}),
      kc as (select kr.*, c.id from c join kr on kr.reference = c.reference),
      e as (${insertFrom('complaint_events', shape.event, sql`kc.event`, 'kc', { complaint_id: sql`kc.id` })}),
      s as (${shape.statistics ? insertFrom('complaint_statistics', shape.statistics, sql`kc.statistics`, 'kc', { complaint_id: sql`kc.id`, updated_at: sql`now()` }) : sql`select 1`}),
      a as (${insertFrom('audit_log', shape.audit, sql`kc.audit`, 'kc', { subject_id: sql`kc.id::text` })}),
      l as (${shape.link ? sql`insert into complainant_links (organisation_id, complaint_id, token_hash) select ${v('org')}::uuid, kc.id, kc.token_hash from kc` : sql`select 1`}),
      n as (
        insert into notifications (organisation_id, user_id, kind, complaint_id, delivery)
        select ${v('org')}::uuid, r.id, 'new_in_unit', kc.id, r.delivery
        from kc cross join lateral (
          select u.id, case when np.deliveries->>'new_in_unit' = any(${v('deliveries')}::text[]) then np.deliveries->>'new_in_unit' else 'now' end as delivery
          from (select distinct user_id from role_assignments where organisation_id = ${v('org')} and role = 'coordinator'
            and (unit_id is null or unit_id = any(kc.chain))) ra
          join users u on u.id = ra.user_id and u.organisation_id = ${v('org')} and u.disabled_at is null
          left join notification_preferences np on np.user_id = u.id
          where u.id is distinct from kc.respondent) r
        returning id, delivery, complaint_id)
      select b.i, g.generation, kc.id, kc.reference, (select auto_acknowledge from ack) as auto_acknowledge,
        coalesce((select array_agg(n.id::text) from n where n.delivery = 'now' and n.complaint_id = kc.id), '{}') as mail_now, w.waits
      from b join w on w.i = b.i cross join g left join kc on kc.i = b.i
      order by b.i`,
);

/**
 * Group commit (ADR 0033): public submissions that may be stored by the statement alone and arrive while such a
 * statement of the same organisation, generation, year and shape is in flight wait for it and then go together, up to
 * `GROUP_CAP` (32) in one statement: one round trip and one commit for all of them, each answered after that commit.
 * When idle a submission goes at once as its own statement (no added wait). A group statement that fails is retried
 * one submission at a time, so an innocent submission is answered as it would be alone and a bad one fails alone.
 */
function registerSolo(db: Kysely<DB>, p: Statement, jobs: JobQueue | null, logger: RegisterRequest['logger']): Promise<RegistrationRow> {
  const { key: shapeKey } = statementOf(p);
  const key = `${p.org} ${p.generation} ${p.year} ${shapeKey}`;
  let groups = groupsOf.get(db);
  if (!groups) groupsOf.set(db, (groups = new Map()));
  let group = groups.get(key);
  if (!group) {
    const embedded = isEmbedded(db);
    groups.set(key, (group = { inFlight: 0, queue: [], limit: GROUP_IN_FLIGHT ?? (embedded ? 1 : 2), embedded, scheduled: false }));
  }
  const g = group;
  return new Promise<RegistrationRow>((resolve, reject) => {
    g.queue.push({ p, jobs, logger, resolve, reject });
    schedule(db, groups, key, g);
  });
}

/**
 * On a server, a statement waits for the network, so submissions arriving meanwhile find it in flight and queue: send
 * at once. PGlite runs a statement in this thread without yielding, so no request is read while it runs and none would
 * ever queue: there the group goes at the end of this turn of the event loop (`setImmediate`, after the requests read
 * in the same turn have queued; when idle, no measurable wait).
 */
function schedule(db: Kysely<DB>, groups: Map<string, Group>, key: string, g: Group): void {
  if (!g.embedded) return drain(db, groups, key, g);
  if (g.scheduled) return;
  g.scheduled = true;
  setImmediate(() => {
    g.scheduled = false;
    drain(db, groups, key, g);
  });
}

/** Submissions waiting for the statement in flight, per database object and key. */
const groupsOf = new WeakMap<Kysely<DB>, Map<string, Group>>();
/** At most this many submissions in one statement. */
let GROUP_CAP = 32;
/** Statements in flight at once per group (null: PGlite 1, a server 2). */
let GROUP_IN_FLIGHT: number | null = null;

/**
 * For the benches: the group's cap and statements in flight; `{ cap: 1, inFlight: Infinity }` is the intake without
 * group commit (each submission its own statement at once). Never set by the product.
 */
export function setIntakeGroupCommit(options: { cap?: number; inFlight?: number | null }): void {
  if (options.cap !== undefined) GROUP_CAP = options.cap;
  if (options.inFlight !== undefined) GROUP_IN_FLIGHT = options.inFlight;
}

interface Group {
  inFlight: number;
  /** Statements in flight at once: PGlite runs one at a time; on a server two keep its CPU and node's busy. */
  limit: number;
  embedded: boolean;
  /** PGlite: a drain is scheduled for the end of this turn of the event loop. */
  scheduled: boolean;
  queue: { p: Statement; jobs: JobQueue | null; logger: RegisterRequest['logger']; resolve: (row: RegistrationRow) => void; reject: (err: unknown) => void }[];
}

function drain(db: Kysely<DB>, groups: Map<string, Group>, key: string, g: Group): void {
  while (g.inFlight < g.limit && g.queue.length) {
    const batch = g.queue.splice(0, GROUP_CAP);
    g.inFlight++;
    void runGroup(db, batch).finally(() => {
      g.inFlight--;
      if (g.queue.length) schedule(db, groups, key, g);
      else if (!g.inFlight && !g.scheduled && groups.get(key) === g) groups.delete(key);
    });
  }
}

async function runGroup(db: Kysely<DB>, batch: Group['queue']): Promise<void> {
  if (batch.length > 1) {
    let rows: RegistrationRow[] | null = null;
    try {
      rows = await registrationStatement(db, batch.map((b) => b.p));
    } catch {
      // One bad submission fails the statement for all: each is tried again alone below and answers as it would alone.
    }
    if (rows) return void answerGroup(db, batch, rows);
  }
  for (const b of batch) {
    const rows = await registrationStatement(db, [b.p]).catch((err: unknown) => void b.reject(err));
    if (rows) void answerGroup(db, [b], rows);
  }
}

/**
 * After the group's statement committed: the coordinators' mail jobs of all its submissions in ONE pg-boss insert, then
 * each submission's answer (with its job there). Not in the statement's transaction (issue 13, session 5: a transaction
 * of BEGIN, statement, job, COMMIT held a pooled connection for four round trips and doubled the tail), and outside the
 * group's slot (the next group's statement need not wait for it). Should the process stop in between, a notification
 * is committed without its job: the sweep-notifications job enqueues it (rows over a minute old, every 5 minutes), and
 * the mail job's row lock and `mailed_at` keep it to one mail. A failed enqueue is left to that sweep too: the
 * complaints are stored, so the answers must say so.
 */
async function answerGroup(db: Kysely<DB>, batch: Group['queue'], rows: readonly RegistrationRow[]): Promise<void> {
  const jobs = batch[0]!.jobs;
  const ids = rows.flatMap((r) => r.mail_now);
  if (jobs && ids.length) {
    await jobs.enqueueMany(db, mailNotificationJob, ids.map((id) => ({ payload: { notificationId: id }, singletonKey: id }))).catch((err: unknown) => {
      for (const [i, b] of batch.entries()) {
        for (const id of rows[i]!.mail_now) {
          // Ids and the error's name and code only: the message of a database error may quote the values.
          b.logger?.warn({ notificationId: id, complaintId: rows[i]!.id, err: { name: (err as Error).name, code: (err as { code?: unknown }).code } }, 'mail job of a new complaint not enqueued; the sweep-notifications job makes it later');
        }
      }
    });
  }
  for (const [i, b] of batch.entries()) b.resolve(rows[i]!);
}

/** Thrown inside the transaction to roll it back when the statement stored nothing. */
class NotStored extends Error {
  constructor(readonly why: 'stale' | 'duplicate') {
    super(why);
  }
}

function receivedYear(day: string): number {
  return Number(day.slice(0, 4));
}

function complainantPageFor(slug: string, token: string, baseUrl: string | undefined) {
  const path = complainantPagePath(slug, token);
  return { url: `${(baseUrl ?? loadConfig().baseUrl).replace(/\/+$/, '')}${path}`, path, token };
}

/** The values of a row as one JSON document (jsonb columns as JSON values, not as strings of JSON). */
function json(values: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(values).filter(([, v]) => v !== undefined));
}

function parsedJson(columns: Record<string, unknown>, jsonColumns: readonly string[]): Record<string, unknown> {
  return Object.fromEntries(Object.entries(columns).map(([k, v]) => [k, jsonColumns.includes(k) && typeof v === 'string' ? JSON.parse(v) : v]));
}

/**
 * `insert into <table> (<columns>) select <values> from <source>`: the values travel as one JSON document (`document`,
 * the row's `keys`) that `jsonb_populate_record` turns into the table's own column types (no cast per column);
 * `computed` columns come from the source (e.g. the new complaint's id).
 */
function insertFrom(table: keyof DB & string, keys: readonly string[], document: RawBuilder<unknown>, source: string, computed: Record<string, RawBuilder<unknown>>, tail?: RawBuilder<unknown>): RawBuilder<unknown> {
  const plain = keys.filter((k) => !(k in computed));
  const columns = [...plain, ...Object.keys(computed)];
  const selected = [...plain.map((k) => sql`r.${sql.id(k)}`), ...Object.values(computed)];
  // An expression (the element's `kc.event`) in parentheses before the cast.
  const doc = sql`(${document})::jsonb`;
  return sql`insert into ${sql.table(table)} (${sql.join(columns.map((c) => sql.id(c)))})
    select ${sql.join(selected)} from ${sql.table(source)}, jsonb_populate_record(null::${sql.table(table)}, ${doc}) r
    ${tail ?? sql``}`;
}

/** The form's held uploads, unexpired ones as files to attach; taken (deleted) in one statement. */
async function takePendingUploads(tx: Kysely<DB>, organisationId: string, formKey: string, now: Date) {
  if (!FORM_KEY.test(formKey)) return [];
  const rows = await tx
    .deleteFrom('pending_uploads')
    .where('organisation_id', '=', organisationId)
    .where('form_key_hash', '=', formKeyHash(organisationId, formKey))
    .returning(['id', 'filename', 'content_type', 'data', 'expires_at', 'created_at'])
    .execute();
  return rows
    .filter((r) => r.expires_at > now)
    .sort((a, b) => a.created_at.getTime() - b.created_at.getTime() || a.filename.localeCompare(b.filename) || a.id.localeCompare(b.id))
    .map((r) => ({ id: r.id, filename: r.filename, contentType: r.content_type, data: r.data }));
}
