import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { freePort } from '../support/pg-server.ts';
import { runCli } from '../support/cli.ts';
import { logIn, startServerProcess, type ServerProcess } from '../support/process.ts';

/**
 * `klachtwijs backup` and `klachtwijs restore` on the embedded database, as an administrator runs them. The commands
 * run in this process (test/support/cli.ts); the server they must not touch is a `klachtwijs serve` process of its own.
 */

const sha256 = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');
const mode = (file: string) => statSync(file).mode & 0o777;
const PASSWORD = 'een heel goed wachtwoord';

describe('klachtwijs backup and restore', () => {
  const root = mkdtempSync(path.join(tmpdir(), 'kw-backup-'));
  const source = { KLACHTWIJS_DATA_DIR: path.join(root, 'data'), KLACHTWIJS_DEMO: 'false' };
  const restored = { KLACHTWIJS_DATA_DIR: path.join(root, 'restored'), KLACHTWIJS_DEMO: 'false' };
  const backups = path.join(root, 'backups');
  const backupFile = path.join(backups, 'klachtwijs.tar.gz');
  let server: ServerProcess | undefined;
  let token = '';

  after(async () => {
    await server?.stop();
    rmSync(root, { recursive: true, force: true });
  });

  it('backs up an embedded database to a 0600 file and prints its size and SHA-256', async () => {
    mkdirSync(backups);
    assert.equal((await runCli(['orgs', 'create', '--slug', 'zorg-noord', '--name', 'Zorg Noord'], source)).code, 0);
    const user = await runCli(['users', 'create', '--org', 'zorg-noord', '--email', 'kf@zorg-noord.nl', '--role', 'coordinator', '--password', PASSWORD], source);
    assert.equal(user.code, 0, user.stderr);
    const tok = await runCli(['tokens', 'create', '--org', 'zorg-noord', '--email', 'kf@zorg-noord.nl'], source);
    assert.equal(tok.code, 0, tok.stderr);
    token = tok.stdout.trim();

    const started = performance.now();
    const res = await runCli(['backup', '--out', backupFile], source);
    console.log(`# backup: ${Math.round(performance.now() - started)} ms`);
    assert.equal(res.code, 0, res.stderr);
    assert.equal(mode(backupFile), 0o600);
    assert.match(res.stdout, new RegExp(`SHA-256:\\s+${sha256(backupFile)}`));
    assert.match(res.stdout, new RegExp(`\\(${statSync(backupFile).size} bytes\\)`));
    assert.match(res.stdout, /organisaties: 1/);
    assert.deepEqual(readdirSync(backups), ['klachtwijs.tar.gz'], 'no temporary file left behind');
    assert.deepEqual([...readFileSync(backupFile).subarray(0, 2)], [0x1f, 0x8b], 'gzip');
  });

  it('does not overwrite an existing file unless --force, and --force leaves a 0600 file', async () => {
    const before = sha256(backupFile);
    const again = await runCli(['backup', '--out', backupFile], source);
    assert.equal(again.code, 1);
    assert.match(again.stderr, /bestaat al.*--force/);
    assert.equal(sha256(backupFile), before);

    chmodSync(backupFile, 0o644);
    const forced = await runCli(['backup', '--out', backupFile, '--force'], source);
    assert.equal(forced.code, 0, forced.stderr);
    assert.equal(mode(backupFile), 0o600);
    assert.deepEqual(readdirSync(backups), ['klachtwijs.tar.gz']);
  });

  it('restores into an empty folder, and the server runs on it with the same organisation, user and token', async () => {
    const started = performance.now();
    const res = await runCli(['restore', '--from', backupFile], restored);
    console.log(`# restore: ${Math.round(performance.now() - started)} ms`);
    assert.equal(res.code, 0, res.stderr);
    assert.match(res.stdout, /organisaties: 1/);
    assert.ok(!existsSync(path.join(restored.KLACHTWIJS_DATA_DIR, 'klachtwijs.lock')), 'the lock file of the backup does not come along');

    server = await startServerProcess({ ...restored, PORT: String(await freePort()) });
    assert.equal((await fetch(`${server.url}/health`)).status, 200);
    assert.equal(await logIn(server.url, 'kf@zorg-noord.nl', PASSWORD), 303);
    assert.equal(await logIn(server.url, 'kf@zorg-noord.nl', 'een fout wachtwoord!'), 401);
    const org = await fetch(`${server.url}/api/v1/organisation`, { headers: { authorization: `Bearer ${token}` } });
    assert.equal(org.status, 200);
    assert.match(await org.text(), /zorg-noord/);
  });

  it('refuses a backup and a restore while a server runs on the folder, and says to stop it', async () => {
    assert.ok(server);
    const out = path.join(backups, 'tijdens-server.tar.gz');
    const backup = await runCli(['backup', '--out', out], restored);
    assert.equal(backup.code, 1);
    assert.match(backup.stderr, /Kan geen backup maken: de datamap .* is in gebruik .*Stop de server/s);
    assert.ok(!existsSync(out));
    assert.deepEqual(readdirSync(backups), ['klachtwijs.tar.gz']);

    const restore = await runCli(['restore', '--from', backupFile, '--force'], restored);
    assert.equal(restore.code, 1);
    assert.match(restore.stderr, /Stop de server/);
    assert.deepEqual(readdirSync(root).filter((n) => n.startsWith('restored.')), [], 'nothing moved aside');
    assert.equal((await fetch(`${server.url}/health`)).status, 200);

    await server.stop();
    server = undefined;
    const user = await runCli(['users', 'create', '--org', 'zorg-noord', '--email', 'nieuw@zorg-noord.nl', '--role', 'handler', '--password', PASSWORD], restored);
    assert.equal(user.code, 0, user.stderr);
  });

  it('refuses a non-empty folder without --force; with --force moves it aside instead of deleting it', async () => {
    const refused = await runCli(['restore', '--from', backupFile], restored);
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /is niet leeg.*--force/s);

    const forced = await runCli(['restore', '--from', backupFile, '--force'], restored);
    assert.equal(forced.code, 0, forced.stderr);
    const aside = readdirSync(root).filter((n) => n.startsWith('restored.before-restore-'));
    assert.equal(aside.length, 1, readdirSync(root).join(', '));
    assert.match(forced.stdout, new RegExp(`vorige datamap staat nu in .*${aside[0]}`));
    assert.ok(existsSync(path.join(root, aside[0]!, 'PG_VERSION')), 'the old database is kept');
    assert.ok(!existsSync(path.join(root, aside[0]!, 'klachtwijs.lock')));
    assert.equal(mode(path.join(root, aside[0]!)), 0o700, 'the old folder holds personal data too');
    assert.equal(mode(restored.KLACHTWIJS_DATA_DIR), 0o700);
    assert.deepEqual(readdirSync(root).filter((n) => n.includes('.restoring-')), [], 'no staging folder left');

    // The restored folder is the backup again: the user made after the backup is not there, so creating it works.
    const user = await runCli(['users', 'create', '--org', 'zorg-noord', '--email', 'nieuw@zorg-noord.nl', '--role', 'handler', '--password', PASSWORD], restored);
    assert.equal(user.code, 0, user.stderr);
  });

  it('refuses a file that is not a backup and leaves no folder behind', async () => {
    const bogus = path.join(backups, 'geen-backup.tar.gz');
    writeFileSync(bogus, 'dit is geen backup');
    const target = { KLACHTWIJS_DATA_DIR: path.join(root, 'leeg'), KLACHTWIJS_DEMO: 'false' };
    const res = await runCli(['restore', '--from', bogus], target);
    assert.equal(res.code, 1);
    assert.match(res.stderr, /geen backup van Klachtwijs/);
    assert.ok(!existsSync(target.KLACHTWIJS_DATA_DIR));

    const missing = await runCli(['restore', '--from', path.join(backups, 'bestaat-niet.tar.gz')], target);
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /bestaat niet/);

    const noDb = await runCli(['backup', '--out', path.join(backups, 'leeg.tar.gz')], target);
    assert.equal(noDb.code, 1);
    assert.match(noDb.stderr, /Geen ingebouwde database gevonden/);
  });

  it('refuses both commands with DATABASE_URL set and points to pg_dump and pg_restore', async () => {
    const env = { DATABASE_URL: 'postgres://klachtwijs@127.0.0.1:1/klachtwijs' };
    const backup = await runCli(['backup', '--out', path.join(backups, 'pg.tar.gz')], env);
    assert.equal(backup.code, 1);
    assert.match(backup.stderr, /DATABASE_URL.*pg_dump/s);
    const restore = await runCli(['restore', '--from', backupFile], env);
    assert.equal(restore.code, 1);
    assert.match(restore.stderr, /DATABASE_URL.*pg_restore/s);
  });
});
