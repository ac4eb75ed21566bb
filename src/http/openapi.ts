import { z } from 'zod';
import { absenceInput, bindRoleInput } from '../usecases/regulation-roles/bindings.ts';
import { createUnitInput } from '../usecases/units/units.ts';

/**
 * The OpenAPI document of /api/v1, built from the same zod schemas the API validates with, so the
 * documentation cannot drift from the checks.
 */
const errorSchema = {
  type: 'object',
  required: ['error'],
  properties: {
    error: {
      type: 'object',
      required: ['code', 'message'],
      properties: {
        code: { type: 'string', enum: ['not_found', 'not_permitted', 'unauthenticated', 'validation_failed', 'unknown_fields', 'conflict', 'intake_unavailable', 'invalid_transition', 'invalid_cursor', 'letter_not_owed', 'report_unavailable', 'period_not_ended', 'rate_limited', 'payload_too_large', 'unsupported_media_type', 'internal'] },
        message: { type: 'string' },
        fields: { type: 'array', items: { type: 'object', properties: { field: { type: 'string' }, message: { type: 'string' } } } },
      },
    },
  },
};

const errors = (...codes: number[]) => Object.fromEntries(codes.map((code) => [String(code), { $ref: '#/components/responses/Error' }]));
const roleBinding = {
  type: 'object',
  properties: {
    id: { type: 'string', format: 'uuid' },
    unitId: { type: ['string', 'null'], description: 'null: the whole organisation' },
    unitName: { type: ['string', 'null'] },
    roleKey: { type: 'string', description: "A role key of the regulation (roles[].key), e.g. complaints_officer" },
    userId: { type: 'string', format: 'uuid' },
    userName: { type: 'string' },
    userEmail: { type: 'string' },
  },
};
const unit = { type: 'object', properties: { id: { type: 'string', format: 'uuid' }, slug: { type: 'string' }, name: { type: 'string' }, kind: { type: 'string' }, parentId: { type: ['string', 'null'] } } };

export function openApiDocument(baseUrl: string, extraPaths: Record<string, unknown> = {}) {
  return {
    openapi: '3.1.0',
    info: { title: 'Klachtwijs API', version: '1', description: 'JSON API of Klachtwijs. Authenticate with `Authorization: Bearer <API-sleutel>`. Errors have a stable `error.code`.' },
    servers: [{ url: baseUrl }],
    security: [{ bearer: [] }],
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } },
      schemas: { Error: errorSchema, Unit: unit },
      responses: { Error: { description: 'Error', content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } } },
    },
    paths: {
      '/health': { get: { security: [], summary: 'Liveness and database check', responses: { '200': { description: 'OK' }, '503': { description: 'Database unreachable' } } } },
      '/api/v1/me': { get: { summary: 'The user behind the token', responses: { '200': { description: 'OK' }, ...errors(401) } } },
      '/api/v1/organisation': { get: { summary: "The token's organisation", responses: { '200': { description: 'OK' }, ...errors(401) } } },
      '/api/v1/units': {
        get: { summary: 'Units of the organisation (tree order)', responses: { '200': { description: 'OK', content: { 'application/json': { schema: { type: 'object', properties: { items: { type: 'array', items: unit } } } } } }, ...errors(401) } },
        post: {
          summary: 'Add a unit (admin)',
          requestBody: { required: true, content: { 'application/json': { schema: z.toJSONSchema(createUnitInput, { io: 'input' }) } } },
          responses: { '201': { description: 'Created', content: { 'application/json': { schema: unit } } }, ...errors(401, 404, 409, 415, 422) },
        },
      },
      '/api/v1/units/{id}': { get: { summary: 'One unit', parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }], responses: { '200': { description: 'OK' }, ...errors(401, 404) } } },
      '/api/v1/role-bindings': {
        get: {
          summary: "Users bound to the regulation's roles (admin: whole organisation; coordinator: own units and organisation-wide bindings)",
          responses: { '200': { description: 'OK', content: { 'application/json': { schema: { type: 'object', properties: { items: { type: 'array', items: roleBinding } } } } } }, ...errors(401, 403) },
        },
        post: {
          summary: 'Bind a user to a role of the regulation that applies to the unit (no unitId: the whole organisation, admin only)',
          requestBody: { required: true, content: { 'application/json': { schema: z.toJSONSchema(bindRoleInput, { io: 'input' }) } } },
          responses: { '201': { description: 'Created', content: { 'application/json': { schema: { type: 'object', properties: { id: { type: 'string', format: 'uuid' } } } } } }, ...errors(401, 403, 409, 415, 422) },
        },
      },
      '/api/v1/role-bindings/{id}': {
        delete: { summary: 'Remove a binding', parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }], responses: { '204': { description: 'Removed' }, ...errors(401, 403, 404) } },
      },
      '/api/v1/absences': {
        post: {
          summary: "Record an absence (while every holder of a role is absent, the role's deputy holds it)",
          requestBody: { required: true, content: { 'application/json': { schema: z.toJSONSchema(absenceInput, { io: 'input' }) } } },
          responses: { '201': { description: 'Created', content: { 'application/json': { schema: { type: 'object', properties: { id: { type: 'string', format: 'uuid' } } } } } }, ...errors(401, 403, 415, 422) },
        },
      },
      '/api/v1/absences/{id}/end': {
        post: {
          summary: 'End an absence on endsOn (default today)',
          parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
          requestBody: { required: false, content: { 'application/json': { schema: { type: 'object', properties: { endsOn: { type: 'string', format: 'date' } } } } } },
          responses: { '204': { description: 'Ended' }, ...errors(401, 403, 404, 422) },
        },
      },
      ...extraPaths,
    },
  };
}
