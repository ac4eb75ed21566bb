import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadConfig } from '../config.ts';
import type { CliContext } from './context.ts';
import { generatePassword } from './context.ts';
import { dutchCommanderMessage, runProgram } from './program.ts';

/** A context without a database: these commands are refused before they would open one. */
function context() {
  const c = { out: '', err: '' };
  const ctx: CliContext = {
    io: { stdout: (s) => void (c.out += s), stderr: (s) => void (c.err += s) },
    cwd: process.cwd(),
    config: () => loadConfig({}),
    withDatabase: () => Promise.reject(new Error('no database in this test')),
    server: null,
    exitCode: 0,
  };
  return { ctx, c };
}

describe('klachtwijs command line (in process)', () => {
  it('says what commander refuses in Dutch, with exit code 2', async () => {
    for (const [argv, message] of [
      [['userz'], /^Fout: onbekend commando 'userz'\. Bedoelt u users\?/],
      [['users', 'create', '--org', 'x', '--emial', 'a@b.nl', '--email', 'a@b.nl', '--role', 'admin'], /^Fout: onbekende optie '--emial'\. Bedoelt u --email\?/],
      [['units', 'create', '--org', 'x', '--name', 'Team'], /^Fout: de optie '--slug <slug>' ontbreekt; die is verplicht\./],
      [['units', 'list', '--org'], /^Fout: bij de optie '--org <slug>' ontbreekt de waarde\./],
      [['regulations', 'show'], /^Fout: het argument 'preset-or-file' ontbreekt\./],
    ] as const) {
      const { ctx, c } = context();
      assert.equal(await runProgram(argv, ctx), 2, argv.join(' '));
      assert.match(c.err, message);
      assert.doesNotMatch(c.err, /error:|unknown|required/, 'no English left');
    }
  });

  it('names the valid values of a role and a unit kind, with exit code 1', async () => {
    const role = context();
    assert.equal(await runProgram(['users', 'create', '--org', 'x', '--email', 'a@b.nl', '--role', 'koning'], role.ctx), 1);
    assert.match(role.c.err, /role: Kies een rol uit: admin \(Beheerder\), coordinator \(Klachtenfunctionaris\), handler \(Klachtbehandelaar\), intake \(Medewerker klachtenregistratie\), board \(Bestuur \/ directie\)\./);
    const kind = context();
    assert.equal(await runProgram(['units', 'create', '--org', 'x', '--slug', 'a', '--name', 'Afd', '--kind', 'divisie'], kind.ctx), 1);
    assert.match(kind.c.err, /kind: Kies een soort uit: werkmaatschappij, afdeling, team\./);
  });

  it('runs a pure command with the given output and cwd, and keeps its own exit code', async () => {
    const { ctx, c } = context();
    assert.equal(await runProgram(['regulations', 'check', 'bestaat-niet.yaml'], { ...ctx, cwd: '/' }), 1);
    assert.match(c.err, /"bestaat-niet\.yaml" is geen preset en geen bestand\. Kies een preset \(.*stadsring51/);
    assert.equal(dutchCommanderMessage("error: something new"), 'Fout: something new');
  });

  it('generates strong passwords that differ', () => {
    const a = generatePassword();
    assert.match(a, /^[a-z2-9]{5}(-[a-z2-9]{5}){3}$/);
    assert.notEqual(a, generatePassword());
  });
});
