import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';
import { ESLint } from 'eslint';

const root = fileURLToPath(new URL('../../', import.meta.url));
const eslint = new ESLint({ cwd: root });
const LAYER = 'src/domain is the pure core: no HTTP, SQL or I/O';

async function layerMessages(code: string, filePath: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  assert.ok(result, 'ESLint returned no result');
  return result.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

const KYSELY = "import { sql } from 'kysely';\nexport const q = sql`SELECT 1`;\n";

test('the layer rule refuses kysely in src/domain', async () => {
  const messages = await layerMessages(KYSELY, 'src/domain/x.ts');
  assert.equal(messages.length, 1);
  assert.match(messages[0] ?? '', new RegExp(LAYER.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
});

test('the same import is fine outside src/domain', async () => {
  assert.deepEqual(await layerMessages(KYSELY, 'src/http/x.ts'), []);
});

test('the layer rule covers HTTP, I/O, sub-paths, type imports and relative paths into other layers', async () => {
  const forbidden = [
    "import { Hono } from 'hono';",
    "import { html } from 'hono/html';",
    "import { serve } from '@hono/node-server';",
    "import { PGlite } from '@electric-sql/pglite';",
    "import pg from 'pg';",
    "import pino from 'pino';",
    "import { readFile } from 'node:fs/promises';",
    "import { readFileSync } from 'fs';",
    "import { createServer } from 'node:http';",
    "import type { Kysely } from 'kysely';",
    "import { db } from '../db/index.ts';",
    "import { routes } from '../../http/routes.ts';",
    "import { run } from '../../usecases/run.ts';",
    "export { main } from '../cli/main.ts';",
  ];
  for (const line of forbidden) {
    const messages = await layerMessages(`${line}\n`, 'src/domain/deadlines/x.ts');
    assert.equal(messages.length, 1, `expected the layer rule to fire on: ${line}`);
  }
  const allowed = [
    "import { addDays } from './calendar.ts';",
    "import type { Term } from '../deadlines/types.ts';",
    "import { randomUUID } from 'node:crypto';",
    "import { z } from 'zod';",
  ];
  for (const line of allowed) {
    assert.deepEqual(await layerMessages(`${line}\n`, 'src/domain/deadlines/x.ts'), [], `should be allowed: ${line}`);
  }
});
