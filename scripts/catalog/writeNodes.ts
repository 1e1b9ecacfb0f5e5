/** Writes definitions to `nodes/<provider>/<endpoint>.json` deterministically, prunes stale files, writes the palette index. */

import { existsSync, mkdirSync, readdirSync, readFileSync, rmdirSync, unlinkSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { zDefinition, type Definition } from '../../src/core/model/definition.ts';
import { acceptedKinds } from '../../src/core/graph/kinds.ts';
import { compileDefinition } from '../../src/core/templates/compile.ts';

/** The providers whose folders this script owns; anything else under nodes/ is left alone. */
export const GENERATED_PROVIDERS = ['runcomfy', 'runninghub'] as const;

/** The fixed key order of a definition file (inputSchema itself is written as given: property order matters). */
const KEY_ORDER: Array<keyof Definition> = ['id', 'provider', 'endpoint', 'title', 'category', 'description', 'output', 'inputSchema', 'source', 'notes', 'pricing'];

/** 2-space JSON with a trailing newline, top-level keys in KEY_ORDER. */
export function serializeDefinition(def: Definition): string {
  const ordered: Record<string, unknown> = {};
  for (const key of KEY_ORDER) if (def[key] !== undefined) ordered[key] = def[key];
  return `${JSON.stringify(ordered, null, 2)}\n`;
}

/** `nodes/<provider>/<endpoint>.json`; refuses endpoint ids that could escape their folder. */
export function definitionPath(nodesDir: string, def: Definition): string {
  const segments = def.endpoint.split('/');
  if (segments.some((s) => s === '' || s === '.' || s === '..' || !/^[A-Za-z0-9._\-[\]]+$/.test(s))) {
    throw new Error(`${def.id}: endpoint cannot be a file path`);
  }
  return join(nodesDir, def.provider, ...segments) + '.json';
}

/** Validates with zDefinition; throws naming the endpoint and the bad place. */
export function validateDefinition(def: Definition): void {
  const result = zDefinition.safeParse(def);
  if (!result.success) {
    const issues = result.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
    throw new Error(`invalid definition ${def.id || def.endpoint}: ${issues}`);
  }
}

function listJson(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith('.json'))
    .map((e) => join(e.parentPath, e.name));
}

function removeEmptyDirs(dir: string): void {
  if (!existsSync(dir)) return;
  for (const e of readdirSync(dir, { withFileTypes: true })) if (e.isDirectory()) removeEmptyDirs(join(dir, e.name));
  if (readdirSync(dir).length === 0) rmdirSync(dir);
}

export interface WriteReport { written: number; unchanged: number; removed: string[] }

/** Writes every definition (only files whose bytes change), removes stale generated files, writes nodes/index.json. */
export function writeNodes(nodesDir: string, defs: Definition[]): WriteReport {
  const report: WriteReport = { written: 0, unchanged: 0, removed: [] };
  const ids = new Set<string>();
  const keep = new Set<string>();
  for (const def of defs) {
    validateDefinition(def);
    if (ids.has(def.id)) throw new Error(`${def.id}: generated twice`);
    ids.add(def.id);
    const path = definitionPath(nodesDir, def);
    keep.add(path);
    const text = serializeDefinition(def);
    if (existsSync(path) && readFileSync(path, 'utf8') === text) { report.unchanged++; continue; }
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, text);
    report.written++;
  }
  for (const provider of GENERATED_PROVIDERS) {
    for (const file of listJson(join(nodesDir, provider))) {
      if (!keep.has(file)) { unlinkSync(file); report.removed.push(relative(nodesDir, file).split(sep).join('/')); }
    }
    removeEmptyDirs(join(nodesDir, provider));
  }
  writeFileSync(join(nodesDir, 'index.json'), serializeIndex(defs));
  return report;
}

/**
 * The output kinds some input of this node takes a wire from, sorted: the palette offers a node for a
 * wire dropped on empty canvas only if it can take that wire, without compiling every definition in the page.
 */
export function wireKinds(def: Definition): string[] {
  const kinds = new Set(compileDefinition(def).inputs.filter((f) => f.connectable).flatMap((f) => acceptedKinds(f)));
  return [...kinds].sort();
}

/** The palette index: one compact line per node, sorted by id. */
export function serializeIndex(defs: Definition[]): string {
  const rows = [...defs]
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    .map((d) => JSON.stringify({ id: d.id, title: d.title, provider: d.provider, category: d.category, output: d.output.kind, accepts: wireKinds(d) }));
  return `[\n${rows.map((r) => `  ${r}`).join(',\n')}\n]\n`;
}
