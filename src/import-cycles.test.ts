/**
 * No import cycles in src/ (DEVELOPERS.md: "a pure domain core … with no I/O and no import cycles"; ADR 0004, addendum).
 *
 * Reads every .ts/.tsx module under src/ (test files left out: they import, nothing imports them), takes its relative
 * imports and finds every cycle (Tarjan's strongly connected components). What counts as an import:
 * - `import … from`, `import type … from`, `import '…'`, `export … from`, `export type … from`: a type-only import is still
 *   a dependency of the design (the module cannot be understood or moved without the other), so it counts;
 * - NOT `import('…')`: a dynamic import loads at first use (start time, issue 13), after both modules have finished
 *   loading, so it cannot see a half-loaded module. The lazy loads that point back (cli/serve → cli/program,
 *   db/database → db/template → jobs/queue) are left to that rule.
 * A failure names each cycle as a path of files; break it by moving what both need into a module of its own.
 */
import assert from 'node:assert/strict';
import { globSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';

const SRC = dirname(fileURLToPath(import.meta.url));

/**
 * The relative module specifiers of one module's static imports and re-exports. A statement starts a line (a comment's
 * ` * import …` does not); a dynamic `import('…')` has a parenthesis where these have a name, a brace, a star or a quote.
 * (A regular expression, not TypeScript's parser: parsing all of src/ takes seconds, this takes milliseconds; the second
 * test holds it to the forms the code uses.)
 */
const STATIC_IMPORT = /^[ \t]*(?:import\s+(?:type\s+)?[\w$*{}\s,]+?\s*from\s*|import\s*|export\s+(?:type\s+)?(?:\*(?:\s+as\s+[\w$]+)?|\{[\w$\s,]*\})\s*from\s*)['"](\.[^'"]*)['"]/gm;

function relativeImports(text: string): string[] {
  return [...text.matchAll(STATIC_IMPORT)].map((m) => m[1]!);
}

/** Module → the modules it imports (relative imports only; paths relative to `root`, with `/`). */
function importGraph(root: string): Map<string, Set<string>> {
  const files = globSync('**/*.{ts,tsx}', { cwd: root })
    .map((f) => f.split(sep).join('/'))
    .filter((f) => !/\.test\.tsx?$/.test(f))
    .sort();
  const known = new Set(files);
  const unresolved: string[] = [];
  const graph = new Map<string, Set<string>>();
  for (const file of files) {
    const targets = new Set<string>();
    for (const specifier of relativeImports(readFileSync(join(root, file), 'utf8'))) {
      const target = relative(root, resolve(root, dirname(file), specifier)).split(sep).join('/');
      if (target.startsWith('..')) continue; // outside the folder (package.json, …): cannot close a cycle in it
      const found = [target, target.replace(/\.js$/, '.ts'), `${target}.ts`, `${target}/index.ts`].find((t) => known.has(t));
      if (found) targets.add(found);
      else if (!/\.(json|css|svg|txt)$/.test(target)) unresolved.push(`${file}: '${specifier}'`);
    }
    graph.set(file, targets);
  }
  // A relative import this check cannot follow would hide its cycles: say so rather than pass.
  assert.deepEqual(unresolved, [], 'relative imports the cycle check cannot resolve');
  return graph;
}

/** The strongly connected components with a cycle (two or more modules, or one that imports itself), each sorted. */
function cyclicComponents(graph: ReadonlyMap<string, ReadonlySet<string>>): string[][] {
  let next = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const out: string[][] = [];
  const visit = (v: string): void => {
    index.set(v, next);
    low.set(v, next);
    next++;
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) {
        low.set(v, Math.min(low.get(v)!, index.get(w)!));
      }
    }
    if (low.get(v) !== index.get(v)) return;
    const component: string[] = [];
    let w: string;
    do {
      w = stack.pop()!;
      onStack.delete(w);
      component.push(w);
    } while (w !== v);
    if (component.length > 1 || graph.get(v)?.has(v)) out.push(component.sort());
  };
  for (const v of [...graph.keys()].sort()) if (!index.has(v)) visit(v);
  return out.sort((a, b) => a[0]!.localeCompare(b[0]!));
}

/** A shortest cycle through the component's first module, as a path `a → b → a` (breadth-first within the component). */
function cyclePath(graph: ReadonlyMap<string, ReadonlySet<string>>, component: readonly string[]): string {
  const start = component[0]!;
  const members = new Set(component);
  const previous = new Map<string, string>();
  const queue = [start];
  while (queue.length > 0) {
    const v = queue.shift()!;
    for (const w of graph.get(v) ?? []) {
      if (!members.has(w)) continue;
      if (w === start) {
        const path = [start];
        for (let u: string | undefined = v; u !== undefined && u !== start; u = previous.get(u)) path.unshift(u);
        path.unshift(start);
        return path.join(' → ');
      }
      if (!previous.has(w)) {
        previous.set(w, v);
        queue.push(w);
      }
    }
  }
  return component.join(', ');
}

