// The precompiled command (issue 13): src/ bundled by esbuild (a dependency of tsx) into dist/klachtwijs.mjs, so a start
// loads one JavaScript file instead of transforming some 300 TypeScript files through tsx's loader. Packages stay outside
// the bundle (node_modules, loaded as before, heavy ones still at first use). Every `import.meta.url` in src/ is replaced by
// that source file's own URL, so files found relative to the source (regulations/, the CSS, the migrations) are found as
// when tsx runs it. Three packages are the exception and go into the bundle (INLINE): kysely, zod and pg-boss are
// hundreds of small ES modules each, and Node resolving and linking them one by one cost a restart ~0.2 s of CPU; bundled
// they cost ~0.03 s. They qualify because no other package imports them (one copy in the process) and none of them
// finds a file relative to itself. The absolute paths make a build belong to this checkout: it lives in dist/ (not committed).
//
// freshBuild() is what bin/klachtwijs.js calls: it returns the bundle when dist/klachtwijs.json lists every input file with
// the size and time it had, and otherwise builds it again first (a second or so after an edit or a pull). It returns null
// when esbuild cannot be loaded or the build fails; the launcher then runs the sources through tsx, as before.
import { createRequire } from 'node:module';
import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const DIST = path.join(ROOT, 'dist');
const BUNDLE = path.join(DIST, 'klachtwijs.mjs');
const MANIFEST = path.join(DIST, 'klachtwijs.json');
/**
 * Packages bundled with src/ instead of loaded from node_modules at run time (see above). A package may only be added when
 * no package left outside imports it (else the process holds two copies) and it does not read files beside its code.
 */
export const INLINE = ['kysely', 'zod', 'pg-boss', '@hono/node-server'];
/**
 * Built-in modules the bundle takes through `require` instead of `import`. Node makes an ES module of a built-in by reading
 * every one of its exports, and node:http's WebSocket, CloseEvent and MessageEvent are getters that load undici: importing
 * node:http cost every start ~0.1 s of CPU that require does not (@hono/node-server imports it; issue 13). Only the plain
 * exports can be imported by name (the build fails on another), so no getter is read.
 */
const REQUIRED_BUILTINS = ['http', 'http2', 'https'];
/** The package name of a bare import (`kysely/migration` → `kysely`), or null for a relative or absolute path. */
const packageOf = (specifier) => (/^[^./]/.test(specifier) ? /^(?:@[^/]+\/)?[^/]+/.exec(specifier)[0] : null);

/** Files that change the build without being imported by it. */
const ALSO = ['tsconfig.json', 'bin/build.js'];

function stamp(file) {
  const s = statSync(path.join(ROOT, file), { throwIfNoEntry: false });
  return s ? `${s.size}:${s.mtimeMs}` : 'missing';
}

/** Whether dist/ holds a build of the sources as they are now. */
export function isFresh() {
  let manifest;
  try {
    manifest = JSON.parse(readFileSync(MANIFEST, 'utf8'));
  } catch {
    return false;
  }
  if (manifest.node !== process.version || statSync(BUNDLE, { throwIfNoEntry: false }) === undefined) return false;
  for (const [file, was] of Object.entries(manifest.inputs)) if (stamp(file) !== was) return false;
  return true;
}

/** Bundles src/cli/main.ts into dist/klachtwijs.mjs and writes the manifest. Throws when the build fails. */
export async function buildNow() {
  const { build } = await import('esbuild');
  const started = Date.now();
  const tmp = `${BUNDLE}.${process.pid}.tmp`;
  const result = await build({
    absWorkingDir: ROOT,
    entryPoints: ['src/cli/main.ts'],
    outfile: tmp,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node24',
    jsx: 'automatic',
    jsxImportSource: 'hono/jsx',
    metafile: true,
    logLevel: 'silent',
    plugins: [
      {
        name: 'builtins-by-require',
        setup(b) {
          const filter = new RegExp(`^(?:node:)?(?:${REQUIRED_BUILTINS.join('|')})$`);
          b.onResolve({ filter }, (args) => ({ path: args.path.replace(/^node:/, ''), namespace: 'builtin-by-require' }));
          b.onLoad({ filter: /.*/, namespace: 'builtin-by-require' }, (args) => {
            const name = `node:${args.path}`;
            const plain = Object.entries(Object.getOwnPropertyDescriptors(createRequire(import.meta.url)(name)))
              .filter(([key, d]) => 'value' in d && /^[A-Za-z_$][\w$]*$/.test(key) && key !== 'default')
              .map(([key]) => key);
            return {
              contents: `import { createRequire } from 'node:module';\nconst m = createRequire(${JSON.stringify(import.meta.url)})(${JSON.stringify(name)});\nexport default m;\nexport const { ${plain.join(', ')} } = m;\n`,
              loader: 'js',
              resolveDir: ROOT,
            };
          });
        },
      },
      {
        // Every package stays in node_modules (loaded by Node as before, heavy ones still at first use) except INLINE.
        name: 'external-packages',
        setup(b) {
          b.onResolve({ filter: /^[^./]/ }, (args) => (INLINE.includes(packageOf(args.path)) ? undefined : { external: true }));
        },
      },
      {
        name: 'source-import-meta-url',
        setup(b) {
          b.onLoad({ filter: /\.tsx?$/ }, async (args) => {
            const text = await readFile(args.path, 'utf8');
            return {
              contents: text.replaceAll('import.meta.url', JSON.stringify(pathToFileURL(args.path).href)),
              loader: args.path.endsWith('.tsx') ? 'tsx' : 'ts',
            };
          });
        },
      },
    ],
  });
  // Stamps of what the build read. A file changed since the build began may not be in the bundle: recorded as such, so the
  // next start builds again.
  const inputs = {};
  // A bundled package is stamped by its package.json (an update changes it), not file by file: fewer stats per start.
  const read = Object.keys(result.metafile.inputs)
    .filter((file) => !file.startsWith('builtin-by-require:'))
    .map((file) => file.replace(/^(.*node_modules\/(?:@[^/]+\/)?[^/]+\/).*$/, '$1package.json'));
  for (const file of new Set([...read, ...ALSO])) {
    const mtime = statSync(path.join(ROOT, file), { throwIfNoEntry: false })?.mtimeMs ?? Infinity;
    inputs[file] = mtime >= started - 1000 ? 'changed during the build' : stamp(file);
  }
  mkdirSync(DIST, { recursive: true });
  renameSync(tmp, BUNDLE);
  const manifestTmp = `${MANIFEST}.${process.pid}.tmp`;
  writeFileSync(manifestTmp, JSON.stringify({ node: process.version, inputs }));
  renameSync(manifestTmp, MANIFEST);
  return BUNDLE;
}

/** The URL of an up-to-date bundle (built now when needed), or null to run the sources through tsx. */
export async function freshBuild() {
  if (process.env.KLACHTWIJS_NO_BUILD) return null;
  try {
    return pathToFileURL(isFresh() ? BUNDLE : await buildNow()).href;
  } catch {
    return null;
  }
}
