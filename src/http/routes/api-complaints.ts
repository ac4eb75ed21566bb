import { Hono } from 'hono';
import type { Config } from '../../config.ts';
import { dayZero } from '../../domain/deadlines/index.ts';
import { deadlineKeys, isActionName, procedurePhase, type ComplaintDeadlines, type DeadlineDates } from '../../domain/workflow/index.ts';
import { AppError, notFound, validationFailed, type FieldIssue } from '../../shared/errors.ts';
import { jobQueue } from '../../jobs/queue.ts';
import { parseLetterRequest } from '../../usecases/letters/action-letter.ts';
import { autoAcknowledgeOn } from '../../usecases/letters/auto-acknowledge.ts';
import { letterPdfOf, lettersOf } from '../../usecases/letters/letters-of.ts';
import { addAttachments } from '../../usecases/complaints/add-attachments.ts';
import { getComplaint } from '../../usecases/complaints/get-complaint.ts';
import { listComplaints } from '../../usecases/complaints/list-complaints.ts';
import { performAction } from '../../usecases/complaints/perform-action.ts';
import { parsePublicIntake } from '../../usecases/complaints/public-intake.ts';
import { registerComplaint, type RegisteredComplaint } from '../../usecases/complaints/register-complaint.ts';
import { issueComplainantLink } from '../../usecases/complainant-page/links.ts';
import { intakeContextBySlug } from '../../usecases/complaints/intake-context.ts';
import { registerPublicComplaint } from '../../usecases/complaints/register-public.ts';
import { regulationOpenOf } from '../../usecases/complaints/correct-registration.ts';
import { findUnit } from '../../usecases/units/units.ts';
import { readForm, requireActor, type AppContext, type AppEnv } from '../context.ts';
import { readJson } from '../json-body.ts';
import { isUuid } from '../../shared/validation.ts';
import { rateLimit } from '../middleware/rate-limit.ts';
import { retentionJson } from './api-retention.ts';

/**
 * JSON API v1 for complaints (documented in /api/openapi.json via openapi-complaints.ts). Thin: read and
 * shape the request, call the use case, shape the answer. The Bearer token check for /api/v1/* is the
 * middleware in api.ts; need-to-know and the workflow rules live in the use cases.
 *
 * A factory, not a module-level router: the public endpoint's limit comes from the configuration
 * (KLACHTWIJS_PUBLIC_RATE_LIMIT; 0 lifts it); its counters are kept in the database (issue 11).
 */
