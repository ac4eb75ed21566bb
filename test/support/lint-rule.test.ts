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

test('src/domain may import the pure files of src/shared only; every file there is on one side (session 15)', async () => {
  const { readdirSync, readFileSync } = await import('node:fs');
  const config = '../../eslint.config.js'; // plain JS, no types: imported by a name tsc does not resolve
  const { SHARED_PURE } = (await import(config)) as { SHARED_PURE: string[] };
  const files = readdirSync(`${root}src/shared`).filter((f) => /\.tsx?$/.test(f) && !/\.test\.tsx?$/.test(f));
  for (const f of SHARED_PURE) assert.ok(files.includes(f), `${f} is on the pure list but not in src/shared`);
  for (const f of files) {
    for (const line of [`import * as m from '../../shared/${f}';\n`, `export * from '../../shared/${f}';\n`, `import type { X } from 'src/shared/${f}';\n`]) {
      const messages = await layerMessages(line, 'src/domain/regulation/x.ts');
      assert.equal(messages.length, SHARED_PURE.includes(f) ? 0 : 1, `${line.trim()}: ${messages.join('; ')}`);
    }
  }
  // Those that do I/O or keep process state are refused by name (the list above may grow, these never join it).
  for (const f of ['logger.ts', 'pdf.ts', 'package-cache.ts', 'start-phases.ts', 'mailparser.ts']) assert.ok(!SHARED_PURE.includes(f), f);
  // The pure files themselves pass the domain's rule (linted as if they lived in src/domain).
  for (const f of SHARED_PURE) {
    assert.deepEqual(await layerMessages(readFileSync(`${root}src/shared/${f}`, 'utf8'), `src/domain/shared-check/${f}`), [], f);
  }
  // Outside src/domain every file of src/shared may be imported.
  assert.deepEqual(await layerMessages("import { logger } from '../shared/logger.ts';\n", 'src/usecases/x.ts'), []);
});

test('src/domain may not load a forbidden package at first use (atFirstUse) either', async () => {
  const [result] = await eslint.lintText("import { atFirstUse } from '../../shared/lazy.ts';\nexport const a = atFirstUse('kysely');\nexport const b = atFirstUse('node:fs');\nexport const c = atFirstUse('yaml');\n", { filePath: 'src/domain/regulation/x.ts' });
  assert.deepEqual(result!.messages.filter((m) => m.ruleId === 'no-restricted-syntax').map((m) => m.line), [2, 3]);
});
