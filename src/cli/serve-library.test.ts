// test-isolation: process
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { loadConfig } from '../config.ts';
import type { CliContext } from './context.ts';
import { runProgram } from './program.ts';

/**
 * The server reads and checks the voorbeeld- en modelregelingen before anything else: a broken file (here one
 * in KLACHTWIJS_REGULATIONS_DIR, the organisation's own models) stops `klachtwijs serve` with a Dutch message
 * naming the file and the field, before the database is opened. This file runs in its own process (the marker
 * on its first line: npm test runs it apart from the shards), so the library is first read here, with this folder.
 */
const tmp = mkdtempSync(path.join(tmpdir(), 'kw-serve-library-'));
after(() => rmSync(tmp, { recursive: true, force: true }));
const own = path.join(tmp, 'eigen-modellen');
mkdirSync(own);
writeFileSync(path.join(own, 'eigen.yaml'), 'format: klachtwijs/regulation@1\nmodel:\n  title: Eigen\n');
process.env.KLACHTWIJS_REGULATIONS_DIR = own;

describe('klachtwijs serve with a broken model file', () => {
  it('refuses to start, names the file and every field at fault, and opens no database', async () => {
    const dataDir = path.join(tmp, 'data');
    const c = { out: '', err: '' };
    const ctx: CliContext = {
      io: { stdout: (s) => void (c.out += s), stderr: (s) => void (c.err += s) },
      cwd: tmp,
      config: () => loadConfig({ KLACHTWIJS_DATA_DIR: dataDir, KLACHTWIJS_DEMO: 'false' }),
      withDatabase: () => Promise.reject(new Error('no database in this test')),
      server: null,
      exitCode: 0,
    };
    assert.equal(await runProgram(['serve'], ctx), 1);
    assert.match(c.err, /^De voorbeeld- en modelregelingen kunnen niet worden gelezen: één bestand klopt niet\.\n/);
    assert.ok(c.err.includes(`  ${path.join(own, 'eigen.yaml')}:\n`), c.err);
    assert.match(c.err, /\n {4}- model\.description: ontbreekt\n/);
    assert.match(c.err, /\n {4}- deadlines: ontbreekt\n/);
    assert.match(c.err, /Herstel het bestand en start opnieuw/);
    assert.equal(c.out, '');
    assert.equal(existsSync(dataDir), false, 'the database was not opened');
  });
});
