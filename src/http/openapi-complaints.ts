import { z } from 'zod';
import { ACTION_NAMES, ACTION_SCHEMAS, DEADLINE_KEYS, DEADLINE_LABELS, STATUSES, STATUS_LABELS, WORKFLOW } from '../domain/workflow/index.ts';
import { intakeSchema } from '../usecases/complaints/intake.ts';
import { publicIntakeSchema } from '../usecases/complaints/public-intake.ts';
import { listFiltersSchema } from '../usecases/complaints/list-complaints.ts';

/**
 * The complaint endpoints of /api/openapi.json, from the same zod schemas the API validates with and
 * from the workflow table (one documented path per action, with who may do it and from which status).
 * Built at the first request of /api/openapi.json, not at start: `openApiDocument(baseUrl, complaintApiPaths())`. Turning
 * the zod schemas into JSON Schema cost every start ~40 ms of CPU before the server listened (issue 13).
 */
const input = (schema: z.ZodType) => {
  const json = z.toJSONSchema(schema, { io: 'input' }) as Record<string, unknown>;
  delete json.$schema;
  return json;
};
const errors = (...codes: number[]) => Object.fromEntries(codes.map((code) => [String(code), { $ref: '#/components/responses/Error' }]));
const json = (schema: unknown, description = 'OK') => ({ description, content: { 'application/json': { schema } } });
const isoDate = { type: 'string', format: 'date' };

const deadlines = {
  type: 'object',
  description: `Due dates (ISO dates) with the keys of \`klachtwijs deadlines --json\`; a key is absent when the regulation has no such term. ${DEADLINE_KEYS.map((k) => `${k}: ${DEADLINE_LABELS[k]}`).join('; ')}. The regulation's own milestones (deadlines.milestones in the regulation) appear under their own key once the event they run from happened (e.g. forward_to_committee, response_to_judgement); the decision dates appear only once the event the decision term runs from (deadlines.decisionFrom) happened.`,
  properties: Object.fromEntries(DEADLINE_KEYS.map((k) => [k, isoDate])),
  additionalProperties: isoDate,
};
/**
 * The public door's deadlines: null for a complaint that names no unit ("Weet ik niet") while the move to its unit may
 * still bring another regulation version (ADR 0003 addendum): the triage version's dates would not be the complaint's.
 */
const publicDeadlines = {
  oneOf: [deadlines, { type: 'null' }],
  description:
    'The due dates, as for staff; null when no unit was named, the organisation has units under other regulation versions (e.g. a werkmaatschappij with its own, 004 §2) and nothing happened yet: the unit is looked into first and its regulation decides the terms (then deadlinesReason is unit_unknown). The complainant\'s page (complainantPageUrl) names the dates once they are known.',
};
const deadlinesReason = { type: 'string', enum: ['unit_unknown'], description: 'Present only when deadlines is null: why no dates are given yet (unit_unknown: see deadlines).' };
const status = { type: 'string', enum: [...STATUSES], description: STATUSES.map((s) => `${s}: ${STATUS_LABELS[s]}`).join('; ') };

