import { fileURLToPath } from 'node:url';

/**
 * Where the package keeps what it makes on this machine to start faster (issue 13): `<package>/node_modules/.cache/klachtwijs/`
 * (the migrated database template, src/db/template.ts; the parsed regulation library, src/regulations/library.ts; Node's
 * compile cache, bin/klachtwijs.js). Nothing there is committed; each file is keyed by what it was made from.
 */
export const PACKAGE_CACHE_DIR = fileURLToPath(new URL('../../node_modules/.cache/klachtwijs/', import.meta.url));