export function complaintApiRoutes(config: Pick<Config, 'publicRateLimit'>): Hono<AppEnv> {
  const routes = new Hono<AppEnv>();

  routes.post('/api/v1/complaints', async (c) => {
    const actor = requireActor(c);
    // Who may register is the use case's rule (registerComplaint answers not_permitted).
    const { classification, ...input } = staffIntakeInput(await readJson(c), idempotencyHeader(c));
    const db = c.get('deps').db;
    // `unit` may name the unit by its short name (slug) or id, as people and other systems know it.
    if (typeof input['unit'] === 'string' && input['unitId'] === undefined) {
      const unit = await findUnit(db, actor.organisationId, input['unit']).catch(() => {
        throw validationFailed([{ field: 'unit', message: 'Deze eenheid bestaat niet in uw organisatie. Geef de korte naam of het id.' }]);
      });
      input['unitId'] = unit.id;
    }
    delete input['unit'];
    const request = { organisationId: actor.organisationId, actor, door: 'staff' as const, input };
    let result: RegisteredComplaint;
    if (classification === undefined) {
      result = await registerComplaint(db, request);
    } else {
      // Registration and classification in ONE transaction: a classification the regulation or the
      // user's role refuses leaves no complaint behind (never half-classified).
      try {
        // The automatic acknowledgement queues its letter in this transaction: its queue starts before it.
        const jobs = (await autoAcknowledgeOn(db, actor.organisationId)) ? await jobQueue(db) : undefined;
        result = await db.transaction().execute(async (tx) => {
          const registered = await registerComplaint(tx, { ...request, ...(jobs ? { jobs } : {}) });
          if (registered.duplicate) return registered;
          const classified = await performAction(tx, actor, registered.id, 'classify', classification).catch((err: unknown) => {
            throw underField('classification', err);
          });
          return { ...registered, status: classified.status, deadlines: classified.deadlines };
        });
      } catch (err) {
        // The same idempotency key raced in from elsewhere: that complaint is the answer.
        if (!isUniqueViolation(err) || !input.idempotencyKey) throw err;
        result = await registerComplaint(db, request);
      }
    }
    c.header('Location', `/api/v1/complaints/${result.id}`);
    return c.json(
      { id: result.id, reference: result.reference, status: result.status, kind: result.kind, receivedOn: result.receivedOn, deadlines: result.deadlines },
      result.duplicate ? 200 : 201,
    );
  });

  routes.get('/api/v1/complaints', async (c) => {
    const actor = requireActor(c);
    const query = c.req.query();
    // Short aliases (?unit=, ?handler=) next to the names of the list filters.
    const filters: Record<string, string> = { ...query };
    if (query.unit !== undefined && query.unitId === undefined) filters.unitId = query.unit;
    // `unit` may name the unit by its short name (slug), as in the registration; it includes the units below it.
    if (query.unit !== undefined && query.unitId === undefined && !isUuid(query.unit)) {
      const unit = await findUnit(c.get('deps').db, actor.organisationId, query.unit).catch(() => {
        throw validationFailed([{ field: 'unit', message: 'Deze eenheid bestaat niet in uw organisatie. Geef de korte naam of het id.' }]);
      });
      filters.unitId = unit.id;
    }
    if (query.handler !== undefined && query.handlerUserId === undefined) filters.handlerUserId = query.handler;
    const list = await listComplaints(c.get('deps').db, actor, filters);
    // ADR 0028: `total` is counted up to 1,001 (`totalExact` false: "more than 1,000"); page on with `nextCursor`.
    return c.json({
      items: list.items,
      total: list.total,
      totalExact: list.totalExact,
      nextCursor: list.nextCursor,
      prevCursor: list.prevCursor,
      limit: list.filters.limit,
      offset: list.filters.offset,
    });
  });

  routes.get('/api/v1/complaints/:id', async (c) => {
    const actor = requireActor(c);
    const d = await getComplaint(c.get('deps').db, actor, c.req.param('id'));
    return c.json({
      id: d.complaint.id,
      reference: d.complaint.reference,
      kind: d.complaint.kind,
      status: d.complaint.status,
      channel: d.complaint.channel,
      receivedOn: d.complaint.receivedOn,
      subject: d.complaint.subject,
      description: d.complaint.description,
      complainant: d.complaint.complainant,
      details: d.complaint.details,
      unit: d.complaint.unit,
      handler: d.complaint.handler,
      registeredBy: d.complaint.registeredBy,
      createdAt: d.complaint.createdAt.toISOString(),
      regulation: { versionId: d.regulation.versionId, version: d.regulation.version, title: d.regulation.regulation.metadata.title },
      deadlines: dueDates(d.deadlines),
      deadlineStates: d.deadlines,
      procedure: {
        phase: procedurePhase(d.facts, d.regulation.policy),
        judgementRequested: d.facts.judgementRequested,
        forwarded: d.facts.forwarded,
        recommendations: d.facts.decision?.recommendations ?? [],
        response: d.facts.response,
        proofOfCapacity: d.facts.proofOfCapacity,
      },
      nextDue: d.runningDeadline?.due ?? null,
      nextDueKey: d.runningDeadline?.key ?? null,
      nextDueLabel: d.runningDeadline ? d.runningDeadline.label : null,
      classification: d.facts.classification,
      history: d.history.map((h) => ({ seq: h.seq, type: h.type, at: h.at, actorName: h.actorName, actorRoles: h.actorRoles, data: h.data, readable: !d.facts.unreadableEvents.includes(h.seq) })),
      availableActions: d.actions.filter((a) => a.allowed).map((a) => a.action),
      actions: d.actions,
      attachments: d.attachments.map((a) => ({ ...a, createdAt: a.createdAt.toISOString() })),
      // The same complainant's other complaints the user may see (002 art. 5.1a), and the linked earlier one.
      sameComplainant: d.sameComplainant,
      linkedComplaint: d.linkedComplaint,
      letters: (await lettersOf(c.get('deps').db, d.complaint.id)).map((l) => ({
        id: l.id,
        kind: l.kind,
        channel: l.channel,
        status: l.status,
        subject: l.subject,
        createdAt: l.createdAt.toISOString(),
        sentAt: l.sentAt?.toISOString() ?? null,
        printedAt: l.printedAt?.toISOString() ?? null,
        recipient: { role: l.recipientRole, name: l.recipient, email: l.recipientEmail },
        error: l.mailError,
        pdf: `/api/v1/complaints/${d.complaint.id}/letters/${l.id}.pdf`,
      })),
      // Issue 11: when the dossier may be destroyed, on what basis, and whether a hold stops it (ADR 0019).
      retention: await retentionJson(c.get('deps').db, actor.organisationId, d.complaint.id),
    });
  });

  routes.post('/api/v1/complaints/:id/actions/:action', async (c) => {
    const actor = requireActor(c);
    const action = c.req.param('action');
    if (!isActionName(action)) throw notFound('Deze actie bestaat niet. De acties staan in /api/openapi.json.');
    const { letter, registerMeasures, ...body } = await readJson(c);
    // A letter the action owes is made, stored and queued in the same transaction as the action (ADR 0010).
    const request = parseLetterRequest(letter);
    // The decision's measures into the improvement register, in the same transaction (ADR 0017).
    if (registerMeasures !== undefined && typeof registerMeasures !== 'boolean') throw validationFailed([{ field: 'registerMeasures', message: 'Geef true of false.' }]);
    const result = await performAction(c.get('deps').db, actor, c.req.param('id'), action, body, { ...(request ? { letter: request } : {}), ...(registerMeasures ? { registerMeasures } : {}) });
    const { letter: made, ...rest } = result;
    return c.json(made ? { ...rest, letter: { id: made.id, kind: made.kind, channel: made.channel, subject: made.subject, pdf: `/api/v1/complaints/${result.id}/letters/${made.id}.pdf` } } : rest);
  });

  routes.get('/api/v1/complaints/:id/letters/:file', async (c) => {
    const actor = requireActor(c);
    const file = c.req.param('file');
    if (!file.endsWith('.pdf')) throw notFound('Deze brief bestaat niet of u heeft er geen toegang toe.');
    const { pdf, filename } = await letterPdfOf(c.get('deps').db, actor, c.req.param('id'), file.slice(0, -4));
    return c.body(Buffer.from(pdf), 200, { 'Content-Type': 'application/pdf', 'Content-Disposition': `inline; filename="${filename}"`, 'Cache-Control': 'private, no-store' });
  });

  // Documents join the dossier after registration (multipart, field `attachments`; optional `note`).
  routes.post('/api/v1/complaints/:id/attachments', async (c) => {
    const actor = requireActor(c);
    if (!(c.req.header('content-type') ?? '').startsWith('multipart/form-data')) {
      throw new AppError('unsupported_media_type', 'Stuur bestanden als multipart/form-data met het veld "attachments".');
    }
    const { values, files } = await readForm(c);
    const note = typeof values['note'] === 'string' ? values['note'].trim().slice(0, 1000) || undefined : undefined;
    return c.json(await addAttachments(c.get('deps').db, actor, c.req.param('id'), files, note), 201);
  });

  routes.use('/api/v1/public/:orgSlug/complaints', rateLimit({ windowMs: 60_000, max: config.publicRateLimit, name: 'api' }));
  routes.post('/api/v1/public/:orgSlug/complaints', async (c) => {
    const body = await readJson(c);
    const slug = c.req.param('orgSlug');
    // From the per-process intake context (issue 13, ADR 0029); the registration checks it is still current.
    const org = /^[a-z0-9-]{1,64}$/i.test(slug) ? (await intakeContextBySlug(c.get('deps').db, slug))?.organisation : undefined;
    if (!org) throw notFound('Deze organisatie bestaat niet.');
    // The public door is the web form's twin: its own schema (only the form's fields; unknown keys refused, never
    // passed on: an anonymous sender sets no staff-only field), the channel is always the web form, the unit may be
    // named by its short name (`unit`), and a complaint that names no unit where there are several goes to triage,
    // as "Weet ik niet" on the form does.
    const { unit: unitSlug, channel: _channel, ...rest } = parsePublicIntake(body);
    let unitId: string | undefined = rest.unitId;
    if (typeof unitSlug === 'string' && unitId === undefined) {
      unitId = await findUnit(c.get('deps').db, org.id, unitSlug).then(
        (u) => u.id,
        () => {
          throw validationFailed([{ field: 'unit', message: `Eenheid "${unitSlug}" bestaat niet bij ${org.name}.` }]);
        },
      );
    }
    const input = { ...rest, channel: 'web_form', ...(unitId !== undefined ? { unitId } : {}), ...mergedKey(body, idempotencyHeader(c)) };
    const baseUrl = c.get('deps').config.baseUrl;
    const r = await registerPublicComplaint(c.get('deps').db, { organisationId: org.id, actor: null, door: 'public', input, unitUnknown: unitId === undefined, expectSlug: org.slug, issueLink: { baseUrl }, logger: c.get('deps').logger });
    // The complainant's own page (Mijn klacht, ADR 0012): a new private link with every answer (made in the
    // registration's own statement; a repeated submission gets one here).
    const page = r.complainantPage ?? (await issueComplainantLink(c.get('deps').db, { organisationId: org.id, complaintId: r.id, baseUrl }));
    // No unit named ("Weet ik niet"): while the move to its unit may bring another regulation version, the triage
    // version's dates are not the complaint's; the answer names none, as the receipt page and Mijn klacht (ADR 0003 addendum).
    const open = unitId === undefined && (await regulationOpenOf(c.get('deps').db, org.id, r.id, dayZero(new Date())));
    const deadlines = open ? { deadlines: null, deadlinesReason: 'unit_unknown' } : { deadlines: r.deadlines };
    return c.json({ reference: r.reference, status: r.status, kind: r.kind, receivedOn: r.receivedOn, ...deadlines, complainantPageUrl: page.url }, r.duplicate ? 200 : 201);
  });

  return routes;
}