const registered = {
  type: 'object',
  required: ['id', 'reference', 'status', 'deadlines'],
  properties: { id: { type: 'string', format: 'uuid' }, reference: { type: 'string', example: '2026-0042' }, status, kind: { type: 'string' }, receivedOn: isoDate, deadlines },
};
/** The letter an action may send in the same call (ADR 0010). */
const letterRequest = {
  type: 'object',
  required: ['channel'],
  description:
    'Optional: make the letter this action owes under the regulation in the same transaction (acknowledge, declare-inadmissible, send-copy-to-respondent, plan-hearing, record-hearing, extend, suspend, decide, inform-respondent). email: queued in the outbox with the PDF attached and the reference in the subject; post: stored as PDF for printing; both. The text is the organisation\'s (or unit\'s) template filled in with the dossier unless body is given. An action that owes no letter answers 422 letter_not_owed; email without an e-mail address on file answers 422 at letter.channel. A refused action makes no letter.',
  properties: {
    channel: { type: 'string', enum: ['email', 'post', 'both'] },
    subject: { type: 'string', maxLength: 300, description: 'Replaces the proposed subject.' },
    body: { type: 'string', maxLength: 50000, description: 'Replaces the proposed text (plain text, sent as written).' },
  },
};
const letterSummary = {
  type: 'object',
  properties: {
    id: { type: 'string', format: 'uuid' },
    kind: { type: 'string', enum: ['acknowledgement', 'inadmissibility', 'copy_to_respondent', 'hearing_invitation', 'hearing_report', 'delay_notice', 'decision', 'outcome_to_respondent', 'other'] },
    channel: { type: 'string', enum: ['email', 'post', 'both'] },
    status: { type: 'string', enum: ['queued', 'sent', 'failed', 'printed', 'draft'], description: 'draft: a post letter not yet marked as posted' },
    subject: { type: 'string' },
    createdAt: { type: 'string', format: 'date-time' },
    sentAt: { type: ['string', 'null'], format: 'date-time', description: 'When the e-mail went out (meets the term)' },
    printedAt: { type: ['string', 'null'], format: 'date-time', description: 'When it was marked as posted (meets the term)' },
    recipient: { type: 'object', properties: { role: { type: 'string', enum: ['complainant', 'respondent'] }, name: { type: 'string' }, email: { type: ['string', 'null'] } } },
    error: { type: ['string', 'null'], description: 'Why the e-mail could not be sent (status failed)' },
    pdf: { type: 'string', description: 'Path of the PDF as sent' },
  },
};
const actionResult = {
  type: 'object',
  required: ['id', 'reference', 'status', 'seq', 'deadlines'],
  properties: {
    id: { type: 'string', format: 'uuid' },
    reference: { type: 'string' },
    status,
    seq: { type: 'integer', description: 'Sequence number of the new history event' },
    deadlines,
    letter: { type: 'object', description: 'The letter made in the same call (when asked)', properties: { id: { type: 'string', format: 'uuid' }, kind: { type: 'string' }, channel: { type: 'string' }, subject: { type: 'string' }, pdf: { type: 'string' } } },
    measureIds: { type: 'array', items: { type: 'string', format: 'uuid' }, description: 'decide with registerMeasures: the improvement-register entries made (GET /api/v1/measures/{id})' },
  },
};
const historyEvent = {
  type: 'object',
  properties: {
    seq: { type: 'integer' },
    type: { type: 'string', description: '`registered` or an action name' },
    at: { type: 'string', format: 'date-time' },
    actorName: { type: ['string', 'null'] },
    actorRoles: { type: 'array', items: { type: 'string' } },
    data: { type: 'object', description: 'What the event recorded, literally; `after` holds what it changed (status, handler).' },
    readable: { type: 'boolean', description: 'False when the stored data cannot be read (shown, never dropped).' },
  },
};
const listItem = {
  type: 'object',
  properties: {
    id: { type: 'string', format: 'uuid' },
    reference: { type: 'string' },
    kind: { type: 'string' },
    status,
    channel: { type: 'string' },
    receivedOn: isoDate,
    subject: { type: ['string', 'null'] },
    unitId: { type: 'string', format: 'uuid' },
    unitName: { type: 'string' },
    handlerUserId: { type: ['string', 'null'] },
    handlerName: { type: ['string', 'null'] },
    nextDue: { type: ['string', 'null'], format: 'date', description: 'Due date of the first clock that runs now (none while suspended or ended).' },
    nextDueKey: { type: ['string', 'null'], description: 'Which clock nextDue is: acknowledgement, decision, serviceNorm, decisionMaxExtended, or the key of one of the regulation\'s own milestones (never inadmissibilityNotice: that is a window in which the complaint may be declared inadmissible, not a duty).' },
    nextDueLabel: { type: ['string', 'null'], description: 'Dutch name of that clock, e.g. "Beslissing".' },
    decidedLate: { type: 'boolean', description: 'The decision was taken after its due date.' },
    decisionDue: { type: ['string', 'null'], format: 'date' },
    deadlines,
  },
};
const dossier = {
  type: 'object',
  properties: {
    ...registered.properties,
    channel: { type: 'string' },
    subject: { type: ['string', 'null'] },
    description: { type: 'string' },
    complainant: {
      type: 'object',
      description: "The complainant as given at intake. relation: the regulation's complainant kind (COMPLAINANT_KINDS, e.g. bereaved, voluntary_agent) or other; onBehalfOf: for whom (the client; for a nabestaande the deceased client), required for legal_representative, authorised_representative, bereaved and voluntary_agent (issue 12).",
      properties: {
        name: { type: 'string' },
        email: { type: 'string' },
        phone: { type: 'string' },
        postalAddress: { type: 'string' },
        relation: { type: 'string' },
        onBehalfOf: { type: 'string' },
        representativeRelation: { type: 'string' },
      },
    },
    details: { type: 'object' },
    unit: { type: 'object', properties: { id: { type: 'string' }, name: { type: 'string' } } },
    handler: { type: ['object', 'null'], properties: { id: { type: 'string' }, name: { type: 'string' } } },
    regulation: { type: 'object', properties: { versionId: { type: 'string' }, version: { type: 'integer' }, title: { type: 'string' } } },
    deadlineStates: { type: 'object', description: 'Per clock: due, met, metOn, late, overdue, running, daysLeft; an own milestone of the regulation also has own: label, by, byLabel, contents, article, from, metBy.' },
    procedure: {
      type: 'object',
      description:
        'Mediation, the klachtencommissie and proof of capacity (issue 12): phase (label, waitingFor: why the decision term does not run yet; null when the regulation has neither mediation nor a committee), judgementRequested, forwarded, recommendations (with the judgement), response (the organisation\'s response: on, text, measures with due), proofOfCapacity (requests, results).',
    },
    nextDue: { type: ['string', 'null'], format: 'date', description: 'The running deadline, the same as the list shows.' },
    nextDueKey: { type: ['string', 'null'] },
    nextDueLabel: { type: ['string', 'null'] },
    classification: { type: ['object', 'null'] },
    history: { type: 'array', items: historyEvent, description: 'Append-only: one event per action, never rewritten.' },
    availableActions: { type: 'array', items: { type: 'string', enum: [...ACTION_NAMES] }, description: 'Actions this user can perform now.' },
    actions: {
      type: 'array',
      description: "Every action the user's roles allow from this status, with the reason when it is not possible now. `absent`: the regulation does not have this step at all (never possible; the dossier page does not list it).",
      items: { type: 'object', properties: { action: { type: 'string' }, label: { type: 'string' }, allowed: { type: 'boolean' }, reason: { type: ['string', 'null'] }, absent: { type: 'boolean' } } },
    },
    attachments: { type: 'array', items: { type: 'object' } },
    sameComplainant: {
      type: 'array',
      description: 'Other complaints of the same complainant that the user may see (same e-mail, phone digits, or name and postal code; 002 art. 5.1a), newest first.',
      items: { type: 'object', properties: { id: { type: 'string' }, reference: { type: 'string' }, kind: { type: 'string' }, status: { type: 'string' }, receivedOn: { type: 'string', format: 'date' }, subject: { type: ['string', 'null'] } } },
    },
    letters: { type: 'array', items: letterSummary, description: 'The letters of this complaint, oldest first, with their status' },
    linkedComplaint: {
      type: ['object', 'null'],
      description: 'The earlier complaint linked by a correction (correct-registration); reference null when the user may not see it.',
      properties: { id: { type: 'string' }, reference: { type: ['string', 'null'] } },
    },
    retention: {
      type: 'object',
      description:
        'Issue 11 (ADR 0019): the first day the closed dossier may be destroyed (null while open, or when the organisation chose to keep without end), its basis in Dutch (the article of the regulation, the law, or the organisation setting), and whether a hold stops destruction.',
      properties: { destroyAfter: { type: ['string', 'null'], format: 'date' }, basis: { type: 'string' }, hold: { type: 'boolean' } },
    },
  },
};

