/**
 * What `npm install` prepares so that the first `npm start` is fast (issue 13), run by scripts/postinstall.js and by
 * `npm run bench:start` before it measures:
 * - the precompiled bundle of src/ in dist/ (bin/build.js), which a start otherwise builds itself when it is missing;
 * - the migrated PGlite template in node_modules/.cache/klachtwijs/ (src/db/template.ts), which a first start on an
 *   empty data folder otherwise makes itself.
 * Both are made on this machine; nothing of it is committed. Prints what it did; throws when something fails.
 */
import { fileURLToPath } from 'node:url';
// @ts-expect-error plain JavaScript without types (the launcher's build step)
import { buildNow, isFresh } from '../bin/build.js';
import { isEmptyDataDir } from '../src/db/database.ts';
import { cachedPgliteTemplateDir, DEFAULT_TEMPLATE_CACHE, templateDir } from '../src/db/template.ts';

export async function prepareStart(log: (line: string) => void = () => undefined): Promise<void> {
  let started = performance.now();
  if ((isFresh as () => boolean)()) log('klachtwijs: de voorgebouwde code in dist/ is al bijgewerkt');
  else {
    await (buildNow as () => Promise<string>)();
    log(`klachtwijs: code voorgebouwd in dist/ (${Math.round(performance.now() - started)} ms)`);
  }
  started = performance.now();
  const dir = templateDir(DEFAULT_TEMPLATE_CACHE);
  if (!isEmptyDataDir(dir)) log('klachtwijs: de lege database (sjabloon) staat al klaar');
  else if (await cachedPgliteTemplateDir(DEFAULT_TEMPLATE_CACHE)) log(`klachtwijs: lege database (sjabloon) gemaakt in ${Math.round(performance.now() - started)} ms: ${dir}`);
  else throw new Error(`klachtwijs: de lege database (sjabloon) kon niet worden gemaakt in ${DEFAULT_TEMPLATE_CACHE}`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await prepareStart((line) => process.stdout.write(`${line}\n`));
}
