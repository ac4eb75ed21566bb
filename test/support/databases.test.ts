/**
 * forEachDatabase's suites are timed under the test file that declared them (issue 13): node --test names the helper's file
 * for them, and `npm test` shares the files out between its test processes by what each file took (scripts/test.ts).
 */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, test } from 'node:test';
import { forEachDatabase } from './databases.ts';

describe('forEachDatabase: the time of its suites', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kw-databases-test-'));
  const timings = join(dir, 'timings.jsonl');
  const saved = process.env['KLACHTWIJS_TEST_TIMINGS'];
  before(() => {
    process.env['KLACHTWIJS_TEST_TIMINGS'] = timings;
  });
  forEachDatabase('a suite declared through the helper', (ctx) => {
    test('has its database', () => assert.ok(ctx.database));
  });
  after(() => {
    if (saved === undefined) delete process.env['KLACHTWIJS_TEST_TIMINGS'];
    else process.env['KLACHTWIJS_TEST_TIMINGS'] = saved;
    try {
      assert.ok(existsSync(timings), 'the suites wrote their times');
      const lines = readFileSync(timings, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as { file: string; ms: number; end: number });
      assert.equal(lines.length, 2, 'one line per database');
      for (const line of lines) {
        assert.equal(line.file, fileURLToPath(import.meta.url), 'under this test file, not test/support/databases.ts');
        assert.ok(line.ms > 0 && line.end > 0);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
