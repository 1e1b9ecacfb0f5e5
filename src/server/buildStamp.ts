import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Plugin } from 'vite';

/**
 * Whether `dist/` is the build of the files as they are now, so `npm start` can skip `vite build`
 * (issue 12 item 5). Every build writes `dist/.weft-build.json` with the newest modification time
 * among its inputs as they were when the build *started* (an edit made during the build makes the
 * next start build again). The build is current when that stamp exists and no input is newer. The
 * inputs: src/, nodes/, public/, index.html, vite.config.ts, tsconfig.json, package.json and
 * package-lock.json. The stamp is a dotfile, so the static server never serves it.
 */

export const STAMP_FILE = '.weft-build.json';
export const BUILD_INPUTS = ['src', 'nodes', 'public', 'index.html', 'vite.config.ts', 'tsconfig.json', 'package.json', 'package-lock.json'] as const;

interface Stamp {
  inputsNewestMs: number;
  builtAt: string;
}

/** The newest modification time (ms) of any file under the inputs of `root`; missing inputs are skipped. */
export async function newestInputMs(root: string, inputs: readonly string[] = BUILD_INPUTS): Promise<number> {
  let newest = 0;
  const visit = async (file: string): Promise<void> => {
    let info;
    try {
      info = await stat(file);
    } catch {
      return;
    }
    if (info.isDirectory()) {
      const entries = await readdir(file);
      await Promise.all(entries.map((e) => visit(path.join(file, e))));
    } else newest = Math.max(newest, info.mtimeMs);
  };
  await Promise.all(inputs.map((i) => visit(path.join(root, i))));
  return newest;
}

async function readStamp(dist: string): Promise<Stamp | undefined> {
  try {
    const value = JSON.parse(await readFile(path.join(dist, STAMP_FILE), 'utf8')) as Partial<Stamp>;
    return typeof value.inputsNewestMs === 'number' ? (value as Stamp) : undefined;
  } catch {
    return undefined;
  }
}

/** Whether `dist` holds a complete build of `root`'s current inputs. */
export async function isBuildCurrent(root: string, dist = path.join(root, 'dist')): Promise<{ current: boolean; why: string }> {
  const stamp = await readStamp(dist);
  if (!stamp) return { current: false, why: 'no build stamp in dist/' };
  try {
    await stat(path.join(dist, 'index.html'));
  } catch {
    return { current: false, why: 'dist/index.html is missing' };
  }
  const newest = await newestInputMs(root);
  return newest > stamp.inputsNewestMs ? { current: false, why: 'sources changed since the last build' } : { current: true, why: `built ${stamp.builtAt}, no source changed since` };
}

/** The Vite plugin that writes the stamp after every successful build. */
export function weftBuildStamp(): Plugin {
  let root = process.cwd();
  let outDir = 'dist';
  let inputsNewestMs = 0;
  return {
    name: 'weft-build-stamp',
    apply: 'build',
    configResolved(config) {
      root = config.root;
      outDir = path.resolve(config.root, config.build.outDir);
    },
    async buildStart() {
      inputsNewestMs = await newestInputMs(root);
    },
    async closeBundle() {
      const stamp: Stamp = { inputsNewestMs, builtAt: new Date().toISOString() };
      await writeFile(path.join(outDir, STAMP_FILE), `${JSON.stringify(stamp)}\n`);
    },
  };
}
