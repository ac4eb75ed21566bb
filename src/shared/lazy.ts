import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/**
 * A package loaded at its first use and not at start (issue 13: a start imports every page and command, most of which
 * a start never runs): `const yaml = atFirstUse<typeof import('yaml')>('yaml')`, then `yaml().parse(…)`. Loaded with
 * Node's require, so a synchronous caller can use it too; every call after the first returns the same module.
 */
export function atFirstUse<T>(name: string): () => T {
  let loaded: T | undefined;
  return () => (loaded ??= require(name) as T);
}
