import { createHash } from 'node:crypto';
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { SaveRequest } from '../../core/executor/types.ts';
import type { SaveSidecar } from '../../node/executorHost.ts';

/**
 * Wraps a folder saver so a re-run of an unchanged graph does not write the same file again: an item
 * whose bytes the folder already holds for the same save node and index (per its sidecar) is reported
 * as that file; everything else is saved as usual (never overwriting).
 */
export function skipAlreadySaved(dir: string, save: (request: SaveRequest) => Promise<string[]>): (request: SaveRequest) => Promise<string[]> {
  return async (request) => {
    const existing = await savedFiles(dir);
    const kept: string[][] = [];
    const rest: SaveRequest['items'] = [];
    for (const item of request.items) {
      const sha = item.bytes ? createHash('sha256').update(item.bytes).digest('hex') : undefined;
      const file = sha ? existing.get(`${request.nodeId}|${item.index}|${sha}`) : undefined;
      if (file) kept.push([file, `${file}.weft.json`]);
      else rest.push(item);
    }
    const written = rest.length > 0 ? await save({ ...request, items: rest }) : [];
    return [...kept.flat(), ...written];
  };
}

/** `saveNode|index|sha256` → the saved file, from the sidecars in `dir` whose file is still there. */
async function savedFiles(dir: string): Promise<Map<string, string>> {
  const found = new Map<string, string>();
  const names = await readdir(dir).catch(() => [] as string[]);
  for (const name of names.filter((n) => n.endsWith('.weft.json'))) {
    try {
      const sidecar = JSON.parse(await readFile(path.join(dir, name), 'utf8')) as Partial<SaveSidecar>;
      if (!sidecar.file || !sidecar.sha256 || !sidecar.saveNode) continue;
      const file = path.join(dir, sidecar.file);
      if (path.dirname(file) !== dir || !(await stat(file).then((s) => s.isFile(), () => false))) continue;
      found.set(`${sidecar.saveNode}|${sidecar.index}|${sidecar.sha256}`, file);
    } catch {
      /* not a sidecar of ours */
    }
  }
  return found;
}
