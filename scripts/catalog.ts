/**
 * `npm run catalog`: turns the provider catalogs into one endpoint definition per file under nodes/.
 *
 *   npm run catalog [-- <sources-dir>]     (or WEFT_CATALOG_SOURCES=<dir>; default ../shared/catalog-sources)
 *
 * Reads runcomfy-models.json, runninghub-model-registry.json, runninghub-pricing.json and
 * brief-endpoints.json (the brief's endpoints win over catalog entries with the same id), validates
 * every definition with zDefinition, writes nodes/<provider>/<endpoint>.json and nodes/index.json,
 * and deletes files under nodes/runcomfy and nodes/runninghub that are no longer generated.
 */

import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Definition } from '../src/core/model/definition.ts';
import { buildRunComfyDefinitions } from './catalog/runcomfy.ts';
import { buildRunningHubDefinitions } from './catalog/runninghub.ts';
import { loadSources, SOURCE_FILES } from './catalog/sources.ts';
import { writeNodes } from './catalog/writeNodes.ts';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');

function sourcesDir(): string {
  const given = process.argv[2] ?? process.env.WEFT_CATALOG_SOURCES;
  return given ? resolve(given) : resolve(repoRoot, '../shared/catalog-sources');
}

function countBy(defs: Definition[], key: (d: Definition) => string): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const d of defs) counts[key(d)] = (counts[key(d)] ?? 0) + 1;
  return counts;
}

/** What the generator needs, said before anything is read: nodes/ is committed, so most people never need this. */
function explainMissing(dir: string): string | undefined {
  const missing = Object.values(SOURCE_FILES).filter((file) => !existsSync(join(dir, file)));
  if (missing.length === 0) return undefined;
  return [
    `catalog: ${missing.length === Object.keys(SOURCE_FILES).length ? `no catalog sources in ${dir}` : `${dir} lacks ${missing.join(', ')}`}.`,
    '',
    'nodes/ is generated from four provider catalogs and is committed, so running Weft never needs this step;',
    'it is for updating nodes/ when the catalogs change. It needs a folder holding:',
    ...Object.values(SOURCE_FILES).map((file) => `  ${file}${missing.includes(file) ? '   (missing)' : ''}`),
    '',
    'They are kept beside this repository, in ../shared/catalog-sources (SOURCES.md there says where each comes',
    'from). Point at another folder with `npm run catalog -- <dir>` or WEFT_CATALOG_SOURCES=<dir>.',
    'To compare nodes/ with RunComfy\'s live catalog instead, run `npx weft catalog refresh` (needs RUNCOMFY_API_KEY).',
  ].join('\n');
}

function main(): void {
  const dir = sourcesDir();
  const missing = explainMissing(dir);
  if (missing) {
    console.error(missing);
    process.exit(2);
  }
  const sources = loadSources(dir);
  const runcomfy = buildRunComfyDefinitions(sources);
  const runninghub = buildRunningHubDefinitions(sources);
  const defs = [...runcomfy, ...runninghub.definitions];
  const report = writeNodes(join(repoRoot, 'nodes'), defs);

  console.log(`catalog: read ${dir}`);
  for (const [provider, n] of Object.entries(countBy(defs, (d) => d.provider))) console.log(`  ${provider}: ${n} endpoints`);
  console.log(`  total: ${defs.length} (${report.written} written, ${report.unchanged} unchanged, ${report.removed.length} removed)`);
  for (const file of report.removed) console.log(`  removed stale ${file}`);
  const lists = defs.filter((d) => d.output.list).map((d) => d.id);
  console.log(`  output.list=true: ${lists.length}${lists.length ? ` (${lists.join(', ')})` : ''}`);
  for (const w of runninghub.warnings) console.warn(`  warning: ${w}`);
}

try {
  main();
} catch (e) {
  console.error(`catalog failed: ${(e as Error).message}`);
  process.exit(1);
}
