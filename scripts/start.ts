import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { isBuildCurrent } from '../src/server/buildStamp.ts';

/**
 * `npm start`, first half: builds the app only when `dist/` is not the build of the current sources
 * (see src/server/buildStamp.ts for what "current" means); then package.json runs `weft serve`.
 */

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { current, why } = await isBuildCurrent(root);
if (current) {
  console.log(`weft: using the existing build (${why}).`);
} else {
  console.log(`weft: building the app (${why})…`);
  const vite = path.join(path.dirname(createRequire(import.meta.url).resolve('vite/package.json')), 'bin', 'vite.js');
  const result = spawnSync(process.execPath, [vite, 'build'], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}