const idParam = { name: 'id', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } };
const idempotencyHeader = {
  name: 'Idempotency-Key',
  in: 'header',
  required: false,
  description: 'A key the client makes once per complaint (8–100 letters, digits, _ or -). A repeat returns the same complaint with 200 instead of creating a second one. Same as the body field idempotencyKey.',
  schema: { type: 'string', pattern: '^[\\w-]{8,100}$' },
};

const publicInput = () => {
  // The public door's own schema (issue 11): the web form's fields only; any other key answers 422 unknown_fields.
  const schema = input(publicIntakeSchema) as { properties: Record<string, unknown>; required?: string[]; additionalProperties?: unknown; description?: string };
  schema.properties.unit = { type: 'string', description: 'Alias of unitId: the unit by its short name (slug).' };
  schema.properties.channel = { type: 'string', enum: ['web_form'], description: 'Always the web form; may be left out.' };
  schema.additionalProperties = false;
  schema.description = 'Only the fields of the public web form. Staff-only fields (note, receivedBy, passedTo, writtenDownAndSigned, respondentUserId, receivedOn …) and any other unknown key are refused with 422 unknown_fields, one Dutch message per field.';
  return schema;
};

/** decide only: the decision's measures become entries of the improvement register in the same transaction (ADR 0017). */
const registerMeasures = {
  type: 'boolean',
  description:
    'decide only: put each of the decision\'s measures in the improvement register (status planned, source decision with this complaint, the complaint\'s unit) in the same transaction as the decision (000 art. 9, 003). A refused decision registers nothing. Another action answers 422 at registerMeasures. The ids are returned as measureIds.',
};

