import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseDefinition, type Definition } from '../../core/model/definition.ts';
import { countFieldsOf, outputKindFromWords } from '../../core/templates/outputs.ts';
import { isObject } from '../../core/templates/resolve.ts';
import type { OutputKind } from './jobs.ts';
import type { SimProvider } from './types.ts';

/**
 * What the simulator knows about endpoints: the `nodes/` definitions (loaded once, lazily, tolerant of
 * a missing or broken file) for the RunComfy catalog, required inputs and each endpoint's output kind.
 */

/**
 * The repository root: three levels above this file (`src/server/simulator`). Falls back to
 * `import.meta.url` for loaders that do not set `import.meta.dirname` (bundled Vite configs).
 */
export const REPO_ROOT = path.resolve(import.meta.dirname ?? path.dirname(fileURLToPath(import.meta.url)), '../../..');

async function walk(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const nested = await Promise.all(entries.map(async (e) => {
    const file = path.join(dir, e.name);
    if (e.isDirectory()) return walk(file);
    return e.isFile() && e.name.endsWith('.json') && e.name !== 'index.json' ? [file] : [];
  }));
  return nested.flat();
}

async function loadAll(dir: string): Promise<Map<string, Definition>> {
  const map = new Map<string, Definition>();
  let files: string[];
  try {
    files = (await walk(dir)).sort();
  } catch {
    return map;
  }
  await Promise.all(files.map(async (file) => {
    try {
      const def = parseDefinition(JSON.parse(await readFile(file, 'utf8')));
      map.set(def.id, def);
    } catch {
      // A broken definition is the catalog's problem, not the simulator's: that endpoint is guessed.
    }
  }));
  return new Map([...map.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

const loaded = new Map<string, Promise<Map<string, Definition>>>();

/** Every definition under `dir` by id (`runcomfy/<model_id>`), loaded once per directory. */
export function definitions(dir = path.join(REPO_ROOT, 'nodes')): Promise<Map<string, Definition>> {
  let p = loaded.get(dir);
  if (!p) {
    p = loadAll(dir);
    loaded.set(dir, p);
  }
  return p;
}

export async function findDefinition(provider: SimProvider, endpoint: string): Promise<Definition | undefined> {
  return (await definitions()).get(`${provider}/${endpoint}`);
}

export async function providerDefinitions(provider: SimProvider): Promise<Definition[]> {
  return [...(await definitions()).values()].filter((d) => d.provider === provider);
}

/** Required inputs of a definition that the body lacks (empty strings and arrays count as missing). */
export function missingRequired(def: Definition, input: Record<string, unknown>): string[] {
  const required = Array.isArray(def.inputSchema.required) ? def.inputSchema.required.filter((r): r is string => typeof r === 'string') : [];
  return required.filter((name) => {
    const v = input[name];
    return v === undefined || v === null || v === '' || (Array.isArray(v) && v.length === 0);
  });
}

const MAX_IMAGES = 4;

/** How many results a count input asks for (`num_images`, `n`, …), 1–4. */
export function requestedCount(input: Record<string, unknown>, def: Definition | undefined): number {
  // Known endpoint: its count fields (with their defaults); else any input named like a count.
  const schema = def?.inputSchema ?? { properties: Object.fromEntries(Object.keys(input).map((k) => [k, { type: 'integer' }])) };
  const props = isObject(schema.properties) ? schema.properties : {};
  let n = 1;
  for (const name of countFieldsOf(schema)) {
    const prop = props[name];
    const raw = input[name] ?? (isObject(prop) ? prop.default : undefined);
    const value = Number(raw);
    if (Number.isFinite(value) && value > n) n = Math.floor(value);
  }
  return Math.min(n, MAX_IMAGES);
}

function simpleKind(kind: string | undefined): OutputKind | undefined {
  if (kind === undefined) return undefined;
  if (kind === 'image' || kind === 'video' || kind === 'audio' || kind === 'file') return kind;
  return 'text';
}

/** The kind and number of results a job on this endpoint returns. */
export function planOutput(def: Definition | undefined, endpoint: string, input: Record<string, unknown>): { kind: OutputKind; count: number } {
  const kind = simpleKind(def?.output.kind) ?? simpleKind(outputKindFromWords(endpoint)) ?? 'image';
  if (kind !== 'image') return { kind, count: 1 };
  if (def && !def.output.list) return { kind, count: 1 };
  return { kind, count: requestedCount(input, def) };
}

const BASE_PRICE_USD: Record<OutputKind, number> = { image: 0.03, video: 0.5, audio: 0.05, text: 0.002, file: 0.25 };

/** A made-up but stable price per result (the catalogs' prices are not machine-readable enough to charge). */
export function priceOf(kind: OutputKind, count = 1): number {
  return Math.round(BASE_PRICE_USD[kind] * count * 1000) / 1000;
}