/** Whether `target` can be reached from `start` by following imports. */
function reaches(graph: ReadonlyMap<string, ReadonlySet<string>>, start: string, target: string): boolean {
  const seen = new Set([start]);
  const queue = [start];
  while (queue.length > 0) {
    for (const w of graph.get(queue.shift()!) ?? []) {
      if (w === target) return true;
      if (!seen.has(w)) {
        seen.add(w);
        queue.push(w);
      }
    }
  }
  return false;
}

function describeCycles(graph: ReadonlyMap<string, ReadonlySet<string>>, components: readonly string[][]): string {
  return components
    .map((c) => `  ${cyclePath(graph, c)}${c.length > 2 ? `\n    (${c.length} modules in this knot: ${c.join(', ')})` : ''}`)
    .join('\n');
}

/**
 * Imports that close a cycle we know of and have not broken yet, each with its reason. The check leaves these edges out
 * and then requires no cycle at all, so any other cycle fails, also a new one through the same modules. Never an import
 * of or in src/domain (the pure core has none: DEVELOPERS.md). Remove an entry when its cycle is broken (the test says so).
 */
const ALLOWED: readonly { from: string; to: string; reason: string }[] = [
  {
    from: 'jobs/queue.ts',
    to: 'jobs/registry.ts',
    reason:
      'a queue started on first use (any use case, a command, a test) knows every job of the registry, and the jobs enqueue ' +
      "through the queue; breaking it means each job's definition (name, payload, retries) apart from its handler",
  },
];

describe('import cycles', () => {
  it('src/ has none (the domain core, the use cases and the rest), apart from the allowed imports', () => {
    const graph = importGraph(SRC);
    assert.ok(graph.size > 100, `only ${graph.size} modules found under ${SRC}`);
    for (const { from, to } of ALLOWED) {
      assert.ok(!from.startsWith('domain/') && !to.startsWith('domain/'), `the domain core allows no cycle: ${from} → ${to}`);
      assert.ok(graph.get(from)?.has(to), `src/${from} no longer imports src/${to}: remove it from ALLOWED`);
      assert.ok(reaches(graph, to, from), `src/${from} → src/${to} closes no cycle any more: remove it from ALLOWED`);
    }
    for (const { from, to } of ALLOWED) graph.get(from)!.delete(to);
    const found = cyclicComponents(graph).map((c) => c.map((f) => `src/${f}`));
    const named = new Map([...graph].map(([k, v]) => [`src/${k}`, new Set([...v].map((t) => `src/${t}`))]));
    assert.equal(found.length, 0, `import cycles in src/ (break each by moving what both sides need into a module of its own):\n${describeCycles(named, found)}`);
  });

  it('counts type-only imports and re-exports, not dynamic import(), and names the cycle as a path', () => {
    const dir = mkdtempSync(join(tmpdir(), 'klachtwijs-cycles-'));
    try {
      const files: Record<string, string> = {
        'a.ts': "/**\n * import { e } from './e.ts'; (a comment)\n */\nimport type {\n  B,\n} from './b.ts';\nexport type A = B;\n",
        'b.ts': "export { c } from './sub/c.ts';\nexport type B = string;\n",
        'sub/c.ts': "import '../a.ts';\nexport const c = 1;\n",
        'd.ts': "export const d = () => import('./e.ts');\n",
        'e.ts': "import { d } from './d.ts';\nexport const e = d;\n",
        'f.ts': "import { f as g } from './f.ts';\nexport const f = 1; void g;\n",
        'g.test.ts': "import './h.ts';\n",
        'h.ts': "export const h = 1;\n",
      };
      for (const [name, text] of Object.entries(files)) {
        mkdirSync(dirname(join(dir, name)), { recursive: true });
        writeFileSync(join(dir, name), text);
      }
      const graph = importGraph(dir);
      const components = cyclicComponents(graph);
      assert.deepEqual(components, [['a.ts', 'b.ts', 'sub/c.ts'], ['f.ts']]);
      assert.equal(cyclePath(graph, components[0]!), 'a.ts → b.ts → sub/c.ts → a.ts');
      assert.equal(cyclePath(graph, components[1]!), 'f.ts → f.ts');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