function withLetter(schema: unknown, action?: string): unknown {
  const s = schema as { properties?: Record<string, unknown> };
  return { ...s, properties: { ...(s.properties ?? {}), letter: letterRequest, ...(action === 'decide' ? { registerMeasures } : {}) } };
}

let built: Record<string, unknown> | undefined;

/** The complaint paths of the OpenAPI document, made at the first call and then kept. */
export function complaintApiPaths(): Record<string, unknown> {
  return (built ??= buildComplaintApiPaths());
}

function buildComplaintApiPaths(): Record<string, unknown> {
  const staffIntakeBody = (() => {
    const schema = input(intakeSchema) as { properties: Record<string, unknown>; description?: string };
    schema.properties.unit = { type: 'string', description: 'Alias of unitId: the unit by its short name (slug) or id.' };
    schema.properties.receivedAt = { type: 'string', description: 'Alias of receivedOn: a date (JJJJ-MM-DD) or a moment (ISO 8601); day 0 is its date in Europe/Amsterdam.' };
    schema.properties.classification = { ...input(ACTION_SCHEMAS.classify), description: 'Optional: classify at once (the classify action). Registration and classification succeed or fail together.' };
    schema.description = 'A complaint (or dissatisfaction, suggestion, not-a-complaint) as registered by staff. Which contact fields are required follows from the regulation.';
    return schema;
  })();

  const listParams = Object.entries((input(listFiltersSchema) as { properties: Record<string, Record<string, unknown>> }).properties).map(([name, schema]) => ({
    name,
    in: 'query',
    required: false,
    schema,
  }));
  listParams.push(
    { name: 'unit', in: 'query', required: false, schema: { type: 'string', format: 'uuid', description: 'Alias of unitId' } },
    { name: 'handler', in: 'query', required: false, schema: { type: 'string', format: 'uuid', description: 'Alias of handlerUserId' } },
  );

  const actionPaths = Object.fromEntries(
    ACTION_NAMES.map((action) => {
      const rule = WORKFLOW[action];
      return [
        `/api/v1/complaints/{id}/actions/${action}`,
        {
          post: {
            summary: `${rule.label} (${action})`,
            description: `Roles: ${rule.roles.join(', ')}. From status: ${rule.from.join(', ')}. Leads to: ${rule.to ?? 'same status'}. A transition the workflow or the regulation does not allow now answers 409 invalid_transition; invalid input answers 422 with the fields; a role that may not do this answers 403; a complaint the user may not see answers 404.`,
            tags: ['complaint actions'],
            parameters: [idParam],
            requestBody: { required: true, content: { 'application/json': { schema: withLetter(input(ACTION_SCHEMAS[action]), action) } } },
            responses: { '200': json(actionResult, 'Performed; one event appended to the history'), ...errors(401, 403, 404, 409, 415, 422) },
          },
        },
      ];
    }),
  );

  return {
    '/api/v1/complaints': {
      get: {
        description:
          'Keyset paging (issue 13, ADR 0028): the first page without cursor, then `cursor=<nextCursor>` (or `<prevCursor>`) with the same filters and sort. A cursor the list did not make, or made for another sort, answers 400 invalid_cursor: start again without cursor. `-status` is the exact reverse of `status`.',
        summary: 'Complaints the user may see (need-to-know), filtered and sorted; q finds a reference (also in part, "0004"), the complainant by name, e-mail, phone or postal code, the person complained about, and words (Dutch full-text)',
        tags: ['complaints'],
        parameters: listParams,
        responses: {
          '200': json({
            type: 'object',
            properties: {
              items: { type: 'array', items: listItem },
              total: { type: 'integer', maximum: 1001, description: 'Changed in issue 13 (ADR 0028): counted up to 1,001. Exact when totalExact is true; 1,001 with totalExact false means "more than 1,000".' },
              totalExact: { type: 'boolean', description: 'False: more than 1,000 complaints match (the count stops there).' },
              nextCursor: { type: ['string', 'null'], description: 'Pass as `cursor` for the next page (same filters and sort); null on the last page.' },
              prevCursor: { type: ['string', 'null'], description: 'Pass as `cursor` for the previous page; null on the first page.' },
              limit: { type: 'integer' },
              offset: { type: 'integer', description: 'Deprecated (at most 10,000): page with cursor/nextCursor instead.' },
            },
          }),
          ...errors(400, 401, 422),
        },
      },
      post: {
        summary: 'Register a complaint (staff intake: intake, handler or coordinator)',
        tags: ['complaints'],
        parameters: [idempotencyHeader],
        requestBody: { required: true, content: { 'application/json': { schema: staffIntakeBody } } },
        responses: { '201': json(registered, 'Registered'), '200': json(registered, 'Already registered with this idempotency key'), ...errors(401, 403, 409, 413, 415, 422) },
      },
    },
    '/api/v1/complaints/{id}': {
      get: {
        summary: 'One complaint with its due dates, history and available actions (the read is audited)',
        tags: ['complaints'],
        parameters: [idParam],
        responses: { '200': json(dossier), ...errors(401, 404) },
      },
    },
    '/api/v1/complaints/{id}/letters/{letterId}.pdf': {
      get: {
        summary: 'A letter of the complaint as PDF, byte for byte as it was sent',
        tags: ['complaints'],
        parameters: [idParam, { name: 'letterId', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } }],
        responses: { '200': { description: 'The PDF', content: { 'application/pdf': { schema: { type: 'string', format: 'binary' } } } }, ...errors(401, 404) },
      },
    },
    '/api/v1/complaints/{id}/attachments': {
      post: {
        summary: 'Add documents to the dossier (appends one history event); PDF, JPG, PNG, text, Word, OpenDocument, e-mail (.eml, .msg); at most 5 files, 10 MB together',
        tags: ['complaints'],
        parameters: [idParam],
        requestBody: {
          required: true,
          content: {
            'multipart/form-data': {
              schema: { type: 'object', required: ['attachments'], properties: { attachments: { type: 'array', items: { type: 'string', format: 'binary' } }, note: { type: 'string', maxLength: 1000 } } },
            },
          },
        },
        responses: { '201': json({ type: 'object', properties: { seq: { type: 'integer' }, count: { type: 'integer' } } }, 'Added'), ...errors(401, 403, 404, 413, 415, 422) },
      },
    },
    ...actionPaths,
    '/api/v1/public/{orgSlug}/complaints': {
      post: {
        summary: "Submit a complaint as a member of the public (the public form's JSON twin; no token; rate-limited per address)",
        description:
          'The channel is always the web form (`channel` may be left out). Name the unit by `unitId` or by its short name `unit`; ' +
          'with several units and neither given, the complaint waits for the coordinator to set the unit ("Weet ik niet" on the form); ' +
          'where that unit may bring another regulation version, the answer gives `deadlines: null` and `deadlinesReason: "unit_unknown"` (its dates are not known yet). ' +
          'An organisation that cannot take complaints yet (no active regulation for the unit) answers 409 intake_unavailable with the reason.',
        tags: ['public'],
        security: [],
        parameters: [{ name: 'orgSlug', in: 'path', required: true, schema: { type: 'string' } }, idempotencyHeader],
        requestBody: { required: true, content: { 'application/json': { schema: publicInput() } } },
        responses: {
          '201': json({ type: 'object', required: ['reference', 'status', 'deadlines'], properties: { reference: { type: 'string' }, status, kind: { type: 'string' }, receivedOn: isoDate, deadlines: publicDeadlines, deadlinesReason, complainantPageUrl: { type: 'string', format: 'uri', description: "A private link to the complainant's own page (Mijn klacht): a new one with every answer; give it only to the complainant." } } }, 'Received'),
          '200': json({ type: 'object' }, 'Already received with this idempotency key'),
          ...errors(404, 409, 413, 415, 422, 429),
        },
      },
    },
  };
}
