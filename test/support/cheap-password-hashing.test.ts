import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { glob, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { hashPassword } from '../../src/auth/password.ts';
import { TEST_PASSWORD_HASH_PARAMS } from './cheap-password-hashing.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));

async function sourceFiles(): Promise<string[]> {
  const files: string[] = [];
  for await (const file of glob('src/**/*.{ts,tsx}', { cwd: root })) files.push(file);
  assert.ok(files.length > 100, 'the source files were found');
  return files;
}

describe('the test-only cheap password hashing (test/support/cheap-password-hashing.ts)', () => {
  it('is in effect in this test process (scripts/test.ts loads it)', async () => {
    const { memory, passes, parallelism } = TEST_PASSWORD_HASH_PARAMS;
    assert.match(await hashPassword('een lang genoeg wachtwoord'), new RegExp(`^\\$argon2id\\$v=19\\$m=${memory},t=${passes},p=${parallelism}\\$`));
  });

  it('is set and loaded by nothing in src/: the product always hashes with PASSWORD_HASH_PARAMS', async () => {
    const offenders: string[] = [];
    for (const file of await sourceFiles()) {
      if (/\.test\.tsx?$/.test(file) || file === join('src', 'auth', 'password.ts')) continue;
      if (/setPasswordHashParamsForTests|cheap-password-hashing/.test(await readFile(join(root, file), 'utf8'))) offenders.push(file);
    }
    assert.deepEqual(offenders, []);
  });

  it('a process that did not load it (as the product) hashes at the product cost', async () => {
    const script = "const { hashPassword } = await import('./src/auth/password.ts'); process.stdout.write(await hashPassword('een lang genoeg wachtwoord'));";
    const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: root, env: { ...process.env, NODE_OPTIONS: '' } });
    assert.match(stdout, /^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
  });
});