function idempotencyHeader(c: AppContext): string | undefined {
  return c.req.header('idempotency-key')?.trim() || undefined;
}

/** The header and the body field name the same thing; both given and different is a mistake. */
function mergedKey(body: Record<string, unknown>, header: string | undefined): { idempotencyKey?: unknown } {
  if (header === undefined) return 'idempotencyKey' in body ? { idempotencyKey: body.idempotencyKey } : {};
  if (body.idempotencyKey !== undefined && body.idempotencyKey !== header) {
    throw validationFailed([{ field: 'idempotencyKey', message: 'De kop Idempotency-Key en het veld idempotencyKey verschillen. Geef één sleutel.' }]);
  }
  return { idempotencyKey: header };
}

/**
 * The staff intake body: intakeSchema's fields, the Idempotency-Key header, `receivedAt` (the issue's
 * name: a date or a moment, day 0 in Europe/Amsterdam) as an alias of `receivedOn`, and an optional
 * `classification` (the input of the `classify` action).
 */
function staffIntakeInput(body: Record<string, unknown>, header: string | undefined): Record<string, unknown> & { classification?: Record<string, unknown>; idempotencyKey?: unknown } {
  const { receivedAt, classification, ...rest } = body;
  const out: Record<string, unknown> = { ...rest, ...mergedKey(body, header) };
  const problems: FieldIssue[] = [];
  if (receivedAt !== undefined && rest.receivedOn === undefined) {
    const day = receivedDay(receivedAt);
    if (day) out.receivedOn = day;
    else problems.push({ field: 'receivedAt', message: 'Vul de datum van ontvangst in als JJJJ-MM-DD of als moment (ISO 8601), bijvoorbeeld 2026-03-02.' });
  }
  if (classification !== undefined && (typeof classification !== 'object' || classification === null || Array.isArray(classification))) {
    problems.push({ field: 'classification', message: 'Geef de indeling als object, zoals bij de actie classify: { "values": { … }, "severity": …, "sensitive": … }.' });
  }
  if (problems.length) throw validationFailed(problems);
  return classification === undefined ? out : { ...out, classification: classification as Record<string, unknown> };
}

function receivedDay(value: unknown): string | null {
  if (typeof value !== 'string' || value.length > 40) return null;
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return value; // the intake schema checks that it exists
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/.test(value)) return null;
  const at = new Date(value);
  return Number.isNaN(at.getTime()) ? null : dayZero(at);
}

/** Errors of the classification step, with their fields under `classification.`. */
function underField(prefix: string, err: unknown): unknown {
  if (!(err instanceof AppError) || !err.fields.length) return err;
  return new AppError(err.code, err.message, err.fields.map((f) => ({ field: f.field === '_' ? prefix : `${prefix}.${f.field}`, message: f.message })));
}

function isUniqueViolation(err: unknown): boolean {
  return typeof err === 'object' && err !== null && 'code' in err && (err as { code: unknown }).code === '23505';
}

/** Just the due dates (ISO), with the keys of `klachtwijs deadlines --json` (own milestones under their own key). */
function dueDates(deadlines: ComplaintDeadlines): DeadlineDates {
  const out: DeadlineDates = {};
  for (const key of deadlineKeys(deadlines)) {
    const d = deadlines[key];
    if (d) out[key] = d.due;
  }
  return out;
}
