import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { freePort } from '../support/pg-server.ts';
import { runCli } from '../support/cli.ts';
import { runCli as runCliProcess, startServerProcess, type ServerProcess } from '../support/process.ts';

/** The product as a new user meets it: the `klachtwijs` command and `serve` on the embedded database. */
describe('klachtwijs command and server process', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'kw-e2e-'));
  const env = { KLACHTWIJS_DATA_DIR: path.join(dir, 'data') };
  let server: ServerProcess;
  let port: number;

  before(async () => {
    port = await freePort();
    server = await startServerProcess({ ...env, PORT: String(port) });
    console.log(`# serve: first page after ${server.startupMs} ms`);
  });
  after(async () => {
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('serves /health and writes the demo log-ins to a file only its user reads, never to stdout (issue 11)', async () => {
    const res = await fetch(`${server.url}/health`);
    assert.equal(res.status, 200);
    assert.deepEqual(await res.json(), { status: 'ok' });
    const file = path.join(env.KLACHTWIJS_DATA_DIR, 'demo-inloggegevens.txt');
    assert.ok(server.output().includes(file), 'the console names the file');
    assert.equal(statSync(file).mode & 0o777, 0o600);
    const logins = readFileSync(file, 'utf8');
    const passwords = [...logins.matchAll(/\s(demo-[\w-]{8,})$/gm)].map((m) => m[1]!);
    assert.equal(passwords.length, 5);
    for (const p of passwords) assert.ok(!server.output().includes(p), 'no password on the console');
    assert.match(logins, /klachtenfunctionaris@demo\.klachtwijs\.nl\s+demo-/);
    for (const who of ['medewerker', 'behandelaar', 'bestuur']) assert.match(logins, new RegExp(`${who}@demo\\.klachtwijs\\.nl`));
  });

  it('refuses a second server on the same data folder at once, with a clear message', async () => {
    const started = performance.now();
    const second = await runCliProcess(['serve'], { ...env, PORT: String(await freePort()) });
    assert.equal(second.code, 1);
    assert.match(second.stderr, /datamap .* is al in gebruik door een ander Klachtwijs-proces/);
    assert.ok(performance.now() - started < 15_000, 'fails fast');
  });

  it('stops on an invalid PORT with a message that names it', async () => {
    const res = await runCli(['serve'], { KLACHTWIJS_DATA_DIR: path.join(dir, 'other'), PORT: 'drieduizend' });
    assert.equal(res.code, 1);
    assert.match(res.stderr, /PORT: moet een poortnummer zijn/);
  });
});

describe('klachtwijs orgs/users/tokens', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'kw-cli-'));
  const env = { KLACHTWIJS_DATA_DIR: dir, KLACHTWIJS_DEMO: 'false' };
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('creates an organisation, a user and a token, and refuses bad input with non-zero exit', async () => {
    const org = await runCli(['orgs', 'create', '--slug', 'zorg-noord', '--name', 'Zorg Noord'], env);
    assert.equal(org.code, 0, org.stderr);
    assert.match(org.stdout, /Zorg Noord/);

    const dup = await runCli(['orgs', 'create', '--slug', 'zorg-noord', '--name', 'Nog eens'], env);
    assert.equal(dup.code, 1);
    assert.match(dup.stderr, /al een organisatie/);

    const badSlug = await runCli(['orgs', 'create', '--slug', 'Zorg Noord!', '--name', 'X Y'], env);
    assert.equal(badSlug.code, 1);
    assert.match(badSlug.stderr, /slug: Gebruik alleen kleine letters/);

    const user = await runCli(['users', 'create', '--org', 'zorg-noord', '--email', 'kf@zorg-noord.nl', '--role', 'coordinator', '--password', 'een heel goed wachtwoord'], env);
    assert.equal(user.code, 0, user.stderr);

    const badRole = await runCli(['users', 'create', '--org', 'zorg-noord', '--email', 'x@zorg-noord.nl', '--role', 'koning', '--password', 'een heel goed wachtwoord'], env);
    assert.equal(badRole.code, 1);
    assert.match(badRole.stderr, /role: Kies een rol/);

    const noOrg = await runCli(['users', 'create', '--org', 'bestaat-niet', '--email', 'x@y.nl', '--role', 'handler', '--password', 'een heel goed wachtwoord'], env);
    assert.equal(noOrg.code, 1);
    assert.match(noOrg.stderr, /Organisatie "bestaat-niet" bestaat niet/);

    const token = await runCli(['tokens', 'create', '--org', 'zorg-noord', '--email', 'kf@zorg-noord.nl'], env);
    assert.equal(token.code, 0, token.stderr);
    assert.match(token.stdout.trim(), /^kw_[\w-]{43}$/);

    const missing = await runCli(['users', 'create', '--org', 'zorg-noord'], env);
    assert.notEqual(missing.code, 0);
  });

  it('klachtwijs refold rebuilds the cached columns and says how many changed; an unknown organisation is refused', async () => {
    const all = await runCli(['refold'], env);
    assert.equal(all.code, 0, all.stderr);
    assert.match(all.stdout, /^0 klachten opnieuw berekend; 0 klachten gewijzigd\./);
    const one = await runCli(['refold', '--org', 'zorg-noord'], env);
    assert.equal(one.code, 0, one.stderr);
    assert.match(one.stdout, /opnieuw berekend in zorg-noord/);
    const unknown = await runCli(['refold', '--org', 'bestaat-niet'], env);
    assert.notEqual(unknown.code, 0);
    assert.match(unknown.stderr, /bestaat niet/);
  });
});
