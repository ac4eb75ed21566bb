import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { openDatabase } from '../../src/db/database.ts';
import { DataDirLockedError } from '../../src/db/lock.ts';
import { migrateToLatest } from '../../src/db/migrate.ts';
import { createUnit } from '../../src/usecases/units/units.ts';
import { forEachDatabase } from '../support/databases.ts';
import { makeOrganisation } from '../support/factories.ts';

forEachDatabase('database layer', (ctx) => {
  it('migrations are idempotent', async () => {
    assert.deepEqual(await migrateToLatest(ctx.database.db), []);
  });

  it('loses no write under 200 concurrent transactions', async () => {
    const { org } = await makeOrganisation(ctx.database.db);
    await Promise.all(
      Array.from({ length: 200 }, (_, i) => ctx.database.db.transaction().execute((tx) => createUnit(tx, org.id, { name: `Eenheid ${i}` }, null))),
    );
    const { n } = await ctx.database.db.selectFrom('units').select((eb) => eb.fn.countAll<number>().as('n')).where('organisation_id', '=', org.id).executeTakeFirstOrThrow();
    assert.equal(Number(n), 201);
  });
});

describe('embedded database folder lock', () => {
  it('refuses a second opener of the same data folder with a clear message, and frees it on close', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'kw-lock-'));
    try {
      const first = await openDatabase({ kind: 'pglite', dataDir: dir });
      assert.equal(statSync(dir).mode & 0o777, 0o700, 'only the owner may enter the data folder');
      await assert.rejects(openDatabase({ kind: 'pglite', dataDir: dir }), (err: unknown) => err instanceof DataDirLockedError && /al in gebruik/.test(err.message));
      await first.close();
      const again = await openDatabase({ kind: 'pglite', dataDir: dir });
      await again.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
