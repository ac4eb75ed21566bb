import { appendFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { after, before, describe } from 'node:test';
import { openDatabase, type Database } from '../../src/db/database.ts';
import { migrateToLatest } from '../../src/db/migrate.ts';
import { acquirePostgresServer, createDatabase, type PostgresServer, type TestDatabase } from './pg-server.ts';
import { closeReusableTestPglite, postgresTemplate, reusableTestPglite } from './templates.ts';

/**
 * Runs the same suite on both databases the product supports: embedded PGlite (in memory) and a real
 * PostgreSQL server started by the tests (the one `npm test` started, or a private one). Each suite gets
 * a freshly migrated, empty database of its own: a copy of the migrated template (test/support/templates.ts), on which
 * `migrateToLatest` still runs (a no-op unless the template is stale).
 */
export type DatabaseKind = 'pglite' | 'postgres';

export interface SuiteContext {
  kind: DatabaseKind;
  /** Set in `before`: use it inside tests and hooks only. */
  database: Database;
  /** For server tests that need a URL (postgres only; undefined on pglite). */
  url: string | undefined;
}

/**
 * The test file that called `forEachDatabase`, from the call stack. node --test names the file where `describe` was called
 * (this one) for these suites, so `npm test` could not tell what each test file costs (issue 13: it shares the files out
 * between its test processes by those costs, scripts/test.ts).
 */
function callingTestFile(): string | undefined {
  for (const line of (new Error().stack ?? '').split('\n').slice(1)) {
    const at = /((?:file:\/\/)?\/[^\s():]+\.test\.tsx?):\d+:\d+/.exec(line)?.[1];
    if (at) return at.startsWith('file:') ? fileURLToPath(at) : at;
  }
  return undefined;
}

/** Appends a suite's time under the test file that declared it, as scripts/crash-reporter.ts does for the others. */
function recordSuiteTime(file: string | undefined, ms: number): void {
  const timings = process.env['KLACHTWIJS_TEST_TIMINGS'];
  if (!timings || !file) return;
  appendFileSync(timings, `${JSON.stringify({ file, ms, end: Date.now() })}\n`);
}

// The PGlite the suites reused (reusableTestPglite) is closed once every test of the process has run: at the root, when the
// test files share a process (npm test), and at the end of the file otherwise.
after(closeReusableTestPglite);

export function forEachDatabase(name: string, body: (ctx: SuiteContext) => void): void {
  const declaredIn = callingTestFile();
  for (const kind of ['pglite', 'postgres'] as const) {
    describe(`${name} [${kind}]`, () => {
      const ctx = { kind, url: undefined } as SuiteContext;
      let server: PostgresServer | undefined;
      let testDb: TestDatabase | undefined;
      let started = 0;
      before(async () => {
        started = performance.now();
        if (kind === 'pglite') {
          ctx.database = await reusableTestPglite();
        } else {
          server = await acquirePostgresServer();
          testDb = await createDatabase(server.url, { template: await postgresTemplate(server.url) });
          ctx.url = testDb.url;
          ctx.database = await openDatabase({ kind: 'postgres', url: testDb.url });
        }
        await migrateToLatest(ctx.database.db);
      });
      after(async () => {
        await ctx.database?.close();
        await testDb?.drop();
        await server?.stop();
        recordSuiteTime(declaredIn, performance.now() - started);
      });
      body(ctx);
    });
  }
}
