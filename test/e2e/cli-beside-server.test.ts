import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { freePort } from '../support/pg-server.ts';
import { runCli } from '../support/cli.ts';
import { logIn, runCli as runCliProcess, startServerProcess, type RunResult, type ServerProcess } from '../support/process.ts';

/** Generous on a busy machine (a `klachtwijs` process starts Node, tsx and every import). */
const SLOW = 120_000;

const shownPassword = (stdout: string) => /één keer getoond[^:]*: ([a-z2-9-]{23})$/m.exec(stdout)?.[1];

/**
 * The command line while `klachtwijs serve` holds the embedded database (ADR 0008): the commands reach the
 * running server over the socket in the data folder, with the same output and exit codes as without it.
 */
describe('klachtwijs commands while the server runs', () => {
  const root = mkdtempSync(path.join(tmpdir(), 'kw-beside-'));
  let env: Record<string, string>;
  let server: ServerProcess | undefined;
  /** The same command lines, run beside the server and later without it. */
  const compare: { args: string[]; beside: RunResult }[] = [];
  /**
   * Most commands run in this test process (test/support/cli.ts): they still go over the socket to the server
   * process, as a `klachtwijs` process would. The first test and `serve` use a `klachtwijs` process of their own.
   */
  const run = (args: string[], cwd?: string) => runCli(args, env, SLOW, cwd);
  const runProcess = (args: string[]) => runCliProcess(args, env, SLOW);

  before(async () => {
    const port = await freePort();
    env = { KLACHTWIJS_DATA_DIR: path.join(root, 'data'), KLACHTWIJS_DEMO: 'false', KLACHTWIJS_BASE_URL: `http://127.0.0.1:${port}` };
    // Started outside the repository, as `npx klachtwijs serve` may be: pages (JSX) still render.
    server = await startServerProcess({ ...env, PORT: String(port), LOG_LEVEL: 'info' }, SLOW, root);
  });
  after(async () => {
    await server?.stop();
    rmSync(root, { recursive: true, force: true });
  });

  it('orgs create makes the organisation and its first admin, prints the password once and the next steps', async () => {
    const short = await runProcess(['orgs', 'create', '--slug', 'zorg-noord', '--name', 'Zorg Noord', '--admin-email', 'beheer@zorg-noord.nl', '--admin-password', 'kort']);
    assert.equal(short.code, 1);
    assert.match(short.stderr, /admin-password: Het wachtwoord moet minstens 12 tekens lang zijn/);
    // …and nothing half-made stays behind: the same slug can be created next.
    const res = await runProcess(['orgs', 'create', '--slug', 'zorg-noord', '--name', 'Zorg Noord', '--regulation', 'conneqt', '--admin-email', 'beheer@zorg-noord.nl', '--admin-name', 'Bea Beheer']);
    assert.equal(res.code, 0, res.stderr);
    assert.match(res.stdout, /Organisatie "Zorg Noord" \(zorg-noord\) aangemaakt\./);
    assert.match(res.stdout, /Beheerder beheer@zorg-noord\.nl aangemaakt/);
    assert.match(res.stdout, /Volgende stappen:/);
    assert.match(res.stdout, /klachtwijs units create --org zorg-noord/);
    assert.match(res.stdout, /nog niemand heeft: complaints_officer/);
    assert.match(res.stdout, /klachtwijs roles bind --org zorg-noord --role complaints_officer/);
    assert.ok(res.stdout.includes(`klachtenformulier       ${env['KLACHTWIJS_BASE_URL']}/zorg-noord/klacht`), res.stdout);
    assert.ok(res.stdout.includes(`${env['KLACHTWIJS_BASE_URL']}/zorg-noord/klachtenregeling`));
    assert.ok(res.stdout.includes(`${env['KLACHTWIJS_BASE_URL']}/api/v1/`));
    const password = shownPassword(res.stdout);
    assert.ok(password, res.stdout);
    assert.equal(await logIn(server!.url, 'beheer@zorg-noord.nl', password), 303, 'the admin logs in with the password shown');
    assert.ok(!server!.output().includes(password), 'the password is not in the server log');
  });

  it('units create and list: a tree with the kinds; a wrong kind or parent is refused in Dutch', async () => {
    assert.equal((await run(['units', 'create', '--org', 'zorg-noord', '--slug', 'wonen', '--name', 'Wonen Noord', '--kind', 'werkmaatschappij'])).code, 0);
    const child = await run(['units', 'create', '--org', 'zorg-noord', '--slug', 'wijkteam', '--name', 'Wijkteam Oost', '--kind', 'team', '--parent', 'wonen']);
    assert.equal(child.code, 0, child.stderr);
    assert.match(child.stdout, /Eenheid "Wijkteam Oost" \(wijkteam, team\) aangemaakt in zorg-noord, onder Wonen Noord\./);
    const list = await run(['units', 'list', '--org', 'zorg-noord']);
    assert.equal(list.code, 0, list.stderr);
    assert.match(list.stdout, /^ {2}Wonen Noord {2}\[werkmaatschappij\] {2}wonen$/m);
    assert.match(list.stdout, /^ {4}Wijkteam Oost {2}\[team\] {2}wijkteam$/m);
    compare.push({ args: ['units', 'list', '--org', 'zorg-noord'], beside: list });
    const badParent = await run(['units', 'create', '--org', 'zorg-noord', '--slug', 'x', '--name', 'X Y', '--parent', 'bestaat-niet']);
    assert.equal(badParent.code, 1);
    assert.match(badParent.stderr, /Eenheid "bestaat-niet" bestaat niet/);
  });

  it('users create without --password shows a generated one once; a bad role names the valid values', async () => {
    const res = await run(['users', 'create', '--org', 'zorg-noord', '--email', 'henk@zorg-noord.nl', '--role', 'handler', '--unit', 'wijkteam']);
    assert.equal(res.code, 0, res.stderr);
    assert.match(res.stdout, /Gebruiker henk@zorg-noord\.nl aangemaakt in zorg-noord met rol handler \(Wijkteam Oost\)\./);
    const password = shownPassword(res.stdout);
    assert.ok(password, res.stdout);
    assert.equal(await logIn(server!.url, 'henk@zorg-noord.nl', password), 303);

    const badKey = await run(['roles', 'bind', '--org', 'zorg-noord', '--role', 'ceo', '--email', 'henk@zorg-noord.nl']);
    assert.equal(badKey.code, 1);
    assert.match(badKey.stderr, /role: Kies een rol uit de klachtenregeling: complaints_officer \(/);

    const token = await run(['tokens', 'create', '--org', 'zorg-noord', '--email', 'henk@zorg-noord.nl']);
    assert.equal(token.code, 0, token.stderr);
    const me = await fetch(`${server!.url}/api/v1/me`, { headers: { authorization: `Bearer ${token.stdout.trim()}` } });
    assert.equal(me.status, 200);

    for (const args of [
      ['users', 'create', '--org', 'zorg-noord', '--email', 'x@zorg-noord.nl', '--role', 'koning', '--password', 'een geheim wachtwoord'],
      ['users', 'create', '--org', 'zorg-noord'],
      ['orgs', 'create', '--slug', 'zorg-noord', '--name', 'Nog eens'],
    ]) compare.push({ args, beside: await run(args) });
    const [badRole, missing, duplicate] = compare.slice(1).map((c) => c.beside);
    assert.equal(badRole!.code, 1);
    assert.match(badRole!.stderr, /Onbekende rol "koning"\.\n {2}role: Kies een rol uit: admin \(Beheerder\), coordinator \(Klachtenfunctionaris\), handler \(Klachtbehandelaar\), intake \(Medewerker klachtenregistratie\), board \(Bestuur \/ directie\)\./);
    assert.equal(missing!.code, 2);
    assert.match(missing!.stderr, /^Fout: de optie '--email <email>' ontbreekt; die is verplicht\./);
    assert.equal(duplicate!.code, 1);
    assert.match(duplicate!.stderr, /al een organisatie/);
    assert.ok(!server!.output().includes('een geheim wachtwoord'), 'argv is never logged');
  });

  it('reads a regulation file relative to the folder the command was typed in; serve and migrate say what they do', async () => {
    const show = await run(['regulations', 'show', 'hss', '--json']);
    assert.equal(show.code, 0, show.stderr);
    const work = mkdtempSync(path.join(root, 'work-'));
    writeFileSync(path.join(work, 'regeling.json'), show.stdout);
    const activated = await run(['regulations', 'activate', '--org', 'zorg-noord', '--regulation', './regeling.json', '--unit', 'wonen'], work);
    assert.equal(activated.code, 0, activated.stderr);
    assert.match(activated.stdout, /geactiveerd voor Zorg Noord \(Wonen Noord\): versie 1/);

    const migrate = await run(['migrate']);
    assert.equal(migrate.code, 0, migrate.stderr);
    assert.match(migrate.stdout, /al bijgewerkt/);
    const serve = await runCliProcess(['serve'], { ...env, PORT: String(await freePort()) }, SLOW);
    assert.equal(serve.code, 1);
    assert.match(serve.stderr, /is al in gebruik door een ander Klachtwijs-proces/);
    assert.equal((await fetch(`${server!.url}/health`)).status, 200, 'the server still runs');
  });

  it('gives the same output and exit codes without the server', async () => {
    await server!.stop();
    server = undefined;
    for (const { args, beside } of compare) {
      const direct = await run(args);
      assert.deepEqual({ code: direct.code, stdout: direct.stdout, stderr: direct.stderr }, { code: beside.code, stdout: beside.stdout, stderr: beside.stderr }, args.join(' '));
    }
  });
});
