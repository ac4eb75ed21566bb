import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ACTION_NAMES } from '../domain/workflow/index.ts';
import { complaintApiPaths } from './openapi-complaints.ts';

describe('the complaint paths of /api/openapi.json', () => {
  it('are made at the first call and then kept, not at import (zod to JSON Schema cost every start ~40 ms, issue 13)', () => {
    assert.equal(typeof complaintApiPaths, 'function');
    const paths = complaintApiPaths();
    assert.equal(complaintApiPaths(), paths, 'made once');
    const post = (paths['/api/v1/complaints'] as { post: { requestBody: { content: Record<string, { schema: { properties: Record<string, unknown> } }> } } }).post;
    assert.ok(post.requestBody.content['application/json']!.schema.properties['unit'], 'the staff intake body from its zod schema, with the unit alias');
    for (const action of ACTION_NAMES) assert.ok(paths[`/api/v1/complaints/{id}/actions/${action}`], `the action ${action} is documented`);
  });
});
