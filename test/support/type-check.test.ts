import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

/**
 * The type-check `npm test` runs (scripts/test.ts: TypeScript 7 under the npm alias typescript7, one thread; ADR 0002,
 * session 15) reads the project's compiler options and fails on a type error, as tsc 5.9 did.
 */
const root = fileURLToPath(new URL('../..', import.meta.url));
const tsc = join(root, 'node_modules/typescript7/bin/tsc');

describe('the type-check of npm test (TypeScript 7)', () => {
  // Inside the repository (.tmp/, which git and eslint ignore), so that the project's tsconfig and node_modules (@types/node)
  // are found as for the real check.
  mkdirSync(join(root, '.tmp'), { recursive: true });
  const dir = mkdtempSync(join(root, '.tmp', 'type-check-'));
  after(() => rmSync(dir, { recursive: true, force: true }));
  writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({ extends: '../../tsconfig.json', include: ['*.ts'] }));
  const check = () => spawnSync(process.execPath, [tsc, '--noEmit', '--singleThreaded', '-p', join(dir, 'tsconfig.json')], { encoding: 'utf8' });

  it('is the one scripts/test.ts runs', () => {
    assert.match(readFileSync(join(root, 'scripts/test.ts'), 'utf8'), /'node_modules\/typescript7\/bin\/tsc'\), '--noEmit', '--singleThreaded'/);
  });

  it('passes clean code and fails on type errors, noUncheckedIndexedAccess included', () => {
    writeFileSync(join(dir, 'a.ts'), "import { tmpdir } from 'node:os';\nexport const first = (a: string[]): string => a[0] ?? tmpdir();\n");
    const clean = check();
    assert.equal(clean.status, 0, clean.stdout + clean.stderr);
    writeFileSync(join(dir, 'a.ts'), "export const n: number = 'x';\nexport const first = (a: string[]): string => a[0];\n");
    const wrong = check();
    assert.notEqual(wrong.status, 0);
    assert.match(wrong.stdout, /a\.ts\(1,14\): error TS2322: Type 'string' is not assignable to type 'number'/);
    assert.match(wrong.stdout, /a\.ts\(2,47\): error TS2322: Type 'string \| undefined' is not assignable to type 'string'/);
  });
});
