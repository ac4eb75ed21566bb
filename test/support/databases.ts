import { after, before, describe } from 'node:test';
import { openDatabase, type Database } from '../../src/db/database.ts';
import { migrateToLatest } from '../../src/db/migrate.ts';
import { acquirePostgresServer, createDatabase, type PostgresServer, type TestDatabase } from './pg-server.ts';
import { openTestPglite, postgresTemplate } from './templates.ts';

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

export function forEachDatabase(name: string, body: (ctx: SuiteContext) => void): void {
  for (const kind of ['pglite', 'postgres'] as const) {
    describe(`${name} [${kind}]`, () => {
      const ctx = { kind, url: undefined } as SuiteContext;
      let server: PostgresServer | undefined;
      let testDb: TestDatabase | undefined;
      before(async () => {
        if (kind === 'pglite') {
          ctx.database = await openTestPglite();
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
      });
      body(ctx);
    });
  }
}
