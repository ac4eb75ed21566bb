/** OpenAPI paths of the improvement register (ADR 0017): the measures, their sources, notes and effect check. */
const ref = { $ref: '#/components/responses/Error' };
const errors = (...codes: number[]) => Object.fromEntries(codes.map((c) => [String(c), ref]));
const json = (schema: unknown, description = 'OK') => ({ description, content: { 'application/json': { schema } } });
const idParam = { name: 'id', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } };
const nullableString = { type: ['string', 'null'] };
const nullableDate = { type: ['string', 'null'], format: 'date' };
const status = { type: 'string', enum: ['planned', 'in_progress', 'done', 'dropped'] };
const sourceKind = { type: 'string', enum: ['complaint', 'decision', 'report', 'recommendation', 'external_ruling', 'external_reaction', 'meeting', 'other'] };
const counts = {
  type: 'object',
  description: 'Counts per status of the measures the user may read (before the filters); overdue: planned or in progress and past the due date',
  properties: { planned: { type: 'integer' }, inProgress: { type: 'integer' }, done: { type: 'integer' }, dropped: { type: 'integer' }, overdue: { type: 'integer' } },
};
const listItem = {
  type: 'object',
  properties: {
    id: { type: 'string', format: 'uuid' },
    title: { type: 'string' },
    unitId: nullableString,
    unitName: { ...nullableString, description: 'null: the whole organisation' },
    ownerUserId: nullableString,
    ownerName: nullableString,
    status,
    dueOn: nullableDate,
    overdue: { type: 'boolean' },
    completedOn: nullableDate,
    sourceKinds: { type: 'array', items: sourceKind },
  },
};
const detail = {
  type: 'object',
  properties: {
    ...listItem.properties,
    description: { type: 'string' },
    effectCheck: { ...nullableString, description: 'How and when the effect will be checked' },
    effectCheckedOn: nullableDate,
    effectResult: nullableString,
    createdAt: { type: 'string', format: 'date-time' },
    createdByName: nullableString,
    sources: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          id: { type: 'string', format: 'uuid' },
          kind: sourceKind,
          kindLabel: { type: 'string' },
          complaintId: { ...nullableString, description: 'Only when the user may see the dossier (need-to-know); else null and hiddenComplaint true' },
          reference: { ...nullableString, description: 'The complaint reference, under the same rule' },
          hiddenComplaint: { type: 'boolean' },
          reportId: nullableString,
          reportTitle: nullableString,
          recommendationId: nullableString,
          recommendationText: nullableString,
          note: nullableString,
        },
      },
    },
    notes: {
      type: 'array',
      description: 'The timeline: follow-up notes and status changes (statusFrom → statusTo), oldest first',
      items: { type: 'object', properties: { id: { type: 'string' }, text: { type: 'string' }, statusFrom: nullableString, statusTo: nullableString, byName: nullableString, at: { type: 'string', format: 'date-time' } } },
    },
    may: { type: 'object', description: 'What the user may do with it', properties: { edit: { type: 'boolean' }, changeStatus: { type: 'boolean' }, note: { type: 'boolean' }, effect: { type: 'boolean' }, sources: { type: 'boolean' } } },
  },
};

export const measureApiPaths: Record<string, unknown> = {
  '/api/v1/measures': {
    get: {
      summary: 'The improvement register: measures the user may read (coordinators and admins their units\', an owner their own), filtered, overdue first',
      tags: ['measures'],
      parameters: [
        { name: 'status', in: 'query', required: false, schema: { type: 'string', enum: ['open', 'planned', 'in_progress', 'done', 'dropped'] }, description: 'open: planned or in progress' },
        { name: 'unitId', in: 'query', required: false, schema: { type: 'string', format: 'uuid' } },
        { name: 'ownerUserId', in: 'query', required: false, schema: { type: 'string', format: 'uuid' } },
        { name: 'overdue', in: 'query', required: false, schema: { type: 'string', enum: ['true', 'false'] } },
        { name: 'sourceKind', in: 'query', required: false, schema: sourceKind },
      ],
      responses: { '200': json({ type: 'object', properties: { items: { type: 'array', items: listItem }, counts } }), ...errors(401, 404, 422) },
    },
  },
  '/api/v1/measures/{id}': {
    get: {
      summary: 'One measure with its sources (complaints under need-to-know) and its timeline',
      tags: ['measures'],
      parameters: [idParam],
      responses: { '200': json(detail), ...errors(401, 404) },
    },
  },
};
