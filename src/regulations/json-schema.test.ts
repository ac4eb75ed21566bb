import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { regulationJsonSchema, regulationJsonSchemaText } from './json-schema.ts';
import { REGULATIONS_DIR } from './library.ts';

describe('regulations/schema.json', () => {
  it('is up to date with the zod schema (regenerate with: npm run regulations:schema)', () => {
    const committed = readFileSync(path.join(REGULATIONS_DIR, 'schema.json'), 'utf8');
    assert.equal(committed, regulationJsonSchemaText(), 'regulations/schema.json is out of date: run npm run regulations:schema');
  });

  it('is draft 2020-12, names its parts under $defs, and every $ref resolves', () => {
    const schema = regulationJsonSchema() as { $schema: string; $defs: Record<string, unknown>; properties: Record<string, { description?: string }>; additionalProperties: boolean; required: string[] };
    assert.equal(schema.$schema, 'https://json-schema.org/draft/2020-12/schema');
    for (const name of ['Source', 'TermRule', 'OpenPoint', 'Committee', 'ModelInfo']) assert.ok(schema.$defs[name], name);
    assert.equal(schema.additionalProperties, false, 'an unknown part (a typo) is marked by the editor');
    assert.ok(schema.required.includes('deadlines') && !schema.required.includes('model'));
    assert.match(schema.properties.deadlines?.description ?? '', /^De termijnen\./);
    // The doc comments of schema.ts, on the part and on each property, not leaking onto another use of the same type.
    const source = schema.$defs.Source as { properties: Record<string, { description?: string; type?: string }> };
    assert.match(source.properties.article?.description ?? '', /^Article, section or heading in the source document/);
    assert.equal(source.properties.seed?.type, 'string');
    const committee = schema.$defs.Committee as { properties: Record<string, { description?: string }> };
    assert.equal(committee.properties.name?.description, undefined);
    assert.match(committee.properties.route?.description ?? '', /every complaint/);
    assert.ok(!JSON.stringify(schema).includes('x-klachtwijs-docs'));
    const refs = [...JSON.stringify(schema).matchAll(/"\$ref":"#\/\$defs\/([^"]+)"/g)].map((m) => m[1]!);
    assert.ok(refs.length > 20);
    for (const ref of refs) assert.ok(Object.hasOwn(schema.$defs, ref), `$ref to a missing $defs/${ref}`);
  });

  it('every model file names it on its first line', () => {
    for (const name of ['conneqt', 'hss', 'stadsring51', 'cbf-template', 'lentl']) {
      const text = readFileSync(path.join(REGULATIONS_DIR, `${name}.yaml`), 'utf8');
      assert.equal(text.split('\n')[0], '# yaml-language-server: $schema=./schema.json', name);
    }
  });
});
