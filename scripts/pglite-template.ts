/**
 * Makes the migrated PGlite template dump in the folder given: `node --import tsx scripts/pglite-template.ts <folder>`.
 * scripts/test.ts runs it as a process of its own, because PGlite's WebAssembly runs on the event loop: in the test runner's
 * own process it would hold up the start of PostgreSQL and Chromium, which are meant to start meanwhile.
 */
import { writePgliteTemplate } from '../test/support/templates.ts';

const dir = process.argv[2];
if (dir === undefined || dir === '') {
  process.stderr.write('usage: node --import tsx scripts/pglite-template.ts <folder>\n');
  process.exit(2);
}
await writePgliteTemplate(dir);
