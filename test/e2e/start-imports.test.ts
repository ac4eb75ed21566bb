import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { freePort } from '../support/pg-server.ts';

/**
 * Issue 13: a start (and every `klachtwijs` command) imports the server and the command line, so the heavy libraries
 * that only make files or read e-mail are loaded at their first use, not at start. One Node process imports
 * src/server.ts and src/cli/program.ts and lists every package it resolved (module.registerHooks sees ESM and require).
 */
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const LAZY = [
  'exceljs',
  'echarts',
  'pdfkit',
  'svg-to-pdfkit',
  'mailparser',
  'imapflow',
  'nodemailer',
  '@zxcvbn-ts/core',
  '@zxcvbn-ts/language-common',
  'qrcode',
  // Single sign-on, two-factor, zip archives, letter templates, regulation files (YAML): loaded at first use too.
  'openid-client',
  'otplib',
  'yauzl',
  'liquidjs',
  'yaml',
];

const SCRIPT = `
import { registerHooks } from 'node:module';
const seen = new Set();
registerHooks({ resolve(specifier, context, next) { const r = next(specifier, context); const m = /node_modules\\/((?:@[^/]+\\/)?[^/]+)\\//.exec(r.url); if (m) seen.add(m[1]); return r; } });
await import(${JSON.stringify(new URL('src/server.ts', `file://${ROOT}`).href)});
await import(${JSON.stringify(new URL('src/cli/program.ts', `file://${ROOT}`).href)});
console.log(JSON.stringify([...seen].sort()));
`;

describe('what a start loads', () => {
  it('imports the server and the command line without the libraries for files, e-mail, password strength, QR codes, single sign-on, two-factor, archives, letter templates and YAML', () => {
    const res = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', SCRIPT], { cwd: ROOT, encoding: 'utf8', timeout: 300_000 });
    assert.equal(res.status, 0, res.stderr);
    const loaded = JSON.parse(res.stdout.trim().split('\n').at(-1)!) as string[];
    assert.ok(loaded.includes('hono') && loaded.includes('kysely'), `the hook sees packages: ${loaded.join(', ')}`);
    assert.deepEqual(LAZY.filter((p) => loaded.includes(p)), [], `loaded at start: ${loaded.join(', ')}`);
  });

  it('the precompiled bundle that `npm start` runs (bin/build.js) imports none of them at its top either', async () => {
    // @ts-expect-error plain JavaScript without types (the launcher's build step)
    const { freshBuild, INLINE } = (await import('../../bin/build.js')) as { freshBuild: () => Promise<string | null>; INLINE: string[] };
    const url = await freshBuild();
    assert.ok(url, 'the sources build with esbuild');
    const text = readFileSync(new URL(url), 'utf8');
    const statics = [...text.matchAll(/^import\s[^;]*?from\s*"([^"]+)";?$/gm)].map((m) => m[1]!.replace(/^((?:@[^/]+\/)?[^/]+).*$/, '$1'));
    assert.ok(statics.includes('hono') && statics.includes('pg'), `the bundle imports packages: ${[...new Set(statics)].join(', ')}`);
    assert.deepEqual(LAZY.filter((p) => statics.includes(p)), [], `imported at the top of the bundle: ${[...new Set(statics)].join(', ')}`);
    // kysely, zod and pg-boss are in the bundle itself (INLINE): no import of them is left, and the code is there.
    const imported = [...text.matchAll(/\bfrom\s*"([^"]+)"|\bimport\(\s*"([^"]+)"\s*\)/g)].map((m) => (m[1] ?? m[2])!.replace(/^((?:@[^/]+\/)?[^/]+).*$/, '$1'));
    assert.deepEqual(INLINE.filter((p) => imported.includes(p)), [], `imported by the bundle instead of bundled: ${[...new Set(imported)].join(', ')}`);
    const manifest = JSON.parse(readFileSync(new URL('klachtwijs.json', url), 'utf8')) as { inputs: Record<string, string> };
    const bundled = INLINE.filter((p) => Object.keys(manifest.inputs).some((f) => f.endsWith(`node_modules/${p}/package.json`)));
    assert.deepEqual(bundled, INLINE, `bundled packages in dist/klachtwijs.json: ${Object.keys(manifest.inputs).filter((f) => f.includes('node_modules')).join(', ')}`);
    // Files found relative to their source (the regulation library, the CSS) are found from the bundle as well.
    assert.doesNotMatch(text, /import\.meta\.url/);
  });

  /** Every resolve of node:http, node:http2 and node:https the launcher makes (bundle, packages, tsx), with how it was asked for. */
  const HTTP_HOOK = `data:text/javascript,${encodeURIComponent(`
    import { registerHooks } from 'node:module';
    registerHooks({ resolve(specifier, context, next) {
      if (/^(node:)?https?2?$/.test(specifier)) process.stderr.write('builtin ' + specifier + ' ' + (context.conditions.includes('require') ? 'require' : 'import') + ' ' + context.parentURL + '\\n');
      return next(specifier, context);
    } });`)}`;
  const builtinLines = (stderr: string) => stderr.split('\n').filter((l) => l.startsWith('builtin '));

  it('the launcher takes node:http, node:http2 and node:https by require, never as an ES module (its getters load undici: ~0.1 s a start)', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'kw-start-imports-'));
    try {
      const port = await freePort();
      const env: NodeJS.ProcessEnv = { ...process.env, KLACHTWIJS_DATA_DIR: path.join(dir, 'data'), PORT: String(port), LOG_LEVEL: 'warn' };
      delete env['DATABASE_URL'];
      const child = spawn(process.execPath, ['--import', HTTP_HOOK, 'bin/klachtwijs.js', 'serve'], {
        cwd: ROOT,
        env,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let out = '';
      let err = '';
      child.stdout.on('data', (d) => (out += d));
      child.stderr.on('data', (d) => (err += d));
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      const started = performance.now();
      while (!out.includes('Klachtwijs draait op') && child.exitCode === null && performance.now() - started < 120_000) await new Promise((r) => setTimeout(r, 50));
      child.kill('SIGTERM');
      await exited;
      assert.match(out, /Klachtwijs draait op/, `${out}\n${err}`);
      const seen = builtinLines(err);
      assert.ok(seen.some((l) => /^builtin node:http require /.test(l)), `the server's HTTP module is loaded: ${err}`);
      assert.deepEqual(seen.filter((l) => / import /.test(l)), []);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a command other than serve (`klachtwijs --help`) loads no HTTP module: the web server is loaded by serve only', () => {
    const res = spawnSync(process.execPath, ['--import', HTTP_HOOK, 'bin/klachtwijs.js', '--help'], { cwd: ROOT, encoding: 'utf8', timeout: 300_000 });
    assert.equal(res.status, 0, res.stderr);
    assert.match(res.stdout, /serve/);
    assert.deepEqual(builtinLines(res.stderr), []);
  });
});
