import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { runCli } from './run.ts';

/** `runCli`, the whole command line in-process (issue 13): environment, folder and output come from the caller. */
describe('runCli (the command line in-process)', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'kw-runcli-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  function call(argv: string[], env: NodeJS.ProcessEnv, cwd = dir) {
    const c = { out: '', err: '' };
    return runCli(argv, { env, cwd, io: { stdout: (s) => void (c.out += s), stderr: (s) => void (c.err += s) } }).then((code) => ({ code, ...c }));
  }

  it('writes help to the given stdout and returns 0, without exiting the process', async () => {
    const res = await call(['--help'], {});
    assert.equal(res.code, 0);
    assert.match(res.out, /^Usage: klachtwijs/);
    assert.equal(res.err, '');
    assert.equal(process.exitCode ?? 0, 0, 'the process exit code is untouched');
  });

  it('returns 2 with a Dutch message on the given stderr for an unknown command', async () => {
    const res = await call(['userz'], {});
    assert.equal(res.code, 2);
    assert.match(res.err, /^Fout: onbekend commando 'userz'/);
  });

  it('reads the configuration from the given environment, not from process.env', async () => {
    const dataDir = path.join(dir, 'data');
    const res = await call(['serve'], { KLACHTWIJS_DATA_DIR: dataDir, PORT: 'drieduizend' });
    assert.equal(res.code, 1);
    assert.match(res.err, /PORT: moet een poortnummer zijn/);
    assert.ok(!existsSync(dataDir), 'nothing started, no data folder made');
  });

  it('takes relative file names from the given folder', async () => {
    const env = { KLACHTWIJS_DATA_DIR: path.join(dir, 'never') };
    const shown = await call(['regulations', 'show', 'hss', '--json'], env);
    assert.equal(shown.code, 0, shown.err);
    writeFileSync(path.join(dir, 'regeling.json'), shown.out);
    const here = await call(['regulations', 'check', './regeling.json'], env, dir);
    assert.equal(here.code, 0, here.err);
    const elsewhere = await call(['regulations', 'check', './regeling.json'], env, tmpdir());
    assert.equal(elsewhere.code, 1);
    assert.match(elsewhere.err, /"\.\/regeling\.json" is geen preset en geen bestand/);
    assert.ok(!existsSync(path.join(dir, 'never')), 'show and check open no database');
  });
});
