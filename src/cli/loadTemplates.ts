import { readdir, readFile } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseDefinition, type Definition } from '../core/model/definition.ts';
import type { NodeTemplate } from '../core/model/template.ts';
import { BUILTIN_TEMPLATES } from '../core/templates/builtins.ts';
import { compileDefinition } from '../core/templates/compile.ts';

/** The `nodes/` folder shipped with Weft (next to `src/`). */
export const NODES_DIR = fileURLToPath(new URL('../../nodes', import.meta.url));

async function walk(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const nested = await Promise.all(entries.map(async (e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return walk(path);
    return e.isFile() && e.name.endsWith('.json') && e.name !== 'index.json' ? [path] : [];
  }));
  return nested.flat();
}

/** Reads and validates every endpoint definition under `nodes/`, sorted by id; a bad file throws naming it. */
export async function loadDefinitions(dir = NODES_DIR): Promise<Definition[]> {
  const files = (await walk(dir)).sort();
  return Promise.all(files.map(async (file) => {
    try {
      return parseDefinition(JSON.parse(await readFile(file, 'utf8')));
    } catch (error) {
      throw new Error(`${relative(dir, file).split(sep).join("/")}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
    }
  }));
}

let cache: Promise<Map<string, NodeTemplate>> | undefined;

/** Every template Weft knows in Node: built-ins plus every compiled `nodes/` definition, by node type id. */
export function loadTemplates(dir = NODES_DIR): Promise<Map<string, NodeTemplate>> {
  const load = async () => {
    const map = new Map<string, NodeTemplate>(BUILTIN_TEMPLATES.map((t) => [t.id, t]));
    for (const def of await loadDefinitions(dir)) map.set(def.id, compileDefinition(def));
    return map;
  };
  if (dir !== NODES_DIR) return load();
  cache ??= load();
  return cache;
}
