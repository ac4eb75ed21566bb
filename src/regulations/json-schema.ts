/**
 * The JSON Schema (draft 2020-12) of a regulation file, generated from the zod schema, so an editor completes
 * and checks a file (`# yaml-language-server: $schema=./schema.json`). Committed as `regulations/schema.json`
 * (`npm run regulations:schema` writes it, a test fails when it is out of date) and printed by
 * `klachtwijs regulations schema`.
 *
 * What zod cannot say in JSON Schema stays with the validation at start and `klachtwijs regulations check`:
 * the cross-field rules of the superRefine (a role that exists, unique keys, a milestone from a committee
 * only with a committee) and real calendar dates.
 */
import { z } from 'zod';
import * as schemas from '../domain/regulation/schema.ts';
import { REGULATION_FORMAT, RegulationSchema } from '../domain/regulation/schema.ts';
import { PART_COMMENTS } from './yaml.ts';

/** The named parts of the zod schema (`TermRuleSchema` → `$defs/TermRule`), so a reader of schema.json sees their names. */
function namedParts() {
  const registry = z.registry<{ id: string }>();
  for (const [name, value] of Object.entries(schemas)) {
    if (name === 'RegulationSchema' || !name.endsWith('Schema') || !(value instanceof z.ZodType)) continue;
    registry.add(value, { id: name.slice(0, -'Schema'.length) });
  }
  return registry;
}

/** The JSON Schema as an object. */
export function regulationJsonSchema(): Record<string, unknown> {
  const generated = z.toJSONSchema(RegulationSchema, {
    target: 'draft-2020-12',
    // The file as written (input): an optional field may be left out.
    io: 'input',
    // The named parts of the zod schema once under $defs (below), the rest inline.
    reused: 'inline',
    unrepresentable: 'any',
    metadata: namedParts(),
  }) as Record<string, unknown> & { properties?: Record<string, Record<string, unknown>> };
  for (const [key, schema] of Object.entries(generated.properties ?? {})) {
    const comment = PART_COMMENTS[key];
    if (comment && schema.description === undefined) schema.description = comment;
  }
  const { $schema, ...rest } = generated;
  return {
    $schema,
    title: 'Klachtwijs: klachtenregeling',
    description: `Een klachtenregeling als bestand (${REGULATION_FORMAT}); zie docs/regulation-format.md. Controleer een bestand met: klachtwijs regulations check <bestand>.`,
    ...rest,
  };
}

/** The text of `regulations/schema.json`. */
export function regulationJsonSchemaText(): string {
  return `${JSON.stringify(regulationJsonSchema(), null, 2)}\n`;
}
