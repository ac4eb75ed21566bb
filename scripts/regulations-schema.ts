/**
 * Writes regulations/schema.json, the JSON Schema of a regulation file generated from the zod schema
 * (src/regulations/json-schema.ts). Run after a change to src/domain/regulation/schema.ts:
 *   npm run regulations:schema
 * A test (src/regulations/json-schema.test.ts) fails while the committed file is out of date.
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { regulationJsonSchemaText } from '../src/regulations/json-schema.ts';

const file = fileURLToPath(new URL('../regulations/schema.json', import.meta.url));
writeFileSync(file, regulationJsonSchemaText());
console.log(`geschreven: ${file}`);
