// ESLint flat config: @eslint/js + typescript-eslint recommended (not type-checked: tsc does that),
// plus the layer rule that keeps src/domain free of HTTP, SQL and I/O.
import js from '@eslint/js';
import { defineConfig, globalIgnores } from 'eslint/config';
import tseslint from 'typescript-eslint';

const LAYER_MESSAGE = 'src/domain is the pure core: no HTTP, SQL or I/O';

const FORBIDDEN_IN_DOMAIN = [
  'hono',
  'kysely',
  'pg',
  'pino',
  'node:fs',
  'node:fs/promises',
  'fs',
  'fs/promises',
  'node:http',
  'http',
];

/**
 * The files of src/shared that src/domain may import: pure ones, no I/O, no process state, no logging. Every other file
 * of src/shared is refused there (logger.ts: pino; pdf.ts and package-cache.ts: the file system; start-phases.ts: the
 * process's clocks; mailparser.ts: the mail parser). lazy.ts loads a package at its first use (parse.ts: yaml): the
 * package named is checked below as if it were imported.
 */
export const SHARED_PURE = ['errors.ts', 'text.ts', 'lazy.ts', 'unique-violation.ts', 'validation.ts'];

/** Test files in src/domain (and their shared helpers), which may read the regulation library. */
const DOMAIN_TEST_FILES = ['src/domain/**/*.test.ts', 'src/domain/**/*.test.tsx', 'src/domain/**/test-support.ts', 'src/domain/**/*-fixture.ts'];

/** The layer rule for src/domain: no HTTP, SQL or I/O packages, no import from these src folders. */
function domainImports(folders) {
  const names = folders.join('|');
  return [
    'error',
    {
      paths: FORBIDDEN_IN_DOMAIN.map((name) => ({ name, message: LAYER_MESSAGE })),
      patterns: [
        { group: ['hono/*', '@hono/*', 'kysely/*', 'pg/*', 'pino/*', '@electric-sql/*'], message: LAYER_MESSAGE },
        {
          // A file of src/shared that is not on the pure list (../../shared/logger.ts, src/shared/pdf.ts).
          regex: `(?:^|/)shared/(?!(?:${SHARED_PURE.map((f) => f.replace('.', '\\.')).join('|')})$)`,
          message: `${LAYER_MESSAGE} (of src/shared only ${SHARED_PURE.join(', ')})`,
        },
        {
          // A relative import whose first real folder is one of these (../db/x, ../../http/y), or any path through src/<folder>.
          regex: `^(?:\\.\\.?/)(?:\\.\\./)*(?:${names})(?:/|$)|(?:^|/)src/(?:${names})(?:/|$)`,
          message: LAYER_MESSAGE,
        },
      ],
    },
  ];
}

/** Node's globals, for the few plain .js files (TypeScript files are checked by tsc). */
const nodeGlobals = Object.fromEntries(
  [
    'process', 'console', 'Buffer', 'URL', 'URLSearchParams', 'globalThis', 'setTimeout', 'clearTimeout',
    'setInterval', 'clearInterval', 'setImmediate', 'clearImmediate', 'queueMicrotask', 'structuredClone',
    'fetch', 'AbortController', 'AbortSignal', 'TextEncoder', 'TextDecoder', 'performance',
  ].map((name) => [name, 'readonly']),
);

export default defineConfig(
  globalIgnores(['node_modules/', 'data/', '.tmp/', 'coverage/', 'dist/']),
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    languageOptions: { globals: nodeGlobals },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // Migrations are written against Kysely<any> on purpose (STACK.md): they must not follow today's types.
    files: ['src/db/migrations/**'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    files: ['src/domain/**'],
    rules: {
      'no-restricted-imports': domainImports(['db', 'http', 'usecases', 'cli', 'regulations']),
      // atFirstUse('kysely') would load what an import may not.
      'no-restricted-syntax': [
        'error',
        {
          selector: `CallExpression[callee.name='atFirstUse'] > Literal[value=/^(?:${FORBIDDEN_IN_DOMAIN.map((n) => n.replace('/', '\\/')).join('|')}|hono|@hono|@electric-sql|kysely|pg|pino)(?:\\/|$)/]`,
          message: LAYER_MESSAGE,
        },
      ],
    },
  },
  {
    // Domain tests get the voorbeeld- en modelregelingen from the library that reads regulations/*.yaml
    // (src/regulations, ADR 0025); the domain code itself never does.
    files: DOMAIN_TEST_FILES,
    rules: { 'no-restricted-imports': domainImports(['db', 'http', 'usecases', 'cli']) },
  },
);
