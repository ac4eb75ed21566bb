import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { runCli } from '../support/cli.ts';

/** Each command opens the database (in this process): generous on a busy machine. */
const SLOW = 300_000;

/** `klachtwijs roles bind / list` as an administrator runs them on the embedded database. */
describe('klachtwijs roles', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'kw-roles-cli-'));
  const env = { KLACHTWIJS_DATA_DIR: path.join(dir, 'data'), KLACHTWIJS_DEMO: 'false' };
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('binds a role of the active regulation to a user and lists it; an unknown role is refused in Dutch', async () => {
    const org = await runCli(['orgs', 'create', '--slug', 'goed-doel', '--name', 'Stichting Goed Doel', '--regulation', 'conneqt'], env, SLOW);
    assert.equal(org.code, 0, org.stderr);
    const user = await runCli(['users', 'create', '--org', 'goed-doel', '--email', 'kf@goeddoel.nl', '--role', 'coordinator', '--password', 'een lange wachtwoordzin'], env, SLOW);
    assert.equal(user.code, 0, user.stderr);
    const empty = await runCli(['roles', 'list', '--org', 'goed-doel'], env, SLOW);
    assert.equal(empty.code, 0, empty.stderr);
    assert.match(empty.stdout, /Nog niemand/);
    const bound = await runCli(['roles', 'bind', '--org', 'goed-doel', '--role', 'complaints_officer', '--email', 'kf@goeddoel.nl'], env, SLOW);
    assert.equal(bound.code, 0, bound.stderr);
    const list = await runCli(['roles', 'list', '--org', 'goed-doel'], env, SLOW);
    assert.match(list.stdout, /^complaints_officer\tkf@goeddoel\.nl\t\(hele organisatie\)$/m);
    const unknown = await runCli(['roles', 'bind', '--org', 'goed-doel', '--role', 'ceo', '--email', 'kf@goeddoel.nl'], env, SLOW);
    assert.notEqual(unknown.code, 0);
    assert.match(unknown.stderr, /Kies een rol uit de klachtenregeling/);
  });
});
